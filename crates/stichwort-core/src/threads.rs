//! The global thread pool's threads kept on their own CPUs, and work
//! shared with them in parts they claim.
//!
//! Why pinned: Linux places a thread it wakes next to the thread that woke
//! it when the other CPUs look idle, and on virtual machines it moves it
//! away only after milliseconds. A parallel step handed to the pool then
//! often ran on one CPU: two 1 ms halves joined took 2.08 ms unpinned and
//! 1.09 ms pinned (benches/RESULTS-cooc.md, session 15).

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Once};

static PINNING: AtomicBool = AtomicBool::new(true);
static PINNED: Once = Once::new();

/// Whether [`pin_pool`] binds the pool's threads (default: yes).
pub fn set_pinning(on: bool) {
    PINNING.store(on, Ordering::Relaxed);
}

/// Binds thread i of the global rayon pool to the i-th CPU this process
/// may use, in turn; once a process, the first time co-occurrence shares
/// work with the pool ([`claim_parts`], a batch), and never when
/// [`set_pinning`] said no. (A pinned pool built up front, at import, would
/// leave a process forked after the import with a pool whose threads are
/// gone: its first parallel step would wait forever.) Nothing outside
/// Linux or with one CPU.
pub fn pin_pool() {
    // (From a pool thread the broadcast would wait on its busy peers.)
    if !PINNING.load(Ordering::Relaxed) || rayon::current_thread_index().is_some() {
        return;
    }
    PINNED.call_once(|| {
        if let Some(cpus) = allowed_cpus().filter(|c| c.len() > 1) {
            rayon::broadcast(|ctx| bind_to(cpus[ctx.index() % cpus.len()]));
        }
    });
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

/// Runs `work` in the calling thread and in as many threads of the global
/// pool as make one a CPU with it (fewer for few parts). Each participant
/// claims parts `0..parts` one at a time through the function it is given
/// (None: none left) and returns what it made of its parts. Returns the
/// results of the participants that claimed any, the caller's first.
///
/// Why not a rayon join: a pool thread asleep takes ~60 µs to wake on a
/// virtual machine, and a join waits for it. Here the caller starts at
/// once and a helper takes parts only once it runs; the caller waits
/// only for parts a helper is working on, never for a helper to wake.
/// `state` is owned (shared with helpers that may start after the call
/// returned, and then find nothing to do).
pub fn claim_parts<S, R>(
    state: S,
    parts: usize,
    work: fn(&S, &dyn Fn() -> Option<usize>) -> R,
) -> Vec<R>
where
    S: Send + Sync + 'static,
    R: Send + 'static,
{
    let claims = Arc::new(Claims {
        state,
        parts,
        next: AtomicUsize::new(0),
        busy: AtomicUsize::new(0),
        results: Mutex::new(Vec::new()),
    });
    let helpers = rayon::current_num_threads().saturating_sub(1);
    if helpers > 0 && parts > 1 {
        pin_pool();
    }
    for _ in 0..helpers.min(parts.saturating_sub(1)) {
        let c = Arc::clone(&claims);
        rayon::spawn(move || c.help(work));
    }
    let mine = work(&claims.state, &|| claims.claim());
    // Every part is claimed: wait for the helpers still on theirs.
    while claims.busy.load(Ordering::SeqCst) > 0 {
        std::thread::yield_now();
    }
    let helped = std::mem::take(&mut *claims.results.lock().unwrap_or_else(|e| e.into_inner()));
    let mut out = vec![mine];
    for r in helped {
        match r {
            Ok(Some(r)) => out.push(r),
            Ok(None) => {}
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
    out
}

struct Claims<S, R> {
    state: S,
    parts: usize,
    next: AtomicUsize,
    /// Helpers between their first look and their result.
    busy: AtomicUsize,
    /// Per helper that ran: its result (None: it claimed nothing) or its panic.
    results: Mutex<Vec<std::thread::Result<Option<R>>>>,
}

impl<S, R> Claims<S, R> {
    fn claim(&self) -> Option<usize> {
        let k = self.next.fetch_add(1, Ordering::SeqCst);
        (k < self.parts).then_some(k)
    }

    fn help(&self, work: fn(&S, &dyn Fn() -> Option<usize>) -> R) {
        self.busy.fetch_add(1, Ordering::SeqCst);
        // (Counted busy before looking: a caller that saw no helper busy
        // has claimed every part, so this one finds none.)
        if self.next.load(Ordering::SeqCst) < self.parts {
            let claimed = AtomicBool::new(false);
            let r = std::panic::catch_unwind(AssertUnwindSafe(|| {
                let claim = || {
                    let k = self.claim();
                    claimed.fetch_or(k.is_some(), Ordering::Relaxed);
                    k
                };
                let r = work(&self.state, &claim);
                claimed.load(Ordering::Relaxed).then_some(r)
            }));
            self.results
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(r);
        }
        self.busy.fetch_sub(1, Ordering::SeqCst);
    }
}
