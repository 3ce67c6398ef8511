"""What the film card shows and no hot query needs (synopsis, cast, companies…), held in Arrow
buffers by catalog row instead of as millions of Python objects; a card reads one row of each.
"""

import re

import numpy as np
import pandas as pd
import pyarrow as pa

POSTER_BASE = "https://image.tmdb.org/t/p/w342"  # TMDB's image service, 342 px wide
# a TMDB poster path ("/rhIRbceoE9lR4veEXuwCC2wARtG.jpg"); anything else is not put in a URL
_POSTER_PATH = re.compile(r"/[A-Za-z0-9_-]{1,64}\.(jpg|jpeg|png)")
MAIN_CAST = 10  # the card's "reparto principal": the first 10 by TMDB's billing order


def poster_url(path: str | None) -> str | None:
    """The poster's URL on TMDB's image service; None when the film has none (or an odd path)."""
    return POSTER_BASE + path if path and _POSTER_PATH.fullmatch(path) else None


class Grouped:
    """Rows of a per-film table grouped by catalog row: film r's are table[offsets[r]:offsets[r + 1]],
    in the order of `order_by` (its rows outside the catalog dropped)."""

    def __init__(self, table: pa.Table, rows: np.ndarray, order_by: np.ndarray, n_films: int,
                 limit: int | None = None):
        """`rows[i]` is the catalog row of table row i, or -1 when its film is not in the catalog;
        with `limit`, only the first `limit` rows of each film are kept."""
        inside = np.flatnonzero(rows >= 0)
        order = inside[np.lexsort((order_by[inside], rows[inside]))]
        if limit is not None and len(order):
            grouped = rows[order]
            first = np.searchsorted(grouped, grouped)  # where each row's film starts
            order = order[np.arange(len(order)) - first < limit]
        self.table = table.take(pa.array(order, type=pa.int64()))
        self.offsets = np.searchsorted(rows[order], np.arange(n_films + 1)).astype(np.int64)

    def of(self, row: int) -> list[dict]:
        start, end = int(self.offsets[row]), int(self.offsets[row + 1])
        return self.table.slice(start, end - start).to_pylist()


def arrow_columns(frame: pd.DataFrame, columns: list[str]) -> pa.Table:
    """Columns of a frame as an Arrow table (no pandas index)."""
    return pa.Table.from_pandas(frame[columns], preserve_index=False)


def catalog_rows(movie_ids: pd.Series, film_order: pd.Series) -> np.ndarray:
    """Catalog row of each movie id, -1 for ids not in the catalog."""
    return film_order.reindex(movie_ids.to_numpy()).fillna(-1).to_numpy(np.int64)
