//! From the query tree to a plan: words analysed with the index's analyzer
//! into dictionary keys and phrase patterns, idfs and average lengths taken
//! from the [`Statistics`], fields and `Near` operands checked. The plan is
//! segment-independent; `iter::build` resolves it per segment.
//!
//! Checks run depth-first in clause order, as the reference evaluates, so a
//! query with several faults reports the same one.
//!
//! Repeats cost nothing extra: the clauses of an And or Or with equal plans
//! are planned into one ([`Clauses`]), and the Prefix plans of one planning
//! with the same keys share their expansion ([`PrefixTerms`]).

use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::Mutex;

use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use super::ast::{MAX_TREE_DEPTH, Query};
use super::bm25::{Field, Statistics, avg_len, idf};
use super::glob::Glob;
use super::prefix::PrefixTerms;
use crate::analysis::{Analyzer, PrefixReading, check_wildcard, is_wildcard};
use crate::index::{Searcher, TITLE_PREFIX, field_key};
use crate::{Error, Result};

/// A term or phrase pattern: `keys[slots[i]]` must occur at `offsets[i]`
/// relative to the first slot (Lucene's sloppy rule with `slop`).
#[derive(Clone, Debug)]
pub struct Words {
    pub field: Field,
    /// Distinct dictionary keys of the pattern.
    pub keys: Vec<String>,
    /// Per pattern slot: index into `keys`.
    pub slots: Vec<usize>,
    /// Per pattern slot: position offset from slot 0 (stop-word gaps kept).
    pub offsets: Vec<u32>,
    pub slop: u32,
    /// Count whole-word occurrences only, not compound parts (phrases and
    /// `Near` operands of a decompounding index).
    pub whole_words: bool,
    /// Sum of the idfs of the slots' terms.
    pub idf: f64,
    pub avgdl: f64,
}

/// Floats compared by their bits, so that plans can be told apart by
/// hashing (the idfs and average lengths of equal patterns under one
/// statistics source are equal bits anyway).
impl PartialEq for Words {
    fn eq(&self, other: &Self) -> bool {
        let floats = |w: &Words| (w.idf.to_bits(), w.avgdl.to_bits());
        (self.field, &self.keys, &self.slots, &self.offsets)
            == (other.field, &other.keys, &other.slots, &other.offsets)
            && (self.slop, self.whole_words, floats(self))
                == (other.slop, other.whole_words, floats(other))
    }
}

impl Eq for Words {}

impl Hash for Words {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (self.field, &self.keys, &self.slots, &self.offsets).hash(state);
        (self.slop, self.whole_words).hash(state);
        (self.idf.to_bits(), self.avgdl.to_bits()).hash(state);
    }
}

impl Words {
    /// One term, not a phrase (scored and matched by its postings alone).
    pub fn is_single(&self) -> bool {
        self.slots.len() == 1
    }

    /// Matched by every posting of one term (compound parts included).
    pub fn is_plain_term(&self) -> bool {
        self.is_single() && !self.whole_words
    }
}

/// The clauses of an And or Or: each distinct plan once, and the clauses
/// in query order as indices into them. A repeated clause is matched once
/// per document and its score added once per occurrence, in clause order,
/// as the reference adds the sum (bit for bit; a weight times the score
/// would round differently).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Clauses {
    /// The distinct plans, in the order of their first occurrence.
    pub distinct: Vec<Plan>,
    /// Per clause of the query: its index in `distinct`.
    pub order: Vec<usize>,
}

impl Clauses {
    /// `plans` with equal plans merged.
    pub fn new(plans: Vec<Plan>) -> Clauses {
        let mut distinct: Vec<Plan> = Vec::new();
        let mut order = Vec::with_capacity(plans.len());
        // Indices into `distinct` by the plans' hashes.
        let mut by_hash: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        for plan in plans {
            let same_hash = by_hash.entry(FxBuildHasher.hash_one(&plan)).or_default();
            let i = match same_hash.iter().find(|&&i| distinct[i] == plan) {
                Some(&i) => i,
                None => {
                    distinct.push(plan);
                    same_hash.push(distinct.len() - 1);
                    distinct.len() - 1
                }
            };
            order.push(i);
        }
        Clauses { distinct, order }
    }
}

/// A node of the plan.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Plan {
    /// Matches nothing (a word without tokens, or a term no live document has).
    Nothing,
    Words(Words),
    And(Clauses),
    Or(Clauses),
    Not(Box<Plan>, Box<Plan>),
    Near {
        a: Box<Plan>,
        b: Box<Plan>,
        distance: u32,
    },
    /// Every key of `terms`; with `whole_words`, only documents and spans
    /// where a whole word (not a compound part) has such a key.
    Prefix {
        terms: PrefixTerms,
        whole_words: bool,
    },
    /// A phrase prefix: an occurrence of the exact pattern `head` (whole
    /// words) followed, `offset` positions after its first slot, by a
    /// whole word with a key of `tail`.
    PhrasePrefix {
        head: Box<Plan>,
        tail: PrefixTerms,
        offset: u32,
    },
    All,
    /// A metadata keyword (dictionary key).
    Key(String),
    Date {
        start: Option<i32>,
        end: Option<i32>,
    },
}

fn query_error(message: impl Into<String>) -> Error {
    Error::Query {
        position: 0,
        message: message.into(),
    }
}

fn field_of(field: &Option<String>) -> Result<Field> {
    match field.as_deref() {
        None => Ok(Field::Body),
        Some("title") => Ok(Field::Title),
        Some(other) => Err(Error::Schema(format!(
            "unknown field {other:?}: the index has the text (no field) and 'title'"
        ))),
    }
}

/// The dictionary key of an analysed term of `field`.
pub fn key_of(field: Field, term: &str) -> String {
    match field {
        Field::Body => term.to_string(),
        Field::Title => format!("{TITLE_PREFIX}{term}"),
    }
}

/// A term or phrase pattern built from whole-word tokens in order: each
/// token's key looked up as it comes, the idfs summed.
struct Pattern<'p> {
    planner: &'p Planner<'p>,
    field: Field,
    keys: Vec<String>,
    slots: Vec<usize>,
    offsets: Vec<u32>,
    first: Option<u32>,
    /// A key no live document has: the pattern matches nothing.
    absent: bool,
    idf: f64,
}

impl<'p> Pattern<'p> {
    fn new(planner: &'p Planner<'p>, field: Field) -> Self {
        Pattern {
            planner,
            field,
            keys: Vec::new(),
            slots: Vec::new(),
            offsets: Vec::new(),
            first: None,
            absent: false,
            idf: 0.0,
        }
    }

    fn push(&mut self, term: &str, position: u32) {
        if self.absent {
            return;
        }
        let key = key_of(self.field, term);
        let first = *self.first.get_or_insert(position);
        let stats = self.planner.stats;
        let df = stats.doc_freq(&key);
        if df == 0 {
            self.absent = true;
            return;
        }
        self.idf += idf(stats.num_docs(), df);
        let k = match self.keys.iter().position(|x| *x == key) {
            Some(k) => k,
            None => {
                self.keys.push(key);
                self.keys.len() - 1
            }
        };
        self.slots.push(k);
        self.offsets.push(position - first);
    }

    /// The pattern; None when no token came.
    fn finish(self, slop: u32, whole_words: bool) -> Option<Plan> {
        self.first?;
        if self.absent {
            return Some(Plan::Nothing);
        }
        Some(Plan::Words(Words {
            field: self.field,
            keys: self.keys,
            slots: self.slots,
            offsets: self.offsets,
            slop,
            whole_words,
            idf: self.idf,
            avgdl: avg_len(self.planner.stats, self.field),
        }))
    }
}

/// `Error::Schema` when `q` names a metadata field that no document was
/// added with ([`Searcher::check_metadata_field`]), anywhere in it: for
/// what planning left out (a clause without terms takes its Not's
/// negative with it), where the reference still reads the field, and once
/// a call before any segment is read (so an index without segments checks
/// too). The planner checks a field where it meets it, so that errors
/// come in the order of the tree, as the reference's do.
pub fn check_fields(s: &Searcher, q: Option<&Query>) -> Result<()> {
    let both = |a: &Query, b: &Query| check_fields(s, Some(a)).and(check_fields(s, Some(b)));
    match q {
        Some(Query::FieldValue { name, .. }) => s.check_metadata_field(name),
        Some(Query::And(qs) | Query::Or(qs)) => {
            qs.iter().try_for_each(|c| check_fields(s, Some(c)))
        }
        Some(Query::Not { positive, negative }) => both(positive, negative),
        // (Near's sides are positional: a FieldValue there is a QueryError.)
        _ => Ok(()),
    }
}

/// Builds plans against one analyzer and one statistics source.
pub struct Planner<'a> {
    analyzer: &'a Analyzer,
    stats: &'a dyn Statistics,
    /// The prefixes planned so far: equal ones share their expansions.
    prefixes: Mutex<FxHashSet<PrefixTerms>>,
}

impl<'a> Planner<'a> {
    pub fn new(analyzer: &'a Analyzer, stats: &'a dyn Statistics) -> Self {
        Planner {
            analyzer,
            stats,
            prefixes: Mutex::default(),
        }
    }

    /// The shared terms of a prefix of `field` (see [`PrefixTerms`]).
    fn prefix_terms(
        &self,
        field: Field,
        key_prefixes: Vec<String>,
        word_keys: Vec<String>,
    ) -> PrefixTerms {
        self.shared(PrefixTerms::new(field, key_prefixes, word_keys))
    }

    /// `terms`, or an equal one planned before (its expansions shared).
    fn shared(&self, terms: PrefixTerms) -> PrefixTerms {
        let mut seen = self.prefixes.lock().unwrap_or_else(|e| e.into_inner());
        match seen.get(&terms) {
            Some(shared) => shared.clone(),
            None => {
                seen.insert(terms.clone());
                terms
            }
        }
    }

    pub fn plan(&self, q: &Query) -> Result<Plan> {
        self.node(q, 0)
    }

    /// The words of a Term (one word) or Phrase (words joined by spaces) as
    /// a pattern; words without terms match nothing.
    pub fn words(&self, text: &str, slop: u32, field: Field) -> Plan {
        self.pattern(text, slop, field).unwrap_or(Plan::Nothing)
    }

    /// [`Self::words`], None when the words have no terms (only stop words
    /// or punctuation).
    fn pattern(&self, text: &str, slop: u32, field: Field) -> Option<Plan> {
        // Each whole word's key looked up as the analyzer yields it (no
        // list of tokens first: a rare query's words are mostly one token).
        let mut pattern = Pattern::new(self, field);
        self.analyzer.analyze_with(text, |t| {
            if !t.is_part {
                pattern.push(t.term, t.position);
            }
        });
        let whole_words = self.analyzer.config().emits_parts() && pattern.slots.len() > 1;
        pattern.finish(slop, whole_words)
    }

    /// A Prefix clause, its text read as words ([`Analyzer::read_prefix`]):
    /// one word's prefix; several words' phrase prefix, OR (when they are
    /// one hyphenated run read closed) the closed run's prefix as a whole
    /// word, as a hyphenated Term finds both spellings.
    fn prefix(&self, text: &str, field: Field) -> Plan {
        let key_prefix = |prefixes: &[String], terms: &[String]| {
            let keys = prefixes.iter().map(|p| key_of(field, p)).collect();
            self.prefix_terms(
                field,
                keys,
                terms.iter().map(|t| key_of(field, t)).collect(),
            )
        };
        let (head, offset, prefixes, word_terms, closed) = match self.analyzer.read_prefix(text) {
            PrefixReading::Verbatim { prefixes } => {
                return Plan::Prefix {
                    terms: key_prefix(&prefixes, &[]),
                    whole_words: false,
                };
            }
            PrefixReading::Phrase { tokens } => {
                let mut pattern = Pattern::new(self, field);
                tokens
                    .iter()
                    .for_each(|t| pattern.push(&t.term, t.position));
                let whole_words = self.analyzer.config().emits_parts() && tokens.len() > 1;
                return pattern.finish(0, whole_words).unwrap_or(Plan::Nothing);
            }
            PrefixReading::Words {
                head,
                offset,
                prefixes,
                word_terms,
                closed,
            } => (head, offset, prefixes, word_terms, closed),
        };
        let tail = key_prefix(&prefixes, &word_terms);
        if head.is_empty() {
            return Plan::Prefix {
                terms: tail,
                whole_words: false,
            };
        }
        let mut pattern = Pattern::new(self, field);
        head.iter().for_each(|t| pattern.push(&t.term, t.position));
        let phrase = match pattern.finish(0, self.analyzer.config().emits_parts()) {
            Some(head @ Plan::Words(_)) => Plan::PhrasePrefix {
                head: Box::new(head),
                tail,
                offset,
            },
            _ => Plan::Nothing,
        };
        match closed {
            Some((prefixes, term)) => Plan::Or(Clauses::new(vec![
                phrase,
                Plan::Prefix {
                    terms: key_prefix(&prefixes, &[term]),
                    whole_words: true,
                },
            ])),
            None => phrase,
        }
    }

    /// A Wildcard clause: a pattern without wildcards is a Term, one
    /// ending in its only `*` a Prefix; else the keys matching one of its
    /// spellings ([`Analyzer::wildcard_spellings`]), as a prefix's keys.
    fn wildcard(
        &self,
        pattern: &str,
        field: &Option<String>,
        depth: usize,
    ) -> Result<Option<Plan>> {
        let f = field_of(field)?;
        check_wildcard(pattern).map_err(|e| query_error(e.message))?;
        let wildcards = pattern.chars().filter(|&c| is_wildcard(c)).count();
        if wildcards == 0 {
            let term = Query::Term {
                text: pattern.to_string(),
                field: field.clone(),
            };
            return self.clause(&term, depth);
        }
        if let Some(prefix) = pattern.strip_suffix('*').filter(|_| wildcards == 1) {
            return Ok(Some(self.prefix(prefix, f)));
        }
        let globs = (self.analyzer.wildcard_spellings(pattern).iter())
            .map(|s| Glob::new(s))
            .collect();
        Ok(Some(Plan::Prefix {
            terms: self.shared(PrefixTerms::wildcard(f, globs)),
            whole_words: false,
        }))
    }

    /// Whole-word occurrences of one analysed `term` (the closed form of a
    /// hyphenated query word: its `is_part` tokens are the hyphenated
    /// spelling, which the word's phrase finds).
    fn whole_term(&self, term: &str, field: Field) -> Plan {
        let mut pattern = Pattern::new(self, field);
        pattern.push(term, 0);
        pattern.finish(0, true).unwrap_or(Plan::Nothing)
    }

    /// The plan of `q`, None when it has no terms ([`Self::clause`]): for
    /// callers that leave such a clause out themselves.
    pub fn clause_plan(&self, q: &Query) -> Result<Option<Plan>> {
        self.clause(q, 0)
    }

    fn node(&self, q: &Query, depth: usize) -> Result<Plan> {
        Ok(self.clause(q, depth)?.unwrap_or(Plan::Nothing))
    }

    /// The plan of `q`, None when it has no terms: a Term or Phrase of
    /// stop words or punctuation only, or a query of such clauses. Such a
    /// clause is left out of And, Or and Not, as Lucene leaves out the
    /// stop words its analyzer drops (`der Kanzler` finds Kanzler when
    /// stop words are dropped); alone it matches nothing.
    fn clause(&self, q: &Query, depth: usize) -> Result<Option<Plan>> {
        check_depth(depth)?;
        let clauses = |qs: &[Query]| -> Result<Option<Vec<Plan>>> {
            let mut kept = Vec::with_capacity(qs.len());
            for c in qs {
                kept.extend(self.clause(c, depth + 1)?);
            }
            Ok(Some(kept).filter(|k| !k.is_empty()))
        };
        Ok(Some(match q {
            Query::Term { text, field } => {
                let f = field_of(field)?;
                let Some(words) = self.pattern(text, 0, f) else {
                    return Ok(None);
                };
                match self.analyzer.closed_form(text) {
                    // Both spellings, each scored as its own: a document
                    // with only one gets that one's score, not two.
                    Some(closed) => {
                        Plan::Or(Clauses::new(vec![words, self.whole_term(&closed, f)]))
                    }
                    None => words,
                }
            }
            Query::Phrase { words, slop, field } => {
                let f = field_of(field)?;
                return Ok(self.pattern(&words.join(" "), *slop, f));
            }
            Query::And(qs) => match clauses(qs)? {
                Some(kept) => Plan::And(Clauses::new(kept)),
                None => return Ok(None),
            },
            Query::Or(qs) => match clauses(qs)? {
                Some(kept) => Plan::Or(Clauses::new(kept)),
                None => return Ok(None),
            },
            Query::Not { positive, negative } => {
                let Some(p) = self.clause(positive, depth + 1)? else {
                    return Ok(None);
                };
                match self.clause(negative, depth + 1)? {
                    Some(n) => Plan::Not(Box::new(p), Box::new(n)),
                    None => p,
                }
            }
            Query::Near { a, b, distance } => {
                let fa = near_field(a, depth + 1)?;
                let fb = near_field(b, depth + 1)?;
                if fa != fb {
                    return Err(query_error(
                        "the two sides of Near must search the same field",
                    ));
                }
                let mut a = self.node(a, depth + 1)?;
                let mut b = self.node(b, depth + 1)?;
                if self.analyzer.config().emits_parts() {
                    whole_words_only(&mut a);
                    whole_words_only(&mut b);
                }
                Plan::Near {
                    a: Box::new(a),
                    b: Box::new(b),
                    distance: *distance,
                }
            }
            Query::Prefix { prefix, field } => self.prefix(prefix, field_of(field)?),
            Query::Wildcard { pattern, field } => return self.wildcard(pattern, field, depth),
            Query::All => Plan::All,
            Query::FieldValue { name, value } => {
                self.stats.check_metadata_field(name)?;
                Plan::Key(field_key(name, value))
            }
            Query::DateRange { start, end } => Plan::Date {
                start: *start,
                end: *end,
            },
        }))
    }
}

/// Marks the terms of a `Near` operand (Term, Phrase, Prefix, Or, Near) or
/// of a co-occurrence target to match whole words only (a Not's negative
/// excludes documents as in any query, parts included).
pub fn whole_words_only(plan: &mut Plan) {
    match plan {
        Plan::Words(w) => w.whole_words = true,
        Plan::Prefix { whole_words, .. } => *whole_words = true,
        Plan::Or(c) | Plan::And(c) => c.distinct.iter_mut().for_each(whole_words_only),
        Plan::Not(positive, _) => whole_words_only(positive),
        Plan::Near { a, b, .. } => {
            whole_words_only(a);
            whole_words_only(b);
        }
        _ => {}
    }
}

/// The field of a query `Near` can take (Term, Phrase, Prefix, Wildcard,
/// Near, an Or of them on one field), or the reference's errors. The parser runs it on
/// NEAR's operands too, so that a query string's error names the operand.
pub(crate) fn near_field(q: &Query, depth: usize) -> Result<Field> {
    check_depth(depth)?;
    match q {
        Query::Term { field, .. }
        | Query::Phrase { field, .. }
        | Query::Prefix { field, .. }
        | Query::Wildcard { field, .. } => field_of(field),
        Query::Near { a, .. } => near_field(a, depth + 1),
        Query::Or(qs) => {
            let mut fields = Vec::new();
            for c in qs {
                let f = near_field(c, depth + 1)?;
                if !fields.contains(&f) {
                    fields.push(f);
                }
            }
            if fields.len() == 1 {
                Ok(fields[0])
            } else {
                Err(query_error("an Or inside Near must search one field"))
            }
        }
        other => Err(query_error(format!(
            "Near needs positional queries (Term, Phrase, Prefix, Wildcard, Or, Near), got {}",
            other.kind()
        ))),
    }
}

fn check_depth(depth: usize) -> Result<()> {
    if depth > MAX_TREE_DEPTH {
        return Err(query_error(format!(
            "query tree nested too deeply (more than {MAX_TREE_DEPTH} levels)"
        )));
    }
    Ok(())
}
