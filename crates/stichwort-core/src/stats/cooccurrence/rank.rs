//! Counts scored and ranked: rows that cannot reach the best `top` dropped
//! as they are scored (only those near the top get a logarithm), then
//! ordered by score descending and term ascending.

use std::sync::Arc;

use super::sums::{IdCounts, merge_sorted};
use super::{CoocOptions, Scope};
use crate::hint::prefetch_ahead;
use crate::index::Searcher;
use crate::stats::measures::Measure;

/// (score, global id, f_xy, f_y).
pub(super) type Row = (f64, u32, u64, u64);

/// The adding up and scoring of counts, owned ([`crate::threads::claim_parts`]):
/// part k adds up the slices `ranges[k]` of `lists` (one a list) and keeps
/// its best rows.
pub(super) struct RankJob {
    pub(super) lists: Vec<IdCounts>,
    pub(super) ranges: Vec<Vec<std::ops::Range<usize>>>,
    pub(super) scoring: Scoring,
    pub(super) f_x: u64,
}

impl RankJob {
    /// The best rows of the parts `claim` hands out (unordered; those of all
    /// parts hold the best `top` of the whole).
    pub(super) fn rows(&self, claim: &dyn Fn() -> Option<usize>) -> Vec<Row> {
        let mut rows = Vec::new();
        while let Some(k) = claim() {
            let part: Vec<&[(u32, u64)]> = (self.lists.iter())
                .zip(&self.ranges[k])
                .map(|(l, r)| &l[r.clone()])
                .collect();
            rows.extend(self.scoring.best_of(&part, self.f_x));
        }
        rows
    }
}

/// What scoring needs, owned (shared with helper threads): the snapshot,
/// f_y per global id where a filter changed them, N, the options.
#[derive(Clone)]
pub(super) struct Scoring {
    pub(super) searcher: Searcher,
    pub(super) filtered: Option<Arc<Vec<u64>>>,
    pub(super) n: u64,
    pub(super) opts: CoocOptions,
}

impl Scoring {
    /// f_y per global id.
    fn f_y(&self) -> &[u64] {
        let g = self.searcher.global_terms();
        match &self.filtered {
            Some(f) => f,
            None if self.opts.scope == Scope::Document => &g.df,
            None => &g.cf,
        }
    }

    /// [`Self::best_rows`] of `lists` added up.
    pub(super) fn best_of(&self, lists: &[&[(u32, u64)]], f_x: u64) -> Vec<Row> {
        self.best_rows(&merge_sorted(lists), f_x)
    }

    /// The rows of `counts` (by id) that pass `min_count`, scored, cut to
    /// the best `top` (unordered): those of all ranges hold the best `top`
    /// of the whole. Log measures are ranked by their ratio first: only
    /// the rows near the top get a logarithm.
    fn best_rows(&self, counts: &[(u32, u64)], f_x: u64) -> Vec<Row> {
        let (n, m) = (self.n, self.opts.measure);
        // One loop per measure: the key's formula compiled into it.
        let ratio_of = |m: Measure| {
            #[inline(always)]
            move |f_xy, f_y| m.log_ratio(f_xy, f_x, f_y, n).unwrap_or(0.0)
        };
        let mut rows = match m {
            Measure::LogDice => self.near_top(counts, LOG_MARGIN, ratio_of(Measure::LogDice)),
            Measure::Mi => self.near_top(counts, LOG_MARGIN, ratio_of(Measure::Mi)),
            Measure::Mi3 => self.near_top(counts, LOG_MARGIN, ratio_of(Measure::Mi3)),
            _ => self.near_top(counts, 0.0, |f_xy, f_y| m.score(f_xy, f_x, f_y, n)),
        };
        if m.log_ratio(1, 1, 1, 1).is_some() {
            for r in &mut rows {
                r.0 = m.of_log_ratio(r.0);
            }
        }
        best_unordered(rows, self.opts.top)
    }

    /// The rows of `counts` that pass `min_count` and can rank in the best
    /// `top` by `key(f_xy, f_y)` ([`NearTop`]).
    #[inline(always)]
    fn near_top(
        &self,
        counts: &[(u32, u64)],
        margin: f64,
        key: impl Fn(u64, u64) -> f64,
    ) -> Vec<Row> {
        let all_f_y = self.f_y();
        let mut best = NearTop::new(self.opts.top, margin, counts.len());
        for (i, &(id, f_xy)) in counts.iter().enumerate() {
            prefetch_ahead(counts, i, all_f_y, |&(id, _)| id as usize);
            if f_xy >= self.opts.min_count {
                let f_y = all_f_y[id as usize];
                best.offer((key(f_xy, f_y), id, f_xy, f_y));
            }
        }
        best.finish()
    }
}

/// Score descending (never NaN; -0.0 equals 0.0, as in Python), then term
/// ascending: global ids follow the terms' byte order, which is Python's
/// string order.
fn by_rank(a: &Row, b: &Row) -> std::cmp::Ordering {
    b.0.partial_cmp(&a.0)
        .unwrap_or(std::cmp::Ordering::Equal)
        .then_with(|| a.1.cmp(&b.1))
}

/// Relative margin below the `top`-th ratio of a log measure within which
/// rows are kept: a row clearly below has `c + log2(ratio)` below the
/// `top`-th score by ~1e-9, far more than the logarithm's rounding
/// (< 1e-15 relative), so it cannot rank in the top and needs no logarithm.
const LOG_MARGIN: f64 = 1e-9;

/// The rows that can rank in the best `top` by key (row.0), gathered
/// while scoring: a row below the running cut costs one comparison, where
/// keeping every row and selecting once cost ~100 instructions a row. The
/// cut (the `top`-th key so far, less `margin` of it) only rises, so no
/// row of the final best is ever dropped; ties at the cut all stay, for
/// the ranking by term.
struct NearTop {
    top: Option<usize>,
    margin: f64,
    cut: f64,
    rows: Vec<Row>,
    /// The cut is raised when this many rows are kept.
    raise_at: usize,
}

impl NearTop {
    /// For at most `len` rows (room for all that may be kept up front).
    fn new(top: Option<usize>, margin: f64, len: usize) -> NearTop {
        let raise_at = top.map_or(usize::MAX, |k| (2 * k).max(64));
        NearTop {
            top,
            margin,
            cut: f64::NEG_INFINITY,
            rows: Vec::with_capacity(raise_at.min(len)),
            raise_at,
        }
    }

    #[inline]
    fn offer(&mut self, row: Row) {
        if row.0 >= self.cut {
            self.rows.push(row);
            if self.rows.len() >= self.raise_at {
                self.raise();
            }
        }
    }

    /// Drops the rows below the `top`-th key (less the margin).
    fn raise(&mut self) {
        let Some(k) = self.top.filter(|&k| k < self.rows.len()) else {
            return;
        };
        if k == 0 {
            self.rows.clear();
            self.cut = f64::INFINITY;
            return;
        }
        let mut keys: Vec<f64> = self.rows.iter().map(|r| r.0).collect();
        let (_, kth, _) = keys.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a));
        self.cut = *kth - kth.abs() * self.margin;
        self.rows.retain(|r| r.0 >= self.cut);
        // (Many ties at the cut: room to grow before the next raise.)
        self.raise_at = 2 * self.rows.len().max(k);
    }

    fn finish(mut self) -> Vec<Row> {
        self.raise();
        self.rows
    }
}

/// The best `top` rows (all for None), in no order.
fn best_unordered(mut rows: Vec<Row>, top: Option<usize>) -> Vec<Row> {
    if let Some(k) = top
        && k < rows.len()
    {
        if k == 0 {
            return Vec::new();
        }
        rows.select_nth_unstable_by(k - 1, by_rank);
        rows.truncate(k);
    }
    rows
}

/// The best `top` rows (all for None), best first.
pub(super) fn rank(rows: Vec<Row>, top: Option<usize>) -> Vec<Row> {
    let mut rows = best_unordered(rows, top);
    rows.sort_unstable_by(by_rank);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near_top(rows: &[Row], top: Option<usize>, margin: f64) -> Vec<u32> {
        let mut best = NearTop::new(top, margin, rows.len());
        rows.iter().for_each(|&r| best.offer(r));
        let mut ids: Vec<u32> = best.finish().iter().map(|r| r.1).collect();
        ids.sort_unstable();
        ids
    }

    #[test]
    fn only_rows_near_the_top_ratio_are_kept() {
        let row = |r: f64, id: u32| (r, id, 1, 1);
        let rows = [
            row(0.5, 0),
            row(0.25, 1),
            row(0.25 * (1.0 - 1e-12), 2),
            row(0.25 * (1.0 - 1e-6), 3),
            row(0.75, 4),
        ];
        assert_eq!(near_top(&rows, Some(2), LOG_MARGIN), [0, 4]);
        assert_eq!(near_top(&rows, None, LOG_MARGIN), [0, 1, 2, 3, 4]);
        // The 2nd ratio is 0.25: its near-tie (1e-12 lower) stays too;
        // without a margin only exact ties do.
        let rows = [
            row(0.5, 0),
            row(0.25, 1),
            row(0.25 * (1.0 - 1e-12), 2),
            row(0.1, 3),
        ];
        assert_eq!(near_top(&rows, Some(2), LOG_MARGIN), [0, 1, 2]);
        assert_eq!(near_top(&rows, Some(2), 0.0), [0, 1]);
        // Never fewer than asked; top >= len keeps everything, 0 nothing.
        let few = [row(0.5, 0), row(0.1, 1)];
        assert_eq!(near_top(&few, Some(2), LOG_MARGIN), [0, 1]);
        assert_eq!(near_top(&few, Some(0), LOG_MARGIN), []);
    }

    #[test]
    fn rows_gathered_near_the_top_rank_as_all_rows_do() {
        // Enough rows for the cut to rise many times on the way, in an
        // order that is neither sorted nor reversed, with many ties.
        let rows = |k: u64| (k * 7919 % 5003 + 1, k * 31 % 101 + 1);
        for m in Measure::ALL {
            let logs = m.log_ratio(1, 1, 1, 1).is_some();
            let all: Vec<Row> = (1..5000u64)
                .map(|k| {
                    let (f_xy, f_y) = (rows(k).1 % 17 + 1, rows(k).0);
                    (m.score(f_xy, 40, f_y, 100_000), k as u32, f_xy, f_y)
                })
                .collect();
            for top in [Some(1), Some(10), Some(50), Some(200), None] {
                let mut best = NearTop::new(top, if logs { LOG_MARGIN } else { 0.0 }, all.len());
                for r in &all {
                    let key = m.log_ratio(r.2, 40, r.3, 100_000).unwrap_or(r.0);
                    best.offer((key, r.1, r.2, r.3));
                }
                let mut kept = best.finish();
                if logs {
                    kept.iter_mut().for_each(|r| r.0 = m.of_log_ratio(r.0));
                }
                assert_eq!(rank(kept, top), rank(all.clone(), top), "{m} top {top:?}");
            }
        }
    }
}
