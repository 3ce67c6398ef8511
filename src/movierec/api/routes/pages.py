"""The web page (GET /), its static files and the EDA report: plain files, no build step."""

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse
from starlette.exceptions import HTTPException

from movierec.config import PACKAGE_DIR

router = APIRouter(include_in_schema=False)

WEB_DIR = PACKAGE_DIR / "web"
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}
# Only the page's own files are reachable: names are looked up in this table, never joined to a path.
STATIC_FILES = {path.name: path for path in sorted(WEB_DIR.iterdir())
                if path.is_file() and path.suffix in MEDIA_TYPES and path.name != "index.html"}
# The page loads nothing from other hosts but the posters from TMDB's image service; the browser enforces it.
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https://image.tmdb.org; "
               "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
REVALIDATE = {"Cache-Control": "no-cache"}


@router.get("/")
def index() -> FileResponse:
    """The single Spanish page that uses every endpoint."""
    return FileResponse(WEB_DIR / "index.html", media_type=MEDIA_TYPES[".html"],
                        headers={**REVALIDATE, "Content-Security-Policy": PAGE_POLICY})


@router.get("/static/{name}")
def static_file(name: str) -> FileResponse:
    """A file of src/movierec/web (the CSS, the JavaScript and the icon)."""
    path = STATIC_FILES.get(name)
    if path is None:
        raise HTTPException(status_code=404)
    return FileResponse(path, media_type=MEDIA_TYPES[path.suffix], headers=REVALIDATE)


@router.get("/reporte")
def reporte(request: Request) -> FileResponse:
    """The EDA report written by `movierec report`, if it was generated."""
    report = request.app.state.settings.report
    if not report.is_file():
        raise HTTPException(status_code=404, detail="El reporte EDA aún no se generó: ejecute `movierec report`.")
    return FileResponse(report, media_type=MEDIA_TYPES[".html"], headers=REVALIDATE)
