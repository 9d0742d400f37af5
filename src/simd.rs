//! The 16-byte vector the text scanners use (`utf8`, `utf16`, `base64`): `v128` where the module is built
//! with wasm SIMD (the webhook module), else a byte array with the same operations, so native
//! tests run the very algorithms the module runs. Only the operations they need.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
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
        pub fn store(self, b: &mut [u8; 16]) {
            // SAFETY: writes exactly the 16 bytes of the array.
            unsafe { v128_store(b.as_mut_ptr().cast(), self.0) }
        }
        #[inline(always)]
        pub fn zero() -> V {
            V(u8x16_splat(0))
        }
        #[inline(always)]
        pub fn splat(n: u8) -> V {
            V(u8x16_splat(n))
        }
        /// `t[self[i]]` for indices 0..=15 (all the callers make).
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
        pub fn add(self, o: V) -> V {
            V(u8x16_add(self.0, o.0))
        }
        #[inline(always)]
        pub fn eq(self, o: V) -> V {
            V(u8x16_eq(self.0, o.0))
        }
        #[inline(always)]
        pub fn sub_sat(self, n: u8) -> V {
            V(u8x16_sub_sat(self.0, u8x16_splat(n)))
        }
        /// Base64 packing: per 16-bit lane `(lo & 0x3f) << 6 | hi` (two sextets into 12 bits).
        #[inline(always)]
        pub fn pack_sextets(self) -> V {
            V(v128_or(i16x8_shl(v128_and(self.0, u16x8_splat(0x3f)), 6), u16x8_shr(self.0, 8)))
        }
        /// Then per 32-bit lane `(lo & 0xfff) << 12 | hi` (two 12-bit halves into 24 bits).
        #[inline(always)]
        pub fn pack_twelves(self) -> V {
            V(v128_or(i32x4_shl(v128_and(self.0, u32x4_splat(0xfff)), 12), u32x4_shr(self.0, 16)))
        }
        /// The three bytes of each 32-bit lane, most significant first: 12 bytes, then zeros.
        #[inline(always)]
        pub fn gather_triplets(self) -> V {
            V(i8x16_shuffle::<2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 16, 16, 16, 16>(self.0, u8x16_splat(0)))
        }
        /// The 16 bytes ending `N` bytes before the end of `self`, continuing from `prev`.
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
        /// The top bit of each byte, byte 0 in bit 0.
        #[inline(always)]
        pub fn high_bits(self) -> u16 {
            u8x16_bitmask(self.0)
        }
        /// Each byte zero-extended to 16 bits, little-endian: 16 UTF-16 units from ASCII.
        #[inline(always)]
        pub fn widen_store(self, out: &mut [u16; 16]) {
            let p = out.as_mut_ptr().cast::<v128>();
            // SAFETY: 32 bytes, exactly the array; no alignment needed.
            unsafe {
                v128_store(p, u16x8_extend_low_u8x16(self.0));
                v128_store(p.add(1), u16x8_extend_high_u8x16(self.0));
            }
        }
        /// Bytes 0..12 as four 3-byte UTF-8 sequences: their code points as UTF-16 in
        /// `out[..4]` (`out[4..]` is overwritten with copies). Lane k holds
        /// `b[3k] << 16 | b[3k+1] << 8 | b[3k+2]`, then the payload bits are moved together.
        #[inline(always)]
        pub fn utf8_triplets_store(self, out: &mut [u16; 8]) {
            let z = u8x16_splat(0);
            let t = i8x16_shuffle::<2, 1, 0, 16, 5, 4, 3, 16, 8, 7, 6, 16, 11, 10, 9, 16>(self.0, z);
            let t = v128_and(t, u32x4_splat(0x000f_3f3f));
            let c = v128_or(
                v128_and(t, u32x4_splat(0x3f)),
                v128_or(v128_and(u32x4_shr(t, 2), u32x4_splat(0x0fc0)), v128_and(u32x4_shr(t, 4), u32x4_splat(0xf000))),
            );
            // SAFETY: 16 bytes, exactly the array.
            unsafe { v128_store(out.as_mut_ptr().cast(), u16x8_narrow_i32x4(c, c)) }
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod imp {
    /// Little-endian lanes, as `v128`.
    #[derive(Clone, Copy)]
    pub struct V([u8; 16]);

    impl V {
        pub fn load(b: &[u8; 16]) -> V {
            V(*b)
        }
        pub fn store(self, b: &mut [u8; 16]) {
            *b = self.0;
        }
        pub fn zero() -> V {
            V([0; 16])
        }
        pub fn splat(n: u8) -> V {
            V([n; 16])
        }
        pub fn lookup(self, t: V) -> V {
            // wasm's swizzle gives 0 for an index above 15; the callers never make one.
            V(core::array::from_fn(|i| t.0.get(usize::from(self.0[i])).copied().unwrap_or(0)))
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
        pub fn add(self, o: V) -> V {
            V(core::array::from_fn(|i| self.0[i].wrapping_add(o.0[i])))
        }
        pub fn eq(self, o: V) -> V {
            V(core::array::from_fn(|i| if self.0[i] == o.0[i] { 0xff } else { 0 }))
        }
        pub fn sub_sat(self, n: u8) -> V {
            V(self.0.map(|b| b.saturating_sub(n)))
        }
        fn lanes16(self, f: impl Fn(u16) -> u16) -> V {
            let mut out = [0u8; 16];
            for (o, c) in out.chunks_exact_mut(2).zip(self.0.chunks_exact(2)) {
                o.copy_from_slice(&f(u16::from_le_bytes([c[0], c[1]])).to_le_bytes());
            }
            V(out)
        }
        fn lanes32(self, f: impl Fn(u32) -> u32) -> V {
            let mut out = [0u8; 16];
            for (o, c) in out.chunks_exact_mut(4).zip(self.0.chunks_exact(4)) {
                o.copy_from_slice(&f(u32::from_le_bytes([c[0], c[1], c[2], c[3]])).to_le_bytes());
            }
            V(out)
        }
        pub fn pack_sextets(self) -> V {
            self.lanes16(|x| ((x & 0x3f) << 6) | (x >> 8))
        }
        pub fn pack_twelves(self) -> V {
            self.lanes32(|x| ((x & 0xfff) << 12) | (x >> 16))
        }
        pub fn gather_triplets(self) -> V {
            const P: [usize; 12] = [2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12];
            V(core::array::from_fn(|i| if i < 12 { self.0[P[i]] } else { 0 }))
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
        pub fn high_bits(self) -> u16 {
            self.0.iter().enumerate().fold(0, |m, (i, &b)| m | u16::from(b >> 7) << i)
        }
        pub fn widen_store(self, out: &mut [u16; 16]) {
            *out = self.0.map(u16::from);
        }
        pub fn utf8_triplets_store(self, out: &mut [u16; 8]) {
            let b = self.0;
            let c: [u16; 4] = core::array::from_fn(|k| {
                let (b0, b1, b2) = (u16::from(b[3 * k]), u16::from(b[3 * k + 1]), u16::from(b[3 * k + 2]));
                (b0 & 0x0f) << 12 | (b1 & 0x3f) << 6 | (b2 & 0x3f)
            });
            *out = core::array::from_fn(|i| c[i % 4]);
        }
    }
}

pub use imp::V;
