"""The recommendation endpoints through the ASGI app."""

import pytest


def test_five_titles_by_descending_similarity(client):
    body = client.get("/recomendacion/Toy Story").json()
    assert body["id"] == 862
    assert len(body["recomendaciones"]) == 5
    assert body["recomendaciones"] == [film["titulo"] for film in body["detalle"]]
    scores = [film["similitud"] for film in body["detalle"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= score <= 1 for score in scores)
    assert "Toy Story 2" in body["recomendaciones"]
    reasons = {film["titulo"]: film["motivo"] for film in body["detalle"]}
    assert reasons["Toy Story 2"] == "misma colección" and all(reasons.values())


@pytest.mark.parametrize("spelling", ["toy story", "  TOY   STORY ", "Tóy Störy"])
def test_same_answer_whatever_case_accents_or_spaces(client, spelling):
    assert client.get(f"/recomendacion/{spelling}").json() == client.get("/recomendacion/Toy Story").json()


@pytest.mark.parametrize("k", [1, 12, 20])
def test_k_recommendations_never_the_film_itself(client, k):
    body = client.get("/recomendacion/Jumanji", params={"k": k}).json()
    assert len(body["detalle"]) == k
    assert body["id"] not in {film["id"] for film in body["detalle"]}


def test_homonyms_pick_by_year(client):
    body = client.get("/recomendacion/hamlet", params={"anio": 1948}).json()
    assert body["id"] == 23383 and len(body["otras_coincidencias"]) >= 2


@pytest.mark.parametrize("params", [{"k": 0}, {"k": 21}, {"k": "x"}, {"anio": "mil"}])
def test_bad_parameters_are_422(client, params):
    assert client.get("/recomendacion/Toy Story", params=params).status_code == 422


def test_every_bad_parameter_is_named_in_one_422(client):
    response = client.get("/recomendacion/%20", params={"anio": "mil", "k": 0, "otro": "ignorado"})
    assert response.status_code == 422
    body = response.json()
    assert [problem["parametro"] for problem in body["errores"]] == ["titulo", "anio", "k"]
    assert body["detail"] == "Parámetros inválidos: titulo, anio, k."


def test_unknown_query_parameters_are_ignored(client):
    plain = client.get("/recomendacion/Toy Story").json()
    assert client.get("/recomendacion/Toy Story", params={"pagina": 2}).json() == plain


def test_openapi_documents_each_parameter_with_its_place_and_limits(client):
    paths = client.get("/openapi.json").json()["paths"]
    parameters = {p["name"]: p for p in paths["/recomendacion/{titulo}"]["get"]["parameters"]}
    assert set(parameters) == {"titulo", "anio", "k"}
    assert parameters["titulo"]["in"] == "path" and parameters["titulo"]["required"]
    assert parameters["titulo"]["schema"]["maxLength"] == 200
    assert parameters["k"]["in"] == "query" and not parameters["k"]["required"]
    assert (parameters["k"]["schema"]["minimum"], parameters["k"]["schema"]["maximum"]) == (1, 20)
    assert parameters["k"]["schema"]["default"] == 5
    assert {p["name"]: p["in"] for p in paths["/recomendacion_usuario/{user_id}"]["get"]["parameters"]} == \
        {"user_id": "path", "k": "query"}
    search = paths["/buscar"]["get"]["parameters"]
    assert [(p["name"], p["in"], p["required"]) for p in search] == [("q", "query", True)]


def test_unknown_title_is_404_with_suggestions(client):
    response = client.get("/recomendacion/toy stori")
    assert response.status_code == 404 and "Toy Story" in response.json()["sugerencias"]


def test_user_recommendations_are_unrated_films(client, sample_artifacts):
    import pandas as pd

    ratings = pd.read_parquet(sample_artifacts / "ratings.parquet")
    rated = set(ratings.loc[ratings["user_id"] == 1, "movie_id"])
    body = client.get("/recomendacion_usuario/1").json()
    assert body["usuario"] == 1 and len(body["detalle"]) == 5
    assert not rated & {film["id"] for film in body["detalle"]}


@pytest.mark.parametrize(("path", "status"), [("/recomendacion_usuario/999999", 404),
                                              ("/recomendacion_usuario/0", 422),
                                              ("/recomendacion_usuario/uno", 422),
                                              ("/recomendacion_usuario/99999999999", 422)])
def test_unknown_or_invalid_user(client, path, status):
    response = client.get(path)
    assert response.status_code == status and response.json()["detail"]


def test_unknown_user_404_gives_the_valid_id_range(client, sample_artifacts):
    import pandas as pd

    users = pd.read_parquet(sample_artifacts / "ratings.parquet")["user_id"]
    body = client.get("/recomendacion_usuario/999999").json()
    assert f"del {users.min()} al {users.max()}" in body["detail"] and body["sugerencias"] == []


def test_a_direct_route_refuses_parameters_it_would_not_parse():
    from fastapi import APIRouter, Request

    from movierec.api.routing import DirectRoute

    router = APIRouter(route_class=DirectRoute)
    with pytest.raises(TypeError, match="Params model"):
        @router.get("/x/{name}")
        async def declares_a_parameter(request: Request, name: str):
            return name


def test_each_user_pick_names_a_film_the_user_liked(client, sample_artifacts):
    """The `motivo` of a pick names, with its year, a film the user rated 4 or more; over 30 users,
    most picks have one."""
    import pandas as pd

    from movierec.recommend.collaborative import LIKE

    ratings = pd.read_parquet(sample_artifacts / "ratings.parquet")
    movies = pd.read_parquet(sample_artifacts / "movies.parquet").set_index("id")
    named = {movie: f"{row.title} ({row.release_year})" for movie, row in movies.iterrows()}
    explained = 0
    for user in ratings["user_id"].drop_duplicates().head(30).tolist():
        mine = ratings[ratings["user_id"] == user]
        liked = {f"porque valoró bien {named[movie]}" for movie in mine.loc[mine["rating"] >= LIKE, "movie_id"]}
        for film in client.get(f"/recomendacion_usuario/{user}").json()["detalle"]:
            assert film["motivo"] in liked or film["motivo"].startswith("popular entre los usuarios"), (user, film)
            explained += film["motivo"] in liked
    assert explained >= 100
