//! The global pool's threads each bound to one CPU (its own test binary:
//! the global pool is built once a process).

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

#[cfg(target_os = "linux")]
#[test]
fn pool_threads_are_spread_over_the_allowed_cpus() {
    let allowed = cpus_of_this_thread();
    let pinned = stichwort_core::threads::pin_global_pool();
    // One CPU: nothing to spread, the pool is left to rayon.
    assert_eq!(pinned, allowed.len() > 1);
    if !pinned {
        return;
    }
    let per_thread: Vec<Vec<usize>> = rayon::broadcast(|ctx| (ctx.index(), cpus_of_this_thread()))
        .into_iter()
        .map(|(i, cpus)| {
            assert_eq!(cpus, [allowed[i % allowed.len()]], "thread {i}");
            cpus
        })
        .collect();
    assert_eq!(per_thread.len(), rayon::current_num_threads());
    // The caller is left where it was, and a second call changes nothing.
    assert_eq!(cpus_of_this_thread(), allowed);
    assert!(!stichwort_core::threads::pin_global_pool());
}
