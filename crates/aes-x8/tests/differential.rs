//! `aes-x8` against RustCrypto's `aes` + `cbc` (an implementation we did not write) on 10⁶
//! random keys, IVs and messages of 1..=24 blocks (so every batch shape: partial batches, one
//! batch, several), CBC decryption on every case and encryption on every 8th.
//! The built wasm module (the `v128` backend) gets the same check against OpenSSL in
//! tests/node/aes-differential.test.mjs.

use aes::cipher::{block_padding::NoPadding, BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use aes_x8::Aes256;

/// SplitMix64: reproducible, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn fill(&mut self, out: &mut [u8]) {
        for chunk in out.chunks_mut(8) {
            let v = self.next().to_le_bytes();
            chunk.copy_from_slice(&v[..chunk.len()]);
        }
    }
}

const CASES: usize = 1_000_000;

#[test]
fn cbc_matches_the_aes_crate_on_a_million_random_inputs() {
    let mut rng = Rng(0x0123_4567_89ab_cdef);
    let mut key = [0u8; 32];
    let mut iv = [0u8; 16];
    let mut msg = vec![0u8; 24 * 16];
    for case in 0..CASES {
        rng.fill(&mut key);
        rng.fill(&mut iv);
        let len = 16 * (1 + (rng.next() % 24) as usize);
        rng.fill(&mut msg[..len]);
        let plain = &msg[..len];

        let mut reference = plain.to_vec();
        cbc::Encryptor::<aes::Aes256Enc>::new(&key.into(), &iv.into()).encrypt_padded_mut::<NoPadding>(&mut reference, len).unwrap();

        let ours = Aes256::new(&key);
        let mut buf = reference.clone();
        ours.cbc_decrypt(&iv, &mut buf);
        assert_eq!(buf, plain, "decrypt, case {case}");

        if case % 8 == 0 {
            let mut enc = plain.to_vec();
            ours.cbc_encrypt(&iv, &mut enc);
            assert_eq!(enc, reference, "encrypt, case {case}");
        }
    }
}

#[test]
fn decrypting_garbage_matches_too() {
    // Ciphertexts that were never encrypted (what a tampered body is): same bytes out.
    let mut rng = Rng(42);
    for case in 0..20_000 {
        let mut key = [0u8; 32];
        let mut iv = [0u8; 16];
        rng.fill(&mut key);
        rng.fill(&mut iv);
        let mut ct = vec![0u8; 16 * (1 + (case % 17))];
        rng.fill(&mut ct);
        let mut reference = ct.clone();
        cbc::Decryptor::<aes::Aes256Dec>::new(&key.into(), &iv.into()).decrypt_padded_mut::<NoPadding>(&mut reference).unwrap();
        Aes256::new(&key).cbc_decrypt(&iv, &mut ct);
        assert_eq!(ct, reference, "case {case}");
    }
}
