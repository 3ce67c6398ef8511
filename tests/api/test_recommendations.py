"""The recommendation endpoints through the ASGI app."""

import pytest


def test_five_titles_by_descending_similarity(client):
    body = client.get("/recomendacion/Toy Story").json()
    assert body["id"] == 862
    assert len(body["recomendaciones"]) == 5
    assert body["recomendaciones"] == [film["titulo"] for film in body["detalle"]]
    scores = [film["similitud"] for film in body["detalle"]]
    assert scores == sorted(scores, reverse=True)
    assert "Toy Story 2" in body["recomendaciones"]


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
