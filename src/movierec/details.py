"""What the film card shows and no hot query needs (synopsis, cast, companies…), packed by catalog
row in one blob with offsets: as compact as Arrow's buffers, but a card is one slice and one
orjson.loads (about 5 µs) where reading it from Arrow costs 60 to 230 µs.
"""

import re
from array import array
from itertools import accumulate

import numpy as np
import orjson
import pandas as pd

POSTER_BASE = "https://image.tmdb.org/t/p/w342"  # TMDB's image service, 342 px wide
# a TMDB poster path ("/rhIRbceoE9lR4veEXuwCC2wARtG.jpg"); anything else is not put in a URL
_POSTER_PATH = re.compile(r"/[A-Za-z0-9_-]{1,64}\.(jpg|jpeg|png)")
MAIN_CAST = 10  # the card's "reparto principal": the first 10 by TMDB's billing order


def poster_url(path: str | None) -> str | None:
    """The poster's URL on TMDB's image service; None when the film has none (or an odd path)."""
    return POSTER_BASE + path if path and _POSTER_PATH.fullmatch(path) else None


class Strings:
    """A column of texts (or None) packed in one UTF-8 blob: value i is blob[ends[i]:ends[i + 1]]."""

    def __init__(self, values: list, missing: list[bool]):
        encoded = [b"" if gap else str(value).encode("utf-8", "surrogatepass")
                   for value, gap in zip(values, missing)]
        self.blob = b"".join(encoded)
        self.ends = array("q", accumulate(map(len, encoded), initial=0))
        self.missing = bytes(missing)

    def __len__(self) -> int:
        return len(self.missing)

    def get(self, index: int) -> str | None:
        if self.missing[index]:
            return None
        return self.blob[self.ends[index]:self.ends[index + 1]].decode("utf-8", "surrogatepass")

    def span(self, start: int, end: int) -> list[str | None]:
        return [self.get(index) for index in range(start, end)]


def text_column(series: pd.Series) -> Strings:
    return Strings(series.tolist(), series.isna().tolist())


class Packed:
    """One JSON value per catalog row, packed in one blob: row r is blob[ends[r]:ends[r + 1]]."""

    def __init__(self, values: list):
        encoded = [_dumps(value) for value in values]
        self.blob = b"".join(encoded)
        self.ends = array("q", accumulate(map(len, encoded), initial=0))

    def get(self, row: int):
        return orjson.loads(self.blob[self.ends[row]:self.ends[row + 1]])


def _dumps(value) -> bytes:
    """JSON of a value; a lone surrogate in a text (which JSON cannot carry) is shown as "?"."""
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


def grouped(frame: pd.DataFrame, columns: list[str], rows: np.ndarray, order_by: np.ndarray, n_films: int,
            limit: int | None = None) -> list[list]:
    """The rows of a per-film table as one list per catalog row (a value, or a tuple of the
    columns' values), in the order of `order_by`; `rows[i]` is the catalog row of frame row i, or -1
    when its film is not in the catalog; with `limit`, the first `limit` of each film."""
    inside = np.flatnonzero(rows >= 0)
    order = inside[np.lexsort((order_by[inside], rows[inside]))]
    if limit is not None and len(order):
        sorted_rows = rows[order]
        first = np.searchsorted(sorted_rows, sorted_rows)  # where each row's film starts
        order = order[np.arange(len(order)) - first < limit]
    values = [python_values(frame[column].iloc[order]) for column in columns]
    lists: list[list] = [[] for _ in range(n_films)]
    for row, value in zip(rows[order].tolist(), values[0] if len(columns) == 1 else zip(*values)):
        lists[row].append(value)
    return lists


def python_values(series: pd.Series) -> list:
    """Values as Python objects, None for every kind of null."""
    return [None if gap else value for value, gap in zip(series.tolist(), series.isna().tolist())]


def catalog_rows(movie_ids: pd.Series, film_order: pd.Series) -> np.ndarray:
    """Catalog row of each movie id, -1 for ids not in the catalog."""
    return film_order.reindex(movie_ids.to_numpy()).fillna(-1).to_numpy(np.int64)
