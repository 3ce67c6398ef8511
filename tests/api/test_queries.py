"""The six queries through the ASGI app, checked against the independent pandas answer key."""

import pytest

from tests.api import oracle


@pytest.mark.parametrize("month", range(1, 13))
def test_month_counts_match_answer_key(client, month):
    name = oracle.MONTHS[month - 1]
    for spelling in (name, name.upper(), str(month)):
        body = client.get(f"/cantidad_filmaciones_mes/{spelling}").json()
        assert body["mes"] == name
        assert body["cantidad"] == oracle.month_count(month)
        assert body["mensaje"].startswith(body["texto"]["cantidad"] + " ")


def test_month_counts_cover_the_catalog(client):
    total = sum(client.get(f"/cantidad_filmaciones_mes/{m}").json()["cantidad"] for m in range(1, 13))
    assert total == len(oracle.movies())


def test_setiembre_is_september(client):
    assert client.get("/cantidad_filmaciones_mes/setiembre").json()["mes"] == "septiembre"


@pytest.mark.parametrize("day", range(7))
def test_weekday_counts_match_answer_key(client, day):
    name = oracle.DAYS[day]
    bare = oracle.key(name)
    for spelling in (name, bare, bare.upper()):
        body = client.get(f"/cantidad_filmaciones_dia/{spelling}").json()
        assert (body["dia"], body["cantidad"]) == (name, oracle.weekday_count(day))


@pytest.mark.parametrize("path", ["/cantidad_filmaciones_mes/brumario", "/cantidad_filmaciones_mes/13",
                                  "/cantidad_filmaciones_dia/monday", "/cantidad_filmaciones_dia/8"])
def test_invalid_month_or_day_is_422_with_valid_values(client, path):
    response = client.get(path)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] and len(body["valores_validos"]) in (7, 12)


TITLES = ["Toy Story", "Jumanji", "Heat", "The Godfather", "Titanic", "Amélie", "Hamlet", "Casino"]


@pytest.mark.parametrize("title", TITLES)
def test_score_titulo(client, title):
    expected = oracle.film_for_title(title)
    body = client.get(f"/score_titulo/{title}").json()
    assert body["id"] == expected["id"]
    assert body["anio"] == expected["date"].year
    assert body["score"] == pytest.approx(expected["popularity"])


@pytest.mark.parametrize("spelling", ["  toy   STORY ", "TOY STORY", "tóy story"])
def test_title_match_ignores_case_accents_spaces(client, spelling):
    assert client.get(f"/score_titulo/{spelling}").json()["id"] == 862


def test_homonyms_pick_most_voted_and_list_others(client):
    expected = oracle.movies()[oracle.movies()["key"] == "hamlet"]
    body = client.get("/score_titulo/hamlet").json()
    assert body["id"] == expected.sort_values("vote_count", ascending=False).iloc[0]["id"]
    others = {film["id"] for film in body["otras_coincidencias"]}
    assert others == set(expected["id"]) - {body["id"]}
    for film in body["otras_coincidencias"]:
        picked = client.get(f"/score_titulo/hamlet?anio={film['anio']}").json()
        assert picked["anio"] == film["anio"]


def test_year_without_match_is_404_with_the_homonyms(client):
    response = client.get("/votos_titulo/hamlet?anio=1901")
    assert response.status_code == 404
    assert all(s.startswith("Hamlet (") for s in response.json()["sugerencias"])


def test_votes_above_minimum(client):
    expected = oracle.film_for_title("Toy Story")
    body = client.get("/votos_titulo/toy story").json()
    assert body["cumple_minimo"] is True
    assert body["votos"] == expected["vote_count"] >= 2000
    assert body["promedio"] == pytest.approx(expected["vote_average"])


def test_votes_below_minimum_hide_vote_values(client):
    few = oracle.movies()[oracle.movies()["vote_count"] < 2000]
    title = few.sort_values("vote_count", ascending=False)["title"].iloc[0]
    body = client.get(f"/votos_titulo/{title}").json()
    assert body["cumple_minimo"] is False
    assert "votos" not in body and "promedio" not in body
    assert "2.000 valoraciones" in body["mensaje"]


def test_every_sample_film_with_2000_votes_meets_the_minimum(client):
    many = oracle.movies()[oracle.movies()["vote_count"] >= 2000]
    for movie_id, title, year in zip(many["id"], many["title"], many["date"].dt.year):
        body = client.get(f"/votos_titulo/{title}", params={"anio": year}).json()
        assert body["id"] == movie_id and body["cumple_minimo"]


@pytest.mark.parametrize("name", ["Tom Hanks", "Robin Williams", "Clint Eastwood", "Mel Gibson", "Woody Allen"])
def test_actor_return(client, name):
    films = oracle.actor_films(name)
    body = client.get(f"/get_actor/{name.upper()}").json()
    assert body["actor"] == name
    assert body["cantidad_peliculas"] == len(films) > 0
    assert body["retorno_total"] == pytest.approx(films["return"].sum())
    assert body["retorno_promedio"] == pytest.approx(films["return"].sum() / len(films))


def test_actor_who_directs_excludes_own_films(client):
    cast, crew = oracle.credits()
    acted_all = cast[cast["name"] == "Clint Eastwood"]["movie_id"].nunique()
    body = client.get("/get_actor/clint eastwood").json()
    assert body["cantidad_peliculas"] < acted_all


@pytest.mark.parametrize("name", ["John Lasseter", "Steven Spielberg", "Woody Allen", "Clint Eastwood"])
def test_director_films(client, name):
    films = oracle.director_films(name)
    body = client.get(f"/get_director/{name.lower()}").json()
    assert body["director"] == name
    assert [film["id"] for film in body["peliculas"]] == films["id"].tolist()
    assert body["retorno_total"] == pytest.approx(films["return"].sum())
    first, expected = body["peliculas"][0], films.iloc[0]
    assert first["fecha_lanzamiento"] == expected["release_date"]
    assert first["costo"] == expected["budget"] and first["ingresos"] == expected["revenue"]
    assert first["ganancia"] == expected["revenue"] - expected["budget"]
    assert first["retorno"] == pytest.approx(expected["return"])


@pytest.mark.parametrize(
    ("path", "suggestion"),
    [("/score_titulo/toy stroy", "Toy Story"), ("/votos_titulo/jumanjii", "Jumanji"),
     ("/get_actor/tom hnaks", "Tom Hanks"), ("/get_director/steven spilberg", "Steven Spielberg")],
)
def test_unknown_names_are_404_with_suggestions(client, path, suggestion):
    response = client.get(path)
    assert response.status_code == 404
    body = response.json()
    assert body["detail"].startswith("No se encontró")
    assert suggestion in body["sugerencias"] and len(body["sugerencias"]) <= 5


@pytest.mark.parametrize("path", ["/score_titulo/", "/get_actor/" + "x" * 201, "/votos_titulo/" + "ñ" * 201,
                                  "/score_titulo/Heat?anio=abc", "/score_titulo/Heat?anio=99999"])
def test_bad_parameters_are_4xx_with_spanish_detail(client, path):
    response = client.get(path)
    assert response.status_code in (404, 422)
    assert response.json()["detail"]


def test_text_of_exactly_200_characters_is_accepted(client):
    response = client.get("/get_actor/" + "x" * 200)
    assert response.status_code == 404


@pytest.mark.parametrize("path", ["/score_titulo/%00", "/get_actor/%F0%9F%8E%AC", "/get_director/..%2F..%2Fetc",
                                  "/score_titulo/' OR 1=1 --", "/cantidad_filmaciones_mes/%20", "/get_actor/12345"])
def test_odd_input_never_500(client, path):
    assert client.get(path).status_code in (200, 404, 422)


def test_health_and_version(client):
    assert client.get("/health").json() == {"status": "ok"}
    body = client.get("/version").json()
    assert body["version"] and body["artefactos"]["peliculas"] == len(oracle.movies())


def test_version_shows_checksums_and_no_server_path(client, sample_artifacts):
    import json

    text = client.get("/version").text
    manifest = json.loads((sample_artifacts / "manifest.json").read_text())
    served = json.loads(text)["artefactos"]["sha256"]
    assert served == {name: entry["sha256"] for name, entry in manifest["outputs"].items()}
    assert json.loads(text)["artefactos"]["modelo_sha256_peliculas"] == served["movies.parquet"]
    assert str(sample_artifacts) not in text  # names relative to the artifacts, no path of this machine
    assert not any(part in text for part in ("/tmp", "/work", "/home", "/app"))


def test_openapi_documents_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ["/cantidad_filmaciones_mes/{mes}", "/cantidad_filmaciones_dia/{dia}", "/score_titulo/{titulo}",
                 "/votos_titulo/{titulo}", "/get_actor/{nombre_actor}", "/get_director/{nombre_director}",
                 "/pelicula/{titulo}", "/buscar_personas", "/explorar"]:
        assert path in paths
        assert "404" in paths[path]["get"]["responses"] or "422" in paths[path]["get"]["responses"]


def search(client, q: str) -> list[dict]:
    body = client.get("/buscar", params={"q": q}).json()
    assert set(body) == {"resultados", "mensaje"} and body["mensaje"]
    return body["resultados"]


def test_buscar_prefix_then_word_matches_accent_insensitive(client):
    results = search(client, "TOY st")
    toy_story = [title for title in map(oracle.key, oracle.movies()["title"]) if title.startswith("toy st")]
    assert len(toy_story) >= 2 and {862, 863} <= {film["id"] for film in results[:len(toy_story)]}
    assert all(oracle.key(film["titulo"]).startswith("toy st") for film in results[:len(toy_story)])
    assert search(client, "amelie")[0]["titulo"] == "Amélie"
    words = search(client, "godfather")
    expected = sum("godfather" in title for title in map(oracle.key, oracle.movies()["title"]))
    assert all("godfather" in oracle.key(film["titulo"]) for film in words) and len(words) == min(expected, 10) >= 3


def test_buscar_returns_at_most_ten_with_prefix_first(client):
    results = search(client, "the")
    assert len(results) == 10
    assert all(oracle.key(film["titulo"]).startswith("the") for film in results)
    assert set(results[0]) == {"id", "titulo", "anio"}


def test_buscar_says_how_many_it_found(client):
    body = client.get("/buscar", params={"q": "toy st"}).json()
    assert len(body["resultados"]) >= 2 and body["mensaje"].startswith(f"{len(body['resultados'])} películas")


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "x" * 201}])
def test_buscar_rejects_empty_or_long_queries(client, params):
    assert client.get("/buscar", params=params).status_code == 422


def test_buscar_unknown_is_empty_with_a_message(client):
    body = client.get("/buscar", params={"q": "qqqzzzxxx"}).json()
    assert body["resultados"] == [] and "qqqzzzxxx" in body["mensaje"]


@pytest.mark.parametrize("path", ["/score_titulo/Face%2FOff", "/score_titulo/Face/Off", "/recomendacion/face%2Foff"])
def test_titles_with_a_slash_match_encoded_or_not(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.json()["id"] == 754


def test_titles_with_a_question_mark_match_when_encoded(client):
    assert client.get("/score_titulo/What%20About%20Bob%3F").json()["id"] == 10276
