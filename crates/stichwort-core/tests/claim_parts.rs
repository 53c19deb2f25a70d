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

/// The CPUs the calling thread may run on.
#[cfg(target_os = "linux")]
fn cpus_of_this_thread() -> Vec<usize> {
    // SAFETY: cpu_set_t is plain bits; the kernel writes at most its size.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    let size = std::mem::size_of::<libc::cpu_set_t>();
    assert_eq!(unsafe { libc::sched_getaffinity(0, size, &mut set) }, 0);
    (0..libc::CPU_SETSIZE as usize)
        .filter(|&c| unsafe { libc::CPU_ISSET(c, &set) })
        .collect()
}

#[cfg(not(target_os = "linux"))]
fn cpus_of_this_thread() -> Vec<usize> {
    Vec::new()
}

#[test]
fn helper_threads_bound_to_a_cpu_each_take_parts_of_a_long_job() {
    let allowed = cpus_of_this_thread();
    // 2,000 parts of ~20 µs: long enough for a sleeping helper to wake.
    let got = claim_parts((), 2000, |_, claim| {
        let mut n = 0;
        while claim().is_some() {
            let t = std::time::Instant::now();
            while t.elapsed() < std::time::Duration::from_micros(20) {
                std::hint::spin_loop();
            }
            n += 1;
        }
        let name = std::thread::current().name().map(String::from);
        (name, n, cpus_of_this_thread())
    });
    assert_eq!(got.iter().map(|r| r.1).sum::<usize>(), 2000);
    // The caller first and left where it was, then helpers (named so in a
    // profile), never more participants than the pool has threads.
    assert_eq!(got[0].0, std::thread::current().name().map(String::from));
    assert_eq!(got[0].2, allowed);
    assert!(got.len() <= rayon::current_num_threads().max(1));
    for (name, n, cpus) in &got[1..] {
        let name = name.as_deref().unwrap_or_default();
        assert!(name.starts_with("stichwort-helper-"), "{name}");
        assert!(*n > 0);
        if allowed.len() > 1 {
            assert!(cpus.len() == 1 && allowed.contains(&cpus[0]), "{cpus:?}");
        }
    }
    if rayon::current_num_threads() > 1 {
        assert!(got.len() > 1, "no helper took a part: {got:?}");
    }
}
