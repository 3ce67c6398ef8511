"""Error handlers: domain errors and bad parameters become 4xx JSON with Spanish text, never 500."""

from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from movierec.catalog import InvalidValue, NotFound



HTTP_PHRASES = {status: status.phrase for status in HTTPStatus}
SPANISH_DETAIL = {404: "Ruta no encontrada.", 405: "Método no permitido en esta ruta."}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> JSONResponse:
        return JSONResponse({"detail": error.detail, "sugerencias": error.suggestions}, status_code=404)

    @app.exception_handler(InvalidValue)
    async def invalid_value(request: Request, error: InvalidValue) -> JSONResponse:
        return JSONResponse({"detail": error.detail, "valores_validos": error.valid_values}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [
            {"parametro": ".".join(str(part) for part in problem["loc"][1:]), "problema": problem["msg"]}
            for problem in error.errors()
        ]
        names = ", ".join(problem["parametro"] for problem in problems)
        return JSONResponse({"detail": f"Parámetros inválidos: {names}.", "errores": problems}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        default = error.detail == HTTP_PHRASES.get(error.status_code)  # no detail of our own
        detail = SPANISH_DETAIL.get(error.status_code, error.detail) if default else error.detail
        return JSONResponse({"detail": detail}, status_code=error.status_code, headers=error.headers)
