"""Name lookup: exact match on normalised keys, and suggestions when nothing matches.

Suggestions rank names by shared character trigrams (Dice coefficient) through a sparse
name × trigram matrix, so a miss costs one sparse product instead of a scan with difflib.
"""

import threading

import numpy as np
from scipy import sparse

from movierec.text import normalize


def _trigrams(key: str) -> set[str]:
    padded = f"  {key} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


class NameIndex:
    """Exact and approximate lookup of display names by their normalised key."""

    def __init__(self, keys: list[str], display: list[str]):
        """`keys` are distinct normalised keys; `display[i]` is the name shown for keys[i]."""
        self.keys = keys
        self.display = display
        self.position = {key: index for index, key in enumerate(keys)}
        self._lock = threading.Lock()
        self._trigram_matrix: tuple | None = None

    def _matrix(self) -> tuple:
        """The name × trigram matrix, built on first use (or by `warm`) to keep start-up fast."""
        with self._lock:
            if self._trigram_matrix is None:
                vocabulary: dict[str, int] = {}
                rows, cols = [], []
                for row, key in enumerate(self.keys):
                    for gram in _trigrams(key):
                        rows.append(row)
                        cols.append(vocabulary.setdefault(gram, len(vocabulary)))
                matrix = sparse.csr_matrix(
                    (np.ones(len(rows), dtype=np.float32), (rows, cols)),
                    shape=(len(self.keys), max(len(vocabulary), 1)),
                )
                sizes = np.asarray(matrix.sum(axis=1)).ravel()
                self._trigram_matrix = (vocabulary, matrix, sizes)
            return self._trigram_matrix

    def warm(self) -> None:
        self._matrix()

    def suggest(self, text: str, limit: int = 5) -> list[str]:
        """Up to `limit` display names closest to `text`, best first."""
        vocabulary, matrix, sizes = self._matrix()
        query_grams = _trigrams(normalize(text))
        grams = [vocabulary[g] for g in query_grams if g in vocabulary]
        if not grams:
            return []
        query = np.zeros(matrix.shape[1], dtype=np.float32)
        query[grams] = 1.0
        shared = matrix @ query
        scores = 2 * shared / (sizes + len(query_grams))
        candidates = np.flatnonzero(shared)
        if len(candidates) > limit:
            candidates = candidates[np.argpartition(-scores[candidates], limit)[:limit]]
        ranked = sorted(candidates, key=lambda row: (-scores[row], self.keys[row]))
        return [self.display[row] for row in ranked]
