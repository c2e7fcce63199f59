//! A self-contained SVG of the source and sink composite curves, with no
//! dependency: axes with ticks and labels, the two curves, the pinches marked.

use std::fmt::Write as _;

use crate::curves::{CompositeCurves, CurvePoint};

const W: f64 = 720.0;
const H: f64 = 480.0;
const LEFT: f64 = 80.0;
const RIGHT: f64 = 30.0;
const TOP: f64 = 50.0;
const BOTTOM: f64 = 60.0;
const SINK_COLOUR: &str = "#1f77b4";
const SOURCE_COLOUR: &str = "#d62728";

/// The material recovery pinch diagram of `curves` as an SVG document (UTF-8, no
/// external references): cumulative flow (t/h) across, cumulative load (kg/h) up.
pub fn composite_svg(curves: &CompositeCurves) -> String {
    let finite = |p: &&CurvePoint| p.flow.is_finite() && p.load.is_finite();
    let all = curves.sink.iter().chain(&curves.source).filter(finite);
    let (max_x, max_y) = all.fold((0.0f64, 0.0f64), |(x, y), p| (x.max(p.flow), y.max(p.load)));
    let x_axis = Axis::new(max_x);
    let y_axis = Axis::new(max_y);
    let px = |x: f64| LEFT + x / x_axis.max * (W - LEFT - RIGHT);
    let py = |y: f64| H - BOTTOM - y / y_axis.max * (H - TOP - BOTTOM);

    let mut s = String::new();
    // `write!` into a String cannot fail.
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(s, r#"<rect width="{W}" height="{H}" fill="white"/>"#);
    let _ = writeln!(
        s,
        r#"<text x="{}" y="28" text-anchor="middle" font-size="16">Source and sink composite curves (freshwater {} t/h)</text>"#,
        W / 2.0,
        num(curves.freshwater)
    );

    // axes, ticks and labels
    let (x0, y0, x1, y1) = (px(0.0), py(0.0), px(x_axis.max), py(y_axis.max));
    let _ = writeln!(s, r#"<g stroke="black" fill="none">"#);
    let _ = writeln!(s, r#"<line x1="{x0}" y1="{y0}" x2="{x1}" y2="{y0}"/>"#);
    let _ = writeln!(s, r#"<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}"/>"#);
    for t in x_axis.ticks() {
        let x = px(t);
        let _ = writeln!(
            s,
            r#"<line x1="{x}" y1="{y0}" x2="{x}" y2="{}"/>"#,
            y0 + 5.0
        );
    }
    for t in y_axis.ticks() {
        let y = py(t);
        let _ = writeln!(
            s,
            r#"<line x1="{}" y1="{y}" x2="{x0}" y2="{y}"/>"#,
            x0 - 5.0
        );
    }
    let _ = writeln!(s, "</g>");
    let _ = writeln!(s, r#"<g fill="black">"#);
    for t in x_axis.ticks() {
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            px(t),
            y0 + 20.0,
            num(t)
        );
    }
    for t in y_axis.ticks() {
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
            x0 - 8.0,
            py(t) + 4.0,
            num(t)
        );
    }
    let _ = writeln!(
        s,
        r#"<text x="{}" y="{}" text-anchor="middle">Cumulative flow (t/h)</text>"#,
        (x0 + x1) / 2.0,
        H - 15.0
    );
    let _ = writeln!(
        s,
        r#"<text x="20" y="{}" text-anchor="middle" transform="rotate(-90 20 {})">Cumulative load (kg/h)</text>"#,
        (y0 + y1) / 2.0,
        (y0 + y1) / 2.0
    );
    let _ = writeln!(s, "</g>");

    // the curves
    for (curve, colour, name) in [
        (&curves.sink, SINK_COLOUR, "sink"),
        (&curves.source, SOURCE_COLOUR, "source"),
    ] {
        let points: Vec<String> = curve
            .iter()
            .filter(finite)
            .map(|p| format!("{},{}", num(px(p.flow)), num(py(p.load))))
            .collect();
        let _ = writeln!(
            s,
            r#"<polyline class="{name}" fill="none" stroke="{colour}" stroke-width="2" points="{}"/>"#,
            points.join(" ")
        );
    }

    // pinches
    for p in curves
        .pinch_points
        .iter()
        .filter(|p| p.flow.is_finite() && p.load.is_finite())
    {
        let (x, y) = (px(p.flow), py(p.load));
        let _ = writeln!(
            s,
            r#"<circle class="pinch" cx="{}" cy="{}" r="5" fill="none" stroke="black" stroke-width="1.5"/>"#,
            num(x),
            num(y)
        );
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}">pinch {} mg/L</text>"#,
            num(x + 8.0),
            num(y - 8.0),
            num(p.conc)
        );
    }

    // legend
    let (lx, ly) = (LEFT + 20.0, TOP + 10.0);
    for (k, (colour, label)) in [
        (SINK_COLOUR, "sink composite"),
        (SOURCE_COLOUR, "source composite (with fresh water)"),
    ]
    .iter()
    .enumerate()
    {
        let y = ly + 18.0 * k as f64;
        let _ = writeln!(
            s,
            r#"<line x1="{lx}" y1="{y}" x2="{}" y2="{y}" stroke="{colour}" stroke-width="2"/>"#,
            lx + 24.0
        );
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}">{label}</text>"#,
            lx + 30.0,
            y + 4.0
        );
    }
    s.push_str("</svg>\n");
    s
}

/// A linear axis from 0 with a "nice" tick step (1, 2 or 5 x 10^k).
struct Axis {
    max: f64,
    step: f64,
}

impl Axis {
    fn new(data_max: f64) -> Axis {
        let data_max = if data_max.is_finite() && data_max > 0.0 {
            data_max
        } else {
            1.0
        };
        let raw = data_max / 5.0;
        let mag = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * mag)
            .find(|&s| s >= raw)
            .unwrap_or(10.0 * mag);
        Axis {
            max: (data_max / step).ceil() * step,
            step,
        }
    }

    fn ticks(&self) -> Vec<f64> {
        let n = (self.max / self.step).round() as usize;
        (0..=n).map(|k| k as f64 * self.step).collect()
    }
}

/// A number with at most 3 decimals, trailing zeros trimmed.
fn num(v: f64) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curves::composite_curves;
    use crate::problem::{FreshSupply, TargetProblem};

    /// Tags balance and attributes are quoted: a small well-formedness check.
    fn well_formed(svg: &str) -> bool {
        let mut stack: Vec<String> = Vec::new();
        let mut rest = svg;
        while let Some(start) = rest.find('<') {
            let Some(end) = rest[start..].find('>') else {
                return false;
            };
            let tag = &rest[start + 1..start + end];
            rest = &rest[start + end + 1..];
            if tag.matches('"').count() % 2 != 0 {
                return false;
            }
            if let Some(name) = tag.strip_prefix('/') {
                if stack.pop().as_deref() != Some(name.trim()) {
                    return false;
                }
            } else if !tag.ends_with('/') {
                let name = tag.split_whitespace().next().unwrap_or("");
                stack.push(name.to_string());
            }
        }
        stack.is_empty()
    }

    #[test]
    fn polley_svg_is_well_formed_and_complete() {
        let p = crate::examples::polley_polley_2000();
        let svg = composite_svg(&composite_curves(&p).unwrap());
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>\n"));
        assert!(well_formed(&svg));
        assert_eq!(svg.matches("<polyline").count(), 2);
        assert_eq!(svg.matches("class=\"pinch\"").count(), 1);
        assert!(svg.contains("pinch 150 mg/L"));
        assert!(svg.contains("Cumulative flow (t/h)"));
        assert!(svg.contains("Cumulative load (kg/h)"));
        assert!(svg.contains("freshwater 70 t/h"));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn empty_curves_still_draw() {
        let p = TargetProblem::new(vec![], vec![], vec![FreshSupply::new("FW", 0.0)]);
        let svg = composite_svg(&composite_curves(&p).unwrap());
        assert!(well_formed(&svg));
        assert!(!svg.contains("NaN"));
    }

    #[test]
    fn nice_axes() {
        let a = Axis::new(350.0);
        assert_eq!((a.step, a.max), (100.0, 400.0));
        assert_eq!(a.ticks().len(), 5);
        let a = Axis::new(0.0);
        assert!(a.max > 0.0);
        assert_eq!(num(2.5), "2.5");
        assert_eq!(num(70.0), "70");
        assert_eq!(num(-0.0001), "0");
    }
}
