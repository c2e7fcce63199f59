//! The trade-off front as an SVG (plotters' SVG backend).

use crate::pareto::{Front, Measure};
use plotters::prelude::*;

/// Draws the optimal points of a front, joined, with labelled axes.
pub fn front_svg(front: &Front) -> Result<String, String> {
    let pts: Vec<(f64, f64)> = front
        .points
        .iter()
        .filter(|p| p.status == "optimal" && p.x.is_finite() && p.y.is_finite())
        .map(|p| (p.x, p.y))
        .collect();
    if pts.is_empty() {
        return Err("no optimal point to plot".into());
    }
    let pad = |lo: f64, hi: f64| {
        let d = (hi - lo).abs().max(hi.abs() * 1e-3).max(1e-9);
        (lo - 0.05 * d, hi + 0.05 * d)
    };
    let (x0, x1) = pad(
        pts.iter().map(|p| p.0).fold(f64::INFINITY, f64::min),
        pts.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max),
    );
    let (y0, y1) = pad(
        pts.iter().map(|p| p.1).fold(f64::INFINITY, f64::min),
        pts.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max),
    );
    let x_name = match front.x {
        Measure::Freshwater => "freshwater",
        Measure::Discharge => "discharge",
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (800, 520)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!("{} vs {x_name}: epsilon-constraint front", front.y),
                ("sans-serif", 20),
            )
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(90)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .x_desc(format!("{x_name} ({})", front.x_unit))
            .y_desc(format!("{} ({})", front.y, front.y_unit))
            .y_label_formatter(&|v| crate::units::fmt(*v))
            .x_label_formatter(&|v| crate::units::fmt(*v))
            .draw()
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(LineSeries::new(pts.iter().copied(), BLUE.stroke_width(2)))
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(pts.iter().map(|&p| Circle::new(p, 4, BLUE.filled())))
            .map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}
