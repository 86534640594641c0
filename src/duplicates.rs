//! Near-duplicate submissions within a batch: MinHash signatures of each
//! body's character 5-shingles, with locality-sensitive hashing (bands) so
//! that only candidate pairs are compared — never all pairs, never the full
//! texts. Files are added in path order, so results do not depend on the
//! number of threads.

use hashbrown::HashTable;

const HASHES: usize = 128;
const BANDS: usize = 32;
const ROWS: usize = HASHES / BANDS;
const SHINGLE: usize = 5;

/// The seed of each of the signature's hash functions.
const SEEDS: [u32; HASHES] = {
    let mut s = [0u32; HASHES];
    let mut i = 0;
    while i < HASHES {
        s[i] = (i as u32).wrapping_mul(0x9e37_79b9);
        i += 1;
    }
    s
};

/// Lower every slot of `sig` to the hash of each shingle, if smaller.
/// 32-bit hashes: eight slots per AVX2 instruction, and half the memory of
/// a batch index (a false equal slot has odds of 2⁻³²).
#[inline(always)]
fn minimise(sig: &mut [u32; HASHES], shingles: &[u32]) {
    for &h in shingles {
        for (slot, seed) in sig.iter_mut().zip(SEEDS.iter()) {
            let v = mix32(h ^ seed);
            if v < *slot {
                *slot = v;
            }
        }
    }
}

/// [`minimise`] compiled for AVX2 (eight slots at a time).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn minimise_avx2(sig: &mut [u32; HASHES], shingles: &[u32]) {
    minimise(sig, shingles)
}

/// [`minimise`] compiled for AVX-512 (sixteen slots at a time).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn minimise_avx512(sig: &mut [u32; HASHES], shingles: &[u32]) {
    minimise(sig, shingles)
}

/// A MinHash signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(Box<[u32; HASHES]>);

/// murmur3's 32-bit finaliser.
#[inline(always)]
fn mix32(mut x: u32) -> u32 {
    x ^= x >> 16;
    x = x.wrapping_mul(0x85eb_ca6b);
    x ^= x >> 13;
    x = x.wrapping_mul(0xc2b2_ae35);
    x ^ (x >> 16)
}

#[inline(always)]
fn mix(mut x: u64) -> u64 {
    // splitmix64 finaliser
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

impl Signature {
    /// Signature of a text (Han characters, letters and digits only), or
    /// `None` when it is too short to compare.
    pub fn of(text: &str) -> Option<Signature> {
        let cs: Vec<char> = text.chars().filter(|&c| crate::document::is_word_char(c)).collect();
        if cs.len() < 30 {
            return None;
        }
        let mut sig = Box::new([u32::MAX; HASHES]);
        // A repeated shingle changes no minimum: hash each distinct one once.
        let mut shingles: Vec<u32> = cs
            .windows(SHINGLE)
            .map(|w| {
                let mut h: u64 = 0xcbf2_9ce4_8422_2325;
                for c in w {
                    h = mix(h ^ *c as u64);
                }
                (h ^ (h >> 32)) as u32
            })
            .collect();
        shingles.sort_unstable();
        shingles.dedup();
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: the CPU has the feature the function is compiled for.
            unsafe { minimise_avx512(&mut sig, &shingles) };
            return Some(Signature(sig));
        }
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has the feature the function is compiled for.
            unsafe { minimise_avx2(&mut sig, &shingles) };
            return Some(Signature(sig));
        }
        minimise(&mut sig, &shingles);
        Some(Signature(sig))
    }

    /// Estimated Jaccard similarity of the shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let same = self.0.iter().zip(other.0.iter()).filter(|(a, b)| a == b).count();
        same as f64 / HASHES as f64
    }

    fn band(&self, b: usize) -> u64 {
        let mut h = b as u64;
        for v in &self.0[b * ROWS..(b + 1) * ROWS] {
            h = mix(h ^ u64::from(*v));
        }
        h
    }
}

/// The index of a batch.
#[derive(Default)]
pub struct Index {
    sigs: Vec<Signature>,
    /// Per band: the latest entry with each band hash. A slot holds the
    /// entry number alone (4 bytes, not the 16 of a `u64 → u32` map: a
    /// quarter of a 10,000-file batch's index); its key is recomputed from
    /// the entry's signature when a probe or a resize needs it.
    heads: Vec<HashTable<u32>>,
    /// `next[entry * BANDS + band]`: the previous entry with the same hash
    /// in that band (`NONE` for none); a chain per bucket, with no
    /// allocation per bucket.
    next: Vec<u32>,
}

const NONE: u32 = u32::MAX;

impl Index {
    pub fn new() -> Index {
        Index {
            sigs: Vec::new(),
            heads: (0..BANDS).map(|_| HashTable::new()).collect(),
            next: Vec::new(),
        }
    }

    /// Earlier entries at least `threshold` similar to `sig` (best first),
    /// then add `sig` as entry number `self.len()`.
    pub fn add(&mut self, sig: Signature, threshold: f64) -> Vec<(usize, f64)> {
        let id = self.sigs.len() as u32;
        self.sigs.push(sig);
        let sigs = &self.sigs;
        let sig = &sigs[id as usize];
        let mut cands: Vec<u32> = Vec::new();
        for (b, table) in self.heads.iter_mut().enumerate() {
            // Band hashes are already mixed: they are their own hash.
            let key = sig.band(b);
            let prev = match table.find_mut(key, |&e| sigs[e as usize].band(b) == key) {
                Some(slot) => std::mem::replace(slot, id),
                None => {
                    table.insert_unique(key, id, |&e| sigs[e as usize].band(b));
                    NONE
                }
            };
            self.next.push(prev);
            let mut c = prev;
            while c != NONE {
                cands.push(c);
                c = self.next[c as usize * BANDS + b];
            }
        }
        cands.sort_unstable();
        cands.dedup();
        let mut out: Vec<(usize, f64)> = cands
            .into_iter()
            .map(|c| (c as usize, sigs[c as usize].similarity(sig)))
            .filter(|(_, s)| *s >= threshold)
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    pub fn len(&self) -> usize {
        self.sigs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sigs.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vector_and_scalar_signatures_agree() {
        let shingles: Vec<u32> = (0..500u32).map(|i| mix32(i.wrapping_mul(0x1234_5679))).collect();
        let mut a = [u32::MAX; HASHES];
        minimise(&mut a, &shingles);
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            let mut b = [u32::MAX; HASHES];
            unsafe { minimise_avx2(&mut b, &shingles) };
            assert_eq!(a, b);
        }
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx512f") {
            let mut b = [u32::MAX; HASHES];
            unsafe { minimise_avx512(&mut b, &shingles) };
            assert_eq!(a, b);
        }
    }

    #[test]
    fn finds_near_duplicates_only() {
        let a = "11月18日，东城县农业农村局组织12个乡镇完成小麦冬灌1.2万亩，占全县冬小麦播种面积的34%，比去年同期多0.3万亩。";
        let b = "11月18日，东城县农业农村局组织12个乡镇完成小麦冬灌1.2万亩，占全县冬小麦播种面积的34%，比上年同期多0.3万亩。";
        let c = "11月19日，西岭县应急管理局在城关镇开展危化品企业安全检查，检查企业32家，发现隐患47处，已整改41处。";
        let mut idx = Index::new();
        assert!(idx.add(Signature::of(a).unwrap(), 0.7).is_empty());
        let hits = idx.add(Signature::of(b).unwrap(), 0.7);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].0, 0);
        assert!(idx.add(Signature::of(c).unwrap(), 0.7).is_empty());
    }
}
