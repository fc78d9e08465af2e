//! A fast, non-cryptographic hasher for the lookup tables built when a world is loaded.
//!
//! The keys are ARNs, account ids and alias names from the user's own files, looked up on every
//! decision; SipHash's protection against adversarial keys buys nothing there and costs a large
//! share of a decision. This is the multiply-rotate scheme of rustc's FxHash, written out.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash-style hasher.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct FastHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            if let Some(word) = c.first_chunk::<8>() {
                self.add(u64::from_le_bytes(*word));
            }
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // The last eight bytes, overlapping the previous word, when there are that many: no
            // copy of a variable-length tail (which costs a call to `memcpy`).
            let word = match bytes.last_chunk::<8>() {
                Some(w) => u64::from_le_bytes(*w),
                None => rest.iter().fold(0, |w, &b| w << 8 | u64::from(b)),
            };
            self.add(word);
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A `HashMap` with [`FastHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_work_and_distinguish_keys() {
        let mut m: FastMap<String, u32> = FastMap::default();
        for (i, k) in ["a", "b", "arn:aws:kms:us-east-1:111122223333:key/x", ""]
            .iter()
            .enumerate()
        {
            m.insert((*k).to_string(), i as u32);
        }
        assert_eq!(m.get("arn:aws:kms:us-east-1:111122223333:key/x"), Some(&2));
        assert_eq!(m.get(""), Some(&3));
        assert_eq!(m.get("c"), None);
    }
}
