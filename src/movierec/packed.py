"""Texts and JSON values packed in flat arrays: what the ETL writes and the server memory-maps.

A column of n texts is one UTF-8 blob with n + 1 offsets and a missing mask, so it is three
`.npy` files that every server process maps and shares, instead of n Python strings each
process builds. Reading value i is one slice and one decode (about 1 µs); a film card is one
slice and one orjson.loads (about 5 µs) where reading it from Arrow cost 60 to 230 µs.
"""

import bisect
from itertools import accumulate

import numpy as np
import orjson

PARTS = ("blob", "ends", "missing")  # the arrays of a packed column, saved as "<name>.<part>"


class Strings:
    """A column of texts (or None): value i is blob[ends[i]:ends[i + 1]], None where missing[i]."""

    def __init__(self, blob: np.ndarray, ends: np.ndarray, missing: np.ndarray):
        self.blob, self.ends, self.missing = blob, ends, missing
        # reading one value through memoryviews costs a fraction of a microsecond; through numpy, several.
        # Only the types are looked at here (`check`, which reads every offset, is for verifying once)
        typed = self._typed()
        self._blob = memoryview(blob) if typed else None
        self._ends = memoryview(ends).cast("B").cast("q") if typed else None
        self._missing = memoryview(missing).cast("B") if typed else None
        self._prefixes: memoryview | None = None  # made on the first `position`

    @classmethod
    def pack(cls, values: list) -> "Strings":
        """Pack texts, None for a missing one (an empty text is not missing)."""
        return cls._of_encoded([b"" if value is None else cls._encode(value) for value in values],
                               [value is None for value in values])

    @classmethod
    def _of_encoded(cls, encoded: list[bytes], missing: list[bool]) -> "Strings":
        blob = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        ends = np.fromiter(accumulate(map(len, encoded), initial=0), dtype=np.int64, count=len(encoded) + 1)
        return cls(blob, ends, np.array(missing, dtype=bool))

    @staticmethod
    def _encode(value) -> bytes:
        return str(value).encode("utf-8", "surrogatepass")

    @classmethod
    def of(cls, arrays: dict[str, np.ndarray], name: str) -> "Strings":
        """The column `name` of a dict of arrays (as `arrays` wrote it)."""
        return cls(*(arrays[f"{name}.{part}"] for part in PARTS))

    def arrays(self, name: str) -> dict[str, np.ndarray]:
        return dict(zip((f"{name}.{part}" for part in PARTS), (self.blob, self.ends, self.missing)))

    def _typed(self) -> bool:
        """Flat, contiguous arrays of the three types the memoryviews read."""
        arrays = (self.blob, self.ends, self.missing)
        return (self.blob.dtype == np.uint8 and self.ends.dtype == np.int64 and self.missing.dtype == bool
                and all(array.ndim == 1 and array.flags.c_contiguous for array in arrays))

    def check(self) -> bool:
        """Whether the offsets describe the blob: n + 1 of them, from 0, never decreasing, to its end."""
        ends = self.ends
        return (self._typed() and len(ends) == len(self.missing) + 1 and int(ends[0]) == 0
                and int(ends[-1]) == len(self.blob) and bool((np.diff(ends) >= 0).all()))

    def __len__(self) -> int:
        return len(self.missing)

    def raw(self, index: int) -> bytes:
        return bytes(self._blob[self._ends[index]:self._ends[index + 1]])

    def get(self, index: int) -> str | None:
        if self._missing[index]:
            return None
        return str(self._blob[self._ends[index]:self._ends[index + 1]], "utf-8", "surrogatepass")

    __getitem__ = get  # a sequence, so that bisect can search a sorted column in place

    def span(self, start: int, end: int) -> list[str | None]:
        return [self.get(index) for index in range(start, end)]

    def tolist(self) -> list[str | None]:
        """Every value, decoded at once (for indexes built from the whole column)."""
        blob, ends = self.blob.tobytes(), self.ends.tolist()
        return [None if gap else blob[start:end].decode("utf-8", "surrogatepass")
                for start, end, gap in zip(ends, ends[1:], self.missing.tolist())]

    def position(self, key: str) -> int | None:
        """Where `key` is in a column sorted ascending without missing values, or None: a bisection
        over the values' first 8 bytes read as numbers, then one over the few values that share them."""
        prefix = _prefix(self._encode(key))
        prefixes = self._prefixes if self._prefixes is not None else self._make_prefixes()
        low, high = bisect.bisect_left(prefixes, prefix), bisect.bisect_right(prefixes, prefix)
        at = bisect.bisect_left(self, key, low, high)
        return at if at < high and self.get(at) == key else None

    def _make_prefixes(self) -> memoryview:
        """Each value's first 8 bytes as a big-endian number, zero-padded: in the order of the
        values (UTF-8 sorts as the code points do), so equal prefixes are one run."""
        starts, sizes = self.ends[:-1], np.diff(self.ends)
        at = starts[:, None] + np.arange(8)
        inside = np.arange(8) < sizes[:, None]
        head = np.where(inside, self.blob[np.minimum(at, max(len(self.blob) - 1, 0))] if len(self.blob) else 0, 0)
        numbers = np.ascontiguousarray(head.astype(np.uint8)).view(">u8").ravel().astype(np.uint64)
        self._prefixes = memoryview(numbers).cast("B").cast("Q")
        return self._prefixes


def ints(array: np.ndarray) -> memoryview:
    """A 1-D integer array as a memoryview: indexing it gives Python ints in a fraction of the
    time numpy takes per element, and bisect can search it."""
    return memoryview(np.ascontiguousarray(array)).cast("B").cast(array.dtype.char)


def _prefix(encoded: bytes) -> int:
    return int.from_bytes(encoded[:8].ljust(8, b"\0"), "big")


class Packed(Strings):
    """One JSON value per row; a lone surrogate in a text (which JSON cannot carry) is shown as "?"."""

    @classmethod
    def pack(cls, values: list) -> "Packed":
        return cls._of_encoded([_dumps(value) for value in values], [False] * len(values))

    def get(self, index: int):
        return orjson.loads(self.raw(index))

    __getitem__ = get


def _dumps(value) -> bytes:
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:
        return orjson.dumps(_scrub(value))


def _scrub(value):
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {key: _scrub(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrub(item) for item in value]
    return value
