//! Doc-id iterators over the compressed postings of one segment.
//!
//! Every iterator stands on its first matching local doc id after it is
//! built ([`TERMINATED`] when there is none), moves only forwards, and can
//! score and report the match spans of the document it stands on. Deleted
//! documents are not filtered here (the collectors skip them), which is
//! exact because a document's match never depends on other documents.

mod boolean;
mod misc;
mod near;
mod paired;
mod phrase;
mod phrase_prefix;
mod term;

pub use boolean::{AndIter, NotIter, OrIter};
pub use misc::{AllIter, BodyPrefixSpans, DateIter, EmptyIter, PrefixIter};
pub use near::WithinDistance;
pub use paired::{PairRule, PairedIter};
pub use phrase::{PhraseIter, WholeWords, phrase_occurrences};
pub use phrase_prefix::{FollowedAt, Tail};
pub use term::{KeyIter, TermIter};

use super::bm25::Field;
use super::plan::Plan;
use crate::analysis::Analyzer;
use crate::index::SegmentReader;
pub use crate::index::TERMINATED;

/// The positions of a span, inline up to two (a term's, a pair's): spans
/// are made an occurrence at a time, and a `Vec` each took a third of a
/// phrase prefix's time after a frequent word (malloc and free).
pub type Positions = smallvec::SmallVec<[u32; 2]>;

/// One match occurrence: the positions it covers (ascending) in a field.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub field: Field,
    pub positions: Positions,
}

/// A body position where a one-term clause matched a compound part, not
/// the whole word there, and the part's term ordinal: KWIC and snippets
/// show that part's extent (a hyphenated run read closed, whole).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PartMatch {
    pub position: u32,
    pub ord: u32,
}

/// A matching-document iterator.
pub trait DocIter {
    /// The current local doc id, or [`TERMINATED`].
    fn doc(&self) -> u32;
    /// Moves to the next match; returns it.
    fn next(&mut self) -> u32 {
        self.seek(self.doc().saturating_add(1))
    }
    /// Moves to the first match `>= target` (never backwards); returns it.
    fn seek(&mut self, target: u32) -> u32;
    /// BM25 score of the current document.
    fn score(&mut self) -> f64;
    /// Appends the spans of the current document to `out`.
    fn spans(&mut self, out: &mut Vec<Span>);
    /// Appends the part matches among the spans of the current document
    /// (only a term's postings have any: phrases, prefixes and `Near` see
    /// whole words).
    fn part_matches(&mut self, _out: &mut Vec<PartMatch>) {}
    /// An estimate of how many documents it yields (for ordering).
    fn cost(&self) -> u64;
}

pub type BoxIter<'a> = Box<dyn DocIter + 'a>;

/// A boxed iterator is one too (a [`PairedIter`] side may be either).
impl DocIter for BoxIter<'_> {
    fn doc(&self) -> u32 {
        (**self).doc()
    }
    fn next(&mut self) -> u32 {
        (**self).next()
    }
    fn seek(&mut self, target: u32) -> u32 {
        (**self).seek(target)
    }
    fn score(&mut self) -> f64 {
        (**self).score()
    }
    fn spans(&mut self, out: &mut Vec<Span>) {
        (**self).spans(out)
    }
    fn part_matches(&mut self, out: &mut Vec<PartMatch>) {
        (**self).part_matches(out)
    }
    fn cost(&self) -> u64 {
        (**self).cost()
    }
}

/// Something that can leapfrog: a doc id and a forward seek.
pub trait Seekable {
    fn cur(&self) -> u32;
    fn seek_to(&mut self, target: u32) -> u32;
}

impl Seekable for BoxIter<'_> {
    fn cur(&self) -> u32 {
        self.doc()
    }
    fn seek_to(&mut self, target: u32) -> u32 {
        self.seek(target)
    }
}

impl Seekable for crate::index::PostingsCursor<'_> {
    fn cur(&self) -> u32 {
        self.doc()
    }
    fn seek_to(&mut self, target: u32) -> u32 {
        self.seek(target)
    }
}

/// The first doc `>= target` on which all of `items` stand, visiting them in
/// `order` (cheapest first).
pub fn leapfrog<S: Seekable>(items: &mut [S], order: &[usize], target: u32) -> u32 {
    let Some((&lead, rest)) = order.split_first() else {
        return TERMINATED;
    };
    let mut doc = items[lead].seek_to(target);
    'outer: loop {
        if doc == TERMINATED {
            return TERMINATED;
        }
        for &i in rest {
            let d = items[i].seek_to(doc);
            if d > doc {
                doc = items[lead].seek_to(d);
                continue 'outer;
            }
        }
        return doc;
    }
}

/// The first doc `>= target` on which all `cursors` in `order` (rarest
/// first) stand, as [`leapfrog`] finds it, but the two rarest are merged
/// over their decoded blocks (a seek only per block, not per document):
/// one round of seeks brings every cursor to a block that can hold a
/// common doc, the merge finds the first doc of both blocks or shows that
/// there is none up to the first block end.
pub fn intersect(
    cursors: &mut [crate::index::PostingsCursor<'_>],
    order: &[usize],
    mut target: u32,
) -> u32 {
    let [lead, second, ..] = *order else {
        return leapfrog(cursors, order, target);
    };
    loop {
        for &c in order {
            target = cursors[c].seek(target);
        }
        target = cursors[lead].seek(target);
        if target == TERMINATED {
            return TERMINATED;
        }
        let (a, b) = (cursors[lead].block_docs(), cursors[second].block_docs());
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            let (x, y) = (a[i], b[j]);
            if x == y {
                return leapfrog(cursors, order, x);
            }
            i += (x < y) as usize;
            j += (y < x) as usize;
        }
        // No common doc up to the end of the block that ran out.
        let last = cursors[lead]
            .block_last_doc()
            .min(cursors[second].block_last_doc());
        if last == TERMINATED {
            return TERMINATED;
        }
        target = last + 1;
    }
}

/// Length of `field` of a local document.
#[inline]
pub fn field_len(seg: &SegmentReader, field: Field, local: u32) -> u32 {
    match field {
        Field::Body => seg.doc_len(local),
        Field::Title => seg.title_len(local),
    }
}

/// The joint spans of the body prefixes among an Or's `clauses`, when
/// there are several.
fn body_prefix_spans<'a>(clauses: &[Plan], seg: &'a SegmentReader) -> Option<BodyPrefixSpans<'a>> {
    let (children, expansions): (Vec<usize>, Vec<_>) = (clauses.iter().enumerate())
        .filter_map(|(i, p)| match p {
            Plan::Prefix { terms, .. } if terms.field == Field::Body => {
                Some((i, terms.expansion(seg)))
            }
            _ => None,
        })
        .unzip();
    (children.len() > 1).then(|| BodyPrefixSpans::new(seg, children, &expansions))
}

/// The iterator of `plan` over `seg`.
pub fn build<'a>(plan: &Plan, seg: &'a SegmentReader, analyzer: &'a Analyzer) -> BoxIter<'a> {
    let sub = |p: &Plan| build(p, seg, analyzer);
    match plan {
        Plan::Nothing => Box::new(EmptyIter),
        // One term: all its postings, unless only whole words count and
        // the term occurs as a part here.
        Plan::Words(w) if w.is_single() => match seg.term_ord(&w.keys[0]) {
            Some(ord) if !w.whole_words || !seg.occurs_as_part(ord) => {
                Box::new(TermIter::new(ord, seg, w.field, w.idf, w.avgdl))
            }
            Some(_) => match PhraseIter::open(seg, w, analyzer) {
                Some(it) => Box::new(it),
                None => Box::new(EmptyIter),
            },
            None => Box::new(EmptyIter),
        },
        Plan::Words(w) => match PhraseIter::open(seg, w, analyzer) {
            Some(it) => Box::new(it),
            None => Box::new(EmptyIter),
        },
        Plan::And(c) => Box::new(AndIter::new(
            c.distinct.iter().map(sub).collect(),
            c.order.clone(),
        )),
        Plan::Or(c) => Box::new(OrIter::new(
            c.distinct.iter().map(sub).collect(),
            c.order.clone(),
            body_prefix_spans(&c.distinct, seg),
        )),
        Plan::Not(p, n) => Box::new(NotIter::new(sub(p), sub(n))),
        Plan::Near { a, b, distance } => {
            Box::new(PairedIter::new(sub(a), sub(b), WithinDistance(*distance)))
        }
        Plan::Prefix { terms, whole_words } => {
            Box::new(PrefixIter::new(seg, terms, whole_words.then_some(analyzer)))
        }
        Plan::PhrasePrefix { head, tail, offset } => {
            let head = sub(head);
            let tail = Tail::new(PrefixIter::new(seg, tail, None), &head);
            let rule = FollowedAt {
                offset: *offset,
                analyzer,
            };
            Box::new(PairedIter::new(head, tail, rule))
        }
        Plan::All => Box::new(AllIter::new(seg.num_docs_in_segment())),
        Plan::Key(key) => match seg.term_ord(key) {
            Some(ord) => Box::new(KeyIter::new(seg.postings(ord))),
            None => Box::new(EmptyIter),
        },
        Plan::Date { start, end } => Box::new(DateIter::new(seg, *start, *end)),
    }
}
