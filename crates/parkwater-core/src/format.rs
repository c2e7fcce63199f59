//! The one number formatter: how a figure reads in a sentence, a report or a
//! study. A [`NumberFormat`] says how many digits (significant digits, or
//! decimals chosen by size), whether thousands are grouped and with what,
//! the minus sign, the range left to scientific notation, a million suffix
//! (`M`) and what infinities and NaN read as. The named styles are the ones
//! the engine uses:
//!
//! | style | used by | 1234.567 | 12 345 678 | 0.000012 |
//! |---|---|---|---|---|
//! | `COMPACT` (the engine's own) | diagnosis sentences | `1235` | `12345678` | `1.200e-5` |
//! | [`REPORT`] | the HTML report | `1235` | `12 345 678` (U+202F) | `1.20e-5` |
//! | [`MANAGER`] | study summaries | `1 230` | `12.3 M` | `0.000012` |
//! | [`EXACT`] | study (figures as set in a scenario) | `1 234.567` | `12 345 678` | `0.000012` |
//!
//! ```
//! use parkwater_core::format::{EXACT, MANAGER};
//! assert_eq!(EXACT.format(1234.567), "1 234.567");
//! assert_eq!(MANAGER.format(3104.0), "3 100");
//! ```

/// How many digits a figure keeps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Precision {
    /// `digits` significant digits, trailing zeros dropped. With
    /// `round_integers` false, integer digits are never rounded away
    /// (12 345 with 4 digits stays 12345); at most `max_decimals` decimals.
    Significant {
        /// Significant digits kept.
        digits: i32,
        /// Whether integer digits beyond `digits` are rounded too.
        round_integers: bool,
        /// Most decimals written (tiny figures read as 0 beyond them).
        max_decimals: usize,
    },
    /// A fixed number of decimals by size: the first `(at_least, decimals)`
    /// entry whose `at_least` the magnitude reaches (trailing zeros kept, so
    /// a column of figures lines up). Figures below the last entry take its
    /// decimals.
    Decimals(&'static [(f64, usize)]),
}

/// The range of magnitudes written in scientific notation, and its decimals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scientific {
    /// Magnitudes above 0 and below this.
    pub(crate) below: f64,
    /// Magnitudes at or above this.
    pub(crate) from: f64,
    /// Decimals of the mantissa.
    pub(crate) decimals: usize,
}

/// A number style; [`NumberFormat::format`] writes a figure in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumberFormat {
    /// How many digits a figure keeps.
    pub(crate) precision: Precision,
    /// Thousands separator; `None` writes the integer digits as one run.
    pub(crate) separator: Option<&'static str>,
    /// Integer digits from which thousands are grouped (5: `7527` stays whole).
    pub(crate) group_from: usize,
    /// The minus sign of a negative figure (scientific notation keeps `-`).
    pub(crate) minus: &'static str,
    /// Magnitudes written in scientific notation, if any.
    pub(crate) scientific: Option<Scientific>,
    /// Magnitudes of a million and more are written in millions, ` M` after.
    pub(crate) millions: bool,
    /// What NaN and the infinities read as (`None`: `NaN`, `inf`, `-inf`).
    pub(crate) non_finite: Option<NonFinite>,
}

/// Texts for figures that are not finite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NonFinite {
    /// Text of NaN.
    pub(crate) nan: &'static str,
    /// Either infinity.
    pub(crate) infinite: &'static str,
}

/// About four significant digits, no grouping, no trailing zeros:
/// `140`, `0.92`, `1235`, `12.35`, `1.000e-12`. Diagnosis sentences.
pub(crate) const COMPACT: NumberFormat = NumberFormat {
    precision: Precision::Significant {
        digits: 4,
        round_integers: false,
        max_decimals: 9,
    },
    separator: None,
    group_from: usize::MAX,
    minus: "-",
    scientific: Some(Scientific {
        below: 1e-4,
        from: 1e9,
        decimals: 3,
    }),
    millions: false,
    non_finite: None,
};

/// Decimals by size (12 345, 123.4, 1.23, 0.0123), thousands grouped with
/// a narrow no-break space from five integer digits (the SI and Chinese
/// engineering habit), a true minus sign, very small figures in scientific
/// notation, `∞` and `—`. The HTML report.
pub const REPORT: NumberFormat = NumberFormat {
    precision: Precision::Decimals(&[(1000.0, 0), (100.0, 1), (1.0, 2), (0.0, 4)]),
    separator: Some("\u{202f}"),
    group_from: 5,
    minus: "\u{2212}",
    scientific: Some(Scientific {
        below: 1e-3,
        from: f64::INFINITY,
        decimals: 2,
    }),
    millions: false,
    non_finite: Some(NonFinite {
        nan: "—",
        infinite: "∞",
    }),
};

/// Three significant digits, thousands grouped with a space, millions as
/// `M`: `3 100`, `1.23 M`, `0.0512`, `-45`. Figures as a manager reads them.
pub const MANAGER: NumberFormat = NumberFormat {
    precision: Precision::Significant {
        digits: 3,
        round_integers: true,
        max_decimals: 12,
    },
    separator: Some(" "),
    group_from: 4,
    minus: "-",
    scientific: None,
    millions: true,
    non_finite: None,
};

/// A figure as set in a scenario: exact up to nine significant digits,
/// thousands grouped with a space (`4 168`, `0.9835`, `22.5`).
pub const EXACT: NumberFormat = NumberFormat {
    precision: Precision::Significant {
        digits: 9,
        round_integers: true,
        max_decimals: 15,
    },
    separator: Some(" "),
    group_from: 4,
    minus: "-",
    scientific: None,
    millions: false,
    non_finite: None,
};

impl NumberFormat {
    /// `x` in this style.
    pub fn format(&self, x: f64) -> String {
        if !x.is_finite() {
            return match self.non_finite {
                Some(t) if x.is_nan() => t.nan.to_string(),
                Some(t) => t.infinite.to_string(),
                None => format!("{x}"),
            };
        }
        let a = x.abs();
        if a == 0.0 {
            return "0".to_string();
        }
        if let Some(s) = self.scientific {
            if a < s.below || a >= s.from {
                return format!("{x:.*e}", s.decimals);
            }
        }
        let sign = if x < 0.0 { self.minus } else { "" };
        if self.millions && a >= 1e6 {
            return format!("{sign}{} M", self.magnitude(a / 1e6));
        }
        let text = self.magnitude(a);
        if text == "0" {
            text
        } else {
            format!("{sign}{text}")
        }
    }

    /// A positive magnitude: digits, then grouping.
    fn magnitude(&self, a: f64) -> String {
        let text = match self.precision {
            Precision::Significant {
                digits,
                round_integers,
                max_decimals,
            } => {
                let decimals =
                    (digits - 1 - a.log10().floor() as i32).clamp(0, max_decimals as i32) as usize;
                let r = if round_integers {
                    round_significant(a, digits)
                } else {
                    a
                };
                trim_zeros(format!("{r:.decimals$}"))
            }
            Precision::Decimals(table) => {
                let decimals = table
                    .iter()
                    .find(|&&(at_least, _)| a >= at_least)
                    .or(table.last())
                    .map_or(0, |&(_, d)| d);
                format!("{a:.decimals$}")
            }
        };
        match self.separator {
            Some(sep) => group_thousands(&text, sep, self.group_from),
            None => text,
        }
    }
}

/// `a` rounded to `digits` significant digits.
pub(crate) fn round_significant(a: f64, digits: i32) -> f64 {
    if a == 0.0 || !a.is_finite() {
        return a;
    }
    let p = 10f64.powi(digits - 1 - a.abs().log10().floor() as i32);
    (a * p).round() / p
}

/// Drops trailing zeros after a decimal point, and the point if nothing is left.
fn trim_zeros(text: String) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// Groups the integer digits of an unsigned decimal by thousands with `sep`,
/// when there are at least `from` of them.
fn group_thousands(text: &str, sep: &str, from: usize) -> String {
    let (int, frac) = match text.find('.') {
        Some(i) => (&text[..i], &text[i..]),
        None => (text, ""),
    };
    if int.len() < from {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + int.len() / 3 * sep.len());
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(ch);
    }
    out.push_str(frac);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_keeps_four_significant_digits_and_whole_integers() {
        let f = |x| COMPACT.format(x);
        assert_eq!(f(140.0), "140");
        assert_eq!(f(35.0), "35");
        assert_eq!(f(0.92), "0.92");
        assert_eq!(f(1234.5678), "1235");
        assert_eq!(f(12.3456), "12.35");
        assert_eq!(f(123456.7), "123457");
        assert_eq!(f(-0.0), "0");
        assert_eq!(f(-2.5), "-2.5");
        assert_eq!(f(1e-12), "1.000e-12");
        assert_eq!(f(-3e9), "-3.000e9");
        assert_eq!(f(f64::INFINITY), "inf");
    }

    #[test]
    fn report_groups_from_five_digits_with_a_true_minus() {
        let f = |x| REPORT.format(x);
        assert_eq!(f(0.0), "0");
        assert_eq!(f(-0.0), "0");
        assert_eq!(f(7527.4), "7527");
        assert_eq!(f(443750.0), "443\u{202f}750");
        assert_eq!(f(-12345.6), "\u{2212}12\u{202f}346");
        assert_eq!(f(123.45), "123.5");
        assert_eq!(f(1.2345), "1.23");
        assert_eq!(f(2.0), "2.00");
        assert_eq!(f(0.012345), "0.0123");
        assert_eq!(f(1.5e-7), "1.50e-7");
        assert_eq!(f(f64::INFINITY), "∞");
        assert_eq!(f(f64::NEG_INFINITY), "∞");
        assert_eq!(f(f64::NAN), "—");
    }

    #[test]
    fn manager_rounds_to_three_digits_and_writes_millions() {
        let f = |x| MANAGER.format(x);
        assert_eq!(f(3104.0), "3 100");
        assert_eq!(f(1_234_567.0), "1.23 M");
        assert_eq!(f(-45.0), "-45");
        assert_eq!(f(0.051234), "0.0512");
        assert_eq!(f(8.0), "8");
        assert_eq!(f(12_345_678_901.0), "12 300 M");
        assert_eq!(f(-2_500_000.0), "-2.5 M");
    }

    #[test]
    fn exact_keeps_nine_digits() {
        let f = |x| EXACT.format(x);
        assert_eq!(f(7001.0), "7 001");
        assert_eq!(f(0.98350000001), "0.9835");
        assert_eq!(f(22.5), "22.5");
        assert_eq!(f(-4168.0), "-4 168");
        assert_eq!(f(0.0), "0");
    }

    #[test]
    fn rounding_and_grouping_helpers() {
        assert_eq!(round_significant(3104.0, 3), 3100.0);
        assert_eq!(round_significant(0.051234, 2), 0.051);
        assert_eq!(group_thousands("1234567.5", ",", 4), "1,234,567.5");
        assert_eq!(group_thousands("1234", ",", 5), "1234");
        assert_eq!(trim_zeros("2.500".into()), "2.5");
        assert_eq!(trim_zeros("3.000".into()), "3");
    }
}
