//! One action per relaxation entry, in the park manager's words.

use super::{num, pct};
use crate::report::Relaxation;

/// One action per relaxation entry: "raise the permit of intake FW from 100 to 140 t/h".
pub fn fixes(relaxation: &[Relaxation]) -> Vec<String> {
    relaxation
        .iter()
        .map(|x| {
            let (id, c, u) = (&x.entity, x.contaminant.as_deref().unwrap_or(""), x.unit);
            let (from, to) = (num(x.current), num(x.relaxed));
            match x.family {
                "sink_flow" if x.relaxed < x.current => {
                    format!("cut the demand of sink {id} from {from} to {to} {u}")
                }
                "sink_flow" => format!("let sink {id} take up to {to} {u} (now {from})"),
                "sink_quality" => format!("raise the {c} limit of sink {id} from {from} to {to} mg/L"),
                "treatment_inlet_quality" => {
                    format!("raise the {c} inlet limit of treatment {id} from {from} to {to} mg/L")
                }
                "discharge_quality" => {
                    format!("raise the {c} limit of discharge {id} from {from} to {to} mg/L")
                }
                "discharge_load" => {
                    format!("raise the {c} load cap of discharge {id} from {from} to {to} kg/h")
                }
                "source_balance" => format!(
                    "find an outlet for {} {u} of the effluent of source {id} (a discharge or a sink that may take it)",
                    num(x.amount)
                ),
                "intake_cap" => format!("raise the permit of intake {id} from {from} to {to} {u}"),
                "treatment_capacity" => {
                    format!("enlarge treatment {id} from {from} to {to} {u}")
                }
                "constraint" => format!("relax the constraint \"{id}\" from {from} to {to} {u}"),
                "treatment_pass_through" => format!(
                    "keep the {c} of what treatment {id} takes at or below its outlet {from} mg/L (it does not remove {c}): {to} mg/L would be needed"
                ),
                "sink_reuse_share" => format!(
                    "let sink {id} take up to {} reused water (now {})",
                    pct(x.relaxed),
                    pct(x.current)
                ),
                _ => match x.entity.as_str() {
                    "min_reuse_rate" => format!(
                        "lower the park's reuse-rate target from {} to {}",
                        pct(x.current),
                        pct(x.relaxed)
                    ),
                    "max_intake" => {
                        format!("raise the park's cap on total intake from {from} to {to} {u}")
                    }
                    "max_discharge" => {
                        format!("raise the park's cap on total discharge from {from} to {to} {u}")
                    }
                    _ => format!("relax {} by {} {u}", x.label, num(x.amount)),
                },
            }
        })
        .collect()
}
