"""What the server holds in memory: one artifacts version (catalog + model), validated as a whole.

A reload builds a new `Served` beside the old one and swaps a single reference, so every
request is answered wholly from one version.
"""

import ctypes
import threading
from dataclasses import dataclass
from pathlib import Path

from movierec.catalog import Catalog, CatalogError, Film, NotFound, film_ref, film_refs
from movierec.recommend import ModelError, RecommenderModel
from movierec.recommend.model import reason_text


@dataclass(frozen=True)
class Served:
    artifacts: Path
    catalog: Catalog
    model: RecommenderModel

    @classmethod
    def load(cls, artifacts: Path) -> "Served":
        """Load and validate catalog and model; raises CatalogError (Spanish message) when unusable."""
        artifacts = Path(artifacts).resolve()
        catalog = Catalog.load(artifacts)
        try:
            model = RecommenderModel.load(artifacts / "model")
        except ModelError as error:
            raise CatalogError(str(error)) from None
        movies_sha = catalog.manifest.get("outputs", {}).get("movies.parquet", {}).get("sha256")
        if model.meta.get("movies_sha256") != movies_sha:
            raise CatalogError(f"El modelo de {artifacts / 'model'} no corresponde a movies.parquet: "
                               "ejecute `movierec train`.")
        release_freed_memory()
        return cls(artifacts, catalog, model)

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
            "detalle": [{**film_ref(match), "similitud": round(score, 4), "motivo": reason_text(reason, film.title)}
                        for match, score, reason in similar],
            "otras_coincidencias": film_refs(others),
            "mensaje": f"Películas similares a {film.title} ({film.year}), de mayor a menor similitud.",
        }

    def recommend_for_user(self, user_id: int, k: int = 5) -> dict:
        try:
            ranked = self.model.for_user(user_id, k)
        except KeyError:
            known = self.model.users.user_ids  # ascending
            valid = (f"los usuarios conocidos van del {int(known[0])} al {int(known[-1])}" if len(known)
                     else "este catálogo no tiene valoraciones de usuarios")
            raise NotFound(f"No hay valoraciones del usuario {user_id}: {valid}.", []) from None
        picked: list[tuple[Film, float]] = [(self.catalog.films[movie_id], score) for movie_id, score in ranked]
        return {
            "usuario": user_id,
            "recomendaciones": [film.title for film, _ in picked],
            "detalle": [{**film_ref(film), "puntaje": round(score, 6)} for film, score in picked],
            "mensaje": f"Películas que el usuario {user_id} no valoró y probablemente le gusten.",
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


class Holder:
    """The live `Served`, replaced atomically; reloads are serialised by a lock."""

    def __init__(self, served: Served):
        self.current = served
        self._reload_lock = threading.Lock()

    def reload(self, artifacts: Path | None = None) -> Served:
        with self._reload_lock:
            fresh = Served.load(artifacts or self.current.artifacts)
            fresh.warm()
            self.current = fresh
            return fresh
