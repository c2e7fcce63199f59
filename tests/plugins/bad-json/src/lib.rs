//! A deliberately bad plugin: a correct ABI and manifest, but its constraints
//! hook answers with truncated JSON. Written against the raw ABI, since the
//! SDK cannot produce malformed JSON.
#![allow(unsafe_code)]

use parkwater_plugin::abi::{AbiVersion, Buffer, Output, ABI_VERSION, STATUS_OK};

/// The current ABI.
#[unsafe(no_mangle)]
pub static PARKWATER_PLUGIN_ABI: AbiVersion = ABI_VERSION;

fn ok(json: &[u8]) -> Output {
    Output {
        status: STATUS_OK,
        buffer: Buffer::from_vec(json.to_vec()),
    }
}

/// A valid manifest.
#[unsafe(no_mangle)]
pub extern "C" fn parkwater_plugin_manifest() -> Output {
    ok(br#"{"name":"pw-test-bad-json","version":"0.0.0","hooks":["constraints"],"description":"answers with malformed JSON"}"#)
}

/// Truncated JSON.
///
/// # Safety
/// Reads nothing.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn parkwater_plugin_constraints(_input: *const u8, _len: usize) -> Output {
    ok(br#"{"constraints": [{"label": "half a row", "sen"#)
}

/// Releases a buffer.
///
/// # Safety
/// `buffer` came from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn parkwater_plugin_free(buffer: Buffer) {
    drop(unsafe { buffer.into_vec() });
}
