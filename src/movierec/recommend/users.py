"""The user model behind /recomendacion_usuario: EASE, a closed-form linear item model, blended
with what other users rated right after the films the user rated lately.

B = argmin ‖X − XB‖² + λ‖B‖² with diag(B) = 0 over the binary user × film like matrix X:
B = −P / diag(P) with P = (XᵀX + λI)⁻¹ (Steck, 2019). A user's score of film j is Σ of B[i, j]
over the films i they liked. The inverse is dense (films²), so it is fitted on the
EASE_FILMS most-liked films: all but the 289 single-like films of ratings_small, the head of the
full MovieLens catalogue (45k films: 16 GB dense) where the rest has too few likes to be learnt. B is
kept whole (float32, 64 MB at 4000 films): its negative weights, which a top-k pruning drops,
are what tells a film apart from its neighbours' audience, and the whole B measured no worse
on validation users (reports/usuarios-configuraciones.md).

A time split hides the films each user rates next, and what other users rated right after the
same films predicts them where likes alone do not: the sequence part S counts, for every pair
of films, how often a user rated j within SEQUENCE_WINDOW ratings after i. A pick's score blends
the two parts, each over its largest value for that user; the sequence part follows the user's
SEQUENCE_RECENT latest ratings (reports/usuarios-configuraciones.md, third round).
"""

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import sparse

from movierec.progress import Advance
from movierec.recommend.collaborative import LIKE, catalog_rows
from movierec.recommend.data import in_time_order

EASE_FILMS = 4000   # 4000² float64 ≈ 128 MB to invert (~25 s); ratings_small has 4289 liked films
LAMBDA = 200.0      # measured outside the project on ratings_small (recall@10 0.131); see evaluation.md
USER_CHUNK = 2048
TIE_STEP = 1e-13     # × up to ~7000 places < 1e-9: below float32 resolution of any score that matters
SEQUENCE_WINDOW = 40   # ratings after film i in which a film counts as "rated soon after" it
SEQUENCE_RECENT = 10   # a user's latest ratings that the sequence part follows
SEQUENCE_SHARE = 0.4   # the sequence part's share of a pick's score
# the three chosen on the validation half of the judged users (reports/usuarios-configuraciones.md)


@dataclass
class UserModel:
    films: np.ndarray          # int32[m]: catalog rows the model knows
    weights: np.ndarray        # float32[m, m]: B, what liking film i adds to film j
    sequence: np.ndarray | None = None   # float32[m, m]: S, what having rated i lately adds to j


def fit_user_model(likes: sparse.csr_matrix, ratings: pd.DataFrame, ids: np.ndarray) -> UserModel:
    """EASE on `likes` (users × catalog rows) and the sequence part on `ratings`, over the same films."""
    model = fit_ease(likes)
    return replace(model, sequence=fit_sequence(ratings, ids, model.films))


def fit_ease(likes: sparse.csr_matrix, lam: float = LAMBDA, max_films: int = EASE_FILMS) -> UserModel:
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
    return UserModel(films, inverse.astype(np.float32))


def fit_sequence(ratings: pd.DataFrame, ids: np.ndarray, films: np.ndarray,
                 window: int = SEQUENCE_WINDOW) -> np.ndarray:
    """S[i, j] over `films` (catalog rows): the times a user rated j within `window` ratings after
    i, over sqrt(ratings of i) so that a film everybody rates does not speak loudest. The gaps are
    counted in each user's whole sequence, films outside `films` included."""
    m = len(films)
    ordered = in_time_order(ratings)
    rows = catalog_rows(ordered, ids)
    local = np.full(len(ids) + 1, -1, dtype=np.int64)   # the extra slot maps row -1 (not in the catalog)
    local[films] = np.arange(m)
    place = local[rows]
    users = ordered["user_id"].to_numpy()
    counts = np.zeros(m * m, dtype=np.float64)
    for gap in range(1, window + 1):
        before, after = place[:-gap], place[gap:]
        pairs = (users[gap:] == users[:-gap]) & (before >= 0) & (after >= 0)
        counts += np.bincount(before[pairs] * m + after[pairs], minlength=m * m)
    rated = np.bincount(rows[rows >= 0], minlength=len(ids))[films].astype(np.float64)
    counts = counts.reshape(m, m) / np.sqrt(np.maximum(rated, 1.0))[:, None]
    return counts.astype(np.float32)


@dataclass
class Profiles:
    """What the user model reads of each user: binary users × catalog rows matrices."""

    likes: sparse.csr_matrix    # rated ≥ LIKE
    recent: sparse.csr_matrix   # among the user's SEQUENCE_RECENT latest ratings
    rated: sparse.csr_matrix    # rated at all: never picked

    def of(self, users: np.ndarray) -> "Profiles":
        return Profiles(self.likes[users], self.recent[users], self.rated[users])


def user_picks(model: UserModel, profiles: Profiles, popular: np.ndarray, k: int,
               advance: Advance | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each user's k best unrated catalog rows and their scores, and for each pick the film that
    adds most to it and whether it adds as one the user rated lately (the sequence part) rather
    than as a like, so the page can say why (rows of `profiles` = users).

    Only the films the model knows and the most popular ones can be picked (the rest score
    nothing); negative scores count as 0. Equal float32 scores go to the more popular film
    (`popular` = catalog rows, most popular first): a float64 offset of TIE_STEP per place in
    popularity order, far below any float32 difference that matters, makes every key distinct, so
    a partition finds the k best without sorting thousands of tied zeros. -1 pads a short list, and
    marks a pick no film adds to (a popular film picked for its tie-break alone).
    """
    n_users, n = profiles.rated.shape
    rank = np.empty(n, dtype=np.int64)
    rank[popular] = np.arange(n)
    columns = np.union1d(model.films, popular[:k + 1000])   # enough popular films for almost anyone
    columns = columns[np.argsort(rank[columns], kind="stable")]   # most popular first
    tie = (len(columns) - np.arange(len(columns))) * TIE_STEP
    of_model = np.full(n, -1, dtype=np.int64)
    of_model[model.films] = np.arange(len(model.films))
    in_model = of_model[columns] >= 0
    parts = [(profiles.likes[:, model.films].tocsr(), model.weights)]
    if model.sequence is not None:
        parts.append((profiles.recent[:, model.films].tocsr(), model.sequence))
    weights_to = [np.ascontiguousarray(weights.T) for _, weights in parts]  # row j: what each known film adds to j
    rated = profiles.rated[:, columns].tocsr()
    kk = min(k, len(columns))
    rows = np.full((n_users, k), -1, dtype=np.int32)
    scores = np.zeros((n_users, k), dtype=np.float32)
    because = np.full((n_users, k), -1, dtype=np.int32)
    lately = np.zeros((n_users, k), dtype=bool)
    for start in range(0, n_users, USER_CHUNK):
        stop = min(n_users, start + USER_CHUNK)
        profile = [matrix[start:stop] for matrix, _ in parts]
        local, scales = blend([chunk @ weights for chunk, (_, weights) in zip(profile, parts)])
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
        because[start:stop, :kk], lately[start:stop, :kk] = strongest(
            list(zip(profile, weights_to, scales)), picked, model.films)
        if advance:
            advance(stop - start)
    return rows, scores, because, lately


def blend(parts: list[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
    """A pick's score from each part's scores (users × model films), and each part's per-user
    scale: EASE alone as it is; with the sequence part, (1 − SEQUENCE_SHARE) · EASE + SEQUENCE_SHARE ·
    sequence, each over its largest absolute value for that user."""
    if len(parts) == 1:
        return parts[0], [np.ones(len(parts[0]))]
    scales = [share / np.maximum(np.abs(part).max(axis=1), 1e-12)
              for share, part in zip((1 - SEQUENCE_SHARE, SEQUENCE_SHARE), parts)]
    return sum(part * scale[:, None] for part, scale in zip(parts, scales)), scales


def strongest(parts: list[tuple[sparse.csr_matrix, np.ndarray, np.ndarray]], picked: np.ndarray,
              films: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each user and picked model film (-1: none): the catalog row of the film that adds most to
    the pick, or -1 when none adds, and whether it adds more through the sequence part than as a
    like. `parts`: (profile over the model's films, its weights transposed, per-user scale)."""
    because = np.full(picked.shape, -1, dtype=np.int32)
    lately = np.zeros(picked.shape, dtype=bool)
    for place in range(picked.shape[1]):
        users = np.flatnonzero(picked[:, place] >= 0)
        if not len(users):
            continue
        adds = [sparse.csr_matrix(profile[users].multiply(weights_to[picked[users, place]]).multiply(scale[users, None]))
                for profile, weights_to, scale in parts]
        total = sparse.csr_matrix(sum(adds[1:], adds[0]))
        top = total.max(axis=1).toarray().ravel()
        film = np.asarray(total.argmax(axis=1)).ravel()
        positive = np.flatnonzero(top > 0)
        because[users[positive], place] = films[film[positive]]
        if len(adds) > 1:
            via = [np.asarray(part[positive, film[positive]]).ravel() for part in adds]
            lately[users[positive], place] = via[1] > via[0]
    return because, lately


def rating_matrices(ratings: pd.DataFrame, ids: np.ndarray) -> tuple[np.ndarray, Profiles]:
    """(user ids ascending, their profiles) over every rating user."""
    ordered = in_time_order(ratings)
    rows = catalog_rows(ordered, ids)
    known = rows >= 0
    ordered, rows = ordered[known], rows[known]
    users, codes = np.unique(ordered["user_id"].to_numpy(), return_inverse=True)
    later = np.cumsum(np.bincount(codes))[codes] - 1 - np.arange(len(codes))   # the user's ratings after this one
    latest = later < SEQUENCE_RECENT

    def binary(mask: np.ndarray) -> sparse.csr_matrix:
        matrix = sparse.csr_matrix((np.ones(int(mask.sum()), np.float32), (codes[mask], rows[mask])),
                                   shape=(len(users), len(ids)))
        matrix.data[:] = 1.0   # a film rated twice counts once
        return matrix
    profiles = Profiles(binary(ordered["rating"].to_numpy() >= LIKE), binary(latest), binary(np.ones(len(rows), bool)))
    return users.astype(np.int64), profiles
