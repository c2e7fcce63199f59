//! Composite curves for plotting.
//!
//! * The source and sink composite curves of the material recovery pinch diagram
//!   (El-Halwagi, Gabriel & Harell 2003): streams sorted by concentration, cumulative
//!   flow (t/h) against cumulative load (kg/h). The source curve includes the fresh
//!   supplies at their targets, which slides it right until it touches the sink
//!   curve at the pinch; at the target it lies nowhere above the sink curve.
//! * The limiting composite curve (Wang & Smith 1994) generalised to fixed-flowrate
//!   data: for each concentration `c`, the load the sinks need to be diluted to `c`
//!   minus what the sources give, `sum over sinks F (c - Ck)+ - sum over sources
//!   F (c - Cs)+` (kg/h), which is minus the cumulative load of the cascade without
//!   fresh water. For limiting flows of fixed-load operations it is exactly Wang &
//!   Smith's curve. The freshwater supply line `sum F_fresh (c - C_fresh)+` lies
//!   above it at the target and touches it at the pinches.

use serde::{Deserialize, Serialize};

use crate::cascade::{target, KG_PER_T_PPM};
use crate::error::PinchError;
use crate::levels::{cascade, Model};
use crate::problem::TargetProblem;

/// A point of a composite curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    /// Cumulative flow, t/h.
    pub flow: f64,
    /// Cumulative load, kg/h.
    pub load: f64,
}

/// A point of the limiting composite curve or of the supply line.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ConcLoad {
    /// Concentration, mg/L.
    pub conc: f64,
    /// Load, kg/h.
    pub load: f64,
}

/// Where the source and sink composites touch at one pinch.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PinchPoint {
    /// Pinch concentration, mg/L.
    pub conc: f64,
    /// Cumulative flow of the sinks cleaner than the pinch, t/h.
    pub flow: f64,
    /// Their cumulative load, kg/h (on both curves).
    pub load: f64,
}

/// Data for plotting the targets of one problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompositeCurves {
    /// Sink composite, from (0, 0).
    pub sink: Vec<CurvePoint>,
    /// Source composite including the fresh supplies at their targets, from (0, 0).
    pub source: Vec<CurvePoint>,
    /// One point per pinch.
    pub pinch_points: Vec<PinchPoint>,
    /// Limiting composite curve at every stream concentration, from 0 mg/L.
    pub limiting: Vec<ConcLoad>,
    /// Freshwater supply line at the target, at the same concentrations.
    pub supply_line: Vec<ConcLoad>,
    /// The freshwater target, t/h.
    pub freshwater: f64,
}

/// The composite curves of a problem at its freshwater target (rule
/// [`crate::FreshPriority::MinTotal`]). Errors as [`crate::target`].
pub fn composite_curves(problem: &TargetProblem) -> Result<CompositeCurves, PinchError> {
    let targets = target(problem)?;
    let fresh_flows: Vec<f64> = targets.fresh_by_supply.iter().map(|(_, f)| *f).collect();

    let sink = composite(problem.sinks.iter().map(|s| (s.conc, s.flow)));
    let source = composite(
        problem.sources.iter().map(|s| (s.conc, s.flow)).chain(
            problem
                .fresh
                .iter()
                .zip(&fresh_flows)
                .map(|(f, &q)| (f.conc, q)),
        ),
    );

    let pinch_points = targets
        .pinches
        .iter()
        .map(|&cp| {
            let (flow, mass) = problem
                .sinks
                .iter()
                .filter(|s| s.conc < cp)
                .fold((0.0, 0.0), |(f, m), s| (f + s.flow, m + s.flow * s.conc));
            PinchPoint {
                conc: cp,
                flow,
                load: mass * KG_PER_T_PPM,
            }
        })
        .collect();

    let model = Model::new(problem, &[]);
    let (_, load) = cascade(&model.conc, &model.base_net);
    let upto = model.len() - 1; // leave out the artificial top
    let limiting = (0..upto)
        .map(|i| ConcLoad {
            conc: model.conc[i],
            load: -load[i] * KG_PER_T_PPM,
        })
        .collect();
    let supply_line = model.conc[..upto]
        .iter()
        .map(|&c| ConcLoad {
            conc: c,
            load: problem
                .fresh
                .iter()
                .zip(&fresh_flows)
                .map(|(f, &q)| q * (c - f.conc).max(0.0))
                .sum::<f64>()
                * KG_PER_T_PPM,
        })
        .collect();

    Ok(CompositeCurves {
        sink,
        source,
        pinch_points,
        limiting,
        supply_line,
        freshwater: targets.freshwater,
    })
}

/// Cumulative (flow, load) of streams sorted by concentration; zero flows skipped.
fn composite(streams: impl Iterator<Item = (f64, f64)>) -> Vec<CurvePoint> {
    let mut s: Vec<(f64, f64)> = streams.filter(|&(_, f)| f > 0.0).collect();
    s.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::with_capacity(s.len() + 1);
    let (mut flow, mut mass) = (0.0, 0.0);
    out.push(CurvePoint {
        flow: 0.0,
        load: 0.0,
    });
    for (c, f) in s {
        flow += f;
        mass += f * c;
        out.push(CurvePoint {
            flow,
            load: mass * KG_PER_T_PPM,
        });
    }
    out
}

/// Load of a piecewise-linear composite at cumulative flow `x` (the last point's
/// load beyond its end).
#[cfg(test)]
pub(crate) fn load_at(curve: &[CurvePoint], x: f64) -> f64 {
    for w in curve.windows(2) {
        if x <= w[1].flow {
            let span = w[1].flow - w[0].flow;
            let t = if span > 0.0 {
                (x - w[0].flow) / span
            } else {
                1.0
            };
            return w[0].load + t * (w[1].load - w[0].load);
        }
    }
    curve.last().map_or(0.0, |p| p.load)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::examples::polley_polley_2000 as polley;

    #[test]
    fn polley_curves_touch_at_the_pinch() {
        let c = composite_curves(&polley()).unwrap();
        assert_eq!(c.sink.len(), 5);
        assert_eq!(c.source.len(), 6); // fresh + 4 sources + origin
        assert_eq!(
            c.source[1],
            CurvePoint {
                flow: 70.0,
                load: 0.0
            }
        );
        assert_eq!(c.sink.last().unwrap().flow, 300.0);
        assert_eq!(c.source.last().unwrap().flow, 350.0);
        // pinch at 150 mg/L: sinks cleaner than 150 are 230 t/h carrying 14 kg/h,
        // and the source curve passes through the same point.
        assert_eq!(c.pinch_points.len(), 1);
        let p = c.pinch_points[0];
        assert_eq!((p.conc, p.flow), (150.0, 230.0));
        assert!((p.load - 14.0).abs() < 1e-12);
        assert!((load_at(&c.source, 230.0) - 14.0).abs() < 1e-12);
        // the source curve lies nowhere above the sink curve
        for k in 0..=300 {
            let x = k as f64;
            assert!(
                load_at(&c.source, x) <= load_at(&c.sink, x) + 1e-9,
                "at {x}"
            );
        }
    }

    #[test]
    fn supply_line_touches_limiting_curve_at_pinch() {
        let c = composite_curves(&polley()).unwrap();
        for (l, s) in c.limiting.iter().zip(&c.supply_line) {
            assert_eq!(l.conc, s.conc);
            assert!(s.load >= l.load - 1e-9);
            if l.conc == 150.0 {
                assert!((s.load - l.load).abs() < 1e-12);
                assert!((l.load - 10.5).abs() < 1e-12);
            }
        }
    }
}
