"""The user model behind /recomendacion_usuario: EASE, a closed-form linear item model.

B = argmin ‖X − XB‖² + λ‖B‖² with diag(B) = 0 over the binary user × film like matrix X:
B = −P / diag(P) with P = (XᵀX + λI)⁻¹ (Steck, 2019). A user's score of film j is Σ of B[i, j]
over the films i they liked. The inverse is dense (films²), so it is fitted on the
EASE_FILMS most-liked films: every rated film of ratings_small, the head of the full MovieLens
catalogue (45k films: 16 GB dense) where the rest has too few likes to be learnt anyway. Each row of B
keeps its KEEP strongest weights, so that scoring 270k users is a sparse product.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from movierec.progress import Advance
from movierec.recommend.collaborative import LIKE, catalog_rows

EASE_FILMS = 6000   # 6000² float64 ≈ 290 MB to invert; ratings_small has fewer rated films
LAMBDA = 200.0      # measured outside the project on ratings_small (recall@10 0.131); see evaluation.md
KEEP = 200          # strongest weights kept per film for scoring
USER_CHUNK = 512


@dataclass
class Ease:
    films: np.ndarray          # int32[m]: catalog rows the model knows
    weights: sparse.csr_matrix  # m × m, pruned B


def fit_ease(likes: sparse.csr_matrix, lam: float = LAMBDA, max_films: int = EASE_FILMS,
             keep: int = KEEP) -> Ease:
    """EASE on the columns of `likes` (users × catalog rows) with the most likes."""
    counts = np.asarray(likes.sum(axis=0)).ravel()
    liked = np.flatnonzero(counts > 0)
    films = np.sort(liked[np.lexsort((liked, -counts[liked]))][:max_films]).astype(np.int32)
    x = likes[:, films].tocsc().astype(np.float64)
    gram = (x.T @ x).toarray()
    gram[np.diag_indices_from(gram)] += lam
    inverse = np.linalg.inv(gram)
    b = -inverse / np.diag(inverse)
    np.fill_diagonal(b, 0.0)
    return Ease(films, prune(b.astype(np.float32), keep))


def prune(b: np.ndarray, keep: int) -> sparse.csr_matrix:
    """Keep each row's `keep` largest weights (the only ones that can lift a film into a top list)."""
    m = b.shape[0]
    if m <= keep:
        return sparse.csr_matrix(b)
    columns = np.argpartition(-b, keep - 1, axis=1)[:, :keep]
    values = np.take_along_axis(b, columns, axis=1)
    return sparse.csr_matrix((values.ravel(), columns.ravel(), np.arange(0, m * keep + 1, keep)), shape=(m, m))


def user_picks(model: Ease, likes: sparse.csr_matrix, rated: sparse.csr_matrix, popular: np.ndarray, k: int,
               advance: Advance | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each user's k best unrated catalog rows and their scores (rows of `likes`/`rated` = users).

    Ties and users without signal: more popular first (`popular` = catalog rows, most popular
    first); a user who rated almost everything gets -1 padding.
    """
    n_users, n = rated.shape
    rank = np.empty(n, dtype=np.int64)
    rank[popular] = np.arange(n)
    local_likes = likes[:, model.films].tocsr()
    rows = np.full((n_users, k), -1, dtype=np.int32)
    scores = np.zeros((n_users, k), dtype=np.float32)
    head = popular[:k + 1000]   # enough popular films for anyone who rated fewer than 1000 of them
    for start in range(0, n_users, USER_CHUNK):
        stop = min(n_users, start + USER_CHUNK)
        local = (local_likes[start:stop] @ model.weights).toarray()
        block = np.full((stop - start, n), -np.inf, dtype=np.float32)
        block[:, model.films] = np.maximum(local, 0.0)   # negative evidence never beats "unknown"
        block[:, head] = np.maximum(block[:, head], -1.0)   # popular films fill short lists
        seen = rated[start:stop].tocoo()
        block[seen.row, seen.col] = -np.inf
        kk = min(k, n)
        kth = np.partition(block, n - kk, axis=1)[:, n - kk]
        for u in range(stop - start):
            candidates = np.flatnonzero((block[u] >= kth[u]) & np.isfinite(block[u]))
            best = candidates[np.lexsort((rank[candidates], -block[u, candidates]))][:k]
            rows[start + u, :len(best)] = best
            scores[start + u, :len(best)] = np.maximum(block[u, best], 0.0)
        if advance:
            advance(stop - start)
    return rows, scores


def rating_matrices(ratings: pd.DataFrame, ids: np.ndarray) -> tuple[np.ndarray, sparse.csr_matrix, sparse.csr_matrix]:
    """(user ids ascending, likes, rated): binary users × catalog rows matrices over every rating user."""
    rows = catalog_rows(ratings, ids)
    known = rows >= 0
    users, codes = np.unique(ratings["user_id"].to_numpy()[known], return_inverse=True)
    rows = rows[known]
    liked = ratings["rating"].to_numpy()[known] >= LIKE
    shape = (len(users), len(ids))
    rated = sparse.csr_matrix((np.ones(len(rows), np.float32), (codes, rows)), shape=shape)
    likes = sparse.csr_matrix((np.ones(int(liked.sum()), np.float32), (codes[liked], rows[liked])), shape=shape)
    rated.data[:] = 1.0
    return users.astype(np.int64), likes, rated
