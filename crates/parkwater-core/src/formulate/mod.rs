//! Model + network -> the LP, assembled column by column in one pass.
//!
//! `rows` lays out the constraint families, `columns` writes an arc's
//! coefficients, `objective` prices an arc. The matrix goes to the solver in
//! compressed-column form with rows scaled by powers of two.

mod columns;
mod objective;
mod rows;

pub(crate) use columns::ColumnWriter;
pub use objective::{arc_cost, report_scale};
pub(crate) use objective::{demand_cost, supply_cost};
pub use rows::{RowFamily, RowIndex, RowKey};
pub(crate) use rows::{NO_CONTAMINANT, NO_ROW};

use crate::model::{Model, Objective};
use crate::network::Network;

/// A linear program in compressed-column form; columns are the network's arcs.
#[derive(Debug, Clone, Default)]
pub struct LinearProgram {
    /// Row layout, keys, bounds and scale factors.
    pub rows: RowIndex,
    /// Objective coefficient of each column (internal units).
    pub col_cost: Vec<f64>,
    /// Column start offsets (len = columns + 1).
    pub a_start: Vec<usize>,
    /// Row of each entry.
    pub a_index: Vec<u32>,
    /// Scaled value of each entry (row factor applied).
    pub a_value: Vec<f64>,
}

impl LinearProgram {
    /// Number of columns.
    pub(crate) fn num_cols(&self) -> usize {
        self.col_cost.len()
    }

    /// Number of non-zeros.
    pub(crate) fn num_nonzeros(&self) -> usize {
        self.a_index.len()
    }

    /// Appends the columns of `network`'s arcs past those the LP holds
    /// (its first arcs, in order), costed under `objective`.
    pub(crate) fn append_arcs(&mut self, model: &Model, network: &Network, objective: Objective) {
        let first = self.num_cols();
        let writer = ColumnWriter::new(model, &self.rows);
        let added = network.len() - first;
        let guess = added * (3 + model.num_contaminants());
        self.col_cost.reserve(added);
        self.a_start.reserve(added);
        self.a_index.reserve(guess);
        self.a_value.reserve(guess);
        let mut column = Vec::with_capacity(16);
        for a in first..network.len() {
            let (u, v) = network.arc(a);
            self.col_cost
                .push(cost_of_arc(model, network, a, objective));
            column.clear();
            writer.write(u, v, &mut column);
            for &(row, coef) in &column {
                self.a_index.push(row);
                self.a_value.push(coef * self.rows.factor[row as usize]);
            }
            self.a_start.push(self.a_index.len());
        }
    }
}

/// Builds the LP of a model over a network, minimizing `objective`.
pub fn formulate(model: &Model, network: &Network, objective: Objective) -> LinearProgram {
    let mut lp = LinearProgram {
        rows: RowIndex::new(model),
        a_start: vec![0],
        ..Default::default()
    };
    lp.append_arcs(model, network, objective);
    lp
}

/// Objective coefficients of every arc of a network.
pub fn costs(model: &Model, network: &Network, objective: Objective) -> Vec<f64> {
    (0..network.len())
        .map(|a| cost_of_arc(model, network, a, objective))
        .collect()
}

/// Objective coefficient of arc `a` of a network (its length is measured
/// only when pipes cost something).
fn cost_of_arc(model: &Model, network: &Network, a: usize, objective: Objective) -> f64 {
    let (u, v) = network.arc(a);
    let km = if model.pipe_cost > 0.0 {
        network.length(model, a)
    } else {
        0.0
    };
    arc_cost(model, objective, u, v, km)
}
