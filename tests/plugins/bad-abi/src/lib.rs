//! A deliberately bad plugin: built against ABI major 99. The host must refuse
//! it after reading the version static, without calling anything else (the
//! manifest below would otherwise claim a perfectly good plugin).
#![allow(unsafe_code)]

use parkwater_plugin::abi::{AbiVersion, Buffer, Output, STATUS_OK};

/// ABI 99.0: no host of major 1 may load this library.
#[unsafe(no_mangle)]
pub static PARKWATER_PLUGIN_ABI: AbiVersion = AbiVersion::new(99, 0);

/// Never called by a correct host.
#[unsafe(no_mangle)]
pub extern "C" fn parkwater_plugin_manifest() -> Output {
    let json = br#"{"name":"pw-test-bad-abi","version":"0.0.0","hooks":[]}"#;
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
