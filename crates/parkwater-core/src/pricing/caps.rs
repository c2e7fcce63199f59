//! Flow bounds the model implies, used to box arc columns while pricing,
//! and the dilution a source needs to enter a sink (which ranks candidates).

use crate::model::{DemandId, DemandRef, Model, SupplyId, SupplyRef};

/// How much a supply must be diluted to enter a demand: max over limited
/// contaminants of C_supply / C_limit (0 when nothing limits it).
pub fn dilution(model: &Model, u: SupplyId, v: DemandId) -> f64 {
    let DemandRef::Sink(k) = model.demand(v) else {
        return 0.0;
    };
    let limits = &model.sinks[k].max_conc;
    model
        .supply_conc(u)
        .iter()
        .zip(limits)
        .filter(|(_, l)| l.is_finite())
        .map(|(&c, &l)| {
            if l > 0.0 {
                c / l
            } else if c > 0.0 {
                f64::INFINITY
            } else {
                0.0
            }
        })
        .fold(0.0, f64::max)
}

/// Bounds on the flow out of each supply and into each demand that every
/// feasible solution satisfies (a source's flow, an intake's permit, a
/// unit's capacity and product, a sink's demand), and a cap for arcs that
/// neither end bounds: all effluent plus all demand. That cap is not implied
/// by the model (treatment loops could carry more), which is harmless: the
/// boxes only steer the warm starts and are removed before the end.
/// Network design takes its big-M from the same bounds (`design::bounds`).
pub(crate) fn flow_caps(model: &Model) -> (Vec<f64>, Vec<f64>, f64) {
    let demand = |s: &crate::model::Sink| {
        if s.max_flow.is_finite() {
            s.max_flow
        } else {
            s.min_flow
        }
    };
    let any = model.sources.iter().map(|s| s.flow).sum::<f64>()
        + model.sinks.iter().map(demand).sum::<f64>();
    let out = (0..model.num_supplies() as u32)
        .map(|u| match model.supply(SupplyId(u)) {
            SupplyRef::Intake(i) => model.intakes[i].max_flow.unwrap_or(f64::INFINITY),
            SupplyRef::Source(s) => model.sources[s].flow,
            SupplyRef::Treatment(t) => {
                let unit = &model.treatments[t];
                unit.max_flow.map_or(f64::INFINITY, |c| c * unit.recovery)
            }
        })
        .collect();
    let into = (0..model.num_demands() as u32)
        .map(|v| match model.demand(DemandId(v)) {
            DemandRef::Sink(k) => model.sinks[k].max_flow,
            DemandRef::Treatment(t) => model.treatments[t].max_flow.unwrap_or(f64::INFINITY),
            DemandRef::Discharge(_) => f64::INFINITY,
        })
        .collect();
    (out, into, any.max(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scenario;

    /// Fresh water (no permit), a 50 t/h source at 50 mg/L, a sink taking
    /// 80 t/h at most 20 mg/L, a discharge.
    fn model() -> Model {
        let text = r#"
contaminants = ["COD"]
[[intake]]
id = "FW"
kind = "tap"
conc = { COD = 0 }
price = 3.59
[[source]]
id = "S1"
flow = 50
conc = { COD = 50 }
[[sink]]
id = "D1"
flow = 80
max_conc = { COD = 20 }
[[discharge]]
id = "WW"
"#;
        Scenario::from_toml(text).unwrap().validate().unwrap()
    }

    #[test]
    fn dilution_is_the_worst_concentration_ratio_into_sinks_only() {
        let m = model();
        let source = m.supply_id(SupplyRef::Source(0));
        let fresh = m.supply_id(SupplyRef::Intake(0));
        let sink = m.demand_id(DemandRef::Sink(0));
        let discharge = m.demand_id(DemandRef::Discharge(0));
        assert_eq!(dilution(&m, source, sink), 2.5);
        assert_eq!(dilution(&m, fresh, sink), 0.0);
        assert_eq!(dilution(&m, source, discharge), 0.0);
    }

    #[test]
    fn caps_come_from_the_ends_of_each_arc() {
        let m = model();
        let (out, into, any) = flow_caps(&m);
        assert_eq!(out[m.supply_id(SupplyRef::Source(0)).0 as usize], 50.0);
        assert_eq!(
            out[m.supply_id(SupplyRef::Intake(0)).0 as usize],
            f64::INFINITY
        );
        assert_eq!(into[m.demand_id(DemandRef::Sink(0)).0 as usize], 80.0);
        let discharge = m.demand_id(DemandRef::Discharge(0)).0 as usize;
        assert_eq!(into[discharge], f64::INFINITY);
        // All effluent plus all demand.
        assert_eq!(any, 130.0);
    }
}
