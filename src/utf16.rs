//! UTF-8 text as UTF-16 for JS (issue 13). V8 11 (Node 20) builds a JS string from UTF-8 at
//! ~0.4 GB/s when the text is not ASCII: 35-70 µs for a 16 KB event of Chinese chat text, a
//! third of a whole verify, paid by every caller that decodes bytes into a string. From UTF-16
//! it copies (`Buffer#toString('utf16le')`: under 1 µs). So the verifier hands non-ASCII text
//! over as UTF-16, transcoded here: ASCII up to 16 bytes at a time (zero-extended), runs of 3-byte
//! sequences (CJK, fullwidth punctuation) four at a time, anything else one code point at a
//! time. The input is a `str`, already valid UTF-8 (`crate::utf8`), so nothing is checked.

use crate::simd::V;

/// Whether `s` is ASCII, 16 bytes at a time (`str::is_ascii` goes a machine word at a time,
/// 4 bytes on wasm32: ~8 µs for 16 KB).
pub fn is_ascii(s: &str) -> bool {
    let mut chunks = s.as_bytes().chunks_exact(16);
    let mut seen = V::zero();
    for c in &mut chunks {
        seen = seen.or(V::load(c.try_into().unwrap_or(&[0; 16])));
    }
    seen.high_bits() == 0 && chunks.remainder().is_ascii()
}

/// `s` as UTF-16 code units, replacing the contents of `out`.
#[inline(never)]
pub fn encode_into(s: &str, out: &mut Vec<u16>) {
    let b = s.as_bytes();
    out.clear();
    // Units never outnumber bytes; the vector stores write up to 16 units past `o`, which is
    // at most the bytes consumed, so `b.len() + 16` always holds them.
    out.resize(b.len() + 16, 0);
    let (mut i, mut o) = (0, 0);
    while i < b.len() {
        if let (Some(chunk), Some(dst)) = (b[i..].first_chunk::<16>(), out[o..].first_chunk_mut::<16>()) {
            let v = V::load(chunk);
            // Widened whole; only the ASCII bytes before the first other one count (the rest
            // of `dst` is written over next).
            let ascii = v.high_bits().trailing_zeros() as usize;
            if ascii > 0 {
                v.widen_store(dst);
                i += ascii;
                o += ascii;
                continue;
            }
            if let (true, Some(head)) = ([0, 3, 6, 9].iter().all(|&k| chunk[k] & 0xf0 == 0xe0), dst.first_chunk_mut::<8>()) {
                // Valid UTF-8: each lead byte 0xE_ is followed by its two continuation bytes.
                v.utf8_triplets_store(head);
                i += 12;
                o += 4;
                continue;
            }
        }
        let lead = u32::from(b[i]);
        let (cp, n) = match lead {
            0..=0x7f => (lead, 1),
            0x80..=0xdf => ((lead & 0x1f) << 6 | cont(b, i + 1), 2),
            0xe0..=0xef => ((lead & 0x0f) << 12 | cont(b, i + 1) << 6 | cont(b, i + 2), 3),
            _ => ((lead & 0x07) << 18 | cont(b, i + 1) << 12 | cont(b, i + 2) << 6 | cont(b, i + 3), 4),
        };
        i += n;
        if cp < 0x1_0000 {
            out[o] = cp as u16;
            o += 1;
        } else {
            let c = cp - 0x1_0000;
            out[o] = 0xd800 | (c >> 10) as u16;
            out[o + 1] = 0xdc00 | (c & 0x3ff) as u16;
            o += 2;
        }
    }
    out.truncate(o);
}

#[inline(always)]
fn cont(b: &[u8], i: usize) -> u32 {
    u32::from(b[i] & 0x3f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(s: &str) {
        let mut out = vec![7; 3];
        encode_into(s, &mut out);
        assert_eq!(out, s.encode_utf16().collect::<Vec<_>>(), "{s:?}");
    }

    #[test]
    fn every_code_point_alone_and_in_runs() {
        // Each scalar value, alone and between ASCII and 3-byte runs at every offset, so the
        // vector paths start and stop at each position.
        let mut all = String::new();
        for c in (0..=0x10_ffffu32).filter_map(char::from_u32) {
            let one = c.to_string();
            let mut buf = vec![];
            encode_into(&one, &mut buf);
            assert_eq!(buf, one.encode_utf16().collect::<Vec<_>>(), "U+{:04X}", c as u32);
            if (c as u32) % 97 == 0 {
                all.push(c);
            }
        }
        check(&all);
        for pad in 0..20 {
            let a = "a".repeat(pad);
            check(&format!("{a}京东消息机器人测试{a}，😀{a}é{a}中文中文中文中文中文"));
            check(&format!("{a}{}", "这是一段很长的中文文本，".repeat(9)));
            check(&format!("{}{a}", "ascii only text, ".repeat(5)));
        }
        check("");
    }

    #[test]
    fn ascii_at_every_length_and_position() {
        for n in 0..70 {
            let s = "x".repeat(n);
            assert!(is_ascii(&s));
            for at in 0..n {
                let mut t = s.clone();
                t.replace_range(at..at + 1, "é");
                assert!(!is_ascii(&t), "{n} {at}");
            }
        }
    }

    #[test]
    fn random_mixtures() {
        // xorshift: reproducible without a crate.
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let pool = ['a', '{', '"', 'é', 'ß', '京', '，', '。', '😀', '𠀀', '\u{7ff}', '\u{800}', '\u{ffff}', '\u{10000}'];
        for _ in 0..20_000 {
            let mut s = String::new();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let n = (x % 80) as usize;
            for _ in 0..n {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push(pool[(x % pool.len() as u64) as usize]);
            }
            check(&s);
        }
    }
}
