//! Plugins: industry rules in dynamically loaded libraries (cooling towers,
//! water-use quotas, heavy-metal segregation), added to a scenario without
//! forking the engine. The ABI and the SDK are in the `parkwater-plugin`
//! crate; this module is the host.
//!
//! - `host`: plugins are found only in the directories the user names
//!   (`--plugin-dir`, then `PARKWATER_PLUGIN_PATH`), by *name*:
//!   `plugins = ["cooling-tower"]` loads `libcooling_tower.so`. A scenario
//!   never names a path.
//! - `provider`: [`HookProvider`], what answers hooks: a library, or
//!   in-process code registered with the host (the Python bindings' rules).
//! - `loader`: the ABI version static is read before anything else; a
//!   library stays loaded for the life of the process. The only unsafe code
//!   of the engine outside the solver binding.
//! - `apply`: transform -> rules -> constraints, written into the scenario as
//!   ordinary `[[forbid]]` and `[[constraint]]` tables; the result is then
//!   validated like any scenario.
//! - `report`: after the solve, each plugin's extra KPIs and compliance checks.
//!
//! Every failure (not found, wrong ABI, missing symbol, an error answer,
//! a panic, malformed JSON) is a [`PluginError`] naming the plugin and the
//! hook; the host never crashes on a bad plugin.
//!
//! ```no_run
//! use parkwater_core::plugins::{apply, PluginHost};
//! use parkwater_core::{Scenario, SolveOptions};
//!
//! let host = PluginHost::with_env(["target/release".into()]);
//! let scenario = Scenario::from_path("scenarios/lianyungang-demo-plugins.toml").unwrap();
//! let applied = apply(Some(&host), &scenario).unwrap();
//! let model = applied.scenario.validate().unwrap();
//! let report = parkwater_core::solve(&model, &SolveOptions::default()).unwrap();
//! let extras = applied.report(&report).unwrap();
//! println!("{}", serde_json::to_string_pretty(&extras).unwrap());
//! ```

mod apply;
mod error;
mod host;
mod loader;
mod provider;
mod report;

pub use apply::{apply, Applied, AppliedPlugin, ApplyError};
pub use error::{PluginError, PluginErrorKind};
#[cfg(feature = "dev")] // tests set it
pub use host::PLUGIN_PATH_VAR;
pub use host::{Listing, PluginHost};
pub use loader::LoadedPlugin;
#[cfg(feature = "dev")] // for the tests, benches and examples only
#[visibility::make(pub)]
pub(crate) use parkwater_plugin::abi::{AbiVersion, ABI_VERSION};
pub use parkwater_plugin::{Hook, Manifest};
pub use provider::HookProvider;
pub use report::{PluginReport, PluginReports, ReportWithPlugins};
