//! Figure ranges the engine cannot solve reliably, refused with a message
//! that names the figures and says why (code `number.span`).
//!
//! Each contaminant's rows are scaled by its largest concentration (a
//! quality row by its own limit when that is smaller, `formulate::rows`),
//! and HiGHS judges feasibility within an absolute 1e-9 of the scaled rows.
//! A concentration far below the largest of its contaminant then weighs
//! less than that tolerance: on a fuzzed park with a
//! 1e9 mg/L limit beside a 1e-6 mg/L intake feeding a 0 mg/L demand, HiGHS
//! called the demand met and the independent verification found it broken
//! by 1e-6 mg/L (`verification_failed`). Flows behave alike: a stream far
//! below the park's largest flow is within the solver's tolerance of zero.
//! Rather than answer such a park unreliably, validation refuses it and
//! says which two figures are too far apart: the user can round the tiny
//! one to 0, or leave out a limit that does not limit.

use super::checker::Checker;
use crate::model::Model;

/// Largest ratio between the largest and the smallest non-zero
/// concentration of one contaminant (limits included).
pub(crate) const MAX_CONC_SPAN: f64 = 1e7;

/// Largest ratio between a concentration limit (sink, treatment inlet,
/// discharge) and the largest concentration any supply of that contaminant
/// has (at least 1 mg/L). Such a limit can never bind, but the quality rows
/// are scaled by the largest figure, limits included: found by the fuzz run,
/// a 1e9 mg/L limit on a sink left a 73.98 mg/L intake feeding a 73.73 mg/L
/// demand within HiGHS's tolerance, reported optimal, refused by verification.
pub(crate) const MAX_LIMIT_OVER_SUPPLY: f64 = 1e3;

/// Largest ratio between the largest and the smallest non-zero flow figure
/// of the park (effluents, demands, permits, capacities, park caps,
/// recirculation).
pub(crate) const MAX_FLOW_SPAN: f64 = 1e8;

/// One figure with the path that names it.
struct Figure {
    path: String,
    value: f64,
}

/// Checks the spans of a model that is otherwise valid.
pub(super) fn check(c: &mut Checker, model: &Model) {
    for (k, name) in model.contaminants.iter().enumerate() {
        let mut figures = Vec::new();
        let mut add = |path: String, value: f64| {
            if value.is_finite() && value > 0.0 {
                figures.push(Figure { path, value });
            }
        };
        for x in &model.intakes {
            add(format!("intake[{}].conc.{name}", x.id), x.conc[k]);
        }
        for x in &model.sources {
            add(format!("source[{}].conc.{name}", x.id), x.conc[k]);
        }
        for x in &model.sinks {
            add(format!("sink[{}].max_conc.{name}", x.id), x.max_conc[k]);
        }
        for (i, x) in model.treatments.iter().enumerate() {
            add(
                format!("treatment[{}].outlet_conc.{name}", x.id),
                x.outlet_conc[k],
            );
            add(
                format!("treatment[{}].max_inlet_conc.{name}", x.id),
                x.max_inlet_conc[k],
            );
            // The removed-mass row of a unit weighs each feed by c - recovery
            // x outlet: a tiny recovery makes that product a figure of its
            // own (found by the fuzz run: 1e-6 x 465 mg/L beside a 1e6 mg/L
            // effluent fell below HiGHS's smallest matrix entry and the unit
            // "treated" clean water up to 465 mg/L).
            if model.streams.removes(i, k) {
                add(
                    format!("treatment[{}].recovery x outlet_conc.{name}", x.id),
                    x.recovery * x.outlet_conc[k],
                );
            }
        }
        for x in &model.discharges {
            add(
                format!("discharge[{}].max_conc.{name}", x.id),
                x.max_conc[k],
            );
        }
        span(
            c,
            &figures,
            MAX_CONC_SPAN,
            "mg/L",
            &format!("{name} concentrations"),
        );
        limits_over_supply(c, model, k, name);
    }
    let unit = model.flow_unit;
    let mut figures = Vec::new();
    let mut add = |path: String, value: f64| {
        if value.is_finite() && value > 0.0 {
            figures.push(Figure {
                path,
                value: unit.from_internal(value),
            });
        }
    };
    for x in &model.sources {
        add(format!("source[{}].flow", x.id), x.flow);
    }
    for x in &model.sinks {
        if x.min_flow == x.max_flow {
            add(format!("sink[{}].flow", x.id), x.min_flow);
        } else {
            add(format!("sink[{}].min_flow", x.id), x.min_flow);
            add(format!("sink[{}].max_flow", x.id), x.max_flow);
        }
    }
    for x in &model.intakes {
        add(
            format!("intake[{}].max_flow", x.id),
            x.max_flow.unwrap_or(0.0),
        );
    }
    for x in &model.treatments {
        add(
            format!("treatment[{}].max_flow", x.id),
            x.max_flow.unwrap_or(0.0),
        );
    }
    for x in &model.enterprises {
        add(
            format!("enterprise[{}].recirculation", x.id),
            x.recirculation,
        );
    }
    let p = &model.policy;
    add("policy.max_intake".into(), p.max_intake.unwrap_or(0.0));
    add(
        "policy.max_discharge".into(),
        p.max_discharge.unwrap_or(0.0),
    );
    span(c, &figures, MAX_FLOW_SPAN, unit.name(), "flows");
}

/// Refuses limits of contaminant `k` that no supply comes near.
fn limits_over_supply(c: &mut Checker, model: &Model, k: usize, name: &str) {
    let supply = model
        .intakes
        .iter()
        .map(|x| x.conc[k])
        .chain(model.sources.iter().map(|x| x.conc[k]))
        .chain(model.treatments.iter().map(|x| x.outlet_conc[k]))
        .fold(1.0_f64, f64::max);
    let limits = model
        .sinks
        .iter()
        .map(|x| (format!("sink[{}].max_conc.{name}", x.id), x.max_conc[k]))
        .chain(model.treatments.iter().map(|x| {
            (
                format!("treatment[{}].max_inlet_conc.{name}", x.id),
                x.max_inlet_conc[k],
            )
        }))
        .chain(model.discharges.iter().map(|x| {
            (
                format!("discharge[{}].max_conc.{name}", x.id),
                x.max_conc[k],
            )
        }));
    for (path, limit) in limits {
        if limit.is_finite() && limit > MAX_LIMIT_OVER_SUPPLY * supply {
            c.push(
                path,
                "number.span",
                format!(
                    "a {name} limit of {limit:.1e} mg/L is more than {MAX_LIMIT_OVER_SUPPLY:.0e} \
                     times the dirtiest supply ({supply} mg/L): it can never bind, but it sets the \
                     scale of the {name} quality rows and hides differences the solver must see; \
                     leave it out"
                ),
            );
        }
    }
}

/// Refuses `figures` whose largest exceeds `limit` times their smallest.
fn span(c: &mut Checker, figures: &[Figure], limit: f64, unit: &str, what: &str) {
    let (Some(small), Some(large)) = (
        figures.iter().min_by(|a, b| a.value.total_cmp(&b.value)),
        figures.iter().max_by(|a, b| a.value.total_cmp(&b.value)),
    ) else {
        return;
    };
    if large.value <= limit * small.value {
        return;
    }
    c.push(
        small.path.clone(),
        "number.span",
        format!(
            "{what} span {:.1e} {unit} (here) to {:.1e} {unit} ({}), more than the {:.0e} the \
             solver resolves: next to the largest, this figure is within the LP's tolerance of \
             zero, so an answer could break it unseen. Round it to 0, or scale down or leave \
             out the largest if it does not limit",
            small.value, large.value, large.path, limit
        ),
    );
}

#[cfg(test)]
mod tests {
    use crate::Scenario;

    fn codes(text: &str) -> Vec<(String, &'static str)> {
        match Scenario::from_toml(text).unwrap().validate() {
            Ok(_) => vec![],
            Err(e) => e.problems.into_iter().map(|p| (p.path, p.code)).collect(),
        }
    }

    const PARK: &str = "contaminants = [\"C\"]\n[[intake]]\nid = \"FW\"\nkind = \"tap\"\nconc = { C = FRESH }\n[[sink]]\nid = \"D\"\nflow = 285\nmax_conc = { C = 0 }\n[[sink]]\nid = \"D1\"\nflow = DEMAND\nmax_conc = { C = LIMIT }\n";

    fn park(fresh: &str, limit: &str, demand: &str) -> String {
        PARK.replace("FRESH", fresh)
            .replace("LIMIT", limit)
            .replace("DEMAND", demand)
    }

    #[test]
    fn a_tiny_concentration_beside_a_huge_limit_is_refused() {
        // Found by the fuzz run: verification_failed before this check.
        assert_eq!(
            codes(&park("1e-6", "1e9", "159")),
            vec![
                ("intake[FW].conc.C".to_string(), "number.span"),
                ("sink[D1].max_conc.C".to_string(), "number.span")
            ]
        );
        assert_eq!(codes(&park("1e-4", "100", "159")), vec![]);
        assert_eq!(codes(&park("0", "500", "159")), vec![]);
    }

    #[test]
    fn a_limit_far_above_every_supply_is_refused() {
        // Found by the fuzz run: a 73.98 mg/L intake into a 73.73 mg/L
        // demand was called feasible beside a 1e9 mg/L limit.
        assert_eq!(
            codes(&park("73.98", "1e9", "29.7")),
            vec![
                ("intake[FW].conc.C".to_string(), "number.span"),
                ("sink[D1].max_conc.C".to_string(), "number.span")
            ]
        );
        // Within the concentration span, the limit alone is refused.
        assert_eq!(
            codes(&park("73.98", "1e6", "29.7")),
            vec![("sink[D1].max_conc.C".to_string(), "number.span")]
        );
        assert_eq!(codes(&park("73.98", "73000", "29.7")), vec![]);
    }

    #[test]
    fn flows_apart_by_more_than_the_span_are_refused() {
        assert_eq!(
            codes(&park("0", "100", "1e-8")),
            vec![("sink[D1].flow".to_string(), "number.span")]
        );
    }
}
