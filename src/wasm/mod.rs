//! The wasm-bindgen boundary. Only conversions live here: every function takes JSON text,
//! numbers or bytes (the webhook's bodies), calls the pure core, answers with JSON text (the
//! verifier's results are small objects), and turns `crate::Error` into a JS `Error` carrying
//! `code`. Each module has exactly one caller, its boundary file in `js/src/wasm/`, which
//! exposes typed functions to the rest of the TypeScript.

use wasm_bindgen::prelude::*;

use crate::error::{Error, ErrorKind};

// One wasm module per product (issue 9): each boundary module is compiled only when its Cargo
// feature is on, so `scripts/build-wasm.sh` links three modules from the same sources, and
// wasm-ld drops every core function the selected boundary never reaches. `cargo test` builds
// all three (the default features).
#[cfg(feature = "jdme-outbound")]
pub mod jdme_outbound;
#[cfg(feature = "jdme-webhook")]
pub mod jdme_webhook;
#[cfg(feature = "yjiyun")]
pub mod yjiyun;


/// A JS `Error` whose `code` is the stable `ErrorKind::code()`. The message never carries
/// a secret: `Error::detail` is written not to.
/// `sealed: true` marks a failure after decryption (see `Error::sealed`).
pub(crate) fn to_js(e: Error) -> JsValue {
    let err = js_sys::Error::new(&e.detail);
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(e.code()));
    if e.sealed {
        let _ = js_sys::Reflect::set(&err, &JsValue::from_str("sealed"), &JsValue::TRUE);
    }
    err.into()
}

pub(crate) fn arg_error(detail: impl Into<String>) -> JsValue {
    to_js(Error::new(ErrorKind::InvalidArgument, detail))
}

/// A JS number used as milliseconds since the epoch: finite, non-negative, integral.
pub(crate) fn millis(v: f64, what: &str) -> Result<u64, JsValue> {
    if v.is_finite() && v >= 0.0 && v <= 9_007_199_254_740_991.0 && v.fract() == 0.0 {
        Ok(v as u64)
    } else {
        Err(arg_error(format!("{what} must be a non-negative integer number of milliseconds")))
    }
}
