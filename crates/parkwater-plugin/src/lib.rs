//! # parkwater-plugin
//!
//! The plugin ABI of the parkwater engine and the SDK a plugin author uses.
//! A plugin is a `cdylib` that adds an industry's rules to a park scenario
//! without forking the engine: a thermal plant's cooling towers, water-use
//! quotas, the segregation of heavy-metal streams.
//!
//! - [`abi`]: the binary interface. Only `extern "C"` functions and
//!   `#[repr(C)]` data cross it, or UTF-8 JSON in byte buffers that the plugin
//!   allocates and the host gives back through `parkwater_plugin_free`. The
//!   version (`PARKWATER_PLUGIN_ABI`, `major.minor`, independent of the
//!   engine's version) is a static the host reads before running any plugin code.
//! - [`types`]: the JSON documents (manifest, hook input, rules, constraints,
//!   KPIs and checks), shared by the host and the SDK.
//! - [`Plugin`]: a trait whose four hooks (transform, rules, constraints,
//!   report) default to no-ops, and [`export_plugin!`], which exports a type
//!   implementing it and turns every panic into an error at the boundary.
//!
//! A complete plugin (its `Cargo.toml` has `crate-type = ["cdylib"]` and
//! depends on `parkwater-plugin` only):
//!
//! ```
//! use parkwater_plugin::{export_plugin, Context, Error, Forbid, Hook, Manifest, Plugin, Rules};
//!
//! #[derive(Default)]
//! struct NoPharmaToFood;
//!
//! impl Plugin for NoPharmaToFood {
//!     fn manifest(&self) -> Manifest {
//!         Manifest {
//!             name: "no-pharma-to-food".into(),
//!             version: "0.1.0".into(),
//!             industries: vec!["pharmaceuticals".into(), "food".into()],
//!             hooks: vec![Hook::Rules],
//!             description: "Pharmaceutical effluents never feed a food plant.".into(),
//!         }
//!     }
//!
//!     fn rules(&self, ctx: &Context) -> Result<Rules, Error> {
//!         let industry = |id: &str| {
//!             ctx.scenario.find("enterprise", id).and_then(|e| e["industry"].as_str()).unwrap_or("")
//!         };
//!         let ids = |word: &str| -> Vec<String> {
//!             ctx.scenario.entries("enterprise").iter()
//!                 .filter_map(|e| e["id"].as_str())
//!                 .filter(|id| industry(id).contains(word))
//!                 .map(String::from)
//!                 .collect()
//!         };
//!         let mut rules = Rules::default();
//!         for pharma in ids("pharma") {
//!             for food in ids("food") {
//!                 for (from, kind) in ctx.scenario.nodes() {
//!                     if ctx.scenario.owner(&from) != Some(pharma.as_str()) { continue; }
//!                     for (to, _) in ctx.scenario.nodes() {
//!                         if ctx.scenario.owner(&to) == Some(food.as_str()) {
//!                             let _ = kind;
//!                             rules.forbid.push(Forbid { from: from.clone(), to, reason: None });
//!                         }
//!                     }
//!                 }
//!             }
//!         }
//!         Ok(rules)
//!     }
//! }
//!
//! export_plugin!(NoPharmaToFood);
//! # fn main() {}
//! ```

#![deny(missing_docs)]
#![deny(unsafe_code)]

pub mod abi;
mod runtime;
pub mod scenario;
mod sdk;
pub mod types;

pub use scenario::{NodeKind, Scenario};
pub use sdk::{Context, Error, Plugin};
pub use serde;
pub use serde_json;
pub use types::{
    Check, Constraint, Dedicate, Forbid, Hook, HookInput, HostInfo, Kpi, Manifest, ReportExtras,
    Rules, Sense, Term,
};

/// What [`export_plugin!`] expands to call. Not a stable API.
#[doc(hidden)]
pub mod __private {
    pub use crate::runtime::{call, free, manifest};
}

/// Exports a [`Plugin`] type as the plugin of this `cdylib`: the ABI version
/// static, the manifest, the four hook functions and the release function.
/// Every hook runs under `catch_unwind`: a panic becomes an error answer
/// naming the panic message, never an unwind across the C boundary. (Build
/// plugins with the default `panic = "unwind"`: with `abort` nothing can be
/// caught.) Use it once per library.
#[macro_export]
macro_rules! export_plugin {
    ($plugin:ty) => {
        /// The plugin ABI version this library was built against; the host
        /// reads it before anything else.
        #[allow(unsafe_code)]
        #[unsafe(no_mangle)]
        pub static PARKWATER_PLUGIN_ABI: $crate::abi::AbiVersion = $crate::abi::ABI_VERSION;

        /// The manifest as JSON.
        #[allow(unsafe_code)]
        #[unsafe(no_mangle)]
        pub extern "C" fn parkwater_plugin_manifest() -> $crate::abi::Output {
            $crate::__private::manifest::<$plugin>()
        }

        /// The transform hook.
        ///
        /// # Safety
        /// `input` points to `len` readable bytes for the duration of the call.
        #[allow(unsafe_code)]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn parkwater_plugin_transform(
            input: *const u8,
            len: usize,
        ) -> $crate::abi::Output {
            // SAFETY: the host keeps its input buffer alive during the call.
            unsafe { $crate::__private::call::<$plugin>($crate::Hook::Transform, input, len) }
        }

        /// The rules hook.
        ///
        /// # Safety
        /// `input` points to `len` readable bytes for the duration of the call.
        #[allow(unsafe_code)]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn parkwater_plugin_rules(
            input: *const u8,
            len: usize,
        ) -> $crate::abi::Output {
            // SAFETY: the host keeps its input buffer alive during the call.
            unsafe { $crate::__private::call::<$plugin>($crate::Hook::Rules, input, len) }
        }

        /// The constraints hook.
        ///
        /// # Safety
        /// `input` points to `len` readable bytes for the duration of the call.
        #[allow(unsafe_code)]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn parkwater_plugin_constraints(
            input: *const u8,
            len: usize,
        ) -> $crate::abi::Output {
            // SAFETY: the host keeps its input buffer alive during the call.
            unsafe { $crate::__private::call::<$plugin>($crate::Hook::Constraints, input, len) }
        }

        /// The report hook.
        ///
        /// # Safety
        /// `input` points to `len` readable bytes for the duration of the call.
        #[allow(unsafe_code)]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn parkwater_plugin_report(
            input: *const u8,
            len: usize,
        ) -> $crate::abi::Output {
            // SAFETY: the host keeps its input buffer alive during the call.
            unsafe { $crate::__private::call::<$plugin>($crate::Hook::Report, input, len) }
        }

        /// Releases a buffer this library returned.
        ///
        /// # Safety
        /// `buffer` was returned by this library and is released once.
        #[allow(unsafe_code)]
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn parkwater_plugin_free(buffer: $crate::abi::Buffer) {
            // SAFETY: the host hands back each buffer it received, once.
            unsafe { $crate::__private::free(buffer) }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::{STATUS_ERROR, STATUS_OK, STATUS_PANIC};
    use serde_json::json;

    #[derive(Default)]
    struct Probe;

    impl Plugin for Probe {
        fn manifest(&self) -> Manifest {
            Manifest {
                name: "probe".into(),
                version: "0.0.1".into(),
                industries: vec![],
                hooks: vec![Hook::Rules, Hook::Constraints, Hook::Report],
                description: String::new(),
            }
        }
        fn rules(&self, ctx: &Context) -> Result<Rules, Error> {
            match ctx.config["mode"].as_str() {
                Some("error") => Err(Error::new("refused")),
                Some("panic") => panic!("boom {}", 42),
                _ => Ok(Rules::default()),
            }
        }
    }

    #[allow(unsafe_code)]
    fn run(hook: Hook, config: serde_json::Value) -> (u32, serde_json::Value) {
        let input = serde_json::to_vec(&json!({
            "host": {"engine": "test", "abi": "1.0"},
            "scenario": {"contaminants": []},
            "config": config,
        }))
        .unwrap();
        // SAFETY: input lives across the call; the buffer is released once.
        unsafe {
            let out = runtime::call::<Probe>(hook, input.as_ptr(), input.len());
            let value = serde_json::from_slice(out.buffer.as_slice()).unwrap();
            runtime::free(out.buffer);
            (out.status, value)
        }
    }

    #[test]
    fn errors_and_panics_become_answers() {
        assert_eq!(
            run(Hook::Rules, json!(null)),
            (STATUS_OK, json!({"forbid": [], "dedicate": []}))
        );
        assert_eq!(
            run(Hook::Rules, json!({"mode": "error"})),
            (STATUS_ERROR, json!({"message": "refused"}))
        );
        // The message carries the location, and nothing is printed.
        let (status, answer) = run(Hook::Rules, json!({"mode": "panic"}));
        assert_eq!(status, STATUS_PANIC);
        let text = answer["message"].as_str().unwrap();
        assert!(
            text.starts_with("boom 42 (at ") && text.contains("src/lib.rs"),
            "{text}"
        );
        assert_eq!(
            run(Hook::Constraints, json!(null)).1,
            json!({"constraints": []})
        );
        assert_eq!(
            run(Hook::Report, json!(null)).1,
            json!({"kpis": {}, "checks": []})
        );
    }

    #[test]
    fn constraints_serialize_as_scenario_tables() {
        let c = Constraint {
            label: "cap".into(),
            sense: Sense::AtMost,
            rhs: 5.0,
            terms: vec![Term {
                from_kind: Some("intake".into()),
                coef: 1.0,
                ..Default::default()
            }],
        };
        assert_eq!(
            serde_json::to_value(&c).unwrap(),
            json!({"label": "cap", "sense": "<=", "rhs": 5.0, "term": [{"from_kind": "intake", "coef": 1.0}]})
        );
    }
}
