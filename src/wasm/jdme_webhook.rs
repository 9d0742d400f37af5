//! Boundary for `jdme::webhook`, `jdme::crypto`, `jdme::card` and `jdme::events`.

use wasm_bindgen::prelude::*;

use super::{from_json, millis, to_js};
use crate::jdme::{card, crypto, events, webhook};

/// A configured webhook verifier. Secrets stay inside wasm memory; nothing reads them back.
#[wasm_bindgen(js_name = JdmeVerifier)]
pub struct JdmeVerifier(webhook::Verifier);

#[wasm_bindgen(js_class = JdmeVerifier)]
impl JdmeVerifier {
    /// `toleranceMs`/`cardToleranceMs` of `undefined` take the defaults (5 min / off);
    /// a negative value disables the window.
    #[wasm_bindgen(constructor)]
    pub fn new(
        verification_token: Option<String>,
        encrypt_key: Option<String>,
        tolerance_ms: Option<f64>,
        card_tolerance_ms: Option<f64>,
        max_body_bytes: Option<f64>,
    ) -> Result<JdmeVerifier, JsValue> {
        let window = |v: Option<f64>, default: Option<u64>, what: &str| -> Result<Option<u64>, JsValue> {
            match v {
                None => Ok(default),
                Some(x) if x < 0.0 => Ok(None),
                Some(x) => millis(x, what).map(Some),
            }
        };
        let config = webhook::Config {
            verification_token,
            encrypt_key,
            tolerance_ms: window(tolerance_ms, Some(webhook::DEFAULT_TOLERANCE_MS), "toleranceMs")?,
            card_tolerance_ms: window(card_tolerance_ms, None, "cardToleranceMs")?,
            max_body_bytes: match max_body_bytes {
                None => webhook::DEFAULT_MAX_BODY_BYTES,
                Some(x) => millis(x, "maxBodyBytes")?.min(usize::MAX as u64) as usize,
            },
        };
        webhook::Verifier::new(config).map(JdmeVerifier).map_err(to_js)
    }

    /// Verifies one body. Returns `{ kind: "event" | "card", json }`; throws an `Error` with
    /// a `code` otherwise.
    pub fn verify(&self, body: &[u8], now_ms: f64) -> Result<JsValue, JsValue> {
        let now = millis(now_ms, "nowMs")?;
        let v = self.0.verify(body, now).map_err(to_js)?;
        let out = js_sys::Object::new();
        let kind = match v.kind {
            webhook::Kind::Event => "event",
            webhook::Kind::CardCallback => "card",
        };
        js_sys::Reflect::set(&out, &"kind".into(), &kind.into())?;
        js_sys::Reflect::set(&out, &"json".into(), &JsValue::from_str(&v.json))?;
        Ok(out.into())
    }
}

/// `Base64(SHA-256(verificationToken + "\n" + timeStamp))`, see `jdme::crypto::sign_token`.
#[wasm_bindgen(js_name = jdmeSignToken)]
pub fn jdme_sign_token(verification_token: &str, timestamp: &str) -> Result<String, JsValue> {
    if verification_token.is_empty() {
        return Err(super::arg_error("verificationToken must not be empty"));
    }
    Ok(crypto::sign_token(verification_token, timestamp))
}

/// Encrypts UTF-8 `plaintext` with a caller-supplied 16-byte IV; returns the `encrypt` value.
#[wasm_bindgen(js_name = jdmeEncrypt)]
pub fn jdme_encrypt(encrypt_key: &str, plaintext: &[u8], iv: &[u8]) -> Result<String, JsValue> {
    crypto::EventCipher::new(encrypt_key).and_then(|c| c.encrypt(plaintext, iv)).map_err(to_js)
}

/// Decrypts an `encrypt` value into UTF-8 text.
#[wasm_bindgen(js_name = jdmeDecrypt)]
pub fn jdme_decrypt(encrypt_key: &str, encrypted: &str) -> Result<String, JsValue> {
    let plain = crypto::EventCipher::new(encrypt_key).and_then(|c| c.decrypt(encrypted.as_bytes())).map_err(to_js)?;
    String::from_utf8(plain)
        .map_err(|_| to_js(crate::Error::new(crate::ErrorKind::InvalidUtf8, "decrypted text is not UTF-8")))
}

/// JSON body answering a reqType 1 (input: the answer as JSON text, so unknown fields are caught).
/// JSON body answering a reqType 1 card callback.
#[wasm_bindgen(js_name = jdmeCardUpdateAnswer)]
pub fn jdme_card_update_answer(answer_json: &str) -> Result<String, JsValue> {
    let a: card::UpdateCard = from_json(answer_json, "update-card answer")?;
    card::update_card_answer(&a).map_err(to_js)
}

/// JSON body answering a reqType 2 card callback.
#[wasm_bindgen(js_name = jdmeCardInteractionAnswer)]
pub fn jdme_card_interaction_answer(answer_json: &str) -> Result<String, JsValue> {
    let a: card::Interaction = from_json(answer_json, "interaction answer")?;
    card::interaction_answer(&a).map_err(to_js)
}

/// JSON body of a failed card callback (`code` ≠ 1), shown to the user as `msg`.
#[wasm_bindgen(js_name = jdmeCardFailureAnswer)]
pub fn jdme_card_failure_answer(msg: &str) -> String {
    card::failure_answer(msg)
}

/// The documented event types, `[eventType, 说明][]`.
#[wasm_bindgen(js_name = jdmeEventTypes)]
pub fn jdme_event_types() -> JsValue {
    let arr = js_sys::Array::new();
    for (t, d) in events::EVENT_TYPES {
        arr.push(&js_sys::Array::of2(&JsValue::from_str(t), &JsValue::from_str(d)));
    }
    arr.into()
}
