//! What a person needs to fill a column: its kind of value, its unit, a
//! sentence, and (for the coverage test) a sample value.
//!
//! The *columns* come from the scenario schema itself (see `schema`), so a
//! field added to the schema gets a column even before it is listed here;
//! this table only documents them. `tests::every_schema_field_is_documented`
//! fails, naming the field, when the schema has a field this table lacks.

use parkwater_core::model::{IntakeKind, Objective};

/// How a field's cells are read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text.
    Text,
    /// A number.
    Number,
    /// TRUE/FALSE.
    Bool,
    /// A list of names, written `a, b, c` in one cell.
    List,
    /// One name or a list (`minimize`); always read as a list.
    Names,
    /// One number per contaminant: a column `field.<contaminant>` each.
    PerContaminant,
    /// `[x, y]`: two columns `field.x` and `field.y`.
    Pair,
    /// Free-form data (plugin configuration): a sheet of dotted keys.
    Json,
    /// A list of records: a sheet of its own, one row per record.
    Table,
}

/// One documented field.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The table's key in the scenario (`sink`; `constraint.term` for a
    /// nested list; empty for the file's top level).
    pub table: &'static str,
    /// The field's name.
    pub name: &'static str,
    /// How it is read and written.
    pub kind: Kind,
    /// Its unit; `FLOW` stands for the park's flow unit.
    pub unit: &'static str,
    /// What it means, for the README sheet.
    pub about: &'static str,
    /// A sample value (JSON) for the coverage test.
    pub sample: &'static str,
}

const fn f(
    table: &'static str,
    name: &'static str,
    kind: Kind,
    unit: &'static str,
    about: &'static str,
    sample: &'static str,
) -> Field {
    Field {
        table,
        name,
        kind,
        unit,
        about,
        sample,
    }
}

use Kind::*;

/// Every documented field. Fields of schema extensions under way (stream
/// classes, network design, variants) are listed too: they are only used
/// once the schema has them.
#[rustfmt::skip]
pub const FIELDS: &[Field] = &[
    f("", "contaminants", List, "", "Contaminant ids; concentrations in mg/L. One per row of the contaminants sheet.", r#"["COD","TDS"]"#),
    f("", "plugins", List, "", "Industry-rule plugins to apply, by name.", r#"["cooling-tower"]"#),
    f("", "classes", List, "", "Stream classes beyond the built-in ones (oily, high_salt, brine, ...).", r#"["phenolic"]"#),
    f("", "plugin", Json, "", "Each plugin's configuration: `<plugin>.<key>` = value.", r#"{"cooling-tower":{"cycles":5}}"#),
    f("", "extends", Text, "", "The scenario this variant extends (path relative to the file).", r#""base.toml""#),
    f("", "remove", List, "", "Entities of the base removed by this variant, e.g. source[E3.S2].", r#"["source[E3.S2]"]"#),
    f("", "set", Json, "", "Values this variant changes, by path: `intake[SW].price` = 2.0.", r#"{"intake[SW].price":2.0}"#),
    f("park", "name", Text, "", "Display name of the park.", r#""Demo park""#),
    f("park", "description", Text, "", "Free text.", r#""A park""#),
    f("park", "flow_unit", Text, "", "Unit of every flow in the workbook: t/h (default), m3/h, t/d or m3/d.", r#""t/h""#),
    f("park", "hours_per_year", Number, "h/yr", "Operating hours per year for annual figures (default 8000).", "8000.0"),
    f("park", "pipe_cost", Number, "CNY/(t·km)", "Piping cost per tonne and km of straight-line distance (default 0).", "0.01"),
    f("enterprise", "id", Text, "", "Unique id of the enterprise.", r#""E1""#),
    f("enterprise", "industry", Text, "", "Industry, free text; plugins key on it.", r#""petrochemical""#),
    f("enterprise", "location", Pair, "km", "Position x, y.", "[1.0,2.5]"),
    f("enterprise", "recirculation", Number, "FLOW", "Internal recirculating water (cooling loops), counted as repeated use.", "100.0"),
    f("enterprise", "dedicated", Bool, "", "One enterprise, one pipe: each source sends its whole flow along one arc.", "true"),
    f("intake", "id", Text, "", "Unique id of the freshwater supply.", r#""FW""#),
    f("intake", "kind", Text, "", "surface, ground, tap, reclaimed, seawater or rainwater.", r#""tap""#),
    f("intake", "conc", PerContaminant, "mg/L", "Concentration of each contaminant.", r#"{"COD":1.0,"TDS":300.0}"#),
    f("intake", "price", Number, "CNY/t", "Price of the water (default 0).", "3.5"),
    f("intake", "max_flow", Number, "FLOW", "Permit cap (blank: none).", "500.0"),
    f("intake", "location", Pair, "km", "Position x, y.", "[0.0,0.0]"),
    f("intake", "class", Text, "", "Stream class of the water.", r#""fresh""#),
    f("intake", "candidate", Bool, "", "A supply the design may build (needs max_flow and capex).", "true"),
    f("intake", "capex", Number, "CNY", "Capital cost when built.", "1000000.0"),
    f("intake", "build", Bool, "", "Force (TRUE) or forbid (FALSE) building a candidate.", "true"),
    f("source", "id", Text, "", "Unique id of the effluent.", r#""E1.S1""#),
    f("source", "enterprise", Text, "", "Owning enterprise (blank for textbook cases).", r#""E1""#),
    f("source", "flow", Number, "FLOW", "Effluent flow; all of it must go somewhere.", "50.0"),
    f("source", "conc", PerContaminant, "mg/L", "Concentration of each contaminant.", r#"{"COD":50.0,"TDS":800.0}"#),
    f("source", "class", Text, "", "Stream class (oily, high_salt, brine, blowdown, condensate, ...).", r#""process""#),
    f("source", "location", Pair, "km", "Position x, y (default: the enterprise's).", "[1.0,2.0]"),
    f("sink", "id", Text, "", "Unique id of the demand.", r#""E1.D1""#),
    f("sink", "enterprise", Text, "", "Owning enterprise.", r#""E1""#),
    f("sink", "flow", Number, "FLOW", "Fixed demand (or give min_flow and max_flow).", "80.0"),
    f("sink", "min_flow", Number, "FLOW", "Lower end of a demand range.", "70.0"),
    f("sink", "max_flow", Number, "FLOW", "Upper end of a demand range.", "90.0"),
    f("sink", "max_conc", PerContaminant, "mg/L", "Maximum inlet concentration; blank: unconstrained.", r#"{"COD":20.0}"#),
    f("sink", "grade", Text, "", "A named quality grade (see the lists sheet); max_conc cells override it.", r#""GB/T19923-2005/washing""#),
    f("sink", "accepts", List, "", "Supply kinds (or classes) accepted, e.g. tap, source, treatment; blank: all.", r#"["tap","treatment"]"#),
    f("sink", "refuses", List, "", "Stream classes refused.", r#"["oily"]"#),
    f("sink", "max_supply_conc", PerContaminant, "mg/L", "Limit each supply must meet on its own, even in a blend.", r#"{"COD":100.0}"#),
    f("sink", "max_reuse_share", Number, "fraction", "Reused and regenerated water at most this share of the inflow.", "0.5"),
    f("sink", "consumed", Number, "FLOW", "Water consumed (evaporation, drift, product).", "5.0"),
    f("sink", "consumed_fraction", Number, "", "Consumption as a fraction of the inflow, in [0, 1].", "0.1"),
    f("sink", "circulation", Number, "FLOW", "Circulating flow of the cooling loop a make-up feeds (declared recirculation).", "1000.0"),
    f("sink", "location", Pair, "km", "Position x, y (default: the enterprise's).", "[1.0,2.0]"),
    f("operation", "id", Text, "", "Unique id; <id>.in and <id>.out become a sink and a source.", r#""OP1""#),
    f("operation", "enterprise", Text, "", "Owning enterprise.", r#""E1""#),
    f("operation", "load", PerContaminant, "kg/h", "Mass load picked up; blank: 0.", r#"{"COD":2.0}"#),
    f("operation", "max_inlet_conc", PerContaminant, "mg/L", "Maximum inlet concentration of every contaminant.", r#"{"COD":0.0,"TDS":10.0}"#),
    f("operation", "max_outlet_conc", PerContaminant, "mg/L", "Maximum outlet concentration; blank: does not limit the flow.", r#"{"COD":100.0}"#),
    f("operation", "limiting_flow", Number, "FLOW", "Water flow through the operation; blank: the limiting flow.", "20.0"),
    f("treatment", "id", Text, "", "Unique id of the regeneration unit.", r#""RO""#),
    f("treatment", "enterprise", Text, "", "Owning enterprise (blank: a place of its own, e.g. the park WWTP).", r#""E1""#),
    f("treatment", "kind", Text, "", "WWTP, RO, MBR, ... (free text).", r#""RO""#),
    f("treatment", "outlet_conc", PerContaminant, "mg/L", "Fixed product concentration of each contaminant.", r#"{"COD":5.0,"TDS":50.0}"#),
    f("treatment", "recovery", Number, "fraction", "Product flow / inflow, in (0, 1] (default 1).", "0.75"),
    f("treatment", "max_flow", Number, "FLOW", "Inflow capacity (blank: none).", "100.0"),
    f("treatment", "opex", Number, "CNY/t", "Operating cost per tonne of inflow (default 0).", "2.5"),
    f("treatment", "max_inlet_conc", PerContaminant, "mg/L", "Maximum inlet concentration; blank: unconstrained.", r#"{"COD":500.0}"#),
    f("treatment", "reject_to", Text, "", "The discharge receiving the reject; required when recovery < 1.", r#""WW""#),
    f("treatment", "location", Pair, "km", "Position x, y.", "[3.0,1.0]"),
    f("treatment", "class", Text, "", "Stream class of the product (secondary_effluent, reclaimed, permeate, ...).", r#""permeate""#),
    f("treatment", "accepts", List, "", "Supply kinds or classes its inlet accepts; blank: all.", r#"["source"]"#),
    f("treatment", "refuses", List, "", "Stream classes its inlet refuses.", r#"["oily"]"#),
    f("treatment", "max_supply_conc", PerContaminant, "mg/L", "Limit each supply must meet on its own.", r#"{"TDS":5000.0}"#),
    f("treatment", "removes", List, "", "Contaminants the unit removes; for the others its outlet is a floor.", r#"["COD"]"#),
    f("treatment", "candidate", Bool, "", "A unit the design may build (needs max_flow and capex).", "true"),
    f("treatment", "capex", Number, "CNY", "Capital cost when built.", "30000000.0"),
    f("treatment", "build", Bool, "", "Force (TRUE) or forbid (FALSE) building a candidate.", "true"),
    f("discharge", "id", Text, "", "Unique id of the outfall.", r#""WW""#),
    f("discharge", "kind", Text, "", "sewer, river, sea, wetland or zld.", r#""sewer""#),
    f("discharge", "max_conc", PerContaminant, "mg/L", "Maximum concentration of the mix; blank: none.", r#"{"COD":500.0}"#),
    f("discharge", "grade", Text, "", "A named quality grade; max_conc cells override it.", r#""GB8978-1996/3""#),
    f("discharge", "max_load", PerContaminant, "kg/h", "Load cap; blank: none.", r#"{"COD":20.0}"#),
    f("discharge", "fee", Number, "CNY/t", "Discharge fee (default 0).", "1.2"),
    f("discharge", "max_supply_conc", PerContaminant, "mg/L", "Limit each supply must meet on its own to enter the outfall.", r#"{"COD":100.0}"#),
    f("discharge", "refuses", List, "", "Supply kinds or stream classes the outfall never takes.", r#"["high_salt"]"#),
    f("discharge", "location", Pair, "km", "Position x, y.", "[5.0,5.0]"),
    f("forbid", "from", Text, "", "Supply id pattern (* matches anything).", r#""E1.*""#),
    f("forbid", "to", Text, "", "Demand id pattern.", r#""E2.D1""#),
    f("forbid", "reason", Text, "", "Why, for the reader.", r#""hygiene""#),
    f("constraint", "label", Text, "", "Names the row in duals and diagnoses; terms refer to it.", r#""cap E1""#),
    f("constraint", "sense", Text, "", "<=, >= or =.", r#""<=""#),
    f("constraint", "rhs", Number, "FLOW or kg/h", "Right-hand side: flow, or kg/h when the terms weigh mass.", "40.0"),
    f("constraint", "term", Table, "", "The terms, on the constraint terms sheet.", r#"[{"from":"E1.*","coef":1.0}]"#),
    f("constraint.term", "from", Text, "", "Supply id pattern; blank: any.", r#""E1.*""#),
    f("constraint.term", "to", Text, "", "Demand id pattern; blank: any.", r#""*""#),
    f("constraint.term", "from_kind", Text, "", "intake, source or treatment; blank: any.", r#""source""#),
    f("constraint.term", "to_kind", Text, "", "sink, treatment or discharge; blank: any.", r#""sink""#),
    f("constraint.term", "from_enterprise", Text, "", "Enterprise pattern of the supply's owner.", r#""E1""#),
    f("constraint.term", "to_enterprise", Text, "", "Enterprise pattern of the demand's owner.", r#""E2""#),
    f("constraint.term", "coef", Number, "", "Weight per unit of flow (or per kg/h of mass).", "1.0"),
    f("constraint.term", "contaminant", Text, "", "Weigh this contaminant's mass (kg/h) instead of the flow.", r#""COD""#),
    f("policy", "min_reuse_rate", Number, "fraction", "Repeated use / (repeated use + fresh intake), in [0, 1).", "0.92"),
    f("policy", "max_intake", Number, "FLOW", "Total freshwater cap.", "1000.0"),
    f("policy", "max_discharge", Number, "FLOW", "Total discharge cap, rejects included.", "400.0"),
    f("objective", "minimize", Names, "", "freshwater, cost or discharge; a list is solved in order.", r#"["freshwater","cost"]"#),
    f("objective", "tolerance", Number, "fraction", "Relative slack kept on earlier objectives (default 1e-9).", "1e-6"),
    f("design", "pipe_capex_fixed", Number, "CNY", "Capital per pipe built.", "300000.0"),
    f("design", "pipe_capex_per_km", Number, "CNY/km", "Capital per km of pipe.", "1200000.0"),
    f("design", "discount_rate", Number, "fraction", "Discount rate for annualizing capital.", "0.08"),
    f("design", "lifetime_years", Number, "yr", "Lifetime for annualizing capital.", "20.0"),
    f("design", "route_factor", Number, "", "Straight-line distance times this, when no corridors.", "1.3"),
    f("design", "max_pipe_km", Number, "km", "Longer arcs are not candidates.", "8.0"),
    f("design", "min_pipe_flow", Number, "FLOW", "Least flow in a built pipe.", "5.0"),
    f("design", "max_pipes_out", Number, "", "Most built pipes leaving a source.", "3"),
    f("design", "max_pipes_in", Number, "", "Most built pipes entering a sink or treatment inlet.", "4"),
    f("design", "max_capex", Number, "CNY", "Total capital budget.", "500000000.0"),
    f("design", "mip_gap", Number, "fraction", "Relative optimality gap (default 1e-4).", "0.0001"),
    f("design", "price_min_pipes", Number, "", "Candidate pipes from which price-and-branch is used (default 10 000).", "10000"),
    f("pipe", "from", Text, "", "Supply id pattern.", r#""*""#),
    f("pipe", "to", Text, "", "Demand id pattern.", r#""WWTP""#),
    f("pipe", "existing", Bool, "", "The pipe exists already.", "true"),
    f("pipe", "max_flow", Number, "FLOW", "Pipe capacity.", "200.0"),
    f("pipe", "length_km", Number, "km", "Length (default: corridors or straight line).", "2.4"),
    f("pipe", "build", Bool, "", "Force (TRUE) or forbid (FALSE) this pipe.", "true"),
    f("corridor", "from", Text, "", "Junction id.", r#""J1""#),
    f("corridor", "to", Text, "", "Junction id.", r#""J2""#),
    f("corridor", "length_km", Number, "km", "Length (default: straight distance between the junctions).", "1.8"),
    f("junction", "id", Text, "", "Unique id of the junction.", r#""J1""#),
    f("junction", "location", Pair, "km", "Position x, y.", "[2.0,3.0]"),
];

/// The documented field, if any.
pub fn field(table: &str, name: &str) -> Option<&'static Field> {
    #[cfg(test)]
    if hidden::is_hidden(table, name) {
        return None;
    }
    FIELDS.iter().find(|f| f.table == table && f.name == name)
}

/// Closed vocabularies: the values a cell may take (unknown ones are
/// errors on reading; the template offers them as drop-down lists).
pub fn vocabulary(table: &str, name: &str) -> Option<Vec<String>> {
    let owned = |v: &[&str]| Some(v.iter().map(|s| s.to_string()).collect());
    match (table, name) {
        ("intake", "kind") => Some(
            IntakeKind::ALL
                .iter()
                .map(|k| k.name().to_string())
                .collect(),
        ),
        ("sink" | "discharge", "grade") => Some(
            parkwater_core::validate::grade_names()
                .map(str::to_string)
                .collect(),
        ),
        ("objective", "minimize") => Some(
            Objective::ALL
                .iter()
                .map(|o| o.name().to_string())
                .collect(),
        ),
        ("park", "flow_unit") => owned(&["t/h", "m3/h", "t/d", "m3/d"]),
        ("constraint", "sense") => owned(&["<=", ">=", "="]),
        ("constraint.term", "from_kind") => owned(&["intake", "source", "treatment"]),
        ("constraint.term", "to_kind") => owned(&["sink", "treatment", "discharge"]),
        _ => None,
    }
}

/// The unit shown for a field, `FLOW` replaced by the park's flow unit.
pub fn unit(field: &Field, flow_unit: &str) -> String {
    field.unit.replace("FLOW", flow_unit)
}

/// Tests pretend a field is undocumented, as a field just added to the
/// schema is, to check that it still round-trips.
#[cfg(test)]
pub(crate) mod hidden {
    use std::cell::RefCell;

    thread_local! {
        static HIDDEN: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
    }

    /// Hides these (table, field) pairs on this thread.
    pub(crate) fn hide(fields: &[(&str, &str)]) {
        HIDDEN.with(|h| {
            *h.borrow_mut() = fields
                .iter()
                .map(|(t, f)| (t.to_string(), f.to_string()))
                .collect()
        });
    }

    pub(super) fn is_hidden(table: &str, name: &str) -> bool {
        HIDDEN.with(|h| h.borrow().iter().any(|(t, f)| t == table && f == name))
    }
}
