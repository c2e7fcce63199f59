//! # cooling-tower: a parkwater plugin
//!
//! An open recirculating cooling tower, declared by its circulation rate,
//! temperature drop (range), drift and cycles of concentration, becomes what
//! the park network sees of it: a **make-up sink** and a **blowdown source**.
//! Evaporation and drift leave the network as the sink's declared
//! consumption (`consumed`, so the park's water balance closes); the
//! circulating flow is the sink's `circulation`, which the reuse rate counts
//! as declared recirculation and the indirect cooling circulation rate uses.
//! The blowdown is of class `blowdown`; `refuses` and `max_supply_conc` are
//! handed to the make-up sink.
//!
//! Water balance (`standards_and_industry_data.md` section A7, textbook form,
//! tech.bjx.com.cn, confidence M):
//!
//! - evaporation `Qe = k * dt * Q`, with `k = 0.001 + 0.00002 * air_temp`
//!   per degC when `air_temp` is given (textbook), else `evaporation_factor`,
//!   else the rule of thumb `k = 1/600` per degC (0.167 %/degC; vendor pages, L);
//! - drift `Qw = drift * Q` (default 0.001: 0.1 %, the design repo's
//!   assumption in A7; the textbook gives 0.2-0.3 % for mechanical draft);
//! - cycles `N = Cr / Cm = Qm / (Qw + Qb)` (GB 50050-95 via A7);
//! - make-up `Qm = Qe * N / (N - 1)`, blowdown `Qb = Qe / (N - 1) - Qw`.
//!
//! Cycles are given (`cycles`), or follow from a limit on the circulating
//! water (`max_circulating`, e.g. TDS or Cl) and the design make-up quality
//! (`makeup_design`): `N = min_k max_circulating[k] / makeup_design[k]`.
//!
//! Quality, kept linear: the make-up limit of a contaminant is
//! `min(makeup_max_conc[k], max_circulating[k] / N)`, so the circulating water
//! never exceeds its limit; the blowdown is declared at `N x` that make-up
//! limit, the worst the loop can reach, so downstream users are never
//! promised cleaner water than they get (`blowdown_conc` overrides it for a
//! substance that does not simply concentrate, e.g. COD, when measured).
//!
//! Rules: a tower's blowdown never returns to its own make-up (it is the
//! loop's purge). Report: per tower the balance, the circulation rate
//! `Q / (Q + Qm)` (C3 definition of the indirect cooling-water circulation
//! rate), and checks: cycles >= 3.0 (GB 50050-95 3.1.9, obsolete, L-M), the
//! circulating concentration reached by the make-up actually chosen
//! (`N x` its mix) within `max_circulating`, and, when configured,
//! `min_circulation_rate` (D1: >= 98.4 % in the Lianyungang base).
#![deny(unsafe_code)]
#![deny(missing_docs)]

mod balance;

use balance::{Tower, TowerConfig};
use parkwater_plugin::serde::Deserialize;
use parkwater_plugin::serde_json::{json, Value};
use parkwater_plugin::{
    export_plugin, Check, Context, Error, Forbid, Hook, Kpi, Manifest, Plugin, ReportExtras, Rules,
    Scenario,
};

/// `[plugin.cooling-tower]`.
#[derive(Debug, Deserialize)]
#[serde(crate = "parkwater_plugin::serde", deny_unknown_fields)]
struct Config {
    /// `[[plugin.cooling-tower.tower]]`.
    #[serde(default, rename = "tower")]
    towers: Vec<TowerConfig>,
    /// Check each tower's circulation rate `Q / (Q + Qm)` against this (0..1).
    #[serde(default)]
    min_circulation_rate: Option<f64>,
}

/// The plugin.
#[derive(Debug, Default)]
pub struct CoolingTower;

impl CoolingTower {
    fn towers(ctx: &Context) -> Result<(Config, Vec<Tower>), Error> {
        let config: Config = ctx.config_as()?;
        if config.towers.is_empty() {
            return Err(Error::new(
                "[plugin.cooling-tower] declares no [[plugin.cooling-tower.tower]]",
            ));
        }
        let contaminants = ctx.scenario.contaminants();
        let towers = config
            .towers
            .iter()
            .map(|t| Tower::new(t, &contaminants))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((config, towers))
    }
}

impl Plugin for CoolingTower {
    fn manifest(&self) -> Manifest {
        Manifest {
            name: "cooling-tower".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            industries: vec![
                "thermal power".into(),
                "petrochemical".into(),
                "any plant with open recirculating cooling".into(),
            ],
            hooks: vec![Hook::Transform, Hook::Rules, Hook::Report],
            description:
                "A cooling tower declared by circulation, range, drift and cycles becomes a \
                          make-up sink and a blowdown source (GB 50050 water balance); its \
                          circulation counts as recirculation."
                    .into(),
        }
    }

    fn transform(&self, ctx: &Context) -> Result<Option<Scenario>, Error> {
        let (_, towers) = CoolingTower::towers(ctx)?;
        let mut s = ctx.scenario.clone();
        for t in &towers {
            for id in [&t.id, &t.blowdown_id] {
                if s.has_node(id) {
                    return Err(Error::new(format!(
                        "tower '{}': node id '{id}' is already used in the scenario",
                        t.id
                    )));
                }
            }
            if s.find_mut("enterprise", &t.enterprise).is_none() {
                return Err(Error::new(format!(
                    "tower '{}': enterprise '{}' is not in the scenario",
                    t.id, t.enterprise
                )));
            }
            let mut sink = json!({
                "id": t.id,
                "enterprise": t.enterprise,
                "flow": t.makeup,
                "max_conc": t.makeup_limit,
                "circulation": t.circulation,
                "consumed": t.makeup - t.blowdown,
            });
            if let Some(accepts) = &t.accepts {
                sink["accepts"] = json!(accepts);
            }
            if !t.refuses.is_empty() {
                sink["refuses"] = json!(t.refuses);
            }
            if !t.max_supply_conc.is_empty() {
                sink["max_supply_conc"] = json!(t.max_supply_conc);
            }
            s.entries_mut("sink").push(sink);
            s.entries_mut("source").push(json!({
                "id": t.blowdown_id,
                "enterprise": t.enterprise,
                "flow": t.blowdown,
                "conc": t.blowdown_conc,
                "class": "blowdown",
            }));
        }
        Ok(Some(s))
    }

    fn rules(&self, ctx: &Context) -> Result<Rules, Error> {
        let (_, towers) = CoolingTower::towers(ctx)?;
        Ok(Rules {
            forbid: towers
                .iter()
                .map(|t| Forbid {
                    from: t.blowdown_id.clone(),
                    to: t.id.clone(),
                    reason: Some(format!(
                        "blowdown is the purge of tower {}; returned as its make-up it would only raise the cycles",
                        t.id
                    )),
                })
                .collect(),
            dedicate: Vec::new(),
        })
    }

    fn report(&self, ctx: &Context, report: &Value) -> Result<ReportExtras, Error> {
        let (config, towers) = CoolingTower::towers(ctx)?;
        let unit = report["units"]["flow"]
            .as_str()
            .unwrap_or("t/h")
            .to_string();
        let mut extras = ReportExtras::default();
        for t in &towers {
            let mut kpi = |name: &str, value: f64, unit: &str, description: &str| {
                extras.kpis.insert(
                    format!("{}.{name}", t.id),
                    Kpi {
                        value: Some(value),
                        unit: unit.to_string(),
                        description: description.to_string(),
                    },
                );
            };
            kpi(
                "circulation",
                t.circulation,
                &unit,
                "circulating flow Q (counted as recirculation)",
            );
            kpi("evaporation", t.evaporation, &unit, "Qe = k dt Q (A7)");
            kpi("drift", t.drift, &unit, "Qw = drift x Q (A7)");
            kpi("makeup", t.makeup, &unit, "Qm = Qe N / (N - 1) (A7)");
            kpi("blowdown", t.blowdown, &unit, "Qb = Qe / (N - 1) - Qw (A7)");
            kpi("cycles", t.cycles, "", "cycles of concentration N");
            let rate = t.circulation / (t.circulation + t.makeup);
            kpi(
                "circulation_rate",
                100.0 * rate,
                "%",
                "Q / (Q + Qm), C3 indirect cooling-water circulation rate",
            );

            let (received, mix) = balance::inflow(&ctx.scenario, report, &t.id);
            extras.checks.push(Check {
                id: format!("makeup.{}", t.id),
                passed: (received - t.makeup).abs() <= 1e-6 * t.makeup.max(1.0),
                entity: Some(t.id.clone()),
                value: Some(received),
                limit: Some(t.makeup),
                unit: Some(unit.clone()),
                message: "make-up received equals the tower's make-up demand".into(),
            });
            extras.checks.push(Check {
                id: format!("cycles.{}", t.id),
                passed: t.cycles >= 3.0,
                entity: Some(t.id.clone()),
                value: Some(t.cycles),
                limit: Some(3.0),
                unit: None,
                message: "open system: cycles of concentration no less than 3.0 (GB 50050-95 3.1.9, via A7)".into(),
            });
            for (k, &limit) in &t.max_circulating {
                let reached = t.cycles * mix.get(k).copied().unwrap_or(0.0);
                extras.checks.push(Check {
                    id: format!("circulating_conc.{}.{k}", t.id),
                    passed: reached <= limit * (1.0 + 1e-7) + 1e-9,
                    entity: Some(t.id.clone()),
                    value: Some(reached),
                    limit: Some(limit),
                    unit: Some("mg/L".into()),
                    message: format!(
                        "{k} of the circulating water: N x the make-up mix actually chosen"
                    ),
                });
            }
            if let Some(min) = config.min_circulation_rate {
                extras.checks.push(Check {
                    id: format!("circulation_rate.{}", t.id),
                    passed: rate >= min,
                    entity: Some(t.id.clone()),
                    value: Some(100.0 * rate),
                    limit: Some(100.0 * min),
                    unit: Some("%".into()),
                    message: "circulation rate Q / (Q + Qm) at least the configured minimum".into(),
                });
            }
        }
        Ok(extras)
    }
}

export_plugin!(CoolingTower);
