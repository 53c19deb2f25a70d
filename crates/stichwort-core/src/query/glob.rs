//! A wildcard spelling matched against dictionary terms: `*` any run of
//! characters (none too), `?` one character, anything else itself.

use crate::analysis::is_wildcard;

/// A compiled spelling ([`crate::analysis::Analyzer::wildcard_spellings`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Glob {
    pattern: Vec<char>,
    /// The letters after the last wildcard, which a match ends with.
    tail: String,
    /// The longest run of letters, which a match contains: most keys of
    /// a dictionary fail one of these two fast tests.
    longest: String,
}

impl Glob {
    pub fn new(spelling: &str) -> Self {
        let runs = spelling.split(is_wildcard);
        Glob {
            pattern: spelling.chars().collect(),
            tail: runs.clone().next_back().unwrap_or_default().to_string(),
            longest: runs.max_by_key(|r| r.len()).unwrap_or_default().to_string(),
        }
    }

    /// The literal text before the first wildcard: every match starts
    /// with it, so the dictionary is read from there only.
    pub fn literal_head(&self) -> String {
        (self.pattern.iter())
            .take_while(|&&c| !is_wildcard(c))
            .collect()
    }

    /// Does all of `text` match? Greedy with one backtrack point (the last
    /// `*`), which is exact for `*` and `?`: a later `*` can absorb what an
    /// earlier one would have, so only the last one needs retrying.
    pub fn matches(&self, text: &str) -> bool {
        if !text.ends_with(self.tail.as_str()) || !text.contains(self.longest.as_str()) {
            return false;
        }
        let p = &self.pattern;
        let mut chars = text.chars();
        let (mut pi, mut star): (usize, Option<(usize, std::str::Chars<'_>)>) = (0, None);
        loop {
            let rest = chars.clone();
            match (chars.next(), p.get(pi)) {
                (None, _) if p[pi..].iter().all(|&c| c == '*') => return true,
                (_, Some(&'*')) => {
                    pi += 1;
                    chars = rest.clone();
                    star = Some((pi, rest));
                }
                (Some(c), Some(&q)) if q == '?' || q == c => pi += 1,
                _ => {
                    // Let the last `*` take one more character and retry.
                    let Some((after, from)) = &mut star else {
                        return false;
                    };
                    if from.next().is_none() {
                        return false;
                    }
                    pi = *after;
                    chars = from.clone();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The obvious recursive definition.
    fn reference(p: &[char], t: &[char]) -> bool {
        match p.split_first() {
            None => t.is_empty(),
            Some(('*', rest)) => (0..=t.len()).any(|i| reference(rest, &t[i..])),
            Some((&c, rest)) => {
                t.first().is_some_and(|&f| c == '?' || c == f) && reference(rest, &t[1..])
            }
        }
    }

    #[test]
    fn stars_and_marks() {
        let m = |p: &str, t: &str| Glob::new(p).matches(t);
        assert!(m("*kris", "finanzkris"));
        assert!(m("*kris", "kris"));
        assert!(!m("*kris", "krise"));
        assert!(m("me?er", "meyer") && m("me?er", "meier") && !m("me?er", "meer"));
        assert!(m("f*n*kris", "finanzkris"));
        assert!(m("*ä*", "ä") && m("?", "ß") && !m("?", "ss"));
        assert!(m("a**", "a") && !m("a*b", "a"));
        assert_eq!(Glob::new("fi?n*x").literal_head(), "fi");
        assert_eq!(Glob::new("*x").literal_head(), "");
    }

    proptest! {
        #[test]
        fn matches_as_the_definition_says(
            p in "[ab*?]{0,7}",
            t in "[abä]{0,8}",
        ) {
            let (pc, tc): (Vec<char>, Vec<char>) = (p.chars().collect(), t.chars().collect());
            prop_assert_eq!(Glob::new(&p).matches(&t), reference(&pc, &tc));
        }
    }
}
