"""Health and version."""

from fastapi import APIRouter, Request

from movierec import __version__
from movierec.api.schemas import Health, Version

router = APIRouter(tags=["sistema"])


@router.get("/health", response_model=Health)
def health():
    return {"status": "ok"}


@router.get("/version", response_model=Version)
def version(request: Request):
    """Versión del código y resumen de los artefactos que se están sirviendo."""
    manifest = request.app.state.catalog.manifest
    summary = {key: manifest[key] for key in ("created_at", "code_version", "movies", "credits") if key in manifest}
    summary["directorio"] = str(request.app.state.artifacts)
    return {"version": __version__, "artefactos": summary}
