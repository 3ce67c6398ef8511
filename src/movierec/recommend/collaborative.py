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
    """sim(i, j) = common[i, j] / denominator[i] among the films with enough likes.

    Kept as counts and a per-row denominator so that variants differing only in smoothing
    share one m × m array (the weight search fits several).
    """

    rows: np.ndarray         # int32[m]: catalog rows of the films that have a similarity row
    common: np.ndarray       # float32[m, m]: users who liked both films, zero diagonal
    denominator: np.ndarray  # float32[m]: likes of the row's film + smoothing

    def block(self, local: np.ndarray) -> np.ndarray:
        """Similarity rows for local row positions, against the m films."""
        return self.common[local] / self.denominator[local, None]

    def values(self, local_rows: np.ndarray, local_columns: np.ndarray) -> np.ndarray:
        return self.common[local_rows, local_columns] / self.denominator[local_rows]


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


def item_similarities(ratings: pd.DataFrame, ids: np.ndarray,
                      variants: list[tuple[int, float]]) -> list[ItemSimilarity]:
    """sim(i, j) = likes(i and j) / (likes(i) + smoothing), for films liked by ≥ min_likes users.

    That is the share of film i's likers who also liked j, the training-side twin of the
    evaluation's ground truth. `smoothing` shrinks it for films with few likers, so content
    keeps a say where ratings are thin. Asymmetric on purpose: row i ranks i's neighbours.
    One similarity per (min_likes, smoothing) variant; equal min_likes share their counts.
    """
    likes = like_matrix(ratings, ids).tocsc()
    counts = np.asarray(likes.sum(axis=0)).ravel().astype(np.float32)
    shared: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    out = []
    for min_likes, smoothing in variants:
        if min_likes not in shared:
            rows = np.flatnonzero(counts >= max(min_likes, 1)).astype(np.int32)
            items = likes[:, rows].T.tocsr()                          # m × users, binary
            common = (items @ items.T).toarray().astype(np.float32)   # co-like counts
            np.fill_diagonal(common, 0.0)
            shared[min_likes] = rows, common
        rows, common = shared[min_likes]
        out.append(ItemSimilarity(rows, common, counts[rows] + np.float32(smoothing)))
    return out


def item_similarity(ratings: pd.DataFrame, ids: np.ndarray, min_likes: int, smoothing: float) -> ItemSimilarity:
    """One variant of item_similarities."""
    return item_similarities(ratings, ids, [(min_likes, smoothing)])[0]


def like_counts(ratings: pd.DataFrame, ids: np.ndarray) -> np.ndarray:
    """Likes (rating ≥ LIKE) of each catalog row in `ratings`."""
    rows = catalog_rows(ratings, ids)
    return np.bincount(rows[(ratings["rating"].to_numpy() >= LIKE) & (rows >= 0)], minlength=len(ids))


def like_prior(ratings: pd.DataFrame, ids: np.ndarray) -> np.ndarray:
    """log(1 + likes) scaled to [0, 1]: how popular each film is with the users the model sees."""
    likes = np.log1p(like_counts(ratings, ids).astype(np.float64))
    top = likes.max(initial=0.0)
    return (likes / top if top > 0 else likes).astype(np.float32)
