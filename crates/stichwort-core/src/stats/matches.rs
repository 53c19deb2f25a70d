//! Where a target matches: per segment, the documents that pass a filter
//! and the body spans of every occurrence of a target (the positions each
//! occurrence covers), as the reference backend defines them.
//!
//! Term and exact-phrase targets are matched here from postings and
//! positions (a phrase is a position intersection with the analysed
//! pattern's offsets). Filters may combine dates, metadata values, terms and
//! phrases with And/Or/Not; other query nodes are matched by the query
//! engine.
//!
//! On a decompounding index (README.md, "German compounds") a target and a filter phrase
//! see whole words only: a position counts when the forward index has the
//! key's term there, not a compound part. A filter Term matches every
//! posting, parts included, as a Term query does.

use rustc_hash::FxHashSet;

use crate::analysis::Analyzer;
use crate::index::{Searcher, SegmentReader, TERMINATED, TITLE_PREFIX, field_key};
use crate::query::iter::WholeWords;
use crate::query::plan::Planner;
use crate::query::search::sized_stack;
use crate::query::{Field, Query, iter};
use crate::{Error, Result};

/// A Term or Phrase analysed into dictionary keys and position offsets.
#[derive(Clone, Debug)]
pub struct Pattern {
    /// Dictionary keys (`title:` + term for the title field).
    pub keys: Vec<String>,
    /// Offset of each key from the first (gaps of dropped stop words kept).
    pub offsets: Vec<u32>,
    /// Spans in the body (false: title, which co-occurrence never counts in).
    pub body: bool,
    /// Whole-word occurrences only (never compound parts).
    pub whole_words: bool,
    analyzer: Analyzer,
}

fn engine_needed(what: &str) -> Error {
    Error::Query {
        position: 0,
        message: format!("query targets need the query engine ({what} is not supported yet)"),
    }
}

impl Pattern {
    /// The pattern of a co-occurrence target: whole words only, a Term too.
    pub fn target(query: &Query, analyzer: &Analyzer) -> Result<Pattern> {
        let mut p = Pattern::of(query, analyzer)?;
        p.whole_words = analyzer.config().emits_parts();
        Ok(p)
    }

    /// True for a Term or exact Phrase a [`Pattern`] matches: not a
    /// hyphenated word that is also looked for closed
    /// ([`Analyzer::closed_form`]), which the query engine matches.
    pub fn matches_alone(query: &Query, analyzer: &Analyzer) -> bool {
        match query {
            Query::Term { text, .. } => analyzer.closed_form(text).is_none(),
            Query::Phrase { slop, .. } => *slop == 0,
            _ => false,
        }
    }

    /// The pattern of a Term or an exact Phrase (words joined by spaces and
    /// analysed as one text, as the reference does) as a filter matches it.
    pub fn of(query: &Query, analyzer: &Analyzer) -> Result<Pattern> {
        let (text, field) = match query {
            Query::Term { text, field } => (text.clone(), field),
            Query::Phrase {
                words,
                slop: 0,
                field,
            } => (words.join(" "), field),
            Query::Phrase { .. } => return Err(engine_needed("a phrase with slop")),
            other => return Err(engine_needed(other.kind())),
        };
        let body = match field.as_deref() {
            None => true,
            Some("title") => false,
            Some(f) => {
                return Err(Error::Schema(format!(
                    "unknown field {f:?}: the index has the text (no field) and 'title'"
                )));
            }
        };
        let (mut keys, mut offsets) = (Vec::new(), Vec::new());
        let mut first = None;
        analyzer.analyze(&text, &mut |t| {
            if t.is_part {
                return;
            }
            let p0 = *first.get_or_insert(t.position);
            keys.push(if body {
                t.term.to_string()
            } else {
                format!("{TITLE_PREFIX}{}", t.term)
            });
            offsets.push(t.position - p0);
        });
        Ok(Pattern {
            whole_words: analyzer.config().emits_parts() && keys.len() > 1,
            keys,
            offsets,
            body,
            analyzer: analyzer.clone(),
        })
    }

    /// The keys' ordinals in `seg` (None when one is not there).
    pub fn ords(&self, seg: &SegmentReader) -> Option<Vec<u32>> {
        self.keys.iter().map(|k| seg.term_ord(k)).collect()
    }

    /// Calls `f(local, spans)` for every document of `seg` that `allowed`
    /// accepts and the pattern matches, ascending; `spans` holds the
    /// positions of each occurrence (`keys.len()` each, ascending).
    pub fn for_each_match(
        &self,
        seg: &SegmentReader,
        allowed: &dyn Fn(u32) -> bool,
        f: &mut dyn FnMut(u32, &[u32]),
    ) {
        if let Some(ords) = self.ords(seg) {
            self.for_each_match_of(seg, &ords, allowed, f);
        }
    }

    /// [`Self::for_each_match`] with the keys' ordinals in `seg` known.
    pub fn for_each_match_of(
        &self,
        seg: &SegmentReader,
        ords: &[u32],
        allowed: &dyn Fn(u32) -> bool,
        f: &mut dyn FnMut(u32, &[u32]),
    ) {
        if ords.is_empty() {
            return;
        }
        let mut cursors: Vec<_> = ords.iter().map(|&o| seg.postings(o)).collect();
        let mut whole = self
            .whole_words
            .then(|| WholeWords::new(&self.analyzer, &self.keys, ords.to_vec()));
        if let ([c], None) = (&mut cursors[..], &whole) {
            // One key, every position a match: a block's positions in one decode.
            let (mut values, mut starts) = (Vec::new(), Vec::new());
            while c.doc() != TERMINATED && c.block_positions(&mut values, &mut starts) {
                let docs = c.block_docs();
                for (j, &doc) in docs.iter().enumerate() {
                    // (Runs that do not fit the values: damaged data, read no further.)
                    let Some(run) = starts
                        .get(j..j + 2)
                        .and_then(|s| values.get(s[0] as usize..s[1] as usize))
                    else {
                        return;
                    };
                    if allowed(doc) {
                        f(doc, run);
                    }
                }
                c.advance_in_block(docs.len() - 1);
                c.advance();
            }
            return;
        }
        let field = if self.body { Field::Body } else { Field::Title };
        let mut lists: Vec<Vec<u32>> = vec![Vec::new(); ords.len()];
        let mut spans = Vec::new();
        let mut doc = cursors[0].doc();
        'docs: while doc != TERMINATED {
            // Leapfrog: every cursor on `doc`, or move `doc` forward.
            for c in cursors.iter_mut() {
                let d = c.seek(doc);
                if d != doc {
                    doc = d;
                    continue 'docs;
                }
            }
            if allowed(doc) {
                for (c, l) in cursors.iter_mut().zip(lists.iter_mut()) {
                    c.positions(l);
                }
                self.spans(&lists, &mut spans);
                if !spans.is_empty()
                    && let Some(w) = whole.as_mut()
                {
                    w.filter(seg, field, doc, &mut lists);
                    self.spans(&lists, &mut spans);
                }
                if !spans.is_empty() {
                    f(doc, &spans);
                }
            }
            doc = cursors[0].advance();
        }
    }
}

impl Pattern {
    /// The occurrences of the pattern in `lists` (positions per key) into `spans`.
    fn spans(&self, lists: &[Vec<u32>], spans: &mut Vec<u32>) {
        spans.clear();
        for &p in &lists[0] {
            let hit = self
                .offsets
                .iter()
                .zip(lists)
                .skip(1)
                .all(|(&o, l)| l.binary_search(&(p + o)).is_ok());
            if hit {
                spans.extend(self.offsets.iter().map(|&o| p + o));
            }
        }
    }
}

/// The live documents of `seg` that match `filter` (all live ones for
/// None); the caller checks its fields first
/// ([`check_fields`](crate::query::plan::check_fields)).
pub fn allowed_docs(
    s: &Searcher,
    seg: &SegmentReader,
    filter: Option<&Query>,
) -> Result<Vec<bool>> {
    let mut docs = match filter {
        None => vec![true; seg.num_docs_in_segment() as usize],
        // One planner for the whole filter: its prefixes expand once.
        // (A filter without terms, alone, matches nothing, as a query does.)
        Some(q) => doc_set(s, &Planner::new(s.analyzer(), s), seg, q)?
            .unwrap_or_else(|| vec![false; seg.num_docs_in_segment() as usize]),
    };
    for (local, ok) in docs.iter_mut().enumerate() {
        *ok &= !seg.is_deleted(local as u32);
    }
    Ok(docs)
}

/// The documents of `seg` that `q` matches; None when `q` has no terms
/// (a Term or Phrase of stop words or punctuation only, or a query of such
/// clauses), which And, Or and Not leave out, as the query engine does
/// ([`Planner::clause`]).
fn doc_set(
    s: &Searcher,
    planner: &Planner,
    seg: &SegmentReader,
    q: &Query,
) -> Result<Option<Vec<bool>>> {
    let n = seg.num_docs_in_segment() as usize;
    Ok(Some(match q {
        Query::All => vec![true; n],
        Query::DateRange { start, end } => (0..n as u32)
            .map(|l| {
                seg.date(l)
                    .is_some_and(|d| start.is_none_or(|s| s <= d) && end.is_none_or(|e| d <= e))
            })
            .collect(),
        Query::FieldValue { name, value } => {
            let mut out = vec![false; n];
            if let Some(ord) = seg.term_ord(&field_key(name, value)) {
                let mut c = seg.postings(ord);
                while c.doc() != TERMINATED {
                    out[c.doc() as usize] = true;
                    c.advance();
                }
            }
            out
        }
        Query::And(qs) | Query::Or(qs) => {
            let and = matches!(q, Query::And(_));
            let mut out: Option<Vec<bool>> = None;
            // A repeated clause selects the same documents: each once.
            let mut seen = FxHashSet::default();
            for c in qs.iter().filter(|&c| seen.insert(c)) {
                let Some(docs) = doc_set(s, planner, seg, c)? else {
                    continue;
                };
                match out.as_mut() {
                    None => out = Some(docs),
                    Some(o) => {
                        for (o, v) in o.iter_mut().zip(docs) {
                            *o = if and { *o && v } else { *o || v };
                        }
                    }
                }
            }
            return Ok(out);
        }
        Query::Not { positive, negative } => {
            let Some(mut out) = doc_set(s, planner, seg, positive)? else {
                return Ok(None);
            };
            if let Some(neg) = doc_set(s, planner, seg, negative)? {
                for (o, v) in out.iter_mut().zip(neg) {
                    *o &= !v;
                }
            }
            out
        }
        q if Pattern::matches_alone(q, s.analyzer()) => {
            let pattern = Pattern::of(q, s.analyzer())?;
            if pattern.keys.is_empty() {
                return Ok(None);
            }
            let mut out = vec![false; n];
            pattern.for_each_match(seg, &|_| true, &mut |l, _| out[l as usize] = true);
            out
        }
        // Near, Prefix and a hyphenated word's two spellings: the query engine's match.
        _ => {
            return sized_stack(q, None, || -> Result<Option<Vec<bool>>> {
                let Some(plan) = planner.clause_plan(q)? else {
                    return Ok(None);
                };
                let mut out = vec![false; n];
                let mut it = iter::build(&plan, seg, s.analyzer());
                while it.doc() != TERMINATED {
                    out[it.doc() as usize] = true;
                    it.next();
                }
                Ok(Some(out))
            });
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::AnalyzerConfig;
    use crate::index::{DocInput, Index, IndexOptions};

    #[test]
    fn phrase_spans_and_filters() {
        let an = Analyzer::new(AnalyzerConfig::simple()).unwrap();
        let mut ix = Index::in_memory(an.clone(), IndexOptions::default()).unwrap();
        let doc = |t: &str, f: &[(&str, &str)]| DocInput {
            text: t.into(),
            fields: f
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            ..Default::default()
        };
        ix.add_many(vec![doc("a b a b b", &[("s", "x")]), doc("b a b", &[])])
            .unwrap();
        let s = ix.searcher().unwrap();
        let seg = &s.segments()[0];
        let p = Pattern::of(
            &Query::Phrase {
                words: vec!["A".into(), "b".into()],
                slop: 0,
                field: None,
            },
            &an,
        )
        .unwrap();
        let mut got = Vec::new();
        p.for_each_match(seg, &|_| true, &mut |l, sp| got.push((l, sp.to_vec())));
        assert_eq!(got, vec![(0, vec![0, 1, 2, 3]), (1, vec![1, 2])]);
        let f = Query::FieldValue {
            name: "s".into(),
            value: "x".into(),
        };
        assert_eq!(allowed_docs(&s, seg, Some(&f)).unwrap(), vec![true, false]);
        let not = Query::Not {
            positive: Box::new(Query::All),
            negative: Box::new(f),
        };
        assert_eq!(
            allowed_docs(&s, seg, Some(&not)).unwrap(),
            vec![false, true]
        );
        let near = Query::Near {
            a: Box::new(Query::All),
            b: Box::new(Query::All),
            distance: 1,
        };
        assert!(matches!(
            allowed_docs(&s, seg, Some(&near)),
            Err(Error::Query { .. })
        ));
    }
}
