//! The report's figures: numbers in core's report style
//! ([`parkwater_core::format::REPORT`]: thin spaces between thousands, the SI
//! and Chinese engineering habit, digits by size), money in millions,
//! percentages with one decimal, signed changes.

/// A figure with up to 3 significant decimals by size: 12 345, 123.4,
/// 1.234, 0.01234; very small figures in scientific notation
/// ([`parkwater_core::format::REPORT`]).
pub fn num(x: f64) -> String {
    parkwater_core::format::REPORT.format(x)
}

/// A money figure in CNY: M CNY above a million, else grouped.
pub fn money(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e6 {
        format!("{} M", num(x / 1e6))
    } else {
        num(x)
    }
}

/// A fraction as a percentage with one decimal (0.9234 -> "92.3 %").
pub fn pct(x: f64) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let p = 100.0 * x;
    let p = if p.abs() < 0.05 { 0.0 } else { p };
    format!("{p:.1} %")
}

/// A signed change: "+1.2", "−3.4" (true minus sign), "0".
pub fn delta(x: f64, f: fn(f64) -> String) -> String {
    if x > 0.0 {
        format!("+{}", f(x))
    } else if x < 0.0 {
        format!("−{}", f(-x))
    } else {
        "0".into()
    }
}

/// The shortest text that reads back as exactly `x` (what JSON holds):
/// the report's `data-value` attributes, so a reader (or a test) can check
/// every figure against the result file.
pub fn raw(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_by_size() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(7527.4), "7527");
        assert_eq!(num(443750.0), "443\u{202f}750");
        assert_eq!(num(-12345.6), "−12\u{202f}346");
        assert_eq!(num(123.45), "123.5");
        assert_eq!(num(1.2345), "1.23");
        assert_eq!(num(0.012345), "0.0123");
        assert_eq!(num(1.5e-7), "1.50e-7");
        assert_eq!(num(f64::INFINITY), "∞");
        assert_eq!(money(106.1e6), "106.1 M");
        assert_eq!(pct(0.92), "92.0 %");
        assert_eq!(pct(0.98347), "98.3 %");
        assert_eq!(delta(-2.0, num), "−2.00");
        assert_eq!(raw(0.1 + 0.2), "0.30000000000000004");
    }
}
