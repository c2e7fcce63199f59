//! Arc pricing (column generation): parks with millions of candidate pipes
//! solved exactly by a small restricted LP that grows only by the arcs whose
//! reduced cost is negative.
//!
//! `prices` computes every arc's reduced cost from the row duals without the
//! matrix; `select` chooses each round's batch; `generate` drives the master
//! LP. `Pricer` below is the column-by-column definition of a reduced cost,
//! kept as the reference the fast path is tested against and as the
//! certificate a reader can recompute.
//!
//! reduced cost(u -> v) = c(u, v) - sum over rows r of a(r; u, v) * y(r),
//! where an objective-bound row (lexicographic lists) has the earlier
//! objective's arc cost as its coefficient. At an optimum every allowed arc
//! has a reduced cost >= 0 (up to the solver's tolerance).

mod generate;
mod knobs;
mod prices;
mod select;

pub use generate::{dilution, solve_priced, PricingStats, TOLERANCE};
pub use prices::{ArcPrices, ObjectiveWeights};
pub use select::{BatchLimits, Candidate};

use crate::formulate::{arc_cost, ColumnWriter, RowFamily, RowIndex, RowKey};
use crate::model::{DemandId, Model, SupplyId};
use crate::network::Network;

/// Prices arcs against fixed duals, column by column.
#[derive(Debug)]
pub struct Pricer<'m> {
    model: &'m Model,
    writer: ColumnWriter<'m>,
    /// Unscaled duals of the model's rows (objective-bound rows excluded).
    duals: &'m [f64],
    /// (objective index, dual) of each objective-bound row.
    bounds: Vec<(usize, f64)>,
}

impl<'m> Pricer<'m> {
    /// `keys`/`duals` as returned by a solve: the model's rows, then bound rows.
    pub fn new(model: &'m Model, rows: &'m RowIndex, keys: &[RowKey], duals: &'m [f64]) -> Self {
        let n = rows.len() as usize;
        let bounds = keys[n..]
            .iter()
            .zip(&duals[n..])
            .filter(|(k, _)| k.family == RowFamily::ObjectiveBound)
            .map(|(k, &y)| (k.entity as usize, y))
            .collect();
        Pricer {
            model,
            writer: ColumnWriter::new(model, rows),
            duals: &duals[..n],
            bounds,
        }
    }

    /// Reduced cost of u -> v (length `km`) for minimizing the last objective, internal units.
    pub fn reduced_cost(
        &self,
        u: SupplyId,
        v: DemandId,
        km: f64,
        column: &mut Vec<(u32, f64)>,
    ) -> f64 {
        let last = *self.model.objectives.last().expect("an objective");
        column.clear();
        self.writer.write(u, v, column);
        let mut rc = arc_cost(self.model, last, u, v, km);
        for &(row, a) in column.iter() {
            rc -= a * self.duals[row as usize];
        }
        for &(i, y) in &self.bounds {
            rc -= arc_cost(self.model, self.model.objectives[i], u, v, km) * y;
        }
        rc
    }

    /// Reduced cost of every arc of a network.
    pub fn all(&self, network: &Network) -> Vec<f64> {
        let mut column = Vec::new();
        (0..network.len())
            .map(|a| {
                let (u, v) = network.arc(a);
                let km = if self.model.pipe_cost > 0.0 {
                    network.length(self.model, a)
                } else {
                    0.0
                };
                self.reduced_cost(u, v, km, &mut column)
            })
            .collect()
    }
}
