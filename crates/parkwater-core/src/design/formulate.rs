//! The design MILP: the LP's columns and rows over the candidate arcs, plus
//! a binary y per arc that needs a pipe (and per arc of a dedicated source),
//! a binary z per candidate unit, and the design rows (MODEL.md):
//!
//! * link      f[a] - M[a] y[a] <= 0, M[a] the tightest bound (`bounds`)
//! * min flow  f[a] - m y[a] >= 0 on pipes to build
//! * counts    sum y <= max_pipes_out per source, <= max_pipes_in per inlet
//! * dedicated sum y <= 1 over every arc leaving a dedicated source
//! * units     inflow (intake: outflow) - cap z <= 0, and per arc f - M z <= 0
//! * budget    sum capex y + sum capex z <= max_capex
//! * covers    sum y >= k where k pipes are the fewest whose bounds can carry
//!   a source's flow or a sink's least demand (valid inequalities a
//!   fixed-charge relaxation misses).
//!
//! Every design row keeps a [`DesignRow`] label for diagnoses.

use super::bounds::arc_bounds;
use super::candidates::{ArcClass, Candidates};
use crate::formulate::{costs, formulate as lp_formulate, RowIndex};
use crate::model::{DemandId, DemandRef, Design, Model, Objective, SupplyId, SupplyRef};
use serde::Serialize;

/// A design rule row, in park terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case", tag = "rule")]
pub(crate) enum DesignRow {
    /// Flow only on a built pipe (arc index).
    Link {
        /// Arc.
        arc: usize,
    },
    /// Minimum flow of a built pipe.
    MinFlow {
        /// Arc.
        arc: usize,
    },
    /// `max_pipes_out` of a supply.
    PipesOut {
        /// Supply.
        supply: u32,
    },
    /// `max_pipes_in` of a demand.
    PipesIn {
        /// Demand.
        demand: u32,
    },
    /// One pipe per source of a dedicated enterprise.
    Dedicated {
        /// Supply.
        supply: u32,
    },
    /// A candidate unit's capacity if built (unit index).
    UnitCapacity {
        /// Unit.
        unit: usize,
    },
    /// Flow through a candidate unit only if built (arc index).
    UnitLink {
        /// Arc.
        arc: usize,
    },
    /// `max_capex`.
    Budget,
    /// A cover: a source or sink needs at least this many pipes.
    Cover {
        /// Supply (source covers) or demand index + supplies (sink covers).
        node: u32,
    },
}

/// Which unit a candidate-unit column builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum UnitRef {
    /// `model.intakes[i]`.
    Intake(usize),
    /// `model.treatments[i]`.
    Treatment(usize),
}

/// A binary column.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct Binary {
    /// The arc it builds (y) — or `usize::MAX` for a unit (z).
    pub(crate) arc: usize,
    /// The unit it builds (z).
    pub(crate) unit: Option<UnitRef>,
    /// Capital, CNY (0 for a dedicated source's free arcs).
    pub(crate) capex: f64,
    /// Forced (lower bound 1) or forbidden (upper bound 0).
    pub(crate) fixed: Option<bool>,
}

/// The MILP in compressed-column form: columns are the arcs' flows, then
/// the binaries.
#[derive(Debug, Clone)]
pub(crate) struct Milp {
    /// LP rows (from `formulate`), then design rows.
    pub(crate) lp_rows: RowIndex,
    /// Labels of the design rows, which follow the LP rows.
    pub(crate) design_rows: Vec<DesignRow>,
    /// Number of flow columns (= candidate arcs).
    pub(crate) num_flows: usize,
    /// Binary columns, after the flows.
    pub binaries: Vec<Binary>,
    /// Binary column of each arc (`u32::MAX` when the arc has none).
    pub(crate) arc_binary: Vec<u32>,
    /// Big-M of each arc, solver units (t/h / `flow_scale`).
    pub(crate) big_m: Vec<f64>,
    /// Flows reach the solver divided by this (see the module docs).
    pub(crate) flow_scale: f64,
    /// Count rows (pipes out, pipes in, dedicated): limit and member binaries.
    pub(crate) groups: Vec<(f64, Vec<u32>)>,
    /// Column bounds.
    pub(crate) col_lower: Vec<f64>,
    /// Column bounds.
    pub(crate) col_upper: Vec<f64>,
    /// Row bounds (LP rows scaled as `formulate` scales them).
    pub(crate) row_lower: Vec<f64>,
    /// Row bounds.
    pub(crate) row_upper: Vec<f64>,
    /// CSC starts.
    pub(crate) a_start: Vec<usize>,
    /// CSC rows.
    pub(crate) a_index: Vec<u32>,
    /// CSC values.
    pub(crate) a_value: Vec<f64>,
}

impl Milp {
    /// Number of columns.
    pub(crate) fn num_cols(&self) -> usize {
        self.num_flows + self.binaries.len()
    }

    /// Number of rows.
    pub(crate) fn num_rows(&self) -> usize {
        self.row_lower.len()
    }

    /// Objective coefficients of every column for `objective`, internal
    /// units (CNY per hour for cost: capital x recovery factor / hours).
    pub(crate) fn costs(&self, model: &Model, arcs: &Candidates, objective: Objective) -> Vec<f64> {
        let design = model.design.as_ref().expect("a design model");
        let mut c = costs(model, &arcs.network, objective);
        let per_cny = if objective == Objective::Cost {
            design.capital_recovery_factor() / model.hours_per_year
        } else {
            0.0
        };
        let s = self.flow_scale;
        c.extend(self.binaries.iter().map(|b| b.capex * per_cny / s));
        c
    }

    /// Index of the first design row.
    pub(crate) fn first_design_row(&self) -> usize {
        self.lp_rows.len() as usize
    }
}

/// Builds the MILP of a model with a design over its candidate arcs.
pub(crate) fn formulate(model: &Model, design: &Design, arcs: &Candidates) -> Milp {
    let network = &arcs.network;
    let n = network.len();
    let lp = lp_formulate(model, network, model.objectives[0]);
    let scale = crate::solve::flow_scale(&lp.rows);
    let big_m: Vec<f64> = arc_bounds(model, network, &arcs.max_flow)
        .into_iter()
        .map(|m| m / scale)
        .collect();
    let min_flow = design.min_pipe_flow / scale;
    let candidate_units = candidate_units(model, design);
    let mut unit_of_supply = vec![usize::MAX; model.num_supplies()];
    let mut unit_of_demand = vec![usize::MAX; model.num_demands()];
    for (j, &(unit, _, _)) in candidate_units.iter().enumerate() {
        match unit {
            UnitRef::Intake(i) => {
                unit_of_supply[model.supply_id(SupplyRef::Intake(i)).0 as usize] = j
            }
            UnitRef::Treatment(t) => {
                unit_of_supply[model.supply_id(SupplyRef::Treatment(t)).0 as usize] = j;
                unit_of_demand[model.demand_id(DemandRef::Treatment(t)).0 as usize] = j;
            }
        }
    }

    // Binaries: arcs that need a pipe, and every arc of a dedicated source.
    let dedicated_source = |u: SupplyId| match model.supply(u) {
        SupplyRef::Source(i) => model.sources[i]
            .enterprise
            .is_some_and(|e| design.dedicated[e]),
        _ => false,
    };
    let mut binaries = Vec::new();
    let mut arc_binary = vec![u32::MAX; n];
    for a in 0..n {
        let (u, _) = network.arc(a);
        let piped = arcs.class[a] == ArcClass::Piped;
        if piped || dedicated_source(u) {
            arc_binary[a] = binaries.len() as u32;
            let too_small = piped && big_m[a] < min_flow;
            binaries.push(Binary {
                arc: a,
                unit: None,
                capex: if piped {
                    design.pipe_capex(arcs.length_km[a])
                } else {
                    0.0
                },
                fixed: if arcs.forced[a] {
                    Some(true)
                } else if too_small || big_m[a] <= 0.0 {
                    Some(false)
                } else {
                    None
                },
            });
        }
    }
    let first_unit = binaries.len();
    for &(unit, capex, build) in &candidate_units {
        binaries.push(Binary {
            arc: usize::MAX,
            unit: Some(unit),
            capex,
            fixed: build,
        });
    }
    let col = |b: usize| (n + b) as u32;

    // Design rows as (row, column, value) triplets.
    let mut rows = Rows {
        base: lp.rows.len(),
        labels: Vec::new(),
        lower: Vec::new(),
        upper: Vec::new(),
        entries: Vec::new(),
    };
    for a in 0..n {
        let b = arc_binary[a];
        if b == u32::MAX {
            continue;
        }
        let r = rows.push(DesignRow::Link { arc: a }, f64::NEG_INFINITY, 0.0);
        rows.entries.push((a as u32, r, 1.0));
        rows.entries.push((col(b as usize), r, -big_m[a]));
        if arcs.class[a] == ArcClass::Piped && design.min_pipe_flow > 0.0 {
            let r = rows.push(DesignRow::MinFlow { arc: a }, 0.0, f64::INFINITY);
            rows.entries.push((a as u32, r, 1.0));
            rows.entries.push((col(b as usize), r, -min_flow));
        }
    }
    // Pipes per supply and per demand.
    let mut out_pipes: Vec<Vec<u32>> = vec![Vec::new(); model.num_supplies()];
    let mut in_pipes: Vec<Vec<u32>> = vec![Vec::new(); model.num_demands()];
    let mut out_all: Vec<Vec<u32>> = vec![Vec::new(); model.num_supplies()];
    for a in 0..n {
        let b = arc_binary[a];
        if b == u32::MAX {
            continue;
        }
        let (u, v) = network.arc(a);
        out_all[u.0 as usize].push(b);
        if arcs.class[a] == ArcClass::Piped {
            out_pipes[u.0 as usize].push(b);
            in_pipes[v.0 as usize].push(b);
        }
    }
    let mut groups = Vec::new();
    if let Some(k) = design.max_pipes_out {
        for (u, list) in out_pipes.iter().enumerate() {
            let is_source = matches!(model.supply(SupplyId(u as u32)), SupplyRef::Source(_));
            if is_source && list.len() > k as usize {
                let r = rows.push(
                    DesignRow::PipesOut { supply: u as u32 },
                    f64::NEG_INFINITY,
                    k as f64,
                );
                rows.entries
                    .extend(list.iter().map(|&b| (col(b as usize), r, 1.0)));
                groups.push((k as f64, list.clone()));
            }
        }
    }
    if let Some(k) = design.max_pipes_in {
        for (v, list) in in_pipes.iter().enumerate() {
            let is_inlet = !matches!(model.demand(DemandId(v as u32)), DemandRef::Discharge(_));
            if is_inlet && list.len() > k as usize {
                let r = rows.push(
                    DesignRow::PipesIn { demand: v as u32 },
                    f64::NEG_INFINITY,
                    k as f64,
                );
                rows.entries
                    .extend(list.iter().map(|&b| (col(b as usize), r, 1.0)));
                groups.push((k as f64, list.clone()));
            }
        }
    }
    for (u, list) in out_all.iter().enumerate() {
        if dedicated_source(SupplyId(u as u32)) && !list.is_empty() {
            let r = rows.push(
                DesignRow::Dedicated { supply: u as u32 },
                f64::NEG_INFINITY,
                1.0,
            );
            rows.entries
                .extend(list.iter().map(|&b| (col(b as usize), r, 1.0)));
            groups.push((1.0, list.clone()));
        }
    }
    // Candidate units: aggregated capacity and per-arc links.
    for (j, &(unit, _, _)) in candidate_units.iter().enumerate() {
        let z = col(first_unit + j);
        let (cap, inflow) = match unit {
            UnitRef::Intake(i) => (model.intakes[i].max_flow.unwrap_or(0.0), false),
            UnitRef::Treatment(t) => (model.treatments[t].max_flow.unwrap_or(0.0), true),
        };
        let r = rows.push(DesignRow::UnitCapacity { unit: j }, f64::NEG_INFINITY, 0.0);
        rows.entries.push((z, r, -cap / scale));
        for a in 0..n {
            let (u, v) = network.arc(a);
            let into = inflow && unit_of_demand[v.0 as usize] == j;
            let from = unit_of_supply[u.0 as usize] == j;
            if into {
                rows.entries.push((a as u32, r, 1.0));
            }
            if into || from {
                let r = rows.push(DesignRow::UnitLink { arc: a }, f64::NEG_INFINITY, 0.0);
                rows.entries.push((a as u32, r, 1.0));
                rows.entries.push((z, r, -big_m[a]));
            }
            if from && !inflow {
                rows.entries.push((a as u32, r, 1.0));
            }
        }
    }
    if let Some(budget) = design.max_capex {
        let r = rows.push(DesignRow::Budget, f64::NEG_INFINITY, budget);
        for (b, bin) in binaries.iter().enumerate() {
            if bin.capex > 0.0 {
                rows.entries.push((col(b), r, bin.capex));
            }
        }
    }
    covers(model, arcs, &big_m, scale, &arc_binary, n, &mut rows);

    // Column bounds: flows within their bounds, binaries in {0, 1}.
    let mut col_lower = vec![0.0; n + binaries.len()];
    let mut col_upper: Vec<f64> = big_m.clone();
    col_upper.extend(
        binaries
            .iter()
            .map(|b| if b.fixed == Some(false) { 0.0 } else { 1.0 }),
    );
    for (b, bin) in binaries.iter().enumerate() {
        if bin.fixed == Some(true) {
            col_lower[n + b] = 1.0;
        }
    }
    let (mut row_lower, mut row_upper) = lp.rows.scaled_bounds();
    for b in row_lower.iter_mut().chain(row_upper.iter_mut()) {
        *b /= scale;
    }
    row_lower.extend_from_slice(&rows.lower);
    row_upper.extend_from_slice(&rows.upper);

    // Merge: LP entries of each flow column, then its design entries.
    let ncols = n + binaries.len();
    let mut entries = rows.entries;
    entries.sort_by_key(|&(c, _, _)| c);
    let mut a_start = Vec::with_capacity(ncols + 1);
    let mut a_index = Vec::with_capacity(lp.a_index.len() + entries.len());
    let mut a_value = Vec::with_capacity(lp.a_index.len() + entries.len());
    let mut e = 0;
    a_start.push(0);
    for c in 0..ncols {
        if c < n {
            a_index.extend_from_slice(&lp.a_index[lp.a_start[c]..lp.a_start[c + 1]]);
            a_value.extend_from_slice(&lp.a_value[lp.a_start[c]..lp.a_start[c + 1]]);
        }
        while e < entries.len() && entries[e].0 as usize == c {
            a_index.push(entries[e].1);
            a_value.push(entries[e].2);
            e += 1;
        }
        a_start.push(a_index.len());
    }
    Milp {
        lp_rows: lp.rows,
        design_rows: rows.labels,
        num_flows: n,
        binaries,
        arc_binary,
        big_m,
        flow_scale: scale,
        groups,
        col_lower,
        col_upper,
        row_lower,
        row_upper,
        a_start,
        a_index,
        a_value,
    }
}

struct Rows {
    base: u32,
    labels: Vec<DesignRow>,
    lower: Vec<f64>,
    upper: Vec<f64>,
    entries: Vec<(u32, u32, f64)>,
}

impl Rows {
    fn push(&mut self, label: DesignRow, lower: f64, upper: f64) -> u32 {
        self.labels.push(label);
        self.lower.push(lower);
        self.upper.push(upper);
        self.base + self.labels.len() as u32 - 1
    }
}

/// Candidate units: (unit, capex, build).
fn candidate_units(model: &Model, design: &Design) -> Vec<(UnitRef, f64, Option<bool>)> {
    let intakes = design
        .intake_units
        .iter()
        .enumerate()
        .filter_map(|(i, u)| u.map(|u| (UnitRef::Intake(i), u.capex, u.build)));
    let treatments = design
        .treatment_units
        .iter()
        .enumerate()
        .filter_map(|(t, u)| u.map(|u| (UnitRef::Treatment(t), u.capex, u.build)));
    let _ = model;
    intakes.chain(treatments).collect()
}

/// Cover rows: a source must send its flow, a sink must receive its least
/// demand; when the arcs without a binary cannot carry it all, at least k
/// pipes are needed, k the fewest whose bounds add up to the rest.
fn covers(
    model: &Model,
    arcs: &Candidates,
    big_m: &[f64],
    scale: f64,
    arc_binary: &[u32],
    n: usize,
    rows: &mut Rows,
) {
    let network = &arcs.network;
    let ns = model.num_supplies();
    let mut out: Vec<(f64, Vec<(f64, u32)>)> = vec![(0.0, Vec::new()); ns];
    let mut into: Vec<(f64, Vec<(f64, u32)>)> = vec![(0.0, Vec::new()); model.num_demands()];
    for a in 0..n {
        let (u, v) = network.arc(a);
        for (slot, _) in [(&mut out[u.0 as usize], ()), (&mut into[v.0 as usize], ())] {
            match arc_binary[a] {
                u32::MAX => slot.0 += big_m[a],
                b => slot.1.push((big_m[a], b)),
            }
        }
    }
    let add = |need: f64, free: f64, list: &mut Vec<(f64, u32)>, node: u32, rows: &mut Rows| {
        let rest = need - free;
        if rest <= 1e-9 * need.max(1.0) || list.is_empty() {
            return;
        }
        list.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut sum = 0.0;
        let mut k = 0;
        for &(m, _) in list.iter() {
            if sum >= rest - 1e-9 * rest {
                break;
            }
            sum += m;
            k += 1;
        }
        if k == 0 {
            return;
        }
        let r = rows.push(DesignRow::Cover { node }, k as f64, f64::INFINITY);
        rows.entries
            .extend(list.iter().map(|&(_, b)| (n as u32 + b, r, 1.0)));
    };
    for (u, (free, list)) in out.iter_mut().enumerate() {
        if let SupplyRef::Source(i) = model.supply(SupplyId(u as u32)) {
            add(model.sources[i].flow / scale, *free, list, u as u32, rows);
        }
    }
    for (v, (free, list)) in into.iter_mut().enumerate() {
        if let DemandRef::Sink(i) = model.demand(DemandId(v as u32)) {
            add(
                model.sinks[i].min_flow / scale,
                *free,
                list,
                (ns + v) as u32,
                rows,
            );
        }
    }
}
