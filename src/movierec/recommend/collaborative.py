"""Item-item collaborative similarity from user likes, over catalog rows.

The same functions fit on all ratings (serving) or on a subset of users (evaluation):
callers pass the ratings they want the model to see.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

LIKE = 4.0  # a rating of 4 or more is a "like", the signal the evaluation judges by


@dataclass
class ItemSimilarity:
    """sim(i, j) = common[i, j] / (row_norm[i] · column_norm[j] + shrink), among films with likes.

    Shrunk cosine: norms = sqrt(likes), so a pair of blockbusters liked by everybody does not
    outrank a pair liked by the same few people; `shrink` damps pairs with few co-likers.
    Kept as counts and norms so variants differing only in normalisation share one m × m
    array (the weight search fits several). Values lie in [0, 1) for the cosine.
    """

    rows: np.ndarray          # int32[m]: catalog rows of the films that have a similarity row
    common: np.ndarray        # float32[m, m]: users who liked both films, zero diagonal
    row_norm: np.ndarray      # float32[m]
    column_norm: np.ndarray   # float32[m]
    shrink: float = 0.0

    def block(self, local: np.ndarray) -> np.ndarray:
        """Similarity rows for local row positions, against the m films."""
        denominator = self.row_norm[local, None] * self.column_norm[None, :] + np.float32(self.shrink)
        return self.common[local] / denominator

    def values(self, local_rows: np.ndarray, local_columns: np.ndarray) -> np.ndarray:
        """Similarities of the (row, column) pairs given by local positions."""
        denominator = self.row_norm[local_rows] * self.column_norm[local_columns] + np.float32(self.shrink)
        return self.common[local_rows, local_columns] / denominator

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


def co_likes(ratings: pd.DataFrame, ids: np.ndarray, min_likes: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, common, likes) for the films liked by ≥ min_likes users: common = co-like counts."""
    likes = like_matrix(ratings, ids).tocsc()
    counts = np.asarray(likes.sum(axis=0)).ravel().astype(np.float32)
    rows = np.flatnonzero(counts >= max(min_likes, 1)).astype(np.int32)
    items = likes[:, rows].T.tocsr()                          # m × users, binary
    common = (items @ items.T).toarray().astype(np.float32)   # co-like counts
    np.fill_diagonal(common, 0.0)
    return rows, common, counts[rows]


def shrunk_cosine(ratings: pd.DataFrame, ids: np.ndarray, shrink: float, min_likes: int = 1) -> ItemSimilarity:
    """c(i, j) / (sqrt(n_i · n_j) + shrink): liked together beyond what popularity explains."""
    rows, common, likes = co_likes(ratings, ids, min_likes)
    norm = np.sqrt(likes).astype(np.float32)
    return ItemSimilarity(rows, common, norm, norm, shrink)


def raw_counts(cosine: ItemSimilarity) -> ItemSimilarity:
    """c(i, j) itself: the popularity-dominated baseline, from the counts a cosine already holds."""
    ones = np.ones(len(cosine.rows), dtype=np.float32)
    return ItemSimilarity(cosine.rows, cosine.common, ones, ones, 0.0)


def liked_share(cosine: ItemSimilarity, likes: np.ndarray, min_likes: int, smoothing: float) -> ItemSimilarity:
    """c(i, j) / (n_i + smoothing): the share of i's likers who liked j (the v1 model's similarity),
    among films with ≥ min_likes likes; counts from a cosine over every liked film, `likes` per
    catalog row (a sub-block of co-like counts is the counts of those films)."""
    keep = likes[cosine.rows] >= min_likes
    rows = cosine.rows[keep]
    return ItemSimilarity(rows, cosine.common[np.ix_(keep, keep)], likes[rows].astype(np.float32),
                          np.ones(len(rows), dtype=np.float32), smoothing)


def like_counts(ratings: pd.DataFrame, ids: np.ndarray) -> np.ndarray:
    """Likes (rating ≥ LIKE) of each catalog row in `ratings`."""
    rows = catalog_rows(ratings, ids)
    return np.bincount(rows[(ratings["rating"].to_numpy() >= LIKE) & (rows >= 0)], minlength=len(ids))


def like_prior(ratings: pd.DataFrame, ids: np.ndarray) -> np.ndarray:
    """log(1 + likes) scaled to [0, 1]: how popular each film is with the users the model sees."""
    likes = np.log1p(like_counts(ratings, ids).astype(np.float64))
    top = likes.max(initial=0.0)
    return (likes / top if top > 0 else likes).astype(np.float32)
