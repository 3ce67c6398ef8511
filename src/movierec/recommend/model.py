"""The served model: precomputed neighbour arrays, loaded once, answered by indexing.

Files in DIR/model/: arrays.npz (uncompressed, so loading is a plain read), meta.json
(weights, sizes, versions) and card.md (the model card, in Spanish).
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ARRAYS = "arrays.npz"
META = "meta.json"
CARD = "card.md"
FORMAT_VERSION = 1


class ModelError(Exception):
    """Artifacts or a model that cannot be used; the message says what is wrong (Spanish)."""


@dataclass
class UserRatings:
    """Each user's rated films as CSR arrays: rows[indptr[u]:indptr[u+1]] for user_ids[u]."""

    user_ids: np.ndarray   # int64[u], ascending
    indptr: np.ndarray     # int64[u + 1]
    rows: np.ndarray       # int32[nnz]: catalog rows
    ratings: np.ndarray    # float32[nnz]

    @classmethod
    def build(cls, user_ids: np.ndarray, rows: np.ndarray, ratings: np.ndarray) -> "UserRatings":
        order = np.lexsort((rows, user_ids))
        users, counts = np.unique(user_ids[order], return_counts=True)
        indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return cls(users.astype(np.int64), indptr, rows[order].astype(np.int32),
                   ratings[order].astype(np.float32))

    def of(self, user_id: int) -> tuple[np.ndarray, np.ndarray] | None:
        u = np.searchsorted(self.user_ids, user_id)
        if u == len(self.user_ids) or self.user_ids[u] != user_id:
            return None
        part = slice(self.indptr[u], self.indptr[u + 1])
        return self.rows[part], self.ratings[part]


def score_user(neighbours: np.ndarray, scores: np.ndarray, rated: np.ndarray, ratings: np.ndarray,
               popular: np.ndarray, k: int) -> list[tuple[int, float]]:
    """A user's k best unrated films (catalog rows, score).

    score(j) = Σ over rated films i of rating(i) · similarity(i, j), over i's stored
    neighbours; ties by ascending row (= id). Too few candidates: the most popular unrated
    films fill the list with score 0.
    """
    n = len(neighbours)
    total = np.bincount(neighbours[rated].ravel(), weights=(scores[rated] * ratings[:, None]).ravel(),
                        minlength=n)
    total[rated] = 0.0
    candidates = np.flatnonzero(total > 0)
    order = np.lexsort((candidates, -total[candidates]))[:k]
    picked = [(int(candidates[i]), float(total[candidates[i]])) for i in order]
    if len(picked) < k:
        taken = set(rated.tolist()) | {row for row, _ in picked}
        picked += [(int(row), 0.0) for row in popular if row not in taken][:k - len(picked)]
    return picked


@dataclass
class RecommenderModel:
    ids: np.ndarray          # int64[n]: movie id of each catalog row, ascending
    neighbours: np.ndarray   # int32[n, K]: rows of each film's neighbours, best first
    scores: np.ndarray       # float32[n, K]: their blended scores
    popular: np.ndarray      # int32[n]: rows by descending prior (ties: id), the fallback order
    users: UserRatings
    meta: dict = field(default_factory=dict)

    # --- queries ---------------------------------------------------------------------

    def row(self, movie_id: int) -> int:
        i = int(np.searchsorted(self.ids, movie_id))
        if i == len(self.ids) or self.ids[i] != movie_id:
            raise KeyError(movie_id)
        return i

    def has_movie(self, movie_id: int) -> bool:
        try:
            self.row(movie_id)
        except KeyError:
            return False
        return True

    def similar(self, movie_id: int, k: int = 5) -> list[tuple[int, float]]:
        """The k films most like `movie_id` as (movie id, score), best first; never itself.

        Raises KeyError for a film the model does not know. k is capped at the stored K.
        """
        i = self.row(movie_id)
        k = max(0, min(k, self.neighbours.shape[1]))
        return list(zip(self.ids[self.neighbours[i, :k]].tolist(), self.scores[i, :k].tolist()))

    def has_user(self, user_id: int) -> bool:
        return self.users.of(user_id) is not None

    def for_user(self, user_id: int, k: int = 5) -> list[tuple[int, float]]:
        """k films the user has not rated, as (movie id, score), best first; KeyError if unknown."""
        found = self.users.of(user_id)
        if found is None:
            raise KeyError(user_id)
        rows, ratings = found
        picked = score_user(self.neighbours, self.scores, rows, ratings, self.popular, k)
        return [(int(self.ids[row]), score) for row, score in picked]

    # --- files -----------------------------------------------------------------------

    def save(self, model_dir: Path) -> None:
        model_dir = Path(model_dir)
        model_dir.mkdir(parents=True, exist_ok=True)
        np.savez(model_dir / ARRAYS, ids=self.ids, neighbours=self.neighbours, scores=self.scores,
                 popular=self.popular, user_ids=self.users.user_ids, user_indptr=self.users.indptr,
                 user_rows=self.users.rows, user_ratings=self.users.ratings)
        (model_dir / META).write_text(json.dumps(self.meta, indent=2, ensure_ascii=False) + "\n")

    @classmethod
    def load(cls, model_dir: Path) -> "RecommenderModel":
        """Read a model directory; raises ModelError (Spanish message) if missing or inconsistent."""
        model_dir = Path(model_dir)
        if not (model_dir / ARRAYS).is_file() or not (model_dir / META).is_file():
            raise ModelError(f"No hay modelo en {model_dir}: ejecute `movierec train`.")
        try:
            meta = json.loads((model_dir / META).read_text())
            with np.load(model_dir / ARRAYS) as arrays:
                data = {name: arrays[name] for name in arrays.files}
            model = cls(data["ids"], data["neighbours"], data["scores"], data["popular"],
                        UserRatings(data["user_ids"], data["user_indptr"], data["user_rows"],
                                    data["user_ratings"]), meta)
        except Exception as error:  # noqa: BLE001 - any read failure means an unusable model
            raise ModelError(f"Modelo ilegible en {model_dir}: {error}") from None
        n = len(model.ids)
        if (meta.get("format_version") != FORMAT_VERSION or model.neighbours.shape != model.scores.shape
                or model.neighbours.shape[0] != n or meta.get("films") != n):
            raise ModelError(f"Modelo inconsistente en {model_dir}: vuelva a ejecutar `movierec train`.")
        return model
