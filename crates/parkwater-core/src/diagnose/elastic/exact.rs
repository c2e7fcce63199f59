//! The exact figure a requirement relaxed alone must take, where the
//! elastic point only gives one that suffices.
//!
//! The elastic LP relaxes a row by a slack weighed in the row's own unit
//! (t/h of shortfall, mass of excess), not by the figure the user sets:
//!
//! - a reuse-rate row `repeated - t x total >= 0` loses water that would
//!   raise the rate where the total can grow (a sink with a flow range):
//!   20 % reported where 35 % was reachable (the test below);
//! - a quality row `sum f (c - L) <= 0` of an outfall (or a unit's inlet,
//!   or a sink with a flow range) sheds a stream a little above L that
//!   would have diluted the rest: 100 mg/L reported where 86.7 sufficed.
//!
//! Either figure is the bound of a ratio (repeated / total, mass / flow)
//! over the park's other rows: a linear-fractional program, solved by
//! Dinkelbach's method. The row is affine in its figure p:
//! `G(x) + p H(x)` against 0; from a figure that holds, optimize
//! `G + p H` over the other rows; its optimum gives the next figure
//! `G / -H`; when that no longer moves, the figure is exact (2-3 LPs).

use super::{Elastic, Probe, Side};
use crate::formulate::{formulate, RowFamily};
use crate::model::{Model, Objective};
use crate::solve::{solve_column_lp_by, Status};

/// Dinkelbach steps at most (each an LP over the probe's arcs).
const MAX_STEPS: usize = 8;

/// Time the figure may take, all its LPs together: a fixed second plus this
/// per arc (three LPs of a 96 000-arc park took 4.7 s). The figure only
/// refines the elastic point's, so a park whose LPs stall HiGHS (a fuzz
/// park with concentrations of 1e9 mg/L kept its interior-point retry
/// running for minutes on 9 arcs) falls back to that instead.
const SECONDS_PER_ARC: f64 = 1e-4;

/// The row of a requirement as an affine function of its figure p:
/// coefficient u_j + p v_j per column, right-hand side u0 + p v0 (unscaled).
struct Affine {
    u: Vec<f64>,
    v: Vec<f64>,
    u0: f64,
    v0: f64,
}

impl Affine {
    /// (G, H) of a point whose flows are in the rows' unit divided by
    /// `scale`.
    fn parts(&self, x: &[f64], scale: f64) -> (f64, f64) {
        let dot = |c: &[f64]| c.iter().zip(x).map(|(c, x)| c * x).sum::<f64>();
        (
            dot(&self.u) - self.u0 / scale,
            dot(&self.v) - self.v0 / scale,
        )
    }

    /// The figure at which the row holds with equality at `x`.
    fn figure(&self, x: &[f64], scale: f64) -> Option<f64> {
        let (g, h) = self.parts(x, scale);
        (h.abs() > 0.0).then(|| -g / h)
    }
}

impl Probe<'_> {
    /// The exact figure of the one requirement the elastic solution
    /// relaxed, when it is a reuse-rate target (the highest rate the park
    /// reaches) or a concentration limit (the lowest limit it can meet),
    /// every other requirement held. `None` with several relaxations (no
    /// single figure is then "the" smallest), for other rows, or when an
    /// LP gave no optimum: the diagnosis then reports the elastic point's.
    pub(crate) fn exact_figure(&self, elastic: &Elastic) -> Option<f64> {
        let [(row, side, _)] = elastic.slacks[..] else {
            return None;
        };
        let key = self.lp.rows.keys[row];
        tracing::debug!(?key, "exact figure of the one relaxation");
        let exact = matches!(
            (key.family, side),
            (RowFamily::MinReuseRate, Side::Lower)
                | (
                    RowFamily::SinkQuality
                        | RowFamily::TreatmentInletQuality
                        | RowFamily::DischargeQuality,
                    Side::Upper
                )
        );
        if !exact {
            return None;
        }
        let (e, k) = (key.entity as usize, key.contaminant as usize);
        // The same model with another figure: the rate halved, a limit
        // doubled (plus one, for a zero limit).
        let mut other = self.model.clone();
        let figure = match key.family {
            RowFamily::MinReuseRate => other.policy.min_reuse_rate.as_mut()?,
            RowFamily::SinkQuality => &mut other.sinks[e].max_conc[k],
            RowFamily::TreatmentInletQuality => &mut other.treatments[e].max_inlet_conc[k],
            _ => &mut other.discharges[e].max_conc[k],
        };
        let now = *figure;
        let moved = match side {
            Side::Lower => now / 2.0,
            Side::Upper => 2.0 * now + 1.0,
        };
        *figure = moved;
        if !(now.is_finite() && moved.is_finite()) {
            return None;
        }
        let row_of = |m: &Model| {
            let lp = formulate(m, &self.network, Objective::Freshwater);
            (lp.rows.keys[row] == key).then(|| row_terms(&lp, row))
        };
        let (a, a0) = row_terms(&self.lp, row);
        let (b, b0) = row_of(&other)?;
        let slope = |a: f64, b: f64| (b - a) / (moved - now);
        let v: Vec<f64> = a.iter().zip(&b).map(|(&a, &b)| slope(a, b)).collect();
        let affine = Affine {
            u: a.iter().zip(&v).map(|(&a, &v)| a - now * v).collect(),
            u0: a0 - now * slope(a0, b0),
            v0: slope(a0, b0),
            v,
        };
        // Minimize the limit (`Upper`) or maximize the rate (`Lower`).
        let sense = if side == Side::Upper { 1.0 } else { -1.0 };
        let mut p = affine.figure(&elastic.flows, 1.0)?;
        let mut lp = self.column_lp(&|r| r != row, &[]);
        let budget = 1.0 + SECONDS_PER_ARC * self.network.len() as f64;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs_f64(budget);
        for _ in 0..MAX_STEPS {
            for (j, cost) in lp.col_cost.iter_mut().enumerate() {
                *cost = sense * (affine.u[j] + p * affine.v[j]);
            }
            // Optimization over the whole park, like its own LP: the
            // caller's algorithm (interior point on large parks).
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let limit = self
                .options
                .time_limit
                .map_or(left.as_secs_f64(), |t| t.min(left.as_secs_f64()));
            if limit <= 0.0 {
                tracing::debug!(budget, "exact figure: out of time");
                return None;
            }
            let options = self.options.clone().with_time_limit(limit);
            let out = solve_column_lp_by(&lp, &options, options.algorithm).ok()?;
            if out.status != Status::Optimal {
                tracing::debug!(?out.status, "exact figure: no optimum");
                return None;
            }
            let next = affine.figure(&out.col_value, self.scale)?;
            tracing::debug!(p, next, "exact figure: Dinkelbach step");
            if sense * (p - next) <= 1e-9 * p.abs().max(1e-9) {
                break;
            }
            p = next;
        }
        Some(if side == Side::Upper {
            p.max(now)
        } else {
            p.min(now)
        })
    }
}

/// The coefficients of `row` in every column of `lp` and its right-hand
/// side (the bound a slack on it relaxes), with the row scaling undone.
fn row_terms(lp: &crate::formulate::LinearProgram, row: usize) -> (Vec<f64>, f64) {
    let factor = lp.rows.factor[row];
    let terms = (0..lp.num_cols())
        .map(|j| {
            (lp.a_start[j]..lp.a_start[j + 1])
                .find(|&p| lp.a_index[p] as usize == row)
                .map_or(0.0, |p| lp.a_value[p] / factor)
        })
        .collect();
    let (lower, upper) = (lp.rows.lower[row], lp.rows.upper[row]);
    (terms, if lower.is_finite() { lower } else { upper })
}

#[cfg(test)]
mod tests {
    use crate::diagnose::elastic::{relaxable, Probe};
    use crate::network::Network;
    use crate::scenario::Scenario;
    use crate::solve::SolveOptions;

    /// The reuse rate's case: the elastic point reaches 20 %, 35 % is
    /// reachable (the file says why).
    const RANGE: &str = include_str!("../../../../../tests/data/infeasible/reuse-rate-range.toml");
    /// The river's case: the elastic point needs 100 mg/L, 86.67 is enough.
    const RIVER: &str = include_str!("../../../../../tests/data/infeasible/river-dilution.toml");

    /// The elastic point, its reuse rate and the exact figure.
    fn exact(text: &str) -> (crate::diagnose::elastic::Elastic, f64, Option<f64>) {
        let model = Scenario::from_toml(text).unwrap().validate().unwrap();
        let network = Network::build(&model);
        let mut probe = Probe::new(&model, network, &SolveOptions::default());
        let keys = probe.lp.rows.keys.clone();
        let elastic = probe
            .elastic(&|r| relaxable(keys[r].family))
            .unwrap()
            .unwrap();
        let figure = probe.exact_figure(&elastic);
        let b = crate::verify::Balances::new(&model, &probe.network, &elastic.flows);
        let rate = b.reused / (b.reused + b.freshwater());
        (elastic, rate, figure)
    }

    #[test]
    fn the_highest_rate_takes_water_that_raises_it_though_it_adds_intake() {
        let (elastic, reached, rate) = exact(RANGE);
        assert_eq!(elastic.slacks.len(), 1, "{:?}", elastic.slacks);
        assert!((reached - 0.2).abs() < 1e-9, "the elastic point: {reached}");
        let rate = rate.expect("one relaxation, on the rate");
        assert!((rate - 0.35).abs() < 1e-9, "{rate}");
    }

    #[test]
    fn the_lowest_limit_keeps_a_diluting_stream_in_the_river() {
        let (elastic, _, limit) = exact(RIVER);
        assert_eq!(elastic.slacks.len(), 1, "{:?}", elastic.slacks);
        let limit = limit.expect("one relaxation, on the river's COD");
        assert!((limit - 26_000.0 / 300.0).abs() < 1e-6, "{limit}");
    }

    #[test]
    fn no_exact_figure_when_other_requirements_are_relaxed_too() {
        // D1 now needs 100 t/h at 0 mg/L from an intake capped at 50:
        // its demand is cut as well as the rate.
        let text = RANGE
            .replace("conc = { COD = 0 }", "conc = { COD = 0 }\nmax_flow = 50")
            .replace(
                "max_conc = { COD = 20 }\n[[sink]]",
                "max_conc = { COD = 0 }\n[[sink]]",
            );
        let (elastic, _, figure) = exact(&text);
        assert!(elastic.slacks.len() > 1, "{:?}", elastic.slacks);
        assert_eq!(figure, None);
    }
}
