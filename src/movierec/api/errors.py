"""Error handlers: every 4xx is JSON in Spanish with `detail` and `mensaje`, never a 500.

Validation problems are reworded from pydantic's error *types*, so none of its English text
(`"Input should be ..."`) reaches a user.
"""

from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from movierec.catalog import InvalidValue, NotFound

HTTP_PHRASES = {status: status.phrase for status in HTTPStatus}
SPANISH_DETAIL = {
    400: "Petición mal formada.",
    401: "Falta la autorización o no es válida.",
    404: "Ruta no encontrada.",
    405: "Método no permitido en esta ruta.",
    413: "El cuerpo de la petición es demasiado grande.",
    416: "El rango pedido está fuera del archivo.",
}


def problem_in_spanish(problem: dict) -> str:
    """One pydantic error (its type and context) as a Spanish phrase."""
    kind, context = problem["type"], problem.get("ctx") or {}
    if kind == "missing":
        return "falta este parámetro"
    if kind in ("int_parsing", "int_type", "int_from_float", "digits_only"):
        return "debe ser un número entero escrito solo con dígitos (sin signos, espacios, puntos ni guiones bajos)"
    if kind in ("greater_than_equal", "greater_than"):
        return f"debe ser mayor o igual que {context.get('ge', context.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"debe ser menor o igual que {context.get('le', context.get('lt'))}"
    if kind in ("string_too_short", "string_pattern_mismatch"):
        return "no puede estar vacío ni tener solo espacios"
    if kind == "string_too_long":
        return f"admite como máximo {context.get('max_length')} caracteres"
    if kind == "json_invalid":
        return "el cuerpo no es JSON válido"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "debe ser un objeto JSON"
    if kind == "string_type":
        return "debe ser un texto"
    if kind == "extra_forbidden":
        return "campo no admitido"
    return "valor no válido"


def invalid_parameters(errors: list[dict]) -> dict:
    """The 422 body of a request whose parameters (or JSON body) failed validation."""
    problems = [
        {"parametro": ".".join(str(part) for part in problem["loc"][1:]) or problem["loc"][0],
         "problema": problem_in_spanish(problem)}
        for problem in errors
    ]
    names = ", ".join(problem["parametro"] for problem in problems)
    first = problems[0] if problems else {"parametro": "", "problema": "valor no válido"}
    return {"detail": f"Parámetros inválidos: {names}.", "errores": problems,
            "mensaje": f"El parámetro «{first['parametro']}» {first['problema']}."}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> JSONResponse:
        hint = f" ¿Quiso decir {', '.join(error.suggestions[:3])}?" if error.suggestions else ""
        return JSONResponse({"detail": error.detail, "sugerencias": error.suggestions,
                             "mensaje": error.detail + hint}, status_code=404)

    @app.exception_handler(InvalidValue)
    async def invalid_value(request: Request, error: InvalidValue) -> JSONResponse:
        return JSONResponse({"detail": error.detail, "valores_validos": error.valid_values,
                             "mensaje": f"{error.detail} Valores válidos: {', '.join(error.valid_values)}."},
                            status_code=422)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(invalid_parameters(list(error.errors())), status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        default = error.detail == HTTP_PHRASES.get(error.status_code)  # no detail of our own
        detail = SPANISH_DETAIL.get(error.status_code, "Petición no válida.") if default else error.detail
        headers = dict(error.headers or {})
        if error.status_code == 405 and "GET" in headers.get("Allow", "").split(", "):
            headers["Allow"] += ", HEAD"  # the middleware answers HEAD wherever GET works
        return JSONResponse({"detail": detail, "mensaje": detail}, status_code=error.status_code, headers=headers)
