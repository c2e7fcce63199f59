//! Named parks shared by test files that each check something else of them.

use parkwater_core::scenario::schema::{ObjectiveSpec, OneOrMany};
use parkwater_core::synth::{Shape, StructuredPark};
use parkwater_core::Model;

/// A 127 x 127 x 3 forbid-heavy park (7 treatments, a cheap intake of
/// 12.8 % of demand, discharge capped at 76.6 % of demand) minimizing
/// freshwater, then cost, then discharge; found by a soak of random
/// structured parks. Pricing it switches objectives twice, and the switch
/// into discharge ends "unknown" in dual simplex and is retried by
/// interior point.
pub fn three_objective_forbid_heavy() -> Model {
    let mut park = StructuredPark::new(127, 127, 3, Shape::ForbidHeavy).with_seed(914089);
    park.treatments = 7;
    park.cheap_intake_share = 0.128;
    let mut scenario = park.scenario();
    let demand: f64 = scenario.sinks.iter().filter_map(|s| s.flow).sum();
    scenario
        .policy
        .get_or_insert_with(Default::default)
        .max_discharge = Some(0.766 * demand);
    scenario.objective = Some(ObjectiveSpec {
        minimize: OneOrMany::Many(vec!["freshwater".into(), "cost".into(), "discharge".into()]),
        tolerance: None,
    });
    scenario.validate().expect("a valid park")
}
