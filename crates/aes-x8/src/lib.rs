//! AES-256 (FIPS-197) and CBC (NIST SP 800-38A), eight blocks at a time, bitsliced in 128-bit
//! vectors. The only AES code robotwire carries beyond published crates (issue 13): when the
//! `aes` crate ships a 128-bit SIMD backend for wasm32 (RustCrypto/block-ciphers#559/#560),
//! `jdme::crypto` can go back to it and this file can be deleted.
//!
//! Technique: classic bitslicing (Käsper & Schwabe, CHES 2009) with a 128-bit word, as
//! RustCrypto/block-ciphers#559 proposed for V8: eight blocks are transposed into eight bit
//! planes, plane `j` holding bit `j` of every state byte, one byte of the vector per state
//! byte position and one bit of that byte per block. Then
//! - SubBytes is a Boolean circuit on the planes (Boyar–Peralta–Calik's 113-gate forward
//!   S-box and the 128-gate inverse, both as the `aes` crate's fixslice backends write them);
//! - ShiftRows and the column rotations of MixColumns only move whole bytes inside each plane,
//!   one constant `i8x16.shuffle` per plane;
//! - xtime is a renaming of planes plus three XORs; InvMixColumns is MixColumns after the
//!   cheap pre-map `a ^ {04}·(a ^ rot2 a)` (the factorisation used by the AES book's
//!   implementations and BearSSL's `aes_ct`).
//!
//! Constant time, and how we know: every operation on key or state is XOR, AND, NOT, a
//! constant byte shuffle or a constant shift. There is no table indexed by secret data (no
//! T-tables, no S-box array: the key schedule's SubWord runs through the same circuit), no
//! branch on secret data, and no secret-dependent loop bound; the only data-dependent branch
//! is the PKCS#7 verdict, after the whole padding block was checked with masks. On wasm32
//! with `simd128` (the webhook module) a word is a `v128`; elsewhere (native tests, the other
//! modules, which only encrypt for the simulator) it is a `u128` with the same operations.
//!
//! Checked by the FIPS-197 C.3 and SP 800-38A F.2.5/F.2.6 vectors below, and differentially
//! against the `aes` + `cbc` crates on 10⁶ random keys, IVs and messages
//! (`tests/aes_x8_differential.rs`, and in the built module `tests/node/aes-differential.test.mjs`
//! against OpenSSL).

const BLOCK: usize = 16;
const ROUNDS: usize = 14;

/// Byte shuffles of a state: index `k` of the result takes byte `P[k]`. State byte `k` is row
/// `k % 4`, column `k / 4` (FIPS-197's column-major order).
mod perm {
    /// ShiftRows: row r moves left by r.
    #[allow(dead_code)] // only the portable word reads them; v128 spells them in its shuffles
    pub const SHIFT_ROWS: [u8; 16] = [0, 5, 10, 15, 4, 9, 14, 3, 8, 13, 2, 7, 12, 1, 6, 11];
    /// InvShiftRows: row r moves right by r.
    #[allow(dead_code)]
    pub const INV_SHIFT_ROWS: [u8; 16] = [0, 13, 10, 7, 4, 1, 14, 11, 8, 5, 2, 15, 12, 9, 6, 3];
    /// Each byte takes the byte one row below it in its column (`a[r+1]`).
    #[allow(dead_code)]
    pub const ROT1: [u8; 16] = [1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12];
    /// Two rows below (`a[r+2]`).
    #[allow(dead_code)]
    pub const ROT2: [u8; 16] = [2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13];
}

/// The operations the cipher needs from a 128-bit word; nothing else touches its bits.
trait Word: Copy {
    fn load(b: &[u8; 16]) -> Self;
    fn store(self, b: &mut [u8; 16]);
    fn splat(byte: u8) -> Self;
    fn xor(self, o: Self) -> Self;
    fn and(self, o: Self) -> Self;
    fn not(self) -> Self;
    /// `((self >> n) ^ o) & m` with the shift inside 64-bit lanes (the transpose masks away
    /// whatever crosses a byte).
    fn shr_xor_and(self, n: u32, o: Self, m: Self) -> Self;
    fn shl(self, n: u32) -> Self;
    fn shift_rows(self) -> Self;
    fn inv_shift_rows(self) -> Self;
    fn rot1(self) -> Self;
    fn rot2(self) -> Self;
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod word {
    use core::arch::wasm32::*;

    #[derive(Clone, Copy)]
    pub struct W(v128);

    macro_rules! shuffle {
        ($x:expr, [$($i:literal),*]) => {
            W(i8x16_shuffle::<$($i),*>($x, $x))
        };
    }

    impl super::Word for W {
        #[inline(always)]
        fn load(b: &[u8; 16]) -> Self {
            // SAFETY: reads exactly the 16 bytes of the array; v128_load has no alignment need.
            W(unsafe { v128_load(b.as_ptr().cast()) })
        }
        #[inline(always)]
        fn store(self, b: &mut [u8; 16]) {
            // SAFETY: writes exactly the 16 bytes of the array.
            unsafe { v128_store(b.as_mut_ptr().cast(), self.0) }
        }
        #[inline(always)]
        fn splat(byte: u8) -> Self {
            W(u8x16_splat(byte))
        }
        #[inline(always)]
        fn xor(self, o: Self) -> Self {
            W(v128_xor(self.0, o.0))
        }
        #[inline(always)]
        fn and(self, o: Self) -> Self {
            W(v128_and(self.0, o.0))
        }
        #[inline(always)]
        fn not(self) -> Self {
            W(v128_not(self.0))
        }
        #[inline(always)]
        fn shr_xor_and(self, n: u32, o: Self, m: Self) -> Self {
            W(v128_and(v128_xor(u64x2_shr(self.0, n), o.0), m.0))
        }
        #[inline(always)]
        fn shl(self, n: u32) -> Self {
            W(i64x2_shl(self.0, n))
        }
        // The index lists are `perm::*` (a const generic list cannot be taken from an array).
        #[inline(always)]
        fn shift_rows(self) -> Self {
            shuffle!(self.0, [0, 5, 10, 15, 4, 9, 14, 3, 8, 13, 2, 7, 12, 1, 6, 11])
        }
        #[inline(always)]
        fn inv_shift_rows(self) -> Self {
            shuffle!(self.0, [0, 13, 10, 7, 4, 1, 14, 11, 8, 5, 2, 15, 12, 9, 6, 3])
        }
        #[inline(always)]
        fn rot1(self) -> Self {
            shuffle!(self.0, [1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12])
        }
        #[inline(always)]
        fn rot2(self) -> Self {
            shuffle!(self.0, [2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13])
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod word {
    use super::perm;

    /// Little-endian: byte `k` of the vector is bits `8k..8k+8`, as in `v128`.
    #[derive(Clone, Copy)]
    pub struct W(u128);

    #[inline(always)]
    fn permute(x: u128, p: &[u8; 16]) -> u128 {
        let b = x.to_le_bytes();
        let mut out = [0u8; 16];
        for (o, &i) in out.iter_mut().zip(p) {
            *o = b[usize::from(i)];
        }
        u128::from_le_bytes(out)
    }

    /// The same shift applied to each 64-bit half, as `u64x2_shr`/`i64x2_shl` do.
    #[inline(always)]
    fn lanes(x: u128, f: impl Fn(u64) -> u64) -> u128 {
        let lo = f(x as u64);
        let hi = f((x >> 64) as u64);
        (u128::from(hi) << 64) | u128::from(lo)
    }

    impl super::Word for W {
        #[inline(always)]
        fn load(b: &[u8; 16]) -> Self {
            W(u128::from_le_bytes(*b))
        }
        #[inline(always)]
        fn store(self, b: &mut [u8; 16]) {
            *b = self.0.to_le_bytes();
        }
        #[inline(always)]
        fn splat(byte: u8) -> Self {
            W(u128::from_le_bytes([byte; 16]))
        }
        #[inline(always)]
        fn xor(self, o: Self) -> Self {
            W(self.0 ^ o.0)
        }
        #[inline(always)]
        fn and(self, o: Self) -> Self {
            W(self.0 & o.0)
        }
        #[inline(always)]
        fn not(self) -> Self {
            W(!self.0)
        }
        #[inline(always)]
        fn shr_xor_and(self, n: u32, o: Self, m: Self) -> Self {
            W((lanes(self.0, |x| x >> n) ^ o.0) & m.0)
        }
        #[inline(always)]
        fn shl(self, n: u32) -> Self {
            W(lanes(self.0, |x| x << n))
        }
        fn shift_rows(self) -> Self {
            W(permute(self.0, &perm::SHIFT_ROWS))
        }
        fn inv_shift_rows(self) -> Self {
            W(permute(self.0, &perm::INV_SHIFT_ROWS))
        }
        fn rot1(self) -> Self {
            W(permute(self.0, &perm::ROT1))
        }
        fn rot2(self) -> Self {
            W(permute(self.0, &perm::ROT2))
        }
    }
}

use word::W;

/// Eight bit planes: `s[j]` byte `k` bit `b` = bit `j` of byte `k` of block `b`.
type State = [W; 8];

/// 8×8 bit transposes (one per byte position) between eight blocks and eight planes, by three
/// rounds of delta swaps. Each swap is an involution and the three rounds commute, so the same
/// network also turns planes back into blocks.
#[inline(always)]
fn transpose(s: &mut State) {
    #[inline(always)]
    fn swap(s: &mut State, a: usize, b: usize, n: u32, m: u8) {
        let t = s[a].shr_xor_and(n, s[b], W::splat(m));
        s[b] = s[b].xor(t);
        s[a] = s[a].xor(t.shl(n));
    }
    for (n, m) in [(4, 0x0f), (2, 0x33), (1, 0x55)] {
        let d = n as usize;
        for r in 0..8 {
            if r & d == 0 {
                swap(s, r, r + d, n, m);
            }
        }
    }
}

/// The forward S-box without its four NOTs (Boyar, Peralta and Calik, "A depth-16 circuit for
/// the AES S-box", SLP_AES_113; the `aes` crate's fixslice `sub_bytes`). `u0` is the most
/// significant bit.
#[inline(always)]
fn sub_bytes_core(s: &mut State) {
    let (u7, u6, u5, u4, u3, u2, u1, u0) = (s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
    let x = |a: W, b: W| a.xor(b);
    let a = |p: W, q: W| p.and(q);
    let y14 = x(u3, u5);
    let y13 = x(u0, u6);
    let y12 = x(y13, y14);
    let t1 = x(u4, y12);
    let y15 = x(t1, u5);
    let t2 = a(y12, y15);
    let y6 = x(y15, u7);
    let y20 = x(t1, u1);
    let y9 = x(u0, u3);
    let y11 = x(y20, y9);
    let t12 = a(y9, y11);
    let y7 = x(u7, y11);
    let y8 = x(u0, u5);
    let t0 = x(u1, u2);
    let y10 = x(y15, t0);
    let y17 = x(y10, y11);
    let t13 = a(y14, y17);
    let t14 = x(t13, t12);
    let y19 = x(y10, y8);
    let t15 = a(y8, y10);
    let t16 = x(t15, t12);
    let y16 = x(t0, y11);
    let y21 = x(y13, y16);
    let t7 = a(y13, y16);
    let y18 = x(u0, y16);
    let y1 = x(t0, u7);
    let y4 = x(y1, u3);
    let t5 = a(y4, u7);
    let t6 = x(t5, t2);
    let t18 = x(t6, t16);
    let t22 = x(t18, y19);
    let y2 = x(y1, u0);
    let t10 = a(y2, y7);
    let t11 = x(t10, t7);
    let t20 = x(t11, t16);
    let t24 = x(t20, y18);
    let y5 = x(y1, u6);
    let t8 = a(y5, y1);
    let t9 = x(t8, t7);
    let t19 = x(t9, t14);
    let t23 = x(t19, y21);
    let y3 = x(y5, y8);
    let t3 = a(y3, y6);
    let t4 = x(t3, t2);
    let t17 = x(t4, y20);
    let t21 = x(t17, t14);
    let t26 = a(t21, t23);
    let t27 = x(t24, t26);
    let t31 = x(t22, t26);
    let t25 = x(t21, t22);
    let t28 = a(t25, t27);
    let t29 = x(t28, t22);
    let z14 = a(t29, y2);
    let z5 = a(t29, y7);
    let t30 = x(t23, t24);
    let t32 = a(t31, t30);
    let t33 = x(t32, t24);
    let t35 = x(t27, t33);
    let t36 = a(t24, t35);
    let t38 = x(t27, t36);
    let t39 = a(t29, t38);
    let t40 = x(t25, t39);
    let t43 = x(t29, t40);
    let z3 = a(t43, y16);
    let tc12 = x(z3, z5);
    let z12 = a(t43, y13);
    let z13 = a(t40, y5);
    let z4 = a(t40, y1);
    let tc6 = x(z3, z4);
    let t34 = x(t23, t33);
    let t37 = x(t36, t34);
    let t41 = x(t40, t37);
    let z8 = a(t41, y10);
    let z17 = a(t41, y8);
    let t44 = x(t33, t37);
    let z0 = a(t44, y15);
    let z9 = a(t44, y12);
    let z10 = a(t37, y3);
    let z1 = a(t37, y6);
    let tc5 = x(z1, z0);
    let tc11 = x(tc6, tc5);
    let z11 = a(t33, y4);
    let t42 = x(t29, t33);
    let t45 = x(t42, t41);
    let z7 = a(t45, y17);
    let tc8 = x(z7, tc6);
    let z16 = a(t45, y14);
    let z6 = a(t42, y11);
    let tc16 = x(z6, tc8);
    let z15 = a(t42, y9);
    let tc20 = x(z15, tc16);
    let tc1 = x(z15, z16);
    let tc2 = x(z10, tc1);
    let tc21 = x(tc2, z11);
    let tc3 = x(z9, tc2);
    let s0 = x(tc3, tc16);
    let s3 = x(tc3, tc11);
    let s1 = x(s3, tc16);
    let tc13 = x(z13, tc1);
    let z2 = a(t33, u7);
    let tc4 = x(z0, z2);
    let tc7 = x(z12, tc4);
    let tc9 = x(z8, tc7);
    let tc10 = x(tc8, tc9);
    let tc17 = x(z14, tc10);
    let s5 = x(tc21, tc17);
    let tc26 = x(tc17, tc20);
    let s2 = x(tc26, z17);
    let tc14 = x(tc4, tc12);
    let tc18 = x(tc13, tc14);
    let s6 = x(tc10, tc18);
    let s7 = x(z12, tc18);
    let s4 = x(tc14, s3);
    *s = [s7, s6, s5, s4, s3, s2, s1, s0];
}

/// SubBytes: the circuit plus the affine constant 0x63 (bits 0, 1, 5, 6).
#[inline(always)]
fn sub_bytes(s: &mut State) {
    sub_bytes_core(s);
    for j in [0, 1, 5, 6] {
        s[j] = s[j].not();
    }
}

/// InvSubBytes. The circuit (the `aes` crate's fixslice `inv_sub_bytes`, same convention) is
/// the inverse of `sub_bytes_core`, so the affine constant comes off first.
#[inline(always)]
fn inv_sub_bytes(s: &mut State) {
    for j in [0, 1, 5, 6] {
        s[j] = s[j].not();
    }
    let (u7, u6, u5, u4, u3, u2, u1, u0) = (s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
    let x = |a: W, b: W| a.xor(b);
    let a = |p: W, q: W| p.and(q);
    let t23 = x(u0, u3);
    let t8 = x(u1, t23);
    let m2 = a(t23, t8);
    let t4 = x(u4, t8);
    let t22 = x(u1, u3);
    let t2 = x(u0, u1);
    let t1 = x(u3, u4);
    let t9 = x(u7, t1);
    let m7 = a(t22, t9);
    let t24 = x(u4, u7);
    let t10 = x(t2, t24);
    let m14 = a(t2, t10);
    let r5 = x(u6, u7);
    let t3 = x(t1, r5);
    let t13 = x(t2, r5);
    let t19 = x(t22, r5);
    let t17 = x(u2, t19);
    let t25 = x(u2, t1);
    let r13 = x(u1, u6);
    let t20 = x(t24, r13);
    let m9 = a(t20, t17);
    let r17 = x(u2, u5);
    let t6 = x(t22, r17);
    let m1 = a(t13, t6);
    let y5 = x(u0, r17);
    let m4 = a(t19, y5);
    let m5 = x(m4, m1);
    let m17 = x(m5, t24);
    let r18 = x(u5, u6);
    let t27 = x(t1, r18);
    let t15 = x(t10, t27);
    let m11 = a(t1, t15);
    let m15 = x(m14, m11);
    let m21 = x(m17, m15);
    let m12 = a(t4, t27);
    let m13 = x(m12, m11);
    let t14 = x(t10, r18);
    let m3 = x(t14, m1);
    let m16 = x(m3, m2);
    let m20 = x(m16, m13);
    let r19 = x(u2, u4);
    let t16 = x(r13, r19);
    let t26 = x(t3, t16);
    let m6 = a(t3, t16);
    let m8 = x(t26, m6);
    let m18 = x(m8, m7);
    let m22 = x(m18, m13);
    let m25 = a(m22, m20);
    let m26 = x(m21, m25);
    let m10 = x(m9, m6);
    let m19 = x(m10, m15);
    let m23 = x(m19, t25);
    let m28 = x(m23, m25);
    let m24 = x(m22, m23);
    let m30 = a(m26, m24);
    let m39 = x(m23, m30);
    let m48 = a(m39, y5);
    let m57 = a(m39, t19);
    let m36 = x(m24, m25);
    let m31 = a(m20, m23);
    let m27 = x(m20, m21);
    let m32 = a(m27, m31);
    let m29 = a(m28, m27);
    let m37 = x(m21, m29);
    let m42 = x(m37, m39);
    let m52 = a(m42, t15);
    let m61 = a(m42, t1);
    let p0 = x(m52, m61);
    let p16 = x(m57, m61);
    let m60 = a(m37, t20);
    let m51 = a(m37, t17);
    let m33 = x(m27, m25);
    let m38 = x(m32, m33);
    let m43 = x(m37, m38);
    let m49 = a(m43, t16);
    let p6 = x(m49, m60);
    let p13 = x(m49, m51);
    let m58 = a(m43, t3);
    let m50 = a(m38, t9);
    let m59 = a(m38, t22);
    let p1 = x(m58, m59);
    let p7 = x(p0, p1);
    let m34 = a(m21, m22);
    let m35 = a(m24, m34);
    let m40 = x(m35, m36);
    let m41 = x(m38, m40);
    let m45 = x(m42, m41);
    let m53 = a(m45, t27);
    let p8 = x(m50, m53);
    let p23 = x(p7, p8);
    let m62 = a(m45, t4);
    let p14 = x(m49, m62);
    let s6 = x(p14, p23);
    let m54 = a(m41, t10);
    let p2 = x(m54, m62);
    let p22 = x(p2, p7);
    let s0 = x(p13, p22);
    let p17 = x(m58, p2);
    let p15 = x(m54, m59);
    let m63 = a(m41, t2);
    let m44 = x(m39, m40);
    let m46 = a(m44, t6);
    let p5 = x(m46, m51);
    let p18 = x(m63, p5);
    let p24 = x(p5, p7);
    let m55 = a(m44, t13);
    let p9 = x(m55, m63);
    let s7 = x(p9, p16);
    let m47 = a(m40, t8);
    let p3 = x(m47, m50);
    let p19 = x(p2, p3);
    let s5 = x(p19, p24);
    let p11 = x(p0, p3);
    let p26 = x(p9, p11);
    let m56 = a(m40, t23);
    let p4 = x(m48, m56);
    let p12 = x(m46, m48);
    let s3 = x(p12, p22);
    let p20 = x(p4, p6);
    let p29 = x(p15, p20);
    let s1 = x(p26, p29);
    let p10 = x(m57, p4);
    let p27 = x(p10, p18);
    let s4 = x(p23, p27);
    let p25 = x(p6, p10);
    let p28 = x(p11, p25);
    let s2 = x(p17, p28);
    *s = [s7, s6, s5, s4, s3, s2, s1, s0];
}

/// Multiplication by x in GF(2⁸) mod x⁸+x⁴+x³+x+1, on planes: a shift of planes, with the
/// bit shifted out (plane 7) folded into planes 0, 1, 3 and 4 (0x1b).
#[inline(always)]
fn xtime(t: &State) -> State {
    [t[7], t[0].xor(t[7]), t[1], t[2].xor(t[7]), t[3].xor(t[7]), t[4], t[5], t[6]]
}

/// MixColumns: `out[r] = {02}(a[r] ^ a[r+1]) ^ a[r+1] ^ (a[r+2] ^ a[r+3])`.
#[inline(always)]
fn mix_columns(s: &mut State) {
    let r1: State = core::array::from_fn(|j| s[j].rot1());
    let t: State = core::array::from_fn(|j| s[j].xor(r1[j]));
    let x2 = xtime(&t);
    *s = core::array::from_fn(|j| x2[j].xor(r1[j]).xor(t[j].rot2()));
}

/// InvMixColumns = MixColumns ∘ (a ↦ a ^ {04}·(a ^ rot2 a)): the inverse matrix is the forward
/// one times the circulant (05, 00, 04, 00).
#[inline(always)]
fn inv_mix_columns(s: &mut State) {
    let u: State = core::array::from_fn(|j| s[j].xor(s[j].rot2()));
    let u4 = xtime(&xtime(&u));
    for j in 0..8 {
        s[j] = s[j].xor(u4[j]);
    }
    mix_columns(s);
}

#[inline(always)]
fn add_round_key(s: &mut State, k: &State) {
    for j in 0..8 {
        s[j] = s[j].xor(k[j]);
    }
}

/// Loads up to eight blocks (missing ones are zero) as planes.
#[inline(always)]
fn bitslice(blocks: &[[u8; 16]; 8]) -> State {
    let mut s: State = core::array::from_fn(|b| W::load(&blocks[b]));
    transpose(&mut s);
    s
}

#[inline(always)]
fn unbitslice(mut s: State, blocks: &mut [[u8; 16]; 8]) {
    transpose(&mut s);
    for (b, w) in blocks.iter_mut().zip(s) {
        w.store(b);
    }
}

/// One round key as planes, the same for all eight blocks: plane `j` byte `k` is 0xff when bit
/// `j` of key byte `k` is set. Branch-free.
fn broadcast(key: &[u8; 16]) -> State {
    core::array::from_fn(|j| {
        let mut b = [0u8; 16];
        for (o, &k) in b.iter_mut().zip(key) {
            *o = 0u8.wrapping_sub((k >> j) & 1);
        }
        W::load(&b)
    })
}

/// AES-256 with its 15 round keys expanded once, as planes. No `Debug`: nothing prints it.
#[derive(Clone)]
pub struct Aes256 {
    rk: [State; ROUNDS + 1],
}

impl Aes256 {
    /// The FIPS-197 §5.2 key expansion; SubWord goes through the bitsliced S-box.
    pub fn new(key: &[u8; 32]) -> Self {
        let mut w = [[0u8; 4]; 4 * (ROUNDS + 1)];
        for (i, word) in w.iter_mut().take(8).enumerate() {
            word.copy_from_slice(&key[4 * i..4 * i + 4]);
        }
        let mut rcon = 1u8;
        for i in 8..w.len() {
            let mut t = w[i - 1];
            if i % 8 == 0 {
                t.rotate_left(1);
                t = sub_word(t);
                t[0] ^= rcon;
                // xtime on a public constant: branch-free anyway.
                rcon = (rcon << 1) ^ (0x1b & 0u8.wrapping_sub(rcon >> 7));
            } else if i % 8 == 4 {
                t = sub_word(t);
            }
            for b in 0..4 {
                w[i][b] = w[i - 8][b] ^ t[b];
            }
        }
        let rk = core::array::from_fn(|r| {
            let mut k = [0u8; 16];
            for c in 0..4 {
                k[4 * c..4 * c + 4].copy_from_slice(&w[4 * r + c]);
            }
            broadcast(&k)
        });
        Aes256 { rk }
    }

    /// Encrypts eight blocks in place (FIPS-197 §5.1).
    pub fn encrypt8(&self, blocks: &mut [[u8; 16]; 8]) {
        let mut s = bitslice(blocks);
        add_round_key(&mut s, &self.rk[0]);
        for r in 1..ROUNDS {
            sub_bytes(&mut s);
            for w in s.iter_mut() {
                *w = w.shift_rows();
            }
            mix_columns(&mut s);
            add_round_key(&mut s, &self.rk[r]);
        }
        sub_bytes(&mut s);
        for w in s.iter_mut() {
            *w = w.shift_rows();
        }
        add_round_key(&mut s, &self.rk[ROUNDS]);
        unbitslice(s, blocks);
    }

    /// Decrypts eight blocks in place (FIPS-197 §5.3, the inverse cipher).
    pub fn decrypt8(&self, blocks: &mut [[u8; 16]; 8]) {
        let mut s = bitslice(blocks);
        add_round_key(&mut s, &self.rk[ROUNDS]);
        for r in (1..ROUNDS).rev() {
            for w in s.iter_mut() {
                *w = w.inv_shift_rows();
            }
            inv_sub_bytes(&mut s);
            add_round_key(&mut s, &self.rk[r]);
            inv_mix_columns(&mut s);
        }
        for w in s.iter_mut() {
            *w = w.inv_shift_rows();
        }
        inv_sub_bytes(&mut s);
        add_round_key(&mut s, &self.rk[0]);
        unbitslice(s, blocks);
    }

    /// CBC decryption in place of whole blocks (`data.len() % 16 == 0`, checked by the caller;
    /// a trailing partial block is left as it is). Blocks are independent in CBC decryption,
    /// so all eight lanes work on every batch.
    pub fn cbc_decrypt(&self, iv: &[u8; 16], data: &mut [u8]) {
        // The block before each of this batch's: the IV or the last batch's final block, then
        // the batch's own ciphertext.
        let mut before = [0u8; 9 * BLOCK];
        before[..BLOCK].copy_from_slice(iv);
        for chunk in data.chunks_mut(8 * BLOCK) {
            let n = chunk.len() / BLOCK;
            let mut blocks = [[0u8; 16]; 8];
            for (b, c) in blocks.iter_mut().zip(chunk.chunks_exact(BLOCK)) {
                b.copy_from_slice(c);
            }
            before[BLOCK..(n + 1) * BLOCK].copy_from_slice(&chunk[..n * BLOCK]);
            self.decrypt8(&mut blocks);
            for (c, b) in chunk.chunks_exact_mut(BLOCK).zip(&blocks) {
                c.copy_from_slice(b);
            }
            unchain(&mut chunk[..n * BLOCK], &before[..(n + 1) * BLOCK]);
            before.copy_within(n * BLOCK..(n + 1) * BLOCK, 0);
        }
    }

    /// CBC encryption in place of whole blocks. Serial by definition: one lane of eight is
    /// used (only the simulator and tests encrypt).
    pub fn cbc_encrypt(&self, iv: &[u8; 16], data: &mut [u8]) {
        let mut prev = *iv;
        for block in data.chunks_exact_mut(BLOCK) {
            let mut blocks = [[0u8; 16]; 8];
            for (o, (p, c)) in blocks[0].iter_mut().zip(block.iter().zip(&prev)) {
                *o = p ^ c;
            }
            self.encrypt8(&mut blocks);
            block.copy_from_slice(&blocks[0]);
            prev = blocks[0];
        }
    }
}

/// CBC's chaining after the block cipher: plaintext block i = `decrypted[i] ^ before[i]`, where
/// `before` is the IV followed by the ciphertext (so block i is XORed with the block before
/// it). Also for a caller whose blocks a host's AES decrypted (ECB, no chaining). Only the
/// first `decrypted.len()` bytes of `before` are read.
pub fn unchain(decrypted: &mut [u8], before: &[u8]) {
    // A block at a time as one 128-bit word (a byte loop did not vectorise at opt-level "z").
    for (p, c) in decrypted.chunks_exact_mut(BLOCK).zip(before.chunks_exact(BLOCK)) {
        let x = u128::from_ne_bytes(p.try_into().unwrap_or([0; BLOCK])) ^ u128::from_ne_bytes(c.try_into().unwrap_or([0; BLOCK]));
        p.copy_from_slice(&x.to_ne_bytes());
    }
}

/// SubWord for the key schedule, one byte at a time by the S-box's definition (FIPS-197 §5.1.1):
/// the inverse in GF(2⁸) as x²⁵⁴, then the affine map. Constant time like the rest (masks, no
/// table, no branch), and a few hundred bytes where running the bitsliced circuit for it
/// inlined 2 KB more into the webhook module, which never encrypts (issue 13: edge budget).
fn sub_word(x: [u8; 4]) -> [u8; 4] {
    x.map(sbox)
}

/// Multiplication in GF(2⁸) mod x⁸+x⁴+x³+x+1, branch-free. Not inlined: it runs 44 times
/// per key, never per block, and its unrolled copies would only add bytes.
#[inline(never)]
fn gf_mul(mut a: u8, mut b: u8) -> u8 {
    let mut p = 0u8;
    for _ in 0..8 {
        p ^= a & 0u8.wrapping_sub(b & 1);
        a = (a << 1) ^ (0x1b & 0u8.wrapping_sub(a >> 7));
        b >>= 1;
    }
    p
}

#[inline(never)]
fn sbox(x: u8) -> u8 {
    // x^254 = x^-1 (and 0 for 0): 2, 3, 6, 12, 15, 30, 60, 63, 126, 127, 254.
    let x2 = gf_mul(x, x);
    let x3 = gf_mul(x2, x);
    let x6 = gf_mul(x3, x3);
    let x12 = gf_mul(x6, x6);
    let x15 = gf_mul(x12, x3);
    let x30 = gf_mul(x15, x15);
    let x60 = gf_mul(x30, x30);
    let x63 = gf_mul(x60, x3);
    let x126 = gf_mul(x63, x63);
    let x127 = gf_mul(x126, x);
    let inv = gf_mul(x127, x127);
    inv ^ inv.rotate_left(1) ^ inv.rotate_left(2) ^ inv.rotate_left(3) ^ inv.rotate_left(4) ^ 0x63
}

/// The PKCS#7 pad length of a decrypted message, or `None`. Every byte of the last block is
/// examined whatever the verdict, with masks and no early exit.
pub fn pkcs7_len(data: &[u8]) -> Option<usize> {
    if data.len() < BLOCK || data.len() % BLOCK != 0 {
        return None;
    }
    let last = &data[data.len() - BLOCK..];
    let pad = last[BLOCK - 1];
    // bad != 0 when pad is 0 or > 16.
    let mut bad = u32::from(pad.wrapping_sub(1)) >> 4 & 0x0f;
    for (i, &b) in last.iter().enumerate() {
        // Position from the end, 1..=16; `inside` is 0xff when that byte belongs to the pad.
        let from_end = (BLOCK - i) as u32;
        let inside = 0u32.wrapping_sub(u32::from(pad).wrapping_sub(from_end) >> 31 ^ 1) & 0xff;
        bad |= u32::from(b ^ pad) & inside;
    }
    if bad == 0 {
        Some(data.len() - usize::from(pad))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    #[test]
    fn perm_tables_are_shift_rows_and_rotations() {
        for k in 0..16 {
            let (r, c) = (k % 4, k / 4);
            assert_eq!(usize::from(perm::SHIFT_ROWS[k]), 4 * ((c + r) % 4) + r);
            assert_eq!(usize::from(perm::INV_SHIFT_ROWS[k]), 4 * ((c + 4 - r) % 4) + r);
            assert_eq!(usize::from(perm::ROT1[k]), 4 * c + (r + 1) % 4);
            assert_eq!(usize::from(perm::ROT2[k]), 4 * c + (r + 2) % 4);
        }
    }

    #[test]
    fn transpose_puts_bit_j_of_block_b_in_plane_j_bit_b() {
        let mut blocks = [[0u8; 16]; 8];
        for (b, block) in blocks.iter_mut().enumerate() {
            for (k, x) in block.iter_mut().enumerate() {
                *x = (b * 37 + k * 11 + 5) as u8;
            }
        }
        let s = bitslice(&blocks);
        for j in 0..8 {
            let mut plane = [0u8; 16];
            s[j].store(&mut plane);
            for k in 0..16 {
                for b in 0..8 {
                    assert_eq!((plane[k] >> b) & 1, (blocks[b][k] >> j) & 1, "plane {j} byte {k} block {b}");
                }
            }
        }
        let mut back = [[0u8; 16]; 8];
        unbitslice(s, &mut back);
        assert_eq!(back, blocks);
    }

    #[test]
    fn sbox_circuits_match_the_fips_197_table() {
        // FIPS-197 Figure 7, first row and a few more entries; and the inverse undoes it.
        let known = [(0x00u8, 0x63u8), (0x01, 0x7c), (0x53, 0xed), (0xff, 0x16), (0x10, 0xca), (0x8f, 0x73)];
        for (i, o) in known {
            assert_eq!(sub_word([i, i, i, i])[0], o);
        }
        let mut seen = [false; 256];
        for chunk in 0..2 {
            let mut blocks = [[0u8; 16]; 8];
            for b in 0..8 {
                for k in 0..16 {
                    blocks[b][k] = (chunk * 128 + b * 16 + k) as u8;
                }
            }
            let mut s = bitslice(&blocks);
            sub_bytes(&mut s);
            let mut out = [[0u8; 16]; 8];
            unbitslice(s, &mut out);
            for (row, input) in out.iter().zip(&blocks) {
                for (&v, &x) in row.iter().zip(input) {
                    seen[usize::from(v)] = true;
                    // The key schedule's scalar S-box (GF inversion + affine) agrees everywhere.
                    assert_eq!(sbox(x), v, "S({x:#04x})");
                }
            }
            inv_sub_bytes(&mut s);
            unbitslice(s, &mut out);
            assert_eq!(out, blocks);
        }
        assert!(seen.iter().all(|&x| x), "S-box is a permutation");
    }

    #[test]
    fn fips_197_appendix_c3_aes_256() {
        let key: [u8; 32] = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f").try_into().unwrap();
        let pt = hex("00112233445566778899aabbccddeeff");
        let ct = hex("8ea2b7ca516745bfeafc49904b496089");
        let aes = Aes256::new(&key);
        let mut blocks = [[0u8; 16]; 8];
        for b in blocks.iter_mut() {
            b.copy_from_slice(&pt);
        }
        aes.encrypt8(&mut blocks);
        assert!(blocks.iter().all(|b| b[..] == ct[..]));
        aes.decrypt8(&mut blocks);
        assert!(blocks.iter().all(|b| b[..] == pt[..]));
    }

    /// NIST SP 800-38A F.2.5 (CBC-AES256.Encrypt) and F.2.6 (CBC-AES256.Decrypt).
    #[test]
    fn sp_800_38a_f_2_5_and_f_2_6() {
        let key: [u8; 32] = hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4").try_into().unwrap();
        let iv: [u8; 16] = hex("000102030405060708090a0b0c0d0e0f").try_into().unwrap();
        let pt = hex(concat!(
            "6bc1bee22e409f96e93d7e117393172a",
            "ae2d8a571e03ac9c9eb76fac45af8e51",
            "30c81c46a35ce411e5fbc1191a0a52ef",
            "f69f2445df4f9b17ad2b417be66c3710"
        ));
        let ct = hex(concat!(
            "f58c4c04d6e5f1ba779eabfb5f7bfbd6",
            "9cfc4e967edb808d679f777bc6702c7d",
            "39f23369a9d9bacfa530e26304231461",
            "b2eb05e2c39be9fcda6c19078c6a9d1b"
        ));
        let aes = Aes256::new(&key);
        let mut buf = pt.clone();
        aes.cbc_encrypt(&iv, &mut buf);
        assert_eq!(buf, ct);
        aes.cbc_decrypt(&iv, &mut buf);
        assert_eq!(buf, pt);
        // Longer than one batch: the chaining across batches.
        let mut long: Vec<u8> = (0..16 * 19).map(|i| pt[i % pt.len()]).collect();
        let orig = long.clone();
        aes.cbc_encrypt(&iv, &mut long);
        aes.cbc_decrypt(&iv, &mut long);
        assert_eq!(long, orig);
    }

    #[test]
    fn pkcs7_every_pad_byte_checked() {
        for pad in 1..=16usize {
            let mut block = vec![0x41u8; 16];
            for b in &mut block[16 - pad..] {
                *b = pad as u8;
            }
            assert_eq!(pkcs7_len(&block), Some(16 - pad));
            for i in 16 - pad..15 {
                let mut bad = block.clone();
                bad[i] ^= 1;
                assert_eq!(pkcs7_len(&bad), None, "pad {pad} byte {i}");
            }
        }
        for last in [0u8, 17, 0x80, 0xff] {
            let mut block = [last; 16];
            block[15] = last;
            assert_eq!(pkcs7_len(&block), None);
        }
        assert_eq!(pkcs7_len(&[]), None);
        assert_eq!(pkcs7_len(&[1u8; 17]), None);
    }
}
