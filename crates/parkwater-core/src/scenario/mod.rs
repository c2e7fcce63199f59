//! The scenario file: its schema (`schema`) and how it is read (`load`).

mod case;
mod fields;
mod load;
mod schema;

pub use case::Case;
pub(crate) use fields::{serde_code, serde_message};
pub use load::{Format, ParseError, MAX_FILE_BYTES, MAX_TOML_BYTES};
pub use schema::*;
