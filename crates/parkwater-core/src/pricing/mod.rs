//! Arc pricing (column generation): parks with millions of candidate pipes
//! solved exactly by a small restricted LP that grows only by the arcs whose
//! reduced cost is negative.
//!
//! `prices` computes every arc's reduced cost from the row duals without the
//! matrix; `select` chooses each round's batch; `generate` drives the
//! lexicographic loop over the master LP (`master`: its state and warm
//! re-solves; `first`: the first master; `rounds`: the column-generation
//! loop; `finish`: the final, checked master and its certificate; `caps`:
//! the implied flow bounds); `warm` keeps what a variant of a park hands to the next one in a
//! sweep (final arcs and optimal master basis). `Pricer` below is the column-by-column definition of a reduced cost,
//! kept as the reference the fast path is tested against and as the
//! certificate a reader can recompute.
//!
//! reduced cost(u -> v) = c(u, v) - sum over rows r of a(r; u, v) * y(r),
//! where an objective-bound row (lexicographic lists) has the earlier
//! objective's arc cost as its coefficient. At an optimum every allowed arc
//! has a reduced cost >= 0 (up to the solver's tolerance).
//!
//! # Measured
//!
//! `cargo run --release -q -p parkwater-core --example pricing -- SIZE FAMILY`
//! on 2 cores, one HiGHS thread (wall seconds; the machine was shared, so
//! +-20 %). Full LP = HiGHS interior point + crossover on every arc.
//!
//! | park | full LP | before | now | rounds | columns (purged) | iterations |
//! | --- | --- | --- | --- | --- | --- | --- |
//! | 500x500x4 sparse | 34.7 s | 0.46 s | 0.21-0.32 s | 9 | 7.1k (3.3k) | 5.9k |
//! | 500x500x4 heavy | 33.7 s | 7.3 s | 1.4-1.5 s | 15 | 8.1k (7.4k) | 17.7k |
//! | 1500x1500x5 sparse | - | 9.7 s | 1.6 s | 13 | 24k (10k) | 18.8k |
//! | 1500x1500x5 heavy | - | 146 s | 24-25 s | 23 | 28k (26k) | 31k + 296 IPM |
//! | 3000x3000x5 sparse | - | - | 8.5-9.7 s, 0.14 GiB | 15 | 49k (22k) | 42k |
//! | 3000x3000x5 heavy | - | - | 90 s, 0.18 GiB | 21 | 56k (51k) | 90k + 212 IPM |
//!
//! What made the difference, each measured alone:
//!
//! - Boxed arcs (implied upper bounds while pricing, removed at the end):
//!   without them every warm dual simplex began with a dual phase one that
//!   threw the primal solution away. 500 heavy 4.7 s -> 2.0 s, 1500 heavy
//!   86-146 s -> 46 s, 1500 sparse 6.7 s -> 1.6 s (its first master alone
//!   2.8 s -> 0.4 s).
//! - Purging idle source -> sink columns after 2 rounds: 1500 heavy
//!   46 s -> 36 s (master 68k -> 30k columns; a simplex iteration costs
//!   about half).
//! - Batches of 5 per demand and 10 per supply (was 10 and 100): 1500 heavy
//!   36 s -> 32 s, 500 heavy 1.8 s -> 1.4 s. The total of simplex
//!   iterations hardly depends on the batch size (23-26k on 500 heavy for 2
//!   to 20 per demand); smaller masters make each iteration cheaper.
//! - Interior point + crossover for the middle rounds of large masters
//!   (`BatchLimits::ipm_min_rows`): there a warm dual simplex round took
//!   10-26k iterations at 0.5-1.3 ms each, an interior point round 1.5-9 s.
//!   1500 heavy 33 s -> 24 s, 3000 heavy 186 s -> 90 s.
//! - Keeping each demand's candidate list bounded during the scan: 3000
//!   heavy peak memory 0.42 -> 0.18 GiB. The scan of 9M arcs takes 50-110 ms
//!   per round.
//!
//! Tried and dropped: warm primal simplex (500 heavy 7.4 s vs 4.7 s dual,
//! before boxes); cold re-solves (82k iterations, 21.8 s); interior point
//! every round (5.4 s) or without crossover for central duals (the same
//! rounds and columns as simplex: the master duals are unique here);
//! Wentges smoothing around the best Lagrangian bound (the bound rose every
//! round, so the center was always the master's duals: identical runs) and
//! smoothing between successive duals (alpha 0.3-0.7: 4-30 % more iterations
//! and up to 60 % more time); ranking by reduced cost alone (+30-50 %
//! iterations) or by reduced cost x the arc's largest flow (+15 %); 2 to 20
//! sources per sink in the first master (+-3 %); HiGHS's Devex (2.2x the
//! iterations) or Dantzig (8.6x) dual pricing, other price and scale
//! strategies (+0-10 %), no cost perturbation (-4 % iterations, within
//! noise); switching to interior point for one round and back (1500 heavy
//! 31 s).
//!
//! ## Structured parks (issue 14)
//!
//! `cargo run --release -q -p parkwater-core --example matrix` runs the
//! structured families of `synth::StructuredPark` (two intakes, 8-20 units
//! of four archetypes rejecting to one concentrate outfall, three outfalls,
//! refusal rules). Levers measured with `--limits` on 500x500x4, seed 1
//! (CPU seconds of the solve, rounds, simplex iterations; the machine ran
//! at a load of ~17 on 2 cores, so wall seconds were 4-10x the CPU
//! figure and are not quoted):
//!
//! | lever | heavy | forbid | sparse | treatment |
//! | --- | --- | --- | --- | --- |
//! | defaults | 3.19 s / 21 / 20.6k | 3.22 s / 17 / 21.8k | 0.58 s / 10 / 8.2k | 0.49 s / 10 / 6.9k |
//! | batches x2 (10 per demand, 20 per supply, 40k a round) | 2.87 s / 14 / 19.8k | 3.17 s / 15 / 20.0k | - | - |
//! | batches x4 (20, 40, 80k) | 3.30 s / 12 / 18.7k | 2.97 s / 12 / 18.7k | 0.66 s / 8 / 8.5k | 0.46 s / 6 / 6.8k |
//! | first master + 3 least-dilution sinks per source (`first_per_source`) | 3.20 s / 18 / 20.7k | 3.40 s / 17 / 22.3k | - | - |
//! | first master with 3 treatment products per sink, not all (`first_products_per_sink`) | 6.36 s / 26 / 31.3k | - | 1.35 s / 22 / 10.4k | 0.99 s / 24 / 9.8k |
//!
//! Larger batches cut rounds by 30-40 % but simplex iterations by only
//! 5-15 % (a few more columns per master): CPU time moves within +-10 %,
//! no clear gain on every family, so the defaults stay. A per-source
//! outlet in the first master saves rounds on heavy reuse but not work.
//! Trimming the treatment products of the first master (20 units make
//! 20 x sinks such arcs) doubles rounds and time: the optimum is made of
//! them, as on the `SyntheticPark` families. Both levers stay off.
//! The full LP of the same heavy park (HiGHS interior point + crossover)
//! took 40.2 s CPU: pricing is 10-12x faster on CPU time there.
//!
//! The matrix with the defaults (`--example matrix`, same load; CPU s /
//! rounds / simplex iterations; every certificate >= -1e-11, every
//! violation <= 1e-11):
//!
//! | park | seed 1 | seed 2 | seed 3 | full LP (seed 1) |
//! | --- | --- | --- | --- | --- |
//! | 500x500x4 sparse | 0.82 / 10 / 8.2k | 0.64 / 10 / 7.9k | 0.74 / 13 / 7.9k | 35.2 s CPU (IPM, 97 it.) |
//! | 500x500x4 heavy | 3.88 / 21 / 20.6k | 3.54 / 19 / 21.6k | 5.13 / 18 / 25.2k | 40.2 s CPU (IPM, 109 it.) |
//! | 500x500x4 treatment | 0.63 / 10 / 6.9k | 0.58 / 10 / 7.3k | 0.81 / 16 / 8.8k | - |
//! | 500x500x4 forbid | 3.89 / 17 / 21.8k | 2.82 / 17 / 19.4k | 5.20 / 19 / 26.4k | - |
//! | 1500x1500x5 sparse (768 rules) | 6.88 / 15 / 31.7k, 0.12 GiB | - | - | - |
//! | 1500x1500x5 heavy (768 rules) | 136 / 21 / 44.0k + 445 IPM, 0.16 GiB | - | - | - |
//! | 3000x3000x5 sparse (1 842 rules) | 35.8 / 18 / 66.9k, 0.29 GiB | - | - | - |
//!
//! Heavy reuse at 1500 is far from its 60 s goal: the first master holds
//! every treatment arc (2 x 20 units x 1 500 = 60k columns) and the warm
//! dual simplex iterations cost ~3 ms each at 57k columns.
//! Where the time goes on heavy reuse: warm dual simplex iterations (about
//! 20k over the run at ~0.1 ms each, 12k master columns); the scan of all
//! 260k candidate arcs is a few ms a round.
//!
//! ## Sweeps
//!
//! `cargo run --release -q -p parkwater-core --example pricing -- sweep SIZE FAMILY KNOB N`
//! solves N variants of one park (KNOB `price`: intake prices +10 % a step;
//! `limit`: sink limits -4 % a step; `capacity`: treatment capacities 60 %
//! of the park's, +10 % a step) alone, as a sweep seeded with the previous
//! variant's final arcs, and seeded with its arcs and its optimal master
//! basis ([`WarmStart`]). Totals over the variants, the first (cold) one
//! included: rounds / simplex iterations / wall seconds; same conditions as
//! above.
//!
//! | park, knob x N | alone | columns | columns + basis | warm variant (columns -> + basis) |
//! | --- | --- | --- | --- | --- |
//! | 120x120x3 heavy, price x 6 | 69 / 19.3k / 0.49 | 31 / 10.7k / 0.28 | 28 / 3.5k / 0.13 | 1.4-1.5k -> 6-105 it. |
//! | 120x120x3 heavy, limit x 6 | 68 / 18.7k / 0.49 | 45 / 12.2k / 0.35 | 42 / 5.3k / 0.21 | 1.6-2.0k -> 0.3-0.5k it. |
//! | 120x120x3 heavy, capacity x 6 | 70 / 20.4k / 0.51 | 44 / 12.9k / 0.34 | 42 / 6.2k / 0.21 | 1.5-2.4k -> 0.1-1.2k it. |
//! | 500x500x4 sparse, price x 8 | 72 / 46.7k / 1.68 | 44 / 38.3k / 1.32 | 42 / 8.1k / 0.68 | 0.12-0.21 s -> 0.02-0.09 s |
//! | 500x500x4 sparse, limit x 8 | 59 / 41.0k / 1.37 | 42 / 36.5k / 1.15 | 42 / 8.0k / 0.62 | 0.10-0.18 s -> 0.04-0.08 s |
//! | 500x500x4 sparse, capacity x 8 | 71 / 47.4k / 1.76 | 29 / 37.1k / 1.15 | 27 / 6.7k / 0.42 | 0.12-0.17 s -> 0.02-0.08 s |
//! | 500x500x4 heavy, price x 8 | 131 / 147k / 12.0 | 67 / 62.0k / 5.58 | 60 / 20.9k / 2.68 | 0.49-0.71 s -> 0.11-0.20 s |
//! | 500x500x4 heavy, limit x 8 | 122 / 137k / 11.2 | 78 / 78.8k / 6.98 | 81 / 42.9k / 5.54 | 0.65-0.98 s -> 0.50-0.63 s |
//! | 500x500x4 heavy, capacity x 8 | 134 / 147k / 12.3 | 82 / 76.6k / 6.75 | 74 / 41.7k / 4.96 | 0.55-1.24 s -> 0.26-1.08 s |
//! | 1500x1500x5 sparse, price x 4 | 51 / 75.6k / 5.5 | 32 / 62.4k / 4.5 | 32 / 22.9k / 2.7 | 1.0 s -> 0.3-0.5 s |
//! | 1500x1500x5 heavy, price x 4 | 91 / 147k / 95 | 54 / 108k / 56 | 49 / 39.2k / 32 | 9-12 s -> 2.2-3.0 s |
//! | 1500x1500x5 heavy, limit x 4 | 88 / 146k / 96 | 57 / 136k / 64 | 58 / 82.0k / 55 | 13-15 s -> 11-11.5 s |
//! | 1500x1500x5 heavy, capacity x 4 | 98 / 153k / 105 | 65 / 151k / 86 | 59 / 104k / 79 | 14-24 s -> 11-20 s |
//!
//! The basis helps on every family and knob, most where only costs change:
//! the old basis stays primal feasible and near optimal, and a price
//! variant takes 0-600 simplex iterations in all on the 120 and 500 parks
//! (1.4-6.7k from the columns alone), 2.3-2.8k on 1500 heavy (24-28k).
//! Where limits or capacities change, the rows' right-hand sides move: the
//! first warm dual simplex still takes hundreds to thousands of iterations
//! (4.2k of 16.9k on a 1500 heavy limit variant), and the later rounds,
//! which the basis does not shorten, dominate: the warm variants of the
//! heavy parks take 10-30 % less time, the smallest gains measured, never
//! a loss. Rounds barely change (the columns do that). So sweeps reuse
//! both by default ([`crate::Sweep::with_basis_reuse`] turns the basis
//! off). The first warm solve is a dual simplex without presolve, like
//! every re-solve.

mod caps;
mod finish;
mod first;
mod first_master;
mod generate;
mod master;
mod prices;
mod progress;
mod rounds;
mod select;
mod warm;

pub use crate::solve::PricingStats;
pub use caps::dilution;
pub(crate) use caps::flow_caps;
pub use generate::{solve_priced, solve_priced_from, solve_priced_warm, TOLERANCE};
pub use prices::{ArcPrices, ObjectiveWeights};
pub use progress::{ProgressHook, RoundProgress};
pub use select::{BatchLimits, Candidate};
pub use warm::{Arc, MasterBasis, WarmStart};

use crate::formulate::{arc_cost, ColumnWriter, RowFamily, RowIndex, RowKey};
use crate::model::{DemandId, Model, SupplyId};
use crate::network::Network;

/// Prices arcs against fixed duals, column by column.
#[derive(Debug)]
pub struct Pricer<'m> {
    model: &'m Model,
    writer: ColumnWriter<'m>,
    /// Unscaled duals of the model's rows (objective-bound rows excluded).
    duals: &'m [f64],
    /// (objective index, dual) of each objective-bound row.
    bounds: Vec<(usize, f64)>,
}

impl<'m> Pricer<'m> {
    /// `keys`/`duals` as returned by a solve: the model's rows, then bound rows.
    pub fn new(model: &'m Model, rows: &'m RowIndex, keys: &[RowKey], duals: &'m [f64]) -> Self {
        let n = rows.len() as usize;
        let bounds = keys[n..]
            .iter()
            .zip(&duals[n..])
            .filter(|(k, _)| k.family == RowFamily::ObjectiveBound)
            .map(|(k, &y)| (k.entity as usize, y))
            .collect();
        Pricer {
            model,
            writer: ColumnWriter::new(model, rows),
            duals: &duals[..n],
            bounds,
        }
    }

    /// Reduced cost of u -> v (length `km`) for minimizing the last objective, internal units.
    pub fn reduced_cost(
        &self,
        u: SupplyId,
        v: DemandId,
        km: f64,
        column: &mut Vec<(u32, f64)>,
    ) -> f64 {
        let last = *self.model.objectives.last().expect("an objective");
        column.clear();
        self.writer.write(u, v, column);
        let mut rc = arc_cost(self.model, last, u, v, km);
        for &(row, a) in column.iter() {
            rc -= a * self.duals[row as usize];
        }
        for &(i, y) in &self.bounds {
            rc -= arc_cost(self.model, self.model.objectives[i], u, v, km) * y;
        }
        rc
    }

    /// Reduced cost of every arc of a network.
    pub fn all(&self, network: &Network) -> Vec<f64> {
        let mut column = Vec::new();
        (0..network.len())
            .map(|a| {
                let (u, v) = network.arc(a);
                let km = if self.model.pipe_cost > 0.0 {
                    network.length(self.model, a)
                } else {
                    0.0
                };
                self.reduced_cost(u, v, km, &mut column)
            })
            .collect()
    }
}
