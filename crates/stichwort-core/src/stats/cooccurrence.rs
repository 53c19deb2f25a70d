//! Collocates of a target: counts around its occurrences, read from the
//! forward index into a dense array over term ordinals (per segment, in
//! parallel), merged across segments by term, scored and ranked.
//!
//! Counting, exactly as the reference backend (`backends/python.py`):
//! - window w: for an occurrence covering positions f..l, every token at
//!   f-w ..= l+w of the same document outside the occurrence counts once;
//! - sentence: the same over the sentences that hold f and l;
//! - document: a term counts once per matching document when it occurs
//!   outside the target's spans.
//!
//! f_x = occurrences (documents for scope "document"), f_y = the term's
//! whole-word frequency (document frequency), N = tokens (documents), all
//! over the live documents that pass the filter.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::matches::{Pattern, allowed_docs};
use super::measures::Measure;
use crate::index::forward::NO_TERM;
use crate::index::{Searcher, SegmentReader};
use crate::query::Query;
use crate::{Error, Result};

/// What counts as "together with the target".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Tokens at most this many positions away (at least 1).
    Window(u32),
    /// Tokens of the same sentence.
    Sentence,
    /// Documents containing both.
    Document,
}

impl Scope {
    /// The scope of its name; `window` is the size for "window".
    pub fn from_name(name: &str, window: u32) -> Result<Scope> {
        match name {
            "window" if window == 0 => {
                Err(Error::InvalidArgument("window must be at least 1".into()))
            }
            "window" => Ok(Scope::Window(window)),
            "sentence" => Ok(Scope::Sentence),
            "document" => Ok(Scope::Document),
            _ => Err(Error::InvalidArgument(format!(
                "unknown scope {name:?}; valid: window, sentence, document"
            ))),
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct CoocOptions {
    pub scope: Scope,
    pub measure: Measure,
    /// Keep the best `top` (None: all).
    pub top: Option<usize>,
    /// Keep terms with f_xy at least this.
    pub min_count: u64,
}

/// Collocates, best first: score descending, then term ascending.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Collocates {
    pub terms: Vec<String>,
    pub f_xy: Vec<u64>,
    pub f_y: Vec<u64>,
    pub scores: Vec<f64>,
    pub f_x: u64,
    pub n: u64,
}

/// Documents of a segment handed to one task.
const CHUNK_DOCS: usize = 256;

/// Dense counts over a segment's term ordinals, remembering which are set.
pub(crate) struct Counts {
    pub counts: Vec<u32>,
    pub touched: Vec<u32>,
}

impl Counts {
    pub fn new(num_terms: usize) -> Counts {
        Counts {
            counts: vec![0; num_terms],
            touched: Vec::new(),
        }
    }

    #[inline]
    pub fn bump(&mut self, ord: u32) {
        if let Some(c) = self.counts.get_mut(ord as usize) {
            if *c == 0 {
                self.touched.push(ord);
            }
            *c += 1;
        }
    }

    pub fn add(mut self, other: Counts) -> Counts {
        for &o in &other.touched {
            let c = other.counts[o as usize];
            if self.counts[o as usize] == 0 {
                self.touched.push(o);
            }
            self.counts[o as usize] += c;
        }
        self
    }
}

/// One segment's share: counts by ordinal, f_x, and f_y/N by ordinal.
struct SegCounts {
    counts: Counts,
    f_x: u64,
    /// f_y per ordinal when a filter applies (None: the cached live totals).
    f_y: Option<Vec<u64>>,
    n: u64,
}

/// f_y per ordinal and N over the allowed documents of `seg`.
fn filtered_freqs(seg: &SegmentReader, allowed: &[bool], per_doc: bool) -> (Vec<u64>, u64) {
    let mut f = vec![0u64; seg.num_terms() as usize];
    let mut stamp = vec![0u32; f.len()];
    let (mut n, mut fwd) = (0u64, Vec::new());
    for (local, _) in allowed.iter().enumerate().filter(|a| *a.1) {
        seg.forward(local as u32, &mut fwd);
        n += if per_doc {
            1
        } else {
            fwd.iter().filter(|&&o| o != NO_TERM).count() as u64
        };
        for &o in &fwd {
            if let Some(c) = f.get_mut(o as usize)
                && (!per_doc || stamp[o as usize] != local as u32 + 1)
            {
                *c += 1;
                stamp[o as usize] = local as u32 + 1;
            }
        }
    }
    (f, n)
}

/// Target occurrences of one segment: matching docs with their flattened spans.
struct Occurrences {
    docs: Vec<u32>,
    /// doc i's spans are `pos[ends[i-1]..ends[i]]`, `span_len` positions each.
    ends: Vec<usize>,
    pos: Vec<u32>,
    span_len: usize,
}

fn occurrences(seg: &SegmentReader, pattern: &Pattern, allowed: &[bool]) -> Occurrences {
    let mut occ = Occurrences {
        docs: Vec::new(),
        ends: Vec::new(),
        pos: Vec::new(),
        span_len: pattern.keys.len(),
    };
    pattern.for_each_match(seg, &|l| allowed[l as usize], &mut |l, spans| {
        occ.docs.push(l);
        if pattern.body {
            occ.pos.extend_from_slice(spans);
        }
        occ.ends.push(occ.pos.len());
    });
    occ
}

/// Counts around the occurrences of docs `range` of `occ` into `counts`.
fn count_docs(
    seg: &SegmentReader,
    occ: &Occurrences,
    range: std::ops::Range<usize>,
    scope: Scope,
    counts: &mut Counts,
) {
    let (mut fwd, mut sent, mut inside) = (Vec::new(), Vec::new(), Vec::new());
    let mut stamp = if scope == Scope::Document {
        vec![0u32; counts.counts.len()]
    } else {
        Vec::new()
    };
    for i in range {
        let local = occ.docs[i];
        let start = if i == 0 { 0 } else { occ.ends[i - 1] };
        let spans = &occ.pos[start..occ.ends[i]];
        seg.forward(local, &mut fwd);
        if scope == Scope::Document {
            inside.clear();
            inside.extend_from_slice(spans);
            inside.sort_unstable();
            let mut k = 0;
            for (p, &o) in fwd.iter().enumerate() {
                while k < inside.len() && (inside[k] as usize) < p {
                    k += 1;
                }
                if o != NO_TERM
                    && !(k < inside.len() && inside[k] as usize == p)
                    && stamp[o as usize] != i as u32 + 1
                {
                    stamp[o as usize] = i as u32 + 1;
                    counts.bump(o);
                }
            }
            continue;
        }
        if scope == Scope::Sentence {
            seg.sentence_starts(local, &mut sent);
        }
        let len = fwd.len();
        for span in spans.chunks_exact(occ.span_len.max(1)) {
            let (f, l) = (span[0] as usize, span[span.len() - 1] as usize);
            let (lo, hi) = match scope {
                Scope::Window(w) => (
                    f.saturating_sub(w as usize),
                    l.saturating_add(w as usize).min(len.saturating_sub(1)),
                ),
                _ => {
                    let a = sent.partition_point(|&s| s as usize <= f);
                    let b = sent.partition_point(|&s| s as usize <= l);
                    let lo = if a == 0 { 0 } else { sent[a - 1] as usize };
                    let hi = sent.get(b).map_or(len, |&s| s as usize).min(len);
                    (lo, hi.saturating_sub(1))
                }
            };
            let mut k = 0;
            for (p, &o) in fwd.iter().enumerate().take(hi + 1).skip(lo) {
                while k < span.len() && (span[k] as usize) < p {
                    k += 1;
                }
                if o != NO_TERM && !(k < span.len() && span[k] as usize == p) {
                    counts.bump(o);
                }
            }
        }
    }
}

fn count_segment(
    seg: &SegmentReader,
    pattern: &Pattern,
    allowed: &[bool],
    filtered: bool,
    scope: Scope,
) -> SegCounts {
    let occ = occurrences(seg, pattern, allowed);
    let num_terms = seg.num_terms() as usize;
    let chunks: Vec<std::ops::Range<usize>> = (0..occ.docs.len())
        .step_by(CHUNK_DOCS)
        .map(|a| a..(a + CHUNK_DOCS).min(occ.docs.len()))
        .collect();
    let counts = chunks
        .into_par_iter()
        .map(|r| {
            let mut c = Counts::new(num_terms);
            count_docs(seg, &occ, r, scope, &mut c);
            c
        })
        .reduce_with(Counts::add)
        .unwrap_or_else(|| Counts::new(0));
    let per_doc = scope == Scope::Document;
    let f_x = if per_doc {
        occ.docs.len() as u64
    } else {
        (occ.pos.len() / occ.span_len.max(1)) as u64
    };
    let (f_y, n) = if filtered {
        let (f, n) = filtered_freqs(seg, allowed, per_doc);
        (Some(f), n)
    } else if per_doc {
        (None, seg.num_live_docs() as u64)
    } else {
        (None, seg.body_freqs().num_tokens)
    };
    SegCounts {
        counts,
        f_x,
        f_y,
        n,
    }
}

fn seg_f_y(seg: &SegmentReader, sc: &SegCounts, ord: u32, per_doc: bool) -> u64 {
    match &sc.f_y {
        Some(f) => f[ord as usize],
        None if per_doc => seg.body_freqs().df[ord as usize] as u64,
        None => seg.body_freqs().cf[ord as usize],
    }
}

/// The collocates of `target` (a Term or Phrase until the query engine
/// lands) over the live documents that match `filter`.
pub fn cooccurrence(
    s: &Searcher,
    target: &Query,
    filter: Option<&Query>,
    opts: &CoocOptions,
) -> Result<Collocates> {
    if let Scope::Window(0) = opts.scope {
        return Err(Error::InvalidArgument("window must be at least 1".into()));
    }
    let pattern = Pattern::of(target, s.analyzer())?;
    let segs = s.segments();
    let per_doc = opts.scope == Scope::Document;
    let parts: Vec<SegCounts> = segs
        .par_iter()
        .map(|seg| {
            let allowed = allowed_docs(seg, s.analyzer(), filter)?;
            Ok(count_segment(
                seg,
                &pattern,
                &allowed,
                filter.is_some(),
                opts.scope,
            ))
        })
        .collect::<Result<_>>()?;
    let f_x: u64 = parts.iter().map(|p| p.f_x).sum();
    let n: u64 = parts.iter().map(|p| p.n).sum();
    // term -> (f_xy, f_y so far, bitmask of the segments that added their f_y).
    let mut merged: FxHashMap<&str, (u64, u64, u64)> = FxHashMap::default();
    for (i, (seg, p)) in segs.iter().zip(&parts).enumerate() {
        for &o in &p.counts.touched {
            let e = merged.entry(seg.term(o)).or_default();
            e.0 += p.counts.counts[o as usize] as u64;
            // Segments 0..64 note that they added f_y; later ones are looked up.
            if i < 64 {
                e.1 += seg_f_y(seg, p, o, per_doc);
                e.2 |= 1 << i;
            }
        }
    }
    let mut rows: Vec<(f64, &str, u64, u64)> = merged
        .into_iter()
        .filter(|(_, e)| e.0 >= opts.min_count)
        .map(|(term, (f_xy, mut f_y, seen))| {
            // Frequencies from the segments where the term had no count.
            for (i, (seg, p)) in segs.iter().zip(&parts).enumerate() {
                if (i >= 64 || seen & (1 << i) == 0)
                    && let Some(o) = seg.term_ord(term)
                {
                    f_y += seg_f_y(seg, p, o, per_doc);
                }
            }
            (opts.measure.score(f_xy, f_x, f_y, n), term, f_xy, f_y)
        })
        .collect();
    let by_rank = |a: &(f64, &str, u64, u64), b: &(f64, &str, u64, u64)| {
        b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1))
    };
    if let Some(k) = opts.top
        && k < rows.len()
    {
        if k > 0 {
            rows.select_nth_unstable_by(k - 1, by_rank);
        }
        rows.truncate(k);
    }
    rows.sort_unstable_by(by_rank);
    Ok(Collocates {
        terms: rows.iter().map(|r| r.1.to_string()).collect(),
        f_xy: rows.iter().map(|r| r.2).collect(),
        f_y: rows.iter().map(|r| r.3).collect(),
        scores: rows.iter().map(|r| r.0).collect(),
        f_x,
        n,
    })
}
