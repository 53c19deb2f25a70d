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
