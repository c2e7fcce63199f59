//! The conflict and its fix in park terms: figures in the scenario's units,
//! the supplies a sink may take, what would fix it.
//!
//! - `relax`: the smallest relaxation, requirement by requirement;
//! - `fixes`: one action per relaxation entry;
//! - `sentences`: one sentence per conflicting requirement, with `sink` for
//!   a sink's (and `fix_probe`, the re-solve check of which kept-away supply
//!   would fix it), `streams` for stream rules and `supplies` for the
//!   descriptions of supplies they share.

mod fix_probe;
mod fixes;
mod relax;
mod sentences;
mod sink;
mod streams;
mod supplies;

pub use fixes::fixes;
pub use relax::relaxations;
pub use sentences::explanations;

/// Most candidate fixes (arcs) tried per quality conflict.
const MAX_FIX_PROBES: usize = 6;

/// Most supplies named in one sentence.
const MAX_NAMED: usize = 6;

/// "A, B, C" or "A, B, ... (9 in all)".
fn names<S: AsRef<str>>(list: &[S]) -> String {
    let shown: Vec<&str> = list.iter().take(MAX_NAMED).map(AsRef::as_ref).collect();
    if list.len() > MAX_NAMED {
        format!("{}, ... ({} in all)", shown.join(", "), list.len())
    } else {
        shown.join(", ")
    }
}

/// A figure with about four significant digits and no trailing zeros
/// (`format::COMPACT`).
pub fn num(x: f64) -> String {
    crate::format::COMPACT.format(x)
}

/// A fraction as a percentage: 0.92 -> "92 %".
fn pct(x: f64) -> String {
    format!("{} %", num(100.0 * x))
}

#[cfg(test)]
mod tests {
    use super::{num, pct};

    #[test]
    fn figures_read_well() {
        assert_eq!(num(140.0), "140");
        assert_eq!(num(35.0), "35");
        assert_eq!(num(0.92), "0.92");
        assert_eq!(num(1234.5678), "1235");
        assert_eq!(num(12.3456), "12.35");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(1e-12), "1.000e-12");
        assert_eq!(pct(0.92), "92 %");
    }
}
