//! The endings the German Snowball stemmer removes, for the queries that
//! see a word's beginning but not the stem the index holds: a wildcard's
//! last letters (`*krise` is also `*kris`) and a prefix typed past its
//! stem (`Regieru*` also finds regier, the stem of Regierung).

use std::collections::HashSet;
use std::sync::OnceLock;

/// The endings the German Snowball stemmer removes, by step (its
/// conditions on the word's regions left out: a pattern has no regions).
const STEP1: [&str; 7] = ["em", "ern", "er", "e", "en", "es", "s"];
const STEP2: [&str; 4] = ["en", "er", "est", "st"];
const STEP3: [&str; 16] = [
    "end", "ung", "igend", "igung", "ig", "ik", "isch", "lich", "heit", "erlich", "enlich",
    "erheit", "enheit", "keit", "lichkeit", "igkeit",
];

/// The endings a stem may have lost at the end of `literal`, longest
/// first (then in byte order): one of [`all_endings`], or the `se`, `sen`,
/// `ses` of `nisse`, which the stemmer reads as `nis`.
pub(super) fn removable_endings(literal: &str) -> Vec<String> {
    let mut out: Vec<String> = all_endings().collect();
    out.extend(
        ["se", "sen", "ses"]
            .iter()
            .filter(|e| {
                literal
                    .strip_suffix(*e)
                    .is_some_and(|rest| rest.ends_with("nis"))
            })
            .map(|e| e.to_string()),
    );
    out.retain(|e| literal.ends_with(e.as_str()));
    out.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    out.dedup();
    out
}

/// Every ending: a step-3 one, then a step-2, then a step-1 one, each
/// optional, not all empty.
fn all_endings() -> impl Iterator<Item = String> {
    std::iter::once("")
        .chain(STEP3)
        .flat_map(|s3| {
            std::iter::once("").chain(STEP2).flat_map(move |s2| {
                std::iter::once("")
                    .chain(STEP1)
                    .map(move |s1| format!("{s3}{s2}{s1}"))
            })
        })
        .filter(|e| !e.is_empty())
}

/// The shortest stem a typed prefix is cut back to ([`stems_typed_past`]).
const MIN_CUT_STEM: usize = 4;

/// The stems `prefix` (normalised) may have been typed past: each
/// `prefix[..i]` of at least [`MIN_CUT_STEM`] characters whose rest is
/// the beginning of an ending the stemmer removes (`regieru` is regier
/// and "u…", as in Regierung), longest first.
pub(super) fn stems_typed_past(prefix: &str) -> Vec<String> {
    static STARTS: OnceLock<HashSet<String>> = OnceLock::new();
    let starts = STARTS.get_or_init(|| {
        all_endings()
            .flat_map(|e| {
                (1..=e.len())
                    .filter(|&i| e.is_char_boundary(i))
                    .map(|i| e[..i].to_string())
                    .collect::<Vec<_>>()
            })
            .collect()
    });
    let mut stems: Vec<String> = (prefix.char_indices())
        .skip(MIN_CUT_STEM)
        .map(|(i, _)| i)
        .filter(|&i| starts.contains(&prefix[i..]))
        .map(|i| prefix[..i].to_string())
        .collect();
    stems.reverse();
    stems
}
