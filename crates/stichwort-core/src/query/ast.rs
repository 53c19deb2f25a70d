//! The query tree: what the parser builds, what Python query objects
//! convert to (their `to_tuple()` form, node for node) and what the
//! executor runs. Words are not analysed yet: the executor analyses them
//! with the index's analyzer.

use std::fmt::{self, Write};

use super::date;
use super::parser::starts_with_gender_suffix;
use crate::analysis::is_wildcard;

/// The deepest query tree accepted from outside the parser (Python objects);
/// code that walks a tree recursively may rely on it. The parser's own
/// `max_depth` keeps its trees far below (at most about three tree levels
/// per level of parentheses or `NEAR`).
pub const MAX_TREE_DEPTH: usize = 512;

/// One node of a query; mirrors the Python classes of `stichwort.query`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Query {
    /// One word; `field: Some("title")` searches titles only.
    Term { text: String, field: Option<String> },
    /// Documents matching every clause.
    And(Vec<Query>),
    /// Documents matching at least one clause.
    Or(Vec<Query>),
    /// Documents matching `positive` but not `negative`; scored by `positive`.
    Not {
        positive: Box<Query>,
        negative: Box<Query>,
    },
    /// Words in this order, with `slop` extra moves allowed.
    Phrase {
        words: Vec<String>,
        slop: u32,
        field: Option<String>,
    },
    /// `a` and `b` at different positions at most `distance` apart, either order.
    Near {
        a: Box<Query>,
        b: Box<Query>,
        distance: u32,
    },
    /// Every indexed term starting with `prefix`.
    Prefix {
        prefix: String,
        field: Option<String>,
    },
    /// Every indexed term matching `pattern`: `*` any run of characters,
    /// `?` one character, one word (`*krise`, `Me?er`).
    Wildcard {
        pattern: String,
        field: Option<String>,
    },
    /// Every document.
    All,
    /// Documents whose metadata field `name` is exactly `value`.
    FieldValue { name: String, value: String },
    /// Documents dated in `start..=end` (Python `date.toordinal()` numbers;
    /// `None` is open).
    DateRange {
        start: Option<i32>,
        end: Option<i32>,
    },
}

impl Query {
    /// The node's class name, as Python writes it ("Term", "Near", ...), for errors.
    pub fn kind(&self) -> &'static str {
        match self {
            Query::Term { .. } => "Term",
            Query::And(_) => "And",
            Query::Or(_) => "Or",
            Query::Not { .. } => "Not",
            Query::Phrase { .. } => "Phrase",
            Query::Near { .. } => "Near",
            Query::Prefix { .. } => "Prefix",
            Query::Wildcard { .. } => "Wildcard",
            Query::All => "All",
            Query::FieldValue { .. } => "FieldValue",
            Query::DateRange { .. } => "DateRange",
        }
    }
}

/// Words that are operators when written bare.
fn is_keyword(word: &str) -> bool {
    matches!(word, "AND" | "OR" | "NOT" | "NEAR") || word.starts_with("NEAR/")
}

/// Characters that end or break a bare word (see the lexer in `parser.rs`).
pub(super) fn is_special(c: char) -> bool {
    c.is_whitespace()
        || is_quote(c)
        || matches!(
            c,
            '(' | ')' | ':' | '\\' | '*' | '~' | '^' | '[' | ']' | '{' | '}'
        )
}

/// Quotation marks that open a phrase: `"` and the typographic ones a
/// German text has (`„…“`, `»…«`; also `“…”`, `«…»`), so a quote pasted
/// from an article searches as a phrase.
pub(super) fn is_quote(c: char) -> bool {
    matches!(c, '"' | '„' | '“' | '”' | '»' | '«')
}

/// Does `close` end a phrase that `open` began? `"` ends `"`, so a
/// `"…"` phrase may hold typographic quotes; a typographic phrase ends at
/// any quote but `„` (which only opens), `"` too (`„a b"` as typed).
pub(super) fn closes_quote(open: char, close: char) -> bool {
    if open == '"' {
        close == '"'
    } else {
        is_quote(close) && close != '„'
    }
}

/// Writes `word` so that the lexer reads it back as one plain word: special
/// characters, an operator character in front and keywords get a backslash.
fn write_word(f: &mut fmt::Formatter<'_>, word: &str) -> fmt::Result {
    let keyword = is_keyword(word);
    for (i, c) in word.chars().enumerate() {
        let operator_start = i == 0 && (keyword || matches!(c, '+' | '-' | '!' | '&' | '|'));
        // A bare `?` may be a wildcard (`Me?er`, and before a prefix's `*`).
        if operator_start || c == '?' || is_special(c) {
            f.write_char('\\')?;
        }
        f.write_char(c)?;
    }
    Ok(())
}

/// Writes a wildcard pattern: its wildcards bare, the rest as in a word.
fn write_pattern(f: &mut fmt::Formatter<'_>, pattern: &str) -> fmt::Result {
    for c in pattern.chars() {
        if is_wildcard(c) {
            f.write_char(c)?;
        } else {
            write_word(f, c.encode_utf8(&mut [0; 4]))?;
        }
    }
    Ok(())
}

/// Writes `text` for inside quotes, where only `"` and `\` are escaped.
fn write_quoted_chars(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            f.write_char('\\')?;
        }
        f.write_char(c)?;
    }
    Ok(())
}

fn write_field(f: &mut fmt::Formatter<'_>, field: &Option<String>) -> fmt::Result {
    match field {
        Some(name) => {
            write_word(f, name)?;
            f.write_char(':')
        }
        None => Ok(()),
    }
}

/// A child of a compound node, in parentheses when it is compound itself.
fn write_operand(f: &mut fmt::Formatter<'_>, q: &Query) -> fmt::Result {
    match q {
        Query::And(_) | Query::Or(_) | Query::Not { .. } | Query::Near { .. } => {
            write!(f, "({q})")
        }
        _ => write!(f, "{q}"),
    }
}

fn write_joined(f: &mut fmt::Formatter<'_>, qs: &[Query], op: &str) -> fmt::Result {
    for (i, q) in qs.iter().enumerate() {
        if i > 0 {
            f.write_str(op)?;
        }
        write_operand(f, q)?;
    }
    Ok(())
}

fn write_date_bound(f: &mut fmt::Formatter<'_>, bound: Option<i32>) -> fmt::Result {
    match bound {
        Some(ordinal) => f.write_str(&date::format_ordinal(ordinal)),
        None => f.write_char('*'),
    }
}

/// Prints the query in the query language with explicit operators, so that
/// `parse(&q.to_string(), any options) == q` for every tree the parser
/// builds (docs/query-language.md lists the exact conditions).
impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Query::Term { text, field } => {
                write_field(f, field)?;
                write_word(f, text)
            }
            Query::Prefix { prefix, field } => {
                write_field(f, field)?;
                write_word(f, prefix)?;
                f.write_char('*')
            }
            Query::Wildcard { pattern, field } => {
                write_field(f, field)?;
                write_pattern(f, pattern)
            }
            Query::Phrase { words, slop, field } => {
                write_field(f, field)?;
                f.write_char('"')?;
                for (i, word) in words.iter().enumerate() {
                    if i > 0 {
                        f.write_char(' ')?;
                    }
                    // A last `*` unescaped would make a phrase prefix.
                    match word.strip_suffix('*').filter(|_| i + 1 == words.len()) {
                        Some(stem) => {
                            write_quoted_chars(f, stem)?;
                            f.write_str("\\*")?;
                        }
                        None => write_quoted_chars(f, word)?,
                    }
                }
                f.write_char('"')?;
                if *slop > 0 {
                    write!(f, "~{slop}")?;
                }
                Ok(())
            }
            Query::All => f.write_str("*:*"),
            Query::FieldValue { name, value } => {
                // An escaped name is never the special `title` or `date`.
                if matches!(name.as_str(), "title" | "date") {
                    f.write_char('\\')?;
                }
                write_word(f, name)?;
                f.write_char(':')?;
                // (`name:innen` would read as one word, as `Lehrer:innen`,
                // `Lehrer:Innen`, `LEHRER:IN`.)
                let chars: Vec<char> = value.chars().collect();
                if value.is_empty() || starts_with_gender_suffix(&chars) {
                    f.write_char('"')?;
                    write_quoted_chars(f, value)?;
                    f.write_char('"')
                } else {
                    write_word(f, value)
                }
            }
            Query::DateRange { start, end } => {
                f.write_str("date:[")?;
                write_date_bound(f, *start)?;
                f.write_str(" TO ")?;
                write_date_bound(f, *end)?;
                f.write_char(']')
            }
            Query::And(qs) => write_joined(f, qs, " AND "),
            Query::Or(qs) => write_joined(f, qs, " OR "),
            Query::Not { positive, negative } => {
                if **positive != Query::All {
                    write_operand(f, positive)?;
                    f.write_str(" AND ")?;
                }
                f.write_str("NOT ")?;
                write_operand(f, negative)
            }
            Query::Near { a, b, distance } => {
                write_operand(f, a)?;
                write!(f, " NEAR/{distance} ")?;
                write_operand(f, b)
            }
        }
    }
}
