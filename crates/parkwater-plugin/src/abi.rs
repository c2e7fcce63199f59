//! The binary interface between the parkwater host and a plugin library.
//!
//! Only `extern "C"` functions and `#[repr(C)]` data cross it; everything
//! richer travels as UTF-8 JSON in byte buffers. A library is a plugin when it
//! exports these symbols:
//!
//! | symbol | type | required |
//! | --- | --- | --- |
//! | [`SYMBOL_ABI`] `PARKWATER_PLUGIN_ABI` | `static AbiVersion` | always; read first, before any plugin code runs |
//! | [`SYMBOL_MANIFEST`] `parkwater_plugin_manifest` | [`ManifestFn`] | always |
//! | [`SYMBOL_FREE`] `parkwater_plugin_free` | [`FreeFn`] | always |
//! | `parkwater_plugin_transform`, `_rules`, `_constraints`, `_report` | [`HookFn`] | each hook the manifest lists |
//!
//! Ownership: the host owns every input buffer and keeps it alive for the
//! duration of the call (a plugin copies what it keeps). Every [`Buffer`] a
//! plugin returns was allocated by the plugin and is handed back to the same
//! plugin's `parkwater_plugin_free` exactly once, after the host has copied it.
//!
//! Versioning: [`ABI_VERSION`] is `major.minor`, independent of the engine's
//! version. A minor release only adds (a hook symbol, an optional JSON field
//! that old plugins ignore); a major release may change anything. A host at
//! `M.n` loads a plugin built at `M.m` for every `m <= n` ([`AbiVersion::loads_in`]).

use std::mem::ManuallyDrop;

/// `major.minor` of the plugin ABI, as exported in [`SYMBOL_ABI`].
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AbiVersion {
    /// Incompatible changes.
    pub major: u32,
    /// Additions only.
    pub minor: u32,
}

/// The ABI this crate implements.
pub const ABI_VERSION: AbiVersion = AbiVersion { major: 1, minor: 0 };

impl AbiVersion {
    /// A version.
    pub const fn new(major: u32, minor: u32) -> AbiVersion {
        AbiVersion { major, minor }
    }

    /// Whether a plugin built at `self` loads in a host at `host`: same major,
    /// and a minor no newer than the host's (a newer plugin may rely on what the
    /// host does not yet provide).
    pub fn loads_in(self, host: AbiVersion) -> bool {
        self.major == host.major && self.minor <= host.minor
    }
}

impl std::fmt::Display for AbiVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// Name of the `static AbiVersion` every plugin exports.
pub const SYMBOL_ABI: &str = "PARKWATER_PLUGIN_ABI";
/// Name of the manifest function ([`ManifestFn`]).
pub const SYMBOL_MANIFEST: &str = "parkwater_plugin_manifest";
/// Name of the release function ([`FreeFn`]).
pub const SYMBOL_FREE: &str = "parkwater_plugin_free";
/// Prefix of the hook functions: `parkwater_plugin_<hook>`.
pub const SYMBOL_HOOK_PREFIX: &str = "parkwater_plugin_";

/// A byte buffer allocated by the plugin (a Rust `Vec<u8>` taken apart).
/// `ptr` is null for an empty buffer.
#[repr(C)]
#[derive(Debug)]
pub struct Buffer {
    /// First byte.
    pub ptr: *mut u8,
    /// Bytes of content.
    pub len: usize,
    /// Bytes allocated (needed to give the allocation back).
    pub capacity: usize,
}

impl Buffer {
    /// An empty buffer (nothing to release).
    pub const EMPTY: Buffer = Buffer {
        ptr: std::ptr::null_mut(),
        len: 0,
        capacity: 0,
    };

    /// Takes a vector apart; give it back with [`Buffer::into_vec`] in the
    /// same library that made it.
    pub fn from_vec(bytes: Vec<u8>) -> Buffer {
        if bytes.capacity() == 0 {
            return Buffer::EMPTY;
        }
        let mut bytes = ManuallyDrop::new(bytes);
        Buffer {
            ptr: bytes.as_mut_ptr(),
            len: bytes.len(),
            capacity: bytes.capacity(),
        }
    }

    /// Puts the vector back together (the plugin's release function does this).
    ///
    /// # Safety
    /// The buffer must come from [`Buffer::from_vec`] in this same library and
    /// not have been released already.
    #[allow(unsafe_code)]
    pub unsafe fn into_vec(self) -> Vec<u8> {
        if self.ptr.is_null() {
            return Vec::new();
        }
        // SAFETY: the caller guarantees ptr/len/capacity came from a Vec<u8>
        // of this allocator that was leaked once by `from_vec`.
        unsafe { Vec::from_raw_parts(self.ptr, self.len, self.capacity) }
    }

    /// The content, borrowed (the host copies it before releasing the buffer).
    ///
    /// # Safety
    /// `ptr` must be null or point to `len` readable bytes that stay alive
    /// while the slice is used.
    #[allow(unsafe_code)]
    pub unsafe fn as_slice(&self) -> &[u8] {
        if self.ptr.is_null() || self.len == 0 {
            return &[];
        }
        // SAFETY: guaranteed by the caller.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

/// The answer of a hook or of the manifest function.
#[repr(C)]
#[derive(Debug)]
pub struct Output {
    /// [`STATUS_OK`], [`STATUS_ERROR`] or [`STATUS_PANIC`].
    pub status: u32,
    /// `STATUS_OK`: the result as JSON. Otherwise `{"message": "..."}`.
    pub buffer: Buffer,
}

/// The hook succeeded; the buffer holds its JSON result.
pub const STATUS_OK: u32 = 0;
/// The hook refused (bad configuration, a rule it cannot apply); the buffer
/// holds `{"message": "..."}`.
pub const STATUS_ERROR: u32 = 1;
/// The hook panicked; the SDK caught it at the boundary. The buffer holds
/// `{"message": "<panic message>"}`.
pub const STATUS_PANIC: u32 = 2;

/// `parkwater_plugin_manifest`: the manifest as JSON (see `Manifest`).
pub type ManifestFn = unsafe extern "C" fn() -> Output;

/// `parkwater_plugin_<hook>`: JSON input (`HookInput`) in, JSON result out.
/// The input bytes are valid for the duration of the call only.
pub type HookFn = unsafe extern "C" fn(input: *const u8, len: usize) -> Output;

/// `parkwater_plugin_free`: gives a returned buffer back to the plugin.
pub type FreeFn = unsafe extern "C" fn(buffer: Buffer);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minor_versions_are_additive() {
        let host = AbiVersion::new(1, 1);
        assert!(AbiVersion::new(1, 0).loads_in(host));
        assert!(AbiVersion::new(1, 1).loads_in(host));
        assert!(!AbiVersion::new(1, 2).loads_in(host));
        assert!(!AbiVersion::new(2, 0).loads_in(host));
        assert!(!AbiVersion::new(0, 9).loads_in(host));
    }

    #[test]
    #[allow(unsafe_code)]
    fn buffers_round_trip() {
        let b = Buffer::from_vec(b"{\"a\":1}".to_vec());
        // SAFETY: made just above by from_vec.
        assert_eq!(unsafe { b.as_slice() }, b"{\"a\":1}");
        assert_eq!(unsafe { b.into_vec() }, b"{\"a\":1}".to_vec());
        assert!(Buffer::from_vec(Vec::new()).ptr.is_null());
    }
}
