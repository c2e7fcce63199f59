//! Phase-by-phase timing of the whole pipeline on a synthetic park, for the
//! `parkwater bench` command.
//!
//! [`run_phases`] generates a [`SyntheticPark`], writes it as TOML, parses it
//! back, validates it, builds the network and the LP, hands the LP to HiGHS
//! (`pass_lp` only) and, when asked, solves it, verifies and reports. Each
//! phase is timed on its own with a wall clock; the process's peak resident
//! memory is read after each phase.

use crate::formulate::{formulate, report_scale};
use crate::model::Objective;
use crate::network::Network;
use crate::solve::{hand_over, solve_formulated, SolveOptions, Status};
use crate::synth::{Family, SyntheticPark};
use crate::verify::verify;
use crate::{Report, Scenario};
use serde::Serialize;
use std::fmt;
use std::time::Instant;

/// Phase names, in pipeline order.
pub mod phase {
    /// `SyntheticPark::scenario`.
    pub const GENERATE: &str = "generate";
    /// `Scenario::to_toml`.
    pub const SERIALIZE: &str = "serialize";
    /// `Scenario::from_toml`.
    pub const PARSE: &str = "parse";
    /// `Scenario::validate`.
    pub const VALIDATE: &str = "validate";
    /// `Network::build`.
    pub const NETWORK: &str = "network";
    /// `formulate::formulate`.
    pub const FORMULATE: &str = "formulate";
    /// `solve::hand_over`: a live HiGHS model + bound vectors + `pass_lp`.
    pub const HAND_OVER: &str = "hand-over";
    /// `solve::solve_formulated`: its own hand-over, then the runs.
    pub const SOLVE: &str = "solve";
    /// `verify::verify`.
    pub const VERIFY: &str = "verify";
    /// `Report::new`.
    pub const REPORT: &str = "report";
}

/// One timed phase.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Phase {
    /// One of the names in [`phase`].
    pub name: &'static str,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Peak resident memory of the whole process so far (VmHWM), bytes.
    pub peak_bytes: Option<u64>,
}

/// What [`run_phases`] measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhaseReport {
    /// The park, e.g. `500x500x4`.
    pub size: String,
    /// Its family.
    pub family: Family,
    /// Its seed.
    pub seed: u64,
    /// Enterprises.
    pub enterprises: usize,
    /// Intakes.
    pub intakes: usize,
    /// Treatments.
    pub treatments: usize,
    /// Discharges.
    pub discharges: usize,
    /// Size of the TOML text, bytes.
    pub toml_bytes: usize,
    /// Columns of the LP (allowed arcs).
    pub arcs: usize,
    /// Rows of the LP.
    pub rows: usize,
    /// Non-zeros of the LP matrix.
    pub nonzeros: usize,
    /// Timed phases in pipeline order (solve, verify and report only when solved).
    pub phases: Vec<Phase>,
    /// How the solve ended (when solved).
    pub status: Option<Status>,
    /// Optimal cost, CNY per year (when solved to optimality).
    pub objective: Option<f64>,
    /// Simplex iterations (crossover included), when solved.
    pub simplex_iterations: Option<i64>,
    /// Interior-point iterations, when solved.
    pub ipm_iterations: Option<i64>,
    /// Largest relative violation found by verification, when solved.
    pub max_violation: Option<f64>,
    /// Whether verification passed, when solved.
    pub verified: Option<bool>,
    /// Peak resident memory of the *whole process* (VmHWM of
    /// /proc/self/status) at the end, bytes; `None` where /proc is missing.
    /// It includes anything the process did before `run_phases`.
    pub peak_memory_bytes: Option<u64>,
    /// parse + validate + network + formulate + verify, seconds: the engine's
    /// own work around a solve.
    pub overhead_seconds: f64,
    /// `overhead_seconds / solve seconds` (when solved).
    pub overhead_share_of_solve: Option<f64>,
    /// parse + validate + network + formulate + hand-over, seconds: what it
    /// costs to get a park from text into HiGHS.
    pub load_seconds: f64,
    /// The error that stopped the run early, if any.
    pub error: Option<String>,
}

impl PhaseReport {
    /// Seconds of a phase (0 when it did not run).
    pub fn seconds(&self, name: &str) -> f64 {
        self.phases
            .iter()
            .filter(|p| p.name == name)
            .map(|p| p.seconds)
            .sum()
    }

    fn ran(&self, name: &str) -> bool {
        self.phases.iter().any(|p| p.name == name)
    }
}

/// Peak resident memory of this process so far (VmHWM), bytes. Linux only;
/// `None` elsewhere. It is the peak of the whole process since it started,
/// not of one phase.
pub fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Times every phase of the pipeline on `park`: generate, serialize to TOML,
/// parse, validate, network, formulate, hand-over to HiGHS (`pass_lp` on a
/// fresh instance, then dropped) and, when `solve` is true, the HiGHS solve
/// (`solve_formulated`, which makes its own instance and hand-over, so the
/// solve figure includes a second hand-over), verification and the report.
///
/// Never panics on a bad park: a phase that fails stops the run and its error
/// is in [`PhaseReport::error`].
pub fn run_phases(park: &SyntheticPark, solve: bool, options: &SolveOptions) -> PhaseReport {
    let mut r = PhaseReport {
        size: park.size_label(),
        family: park.family,
        seed: park.seed,
        enterprises: 0,
        intakes: 0,
        treatments: 0,
        discharges: 0,
        toml_bytes: 0,
        arcs: 0,
        rows: 0,
        nonzeros: 0,
        phases: Vec::new(),
        status: None,
        objective: None,
        simplex_iterations: None,
        ipm_iterations: None,
        max_violation: None,
        verified: None,
        peak_memory_bytes: None,
        overhead_seconds: 0.0,
        overhead_share_of_solve: None,
        load_seconds: 0.0,
        error: None,
    };
    run_into(&mut r, park, solve, options);
    r.peak_memory_bytes = peak_memory_bytes();
    let s = |name| r.seconds(name);
    let common = s(phase::PARSE) + s(phase::VALIDATE) + s(phase::NETWORK) + s(phase::FORMULATE);
    let (verify, hand_over, solved) = (s(phase::VERIFY), s(phase::HAND_OVER), s(phase::SOLVE));
    r.overhead_seconds = common + verify;
    r.load_seconds = common + hand_over;
    if r.ran(phase::SOLVE) && solved > 0.0 {
        r.overhead_share_of_solve = Some(r.overhead_seconds / solved);
    }
    r
}

/// Runs `f`, records its time and the peak memory after it.
fn timed<T>(r: &mut PhaseReport, name: &'static str, f: impl FnOnce() -> T) -> T {
    let clock = Instant::now();
    let out = f();
    let seconds = clock.elapsed().as_secs_f64();
    r.phases.push(Phase {
        name,
        seconds,
        peak_bytes: peak_memory_bytes(),
    });
    out
}

fn run_into(r: &mut PhaseReport, park: &SyntheticPark, solve: bool, options: &SolveOptions) {
    let scenario = timed(r, phase::GENERATE, || park.scenario());
    r.enterprises = scenario.enterprises.len();
    r.intakes = scenario.intakes.len();
    r.treatments = scenario.treatments.len();
    r.discharges = scenario.discharges.len();
    let text = timed(r, phase::SERIALIZE, || scenario.to_toml());
    drop(scenario);
    r.toml_bytes = text.len();
    let parsed = match timed(r, phase::PARSE, || Scenario::from_toml(&text)) {
        Ok(s) => s,
        Err(e) => {
            r.error = Some(format!("parse: {e}"));
            return;
        }
    };
    drop(text);
    let model = match timed(r, phase::VALIDATE, || parsed.validate()) {
        Ok(m) => m,
        Err(e) => {
            r.error = Some(format!("validate: {e}"));
            return;
        }
    };
    drop(parsed);
    let network = timed(r, phase::NETWORK, || Network::build(&model));
    let lp = timed(r, phase::FORMULATE, || {
        formulate(&model, &network, model.objectives[0])
    });
    r.arcs = network.len();
    r.rows = lp.rows.len() as usize;
    r.nonzeros = lp.num_nonzeros();

    // The solver layer's own hand-over, the one `solve_formulated` makes.
    let handed = timed(r, phase::HAND_OVER, || {
        hand_over(&lp, options, network.len())
    });
    match handed {
        // Free HiGHS's copy before the solve makes its own.
        Ok(live) => drop(live),
        Err(e) => {
            r.error = Some(format!("hand-over: {e}"));
            return;
        }
    }
    if !solve {
        return;
    }

    let outcome = match timed(r, phase::SOLVE, || {
        solve_formulated(&model, &network, lp, options)
    }) {
        Ok(o) => o,
        Err(e) => {
            r.error = Some(format!("solve: {e}"));
            return;
        }
    };
    r.status = Some(outcome.status);
    r.simplex_iterations = Some(outcome.stats.simplex_iterations);
    r.ipm_iterations = Some(outcome.stats.ipm_iterations);
    r.objective = outcome
        .objective_values
        .first()
        .map(|&(o, z)| z * report_scale(&model, o));
    debug_assert!(model.objectives[0] == Objective::Cost);
    let verification = timed(r, phase::VERIFY, || {
        verify(&model, &network, &outcome.flows)
    });
    r.max_violation = Some(verification.max_violation);
    r.verified = Some(verification.passed());
    timed(r, phase::REPORT, || {
        Report::new(&model, &network, &outcome, verification, "full")
    });
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Thousands separators: 2_271_015 -> "2,271,015".
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for PhaseReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "park {} {} (seed {}): {} enterprises, {} intakes, {} treatments, {} discharges; TOML {:.1} kB",
            self.size,
            self.family,
            self.seed,
            self.enterprises,
            self.intakes,
            self.treatments,
            self.discharges,
            self.toml_bytes as f64 / 1e3
        )?;
        writeln!(
            f,
            "LP: {} arcs x {} rows, {} nonzeros",
            grouped(self.arcs),
            grouped(self.rows),
            grouped(self.nonzeros)
        )?;
        let solve = self
            .ran(phase::SOLVE)
            .then(|| self.seconds(phase::SOLVE))
            .filter(|&s| s > 0.0);
        let share = |seconds: f64| match solve {
            Some(s) => format!("{:>9.2} %", 100.0 * seconds / s),
            None => format!("{:>11}", "-"),
        };
        writeln!(
            f,
            "{:<28} {:>10} {:>11} {:>9}",
            "phase", "seconds", "of solve", "peak MiB"
        )?;
        for p in &self.phases {
            let peak = p
                .peak_bytes
                .map_or_else(|| "-".to_string(), |b| format!("{:.0}", mib(b)));
            writeln!(
                f,
                "{:<28} {:>10.4} {} {:>9}",
                p.name,
                p.seconds,
                share(p.seconds),
                peak
            )?;
        }
        writeln!(
            f,
            "{:<28} {:>10.4} {}",
            "parse..formulate + verify",
            self.overhead_seconds,
            share(self.overhead_seconds)
        )?;
        writeln!(
            f,
            "{:<28} {:>10.4}",
            "parse..formulate + hand-over", self.load_seconds
        )?;
        writeln!(
            f,
            "(parse..formulate = parse + validate + network + formulate; \
             solve includes its own second hand-over)"
        )?;
        if let Some(status) = self.status {
            let status = serde_json::to_value(status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            write!(f, "status {status}")?;
            if let Some(z) = self.objective {
                write!(f, ", cost {z:.6e} CNY/year")?;
            }
            if let (Some(s), Some(i)) = (self.simplex_iterations, self.ipm_iterations) {
                write!(f, ", {i} IPM + {s} simplex iterations")?;
            }
            if let (Some(v), Some(ok)) = (self.max_violation, self.verified) {
                let word = if ok { "passed" } else { "FAILED" };
                write!(f, ", verification {word} (max violation {v:.1e})")?;
            }
            writeln!(f)?;
        }
        match self.peak_memory_bytes {
            Some(b) => writeln!(
                f,
                "peak memory {:.2} GiB (VmHWM: the whole process's peak resident set)",
                mib(b) / 1024.0
            )?,
            None => writeln!(f, "peak memory unknown (no /proc/self/status)")?,
        }
        if let Some(e) = &self.error {
            writeln!(f, "stopped early: {e}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_of_a_small_park() {
        let park = SyntheticPark::size(15, 15, 2).with_family(Family::HeavyReuse);
        let r = run_phases(&park, true, &SolveOptions::default());
        assert_eq!(r.error, None);
        let names: Vec<&str> = r.phases.iter().map(|p| p.name).collect();
        assert_eq!(
            names,
            [
                "generate",
                "serialize",
                "parse",
                "validate",
                "network",
                "formulate",
                "hand-over",
                "solve",
                "verify",
                "report"
            ]
        );
        assert_eq!(r.status, Some(Status::Optimal));
        assert_eq!(r.verified, Some(true));
        assert!(r.arcs > 15 * 15 && r.rows > 30 && r.nonzeros > r.arcs);
        assert!(r.overhead_share_of_solve.is_some());
        let table = r.to_string();
        assert!(table.contains("hand-over"), "{table}");
        assert!(serde_json::to_string(&r)
            .unwrap()
            .contains("\"heavy-reuse\""));

        let r = run_phases(&park, false, &SolveOptions::default());
        assert_eq!(r.phases.len(), 7);
        assert_eq!(r.status, None);
        assert!(r.load_seconds > 0.0);
    }

    #[test]
    fn grouping() {
        assert_eq!(grouped(2_271_015), "2,271,015");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
    }
}
