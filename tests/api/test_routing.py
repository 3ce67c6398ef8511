"""The routing layer of the queries (api/routing.py) beside ordinary FastAPI endpoints, and the
app-wide policy (api/middleware.py) applying to both."""

from typing import Annotated

import pytest
from fastapi import Depends, FastAPI, Query
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from movierec.api.app import create_app
from movierec.api.errors import problem_in_spanish
from movierec.api.routing import Params, Whole
from movierec.config import Settings


class Pair(BaseModel):
    name: str
    note: str | None = None


@pytest.fixture(scope="module")
def app_with_ordinary_route(sample_artifacts) -> FastAPI:
    app = create_app(Settings(artifacts=sample_artifacts))

    def prefix(p: Annotated[str, Query(max_length=5)] = "x") -> str:
        return p

    @app.get("/ordinaria/{name}", response_model=Pair, response_model_exclude_none=True)
    async def ordinary(name: str, got: Annotated[str, Depends(prefix)]):
        return {"name": got + name, "note": None, "dropped": "by response_model"}

    return app


def test_an_ordinary_fastapi_endpoint_works_beside_the_direct_routes(app_with_ordinary_route):
    client = TestClient(app_with_ordinary_route)
    response = client.get("/ordinaria/abc", params={"p": "pre-"})
    assert response.json() == {"name": "pre-abc"}  # response_model enforced, None excluded
    assert response.headers["x-content-type-options"] == "nosniff"
    assert client.head("/ordinaria/abc").status_code == 200
    invalid = client.get("/ordinaria/abc", params={"p": "toolong"})
    assert invalid.status_code == 422 and invalid.json()["errores"][0]["parametro"] == "p"
    assert "caracteres" in invalid.json()["mensaje"]
    assert client.get("/score_titulo/Toy Story").json()["id"] == 862  # the direct routes are still there


class Count(Params):
    k: Whole(1, 20, "k") = 5


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_integers_accept_exactly_ascii_digits_within_bounds(text):
    from fastapi.exceptions import RequestValidationError

    class Fake:
        query_params = {"k": text}
        path_params = {}

    accepted = text.isascii() and text.isdigit() and 1 <= int(text) <= 20
    try:
        assert Count.of(Fake()).k == int(text) and accepted
    except RequestValidationError as error:
        assert not accepted
        assert all(problem_in_spanish(problem) != "valor no válido" for problem in error.errors())


def test_head_requests_are_counted_under_their_route(client):
    client.head("/score_titulo/Toy Story")
    assert 'method="HEAD",route="/score_titulo/{titulo}",status="200"' in client.get("/metrics").text


@pytest.mark.parametrize(("header", "allowed"), [
    ("gzip", True), ("deflate, gzip", True), ("GZIP", True), ("gzip;q=0.5", True), ("gzip; q=1", True),
    ("gzip;q=0", False), ("deflate, gzip;q=0.0", False), ("br", False), ("x-gzip", False), ("gzip;q=x", False),
])
def test_accept_encoding_is_read_with_its_weights(header, allowed):
    from movierec.api.middleware import accepts

    assert accepts(header.encode(), b"gzip") is allowed
