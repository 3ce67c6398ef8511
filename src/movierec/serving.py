"""What the server holds in memory: one artifacts version (catalog + model), verified as a whole.

Nothing is served that was not verified: loading hashes every file both manifests list,
checks tables and the model against each other, and turns any failure into one
ArtifactsError. A reload builds a new `Served` beside the old one and swaps a single
reference, so every request is answered wholly from one version.

With several workers (processes), each holds its own `Served`. The worker that reloads
publishes what it now serves (configured path, the version directory it verified, the
fingerprint of that version) in a state file of the server's private run directory; every
worker polls that file and loads the very same version directory, accepting it only if its
fingerprint matches. A worker that starts (or is restarted) loads what the file names.
"""

import hashlib
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from movierec.artifacts import (LOAD_SECONDS, MODEL_DIR, ArtifactsError, check_index_array, checked_path,
                                map_verified_arrays, resolve_dir, verify_and_map)
from movierec.catalog import Catalog, Film, NotFound, film_ref, film_refs
from movierec.recommend import RecommenderModel
from movierec.recommend.model import REASONS, reason_text, user_reason
from movierec import messages
from movierec.spanish import share

RELOAD_WAIT_SECONDS = 60.0  # a reload waits this long for one in progress, then answers 409
STATE_FILE = "served.json"  # in the server's run directory: the version every worker serves
FOLLOW_SECONDS = 0.25       # how often a worker looks at the state file (one stat call)
RETRY_SECONDS = 10.0        # a worker that failed to load the published version tries again after this

log = logging.getLogger("movierec")


@dataclass(frozen=True)
class Served:
    artifacts: Path    # as configured (a link follows new versions)
    version_dir: Path  # the directory that was verified and loaded (the link's target then)
    fingerprint: str   # of every verified checksum: equal fingerprints, equal data
    catalog: Catalog
    model: RecommenderModel

    @classmethod
    def load(cls, artifacts: str | os.PathLike, version_dir: str | os.PathLike | None = None) -> "Served":
        """Verify and load catalog and model; any failure of any kind is an ArtifactsError.

        `version_dir` pins the directory to load (what another worker verified) while
        `artifacts` stays the configured path that a later plain reload re-reads."""
        try:
            return cls._load(artifacts, version_dir)
        except ArtifactsError:
            raise
        except Exception as error:  # noqa: BLE001 - whatever breaks, the old version keeps serving
            raise ArtifactsError(f"Artefactos inutilizables en {artifacts}: {type(error).__name__}: {error}") from None

    @classmethod
    def _load(cls, artifacts: str | os.PathLike, version_dir: str | os.PathLike | None) -> "Served":
        deadline = time.monotonic() + LOAD_SECONDS
        configured = Path(os.path.abspath(checked_path(artifacts)))
        version_dir = resolve_dir(configured if version_dir is None else version_dir)
        manifest, index = verify_and_map(version_dir, deadline)
        model_dir = version_dir / MODEL_DIR
        model_files, arrays = map_verified_arrays(model_dir, deadline)
        catalog = Catalog(index, manifest, str(artifacts))
        try:
            model = RecommenderModel.load(model_dir, arrays)
        except Exception as error:  # noqa: BLE001 - ModelError or anything numpy raises
            raise ArtifactsError(str(error)) from None
        check_model(model, catalog, manifest, model_dir)
        checksums = {"outputs": {name: entry["sha256"] for name, entry in manifest["outputs"].items()},
                     "model": model_files}
        fingerprint = hashlib.sha256(json.dumps(checksums, sort_keys=True).encode()).hexdigest()[:16]
        return cls(configured, version_dir, fingerprint, catalog, model)

    def warm(self) -> None:
        self.catalog.warm()

    def recommend_for_title(self, title: str, year: int | None = None, k: int = 5) -> dict:
        film, others = self.catalog.find_film(title, year)
        # the model was trained on this catalog's movies.parquet (checked at load): every id is a film
        similar = [(self.catalog.film_list.by_id(movie_id), score, reason)
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
        by_id = self.catalog.film_list.by_id
        picked: list[tuple[Film, float, Film | None]] = [
            (by_id(movie_id), score, by_id(liked) if liked is not None else None) for movie_id, score, liked in ranked]
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


def check_model(model: RecommenderModel, catalog: Catalog, manifest: dict, model_dir: Path) -> None:
    """What answering from the model needs: it was trained on this movies.parquet, knows
    exactly the catalog's films, and every stored row index points at one of them."""
    movies_sha = manifest["outputs"]["movies.parquet"]["sha256"]
    if model.meta.get("movies_sha256") != movies_sha:
        raise ArtifactsError(f"El modelo de {model_dir} no corresponde a movies.parquet: ejecute `movierec train`.")
    catalog_ids = catalog.film_list.ids_sorted
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
    reload never holds for long (reads are bounded) and never waits on forever.

    With `state_file` (the server's run directory), a reload publishes what it now serves
    and `follow_once` (polled by the app) moves this worker to whatever another worker published."""

    def __init__(self, served: Served, state_file: Path | None = None):
        self.current = served
        self.state_file = state_file
        self._reload_lock = threading.Lock()
        self._seen: tuple | None = None  # the state file's (inode, mtime, size) last acted upon
        self._failed_at = 0.0

    @classmethod
    def start(cls, artifacts: str | os.PathLike, run_dir: Path | None = None) -> "Holder":
        """The version a starting worker serves: the one the server's state file names, when
        another worker (or the parent) published one and it still verifies; else `artifacts`."""
        state_file = None if run_dir is None else Path(run_dir) / STATE_FILE
        state = read_state(state_file)
        served = None
        if state is not None:
            try:
                served = Served.load(state["artifacts"], state["version_dir"])
            except ArtifactsError as error:
                log.error("la versión publicada ya no se puede servir (%s); se carga %s", error, artifacts)
            if served is not None and served.fingerprint != state["fingerprint"]:
                served = None
        holder = cls(served or Served.load(artifacts), state_file)
        if served is None:
            holder.publish()
        return holder

    def reload(self, artifacts: str | os.PathLike | None = None) -> Served:
        """Load `artifacts` (or re-read the current directory) and serve it; ArtifactsError
        (Spanish) leaves the current version serving. Published for the other workers."""
        fresh = self._swap(lambda: Served.load(self.current.artifacts if artifacts is None else artifacts))
        self.publish()
        return fresh

    def _swap(self, load, expected: str | None = None) -> Served:
        if not self._reload_lock.acquire(timeout=RELOAD_WAIT_SECONDS):
            raise ArtifactsError("Hay otra recarga en curso; inténtelo de nuevo en unos segundos.")
        try:
            fresh = load()
            if expected is not None and fresh.fingerprint != expected:
                raise ArtifactsError(f"{fresh.version_dir} cambió después de que otro proceso lo verificara.")
            try:
                fresh.warm()
            except Exception as error:  # noqa: BLE001 - an index that cannot be built is unusable data
                raise ArtifactsError(f"No se pudieron construir los índices de {fresh.artifacts}: {error}") from None
            self.current = fresh
            return fresh
        finally:
            self._reload_lock.release()

    def publish(self) -> None:
        """Write what this worker serves for the others: a new file renamed over the old one."""
        if self.state_file is None:
            return
        served = self.current
        work = self.state_file.with_name(f".{STATE_FILE}.{os.getpid()}")
        work.write_text(json.dumps({"artifacts": str(served.artifacts), "version_dir": str(served.version_dir),
                                    "fingerprint": served.fingerprint}), encoding="utf-8")
        os.replace(work, self.state_file)
        self._seen = _stamp(self.state_file)

    def follow_once(self) -> bool:
        """Load the published version if it is not the one served; True when this worker changed version.

        Costs one stat call while nothing changes; a failed load is retried after RETRY_SECONDS."""
        stamp = _stamp(self.state_file)
        retry = self._failed_at and time.monotonic() - self._failed_at > RETRY_SECONDS
        if stamp is None or (stamp == self._seen and not retry):
            return False
        self._seen = stamp
        state = read_state(self.state_file)
        if state is None or state["fingerprint"] == self.current.fingerprint:
            self._failed_at = 0.0
            return False
        try:
            self._swap(lambda: Served.load(state["artifacts"], state["version_dir"]), state["fingerprint"])
        except ArtifactsError as error:
            self._failed_at = time.monotonic()
            log.error("este proceso no pudo cargar la versión que publicó otro (%s): sigue con la anterior y "
                      "reintentará", error)
            return False
        self._failed_at = 0.0
        log.info("versión %s cargada, publicada por otro proceso", state["fingerprint"])
        return True


def _stamp(path: Path | None) -> tuple | None:
    try:
        info = os.stat(path)
    except (OSError, TypeError):
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size


def read_state(state_file: Path | None) -> dict | None:
    """The published version ({artifacts, version_dir, fingerprint}), or None when there is none."""
    if state_file is None:
        return None
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or not all(isinstance(state.get(key), str)
                                              for key in ("artifacts", "version_dir", "fingerprint")):
        return None
    return state
