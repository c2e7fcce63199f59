//! Synthetic parks with the structure of real ones, for the benchmark matrix
//! (`examples/matrix/`): what [`super::SyntheticPark`] parks lack and parks
//! generated elsewhere have.
//!
//! - two intakes: a clean, dear one without a cap (`FW-CLEAN`) and a
//!   dirtier, cheap one capped at ~15 % of demand (`FW-CHEAP`);
//! - 8-20 treatment units of four archetypes (RO, MBR, biological,
//!   physical) with recoveries 0.70-0.99, whose rejects all go to one
//!   concentrate outfall; treatment capacity ~45 % of all effluent;
//! - three outfalls: the sewer (takes any raw effluent), the river (strict
//!   limits, a load cap) and the concentrate outfall (lenient limits, a high
//!   fee);
//! - ids by enterprise (`E0012.S2`, `E0012.D1`); stream quality correlated
//!   within an enterprise (an enterprise has a level per contaminant class,
//!   its streams vary +-30 % around it);
//! - a share of sinks refusing the effluents of 1-3 other enterprises:
//!   exact-id `[[forbid]]` rules, one per refused source.
//!
//! Feasible for every seed by default: the clean intake is uncapped and at least 2.5
//! times cleaner than every sink limit, the sewer takes every raw effluent,
//! everything else is optional. Deterministic like `synth` (ChaCha8, IEEE
//! arithmetic only, figures rounded to 3 significant digits).

use super::{contaminant, round_to, sig3, sig3_up, Class, INDUSTRIES};
use crate::scenario::{
    Discharge, Enterprise, Forbid, Intake, ObjectiveSpec, OneOrMany, Park, PerContaminant,
    Scenario, Sink, Source, Treatment,
};
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::fmt;

/// The families of the benchmark matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// Dirty effluents, cheap clean water: little direct reuse.
    SparseReuse,
    /// Cleaner effluents, dear water: much direct reuse and treatment.
    HeavyReuse,
    /// Effluents too dirty to reuse raw, dear water and sewer, cheap
    /// treatment: the optimum treats up to capacity.
    TreatmentDominated,
    /// Heavy reuse where 40 % of sinks refuse 2-5 other enterprises.
    ForbidHeavy,
}

impl Shape {
    /// Every family of the matrix.
    pub const ALL: [Shape; 4] = [
        Shape::SparseReuse,
        Shape::HeavyReuse,
        Shape::TreatmentDominated,
        Shape::ForbidHeavy,
    ];

    /// `sparse`, `heavy`, `treatment`, `forbid`.
    pub fn name(self) -> &'static str {
        match self {
            Shape::SparseReuse => "sparse",
            Shape::HeavyReuse => "heavy",
            Shape::TreatmentDominated => "treatment",
            Shape::ForbidHeavy => "forbid",
        }
    }

    /// Parses a [`Shape::name`] (or the long names, `-` or `_`).
    pub fn parse(text: &str) -> Option<Shape> {
        let t = text.trim().to_ascii_lowercase().replace('_', "-");
        Shape::ALL.into_iter().find(|s| {
            t == s.name()
                || t == format!("{}-reuse", s.name())
                || t == format!("{}-dominated", s.name())
                || t == format!("{}-heavy", s.name())
        })
    }

    fn params(self) -> Params {
        let heavy = Params {
            source: [(0.1, 1.2), (0.5, 4.0)],
            sink: [(0.2, 1.5), (0.1, 1.0)],
            price: [7.0, 3.0],
            fee: [3.0, 0.5, 20.0],
            opex: 0.6,
            refusing: 0.10,
            refused: (1, 3),
        };
        match self {
            Shape::SparseReuse => Params {
                source: [(0.8, 6.0), (0.8, 6.0)],
                sink: [(0.05, 0.6), (0.05, 0.6)],
                price: [3.0, 1.2],
                fee: [1.0, 0.3, 15.0],
                opex: 1.5,
                ..heavy
            },
            Shape::HeavyReuse => heavy,
            Shape::TreatmentDominated => Params {
                source: [(1.0, 5.0), (1.5, 6.0)],
                sink: [(0.05, 0.4), (0.03, 0.3)],
                price: [9.0, 4.0],
                fee: [6.0, 0.8, 12.0],
                opex: 0.4,
                ..heavy
            },
            Shape::ForbidHeavy => Params {
                refusing: 0.40,
                refused: (2, 5),
                ..heavy
            },
        }
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Figures of a family: levels as multiples of each contaminant's typical
/// scale, [salts, organics and particulates]; prices CNY/t.
#[derive(Debug, Clone, Copy)]
struct Params {
    source: [(f64, f64); 2],
    sink: [(f64, f64); 2],
    /// Clean and cheap intake.
    price: [f64; 2],
    /// Sewer, river, concentrate outfall.
    fee: [f64; 3],
    /// Multiplier on the archetypes' opex.
    opex: f64,
    /// Share of sinks refusing other enterprises' effluents.
    refusing: f64,
    /// How many enterprises such a sink refuses.
    refused: (usize, usize),
}

/// A structured synthetic park: counts, family, seed and knobs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StructuredPark {
    /// Effluents.
    pub sources: usize,
    /// Demands.
    pub sinks: usize,
    /// Contaminants (4-8 in the matrix; the first eight are named).
    pub contaminants: usize,
    /// Which family.
    pub shape: Shape,
    /// Generator seed.
    pub seed: u64,
    /// Enterprises (default: sources / 3).
    pub enterprises: usize,
    /// Treatment units (default: streams / 100, within 8-20).
    pub treatments: usize,
    /// Cap of the cheap intake, share of total demand (0.15).
    pub cheap_intake_share: f64,
    /// Cap of the clean intake, share of total demand (`None`, the default:
    /// uncapped). A cap can make reuse necessary (the first priced master
    /// then needs phase one) or the park infeasible.
    pub clean_intake_share: Option<f64>,
    /// Total treatment capacity, share of total effluent (0.45).
    pub treatment_share: f64,
}

impl StructuredPark {
    /// A park of the given counts and family, seed 42, default knobs.
    pub fn new(sources: usize, sinks: usize, contaminants: usize, shape: Shape) -> Self {
        StructuredPark {
            sources,
            sinks,
            contaminants: contaminants.max(1),
            shape,
            seed: super::DEFAULT_SEED,
            enterprises: (sources / 3).max(1),
            treatments: (sources.max(sinks) / 100).clamp(8, 20),
            cheap_intake_share: 0.15,
            clean_intake_share: None,
            treatment_share: 0.45,
        }
    }

    /// `SOURCESxSINKSxCONTAMINANTS` in a family.
    pub fn parse(size: &str, shape: Shape) -> Result<Self, super::SizeError> {
        let p = super::SyntheticPark::parse_size(size)?;
        Ok(StructuredPark::new(
            p.sources,
            p.sinks,
            p.contaminants,
            shape,
        ))
    }

    /// The same park with another seed.
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// `500x500x4`.
    pub fn size_label(&self) -> String {
        format!("{}x{}x{}", self.sources, self.sinks, self.contaminants)
    }

    /// Generates the scenario (objective: cost).
    pub fn scenario(&self) -> Scenario {
        Builder::new(self).run()
    }
}

impl fmt::Display for StructuredPark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} (seed {})",
            self.size_label(),
            self.shape,
            self.seed
        )
    }
}

/// A treatment archetype: id, recovery range, outlet per class (x scale),
/// opex CNY/t, inlet limit on particulates (x scale) if any.
struct Archetype {
    id: &'static str,
    recovery: (f64, f64),
    outlet: fn(Class) -> f64,
    opex: f64,
    inlet_particulate: Option<f64>,
}

const ARCHETYPES: [Archetype; 4] = [
    Archetype {
        id: "RO",
        recovery: (0.70, 0.80),
        outlet: |c| match c {
            Class::Salt => 0.03,
            _ => 0.01,
        },
        opex: 4.0,
        inlet_particulate: Some(1.0),
    },
    Archetype {
        id: "MBR",
        recovery: (0.90, 0.95),
        outlet: |c| match c {
            Class::Salt => 0.6,
            Class::Organic => 0.04,
            Class::Particulate => 0.02,
        },
        opex: 2.5,
        inlet_particulate: None,
    },
    Archetype {
        id: "BIO",
        recovery: (0.97, 0.99),
        outlet: |c| match c {
            Class::Salt => 0.7,
            Class::Organic => 0.1,
            Class::Particulate => 0.2,
        },
        opex: 1.5,
        inlet_particulate: None,
    },
    Archetype {
        id: "PHYS",
        recovery: (0.95, 0.99),
        outlet: |c| match c {
            Class::Particulate => 0.05,
            _ => 0.8,
        },
        opex: 0.8,
        inlet_particulate: None,
    },
];

const SEWER: &str = "SEWER";
const RIVER: &str = "RIVER";
const CONCENTRATE: &str = "CONC";

/// Sink limits are at least this many times the clean intake's concentration.
const FRESH_MARGIN: f64 = 2.5;

struct Builder<'p> {
    park: &'p StructuredPark,
    params: Params,
    rng: ChaCha8Rng,
    names: Vec<String>,
    scales: Vec<f64>,
    classes: Vec<Class>,
}

impl<'p> Builder<'p> {
    fn new(park: &'p StructuredPark) -> Self {
        let (mut names, mut scales, mut classes) = (Vec::new(), Vec::new(), Vec::new());
        for k in 0..park.contaminants.max(1) {
            let (name, scale, class) = contaminant(k);
            names.push(name);
            scales.push(scale);
            classes.push(class);
        }
        Builder {
            park,
            params: park.shape.params(),
            // A stream of its own: never the same numbers as `SyntheticPark`.
            rng: ChaCha8Rng::seed_from_u64(park.seed ^ 0x5EED_57C7_0000_0000),
            names,
            scales,
            classes,
        }
    }

    fn unit(&mut self) -> f64 {
        (self.rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    fn uniform(&mut self, (lo, hi): (f64, f64)) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    fn skewed(&mut self, (lo, hi): (f64, f64)) -> f64 {
        let u = self.unit();
        lo + (hi - lo) * u * u
    }

    fn index(&mut self, n: usize) -> usize {
        (((self.rng.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    fn per_contaminant(&self, values: impl IntoIterator<Item = f64>) -> PerContaminant {
        self.names.iter().cloned().zip(values).collect()
    }

    fn class_index(&self, k: usize) -> usize {
        usize::from(self.classes[k] != Class::Salt)
    }

    #[allow(clippy::needless_update)]
    fn run(mut self) -> Scenario {
        let p = self.park;
        let nc = self.names.len();
        let ne = p.enterprises.max(1);
        let we = ne.to_string().len();
        let side = round_to((0.7 * (ne as f64).sqrt()).clamp(2.0, 25.0), 0.1);
        let enterprises: Vec<Enterprise> = (0..ne)
            .map(|e| Enterprise {
                id: format!("E{e:0we$}"),
                industry: INDUSTRIES[self.index(INDUSTRIES.len())].to_string(),
                location: Some([
                    round_to(self.uniform((0.0, side)), 0.01),
                    round_to(self.uniform((0.0, side)), 0.01),
                ]),
                recirculation: None,
                ..Default::default()
            })
            .collect();
        // Each enterprise's level per class: its streams vary around it.
        let (ps, pk) = (self.params.source, self.params.sink);
        let source_level: Vec<[f64; 2]> = (0..ne)
            .map(|_| [self.skewed(ps[0]), self.skewed(ps[1])])
            .collect();
        let sink_level: Vec<[f64; 2]> = (0..ne)
            .map(|_| [self.skewed(pk[0]), self.skewed(pk[1])])
            .collect();
        let owner = |i: usize, n: usize| i * ne / n.max(1);

        let mut count = vec![0usize; ne];
        let mut source_owner = Vec::with_capacity(p.sources);
        let sources: Vec<Source> = (0..p.sources)
            .map(|i| {
                let e = owner(i, p.sources);
                count[e] += 1;
                source_owner.push(e);
                let flow = round_to(self.skewed((5.0, 100.0)), 0.1);
                let conc: Vec<f64> = (0..nc)
                    .map(|k| {
                        let level = source_level[e][self.class_index(k)];
                        sig3(self.scales[k] * level * self.uniform((0.7, 1.3)))
                    })
                    .collect();
                Source {
                    id: format!("{}.S{}", enterprises[e].id, count[e]),
                    enterprise: Some(enterprises[e].id.clone()),
                    flow,
                    conc: self.per_contaminant(conc),
                    ..Default::default()
                }
            })
            .collect();
        let total_effluent: f64 = sources.iter().map(|s| s.flow).sum::<f64>().max(1.0);

        let clean: Vec<f64> = self.scales.iter().map(|s| s * 0.02).collect();
        let mut count = vec![0usize; ne];
        let mut sink_owner = Vec::with_capacity(p.sinks);
        let sinks: Vec<Sink> = (0..p.sinks)
            .map(|i| {
                let e = owner(i, p.sinks);
                count[e] += 1;
                sink_owner.push(e);
                let flow = round_to(1.1 * self.skewed((5.0, 100.0)), 0.1);
                let always = self.index(nc);
                let mut max_conc = PerContaminant::new();
                for k in 0..nc {
                    let limited = k == always || self.unit() < 0.85;
                    let level = sink_level[e][self.class_index(k)];
                    let limit = self.scales[k] * level * self.uniform((0.7, 1.3));
                    if limited {
                        let floor = FRESH_MARGIN * clean[k];
                        max_conc.insert(self.names[k].clone(), sig3_up(limit.max(floor)));
                    }
                }
                Sink {
                    id: format!("{}.D{}", enterprises[e].id, count[e]),
                    enterprise: Some(enterprises[e].id.clone()),
                    flow: Some(flow),
                    max_conc,
                    ..Default::default()
                }
            })
            .collect();
        let total_demand: f64 = sinks.iter().filter_map(|s| s.flow).sum::<f64>().max(1.0);

        let intakes = vec![
            Intake {
                id: "FW-CLEAN".into(),
                kind: "tap".into(),
                conc: self.per_contaminant(clean.iter().map(|&c| sig3(c))),
                price: Some(self.params.price[0]),
                max_flow: p
                    .clean_intake_share
                    .map(|share| round_to(share * total_demand, 1.0)),
                location: Some([0.0, round_to(self.uniform((0.0, side)), 0.01)]),
                ..Default::default()
            },
            Intake {
                id: "FW-CHEAP".into(),
                kind: "surface".into(),
                conc: self.per_contaminant(self.scales.iter().map(|s| sig3(s * 0.25))),
                price: Some(self.params.price[1]),
                max_flow: Some(round_to(p.cheap_intake_share * total_demand, 1.0)),
                location: Some([0.0, round_to(self.uniform((0.0, side)), 0.01)]),
                ..Default::default()
            },
        ];

        // Capacity shares: random weights over the units, summing to the knob.
        let weights: Vec<f64> = (0..p.treatments)
            .map(|_| self.uniform((0.5, 1.5)))
            .collect();
        let weight_sum: f64 = weights.iter().sum::<f64>().max(1e-9);
        let treatments: Vec<Treatment> = (0..p.treatments)
            .map(|j| {
                let a = &ARCHETYPES[j % ARCHETYPES.len()];
                let outlet: Vec<f64> = (0..nc)
                    .map(|k| sig3(self.scales[k] * (a.outlet)(self.classes[k])))
                    .collect();
                let max_inlet: PerContaminant = match a.inlet_particulate {
                    Some(x) => (0..nc)
                        .filter(|&k| self.classes[k] == Class::Particulate)
                        .map(|k| (self.names[k].clone(), sig3(self.scales[k] * x)))
                        .collect(),
                    None => PerContaminant::new(),
                };
                let recovery = round_to(self.uniform(a.recovery), 0.01);
                let capacity = p.treatment_share * total_effluent * weights[j] / weight_sum;
                Treatment {
                    id: format!("{}{}", a.id, j / ARCHETYPES.len() + 1),
                    enterprise: None,
                    kind: Some(a.id.to_string()),
                    outlet_conc: self.per_contaminant(outlet),
                    recovery: Some(recovery),
                    max_flow: Some(round_to(capacity.max(1.0), 1.0)),
                    opex: Some(sig3(a.opex * self.params.opex * self.uniform((0.8, 1.2)))),
                    max_inlet_conc: max_inlet,
                    reject_to: Some(CONCENTRATE.to_string()),
                    location: Some([
                        round_to(self.uniform((0.3, 0.7)) * side, 0.01),
                        round_to(self.uniform((0.3, 0.7)) * side, 0.01),
                    ]),
                    ..Default::default()
                }
            })
            .collect();

        let dirtiest: Vec<f64> = (0..nc)
            .map(|k| {
                sources
                    .iter()
                    .map(|s| s.conc[&self.names[k]])
                    .fold(self.scales[k], f64::max)
            })
            .collect();
        let river_limit: Vec<f64> = (0..nc)
            .map(|k| {
                let share = if self.classes[k] == Class::Salt {
                    0.8
                } else {
                    0.3
                };
                sig3(self.scales[k] * share)
            })
            .collect();
        let load_k = (0..nc)
            .find(|&k| self.classes[k] == Class::Organic)
            .unwrap_or(0);
        let river_load = sig3(1e-3 * river_limit[load_k] * 0.2 * total_effluent);
        let fee = self.params.fee;
        let discharges = vec![
            Discharge {
                id: SEWER.into(),
                kind: Some("sewer".into()),
                max_conc: self.per_contaminant(dirtiest.iter().map(|&d| sig3_up(1.05 * d))),
                fee: Some(fee[0]),
                location: Some([side, round_to(self.uniform((0.0, side)), 0.01)]),
                ..Default::default()
            },
            Discharge {
                id: RIVER.into(),
                kind: Some("river".into()),
                max_conc: self.per_contaminant(river_limit.clone()),
                max_load: [(self.names[load_k].clone(), river_load)]
                    .into_iter()
                    .collect(),
                fee: Some(fee[1]),
                location: Some([side, round_to(self.uniform((0.0, side)), 0.01)]),
                ..Default::default()
            },
            Discharge {
                id: CONCENTRATE.into(),
                kind: Some("zld".into()),
                max_conc: self.per_contaminant(dirtiest.iter().map(|&d| sig3_up(60.0 * d))),
                fee: Some(fee[2]),
                location: Some([side, round_to(self.uniform((0.0, side)), 0.01)]),
                ..Default::default()
            },
        ];

        // Refusals: a sink refuses every source of a few other enterprises.
        let mut by_enterprise: Vec<Vec<usize>> = vec![Vec::new(); ne];
        for (i, &e) in source_owner.iter().enumerate() {
            by_enterprise[e].push(i);
        }
        let mut forbid = Vec::new();
        let (lo, hi) = self.params.refused;
        for (k, sink) in sinks.iter().enumerate() {
            if ne < 2 || self.unit() >= self.params.refusing {
                continue;
            }
            let n = lo + self.index(hi - lo + 1);
            let mut refused: Vec<usize> = Vec::new();
            for _ in 0..n {
                let e = self.index(ne);
                if e != sink_owner[k] && !refused.contains(&e) {
                    refused.push(e);
                }
            }
            refused.sort_unstable();
            for e in refused {
                for &i in &by_enterprise[e] {
                    forbid.push(Forbid {
                        from: sources[i].id.clone(),
                        to: sink.id.clone(),
                        reason: Some(format!("refuses {}'s effluent", enterprises[e].id)),
                    });
                }
            }
        }

        Scenario {
            contaminants: self.names.clone(),
            park: Park {
                name: format!("structured {p}"),
                description: Some(format!(
                    "Generated by parkwater_core::synth::StructuredPark: {ne} enterprises, \
                     {} sources, {} sinks, {nc} contaminants, {} treatments, family {}, seed {}.",
                    p.sources, p.sinks, p.treatments, p.shape, p.seed
                )),
                flow_unit: None,
                hours_per_year: None,
                pipe_cost: Some(0.05),
            },
            enterprises,
            intakes,
            sources,
            sinks,
            treatments,
            discharges,
            forbid,
            policy: None,
            objective: Some(ObjectiveSpec {
                minimize: OneOrMany::One("cost".to_string()),
                tolerance: None,
            }),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SolveOptions, Status};

    #[test]
    fn structure_is_as_described() {
        let s = StructuredPark::new(300, 300, 6, Shape::HeavyReuse).scenario();
        assert_eq!(s.intakes.len(), 2);
        assert!(s.intakes[0].max_flow.is_none() && s.intakes[1].max_flow.is_some());
        assert!(s.intakes[1].price < s.intakes[0].price);
        assert_eq!(s.treatments.len(), 8);
        assert!(s
            .treatments
            .iter()
            .all(|t| t.reject_to.as_deref() == Some(CONCENTRATE)));
        let recoveries: Vec<f64> = s.treatments.iter().filter_map(|t| t.recovery).collect();
        assert!(recoveries.iter().all(|r| (0.70..=0.99).contains(r)));
        assert_eq!(s.discharges.len(), 3);
        let effluent: f64 = s.sources.iter().map(|x| x.flow).sum();
        let capacity: f64 = s.treatments.iter().filter_map(|t| t.max_flow).sum();
        assert!(
            (capacity / effluent - 0.45).abs() < 0.02,
            "{capacity} / {effluent}"
        );
        // ~10 % of sinks refuse someone, by exact ids.
        let refusing: std::collections::BTreeSet<&str> =
            s.forbid.iter().map(|f| f.to.as_str()).collect();
        assert!((15..=45).contains(&refusing.len()), "{}", refusing.len());
        assert!(s.forbid.iter().all(|f| !f.from.contains('*')));
        let forbid = StructuredPark::new(300, 300, 6, Shape::ForbidHeavy).scenario();
        assert!(forbid.forbid.len() > 4 * s.forbid.len());
        assert_eq!(
            s,
            StructuredPark::new(300, 300, 6, Shape::HeavyReuse).scenario()
        );
        assert!(s.validate().is_ok());
        assert_eq!(
            Shape::parse("treatment-dominated"),
            Some(Shape::TreatmentDominated)
        );
        assert_eq!(Shape::parse("forbid"), Some(Shape::ForbidHeavy));
        assert_eq!(Shape::parse("heavy-reuse"), Some(Shape::HeavyReuse));
        assert_eq!(Shape::parse("dense"), None);
    }

    #[test]
    fn every_family_solves_and_verifies() {
        for shape in Shape::ALL {
            for seed in [1, 2] {
                let park = StructuredPark::new(30, 30, 4, shape).with_seed(seed);
                let model = park.scenario().validate().unwrap();
                let report = crate::solve(&model, &SolveOptions::default()).unwrap();
                assert_eq!(report.status, Status::Optimal, "{park}");
                assert!(report.verification.passed(), "{park}");
            }
        }
    }
}
