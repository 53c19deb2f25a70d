//! The global thread pool, each thread kept on its own CPU.
//!
//! Why: Linux places a thread it wakes next to the thread that woke it
//! when the other CPUs look idle, and on virtual machines it moves it
//! away only after milliseconds. A parallel step handed to the pool then
//! often ran on one CPU: two 1 ms halves joined took 2.08 ms unpinned and
//! 1.09 ms pinned (benches/RESULTS-cooc.md, session 15).

/// Builds the global rayon pool (its usual size: `RAYON_NUM_THREADS` or
/// the CPUs this process may use) with thread i bound to the i-th of
/// those CPUs, in turn. Returns false, changing nothing, when the pool
/// already runs or the CPUs cannot be read (outside Linux).
pub fn pin_global_pool() -> bool {
    let Some(cpus) = allowed_cpus().filter(|c| c.len() > 1) else {
        return false;
    };
    rayon::ThreadPoolBuilder::new()
        .start_handler(move |i| bind_to(cpus[i % cpus.len()]))
        .build_global()
        .is_ok()
}

/// The CPUs this thread may run on, ascending.
#[cfg(target_os = "linux")]
fn allowed_cpus() -> Option<Vec<usize>> {
    // SAFETY: cpu_set_t is plain bits (all-zero is the empty set), and the
    // kernel writes at most its size into it.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    let size = std::mem::size_of::<libc::cpu_set_t>();
    if unsafe { libc::sched_getaffinity(0, size, &mut set) } != 0 {
        return None;
    }
    let n = libc::CPU_SETSIZE as usize;
    Some(
        (0..n)
            .filter(|&c| unsafe { libc::CPU_ISSET(c, &set) })
            .collect(),
    )
}

#[cfg(not(target_os = "linux"))]
fn allowed_cpus() -> Option<Vec<usize>> {
    None
}

/// Binds the calling thread to `cpu` (a hint: a refusal leaves it free).
#[cfg(target_os = "linux")]
fn bind_to(cpu: usize) {
    // SAFETY: as above; CPU_SET ignores a cpu beyond the set's size.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

#[cfg(not(target_os = "linux"))]
fn bind_to(_cpu: usize) {}
