//! # water-quota: a parkwater plugin
//!
//! Per-industry water-withdrawal quotas (取水定额, m3 per unit of product)
//! applied to the enterprises that declare their output. For each one the
//! plugin adds (unless `enforce = false`) the linear constraint
//!
//! `sum of flows from every intake to the enterprise's demands <= quota x output`
//!
//! in the scenario's `[[constraint]]` form (selectors `from_kind = "intake"`,
//! `to_enterprise = <id>`), and reports the specific withdrawal and its
//! compliance. Withdrawal counts every intake kind, municipal reclaimed water
//! included (GB/T 18916.1 counts it, with its 1.2 / 1.1 allowance); water
//! reused from other enterprises or from park treatment is not withdrawal.
//!
//! Built-in quotas (`table.rs`, each with its source): coal-fired power by
//! cooling type and unit size (data file B1) and steel, cement, ammonia and
//! methanol (B2, general or advanced tier). Any other product takes an
//! explicit `quota` with its `unit` and `source` (refining, ethylene, PTA:
//! their quotas were not found, data file section E).
//!
//! `output` is in units of product **per hour** (MWh/h = MW of average load
//! for power, t/h for steel); the right-hand side follows the scenario's flow
//! unit (x 24 for t/d and m3/d).
#![deny(unsafe_code)]
#![deny(missing_docs)]

mod table;

use parkwater_plugin::serde::Deserialize;
use parkwater_plugin::serde_json::Value;
use parkwater_plugin::{
    export_plugin, Check, Constraint, Context, Error, Hook, Kpi, Manifest, Plugin, ReportExtras,
    Sense, Term,
};

/// `[plugin.water-quota]`.
#[derive(Debug, Deserialize)]
#[serde(crate = "parkwater_plugin::serde", deny_unknown_fields)]
struct Config {
    /// Add the quota constraints (default true); false only reports compliance.
    #[serde(default = "yes")]
    enforce: bool,
    /// B2 tier: `general` (通用值, default) or `advanced` (先进值).
    #[serde(default)]
    tier: Option<String>,
    /// `[[plugin.water-quota.enterprise]]`.
    #[serde(rename = "enterprise")]
    enterprises: Vec<Entry>,
}

fn yes() -> bool {
    true
}

/// One enterprise's declared output and product.
#[derive(Debug, Deserialize)]
#[serde(crate = "parkwater_plugin::serde", deny_unknown_fields)]
struct Entry {
    /// Enterprise id.
    id: String,
    /// Product key of the built-in table (`coal-power`, `steel`, ...).
    #[serde(default)]
    product: Option<String>,
    /// coal-power: `recirculating`, `once-through` or `air-cooled`.
    #[serde(default)]
    cooling: Option<String>,
    /// coal-power: unit size, MW.
    #[serde(default)]
    unit_mw: Option<f64>,
    /// coal-power: the unit uses reclaimed water (quota x 1.2 circulating, x 1.1 air-cooled).
    #[serde(default)]
    reclaimed: bool,
    /// Units of product per hour.
    output: f64,
    /// Explicit quota, m3 per unit (instead of `product`).
    #[serde(default)]
    quota: Option<f64>,
    /// Unit of product of an explicit quota.
    #[serde(default)]
    unit: Option<String>,
    /// Source of an explicit quota.
    #[serde(default)]
    source: Option<String>,
    /// Overrides the table-wide `enforce` for this enterprise.
    #[serde(default)]
    enforce: Option<bool>,
}

/// An enterprise held to a quota.
#[derive(Debug)]
struct Held {
    id: String,
    quota: f64,
    unit: String,
    source: String,
    output: f64,
    /// quota x output, in the scenario's flow unit.
    limit: f64,
    enforce: bool,
}

fn held(ctx: &Context) -> Result<Vec<Held>, Error> {
    let config: Config = ctx.config_as()?;
    let tier = config.tier.as_deref().unwrap_or("general");
    if !["general", "advanced"].contains(&tier) {
        return Err(Error::new(format!(
            "tier '{tier}' is not one of general, advanced"
        )));
    }
    let hours = ctx.scenario.hours_per_flow_unit();
    config
        .enterprises
        .iter()
        .map(|e| {
            let err = |m: String| Error::new(format!("enterprise '{}': {m}", e.id));
            if ctx.scenario.find("enterprise", &e.id).is_none() {
                return Err(err("not an enterprise of the scenario".into()));
            }
            if !(e.output.is_finite() && e.output >= 0.0) {
                return Err(err(format!("output {} must be a non-negative number", e.output)));
            }
            let (quota, unit, source) = match (&e.quota, e.product.as_deref()) {
                (Some(q), None) => (
                    *q,
                    e.unit.clone().ok_or_else(|| err("an explicit quota needs its `unit`".into()))?,
                    e.source.clone().ok_or_else(|| err("an explicit quota needs its `source`".into()))?,
                ),
                (None, Some("coal-power")) => {
                    let cooling = e.cooling.as_deref().ok_or_else(|| err("coal-power needs `cooling`".into()))?;
                    let mw = e.unit_mw.ok_or_else(|| err("coal-power needs `unit_mw`".into()))?;
                    let q = table::coal_power(cooling, mw, e.reclaimed).map_err(err)?;
                    (q.value, q.unit.to_string(), q.source)
                }
                (None, Some(key)) => {
                    let q = table::product(key, tier).ok_or_else(|| {
                        err(format!(
                            "no built-in quota for product '{key}' (known: {}); give `quota`, `unit` and `source`",
                            table::products().join(", ")
                        ))
                    })?;
                    (q.value, q.unit.to_string(), q.source)
                }
                (Some(_), Some(_)) => return Err(err("give `product` or `quota`, not both".into())),
                (None, None) => return Err(err("give `product` (built-in quota) or `quota`".into())),
            };
            if !(quota.is_finite() && quota > 0.0) {
                return Err(err(format!("quota {quota} must be positive")));
            }
            Ok(Held {
                id: e.id.clone(),
                quota,
                unit,
                source,
                output: e.output,
                limit: quota * e.output * hours,
                enforce: e.enforce.unwrap_or(config.enforce),
            })
        })
        .collect()
}

/// Withdrawal of an enterprise in a report: flows from intakes to its demands.
fn intake(ctx: &Context, report: &Value, enterprise: &str) -> f64 {
    let intakes: Vec<&str> = ctx
        .scenario
        .entries("intake")
        .iter()
        .filter_map(|i| i["id"].as_str())
        .collect();
    report["flows"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[])
        .iter()
        .filter(|f| f["from"].as_str().is_some_and(|u| intakes.contains(&u)))
        .filter(|f| f["to"].as_str().and_then(|v| ctx.scenario.owner(v)) == Some(enterprise))
        .map(|f| f["flow"].as_f64().unwrap_or(0.0))
        .sum()
}

/// The plugin.
#[derive(Debug, Default)]
pub struct WaterQuota;

impl Plugin for WaterQuota {
    fn manifest(&self) -> Manifest {
        Manifest {
            name: "water-quota".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            industries: vec![
                "thermal power".into(),
                "steel".into(),
                "cement".into(),
                "ammonia".into(),
                "methanol".into(),
            ],
            hooks: vec![Hook::Constraints, Hook::Report],
            description: "Water-withdrawal quotas (m3 per unit of product, GB/T 18916 / MWR 2019) \
                          as intake <= quota x output constraints, with compliance per enterprise."
                .into(),
        }
    }

    fn constraints(&self, ctx: &Context) -> Result<Vec<Constraint>, Error> {
        let unit = ctx.scenario.flow_unit().to_string();
        Ok(held(ctx)?
            .into_iter()
            .filter(|h| h.enforce)
            .map(|h| Constraint {
                label: format!(
                    "{} withdrawal <= {} m3/{} x {} {}/h = {:.3} {unit}",
                    h.id, h.quota, h.unit, h.output, h.unit, h.limit
                ),
                sense: Sense::AtMost,
                rhs: h.limit,
                terms: vec![Term {
                    from_kind: Some("intake".into()),
                    to_enterprise: Some(h.id.clone()),
                    coef: 1.0,
                    ..Default::default()
                }],
            })
            .collect())
    }

    fn report(&self, ctx: &Context, report: &Value) -> Result<ReportExtras, Error> {
        let flow_unit = report["units"]["flow"]
            .as_str()
            .unwrap_or("t/h")
            .to_string();
        let hours = ctx.scenario.hours_per_flow_unit();
        let mut extras = ReportExtras::default();
        for h in held(ctx)? {
            let used = intake(ctx, report, &h.id);
            let specific = (h.output > 0.0).then(|| used / hours / h.output);
            let per_unit = format!("m3/{}", h.unit);
            extras.kpis.insert(
                format!("{}.withdrawal", h.id),
                Kpi {
                    value: Some(used),
                    unit: flow_unit.clone(),
                    description: "fresh intake of the enterprise (every intake kind)".into(),
                },
            );
            extras.kpis.insert(
                format!("{}.specific_withdrawal", h.id),
                Kpi {
                    value: specific,
                    unit: per_unit.clone(),
                    description: format!("withdrawal per {} of product", h.unit),
                },
            );
            extras.kpis.insert(
                format!("{}.quota", h.id),
                Kpi {
                    value: Some(h.quota),
                    unit: per_unit,
                    description: h.source.clone(),
                },
            );
            extras.checks.push(Check {
                id: format!("quota.{}", h.id),
                passed: used <= h.limit * (1.0 + 1e-7) + 1e-9,
                entity: Some(h.id.clone()),
                value: Some(used),
                limit: Some(h.limit),
                unit: Some(flow_unit.clone()),
                message: format!(
                    "withdrawal within {} m3/{} x {} {}/h{}; {}",
                    h.quota,
                    h.unit,
                    h.output,
                    h.unit,
                    if h.enforce {
                        " (enforced)"
                    } else {
                        " (reported only)"
                    },
                    h.source
                ),
            });
        }
        Ok(extras)
    }
}

export_plugin!(WaterQuota);
