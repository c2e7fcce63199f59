//! Opening a plugin library and calling across the C boundary: the only
//! unsafe code of the engine outside the solver binding.
//!
//! Order of trust: the ABI version static is read first, before any plugin
//! code runs; only a compatible library has its release function and
//! manifest looked up and called; the manifest's hooks must all have their
//! symbols. A library, once opened, stays loaded for the life of the process
//! (see [`open`]), so a function pointer taken from it is never left dangling.
#![allow(unsafe_code)]

use super::error::{PluginError, PluginErrorKind};
use parkwater_plugin::abi::{
    AbiVersion, FreeFn, HookFn, ManifestFn, Output, STATUS_ERROR, STATUS_OK, STATUS_PANIC,
    SYMBOL_ABI, SYMBOL_FREE, SYMBOL_MANIFEST,
};
use parkwater_plugin::types::ErrorPayload;
use parkwater_plugin::{Hook, Manifest};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// A plugin library, open, checked and ready to call.
#[derive(Debug)]
pub struct LoadedPlugin {
    /// What it says it is.
    pub manifest: Manifest,
    /// The ABI version it was built against.
    pub abi: AbiVersion,
    hooks: BTreeMap<Hook, HookFn>,
    free: FreeFn,
    timeout: Duration,
}

/// Opens a library once per process and never closes it: `dlclose` on a
/// Rust cdylib is unsound in general (thread-local destructors, leaked
/// function pointers in the host), so each library is leaked deliberately and
/// cached by canonical path, so opening it again does not leak it again.
fn open(path: &Path) -> Result<&'static libloading::Library, String> {
    static OPEN: OnceLock<Mutex<HashMap<PathBuf, &'static libloading::Library>>> = OnceLock::new();
    let key = path.canonicalize().map_err(|e| e.to_string())?;
    let mut open = OPEN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(lib) = open.get(&key) {
        return Ok(lib);
    }
    // SAFETY: loading runs the library's initialisers. The user named the
    // directory it lives in (--plugin-dir, PARKWATER_PLUGIN_PATH) and so
    // trusts its code; a Rust cdylib has no initialisers of its own.
    let lib = unsafe { libloading::Library::new(&key) }.map_err(|e| e.to_string())?;
    let lib: &'static libloading::Library = Box::leak(Box::new(lib));
    open.insert(key, lib);
    Ok(lib)
}

/// Looks up a function symbol.
fn function<T: Copy>(lib: &'static libloading::Library, name: &str) -> Option<T> {
    // SAFETY: `T` is one of the ABI's function-pointer types, and the symbol
    // name is one the ABI gives that type; the library outlives the pointer.
    unsafe { lib.get::<T>(name.as_bytes()).ok().map(|s| *s) }
}

/// Opens `path`, checks the ABI against `host`, reads the manifest and the
/// hook symbols. `name` names the plugin in errors until the manifest is read.
pub(super) fn load(
    path: &Path,
    name: &str,
    host: AbiVersion,
    timeout: Duration,
) -> Result<LoadedPlugin, PluginError> {
    let err = |hook, kind| PluginError::new(name, hook, kind);
    let lib = open(path).map_err(|message| {
        err(
            "load",
            PluginErrorKind::Load {
                path: path.to_path_buf(),
                message,
            },
        )
    })?;
    // SAFETY: the ABI symbol is a `static AbiVersion` (two u32, repr(C)),
    // read by value; no plugin code runs.
    let abi = unsafe {
        lib.get::<*const AbiVersion>(SYMBOL_ABI.as_bytes())
            .ok()
            .map(|s| std::ptr::read(*s))
    }
    .ok_or_else(|| err("load", PluginErrorKind::MissingSymbol(SYMBOL_ABI.into())))?;
    if !abi.loads_in(host) {
        return Err(err(
            "load",
            PluginErrorKind::AbiMismatch {
                found: abi,
                expected: host,
            },
        ));
    }
    let free: FreeFn = function(lib, SYMBOL_FREE)
        .ok_or_else(|| err("load", PluginErrorKind::MissingSymbol(SYMBOL_FREE.into())))?;
    let manifest_fn: ManifestFn = function(lib, SYMBOL_MANIFEST).ok_or_else(|| {
        err(
            "load",
            PluginErrorKind::MissingSymbol(SYMBOL_MANIFEST.into()),
        )
    })?;
    // SAFETY: an ABI-checked manifest function takes nothing and returns an Output.
    let out = unsafe { manifest_fn() };
    let bytes = take(out, free).map_err(|kind| err("manifest", kind))?;
    let manifest: Manifest = serde_json::from_slice(&bytes)
        .map_err(|e| err("manifest", PluginErrorKind::MalformedJson(e.to_string())))?;
    let mut hooks = BTreeMap::new();
    for &hook in &manifest.hooks {
        let symbol = hook.symbol();
        let f: HookFn = function(lib, &symbol)
            .ok_or_else(|| err(hook.name(), PluginErrorKind::MissingSymbol(symbol)))?;
        hooks.insert(hook, f);
    }
    Ok(LoadedPlugin {
        manifest,
        abi,
        hooks,
        free,
        timeout,
    })
}

/// Copies an answer out of the plugin's buffer, gives the buffer back, and
/// turns an error or panic status into its kind.
fn take(out: Output, free: FreeFn) -> Result<Vec<u8>, PluginErrorKind> {
    // SAFETY: the plugin returned this buffer: null, or `len` bytes it owns
    // until we release it, which happens right after the copy, exactly once.
    let bytes = unsafe { out.buffer.as_slice() }.to_vec();
    if !out.buffer.ptr.is_null() {
        // SAFETY: as above; the buffer goes back to the library that made it.
        unsafe { free(out.buffer) };
    }
    let message = || {
        serde_json::from_slice::<ErrorPayload>(&bytes)
            .map(|p| p.message)
            .unwrap_or_else(|_| String::from_utf8_lossy(&bytes).into_owned())
    };
    match out.status {
        STATUS_OK => Ok(bytes),
        STATUS_ERROR => Err(PluginErrorKind::HookError(message())),
        STATUS_PANIC => Err(PluginErrorKind::Panic(message())),
        other => Err(PluginErrorKind::MalformedJson(format!(
            "unknown status {other} (0 ok, 1 error, 2 panic)"
        ))),
    }
}

impl LoadedPlugin {
    /// Whether the manifest lists the hook.
    pub(crate) fn has(&self, hook: Hook) -> bool {
        self.hooks.contains_key(&hook)
    }

    /// Calls a hook with a JSON input; the JSON answer, copied. The hook runs
    /// on its own thread so that one that never returns costs the caller its
    /// time limit, not the process: after the limit the thread is left behind
    /// (native code cannot be stopped safely) and the call fails `Timeout`.
    pub(super) fn call_hook(&self, hook: Hook, input: &[u8]) -> Result<Vec<u8>, PluginErrorKind> {
        let f = *self
            .hooks
            .get(&hook)
            .ok_or_else(|| PluginErrorKind::MissingSymbol(hook.symbol()))?;
        let (free, input) = (self.free, input.to_vec());
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name(format!("plugin-{}-{}", self.manifest.name, hook.name()))
            .spawn(move || {
                // SAFETY: `input` is owned by this thread and outlives the
                // call, as the ABI requires; the function has the ABI's hook
                // type (checked by name at load); the library is never unloaded.
                let out = unsafe { f(input.as_ptr(), input.len()) };
                let _ = send.send(take(out, free));
            })
            .map_err(|e| {
                PluginErrorKind::HookError(format!("cannot start the hook's thread: {e}"))
            })?;
        match receive.recv_timeout(self.timeout) {
            Ok(answer) => answer,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                Err(PluginErrorKind::Timeout(self.timeout.as_secs_f64()))
            }
            // The thread ended without an answer: the SDK catches panics, so
            // this is a panic that crossed the boundary some other way.
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(PluginErrorKind::Panic(
                "the hook's thread ended without an answer".into(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parkwater_plugin::abi::Buffer;

    #[test]
    fn answers_are_copied_and_statuses_mapped() {
        unsafe extern "C" fn release(b: Buffer) {
            // SAFETY: the test made the buffer with from_vec in this binary.
            drop(unsafe { b.into_vec() });
        }
        let out = |status, text: &str| Output {
            status,
            buffer: Buffer::from_vec(text.as_bytes().to_vec()),
        };
        assert_eq!(take(out(STATUS_OK, "{}"), release).unwrap(), b"{}");
        assert_eq!(
            take(out(STATUS_ERROR, r#"{"message":"no"}"#), release),
            Err(PluginErrorKind::HookError("no".into()))
        );
        assert_eq!(
            take(out(STATUS_PANIC, "raw text"), release),
            Err(PluginErrorKind::Panic("raw text".into()))
        );
        assert!(matches!(
            take(out(7, ""), release),
            Err(PluginErrorKind::MalformedJson(_))
        ));
        let empty = Output {
            status: STATUS_OK,
            buffer: Buffer::EMPTY,
        };
        assert_eq!(take(empty, release).unwrap(), b"");
    }
}
