//! The data of the Sankey diagram: one link per flow above the drawing
//! threshold, coloured by the quality grade its water meets, with the
//! concentrations for the tooltip. The layout is d3-sankey's, in the
//! browser (`assets/report.js`); this module only decides what is drawn.

use crate::accounts::Arc;
use crate::format::num;
use crate::park::{NodeKind, Park};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A colour class of the links.
#[derive(Debug, Clone, Serialize)]
pub struct Grade {
    /// Key used by links.
    pub key: &'static str,
    /// Legend text.
    pub label: String,
    /// CSS colour.
    pub color: &'static str,
}

/// The quality ladder, cleanest first: a link takes the first grade whose
/// limits its supply meets on every modelled contaminant the grade limits.
const LADDER: &[(&str, &str, &str, &str)] = &[
    (
        "fresh",
        "GB3838-2002/III",
        "meets GB 3838 class III (surface water)",
        "#1f6fb2",
    ),
    (
        "reuse",
        "GB/T19923-2005/open_recirc_cooling_makeup",
        "meets GB/T 19923 cooling make-up",
        "#2a9d8f",
    ),
    (
        "class1a",
        "GB18918-2002/1A",
        "meets GB 18918 Class 1A",
        "#8ab17d",
    ),
    (
        "sewer",
        "GB8978-1996/3",
        "meets GB 8978 grade 3 (to sewer)",
        "#e9a23b",
    ),
];

/// The diagram's data, serialized into the page.
#[derive(Debug, Clone, Serialize)]
pub struct Sankey {
    /// Flow unit.
    pub unit: String,
    /// Links below this flow are not drawn.
    pub threshold: f64,
    /// Nodes that carry a drawn link.
    pub nodes: Vec<SNode>,
    /// Drawn links.
    pub links: Vec<SLink>,
    /// Legend, in ladder order.
    pub grades: Vec<Grade>,
    /// Flows not drawn because they are below the threshold: count, total.
    pub hidden: (usize, f64),
    /// Links left out because they would close a loop between treatment units.
    pub loops: usize,
}

/// A Sankey node.
#[derive(Debug, Clone, Serialize)]
pub struct SNode {
    /// Id.
    pub id: String,
    /// Node kind (colour).
    pub kind: &'static str,
    /// Enterprise, if any.
    pub enterprise: String,
}

/// A Sankey link.
#[derive(Debug, Clone, Serialize)]
pub struct SLink {
    /// Index of the supply node.
    pub source: usize,
    /// Index of the demand node.
    pub target: usize,
    /// Flow, flow unit.
    pub value: f64,
    /// Grade key.
    pub grade: &'static str,
    /// Concentrations for the tooltip.
    pub conc: String,
}

/// Builds the diagram: flows at or above `threshold_share` x the largest flow.
pub fn build(park: &Park, arcs: &[Arc], threshold_share: f64) -> Sankey {
    let idx = park.index();
    let ladder: Vec<(&'static str, BTreeMap<String, f64>, String, &'static str)> = LADDER
        .iter()
        .filter_map(|&(key, grade, label, color)| {
            let limits = parkwater_core::validate::grade_limits(grade)?;
            let used: BTreeMap<String, f64> = park
                .contaminants
                .iter()
                .filter_map(|c| Some((c.clone(), *limits.get(c)?)))
                .collect();
            if used.is_empty() {
                return None;
            }
            let names = used.keys().cloned().collect::<Vec<_>>().join(", ");
            Some((key, used, format!("{label} on {names}"), color))
        })
        .collect();
    let by_grade = !ladder.is_empty();
    let mut grades: Vec<Grade> = if by_grade {
        ladder
            .iter()
            .map(|(k, _, l, c)| Grade {
                key: k,
                label: l.clone(),
                color: c,
            })
            .collect()
    } else {
        vec![
            Grade {
                key: "intake",
                label: "intake water".into(),
                color: "#1f6fb2",
            },
            Grade {
                key: "effluent",
                label: "effluent reused or discharged".into(),
                color: "#e9a23b",
            },
            Grade {
                key: "treated",
                label: "treated water".into(),
                color: "#2a9d8f",
            },
        ]
    };
    if by_grade {
        grades.push(Grade {
            key: "above",
            label: "above all these grades".into(),
            color: "#d1495b",
        });
    }
    grades.push(Grade {
        key: "reject",
        label: "treatment reject (concentrate)".into(),
        color: "#6d597a",
    });

    let largest = arcs.iter().map(|a| a.flow).fold(0.0, f64::max);
    let threshold = threshold_share * largest;
    let mut drawn: Vec<&Arc> = Vec::new();
    let mut hidden = (0usize, 0.0f64);
    for a in arcs {
        if a.flow >= threshold && a.flow > 0.0 {
            drawn.push(a);
        } else {
            hidden.0 += 1;
            hidden.1 += a.flow;
        }
    }
    // Treatment -> treatment links can close a loop, which a Sankey cannot
    // draw: keep the larger links, leave out one that would close a loop.
    let mut order: Vec<usize> = (0..drawn.len()).collect();
    order.sort_by(|&a, &b| drawn[b].flow.total_cmp(&drawn[a].flow));
    let is_treatment = |id: &str| idx.get(id).map(|n| n.kind) == Some(NodeKind::Treatment);
    let mut tt: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut keep = vec![true; drawn.len()];
    let mut loops = 0;
    for i in order {
        let a = drawn[i];
        if is_treatment(&a.from) && is_treatment(&a.to) {
            if a.from == a.to || reaches(&tt, &a.to, &a.from) {
                keep[i] = false;
                loops += 1;
            } else {
                tt.entry(&a.from).or_default().insert(&a.to);
            }
        }
    }
    let mut nodes: Vec<SNode> = Vec::new();
    let mut pos: BTreeMap<String, usize> = BTreeMap::new();
    let mut node_of = |id: &str, nodes: &mut Vec<SNode>| -> usize {
        if let Some(&i) = pos.get(id) {
            return i;
        }
        let n = idx.get(id);
        nodes.push(SNode {
            id: id.to_string(),
            kind: n.map_or("node", |n| n.kind.name()),
            enterprise: n.and_then(|n| n.enterprise.clone()).unwrap_or_default(),
        });
        pos.insert(id.to_string(), nodes.len() - 1);
        nodes.len() - 1
    };
    let mut links = Vec::new();
    for (a, _) in drawn.iter().zip(&keep).filter(|(_, &k)| k) {
        let source = node_of(&a.from, &mut nodes);
        let target = node_of(&a.to, &mut nodes);
        let supply = idx.get(a.from.as_str());
        let (grade, conc) = if a.reject {
            ("reject", "variable (reject of the unit)".to_string())
        } else {
            let conc = supply.map(|n| &n.conc);
            let text = conc
                .map(|c| {
                    park.contaminants
                        .iter()
                        .filter_map(|k| Some(format!("{k} {}", num(*c.get(k)?))))
                        .collect::<Vec<_>>()
                        .join(" · ")
                        + " mg/L"
                })
                .unwrap_or_default();
            let grade = if by_grade {
                conc.and_then(|c| {
                    ladder
                        .iter()
                        .find(|(_, lim, _, _)| {
                            lim.iter().all(|(k, l)| c.get(k).is_none_or(|x| *x <= *l))
                        })
                        .map(|g| g.0)
                })
                .unwrap_or("above")
            } else {
                match supply.map(|n| n.kind) {
                    Some(NodeKind::Intake) => "intake",
                    Some(NodeKind::Treatment) => "treated",
                    _ => "effluent",
                }
            };
            (grade, text)
        };
        links.push(SLink {
            source,
            target,
            value: a.flow,
            grade,
            conc,
        });
    }
    Sankey {
        unit: park.flow_unit.clone(),
        threshold,
        nodes,
        links,
        grades,
        hidden,
        loops,
    }
}

fn reaches(g: &BTreeMap<&str, BTreeSet<&str>>, from: &str, to: &str) -> bool {
    let mut stack = vec![from];
    let mut seen = BTreeSet::new();
    while let Some(n) = stack.pop() {
        if n == to {
            return true;
        }
        if seen.insert(n) {
            stack.extend(g.get(n).into_iter().flatten().copied());
        }
    }
    false
}
