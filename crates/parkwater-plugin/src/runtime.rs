//! What [`export_plugin!`](crate::export_plugin) expands to call: decode the
//! input, run the hook under `catch_unwind`, encode the answer. Not for
//! direct use.

use crate::abi::{Buffer, Output, STATUS_ERROR, STATUS_OK, STATUS_PANIC};
use crate::scenario::Scenario;
use crate::sdk::{Context, Error, Plugin};
use crate::types::{Constraints, ErrorPayload, Hook, HookInput, TransformOutput};
use serde::Serialize;
use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

fn answer(status: u32, bytes: Vec<u8>) -> Output {
    Output {
        status,
        buffer: Buffer::from_vec(bytes),
    }
}

fn message(status: u32, message: String) -> Output {
    let bytes = serde_json::to_vec(&ErrorPayload { message })
        .unwrap_or_else(|_| b"{\"message\":\"unprintable error\"}".to_vec());
    answer(status, bytes)
}

fn ok<T: Serialize>(value: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(value).map_err(|e| Error::new(format!("cannot encode the result: {e}")))
}

fn panic_text(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
}

thread_local! {
    /// `Some` while a hook runs on this thread: the panic hook records the
    /// panic (message and location) here instead of printing it.
    static CAPTURED: RefCell<Option<Option<String>>> = const { RefCell::new(None) };
}

/// Installs, once, a panic hook that stays silent for panics inside a hook
/// (the host reports them, with the location) and defers to the previous
/// hook for every other panic. In a cdylib this is the plugin's own copy of
/// std, so the host's panic hook is untouched.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let captured = CAPTURED
                .try_with(|c| match c.try_borrow_mut().as_deref_mut() {
                    Ok(Some(slot)) => {
                        let payload = info.payload();
                        let text = payload
                            .downcast_ref::<&str>()
                            .copied()
                            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                            .unwrap_or("a panic without a message");
                        *slot = Some(match info.location() {
                            Some(at) => format!("{text} (at {at})"),
                            None => text.to_string(),
                        });
                        true
                    }
                    _ => false,
                })
                .unwrap_or(false);
            if !captured {
                previous(info);
            }
        }));
    });
}

/// Runs `f`, turning an `Err` into `STATUS_ERROR` and a panic into `STATUS_PANIC`.
fn guarded(f: impl FnOnce() -> Result<Vec<u8>, Error>) -> Output {
    install_panic_hook();
    let _ = CAPTURED.try_with(|c| c.replace(Some(None)));
    let result = catch_unwind(AssertUnwindSafe(f));
    let captured = CAPTURED
        .try_with(|c| c.replace(None))
        .ok()
        .flatten()
        .flatten();
    match result {
        Ok(Ok(bytes)) => answer(STATUS_OK, bytes),
        Ok(Err(e)) => message(STATUS_ERROR, e.message),
        Err(payload) => message(
            STATUS_PANIC,
            captured.unwrap_or_else(|| panic_text(payload)),
        ),
    }
}

/// `parkwater_plugin_manifest`.
pub fn manifest<P: Plugin>() -> Output {
    guarded(|| ok(&P::default().manifest()))
}

/// `parkwater_plugin_<hook>`.
///
/// # Safety
/// `input` must point to `len` readable bytes for the duration of the call
/// (or be null with `len` 0).
#[allow(unsafe_code)]
pub unsafe fn call<P: Plugin>(hook: Hook, input: *const u8, len: usize) -> Output {
    let bytes: &[u8] = if input.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: guaranteed by the caller (the host keeps its buffer alive).
        unsafe { std::slice::from_raw_parts(input, len) }
    };
    guarded(|| {
        let input: HookInput = serde_json::from_slice(bytes)
            .map_err(|e| Error::new(format!("the host's input is not valid JSON: {e}")))?;
        let plugin = P::default();
        let ctx = Context {
            host: input.host,
            scenario: Scenario(input.scenario),
            config: input.config,
            plugin: plugin.manifest().name,
        };
        match hook {
            Hook::Transform => ok(&TransformOutput {
                scenario: plugin.transform(&ctx)?.map(|s| s.0),
            }),
            Hook::Rules => ok(&plugin.rules(&ctx)?),
            Hook::Constraints => ok(&Constraints {
                constraints: plugin.constraints(&ctx)?,
            }),
            Hook::Report => {
                let report = input.report.unwrap_or_default();
                ok(&plugin.report(&ctx, &report)?)
            }
        }
    })
}

/// `parkwater_plugin_free`.
///
/// # Safety
/// `buffer` must have been returned by this library and not released yet.
#[allow(unsafe_code)]
pub unsafe fn free(buffer: Buffer) {
    // SAFETY: guaranteed by the caller; dropping the Vec releases it.
    drop(unsafe { buffer.into_vec() });
}
