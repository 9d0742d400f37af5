//! UTF-8 validation 16 bytes at a time (issue 13): a decrypted 16 KB event of Chinese chat text
//! took ~20 µs in `core::str::from_utf8` inside wasm (its fast path is ASCII only), longer than
//! Base64 and the JSON scan together.
//!
//! Technique: Keiser & Lemire, "Validating UTF-8 in less than one instruction per byte"
//! (Software: Practice and Experience, 2021), the "lookup" algorithm simdjson and simdutf use:
//! three 16-entry table lookups (`i8x16.swizzle`) classify each byte pair by the high nibble of
//! the previous byte, its low nibble and the high nibble of the current byte; their AND is
//! non-zero exactly for the two-byte errors, and a check of the bytes two and three back
//! catches missing or extra continuation bytes. A zero block after the text makes a sequence
//! cut at the end an error (a lead byte followed by ASCII).
//!
//! Only the verdict comes from here. On "valid" the text is used as `str`; on "invalid"
//! `core::str::from_utf8` runs to name the position, so a wrong "invalid" could cost time but
//! never correctness, and a wrong "valid" is what the tests hunt: every 1- to 4-byte
//! sequence in several alignments, and random mutations, compared with `core::str::from_utf8`
//! here, and in the built module (the `v128` backend) with `TextDecoder` in
//! tests/node/webhook-utf8.test.mjs.

/// The three tables (simdjson's `check_special_cases`), one bit per kind of error.
mod tables {
    const TOO_SHORT: u8 = 1 << 0; // a lead byte followed by a lead byte or ASCII
    const TOO_LONG: u8 = 1 << 1; // ASCII followed by a continuation byte
    const OVERLONG_3: u8 = 1 << 2; // 11100000 100_____
    const TOO_LARGE: u8 = 1 << 3; // 11110100 1001____ and above
    const SURROGATE: u8 = 1 << 4; // 11101101 101_____
    const OVERLONG_2: u8 = 1 << 5; // 1100000_ ________
    const TOO_LARGE_1000: u8 = 1 << 6; // 11110101 1000____ and above
    const OVERLONG_4: u8 = 1 << 6; // 11110000 1000____
    const TWO_CONTS: u8 = 1 << 7; // two continuation bytes in a row (checked below)
    const CARRY: u8 = TOO_SHORT | TOO_LONG | TWO_CONTS;

    /// By the high nibble of the previous byte.
    pub const BYTE_1_HIGH: [u8; 16] = [
        TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, // ASCII
        TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS, // continuation
        TOO_SHORT | OVERLONG_2,                               // 1100
        TOO_SHORT,                                            // 1101
        TOO_SHORT | OVERLONG_3 | SURROGATE,                   // 1110
        TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4, // 1111
    ];
    /// By the low nibble of the previous byte.
    pub const BYTE_1_LOW: [u8; 16] = [
        CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,
        CARRY | OVERLONG_2,
        CARRY,
        CARRY,
        CARRY | TOO_LARGE,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000,
    ];
    /// By the high nibble of the current byte.
    pub const BYTE_2_HIGH: [u8; 16] = [
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, // ASCII
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4, // 1000
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,                  // 1001
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,                   // 1010
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,                   // 1011
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, // lead bytes
    ];
}

use crate::simd::V;

/// One 16-byte block after `prev`: the error bits it adds (zero when fine).
#[inline(always)]
fn check(input: V, prev: V, t: &(V, V, V)) -> V {
    let prev1 = input.prev1(prev);
    let special = prev1.high_nibble().lookup(t.0).and(prev1.low_nibble().lookup(t.1)).and(input.high_nibble().lookup(t.2));
    // Bytes two or three after a 3- or 4-byte lead must be continuations: those positions get
    // 0x80, which cancels TWO_CONTS there and is an error anywhere else.
    let third = input.prev2(prev).sub_sat(0xe0 - 0x80);
    let fourth = input.prev3(prev).sub_sat(0xf0 - 0x80);
    third.or(fourth).and(V::splat(0x80)).xor(special)
}

/// Whether `bytes` is UTF-8: the verdict only (see the module header).
fn is_utf8(bytes: &[u8]) -> bool {
    let t = (V::load(&tables::BYTE_1_HIGH), V::load(&tables::BYTE_1_LOW), V::load(&tables::BYTE_2_HIGH));
    let mut prev = V::zero();
    let mut error = V::zero();
    let mut chunks = bytes.chunks_exact(16);
    for c in &mut chunks {
        let input = V::load(c.try_into().unwrap_or(&[0; 16]));
        error = error.or(check(input, prev, &t));
        prev = input;
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut last = [0u8; 16];
        last[..rest.len()].copy_from_slice(rest);
        let input = V::load(&last);
        error = error.or(check(input, prev, &t));
        prev = input;
    }
    // A zero block: a sequence cut at the end is a lead byte followed by ASCII.
    error = error.or(check(V::zero(), prev, &t));
    !error.any()
}

/// `bytes` as `str`, like `core::str::from_utf8`.
pub fn from_utf8(bytes: &[u8]) -> Result<&str, core::str::Utf8Error> {
    if is_utf8(bytes) {
        // SAFETY: `is_utf8` accepted every byte sequence (Keiser–Lemire; tested against
        // `core::str::from_utf8` exhaustively for short sequences and on random mutations).
        Ok(unsafe { core::str::from_utf8_unchecked(bytes) })
    } else {
        core::str::from_utf8(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agree(b: &[u8]) {
        assert_eq!(is_utf8(b), core::str::from_utf8(b).is_ok(), "{b:02x?}");
    }

    #[test]
    fn every_short_sequence_in_every_alignment() {
        // Every 1- and 2-byte string; every 3-byte string of class-boundary bytes at offsets
        // that put it across a 16-byte chunk edge; every 4-byte one of a smaller edge set.
        for a in 0..=255u8 {
            agree(&[a]);
            for b in 0..=255u8 {
                agree(&[a, b]);
            }
        }
        let edges = [0x00u8, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff];
        let few = [0x41u8, 0x80, 0x8f, 0x90, 0xa0, 0xbf, 0xc2, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5];
        for pad in [0usize, 13, 14, 15] {
            let pre = vec![b'x'; pad];
            for &a in &edges {
                for &b in &edges {
                    for &c in &edges {
                        agree(&[&pre[..], &[a, b, c]].concat());
                    }
                }
            }
            for &a in &few {
                for &b in &few {
                    for &c in &few {
                        for &d in &few {
                            agree(&[&pre[..], &[a, b, c, d, b'y']].concat());
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn random_mutations_of_chinese_text() {
        let text = "京ME robot 你好 hello, world 0123456789 😀 ñ ".repeat(40);
        let base = text.as_bytes().to_vec();
        assert!(is_utf8(&base));
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..30_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mut v = base[..(x as usize % base.len())].to_vec();
            if v.is_empty() {
                continue;
            }
            let at = (x >> 20) as usize % v.len();
            v[at] = (x >> 40) as u8;
            if x & 1 == 0 && at + 1 < v.len() {
                v[at + 1] = (x >> 48) as u8;
            }
            agree(&v);
        }
    }
}
