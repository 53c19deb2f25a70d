//! The query language parser: a lexer over characters (so that every error
//! position is a character offset) that builds the leaf clauses, and a
//! recursive-descent parser over its tokens with the precedence
//! `NEAR` > `NOT`/`+`/`-` > `AND` > `OR`. The grammar is in
//! docs/query-language.md.

use super::ast::{Query, closes_quote, is_quote, is_special};
use super::bm25::Field;
use super::date;
use super::plan::near_field;
use crate::analysis::{
    CAPS_ENDINGS, LOWER_ENDINGS, SHORT_ENDINGS, check_wildcard, ends_all_caps_word,
    ends_lower_word, is_wildcard,
};
use crate::{Error, Result};

/// The operator between two clauses written side by side (`a b`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Operator {
    /// `a b` means `a AND b` (the default: what a news search box user expects).
    #[default]
    And,
    /// `a b` means `a OR b` (Lucene's default).
    Or,
}

impl Operator {
    /// `"AND"` or `"OR"`, in any case.
    pub fn from_name(name: &str) -> Result<Operator> {
        match name.to_ascii_uppercase().as_str() {
            "AND" => Ok(Operator::And),
            "OR" => Ok(Operator::Or),
            _ => Err(Error::InvalidArgument(format!(
                "default_operator must be 'AND' or 'OR', got {name:?}"
            ))),
        }
    }
}

/// Limits and defaults of [`parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseOptions {
    /// What `a b` means.
    pub default_operator: Operator,
    /// Longest accepted query, in characters.
    pub max_length: usize,
    /// Deepest accepted nesting of parentheses and `NEAR` operators; also
    /// bounds the parser's recursion.
    pub max_depth: usize,
    /// Most leaf clauses (terms, phrases, prefixes, field values, dates).
    pub max_clauses: usize,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            default_operator: Operator::And,
            max_length: 10_000,
            max_depth: 64,
            max_clauses: 1024,
        }
    }
}

/// `NEAR` without `/k`: the distance of Python's `Near(a, b)`.
const DEFAULT_NEAR_DISTANCE: u32 = 5;

fn error(position: usize, message: impl Into<String>) -> Error {
    Error::Query {
        position,
        message: message.into(),
    }
}

/// Parses a query string into a query tree.
///
/// Errors are [`Error::Query`] with the character offset where the problem
/// is and what was expected there.
///
/// ```
/// use stichwort_core::query::{parse, ParseOptions, Query};
/// let q = parse("merkel -nato", &ParseOptions::default()).unwrap();
/// assert_eq!(q.to_string(), "merkel AND NOT nato");
/// assert!(parse("(merkel", &ParseOptions::default()).is_err());
/// ```
pub fn parse(input: &str, options: &ParseOptions) -> Result<Query> {
    // Bytes bound characters from above: count only when it can matter.
    if input.len() > options.max_length {
        let n = input.chars().count();
        if n > options.max_length {
            return Err(error(
                options.max_length,
                format!(
                    "query too long ({n} characters, max {})",
                    options.max_length
                ),
            ));
        }
    }
    let chars: Vec<char> = input.chars().collect();
    let tokens = Lexer {
        s: &chars,
        i: 0,
        tokens: Vec::new(),
    }
    .run()?;
    Parser {
        tokens,
        i: 0,
        chars: &chars,
        options,
        open_parens: 0,
        clauses: 0,
    }
    .query()
}

// ---------------------------------------------------------------- lexer

#[derive(Debug, Clone)]
enum Kind {
    Leaf(Query),
    LParen,
    RParen,
    And,
    Or,
    Not,
    Plus,
    Minus,
    Near(u32),
}

#[derive(Debug)]
struct Token {
    kind: Kind,
    start: usize,
    end: usize,
}

/// A bare word as read: escapes resolved; `escaped` words are never
/// keywords or special field names; `prefix` when it ended in `*`;
/// `wildcard` when its `*` and `?` are wildcards (`*krise`, `Me?er`),
/// `escaped_wildcard` when it holds a `\*` or `\?` too.
struct Word {
    text: String,
    start: usize,
    escaped: bool,
    prefix: bool,
    wildcard: bool,
    escaped_wildcard: bool,
}

impl Word {
    /// The Wildcard query of a `wildcard` word, its pattern checked.
    fn wildcard_query(self, field: Option<String>) -> Result<Query> {
        if self.escaped_wildcard {
            return Err(error(
                self.start,
                "a wildcard pattern cannot hold an escaped '*' or '?'",
            ));
        }
        check_wildcard(&self.text).map_err(|e| error(self.start + e.position, e.message))?;
        Ok(Query::Wildcard {
            pattern: self.text,
            field,
        })
    }
}

/// Does `rest` start with one of `endings` that ends its word as the
/// german analyzer reads it: no letter or digit after it, so
/// `Bürger*innen,` and `Bürger*innen-Rat` are forms as in the text. A `*`,
/// `:` or `\` after it goes on in the query syntax: not a form.
fn starts_with_ending(rest: &[char], endings: &[&str]) -> bool {
    endings.iter().any(|ending| {
        let n = ending.chars().count();
        rest.len() >= n
            && rest.iter().take(n).copied().eq(ending.chars())
            && rest
                .get(n)
                .is_none_or(|&c| !c.is_alphanumeric() && !matches!(c, '*' | ':' | '\\'))
    })
}

/// Does `rest` (what follows a `*` or `:`) start with a gender suffix that
/// ends its word: `in`, `innen`, `Innen`, or the all-caps `IN`, `INNEN`?
/// (Where a `name:value` would read so, the value is printed quoted.)
pub(crate) fn starts_with_gender_suffix(rest: &[char]) -> bool {
    starts_with_ending(rest, LOWER_ENDINGS) || starts_with_ending(rest, CAPS_ENDINGS)
}

/// Where a clause may end: the end, white space, a parenthesis or a quote.
fn ends_clause(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || is_quote(c) || matches!(c, '(' | ')'))
}

struct Lexer<'a> {
    s: &'a [char],
    i: usize,
    tokens: Vec<Token>,
}

fn reserved_error(c: char, position: usize) -> Error {
    let why = match c {
        '~' => "'~' only follows a quoted phrase (\"a b\"~2); fuzzy search is not supported",
        '^' => "boosts ('^') are not supported",
        _ => "brackets are only used in date:[start TO end]",
    };
    error(
        position,
        format!("unexpected '{c}': {why}; write \\{c} to search for it"),
    )
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.s.get(self.i + ahead).copied()
    }

    fn at_boundary(&self) -> bool {
        ends_clause(self.peek())
    }

    /// Does a German gender suffix follow the `*` or `:` at `self.i`: after
    /// a letter `in`, `innen` or `Innen` ending the word (`Bürger*innen`,
    /// `Lehrer:in`, `Lehrer:Innen`, `Bürger*innen,`); after an all-caps
    /// word `INNEN` or `IN` (`BÜRGER*INNEN`, `LEHRER:IN`); after a
    /// lower-case word of two or more characters, `*` and a short ending
    /// (`jede*r`, `ein*e`), as the german analyzer reads them? Then
    /// the `*` or `:` is part of the word, as if escaped: a search box
    /// gets these forms typed as often as the text has them. (`title:in`
    /// and `date:` stay fields.)
    fn gender_suffix_follows(&self, word: &str, escaped: bool) -> bool {
        let field = !escaped && matches!(word, "title" | "date");
        if field || !word.chars().next_back().is_some_and(char::is_alphabetic) {
            return false;
        }
        let rest = &self.s[(self.i + 1).min(self.s.len())..];
        if starts_with_ending(rest, LOWER_ENDINGS) {
            return true;
        }
        // The word's characters, for the rules that look at all of it.
        let before = || word.chars().collect::<Vec<char>>();
        (starts_with_ending(rest, CAPS_ENDINGS) && ends_all_caps_word(&before()))
            || (self.peek() == Some('*')
                && starts_with_ending(rest, SHORT_ENDINGS)
                && ends_lower_word(&before()))
    }

    fn run(mut self) -> Result<Vec<Token>> {
        while let Some(c) = self.peek() {
            let start = self.i;
            if c.is_whitespace() {
                self.i += 1;
                continue;
            }
            let kind = match c {
                '(' => {
                    self.i += 1;
                    Kind::LParen
                }
                ')' => {
                    self.i += 1;
                    Kind::RParen
                }
                c if is_quote(c) => Kind::Leaf(self.phrase(None)?),
                '+' | '-' => {
                    self.i += 1;
                    if self.peek().is_none_or(char::is_whitespace) {
                        return Err(error(start, format!("expected a term right after '{c}'")));
                    }
                    if c == '+' { Kind::Plus } else { Kind::Minus }
                }
                '!' => {
                    self.i += 1;
                    Kind::Not
                }
                '&' if self.peek_at(1) == Some('&') => {
                    self.i += 2;
                    Kind::And
                }
                '|' if self.peek_at(1) == Some('|') => {
                    self.i += 2;
                    Kind::Or
                }
                '*' if self.peek_at(1) == Some(':') && self.peek_at(2) == Some('*') => {
                    self.i += 3;
                    if !self.at_boundary() {
                        return Err(error(self.i, "expected a space or ')' after '*:*'"));
                    }
                    Kind::Leaf(Query::All)
                }
                ':' => return Err(error(start, "expected a field name before ':'")),
                _ => self.word_clause()?,
            };
            self.tokens.push(Token {
                kind,
                start,
                end: self.i,
            });
        }
        Ok(self.tokens)
    }

    /// Is the `?` at `self.i` a wildcard? In a word with a wildcard before
    /// it, or before a letter, a digit or `*` (`Me?er`, `Stra??e`); a word's
    /// last `?`s are a question mark (`warum?`), as typed in a search box.
    fn question_is_wildcard(&self, wildcard: bool) -> bool {
        let after = (self.s[self.i..].iter()).find(|&&c| c != '?');
        wildcard || after.is_some_and(|&c| c == '*' || c.is_alphanumeric())
    }

    /// Reads a bare word: a `*` ending a word that has no other wildcard
    /// makes it a prefix; any other `*`, and a `?` that
    /// [`Self::question_is_wildcard`], make it a wildcard pattern.
    fn word(&mut self) -> Result<Word> {
        let start = self.i;
        let mut text = String::new();
        let (mut escaped, mut wildcard, mut escaped_wildcard) = (false, false, false);
        while let Some(c) = self.peek() {
            match c {
                '\\' => match self.peek_at(1) {
                    Some(next) => {
                        text.push(next);
                        escaped = true;
                        escaped_wildcard |= is_wildcard(next);
                        self.i += 2;
                    }
                    None => return Err(error(self.i, "expected a character after '\\'")),
                },
                '*' | ':' if !wildcard && self.gender_suffix_follows(&text, escaped) => {
                    text.push(c);
                    self.i += 1;
                }
                '*' => {
                    self.i += 1;
                    if !wildcard && !text.is_empty() && self.at_boundary() {
                        return Ok(Word {
                            text,
                            start,
                            escaped,
                            prefix: true,
                            wildcard,
                            escaped_wildcard,
                        });
                    }
                    text.push(c);
                    wildcard = true;
                }
                '?' if self.question_is_wildcard(wildcard) => {
                    text.push(c);
                    wildcard = true;
                    self.i += 1;
                }
                '~' | '^' | '[' | ']' | '{' | '}' => return Err(reserved_error(c, self.i)),
                c if is_special(c) => break,
                c => {
                    text.push(c);
                    self.i += 1;
                }
            }
        }
        Ok(Word {
            text,
            start,
            escaped,
            prefix: false,
            wildcard,
            escaped_wildcard,
        })
    }

    /// A word at a clause start: a keyword, a term, a prefix, or a field name.
    fn word_clause(&mut self) -> Result<Kind> {
        let w = self.word()?;
        if self.peek() == Some(':') {
            self.i += 1;
            return Ok(Kind::Leaf(self.field_value(w)?));
        }
        if w.prefix {
            return Ok(Kind::Leaf(Query::Prefix {
                prefix: w.text,
                field: None,
            }));
        }
        if w.wildcard {
            return Ok(Kind::Leaf(w.wildcard_query(None)?));
        }
        if !w.escaped {
            match w.text.as_str() {
                "AND" => return Ok(Kind::And),
                "OR" => return Ok(Kind::Or),
                "NOT" => return Ok(Kind::Not),
                "NEAR" => return Ok(Kind::Near(DEFAULT_NEAR_DISTANCE)),
                t => {
                    if let Some(k) = t.strip_prefix("NEAR/") {
                        return Ok(Kind::Near(near_distance(k, w.start + 5)?));
                    }
                }
            }
        }
        Ok(Kind::Leaf(Query::Term {
            text: w.text,
            field: None,
        }))
    }

    /// The value after `name:`; `title:` takes words, phrases and prefixes,
    /// `date:` a day or a range, any other name one exact value.
    fn field_value(&mut self, name: Word) -> Result<Query> {
        let at = self.i;
        let label = format!("'{}:'", name.text);
        if name.text.is_empty() {
            return Err(error(name.start, "expected a field name before ':'"));
        }
        if name.prefix || name.wildcard {
            return Err(error(name.start, "a field name cannot hold '*' or '?'"));
        }
        let special = if name.escaped { "" } else { name.text.as_str() };
        match self.peek() {
            None | Some(':') => Err(error(at, format!("expected a value after {label}"))),
            Some(c) if c.is_whitespace() || c == ')' => {
                Err(error(at, format!("expected a value after {label}")))
            }
            Some('(') => Err(error(
                at,
                format!(
                    "expected a word or \"phrase\" after {label}; field groups name:(...) are not supported"
                ),
            )),
            Some('[' | '{') if special == "date" => self.date_range(),
            Some('[' | '{') => Err(error(
                at,
                format!("ranges only work on date:, not on {label}"),
            )),
            Some(c) if is_quote(c) && special == "title" => self.phrase(Some(name.text)),
            Some(c) if is_quote(c) && special == "date" => Err(error(
                at,
                "expected a date YYYY-MM-DD or a range [start TO end] after 'date:'",
            )),
            Some(c) if is_quote(c) => {
                let value = self.quoted()?;
                if self.peek() == Some('~') {
                    return Err(error(self.i, "'~' (slop) only follows a phrase"));
                }
                Ok(Query::FieldValue {
                    name: name.text,
                    value,
                })
            }
            Some(_) => {
                let value = self.word()?;
                if self.peek() == Some(':') {
                    return Err(error(
                        self.i,
                        format!("unexpected ':' in the value of {label}; quote the value"),
                    ));
                }
                match special {
                    "title" if value.prefix => Ok(Query::Prefix {
                        prefix: value.text,
                        field: Some(name.text),
                    }),
                    "title" if value.wildcard => value.wildcard_query(Some(name.text)),
                    "title" => Ok(Query::Term {
                        text: value.text,
                        field: Some(name.text),
                    }),
                    "date" => {
                        let day = date_bound(&value.text, at)?;
                        if value.prefix || value.wildcard || day.is_none() {
                            return Err(error(at, "expected a date YYYY-MM-DD after 'date:'"));
                        }
                        Ok(Query::DateRange {
                            start: day,
                            end: day,
                        })
                    }
                    _ if value.prefix || value.wildcard => Err(error(
                        at,
                        format!(
                            "prefix and wildcard search ('*', '?') work on words and title:, not on {label}"
                        ),
                    )),
                    _ => Ok(Query::FieldValue {
                        name: name.text,
                        value: value.text,
                    }),
                }
            }
        }
    }

    /// Reads `"..."` (or `„...“`, see [`is_quote`]) from the opening quote;
    /// `\"` and `\\` are escapes.
    fn quoted(&mut self) -> Result<String> {
        let start = self.i;
        let open = self.s[start];
        self.i += 1;
        let mut text = String::new();
        loop {
            match self.peek() {
                None => {
                    return Err(error(
                        start,
                        format!("unterminated phrase starting at {start}"),
                    ));
                }
                Some(c) if closes_quote(open, c) => {
                    self.i += 1;
                    return Ok(text);
                }
                Some('\\') => match self.peek_at(1) {
                    Some(c) => {
                        text.push(c);
                        self.i += 2;
                    }
                    None => return Err(error(self.i, "expected a character after '\\'")),
                },
                Some(c) => {
                    text.push(c);
                    self.i += 1;
                }
            }
        }
    }

    /// `"w1 w2 ..."` with an optional `~slop`; `"w1 w2*"` (a `*` before the
    /// closing quote, unescaped) is the phrase prefix `Prefix("w1 w2")`.
    fn phrase(&mut self, field: Option<String>) -> Result<Query> {
        let start = self.i;
        let mut text = self.quoted()?;
        let inner = &self.s[start + 1..self.i - 1];
        let escapes = |before: &[char]| before.iter().rev().take_while(|&&c| c == '\\').count();
        let prefix = inner
            .split_last()
            .is_some_and(|(&c, before)| c == '*' && escapes(before) % 2 == 0);
        if prefix {
            text.pop();
        }
        let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
        if words.is_empty() {
            return Err(error(
                start,
                "expected words between the quotes of a phrase",
            ));
        }
        let mut slop = 0;
        if self.peek() == Some('~') {
            self.i += 1;
            let digits_start = self.i;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.i += 1;
            }
            let digits: String = self.s[digits_start..self.i].iter().collect();
            if digits.is_empty() || !self.at_boundary() {
                return Err(error(
                    self.i,
                    "expected a whole number after '~' (phrase slop)",
                ));
            }
            slop = digits
                .parse()
                .map_err(|_| error(digits_start, format!("phrase slop {digits} is too large")))?;
        }
        if prefix && slop > 0 {
            return Err(error(start, "a phrase prefix (\"… word*\") takes no slop"));
        }
        if prefix {
            let prefix = words.join(" ");
            return Ok(Query::Prefix { prefix, field });
        }
        Ok(Query::Phrase { words, slop, field })
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.i += 1;
        }
    }

    /// The characters up to white space or a closing bracket.
    fn range_part(&mut self) -> (String, usize) {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| !c.is_whitespace() && c != ']' && c != '}')
        {
            self.i += 1;
        }
        (self.s[start..self.i].iter().collect(), start)
    }

    /// `[start TO end]`, both inclusive, `*` for an open end.
    fn date_range(&mut self) -> Result<Query> {
        let open = self.i;
        let exclusive = error(
            open,
            "exclusive date ranges {...} are not supported; write date:[start TO end] (both days included)",
        );
        if self.peek() == Some('{') {
            return Err(exclusive);
        }
        self.i += 1;
        self.skip_space();
        let (text, at) = self.range_part();
        let start = date_bound(&text, at)?;
        self.skip_space();
        let (to, at) = self.range_part();
        if to != "TO" {
            return Err(error(at, "expected 'TO' in date:[start TO end]"));
        }
        self.skip_space();
        let (text, at) = self.range_part();
        let end = date_bound(&text, at)?;
        self.skip_space();
        match self.peek() {
            Some(']') => self.i += 1,
            Some('}') => return Err(exclusive),
            _ => {
                return Err(error(
                    self.i,
                    format!("expected ']' to close '[' at {open}"),
                ));
            }
        }
        if matches!((start, end), (Some(s), Some(e)) if s > e) {
            return Err(error(at, "date range ends before it starts"));
        }
        if !self.at_boundary() {
            return Err(error(
                self.i,
                "expected a space or ')' after the date range",
            ));
        }
        Ok(Query::DateRange { start, end })
    }
}

/// A date or `*` (open end, `None`).
fn date_bound(text: &str, at: usize) -> Result<Option<i32>> {
    if text == "*" {
        return Ok(None);
    }
    match date::parse_iso_date(text) {
        Some(day) => Ok(Some(day)),
        None if text.is_empty() => Err(error(at, "expected a date YYYY-MM-DD or '*'")),
        None => Err(error(
            at,
            format!("invalid date '{text}': expected a real day as YYYY-MM-DD or '*'"),
        )),
    }
}

fn near_distance(digits: &str, at: usize) -> Result<u32> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(error(at, "expected a distance after 'NEAR/' (e.g. NEAR/5)"));
    }
    match digits.parse::<u32>() {
        Ok(0) => Err(error(at, "NEAR distance must be at least 1")),
        Ok(k) => Ok(k),
        Err(_) => Err(error(at, format!("NEAR distance {digits} is too large"))),
    }
}

// ---------------------------------------------------------------- parser

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Plain,
    Required,
    Prohibited,
}

/// A clause of an AND or OR chain with its `+`/`-` mark and its nesting level.
struct Item {
    query: Query,
    mark: Mark,
    level: usize,
}

struct Parser<'a> {
    tokens: Vec<Token>,
    i: usize,
    chars: &'a [char],
    options: &'a ParseOptions,
    open_parens: usize,
    clauses: usize,
}

/// None for no queries, the query for one, `make(all)` for more.
fn combine(mut qs: Vec<Query>, make: fn(Vec<Query>) -> Query) -> Option<Query> {
    match qs.len() {
        0 => None,
        1 => qs.pop(),
        _ => Some(make(qs)),
    }
}

fn without(positive: Query, negatives: Vec<Query>) -> Query {
    match combine(negatives, Query::Or) {
        None => positive,
        Some(negative) => Query::Not {
            positive: Box::new(positive),
            negative: Box::new(negative),
        },
    }
}

/// `a AND b AND -c`: the unmarked and `+` clauses all, minus any `-` clause.
fn combine_and(items: Vec<Item>) -> Item {
    let level = items.iter().map(|it| it.level).max().unwrap_or(0);
    let (negatives, positives): (Vec<Item>, Vec<Item>) = items
        .into_iter()
        .partition(|it| it.mark == Mark::Prohibited);
    let positive = combine(
        positives.into_iter().map(|it| it.query).collect(),
        Query::And,
    );
    let query = without(
        positive.unwrap_or(Query::All),
        negatives.into_iter().map(|it| it.query).collect(),
    );
    Item {
        query,
        mark: Mark::Plain,
        level,
    }
}

/// `a OR b OR +c OR -d`: the `+` clauses all and at least one unmarked
/// clause (if any), minus any `-` clause.
fn combine_or(items: Vec<Item>) -> (Query, usize) {
    let level = items.iter().map(|it| it.level).max().unwrap_or(0);
    let mut required = Vec::new();
    let mut optional = Vec::new();
    let mut prohibited = Vec::new();
    for it in items {
        match it.mark {
            Mark::Required => required.push(it.query),
            Mark::Plain => optional.push(it.query),
            Mark::Prohibited => prohibited.push(it.query),
        }
    }
    required.extend(combine(optional, Query::Or));
    let positive = combine(required, Query::And).unwrap_or(Query::All);
    (without(positive, prohibited), level)
}

/// Operands of NEAR must have positions: words, phrases, prefixes, groups
/// of them joined by OR; checked here, as execution would, so that the
/// error names the operand's position (execution has no query string).
fn near_operand(q: &Query, at: usize) -> Result<Field> {
    match q {
        Query::FieldValue { .. } | Query::DateRange { .. } | Query::All => Err(error(
            at,
            "NEAR needs words, phrases or groups on both sides, not a field filter",
        )),
        _ => near_field(q, 0).map_err(|e| match e {
            Error::Query { message, .. } => error(at, message),
            other => other,
        }),
    }
}

fn starts_clause(kind: &Kind) -> bool {
    matches!(
        kind,
        Kind::Leaf(_) | Kind::LParen | Kind::Not | Kind::Plus | Kind::Minus
    )
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Kind> {
        self.tokens.get(self.i).map(|t| &t.kind)
    }

    /// Where the next token starts (the end of the input after the last).
    fn position(&self) -> usize {
        self.tokens
            .get(self.i)
            .map_or(self.chars.len(), |t| t.start)
    }

    fn source(&self, token: &Token) -> String {
        let text: String = self.chars[token.start..token.end].iter().take(40).collect();
        format!("'{text}'")
    }

    fn too_deep(&self, position: usize) -> Error {
        error(
            position,
            format!(
                "query nested too deeply (more than {} levels)",
                self.options.max_depth
            ),
        )
    }

    /// "expected a term after X, found Y" at the current token.
    fn expected_term(&self) -> Error {
        let found = match self.tokens.get(self.i) {
            Some(t) => self.source(t),
            None => "the end of the query".to_string(),
        };
        let message = match self.i.checked_sub(1).and_then(|p| self.tokens.get(p)) {
            Some(prev) => format!("expected a term after {}, found {found}", self.source(prev)),
            None => format!("expected a term, found {found}"),
        };
        error(self.position(), message)
    }

    fn query(mut self) -> Result<Query> {
        if self.tokens.is_empty() {
            return Err(error(0, "empty query"));
        }
        let (query, _) = self.or_expr()?;
        match self.tokens.get(self.i) {
            None => Ok(query),
            Some(t) if matches!(t.kind, Kind::RParen) => {
                Err(error(t.start, "unexpected ')' without a matching '('"))
            }
            Some(t) => Err(error(t.start, format!("unexpected {}", self.source(t)))),
        }
    }

    fn or_expr(&mut self) -> Result<(Query, usize)> {
        let mut items = vec![self.and_expr()?];
        loop {
            match self.peek() {
                Some(Kind::Or) => {
                    self.i += 1;
                    items.push(self.and_expr()?);
                }
                Some(k) if self.options.default_operator == Operator::Or && starts_clause(k) => {
                    items.push(self.and_expr()?);
                }
                _ => break,
            }
        }
        Ok(combine_or(items))
    }

    /// An AND chain; a single clause keeps its mark for the OR chain.
    fn and_expr(&mut self) -> Result<Item> {
        let mut items = vec![self.unary()?];
        loop {
            match self.peek() {
                Some(Kind::And) => {
                    self.i += 1;
                    items.push(self.unary()?);
                }
                Some(k) if self.options.default_operator == Operator::And && starts_clause(k) => {
                    items.push(self.unary()?);
                }
                _ => break,
            }
        }
        match items.len() {
            1 => Ok(items.remove(0)),
            _ => Ok(combine_and(items)),
        }
    }

    fn unary(&mut self) -> Result<Item> {
        let mark = match self.peek() {
            Some(Kind::Not | Kind::Minus) => Mark::Prohibited,
            Some(Kind::Plus) => Mark::Required,
            _ => Mark::Plain,
        };
        if mark != Mark::Plain {
            self.i += 1;
        }
        let (query, level) = self.near_expr()?;
        Ok(Item { query, mark, level })
    }

    fn near_expr(&mut self) -> Result<(Query, usize)> {
        let at = self.position();
        let (mut query, mut level) = self.primary()?;
        while let Some(&Token {
            kind: Kind::Near(distance),
            start,
            ..
        }) = self.tokens.get(self.i)
        {
            let a_field = near_operand(&query, at)?;
            self.i += 1;
            let b_at = self.position();
            let (b, b_level) = self.primary()?;
            if near_operand(&b, b_at)? != a_field {
                return Err(error(
                    start,
                    "the two sides of NEAR must search the same field",
                ));
            }
            level = level.max(b_level) + 1;
            if level > self.options.max_depth {
                return Err(self.too_deep(start));
            }
            query = Query::Near {
                a: Box::new(query),
                b: Box::new(b),
                distance,
            };
        }
        Ok((query, level))
    }

    fn primary(&mut self) -> Result<(Query, usize)> {
        let Some(token) = self.tokens.get(self.i) else {
            return Err(self.expected_term());
        };
        let start = token.start;
        match &token.kind {
            Kind::Leaf(q) => {
                let q = q.clone();
                self.clauses += 1;
                if self.clauses > self.options.max_clauses {
                    return Err(error(
                        start,
                        format!("too many clauses (more than {})", self.options.max_clauses),
                    ));
                }
                self.i += 1;
                Ok((q, 0))
            }
            Kind::LParen => {
                // Checked before recursing: no input can overflow the stack.
                if self.open_parens >= self.options.max_depth {
                    return Err(self.too_deep(start));
                }
                self.open_parens += 1;
                self.i += 1;
                let (q, level) = self.or_expr()?;
                if !matches!(self.peek(), Some(Kind::RParen)) {
                    return Err(error(
                        self.position(),
                        format!("expected ')' to close '(' at {start}"),
                    ));
                }
                self.i += 1;
                self.open_parens -= 1;
                if level + 1 > self.options.max_depth {
                    return Err(self.too_deep(start));
                }
                Ok((q, level + 1))
            }
            _ => Err(self.expected_term()),
        }
    }
}
