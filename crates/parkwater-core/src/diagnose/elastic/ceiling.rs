//! The highest reuse rate a park reaches with every other requirement held.
//!
//! The elastic LP relaxes the reuse-rate row `repeated - t x total >= 0` by
//! a slack weighed in t/h, so it minimizes `t x total - repeated` at the
//! target t, not the shortfall of the rate itself: where the total can
//! grow (a sink with a flow range, a unit fed by intake), it gives up water
//! that would have raised the rate, and the rate it reaches is below the
//! ceiling (20 % where 35 % was reachable, in the test below). The ceiling
//! is a linear-fractional program, solved by Dinkelbach's method: from a
//! reachable rate t, maximize `repeated - t x total` over the park's other
//! rows; a positive maximum gives a point of higher rate, the next t; a
//! zero maximum proves t the ceiling (2-3 LPs).

use super::{Elastic, Probe, Side};
use crate::formulate::RowFamily;
use crate::solve::{solve_column_lp, Status};

/// Dinkelbach steps at most (each an LP over the probe's arcs).
const MAX_STEPS: usize = 8;

impl Probe<'_> {
    /// The ceiling of the reuse rate, when the elastic solution relaxed
    /// the reuse-rate row and nothing else (with several relaxations no
    /// single rate is "the most reachable"). `None` otherwise, or when an
    /// LP gave no optimum; the rate of the elastic point is then what the
    /// diagnosis reports.
    pub(crate) fn reuse_rate_ceiling(&self, elastic: &Elastic) -> Option<f64> {
        let [(row, Side::Lower, _)] = elastic.slacks[..] else {
            return None;
        };
        if self.lp.rows.keys[row].family != RowFamily::MinReuseRate {
            return None;
        }
        let target = self.model.policy.min_reuse_rate?;
        // Each column's part in the row: 1 - target for reused water,
        // -target for fresh intake (into a sink or a unit).
        let lp = &self.lp;
        let part: Vec<f64> = (0..lp.num_cols())
            .map(|j| {
                (lp.a_start[j]..lp.a_start[j + 1])
                    .find(|&p| lp.a_index[p] as usize == row)
                    .map_or(0.0, |p| lp.a_value[p])
            })
            .collect();
        let recirculation = self.model.recirculation();
        // The rate of a point (flows in the unit of `recirculation`).
        let rate = |flows: &[f64], recirculation: f64| {
            let (mut repeated, mut fresh) = (recirculation, 0.0);
            for (&x, &a) in flows.iter().zip(&part) {
                if a > 0.0 {
                    repeated += x;
                } else if a < 0.0 {
                    fresh += x;
                }
            }
            let total = repeated + fresh;
            (total > 0.0).then(|| repeated / total)
        };
        let mut t = rate(&elastic.flows, recirculation)?;
        let mut lp = self.column_lp(&|r| r != row, &[]);
        for _ in 0..MAX_STEPS {
            for (cost, &a) in lp.col_cost.iter_mut().zip(&part) {
                *cost = match a {
                    a if a > 0.0 => -(1.0 - t),
                    a if a < 0.0 => t,
                    _ => 0.0,
                };
            }
            let out = solve_column_lp(&lp, &self.options).ok()?;
            if out.status != Status::Optimal {
                tracing::debug!(?out.status, "reuse-rate ceiling: no optimum");
                return None;
            }
            let next = rate(&out.col_value, recirculation / self.scale)?;
            tracing::debug!(t, next, "reuse-rate ceiling step");
            if next <= t * (1.0 + 1e-9) {
                break;
            }
            t = next;
        }
        Some(t.min(target))
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnose::elastic::{relaxable, Probe};
    use crate::network::Network;
    use crate::scenario::Scenario;
    use crate::solve::SolveOptions;

    /// Sink D1 (100 t/h) reuses at most 20 % (S1 at 100 mg/L for 20);
    /// sink D2 (0-100 t/h) up to 50 % (S2 at 40 mg/L), but taking it adds
    /// fresh water too: the elastic LP leaves D2 empty (20 %), the ceiling
    /// fills it, (20 + 50) / 200 = 35 %.
    const RANGE: &str = r#"
contaminants = ["COD"]
[[intake]]
id = "FW"
kind = "surface"
conc = { COD = 0 }
[[source]]
id = "S1"
flow = 200
conc = { COD = 100 }
[[source]]
id = "S2"
flow = 200
conc = { COD = 40 }
[[sink]]
id = "D1"
flow = 100
max_conc = { COD = 20 }
[[sink]]
id = "D2"
min_flow = 0
max_flow = 100
max_conc = { COD = 20 }
[[discharge]]
id = "WW"
[[forbid]]
from = "S2"
to = "D1"
[policy]
min_reuse_rate = 0.9
"#;

    /// The rate of the elastic point, the ceiling, and how many
    /// requirements the elastic point relaxed.
    fn ceiling(text: &str) -> (f64, Option<f64>, usize) {
        let model = Scenario::from_toml(text).unwrap().validate().unwrap();
        let network = Network::build(&model);
        let mut probe = Probe::new(&model, network, &SolveOptions::default());
        let keys = probe.lp.rows.keys.clone();
        let elastic = probe
            .elastic(&|r| relaxable(keys[r].family))
            .unwrap()
            .unwrap();
        let b = crate::verify::Balances::new(&model, &probe.network, &elastic.flows);
        let reached = b.reused / (b.reused + b.freshwater());
        (
            reached,
            probe.reuse_rate_ceiling(&elastic),
            elastic.slacks.len(),
        )
    }

    #[test]
    fn the_ceiling_takes_water_that_raises_the_rate_though_it_adds_intake() {
        let (reached, ceiling, relaxed) = ceiling(RANGE);
        assert_eq!(relaxed, 1);
        assert!((reached - 0.2).abs() < 1e-9, "the elastic point: {reached}");
        let ceiling = ceiling.expect("one relaxation, on the rate");
        assert!((ceiling - 0.35).abs() < 1e-9, "{ceiling}");
    }

    #[test]
    fn no_ceiling_when_other_requirements_are_relaxed_too() {
        // D1 now needs 100 t/h at 0 mg/L from an intake capped at 50:
        // its demand is cut as well as the rate.
        let text = RANGE
            .replace("conc = { COD = 0 }", "conc = { COD = 0 }\nmax_flow = 50")
            .replace(
                "max_conc = { COD = 20 }\n[[sink]]",
                "max_conc = { COD = 0 }\n[[sink]]",
            );
        let (_, ceiling, relaxed) = ceiling(&text);
        assert!(relaxed > 1, "{relaxed} relaxations");
        assert_eq!(ceiling, None);
    }
}
