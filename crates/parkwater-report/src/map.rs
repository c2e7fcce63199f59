//! The park map, drawn to scale as inline SVG (no JavaScript needed, so it
//! prints): enterprises, intakes, treatment units and outfalls at their
//! locations (km, north up, one scale on both axes), the solved flows
//! between places, and with a design the pipes it builds (km and capital).

use crate::accounts::Arc;
use crate::format::{money, num};
use crate::park::{NodeKind, Park};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;

const W: f64 = 960.0;
const H: f64 = 600.0;
const PAD: f64 = 48.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A place on the map: where a node draws (its own location, else its
/// enterprise's) and what marker stands there.
struct Place {
    id: String,
    kind: &'static str,
    at: [f64; 2],
    label: String,
}

/// The SVG map, or `None` when nothing in the park has a location.
pub fn svg(park: &Park, arcs: &[Arc], result: &Value) -> Option<String> {
    let mut places: Vec<Place> = Vec::new();
    for e in &park.enterprises {
        if let Some(at) = e.location {
            places.push(Place {
                id: e.id.clone(),
                kind: "enterprise",
                at,
                label: e.id.clone(),
            });
        }
    }
    // Where each node id draws, by place index.
    let mut place_of: BTreeMap<&str, usize> = BTreeMap::new();
    for n in &park.nodes {
        let own = matches!(
            n.kind,
            NodeKind::Intake | NodeKind::Treatment | NodeKind::Discharge
        );
        let at = park.location_of(n);
        match (own, at) {
            (true, Some(at)) => {
                places.push(Place {
                    id: n.id.clone(),
                    kind: n.kind.name(),
                    at,
                    label: n.id.clone(),
                });
                place_of.insert(&n.id, places.len() - 1);
            }
            (false, Some(_)) => {
                let e = n.enterprise.as_deref().unwrap_or_default();
                if let Some(i) = places
                    .iter()
                    .position(|p| p.kind == "enterprise" && p.id == e)
                {
                    place_of.insert(&n.id, i);
                }
            }
            _ => {}
        }
    }
    if places.is_empty() {
        return None;
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in &places {
        x0 = x0.min(p.at[0]);
        x1 = x1.max(p.at[0]);
        y0 = y0.min(p.at[1]);
        y1 = y1.max(p.at[1]);
    }
    let span = (x1 - x0).max(y1 - y0).max(1.0);
    let (x0, x1, y0, y1) = (
        x0 - 0.06 * span,
        x1 + 0.06 * span,
        y0 - 0.06 * span,
        y1 + 0.06 * span,
    );
    let k = ((W - 2.0 * PAD) / (x1 - x0)).min((H - 2.0 * PAD) / (y1 - y0));
    let ox = PAD + ((W - 2.0 * PAD) - k * (x1 - x0)) / 2.0;
    let oy = PAD + ((H - 2.0 * PAD) - k * (y1 - y0)) / 2.0;
    let px = |at: [f64; 2]| (ox + k * (at[0] - x0), H - oy - k * (at[1] - y0));

    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="map" viewBox="0 0 {W} {H}" role="img" aria-label="Park map to scale" data-km-per-px="{}" xmlns="http://www.w3.org/2000/svg">"#,
        1.0 / k
    );
    s.push_str(r##"<rect x="0" y="0" width="960" height="600" fill="#f7f9fb"/>"##);
    // Grid every `step` km.
    let step = nice(span / 6.0);
    let mut gx = (x0 / step).ceil() * step;
    while gx <= x1 {
        let (a, _) = px([gx, y0]);
        let _ = write!(
            s,
            r##"<line class="grid" x1="{a:.1}" y1="0" x2="{a:.1}" y2="{H}"/><text class="grid-label" x="{:.1}" y="{}">{} km</text>"##,
            a + 3.0,
            H - 6.0,
            km(gx)
        );
        gx += step;
    }
    let mut gy = (y0 / step).ceil() * step;
    while gy <= y1 {
        let (_, b) = px([x0, gy]);
        let _ = write!(
            s,
            r##"<line class="grid" x1="0" y1="{b:.1}" x2="{W}" y2="{b:.1}"/><text class="grid-label" x="4" y="{:.1}">{} km</text>"##,
            b - 3.0,
            km(gy)
        );
        gy += step;
    }
    // Flows between places, summed per pair.
    let mut pair: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for a in arcs {
        if let (Some(&i), Some(&j)) = (place_of.get(a.from.as_str()), place_of.get(a.to.as_str())) {
            if i != j {
                *pair.entry((i, j)).or_default() += a.flow;
            }
        }
    }
    let largest = pair.values().copied().fold(0.0, f64::max);
    for (&(i, j), &f) in &pair {
        let (ax, ay) = px(places[i].at);
        let (bx, by) = px(places[j].at);
        let w = if largest > 0.0 {
            0.8 + 9.0 * (f / largest).sqrt()
        } else {
            1.0
        };
        // A slight bend so that A->B and B->A stay apart.
        let (mx, my) = (
            (ax + bx) / 2.0 - (by - ay) * 0.08,
            (ay + by) / 2.0 + (bx - ax) * 0.08,
        );
        let _ = write!(
            s,
            r#"<path class="map-flow" d="M{ax:.1},{ay:.1} Q{mx:.1},{my:.1} {bx:.1},{by:.1}" stroke-width="{w:.2}" data-from="{}" data-to="{}" data-flow="{f}"><title>{} → {}: {} {}</title></path>"#,
            esc(&places[i].id),
            esc(&places[j].id),
            esc(&places[i].id),
            esc(&places[j].id),
            num(f),
            esc(&park.flow_unit)
        );
    }
    // Design pipes: drawn over the flows, with km and capital.
    if let Some(pipes) = result["design"]["pipes"].as_array() {
        for p in pipes {
            let (Some(from), Some(to)) = (p["from"].as_str(), p["to"].as_str()) else {
                continue;
            };
            let (Some(&i), Some(&j)) = (place_of.get(from), place_of.get(to)) else {
                continue;
            };
            if i == j {
                continue;
            }
            let existing = p["existing"].as_bool().unwrap_or(false);
            let (ax, ay) = px(places[i].at);
            let (bx, by) = px(places[j].at);
            let km = p["length_km"].as_f64();
            let capex = p["capex"].as_f64();
            let label = match (km, capex, existing) {
                (Some(km), _, true) => format!("{} km, existing", num(km)),
                (Some(km), Some(c), false) => format!("{} km · {} CNY", num(km), money(c)),
                (Some(km), None, false) => format!("{} km", num(km)),
                _ => String::new(),
            };
            let _ = write!(
                s,
                r#"<g class="map-pipe{}" data-from="{}" data-to="{}"><line x1="{ax:.1}" y1="{ay:.1}" x2="{bx:.1}" y2="{by:.1}"/><text x="{:.1}" y="{:.1}">{}</text><title>pipe {} → {}: {} ({} {})</title></g>"#,
                if existing { " existing" } else { "" },
                esc(from),
                esc(to),
                (ax + bx) / 2.0 + 4.0,
                (ay + by) / 2.0 - 4.0,
                esc(&label),
                esc(from),
                esc(to),
                esc(&label),
                p["flow"].as_f64().map(num).unwrap_or_default(),
                esc(&park.flow_unit)
            );
        }
    }
    for p in &places {
        let (x, y) = px(p.at);
        let shape = match p.kind {
            "enterprise" => format!(r#"<circle cx="{x:.1}" cy="{y:.1}" r="9"/>"#),
            "intake" => format!(
                r#"<path d="M{x:.1},{:.1} L{:.1},{:.1} L{:.1},{:.1} Z"/>"#,
                y - 10.0,
                x + 9.0,
                y + 7.0,
                x - 9.0,
                y + 7.0
            ),
            "treatment" => format!(
                r#"<rect x="{:.1}" y="{:.1}" width="15" height="15"/>"#,
                x - 7.5 + 10.0,
                y - 7.5 + 10.0
            ),
            _ => format!(
                r#"<path d="M{x:.1},{:.1} L{:.1},{y:.1} L{x:.1},{:.1} L{:.1},{y:.1} Z"/>"#,
                y - 10.0,
                x + 10.0,
                y + 10.0,
                x - 10.0
            ),
        };
        let _ = write!(
            s,
            r#"<g class="marker {}" data-node="{}" data-kind="{}" data-x="{}" data-y="{}">{shape}<text x="{:.1}" y="{:.1}">{}</text><title>{} {} at ({}, {}) km</title></g>"#,
            p.kind,
            esc(&p.id),
            p.kind,
            p.at[0],
            p.at[1],
            x + 12.0,
            y - 10.0,
            esc(&p.label),
            p.kind,
            esc(&p.id),
            num(p.at[0]),
            num(p.at[1])
        );
    }
    // Scale bar and north arrow.
    let bar = nice(span / 4.0);
    let _ = write!(
        s,
        r##"<g class="scale"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="6"/><text x="{:.1}" y="{:.1}">{} km</text></g><g class="north"><path d="M{},{} l8,22 l-8,-6 l-8,6 Z"/><text x="{}" y="{}">N</text></g></svg>"##,
        W - 24.0 - k * bar,
        H - 30.0,
        k * bar,
        W - 24.0 - k * bar,
        H - 36.0,
        km(bar),
        W - 30.0,
        14.0,
        W - 34.0,
        52.0
    );
    Some(s)
}

/// A grid coordinate: "2", "2.5", "0.25" (no trailing zeros).
fn km(x: f64) -> String {
    let t = format!("{:.3}", x + 0.0);
    t.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A round step (1, 2 or 5 x 10^n) near `x`.
fn nice(x: f64) -> f64 {
    let p = 10f64.powf(x.log10().floor());
    let m = x / p;
    p * if m < 1.5 {
        1.0
    } else if m < 3.5 {
        2.0
    } else if m < 7.5 {
        5.0
    } else {
        10.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_steps() {
        assert_eq!(nice(0.9), 1.0);
        assert_eq!(nice(2.6), 2.0);
        assert_eq!(nice(4.0), 5.0);
        assert_eq!(nice(80.0), 100.0);
        assert_eq!(km(10.0), "10");
        assert_eq!(km(2.5), "2.5");
        assert_eq!(km(-0.0), "0");
    }
}
