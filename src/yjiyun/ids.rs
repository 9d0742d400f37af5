//! The id formats of 1.3 (`request_id`) and 3.0 (`messageId`). The core has no RNG and no
//! clock: the JS side makes the random `request_id` (js/src/core/ids.ts, like every random id
//! of the package; checked here by `rules::check_request_id`) and passes `Date.now()` plus its
//! own per-process sequence counter for `messageId`, and owns uniqueness.

use crate::error::{Error, ErrorKind, Result};

/// 1.3 "32 位请求号, 全局唯一, 采用 querystring 方式携带在 url 后面".
pub const REQUEST_ID_LEN: usize = 32;
/// 3.0 "通讯消息的序列号 最长不超过 32 位 时间戳+0001".
pub const MESSAGE_ID_MAX_LEN: usize = 32;
/// The 4-digit sequence ("+0001") after the timestamp.
pub const MESSAGE_ID_MAX_SEQ: u32 = 9_999;

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
