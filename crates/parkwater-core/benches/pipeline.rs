//! Criterion benchmarks of the pipeline phases on small synthetic parks.
//!
//! `cargo bench -p parkwater-core --bench pipeline` (release profile). Each
//! park is generated once; each benchmark times one phase:
//! parse (TOML text -> Scenario), validate (Scenario -> Model), formulate
//! (Network::build + formulate) and solve (the whole `parkwater_core::solve`:
//! network, LP, HiGHS, verification, report). For the 500x500 and 1500x1500
//! parks use the `bench_phases` example instead.

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, BenchmarkId, Criterion, SamplingMode,
};
use parkwater_core::formulate::formulate;
use parkwater_core::synth::{Family, SyntheticPark};
use parkwater_core::{Network, Scenario, SolveOptions};
use std::hint::black_box;
use std::time::Duration;

/// The parks: two small sizes, both families.
fn parks() -> Vec<(String, SyntheticPark)> {
    let mut out = Vec::new();
    for (sources, sinks, contaminants) in [(50, 50, 3), (150, 150, 4)] {
        for family in Family::ALL {
            let park = SyntheticPark::size(sources, sinks, contaminants).with_family(family);
            out.push((format!("{}/{}", park.size_label(), family), park));
        }
    }
    out
}

fn configured<'c>(c: &'c mut Criterion, name: &str) -> BenchmarkGroup<'c, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    group
}

fn parse(c: &mut Criterion) {
    let mut group = configured(c, "parse");
    for (label, park) in parks() {
        let text = park.scenario().to_toml();
        group.bench_with_input(BenchmarkId::from_parameter(label), &text, |b, text| {
            b.iter(|| Scenario::from_toml(black_box(text)).expect("generated TOML parses"))
        });
    }
    group.finish();
}

fn validate(c: &mut Criterion) {
    let mut group = configured(c, "validate");
    for (label, park) in parks() {
        let scenario = park.scenario();
        group.bench_with_input(BenchmarkId::from_parameter(label), &scenario, |b, s| {
            b.iter(|| black_box(s).validate().expect("generated parks are valid"))
        });
    }
    group.finish();
}

fn network_and_formulate(c: &mut Criterion) {
    let mut group = configured(c, "network+formulate");
    for (label, park) in parks() {
        let model = park
            .scenario()
            .validate()
            .expect("generated parks are valid");
        group.bench_with_input(BenchmarkId::from_parameter(label), &model, |b, model| {
            b.iter(|| {
                let network = Network::build(black_box(model));
                formulate(model, &network, model.objectives[0])
            })
        });
    }
    group.finish();
}

fn solve(c: &mut Criterion) {
    let mut group = configured(c, "solve");
    // A 150x150 solve takes about a second: ten samples of one solve each.
    group
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(10));
    let options = SolveOptions::default();
    for (label, park) in parks() {
        let model = park
            .scenario()
            .validate()
            .expect("generated parks are valid");
        group.bench_with_input(BenchmarkId::from_parameter(label), &model, |b, model| {
            b.iter(|| parkwater_core::solve(black_box(model), &options).expect("HiGHS runs"))
        });
    }
    group.finish();
}

criterion_group!(pipeline, parse, validate, network_and_formulate, solve);
criterion_main!(pipeline);
