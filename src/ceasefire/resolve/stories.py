"""Stories: copies of one text across outlets, found with MinHash and LSH.

An agency story is republished verbatim, rewritten (sentences reordered,
words swapped) or machine-spun on other sites. Each copy is its own article
(its text differs, so its id does), but it is one report: events are counted
once per story. Two articles are copies when the Jaccard similarity of their
word shingles is high; MinHash estimates it from fixed-size signatures and
LSH finds the candidates without comparing every pair.

Shingles are of two kinds. Pairs of consecutive content words (function
words dropped first, since rewriters change them freely; pairs rather than
longer runs, since a rewrite that swaps one word in five breaks most longer
runs). And pairs of consecutive *named* tokens, the capitalised words and
numbers in order ("Jeddah Saudi", "May 22", "Rapid Support"): a spinner
that replaces every common word with a synonym must leave names and figures
alone, so this skeleton survives it intact; it counts twice. Two different
reports of the same talks share names, but not long runs of them in the same
order. On the tracking corpus, copies, rewrites and spun copies score 0.30
and more, different articles on the same negotiation 0.14 at most
(tests/resolve/test_stories.py).

The signatures are stored (``story_members.minhash``, 32-bit values); the LSH index lives
in memory for one run and is refilled from the stored signatures.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from hashlib import sha1

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
SEED = 1
# Pinned: stored hash values carry no trace of the scheme that made them, and
# signatures of different schemes must never be compared.
SCHEME = "affine32"
_DTYPE = "<u4"  # affine32 keeps 32-bit hash values
# Estimated Jaccard similarity of shingle sets from which two articles are one story.
JOIN_THRESHOLD = 0.25
# The LSH band layout is tuned for a lower threshold so that copies just above
# JOIN_THRESHOLD are not lost to the banding's false negatives; candidates are
# then checked against the signatures.
LSH_THRESHOLD = 0.15
# How many times a named-token shingle counts against a content-word one.
NAMED_WEIGHT = 2
SHINGLE = 2
# Shorter texts have too few shingles for a meaningful estimate: each starts its own story.
MIN_SHINGLES = 8

_WORD = re.compile(r"\w+", re.UNICODE)
# Words that rewriters add, drop and swap without changing what is reported.
STOPWORDS = frozenset("""
a an the and or but nor so yet of in on at to for from by with as into onto upon about over after before
during since until than then that this these those there here is are was were be been being am has have had
do does did will would shall should can could may might must it its it's he she they them their his her him
we our us you your i me my who whom whose which what when where why how not no also said says say told tells
according just more most such very much many some any all both each other another own same too only while
which's mr mrs ms s t
""".split())


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _drop_combining(m: re.Match[str]) -> str:
    return "" if unicodedata.combining(m.group()) else m.group()


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    # Only non-ASCII characters can be combining marks: look at those alone.
    return text if text.isascii() else _NON_ASCII.sub(_drop_combining, text)


def words(text: str, folded: str | None = None) -> list[str]:
    """Content words of a text, case- and accent-folded (``folded``: ``_fold(text)``, when made already)."""
    return [w for w in _WORD.findall((_fold(text) if folded is None else folded).casefold()) if w not in STOPWORDS]


def named(text: str, folded: str | None = None) -> list[str]:
    """Capitalised words and numbers, in order: what a spinner leaves alone."""
    return [w for w in _WORD.findall(_fold(text) if folded is None else folded)
            if (w[0].isupper() or w[0].isdigit()) and w.casefold() not in STOPWORDS]


def _pairs(tokens: list[str], size: int) -> list[str]:
    if len(tokens) < size:
        return [" ".join(tokens)] if tokens else []
    return [" ".join(run) for run in zip(*(tokens[i:] for i in range(size)))]


def _encoded(prefix: str, grams: list[str]) -> list[bytes]:
    """``prefix + gram`` in UTF-8 for each gram, encoded in one call: a gram is words joined by
    spaces, so never holds the newline that joins them here."""
    return (prefix + ("\n" + prefix).join(grams)).encode("utf-8").split(b"\n") if grams else []


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    folded = _fold(text)
    out = set(_encoded("w:", _pairs(words(text, folded), size)))
    named_grams = _pairs([w.casefold() for w in named(text, folded)], size)
    for i in range(NAMED_WEIGHT):
        out.update(_encoded(f"n{i}:", named_grams))
    return out


# The permutations MinHash draws from SEED, drawn once: a constant, and drawing them took a
# quarter of the time of a signature.
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
_A, _B = (np.asarray(p, dtype=np.uint32) for p in _PERMUTATIONS)
# MurmurHash3's 32-bit finalizer, with which affine32 mixes each input hash before permuting it.
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def signature(text: str, grams: set[bytes] | None = None) -> MinHash:
    """The MinHash of the text's shingles (``grams``, when the caller has them already).

    The values ``MinHash.update_batch`` gives (tests/resolve/test_stories.py holds the two
    equal), worked out here in a few array operations: datasketch hashes each shingle with a
    Python call and ``struct`` (SHA-1's first four bytes, little-endian) and builds the array
    from a list, which made a third of the signature's time."""
    grams = shingles(text) if grams is None else grams
    mh = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_PERMUTATIONS)
    if grams:  # a minimum per permutation: the order does not matter
        hv = np.frombuffer(b"".join([sha1(g).digest()[:4] for g in grams]), dtype="<u4").astype(np.uint32)
        s1, m1, s2, m2, s3 = _FMIX32
        hv ^= hv >> s1
        hv *= m1
        hv ^= hv >> s2
        hv *= m2
        hv ^= hv >> s3
        mh.hashvalues = np.minimum(mh.hashvalues, (hv[:, None] * _A + _B).min(axis=0))
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues).astype(_DTYPE).tobytes()


def from_bytes(data: bytes) -> MinHash:
    """A stored signature; lean (no permutations to rebuild), as it is only compared, never updated."""
    values = np.frombuffer(data, dtype=_DTYPE).astype(np.uint32)
    return LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)


@dataclass(frozen=True)
class Match:
    article_id: str
    story_id: int
    similarity: float


class StoryIndex:
    """The LSH index of one run over the stored signatures.

    ``seen`` is the highest ``story_members.seq`` loaded, so a run (or a
    process sharing the database) loads only what was added since.
    """

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.members: dict[str, tuple[int, MinHash]] = {}
        self.seen = 0

    def add(self, article_id: str, story_id: int, mh: MinHash, seq: int | None = None) -> None:
        if seq is not None:
            self.seen = max(self.seen, seq)
        if article_id in self.members:
            return
        self.members[article_id] = (story_id, mh)
        self.lsh.insert(article_id, mh)

    def best(self, mh: MinHash, exclude: str | None = None) -> Match | None:
        """The most similar stored copy at or above JOIN_THRESHOLD, if any."""
        best: Match | None = None
        for key in self.lsh.query(mh):
            if key == exclude:
                continue
            story_id, other = self.members[key]
            sim = float(mh.jaccard(other))
            # Ties go to the older story (smaller id), then to the smaller article id, so results do not
            # depend on set order (an index reloaded after a restart holds its keys in another order).
            if sim >= JOIN_THRESHOLD and (best is None or (sim, -story_id) > (best.similarity, -best.story_id)
                                          or ((sim, story_id) == (best.similarity, best.story_id)
                                              and key < best.article_id)):
                best = Match(key, story_id, sim)
        return best

    def __len__(self) -> int:
        return len(self.members)
