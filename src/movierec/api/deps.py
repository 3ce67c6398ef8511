"""Shared route plumbing: the served version, the JSON answer, and each route's parameters."""

from typing import Annotated, ClassVar, Self

import orjson
from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.convertors import Convertor, register_url_convertor

from movierec.api.schemas import InvalidBody, NotFoundBody
from movierec.serving import Served

MAX_TEXT = 200


class TextConvertor(Convertor):
    """Path segment for titles and names: anything, slashes and newlines included ("Face/Off")."""

    regex = r"[\s\S]*"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("text", TextConvertor())
NOT_FOUND = {404: {"model": NotFoundBody, "description": "No encontrado; incluye sugerencias."}}
INVALID = {422: {"model": InvalidBody, "description": "Parámetro inválido; incluye los valores válidos o el problema."}}


# Routes are `async def`, read the served version straight from app.state and answer JSON
# serialised once; each route's path and query parameters are one `Params` model validated in a
# single pydantic call, and FastAPI calls the endpoint directly (`DirectRoute`). A query is a
# few microseconds of dict lookups, so thread-pool hops, FastAPI's per-parameter handling and
# dependency resolution and response re-validation were most of the cost of a request
# (docs/benchmarks.md).


class DirectRoute(APIRoute):
    """A route FastAPI documents as usual but calls directly: its endpoint takes the Request
    alone and returns a Response, so there are no parameters or dependencies to resolve
    (FastAPI's resolution costs ~50 µs a request even then)."""

    def __init__(self, path: str, endpoint, **kwargs) -> None:
        super().__init__(path, endpoint, **kwargs)
        declared = self.dependant
        if (declared.path_params or declared.query_params or declared.header_params or declared.cookie_params
                or declared.body_params or declared.dependencies):
            raise TypeError(f"{path}: the endpoint of a DirectRoute takes only the Request; "
                            "declare its parameters as a Params model")

    def get_route_handler(self):
        return self.endpoint  # Starlette's request_response awaits it, or runs a `def` in the thread pool


def served_of(request: Request) -> Served:
    """The version being served (catalog and model), read once per request: reloads are atomic."""
    return request.app.state.holder.current


class JSONAnswer(Response):
    """A dict the core already shaped as the documented schema, serialised once."""

    media_type = "application/json"

    def render(self, content: dict) -> bytes:
        return orjson.dumps(content)


class Params(BaseModel):
    """A route's path and query parameters, declared once.

    `of(request)` validates them in one pydantic call (FastAPI's own handling costs 25-40 µs per
    parameter and request) and fails like FastAPI does, with a RequestValidationError located
    in "path" or "query"; `openapi()` documents them for /docs and /openapi.json. Fields named
    in `in_path` are path parameters, the rest query parameters.
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
             **({"description": field["description"]} if "description" in field else {})}
            for name, field in schema["properties"].items()
        ]}


Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT, pattern=r"\S")]
Year = Annotated[int | None, Field(ge=1800, le=2100, description="Año de estreno, para elegir entre películas homónimas.")]


class TitleParams(Params):
    """A title, and the year that picks one of its homonyms."""

    in_path = frozenset({"titulo"})
    titulo: Annotated[Text, Field(description="Título de la película.", examples=["Toy Story"])]
    anio: Year = None
