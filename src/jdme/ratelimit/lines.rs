//! The compact text of a key list, one key per line:
//! `<rule> <algorithm> <limit> <windowMs> <offsetMs> <platformCode> <key>`.
//!
//! What `jdmePrepare` returns and what the [`RateBook`](super::RateBook) reads. A send's keys
//! cross the wasm boundary three times (plan, decide, settle); as JSON they were three times
//! the bytes, a `JSON.stringify` and a serde parse each way, about a third of a send's own
//! CPU (bench/send.mjs, issue 12). The key is last and may hold spaces; a `\` or a line break
//! in it is written `\\`, `\n` or `\r` (keys carry erps and group ids as the caller wrote
//! them), so a line split is exact and the escaped key is still one-to-one with the key.
//! `js/src/wasm/jdme-outbound.ts` writes and reads the same format.

use super::algorithms::{invalid, Algorithm, Params};
use super::Planned;
use crate::error::Result;

/// One key a request must pass, as [`parse`] reads it (the fields of a planned
/// key; the others, `rule` and `platformCode`, are the caller's and not needed here).
#[derive(Debug, Clone)]
pub struct BookKey {
    pub key: String,
    pub algorithm: Algorithm,
    pub limit: u64,
    pub window_ms: u64,
    pub offset_ms: u64,
}

impl BookKey {
    pub(super) fn params(&self) -> Params {
        Params { algorithm: self.algorithm, limit: self.limit, window_ms: self.window_ms, offset_ms: self.offset_ms }
    }
}

fn algorithm_name(a: Algorithm) -> &'static str {
    match a {
        Algorithm::Log => "log",
        Algorithm::Window => "window",
        Algorithm::Duplicate => "duplicate",
    }
}

/// Appends `s` with `\`, `\n` and `\r` escaped.
pub fn push_escaped(out: &mut String, s: &str) {
    if !s.contains(['\\', '\n', '\r']) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// Appends `n` in decimal (`write!` costs more than the rest of a line: profiled).
fn push_u64(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // ASCII digits only.
    out.push_str(core::str::from_utf8(&buf[i..]).unwrap_or_default());
}

/// Appends the lines of `keys` (each key prefixed with `prefix`), no trailing newline.
pub fn write(out: &mut String, keys: &[Planned], prefix: &str) {
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let p = &k.params;
        out.push_str(k.rule);
        out.push(' ');
        out.push_str(algorithm_name(p.algorithm));
        for n in [p.limit, p.window_ms, p.offset_ms] {
            out.push(' ');
            push_u64(out, n);
        }
        out.push(' ');
        if k.platform_code < 0 {
            out.push('-');
        }
        push_u64(out, k.platform_code.unsigned_abs());
        out.push(' ');
        push_escaped(out, prefix);
        push_escaped(out, &k.key);
    }
}

fn number(field: Option<&str>, what: &str, line: usize) -> Result<u64> {
    field.and_then(|s| s.parse::<u64>().ok()).ok_or_else(|| {
        invalid(&format!(
            "keys line {line}: {what} must be a non-negative integer"
        ))
    })
}

/// The book's view of each line (rule and platform code are not needed to decide).
pub fn parse(text: &str) -> Result<Vec<BookKey>> {
    let mut out = Vec::new();
    if text.is_empty() {
        return Ok(out);
    }
    for (i, line) in text.split('\n').enumerate() {
        let n = i + 1;
        let mut f = line.splitn(7, ' ');
        let _rule = f.next();
        let algorithm = match f.next() {
            Some("log") => Algorithm::Log,
            Some("window") => Algorithm::Window,
            Some("duplicate") => Algorithm::Duplicate,
            _ => {
                return Err(invalid(&format!(
                    "keys line {n}: algorithm must be log, window or duplicate"
                )))
            }
        };
        let limit = number(f.next(), "limit", n)?;
        let window_ms = number(f.next(), "windowMs", n)?;
        let offset_ms = number(f.next(), "offsetMs", n)?;
        // The platform code is informative here; it only has to be there.
        if f.next().is_none() {
            return Err(invalid(&format!("keys line {n}: platformCode is missing")));
        }
        let key = f
            .next()
            .filter(|k| !k.is_empty())
            .ok_or_else(|| invalid(&format!("keys line {n}: the key is missing")))?;
        out.push(BookKey {
            key: key.to_owned(),
            algorithm,
            limit,
            window_ms,
            offset_ms,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jdme::ratelimit::Params;

    fn planned(key: &str) -> Planned {
        Planned {
            key: key.into(),
            rule: "jdme.intercept.per_target",
            params: Params {
                algorithm: Algorithm::Log,
                limit: 5,
                window_ms: 1000,
                offset_ms: 0,
            },
            platform_code: 20100009,
        }
    }

    #[test]
    fn round_trip_with_escapes() {
        let keys = [
            planned("jdme.intercept.per_target|r|u:CN:a b"),
            planned("x|a\nb\\c\rd"),
        ];
        let mut text = String::new();
        write(&mut text, &keys, "p:");
        assert_eq!(text, "jdme.intercept.per_target log 5 1000 0 20100009 p:jdme.intercept.per_target|r|u:CN:a b\njdme.intercept.per_target log 5 1000 0 20100009 p:x|a\\nb\\\\c\\rd");
        let parsed = parse(&text).unwrap();
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].key, "p:jdme.intercept.per_target|r|u:CN:a b");
        // One-to-one: the escaped form is the key's identity in the book.
        assert_eq!(parsed[1].key, "p:x|a\\nb\\\\c\\rd");
        assert_eq!(
            (
                parsed[1].algorithm,
                parsed[1].limit,
                parsed[1].window_ms,
                parsed[1].offset_ms
            ),
            (Algorithm::Log, 5, 1000, 0)
        );
    }

    #[test]
    fn garbage_is_a_typed_error() {
        for bad in [
            "x",
            "r log",
            "r log 5 1000 0 1",
            "r log 5 1000 0 1 ",
            "r lg 5 1000 0 1 k",
            "r log -5 1000 0 1 k",
            "r log 5 1e3 0 1 k",
            "\n",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert!(parse("").unwrap().is_empty());
    }
}
