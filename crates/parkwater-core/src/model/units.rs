//! Flow units: the file's unit in, t/h inside, the file's unit out.

use serde::Serialize;

/// A flow unit a scenario may declare. 1 t of water is taken as 1 m3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FlowUnit {
    /// t/h, the internal unit.
    #[serde(rename = "t/h")]
    TonnePerHour,
    /// m3/h (= t/h).
    #[serde(rename = "m3/h")]
    CubicMetrePerHour,
    /// t/d.
    #[serde(rename = "t/d")]
    TonnePerDay,
    /// m3/d (= t/d).
    #[serde(rename = "m3/d")]
    CubicMetrePerDay,
}

impl FlowUnit {
    /// Every accepted spelling, for error messages.
    pub(crate) const NAMES: [&'static str; 4] = ["t/h", "m3/h", "t/d", "m3/d"];

    /// Parses a unit string as written in a scenario.
    pub(crate) fn parse(text: &str) -> Option<FlowUnit> {
        match text.trim() {
            "t/h" => Some(FlowUnit::TonnePerHour),
            "m3/h" => Some(FlowUnit::CubicMetrePerHour),
            "t/d" => Some(FlowUnit::TonnePerDay),
            "m3/d" => Some(FlowUnit::CubicMetrePerDay),
            _ => None,
        }
    }

    /// The unit as written in a scenario.
    pub fn name(self) -> &'static str {
        match self {
            FlowUnit::TonnePerHour => "t/h",
            FlowUnit::CubicMetrePerHour => "m3/h",
            FlowUnit::TonnePerDay => "t/d",
            FlowUnit::CubicMetrePerDay => "m3/d",
        }
    }

    /// How many of this unit make one t/h.
    pub(crate) fn per_tonne_per_hour(self) -> f64 {
        match self {
            FlowUnit::TonnePerHour | FlowUnit::CubicMetrePerHour => 1.0,
            FlowUnit::TonnePerDay | FlowUnit::CubicMetrePerDay => 24.0,
        }
    }

    /// Converts a flow in this unit to t/h.
    pub fn to_internal(self, flow: f64) -> f64 {
        flow / self.per_tonne_per_hour()
    }

    /// Converts a flow in t/h to this unit.
    pub fn from_internal(self, flow: f64) -> f64 {
        flow * self.per_tonne_per_hour()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_parses_back() {
        for name in FlowUnit::NAMES {
            assert_eq!(FlowUnit::parse(name).unwrap().name(), name);
        }
        assert_eq!(FlowUnit::parse("l/s"), None);
    }

    #[test]
    fn daily_units_convert() {
        let u = FlowUnit::TonnePerDay;
        assert_eq!(u.to_internal(240.0), 10.0);
        assert_eq!(u.from_internal(10.0), 240.0);
    }
}
