"""The served model: precomputed neighbour arrays, loaded once, answered by indexing.

Files in DIR/model/: one uncompressed `<name>.npy` per array (ARRAYS), memory-mapped when
loaded so that the workers of one server share their pages instead of each holding a copy;
meta.json (weights, sizes, versions) and card.md (the model card, in Spanish).
"""

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ARRAYS = ("ids", "neighbours", "scores", "reasons", "user_ids", "user_rows", "user_scores", "user_because")
META = "meta.json"
CARD = "card.md"
FORMAT_VERSION = 5  # 5: one memory-mappable .npy per array, with why each user pick (3: arrays.npz)


class ModelError(Exception):
    """Artifacts or a model that cannot be used; the message says what is wrong (Spanish)."""


# why a film is recommended under another one (uint8 code per stored neighbour), most specific first
REASONS = POPULAR, SAME_COLLECTION, SAME_DIRECTOR, LIKED_TOGETHER, SIMILAR_CONTENT = range(5)


def reason_text(code: int, title: str) -> str:
    """The Spanish `motivo` of a reason code; `title` is the film the recommendation is for."""
    return {
        SAME_COLLECTION: "misma colección",
        SAME_DIRECTOR: "mismo director",
        LIKED_TOGETHER: f"gustó a quienes disfrutaron {title}",
        SIMILAR_CONTENT: "género y argumento parecidos",
    }.get(code, "popular entre los usuarios (sin datos para comparar)")


def user_reason(liked: str | None) -> str:
    """The Spanish `motivo` of a user's pick: the liked film that adds most to it (UserPicks.because),
    or, when none does, that it is only a popular film."""
    if liked is None:
        return "popular entre los usuarios: ninguna película que valoró bien la acerca"
    return f"porque valoró bien {liked}"


@dataclass
class UserPicks:
    """Each known user's best unrated films, ranked once at training, so that serving a user is
    an index lookup like serving a film: rows[u] for user_ids[u]."""

    user_ids: np.ndarray   # int64[u], ascending
    rows: np.ndarray       # int32[u, K]: catalog rows, best first; -1 pads a short list
    scores: np.ndarray     # float32[u, K]
    because: np.ndarray    # int32[u, K]: catalog row of the liked film adding most to each pick; -1 none

    def of(self, user_id: int) -> int | None:
        u = int(self.user_ids.searchsorted(user_id))
        return u if u < len(self.user_ids) and self.user_ids[u] == user_id else None


@dataclass
class RecommenderModel:
    ids: np.ndarray          # int64[n]: movie id of each catalog row, ascending
    neighbours: np.ndarray   # int32[n, K]: rows of each film's neighbours, best first
    scores: np.ndarray       # float32[n, K]: their similarity in [0, 1], non-increasing
    reasons: np.ndarray      # uint8[n, K]: reason code of each neighbour (see reason_text)
    users: UserPicks
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

    def similar(self, movie_id: int, k: int = 5) -> list[tuple[int, float, int]]:
        """The k films most like `movie_id` as (movie id, similarity, reason code), best first; never itself.

        Raises KeyError for a film the model does not know. k is capped at the stored K.
        """
        i = self.row(movie_id)
        k = max(0, min(k, self.neighbours.shape[1]))
        return list(zip(self.ids[self.neighbours[i, :k]].tolist(), self.scores[i, :k].tolist(),
                        self.reasons[i, :k].tolist()))

    def for_user(self, user_id: int, k: int = 5) -> list[tuple[int, float, int | None]]:
        """k films the user has not rated, as (movie id, score, id of the liked film that adds most to
        it or None), best first; KeyError if unknown. k is capped at the stored K."""
        u = self.users.of(user_id)
        if u is None:
            raise KeyError(user_id)
        rows = self.users.rows[u, :max(0, k)]
        known = rows >= 0
        because = self.users.because[u, :max(0, k)][known]
        liked = np.where(because >= 0, self.ids[np.maximum(because, 0)], -1).tolist()  # ids are positive
        return [(movie_id, score, liked_id if liked_id >= 0 else None) for movie_id, score, liked_id in
                zip(self.ids[rows[known]].tolist(), self.users.scores[u, :max(0, k)][known].tolist(), liked)]

    # --- files -----------------------------------------------------------------------

    def arrays(self) -> dict[str, np.ndarray]:
        return {"ids": self.ids, "neighbours": self.neighbours, "scores": self.scores, "reasons": self.reasons,
                "user_ids": self.users.user_ids, "user_rows": self.users.rows, "user_scores": self.users.scores,
                "user_because": self.users.because}

    def save(self, model_dir: Path) -> None:
        """Each array is written beside its file and renamed over it: a server that maps the
        previous file keeps its pages (rewriting it in place would truncate them: SIGBUS)."""
        model_dir = Path(model_dir)
        model_dir.mkdir(parents=True, exist_ok=True)
        for name, array in self.arrays().items():
            work = model_dir / f".{name}.npy.tmp-{os.getpid()}"
            with open(work, "wb") as handle:  # a handle: given a path, np.save would append ".npy"
                np.save(handle, np.ascontiguousarray(array), allow_pickle=False)
            os.replace(work, model_dir / f"{name}.npy")
        (model_dir / "arrays.npz").unlink(missing_ok=True)  # format 3's single file, if this directory had one
        (model_dir / META).write_text(json.dumps(self.meta, indent=2, ensure_ascii=False) + "\n")

    @classmethod
    def load(cls, model_dir: Path, arrays: Mapping[str, np.ndarray] | None = None) -> "RecommenderModel":
        """Read a model directory; raises ModelError (Spanish message) if missing or inconsistent.

        `arrays` are the model's arrays already mapped by whoever verified them (serving);
        without it each `<name>.npy` is memory-mapped here, read-only."""
        model_dir = Path(model_dir)
        if not (model_dir / META).is_file() or (arrays is None and not (model_dir / "ids.npy").is_file()):
            raise ModelError(f"No hay modelo en {model_dir}: ejecute `movierec train`.")
        stale = ModelError(f"Modelo inconsistente en {model_dir}: vuelva a ejecutar `movierec train`.")
        try:
            meta = json.loads((model_dir / META).read_text())
            if meta.get("format_version") != FORMAT_VERSION:  # written by another version of train
                raise stale
            if arrays is None:
                arrays = {name: np.load(model_dir / f"{name}.npy", mmap_mode="r", allow_pickle=False)
                          for name in ARRAYS}
            # plain ndarray views of the maps (asarray drops the subclass): memmap's costs time on every indexing
            data = {name: np.asarray(arrays[name]) for name in ARRAYS}
            model = cls(data["ids"], data["neighbours"], data["scores"], data["reasons"],
                        UserPicks(data["user_ids"], data["user_rows"], data["user_scores"], data["user_because"]),
                        meta)
        except ModelError:
            raise
        except Exception as error:  # noqa: BLE001 - any read failure means an unusable model
            raise ModelError(f"Modelo ilegible en {model_dir}: {error}") from None
        n = len(model.ids)
        if (model.ids.ndim != 1 or model.neighbours.ndim != 2 or model.users.user_ids.ndim != 1
                or model.users.rows.ndim != 2
                or model.neighbours.shape != model.scores.shape or model.reasons.shape != model.scores.shape
                or model.neighbours.shape[0] != n or meta.get("films") != n
                or model.users.rows.shape != model.users.scores.shape or model.users.because.shape != model.users.rows.shape
                or model.users.rows.shape[0] != len(model.users.user_ids)):
            raise stale
        return model
