//! The scenario file: its schema (`schema`) and how it is read (`load`).

mod load;
mod schema;

pub use load::{Format, ParseError, MAX_FILE_BYTES};
pub use schema::*;
