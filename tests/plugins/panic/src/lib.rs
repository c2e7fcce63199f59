//! A deliberately bad plugin, built with the SDK: the hook named by
//! `[plugin.pw-test-panic] hook = "..."` (default `transform`) panics.
#![deny(unsafe_code)]

use parkwater_plugin::{
    export_plugin, Constraint, Context, Error, Hook, Manifest, Plugin, ReportExtras, Rules,
    Scenario,
};

/// Panics on purpose.
#[derive(Debug, Default)]
pub struct Panics;

fn fail(ctx: &Context, hook: &str) -> Result<(), Error> {
    if ctx.config["hook"].as_str().unwrap_or("transform") == hook {
        panic!("panicked on purpose in {hook}");
    }
    Ok(())
}

impl Plugin for Panics {
    fn manifest(&self) -> Manifest {
        Manifest {
            name: "pw-test-panic".into(),
            version: "0.0.0".into(),
            industries: vec![],
            hooks: Hook::ALL.to_vec(),
            description: "panics in one hook".into(),
        }
    }
    fn transform(&self, ctx: &Context) -> Result<Option<Scenario>, Error> {
        fail(ctx, "transform").map(|()| None)
    }
    fn rules(&self, ctx: &Context) -> Result<Rules, Error> {
        fail(ctx, "rules").map(|()| Rules::default())
    }
    fn constraints(&self, ctx: &Context) -> Result<Vec<Constraint>, Error> {
        fail(ctx, "constraints").map(|()| Vec::new())
    }
    fn report(
        &self,
        ctx: &Context,
        _: &parkwater_plugin::serde_json::Value,
    ) -> Result<ReportExtras, Error> {
        fail(ctx, "report").map(|()| ReportExtras::default())
    }
}

export_plugin!(Panics);
