"""The user model behind /recomendacion_usuario: EASE, a closed-form linear item model.

B = argmin ‖X − XB‖² + λ‖B‖² with diag(B) = 0 over the binary user × film like matrix X:
B = −P / diag(P) with P = (XᵀX + λI)⁻¹ (Steck, 2019). A user's score of film j is Σ of B[i, j]
over the films i they liked. The inverse is dense (films²), so it is fitted on the
EASE_FILMS most-liked films: all but the 289 single-like films of ratings_small, the head of the
full MovieLens catalogue (45k films: 16 GB dense) where the rest has too few likes to be learnt. B is
kept whole (float32, 64 MB at 4000 films): its negative weights, which a top-k pruning drops,
are what tells a film apart from its neighbours' audience, and the whole B measured no worse
on validation users (reports/usuarios-configuraciones.md).
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from movierec.progress import Advance
from movierec.recommend.collaborative import LIKE, catalog_rows

EASE_FILMS = 4000   # 4000² float64 ≈ 128 MB to invert (~25 s); ratings_small has 4289 liked films
LAMBDA = 200.0      # measured outside the project on ratings_small (recall@10 0.131); see evaluation.md
USER_CHUNK = 2048
TIE_STEP = 1e-13     # × up to ~7000 places < 1e-9: below float32 resolution of any score that matters


@dataclass
class Ease:
    films: np.ndarray          # int32[m]: catalog rows the model knows
    weights: np.ndarray        # float32[m, m]: B


def fit_ease(likes: sparse.csr_matrix, lam: float = LAMBDA, max_films: int = EASE_FILMS) -> Ease:
    """EASE on the columns of `likes` (users × catalog rows) with the most likes."""
    counts = np.asarray(likes.sum(axis=0)).ravel()
    liked = np.flatnonzero(counts > 0)
    films = np.sort(liked[np.lexsort((liked, -counts[liked]))][:max_films]).astype(np.int32)
    x = likes[:, films].tocsc().astype(np.float64)
    gram = (x.T @ x).toarray()
    gram[np.diag_indices_from(gram)] += lam
    inverse = np.linalg.inv(gram)
    del gram
    inverse /= -np.diag(inverse)   # B = −P / diag(P), in place: one m × m float64 array at a time
    np.fill_diagonal(inverse, 0.0)
    return Ease(films, inverse.astype(np.float32))


def user_picks(model: Ease, likes: sparse.csr_matrix, rated: sparse.csr_matrix, popular: np.ndarray, k: int,
               advance: Advance | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each user's k best unrated catalog rows, their scores, and for each the liked film that adds
    most to its score (rows of `likes`/`rated` = users), so the page can say "porque valoró bien …".

    Only the films EASE knows and the most popular ones can be picked (the rest score nothing);
    negative scores count as 0. Equal float32 scores go to the more popular film (`popular` =
    catalog rows, most popular first): a float64 offset of TIE_STEP per place in popularity
    order, far below any float32 difference that matters, makes every key distinct, so a
    partition finds the k best without sorting thousands of tied zeros. -1 pads a short list, and
    marks a pick no liked film adds to (a popular film picked for its tie-break alone).
    """
    n_users, n = rated.shape
    rank = np.empty(n, dtype=np.int64)
    rank[popular] = np.arange(n)
    columns = np.union1d(model.films, popular[:k + 1000])   # enough popular films for almost anyone
    columns = columns[np.argsort(rank[columns], kind="stable")]   # most popular first
    tie = (len(columns) - np.arange(len(columns))) * TIE_STEP
    of_model = np.full(n, -1, dtype=np.int64)
    of_model[model.films] = np.arange(len(model.films))
    in_model = of_model[columns] >= 0
    local_likes = likes[:, model.films].tocsr()
    rated = rated[:, columns].tocsr()
    kk = min(k, len(columns))
    rows = np.full((n_users, k), -1, dtype=np.int32)
    scores = np.zeros((n_users, k), dtype=np.float32)
    because = np.full((n_users, k), -1, dtype=np.int32)
    weights_to = np.ascontiguousarray(model.weights.T)  # row j: what each known film adds to film j
    for start in range(0, n_users, USER_CHUNK):
        stop = min(n_users, start + USER_CHUNK)
        local = local_likes[start:stop] @ model.weights
        block = np.zeros((stop - start, len(columns)), dtype=np.float64)
        block[:, in_model] = np.maximum(local[:, of_model[columns[in_model]]], 0.0)
        block += tie
        seen = rated[start:stop].tocoo()
        block[seen.row, seen.col] = -np.inf
        best = np.argpartition(-block, kk - 1, axis=1)[:, :kk]
        key = np.take_along_axis(block, best, axis=1)
        order = np.argsort(-key, axis=1)
        best, key = np.take_along_axis(best, order, axis=1), np.take_along_axis(key, order, axis=1)
        ok = np.isfinite(key)
        rows[start:stop, :kk] = np.where(ok, columns[best], -1)
        scores[start:stop, :kk] = np.where(ok, np.maximum(key - tie[best], 0.0), 0.0)
        picked = np.where(ok & in_model[best], of_model[columns[best]], -1)
        because[start:stop, :kk] = strongest_like(local_likes[start:stop], weights_to, picked, model.films)
        if advance:
            advance(stop - start)
    return rows, scores, because


def strongest_like(likes: sparse.csr_matrix, weights_to: np.ndarray, picked: np.ndarray,
                   films: np.ndarray) -> np.ndarray:
    """For each user (row of `likes`, over the model's films) and each picked model film (-1: none),
    the catalog row of the liked film with the largest positive weight towards it, or -1."""
    out = np.full(picked.shape, -1, dtype=np.int32)
    for place in range(picked.shape[1]):
        users = np.flatnonzero(picked[:, place] >= 0)
        if not len(users):
            continue
        adds = sparse.csr_matrix(likes[users].multiply(weights_to[picked[users, place]]))
        top = adds.max(axis=1).toarray().ravel()
        strongest = np.asarray(adds.argmax(axis=1)).ravel()
        positive = top > 0
        out[users[positive], place] = films[strongest[positive]]
    return out


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
