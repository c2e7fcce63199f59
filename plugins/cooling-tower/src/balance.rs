//! One tower's water balance and quality (formulas in the crate docs).

use parkwater_plugin::serde::Deserialize;
use parkwater_plugin::serde_json::Value;
use parkwater_plugin::{Error, Scenario};
use std::collections::BTreeMap;

/// Rule-of-thumb evaporation per degC of range, fraction of circulation:
/// Qe ~ dt / 600 of Q (A7, several vendor pages, L).
pub const RULE_OF_THUMB_K: f64 = 1.0 / 600.0;
/// Default drift, fraction of circulation: 0.1 % (A7: the design repo's assumption).
pub const DEFAULT_DRIFT: f64 = 0.001;

/// `[[plugin.cooling-tower.tower]]` as written.
#[derive(Debug, Deserialize)]
#[serde(crate = "parkwater_plugin::serde", deny_unknown_fields)]
pub struct TowerConfig {
    /// The make-up sink's id.
    pub id: String,
    /// The blowdown source's id (default `<id>-BD`).
    #[serde(default)]
    pub blowdown_id: Option<String>,
    /// Owning enterprise.
    pub enterprise: String,
    /// Circulating flow Q, in the scenario's flow unit.
    pub circulation: f64,
    /// Temperature drop across the tower (range), degC.
    pub range: f64,
    /// Air dry-bulb temperature, degC: k = 0.001 + 0.00002 * air_temp (A7 textbook).
    #[serde(default)]
    pub air_temp: Option<f64>,
    /// Evaporation per degC of range, fraction of Q (overrides air_temp).
    #[serde(default)]
    pub evaporation_factor: Option<f64>,
    /// Drift, fraction of Q (default 0.001).
    #[serde(default)]
    pub drift: Option<f64>,
    /// Cycles of concentration N (> 1).
    #[serde(default)]
    pub cycles: Option<f64>,
    /// Limits on the circulating water, mg/L (e.g. TDS, Cl).
    #[serde(default)]
    pub max_circulating: BTreeMap<String, f64>,
    /// Design make-up quality, mg/L: with `max_circulating`, fixes N when `cycles` is absent.
    #[serde(default)]
    pub makeup_design: BTreeMap<String, f64>,
    /// Make-up limits, mg/L (e.g. GB/T 19923-2005 open recirculating make-up, A2).
    #[serde(default)]
    pub makeup_max_conc: BTreeMap<String, f64>,
    /// Blowdown concentrations to declare instead of N x the make-up limit, mg/L.
    #[serde(default)]
    pub blowdown_conc: BTreeMap<String, f64>,
    /// Supply kinds the make-up accepts (the sink's `accepts`).
    #[serde(default)]
    pub accepts: Option<Vec<String>>,
    /// Supply kinds or stream classes the make-up refuses (the sink's `refuses`).
    #[serde(default)]
    pub refuses: Vec<String>,
    /// Limits each supply must meet on its own (the sink's `max_supply_conc`), mg/L.
    #[serde(default)]
    pub max_supply_conc: BTreeMap<String, f64>,
}

/// A tower with its balance worked out, flows in the scenario's flow unit.
#[derive(Debug, Clone)]
pub struct Tower {
    pub id: String,
    pub blowdown_id: String,
    pub enterprise: String,
    pub circulation: f64,
    pub evaporation: f64,
    pub drift: f64,
    pub cycles: f64,
    pub makeup: f64,
    pub blowdown: f64,
    pub max_circulating: BTreeMap<String, f64>,
    pub makeup_limit: BTreeMap<String, f64>,
    pub blowdown_conc: BTreeMap<String, f64>,
    pub accepts: Option<Vec<String>>,
    pub refuses: Vec<String>,
    pub max_supply_conc: BTreeMap<String, f64>,
}

fn positive(id: &str, field: &str, v: f64) -> Result<f64, Error> {
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err(Error::new(format!(
            "tower '{id}': {field} must be a positive number, not {v}"
        )))
    }
}

impl Tower {
    /// Works out the balance; every contaminant needs a blowdown concentration.
    pub fn new(c: &TowerConfig, contaminants: &[String]) -> Result<Tower, Error> {
        let id = c.id.as_str();
        let q = positive(id, "circulation", c.circulation)?;
        let range = positive(id, "range", c.range)?;
        let k = match (c.evaporation_factor, c.air_temp) {
            (Some(k), _) => positive(id, "evaporation_factor", k)?,
            (None, Some(t)) if t.is_finite() => 0.001 + 0.00002 * t,
            (None, Some(t)) => {
                return Err(Error::new(format!(
                    "tower '{id}': air_temp {t} is not a number"
                )))
            }
            (None, None) => RULE_OF_THUMB_K,
        };
        let drift_fraction = c.drift.unwrap_or(DEFAULT_DRIFT);
        if !(0.0..0.1).contains(&drift_fraction) {
            return Err(Error::new(format!(
                "tower '{id}': drift {drift_fraction} is not a fraction of circulation in [0, 0.1)"
            )));
        }
        for (field, map) in [
            ("max_circulating", &c.max_circulating),
            ("makeup_design", &c.makeup_design),
            ("makeup_max_conc", &c.makeup_max_conc),
            ("blowdown_conc", &c.blowdown_conc),
        ] {
            for (name, &v) in map {
                if !contaminants.contains(name) {
                    return Err(Error::new(format!(
                        "tower '{id}': {field}.{name}: '{name}' is not a declared contaminant"
                    )));
                }
                if !(v.is_finite() && v >= 0.0) {
                    return Err(Error::new(format!(
                        "tower '{id}': {field}.{name} = {v} is not a concentration"
                    )));
                }
            }
        }
        let cycles = match c.cycles {
            Some(n) => n,
            None => c
                .max_circulating
                .iter()
                .filter_map(|(k, &cr)| c.makeup_design.get(k).filter(|&&cm| cm > 0.0).map(|cm| cr / cm))
                .min_by(f64::total_cmp)
                .ok_or_else(|| {
                    Error::new(format!(
                        "tower '{id}': give `cycles`, or `max_circulating` with `makeup_design` for the same contaminant"
                    ))
                })?,
        };
        if !(cycles.is_finite() && cycles > 1.0) {
            return Err(Error::new(format!(
                "tower '{id}': cycles of concentration {cycles} must be above 1"
            )));
        }
        let evaporation = k * range * q;
        let drift = drift_fraction * q;
        let blowdown = evaporation / (cycles - 1.0) - drift;
        if blowdown < 0.0 {
            return Err(Error::new(format!(
                "tower '{id}': drift alone ({drift:.3}) purges more than {cycles} cycles need; \
                 the most cycles this drift allows is {:.2}",
                1.0 + evaporation / drift
            )));
        }
        let makeup = evaporation * cycles / (cycles - 1.0);
        let mut makeup_limit = BTreeMap::new();
        let mut blowdown_conc = BTreeMap::new();
        for name in contaminants {
            let by_loop = c.max_circulating.get(name).map(|cr| cr / cycles);
            let limit = match (c.makeup_max_conc.get(name).copied(), by_loop) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if let Some(limit) = limit {
                makeup_limit.insert(name.clone(), limit);
            }
            let bd = match (c.blowdown_conc.get(name), limit) {
                (Some(&v), _) => v,
                (None, Some(limit)) => cycles * limit,
                (None, None) => {
                    return Err(Error::new(format!(
                        "tower '{id}': contaminant '{name}' has no make-up limit (makeup_max_conc), \
                         no circulating limit (max_circulating) and no blowdown_conc, so the blowdown's \
                         {name} is unknown"
                    )))
                }
            };
            blowdown_conc.insert(name.clone(), bd);
        }
        Ok(Tower {
            id: c.id.clone(),
            blowdown_id: c
                .blowdown_id
                .clone()
                .unwrap_or_else(|| format!("{}-BD", c.id)),
            enterprise: c.enterprise.clone(),
            circulation: q,
            evaporation,
            drift,
            cycles,
            makeup,
            blowdown,
            max_circulating: c.max_circulating.clone(),
            makeup_limit,
            blowdown_conc,
            accepts: c.accepts.clone(),
            refuses: c.refuses.clone(),
            max_supply_conc: c.max_supply_conc.clone(),
        })
    }
}

/// Flow into a demand and the flow-weighted concentration of that inflow,
/// from a report's `flows` and the supplies' fixed concentrations.
pub fn inflow(s: &Scenario, report: &Value, demand: &str) -> (f64, BTreeMap<String, f64>) {
    let mut total = 0.0;
    let mut mass: BTreeMap<String, f64> = BTreeMap::new();
    for f in report["flows"].as_array().map(Vec::as_slice).unwrap_or(&[]) {
        if f["to"].as_str() != Some(demand) {
            continue;
        }
        let flow = f["flow"].as_f64().unwrap_or(0.0);
        total += flow;
        if let Some(conc) = f["from"].as_str().and_then(|from| s.supply_conc(from)) {
            for (k, c) in conc {
                *mass.entry(k.clone()).or_default() += flow * c.as_f64().unwrap_or(0.0);
            }
        }
    }
    let mix = mass
        .into_iter()
        .map(|(k, m)| (k, if total > 0.0 { m / total } else { 0.0 }))
        .collect();
    (total, mix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(toml_like: &[(&str, f64)]) -> TowerConfig {
        let mut c = TowerConfig {
            id: "CT".into(),
            blowdown_id: None,
            enterprise: "E".into(),
            circulation: 162_500.0,
            range: 8.0,
            air_temp: None,
            evaporation_factor: None,
            drift: Some(0.001),
            cycles: Some(6.0),
            max_circulating: BTreeMap::new(),
            makeup_design: BTreeMap::new(),
            makeup_max_conc: BTreeMap::new(),
            blowdown_conc: BTreeMap::new(),
            accepts: None,
            refuses: Vec::new(),
            max_supply_conc: BTreeMap::new(),
        };
        for &(k, v) in toml_like {
            c.makeup_max_conc.insert(k.into(), v);
        }
        c
    }

    #[test]
    fn rule_of_thumb_balance_matches_the_demo_park() {
        // The demo park's hand balance (A7): Q = 62.5 x make-up, blowdown = make-up / 9.6.
        let t = Tower::new(&config(&[("TDS", 1000.0)]), &["TDS".into()]).unwrap();
        assert!((t.makeup - 2600.0).abs() < 1e-9, "{}", t.makeup);
        assert!((t.blowdown - 2600.0 / 9.6).abs() < 1e-9, "{}", t.blowdown);
        assert!((t.makeup - (t.evaporation + t.drift + t.blowdown)).abs() < 1e-9);
        // N = Qm / (Qw + Qb).
        assert!((t.makeup / (t.drift + t.blowdown) - 6.0).abs() < 1e-12);
        assert_eq!(t.blowdown_conc["TDS"], 6000.0);
    }

    #[test]
    fn textbook_evaporation_and_cycles_from_a_circulating_limit() {
        let mut c = config(&[("TDS", 1000.0)]);
        c.air_temp = Some(25.0);
        c.cycles = None;
        c.max_circulating.insert("TDS".into(), 2400.0);
        c.makeup_design.insert("TDS".into(), 400.0);
        let t = Tower::new(&c, &["TDS".into()]).unwrap();
        // (0.001 + 0.00002 * 25) * 8 * Q = 1.2 % of Q.
        assert!((t.evaporation - 0.012 * 162_500.0).abs() < 1e-6);
        assert!((t.cycles - 6.0).abs() < 1e-12);
        assert!((t.makeup_limit["TDS"] - 400.0).abs() < 1e-9);
        assert!((t.blowdown_conc["TDS"] - 2400.0).abs() < 1e-9);
    }

    #[test]
    fn impossible_towers_are_refused() {
        let mut c = config(&[("TDS", 1000.0)]);
        c.cycles = Some(30.0);
        c.drift = Some(0.003);
        let e = Tower::new(&c, &["TDS".into()]).unwrap_err();
        assert!(e.message.contains("drift alone"), "{e}");
        let e = Tower::new(&config(&[]), &["TDS".into()]).unwrap_err();
        assert!(e.message.contains("blowdown's"), "{e}");
        let mut c = config(&[("TDS", 1.0)]);
        c.cycles = Some(1.0);
        assert!(Tower::new(&c, &["TDS".into()]).is_err());
    }
}
