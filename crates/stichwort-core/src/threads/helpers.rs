//! Threads that help [`super::claim_parts`]: one a CPU (as many as the
//! global pool has threads), each bound to its CPU unless pinning is off,
//! started the first time they are wanted.
//!
//! Why not the rayon pool's threads: rayon wakes a thread of its choosing,
//! often the one on the caller's own CPU, which then only takes turns with
//! the caller; and a thread that has slept costs ~60 µs to wake on a
//! virtual machine, a tenth of a mid-sized co-occurrence call. A helper
//! here is chosen by CPU, and stays awake for [`LINGER`] after its last
//! task, so that a run of calls keeps it (as OpenMP runtimes spin a while
//! before they sleep).

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, TryLockError};
use std::thread::Thread;
use std::time::{Duration, Instant};

use super::cpus::{allowed_cpus, bind_to, current_cpu};
use super::pinning;

/// How long a helper out of work looks for the next task before it
/// sleeps: longer than the serial steps between two calls (~0.1-0.3 ms).
const LINGER: Duration = Duration::from_micros(500);

/// Pauses between two looks of a lingering helper: short next to a task,
/// and no load on the other hardware thread of its core.
const SPINS: usize = 64;

/// Work handed to helpers; each runs it once.
pub(super) type Task = Arc<dyn Fn() + Send + Sync>;

struct Helper {
    cpu: Option<usize>,
    inbox: Mutex<Vec<Task>>,
    /// Tasks in the inbox (read without the lock while lingering).
    posted: AtomicUsize,
    thread: OnceLock<Thread>,
}

struct Helpers {
    /// The process that started them: a child forked later has none.
    pid: u32,
    all: Vec<Arc<Helper>>,
}

static HELPERS: OnceLock<Helpers> = OnceLock::new();

/// Hands `task` to `n` helpers, none on the CPU the caller runs on (it
/// would only take turns with the caller); fewer if there are not as
/// many (the caller works on either way).
pub(super) fn post(task: &Task, n: usize) {
    let helpers = HELPERS.get_or_init(|| Helpers {
        pid: std::process::id(),
        all: start(rayon::current_num_threads()),
    });
    if helpers.pid != std::process::id() {
        return;
    }
    let here = current_cpu();
    let mut took = 0;
    for h in helpers
        .all
        .iter()
        .filter(|h| h.cpu.is_none() || h.cpu != here)
    {
        if took == n {
            break;
        }
        took += usize::from(h.take(task));
    }
}

/// `n` helpers, bound to the allowed CPUs in turn when pinning is on and
/// there are several.
fn start(n: usize) -> Vec<Arc<Helper>> {
    let cpus = pinning()
        .then(allowed_cpus)
        .flatten()
        .filter(|c| c.len() > 1);
    (0..n)
        .filter_map(|i| {
            let cpu = cpus.as_ref().map(|c| c[i % c.len()]);
            let helper = Arc::new(Helper {
                cpu,
                inbox: Mutex::new(Vec::new()),
                posted: AtomicUsize::new(0),
                thread: OnceLock::new(),
            });
            let me = Arc::clone(&helper);
            let spawned = std::thread::Builder::new()
                .name(format!("stichwort-helper-{i}"))
                .spawn(move || me.run());
            // (A thread the system refuses: one helper fewer.)
            let thread = spawned.ok()?.thread().clone();
            helper.thread.set(thread).ok()?;
            Some(helper)
        })
        .collect()
}

impl Helper {
    /// Puts `task` in the inbox and wakes the helper; false when the inbox
    /// is busy (never waited on: a child forked while a helper held it
    /// would wait forever).
    fn take(&self, task: &Task) -> bool {
        let mut inbox = match self.inbox.try_lock() {
            Ok(inbox) => inbox,
            Err(TryLockError::Poisoned(p)) => p.into_inner(),
            Err(TryLockError::WouldBlock) => return false,
        };
        inbox.push(Arc::clone(task));
        self.posted.fetch_add(1, Ordering::Release);
        drop(inbox);
        if let Some(t) = self.thread.get() {
            t.unpark();
        }
        true
    }

    fn run(&self) {
        if let Some(cpu) = self.cpu {
            bind_to(cpu);
        }
        loop {
            let task = self.next();
            // (A task's panic is its caller's business: see claim_parts.)
            let _ = std::panic::catch_unwind(AssertUnwindSafe(|| task()));
        }
    }

    /// The next task: looked for during [`LINGER`] after the last one,
    /// then slept for.
    fn next(&self) -> Task {
        let idle_since = Instant::now();
        loop {
            if self.posted.load(Ordering::Acquire) > 0
                && let Some(task) = self.lock().pop()
            {
                self.posted.fetch_sub(1, Ordering::Release);
                return task;
            }
            if idle_since.elapsed() < LINGER {
                for _ in 0..SPINS {
                    std::hint::spin_loop();
                }
                // (Another thread on this CPU, e.g. the caller, goes first.)
                std::thread::yield_now();
            } else {
                // An unpark since the last look returns at once.
                std::thread::park();
            }
        }
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Task>> {
        self.inbox.lock().unwrap_or_else(|e| e.into_inner())
    }
}
