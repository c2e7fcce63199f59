//! Where plugins come from: only the directories the user names
//! (`--plugin-dir`, then `PARKWATER_PLUGIN_PATH`), searched in order for the
//! library of a *name* (`cooling-tower` -> `libcooling_tower.so`). A scenario
//! never names a path.

use super::error::{PluginError, PluginErrorKind};
use super::loader::{self, LoadedPlugin};
use super::provider::HookProvider;
use parkwater_plugin::abi::{AbiVersion, ABI_VERSION};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The environment variable holding plugin directories (`:`-separated on
/// Unix, `;` on Windows), searched after the ones given on the command line
/// (read by [`PluginHost::with_env`]; tests name it).
#[cfg_attr(feature = "dev", visibility::make(pub))]
pub(crate) const PLUGIN_PATH_VAR: &str = "PARKWATER_PLUGIN_PATH";

/// How long a compiled plugin's hook may run before the host gives up on it.
pub(crate) const DEFAULT_HOOK_TIMEOUT: Duration = Duration::from_secs(60);

/// Finds, loads and keeps plugins: in-process providers registered by name
/// first (see [`PluginHost::register`]), then libraries in the directories.
#[derive(Debug)]
pub struct PluginHost {
    dirs: Vec<PathBuf>,
    abi: AbiVersion,
    timeout: Duration,
    loaded: Mutex<HashMap<String, Arc<dyn HookProvider>>>,
}

/// One library found in the plugin directories, as `parkwater plugins list` shows it.
#[derive(Debug)]
pub struct Listing {
    /// The library file.
    pub path: PathBuf,
    /// The plugin, or why it cannot be used.
    pub plugin: Result<Arc<LoadedPlugin>, PluginError>,
}

impl PluginHost {
    /// A host searching these directories, in order.
    pub fn new(dirs: impl IntoIterator<Item = PathBuf>) -> PluginHost {
        PluginHost {
            dirs: dirs.into_iter().collect(),
            abi: ABI_VERSION,
            timeout: DEFAULT_HOOK_TIMEOUT,
            loaded: Mutex::default(),
        }
    }

    /// A host searching `dirs` first, then the directories of
    /// `PARKWATER_PLUGIN_PATH`.
    pub fn with_env(dirs: impl IntoIterator<Item = PathBuf>) -> PluginHost {
        let mut all: Vec<PathBuf> = dirs.into_iter().collect();
        if let Some(path) = std::env::var_os(PLUGIN_PATH_VAR) {
            all.extend(std::env::split_paths(&path).filter(|p| !p.as_os_str().is_empty()));
        }
        PluginHost::new(all)
    }

    /// Gives each compiled plugin's hook at most `timeout` to answer
    /// (`DEFAULT_HOOK_TIMEOUT` otherwise); set it before loading.
    pub fn with_timeout(mut self, timeout: Duration) -> PluginHost {
        self.timeout = timeout;
        self
    }

    /// Pretends to be a host at another ABI version: for the compatibility
    /// tests (a plugin built at `M.0` loads in a host at `M.1`).
    #[doc(hidden)]
    #[cfg(feature = "dev")] // for the tests, benches and examples only
    #[visibility::make(pub)]
    pub(crate) fn with_abi(mut self, abi: AbiVersion) -> PluginHost {
        self.abi = abi;
        self
    }

    /// The directories searched, in order.
    pub fn dirs(&self) -> &[PathBuf] {
        &self.dirs
    }

    /// The ABI version this host loads (plugins of the same major, minor up to this).
    pub fn abi(&self) -> AbiVersion {
        self.abi
    }

    /// The library file of a plugin name: `cooling-tower` -> `libcooling_tower.so`
    /// (on Linux; `.dylib` on macOS, `cooling_tower.dll` on Windows).
    #[cfg_attr(feature = "dev", visibility::make(pub))]
    pub(crate) fn file_name(name: &str) -> String {
        format!(
            "{}{}{}",
            std::env::consts::DLL_PREFIX,
            name.replace('-', "_"),
            std::env::consts::DLL_SUFFIX
        )
    }

    /// Serves the plugin named `provider.manifest().name` from `provider`
    /// instead of a library (e.g. a rule written in Python); it replaces a
    /// provider registered or loaded before under that name.
    pub fn register(&self, provider: Arc<dyn HookProvider>) {
        let name = provider.manifest().name.clone();
        self.lock().insert(name, provider);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<dyn HookProvider>>> {
        self.loaded
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The plugin of this name: a registered provider, or the first library
    /// named after it in the directories, loaded once per host.
    #[cfg_attr(feature = "dev", visibility::make(pub))]
    pub(crate) fn load(&self, name: &str) -> Result<Arc<dyn HookProvider>, PluginError> {
        if let Some(p) = self.lock().get(name) {
            return Ok(p.clone());
        }
        self.load_library(name).map(|p| {
            let p: Arc<dyn HookProvider> = p;
            self.lock().entry(name.to_string()).or_insert(p).clone()
        })
    }

    /// The library of this name in the directories (not cached).
    #[cfg_attr(feature = "dev", visibility::make(pub))]
    pub(crate) fn load_library(&self, name: &str) -> Result<Arc<LoadedPlugin>, PluginError> {
        let file = PluginHost::file_name(name);
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        let found = valid
            .then(|| {
                self.dirs
                    .iter()
                    .map(|d| d.join(&file))
                    .find(|p| p.is_file())
            })
            .flatten();
        let Some(path) = found else {
            let kind = PluginErrorKind::NotFound {
                file: if valid {
                    file
                } else {
                    format!("valid plugin name ('{name}' is not lowercase letters, digits and -)")
                },
                searched: self.dirs.clone(),
            };
            return Err(PluginError::new(name, "load", kind));
        };
        let plugin = loader::load(&path, name, self.abi, self.timeout)?;
        if plugin.manifest.name != name {
            return Err(PluginError::new(
                name,
                "manifest",
                PluginErrorKind::InvalidManifest(format!(
                    "{} declares the name '{}'",
                    path.display(),
                    plugin.manifest.name
                )),
            ));
        }
        Ok(Arc::new(plugin))
    }

    /// Every library in the directories, in directory order then file name,
    /// each loaded (its manifest read, no hook run) or with its error.
    pub fn list(&self) -> Vec<Listing> {
        let mut out = Vec::new();
        for dir in &self.dirs {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && library_stem(p).is_some())
                .collect();
            files.sort();
            for path in files {
                let stem = library_stem(&path).unwrap_or_default();
                let guess = stem.trim_matches('_').replace('_', "-");
                let plugin = loader::load(&path, &guess, self.abi, self.timeout).map(Arc::new);
                out.push(Listing { path, plugin });
            }
        }
        out
    }
}

/// `cooling_tower` for `libcooling_tower.so`; None for a file that is not a library.
fn library_stem(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    name.strip_prefix(std::env::consts::DLL_PREFIX)?
        .strip_suffix(std::env::consts::DLL_SUFFIX)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_never_become_paths() {
        let host = PluginHost::new([PathBuf::from("/")]);
        for name in ["../etc/x", "/abs", "a/b", "", "Upper"] {
            let e = host.load(name).unwrap_err();
            assert_eq!(e.code(), "plugin.not_found", "{name}");
        }
        let e = PluginHost::new(Vec::new())
            .load("cooling-tower")
            .unwrap_err();
        assert!(e.to_string().contains("--plugin-dir"), "{e}");
    }

    #[test]
    fn file_names_follow_cargo() {
        if cfg!(target_os = "linux") {
            assert_eq!(
                PluginHost::file_name("cooling-tower"),
                "libcooling_tower.so"
            );
            assert_eq!(
                library_stem(Path::new("/x/libwater_quota.so")).as_deref(),
                Some("water_quota")
            );
            assert_eq!(library_stem(Path::new("/x/notes.txt")), None);
        }
    }
}
