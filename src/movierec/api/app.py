"""FastAPI app factory: loads the artifacts once into in-memory indexes and mounts the routes."""

import threading
from pathlib import Path

from fastapi import FastAPI

from movierec import __version__
from movierec.api.errors import install_error_handlers
from movierec.api.routes import queries, system
from movierec.catalog import Catalog

DESCRIPTION = """
Catálogo de películas (The Movies Dataset, datos de TMDB) con las consultas del proyecto.
Los títulos y nombres se buscan sin distinguir mayúsculas, tildes ni espacios de más.
"""


def create_app(artifacts: Path, catalog: Catalog | None = None) -> FastAPI:
    """Build the app over an artifacts directory (raises CatalogError if it cannot be served)."""
    app = FastAPI(title="movierec", version=__version__, description=DESCRIPTION)
    app.state.artifacts = Path(artifacts)
    app.state.catalog = catalog or Catalog.load(artifacts)
    threading.Thread(target=app.state.catalog.warm, name="warm-suggestions", daemon=True).start()
    install_error_handlers(app)
    app.include_router(system.router)
    app.include_router(queries.router)
    return app
