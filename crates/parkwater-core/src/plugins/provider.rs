//! What answers a plugin's hooks. A native library ([`LoadedPlugin`]) is one
//! provider; any in-process code can be another (the Python bindings wrap
//! Python callables), so a rule prototyped in a notebook goes through the
//! same JSON, the same checks and the same errors as a compiled plugin.

use super::error::PluginErrorKind;
use super::loader::LoadedPlugin;
use parkwater_plugin::{Hook, Manifest};
use std::fmt::Debug;

/// A plugin as the host sees it: a manifest and hooks that take the ABI's
/// JSON input ([`parkwater_plugin::types::HookInput`]) and answer with the
/// hook's JSON output.
pub trait HookProvider: Send + Sync + Debug {
    /// What it is; `manifest().name` is the name scenarios use.
    fn manifest(&self) -> &Manifest;

    /// Whether it implements the hook (the host calls only those).
    fn has(&self, hook: Hook) -> bool {
        self.manifest().hooks.contains(&hook)
    }

    /// Runs a hook on UTF-8 JSON input; the JSON answer, or why not.
    fn call(&self, hook: Hook, input: &[u8]) -> Result<Vec<u8>, PluginErrorKind>;
}

impl HookProvider for LoadedPlugin {
    fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    fn has(&self, hook: Hook) -> bool {
        LoadedPlugin::has(self, hook)
    }

    fn call(&self, hook: Hook, input: &[u8]) -> Result<Vec<u8>, PluginErrorKind> {
        self.call_hook(hook, input)
    }
}
