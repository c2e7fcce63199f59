//! A deliberately bad plugin, built with the SDK: its rules hook sleeps for
//! `[plugin.pw-test-hang] seconds` (default an hour) before answering, as a
//! hook stuck in a loop or on a lock would.
#![deny(unsafe_code)]

use parkwater_plugin::{export_plugin, Context, Error, Hook, Manifest, Plugin, Rules};
use std::time::Duration;

/// Hangs on purpose.
#[derive(Debug, Default)]
pub struct Hangs;

impl Plugin for Hangs {
    fn manifest(&self) -> Manifest {
        Manifest {
            name: "pw-test-hang".into(),
            version: "0.0.0".into(),
            industries: vec![],
            hooks: vec![Hook::Rules],
            description: "sleeps in its rules hook".into(),
        }
    }
    fn rules(&self, ctx: &Context) -> Result<Rules, Error> {
        let seconds = ctx.config["seconds"].as_f64().unwrap_or(3600.0);
        std::thread::sleep(Duration::from_secs_f64(seconds));
        Ok(Rules::default())
    }
}

export_plugin!(Hangs);
