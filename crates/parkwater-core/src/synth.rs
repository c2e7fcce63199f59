//! Deterministic synthetic parks for benchmarks and tests.
//!
//! [`SyntheticPark`] describes a park by its counts, a [`Family`] and a seed;
//! [`SyntheticPark::scenario`] turns that into a [`Scenario`] (the file
//! schema, so a benchmark can serialize it to TOML or JSON and time parsing
//! it back). Every supply may feed every demand: there are no `[[forbid]]`
//! rules and no `accepts` lists, so the LP has (intakes + sources +
//! treatments) x (sinks + treatments + discharges) arcs, less the
//! intake -> discharge and unit -> itself arcs the model never allows.
//!
//! # Determinism
//!
//! The generator draws from `ChaCha8Rng::seed_from_u64(seed)` and turns raw
//! 64-bit words into numbers with integer arithmetic and the four IEEE
//! operations only (no `exp`, `ln`, `powf`, whose last bit differs between
//! platforms' maths libraries), then rounds every figure to a few significant
//! digits. The same park therefore gives the same scenario, byte for byte
//! once serialized, on every platform.
//!
//! # Feasibility
//!
//! Every generated park is feasible, whatever the seed:
//! - the first intake (`FW-TAP`) has no permit cap and is at least 2.5 times
//!   cleaner than every sink limit, so fresh water alone can meet every demand;
//! - the first discharge (`SEWER`) accepts every raw effluent: its limits are
//!   above the dirtiest source for every contaminant and it has no load cap,
//!   so every source can be sent there;
//! - treatments, the second and third intakes and the river are optional
//!   (capacities and caps are upper bounds only), and no policy row is set.
//!
//! The treatments respect the model's rule that a unit cannot add
//! contaminant only where it is fed a suitable mix: the LP itself enforces
//! `inlet mass >= recovery x inflow x outlet_conc`, and a unit left idle
//! satisfies it trivially.

pub mod found;
mod structured;

pub use structured::{Shape, StructuredPark};

use crate::scenario::{
    Discharge, Enterprise, Intake, ObjectiveSpec, OneOrMany, Park, PerContaminant, Scenario, Sink,
    Source, Treatment,
};
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use std::fmt;

/// Seed used by the named sizes unless another is given.
pub const DEFAULT_SEED: u64 = 42;

/// Which kind of park to generate; see each variant for its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// Dirty effluents, cheap clean freshwater, little reuse possible.
    ///
    /// Effluents run at 0.8-6 x each contaminant's typical scale (salts and
    /// organics alike; TDS up to about 8 000 mg/L), sinks allow 0.05-0.6 x
    /// that scale, so an effluent can enter a sink only at heavy dilution and
    /// only a few per cent of the arcs are ever worth using. Freshwater costs
    /// 1.2-3.2 CNY/t, the sewer fee is 1 CNY/t and treatment opex is high
    /// (WWTP 3.5, RO 6, MBR 4.5, UF 3, MVR 30 CNY/t of inflow): the park WWTP
    /// is about the only unit worth running. On the 150x150x4 park the optimum
    /// reuses about 30 % of the water. This is the family the arc-pricing
    /// prototype of PRICING.md was measured on.
    #[default]
    SparseReuse,
    /// Cleaner effluents, dearer freshwater, treatment worth using.
    ///
    /// Effluent salts run at 0.1-1.2 x the typical scale, organics and
    /// particulates at 0.5-4 x; sinks allow 0.2-1.5 x for salts and 0.1-1 x
    /// for the rest, so many effluents can be reused directly and most of the
    /// others after biological treatment. Freshwater costs 4-8 CNY/t, the
    /// sewer fee is 3 CNY/t and treatment opex is moderate (WWTP 1.2, RO 2.5,
    /// MBR 1.8, UF 1, MVR 18 CNY/t). RO (recovery 0.75) and MBR (0.95) send
    /// their reject to the sewer, whose limits are only just above the
    /// dirtiest effluent, so a concentrated reject must be diluted there; UF
    /// (0.9) rejects into the river, which has tight limits and a COD load
    /// cap. Treatment capacities, reject-mass and discharge-quality rows bind;
    /// the optimum reuses about 75 % of the water. The LP is much harder for
    /// simplex and for arc pricing (PRICING.md).
    HeavyReuse,
}

impl Family {
    /// Both families.
    pub const ALL: [Family; 2] = [Family::SparseReuse, Family::HeavyReuse];

    /// `sparse-reuse` or `heavy-reuse`.
    pub fn name(self) -> &'static str {
        match self {
            Family::SparseReuse => "sparse-reuse",
            Family::HeavyReuse => "heavy-reuse",
        }
    }

    /// Parses `sparse`, `sparse-reuse`, `heavy`, `heavy-reuse` (case and `_`
    /// insensitive).
    pub fn parse(text: &str) -> Option<Family> {
        match text.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "sparse" | "sparse-reuse" | "sparsereuse" => Some(Family::SparseReuse),
            "heavy" | "heavy-reuse" | "heavyreuse" => Some(Family::HeavyReuse),
            _ => None,
        }
    }

    fn params(self) -> Params {
        match self {
            Family::SparseReuse => Params {
                source_salt: (0.8, 6.0),
                source_organic: (0.8, 6.0),
                sink_salt: (0.05, 0.6),
                sink_organic: (0.05, 0.6),
                intake_price: [3.2, 2.0, 1.2],
                sewer_fee: 1.0,
                river_fee: 0.3,
                opex: [3.5, 6.0, 4.5, 3.0, 30.0],
            },
            Family::HeavyReuse => Params {
                source_salt: (0.1, 1.2),
                source_organic: (0.5, 4.0),
                sink_salt: (0.2, 1.5),
                sink_organic: (0.1, 1.0),
                intake_price: [8.0, 6.0, 4.0],
                sewer_fee: 3.0,
                river_fee: 0.5,
                opex: [1.2, 2.5, 1.8, 1.0, 18.0],
            },
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Numbers that differ between the families (concentrations as multiples of
/// each contaminant's typical scale, prices in CNY/t).
struct Params {
    /// Range of a source's salt level.
    source_salt: (f64, f64),
    /// Range of a source's organic and particulate level.
    source_organic: (f64, f64),
    /// Range of a sink's salt limits.
    sink_salt: (f64, f64),
    /// Range of a sink's organic and particulate limits.
    sink_organic: (f64, f64),
    /// Price of the tap, surface and reclaimed intakes.
    intake_price: [f64; 3],
    sewer_fee: f64,
    river_fee: f64,
    /// Opex of WWTP, RO, MBR, UF, MVR.
    opex: [f64; 5],
}

/// A synthetic park: counts, family and seed. [`SyntheticPark::scenario`]
/// generates it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyntheticPark {
    /// Enterprises owning the sources and sinks (at least 1).
    pub enterprises: usize,
    /// Effluents.
    pub sources: usize,
    /// Demands.
    pub sinks: usize,
    /// Contaminants (the first eight are TDS, COD, SS, Cl, NH3N, Oil,
    /// Hardness, SiO2; more are named C9, C10, ...). At least 1.
    pub contaminants: usize,
    /// Regeneration units, cycling WWTP, RO, MBR, UF, MVR.
    pub treatments: usize,
    /// Freshwater intakes, cycling tap (uncapped), surface, reclaimed. At least 1.
    pub intakes: usize,
    /// Which kind of park.
    pub family: Family,
    /// Seed of the generator.
    pub seed: u64,
}

/// Why a size string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a park size: write SOURCESxSINKSxCONTAMINANTS, e.g. 500x500x4")]
pub struct SizeError(pub String);

impl SyntheticPark {
    /// A park of `sources` effluents, `sinks` demands and `contaminants`
    /// contaminants, sparse-reuse family, seed [`DEFAULT_SEED`], with the
    /// other counts chosen as in PRICING.md's parks:
    /// enterprises = sources / 2.5 below 1 500 sources and sources / 3 from
    /// there (500 -> 200, 1 500 -> 500), treatments 3 below 200 streams,
    /// 4 below 1 000, then 5; intakes 2 below 200 streams, then 3.
    pub fn size(sources: usize, sinks: usize, contaminants: usize) -> SyntheticPark {
        let streams = sources.max(sinks);
        let enterprises = if sources >= 1500 {
            sources / 3
        } else {
            (sources * 2 + 2) / 5
        };
        SyntheticPark {
            enterprises: enterprises.max(1),
            sources,
            sinks,
            contaminants: contaminants.max(1),
            treatments: match streams {
                0..200 => 3,
                200..1000 => 4,
                _ => 5,
            },
            intakes: if streams < 200 { 2 } else { 3 },
            family: Family::SparseReuse,
            seed: DEFAULT_SEED,
        }
    }

    /// Parses `SOURCESxSINKSxCONTAMINANTS` (e.g. `500x500x4`) into [`SyntheticPark::size`].
    pub fn parse_size(text: &str) -> Result<SyntheticPark, SizeError> {
        let parts: Vec<&str> = text.trim().split(['x', 'X']).collect();
        let numbers: Option<Vec<usize>> = parts.iter().map(|p| p.trim().parse().ok()).collect();
        match numbers.as_deref() {
            Some(&[sources, sinks, contaminants]) if contaminants > 0 => {
                Ok(SyntheticPark::size(sources, sinks, contaminants))
            }
            _ => Err(SizeError(text.to_string())),
        }
    }

    /// The same park in another family.
    pub fn with_family(mut self, family: Family) -> SyntheticPark {
        self.family = family;
        self
    }

    /// The same park with another seed.
    pub fn with_seed(mut self, seed: u64) -> SyntheticPark {
        self.seed = seed;
        self
    }

    /// `500x500x4`.
    pub fn size_label(&self) -> String {
        format!("{}x{}x{}", self.sources, self.sinks, self.contaminants)
    }

    /// Generates the park's scenario (objective: cost).
    pub fn scenario(&self) -> Scenario {
        Generator::new(self).run()
    }
}

/// What a sweep varies from one variant of a park to the next: the knobs of
/// the sweep benchmarks (`examples/pricing.rs sweep`) and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Knob {
    /// Every intake's price, +10 % a step.
    Price,
    /// Every sink's concentration limits, -4 % a step.
    Limit,
    /// Every treatment unit's capacity, 60 % of the park's then +10 % a step.
    Capacity,
}

impl Knob {
    /// `price`, `limit` or `capacity`.
    pub fn parse(text: &str) -> Option<Knob> {
        match text {
            "price" => Some(Knob::Price),
            "limit" => Some(Knob::Limit),
            "capacity" => Some(Knob::Capacity),
            _ => None,
        }
    }

    /// Variant `step` of `base` (step 0 is the base itself, except for
    /// capacities, which start at 60 %).
    pub fn variant(self, base: &Scenario, step: usize) -> Scenario {
        let mut s = base.clone();
        let step = step as f64;
        match self {
            Knob::Price => {
                for intake in &mut s.intakes {
                    intake.price = intake.price.map(|p| p * (1.0 + 0.1 * step));
                }
            }
            Knob::Limit => {
                for sink in &mut s.sinks {
                    sink.max_conc
                        .values_mut()
                        .for_each(|c| *c *= 1.0 - 0.04 * step);
                }
            }
            Knob::Capacity => {
                for unit in &mut s.treatments {
                    unit.max_flow = unit.max_flow.map(|c| c * (0.6 + 0.1 * step));
                }
            }
        }
        s
    }
}

impl fmt::Display for SyntheticPark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} (seed {})",
            self.size_label(),
            self.family,
            self.seed
        )
    }
}

/// How a contaminant behaves in treatment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Dissolved salts: only RO and evaporation remove them.
    Salt,
    /// Organics and nutrients: biological units remove them.
    Organic,
    /// Particulates and oil: membranes (UF) remove them too.
    Particulate,
}

/// Name, typical scale (mg/L) and class of the first contaminants.
const CONTAMINANTS: [(&str, f64, Class); 8] = [
    ("TDS", 1000.0, Class::Salt),
    ("COD", 150.0, Class::Organic),
    ("SS", 60.0, Class::Particulate),
    ("Cl", 300.0, Class::Salt),
    ("NH3N", 20.0, Class::Organic),
    ("Oil", 10.0, Class::Particulate),
    ("Hardness", 250.0, Class::Salt),
    ("SiO2", 40.0, Class::Salt),
];

fn contaminant(k: usize) -> (String, f64, Class) {
    match CONTAMINANTS.get(k) {
        Some(&(name, scale, class)) => (name.to_string(), scale, class),
        None => {
            let class = [Class::Salt, Class::Organic, Class::Particulate][k % 3];
            (format!("C{}", k + 1), [500.0, 100.0, 30.0][k % 3], class)
        }
    }
}

/// Industries an enterprise is drawn from.
const INDUSTRIES: [&str; 8] = [
    "petrochemical",
    "textile dyeing",
    "pulp and paper",
    "electroplating",
    "pharmaceutical",
    "food processing",
    "power",
    "semiconductor",
];

/// A treatment template: id, kind, recovery, outlet (x scale) per class,
/// capacity (share of total effluent), reject discharge.
struct UnitTemplate {
    id: &'static str,
    recovery: f64,
    outlet: fn(Class) -> f64,
    capacity: f64,
    reject_to: Option<&'static str>,
}

const SEWER: &str = "SEWER";
const RIVER: &str = "RIVER";

const UNITS: [UnitTemplate; 5] = [
    UnitTemplate {
        id: "WWTP",
        recovery: 1.0,
        outlet: |c| match c {
            Class::Salt => 0.4,
            _ => 0.08,
        },
        capacity: 0.25,
        reject_to: None,
    },
    UnitTemplate {
        id: "RO",
        recovery: 0.75,
        outlet: |c| match c {
            Class::Salt => 0.03,
            _ => 0.01,
        },
        capacity: 0.2,
        reject_to: Some(SEWER),
    },
    UnitTemplate {
        id: "MBR",
        recovery: 0.95,
        outlet: |c| match c {
            Class::Salt => 0.3,
            _ => 0.04,
        },
        capacity: 0.2,
        reject_to: Some(SEWER),
    },
    UnitTemplate {
        id: "UF",
        recovery: 0.9,
        outlet: |c| match c {
            Class::Particulate => 0.02,
            _ => 0.3,
        },
        capacity: 0.15,
        reject_to: Some(RIVER),
    },
    UnitTemplate {
        id: "MVR",
        recovery: 1.0,
        outlet: |_| 0.005,
        capacity: 0.05,
        reject_to: None,
    },
];

/// Intake templates: id suffix, kind, concentration (x scale), permit (share of
/// total demand; none for the first).
const INTAKES: [(&str, &str, f64, Option<f64>); 3] = [
    ("TAP", "tap", 0.02, None),
    ("SURFACE", "surface", 0.08, Some(0.4)),
    ("RECLAIMED", "reclaimed", 0.2, Some(0.2)),
];

/// Sink limits are at least this many times the first intake's concentration.
const FRESH_MARGIN: f64 = 2.5;

struct Generator<'p> {
    park: &'p SyntheticPark,
    params: Params,
    rng: ChaCha8Rng,
    names: Vec<String>,
    scales: Vec<f64>,
    classes: Vec<Class>,
}

impl<'p> Generator<'p> {
    fn new(park: &'p SyntheticPark) -> Self {
        let nc = park.contaminants.max(1);
        let (mut names, mut scales, mut classes) = (Vec::new(), Vec::new(), Vec::new());
        for k in 0..nc {
            let (name, scale, class) = contaminant(k);
            names.push(name);
            scales.push(scale);
            classes.push(class);
        }
        Generator {
            park,
            params: park.family.params(),
            rng: ChaCha8Rng::seed_from_u64(park.seed),
            names,
            scales,
            classes,
        }
    }

    /// Uniform in [0, 1) from 53 random bits (exact, platform independent).
    fn unit(&mut self) -> f64 {
        (self.rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [lo, hi).
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// In [lo, hi), skewed toward lo (u squared): many small, few large,
    /// like a log-uniform draw but with IEEE-exact arithmetic only.
    fn skewed(&mut self, lo: f64, hi: f64) -> f64 {
        let u = self.unit();
        lo + (hi - lo) * u * u
    }

    /// Uniform integer in 0..n.
    fn index(&mut self, n: usize) -> usize {
        // Multiply-shift: unbiased enough for n << 2^32 and platform independent.
        (((self.rng.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    fn per_contaminant(&self, values: impl IntoIterator<Item = f64>) -> PerContaminant {
        self.names.iter().cloned().zip(values).collect()
    }

    // The scenario literal ends in `..Default::default()` so that fields added
    // to the schema later (unused here) need no change to the generator.
    #[allow(clippy::needless_update)]
    fn run(mut self) -> Scenario {
        let p = self.park;
        let nc = self.names.len();
        let ne = p.enterprises.max(1);
        let width = |n: usize| n.max(1).to_string().len();
        let (we, wsr, wsk) = (width(ne), width(p.sources), width(p.sinks));

        // Enterprises on a square park about 0.7 km x sqrt(n) a side.
        let side = round_to((0.7 * sqrt(ne as f64)).clamp(2.0, 25.0), 0.1);
        let enterprises: Vec<Enterprise> = (0..ne)
            .map(|e| Enterprise {
                id: format!("E{e:0we$}"),
                industry: INDUSTRIES[self.index(INDUSTRIES.len())].to_string(),
                location: Some([
                    round_to(self.uniform(0.0, side), 0.01),
                    round_to(self.uniform(0.0, side), 0.01),
                ]),
                recirculation: None,
                ..Default::default()
            })
            .collect();
        // Streams are spread evenly over the enterprises, in blocks.
        let owner = |i: usize, n: usize| Some(enterprises[i * ne / n.max(1)].id.clone());

        let sources: Vec<Source> = (0..p.sources)
            .map(|i| {
                let flow = round_to(self.skewed(5.0, 100.0), 0.1);
                let ((a, b), (c, d)) = (self.params.source_salt, self.params.source_organic);
                let (salt, organic) = (self.skewed(a, b), self.skewed(c, d));
                let conc: Vec<f64> = (0..nc)
                    .map(|k| {
                        let level = if self.classes[k] == Class::Salt {
                            salt
                        } else {
                            organic
                        };
                        sig3(self.scales[k] * level * self.uniform(0.6, 1.4))
                    })
                    .collect();
                Source {
                    id: format!("SR{i:0wsr$}"),
                    enterprise: owner(i, p.sources),
                    flow,
                    conc: self.per_contaminant(conc),
                    ..Default::default()
                }
            })
            .collect();
        let total_effluent: f64 = sources.iter().map(|s| s.flow).sum::<f64>().max(1.0);

        let fresh0: Vec<f64> = self.scales.iter().map(|s| s * INTAKES[0].2).collect();
        let sinks: Vec<Sink> = (0..p.sinks)
            .map(|i| {
                let flow = round_to(1.1 * self.skewed(5.0, 100.0), 0.1);
                let ((a, b), (c, d)) = (self.params.sink_salt, self.params.sink_organic);
                let (salt, organic) = (self.skewed(a, b), self.skewed(c, d));
                // One contaminant is always limited; the others with odds 0.85.
                let always = self.index(nc);
                let mut max_conc = PerContaminant::new();
                for k in 0..nc {
                    let limited = k == always || self.unit() < 0.85;
                    let level = if self.classes[k] == Class::Salt {
                        salt
                    } else {
                        organic
                    };
                    let limit = self.scales[k] * level * self.uniform(0.7, 1.3);
                    if limited {
                        let floor = FRESH_MARGIN * fresh0[k];
                        max_conc.insert(self.names[k].clone(), sig3_up(limit.max(floor)));
                    }
                }
                Sink {
                    id: format!("SK{i:0wsk$}"),
                    enterprise: owner(i, p.sinks),
                    flow: Some(flow),
                    max_conc,
                    ..Default::default()
                }
            })
            .collect();
        let total_demand: f64 = sinks.iter().filter_map(|s| s.flow).sum::<f64>().max(1.0);

        let intakes: Vec<Intake> = (0..p.intakes.max(1))
            .map(|i| {
                let (name, kind, dirt, cap) = INTAKES[i % INTAKES.len()];
                let id = if i < INTAKES.len() {
                    format!("FW-{name}")
                } else {
                    format!("FW-{name}{}", i / INTAKES.len() + 1)
                };
                let conc: Vec<f64> = self.scales.iter().map(|s| sig3(s * dirt)).collect();
                Intake {
                    id,
                    kind: kind.to_string(),
                    conc: self.per_contaminant(conc),
                    price: Some(self.params.intake_price[i % INTAKES.len()]),
                    max_flow: cap.map(|share| round_to(share * total_demand, 1.0)),
                    location: Some([0.0, round_to(self.uniform(0.0, side), 0.01)]),
                    ..Default::default()
                }
            })
            .collect();

        let treatments: Vec<Treatment> = (0..p.treatments)
            .map(|j| {
                let t = &UNITS[j % UNITS.len()];
                let id = if j < UNITS.len() {
                    t.id.to_string()
                } else {
                    format!("{}{}", t.id, j / UNITS.len() + 1)
                };
                let outlet: Vec<f64> = (0..nc)
                    .map(|k| sig3(self.scales[k] * (t.outlet)(self.classes[k])))
                    .collect();
                // RO membranes need pretreated feed: an inlet limit on particulates.
                let max_inlet: Vec<(String, f64)> = if t.id == "RO" {
                    (0..nc)
                        .filter(|&k| self.classes[k] == Class::Particulate)
                        .map(|k| (self.names[k].clone(), sig3(self.scales[k] * 1.5)))
                        .collect()
                } else {
                    Vec::new()
                };
                Treatment {
                    id,
                    enterprise: None,
                    kind: Some(t.id.to_string()),
                    outlet_conc: self.per_contaminant(outlet),
                    recovery: (t.recovery < 1.0).then_some(t.recovery),
                    max_flow: Some(round_to(t.capacity * total_effluent, 1.0)),
                    opex: Some(self.params.opex[j % UNITS.len()]),
                    max_inlet_conc: max_inlet.into_iter().collect(),
                    reject_to: t.reject_to.map(str::to_string),
                    location: Some([
                        round_to(self.uniform(0.3, 0.7) * side, 0.01),
                        round_to(self.uniform(0.3, 0.7) * side, 0.01),
                    ]),
                    ..Default::default()
                }
            })
            .collect();

        // The sewer takes any raw effluent: limits just above the dirtiest source.
        let sewer_limit: Vec<f64> = (0..nc)
            .map(|k| {
                let dirtiest = sources
                    .iter()
                    .map(|s| s.conc[&self.names[k]])
                    .fold(self.scales[k], f64::max);
                sig3_up(1.05 * dirtiest)
            })
            .collect();
        // The river: tight limits and a COD-like load cap.
        let river_limit: Vec<f64> = (0..nc)
            .map(|k| {
                let share = match self.classes[k] {
                    Class::Salt => 1.0,
                    _ => 0.5,
                };
                sig3(self.scales[k] * share)
            })
            .collect();
        let load_k = (0..nc)
            .find(|&k| self.classes[k] == Class::Organic)
            .unwrap_or(0);
        let river_load = sig3(1e-3 * river_limit[load_k] * 0.3 * total_effluent);
        let discharges = vec![
            Discharge {
                id: SEWER.to_string(),
                kind: Some("sewer".to_string()),
                max_conc: self.per_contaminant(sewer_limit),
                fee: Some(self.params.sewer_fee),
                location: Some([side, round_to(self.uniform(0.0, side), 0.01)]),
                ..Default::default()
            },
            Discharge {
                id: RIVER.to_string(),
                kind: Some("river".to_string()),
                max_conc: self.per_contaminant(river_limit),
                max_load: [(self.names[load_k].clone(), river_load)]
                    .into_iter()
                    .collect(),
                fee: Some(self.params.river_fee),
                location: Some([side, round_to(self.uniform(0.0, side), 0.01)]),
                ..Default::default()
            },
        ];

        Scenario {
            contaminants: self.names.clone(),
            park: Park {
                name: format!("synthetic {p}"),
                description: Some(format!(
                    "Generated by parkwater_core::synth: {} enterprises, {} sources, {} sinks, \
                     {} contaminants, {} treatments, {} intakes, family {}, seed {}.",
                    ne,
                    p.sources,
                    p.sinks,
                    nc,
                    p.treatments,
                    p.intakes.max(1),
                    p.family,
                    p.seed
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
            forbid: Vec::new(),
            policy: None,
            objective: Some(ObjectiveSpec {
                minimize: OneOrMany::One("cost".to_string()),
                tolerance: None,
            }),
            ..Default::default()
        }
    }
}

/// Powers of ten, exact in binary from 1 up; their reciprocals are used by
/// division so results are correctly rounded.
const POW10: [f64; 16] = [
    1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// Rounds a positive value to 3 significant digits (0 stays 0), using only
/// exact powers of ten and correctly rounded operations.
fn sig3(x: f64) -> f64 {
    sig3_with(x, f64::round)
}

/// Like [`sig3`] but rounding up, for limits that must stay above a value.
fn sig3_up(x: f64) -> f64 {
    sig3_with(x, f64::ceil)
}

fn sig3_with(x: f64, round: fn(f64) -> f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 0.0;
    }
    // x in [100, 1000) * 10^e, e = decade(x) - 2, with e in -15..=13.
    let mut e: i32 = -15;
    while e < 13 && x >= pow10(e + 3) {
        e += 1;
    }
    if e >= 0 {
        let p = POW10[e as usize];
        round(x / p) * p
    } else {
        let p = POW10[(-e) as usize];
        round(x * p) / p
    }
}

fn pow10(e: i32) -> f64 {
    if e >= 0 {
        POW10[e.min(15) as usize]
    } else {
        1.0 / POW10[(-e).min(15) as usize]
    }
}

/// Rounds to a multiple of `step` (a power of ten, 0.01..=1).
fn round_to(x: f64, step: f64) -> f64 {
    let inverse = (1.0 / step).round();
    (x * inverse).round() / inverse
}

/// IEEE square root (correctly rounded on every platform).
fn sqrt(x: f64) -> f64 {
    x.sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SolveOptions, Status};

    #[test]
    fn same_seed_same_toml() {
        for family in Family::ALL {
            let park = SyntheticPark::size(60, 50, 4).with_family(family);
            assert_eq!(park.scenario().to_toml(), park.scenario().to_toml());
            assert_eq!(park.scenario(), park.clone().scenario());
        }
    }

    /// FNV-1a over the bits of every number of the scenario.
    fn fingerprint(s: &Scenario) -> u64 {
        let mut numbers: Vec<f64> = Vec::new();
        for x in &s.sources {
            numbers.push(x.flow);
            numbers.extend(x.conc.values());
        }
        for x in &s.sinks {
            numbers.extend(x.flow);
            numbers.extend(x.max_conc.values());
        }
        for x in &s.enterprises {
            numbers.extend(x.location.into_iter().flatten());
        }
        for x in &s.treatments {
            numbers.extend(x.outlet_conc.values());
            numbers.extend(x.max_flow);
        }
        for x in &s.discharges {
            numbers.extend(x.max_conc.values());
            numbers.extend(x.max_load.values());
        }
        numbers.iter().fold(0xcbf2_9ce4_8422_2325, |h: u64, x| {
            x.to_bits()
                .to_le_bytes()
                .iter()
                .fold(h, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
        })
    }

    /// The generator gives the same numbers on every platform and release: a
    /// change here changes every benchmark's park, so update the constants
    /// only on purpose.
    #[test]
    fn numbers_are_pinned() {
        let sparse = SyntheticPark::size(20, 20, 3).scenario();
        let heavy = SyntheticPark::size(20, 20, 3)
            .with_family(Family::HeavyReuse)
            .scenario();
        assert_eq!(
            (fingerprint(&sparse), fingerprint(&heavy)),
            (7_265_524_295_184_530_010, 2_337_727_955_496_097_003),
            "sparse, heavy"
        );
    }

    #[test]
    fn different_seeds_differ() {
        let a = SyntheticPark::size(30, 30, 3);
        let b = a.clone().with_seed(7);
        assert_ne!(a.scenario().to_toml(), b.scenario().to_toml());
        let c = a.clone().with_family(Family::HeavyReuse);
        assert_ne!(a.scenario().to_toml(), c.scenario().to_toml());
    }

    #[test]
    fn named_sizes() {
        let p = SyntheticPark::size(500, 500, 4);
        assert_eq!(p.enterprises, 200);
        assert_eq!((p.sources, p.sinks, p.contaminants), (500, 500, 4));
        assert!((3..=5).contains(&p.treatments));
        assert!((2..=3).contains(&p.intakes));
        assert_eq!(p.family, Family::SparseReuse);
        assert_eq!(p.seed, DEFAULT_SEED);
        let big = SyntheticPark::size(1500, 1500, 5);
        assert_eq!(big.enterprises, 500);
        assert_eq!(big.treatments, 5);
        assert_eq!(SyntheticPark::size(50, 50, 3).enterprises, 20);
        assert_eq!(SyntheticPark::size(1, 1, 1).enterprises, 1);
        assert_eq!(SyntheticPark::parse_size("500x500x4"), Ok(p));
        assert_eq!(SyntheticPark::parse_size(" 1500X1500x5 "), Ok(big));
        for bad in ["500x500", "500x500x0", "axbxc", "", "1x2x3x4", "-1x2x3"] {
            assert!(SyntheticPark::parse_size(bad).is_err(), "{bad}");
        }
        assert_eq!(Family::parse("heavy"), Some(Family::HeavyReuse));
        assert_eq!(Family::parse("Sparse_Reuse"), Some(Family::SparseReuse));
        assert_eq!(Family::parse("dense"), None);
        assert_eq!(
            SyntheticPark::size(500, 500, 4).to_string(),
            "500x500x4 sparse-reuse (seed 42)"
        );
    }

    #[test]
    fn counts_match_the_park() {
        let park = SyntheticPark {
            enterprises: 7,
            sources: 20,
            sinks: 25,
            contaminants: 10,
            treatments: 7,
            intakes: 4,
            family: Family::HeavyReuse,
            seed: 3,
        };
        let s = park.scenario();
        assert_eq!(s.enterprises.len(), 7);
        assert_eq!(s.sources.len(), 20);
        assert_eq!(s.sinks.len(), 25);
        assert_eq!(s.contaminants.len(), 10);
        assert_eq!(s.treatments.len(), 7);
        assert_eq!(s.intakes.len(), 4);
        assert!(s.forbid.is_empty());
        assert!(s.validate().is_ok());
    }

    #[test]
    fn rounding_is_exact_decimal() {
        assert_eq!(sig3(1234.5), 1230.0);
        assert_eq!(sig3(0.012345), 0.0123);
        assert_eq!(sig3_up(1201.0), 1210.0);
        assert_eq!(sig3_up(1200.0), 1200.0);
        assert_eq!(sig3(7.0), 7.0);
        assert_eq!(sig3(0.0), 0.0);
        assert_eq!(round_to(1.23456, 0.01), 1.23);
    }

    #[test]
    fn small_parks_solve_and_verify() {
        for family in Family::ALL {
            for seed in [DEFAULT_SEED, 1, 2] {
                let park = SyntheticPark::size(20, 20, 3)
                    .with_family(family)
                    .with_seed(seed);
                let scenario = park.scenario();
                let text = scenario.to_toml();
                let parsed = Scenario::from_toml(&text).unwrap();
                assert_eq!(parsed, scenario, "{park}: TOML round trip");
                let model = parsed.validate().unwrap();
                let report = crate::solve(&model, &SolveOptions::default()).unwrap();
                assert_eq!(report.status, Status::Optimal, "{park}");
                assert!(report.verification.passed(), "{park}");
            }
        }
    }
}
