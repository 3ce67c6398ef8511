"""Name lookup: exact match on normalised keys, and suggestions when nothing matches.

Suggestions rank names by shared character trigrams (Dice coefficient) through a sparse
name × trigram matrix, so a miss costs one sparse product instead of a scan with difflib.
"""

from collections.abc import Iterable

import numpy as np
from scipy import sparse

from movierec.text import normalize


def _trigrams(key: str) -> set[str]:
    padded = f"  {key} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


class NameIndex:
    """Exact and approximate lookup of display names by their normalised key."""

    def __init__(self, names: Iterable[str]):
        by_key: dict[str, str] = {}
        for name in names:
            key = normalize(name)
            if key:
                by_key.setdefault(key, name)
        self.keys = sorted(by_key)
        self.display = [by_key[key] for key in self.keys]
        self.position = {key: index for index, key in enumerate(self.keys)}
        vocabulary: dict[str, int] = {}
        rows, cols = [], []
        for row, key in enumerate(self.keys):
            for gram in _trigrams(key):
                rows.append(row)
                cols.append(vocabulary.setdefault(gram, len(vocabulary)))
        self.vocabulary = vocabulary
        self.matrix = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)),
            shape=(len(self.keys), max(len(vocabulary), 1)),
        )
        self.sizes = np.asarray(self.matrix.sum(axis=1)).ravel()

    def __contains__(self, key: str) -> bool:
        return key in self.position

    def suggest(self, text: str, limit: int = 5) -> list[str]:
        """Up to `limit` display names closest to `text`, best first."""
        grams = [self.vocabulary[g] for g in _trigrams(normalize(text)) if g in self.vocabulary]
        if not grams:
            return []
        query = np.zeros(self.matrix.shape[1], dtype=np.float32)
        query[grams] = 1.0
        shared = self.matrix @ query
        scores = 2 * shared / (self.sizes + len(_trigrams(normalize(text))))
        candidates = np.flatnonzero(shared)
        if len(candidates) > limit:
            candidates = candidates[np.argpartition(-scores[candidates], limit)[:limit]]
        ranked = sorted(candidates, key=lambda row: (-scores[row], self.keys[row]))
        return [self.display[row] for row in ranked]
