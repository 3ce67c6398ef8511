"""Health, version, metrics and the admin reload."""

import hmac
import threading

from fastapi import APIRouter, Body, Header, HTTPException, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel

from movierec import __version__
from movierec.api.deps import served_of
from movierec.api.schemas import Health, Version
from movierec.artifacts import ArtifactsError

router = APIRouter(tags=["sistema"])


@router.get("/health", response_model=Health)
async def health():
    return {"status": "ok"}


@router.get("/version", response_model=Version)
async def version(request: Request):
    """Versión del código y resumen de los artefactos que se están sirviendo."""
    return version_of(served_of(request))


def version_of(served) -> dict:
    manifest = served.catalog.manifest
    summary = {key: manifest[key] for key in ("created_at", "code_version", "movies", "credits") if key in manifest}
    summary["directorio"] = str(served.artifacts)
    return {"version": __version__, "artefactos": summary}


@router.get("/metrics", response_class=PlainTextResponse, include_in_schema=False)
async def metrics(request: Request):
    return PlainTextResponse(request.app.state.metrics.render(), media_type="text/plain; version=0.0.4")


class ReloadRequest(BaseModel):
    artifacts: str | None = None


@router.post("/admin/recargar", response_model=Version, include_in_schema=False)
def recargar(request: Request, body: ReloadRequest | None = Body(None),
             authorization: str | None = Header(None)):
    """Cambia en caliente a otro directorio de artefactos (o relee el actual)."""
    token = request.app.state.settings.admin_token
    if not token:
        raise HTTPException(404)
    offered = (authorization or "").removeprefix("Bearer ").encode()
    if not authorization or not hmac.compare_digest(offered, token.encode()):
        raise HTTPException(401, "Token de administración inválido.", headers={"WWW-Authenticate": "Bearer"})
    target = body.artifacts if body and body.artifacts else None
    try:
        served = request.app.state.holder.reload(target)
    except ArtifactsError as error:
        raise HTTPException(409, f"No se recargó; se sigue sirviendo la versión anterior. {error}") from None
    return version_of(served)


def reload_in_background(holder, log) -> None:
    """SIGHUP: re-read the configured artifacts without blocking the event loop."""
    def run():
        try:
            holder.reload()
            log.info("artefactos recargados desde %s", holder.current.artifacts)
        except ArtifactsError as error:
            log.error("recarga rechazada, se sigue sirviendo la versión anterior: %s", error)
    threading.Thread(target=run, name="reload", daemon=True).start()
