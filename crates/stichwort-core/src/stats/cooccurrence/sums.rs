//! Lists of (global id, count), each sorted by id, added up: densely when
//! their ids lie close, else merged.

use std::borrow::Cow;

use crate::hint::prefetch_ahead;
use crate::stats::dense::DenseCounts;

/// (global id, count) of the terms counted in a chunk, by id.
pub(super) type IdCounts = Vec<(u32, u64)>;

/// Adds up lists of (id, count), each sorted by id, into one: in a dense
/// array ([`add_up`]) when their ids lie close, else two in one pass, more
/// by a stable sort of their concatenation, which merges the sorted runs
/// it finds (n log k, where merging pairwise in turn copied the growing
/// list again and again).
pub(super) fn merge_sorted<'a>(lists: &[&'a [(u32, u64)]]) -> Cow<'a, [(u32, u64)]> {
    let full: Vec<&[(u32, u64)]> = lists.iter().copied().filter(|l| !l.is_empty()).collect();
    // (A target counted in one chunk, e.g. found in one segment: no copy, no sort.)
    let (lo, hi) = match full[..] {
        [] => return Cow::Borrowed(&[]),
        [only] => return Cow::Borrowed(only),
        _ => (
            full.iter().map(|l| l[0].0).min().unwrap_or(0),
            full.iter().map(|l| l[l.len() - 1].0).max().unwrap_or(0),
        ),
    };
    let (width, entries) = (
        (hi - lo) as usize + 1,
        full.iter().map(|l| l.len()).sum::<usize>(),
    );
    // (Reading the dense array back looks at a word per 4,096 ids: at most
    // one an entry.)
    if width <= DENSE_IDS && width / 4096 <= entries {
        return Cow::Owned(SUMS.with_borrow_mut(|sums| add_up(sums, &full, lo, width)));
    }
    // (Two, e.g. a caller's and a helper's: one pass, no sort.)
    if let [a, b] = full[..] {
        return Cow::Owned(merge_two(a, b));
    }
    let mut all = full.concat();
    all.sort_by_key(|e| e.0);
    let mut kept = 0;
    for i in 0..all.len() {
        if kept > 0 && all[kept - 1].0 == all[i].0 {
            all[kept - 1].1 += all[i].1;
        } else {
            all[kept] = all[i];
            kept += 1;
        }
    }
    all.truncate(kept);
    Cow::Owned(all)
}

/// Two lists sorted by id added up, in one pass.
fn merge_two(a: &[(u32, u64)], b: &[(u32, u64)]) -> Vec<(u32, u64)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        match x.0.cmp(&y.0) {
            std::cmp::Ordering::Less => {
                out.push(x);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(y);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push((x.0, x.1 + y.1));
                (i, j) = (i + 1, j + 1);
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Widest range of ids whose lists [`merge_sorted`] adds up in a dense
/// array (8 bytes an id, per thread).
pub(super) const DENSE_IDS: usize = 1 << 20;

thread_local! {
    /// Per-thread counters by id, reused from call to call (rayon's
    /// threads live as long as the process).
    static SUMS: std::cell::RefCell<DenseCounts<u64>> = std::cell::RefCell::default();
}

/// `lists` (ids in `lo..lo + width`) added up in `sums`, in id order: an
/// addition an entry and no branch on the ids, where merging them
/// mispredicted about every other entry (~9 ns an entry; a third of a
/// 10kGNAD frequent call on two threads).
fn add_up(
    sums: &mut DenseCounts<u64>,
    lists: &[&[(u32, u64)]],
    lo: u32,
    width: usize,
) -> Vec<(u32, u64)> {
    let mut sums = sums.of(width);
    for l in lists {
        for (i, &(id, c)) in l.iter().enumerate() {
            prefetch_ahead(l, i, sums.values(), |&(id, _)| (id - lo) as usize);
            sums.add((id - lo) as usize, c);
        }
    }
    let mut out = Vec::with_capacity(lists.iter().map(|l| l.len()).sum());
    sums.drain(|i, c| out.push((lo + i as u32, c)));
    out
}

/// `lists` (each sorted by id) cut into `parts` ranges of ids of about the
/// same number of entries (by the longest list's): per range, the range
/// of each list's entries in it.
pub(super) fn id_ranges(lists: &[IdCounts], parts: usize) -> Vec<Vec<std::ops::Range<usize>>> {
    let longest = lists
        .iter()
        .max_by_key(|l| l.len())
        .map_or(&[][..], |l| &l[..]);
    // Range r holds the ids in bounds[r]..bounds[r + 1].
    let mut bounds: Vec<u32> = (1..parts)
        .map(|r| longest[r * longest.len() / parts].0)
        .collect();
    bounds.dedup();
    bounds.insert(0, 0);
    let cut = |l: &[(u32, u64)], id: u32| l.partition_point(|e| e.0 < id);
    (0..bounds.len())
        .map(|r| {
            lists
                .iter()
                .map(|l| {
                    let end = bounds.get(r + 1).map_or(l.len(), |&b| cut(l, b));
                    cut(l, bounds[r])..end
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_lists_add_up_equal_ids() {
        let a = vec![(1, 2), (4, 1), (9, 3)];
        let b = vec![(0, 1), (4, 5), (10, 1)];
        let c = vec![(4, 1), (9, 1)];
        assert_eq!(
            *merge_sorted(&[&a, &b, &c]),
            [(0, 1), (1, 2), (4, 7), (9, 4), (10, 1)]
        );
        // Two lists, merged in one pass: either one running out first.
        assert_eq!(
            *merge_sorted(&[&a, &[], &b]),
            [(0, 1), (1, 2), (4, 6), (9, 3), (10, 1)]
        );
        assert_eq!(*merge_sorted(&[&c, &a]), [(1, 2), (4, 2), (9, 4)]);
        assert_eq!(*merge_sorted(&[&a, &[]]), a);
        assert_eq!(*merge_sorted(&[&[], &a]), a);
        assert_eq!(*merge_sorted(&[]), []);
        // Cut into ranges of ids, every entry lands in exactly one, and
        // the ranges added up are the whole.
        let lists = [a.to_vec(), b.to_vec(), c.to_vec()];
        for parts in 1..6 {
            let ranges = id_ranges(&lists, parts);
            assert!(!ranges.is_empty() && ranges.len() <= parts);
            let joined: Vec<(u32, u64)> = ranges
                .iter()
                .flat_map(|r| {
                    let part: Vec<&[(u32, u64)]> =
                        lists.iter().zip(r).map(|(l, r)| &l[r.clone()]).collect();
                    merge_sorted(&part).into_owned()
                })
                .collect();
            assert_eq!(joined, *merge_sorted(&[&a, &b, &c]));
        }
    }

    #[test]
    fn lists_add_up_alike_dense_or_sparse() {
        // Ids spread ever wider: a dense array, then merging (two lists)
        // or sorting (three), past DENSE_IDS and past 64 ids an entry.
        for spread in [1u32, 7, 64, 1000, 1 << 16, 1 << 22] {
            let list = |seed: u32, n: u32| -> Vec<(u32, u64)> {
                let mut ids: Vec<u32> = (0..n)
                    .map(|i| (i.wrapping_mul(2_654_435_761) ^ seed) % (n * spread) + 5)
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids.into_iter()
                    .map(|id| (id, u64::from(id % 7 + 1)))
                    .collect()
            };
            let (a, b, c) = (list(1, 300), list(2, 200), list(3, 50));
            for lists in [vec![&a[..], &b[..]], vec![&a[..], &b[..], &c[..]]] {
                let mut want = std::collections::BTreeMap::new();
                for &(id, n) in lists.iter().flat_map(|l| l.iter()) {
                    *want.entry(id).or_insert(0) += n;
                }
                let want: Vec<(u32, u64)> = want.into_iter().collect();
                assert_eq!(*merge_sorted(&lists), want, "spread {spread}");
                // (The dense array is left clear for the next use.)
                assert_eq!(*merge_sorted(&lists), want, "spread {spread}, again");
            }
        }
    }
}
