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

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod vector {
    use core::arch::wasm32::*;

    #[derive(Clone, Copy)]
    pub struct V(v128);

    impl V {
        #[inline(always)]
        pub fn load(b: &[u8; 16]) -> V {
            // SAFETY: reads exactly the 16 bytes of the array; no alignment needed.
            V(unsafe { v128_load(b.as_ptr().cast()) })
        }
        #[inline(always)]
        pub fn zero() -> V {
            V(u8x16_splat(0))
        }
        #[inline(always)]
        pub fn table(t: &[u8; 16]) -> V {
            V::load(t)
        }
        /// `t[self[i]]` for indices 0..=15 (all the algorithm makes).
        #[inline(always)]
        pub fn lookup(self, t: V) -> V {
            V(i8x16_swizzle(t.0, self.0))
        }
        #[inline(always)]
        pub fn high_nibble(self) -> V {
            V(u8x16_shr(self.0, 4))
        }
        #[inline(always)]
        pub fn low_nibble(self) -> V {
            V(v128_and(self.0, u8x16_splat(0x0f)))
        }
        #[inline(always)]
        pub fn and(self, o: V) -> V {
            V(v128_and(self.0, o.0))
        }
        #[inline(always)]
        pub fn or(self, o: V) -> V {
            V(v128_or(self.0, o.0))
        }
        #[inline(always)]
        pub fn xor(self, o: V) -> V {
            V(v128_xor(self.0, o.0))
        }
        #[inline(always)]
        pub fn sub_sat(self, n: u8) -> V {
            V(u8x16_sub_sat(self.0, u8x16_splat(n)))
        }
        #[inline(always)]
        pub fn splat(n: u8) -> V {
            V(u8x16_splat(n))
        }
        /// The 16 bytes ending `n` bytes before the end of `self`, continuing from `prev`.
        #[inline(always)]
        pub fn prev1(self, prev: V) -> V {
            V(i8x16_shuffle::<15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30>(prev.0, self.0))
        }
        #[inline(always)]
        pub fn prev2(self, prev: V) -> V {
            V(i8x16_shuffle::<14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29>(prev.0, self.0))
        }
        #[inline(always)]
        pub fn prev3(self, prev: V) -> V {
            V(i8x16_shuffle::<13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28>(prev.0, self.0))
        }
        #[inline(always)]
        pub fn any(self) -> bool {
            v128_any_true(self.0)
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod vector {
    /// The same operations on a byte array, so native tests run the algorithm itself.
    #[derive(Clone, Copy)]
    pub struct V([u8; 16]);

    impl V {
        pub fn load(b: &[u8; 16]) -> V {
            V(*b)
        }
        pub fn zero() -> V {
            V([0; 16])
        }
        pub fn table(t: &[u8; 16]) -> V {
            V(*t)
        }
        pub fn lookup(self, t: V) -> V {
            V(core::array::from_fn(|i| t.0[usize::from(self.0[i] & 0x0f)]))
        }
        pub fn high_nibble(self) -> V {
            V(self.0.map(|b| b >> 4))
        }
        pub fn low_nibble(self) -> V {
            V(self.0.map(|b| b & 0x0f))
        }
        pub fn and(self, o: V) -> V {
            V(core::array::from_fn(|i| self.0[i] & o.0[i]))
        }
        pub fn or(self, o: V) -> V {
            V(core::array::from_fn(|i| self.0[i] | o.0[i]))
        }
        pub fn xor(self, o: V) -> V {
            V(core::array::from_fn(|i| self.0[i] ^ o.0[i]))
        }
        pub fn sub_sat(self, n: u8) -> V {
            V(self.0.map(|b| b.saturating_sub(n)))
        }
        pub fn splat(n: u8) -> V {
            V([n; 16])
        }
        fn prev(self, prev: V, n: usize) -> V {
            V(core::array::from_fn(|i| if i >= n { self.0[i - n] } else { prev.0[16 - n + i] }))
        }
        pub fn prev1(self, prev: V) -> V {
            self.prev(prev, 1)
        }
        pub fn prev2(self, prev: V) -> V {
            self.prev(prev, 2)
        }
        pub fn prev3(self, prev: V) -> V {
            self.prev(prev, 3)
        }
        pub fn any(self) -> bool {
            self.0.iter().any(|&b| b != 0)
        }
    }
}

use vector::V;

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
    let t = (V::table(&tables::BYTE_1_HIGH), V::table(&tables::BYTE_1_LOW), V::table(&tables::BYTE_2_HIGH));
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
