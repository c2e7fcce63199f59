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
//! `raw_highs_rejects_a_second_thread_count_on_the_same_thread` test
//! below). `threads = 0` never conflicts: it adopts whatever scheduler
//! exists. The same check runs inside `Highs_getIis`, which solves LPs
//! itself.
//!
//! # What this crate does
//!
//! [`Highs::run`](crate::Highs::run) (and [`Highs::iis`](crate::Highs::iis))
//! remember, per OS thread, the thread count they last initialized the
//! scheduler with. Before a call asking for a specific, different count
//! they call `Highs_resetThreadScheduler`, so HiGHS re-creates the
//! scheduler at the requested size instead of failing. With
//! `threads = None` nothing is reset. `Highs_resetGlobalScheduler` is not
//! needed (and is deprecated). Consequences:
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

#[cfg(test)]
mod tests {
    use crate::test_support::*;
    use crate::{Highs, ModelStatus, Options};

    /// Documents HiGHS's own behaviour that `scheduler` works around.
    #[test]
    fn raw_highs_rejects_a_second_thread_count_on_the_same_thread() {
        std::thread::spawn(|| {
            let owned = sign_lp();
            let mut one = Highs::new(&quiet()).unwrap();
            let mut two = Highs::new(&quiet().with_threads(2)).unwrap();
            one.pass_lp(&owned.as_sparse()).unwrap();
            two.pass_lp(&owned.as_sparse()).unwrap();
            // SAFETY: live instances; plain blocking calls on this thread.
            unsafe {
                assert_eq!(highs_sys::Highs_run(one.raw()), highs_sys::kHighsStatusOk);
                assert_eq!(
                    highs_sys::Highs_run(two.raw()),
                    highs_sys::kHighsStatusError
                );
                assert_eq!(two.model_status(), ModelStatus::NotSet);
                highs_sys::Highs_resetThreadScheduler(0);
                assert_eq!(highs_sys::Highs_run(two.raw()), highs_sys::kHighsStatusOk);
                // threads = 0 adopts the existing scheduler of any size.
                assert_eq!(
                    highs_sys::Highs_setIntOptionValue(one.raw(), c"threads".as_ptr(), 0),
                    highs_sys::kHighsStatusOk
                );
                assert_eq!(highs_sys::Highs_run(one.raw()), highs_sys::kHighsStatusOk);
                highs_sys::Highs_resetThreadScheduler(0);
            }
        })
        .join()
        .unwrap();
    }

    #[test]
    fn wrapper_runs_different_thread_counts_on_one_thread() {
        std::thread::spawn(|| {
            let owned = sign_lp();
            let mut sessions: Vec<Highs> = [1, 2, 0, 3, 1]
                .into_iter()
                .map(|t| {
                    let options = if t == 0 {
                        Options::default()
                    } else {
                        quiet().with_threads(t)
                    };
                    let mut h = Highs::new(&options).unwrap();
                    h.pass_lp(&owned.as_sparse()).unwrap();
                    h
                })
                .collect();
            for _ in 0..2 {
                for h in &mut sessions {
                    assert_eq!(h.run().unwrap(), ModelStatus::Optimal);
                    assert_close(h.objective_value(), -1.5, "objective");
                }
            }
            crate::reset_thread_scheduler();
        })
        .join()
        .unwrap();
    }

    #[test]
    fn iis_also_adapts_the_scheduler() {
        std::thread::spawn(|| {
            let feasible = sign_lp();
            let mut two = Highs::new(&quiet().with_threads(2)).unwrap();
            two.pass_lp(&feasible.as_sparse()).unwrap();
            assert_eq!(two.run().unwrap(), ModelStatus::Optimal);
            // `Highs_getIis` solves LPs itself, here with threads = 1.
            let infeasible = OwnedLp::new(
                &[(-INF, 1.0), (3.0, INF)],
                &[(1.0, 0.0, INF, &[(0, 1.0), (1, 1.0)])],
            );
            let mut one = Highs::new(&quiet()).unwrap();
            one.pass_lp(&infeasible.as_sparse()).unwrap();
            let iis = one.iis().unwrap();
            assert_eq!(iis.rows.len(), 2);
            crate::reset_thread_scheduler();
        })
        .join()
        .unwrap();
    }

    #[test]
    fn a_session_can_move_between_threads() {
        let owned = sign_lp();
        let mut highs = solved(&owned, &quiet());
        let highs = std::thread::spawn(move || {
            highs.change_row_bounds(1, -INF, 1.75).unwrap();
            assert_eq!(highs.run().unwrap(), ModelStatus::Optimal);
            highs
        })
        .join()
        .unwrap();
        assert_close(highs.objective_value(), -1.75, "objective");
        fn assert_send<T: Send>() {}
        assert_send::<Highs>();
    }
}
