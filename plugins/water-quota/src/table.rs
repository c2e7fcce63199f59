//! Water-withdrawal quotas (取水定额) built in, each with its source, from
//! `standards_and_industry_data.md` section B. Values in m3 per unit of product.

/// A quota from the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Quota {
    /// m3 per unit of product.
    pub value: f64,
    /// The unit of product (`MWh`, `t crude steel`, ...).
    pub unit: &'static str,
    /// Where the figure comes from, with its confidence.
    pub source: String,
}

/// Coal-fired power, unit withdrawal, m3/MWh, by cooling type and unit-size
/// class (<300, 300, 600, >=1000 MW). B1: MWR 水节约〔2019〕373号, as transcribed
/// in repo onismyh/infra_retrofit (citing 武汉产业能效指南 2025); tier (领跑/先进/通用)
/// unclear; confidence M.
const COAL_POWER: [(&str, [f64; 4]); 3] = [
    ("recirculating", [3.20, 2.70, 2.35, 2.00]),
    ("once-through", [0.72, 0.49, 0.42, 0.35]),
    ("air-cooled", [0.80, 0.57, 0.49, 0.42]),
];

/// Other sectors, (general 通用值, advanced 先进值), B2.
const PRODUCTS: [(&str, &str, f64, f64, &str); 12] = [
    (
        "steel-coking-cold-rolling",
        "t crude steel",
        4.8,
        3.1,
        "GB/T 18916.2-2022, integrated mill with coking and cold rolling",
    ),
    (
        "steel-coking",
        "t crude steel",
        4.5,
        2.4,
        "GB/T 18916.2-2022, with coking, no cold rolling",
    ),
    (
        "steel-cold-rolling",
        "t crude steel",
        4.2,
        2.2,
        "GB/T 18916.2-2022, no coking, with cold rolling",
    ),
    (
        "steel",
        "t crude steel",
        3.6,
        2.1,
        "GB/T 18916.2-2022, no coking, no cold rolling",
    ),
    (
        "steel-eaf",
        "t steel",
        1.74,
        0.55,
        "GB/T 18916.2-2022, EAF steelmaking, process row",
    ),
    (
        "steel-bar-rolling",
        "t steel",
        0.70,
        0.34,
        "GB/T 18916.2-2022, bar rolling, process row",
    ),
    (
        "cement-clinker",
        "t clinker",
        0.510,
        0.225,
        "GB/T 18916 part cement (2022)",
    ),
    (
        "ammonia-bituminous-coal",
        "t NH3",
        12.0,
        8.0,
        "GB/T 18916.8, bituminous coal",
    ),
    (
        "ammonia-natural-gas",
        "t NH3",
        9.0,
        5.5,
        "GB/T 18916.8, natural gas",
    ),
    (
        "ammonia-anthracite",
        "t NH3",
        11.0,
        7.5,
        "GB/T 18916.8, anthracite lump",
    ),
    (
        "methanol-coal",
        "t methanol",
        15.0,
        11.0,
        "Hebei DB13/T 5448.7-2021, coal (no national part found)",
    ),
    (
        "methanol-coke-oven-gas",
        "t methanol",
        9.03,
        6.34,
        "Hebei DB13/T 5448.7-2021, coke-oven gas",
    ),
];

/// Every product key, for messages.
pub fn products() -> Vec<&'static str> {
    let mut keys = vec!["coal-power"];
    keys.extend(PRODUCTS.iter().map(|p| p.0));
    keys
}

/// The B2 quota of a product at a tier (`general` or `advanced`).
pub fn product(key: &str, tier: &str) -> Option<Quota> {
    let &(_, unit, general, advanced, what) = PRODUCTS.iter().find(|p| p.0 == key)?;
    let (value, tier_name) = match tier {
        "advanced" => (advanced, "先进值 advanced"),
        _ => (general, "通用值 general"),
    };
    Some(Quota {
        value,
        unit,
        source: format!(
            "{what}, {tier_name}; data file B2, via repo onismyh/infra_retrofit (confidence M)"
        ),
    })
}

/// The B1 quota of a coal-fired unit. Unit sizes between classes use the next
/// lower class (GB/T 18916.1-2021 note, H). With reclaimed water the quota is
/// multiplied by 1.2 for circulating-cooled and 1.1 for air-cooled units;
/// once-through units are not adjusted (same notes, H).
pub fn coal_power(cooling: &str, unit_mw: f64, reclaimed: bool) -> Result<Quota, String> {
    let (_, row) = COAL_POWER.iter().find(|r| r.0 == cooling).ok_or_else(|| {
        format!("cooling '{cooling}' is not one of recirculating, once-through, air-cooled")
    })?;
    if !(unit_mw.is_finite() && unit_mw > 0.0) {
        return Err(format!(
            "unit_mw {unit_mw} must be a positive unit size in MW"
        ));
    }
    let (class, label) = if unit_mw >= 1000.0 {
        (3, ">= 1000 MW")
    } else if unit_mw >= 600.0 {
        (2, "600 MW class")
    } else if unit_mw >= 300.0 {
        (1, "300 MW class")
    } else {
        (0, "< 300 MW")
    };
    let factor = match (reclaimed, cooling) {
        (true, "recirculating") => 1.2,
        (true, "air-cooled") => 1.1,
        _ => 1.0,
    };
    let adjusted = if factor != 1.0 {
        format!(" x {factor} for reclaimed water (GB/T 18916.1-2021 notes, H)")
    } else {
        String::new()
    };
    Ok(Quota {
        value: row[class] * factor,
        unit: "MWh",
        source: format!(
            "coal-fired power, {cooling}, {label}: {} m3/MWh{adjusted}; data file B1: MWR \
             水节约〔2019〕373号 via repo onismyh/infra_retrofit, tier unclear (confidence M)",
            row[class]
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coal_power_classes_round_down() {
        assert_eq!(
            coal_power("recirculating", 660.0, false).unwrap().value,
            2.35
        );
        assert_eq!(
            coal_power("recirculating", 350.0, false).unwrap().value,
            2.70
        );
        assert_eq!(
            coal_power("recirculating", 200.0, false).unwrap().value,
            3.20
        );
        assert_eq!(coal_power("air-cooled", 1000.0, false).unwrap().value, 0.42);
        assert!((coal_power("recirculating", 660.0, true).unwrap().value - 2.82).abs() < 1e-12);
        assert_eq!(coal_power("once-through", 660.0, true).unwrap().value, 0.42);
        assert!(coal_power("dry", 660.0, false).is_err());
    }

    #[test]
    fn products_have_both_tiers() {
        assert_eq!(
            product("steel-coking-cold-rolling", "general")
                .unwrap()
                .value,
            4.8
        );
        assert_eq!(
            product("steel-coking-cold-rolling", "advanced")
                .unwrap()
                .value,
            3.1
        );
        assert!(product("refining", "general").is_none());
        assert!(products().contains(&"cement-clinker"));
    }
}
