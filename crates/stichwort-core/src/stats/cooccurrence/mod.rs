//! Collocates of a target: counts around its occurrences, read from the
//! forward index as lists of segment ordinals (parts of a large target
//! claimed by the calling thread and helper threads, see
//! [`crate::threads::claim_parts`]) sorted or tallied into (ordinal,
//! count), translated to the snapshot's global term ids and added up there
//! in ranges of ids, scored and ranked by id; only the rows kept are named.
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
//!
//! One concern a module, in the order a call runs:
//! - [`occurrences`]: where the target occurs (documents and spans per segment);
//! - [`count`]: the hits around them, read from the forward index, in
//!   parts shared with the helper threads;
//! - [`hits`]: one participant's hits, tallied and named by global id;
//! - [`sums`]: the participants' lists of (id, count) added up;
//! - [`rank`]: scored, the best kept and ranked.

mod count;
mod hits;
mod occurrences;
mod rank;
mod sums;

use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use self::count::{CountJob, ReadJob, f_x};
use self::occurrences::{Occurrences, Target};
use self::rank::{RankJob, Row, Scoring, rank};
use self::sums::{IdCounts, id_ranges};
use super::matches::allowed_docs;
use super::measures::Measure;
use crate::index::forward::NO_TERM;
use crate::index::{Searcher, SegmentReader};
use crate::query::Query;
use crate::query::plan::check_fields;
use crate::query::search::sized_stack;
use crate::threads;
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
    /// The terms one after another, and where each ends: two allocations
    /// for all the rows, where a `String` a row took a tenth of a rare
    /// target's call ([`Collocates::terms`]).
    names: String,
    name_ends: Vec<usize>,
    pub f_xy: Vec<u64>,
    pub f_y: Vec<u64>,
    pub scores: Vec<f64>,
    pub f_x: u64,
    pub n: u64,
}

impl Collocates {
    /// The terms, best first.
    pub fn terms(&self) -> impl ExactSizeIterator<Item = &str> {
        (0..self.name_ends.len()).map(|i| {
            let start = if i == 0 { 0 } else { self.name_ends[i - 1] };
            &self.names[start..self.name_ends[i]]
        })
    }
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

/// Fewest documents of a target whose segments are read (not only
/// counted) in parts shared with the helpers ([`ReadJob`]); fewer are read in
/// the calling thread, then counted ([`CountJob`]).
const PARALLEL_DOCS: usize = 1024;

/// Least work of a target counted with the helpers (and least documents
/// of a batch whose targets are shared with them).
const PARALLEL_WORK: usize = 256;

/// Fewest counted entries (id, count) added up and scored in parallel, a
/// range of ids a thread.
const PARALLEL_ENTRIES: usize = 2048;

/// Most counted entries of a range of ids added up and scored together:
/// more ranges keep each narrow enough to add up in a dense array
/// ([`sums::DENSE_IDS`]), fewer raise fewer cuts. (Session 17: a range a
/// thread and these: synth:100000 medium per call 6.5 → 5.7 ms against 4
/// ranges a thread from 32,768 entries; 8 ranges a thread from 2,048 were
/// slower still.)
const RANGE_ENTRIES: usize = 32768;

/// The snapshot-wide part of a call, shared by every target of a batch:
/// allowed documents per segment, and what scoring needs.
/// Owned: shared with helper threads by a batch.
struct Context {
    allowed: Arc<Vec<Option<Vec<bool>>>>,
    scoring: Scoring,
}

impl Context {
    fn new(s: &Searcher, filter: Option<&Query>, opts: &CoocOptions) -> Result<Context> {
        if let Scope::Window(0) = opts.scope {
            return Err(Error::InvalidArgument("window must be at least 1".into()));
        }
        check_fields(s, filter)?;
        let segs = s.segments();
        let per_doc = opts.scope == Scope::Document;
        let Some(filter) = filter else {
            let n = if per_doc {
                segs.iter().map(|x| u64::from(x.num_live_docs())).sum()
            } else {
                segs.iter().map(|x| x.body_freqs().num_tokens).sum()
            };
            return Ok(Context {
                allowed: Arc::new(vec![None; segs.len()]),
                scoring: Scoring {
                    searcher: s.clone(),
                    filtered: None,
                    n,
                    opts: *opts,
                },
            });
        };
        let allowed: Vec<Vec<bool>> = segs
            .par_iter()
            .map(|seg| allowed_docs(s, seg, Some(filter)))
            .collect::<Result<_>>()?;
        let per_seg: Vec<(Vec<u64>, u64)> = segs
            .par_iter()
            .zip(&allowed)
            .map(|(seg, a)| filtered_freqs(seg, a, per_doc))
            .collect();
        let g = s.global_terms();
        let mut f_y = vec![0u64; g.len()];
        let mut n = 0;
        for (i, (f, sn)) in per_seg.iter().enumerate() {
            n += sn;
            for (&id, &c) in g.map(i).iter().zip(f) {
                if let Some(t) = f_y.get_mut(id as usize) {
                    *t += c;
                }
            }
        }
        Ok(Context {
            allowed: Arc::new(allowed.into_iter().map(Some).collect()),
            scoring: Scoring {
                searcher: s.clone(),
                filtered: Some(Arc::new(f_y)),
                n,
                opts: *opts,
            },
        })
    }

    fn s(&self) -> &Searcher {
        &self.scoring.searcher
    }

    /// At most how many documents of each segment hold `t`, when they are
    /// enough to read its segments in parallel (known from its postings).
    fn parallel_docs(&self, t: &Target) -> Option<Vec<u64>> {
        let segs = self.s().segments();
        t.docs_bounds(segs)
            .filter(|d| segs.len() > 1 && d.iter().sum::<u64>() > PARALLEL_DOCS as u64)
    }

    /// The occurrences of `target` (found as `t`) in every segment.
    fn occurrences_of(&self, t: &Target, target: &Query) -> Vec<Occurrences> {
        let n = self.s().segments().len();
        // Iterators recurse once per level: deep ones get a large stack.
        sized_stack(target, None, || {
            (0..n).map(|i| self.occurrences_in(t, i)).collect()
        })
    }

    fn occurrences_in(&self, t: &Target, i: usize) -> Occurrences {
        let seg = &self.s().segments()[i];
        t.occurrences(i, seg, self.s().analyzer(), self.allowed[i].as_deref())
    }

    /// The counts around `occ`: lists each sorted by id, an id in several
    /// of them. A large job is shared with the helpers as they come free
    /// ([`threads::claim_parts`]); a small one, or one of a batch's
    /// targets, stays in this thread.
    fn count(&self, occ: Vec<Occurrences>) -> Vec<IdCounts> {
        let work: usize = occ.iter().map(|o| o.docs.len() + o.num_spans()).sum();
        let job = CountJob {
            chunks: CountJob::chunks(&occ),
            searcher: self.s().clone(),
            occ,
            scope: self.scoring.opts.scope,
        };
        let parts = job.chunks.len();
        if work < PARALLEL_WORK {
            return vec![threads::claim_alone(&job, parts, CountJob::count)];
        }
        threads::claim_parts(job, parts, CountJob::count)
    }

    /// The collocates of one target. One in many documents of several
    /// segments (known from its postings) is read and counted a segment a
    /// part, the parts claimed by this thread and the helpers
    /// ([`ReadJob`]); any other is read here, then counted ([`Self::count`]).
    fn collocates(&self, target: &Query) -> Result<Collocates> {
        let t = Arc::new(Target::of(self.s(), target)?);
        Ok(self.collocates_found(t, target))
    }

    /// [`Self::collocates`] of `target`, found as `t`.
    fn collocates_found(&self, t: Arc<Target>, target: &Query) -> Collocates {
        let Some(docs) = self.parallel_docs(&t) else {
            return self.collocates_of(self.occurrences_of(&t, target));
        };
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(docs[i]));
        let job = ReadJob {
            occ: (0..order.len()).map(|_| OnceLock::new()).collect(),
            order,
            searcher: self.s().clone(),
            target: t,
            allowed: Arc::clone(&self.allowed),
            scope: self.scoring.opts.scope,
        };
        let parts = job.parts();
        let counted = threads::claim_parts(job, parts, ReadJob::count);
        let f_x = counted.iter().map(|c| c.0).sum();
        self.rank_counts(counted.into_iter().map(|c| c.1).collect(), f_x)
    }

    fn collocates_of(&self, occ: Vec<Occurrences>) -> Collocates {
        let f_x = f_x(&occ, self.scoring.opts.scope);
        self.rank_counts(self.count(occ), f_x)
    }

    /// The collocates of counts `lists` (each sorted by id) around `f_x`
    /// occurrences: added up, scored, ranked, named.
    fn rank_counts(&self, lists: Vec<IdCounts>, f_x: u64) -> Collocates {
        let entries: usize = lists.iter().map(|l| l.len()).sum();
        // Adding up and scoring in ranges of ids, each range's best kept:
        // shared for a large target, where it took a third of a call.
        let threads = threads::threads();
        let shared = if entries < PARALLEL_ENTRIES {
            1
        } else {
            threads
        };
        let parts = shared.max(entries.div_ceil(RANGE_ENTRIES));
        let rows: Vec<Row> = if parts == 1 {
            // (One range, e.g. a rare target's: no job to share.)
            let all: Vec<&[(u32, u64)]> = lists.iter().map(Vec::as_slice).collect();
            self.scoring.best_of(&all, f_x)
        } else {
            let job = RankJob {
                ranges: id_ranges(&lists, parts),
                lists,
                scoring: self.scoring.clone(),
                f_x,
            };
            let parts = job.ranges.len();
            (threads::claim_parts(job, parts, RankJob::rows).into_iter())
                .flatten()
                .collect()
        };
        let (opts, g) = (&self.scoring.opts, self.s().global_terms());
        let rows = rank(rows, opts.top);
        let mut names = String::with_capacity(rows.iter().map(|r| g.name(r.1).len()).sum());
        let name_ends = (rows.iter())
            .map(|r| {
                names.push_str(g.name(r.1));
                names.len()
            })
            .collect();
        Collocates {
            names,
            name_ends,
            f_xy: rows.iter().map(|r| r.2).collect(),
            f_y: rows.iter().map(|r| r.3).collect(),
            scores: rows.iter().map(|r| r.0).collect(),
            f_x,
            n: self.scoring.n,
        }
    }
}

/// The collocates of `target` (any query; its body spans are the
/// occurrences) over the live documents that match `filter`.
pub fn cooccurrence(
    s: &Searcher,
    target: &Query,
    filter: Option<&Query>,
    opts: &CoocOptions,
) -> Result<Collocates> {
    Context::new(s, filter, opts)?.collocates(target)
}

/// [`cooccurrence`] of many targets with the same options, in parallel;
/// the filter and the frequencies are evaluated once. A bad target fails
/// the batch. Whole targets are claimed by this thread and the helpers
/// ([`threads::claim_parts`]), the largest first (known from their
/// postings; others first of all), so that the last ones are short.
pub fn cooccurrence_batch(
    s: &Searcher,
    targets: &[Query],
    filter: Option<&Query>,
    opts: &CoocOptions,
) -> Result<Vec<Collocates>> {
    let ctx = Context::new(s, filter, opts)?;
    let found: Vec<(Query, Arc<Target>)> = (targets.iter())
        .map(|q| Ok((q.clone(), Arc::new(Target::of(s, q)?))))
        .collect::<Result<_>>()?;
    let sizes: Vec<u64> = (found.iter())
        .map(|(_, t)| {
            t.docs_bounds(s.segments())
                .map_or(u64::MAX, |b| b.iter().sum())
        })
        .collect();
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    let job = BatchJob {
        ctx,
        targets: found,
        order,
    };
    // (Rare targets only: waking a helper costs more than they do.)
    let total = sizes.iter().fold(0u64, |a, &b| a.saturating_add(b));
    let mut done = if total < PARALLEL_WORK as u64 {
        threads::claim_alone(&job, targets.len(), BatchJob::collocates)
    } else {
        threads::claim_parts(job, targets.len(), BatchJob::collocates)
            .into_iter()
            .flatten()
            .collect()
    };
    done.sort_unstable_by_key(|d| d.0);
    Ok(done.into_iter().map(|d| d.1).collect())
}

/// The targets of a batch, owned ([`threads::claim_parts`]): part k is
/// target `order[k]`, computed whole by the participant that claims it.
struct BatchJob {
    ctx: Context,
    targets: Vec<(Query, Arc<Target>)>,
    order: Vec<usize>,
}

impl BatchJob {
    fn collocates(&self, claim: &dyn Fn() -> Option<usize>) -> Vec<(usize, Collocates)> {
        let mut done = Vec::new();
        while let Some(k) = claim() {
            let i = self.order[k];
            let (q, t) = &self.targets[i];
            done.push((i, self.ctx.collocates_found(Arc::clone(t), q)));
        }
        done
    }
}
