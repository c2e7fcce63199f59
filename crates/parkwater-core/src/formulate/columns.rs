//! The column of one arc: its coefficient in every row it touches.
//!
//! This is the whole LP matrix in one function. The full formulation calls
//! it for every arc; arc pricing calls it for candidate arcs without ever
//! building the matrix; tests re-price arcs with it.
//!
//! Arc u -> v carries f t/h. The supply side contributes to the balance of u;
//! the demand side to the rows of v (and, for a treatment inlet with a reject,
//! to the rows of the discharge that takes the reject).

use super::rows::{RowIndex, NO_ROW};
use crate::model::{DemandId, DemandRef, Model, SupplyId, SupplyRef};

/// Writes arc columns; holds dense copies of what the hot loop reads.
#[derive(Debug, Clone)]
pub struct ColumnWriter<'m> {
    model: &'m Model,
    rows: &'m RowIndex,
    nc: usize,
    /// Supply concentrations, row-major (supply, contaminant).
    conc: Vec<f64>,
}

impl<'m> ColumnWriter<'m> {
    /// Prepares the writer for a model and its row layout.
    pub fn new(model: &'m Model, rows: &'m RowIndex) -> Self {
        let nc = model.num_contaminants();
        let mut conc = Vec::with_capacity(model.num_supplies() * nc);
        for u in 0..model.num_supplies() as u32 {
            conc.extend_from_slice(model.supply_conc(SupplyId(u)));
        }
        ColumnWriter {
            model,
            rows,
            nc,
            conc,
        }
    }

    /// Appends the (row, unscaled coefficient) entries of arc u -> v to `out`.
    /// Each row appears at most once; zero coefficients are left out.
    pub fn write(&self, u: SupplyId, v: DemandId, out: &mut Vec<(u32, f64)>) {
        let m = self.model;
        let r = self.rows;
        let mut put = |row: u32, coef: f64| {
            if row != NO_ROW && coef != 0.0 {
                out.push((row, coef));
            }
        };
        let fresh = match m.supply(u) {
            SupplyRef::Intake(i) => {
                put(r.intake_cap[i], 1.0);
                put(r.max_intake, 1.0);
                true
            }
            SupplyRef::Source(i) => {
                put(r.source_balance + i as u32, 1.0);
                false
            }
            SupplyRef::Treatment(t) => {
                put(r.treatment_balance + t as u32, 1.0);
                false
            }
        };
        let c = &self.conc[u.0 as usize * self.nc..][..self.nc];
        match m.demand(v) {
            DemandRef::Sink(i) => {
                put(r.sink_flow + i as u32, 1.0);
                let limits = &m.sinks[i].max_conc;
                for k in 0..self.nc {
                    put(r.sink_quality[i * self.nc + k], c[k] - limits[k]);
                }
                if let Some(rate) = m.policy.min_reuse_rate {
                    put(r.min_reuse_rate, if fresh { -rate } else { 1.0 - rate });
                }
                if let Some(share) = m.streams.reuse_share(i) {
                    put(r.reuse_share[i], if fresh { -share } else { 1.0 - share });
                }
            }
            DemandRef::Treatment(t) => {
                let unit = &m.treatments[t];
                let rec = unit.recovery;
                put(r.treatment_balance + t as u32, -rec);
                put(r.treatment_capacity[t], 1.0);
                // Intake treated before use is still fresh intake in the reuse rate.
                if let (true, Some(rate)) = (fresh, m.policy.min_reuse_rate) {
                    put(r.min_reuse_rate, -rate);
                }
                for k in 0..self.nc {
                    put(
                        r.inlet_quality[t * self.nc + k],
                        c[k] - unit.max_inlet_conc[k],
                    );
                    put(
                        r.reject_mass[t * self.nc + k],
                        c[k] - rec * unit.outlet_conc[k],
                    );
                    put(r.pass_through[t * self.nc + k], c[k] - unit.outlet_conc[k]);
                }
                if let Some(d) = unit.reject_to {
                    // The reject (1 - rec) f carries mass f (c - rec * outlet) to discharge d;
                    // of a contaminant the unit does not remove, its share (1 - rec) f c.
                    let limits = &m.discharges[d].max_conc;
                    for k in 0..self.nc {
                        let mass = if m.streams.removes(t, k) {
                            c[k] - rec * unit.outlet_conc[k]
                        } else {
                            (1.0 - rec) * c[k]
                        };
                        if limits[k].is_finite() {
                            // c - rec Cout - (1 - rec) L cancels when the inlet sits exactly at
                            // the mix that meets the limit: keep rounding noise out of the matrix.
                            let coef = mass - (1.0 - rec) * limits[k];
                            let noise = 1e-12 * c[k].max(limits[k]);
                            let coef = if coef.abs() <= noise { 0.0 } else { coef };
                            put(r.discharge_quality[d * self.nc + k], coef);
                        }
                        put(r.discharge_load[d * self.nc + k], 1e-3 * mass);
                    }
                    put(r.max_discharge, 1.0 - rec);
                }
            }
            DemandRef::Discharge(d) => {
                let limits = &m.discharges[d].max_conc;
                for k in 0..self.nc {
                    if limits[k].is_finite() {
                        put(r.discharge_quality[d * self.nc + k], c[k] - limits[k]);
                    }
                    put(r.discharge_load[d * self.nc + k], 1e-3 * c[k]);
                }
                put(r.max_discharge, 1.0);
            }
        }
        // User constraints: the terms of one row are contiguous; sum them.
        let mut row = NO_ROW;
        let mut coef = 0.0;
        for term in &r.custom_terms {
            if term.row != row {
                put(row, coef);
                row = term.row;
                coef = 0.0;
            }
            coef += term.coefficient(u, v, c);
        }
        put(row, coef);
    }
}
