//! Python objects as plugins: a `parkwater.Plugin` (or any object with the
//! same `_manifest_json()` / `_call_hook(hook, input)` methods) becomes a
//! [`HookProvider`] registered with the engine's plugin host, so its hooks
//! get the same JSON input, and their answers the same checks, as a compiled
//! plugin's. The engine runs without the GIL; each hook call takes it.

use parkwater_core::plugins::{
    Applied, ApplyError, Hook, HookProvider, Manifest, PluginError, PluginErrorKind, PluginHost,
};
use parkwater_core::Scenario;
use pyo3::prelude::*;
use pyo3::types::PyAnyMethods;
use std::path::PathBuf;
use std::sync::Arc;

/// A Python object answering plugin hooks.
#[derive(Debug)]
pub struct PyPlugin {
    manifest: Manifest,
    object: Py<PyAny>,
}

impl PyPlugin {
    /// Reads the object's manifest (`_manifest_json()`, the ABI's manifest JSON).
    fn new(py: Python<'_>, object: Py<PyAny>) -> PyResult<PyPlugin> {
        let text: String = object.call_method0(py, "_manifest_json")?.extract(py)?;
        let manifest: Manifest = serde_json::from_str(&text).map_err(|e| {
            pyo3::exceptions::PyValueError::new_err(format!("invalid plugin manifest: {e}"))
        })?;
        Ok(PyPlugin { manifest, object })
    }
}

impl HookProvider for PyPlugin {
    fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    fn call(&self, hook: Hook, input: &[u8]) -> Result<Vec<u8>, PluginErrorKind> {
        let input = std::str::from_utf8(input)
            .map_err(|e| PluginErrorKind::MalformedJson(format!("input is not UTF-8: {e}")))?;
        Python::attach(|py| {
            self.object
                .call_method1(py, "_call_hook", (hook.name(), input))
                .and_then(|answer| answer.extract::<String>(py))
                .map(String::into_bytes)
                .map_err(|e| PluginErrorKind::HookError(described(py, &e)))
        })
    }
}

/// `ValueError: message` and the traceback, as Python prints them.
fn described(py: Python<'_>, e: &PyErr) -> String {
    let formatted = py
        .import("traceback")
        .and_then(|tb| {
            tb.call_method1(
                "format_exception",
                (e.get_type(py), e.value(py), e.traceback(py)),
            )
        })
        .and_then(|lines| lines.extract::<Vec<String>>());
    match formatted {
        Ok(lines) => lines.concat().trim_end().to_string(),
        Err(_) => e.to_string(),
    }
}

/// Where a solve's plugins come from: compiled ones in `dirs` (then
/// `PARKWATER_PLUGIN_PATH`, as on the command line), Python ones given as
/// objects. Python plugins not named by the scenario are appended to its
/// `plugins` list: passing one means applying it.
#[derive(Debug, Clone, Default)]
pub struct PluginArgs {
    dirs: Vec<PathBuf>,
    python: Vec<Arc<PyPlugin>>,
}

impl PluginArgs {
    /// Checks the Python objects' manifests (with the GIL).
    pub fn new(
        py: Python<'_>,
        dirs: Vec<PathBuf>,
        objects: Vec<Py<PyAny>>,
    ) -> PyResult<PluginArgs> {
        let python = objects
            .into_iter()
            .map(|o| PyPlugin::new(py, o).map(Arc::new))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(PluginArgs { dirs, python })
    }

    /// Applies the scenario's plugins (needs no GIL: Python hooks take it).
    pub fn apply(&self, scenario: &Scenario) -> Result<Applied, ApplyError> {
        let host = PluginHost::with_env(self.dirs.clone());
        let mut scenario = scenario.clone();
        for p in &self.python {
            let name = &p.manifest.name;
            if !scenario.plugins.contains(name) {
                scenario.plugins.push(name.clone());
            }
            host.register(p.clone());
        }
        let any = !host.dirs().is_empty() || !self.python.is_empty();
        parkwater_core::plugins::apply(any.then_some(&host), &scenario)
    }
}

/// A plugin failure as the Python exception: a plugin the directories do not
/// hold is bad input (`ValidationError`, code `plugin.not_found`, as the CLI
/// exits 1); any other failure is a `PluginError`.
pub fn plugin_error(py: Python<'_>, e: &PluginError) -> PyErr {
    if matches!(e.kind, PluginErrorKind::NotFound { .. }) {
        crate::errors::validation_problems(
            py,
            e.to_string(),
            [("plugins".to_string(), e.code().to_string(), e.to_string())],
        )
    } else {
        crate::errors::raise(
            py,
            "PluginError",
            (e.to_string(), e.plugin.clone(), e.hook, e.code()),
        )
    }
}
