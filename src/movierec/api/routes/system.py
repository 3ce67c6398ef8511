"""Health, version, metrics and the admin reload."""

import hmac
import os
import json
import platform
import threading

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, ValidationError

from movierec import __version__
from movierec.api.deps import served_of
from movierec.api.observability import CONTENT_TYPE
from movierec.api.schemas import Health, Version
from movierec.artifacts import ArtifactsError

router = APIRouter(tags=["sistema"])
# mounted by create_app only when MOVIEREC_ADMIN_TOKEN is set: without it every method gets 404
admin_router = APIRouter(include_in_schema=False)


@router.get("/health", response_model=Health, summary="Estado del servicio", response_description="El servicio responde.")
async def health(response: Response):
    """Responde `{"status": "ok"}` mientras el proceso atiende peticiones (para monitores y HEALTHCHECK).
    La cabecera `X-Worker-Pid` dice qué proceso respondió (con `--workers N`, uno de N)."""
    response.headers["X-Worker-Pid"] = str(os.getpid())
    return {"status": "ok"}


@router.get("/version", response_model=Version, summary="Versión del código y de los datos servidos",
            response_description="Versiones y sumas SHA-256 de lo que se sirve.")
async def version(request: Request):
    """Versiones del código y de Python, y la versión de los artefactos servidos con sus sumas SHA-256
    (nunca rutas del servidor)."""
    return version_of(served_of(request))


def version_of(served) -> dict:
    """What is live, by version and checksum: the same on every host serving the same data."""
    manifest = served.catalog.manifest
    outputs = manifest.get("outputs", {})
    return {
        "version": __version__,
        "python": platform.python_version(),
        "artefactos": {
            "created_at": manifest.get("created_at"),
            "code_version": manifest.get("code_version"),
            "format_version": manifest.get("format_version"),
            "peliculas": manifest.get("movies", {}).get("rows_kept"),
            "sha256": {name: entry["sha256"] for name, entry in sorted(outputs.items()) if "sha256" in entry},
            "modelo_sha256_peliculas": served.model.meta.get("movies_sha256"),
            "huella": served.fingerprint,
        },
    }


@router.get("/metrics", response_class=PlainTextResponse, include_in_schema=False)
async def metrics(request: Request):
    return Response(request.app.state.metrics.render(), media_type=CONTENT_TYPE)


class ReloadRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    artifacts: str | None = None


def bearer_token(authorization: str | None) -> bytes | None:
    """The credentials of an `Authorization: Bearer <token>` header (scheme case-insensitive), else None."""
    scheme, _, credentials = (authorization or "").partition(" ")
    credentials = credentials.strip(" ")
    if scheme.lower() != "bearer" or not credentials or " " in credentials:
        return None
    return credentials.encode("latin-1")  # how the server decoded the header's bytes


@admin_router.post("/admin/recargar")
async def recargar(request: Request):
    """Cambia en caliente a otro directorio de artefactos (o relee el actual)."""
    # the token is checked before a byte of the body is read; the middleware caps the body
    offered = bearer_token(request.headers.get("authorization"))
    if offered is None or not hmac.compare_digest(offered, request.app.state.settings.admin_token.encode()):
        raise HTTPException(401, "Token de administración inválido: envíe Authorization: Bearer <token>.",
                            headers={"WWW-Authenticate": "Bearer"})
    raw = await request.body()
    try:
        # Python's parser keeps a lone surrogate, so such a path reaches the contract (409), as a NUL does
        data = json.loads(raw) if raw.strip() else {}
    except (ValueError, RecursionError):
        raise RequestValidationError([{"type": "json_invalid", "loc": ("cuerpo",), "msg": "JSON decode error",
                                       "input": None}]) from None
    try:
        body = ReloadRequest.model_validate(data)
    except ValidationError as error:
        raise RequestValidationError([{**problem, "loc": ("cuerpo", *problem["loc"])}
                                      for problem in error.errors(include_url=False)]) from None
    target = body.artifacts or None  # the contract checks the path itself (NUL, surrogates, length)
    try:
        served = await run_in_threadpool(request.app.state.holder.reload, target)
    except ArtifactsError as error:
        raise HTTPException(409, f"No se recargó; se sigue sirviendo la versión anterior. {error}") from None
    answer = version_of(served)
    answer["artefactos"]["directorio"] = str(served.artifacts)  # the admin named it; never shown on /version
    return JSONResponse(answer)


def reload_in_background(holder, log) -> None:
    """SIGHUP: re-read the configured artifacts without blocking the event loop."""
    def run():
        try:
            holder.reload()
            log.info("artefactos recargados desde %s", holder.current.artifacts)
        except ArtifactsError as error:
            log.error("recarga rechazada, se sigue sirviendo la versión anterior: %s", error)
    threading.Thread(target=run, name="reload", daemon=True).start()
