//! The final step of arc pricing: the final master's answer checked by the
//! solver layer's residual check, its arcs sorted into a network, flows and
//! unscaled duals read, counters gathered. Its certificate (the smallest
//! reduced cost over every candidate arc) is the last scan's.

use super::master::Master;
use crate::formulate::{arc_cost, RowFamily, RowKey, NO_CONTAMINANT};
use crate::network::Network;
use crate::solve::{LpOutcome, PricingStats, SolveError, SolveStats, Status, FLOW_EPSILON};

impl Master<'_> {
    pub(super) fn finish(
        mut self,
        status: Status,
        mut values: Vec<(crate::model::Objective, f64)>,
    ) -> Result<(Network, LpOutcome, PricingStats), SolveError> {
        // The final master's answer is used: the one residual check.
        let mapped = self.live.check(status);
        self.stats.columns = self.arcs.len();
        let mut keys = self.rows.keys.clone();
        for (i, _) in self.bounds.iter().enumerate() {
            keys.push(RowKey {
                family: RowFamily::ObjectiveBound,
                entity: i as u32,
                contaminant: NO_CONTAMINANT,
            });
        }
        let na = self.artificials.len();
        // Sort the master's arcs into full-network order.
        let mut order: Vec<usize> = (0..self.arcs.len()).collect();
        order.sort_by_key(|&j| self.arcs[j]);
        let network = Network::from_arcs(order.iter().map(|&j| self.arcs[j]));
        let (flows, row_duals) = if mapped == Status::Optimal {
            let sol = self.live.solution();
            // Each objective at the final point: an earlier one held by a
            // loose tolerance may have spent it.
            for (o, z) in &mut values {
                *z = (self.arcs.iter().enumerate())
                    .map(|(j, &(u, v))| {
                        arc_cost(self.model, *o, u, v, self.km(u, v)) * sol.col_value[na + j]
                    })
                    .sum();
            }
            let flows = order
                .iter()
                .map(|&j| sol.col_value[na + j])
                .map(|f| if f > FLOW_EPSILON { f } else { 0.0 })
                .collect();
            // Duals that price every arc, also those off a held face.
            (flows, self.complete_duals(self.unscaled_duals()))
        } else {
            (vec![0.0; network.len()], vec![0.0; keys.len()])
        };
        let counters = self.live.counters();
        let solve_stats = SolveStats {
            columns: self.arcs.len(),
            rows: keys.len(),
            simplex_iterations: counters.simplex_iterations,
            ipm_iterations: counters.ipm_iterations,
            solves: counters.solves,
            residuals: self.live.residuals(),
            ..SolveStats::default()
        };
        let outcome = LpOutcome {
            status: mapped,
            flows,
            row_duals,
            row_keys: keys,
            objective_values: values,
            stats: solve_stats,
            conflict: Vec::new(),
        };
        Ok((network, outcome, self.stats))
    }
}

#[cfg(test)]
mod tests {
    use crate::network::Network;
    use crate::pricing::{solve_priced, BatchLimits};
    use crate::solve::{solve_lp, SolveOptions, Status};
    use crate::synth::{Family, SyntheticPark};

    #[test]
    fn the_final_master_is_checked_sorted_and_certified() {
        let model = SyntheticPark::size(25, 25, 2)
            .with_family(Family::HeavyReuse)
            .scenario()
            .validate()
            .unwrap();
        let options = SolveOptions::default();
        let (network, outcome, stats) =
            solve_priced(&model, &options, &BatchLimits::default()).unwrap();
        assert_eq!(outcome.status, Status::Optimal);
        let arcs: Vec<_> = (0..network.len()).map(|a| network.arc(a)).collect();
        assert!(arcs.windows(2).all(|w| w[0] < w[1]), "full-network order");
        assert_eq!(outcome.flows.len(), network.len());
        assert!(outcome.flows.iter().all(|&f| f >= 0.0));
        let r = outcome
            .stats
            .residuals
            .expect("the final master is checked");
        assert!(r.acceptable(1.0), "{r:?}");
        assert!(stats.certificate >= -1e-6, "{}", stats.certificate);
        assert_eq!(outcome.stats.solves, stats.rounds);
        // Same optimum as the full LP.
        let full = solve_lp(&model, &Network::build(&model), &options).unwrap();
        let (a, b) = (outcome.objective_values[0].1, full.objective_values[0].1);
        assert!((a - b).abs() <= 1e-6 * b.abs().max(1.0), "{a} vs {b}");
    }
}
