"""What the server holds in memory: one artifacts version (catalog + model), verified as a whole.

Nothing is served that was not verified: loading hashes every file both manifests list,
checks tables and the model against each other, and turns any failure into one
ArtifactsError. A reload builds a new `Served` beside the old one and swaps a single
reference, so every request is answered wholly from one version.
"""

import ctypes
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from movierec.artifacts import (LOAD_SECONDS, MODEL_DIR, ArtifactsError, check_index_array, checked_path,
                                resolve_dir, verify_artifacts, verify_model_files)
from movierec.catalog import Catalog, Film, NotFound, film_ref, film_refs
from movierec.recommend import RecommenderModel
from movierec.recommend.model import REASONS, reason_text, user_reason
from movierec import messages
from movierec.spanish import share

RELOAD_WAIT_SECONDS = 60.0  # a reload waits this long for one in progress, then answers 409


@dataclass(frozen=True)
class Served:
    artifacts: Path  # as configured (a link follows new versions)
    catalog: Catalog
    model: RecommenderModel

    @classmethod
    def load(cls, artifacts: str | os.PathLike) -> "Served":
        """Verify and load catalog and model; any failure of any kind is an ArtifactsError."""
        try:
            return cls._load(artifacts)
        except ArtifactsError:
            raise
        except Exception as error:  # noqa: BLE001 - whatever breaks, the old version keeps serving
            raise ArtifactsError(f"Artefactos inutilizables en {artifacts}: {type(error).__name__}: {error}") from None

    @classmethod
    def _load(cls, artifacts: str | os.PathLike) -> "Served":
        deadline = time.monotonic() + LOAD_SECONDS
        configured = Path(os.path.abspath(checked_path(artifacts)))
        version_dir = resolve_dir(configured)
        manifest = verify_artifacts(version_dir, deadline)
        model_dir = version_dir / MODEL_DIR
        verify_model_files(model_dir, deadline)
        catalog = Catalog.load(version_dir, manifest)
        try:
            model = RecommenderModel.load(model_dir)
        except Exception as error:  # noqa: BLE001 - ModelError or anything numpy raises
            raise ArtifactsError(str(error)) from None
        check_model(model, catalog, manifest, model_dir)
        release_freed_memory()
        return cls(configured, catalog, model)

    def warm(self) -> None:
        self.catalog.warm()

    def recommend_for_title(self, title: str, year: int | None = None, k: int = 5) -> dict:
        film, others = self.catalog.find_film(title, year)
        # the model was trained on this catalog's movies.parquet (checked at load): every id is a film
        similar = [(self.catalog.films[movie_id], score, reason)
                   for movie_id, score, reason in self.model.similar(film.id, k)]
        return {
            "id": film.id, "titulo": film.title,
            "recomendaciones": [match.title for match, _, _ in similar],
            "detalle": [{**film_ref(match), "similitud": round(score, 4), "motivo": reason_text(reason, film.title),
                         "texto": {"similitud": share(score)}}
                        for match, score, reason in similar],
            "otras_coincidencias": film_refs(others),
            "mensaje": messages.similar_films(film.title, film.year),
        }

    def recommend_for_user(self, user_id: int, k: int = 5) -> dict:
        try:
            ranked = self.model.for_user(user_id, k)
        except KeyError:
            known = self.model.users.user_ids  # ascending
            raise NotFound(messages.unknown_user(user_id, int(known[0]) if len(known) else None,
                                                 int(known[-1]) if len(known) else None), []) from None
        films = self.catalog.films
        picked: list[tuple[Film, float, Film | None]] = [
            (films[movie_id], score, films[liked] if liked is not None else None) for movie_id, score, liked in ranked]
        best = picked[0][1] if picked else 0.0
        return {
            "usuario": user_id,
            "recomendaciones": [film.title for film, _, _ in picked],
            "detalle": [{**film_ref(film), "puntaje": round(score, 6),
                         "motivo": user_reason(f"{liked.title} ({liked.year})" if liked else None),
                         "texto": {"puntaje": share(score / best if best > 0 else 0.0)}}
                        for film, score, liked in picked],
            "mensaje": messages.user_picks(len(picked), user_id),
        }


def release_freed_memory() -> None:
    """Give back to the OS what loading freed (Arrow's pool and glibc keep it otherwise):
    about a third of the resident memory of a full-size catalog, which matters on 512 MB hosts."""
    import pyarrow

    pyarrow.default_memory_pool().release_unused()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim
        pass


def check_model(model: RecommenderModel, catalog: Catalog, manifest: dict, model_dir: Path) -> None:
    """What answering from the model needs: it was trained on this movies.parquet, knows
    exactly the catalog's films, and every stored row index points at one of them."""
    movies_sha = manifest["outputs"]["movies.parquet"]["sha256"]
    if model.meta.get("movies_sha256") != movies_sha:
        raise ArtifactsError(f"El modelo de {model_dir} no corresponde a movies.parquet: ejecute `movierec train`.")
    catalog_ids = np.sort(np.fromiter(catalog.films, dtype=np.int64, count=len(catalog.films)))
    if not np.issubdtype(model.ids.dtype, np.integer) or not np.array_equal(model.ids, catalog_ids):
        raise ArtifactsError(f"Las películas del modelo de {model_dir} no son las del catálogo: "
                             "ejecute `movierec train`.")
    n = len(catalog_ids)
    check_index_array(model.neighbours, 0, n, f"Los vecinos del modelo de {model_dir}")
    check_index_array(model.reasons, 0, len(REASONS), f"Los motivos del modelo de {model_dir}")
    check_index_array(model.users.rows, -1, n, f"Las recomendaciones por usuario del modelo de {model_dir}")
    check_index_array(model.users.because, -1, n, f"Los motivos por usuario del modelo de {model_dir}")
    user_ids = model.users.user_ids
    if not np.issubdtype(user_ids.dtype, np.integer) or (len(user_ids) > 1 and not (np.diff(user_ids) > 0).all()):
        raise ArtifactsError(f"Los usuarios del modelo de {model_dir} no son enteros crecientes.")
    for scores in (model.scores, model.users.scores):
        if not np.issubdtype(scores.dtype, np.floating):
            raise ArtifactsError(f"Las puntuaciones del modelo de {model_dir} no son números reales.")


class Holder:
    """The live `Served`, replaced atomically; reloads are serialised by a lock that a
    reload never holds for long (reads are bounded) and never waits on forever."""

    def __init__(self, served: Served):
        self.current = served
        self._reload_lock = threading.Lock()

    def reload(self, artifacts: str | os.PathLike | None = None) -> Served:
        """Load `artifacts` (or re-read the current directory) and serve it; ArtifactsError
        (Spanish) leaves the current version serving."""
        if not self._reload_lock.acquire(timeout=RELOAD_WAIT_SECONDS):
            raise ArtifactsError("Hay otra recarga en curso; inténtelo de nuevo en unos segundos.")
        try:
            fresh = Served.load(self.current.artifacts if artifacts is None else artifacts)
            try:
                fresh.warm()
            except Exception as error:  # noqa: BLE001 - an index that cannot be built is unusable data
                raise ArtifactsError(f"No se pudieron construir los índices de {fresh.artifacts}: {error}") from None
            self.current = fresh
            return fresh
        finally:
            self._reload_lock.release()
