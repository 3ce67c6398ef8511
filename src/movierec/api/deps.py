"""Shared route plumbing: the served version, the JSON answer, and the limits on parameters."""

import json
from typing import Annotated

from fastapi import Path, Query, Request, Response
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


# Query routes are `async def` and read the served version straight from app.state, and answer
# with JSON serialised once: a query is a few microseconds of dict lookups, so thread-pool hops,
# dependency resolution and response re-validation were most of the cost (docs/benchmarks.md).


def served_of(request: Request) -> Served:
    """The version being served (catalog and model), read once per request: reloads are atomic."""
    return request.app.state.holder.current


class JSONAnswer(Response):
    """A dict the core already shaped as the documented schema, serialised once."""

    media_type = "application/json"

    def render(self, content: dict) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def text_param(description: str, example: str):
    return Path(min_length=1, max_length=MAX_TEXT, pattern=r"\S", description=description, examples=[example])


YearParam = Annotated[int | None, Query(ge=1800, le=2100, description="Año de estreno, para elegir entre películas homónimas.")]

