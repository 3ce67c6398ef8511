"""Data contracts on the artifacts the ETL builds from the bundled sample."""

import gzip
import json

import pandas as pd
import pytest

from movierec.artifacts import read_manifest, read_table, sha256_of
from movierec.etl.movies import DROPPED_COLUMNS
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def manifest(sample_artifacts):
    return read_manifest(sample_artifacts)


@pytest.fixture(scope="module")
def movies(sample_artifacts):
    return read_table(sample_artifacts, "movies")


def test_accounting_equation_holds_for_every_input(manifest, sample_artifacts):
    for name in ("movies", "credits", "ratings", "links", "keywords"):
        entry = manifest[name]
        assert entry["rows_in"] == entry["rows_kept"] + entry["rows_quarantined"], name
        assert sum(entry["reasons"].values()) == entry["rows_quarantined"], name
        lines = (sample_artifacts / "quarantine" / f"{name}.jsonl").read_text().splitlines()
        assert len(lines) == entry["rows_quarantined"], name


def test_rows_in_matches_the_raw_files(manifest):
    import csv

    with gzip.open(SAMPLE.movies, "rt", newline="", encoding="utf-8") as handle:
        records = sum(1 for _ in csv.reader(handle)) - 1
    assert manifest["movies"]["rows_in"] == records


def test_kept_rows_match_the_tables(manifest, movies, sample_artifacts):
    assert manifest["movies"]["rows_kept"] == len(movies)
    assert manifest["outputs"]["movies.parquet"]["rows"] == len(movies)
    assert manifest["ratings"]["rows_kept"] == len(read_table(sample_artifacts, "ratings"))


def test_known_anomalies_of_the_sample_are_quarantined(manifest, sample_artifacts):
    entries = [json.loads(line) for line in
               (sample_artifacts / "quarantine" / "movies.jsonl").read_text().splitlines()]
    duplicates = [entry for entry in entries if entry["reason"] == "duplicate_id"]
    assert [entry["fields"]["id"] for entry in duplicates] == ["105045"]


def test_ids_are_unique_and_positive(movies):
    assert movies["id"].is_unique
    assert (movies["id"] > 0).all()


def test_no_null_release_dates_and_iso_format(movies):
    assert movies["release_date"].notna().all()
    assert movies["release_date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    parsed = pd.to_datetime(movies["release_date"], format="%Y-%m-%d")
    assert (parsed.dt.year == movies["release_year"]).all()


def test_return_rule_on_every_row(movies):
    assert movies[["budget", "revenue", "return"]].notna().all().all()
    with_budget = movies["budget"] > 0
    expected = movies.loc[with_budget, "revenue"] / movies.loc[with_budget, "budget"]
    assert (movies.loc[with_budget, "return"] == expected).all()
    assert (movies.loc[~with_budget, "return"] == 0).all()


def test_dropped_columns_absent(movies, sample_artifacts):
    assert not set(DROPPED_COLUMNS) & set(movies.columns)
    final = pd.read_csv(sample_artifacts / "dataset_final.csv", nrows=5)
    assert not set(DROPPED_COLUMNS) & set(final.columns)


@pytest.mark.parametrize("table", ["genres", "companies", "countries", "languages", "cast", "crew", "ratings"])
def test_unnested_tables_reference_catalog_movies(sample_artifacts, movies, table):
    frame = read_table(sample_artifacts, table)
    assert len(frame) > 0
    assert frame["movie_id"].isin(movies["id"]).all()


def test_genre_names_agree_with_movies_table(sample_artifacts, movies):
    genres = read_table(sample_artifacts, "genres").sort_values(["movie_id", "position"])
    joined = genres.groupby("movie_id")["name"].agg("|".join)
    from_movies = movies.set_index("id")["genres"]
    assert (from_movies.loc[joined.index] == joined).all()
    assert (from_movies.drop(joined.index) == "").all()


def test_credits_cover_known_films(sample_artifacts):
    crew = read_table(sample_artifacts, "crew")
    cast = read_table(sample_artifacts, "cast")
    directors = crew[(crew["movie_id"] == 862) & (crew["job"] == "Director")]["name"].tolist()
    assert directors == ["John Lasseter"]
    assert "Tom Hanks" in cast[cast["movie_id"] == 862]["name"].tolist()
    assert cast["movie_id"].nunique() > 1400


def test_manifest_checksums_match_outputs(manifest, sample_artifacts):
    for name, entry in manifest["outputs"].items():
        assert sha256_of(sample_artifacts / name) == entry["sha256"], name


def test_match_keys_are_the_normalised_names(movies, sample_artifacts):
    from movierec.text import normalize

    assert (movies["title"].map(normalize) == movies["title_key"]).all()
    for table in ("cast", "crew"):
        frame = read_table(sample_artifacts, table, columns=["name", "name_key"]).dropna()
        assert (frame["name"].map(normalize) == frame["name_key"]).all(), table


def test_extras_keep_the_dropped_fields_the_card_needs_one_row_per_film(sample_artifacts, movies):
    from tests.rawfiles import read_records

    extras = read_table(sample_artifacts, "extras")
    assert list(extras.columns) == ["movie_id", "original_title", "original_title_key", "poster_path", "imdb_id"]
    assert extras["movie_id"].is_unique and set(extras["movie_id"]) == set(movies["id"])
    header, *rows = read_records(SAMPLE.movies)
    raw = {}
    for row in rows:  # the first record of an id is the kept one
        record = dict(zip(header, row))
        raw.setdefault(record["id"], record)
    for entry in extras.itertuples():
        record = raw[str(entry.movie_id)]
        for column in ("original_title", "poster_path", "imdb_id"):
            assert getattr(entry, column) == (record[column].strip() or None), (entry.movie_id, column)
    amelie = extras.set_index("movie_id").loc[194]
    assert (amelie["original_title"], amelie["original_title_key"]) == ("Le fabuleux destin d'Amélie Poulain",
                                                                      "le fabuleux destin d'amelie poulain")


def test_the_brief_tables_do_not_gain_the_extras(movies, sample_artifacts):
    final = pd.read_csv(sample_artifacts / "dataset_final.csv", nrows=5)
    for columns in (movies.columns, final.columns):
        assert not {"original_title", "original_title_key", "poster_path", "imdb_id"} & set(columns)
