//! HiGHS's task scheduler and the `threads` option.
//!
//! # What HiGHS 1.16 does
//!
//! HiGHS runs parallel work on a task scheduler (`HighsTaskExecutor`). In
//! 1.16 the scheduler handle is a C++ `thread_local`: there is **one
//! scheduler per OS thread that calls `Highs_run`**, shared by every
//! `Highs` instance run on that thread, not one per process (the
//! deprecated `Highs_resetGlobalScheduler` is now just an alias of
//! `Highs_resetThreadScheduler`). At the start of every run, HiGHS
//! (`Highs::initializeMultiThreading`) does:
//!
//! 1. if this thread has no scheduler yet, create one with `threads`
//!    workers (`0` = number of physical cores), spawning `threads - 1`
//!    worker OS threads;
//! 2. if `threads != 0` and the existing scheduler has a *different* size,
//!    log "Option 'threads' is set to N but the scheduler has already been
//!    initialized to use M threads" and make `Highs_run` **return
//!    `kHighsStatusError`** without solving.
//!
//! So, without help, two instances asking for different thread counts
//! work when run on different OS threads, but the second one fails when
//! both run on the same thread (verified by the
//! `raw_highs_rejects_a_second_thread_count_on_the_same_thread` test in
//! `session.rs`). `threads = 0` never conflicts: it adopts whatever
//! scheduler exists.
//!
//! # What this crate does
//!
//! [`Highs::run`](crate::Highs::run) remembers, per OS thread, the thread
//! count it last initialized the scheduler with. Before a run asking for a
//! specific, different count it calls `Highs_resetThreadScheduler`, so the
//! run re-creates the scheduler at the requested size instead of failing.
//! With `threads = None` nothing is reset. Consequences:
//!
//! * Alternating instances with different `threads` on one OS thread works
//!   but pays a scheduler restart (spawning `threads - 1` OS threads) on
//!   every switch; keep one count per thread in hot loops.
//! * Tests are deterministic: each libtest test runs on its own OS thread
//!   and so gets its own scheduler. For LPs, HiGHS's default simplex is
//!   serial regardless of `threads`, so the solution path does not depend
//!   on the thread count.
//! * Code outside this crate that runs HiGHS on the same OS thread with a
//!   different explicit thread count can still make the *next* run here
//!   fail; call [`reset_thread_scheduler`] after such code.
//!
//! A scheduler is released when its OS thread exits, or by
//! [`reset_thread_scheduler`].

use std::cell::Cell;

use highs_sys::HighsInt;

thread_local! {
    /// Size of this OS thread's HiGHS scheduler as last set by a run of
    /// this crate with an explicit `threads`, or `None` if unknown (never
    /// run, reset, or only run with `threads = 0`).
    static KNOWN_THREADS: Cell<Option<HighsInt>> = const { Cell::new(None) };
}

/// Release the calling OS thread's HiGHS scheduler (its worker threads and
/// memory). The next run on this thread creates a fresh one with the
/// `threads` option of that run.
///
/// This is safe to call at any time from user code: HiGHS requires that it
/// is not called from one of *its* worker threads and not while a run is in
/// progress on the calling thread, and this crate never runs user code on
/// HiGHS worker threads (no callbacks are exposed) while every run is a
/// blocking call that returns before user code can continue.
pub fn reset_thread_scheduler() {
    // SAFETY: `Highs_resetThreadScheduler` takes no pointers. Its
    // preconditions (not on a HiGHS worker thread, no run in progress on
    // this thread) hold for all user code, see the function docs.
    unsafe { highs_sys::Highs_resetThreadScheduler(0) };
    KNOWN_THREADS.with(|k| k.set(None));
}

/// Called by `Highs::run` with the instance's current `threads` option just
/// before `Highs_run`: resets the scheduler if it may have another size.
pub(crate) fn before_run(requested: HighsInt) {
    if requested > 0 && KNOWN_THREADS.with(Cell::get) != Some(requested) {
        reset_thread_scheduler();
    }
}

/// Called by `Highs::run` right after `Highs_run`.
pub(crate) fn after_run(requested: HighsInt) {
    if requested > 0 {
        KNOWN_THREADS.with(|k| k.set(Some(requested)));
    }
    // With `threads = 0` HiGHS reuses an existing scheduler (whose size we
    // may or may not know) or creates one with "all cores"; either way the
    // recorded value stays correct or unknown.
}
