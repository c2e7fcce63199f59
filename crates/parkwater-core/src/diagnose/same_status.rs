//! One HiGHS outcome, one [`Status`], whichever client of the solver layer
//! runs it: the full LP, arc pricing and the diagnosis's feasibility check
//! see the same park end optimal, infeasible, or stopped by the time limit,
//! and report the same status for it.

use super::elastic::Probe;
use crate::model::Model;
use crate::network::Network;
use crate::pricing::{solve_priced, BatchLimits};
use crate::scenario::Policy;
use crate::solve::{solve_lp, Pricing, SolveOptions, Status};
use crate::synth::{Family, SyntheticPark};

fn park(size: usize, max_intake: Option<f64>) -> Model {
    let mut scenario = SyntheticPark::size(size, size, 2)
        .with_family(Family::HeavyReuse)
        .scenario();
    if let Some(cap) = max_intake {
        scenario.policy = Some(Policy {
            max_intake: Some(cap),
            ..Default::default()
        });
    }
    scenario.validate().unwrap()
}

/// (full LP, pricing, diagnosis check) statuses of one park.
fn statuses(model: &Model, options: &SolveOptions) -> [Status; 3] {
    let network = Network::build(model);
    let full = solve_lp(model, &network, options).unwrap().status;
    let priced = solve_priced(
        model,
        &options.clone().with_pricing(Pricing::On),
        &BatchLimits::default(),
    )
    .unwrap()
    .1
    .status;
    let mut probe = Probe::new(model, network, options);
    let check = probe.feasibility(&|_| true).unwrap();
    [full, priced, check]
}

#[test]
fn optimal_everywhere() {
    let model = park(12, None);
    assert_eq!(
        statuses(&model, &SolveOptions::default()),
        [Status::Optimal; 3]
    );
}

#[test]
fn infeasible_everywhere() {
    // Far less intake than the sinks need.
    let model = park(12, Some(1e-3));
    assert_eq!(
        statuses(&model, &SolveOptions::default()),
        [Status::Infeasible; 3]
    );
}

#[test]
fn time_limit_everywhere() {
    // No time at all: every client's first run stops on the limit.
    let model = park(40, None);
    let options = SolveOptions::default().with_time_limit(0.0);
    assert_eq!(statuses(&model, &options), [Status::TimeLimit; 3]);
}
