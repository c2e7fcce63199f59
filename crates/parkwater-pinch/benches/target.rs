//! Targeting time on a 2000-stream problem (1000 sources, 1000 sinks):
//! `cargo bench -p parkwater-pinch --bench target`.

use criterion::{criterion_group, criterion_main, Criterion};
use parkwater_pinch::{target, target_regeneration, FreshSupply, RegenMode, Stream, TargetProblem};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn problem(n: usize) -> TargetProblem {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut stream = |prefix: &str, i: usize| {
        Stream::new(
            format!("{prefix}{i}"),
            rng.random_range(1.0..100.0),
            rng.random_range(0.0..1000.0),
        )
    };
    let sources = (0..n).map(|i| stream("S", i)).collect();
    let sinks = (0..n).map(|i| stream("D", i)).collect();
    TargetProblem::new(sources, sinks, vec![FreshSupply::new("FW", 0.0)])
}

fn bench(c: &mut Criterion) {
    let p = problem(1000);
    c.bench_function("target 2000 streams", |b| b.iter(|| target(&p).unwrap()));
    c.bench_function("regeneration target 2000 streams", |b| {
        b.iter(|| target_regeneration(&p, 5.0, RegenMode::Recycling).unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
