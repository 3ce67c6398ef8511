"""The query routes' own routing layer: `DirectRoute`, `Params` and `JSONAnswer`.

Why it exists: a query is a few microseconds of dict lookups, so FastAPI's per-request work
(resolving each parameter, 25-40 µs apiece; dependency resolution, ~50 µs even with none;
re-validating the response against `response_model`; the thread-pool hop of `def` routes) was
most of the cost of a request (docs/benchmarks.md). Here:

- `DirectRoute` is an `APIRoute` that FastAPI documents as usual but calls directly: the
  endpoint takes the Request alone and returns a Response.
- `Params` declares a route's path and query parameters as one pydantic model, validated in
  one call by `Params.of(request)`, and documented in /openapi.json by `Params.openapi()`.
- `JSONAnswer` serialises the dict the core already shaped, once, with orjson. `response_model`
  on these routes documents the answer; it is never enforced (nor `response_model_exclude_none`):
  the core's dict is the contract, checked by tests/api against the schema (schemathesis).

Ordinary FastAPI routes (parameters in the signature, dependencies, `response_model`) work
beside these ones: the system routes are such routes.
"""

from typing import Annotated, ClassVar, Self

import orjson
from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError
from starlette.convertors import Convertor, register_url_convertor

from movierec.api.schemas import InvalidBody, NotFoundBody

MAX_TEXT = 200


class TextConvertor(Convertor):
    """Path segment for titles and names: anything, slashes and newlines included ("Face/Off")."""

    regex = r"[\s\S]*"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("text", TextConvertor())
NOT_FOUND = {404: {"model": NotFoundBody, "description": "No encontrado; incluye hasta 5 sugerencias."}}
INVALID = {422: {"model": InvalidBody,
                 "description": "Parámetro inválido; incluye los valores válidos o el problema de cada parámetro."}}


class DirectRoute(APIRoute):
    """A route FastAPI documents as usual but calls directly (see the module docstring)."""

    def __init__(self, path: str, endpoint, **kwargs) -> None:
        super().__init__(path, endpoint, **kwargs)
        declared = self.dependant
        if (declared.path_params or declared.query_params or declared.header_params or declared.cookie_params
                or declared.body_params or declared.dependencies):
            raise TypeError(f"{path}: the endpoint of a DirectRoute takes only the Request; "
                            "declare its parameters as a Params model")

    def get_route_handler(self):
        return self.endpoint  # Starlette's request_response awaits it, or runs a `def` in the thread pool


class JSONAnswer(Response):
    """A dict the core already shaped as the documented schema, serialised once."""

    media_type = "application/json"

    def render(self, content: dict) -> bytes:
        return orjson.dumps(content)


class Params(BaseModel):
    """A route's path and query parameters, declared once.

    `of(request)` validates them in one pydantic call and fails like FastAPI does, with a
    RequestValidationError located in "path" or "query"; `openapi()` documents them. Fields
    named in `in_path` are path parameters, the rest query parameters.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)
    in_path: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def of(cls, request: Request) -> Self:
        try:
            return cls.model_validate({**request.query_params, **request.path_params})
        except ValidationError as error:
            raise RequestValidationError([
                {**problem, "loc": ("path" if problem["loc"][0] in cls.in_path else "query", *problem["loc"])}
                for problem in error.errors(include_url=False)
            ]) from None

    @classmethod
    def openapi(cls) -> dict:
        """`openapi_extra` for the route: each field as an OpenAPI parameter."""
        schema = cls.model_json_schema()
        return {"parameters": [
            {"name": name, "in": "path" if name in cls.in_path else "query",
             "required": name in schema.get("required", ()), "schema": field,
             **({"description": field["description"]} if "description" in field else {}),
             **({"example": field["examples"][0]} if field.get("examples") else {})}
            for name, field in schema["properties"].items()
        ]}


def digits_only(value):
    """Integers in URLs are ASCII digits and nothing else: Python's int() would also take
    "1_0", "+1", " 1" and "١"; pydantic's lax mode "1.0"."""
    if isinstance(value, str) and not (value.isascii() and value.isdigit() and len(value) <= 100):
        raise PydanticCustomError("digits_only", "not an integer written in digits")
    return value


def Whole(low: int, high: int, description: str, **extra):  # noqa: N802 - a type, spelt like one
    """An integer parameter in [low, high], written with digits only."""
    return Annotated[int, Field(ge=low, le=high, description=description, **extra), BeforeValidator(digits_only)]


Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT, pattern=r"\S")]
Year = Annotated[Whole(1800, 2100, "Año de estreno.") | None,
                 Field(description="Año de estreno, para elegir entre películas homónimas.", examples=[1995])]


class TitleParams(Params):
    """A title, and the year that picks one of its homonyms."""

    in_path = frozenset({"titulo"})
    titulo: Annotated[Text, Field(description="Título de la película, sin distinguir mayúsculas ni tildes.",
                                  examples=["Toy Story"])]
    anio: Year = None
