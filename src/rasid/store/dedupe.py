"""Near-duplicate articles (wire copies, re-posts) by MinHash over word shingles.

Each article keeps its MinHash signature and the keys of its LSH bands in the store, so
finding candidates is an indexed lookup however many articles there are; a candidate is
a near-duplicate when the estimated Jaccard similarity of the two shingle sets is high.
"""
from __future__ import annotations

import hashlib

import numpy as np
from datasketch import MinHash

from rasid.normalise import tokens

PERMUTATIONS = 128
BANDS, ROWS = 16, 8  # 16 x 8 = 128; a pair shares a band with high probability from ~0.7 similarity up
SHINGLE_WORDS = 5
SEED = 1  # fixed: signatures stored today must compare with signatures made tomorrow


def signature(normalised_text: str) -> np.ndarray:
    """The MinHash signature of a (normalised) text's 5-word shingles."""
    words = [normalised_text[s:e] for s, e in tokens(normalised_text)]
    shingles = {" ".join(words[i:i + SHINGLE_WORDS]).encode() for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
    minhash = MinHash(num_perm=PERMUTATIONS, seed=SEED)
    minhash.update_batch(list(shingles))
    return minhash.hashvalues.astype(np.uint64)


def near_duplicate_keys(sig: np.ndarray) -> list[tuple[int, str]]:
    """(band, key) pairs: two articles sharing any are candidate near-duplicates."""
    return [(band, hashlib.sha1(sig[band * ROWS:(band + 1) * ROWS].tobytes()).hexdigest()[:16])
            for band in range(BANDS)]


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity between two stored signatures."""
    return float(np.mean(np.frombuffer(a, dtype=np.uint64) == np.frombuffer(b, dtype=np.uint64)))
