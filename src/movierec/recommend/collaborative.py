"""Item-item collaborative similarity from user likes, over catalog rows.

The same functions fit on all ratings (serving) or on a subset of users (evaluation):
callers pass the ratings they want the model to see.

Co-like counts c(i, j) (users who liked both films) come from X[:, block]ᵀ · X, X the binary
users × films like matrix, over blocks of film rows sized so that a block's output stays
under BLOCK_CELLS counts: no films × films array is ever built. Each row keeps only its
TOP_PAIRS pairs by cosine c / sqrt(n_i · n_j) and its TOP_PAIRS pairs by raw count c (ties to
the lower catalog row); every other pair counts as 0. Every variant ranked from those counts
(shrunk cosine for any shrink, raw counts, the liked share c / (n_i + s)) re-ranks within the
kept pairs: within a row, a film with a higher count and a higher cosine than j outranks j under
every shrink, so a pair dropped from both lists rarely belonged in a top 20. Rows with at most
TOP_PAIRS co-liked films lose nothing (exact); on the bundled sample, where the busiest rows
co-like ~3,800 films, the figures stay within noise of the exact ones (see evaluation.md).
"""

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from movierec.progress import Advance

LIKE = 4.0          # a rating of 4 or more is a "like", the signal the evaluation judges by
TOP_PAIRS = 200     # pairs kept per film and criterion (cosine, count): ≤ 400 per row
BLOCK_CELLS = 1 << 24   # co-like counts per block of rows: ≤ 16M (a dense block would be 64 MB)


@dataclass
class ItemSimilarity:
    """sim(i, j) = common[i, j] / (row_norm[i] · column_norm[j] + shrink) over the kept pairs, else 0.

    Shrunk cosine: norms = sqrt(likes), so a pair of blockbusters liked by everybody does not
    outrank a pair liked by the same few people; `shrink` damps pairs with few co-likers.
    Kept as counts and norms so variants differing only in normalisation share one sparse
    matrix (the weight search fits several). Values lie in [0, 1) for the cosine.
    """

    rows: np.ndarray            # int64[m]: catalog rows of the films that have a similarity row
    common: sparse.csr_matrix   # float32[n, n]: co-like counts of each row's kept pairs, no diagonal
    row_norm: np.ndarray        # float32[n]
    column_norm: np.ndarray     # float32[n]
    shrink: float = 0.0

    def _scale(self, counts: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """counts / (row_norm · column_norm + shrink), in one fixed float32 order (block = values)."""
        denominator = self.row_norm[rows] * self.column_norm[columns] + np.float32(self.shrink)
        return np.divide(counts, denominator, out=np.zeros(len(counts), np.float32), where=counts > 0)

    def values(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """Similarities of the (row, column) pairs of catalog rows."""
        rows, columns = np.asarray(rows, dtype=np.int64), np.asarray(columns, dtype=np.int64)
        if not len(rows):
            return np.zeros(0, np.float32)
        counts = np.asarray(self.common[rows, columns], dtype=np.float32).ravel()
        return self._scale(counts, rows, columns)

    def block(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """Dense len(rows) × len(columns) similarities; `columns` distinct catalog rows."""
        out = np.zeros((len(rows), len(columns)), dtype=np.float32)
        where = np.full(self.common.shape[1], -1, dtype=np.int64)
        where[columns] = np.arange(len(columns))
        part = self.common[np.asarray(rows, dtype=np.int64)].tocoo()
        at = where[part.col]
        keep = at >= 0
        r, c = part.row[keep], at[keep]
        out[r, c] = self._scale(part.data[keep], np.asarray(rows)[r], np.asarray(columns)[c])
        return out

    def matrix(self) -> sparse.csr_matrix:
        """All kept similarities as a sparse n × n matrix (item-kNN scoring)."""
        coo = self.common.tocoo()
        return sparse.csr_matrix((self._scale(coo.data, coo.row, coo.col), (coo.row, coo.col)),
                                 shape=self.common.shape)

    def with_shrink(self, shrink: float) -> "ItemSimilarity":
        return ItemSimilarity(self.rows, self.common, self.row_norm, self.column_norm, shrink)


def catalog_rows(ratings: pd.DataFrame, ids: np.ndarray) -> np.ndarray:
    """Catalog row of each rating's movie (ids are sorted); -1 if not in the catalog."""
    position = np.searchsorted(ids, ratings["movie_id"].to_numpy())
    position = np.minimum(position, len(ids) - 1)
    return np.where(ids[position] == ratings["movie_id"].to_numpy(), position, -1)


def like_matrix(ratings: pd.DataFrame, ids: np.ndarray) -> sparse.csr_matrix:
    """Binary user × film matrix of likes (rating ≥ LIKE), users in ascending id order."""
    rows = catalog_rows(ratings, ids)
    liked = (ratings["rating"].to_numpy() >= LIKE) & (rows >= 0)
    users, user_codes = np.unique(ratings["user_id"].to_numpy()[liked], return_inverse=True)
    return sparse.csr_matrix((np.ones(liked.sum(), dtype=np.float32), (user_codes, rows[liked])),
                             shape=(len(users), len(ids)))


def co_like_blocks(likes: sparse.csr_matrix, rows: np.ndarray,
                   advance: Advance | None = None) -> Iterator[tuple[np.ndarray, sparse.csr_matrix]]:
    """(block of `rows`, its co-like counts against every film), block by block.

    X[:, block]ᵀ · X with X = `likes` (users × films): at most BLOCK_CELLS counts per block.
    A film's own column holds its like count: callers drop it (cheaper there than here).
    """
    rows = np.asarray(rows, dtype=np.int64)
    n = likes.shape[1]
    by_film = likes.T.tocsr()
    step = max(1, BLOCK_CELLS // max(n, 1))
    for start in range(0, len(rows), step):
        block = rows[start:start + step]
        yield block, (by_film[block] @ likes).tocsr()
        if advance:
            advance(len(block))


def top_positions(keys: np.ndarray, columns: np.ndarray, top: int) -> np.ndarray:
    """Positions of the `top` largest positive keys of one row; equal keys go to the lower column."""
    if len(keys) <= top:
        return np.flatnonzero(keys > 0)
    kth = np.partition(keys, len(keys) - top)[len(keys) - top]
    above = np.flatnonzero(keys > kth)
    if kth <= 0:
        return above
    tied = np.flatnonzero(keys == kth)
    tied = tied[np.argsort(columns[tied], kind="stable")][:top - len(above)]
    return np.concatenate([above, tied])


def pruned_block(counts: sparse.csr_matrix, block: np.ndarray, likes: np.ndarray,
                 top: int = TOP_PAIRS) -> sparse.csr_matrix:
    """Drop each row's own film, then keep its `top` pairs by cosine c / sqrt(n_j) and its `top`
    by count c (a row with ≤ top pairs keeps them all)."""
    row_of = np.repeat(np.arange(len(block)), np.diff(counts.indptr))
    keep = counts.indices != block[row_of]
    norm = np.sqrt(likes).astype(np.float32)
    pairs = np.diff(counts.indptr) - 1          # the self entry is always there (its own likes)
    for i in np.flatnonzero(pairs > top):
        start, stop = counts.indptr[i], counts.indptr[i + 1]
        columns, together = counts.indices[start:stop], counts.data[start:stop].copy()
        together[columns == block[i]] = 0
        chosen = np.union1d(top_positions(together / norm[columns], columns, top),
                            top_positions(together, columns, top))
        keep[start:stop] = False
        keep[start + chosen] = True
    return sparse.csr_matrix((counts.data[keep], (row_of[keep], counts.indices[keep])), shape=counts.shape)


def co_likes(likes: sparse.csr_matrix, top: int = TOP_PAIRS,
             advance: Advance | None = None) -> tuple[np.ndarray, sparse.csr_matrix, np.ndarray]:
    """(rows, common, counts): films with a like, their kept co-like counts (n × n), likes per film."""
    counts = np.asarray(likes.sum(axis=0)).ravel().astype(np.float32)
    rows = np.flatnonzero(counts > 0)
    n = likes.shape[1]
    parts = [(block, pruned_block(block_counts, block, counts, top))
             for block, block_counts in co_like_blocks(likes, rows, advance)]
    coo = [part.tocoo() for _, part in parts]
    common = sparse.csr_matrix(
        (np.concatenate([p.data for p in coo] or [np.zeros(0, np.float32)]).astype(np.float32),
         (np.concatenate([block[p.row] for (block, _), p in zip(parts, coo)] or [np.zeros(0, np.int64)]),
          np.concatenate([p.col for p in coo] or [np.zeros(0, np.int64)]))),
        shape=(n, n))
    return rows, common, counts


def shrunk_cosine(ratings: pd.DataFrame, ids: np.ndarray, shrink: float,
                  advance: Advance | None = None) -> ItemSimilarity:
    """c(i, j) / (sqrt(n_i · n_j) + shrink): liked together beyond what popularity explains."""
    rows, common, likes = co_likes(like_matrix(ratings, ids), advance=advance)
    norm = np.sqrt(likes).astype(np.float32)
    return ItemSimilarity(rows, common, norm, norm, shrink)


def raw_counts(cosine: ItemSimilarity) -> ItemSimilarity:
    """c(i, j) itself: the popularity-dominated baseline, from the counts a cosine already holds."""
    ones = np.ones(len(cosine.row_norm), dtype=np.float32)
    return ItemSimilarity(cosine.rows, cosine.common, ones, ones, 0.0)


def liked_share(cosine: ItemSimilarity, likes: np.ndarray, min_likes: int, smoothing: float) -> ItemSimilarity:
    """c(i, j) / (n_i + smoothing): the share of i's likers who liked j (the v1 model's similarity),
    among films with ≥ min_likes likes; from a cosine's kept counts (pairs of those films only)."""
    enough = (likes >= min_likes).astype(np.float32)
    common = (sparse.diags(enough) @ cosine.common @ sparse.diags(enough)).tocsr()
    common.eliminate_zeros()
    return ItemSimilarity(cosine.rows[enough[cosine.rows] > 0], common, likes.astype(np.float32),
                          np.ones(len(likes), dtype=np.float32), smoothing)


def like_counts(ratings: pd.DataFrame, ids: np.ndarray) -> np.ndarray:
    """Likes (rating ≥ LIKE) of each catalog row in `ratings`."""
    rows = catalog_rows(ratings, ids)
    return np.bincount(rows[(ratings["rating"].to_numpy() >= LIKE) & (rows >= 0)], minlength=len(ids))


def like_prior(ratings: pd.DataFrame, ids: np.ndarray) -> np.ndarray:
    """log(1 + likes) scaled to [0, 1]: how popular each film is with the users the model sees."""
    likes = np.log1p(like_counts(ratings, ids).astype(np.float64))
    top = likes.max(initial=0.0)
    return (likes / top if top > 0 else likes).astype(np.float32)
