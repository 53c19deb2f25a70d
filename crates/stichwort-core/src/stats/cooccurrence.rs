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

/// Per-thread arrays over term ordinals, reused from call to call (rayon's
/// threads live as long as the process): counts, zero between uses, and
/// document stamps for counting a term once per document.
#[derive(Default)]
pub(crate) struct Scratch {
    counts: Vec<u32>,
    touched: Vec<u32>,
    stamp: Vec<u32>,
    epoch: u32,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

impl Scratch {
    /// Runs `f` with this thread's scratch sized for `num_terms` ordinals.
    fn with<T>(num_terms: usize, f: impl FnOnce(&mut Scratch) -> T) -> T {
        SCRATCH.with_borrow_mut(|s| {
            if s.counts.len() < num_terms {
                s.counts.resize(num_terms, 0);
                s.stamp.resize(num_terms, 0);
            }
            f(s)
        })
    }

    #[inline]
    fn add(&mut self, ord: u32, n: u32) {
        if let Some(c) = self.counts.get_mut(ord as usize) {
            if *c == 0 {
                self.touched.push(ord);
            }
            *c += n;
        }
    }

    /// A fresh stamp for the next document.
    fn next_doc(&mut self) -> u32 {
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.stamp.fill(0);
            self.epoch = 1;
        }
        self.epoch
    }

    /// Is this the first time `ord` is seen in the current document?
    #[inline]
    fn first_in_doc(&mut self, ord: u32) -> bool {
        let s = &mut self.stamp[ord as usize];
        let first = *s != self.epoch;
        *s = self.epoch;
        first
    }

    /// The (ordinal, count) pairs so far; leaves the counts at zero.
    fn take(&mut self) -> Vec<(u32, u32)> {
        let out = self
            .touched
            .iter()
            .map(|&o| (o, std::mem::take(&mut self.counts[o as usize])))
            .collect();
        self.touched.clear();
        out
    }
}

/// One segment's share: counts by ordinal, f_x, and f_y/N by ordinal.
struct SegCounts {
    /// (ordinal, f_xy) of every term counted.
    counts: Vec<(u32, u32)>,
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

fn occurrences(seg: &SegmentReader, pattern: &Pattern, allowed: Option<&[bool]>) -> Occurrences {
    let mut occ = Occurrences {
        docs: Vec::new(),
        ends: Vec::new(),
        pos: Vec::new(),
        span_len: pattern.keys.len(),
    };
    let ok = |l: u32| allowed.map_or_else(|| !seg.is_deleted(l), |a| a[l as usize]);
    pattern.for_each_match(seg, &ok, &mut |l, spans| {
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
    counts: &mut Scratch,
) {
    let (mut fwd, mut sent, mut inside) = (Vec::new(), Vec::new(), Vec::new());
    for i in range {
        let local = occ.docs[i];
        let start = if i == 0 { 0 } else { occ.ends[i - 1] };
        let spans = &occ.pos[start..occ.ends[i]];
        seg.forward(local, &mut fwd);
        if scope == Scope::Document {
            counts.next_doc();
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
                    && counts.first_in_doc(o)
                {
                    counts.add(o, 1);
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
                    counts.add(o, 1);
                }
            }
        }
    }
}

fn count_segment(
    seg: &SegmentReader,
    pattern: &Pattern,
    allowed: Option<&[bool]>,
    scope: Scope,
) -> SegCounts {
    let occ = occurrences(seg, pattern, allowed);
    let num_terms = seg.num_terms() as usize;
    // A few chunks a thread: enough to balance, few partial results to add up.
    let size = (occ.docs.len() / (4 * rayon::current_num_threads())).max(64);
    let chunks: Vec<std::ops::Range<usize>> = (0..occ.docs.len())
        .step_by(size)
        .map(|a| a..(a + size).min(occ.docs.len()))
        .collect();
    let mut parts: Vec<Vec<(u32, u32)>> = chunks
        .into_par_iter()
        .map(|r| {
            Scratch::with(num_terms, |s| {
                count_docs(seg, &occ, r, scope, s);
                s.take()
            })
        })
        .collect();
    let counts = if parts.len() <= 1 {
        parts.pop().unwrap_or_default()
    } else {
        Scratch::with(num_terms, |s| {
            for &(o, c) in parts.iter().flatten() {
                s.add(o, c);
            }
            s.take()
        })
    };
    let per_doc = scope == Scope::Document;
    let f_x = if per_doc {
        occ.docs.len() as u64
    } else {
        (occ.pos.len() / occ.span_len.max(1)) as u64
    };
    let (f_y, n) = if let Some(allowed) = allowed {
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
    let pattern = Pattern::target(target, s.analyzer())?;
    let segs = s.segments();
    let per_doc = opts.scope == Scope::Document;
    let parts: Vec<SegCounts> = segs
        .par_iter()
        .map(|seg| {
            // Without a filter, only deletes restrict, checked on the fly.
            let allowed = match filter {
                Some(_) => Some(allowed_docs(seg, s.analyzer(), filter)?),
                None => None,
            };
            Ok(count_segment(seg, &pattern, allowed.as_deref(), opts.scope))
        })
        .collect::<Result<_>>()?;
    let f_x: u64 = parts.iter().map(|p| p.f_x).sum();
    let n: u64 = parts.iter().map(|p| p.n).sum();
    // Rows carry an ordinal (one segment) or a term (merged); names are looked up
    // only for the rows that ranking by term needs.
    let merged = match segs {
        [_] => Vec::new(),
        _ => merge_segments(segs, &parts, per_doc, opts.min_count),
    };
    let rows: Vec<Row<'_>> = match (segs, &parts[..]) {
        ([seg], [p]) => p
            .counts
            .iter()
            .filter(|&&(_, c)| u64::from(c) >= opts.min_count)
            .map(|&(o, c)| {
                let (f_xy, f_y) = (u64::from(c), seg_f_y(seg, p, o, per_doc));
                (
                    opts.measure.score(f_xy, f_x, f_y, n),
                    Key::Ord(o),
                    f_xy,
                    f_y,
                )
            })
            .collect(),
        _ => merged
            .iter()
            .map(|(t, f_xy, f_y)| {
                let (f_xy, f_y) = (*f_xy, *f_y);
                (
                    opts.measure.score(f_xy, f_x, f_y, n),
                    Key::Term(t),
                    f_xy,
                    f_y,
                )
            })
            .collect(),
    };
    let name = |k: Key<'_>| -> String {
        match k {
            Key::Ord(o) => segs[0].term(o),
            Key::Term(t) => t.to_string(),
        }
    };
    let rows = rank(rows, opts.top, &name);
    Ok(Collocates {
        terms: rows.iter().map(|r| name(r.1)).collect(),
        f_xy: rows.iter().map(|r| r.2).collect(),
        f_y: rows.iter().map(|r| r.3).collect(),
        scores: rows.iter().map(|r| r.0).collect(),
        f_x,
        n,
    })
}

#[derive(Clone, Copy)]
enum Key<'a> {
    Ord(u32),
    Term(&'a str),
}

/// (score, term, f_xy, f_y).
type Row<'a> = (f64, Key<'a>, u64, u64);

/// Descending scores (never NaN; -0.0 equals 0.0, as in Python).
fn by_score(a: f64, b: f64) -> std::cmp::Ordering {
    b.partial_cmp(&a).unwrap_or(std::cmp::Ordering::Equal)
}

/// The best `top` rows (all for None), by score descending, then term
/// ascending. Only the rows tied at the cut need their names to be chosen.
fn rank<'a>(
    mut rows: Vec<Row<'a>>,
    top: Option<usize>,
    name: &dyn Fn(Key<'a>) -> String,
) -> Vec<Row<'a>> {
    if let Some(k) = top
        && k < rows.len()
    {
        if k == 0 {
            return Vec::new();
        }
        rows.select_nth_unstable_by(k - 1, |a, b| by_score(a.0, b.0));
        let cut = rows[k - 1].0;
        let mut kept: Vec<Row<'a>> = rows[..k].iter().copied().filter(|r| r.0 != cut).collect();
        let mut ties: Vec<(String, Row<'a>)> = rows
            .iter()
            .filter(|r| r.0 == cut)
            .map(|r| (name(r.1), *r))
            .collect();
        let need = k - kept.len();
        if need < ties.len() {
            ties.select_nth_unstable_by(need, |a, b| a.0.cmp(&b.0));
            ties.truncate(need);
        }
        kept.extend(ties.into_iter().map(|t| t.1));
        rows = kept;
    }
    let mut named: Vec<(String, Row<'a>)> = rows.into_iter().map(|r| (name(r.1), r)).collect();
    named.sort_unstable_by(|a, b| by_score(a.1.0, b.1.0).then_with(|| a.0.cmp(&b.0)));
    named.into_iter().map(|t| t.1).collect()
}

/// (term, f_xy, f_y) over several segments (their ordinals differ), f_xy >= `min_count`.
fn merge_segments(
    segs: &[SegmentReader],
    parts: &[SegCounts],
    per_doc: bool,
    min_count: u64,
) -> Vec<(String, u64, u64)> {
    // term -> (f_xy, f_y so far, bitmask of the segments that added their f_y).
    let mut merged: FxHashMap<String, (u64, u64, u64)> = FxHashMap::default();
    for (i, (seg, p)) in segs.iter().zip(parts).enumerate() {
        for &(o, c) in &p.counts {
            let e = merged.entry(seg.term(o)).or_default();
            e.0 += u64::from(c);
            // Segments 0..64 note that they added f_y; later ones are looked up.
            if i < 64 {
                e.1 += seg_f_y(seg, p, o, per_doc);
                e.2 |= 1 << i;
            }
        }
    }
    merged
        .into_iter()
        .filter(|(_, e)| e.0 >= min_count)
        .map(|(term, (f_xy, mut f_y, seen))| {
            // Frequencies from the segments where the term had no count.
            for (i, (seg, p)) in segs.iter().zip(parts).enumerate() {
                if (i >= 64 || seen & (1 << i) == 0)
                    && let Some(o) = seg.term_ord(&term)
                {
                    f_y += seg_f_y(seg, p, o, per_doc);
                }
            }
            (term, f_xy, f_y)
        })
        .collect()
}
