//! A deliberately bad plugin: its manifest lists the report hook, but the
//! library does not export `parkwater_plugin_report`.
#![allow(unsafe_code)]

use parkwater_plugin::abi::{AbiVersion, Buffer, Output, ABI_VERSION, STATUS_OK};

/// The current ABI.
#[unsafe(no_mangle)]
pub static PARKWATER_PLUGIN_ABI: AbiVersion = ABI_VERSION;

/// Lists a hook this library does not have.
#[unsafe(no_mangle)]
pub extern "C" fn parkwater_plugin_manifest() -> Output {
    let json = br#"{"name":"pw-test-missing-symbol","version":"0.0.0","hooks":["report"]}"#;
    Output {
        status: STATUS_OK,
        buffer: Buffer::from_vec(json.to_vec()),
    }
}

/// Releases a buffer.
///
/// # Safety
/// `buffer` came from this library.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn parkwater_plugin_free(buffer: Buffer) {
    drop(unsafe { buffer.into_vec() });
}
