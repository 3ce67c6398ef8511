"""Item-item collaborative similarity from user ratings, over catalog rows.

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
    """Collaborative similarity among the films with enough likes (dense m × m, zero diagonal)."""

    rows: np.ndarray      # int32[m] catalog rows of the films that have a similarity row
    matrix: np.ndarray    # float32[m, m]


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


def item_similarity(ratings: pd.DataFrame, ids: np.ndarray, min_likes: int, smoothing: float) -> ItemSimilarity:
    """For films liked by ≥ min_likes users: sim(i, j) = likes(i and j) / (likes(i) + smoothing).

    That is the share of film i's likers who also liked j, the training-side twin of the
    evaluation's ground truth. `smoothing` shrinks it for films with few likers, so content
    keeps a say where the ratings are thin. Asymmetric on purpose: row i ranks i's neighbours.
    """
    likes = like_matrix(ratings, ids).tocsc()
    counts = np.asarray(likes.sum(axis=0)).ravel()
    rows = np.flatnonzero(counts >= max(min_likes, 1)).astype(np.int32)
    items = likes[:, rows].T.tocsr()                       # m × users, binary
    common = (items @ items.T).toarray()                   # co-like counts
    matrix = common / (counts[rows, None] + np.float32(smoothing))
    np.fill_diagonal(matrix, 0.0)
    return ItemSimilarity(rows, matrix.astype(np.float32))


def like_prior(ratings: pd.DataFrame, ids: np.ndarray) -> np.ndarray:
    """log(1 + likes) scaled to [0, 1]: how popular each film is with the users the model sees."""
    rows = catalog_rows(ratings, ids)
    liked = rows[(ratings["rating"].to_numpy() >= LIKE) & (rows >= 0)]
    likes = np.log1p(np.bincount(liked, minlength=len(ids)).astype(np.float64))
    top = likes.max(initial=0.0)
    return (likes / top if top > 0 else likes).astype(np.float32)
