//! `request_id` (1.3) and `messageId` (3.0) from caller-supplied randomness and time. The core
//! has no RNG and no clock: the JS side passes `crypto.getRandomValues(new Uint8Array(16))`
//! and `Date.now()` plus its own per-process sequence counter, and owns uniqueness.

use crate::error::{Error, ErrorKind, Result};

/// 1.3 "32 位请求号, 全局唯一, 采用 querystring 方式携带在 url 后面".
pub const REQUEST_ID_LEN: usize = 32;
/// Bytes of randomness a request id is made from (hex-encoded to 32 characters).
pub const REQUEST_ID_RANDOM_BYTES: usize = 16;
/// 3.0 "通讯消息的序列号 最长不超过 32 位 时间戳+0001".
pub const MESSAGE_ID_MAX_LEN: usize = 32;
/// The 4-digit sequence ("+0001") after the timestamp.
pub const MESSAGE_ID_MAX_SEQ: u32 = 9_999;

/// 32 lowercase hex characters from exactly 16 random bytes, like the doc's
/// `09cb05da9c91453fa1ae08efa083ecd1`. Hex keeps it safe in a query string without escaping.
pub fn request_id(random: &[u8]) -> Result<String> {
    if random.len() != REQUEST_ID_RANDOM_BYTES {
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            format!("request id needs exactly {REQUEST_ID_RANDOM_BYTES} random bytes, got {}", random.len()),
        ));
    }
    if random.iter().all(|b| *b == 0) {
        // An all-zero buffer is what an uninitialised Uint8Array looks like: refuse it rather
        // than hand out the same id twice.
        return Err(Error::new(ErrorKind::InvalidArgument, "request id random bytes are all zero (not filled?)"));
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(REQUEST_ID_LEN);
    for b in random {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    Ok(s)
}

/// `messageId` = Unix milliseconds followed by a 4-digit zero-padded sequence
/// (`1585024550000` + `0001` → `15850245500000001`, 17 characters; the doc's "时间戳+0001").
/// The doc's own examples use several layouts (`202003241342304979`, a local date plus 4
/// digits); the server only documents "≤ 32 characters", which every output here meets.
pub fn message_id(ms: u64, seq: u32) -> Result<String> {
    if seq > MESSAGE_ID_MAX_SEQ {
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            format!("messageId sequence must be 0..={MESSAGE_ID_MAX_SEQ} (4 digits), got {seq}; wrap it on the caller side"),
        ));
    }
    let id = format!("{ms}{seq:04}");
    // u64::MAX has 20 digits, so this cannot exceed 24 characters; kept as a guard.
    if id.len() > MESSAGE_ID_MAX_LEN {
        return Err(Error::new(ErrorKind::InvalidArgument, "messageId would exceed 32 characters"));
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_id_is_32_hex() {
        let bytes: Vec<u8> = (0u8..16).map(|i| i.wrapping_mul(17).wrapping_add(9)).collect();
        let id = request_id(&bytes).unwrap();
        assert_eq!(id.len(), 32);
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        assert_eq!(&id[..4], "091a");
        assert_eq!(request_id(&[0xff; 16]).unwrap(), "f".repeat(32));
    }

    #[test]
    fn request_id_boundaries() {
        assert!(request_id(&[1; 15]).is_err());
        assert!(request_id(&[1; 17]).is_err());
        assert!(request_id(&[]).is_err());
        assert!(request_id(&[0; 16]).is_err());
        let mut one = [0u8; 16];
        one[15] = 1;
        assert_eq!(request_id(&one).unwrap(), format!("{}01", "0".repeat(30)));
    }

    #[test]
    fn message_id_format_and_boundaries() {
        assert_eq!(message_id(1_585_024_550_000, 1).unwrap(), "15850245500000001");
        assert_eq!(message_id(1_585_024_550_000, 0).unwrap(), "15850245500000000");
        assert_eq!(message_id(1_585_024_550_000, 9_999).unwrap(), "15850245500009999");
        assert!(message_id(1_585_024_550_000, 10_000).is_err());
        assert_eq!(message_id(0, 7).unwrap(), "00007");
        let max = message_id(u64::MAX, 9_999).unwrap();
        assert!(max.len() <= MESSAGE_ID_MAX_LEN);
    }
}
