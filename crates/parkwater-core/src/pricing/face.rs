//! The optimal face of each held objective of a list.
//!
//! When objective i of a list is optimal, its row duals y prove which arcs
//! no optimum of it uses: by complementary slackness, every arc whose
//! reduced cost under y is positive carries nothing in every optimal point
//! (of the full LP, not only the master: y prices every candidate). The
//! later objectives are minimized over that face, so such arcs are fixed
//! at zero in the master and never priced again. The bound row that holds
//! objective i stays: the face only removes columns that cannot help, and
//! its tolerance keeps the row exact where the face test is not.
//!
//! The last objective's duals then price only the arcs on the faces. The
//! reported duals are completed so that they price every arc
//! ([`Master::complete_duals`], the rule of `solve::lexicographic`).

use super::master::{Master, IN_MASTER};
use super::prices::{ArcPrices, ObjectiveWeights};
use crate::model::{DemandId, Model, Objective, SupplyId};
use crate::solve::{face_multipliers, off_face, SolveError};

/// Per master arc: fixed at zero, off the optimal face of a held objective.
pub(super) const OFF_FACE: u8 = 8;

/// One held objective at its optimum: its duals (objective units) of the
/// model's rows, then of the bound rows held before it, and the reduced
/// cost function they make with its weights.
struct Stage {
    duals: Vec<f64>,
    prices: ArcPrices,
    weights: ObjectiveWeights,
}

/// The faces of the objectives held so far.
#[derive(Default)]
pub(super) struct Faces(Vec<Stage>);

impl Stage {
    /// Whether u -> v is off this objective's optimal face.
    fn excludes(&self, model: &Model, u: SupplyId, v: DemandId) -> bool {
        off_face(
            self.prices.reduced_cost(u, v),
            self.weights.cost_scale(model, u, v),
        )
    }
}

impl Faces {
    /// Whether u -> v is off the optimal face of some held objective.
    pub(super) fn excludes(&self, model: &Model, u: SupplyId, v: DemandId) -> bool {
        self.0.iter().any(|s| s.excludes(model, u, v))
    }
}

impl Master<'_> {
    /// Records the optimal face of the objective the master is at the
    /// optimum of (`objective`, with the bound rows held so far) and fixes
    /// the master arcs off it at zero. Call before its own bound row is
    /// added, at its optimum over every candidate arc.
    pub(super) fn fix_face(&mut self, objective: Objective) -> Result<(), SolveError> {
        let (duals, weights, prices) = self.prices_under(&ObjectiveWeights::single(objective));
        let stage = Stage {
            duals,
            prices,
            weights,
        };
        // Master arcs off an earlier face are fixed already; candidates off
        // one never entered.
        let na = self.artificials.len();
        let mut fixed = Vec::new();
        for j in 0..self.arcs.len() {
            let (u, v) = self.arcs[j];
            let s = self.slot(u, v);
            if self.state[s] & OFF_FACE == 0 && stage.excludes(self.model, u, v) {
                debug_assert!(self.state[s] & IN_MASTER != 0);
                self.state[s] |= OFF_FACE;
                fixed.push(na + j);
            }
        }
        self.faces.0.push(stage);
        tracing::debug!(
            fixed = fixed.len(),
            columns = self.arcs.len(),
            "fixed the arcs off the optimal face"
        );
        self.live.fix_cols_at_zero(&fixed)
    }

    /// The final duals `y` (model rows, then bound rows; objective units)
    /// completed with the held objectives' so that they price every
    /// candidate arc, also those off a face (`solve::face_multipliers`).
    pub(super) fn complete_duals(&self, y: Vec<f64>) -> Vec<f64> {
        if self.faces.0.is_empty() {
            return y;
        }
        let (model, n) = (self.model, self.rows.len() as usize);
        let last = *model.objectives.last().expect("an objective");
        let weights = ObjectiveWeights::single(last).holding(model, &y[n..]);
        let prices = ArcPrices::new(model, &self.rows, &y[..n], &weights);
        let faces = &self.faces.0;
        let level = |k: usize| {
            faces
                .get(k)
                .map_or((&prices, &weights), |s| (&s.prices, &s.weights))
        };
        let (ns, rules) = (model.num_supplies(), &self.rules);
        let w = face_multipliers(self.faces.0.len() + 1, self.state.len(), |k, slot| {
            let (u, v) = (SupplyId((slot % ns) as u32), DemandId((slot / ns) as u32));
            if !rules.allows(u, v) {
                return None;
            }
            let (prices, weights) = level(k);
            Some((prices.reduced_cost(u, v), weights.cost_scale(model, u, v)))
        });
        let mut complete = y;
        for (k, (stage, &wk)) in self.faces.0.iter().zip(&w).enumerate() {
            for (r, &y) in complete.iter_mut().zip(&stage.duals) {
                *r += wk * y;
            }
            complete[n + k] -= wk;
        }
        complete
    }
}
