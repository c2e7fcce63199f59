//! The document `parkwater target` prints, shared by the command line and
//! Python, and the LP minimum printed beside the cascades.

use super::{target, target_all, AllTargets, ContaminantTargets, OperationReport, TargetingError};
use crate::model::Model;

/// The LP's status and minimum freshwater (flow unit) with every contaminant
/// at once: the true multi-contaminant target, which single-contaminant
/// cascades can only bound from below.
pub(crate) fn lp_freshwater(
    model: &Model,
) -> Result<(crate::Status, Option<f64>), crate::solve::SolveError> {
    let mut m = model.clone();
    m.objectives = vec![crate::model::Objective::Freshwater];
    let report = crate::solve(&m, &crate::SolveOptions::default())?;
    let freshwater = (report.status == crate::Status::Optimal).then_some(report.kpis.freshwater);
    Ok((report.status, freshwater))
}

/// What `parkwater target` reports, from the command line and Python alike:
/// one contaminant's targets, or every contaminant's with the LP's minimum
/// freshwater beside them when there are several.
#[derive(Debug, Clone)]
pub enum TargetReport {
    /// The contaminant asked for, or the scenario's only one.
    One(Box<ContaminantTargets>),
    /// Every contaminant (none asked for, several declared).
    All {
        /// Each contaminant's targets and failures.
        targets: AllTargets,
        /// The LP's status and minimum freshwater with every contaminant at
        /// once (only with several contaminants).
        lp: Option<(crate::Status, Option<f64>)>,
    },
}

/// Why a [`TargetReport`] could not be made.
#[derive(Debug, thiserror::Error)]
pub enum TargetReportError {
    /// The contaminant asked for cannot be targeted.
    #[error(transparent)]
    Targeting(#[from] TargetingError),
    /// The multi-contaminant LP broke.
    #[error(transparent)]
    Solve(#[from] crate::solve::SolveError),
}

impl TargetReport {
    /// Targets `contaminant`, or the only one; every one of them when the
    /// scenario has several and none is named.
    pub fn new(
        model: &Model,
        contaminant: Option<&str>,
    ) -> Result<TargetReport, TargetReportError> {
        let single = contaminant.or(match model.contaminants.as_slice() {
            [only] => Some(only.as_str()),
            _ => None,
        });
        if let Some(c) = single {
            return Ok(TargetReport::One(Box::new(target(model, c)?)));
        }
        let targets = target_all(model);
        let lp = (model.contaminants.len() > 1)
            .then(|| lp_freshwater(model))
            .transpose()?;
        Ok(TargetReport::All { targets, lp })
    }

    /// The contaminants targeted.
    pub fn targeted(&self) -> &[ContaminantTargets] {
        match self {
            TargetReport::One(t) => std::slice::from_ref(t.as_ref()),
            TargetReport::All { targets, .. } => &targets.contaminants,
        }
    }

    /// The JSON document (`parkwater target --format json`): the targets
    /// with `status: "ok"`; for all contaminants also `flow_unit`,
    /// `lp_status` and `lp_freshwater`; `operations` when there are any.
    pub fn document(
        &self,
        model: &Model,
        operations: &[OperationReport],
    ) -> Result<serde_json::Value, serde_json::Error> {
        use serde_json::to_value;
        let mut doc = match self {
            TargetReport::One(t) => to_value(t.as_ref())?,
            TargetReport::All { targets, lp } => {
                let mut doc = to_value(targets)?;
                doc["flow_unit"] = model.flow_unit.name().into();
                if let Some((status, freshwater)) = lp {
                    doc["lp_status"] = to_value(status)?;
                    doc["lp_freshwater"] = to_value(freshwater)?;
                }
                doc
            }
        };
        doc["status"] = "ok".into();
        if !operations.is_empty() {
            doc["operations"] = to_value(operations)?;
        }
        Ok(doc)
    }
}
