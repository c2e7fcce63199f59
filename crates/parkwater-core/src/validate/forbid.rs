//! Forbid rules: each `from` / `to` pattern must match at least one supply /
//! demand id (operations' generated nodes included).

use super::checker::Checker;
use crate::model::ForbidRule;
use crate::network::{NameIndex, Pattern};
use crate::scenario::Scenario;

pub(super) fn rules(
    c: &mut Checker,
    s: &Scenario,
    supplies: &[&str],
    demands: &[&str],
) -> Vec<ForbidRule> {
    // Compiled once: linear in rules + ids (network::rules), not rules x ids.
    let (supplies, demands) = (NameIndex::new(supplies), NameIndex::new(demands));
    s.forbid
        .iter()
        .enumerate()
        .map(|(n, f)| {
            for (field, pattern, ids, what) in [
                ("from", &f.from, &supplies, "supply"),
                ("to", &f.to, &demands, "demand"),
            ] {
                if !Pattern::new(pattern).matches_any(ids) {
                    c.push(
                        format!("forbid[{n}].{field}"),
                        "forbid.no_match",
                        format!("'{pattern}' matches no {what} id"),
                    );
                }
            }
            ForbidRule {
                from: f.from.clone(),
                to: f.to.clone(),
                reason: f.reason.clone(),
            }
        })
        .collect()
}
