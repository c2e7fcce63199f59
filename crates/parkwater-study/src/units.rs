//! Figures as a manager reads them: three significant digits, thousands
//! grouped with a space, millions as `M`.

use parkwater_core::model::Objective;

/// `3 100`, `1.2 M`, `0.0512`, `-45`.
pub fn fmt(x: f64) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    let a = x.abs();
    let sign = if x < 0.0 { "-" } else { "" };
    if a >= 1e9 {
        return format!("{sign}{} M", group(round_sig(a / 1e6, 3).round() as u64));
    }
    if a >= 1e6 {
        return format!("{sign}{} M", sig(a / 1e6));
    }
    if a >= 1000.0 {
        let rounded = round_sig(a, 3).round() as u64;
        return format!("{sign}{}", group(rounded));
    }
    format!("{sign}{}", sig(a))
}

/// A figure as set in a scenario: exact up to 9 significant digits,
/// thousands grouped (`4 168`, `0.9835`, `22.5`).
pub fn exact(x: f64) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    let r = round_sig(x.abs(), 9);
    let sign = if x < 0.0 { "-" } else { "" };
    if r.fract() == 0.0 && r < 1e15 {
        return format!("{sign}{}", group(r as u64));
    }
    format!("{sign}{r}")
}

/// Three significant digits, no trailing zeros.
fn sig(a: f64) -> String {
    if a == 0.0 {
        return "0".into();
    }
    let digits = (2 - a.log10().floor() as i32).clamp(0, 12) as usize;
    let text = format!("{:.*}", digits, round_sig(a, 3));
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

fn round_sig(a: f64, n: i32) -> f64 {
    if a == 0.0 {
        return 0.0;
    }
    let p = 10f64.powi(n - 1 - a.log10().floor() as i32);
    (a * p).round() / p
}

fn group(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(ch);
    }
    out
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
