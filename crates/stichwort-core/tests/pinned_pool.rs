//! The global pool's threads each bound to one CPU (its own test binary:
//! pinning happens once a process).

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
    // The pool runs before it is pinned (a process forked before then
    // keeps a working pool).
    let before: Vec<Vec<usize>> = rayon::broadcast(|_| cpus_of_this_thread());
    assert!(before.iter().all(|c| *c == allowed));
    stichwort_core::threads::pin_pool();
    let after: Vec<Vec<usize>> = rayon::broadcast(|_| cpus_of_this_thread());
    assert_eq!(after.len(), rayon::current_num_threads());
    for (i, cpus) in after.iter().enumerate() {
        if allowed.len() > 1 {
            assert_eq!(*cpus, [allowed[i % allowed.len()]], "thread {i}");
        } else {
            assert_eq!(*cpus, allowed, "one CPU: left alone");
        }
    }
    // The caller is left where it was; a second call changes nothing.
    assert_eq!(cpus_of_this_thread(), allowed);
    stichwort_core::threads::pin_pool();
    assert_eq!(rayon::broadcast(|_| cpus_of_this_thread()), after);
}
