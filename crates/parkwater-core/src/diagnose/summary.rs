//! The conflict entries and the one-sentence summary of a [`Diagnosis`].

use crate::formulate::RowKey;
use crate::model::Model;
use crate::report::Conflict;
#[cfg(doc)]
use crate::report::Diagnosis;

/// The conflict entry of a row.
pub(super) fn conflict_entry(model: &Model, key: &RowKey) -> Conflict {
    Conflict {
        family: key.family.name(),
        entity: key.entity_name(model).to_string(),
        contaminant: key.contaminant_name(model).map(str::to_string),
        label: key.label(model),
    }
}

/// Conflicts named one by one in a summary; beyond it the summary counts
/// them by family and names the rarest (a park cap, an outfall limit say
/// more than the hundredth sink demand). `conflicting` lists them all.
const SUMMARY_NAMED: usize = 8;

/// "these requirements cannot all hold: ...; smallest fix: ...".
pub(super) fn summary(conflicting: &[Conflict], fixes: &[String]) -> String {
    let mut s = if conflicting.is_empty() {
        "no flow meets every requirement".to_string()
    } else if conflicting.len() <= SUMMARY_NAMED {
        let labels: Vec<&str> = conflicting.iter().map(|c| c.label.as_str()).collect();
        format!("these requirements cannot all hold: {}", labels.join("; "))
    } else {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for c in conflicting {
            match counts.iter_mut().find(|(f, _)| *f == c.family) {
                Some((_, n)) => *n += 1,
                None => counts.push((c.family, 1)),
            }
        }
        let count_of = |family: &str| counts.iter().find(|(f, _)| *f == family).map_or(0, |x| x.1);
        let mut rarest: Vec<&Conflict> = conflicting.iter().collect();
        rarest.sort_by_key(|c| count_of(c.family)); // stable: keeps the sorted order within a family
        let named: Vec<&str> = rarest
            .iter()
            .take(SUMMARY_NAMED)
            .map(|c| c.label.as_str())
            .collect();
        let by_family: Vec<String> = counts.iter().map(|(f, n)| format!("{n} {f}")).collect();
        format!(
            "{} requirements cannot all hold ({}), among them: {}; and {} more (see `conflicting`)",
            conflicting.len(),
            by_family.join(", "),
            named.join("; "),
            conflicting.len() - named.len()
        )
    };
    if !fixes.is_empty() {
        s.push_str(&format!(". Smallest fix: {}", fixes.join("; ")));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conflict(family: &'static str, label: &str) -> Conflict {
        Conflict {
            family,
            entity: String::new(),
            contaminant: None,
            label: label.to_string(),
        }
    }

    #[test]
    fn a_long_conflict_is_summarized_by_family_naming_the_rarest() {
        let mut all: Vec<Conflict> = (0..40)
            .map(|i| conflict("sink_flow", &format!("demand of sink SK{i:02}")))
            .collect();
        all.push(conflict("max_intake", "park cap on total intake"));
        let s = summary(&all, &["raise the cap".to_string()]);
        assert!(
            s.starts_with("41 requirements cannot all hold (40 sink_flow, 1 max_intake)"),
            "{s}"
        );
        assert!(
            s.contains("among them: park cap on total intake; demand of sink SK00;"),
            "{s}"
        );
        assert!(
            s.contains("and 33 more") && s.ends_with("Smallest fix: raise the cap"),
            "{s}"
        );
        let few = summary(&all[..2], &[]);
        assert_eq!(
            few,
            "these requirements cannot all hold: demand of sink SK00; demand of sink SK01"
        );
    }
}
