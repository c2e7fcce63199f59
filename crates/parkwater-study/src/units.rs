//! Figures as a manager reads them (core's number formatter: three
//! significant digits, thousands grouped with a space, millions as `M`),
//! axis steps and objective units.

use parkwater_core::model::Objective;

/// `3 100`, `1.2 M`, `0.0512`, `-45` ([`parkwater_core::format::MANAGER`]).
pub fn fmt(x: f64) -> String {
    parkwater_core::format::MANAGER.format(x)
}

/// A figure as set in a scenario: exact up to 9 significant digits,
/// thousands grouped (`4 168`, `0.9835`, `22.5`;
/// [`parkwater_core::format::EXACT`]).
pub fn exact(x: f64) -> String {
    parkwater_core::format::EXACT.format(x)
}

/// A "nice" step near `x`: 1, 2 or 5 times a power of ten.
pub fn nice(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    let m = x / p;
    let m = if m < 1.5 {
        1.0
    } else if m < 3.5 {
        2.0
    } else if m < 7.5 {
        5.0
    } else {
        10.0
    };
    m * p
}

/// What an objective's value is, in words with its unit: `CNY/yr`,
/// `t/h of freshwater`.
pub fn objective_unit(objective: Objective, flow_unit: &str) -> String {
    match objective {
        Objective::Cost => "CNY/yr".to_string(),
        other => format!("{flow_unit} of {}", other.name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(fmt(3104.0), "3 100");
        assert_eq!(fmt(1_234_567.0), "1.23 M");
        assert_eq!(fmt(-45.0), "-45");
        assert_eq!(fmt(0.051234), "0.0512");
        assert_eq!(fmt(8.0), "8");
        assert_eq!(fmt(12_345_678_901.0), "12 300 M");
        assert_eq!(exact(7001.0), "7 001");
        assert_eq!(exact(0.98350000001), "0.9835");
        assert_eq!(nice(13.0), 10.0);
        assert_eq!(nice(0.3), 0.2);
        assert_eq!(nice(450.0), 500.0);
    }
}
