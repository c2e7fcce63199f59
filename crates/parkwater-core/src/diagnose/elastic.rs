//! The elastic LP: the park's LP with a penalized slack on every
//! requirement, and the feasibility tests the conflict filters run.
//!
//! A slack relaxes one side of one row, in the row's own unit: t/h for
//! demands, permits, capacities and park caps; mg/L x t/h (mass) for quality
//! limits; kg/h for load caps. Its weight makes the units comparable, in
//! "t/h of water" (Cref is the largest concentration of the contaminant in
//! the park, as a power of two; the floor keeps a zero limit finite):
//!
//! | slack | weight per unit |
//! | --- | --- |
//! | permit, capacity, park cap, reuse row, sink taking more than its demand | 1 per t/h |
//! | demand shortfall (a unit that cannot run) | 10 per t/h |
//! | quality excess (sink, treatment inlet, discharge) with limit L | 1 / max(L, Cref / 100): the mass carried by 1 t/h of water at the limit weighs 1 |
//! | load cap excess | 1000 / Cref per kg/h: the load of 1 t/h of the park's dirtiest water weighs 1 |
//! | effluent with nowhere to go | 1000 per t/h (last resort) |
//!
//! So a strict limit is dear to relax and a loose one cheap, and a permit
//! is always tried before a demand is cut. Treatment balances and "a unit
//! cannot add contaminant" are physics, not requirements: they are never
//! relaxed. With every requirement elastic the LP is always feasible (no
//! flow at all meets every physical row).

mod exact;

use crate::formulate::{formulate, LinearProgram, RowFamily, RowKey};
use crate::model::{Model, Objective};
use crate::network::Network;
use crate::pricing::MasterBasis;
use crate::solve::{
    flow_scale, solve_column_lp, Algorithm, ColumnLp, Live, SolveError, SolveOptions, Status, Warm,
};

/// Which side of a row a slack relaxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Side {
    /// The row's lower bound comes down (less demand, lower reuse target).
    Lower,
    /// The row's upper bound goes up (higher limit, cap or permit).
    Upper,
}

/// Weight of a slack on a row of `family` per unit of the row's unscaled
/// right-hand side, or `None` when the row is physics and never relaxed.
/// `limit` is the row's concentration limit (quality rows) and `cref` the
/// contaminant's reference concentration (quality and load rows).
pub fn weight(family: RowFamily, side: Side, limit: f64, cref: f64) -> Option<f64> {
    use RowFamily as F;
    match (family, side) {
        (F::SinkFlow, Side::Lower) => Some(10.0),
        (F::SinkFlow, Side::Upper) => Some(1.0),
        (F::SourceBalance, _) => Some(1000.0),
        (F::TreatmentBalance | F::RejectMass | F::ObjectiveBound, _) => None,
        (F::SinkQuality | F::TreatmentInletQuality | F::DischargeQuality, _) => {
            Some(1.0 / limit.max(cref / 100.0))
        }
        (F::DischargeLoad, _) => Some(1000.0 / cref),
        _ => Some(1.0),
    }
}

/// Whether any side of a row of this family is a requirement.
pub(crate) fn relaxable(family: RowFamily) -> bool {
    weight(family, Side::Lower, 1.0, 1.0).is_some()
}

/// The concentration limit of a quality row (infinity for other rows).
fn row_limit(model: &Model, key: &RowKey) -> f64 {
    let (e, k) = (key.entity as usize, key.contaminant as usize);
    match key.family {
        RowFamily::SinkQuality => model.sinks[e].max_conc[k],
        RowFamily::TreatmentInletQuality => model.treatments[e].max_inlet_conc[k],
        RowFamily::DischargeQuality => model.discharges[e].max_conc[k],
        _ => f64::INFINITY,
    }
}

/// The park's LP, objective dropped, ready for auxiliary solves.
#[derive(Debug)]
pub struct Probe<'m> {
    pub(super) model: &'m Model,
    pub(super) network: Network,
    pub(super) lp: LinearProgram,
    scale: f64,
    /// Each row's bounds as HiGHS gets them (row-scaled, divided by `scale`).
    bounds: Vec<(f64, f64)>,
    /// Reference concentration per contaminant (largest in the park, a power of two).
    cref: Vec<f64>,
    options: SolveOptions,
    /// LP solves made so far.
    pub(super) solves: usize,
    /// When the filters must stop.
    pub(crate) deadline: std::time::Instant,
    /// Whether each solve stops at `deadline` too (while the filters run,
    /// [`Probe::bounded`]): one check must not outlast the budget (a
    /// deletion-filter check of a 169 x 169 x 6 park ran 169 s in dual
    /// simplex before ending "unknown", the filter's whole budget being 60 s).
    bounded: bool,
    /// The HiGHS instance of the feasibility checks and which rows it holds.
    checks: Option<(Live, Vec<bool>)>,
    /// The HiGHS instance of the elastic LP.
    relaxed: Option<ElasticLp>,
    /// How the elastic LP is solved first: as the park's own LP would be
    /// (`Auto`: interior point + crossover from AUTO_IPM_MIN_ARCS arcs,
    /// dual simplex below; on a 266 x 266 x 5 park of 76 000 arcs 10 s
    /// instead of 36 s); interior point + crossover for the first round of
    /// [`priced`] (2.1 s instead of 6.3 s on a 17 700-arc elastic LP of a
    /// 500 x 500 x 4 park). Later solves start from its basis: the elastic
    /// filter's by dual simplex, [`priced`]'s by primal simplex
    /// ([`Probe::append_arcs`]).
    elastic_algorithm: Algorithm,
}

/// The elastic LP, live in HiGHS: the park LP plus one slack column per
/// relaxable side of each row that was soft when it was built.
#[derive(Debug)]
struct ElasticLp {
    live: Live,
    /// Arc columns when it was built; the slacks follow them, and arcs
    /// appended later ([`Probe::append_arcs`]) follow the slacks.
    arcs: usize,
    /// (row, side) of each slack column, in column order after the arcs.
    meaning: Vec<(usize, Side)>,
    /// Whether each slack column is free (its row soft) or fixed at zero.
    soft: Vec<bool>,
    /// The rows that got slack columns.
    built: Vec<bool>,
}

/// The outcome of an elastic solve.
#[derive(Debug, Clone)]
pub struct Elastic {
    /// Arc flows, t/h.
    pub flows: Vec<f64>,
    /// (row, side, amount in the row's unscaled unit) of every positive slack.
    pub slacks: Vec<(usize, Side, f64)>,
    /// Row duals with the row scaling undone (up to the flow scale, one
    /// positive factor for all): what prices the arcs outside the probe.
    pub row_duals: Vec<f64>,
}

/// Ray multipliers below this share of the largest are taken as zero (a
/// row left out wrongly shows: the rows kept are then not infeasible alone).
const RAY_SUPPORT: f64 = 1e-9;

impl<'m> Probe<'m> {
    /// Builds the LP of `network` (every allowed arc of the model).
    pub fn new(model: &'m Model, network: Network, options: &SolveOptions) -> Probe<'m> {
        let lp = formulate(model, &network, Objective::Freshwater);
        let scale = flow_scale(&lp.rows);
        let (lower, upper) = lp.rows.scaled_bounds();
        let bounds = lower
            .iter()
            .zip(&upper)
            .map(|(l, u)| (l / scale, u / scale))
            .collect();
        let cref = reference_concentrations(model);
        Probe {
            model,
            network,
            lp,
            scale,
            bounds,
            cref,
            options: options.clone(),
            solves: 0,
            deadline: std::time::Instant::now()
                + std::time::Duration::from_secs_f64(
                    options
                        .time_limit
                        .unwrap_or(super::MAX_FILTER_SECONDS)
                        .min(super::MAX_FILTER_SECONDS),
                ),
            bounded: false,
            checks: None,
            relaxed: None,
            elastic_algorithm: Algorithm::Auto,
        }
    }

    /// Runs `f` with every solve of the probe stopped at the filters'
    /// deadline; a stopped solve answers "could not tell".
    pub(crate) fn bounded<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let was = std::mem::replace(&mut self.bounded, true);
        let out = f(self);
        self.bounded = was;
        out
    }

    /// The time limit of the next solve: the time left before the deadline
    /// while [`Probe::bounded`], else the solve options' own.
    fn solve_time_limit(&self) -> Option<f64> {
        if !self.bounded {
            return self.options.time_limit;
        }
        let left = self
            .deadline
            .saturating_duration_since(std::time::Instant::now());
        Some(left.as_secs_f64())
    }

    /// Whether the deadline of the filters (or of the explanations) is past.
    pub(crate) fn past_deadline(&self) -> bool {
        std::time::Instant::now() >= self.deadline
    }

    /// Whether the filters have spent their solves or their time.
    pub(crate) fn exhausted(&self) -> bool {
        self.solves >= super::MAX_FILTER_SOLVES || self.past_deadline()
    }

    /// Number of rows.
    pub fn num_rows(&self) -> usize {
        self.lp.rows.keys.len()
    }

    /// The LP with only the `active` rows (the others free), zero costs,
    /// plus `extra` slack columns (row, coefficient in scaled row units, cost).
    fn column_lp(&self, active: &dyn Fn(usize) -> bool, extra: &[(usize, f64, f64)]) -> ColumnLp {
        let (row_lower, row_upper) = (0..self.num_rows())
            .map(|r| held_or_free(self.bounds[r], active(r)))
            .unzip();
        let n = self.lp.num_cols();
        let mut lp = ColumnLp {
            col_cost: vec![0.0; n],
            col_lower: vec![0.0; n],
            col_upper: vec![f64::INFINITY; n],
            row_lower,
            row_upper,
            a_start: self.lp.a_start.clone(),
            a_index: self.lp.a_index.clone(),
            a_value: self.lp.a_value.clone(),
        };
        for &(row, coef, cost) in extra {
            lp.col_cost.push(cost);
            lp.col_lower.push(0.0);
            lp.col_upper.push(f64::INFINITY);
            lp.a_index.push(row as u32);
            lp.a_value.push(coef);
            lp.a_start.push(lp.a_index.len());
        }
        lp
    }

    /// Whether the rows in `active` can all hold; `None` when the solver
    /// could not tell (time limit, failure).
    ///
    /// The deletion filter asks this hundreds of times with one row changed
    /// between calls, so the checks share one HiGHS instance: each changes
    /// only the bounds of rows whose activity changed and re-solves from the
    /// last basis (dual simplex, no presolve). On a 120 x 120 x 3 park
    /// (14 000 arcs) that took a 600-row conflict from 90 s to a few seconds.
    pub fn feasible(&mut self, active: &dyn Fn(usize) -> bool) -> Result<Option<bool>, SolveError> {
        Ok(verdict(self.feasibility(active)?))
    }

    /// The solver layer's status of the check behind [`Probe::feasible`]:
    /// `Optimal` (the rows can hold), `Infeasible`, or why it could not tell.
    pub(crate) fn feasibility(
        &mut self,
        active: &dyn Fn(usize) -> bool,
    ) -> Result<Status, SolveError> {
        self.solves += 1;
        let m = self.num_rows();
        let time_limit = self.solve_time_limit();
        if self.lp.num_cols() == 0 {
            let lp = self.column_lp(active, &[]);
            return Ok(solve_column_lp(&lp, &self.options)?.status);
        }
        let bounds = &self.bounds;
        let (live, held) = match &mut self.checks {
            Some((live, held)) => {
                for (r, held) in held.iter_mut().enumerate() {
                    let on = active(r);
                    if *held != on {
                        let (lo, up) = held_or_free(bounds[r], on);
                        live.change_row_bounds(r, lo, up)?;
                        *held = on;
                    }
                }
                (live, held)
            }
            None => {
                let lp = self.column_lp(active, &[]);
                let mut o = self.options.clone();
                o.algorithm = crate::solve::Algorithm::Simplex;
                o.verbose = false;
                let mut live = Live::with_options(o.highs(lp.col_cost.len()).with_presolve(false))?;
                live.pass(&lp.as_sparse())?;
                let held = (0..m).map(active).collect();
                let (live, held) = self.checks.insert((live, held));
                (live, held)
            }
        };
        debug_assert_eq!(held.len(), m);
        // Zero costs: the solver layer reads "unbounded or infeasible" as
        // infeasible.
        live.set_time_limit(time_limit)?;
        let status = live.run_checked()?;
        tracing::trace!(?status, "feasibility check");
        Ok(match status {
            Status::Infeasible | Status::Optimal | Status::TimeLimit => status,
            // A warm start that ends "unknown" (seen once in a 147-check
            // filter) is retried cold, and the instance rebuilt next time.
            _ => {
                self.checks = None;
                let lp = self.column_lp(active, &[]);
                let mut options = self.options.clone();
                options.time_limit = self.solve_time_limit();
                solve_column_lp(&lp, &options)?.status
            }
        })
    }

    /// The rows of a dual ray of the check with every row: the support of
    /// a Farkas certificate, so (with the arcs' bounds) infeasible on its
    /// own. `None` when the check is not infeasible or HiGHS has no ray.
    pub(crate) fn ray_rows(&mut self) -> Result<Option<Vec<usize>>, SolveError> {
        if self.feasibility(&|_| true)? != Status::Infeasible {
            return Ok(None);
        }
        let Some((live, _)) = self.checks.as_mut() else {
            return Ok(None);
        };
        let Some(ray) = live.dual_ray()? else {
            return Ok(None);
        };
        let largest = ray.iter().fold(0.0_f64, |a, y| a.max(y.abs()));
        if !(largest > 0.0 && largest.is_finite()) {
            return Ok(None);
        }
        let rows = (0..ray.len())
            .filter(|&r| ray[r].abs() > RAY_SUPPORT * largest)
            .collect();
        Ok(Some(rows))
    }

    /// Whether the model with one more arc u -> v is feasible (every row active).
    pub(crate) fn feasible_with_arc(
        &mut self,
        u: crate::model::SupplyId,
        v: crate::model::DemandId,
    ) -> Result<Option<bool>, SolveError> {
        let mut network = self.network.clone();
        network.from.push(u);
        network.to.push(v);
        let mut probe = Probe::new(self.model, network, &self.options);
        // Under this probe's deadline (the explanations' solves are
        // bounded by it: one such cold solve ran past 60 s).
        (probe.deadline, probe.bounded) = (self.deadline, self.bounded);
        let result = probe.feasible(&|_| true);
        self.solves += probe.solves;
        result
    }

    /// Solves the elastic LP: rows with `soft(row)` get weighted slacks on
    /// their finite, relaxable sides; the other rows hold exactly. `None`
    /// when even that is infeasible (or the solver could not tell).
    ///
    /// The elastic filter calls this once per round with a few more rows
    /// hard, so the rounds share one HiGHS instance holding a slack for
    /// every row soft in the first call: hardening a row fixes its slacks at
    /// zero and the LP is re-solved from the last basis (dual simplex, no
    /// presolve). A call softening a row without a slack there rebuilds it.
    pub fn elastic(&mut self, soft: &dyn Fn(usize) -> bool) -> Result<Option<Elastic>, SolveError> {
        self.solves += 1;
        let m = self.num_rows();
        let time_limit = self.solve_time_limit();
        let fits = self
            .relaxed
            .as_ref()
            .is_some_and(|e| (0..m).all(|r| !soft(r) || e.built[r]));
        if !fits {
            self.relaxed = Some(self.elastic_lp(soft)?);
        }
        let Some(e) = self.relaxed.as_mut() else {
            return Ok(None);
        };
        let (n, ns) = (e.arcs, e.meaning.len());
        for (j, &(r, _)) in e.meaning.iter().enumerate() {
            let on = soft(r);
            if e.soft[j] != on {
                e.live
                    .change_col_bounds(n + j, 0.0, if on { f64::INFINITY } else { 0.0 })?;
                e.soft[j] = on;
            }
        }
        e.live.set_time_limit(time_limit)?;
        let status = e.live.run_checked()?;
        if !fits {
            // Built by this call: the elastic filter's next rounds fix a few
            // slacks at zero.
            e.live.set_warm(&self.options, Warm::DualSimplex)?;
        }
        if status != Status::Optimal {
            return Ok(None);
        }
        let solution = e.live.solution();
        let col_value = solution.col_value;
        let rows = &self.lp.rows;
        let row_duals = solution.row_dual[..m]
            .iter()
            .zip(&rows.factor)
            .map(|(&y, &f)| y * f)
            .collect();
        let flows = col_value[..n]
            .iter()
            .chain(&col_value[n + ns..])
            .map(|&f| if f > 1e-9 { f * self.scale } else { 0.0 })
            .collect();
        let slacks = e
            .meaning
            .iter()
            .zip(&col_value[n..n + ns])
            .filter_map(|(&(r, side), &s)| {
                let bound = match side {
                    Side::Lower => rows.lower[r],
                    Side::Upper => rows.upper[r],
                };
                // Compared in the scaled row, as the solver sees it: below its
                // tolerance (relative to the bound) a slack is noise.
                let factor = rows.factor[r];
                let noise = 1e-7 * (bound.abs() * factor / self.scale).max(1.0);
                (s > noise).then_some((r, side, s / factor * self.scale))
            })
            .collect();
        Ok(Some(Elastic {
            flows,
            slacks,
            row_duals,
        }))
    }

    /// Appends arcs to the probe: its network, its LP and, when the elastic
    /// LP is live, that LP, as columns after its slacks. The next
    /// [`Probe::elastic`] then starts from the last basis by primal simplex:
    /// with the new arcs at zero the last point is still feasible. The
    /// feasibility checks' instance is dropped (rebuilt when next needed).
    pub(super) fn append_arcs(
        &mut self,
        arcs: &[(crate::model::SupplyId, crate::model::DemandId)],
    ) -> Result<(), SolveError> {
        let first = self.lp.num_cols();
        for &(u, v) in arcs {
            self.network.from.push(u);
            self.network.to.push(v);
        }
        self.lp
            .append_arcs(self.model, &self.network, Objective::Freshwater);
        self.checks = None;
        if let Some(e) = self.relaxed.as_mut() {
            let lp = &self.lp;
            let base = lp.a_start[first];
            let start: Vec<usize> = lp.a_start[first..].iter().map(|&s| s - base).collect();
            let n = arcs.len();
            e.live.add_cols(
                &vec![0.0; n],
                &vec![0.0; n],
                &vec![f64::INFINITY; n],
                &start,
                &lp.a_index[base..],
                &lp.a_value[base..],
            )?;
            e.live.set_warm(&self.options, Warm::PrimalSimplex)?;
        }
        Ok(())
    }

    /// Builds the elastic LP (slacks on the `soft` rows) started from
    /// `basis`, a priced master's phase-one basis over the same rows, so
    /// that its first solve is a primal simplex from there instead of a
    /// cold one. Left to be built cold when the basis does not fit or HiGHS
    /// does not take it whole.
    pub(super) fn start_elastic_from(
        &mut self,
        basis: &MasterBasis,
        soft: &dyn Fn(usize) -> bool,
    ) -> Result<(), SolveError> {
        if !basis.fits(self.model, &self.lp.rows) {
            return Ok(());
        }
        let mut e = self.elastic_lp(soft)?;
        let arcs: Vec<_> = (0..self.network.len())
            .map(|a| self.network.arc(a))
            .collect();
        let slacks: Vec<(usize, bool)> = e
            .meaning
            .iter()
            .map(|&(r, side)| (r, side == Side::Lower))
            .collect();
        let Some(laid) = basis.lay_onto_elastic(&self.lp.rows, &arcs, &slacks) else {
            return Ok(());
        };
        let rows = self.num_rows();
        if e.live.set_basis(&laid).is_err() || e.live.basis().map(|b| b.num_basic()) != Some(rows) {
            tracing::debug!("phase-one basis not taken: elastic LP solved cold");
            return Ok(());
        }
        e.live.set_warm(&self.options, Warm::PrimalSimplex)?;
        self.relaxed = Some(e);
        Ok(())
    }

    /// A HiGHS instance of the elastic LP with slacks on the `soft` rows.
    fn elastic_lp(&self, soft: &dyn Fn(usize) -> bool) -> Result<ElasticLp, SolveError> {
        let rows = &self.lp.rows;
        let mut extra = Vec::new();
        let mut meaning = Vec::new();
        for r in 0..rows.keys.len() {
            if !soft(r) {
                continue;
            }
            let key = rows.keys[r];
            let factor = rows.factor[r];
            let limit = row_limit(self.model, &key);
            let cref = self
                .cref
                .get(key.contaminant as usize)
                .copied()
                .unwrap_or(1.0);
            for (side, finite, sign) in [
                (Side::Lower, rows.lower[r].is_finite(), 1.0),
                (Side::Upper, rows.upper[r].is_finite(), -1.0),
            ] {
                if let (true, Some(w)) = (finite, weight(key.family, side, limit, cref)) {
                    // The slack is in scaled row units (coefficient +-1: a row
                    // factor of 2^-30 as coefficient would fall below HiGHS's
                    // smallest matrix entry, 1e-9, and be dropped); one scaled
                    // unit is 1 / factor unscaled units, so it costs w / factor.
                    extra.push((r, sign, w / factor));
                    meaning.push((r, side));
                }
            }
        }
        let lp = self.column_lp(&|r| r < rows.keys.len(), &extra);
        let mut o = self.options.clone();
        o.algorithm = self.elastic_algorithm;
        o.verbose = false;
        let mut live = Live::with_options(o.highs(lp.col_cost.len()).with_presolve(false))?;
        live.pass(&lp.as_sparse())?;
        Ok(ElasticLp {
            live,
            arcs: self.lp.num_cols(),
            soft: vec![true; meaning.len()],
            meaning,
            built: (0..rows.keys.len()).map(soft).collect(),
        })
    }
}

/// A row's bounds when it holds, else free.
fn held_or_free(bounds: (f64, f64), holds: bool) -> (f64, f64) {
    if holds {
        bounds
    } else {
        (f64::NEG_INFINITY, f64::INFINITY)
    }
}

fn verdict(status: Status) -> Option<bool> {
    match status {
        Status::Optimal => Some(true),
        Status::Infeasible => Some(false),
        _ => None,
    }
}

/// Per contaminant, the power of two at or above the largest concentration
/// of any supply or sink limit in the park (at least 1 mg/L).
fn reference_concentrations(model: &Model) -> Vec<f64> {
    (0..model.num_contaminants())
        .map(|k| {
            let largest = (0..model.num_supplies() as u32)
                .map(|u| model.supply_conc(crate::model::SupplyId(u))[k])
                .chain(model.sinks.iter().map(|s| s.max_conc[k]))
                .filter(|c| c.is_finite())
                .fold(1.0_f64, f64::max);
            2f64.powi(largest.log2().ceil().min(1000.0) as i32)
        })
        .collect()
}

/// Most rounds [`priced`] takes before it settles for the relaxation it
/// has (feasible, possibly not the smallest).
const MAX_PRICED_ROUNDS: usize = 100;

/// The elastic LP of a park with too many arcs to formulate whole, by arc
/// pricing as for the park's own LP: solved over `start`'s arcs (the
/// priced master's), then again with the arcs of `full` whose reduced cost
/// against its duals is negative (arcs cost nothing there, only slacks
/// do), until none is: its optimum is then the elastic optimum over every
/// arc. The first round is solved by interior point + crossover, the
/// later ones warm: the new arcs are appended to the live LP and it is
/// re-solved from the last basis by primal simplex. Returns the probe over
/// the arcs it ended with (the start's, sorted, then the priced ones in
/// the order they came), and that optimum (`None` when even the elastic LP
/// is infeasible).
pub(super) fn priced<'m>(
    model: &'m Model,
    full: &Network,
    start: &Network,
    basis: Option<&MasterBasis>,
    options: &SolveOptions,
    soft: &dyn Fn(usize) -> bool,
) -> Result<(Probe<'m>, Option<Elastic>), SolveError> {
    use crate::pricing::{ArcPrices, ObjectiveWeights, TOLERANCE};
    let ns = model.num_supplies();
    let slot =
        |u: crate::model::SupplyId, v: crate::model::DemandId| v.0 as usize * ns + u.0 as usize;
    let mut inside = vec![false; ns * model.num_demands()];
    let mut arcs = Vec::with_capacity(start.len());
    for a in 0..start.len() {
        let (u, v) = start.arc(a);
        if !std::mem::replace(&mut inside[slot(u, v)], true) {
            arcs.push((u, v));
        }
    }
    arcs.sort_unstable();
    let mut probe = Probe::new(model, Network::from_arcs(arcs), options);
    probe.elastic_algorithm = Algorithm::InteriorPoint;
    if let Some(basis) = basis {
        probe.start_elastic_from(basis, soft)?;
    }
    let mut round = 0;
    loop {
        let Some(elastic) = probe.elastic(soft)? else {
            if probe.network.len() == full.len() {
                return Ok((probe, None));
            }
            // Too few arcs to carry what must flow (a source's balance is
            // never relaxed): the elastic LP over every arc decides.
            tracing::warn!("elastic LP infeasible over the priced arcs; solving it over all");
            let mut probe = Probe::new(model, full.clone(), options);
            let elastic = probe.elastic(soft)?;
            return Ok((probe, elastic));
        };
        let prices = ArcPrices::new(
            model,
            &probe.lp.rows,
            &elastic.row_duals,
            &ObjectiveWeights::none(),
        );
        let mut out: Vec<(f64, usize)> = (0..full.len())
            .filter_map(|a| {
                let (u, v) = full.arc(a);
                if inside[slot(u, v)] {
                    return None;
                }
                let rc = prices.reduced_cost(u, v);
                (rc < -TOLERANCE).then_some((rc, a))
            })
            .collect();
        round += 1;
        tracing::debug!(
            round,
            arcs = probe.network.len(),
            priced_out = out.len(),
            relaxation = probe
                .relaxed
                .as_ref()
                .map(|e| e.live.info().objective_value),
            "elastic LP priced"
        );
        if out.is_empty() || round == MAX_PRICED_ROUNDS {
            if !out.is_empty() {
                tracing::warn!(
                    round,
                    "elastic LP: pricing stopped; the relaxation may not be the smallest"
                );
            }
            return Ok((probe, Some(elastic)));
        }
        // The most negative first, at most half again the arcs a round.
        let take = out.len().min(probe.network.len().max(2_000) / 2);
        out.select_nth_unstable_by(take - 1, |a, b| a.0.total_cmp(&b.0));
        let batch: Vec<_> = out[..take]
            .iter()
            .map(|&(_, a)| {
                let (u, v) = full.arc(a);
                inside[slot(u, v)] = true;
                (u, v)
            })
            .collect();
        probe.append_arcs(&batch)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{Shape, StructuredPark};

    /// Its clean intake capped below what the park must take fresh.
    fn infeasible_park() -> Model {
        let mut park = StructuredPark::new(40, 40, 3, Shape::SparseReuse);
        park.clean_intake_share = Some(0.3);
        park.scenario().validate().unwrap()
    }

    /// Asserts that two probes' elastic LPs ended at the same optimum.
    fn assert_same_optimum(probe: &Probe, reference: &Probe) {
        let objective = |p: &Probe| p.relaxed.as_ref().unwrap().live.info().objective_value;
        let (z, z_ref) = (objective(probe), objective(reference));
        assert!(
            (z - z_ref).abs() <= 1e-7 * z_ref.abs().max(1.0),
            "{z} vs {z_ref}"
        );
    }

    /// The elastic LP of a park of AUTO_IPM_MIN_ARCS arcs or more is solved
    /// first by interior point + crossover, as the park's own LP would be;
    /// the elastic filter's next round (a relaxed row made hard) starts
    /// from its basis by dual simplex.
    #[test]
    fn a_large_elastic_lp_is_solved_first_by_interior_point_then_warm() {
        let mut park = StructuredPark::new(150, 150, 3, Shape::SparseReuse);
        park.clean_intake_share = Some(0.3);
        let model = park.scenario().validate().unwrap();
        let network = Network::build(&model);
        assert!(
            network.len() >= crate::solve::AUTO_IPM_MIN_ARCS,
            "{}",
            network.len()
        );
        let mut probe = Probe::new(&model, network, &SolveOptions::default());
        let keys = probe.lp.rows.keys.clone();
        let soft = |r: usize| relaxable(keys[r].family);
        let first = probe.elastic(&soft).unwrap().expect("a relaxation exists");
        let info = |p: &Probe| p.relaxed.as_ref().unwrap().live.info();
        assert!(info(&probe).ipm_iterations > 0, "{:?}", info(&probe));
        let (hard, _, _) = *first.slacks.first().expect("the park is infeasible");
        probe.elastic(&|r| r != hard && soft(r)).unwrap();
        assert_eq!(info(&probe).ipm_iterations, 0, "{:?}", info(&probe));
        assert!(info(&probe).simplex_iterations > 0, "{:?}", info(&probe));
    }

    #[test]
    fn bounded_solves_stop_at_the_filters_deadline() {
        let model = infeasible_park();
        let mut probe = Probe::new(&model, Network::build(&model), &SolveOptions::default());
        let keys = probe.lp.rows.keys.clone();
        let soft = |r: usize| relaxable(keys[r].family);
        probe.deadline = std::time::Instant::now();
        // Past the deadline, outside the filters: solves still decide.
        assert_eq!(probe.feasibility(&|_| true).unwrap(), Status::Infeasible);
        assert!(probe.elastic(&soft).unwrap().is_some());
        // Inside them, fresh instances stop at once and cannot tell.
        probe.checks = None;
        probe.relaxed = None;
        let (check, elastic) =
            probe.bounded(|p| (p.feasibility(&|_| true).unwrap(), p.elastic(&soft).unwrap()));
        assert_eq!(check, Status::TimeLimit);
        assert!(elastic.is_none());
        assert!(!probe.bounded, "bounded only inside the call");
        // The explanations' checks with one more arc build probes of their
        // own: those stop at this probe's deadline too.
        let (u, v) = probe.network.arc(0);
        assert_eq!(probe.feasible_with_arc(u, v).unwrap(), Some(false));
        assert_eq!(probe.bounded(|p| p.feasible_with_arc(u, v).unwrap()), None);
    }

    #[test]
    fn the_priced_elastic_lp_ends_at_the_optimum_over_every_arc() {
        let model = infeasible_park();
        let options = SolveOptions::default();
        let full = Network::build(&model);
        let mut whole = Probe::new(&model, full.clone(), &options);
        let keys = whole.lp.rows.keys.clone();
        let soft = |r: usize| relaxable(keys[r].family);
        let over_all = whole.elastic(&soft).unwrap().expect("a relaxation exists");
        assert!(!over_all.slacks.is_empty(), "the park is infeasible");
        // Start as the priced master does without its source -> sink arcs.
        let start = Network::from_arcs((0..full.len()).map(|a| full.arc(a)).filter(|&(u, v)| {
            !matches!(
                (model.supply(u), model.demand(v)),
                (
                    crate::model::SupplyRef::Source(_),
                    crate::model::DemandRef::Sink(_)
                )
            )
        }));
        let (probe, priced) = priced(&model, &full, &start, None, &options, &soft).unwrap();
        let priced = priced.expect("a relaxation exists");
        assert!(
            probe.network.len() > start.len(),
            "some reuse arcs priced in"
        );
        assert!(probe.network.len() < full.len(), "not every arc needed");
        assert_same_optimum(&probe, &whole);
        assert!(!priced.slacks.is_empty());
        // Nothing outside prices out against the final duals.
        let prices = crate::pricing::ArcPrices::new(
            &model,
            &probe.lp.rows,
            &priced.row_duals,
            &crate::pricing::ObjectiveWeights::none(),
        );
        let least = (0..full.len())
            .map(|a| full.arc(a))
            .map(|(u, v)| prices.reduced_cost(u, v))
            .fold(f64::INFINITY, f64::min);
        assert!(least >= -crate::pricing::TOLERANCE, "{least}");
    }

    #[test]
    fn the_priced_elastic_lp_starts_from_phase_one_basis() {
        use crate::pricing::{solve_priced_warm, BatchLimits, WarmStart};
        let model = infeasible_park();
        let options = SolveOptions::default();
        let (network, outcome, _, warm) = solve_priced_warm(
            &model,
            &options,
            &BatchLimits::default(),
            &WarmStart::default(),
        )
        .unwrap();
        assert_eq!(outcome.status, Status::Infeasible);
        let basis = warm.basis.expect("phase one's final basis is kept");
        let full = Network::build(&model);
        let keys = crate::formulate::RowIndex::new(&model).keys;
        let soft = |r: usize| relaxable(keys[r].family);
        let (cold, _) = priced(&model, &full, &network, None, &options, &soft).unwrap();
        let (warm, _) = priced(&model, &full, &network, Some(&basis), &options, &soft).unwrap();
        let live = |p: &Probe| p.relaxed.as_ref().unwrap().live.counters();
        // Cold, the first round is an interior-point solve; from the basis,
        // simplex alone.
        assert!(live(&cold).ipm_iterations > 0);
        assert_eq!(live(&warm).ipm_iterations, 0);
        assert_same_optimum(&warm, &cold);
    }

    #[test]
    fn appended_arcs_give_the_probe_of_all_arcs_and_its_optimum() {
        let model = infeasible_park();
        let options = SolveOptions::default();
        let full = Network::build(&model);
        let keys = crate::formulate::RowIndex::new(&model).keys;
        let soft = |r: usize| relaxable(keys[r].family);
        // Every third arc first, the rest appended.
        let (early, late): (Vec<_>, Vec<_>) = (0..full.len())
            .map(|a| (a, full.arc(a)))
            .partition(|(a, _)| a % 3 == 0);
        let early: Vec<_> = early.into_iter().map(|(_, arc)| arc).collect();
        let late: Vec<_> = late.into_iter().map(|(_, arc)| arc).collect();
        let mut probe = Probe::new(&model, Network::from_arcs(early.clone()), &options);
        let before = probe.elastic(&soft).unwrap().expect("a relaxation");
        probe.append_arcs(&late).unwrap();
        let after = probe.elastic(&soft).unwrap().expect("a relaxation");
        let mut fresh = Probe::new(
            &model,
            Network::from_arcs(early.iter().chain(&late).copied()),
            &options,
        );
        let reference = fresh.elastic(&soft).unwrap().expect("a relaxation");
        // The same LP as if built over all arcs at once.
        assert_eq!(probe.network.from, fresh.network.from);
        assert_eq!(probe.network.to, fresh.network.to);
        assert_eq!(probe.lp.a_start, fresh.lp.a_start);
        assert_eq!(probe.lp.a_index, fresh.lp.a_index);
        assert_eq!(probe.lp.a_value, fresh.lp.a_value);
        assert_eq!(probe.lp.col_cost, fresh.lp.col_cost);
        // Re-solved warm to the same optimum, read through the new layout.
        assert_same_optimum(&probe, &fresh);
        let weighed = |e: &Elastic| e.slacks.iter().map(|s| s.2).sum::<f64>();
        assert!(weighed(&after) > 0.0 && weighed(&reference) > 0.0);
        assert_eq!(after.flows.len(), full.len());
        assert_eq!(before.flows.len(), early.len());
        // Flows and slacks read through the appended layout hold every row.
        let rows = &probe.lp.rows;
        let mut activity = vec![0.0; rows.keys.len()];
        for (a, &f) in after.flows.iter().enumerate() {
            let lp = &probe.lp;
            for e in lp.a_start[a]..lp.a_start[a + 1] {
                let r = lp.a_index[e] as usize;
                activity[r] += lp.a_value[e] / rows.factor[r] * f;
            }
        }
        for &(r, side, amount) in &after.slacks {
            activity[r] += if side == Side::Lower { amount } else { -amount };
        }
        for (r, &x) in activity.iter().enumerate() {
            let tol = 1e-6 * rows.lower[r].abs().max(rows.upper[r].abs()).max(1.0);
            let (lo, up) = (rows.lower[r], rows.upper[r]);
            assert!(
                x >= lo - tol && x <= up + tol,
                "row {r}: {lo} <= {x} <= {up}"
            );
        }
    }
}
