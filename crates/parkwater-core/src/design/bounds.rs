//! The tightest flow bound of every arc the data imply (the big-M of its
//! pipe binary): the supply's most outflow, the demand's most inflow, the
//! pipe's capacity, and quality: a supply dirtier than a sink's limit can
//! fill at most the share of the sink that the cleanest other supply can
//! dilute, F (L - c_min) / (c - c_min). The end bounds are arc pricing's
//! (`pricing::flow_caps`), so the LP and the design box arcs alike.

use crate::model::{DemandRef, Model};
use crate::network::Network;

/// The bound of every arc of `network` (t/h), given each arc's pipe
/// capacity. Where neither end nor quality bounds an arc (a unit of unlimited
/// capacity feeding another), the bound is all effluent plus all demand: no
/// optimal design with non-negative costs moves more water along one arc
/// than enters the park's sinks and leaves its sources, but it is not
/// implied by the rows; the report's `objective_bound` says so by naming
/// its method.
pub(crate) fn arc_bounds(model: &Model, network: &Network, pipe_cap: &[f64]) -> Vec<f64> {
    // The end bounds arc pricing boxes its columns with: one definition.
    let (out, into, any) = crate::pricing::flow_caps(model);
    let nc = model.num_contaminants();
    // Per demand and contaminant, the cleanest supply that may enter it.
    let nd = model.num_demands();
    let mut cleanest = vec![f64::INFINITY; nd * nc];
    for a in 0..network.len() {
        let (u, v) = network.arc(a);
        let c = model.supply_conc(u);
        for k in 0..nc {
            let slot = &mut cleanest[v.0 as usize * nc + k];
            *slot = slot.min(c[k]);
        }
    }
    (0..network.len())
        .map(|a| {
            let (u, v) = network.arc(a);
            let (ui, vi) = (u.0 as usize, v.0 as usize);
            let mut m = out[ui].min(into[vi]).min(pipe_cap[a]);
            let limits = match model.demand(v) {
                DemandRef::Sink(k) => Some(&model.sinks[k].max_conc),
                DemandRef::Treatment(t) => Some(&model.treatments[t].max_inlet_conc),
                DemandRef::Discharge(_) => None,
            };
            if let Some(limits) = limits.filter(|_| into[vi].is_finite()) {
                let c = model.supply_conc(u);
                for k in 0..nc {
                    let (l, cmin) = (limits[k], cleanest[vi * nc + k]);
                    if l.is_finite() && c[k] > l {
                        let share = if cmin < l {
                            (l - cmin) / (c[k] - cmin)
                        } else {
                            0.0
                        };
                        m = m.min(into[vi] * share);
                    }
                }
            }
            if m.is_finite() {
                m
            } else {
                any
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scenario;

    #[test]
    fn a_dirty_supply_fills_only_the_share_the_clean_one_can_dilute() {
        // Sink of 100 t/h at <= 20 mg/L; fresh water at 0, effluent at 100:
        // at most 20 t/h of the effluent (20 * 100 = 100 * 20).
        let text = r#"
contaminants = ["C"]
[[intake]]
id = "FW"
kind = "tap"
conc = { C = 0 }
[[source]]
id = "S"
flow = 500
conc = { C = 100 }
[[sink]]
id = "D"
flow = 100
max_conc = { C = 20 }
[[discharge]]
id = "WW"
"#;
        let model = Scenario::from_toml(text).unwrap().validate().unwrap();
        let network = Network::build(&model);
        let caps = vec![f64::INFINITY; network.len()];
        let m = arc_bounds(&model, &network, &caps);
        let find = |from: &str, to: &str| {
            (0..network.len())
                .find(|&a| {
                    let (u, v) = network.arc(a);
                    model.supply_name(u) == from && model.demand_name(v) == to
                })
                .unwrap()
        };
        assert!((m[find("S", "D")] - 20.0).abs() < 1e-12);
        assert_eq!(m[find("FW", "D")], 100.0);
        assert_eq!(m[find("S", "WW")], 500.0, "the source's flow");
    }
}
