"""Name lookup: exact match on normalised keys, suggestions when nothing matches, and search.

Suggestions rank names by shared character trigrams (Dice coefficient) through a sparse
name × trigram matrix, so a miss costs one sparse product instead of a scan with difflib.
Search finds prefixes by bisection over sorted word suffixes, and substrings with str.find
over all keys joined in one string, so neither loops over the catalog in Python.
"""

import bisect
import threading

import numpy as np

from movierec.packed import Strings
from movierec.text import normalize


def _trigrams(key: str) -> set[str]:
    padded = f"  {key} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


class NameIndex:
    """Exact and approximate lookup of display names by their normalised key."""

    def __init__(self, keys: Strings, display: Strings):
        """`keys` are distinct normalised keys, sorted; `display[i]` is the name shown for keys[i]."""
        self.keys = keys
        self.display = display
        self._lock = threading.Lock()
        self._trigram_matrix: tuple | None = None

    def find(self, key: str) -> int | None:
        """The position of a normalised key, or None."""
        return self.keys.position(key)

    def _matrix(self) -> tuple:
        """The name × trigram matrix, built on first use (or by `warm`) to keep start-up fast."""
        from scipy import sparse  # only here: importing it costs start-up a fifth of a second

        with self._lock:
            if self._trigram_matrix is None:
                vocabulary: dict[str, int] = {}
                rows, cols = [], []
                for row, key in enumerate(self.keys.tolist()):
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


class TitleSearch:
    """Positions of the keys (given best first) that start with a query, then of those with a
    word that starts with it, then of those that contain it; each group in the keys' order."""

    def __init__(self, keys: list[str] | Strings):
        self.keys = keys
        self._lock = threading.Lock()
        self._index: tuple | None = None

    def _built(self) -> tuple:
        """Every word-start suffix of every key, sorted, with its key's position and whether it
        is the whole key; the keys joined in one string and where each starts. Built on first
        use (or by `warm`) to keep start-up fast."""
        with self._lock:
            if self._index is None:
                keys = self.keys.tolist() if isinstance(self.keys, Strings) else self.keys
                suffixes = sorted(
                    (key[start:], position, start == 0)
                    for position, key in enumerate(keys)
                    for start in [0] + [i + 1 for i, ch in enumerate(key) if ch == " "]
                )
                words = [suffix for suffix, _, _ in suffixes]
                positions = np.array([position for _, position, _ in suffixes], dtype=np.int32)
                whole = np.array([is_whole for _, _, is_whole in suffixes], dtype=bool)
                starts = np.cumsum([0] + [len(key) + 1 for key in keys[:-1]]).tolist()
                self._index = (words, positions, whole, "\n".join(keys), starts)  # keys hold no newline
            return self._index

    def warm(self) -> None:
        self._built()

    def find(self, query: str, limit: int) -> list[int]:
        """Up to `limit` positions for a normalised, non-empty query."""
        words, positions, whole, text, starts = self._built()
        first = bisect.bisect_left(words, query)
        last = _prefix_end(words, query, first)
        matched, at_start = positions[first:last], whole[first:last]
        found = list(dict.fromkeys(np.unique(matched[at_start])[:limit].tolist()
                                   + np.unique(matched[~at_start])[:limit].tolist()))
        seen = set(found)
        at = text.find(query) if len(found) < limit else -1
        while at >= 0 and len(found) < limit:
            position = bisect.bisect_right(starts, at) - 1
            if position not in seen:
                found.append(position)
            if position + 1 == len(starts):
                break
            at = text.find(query, starts[position + 1])
        return found[:limit]


def _prefix_end(words: list[str], query: str, first: int) -> int:
    """End of the run of sorted `words` from `first` that start with `query`: bisection up to
    the query with its last character incremented, or a scan when that has no successor."""
    if query[-1] != "\U0010ffff":
        return bisect.bisect_left(words, query[:-1] + chr(ord(query[-1]) + 1), lo=first)
    last = first
    while last < len(words) and words[last].startswith(query):
        last += 1
    return last
