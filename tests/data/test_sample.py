"""Data contracts on the bundled sample: raw Kaggle layout, counts as PROVENANCE.md states them,
no id shared by the two sources, and the added films (up to 2012) served like any other."""

import ast
import csv
import gzip
import io
import re
from urllib.parse import quote

import pytest

from scripts.build_sample import imdb_by_tmdb, movie_to_raw
from tests.conftest import SAMPLE_DIR, SHARED_DATA
from tests.rawfiles import read_records

RAW_RECORDS = 5000  # the first records of movies_metadata.csv, byte for byte
NESTED_KEYS = {"genres": ("id", "name"), "production_companies": ("name", "id"),
               "production_countries": ("iso_3166_1", "name"), "spoken_languages": ("iso_639_1", "name")}
FAMOUS = ["Inception", "The Dark Knight", "Avatar", "Finding Nemo", "The Avengers", "WALL·E", "Up",
          "The Lord of the Rings: The Return of the King", "Harry Potter and the Half-Blood Prince"]


def records(name: str) -> list[list[str]]:
    return read_records(SAMPLE_DIR / name)


@pytest.fixture(scope="module")
def movie_records():
    return records("movies_dataset.csv.gz")


@pytest.fixture(scope="module")
def added(movie_records):
    header = movie_records[0]
    return [dict(zip(header, row)) for row in movie_records[1 + RAW_RECORDS:]]


def test_converter_writes_a_hand_checked_raw_record():
    """A real TMDB 5000 row (JSON nested fields, \\u escapes) -> the record checked by hand."""
    film = {"budget": "0", "genres": '[{"id": 28, "name": "Action"}, {"id": 35, "name": "Comedy"}]',
            "homepage": "", "id": "147767", "keywords": "[]", "original_language": "en",
            "original_title": "Khiladi 786", "overview": "The 8th installment in the Khiladi series.",
            "popularity": "0.114342", "production_companies": "[]", "production_countries": "[]",
            "release_date": "2012-12-07", "revenue": "126", "runtime": "139.0",
            "spoken_languages": '[{"iso_639_1": "hi", "name": "\\u0939\\u093f\\u0928\\u094d\\u0926\\u0940"}]',
            "status": "Released", "tagline": "", "title": "Khiladi 786", "vote_average": "4.7", "vote_count": "11"}
    header = ("adult,belongs_to_collection,budget,genres,homepage,id,imdb_id,original_language,original_title,"
              "overview,popularity,poster_path,production_companies,production_countries,release_date,revenue,"
              "runtime,spoken_languages,status,tagline,title,video,vote_average,vote_count").split(",")
    line = io.StringIO(newline="")
    csv.writer(line, lineterminator="\n").writerow(movie_to_raw(film, header, {"147767": "tt2166214"}))
    assert line.getvalue() == (
        ",,0,\"[{'id': 28, 'name': 'Action'}, {'id': 35, 'name': 'Comedy'}]\",,147767,tt2166214,en,"
        "Khiladi 786,The 8th installment in the Khiladi series.,0.114342,,[],[],2012-12-07,126,139.0,"
        "\"[{'iso_639_1': 'hi', 'name': 'हिन्दी'}]\",Released,,Khiladi 786,,4.7,11\n")
    assert movie_to_raw(film, header, {})[header.index("imdb_id")] == ""  # unknown to MovieLens: empty


def test_imdb_ids_only_where_movielens_is_unambiguous():
    links = [{"movieId": "1", "imdbId": "0114709", "tmdbId": "862"},
             {"movieId": "2", "imdbId": "0000001", "tmdbId": "5"}, {"movieId": "3", "imdbId": "0000002", "tmdbId": "5"},
             {"movieId": "4", "imdbId": "0000003", "tmdbId": ""}]
    assert imdb_by_tmdb(links) == {"862": "tt0114709"}


def test_the_movies_file_keeps_the_raw_layout(movie_records, added):
    raw = (SAMPLE_DIR / "movies_dataset.csv.gz").read_bytes()
    text = gzip.decompress(raw).decode("utf-8")
    again = io.StringIO(newline="")
    csv.writer(again, lineterminator="\n").writerows(movie_records)
    assert again.getvalue() == text  # QUOTE_MINIMAL, LF ends, nothing else
    assert len(added) > 0 and all(len(row) == len(movie_records[0]) for row in movie_records)
    for film in added:
        for column, keys in NESTED_KEYS.items():
            entries = ast.literal_eval(film[column])
            assert all(tuple(entry) == keys for entry in entries), (film["id"], column)
            assert film[column] == repr(entries)  # a Python literal, as in the raw file, not JSON
        assert (film["adult"], film["belongs_to_collection"], film["poster_path"], film["video"]) == ("", "", "", "")
        assert re.fullmatch(r"(tt\d{7})?", film["imdb_id"]), film["imdb_id"]
        assert film["release_date"][:4] <= "2012"


@pytest.mark.skipif(not SHARED_DATA.exists(), reason="needs ../shared/data")
def test_the_first_records_are_the_raw_file_byte_for_byte():
    source = (SHARED_DATA / "the-movies-dataset" / "movies_dataset.csv").read_bytes()
    assert gzip.decompress((SAMPLE_DIR / "movies_dataset.csv.gz").read_bytes()).startswith(source)


def test_no_film_id_comes_from_both_sources(movie_records, added):
    id_at = movie_records[0].index("id")
    raw_ids = {row[id_at] for row in movie_records[1:1 + RAW_RECORDS]}
    added_ids = [film["id"] for film in added]
    assert len(set(added_ids)) == len(added_ids)
    assert not raw_ids & set(added_ids)


def test_added_films_have_their_credits_and_keywords(added):
    credit_ids = {row[2] for row in records("credits.csv.gz")[1:]}
    keywords = records("keywords.csv.gz")
    assert keywords[0] == ["id", "keywords"]
    assert {film["id"] for film in added} <= credit_ids
    assert {film["id"] for film in added} <= {row[0] for row in keywords[1:]}
    for _, literal in keywords[1:]:
        assert all(tuple(entry) == ("id", "name") for entry in ast.literal_eval(literal))


def provenance_table() -> dict[str, tuple[int, int]]:
    """{file: (rows, bytes)} as PROVENANCE.md states them (Spanish thousands separators)."""
    text = (SAMPLE_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\S+\.csv(?:\.gz)?) \| ([\d.]+) \| ([\d.]+) \|", text, flags=re.M)
    return {name: (int(n.replace(".", "")), int(size.replace(".", ""))) for name, n, size in rows}


def test_counts_match_provenance():
    table = provenance_table()
    assert set(table) == {p.name for p in SAMPLE_DIR.iterdir() if ".csv" in p.name}
    for name, (rows, size) in table.items():
        assert len(records(name)) - 1 == rows, name
        assert (SAMPLE_DIR / name).stat().st_size == size, name


def test_every_added_film_is_served(client, added):
    """Each converted row passed the ETL's rules: its title and year find it (or list it)."""
    for film in added:
        body = client.get(f"/score_titulo/{quote(film['title'], safe='')}", params={"anio": film["release_date"][:4]}).json()
        found = [body.get("id")] + [other["id"] for other in body.get("otras_coincidencias", [])]
        assert int(film["id"]) in found, (film["title"], body)


@pytest.mark.parametrize("title", FAMOUS)
def test_famous_recent_films_are_found(client, title):
    body = client.get(f"/score_titulo/{title}").json()
    assert body["titulo"] == title and 2001 <= body["anio"] <= 2012
    results = client.get("/buscar", params={"q": title}).json()["resultados"]
    assert title in [film["titulo"] for film in results]


def test_nolan_films_are_under_his_name(client):
    body = client.get("/get_director/Christopher Nolan").json()
    titles = {film["titulo"] for film in body["peliculas"]}
    assert {"Memento", "Inception", "The Dark Knight", "The Prestige", "The Dark Knight Rises"} <= titles
