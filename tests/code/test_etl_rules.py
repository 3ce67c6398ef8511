"""One test per ETL rule, on hand-written raw rows run through the real reader and cleaners."""

import json

import pandas as pd
import pytest

from movierec.etl.credits import clean_credits
from movierec.etl.movies import DROPPED_COLUMNS, MOVIE_COLUMNS, clean_movies, compute_return
from movierec.etl.pipeline import RawSources, run_etl
from movierec.etl.read import read_raw
from tests.rawfiles import (
    CREDIT_HEADER, MOVIE_HEADER, SHIFTED_ROW, TOY_STORY_CREDITS, movie, write_csv,
)


def clean(tmp_path, rows):
    path = write_csv(tmp_path / "movies.csv", MOVIE_HEADER, rows)
    raw = read_raw("películas", path, MOVIE_COLUMNS)
    return raw, clean_movies(raw.frame)


def reasons_of(result):
    return [entry["reason"] for entry in result.quarantine]


@pytest.mark.parametrize("bad_id", ["1997-08-20", "tt0114709", "-5", "0", "", "12.5", "abc"])
def test_rule1_id_must_be_positive_integer(tmp_path, bad_id):
    _, result = clean(tmp_path, [movie(id=bad_id)])
    assert result.movies.empty
    assert reasons_of(result) == ["invalid_id"]


def test_rule1_shifted_row_of_the_full_file_is_quarantined(tmp_path):
    _, result = clean(tmp_path, [movie(), SHIFTED_ROW])
    assert result.movies["id"].tolist() == [862]
    assert reasons_of(result) == ["invalid_id"]
    assert result.quarantine[0]["fields"]["budget"] == "/ff9qCepilowshEtG2GYWwzt2bs4.jpg"
    assert result.quarantine[0]["source_row"] == 2


def test_row_with_missing_field_is_quarantined_by_the_reader(tmp_path):
    raw, result = clean(tmp_path, [movie(), SHIFTED_ROW[:-1]])
    assert len(result.movies) == 1
    assert [entry["reason"] for entry in raw.malformed] == ["wrong_field_count"]
    assert raw.malformed[0]["fields"] == SHIFTED_ROW[:-1]
    assert raw.rows_in == 2


def test_rule2_repeated_id_keeps_first_occurrence(tmp_path):
    _, result = clean(tmp_path, [movie(title="First"), movie(title="Second"), movie(id="8844")])
    assert result.movies["title"].tolist() == ["First", "Toy Story"]
    assert reasons_of(result) == ["duplicate_id"]
    assert result.quarantine[0]["fields"]["title"] == "Second"


def test_rule3_empty_amounts_become_zero(tmp_path):
    _, result = clean(tmp_path, [movie(budget="", revenue="")])
    row = result.movies.iloc[0]
    assert (row["budget"], row["revenue"], row["return"]) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize("column", ["budget", "revenue"])
def test_rule3_non_numeric_amount_is_quarantined(tmp_path, column):
    _, result = clean(tmp_path, [movie(**{column: "/ff9qCepilowshEtG2GYWwzt2bs4.jpg"})])
    assert result.movies.empty
    assert reasons_of(result) == [f"invalid_{column}"]


@pytest.mark.parametrize(
    ("value", "reason"),
    [("", "missing_release_date"), ("1995-02-30", "invalid_release_date"),
     ("30/10/1995", "invalid_release_date"), ("1995", "invalid_release_date"),
     ("1995-10-30T00:00", "invalid_release_date")],
)
def test_rule4_release_date_must_be_a_real_iso_date(tmp_path, value, reason):
    _, result = clean(tmp_path, [movie(release_date=value)])
    assert result.movies.empty
    assert reasons_of(result) == [reason]


def test_rule4_release_year_is_added(tmp_path):
    _, result = clean(tmp_path, [movie(release_date="1995-10-30")])
    assert result.movies.loc[0, "release_date"] == "1995-10-30"
    assert result.movies.loc[0, "release_year"] == 1995


@pytest.mark.parametrize(
    ("revenue", "budget", "expected"),
    [(373554033.0, 30000000.0, 373554033 / 30000000), (100.0, 0.0, 0.0), (0.0, 50.0, 0.0),
     (12.0, 1.0, 12.0)],
)
def test_rule5_return(revenue, budget, expected):
    assert compute_return(revenue, budget) == pytest.approx(expected)


def test_rule5_return_column(tmp_path):
    _, result = clean(tmp_path, [movie(), movie(id="2", budget="0")])
    assert result.movies["return"].tolist() == pytest.approx([373554033 / 30000000, 0.0])


def test_rule6_dropped_columns_are_absent(tmp_path):
    _, result = clean(tmp_path, [movie()])
    assert not set(DROPPED_COLUMNS) & set(result.movies.columns)


def test_rule7_nested_fields_are_unnested(tmp_path):
    _, result = clean(tmp_path, [movie()])
    genres = result.nested["genres"]
    assert genres["name"].tolist() == ["Animation", "Comedy", "Family"]
    assert genres["genre_id"].tolist() == [16, 35, 10751]
    assert set(genres["movie_id"]) == {862}
    assert result.nested["companies"]["name"].tolist() == ["Pixar Animation Studios"]
    assert result.nested["countries"]["country_code"].tolist() == ["US"]
    assert result.nested["languages"]["language_code"].tolist() == ["en"]
    row = result.movies.iloc[0]
    assert (row["collection_id"], row["collection_name"]) == (10194, "Toy Story Collection")
    assert row["genres"] == "Animation|Comedy|Family"


def test_rule7_empty_nested_fields_give_no_rows(tmp_path):
    _, result = clean(tmp_path, [movie(genres="[]", belongs_to_collection="", production_companies="")])
    assert result.nested["genres"].empty and result.nested["companies"].empty
    assert pd.isna(result.movies.loc[0, "collection_id"])


@pytest.mark.parametrize("column", ["genres", "belongs_to_collection", "spoken_languages"])
@pytest.mark.parametrize("value", ["[{'id': 16, 'name': 'Anim", "not a literal", "[1, 2]", "42"])
def test_rule7_unparseable_nested_field_is_quarantined(tmp_path, column, value):
    _, result = clean(tmp_path, [movie(**{column: value})])
    assert result.movies.empty
    assert reasons_of(result) == [f"invalid_{column}"]


def credits_of(tmp_path, rows, movie_ids=frozenset({862})):
    path = write_csv(tmp_path / "credits.csv", CREDIT_HEADER, rows)
    raw = read_raw("créditos", path, ("cast", "crew", "id"))
    return clean_credits(raw.frame, set(movie_ids))


def test_rule7_cast_and_crew_tables(tmp_path):
    result = credits_of(tmp_path, [TOY_STORY_CREDITS])
    assert result.cast.to_dict("records") == [
        {"movie_id": 862, "person_id": 31, "name": "Tom Hanks", "character": "Woody (voice)", "order": 0,
         "name_key": "tom hanks"}
    ]
    assert result.crew.to_dict("records") == [
        {"movie_id": 862, "person_id": 7879, "name": "John Lasseter", "job": "Director",
         "department": "Directing", "name_key": "john lasseter"}
    ]


@pytest.mark.parametrize(
    ("row", "reason"),
    [({**TOY_STORY_CREDITS, "id": "1997-08-20"}, "invalid_id"),
     ({**TOY_STORY_CREDITS, "cast": "[{'cast_id': 14, 'char"}, "invalid_cast"),
     ({**TOY_STORY_CREDITS, "crew": "{'id': 1}"}, "invalid_crew"),
     ({**TOY_STORY_CREDITS, "id": "999"}, "movie_not_in_catalog")],
)
def test_rule7_bad_credit_rows_are_quarantined(tmp_path, row, reason):
    result = credits_of(tmp_path, [row])
    assert result.rows_kept == 0 and result.cast.empty
    assert [entry["reason"] for entry in result.quarantine] == [reason]
    assert result.quarantine[0]["fields"] == row


def test_rule7_repeated_credit_id_keeps_first(tmp_path):
    second = {**TOY_STORY_CREDITS, "cast": "[]"}
    result = credits_of(tmp_path, [TOY_STORY_CREDITS, second])
    assert result.rows_kept == 1 and len(result.cast) == 1
    assert [entry["reason"] for entry in result.quarantine] == ["duplicate_id"]


def test_rule8_accounting_and_quarantine_files(tmp_path):
    movies = write_csv(tmp_path / "m.csv", MOVIE_HEADER, [
        movie(), movie(), movie(id="2", release_date=""), SHIFTED_ROW, SHIFTED_ROW[:-2],
        movie(id="3", budget="abc"),
    ])
    credits = write_csv(tmp_path / "c.csv", CREDIT_HEADER, [
        TOY_STORY_CREDITS, TOY_STORY_CREDITS, {**TOY_STORY_CREDITS, "id": "2"},
    ])
    manifest = run_etl(RawSources(movies, credits, None, None), tmp_path / "out")
    assert manifest["movies"] == {
        "rows_in": 6, "rows_kept": 1, "rows_quarantined": 5,
        "reasons": {"duplicate_id": 1, "invalid_budget": 1, "invalid_id": 1,
                    "missing_release_date": 1, "wrong_field_count": 1},
    }
    assert manifest["credits"]["reasons"] == {"duplicate_id": 1, "movie_not_in_catalog": 1}
    lines = (tmp_path / "out" / "quarantine" / "movies.jsonl").read_text().splitlines()
    entries = [json.loads(line) for line in lines]
    assert [entry["source_row"] for entry in entries] == [2, 3, 4, 5, 6]
    assert entries[0]["fields"]["title"] == "Toy Story"
    assert entries[3]["fields"] == SHIFTED_ROW[:-2]
    on_disk = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert on_disk["outputs"]["movies.parquet"]["rows"] == 1
    assert len(on_disk["inputs"]["movies"]["sha256"]) == 64


def test_rule10_dataset_final_csv_export(tmp_path):
    movies = write_csv(tmp_path / "m.csv", MOVIE_HEADER, [movie()])
    credits = write_csv(tmp_path / "c.csv", CREDIT_HEADER, [TOY_STORY_CREDITS])
    run_etl(RawSources(movies, credits, None, None), tmp_path / "out", export_csv=True)
    final = pd.read_csv(tmp_path / "out" / "dataset_final.csv")
    assert final.loc[0, "release_date"] == "1995-10-30"
    assert final.loc[0, "return"] == pytest.approx(373554033 / 30000000)
    assert not set(DROPPED_COLUMNS) & set(final.columns)
