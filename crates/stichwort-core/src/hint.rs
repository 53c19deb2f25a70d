//! Cache hints for loops whose loads are independent but land far apart
//! (documents of a segment, look-ups by sparse ids): asking for an item a
//! few iterations ahead overlaps the misses instead of waiting on each.

/// Starts loading the cache line of `items[i]` (nothing when out of
/// range; a hint that never changes results).
#[inline(always)]
pub fn prefetch<T>(items: &[T], i: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(x) = items.get(i) {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        // SAFETY: SSE is part of every x86_64 target, and a prefetch is a
        // hint that never faults (the address is an element of `items`).
        unsafe { _mm_prefetch::<_MM_HINT_T0>((x as *const T).cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (items, i);
}

/// How many items ahead a loop of look-ups by sparse ids asks for its
/// next ones: a miss in a large vocabulary's arrays takes long on a
/// virtual machine (16 → 96: synth:100000 co-occurrence medium and
/// frequent 5-10 % faster; benches/RESULTS-cooc.md, session 17).
pub const AHEAD: usize = 96;

/// In a loop over `keys` at item `i`: asks for `target[at(key)]` of the
/// key [`AHEAD`] items on (and, at the first item, of the first
/// [`AHEAD`] keys, which nothing asked for before).
#[inline(always)]
pub fn prefetch_ahead<K, T>(keys: &[K], i: usize, target: &[T], at: impl Fn(&K) -> usize) {
    if i == 0 {
        for k in keys.iter().take(AHEAD) {
            prefetch(target, at(k));
        }
    }
    if let Some(k) = keys.get(i + AHEAD) {
        prefetch(target, at(k));
    }
}
