//! Verification of what the platform POSTs to a robot: subscribed events (事件订阅) and card
//! interaction callbacks (卡片交互回传). Pure: the caller passes the body bytes and the clock.
//! Over 600 lines only with its tests (~250, one per documented failure); the code is ~430.
//!
//! Order (seed: "设置了Encrypt Key需要先解密，才能获取token"): size cap → JSON → decrypt when
//! `encrypt` is present → token → replay window. The verified plaintext JSON is handed back
//! as-is so the JavaScript side parses it exactly once.

use std::borrow::Cow;


use super::crypto::{CiphertextTag, EventCipher};
use super::token::{find_match, Scheme, Shape, TokenRule};
use crate::error::{Error, ErrorKind, Result};
use crate::json;

/// 1 MiB: far above any documented payload (cards are capped at 20 KB) yet small enough that
/// a hostile body is rejected before any parsing or allocation proportional to it.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;

/// 5 minutes. The platform retries an unanswered event 3 times at 10 s intervals after a 5 s
/// timeout, all with the original `timeStamp`, so the last retry arrives ~45 s late; 300 s also
/// absorbs clock skew between the platform and the receiver (same default as Slack's).
pub const DEFAULT_TOLERANCE_MS: u64 = 300_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A subscribed event (`eventType`, `eventId`, `timeStamp`).
    Event,
    /// A card interaction callback (`reqType` 1 or 2).
    CardCallback,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub verification_token: Option<String>,
    pub encrypt_key: Option<String>,
    /// Replay window for events; `None` disables the check.
    pub tolerance_ms: Option<u64>,
    /// Replay window for card callbacks' `datetime`. Off by default: the seed's only example
    /// (`10144124124121`) is not a plausible millisecond clock, so enforcing it by default could
    /// reject every real click. Callers who have captured real callbacks can turn it on.
    pub card_tolerance_ms: Option<u64>,
    pub max_body_bytes: usize,
    /// How an event's `token` is derived; see `default_event_token`.
    pub event_token: TokenRule,
    /// How a card callback's `token` is derived (stamp = `datetime`); see `default_card_token`.
    pub card_token: TokenRule,
}

/// Events: the documented reading only (`jdme::token` explains why), so a plain token, which
/// is the verification token itself in every request, is not accepted unless asked for.
pub fn default_event_token() -> TokenRule {
    TokenRule::Schemes(vec![Scheme::Sha256])
}

/// Card callbacks: the card protocol calls `token` "机器人设置的效验token" and never says it is
/// signed, so the plain verification token is accepted, and the signature over `datetime`
/// too should the platform sign it like events. Both prove knowledge of the token.
pub fn default_card_token() -> TokenRule {
    TokenRule::Schemes(vec![Scheme::Sha256, Scheme::Plain])
}

impl Default for Config {
    fn default() -> Self {
        Config {
            verification_token: None,
            encrypt_key: None,
            tolerance_ms: Some(DEFAULT_TOLERANCE_MS),
            card_tolerance_ms: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            event_token: default_event_token(),
            card_token: default_card_token(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub kind: Kind,
    /// The event JSON (decrypted when it came encrypted), exactly as the platform sent it.
    pub json: String,
    pub token: TokenOutcome,
    /// Encrypted requests: the ciphertext's identity without its IV, so the caller can
    /// deduplicate an IV-rewritten copy of a body it has seen (see `CiphertextTag`).
    pub ciphertext: Option<CiphertextTag>,
}

/// What became of the `token` check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenOutcome {
    /// No verification token is configured.
    Unchecked,
    /// The token matched under this scheme (for metrics: which reading the platform uses).
    Matched(Scheme),
    /// `TokenRule::External`: the caller must compare `received` with its own expected
    /// token for `stamp` (the stamp's decimal text) before trusting the request.
    External { received: String, stamp: String },
}

/// What `token-probe` learns from a body: which field was the stamp, and which schemes
/// reproduce its token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    pub kind: Kind,
    /// `timeStamp` for events, `datetime` for card callbacks.
    pub stamp_field: &'static str,
    pub stamp: Option<String>,
    /// The token's shape (never its value); `None` when the body has no token.
    pub token: Option<Shape>,
    pub matches: Vec<Scheme>,
}

/// A configured verifier: the Encrypt Key's schedule is expanded once here, not per event.
#[derive(Clone)]
pub struct Verifier {
    token: Option<String>,
    event_token: TokenRule,
    card_token: TokenRule,
    cipher: Option<EventCipher>,
    tolerance_ms: Option<u64>,
    card_tolerance_ms: Option<u64>,
    max_body_bytes: usize,
}

impl core::fmt::Debug for Verifier {
    // Hand-written so a `{:?}` can never print the secrets.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Verifier")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("cipher", &self.cipher.as_ref().map(|_| "<redacted>"))
            .field("event_token", &self.event_token)
            .field("card_token", &self.card_token)
            .field("tolerance_ms", &self.tolerance_ms)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish()
    }
}

/// The fields the checks need; everything else is skipped (but still validated as JSON).
/// `null` counts as absent, as it did with serde's `Option`.
struct Envelope<'a> {
    encrypt: Option<Cow<'a, str>>,
    token: Option<Cow<'a, str>>,
    time_stamp: Option<Stamp>,
    event_type: Option<Cow<'a, str>>,
    event_id: Option<Cow<'a, str>>,
    /// `Some` whenever the member is present and not null; `Some(None)` when not an integer.
    req_type: Option<Option<u64>>,
    datetime: Option<Stamp>,
}

/// A millisecond timestamp as JSON number or numeric string, kept with its decimal text
/// because the signature is computed over the text.
struct Stamp {
    text: String,
    ms: u64,
}

impl Stamp {
    fn from_json(v: &json::Value<'_>, field: &str) -> core::result::Result<Stamp, String> {
        let (text, is_str) = match v {
            json::Value::Number(t) => (*t, false),
            json::Value::String(t) => (t.as_ref(), true),
            other => return Err(format!("{field} must be a non-negative integer millisecond timestamp, not {}", other.kind())),
        };
        if !text.bytes().all(|b| b.is_ascii_digit()) || text.is_empty() || (is_str && text.len() > 20) {
            return Err(if is_str {
                format!("{field} string must be decimal digits")
            } else if text.starts_with('-') {
                format!("{field} is negative")
            } else {
                format!("{field} must be an integer")
            });
        }
        let ms = text.parse::<u64>().map_err(|_| format!("{field} is out of range"))?;
        Ok(Stamp { text: text.to_owned(), ms })
    }
}

/// `what` names the layer ("body" or "decrypted event") so a bad key/tamper is told apart
/// from a malformed post.
fn parse_envelope<'a>(text: &'a str, what: &str) -> Result<Envelope<'a>> {
    // Only these seven members are read; the rest of the body is validated and skipped without
    // being built. A top-level name given twice is refused: the platform never sends one, and
    // a listener's JSON.parse (last one wins) must see the members that were verified.
    let [encrypt, token, time_stamp, event_type, event_id, req_type, datetime] =
        json::pick_str(text, ["encrypt", "token", "timeStamp", "eventType", "eventId", "reqType", "datetime"], json::Others::Unique).map_err(|e| match e {
            // Positions and reasons only, never the content.
            json::PickError::Syntax(e) => Error::new(ErrorKind::InvalidJson, format!("{what} is not JSON: {e}")),
            json::PickError::NotObject(_) => Error::new(ErrorKind::InvalidJson, format!("{what} is not a JSON object")),
            other => Error::new(ErrorKind::InvalidField, format!("{what} is not a JSON event object: {other}")),
        })?;
    let invalid = |detail: String| Error::new(ErrorKind::InvalidField, format!("{what} is not a JSON event object: {detail}"));
    // `null` counts as absent, as it did with serde's `Option`.
    let present = |v: Option<json::Value<'a>>| v.filter(|v| *v != json::Value::Null);
    let text = |v: Option<json::Value<'a>>, field: &str| -> Result<Option<Cow<'a, str>>> {
        match present(v) {
            None => Ok(None),
            Some(json::Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(invalid(format!("{field} must be a string, not {}", other.kind()))),
        }
    };
    let stamp = |v: Option<json::Value<'a>>, field: &str| -> Result<Option<Stamp>> {
        present(v).map(|v| Stamp::from_json(&v, field)).transpose().map_err(invalid)
    };
    Ok(Envelope {
        encrypt: text(encrypt, "encrypt")?,
        token: text(token, "token")?,
        time_stamp: stamp(time_stamp, "timeStamp")?,
        event_type: text(event_type, "eventType")?,
        event_id: text(event_id, "eventId")?,
        req_type: present(req_type).map(|v| v.as_u64()),
        datetime: stamp(datetime, "datetime")?,
    })
}

/// A body past the size cap and the JSON check.
enum Opened<'a> {
    Encrypted(&'a EventCipher, Cow<'a, str>),
    Plain(&'a str),
}

/// Decrypted bytes as the event's text.
#[inline(never)]
fn plaintext(plain: Vec<u8>) -> Result<String> {
    if crate::utf8::from_utf8(&plain).is_err() {
        return Err(Error::new(ErrorKind::InvalidUtf8, "decrypted event is not UTF-8"));
    }
    // SAFETY: just checked (crate::utf8, the 16-bytes-at-a-time validator).
    Ok(unsafe { String::from_utf8_unchecked(plain) })
}

impl Verifier {
    pub fn new(config: Config) -> Result<Self> {
        let token = match config.verification_token {
            Some(t) if t.is_empty() => {
                return Err(Error::new(ErrorKind::InvalidArgument, "verificationToken must not be empty"))
            }
            t => t,
        };
        let cipher = config.encrypt_key.as_deref().map(EventCipher::new).transpose()?;
        if config.max_body_bytes == 0 {
            return Err(Error::new(ErrorKind::InvalidArgument, "maxBodyBytes must be positive"));
        }
        for rule in [&config.event_token, &config.card_token] {
            if matches!(rule, TokenRule::Schemes(list) if list.is_empty()) {
                return Err(Error::new(ErrorKind::InvalidArgument, "a token rule needs at least one scheme"));
            }
        }
        Ok(Verifier {
            token,
            event_token: config.event_token,
            card_token: config.card_token,
            cipher,
            tolerance_ms: config.tolerance_ms,
            card_tolerance_ms: config.card_tolerance_ms,
            max_body_bytes: config.max_body_bytes,
        })
    }

    /// Verifies one POST body at wall-clock time `now_ms`.
    /// Every failure after AES decryption is `sealed` (see `Error::sealed`).
    pub fn verify(&self, body: &[u8], now_ms: u64) -> Result<Verified> {
        let (json, ciphertext) = self.open(body)?;
        let was_encrypted = ciphertext.is_some();
        let checked = parse_envelope(&json, if was_encrypted { "decrypted event" } else { "body" })
            .and_then(|env| self.check(&env, was_encrypted, now_ms));
        match checked {
            Ok((kind, token)) => Ok(Verified { kind, json, token, ciphertext }),
            Err(e) if was_encrypted => Err(e.sealed()),
            Err(e) => Err(e),
        }
    }

    /// The rule a kind of request is checked with.
    pub fn token_rule(&self, kind: Kind) -> &TokenRule {
        match kind {
            Kind::Event => &self.event_token,
            Kind::CardCallback => &self.card_token,
        }
    }

    /// Which known schemes reproduce the body's `token` (`robotwire jdme token-probe`). Only
    /// size, JSON and decryption are checked; no token rule or replay window applies.
    pub fn probe(&self, body: &[u8]) -> Result<Probe> {
        let vt = self.token.as_deref().ok_or_else(|| {
            Error::new(ErrorKind::InvalidArgument, "token-probe needs the verification token")
        })?;
        let (json, ciphertext) = self.open(body)?;
        let was_encrypted = ciphertext.is_some();
        let env = parse_envelope(&json, if was_encrypted { "decrypted event" } else { "body" })?;
        let kind = kind_of(&env);
        let (stamp_field, stamp) = match kind {
            Kind::Event => ("timeStamp", env.time_stamp.as_ref()),
            Kind::CardCallback => ("datetime", env.datetime.as_ref()),
        };
        let stamp = stamp.map(|s| s.text.clone());
        let matches = match env.token.as_deref() {
            Some(t) => super::token::probe(vt, stamp.as_deref(), t),
            None => Vec::new(),
        };
        Ok(Probe { kind, stamp_field, stamp, token: env.token.as_deref().map(super::token::shape), matches })
    }

    /// Size cap, JSON, and decryption when `encrypt` is present: the event's JSON text, and
    /// the ciphertext's tag when it was encrypted.
    fn open(&self, body: &[u8]) -> Result<(String, Option<CiphertextTag>)> {
        match self.open_ciphertext(body)? {
            Opened::Encrypted(cipher, b64) => {
                // Its padding error is sealed (crypto::padding_error); the Base64 and
                // block-count checks come before AES and depend on nothing secret.
                let (plain, tag) = cipher.decrypt_tagged(b64.as_bytes())?;
                Ok((plaintext(plain).map_err(Error::sealed)?, Some(tag)))
            }
            Opened::Plain(text) => Ok((text.to_owned(), None)),
        }
    }

    /// The first half of [`verify`](Self::verify) for a caller with its own AES (issue 13:
    /// Node's OpenSSL): size cap, JSON and the strict Base64 of `encrypt`. `Some` IV ‖
    /// ciphertext (and its tag) when the body is encrypted; `None` when it is not (then
    /// `verify` the body as it is).
    pub fn ciphertext(&self, body: &[u8]) -> Result<Option<Vec<u8>>> {
        match self.open_ciphertext(body)? {
            Opened::Encrypted(_, b64) => super::crypto::decode(b64.as_bytes()).map(Some),
            Opened::Plain(_) => Ok(None),
        }
    }

    /// The second half: the plaintext that AES-256-CBC (key = SHA-256 of the Encrypt Key,
    /// padding already removed and checked) gave for a [`ciphertext`](Self::ciphertext).
    /// Every failure is `sealed`.
    pub fn verify_decrypted(&self, plain: Vec<u8>, tag: CiphertextTag, now_ms: u64) -> Result<Verified> {
        let json = plaintext(plain).map_err(Error::sealed)?;
        let (kind, token) = parse_envelope(&json, "decrypted event").and_then(|env| self.check(&env, true, now_ms)).map_err(Error::sealed)?;
        Ok(Verified { kind, json, token, ciphertext: Some(tag) })
    }

    fn open_ciphertext<'a>(&'a self, body: &'a [u8]) -> Result<Opened<'a>> {
        if body.len() > self.max_body_bytes {
            return Err(Error::new(
                ErrorKind::BodyTooLarge,
                format!("body is {} bytes, the limit is {}", body.len(), self.max_body_bytes),
            ));
        }
        // UTF-8 is checked once per text: here for the body, in `plaintext` for the event.
        let body = json::utf8(body).map_err(|e| Error::new(ErrorKind::InvalidJson, format!("body is not JSON: {e}")))?;
        let outer = parse_envelope(body, "body")?;
        match outer.encrypt {
            Some(b64) => {
                let cipher = self.cipher.as_ref().ok_or_else(|| {
                    Error::new(ErrorKind::EncryptKeyMissing, "body is encrypted but no encryptKey is configured")
                })?;
                Ok(Opened::Encrypted(cipher, b64))
            }
            None => Ok(Opened::Plain(body)),
        }
    }

    fn check(&self, env: &Envelope<'_>, was_encrypted: bool, now_ms: u64) -> Result<(Kind, TokenOutcome)> {
        if env.encrypt.is_some() && was_encrypted {
            return Err(Error::new(ErrorKind::InvalidField, "decrypted event is itself encrypted"));
        }
        if kind_of(env) == Kind::CardCallback {
            let token = self.check_card(env, now_ms)?;
            return Ok((Kind::CardCallback, token));
        }
        // With an Encrypt Key configured the platform encrypts every event; a plaintext one
        // is a downgrade and is refused. (Card callbacks are a separate protocol that the seed
        // never says is encrypted, so they are accepted either way, still token-checked.)
        if self.cipher.is_some() && !was_encrypted {
            return Err(Error::new(ErrorKind::EncryptionRequired, "event is not encrypted but an encryptKey is configured"));
        }
        if env.event_type.is_none() {
            return Err(Error::new(ErrorKind::MissingField, "eventType is missing"));
        }
        // Every documented event carries a string eventId (事件id，应用最好根据此id保持幂等). Without
        // one an event could not be deduplicated, and the first 16 bytes of an encrypted event
        // (`{"eventId":"sh77`) are exactly what rewriting the IV changes: refused.
        if env.event_id.as_deref().is_none_or(str::is_empty) {
            return Err(Error::new(ErrorKind::MissingField, "eventId is missing (a string is required)"));
        }
        let stamp = env.time_stamp.as_ref();
        let token = match &self.token {
            Some(vt) => {
                let stamp = stamp.ok_or_else(|| Error::new(ErrorKind::MissingField, "timeStamp is missing"))?;
                check_token(&self.event_token, vt, env.token.as_deref(), Some(&stamp.text), Kind::Event)?
            }
            None => TokenOutcome::Unchecked,
        };
        if let Some(tol) = self.tolerance_ms {
            let stamp = stamp.ok_or_else(|| Error::new(ErrorKind::MissingField, "timeStamp is missing"))?;
            check_window(stamp.ms, now_ms, tol, "timeStamp")?;
        }
        Ok((Kind::Event, token))
    }

    fn check_card(&self, env: &Envelope<'_>, now_ms: u64) -> Result<TokenOutcome> {
        match env.req_type.flatten() {
            Some(1) | Some(2) => {}
            _ => return Err(Error::new(ErrorKind::InvalidField, "reqType must be 1 or 2")),
        }
        let token = match &self.token {
            Some(vt) => {
                let stamp = env.datetime.as_ref().map(|d| d.text.as_str());
                check_token(&self.card_token, vt, env.token.as_deref(), stamp, Kind::CardCallback)?
            }
            None => TokenOutcome::Unchecked,
        };
        if let Some(tol) = self.card_tolerance_ms {
            let d = env.datetime.as_ref().ok_or_else(|| Error::new(ErrorKind::MissingField, "datetime is missing"))?;
            check_window(d.ms, now_ms, tol, "datetime")?;
        }
        Ok(token)
    }
}

/// A card callback is `reqType` without `eventType`; everything else is an event.
fn kind_of(env: &Envelope<'_>) -> Kind {
    if env.req_type.is_some() && env.event_type.is_none() {
        Kind::CardCallback
    } else {
        Kind::Event
    }
}

/// Checks `received` under `rule`. A mismatch says which schemes were tried and that the
/// scheme is configurable, and carries `target` and `triedSchemes` for the JS error; it never
/// carries the token or the verification token.
fn check_token(rule: &TokenRule, vt: &str, received: Option<&str>, stamp: Option<&str>, kind: Kind) -> Result<TokenOutcome> {
    let stamp_field = match kind {
        Kind::Event => "timeStamp",
        Kind::CardCallback => "datetime",
    };
    let received = received.ok_or_else(|| Error::new(ErrorKind::MissingField, "token is missing"))?;
    let schemes = match rule {
        TokenRule::External => {
            let stamp = stamp.ok_or_else(|| Error::new(ErrorKind::MissingField, format!("{stamp_field} is missing")))?;
            // An empty token never reaches the caller's comparison: a placeholder function
            // returning "" must not accept forged requests that send `"token": ""`.
            if received.is_empty() {
                return Err(mismatch(rule, kind));
            }
            return Ok(TokenOutcome::External { received: received.to_owned(), stamp: stamp.to_owned() });
        }
        TokenRule::Schemes(list) => list,
    };
    match find_match(schemes, vt, stamp, received) {
        Some(s) => Ok(TokenOutcome::Matched(s)),
        None => Err(mismatch(rule, kind)),
    }
}

/// The `token_mismatch` error for a rule (also used by the JS layer for `custom`).
pub fn mismatch(rule: &TokenRule, kind: Kind) -> Error {
    let (error_kind, target, stamp_note) = match kind {
        Kind::Event => (ErrorKind::TokenMismatch, "event", ""),
        Kind::CardCallback => (ErrorKind::CardTokenMismatch, "card", " (card callbacks sign datetime in place of timeStamp)"),
    };
    Error::new(
        error_kind,
        format!(
            "{target} token does not match the verification token; tried {}{stamp_note}. The platform may derive \
             the token differently: the scheme is configurable (webhook option tokenScheme, CLI --token-scheme), \
             and `robotwire jdme token-probe` names the scheme from a captured body",
            rule.describe()
        ),
    )
}

fn check_window(ts: u64, now: u64, tol: u64, field: &str) -> Result<()> {
    let skew = ts.abs_diff(now);
    if skew > tol {
        return Err(Error::new(
            ErrorKind::TimestampOutOfWindow,
            format!("{field} is {} s away from now, the window is {} s", skew / 1000, tol / 1000),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const VT: &str = "fake-verification-token";

    fn sign_token(vt: &str, stamp: &str) -> String {
        Scheme::Sha256.sign(vt, stamp)
    }
    const KEY: &str = "fake-encrypt-key";
    const NOW: u64 = 1_700_000_000_000;

    fn event(ts: u64, token: &str) -> String {
        format!(
            r#"{{"eventId":"e1","eventType":"chat_message","timeStamp":{ts},"token":"{token}","event":{{"body":{{"type":"text","content":"hi"}}}}}}"#
        )
    }

    fn verifier(key: Option<&str>) -> Verifier {
        Verifier::new(Config {
            verification_token: Some(VT.into()),
            encrypt_key: key.map(Into::into),
            ..Config::default()
        })
        .unwrap()
    }

    #[test]
    fn plain_event_ok() {
        let body = event(NOW, &sign_token(VT, &NOW.to_string()));
        let v = verifier(None).verify(body.as_bytes(), NOW + 1000).unwrap();
        assert_eq!(v.kind, Kind::Event);
        assert_eq!(v.json, body);
    }

    #[test]
    fn encrypted_event_ok_and_downgrade_refused() {
        let body = event(NOW, &sign_token(VT, &NOW.to_string()));
        let c = EventCipher::new(KEY).unwrap();
        let wrapped = format!(r#"{{"encrypt":"{}"}}"#, c.encrypt(body.as_bytes(), &[3u8; 16]).unwrap());
        let v = verifier(Some(KEY)).verify(wrapped.as_bytes(), NOW).unwrap();
        assert_eq!(v.json, body);
        assert_eq!(verifier(Some(KEY)).verify(body.as_bytes(), NOW).unwrap_err().kind, ErrorKind::EncryptionRequired);
        assert_eq!(verifier(None).verify(wrapped.as_bytes(), NOW).unwrap_err().kind, ErrorKind::EncryptKeyMissing);
        assert_eq!(verifier(Some("other")).verify(wrapped.as_bytes(), NOW).unwrap_err().kind, ErrorKind::InvalidPadding);
    }

    #[test]
    fn failures_after_decryption_are_sealed_and_only_those() {
        // A padding oracle needs answers that differ between a bad padding and a later
        // failure: every failure after AES carries `sealed`, none before it or on plaintext.
        let c = EventCipher::new(KEY).unwrap();
        let v = verifier(Some(KEY));
        let wrap = |plain: &[u8]| format!(r#"{{"encrypt":"{}"}}"#, c.encrypt(plain, &[5u8; 16]).unwrap());
        let good = event(NOW, &sign_token(VT, &NOW.to_string()));
        let after = [
            (verifier(Some("other")).verify(wrap(good.as_bytes()).as_bytes(), NOW), ErrorKind::InvalidPadding),
            (v.verify(wrap(b"\xff\xfe not utf-8").as_bytes(), NOW), ErrorKind::InvalidUtf8),
            (v.verify(wrap(b"not json").as_bytes(), NOW), ErrorKind::InvalidJson),
            (v.verify(wrap(br#"{"eventType":"chat_quit"}"#).as_bytes(), NOW), ErrorKind::MissingField),
            (v.verify(wrap(event(NOW, "forged").as_bytes()).as_bytes(), NOW), ErrorKind::TokenMismatch),
            (v.verify(wrap(good.as_bytes()).as_bytes(), NOW + 3_600_000), ErrorKind::TimestampOutOfWindow),
        ];
        for (r, kind) in after {
            let e = r.unwrap_err();
            assert_eq!((e.kind, e.sealed), (kind, true), "{e}");
        }
        let before = [
            v.verify(br#"{"encrypt":"abc"}"#, NOW),
            v.verify(br#"{"encrypt":"AAAAAAAAAAAAAAAAAAAAAA=="}"#, NOW),
            v.verify(b"not json", NOW),
            v.verify(good.as_bytes(), NOW),
            verifier(None).verify(event(NOW, "forged").as_bytes(), NOW),
        ];
        for r in before {
            assert!(!r.unwrap_err().sealed);
        }
        // The host-AES half: everything it can refuse comes after AES.
        let raw = v.ciphertext(wrap(good.as_bytes()).as_bytes()).unwrap().unwrap();
        let tag = crate::jdme::crypto::CiphertextTag { len: raw.len() - 16, last: raw[raw.len() - 16..].try_into().unwrap() };
        let e = v.verify_decrypted(b"\xff".to_vec(), tag, NOW).unwrap_err();
        assert!(e.sealed && e.kind == ErrorKind::InvalidUtf8 && raw.len() > 16);
    }

    #[test]
    fn events_need_a_string_event_id_and_no_repeated_names() {
        let tok = sign_token(VT, &NOW.to_string());
        let v = verifier(None);
        let without = format!(r#"{{"eventType":"chat_quit","timeStamp":{NOW},"token":"{tok}"}}"#);
        assert_eq!(v.verify(without.as_bytes(), NOW).unwrap_err().kind, ErrorKind::MissingField);
        let empty = format!(r#"{{"eventId":"","eventType":"chat_quit","timeStamp":{NOW},"token":"{tok}"}}"#);
        assert_eq!(v.verify(empty.as_bytes(), NOW).unwrap_err().kind, ErrorKind::MissingField);
        let number = format!(r#"{{"eventId":7,"eventType":"chat_quit","timeStamp":{NOW},"token":"{tok}"}}"#);
        assert_eq!(v.verify(number.as_bytes(), NOW).unwrap_err().kind, ErrorKind::InvalidField);
        let twice = format!(r#"{{"eventId":"a","eventId":"b","eventType":"chat_quit","timeStamp":{NOW},"token":"{tok}"}}"#);
        assert_eq!(v.verify(twice.as_bytes(), NOW).unwrap_err().kind, ErrorKind::InvalidField);
        // Any top-level name, not only the ones verified.
        let other = format!(r#"{{"eventId":"a","eventType":"chat_quit","timeStamp":{NOW},"token":"{tok}","event":{{}},"event":{{}}}}"#);
        let e = v.verify(other.as_bytes(), NOW).unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidField);
        assert!(e.detail.contains("duplicate field `event`"), "{}", e.detail);
        // Encrypted: the tag survives an IV rewrite that changes the eventId.
        let c = EventCipher::new(KEY).unwrap();
        let body = event(NOW, &tok);
        let b64 = c.encrypt(body.as_bytes(), &[5u8; 16]).unwrap();
        let first = verifier(Some(KEY)).verify(format!(r#"{{"encrypt":"{b64}"}}"#).as_bytes(), NOW).unwrap();
        use base64::Engine;
        let mut raw = base64::engine::general_purpose::STANDARD.decode(&b64).unwrap();
        raw[13] ^= b'1' ^ b'9'; // {"eventId":"e1" → "e9"
        let forged = base64::engine::general_purpose::STANDARD.encode(&raw);
        let second = verifier(Some(KEY)).verify(format!(r#"{{"encrypt":"{forged}"}}"#).as_bytes(), NOW).unwrap();
        assert!(second.json.starts_with(r#"{"eventId":"e9""#), "{}", second.json);
        assert_eq!(first.ciphertext, second.ciphertext);
        assert!(first.ciphertext.is_some());
        assert!(verifier(None).verify(body.as_bytes(), NOW).unwrap().ciphertext.is_none());
    }

    #[test]
    fn token_and_window() {
        let good = sign_token(VT, &NOW.to_string());
        let v = verifier(None);
        assert_eq!(v.verify(event(NOW, "x").as_bytes(), NOW).unwrap_err().kind, ErrorKind::TokenMismatch);
        assert_eq!(v.verify(event(NOW + 1, &good).as_bytes(), NOW).unwrap_err().kind, ErrorKind::TokenMismatch);
        // The boundary of the window is inclusive on both sides.
        assert!(v.verify(event(NOW, &good).as_bytes(), NOW + DEFAULT_TOLERANCE_MS).is_ok());
        assert_eq!(
            v.verify(event(NOW, &good).as_bytes(), NOW + DEFAULT_TOLERANCE_MS + 1).unwrap_err().kind,
            ErrorKind::TimestampOutOfWindow
        );
        assert!(v.verify(event(NOW, &good).as_bytes(), NOW - DEFAULT_TOLERANCE_MS).is_ok());
        assert_eq!(
            v.verify(event(NOW, &good).as_bytes(), NOW - DEFAULT_TOLERANCE_MS - 1).unwrap_err().kind,
            ErrorKind::TimestampOutOfWindow
        );
    }

    #[test]
    fn string_timestamp_signed_over_its_text() {
        let body = format!(
            r#"{{"eventId":"e2","eventType":"chat_quit","timeStamp":"{NOW}","token":"{}"}}"#,
            sign_token(VT, &NOW.to_string())
        );
        assert!(verifier(None).verify(body.as_bytes(), NOW).is_ok());
    }

    #[test]
    fn card_callback_plain_or_signed_token() {
        let v = verifier(None);
        let plain = format!(r#"{{"reqType":1,"token":"{VT}","datetime":1,"body":{{}}}}"#);
        assert_eq!(v.verify(plain.as_bytes(), NOW).unwrap().kind, Kind::CardCallback);
        let signed = format!(r#"{{"reqType":2,"token":"{}","datetime":5}}"#, sign_token(VT, "5"));
        assert_eq!(v.verify(signed.as_bytes(), NOW).unwrap().kind, Kind::CardCallback);
        let bad = r#"{"reqType":2,"token":"nope","datetime":5}"#;
        assert_eq!(v.verify(bad.as_bytes(), NOW).unwrap_err().kind, ErrorKind::CardTokenMismatch);
        let bad_type = format!(r#"{{"reqType":3,"token":"{VT}"}}"#);
        assert_eq!(v.verify(bad_type.as_bytes(), NOW).unwrap_err().kind, ErrorKind::InvalidField);
    }

    fn verifier_with(event: &str, card: &str) -> Verifier {
        Verifier::new(Config {
            verification_token: Some(VT.into()),
            event_token: TokenRule::parse(event).unwrap(),
            card_token: TokenRule::parse(card).unwrap(),
            ..Config::default()
        })
        .unwrap()
    }

    #[test]
    fn token_rules_for_events() {
        let signed = event(NOW, &sign_token(VT, &NOW.to_string()));
        let plain = event(NOW, VT);
        let md5 = event(NOW, &Scheme::Md5Hex.sign(VT, &NOW.to_string()));
        // Default: the documented reading only; the plain token is refused.
        let v = verifier(None);
        assert_eq!(v.verify(signed.as_bytes(), NOW).unwrap().token, TokenOutcome::Matched(Scheme::Sha256));
        assert_eq!(v.verify(plain.as_bytes(), NOW).unwrap_err().kind, ErrorKind::TokenMismatch);
        // either: both, and the outcome says which one matched.
        let v = verifier_with("either", "either");
        assert_eq!(v.verify(signed.as_bytes(), NOW).unwrap().token, TokenOutcome::Matched(Scheme::Sha256));
        assert_eq!(v.verify(plain.as_bytes(), NOW).unwrap().token, TokenOutcome::Matched(Scheme::Plain));
        assert_eq!(v.verify(md5.as_bytes(), NOW).unwrap_err().kind, ErrorKind::TokenMismatch);
        // plain only: the signature is refused.
        let v = verifier_with("plain", "plain");
        assert_eq!(v.verify(signed.as_bytes(), NOW).unwrap_err().kind, ErrorKind::TokenMismatch);
        assert_eq!(verifier_with("md5-hex", "plain").verify(md5.as_bytes(), NOW).unwrap().token, TokenOutcome::Matched(Scheme::Md5Hex));
        // External: handed back for the caller, after presence and window checks.
        let v = verifier_with("custom", "custom");
        assert_eq!(
            v.verify(plain.as_bytes(), NOW).unwrap().token,
            TokenOutcome::External { received: VT.into(), stamp: NOW.to_string() }
        );
        assert_eq!(
            v.verify(plain.as_bytes(), NOW + DEFAULT_TOLERANCE_MS + 1).unwrap_err().kind,
            ErrorKind::TimestampOutOfWindow
        );
        let no_token = format!(r#"{{"eventType":"chat_quit","timeStamp":{NOW}}}"#);
        assert_eq!(v.verify(no_token.as_bytes(), NOW).unwrap_err().kind, ErrorKind::MissingField);
        assert_eq!(v.verify(event(NOW, "").as_bytes(), NOW).unwrap_err().kind, ErrorKind::TokenMismatch);
    }

    #[test]
    fn mismatch_names_schemes_and_no_secret() {
        let body = event(NOW, "Zm9yZ2Vk");
        for (rule, tried) in [("sha256", "sha256"), ("either", "sha256,plain"), ("md5,hmac-sha1-hex", "md5,hmac-sha1-hex")] {
            let e = verifier_with(rule, rule).verify(body.as_bytes(), NOW).unwrap_err();
            assert_eq!(e.kind, ErrorKind::TokenMismatch);
            assert_eq!(verifier_with(rule, rule).token_rule(Kind::Event).ids().join(","), tried);
            for id in tried.split(',') {
                assert!(e.detail.contains(id), "{}", e.detail);
            }
            assert!(e.detail.contains("tokenScheme") && e.detail.contains("token-probe"));
            assert!(!e.detail.contains(VT) && !e.detail.contains("Zm9yZ2Vk"));
        }
        let card = r#"{"reqType":2,"token":"nope","datetime":5}"#;
        let e = verifier(None).verify(card.as_bytes(), NOW).unwrap_err();
        assert_eq!(e.kind, ErrorKind::CardTokenMismatch);
        assert_eq!(e.code(), "token_mismatch");
        assert!(e.detail.contains("card token") && e.detail.contains("datetime"));
    }

    #[test]
    fn card_rules() {
        let plain = format!(r#"{{"reqType":1,"token":"{VT}","datetime":7}}"#);
        let signed = format!(r#"{{"reqType":1,"token":"{}","datetime":7}}"#, sign_token(VT, "7"));
        let undated_plain = format!(r#"{{"reqType":2,"token":"{VT}"}}"#);
        let v = verifier_with("sha256", "sha256");
        assert_eq!(v.verify(plain.as_bytes(), NOW).unwrap_err().kind, ErrorKind::CardTokenMismatch);
        assert_eq!(v.verify(signed.as_bytes(), NOW).unwrap().token, TokenOutcome::Matched(Scheme::Sha256));
        // plain needs no datetime; a signed scheme cannot match without one.
        assert!(verifier(None).verify(undated_plain.as_bytes(), NOW).is_ok());
        assert_eq!(v.verify(undated_plain.as_bytes(), NOW).unwrap_err().kind, ErrorKind::CardTokenMismatch);
        let v = verifier_with("sha256", "custom");
        assert_eq!(v.verify(undated_plain.as_bytes(), NOW).unwrap_err().kind, ErrorKind::MissingField);
        assert_eq!(
            v.verify(plain.as_bytes(), NOW).unwrap().token,
            TokenOutcome::External { received: VT.into(), stamp: "7".into() }
        );
    }

    #[test]
    fn probe_reports_matches_through_encryption() {
        let c = EventCipher::new(KEY).unwrap();
        let v = verifier(Some(KEY));
        for s in Scheme::ALL {
            let body = event(NOW, &s.sign(VT, &NOW.to_string()));
            let wrapped = format!(r#"{{"encrypt":"{}"}}"#, c.encrypt(body.as_bytes(), &[9u8; 16]).unwrap());
            let p = v.probe(wrapped.as_bytes()).unwrap();
            assert_eq!((p.kind, p.stamp_field, p.token.is_some()), (Kind::Event, "timeStamp", true));
            assert_eq!(p.matches, vec![s]);
            assert_eq!(p.stamp.as_deref(), Some(NOW.to_string().as_str()));
        }
        let card = format!(r#"{{"reqType":2,"token":"{}","datetime":"42"}}"#, Scheme::HmacSha1.sign(VT, "42"));
        let p = v.probe(card.as_bytes()).unwrap();
        assert_eq!((p.kind, p.stamp_field, p.matches), (Kind::CardCallback, "datetime", vec![Scheme::HmacSha1]));
        let p = v.probe(br#"{"eventType":"x","timeStamp":1}"#).unwrap();
        assert!(p.token.is_none() && p.matches.is_empty());
        let anon = Verifier::new(Config::default()).unwrap();
        assert_eq!(anon.probe(b"{}").unwrap_err().kind, ErrorKind::InvalidArgument);
        assert_eq!(v.probe(b"[]").unwrap_err().kind, ErrorKind::InvalidJson);
    }

    #[test]
    fn size_cap_before_parsing() {
        let v = Verifier::new(Config { max_body_bytes: 10, ..Config::default() }).unwrap();
        assert_eq!(v.verify(&[b'{'; 11], NOW).unwrap_err().kind, ErrorKind::BodyTooLarge);
    }

    #[test]
    fn malformed_shapes() {
        let v = verifier(Some(KEY));
        for (body, kind) in [
            (&b"not json"[..], ErrorKind::InvalidJson),
            (b"[]", ErrorKind::InvalidJson),
            (b"{\"eventType\":7}", ErrorKind::InvalidField),
            (b"{\"encrypt\":5}", ErrorKind::InvalidField),
            (b"{\"encrypt\":\"@@@@\"}", ErrorKind::InvalidBase64),
            (b"{\"timeStamp\":-1}", ErrorKind::InvalidField),
            (b"{\"timeStamp\":1.5}", ErrorKind::InvalidField),
            (b"\xff\xfe", ErrorKind::InvalidJson),
        ] {
            assert_eq!(v.verify(body, NOW).unwrap_err().kind, kind, "{:?}", String::from_utf8_lossy(body));
        }
    }

    #[test]
    fn debug_redacts_secrets() {
        let s = format!("{:?}", verifier(Some(KEY)));
        assert!(!s.contains(VT) && !s.contains(KEY));
    }
}
