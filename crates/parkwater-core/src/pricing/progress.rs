//! Progress of a priced solve, for a caller that wants to show it (the CLI
//! draws a line on a terminal; core never prints).

use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// One pricing round, reported after its scan of every candidate arc.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RoundProgress {
    /// Master solves so far (over all phases and objectives).
    pub round: usize,
    /// Whether the master is still looking for a feasible point (phase one:
    /// the objective is then the artificials' sum).
    pub phase_one: bool,
    /// The objective being minimized (`freshwater`, `cost`, `discharge`).
    pub minimizing: &'static str,
    /// Its place in the scenario's objective list, from 1.
    pub place: usize,
    /// The length of that list.
    pub of: usize,
    /// The later objective priced beside it to break its ties, while a
    /// degenerate objective (freshwater, discharge) is priced before it is
    /// priced alone; `None` otherwise.
    pub ties_broken_by: Option<&'static str>,
    /// The objective after that one, breaking the ties left (at a smaller
    /// share), in a list of three; `None` otherwise.
    pub ties_then_broken_by: Option<&'static str>,
    /// The master's objective value (internal units: t/h, CNY/h; the
    /// tie-break included).
    pub objective: f64,
    /// The most negative reduced cost over every candidate arc in this
    /// round (>= -1e-9 at the end: the certificate).
    pub reduced_cost: f64,
    /// Arc columns in the master.
    pub columns: usize,
    /// Columns this round adds.
    pub added: usize,
}

type Hook = dyn Fn(&RoundProgress) + Send + Sync;

/// A callback called once per pricing round (on the solving thread); none
/// by default. Equal only to itself (or both unset), so options stay
/// comparable.
#[derive(Clone, Default)]
pub struct ProgressHook(Option<Arc<Hook>>);

impl ProgressHook {
    /// A hook calling `f`.
    pub fn new(f: impl Fn(&RoundProgress) + Send + Sync + 'static) -> Self {
        ProgressHook(Some(Arc::new(f)))
    }

    /// Reports a round (nothing when unset).
    pub(crate) fn report(&self, round: &RoundProgress) {
        if let Some(f) = &self.0 {
            f(round);
        }
    }

    /// Whether a callback is set (the CLI's tests ask).
    #[cfg_attr(feature = "dev", visibility::make(pub))]
    pub(crate) fn is_set(&self) -> bool {
        self.0.is_some()
    }
}

impl fmt::Debug for ProgressHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.is_set() {
            "ProgressHook(set)"
        } else {
            "ProgressHook(none)"
        })
    }
}

impl PartialEq for ProgressHook {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_hook_is_called_and_compares_by_identity() {
        let calls = Arc::new(AtomicUsize::new(0));
        let seen = calls.clone();
        let hook = ProgressHook::new(move |p| {
            seen.fetch_add(p.round, Ordering::Relaxed);
        });
        let round = RoundProgress {
            round: 3,
            phase_one: false,
            minimizing: "cost",
            place: 1,
            of: 1,
            ties_broken_by: None,
            ties_then_broken_by: None,
            objective: 1.0,
            reduced_cost: -2.0,
            columns: 10,
            added: 4,
        };
        hook.report(&round);
        ProgressHook::default().report(&round);
        assert_eq!(calls.load(Ordering::Relaxed), 3);
        assert_eq!(hook, hook.clone());
        assert_ne!(hook, ProgressHook::new(|_| {}));
        assert_eq!(ProgressHook::default(), ProgressHook::default());
        assert_eq!(format!("{hook:?}"), "ProgressHook(set)");
    }
}
