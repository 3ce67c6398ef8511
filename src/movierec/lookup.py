"""Name lookup: exact match on normalised keys, suggestions when nothing matches, and search.

Suggestions rank names by shared character trigrams (Dice coefficient) through an inverted
index of trigrams, so a miss costs counting a few posting lists instead of a scan with difflib.
Search finds prefixes by bisection over sorted word suffixes, and substrings with str.find
over all keys joined in one string, so neither loops over the catalog in Python.
"""

import bisect
import threading
from array import array

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
        """The names of each trigram (an inverted index, in CSR form) and each name's number of
        trigrams; built on first use (or by `warm`) to keep start-up fast."""
        with self._lock:
            if self._trigram_matrix is None:
                vocabulary: dict[str, int] = {}
                rows, cols = array("i"), array("i")
                for row, key in enumerate(self.keys.tolist()):
                    for gram in _trigrams(key):
                        rows.append(row)
                        cols.append(vocabulary.setdefault(gram, len(vocabulary)))
                rows, cols = np.frombuffer(rows, dtype=np.int32), np.frombuffer(cols, dtype=np.int32)
                names_of_gram = rows[np.argsort(cols, kind="stable")]
                starts = np.r_[0, np.cumsum(np.bincount(cols, minlength=len(vocabulary)))]
                sizes = np.bincount(rows, minlength=len(self.keys)).astype(np.float32)
                self._trigram_matrix = (vocabulary, names_of_gram, starts, sizes)
            return self._trigram_matrix

    def warm(self) -> None:
        self._matrix()

    def suggest(self, text: str, limit: int = 5) -> list[str]:
        """Up to `limit` display names closest to `text` by the Dice coefficient of their trigrams, best
        first; equal scores in the order of the keys."""
        vocabulary, names_of_gram, starts, sizes = self._matrix()
        query_grams = _trigrams(normalize(text))
        grams = [vocabulary[g] for g in query_grams if g in vocabulary]
        if not grams:
            return []
        candidates, shared = np.unique(np.concatenate([names_of_gram[starts[g]:starts[g + 1]] for g in grams]),
                                       return_counts=True)
        scores = 2 * shared.astype(np.float32) / (sizes[candidates] + len(query_grams))
        if len(candidates) > limit:  # the best `limit` scores, and every name tied with the last of them
            keep = scores >= np.partition(scores, len(scores) - limit)[len(scores) - limit]
            candidates, scores = candidates[keep], scores[keep]
        ranked = sorted(zip(scores.tolist(), candidates.tolist()), key=lambda item: (-item[0], self.keys[item[1]]))
        return [self.display[row] for _, row in ranked[:limit]]


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
