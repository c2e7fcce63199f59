//! What goes wrong with a plugin, always naming the plugin and the hook.

use parkwater_plugin::abi::AbiVersion;
use std::path::PathBuf;

/// A plugin could not be found, loaded or run. The host never crashes on a
/// bad plugin: every failure ends here.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("plugin '{plugin}' ({hook}): {kind}")]
pub struct PluginError {
    /// The plugin's name (as the scenario names it).
    pub plugin: String,
    /// `load`, `manifest`, `transform`, `rules`, `constraints` or `report`.
    pub hook: &'static str,
    /// What went wrong.
    pub kind: PluginErrorKind,
}

/// The kinds of plugin failure.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PluginErrorKind {
    /// No library for the name in the plugin directories.
    #[error("not found: no {file} in {}", searched_text(.searched))]
    NotFound {
        /// The library file looked for.
        file: String,
        /// The directories searched, in order.
        searched: Vec<PathBuf>,
    },
    /// The operating system could not load the library.
    #[error("cannot load {path}: {message}")]
    Load {
        /// The library.
        path: PathBuf,
        /// What the loader said.
        message: String,
    },
    /// Built against an ABI this host does not load.
    #[error("built against plugin ABI {found}; this engine has ABI {expected} and loads {}.0 to {expected}", .expected.major)]
    AbiMismatch {
        /// The plugin's ABI version.
        found: AbiVersion,
        /// The host's ABI version.
        expected: AbiVersion,
    },
    /// A required symbol, or the symbol of a hook the manifest lists, is absent.
    #[error("missing symbol `{0}`")]
    MissingSymbol(String),
    /// The hook returned an error.
    #[error("{0}")]
    HookError(String),
    /// The hook panicked (caught at the boundary by the SDK).
    #[error("panicked: {0}")]
    Panic(String),
    /// The answer is not JSON, or not the JSON the hook must return.
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    /// The hook did not answer within the host's time limit (seconds).
    #[error("no answer within {0} s (the hook's thread is left running)")]
    Timeout(f64),
    /// The manifest is wrong (its name differs from the name asked for, ...).
    #[error("invalid manifest: {0}")]
    InvalidManifest(String),
}

fn searched_text(dirs: &[PathBuf]) -> String {
    if dirs.is_empty() {
        "no directory (give --plugin-dir DIR or set PARKWATER_PLUGIN_PATH)".to_string()
    } else {
        dirs.iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl PluginError {
    /// Stable machine-readable code: `plugin.not_found`, `plugin.load`,
    /// `plugin.abi_mismatch`, `plugin.missing_symbol`, `plugin.hook_error`,
    /// `plugin.panic`, `plugin.malformed_json`, `plugin.invalid_manifest`,
    /// `plugin.timeout`.
    pub fn code(&self) -> &'static str {
        match self.kind {
            PluginErrorKind::NotFound { .. } => "plugin.not_found",
            PluginErrorKind::Load { .. } => "plugin.load",
            PluginErrorKind::AbiMismatch { .. } => "plugin.abi_mismatch",
            PluginErrorKind::MissingSymbol(_) => "plugin.missing_symbol",
            PluginErrorKind::HookError(_) => "plugin.hook_error",
            PluginErrorKind::Panic(_) => "plugin.panic",
            PluginErrorKind::MalformedJson(_) => "plugin.malformed_json",
            PluginErrorKind::InvalidManifest(_) => "plugin.invalid_manifest",
            PluginErrorKind::Timeout(_) => "plugin.timeout",
        }
    }

    pub(crate) fn new(plugin: &str, hook: &'static str, kind: PluginErrorKind) -> PluginError {
        PluginError {
            plugin: plugin.to_string(),
            hook,
            kind,
        }
    }
}
