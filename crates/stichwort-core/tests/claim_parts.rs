//! Parts of a job claimed by the caller and the pool's threads.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use stichwort_core::threads::claim_parts;

#[test]
fn every_part_is_claimed_once() {
    let seen: Arc<Vec<AtomicUsize>> = Arc::new((0..5000).map(|_| AtomicUsize::new(0)).collect());
    for _ in 0..20 {
        let got = claim_parts(Arc::clone(&seen), 5000, |s, claim| {
            let mut mine = Vec::new();
            while let Some(k) = claim() {
                s[k].fetch_add(1, Ordering::Relaxed);
                mine.push(k);
            }
            mine
        });
        // The caller's result first; every part in exactly one result.
        assert!(!got.is_empty() && got.len() <= rayon::current_num_threads().max(1));
        let mut all: Vec<usize> = got.into_iter().flatten().collect();
        all.sort_unstable();
        assert_eq!(all, (0..5000).collect::<Vec<_>>());
    }
    assert!(seen.iter().all(|c| c.load(Ordering::Relaxed) == 20));
    // Nothing to share: the caller alone.
    let one = claim_parts((), 1, |_, claim| claim());
    assert_eq!(one, [Some(0)]);
}

#[test]
fn a_panicking_part_reaches_the_caller() {
    let r = std::panic::catch_unwind(|| {
        claim_parts((), 400, |_, claim| {
            while let Some(k) = claim() {
                assert!(k != 399, "part 399 is damaged");
            }
        })
    });
    let msg = r.expect_err("the panic is the caller's");
    let text = (msg.downcast_ref::<&str>().map(|s| s.to_string()))
        .or_else(|| msg.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    assert!(text.contains("part 399"), "{text}");
}
