//! Work shared with helper threads in parts they claim ([`claim_parts`]),
//! the helpers each bound to its own CPU.
//!
//! Why bound: Linux places a thread it wakes next to the thread that woke
//! it when the other CPUs look idle, and on virtual machines it moves it
//! away only after milliseconds. A parallel step then often ran on one
//! CPU: two 1 ms halves joined took 2.08 ms unbound and 1.09 ms bound
//! (benches/RESULTS-cooc.md, session 15).

mod cpus;
mod helpers;

use std::cell::Cell;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Most threads a caller may ask a batch to run on: more only cost their
/// stacks and start-up (each is an OS thread).
pub const MAX_THREADS: usize = 4096;

/// `n` threads asked for by a caller, checked against `1..=MAX_THREADS`.
pub fn requested(n: usize) -> crate::Result<usize> {
    if (1..=MAX_THREADS).contains(&n) {
        Ok(n)
    } else {
        Err(crate::Error::InvalidArgument(format!(
            "threads must be in 1..={MAX_THREADS}, not {n}"
        )))
    }
}

static PINNING: AtomicBool = AtomicBool::new(true);

/// Whether the helpers of [`claim_parts`] are bound to their CPUs
/// (default: yes; read when they start, at the first shared job).
pub fn set_pinning(on: bool) {
    PINNING.store(on, Ordering::Relaxed);
}

fn pinning() -> bool {
    PINNING.load(Ordering::Relaxed)
}

/// Runs `work` in the calling thread and in as many helper threads as
/// make one a CPU with it (as many as the global pool has; fewer for few
/// parts). Each participant claims parts `0..parts` one at a time through
/// the function it is given (None: none left) and returns what it made
/// of its parts. Returns the results of the participants that claimed
/// any, the caller's first.
///
/// Why not a rayon join: a thread asleep takes ~60 µs to wake on a
/// virtual machine, and a join waits for it. Here the caller starts at
/// once and a helper takes parts only once it runs; the caller waits
/// only for parts a helper is working on, never for a helper to wake.
/// `state` is owned (shared with helpers that may start after the call
/// returned, and then find nothing to do). The helpers are not the
/// pool's threads (see [`helpers`]). Called in a part of a shared job, or
/// on a pool thread, the caller works alone.
pub fn claim_parts<S, R>(
    state: S,
    parts: usize,
    work: fn(&S, &dyn Fn() -> Option<usize>) -> R,
) -> Vec<R>
where
    S: Send + Sync + 'static,
    R: Send + 'static,
{
    let wanted = (threads() - 1).min(parts.saturating_sub(1));
    if wanted == 0 {
        return vec![claim_alone(&state, parts, work)];
    }
    let claims = Arc::new(Claims {
        state,
        parts,
        next: AtomicUsize::new(0),
        busy: AtomicUsize::new(0),
        results: Mutex::new(Vec::new()),
    });
    let c = Arc::clone(&claims);
    helpers::post(&(Arc::new(move || c.help(work)) as helpers::Task), wanted);
    let mine = {
        let _sharing = Sharing::enter();
        work(&claims.state, &|| claims.claim())
    };
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

/// How many threads (the caller and helpers) [`claim_parts`] called here
/// would share a job with: one a CPU, or only the caller on a pool
/// thread or in a part of a shared job (e.g. a target of a batch), where
/// the other CPUs are taken.
pub fn threads() -> usize {
    if rayon::current_thread_index().is_some() || SHARING.get() {
        1
    } else {
        rayon::current_num_threads()
    }
}

/// [`claim_parts`] with the caller alone, `state` borrowed.
pub fn claim_alone<S, R>(
    state: &S,
    parts: usize,
    work: fn(&S, &dyn Fn() -> Option<usize>) -> R,
) -> R {
    let next = Cell::new(0);
    work(state, &|| {
        let k = next.replace(next.get() + 1);
        (k < parts).then_some(k)
    })
}

thread_local! {
    /// Whether this thread works on parts of a shared job.
    static SHARING: Cell<bool> = const { Cell::new(false) };
}

/// [`SHARING`] set while it lives (restored after a panic too).
struct Sharing(bool);

impl Sharing {
    fn enter() -> Sharing {
        Sharing(SHARING.replace(true))
    }
}

impl Drop for Sharing {
    fn drop(&mut self) {
        SHARING.set(self.0);
    }
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
                let _sharing = Sharing::enter();
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
