//! Stable 64-bit fingerprints of states: the same natively and in wasm.
//!
//! `std`'s `Hash` impls feed lengths and enum discriminants through `write_usize` and
//! `write_isize`, whose width differs between 64-bit hosts and wasm32. [`Fingerprinter`] widens
//! every integer to 64 bits, little-endian, and mixes with a folded 128-bit multiply, so a state's
//! fingerprint depends only on its contents.

use std::hash::{Hash, Hasher};

const SEED: u64 = 0x243f_6a88_85a3_08d3;
const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

/// A portable, fast, well-mixing hasher for fingerprints (not for hash-flooding resistance).
#[derive(Clone, Debug)]
pub struct Fingerprinter {
    state: u64,
}

impl Default for Fingerprinter {
    fn default() -> Fingerprinter {
        Fingerprinter { state: SEED }
    }
}

fn mix(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

impl Fingerprinter {
    fn word(&mut self, word: u64) {
        self.state = mix(self.state ^ word, MULTIPLIER);
    }
}

impl Hasher for Fingerprinter {
    fn finish(&self) -> u64 {
        let h = self.state;
        mix(h ^ (h >> 29), 0xbf58_476d_1ce4_e5b9) ^ (h >> 31)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.word(u64::from_le_bytes(chunk.try_into().expect("8-byte chunk")));
        }
        let rest = chunks.remainder();
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        self.word(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 56));
    }

    fn write_u8(&mut self, i: u8) {
        self.word(u64::from(i));
    }

    fn write_u16(&mut self, i: u16) {
        self.word(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.word(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.word(i);
    }

    fn write_u128(&mut self, i: u128) {
        self.word(i as u64);
        self.word((i >> 64) as u64);
    }

    fn write_usize(&mut self, i: usize) {
        self.word(i as u64);
    }

    fn write_i8(&mut self, i: i8) {
        self.word(i as u64);
    }

    fn write_i16(&mut self, i: i16) {
        self.word(i as u64);
    }

    fn write_i32(&mut self, i: i32) {
        self.word(i as u64);
    }

    fn write_i64(&mut self, i: i64) {
        self.word(i as u64);
    }

    fn write_isize(&mut self, i: isize) {
        self.word(i as u64);
    }
}

/// The fingerprint of a value.
pub fn fingerprint<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = Fingerprinter::default();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A hasher for maps keyed by fingerprints: the key is already well mixed.
#[derive(Clone, Copy, Debug, Default)]
pub struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*byte);
        }
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_do_not_depend_on_the_width_of_usize() {
        // A Vec hashes its length through write_usize; a wider or narrower usize must not matter.
        let mut narrow = Fingerprinter::default();
        narrow.write_u32(3);
        let mut wide = Fingerprinter::default();
        wide.write_usize(3);
        assert_eq!(narrow.finish(), wide.finish());
    }

    const PINNED: u64 = 11_122_640_500_293_606_491;

    #[test]
    fn known_values_have_fixed_fingerprints() {
        // Pinned so that a change to the mixing (which would break saved fingerprints) is noticed.
        assert_eq!(fingerprint(&(1u32, vec![2u8, 3], "x")), PINNED);
        assert_ne!(fingerprint(&vec![1u8, 2]), fingerprint(&vec![2u8, 1]));
        assert_ne!(
            fingerprint(&(vec![1u8], vec![2u8])),
            fingerprint(&(vec![1u8, 2], Vec::<u8>::new()))
        );
    }
}
