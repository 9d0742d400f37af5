//! JD ME event-subscription crypto: the Encrypt Key envelope (the `token` is `jdme::token`).
//!
//! Seed `000_…`, 事件订阅 / 事件订阅流程 / 3. 安全验证和数据加密.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

use aes_x8::{pkcs7_len, Aes256};
use crate::error::{Error, ErrorKind, Result};

const BLOCK: usize = 16;

/// What identifies a ciphertext whatever its IV (see [`EventCipher::decrypt_tagged`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CiphertextTag {
    /// Ciphertext bytes after the IV.
    pub len: usize,
    pub last: [u8; BLOCK],
}

impl CiphertextTag {
    /// `<len>.<last block in hex>`: a store key part.
    pub fn to_key(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = format!("{}.", self.len);
        for b in self.last {
            s.push(char::from(HEX[usize::from(b >> 4)]));
            s.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
        s
    }
}

/// AES-256-CBC with key = SHA-256(Encrypt Key bytes), payload = Base64(IV ‖ ciphertext),
/// PKCS#7 padding (the seed's "PKCS5"; identical for 16-byte blocks).
///
/// The key schedule is expanded once per configured key, not once per event. The block
/// cipher is crates/aes-x8: bitsliced, eight blocks at a time in wasm SIMD, constant time (that
/// crate says why, and how it is checked).
#[derive(Clone)]
pub struct EventCipher {
    aes: Aes256,
}

impl EventCipher {
    pub fn new(encrypt_key: &str) -> Result<Self> {
        if encrypt_key.is_empty() {
            return Err(Error::new(ErrorKind::InvalidArgument, "encryptKey must not be empty"));
        }
        let key: [u8; 32] = Sha256::digest(encrypt_key.as_bytes()).into();
        Ok(EventCipher { aes: Aes256::new(&key) })
    }

    /// Decrypts a Base64 `encrypt` value. Strict: standard alphabet with padding, at least one
    /// IV and one block, whole blocks, and exact PKCS#7 padding (every pad byte checked).
    pub fn decrypt(&self, b64: &[u8]) -> Result<Vec<u8>> {
        self.decrypt_tagged(b64).map(|(plain, _)| plain)
    }

    /// [`decrypt`](Self::decrypt), plus the ciphertext's identity without its IV: its length
    /// and last block. CBC has no integrity check, so whoever holds a body can rewrite the IV
    /// (and with it the first 16 plaintext bytes, e.g. the eventId) while the token stays
    /// valid. The last block is fixed by every earlier block through the chaining, so two
    /// encryptions share it with probability 2^-128, yet rewriting the IV or any earlier block
    /// leaves it as it was; rewriting it garbles the last plaintext block, which then fails the
    /// padding or the JSON. Costs nothing: no hashing.
    pub fn decrypt_tagged(&self, b64: &[u8]) -> Result<(Vec<u8>, CiphertextTag)> {
        let mut buf = decode(b64)?;
        let tag = tag_of(&buf);
        let mut iv = [0u8; BLOCK];
        iv.copy_from_slice(&buf[..BLOCK]);
        self.aes.cbc_decrypt(&iv, &mut buf[BLOCK..]);
        let len = pkcs7_len(&buf[BLOCK..]).ok_or_else(padding_error)?;
        // Shift the plaintext over the IV in place instead of copying into a new buffer.
        buf.copy_within(BLOCK..BLOCK + len, 0);
        buf.truncate(len);
        Ok((buf, tag))
    }

    /// Encrypts `plaintext` with the given IV and returns the Base64 `encrypt` value.
    pub fn encrypt(&self, plaintext: &[u8], iv: &[u8]) -> Result<String> {
        let iv: [u8; BLOCK] = iv
            .try_into()
            .map_err(|_| Error::new(ErrorKind::InvalidArgument, format!("iv must be 16 bytes, got {}", iv.len())))?;
        let pad = BLOCK - plaintext.len() % BLOCK;
        let mut buf = Vec::with_capacity(BLOCK + plaintext.len() + pad);
        buf.extend_from_slice(&iv);
        buf.extend_from_slice(plaintext);
        buf.resize(BLOCK + plaintext.len() + pad, pad as u8);
        self.aes.cbc_encrypt(&iv, &mut buf[BLOCK..]);
        Ok(STANDARD.encode(&buf))
    }
}

/// The Base64 `encrypt` value as IV ‖ ciphertext, checked strictly (standard alphabet with
/// padding, at least one IV and one block, whole blocks). The half of decryption that needs no
/// key: a host AES (Node's OpenSSL, issue 13) takes it from here.
pub fn decode(b64: &[u8]) -> Result<Vec<u8>> {
    // Base64 expands 3 bytes into 4 characters; checking the encoded length first keeps a
    // garbage body from allocating before it is rejected.
    if b64.is_empty() || b64.len() % 4 != 0 {
        return Err(Error::new(ErrorKind::InvalidBase64, "encrypt is not padded standard Base64"));
    }
    let buf = crate::b64::decode(b64).ok_or_else(|| Error::new(ErrorKind::InvalidBase64, "encrypt is not padded standard Base64"))?;
    if buf.len() < 2 * BLOCK || buf.len() % BLOCK != 0 {
        return Err(Error::new(
            ErrorKind::InvalidCiphertext,
            format!("ciphertext must be a 16-byte IV plus whole 16-byte blocks, got {} bytes", buf.len()),
        ));
    }
    Ok(buf)
}

/// CBC's chaining and PKCS#7 for a host that ran only the block cipher (issue 13: one
/// long-lived OpenSSL ECB decipher; creating a CBC one per event cost ~5 µs in Node):
/// `blocks` is AES-256 decryption of every block of `raw` after its IV (what [`decode`]
/// gave), so plaintext block i = `blocks[i] ^ raw[i]` (the IV, then each previous block).
pub fn finish_cbc(mut blocks: Vec<u8>, raw: &[u8]) -> Result<(Vec<u8>, CiphertextTag)> {
    if raw.len() < 2 * BLOCK || raw.len() % BLOCK != 0 || blocks.len() != raw.len() - BLOCK {
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            format!("{} decrypted bytes do not match a ciphertext of {} bytes", blocks.len(), raw.len()),
        ));
    }
    aes_x8::unchain(&mut blocks, raw);
    let len = pkcs7_len(&blocks).ok_or_else(padding_error)?;
    blocks.truncate(len);
    Ok((blocks, tag_of(raw)))
}

/// The tag of IV ‖ ciphertext `raw` (at least two whole blocks, checked by the callers).
fn tag_of(raw: &[u8]) -> CiphertextTag {
    let mut last = [0u8; BLOCK];
    last.copy_from_slice(&raw[raw.len() - BLOCK..]);
    CiphertextTag { len: raw.len() - BLOCK, last }
}

/// What a wrong PKCS#7 padding is reported as, whichever AES found it.
/// Sealed at the source: a padding verdict exists only after AES (see `Error::sealed`).
pub fn padding_error() -> Error {
    Error::new(ErrorKind::InvalidPadding, "bad PKCS#7 padding (wrong Encrypt Key or tampered body)").sealed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip_all_lengths() {
        let c = EventCipher::new("fake-encrypt-key").unwrap();
        for n in 0..70 {
            let pt: Vec<u8> = (0..n as u8).collect();
            let b64 = c.encrypt(&pt, &[7u8; 16]).unwrap();
            assert_eq!(c.decrypt(b64.as_bytes()).unwrap(), pt);
        }
    }

    #[test]
    fn rejects_empty_key_and_bad_iv() {
        assert_eq!(EventCipher::new("").err().unwrap().kind, ErrorKind::InvalidArgument);
        let c = EventCipher::new("k").unwrap();
        assert_eq!(c.encrypt(b"x", &[0u8; 15]).unwrap_err().kind, ErrorKind::InvalidArgument);
    }

    #[test]
    fn strict_padding() {
        // A block whose last byte says 2 but whose second-to-last byte is not 2 must fail,
        // although the seed's lenient Python would strip it.
        let c = EventCipher::new("k").unwrap();
        let key: [u8; 32] = Sha256::digest(b"k").into();
        let iv = [1u8; 16];
        let mut block = [b'A'; 16];
        block[15] = 2;
        block[14] = 9;
        use aes::cipher::{block_padding::NoPadding, BlockEncryptMut, KeyIvInit};
        let enc = cbc::Encryptor::<aes::Aes256Enc>::new(&key.into(), &iv.into());
        enc.encrypt_padded_mut::<NoPadding>(&mut block, 16).unwrap();
        let mut all = iv.to_vec();
        all.extend(block);
        let b64 = STANDARD.encode(all);
        assert_eq!(c.decrypt(b64.as_bytes()).unwrap_err().kind, ErrorKind::InvalidPadding);
    }

    #[test]
    fn the_tag_ignores_the_iv_and_tells_encryptions_apart() {
        let c = EventCipher::new("fake-encrypt-key").unwrap();
        let body = br#"{"eventId":"fake-event-0001","eventType":"x"}"#;
        let b64 = c.encrypt(body, &[3u8; 16]).unwrap();
        let (plain, tag) = c.decrypt_tagged(b64.as_bytes()).unwrap();
        assert_eq!(plain, body);
        // The IV rewritten to change the first plaintext bytes: another eventId, the same tag.
        let mut raw = STANDARD.decode(&b64).unwrap();
        let offset = br#"{"eventId":""#.len();
        for i in 0..4 {
            raw[offset + i] ^= b"fake"[i] ^ b"FAKE"[i];
        }
        let (forged, forged_tag) = c.decrypt_tagged(STANDARD.encode(&raw).as_bytes()).unwrap();
        assert!(forged.starts_with(br#"{"eventId":"FAKE"#), "{}", String::from_utf8_lossy(&forged));
        assert_eq!(forged_tag, tag);
        // The same plaintext under another IV is another encryption: another tag.
        let (_, other) = c.decrypt_tagged(c.encrypt(body, &[4u8; 16]).unwrap().as_bytes()).unwrap();
        assert_ne!(other, tag);
        assert_eq!(tag.to_key().len(), format!("{}", tag.len).len() + 1 + 32);
    }

    #[test]
    fn length_checks() {
        let c = EventCipher::new("k").unwrap();
        let short = STANDARD.encode([0u8; 16]);
        assert_eq!(c.decrypt(short.as_bytes()).unwrap_err().kind, ErrorKind::InvalidCiphertext);
        let odd = STANDARD.encode([0u8; 40]);
        assert_eq!(c.decrypt(odd.as_bytes()).unwrap_err().kind, ErrorKind::InvalidCiphertext);
        assert_eq!(c.decrypt(b"!!!!").unwrap_err().kind, ErrorKind::InvalidBase64);
        assert_eq!(c.decrypt(b"abc").unwrap_err().kind, ErrorKind::InvalidBase64);
        assert_eq!(c.decrypt(b"").unwrap_err().kind, ErrorKind::InvalidBase64);
    }
}
