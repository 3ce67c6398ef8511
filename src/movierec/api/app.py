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
from movierec.serving import Holder, Served

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
    """Build the app over `settings.artifacts`, verified first (ArtifactsError if it cannot be served)."""
    holder = Holder(Served.load(settings.artifacts))

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # search/suggestion indexes build once the app is up, not on the start-up path
        threading.Thread(target=holder.current.warm, name="warm-indexes", daemon=True).start()
        try:
            asyncio.get_running_loop().add_signal_handler(
                signal.SIGHUP, system.reload_in_background, holder, log)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no signals
            pass
        yield

    # /docs and /redoc load Swagger UI and ReDoc from the pinned fastapi-offline package, never a CDN
    app = FastAPIOffline(title="movierec", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                         openapi_tags=TAGS, static_url="/static-docs")
    app.state.settings = settings
    app.state.holder = holder
    app.state.metrics = Metrics()
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
