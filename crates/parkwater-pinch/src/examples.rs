//! Published problems with known targets, ready to run (documentation,
//! tests, benchmarks).

use crate::problem::{FreshSupply, Stream, TargetProblem};

/// Polley & Polley (2000), Chem. Eng. Prog. 96(2):47-52 (Example 1 of Manan,
/// Tan & Foo 2004): targets 70 t/h freshwater, 50 t/h wastewater, pinch 150 ppm.
pub fn polley_polley_2000() -> TargetProblem {
    TargetProblem::new(
        vec![
            Stream::new("SR1", 50.0, 50.0),
            Stream::new("SR2", 100.0, 100.0),
            Stream::new("SR3", 70.0, 150.0),
            Stream::new("SR4", 60.0, 250.0),
        ],
        vec![
            Stream::new("SK1", 50.0, 20.0),
            Stream::new("SK2", 100.0, 50.0),
            Stream::new("SK3", 80.0, 100.0),
            Stream::new("SK4", 70.0, 200.0),
        ],
        vec![FreshSupply::new("FW", 0.0)],
    )
}

/// Wang & Smith (1994), Chem. Eng. Sci. 49(7):981-1006, Example 1 as limiting
/// flows: targets 90 t/h freshwater, 90 t/h wastewater, pinch 100 ppm.
pub fn wang_smith_1994_ex1() -> TargetProblem {
    TargetProblem::new(
        vec![
            Stream::new("SR1", 20.0, 100.0),
            Stream::new("SR2", 100.0, 100.0),
            Stream::new("SR3", 40.0, 800.0),
            Stream::new("SR4", 10.0, 800.0),
        ],
        vec![
            Stream::new("SK1", 20.0, 0.0),
            Stream::new("SK2", 100.0, 50.0),
            Stream::new("SK3", 40.0, 50.0),
            Stream::new("SK4", 10.0, 400.0),
        ],
        vec![FreshSupply::new("FW", 0.0)],
    )
}
