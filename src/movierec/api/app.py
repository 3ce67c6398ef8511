"""FastAPI app factory: loads the artifacts once into in-memory indexes and mounts the routes."""

import asyncio
import logging
import signal
import threading
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from movierec import __version__
from movierec.api.errors import install_error_handlers
from movierec.api.middleware import HttpPolicyMiddleware
from movierec.api.observability import Metrics, ObservabilityMiddleware
from movierec.api.routes import pages, queries, recommendations, system
from movierec.config import Settings
from movierec.serving import FOLLOW_SECONDS, Holder

log = logging.getLogger("movierec")

DESCRIPTION = """
Catálogo de películas (The Movies Dataset, datos de TMDB) con las consultas del proyecto.
Los títulos y nombres se buscan sin distinguir mayúsculas, tildes ni espacios de más.
Cada respuesta incluye `mensaje`, una frase en español; un error 404 trae `detail` y
`sugerencias`, un 422 trae `detail` y `valores_validos` o `errores`. Los ejemplos son respuestas
reales sobre la muestra incluida (`data/sample`).
"""

# the order /docs shows, whatever the order of the routes
TAGS = [
    {"name": "consultas", "description": "Las seis consultas del proyecto y la búsqueda de títulos."},
    {"name": "recomendaciones", "description": "Películas similares a un título y recomendaciones por usuario."},
    {"name": "sistema", "description": "Estado y versión del servicio."},
]


def create_app(settings: Settings) -> FastAPI:
    """Build the app over `settings.artifacts`, verified first (ArtifactsError if it cannot be served).

    Under `movierec serve` (settings.run_dir set) the app serves the version the server
    published, if any, and follows every version another worker publishes."""
    holder = Holder.start(settings.artifacts, settings.run_dir)
    metrics = Metrics()
    metrics.serving(holder.current.fingerprint)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # search/suggestion indexes build once the app is up, not on the start-up path
        threading.Thread(target=holder.current.warm, name="warm-indexes", daemon=True).start()
        stop = threading.Event()
        threading.Thread(target=watch_version, args=(holder, metrics, stop), name="follow-version",
                         daemon=True).start()
        try:
            asyncio.get_running_loop().add_signal_handler(
                signal.SIGHUP, system.reload_in_background, holder, log)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no signals
            pass
        yield
        stop.set()
        metrics.flush()  # what this worker counted since the last flush

    # /docs and /redoc load Swagger UI and ReDoc from the pinned fastapi-offline package, never a CDN
    app = FastAPIOffline(title="movierec", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                         openapi_tags=TAGS, static_url="/static-docs")
    app.state.settings = settings
    app.state.holder = holder
    app.state.metrics = metrics
    # outermost last: observability sees the request as sent (HEAD stays HEAD in the log)
    app.add_middleware(HttpPolicyMiddleware, max_body_bytes=settings.max_body_bytes,
                       cors_origin=settings.cors_allow_origin)
    app.add_middleware(ObservabilityMiddleware, metrics=app.state.metrics)
    install_error_handlers(app)
    # Starlette tries routes in order, a few µs each: the most requested ones go first
    app.include_router(recommendations.router)
    app.include_router(queries.router)
    app.include_router(system.router)
    app.include_router(pages.router)
    if settings.admin_token:
        app.include_router(system.admin_router)
    return app


def worker_app() -> FastAPI:
    """uvicorn's factory for each worker of `movierec serve --workers N`: the settings come from
    the MOVIEREC_* environment the serve command exported (artifacts, run directory); logging
    as the serve command sets it up (a spawned worker starts without it)."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    return create_app(Settings())


def watch_version(holder: Holder, metrics: Metrics, stop: threading.Event) -> None:
    """Keep this worker on the published version, and /metrics on the version it serves and on
    the requests it answered."""
    while not stop.wait(FOLLOW_SECONDS):
        try:
            if holder.state_file is not None:
                holder.follow_once()
            metrics.serving(holder.current.fingerprint)
            metrics.flush()
        except Exception:  # noqa: BLE001 - the watcher must outlive any surprise; the log says what
            log.exception("error al seguir la versión publicada")
