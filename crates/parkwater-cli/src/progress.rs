//! A progress line for long priced solves: once a solve has run for
//! [`AFTER`] and stderr is a terminal, one line (indicatif) with the round,
//! the master objective, the most negative reduced cost and the columns.
//! Quiet when stderr is not a terminal and for every format but the table
//! (`--format json` and the others are read by programs).

use crate::args::OutputFormat;
use indicatif::{ProgressBar, ProgressStyle};
use parkwater_core::solve::RoundProgress;
use parkwater_core::SolveOptions;
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// A solve shorter than this shows nothing.
pub const AFTER: Duration = Duration::from_secs(2);

/// Whether to draw: a terminal on stderr and the human format.
pub fn wanted(format: OutputFormat, stderr_is_terminal: bool) -> bool {
    stderr_is_terminal && format == OutputFormat::Table
}

/// Clears the line when dropped (before the report is printed).
#[derive(Debug, Default)]
pub struct Guard(Option<Arc<OnceLock<ProgressBar>>>);

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(bar) = self.0.as_ref().and_then(|b| b.get()) {
            bar.finish_and_clear();
        }
    }
}

/// `options` with a progress hook when [`wanted`], and the guard that
/// clears the line.
pub fn attach(options: SolveOptions, format: OutputFormat) -> (SolveOptions, Guard) {
    if !wanted(format, std::io::stderr().is_terminal()) {
        return (options, Guard(None));
    }
    let bar: Arc<OnceLock<ProgressBar>> = Arc::default();
    let start = Instant::now();
    let shared = bar.clone();
    let options = options.with_progress(move |p| {
        if start.elapsed() < AFTER {
            return;
        }
        let bar = shared.get_or_init(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed:>4} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        bar.set_message(line(p));
    });
    (options, Guard(Some(bar)))
}

/// The message of one round: which objective of the list is being
/// minimized (and what breaks its ties), then the round's figures.
pub fn line(p: &RoundProgress) -> String {
    let mut stage = if p.of > 1 {
        format!("{} ({} of {})", p.minimizing, p.place, p.of)
    } else {
        p.minimizing.to_string()
    };
    if let Some(next) = p.ties_broken_by {
        let _ = write!(stage, ", ties broken by {next}");
        if let Some(then) = p.ties_then_broken_by {
            let _ = write!(stage, ", then {then}");
        }
    }
    if p.phase_one {
        stage.push_str(", finding a feasible start");
    }
    format!(
        "pricing round {}, {stage}: master objective {:.6e}, most negative reduced cost {:.2e}, {} columns (+{})",
        p.round, p.objective, p.reduced_cost, p.columns, p.added
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_only_for_people() {
        assert!(wanted(OutputFormat::Table, true));
        assert!(!wanted(OutputFormat::Table, false));
        assert!(!wanted(OutputFormat::Json, true));
        assert!(!wanted(OutputFormat::Csv, true));
        // Not a terminal here (tests capture stderr): no hook at all.
        let (options, guard) = attach(SolveOptions::default(), OutputFormat::Table);
        if !std::io::stderr().is_terminal() {
            assert!(!options.progress.is_set());
            assert!(guard.0.is_none());
        }
    }

    #[test]
    fn a_round_reads_as_a_sentence() {
        let p = RoundProgress {
            round: 12,
            phase_one: false,
            minimizing: "freshwater",
            place: 1,
            of: 2,
            ties_broken_by: Some("cost"),
            ties_then_broken_by: None,
            objective: 1234.5,
            reduced_cost: -0.25,
            columns: 9000,
            added: 700,
        };
        assert_eq!(
            line(&p),
            "pricing round 12, freshwater (1 of 2), ties broken by cost: master objective 1.234500e3, \
             most negative reduced cost -2.50e-1, 9000 columns (+700)"
        );
        let three = RoundProgress {
            minimizing: "discharge",
            of: 3,
            ties_broken_by: Some("freshwater"),
            ties_then_broken_by: Some("cost"),
            ..p
        };
        assert_eq!(
            line(&three),
            "pricing round 12, discharge (1 of 3), ties broken by freshwater, then cost: master \
             objective 1.234500e3, most negative reduced cost -2.50e-1, 9000 columns (+700)"
        );
        let alone = RoundProgress {
            minimizing: "cost",
            of: 1,
            ties_broken_by: None,
            ties_then_broken_by: None,
            phase_one: true,
            ..p
        };
        assert_eq!(
            line(&alone),
            "pricing round 12, cost, finding a feasible start: master objective 1.234500e3, \
             most negative reduced cost -2.50e-1, 9000 columns (+700)"
        );
    }
}
