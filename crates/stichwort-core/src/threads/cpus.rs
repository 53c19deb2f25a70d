//! Which CPUs a thread may use, runs on, and is bound to (Linux; nothing
//! elsewhere).

/// The CPUs this thread may run on, ascending.
#[cfg(target_os = "linux")]
pub(super) fn allowed_cpus() -> Option<Vec<usize>> {
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
pub(super) fn allowed_cpus() -> Option<Vec<usize>> {
    None
}

/// Binds the calling thread to `cpu` (a hint: a refusal leaves it free).
#[cfg(target_os = "linux")]
pub(super) fn bind_to(cpu: usize) {
    // SAFETY: as above; CPU_SET ignores a cpu beyond the set's size.
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set);
    }
}

#[cfg(not(target_os = "linux"))]
pub(super) fn bind_to(_cpu: usize) {}

/// The CPU the calling thread runs on now.
#[cfg(target_os = "linux")]
pub(super) fn current_cpu() -> Option<usize> {
    // SAFETY: no arguments; -1 on failure.
    usize::try_from(unsafe { libc::sched_getcpu() }).ok()
}

#[cfg(not(target_os = "linux"))]
pub(super) fn current_cpu() -> Option<usize> {
    None
}
