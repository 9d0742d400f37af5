//! Boundary for `jdme::webhook`, `jdme::crypto`, `jdme::card` and `jdme::events`.

use wasm_bindgen::prelude::*;

use super::{millis, to_js};
use crate::jdme::token::{Scheme, TokenRule};
use crate::jdme::{card, crypto, webhook};

/// A configured webhook verifier. Secrets stay inside wasm memory; nothing reads them back.
#[wasm_bindgen(js_name = JdmeVerifier)]
pub struct JdmeVerifier {
    inner: webhook::Verifier,
    /// The last `verify` answer, as UTF-8 when it is ASCII, else as UTF-16 (`crate::utf16`
    /// says why); js/src/wasm/jdme-webhook.ts reads it from wasm memory (`answerPtr`).
    text: String,
    wide: Vec<u16>,
}

/// Answer buffers above this are dropped before the next verify, so one huge event does not
/// pin its size in memory for the verifier's life.
const RETAIN: usize = 256 * 1024;

#[wasm_bindgen(js_class = JdmeVerifier)]
impl JdmeVerifier {
    /// `toleranceMs`/`cardToleranceMs` of `undefined` take the defaults (5 min / off);
    /// a negative value disables the window. `eventScheme`/`cardScheme` are token rules as
    /// `TokenRule::parse` reads them (`sha256`, `either`, `md5-hex,plain`, `custom`);
    /// `undefined` takes the defaults.
    #[wasm_bindgen(constructor)]
    pub fn new(
        verification_token: Option<String>,
        encrypt_key: Option<String>,
        tolerance_ms: Option<f64>,
        card_tolerance_ms: Option<f64>,
        max_body_bytes: Option<f64>,
        event_scheme: Option<String>,
        card_scheme: Option<String>,
    ) -> Result<JdmeVerifier, JsValue> {
        let rule = |spec: Option<String>, default: fn() -> TokenRule| match spec {
            None => Ok(default()),
            Some(s) => TokenRule::parse(&s).map_err(to_js),
        };
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
            event_token: rule(event_scheme, webhook::default_event_token)?,
            card_token: rule(card_scheme, webhook::default_card_token)?,
        };
        webhook::Verifier::new(config).map(|inner| JdmeVerifier { inner, text: String::new(), wide: Vec::new() }).map_err(to_js)
    }

    /// Verifies one body. The answer is one text: a header line of tab-separated fields `kind`
    /// (`event` | `card`), the matched scheme id, the ciphertext key, the received token as a
    /// JSON string and its stamp (the last two only under the `custom` rule; empty fields when
    /// absent), then `\n` and the verified JSON text. One text instead of an object: every
    /// string and property crossing the boundary costs a TextDecoder call or a `Reflect.set`,
    /// which were ~4 µs of a 0.5 KB event's ~14 µs (issue 13). It is left in wasm memory at
    /// `answerPtr()`; the return value is its length in code units × 2, plus 1 when they are
    /// UTF-16 (else ASCII bytes). js/src/wasm/jdme-webhook.ts reads and unpacks it. Throws an
    /// `Error` with a `code` otherwise.
    pub fn verify(&mut self, body: &[u8], now_ms: f64) -> Result<f64, JsValue> {
        let now = millis(now_ms, "nowMs")?;
        let v = self.inner.verify(body, now).map_err(|e| self.error(e))?;
        Ok(self.answer(&v))
    }

    /// For a host AES (Node's OpenSSL, issue 13): the IV ‖ ciphertext of an encrypted body
    /// (size cap, JSON and strict Base64 checked, the same errors as `verify`), or `undefined`
    /// when the body is not encrypted.
    pub fn ciphertext(&self, body: &[u8]) -> Result<Option<Vec<u8>>, JsValue> {
        self.inner.ciphertext(body).map_err(|e| self.error(e))
    }

    /// `verify`'s answer for a `ciphertext` (`raw`, IV first) whose blocks after the IV a host
    /// ran through AES-256 decryption (`blocks`, no chaining, no unpadding: both are done here).
    #[wasm_bindgen(js_name = verifyDecrypted)]
    pub fn verify_decrypted(&mut self, blocks: Vec<u8>, raw: &[u8], now_ms: f64) -> Result<f64, JsValue> {
        let now = millis(now_ms, "nowMs")?;
        // Its padding error is sealed like `verify`'s (crypto::padding_error).
        let (plain, tag) = crypto::finish_cbc(blocks, raw).map_err(to_js)?;
        let v = self.inner.verify_decrypted(plain, tag, now).map_err(|e| self.error(e))?;
        Ok(self.answer(&v))
    }

    /// Where the last answer starts in wasm memory (valid until the next call on this verifier).
    #[wasm_bindgen(js_name = answerPtr)]
    pub fn answer_ptr(&self) -> u32 {
        if self.text.is_empty() { self.wide.as_ptr() as u32 } else { self.text.as_ptr() as u32 }
    }

    /// `robotwire jdme token-probe`: `{ kind, stampField, stamp?, token?: { length,
    /// encoding, bytes? }, matches }`, `matches` the ids joined with commas (like
    /// `triedSchemes`: no JS array is built here).
    pub fn probe(&self, body: &[u8]) -> Result<JsValue, JsValue> {
        let p = self.inner.probe(body).map_err(to_js)?;
        let out = js_sys::Object::new();
        set(&out, "kind", kind_name(p.kind))?;
        set(&out, "stampField", p.stamp_field)?;
        if let Some(s) = &p.stamp {
            set(&out, "stamp", s)?;
        }
        if let Some(t) = p.token {
            let shape = js_sys::Object::new();
            js_sys::Reflect::set(&shape, &"length".into(), &(t.length as f64).into())?;
            set(&shape, "encoding", t.encoding)?;
            if let Some(n) = t.bytes {
                js_sys::Reflect::set(&shape, &"bytes".into(), &(n as f64).into())?;
            }
            js_sys::Reflect::set(&out, &"token".into(), &shape)?;
        }
        let matches: Vec<&str> = p.matches.iter().map(|s| s.id()).collect();
        set(&out, "matches", &matches.join(","))?;
        Ok(out.into())
    }

    /// The `token_mismatch` error for a `custom` rule, worded like the built-in ones.
    #[wasm_bindgen(js_name = customMismatch)]
    pub fn custom_mismatch(&self, card: bool) -> JsValue {
        let kind = if card { webhook::Kind::CardCallback } else { webhook::Kind::Event };
        self.error(webhook::mismatch(self.inner.token_rule(kind), kind))
    }
}

impl JdmeVerifier {
    /// Packs `v` into `text` (ASCII) or `wide` (UTF-16); the length and kind for `verify`.
    #[inline(never)]
    fn answer(&mut self, v: &webhook::Verified) -> f64 {
        for cap in [self.text.capacity(), self.wide.capacity() * 2] {
            if cap > RETAIN {
                (self.text, self.wide) = (String::new(), Vec::new());
            }
        }
        self.text.clear();
        self.wide.clear();
        pack(v, &mut self.text);
        if crate::utf16::is_ascii(&self.text) {
            return self.text.len() as f64 * 2.0;
        }
        crate::utf16::encode_into(&self.text, &mut self.wide);
        self.text.clear();
        self.wide.len() as f64 * 2.0 + 1.0
    }

    /// `to_js`, plus `target` and `triedSchemes` on a token mismatch (never the token).
    fn error(&self, e: crate::Error) -> JsValue {
        let kind = match e.kind {
            crate::ErrorKind::TokenMismatch => webhook::Kind::Event,
            crate::ErrorKind::CardTokenMismatch => webhook::Kind::CardCallback,
            _ => return to_js(e),
        };
        let err = to_js(e);
        let tried = self.inner.token_rule(kind).ids().join(",");
        let _ = js_sys::Reflect::set(&err, &"target".into(), &kind_name(kind).into());
        let _ = js_sys::Reflect::set(&err, &"triedSchemes".into(), &tried.into());
        err
    }
}

/// `verify`'s packed answer (see `JdmeVerifier::verify`).
#[inline(never)]
fn pack(v: &webhook::Verified, out: &mut String) {
    out.reserve(v.json.len() + 96);
    out.push_str(kind_name(v.kind));
    out.push('\t');
    if let webhook::TokenOutcome::Matched(s) = &v.token {
        out.push_str(s.id());
    }
    out.push('\t');
    if let Some(tag) = &v.ciphertext {
        out.push_str(&tag.to_key());
    }
    out.push('\t');
    if let webhook::TokenOutcome::External { received, stamp } = &v.token {
        // Quoted and escaped: the token is whatever the body held, tabs and newlines too.
        crate::json::write_str(out, received);
        out.push('\t');
        out.push_str(stamp);
    } else {
        out.push('\t');
    }
    out.push('\n');
    out.push_str(&v.json);
}

fn kind_name(kind: webhook::Kind) -> &'static str {
    match kind {
        webhook::Kind::Event => "event",
        webhook::Kind::CardCallback => "card",
    }
}

fn set(obj: &js_sys::Object, key: &str, value: &str) -> Result<(), JsValue> {
    js_sys::Reflect::set(obj, &JsValue::from_str(key), &JsValue::from_str(value)).map(|_| ())
}

/// The token under a named scheme (default `sha256`), see `jdme::token`.
#[wasm_bindgen(js_name = jdmeSignToken)]
pub fn jdme_sign_token(verification_token: &str, timestamp: &str, scheme: Option<String>) -> Result<String, JsValue> {
    if verification_token.is_empty() {
        return Err(super::arg_error("verificationToken must not be empty"));
    }
    let scheme = match scheme.as_deref() {
        None => Scheme::Sha256,
        Some(id) => Scheme::from_id(id).ok_or_else(|| {
            let known: Vec<&str> = Scheme::ALL.iter().map(|s| s.id()).collect();
            super::arg_error(format!("unknown token scheme {}; signing needs one of: {}", crate::jdme::token::echo_name(id), known.join(", ")))
        })?,
    };
    Ok(scheme.sign(verification_token, timestamp))
}

/// Every token scheme as the JSON text of `[id, formula][]`, in `token-probe` order.
#[wasm_bindgen(js_name = jdmeTokenSchemes)]
pub fn jdme_token_schemes() -> String {
    let mut out = String::from("[");
    for (i, s) in Scheme::ALL.iter().enumerate() {
        out.push_str(if i == 0 { "[" } else { ",[" });
        crate::json::write_str(&mut out, s.id());
        out.push(',');
        crate::json::write_str(&mut out, s.formula());
        out.push(']');
    }
    out.push(']');
    out
}

/// Constant-time comparison of two tokens (the `custom` scheme's check).
#[wasm_bindgen(js_name = jdmeTokenEquals)]
pub fn jdme_token_equals(expected: &str, received: &str) -> bool {
    crate::jdme::token::ct_eq(expected.as_bytes(), received.as_bytes())
}

/// Decrypts an `encrypt` value into UTF-8 text.
#[wasm_bindgen(js_name = jdmeDecrypt)]
pub fn jdme_decrypt(encrypt_key: &str, encrypted: &str) -> Result<String, JsValue> {
    let plain = crypto::EventCipher::new(encrypt_key).and_then(|c| c.decrypt(encrypted.as_bytes())).map_err(to_js)?;
    String::from_utf8(plain)
        .map_err(|_| to_js(crate::Error::new(crate::ErrorKind::InvalidUtf8, "decrypted text is not UTF-8")))
}

/// JSON body answering a reqType 1 card callback.
#[wasm_bindgen(js_name = jdmeCardUpdateAnswer)]
pub fn jdme_card_update_answer(answer_json: &str) -> Result<String, JsValue> {
    let a = card::UpdateCard::from_json(answer_json).map_err(to_js)?;
    card::update_card_answer(&a).map_err(to_js)
}

/// JSON body answering a reqType 2 card callback.
#[wasm_bindgen(js_name = jdmeCardInteractionAnswer)]
pub fn jdme_card_interaction_answer(answer_json: &str) -> Result<String, JsValue> {
    let a = card::Interaction::from_json(answer_json).map_err(to_js)?;
    card::interaction_answer(&a).map_err(to_js)
}

/// JSON body of a failed card callback (`code` ≠ 1), shown to the user as `msg`.
#[wasm_bindgen(js_name = jdmeCardFailureAnswer)]
pub fn jdme_card_failure_answer(msg: &str) -> String {
    card::failure_answer(msg)
}

