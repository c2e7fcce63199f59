//! Closed vocabularies of the scenario file: intake kinds, supply kinds a
//! sink accepts, objectives.

use serde::Serialize;

/// What kind of freshwater an intake delivers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IntakeKind {
    /// River, lake or reservoir water.
    Surface,
    /// Groundwater.
    Ground,
    /// Municipal tap water.
    Tap,
    /// Municipal reclaimed water.
    Reclaimed,
    /// Seawater or desalinated seawater.
    Seawater,
    /// Harvested rainwater.
    Rainwater,
}

impl IntakeKind {
    /// Every kind, in file spelling.
    pub const ALL: [IntakeKind; 6] = [
        IntakeKind::Surface,
        IntakeKind::Ground,
        IntakeKind::Tap,
        IntakeKind::Reclaimed,
        IntakeKind::Seawater,
        IntakeKind::Rainwater,
    ];

    /// The file spelling.
    pub fn name(self) -> &'static str {
        match self {
            IntakeKind::Surface => "surface",
            IntakeKind::Ground => "ground",
            IntakeKind::Tap => "tap",
            IntakeKind::Reclaimed => "reclaimed",
            IntakeKind::Seawater => "seawater",
            IntakeKind::Rainwater => "rainwater",
        }
    }

    /// Parses the file spelling.
    pub(crate) fn parse(text: &str) -> Option<IntakeKind> {
        IntakeKind::ALL.into_iter().find(|k| k.name() == text)
    }
}

/// A kind of supply, as named in a sink's `accepts` list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) enum SupplyKind {
    /// An intake of this kind.
    Intake(IntakeKind),
    /// Any effluent.
    Source,
    /// Any treatment product.
    Treatment,
}

impl SupplyKind {
    /// Parses `surface` ... `rainwater`, `source`, `treatment`.
    pub(crate) fn parse(text: &str) -> Option<SupplyKind> {
        match text {
            "source" => Some(SupplyKind::Source),
            "treatment" => Some(SupplyKind::Treatment),
            other => IntakeKind::parse(other).map(SupplyKind::Intake),
        }
    }

    fn bit(self) -> u8 {
        match self {
            SupplyKind::Intake(k) => 1 << (k as u8),
            SupplyKind::Source => 1 << 6,
            SupplyKind::Treatment => 1 << 7,
        }
    }
}

/// The supply kinds a sink accepts, as a bit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct AcceptSet(u8);

impl AcceptSet {
    /// Every kind.
    pub(crate) const ALL: AcceptSet = AcceptSet(u8::MAX);

    /// The empty set.
    pub(crate) const NONE: AcceptSet = AcceptSet(0);

    /// Adds a kind.
    pub(crate) fn with(self, kind: SupplyKind) -> AcceptSet {
        AcceptSet(self.0 | kind.bit())
    }

    /// Whether the kind is accepted.
    pub(crate) fn contains(self, kind: SupplyKind) -> bool {
        self.0 & kind.bit() != 0
    }
}

/// What the LP minimizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Objective {
    /// Total intake, in the flow unit.
    Freshwater,
    /// Annual cost in CNY: intake price, treatment opex, discharge fees, piping.
    Cost,
    /// Total flow into discharges (rejects included), in the flow unit.
    Discharge,
}

impl Objective {
    /// Every objective.
    pub const ALL: [Objective; 3] = [Objective::Freshwater, Objective::Cost, Objective::Discharge];

    /// The name used in files and output.
    pub fn name(self) -> &'static str {
        match self {
            Objective::Freshwater => "freshwater",
            Objective::Cost => "cost",
            Objective::Discharge => "discharge",
        }
    }

    /// Parses a name.
    pub fn parse(text: &str) -> Option<Objective> {
        Objective::ALL.into_iter().find(|o| o.name() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_set_tracks_kinds() {
        let set = AcceptSet::NONE
            .with(SupplyKind::Source)
            .with(SupplyKind::Intake(IntakeKind::Reclaimed));
        assert!(set.contains(SupplyKind::Source));
        assert!(set.contains(SupplyKind::Intake(IntakeKind::Reclaimed)));
        assert!(!set.contains(SupplyKind::Intake(IntakeKind::Tap)));
        assert!(!set.contains(SupplyKind::Treatment));
        assert!(AcceptSet::ALL.contains(SupplyKind::Treatment));
    }

    #[test]
    fn names_round_trip() {
        for k in IntakeKind::ALL {
            assert_eq!(IntakeKind::parse(k.name()), Some(k));
        }
        for o in Objective::ALL {
            assert_eq!(Objective::parse(o.name()), Some(o));
        }
        assert_eq!(SupplyKind::parse("treatment"), Some(SupplyKind::Treatment));
        assert_eq!(SupplyKind::parse("bottled"), None);
    }
}
