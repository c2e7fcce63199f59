//! The scenario file: its schema (`schema`) and how it is read (`load`).

mod case;
mod load;
pub mod path;
mod schema;
pub mod variant;

pub use case::Case;
pub use load::{Format, ParseError, MAX_FILE_BYTES, MAX_TOML_BYTES};
pub use schema::*;
