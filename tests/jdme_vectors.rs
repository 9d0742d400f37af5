//! The Rust core against the independent Python vectors in `tests/vectors/jdme_webhook.json`
//! (written by `tests/vectors/gen_jdme_vectors.py` with hashlib + `cryptography`, every
//! ciphertext checked there with the seed's reference `decrypt`), plus negative cases derived
//! from each vector: one flipped byte, truncation, wrong key, token off by one character.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use robotwire::jdme::crypto::EventCipher;
use robotwire::jdme::token::{probe, Scheme};
use robotwire::jdme::webhook::{Config, Kind, Verifier, DEFAULT_TOLERANCE_MS};
use robotwire::ErrorKind;
use serde_json::Value;

fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/jdme_webhook.json");
    let text = std::fs::read_to_string(path).expect("tests/vectors/jdme_webhook.json (run gen_jdme_vectors.py)");
    serde_json::from_str(&text).expect("vector file is JSON")
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_else(|| panic!("field {k} missing in {}", v["name"]))
}

fn hex(h: &str) -> Vec<u8> {
    (0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap()).collect()
}

/// Changes one character of `s` at char index `at` to a different character of the same class.
fn change_char(s: &str, at: usize) -> String {
    s.chars()
        .enumerate()
        .map(|(i, c)| {
            if i != at {
                c
            } else if c == 'A' {
                'B'
            } else if c.is_ascii_alphanumeric() {
                'A'
            } else {
                'x'
            }
        })
        .collect()
}

fn sign_token(vt: &str, ts: &str) -> String {
    Scheme::Sha256.sign(vt, ts)
}

fn verify_token(vt: &str, ts: &str, tok: &str) -> bool {
    Scheme::Sha256.matches(vt, ts, tok)
}

fn list<'a>(doc: &'a Value, k: &str) -> &'a Vec<Value> {
    let l = doc[k].as_array().unwrap();
    assert!(!l.is_empty(), "{k} is empty");
    l
}

/// Every scheme against Python's hashlib/hmac: signed alike, and the probe names exactly it.
#[test]
fn scheme_vectors() {
    let doc = vectors();
    let l = list(&doc, "schemeVectors");
    let mut seen = std::collections::BTreeSet::new();
    for v in l {
        let (vt, ts, tok) = (s(v, "verificationToken"), s(v, "timeStamp"), s(v, "token"));
        let scheme = Scheme::from_id(s(v, "scheme")).unwrap_or_else(|| panic!("unknown scheme in {}", v["name"]));
        seen.insert(scheme.id());
        assert_eq!(scheme.sign(vt, ts), tok, "{}", v["name"]);
        assert_eq!(probe(vt, Some(ts), tok), vec![scheme], "{}", v["name"]);
        if scheme.uses_stamp() {
            assert!(!scheme.matches(vt, &format!("{ts}0"), tok), "{}", v["name"]);
        }
        assert!(!scheme.matches(&format!("{vt}x"), ts, tok), "{}", v["name"]);
    }
    assert_eq!(seen.len(), Scheme::ALL.len(), "every scheme has vectors");
}

#[test]
fn token_vectors() {
    let doc = vectors();
    let l = list(&doc, "tokenVectors");
    for v in l {
        let (vt, ts, tok) = (s(v, "verificationToken"), s(v, "timeStamp"), s(v, "token"));
        assert_eq!(sign_token(vt, ts), tok, "{}", v["name"]);
        assert!(verify_token(vt, ts, tok), "{}", v["name"]);
        // off by one character anywhere: refused
        for at in [0, 21, 42] {
            assert!(!verify_token(vt, ts, &change_char(tok, at)), "{} at {at}", v["name"]);
        }
        assert!(!verify_token(vt, ts, &tok[..43]));
        assert!(!verify_token(vt, &format!("{ts}0"), tok));
        assert!(!verify_token(&format!("{vt} "), ts, tok));
    }
    assert!(l.len() >= 32);
}

#[test]
fn aes_vectors_encrypt_and_decrypt() {
    let doc = vectors();
    let l = list(&doc, "aesVectors");
    let mut lengths = std::collections::BTreeSet::new();
    for v in l {
        let name = &v["name"];
        let c = EventCipher::new(s(v, "encryptKey")).unwrap();
        let pt = s(v, "plaintext");
        assert_eq!(pt.len() as u64, v["plaintextBytes"].as_u64().unwrap(), "{name}");
        lengths.insert(pt.len());
        let iv = hex(s(v, "iv"));
        assert_eq!(c.encrypt(pt.as_bytes(), &iv).unwrap(), s(v, "encrypt"), "{name}: ciphertext differs from Python");
        assert_eq!(c.decrypt(s(v, "encrypt").as_bytes()).unwrap(), pt.as_bytes(), "{name}");
    }
    for n in [0, 1, 15, 16, 17, 31, 32, 33, 500, 1500, 16384] {
        assert!(lengths.contains(&n), "no AES vector of {n} bytes");
    }
}

#[test]
fn aes_vectors_tampered() {
    let doc = vectors();
    for v in list(&doc, "aesVectors") {
        let name = &v["name"];
        let key = s(v, "encryptKey");
        let c = EventCipher::new(key).unwrap();
        let b64 = s(v, "encrypt");
        let raw = STANDARD.decode(b64).unwrap();
        let n = raw.len();
        let enc = |b: &[u8]| STANDARD.encode(b);

        // The last pad byte XOR 1 (through the preceding block or the IV): never valid PKCS#7.
        let mut t = raw.clone();
        t[n - 17] ^= 1;
        assert_eq!(c.decrypt(enc(&t).as_bytes()).unwrap_err().kind, ErrorKind::InvalidPadding, "{name}");

        // A byte of the last ciphertext block: the whole last block decrypts to noise.
        let mut t = raw.clone();
        t[n - 1] ^= 0x80;
        match c.decrypt(enc(&t).as_bytes()) {
            Err(e) => assert_eq!(e.kind, ErrorKind::InvalidPadding, "{name}"),
            Ok(p) => assert_ne!(p, s(v, "plaintext").as_bytes(), "{name}: tamper went unnoticed"),
        }

        // Truncations: one byte (not whole blocks), one block (padding of the wrong block
        // or too short), one Base64 character (not padded Base64), empty.
        let mut t = raw.clone();
        t.pop();
        assert_eq!(c.decrypt(enc(&t).as_bytes()).unwrap_err().kind, ErrorKind::InvalidCiphertext, "{name}");
        let t = &raw[..n - 16];
        let k = c.decrypt(enc(t).as_bytes()).map(|p| p.len());
        if n == 32 {
            assert_eq!(k.unwrap_err().kind, ErrorKind::InvalidCiphertext, "{name}");
        } else {
            // dropping a block can leave a valid-looking pad only by chance; never the plaintext
            assert!(k.is_err() || k.unwrap() != s(v, "plaintext").len(), "{name}");
        }
        assert_eq!(c.decrypt(&b64.as_bytes()[..b64.len() - 1]).unwrap_err().kind, ErrorKind::InvalidBase64, "{name}");
        assert_eq!(c.decrypt(b"").unwrap_err().kind, ErrorKind::InvalidBase64, "{name}");

        // Wrong keys: one character of the key changed, another vector's key.
        for wrong in [change_char(key, 0), format!("{key}x"), "fake-encrypt-key-wrong".to_string()] {
            let w = EventCipher::new(&wrong).unwrap();
            match w.decrypt(b64.as_bytes()) {
                Err(e) => assert!(matches!(e.kind, ErrorKind::InvalidPadding), "{name}: {e}"),
                Ok(p) => assert_ne!(p, s(v, "plaintext").as_bytes(), "{name}: wrong key decrypted"),
            }
        }
    }
}

fn verifier(v: &Value, tolerance_ms: Option<u64>) -> Verifier {
    Verifier::new(Config {
        verification_token: Some(s(v, "verificationToken").to_owned()),
        encrypt_key: Some(s(v, "encryptKey").to_owned()),
        tolerance_ms,
        ..Config::default()
    })
    .unwrap()
}

#[test]
fn webhook_vectors_verify() {
    let doc = vectors();
    let l = list(&doc, "webhookVectors");
    for v in l {
        let name = &v["name"];
        let ts = v["timeStamp"].as_u64().unwrap();
        let body = s(v, "body").as_bytes();
        let plaintext = s(v, "plaintext");
        let ver = verifier(v, Some(DEFAULT_TOLERANCE_MS));
        for now in [ts, ts + DEFAULT_TOLERANCE_MS, ts - DEFAULT_TOLERANCE_MS] {
            let out = ver.verify(body, now).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(out.kind, Kind::Event, "{name}");
            assert_eq!(out.json, plaintext, "{name}: not the exact plaintext");
        }
        assert_eq!(ver.verify(body, ts + DEFAULT_TOLERANCE_MS + 1).unwrap_err().kind, ErrorKind::TimestampOutOfWindow);
        // without a window the old capture still verifies
        assert_eq!(verifier(v, None).verify(body, 1).unwrap().json, plaintext);
        // the decrypted JSON is the event the Python side signed
        let ev: Value = serde_json::from_str(&verifier(v, None).verify(body, 0).unwrap().json).unwrap();
        assert_eq!(ev["eventType"], v["eventType"]);
        assert_eq!(ev["eventId"], v["eventId"]);
        // and the same plaintext through EventCipher with the same IV gives Python's bytes
        let c = EventCipher::new(s(v, "encryptKey")).unwrap();
        let env: Value = serde_json::from_str(s(v, "body")).unwrap();
        assert_eq!(c.encrypt(plaintext.as_bytes(), &hex(s(v, "iv"))).unwrap(), env["encrypt"].as_str().unwrap(), "{name}");
    }
    assert!(l.len() >= 10);
}

/// Re-encrypts `plaintext` with the vector's key and IV into a `{"encrypt": …}` body.
fn rewrap(v: &Value, plaintext: &[u8]) -> Vec<u8> {
    let c = EventCipher::new(s(v, "encryptKey")).unwrap();
    format!(r#"{{"encrypt":"{}"}}"#, c.encrypt(plaintext, &hex(s(v, "iv"))).unwrap()).into_bytes()
}

#[test]
fn webhook_vectors_tampered() {
    let doc = vectors();
    for v in list(&doc, "webhookVectors") {
        let name = &v["name"];
        let ts = v["timeStamp"].as_u64().unwrap();
        let ver = verifier(v, None);
        let env: Value = serde_json::from_str(s(v, "body")).unwrap();
        let b64 = env["encrypt"].as_str().unwrap();
        let raw = STANDARD.decode(b64).unwrap();
        let n = raw.len();
        let body_of = |bytes: &[u8]| format!(r#"{{"encrypt":"{}"}}"#, STANDARD.encode(bytes)).into_bytes();
        let kind = |body: &[u8]| ver.verify(body, ts).unwrap_err().kind;

        // sanity: our re-wrapping of the untouched plaintext is accepted
        assert!(ver.verify(&rewrap(v, s(v, "plaintext").as_bytes()), ts).is_ok(), "{name}");

        // one flipped ciphertext byte
        let mut t = raw.clone();
        t[n - 17] ^= 1; // last pad byte
        assert_eq!(kind(&body_of(&t)), ErrorKind::InvalidPadding, "{name}");
        let mut t = raw.clone();
        t[0] ^= 0x80; // IV byte 0: plaintext '{' becomes 0xFB
        assert_eq!(kind(&body_of(&t)), ErrorKind::InvalidUtf8, "{name}");
        let mut t = raw.clone();
        t[0] ^= 0x01; // IV byte 0: plaintext '{' becomes 'z'
        assert_eq!(kind(&body_of(&t)), ErrorKind::InvalidJson, "{name}");
        for at in [16, 20, n / 2, n - 20, n - 1] {
            let mut t = raw.clone();
            t[at] ^= 0x55;
            let k = kind(&body_of(&t));
            assert!(
                matches!(
                    k,
                    ErrorKind::InvalidPadding | ErrorKind::InvalidUtf8 | ErrorKind::InvalidJson | ErrorKind::InvalidField
                        | ErrorKind::MissingField | ErrorKind::TokenMismatch
                ),
                "{name} byte {at}: {k:?}"
            );
        }

        // truncations
        assert_eq!(kind(&body_of(&raw[..n - 1])), ErrorKind::InvalidCiphertext, "{name}");
        assert_eq!(kind(&body_of(&raw[..16])), ErrorKind::InvalidCiphertext, "{name}");
        let short = format!(r#"{{"encrypt":"{}"}}"#, &b64[..b64.len() - 1]);
        assert_eq!(kind(short.as_bytes()), ErrorKind::InvalidBase64, "{name}");
        let body = s(v, "body").as_bytes();
        assert_eq!(kind(&body[..body.len() - 1]), ErrorKind::InvalidJson, "{name}");
        assert_eq!(kind(&body[..body.len() / 2]), ErrorKind::InvalidJson, "{name}");
        assert_eq!(kind(b""), ErrorKind::InvalidJson, "{name}");

        // wrong key
        for wrong in [change_char(s(v, "encryptKey"), 3), "fake-encrypt-key-wrong".into()] {
            let w = Verifier::new(Config {
                verification_token: Some(s(v, "verificationToken").into()),
                encrypt_key: Some(wrong),
                tolerance_ms: None,
                ..Config::default()
            })
            .unwrap();
            let k = w.verify(body, ts).unwrap_err().kind;
            assert!(matches!(k, ErrorKind::InvalidPadding | ErrorKind::InvalidUtf8), "{name}: {k:?}");
        }

        // wrong verification token configured
        let w = Verifier::new(Config {
            verification_token: Some(format!("{}x", s(v, "verificationToken"))),
            encrypt_key: Some(s(v, "encryptKey").into()),
            tolerance_ms: None,
            ..Config::default()
        })
        .unwrap();
        assert_eq!(w.verify(body, ts).unwrap_err().kind, ErrorKind::TokenMismatch, "{name}");

        // token off by one character inside a correctly encrypted event
        let pt = s(v, "plaintext");
        let ev: Value = serde_json::from_str(pt).unwrap();
        let tok = ev["token"].as_str().unwrap();
        assert_eq!(pt.matches(tok).count(), 1, "{name}");
        for at in [0, 10, 43] {
            let forged = pt.replace(tok, &change_char(tok, at));
            assert_eq!(ver.verify(&rewrap(v, forged.as_bytes()), ts).unwrap_err().kind, ErrorKind::TokenMismatch, "{name}");
        }
        // timeStamp off by one (the token no longer covers it)
        let ts_text = ts.to_string();
        let forged = pt.replacen(&ts_text, &(ts + 1).to_string(), 1);
        assert_ne!(forged, pt);
        assert_eq!(ver.verify(&rewrap(v, forged.as_bytes()), ts).unwrap_err().kind, ErrorKind::TokenMismatch, "{name}");
        // token removed
        let forged = pt.replace(&format!("\"token\":\"{tok}\""), "\"tokeN\":\"x\"").replace(&format!("\"token\": \"{tok}\""), "\"tokeN\": \"x\"");
        assert_ne!(forged, pt, "{name}");
        assert_eq!(ver.verify(&rewrap(v, forged.as_bytes()), ts).unwrap_err().kind, ErrorKind::MissingField, "{name}");

        // the decrypted event sent in the clear is a downgrade
        assert_eq!(ver.verify(pt.as_bytes(), ts).unwrap_err().kind, ErrorKind::EncryptionRequired, "{name}");
        // and an encrypted body without a configured key is refused
        let nokey = Verifier::new(Config {
            verification_token: Some(s(v, "verificationToken").into()),
            tolerance_ms: None,
            ..Config::default()
        })
        .unwrap();
        assert_eq!(nokey.verify(body, ts).unwrap_err().kind, ErrorKind::EncryptKeyMissing, "{name}");
    }
}
