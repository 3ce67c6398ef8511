"""One test per ETL rule, on hand-written raw rows run through the real reader and cleaners."""

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from movierec.cli import app
from tests.conftest import SAMPLE, load_catalog
from movierec.etl.credits import clean_credits
from movierec.etl.movies import DROPPED_COLUMNS, MOVIE_COLUMNS, clean_movies, compute_return
from movierec.etl.pipeline import RawSources, run_etl
from movierec.etl.ratings import LINK_COLUMNS, RATING_COLUMNS, clean_ratings
from movierec.etl.read import read_columns, read_raw
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


# --- value rules: type and range (issue 11) -------------------------------------------------
# Each case once ended in a traceback or in a value stored wrong without a word.

HUGE = str(10**20)  # a 20-digit id: more than int64 holds
SURROGATE = "'\\ud800'"  # a literal whose string holds a lone surrogate


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("id", HUGE, "invalid_id"), ("id", str(2**31), "invalid_id"), ("id", "9" * 5000, "invalid_id"),
        ("id", "²", "invalid_id"), ("id", "٣", "invalid_id"), ("id", "1_000", "invalid_id"),
        ("id", "+5", "invalid_id"),
        ("budget", "-5", "invalid_budget"), ("budget", "2.5", "invalid_budget"),
        ("budget", "1e400", "invalid_budget"), ("budget", "nan", "invalid_budget"),
        ("budget", "1_000", "invalid_budget"), ("budget", str(2**53 + 1), "invalid_budget"),
        ("revenue", "-1", "invalid_revenue"), ("revenue", "²", "invalid_revenue"),
        ("release_date", "2999-01-01", "invalid_release_date"),
        ("release_date", "1869-12-31", "invalid_release_date"),
        ("release_date", "２０００-01-01", "invalid_release_date"),
        ("popularity", "-0.5", "invalid_popularity"), ("popularity", "inf", "invalid_popularity"),
        ("popularity", "1_0", "invalid_popularity"),
        ("vote_count", "2.9", "invalid_vote_count"), ("vote_count", "-3", "invalid_vote_count"),
        ("vote_count", HUGE, "invalid_vote_count"), ("vote_count", "1e30", "invalid_vote_count"),
        ("vote_count", "²", "invalid_vote_count"), ("vote_count", "9" * 5000, "invalid_vote_count"),
        ("vote_average", "10.5", "invalid_vote_average"), ("vote_average", "-1", "invalid_vote_average"),
        ("vote_average", "nan", "invalid_vote_average"),
        ("runtime", "-1", "invalid_runtime"), ("runtime", "inf", "invalid_runtime"),
        ("genres", "[{'id': '16', 'name': 'Animation'}]", "invalid_genres"),
        ("genres", "[{'id': 16.0, 'name': 'Animation'}]", "invalid_genres"),
        ("genres", f"[{{'id': {HUGE}, 'name': 'Animation'}}]", "invalid_genres"),
        ("genres", "[{'id': True, 'name': 'Animation'}]", "invalid_genres"),
        ("genres", "[{'id': -16, 'name': 'Animation'}]", "invalid_genres"),
        ("genres", "[{'name': 'Animation'}]", "invalid_genres"),
        ("genres", "[{'id': 16, 'name': ['Animation']}]", "invalid_genres"),
        ("genres", f"[{{'id': 16, 'name': {SURROGATE}}}]", "invalid_genres"),
        ("genres", "[{'id': 16, 'name': None}]", "invalid_genres"),
        ("genres", "[" + ", ".join(["{'id': 16, 'name': 'A'}"] * 32769) + "]", "invalid_genres"),
        ("production_companies", f"[{{'name': 'Pixar', 'id': {2**40}}}]", "invalid_production_companies"),
        ("production_countries", "[{'iso_3166_1': ['US'], 'name': 'USA'}]", "invalid_production_countries"),
        ("spoken_languages", f"[{{'iso_639_1': 'en', 'name': {SURROGATE}}}]", "invalid_spoken_languages"),
        ("belongs_to_collection", "{'id': '10194', 'name': 'Toy Story Collection'}",
         "invalid_belongs_to_collection"),
        ("belongs_to_collection", f"{{'id': {HUGE}, 'name': 'Toy Story Collection'}}",
         "invalid_belongs_to_collection"),
        ("belongs_to_collection", "{'id': 10194.5, 'name': 'Toy Story Collection'}",
         "invalid_belongs_to_collection"),
        ("belongs_to_collection", "{'id': 10194, 'name': ['Toy Story']}", "invalid_belongs_to_collection"),
        ("belongs_to_collection", "{}", "invalid_belongs_to_collection"),
    ],
)
def test_values_out_of_type_or_range_are_quarantined(tmp_path, column, value, reason):
    _, result = clean(tmp_path, [movie(**{column: value})])
    assert result.movies.empty
    assert reasons_of(result) == [reason]
    assert result.quarantine[0]["fields"][column] == value


@pytest.mark.parametrize(
    ("column", "value", "stored"),
    [("vote_count", "5415.0", 5415), ("vote_count", "", 0), ("vote_count", str(2**63 - 1), 2**63 - 1),
     ("budget", "30000000.00", 30000000.0), ("budget", str(2**53), float(2**53)),
     ("id", "000862", 862), ("id", str(2**31 - 1), 2**31 - 1),
     ("release_date", "1874-12-09", "1874-12-09"), ("release_date", "2100-12-31", "2100-12-31"),
     ("popularity", "9.6e-05", 9.6e-05), ("vote_average", "10", 10.0), ("runtime", "51420", 51420.0)],
)
def test_values_at_the_edges_of_their_range_are_kept_exactly(tmp_path, column, value, stored):
    _, result = clean(tmp_path, [movie(**{column: value})])
    assert result.quarantine == []
    assert result.movies.loc[0, column] == stored


CAST = "[{{'id': {id}, 'name': {name}, 'character': {character}, 'order': {order}}}]"
CREW = "[{{'id': {id}, 'name': {name}, 'job': {job}, 'department': 'Directing'}}]"


def cast_of(id="31", name="'Tom Hanks'", character="'Woody'", order="0"):
    return CAST.format(id=id, name=name, character=character, order=order)


def crew_of(id="7879", name="'John Lasseter'", job="'Director'"):
    return CREW.format(id=id, name=name, job=job)


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("id", HUGE, "invalid_id"), ("id", "²", "invalid_id"),
        ("cast", cast_of(id="'31'"), "invalid_cast"), ("cast", cast_of(id="31.0"), "invalid_cast"),
        ("cast", cast_of(id=HUGE), "invalid_cast"), ("cast", cast_of(id="True"), "invalid_cast"),
        ("cast", cast_of(id="None"), "invalid_cast"), ("cast", cast_of(name="['Tom Hanks']"), "invalid_cast"),
        ("cast", cast_of(name=SURROGATE), "invalid_cast"), ("cast", cast_of(name="None"), "invalid_cast"),
        ("cast", cast_of(character="['Woody']"), "invalid_cast"),
        ("cast", cast_of(character=SURROGATE), "invalid_cast"),
        ("cast", cast_of(order=str(2**31)), "invalid_cast"), ("cast", cast_of(order=HUGE), "invalid_cast"),
        ("cast", cast_of(order="-1"), "invalid_cast"), ("cast", cast_of(order="'0'"), "invalid_cast"),
        ("cast", cast_of(order="0.5"), "invalid_cast"),
        ("crew", crew_of(id=HUGE), "invalid_crew"), ("crew", crew_of(id="'7879'"), "invalid_crew"),
        ("crew", crew_of(name=SURROGATE), "invalid_crew"), ("crew", crew_of(name="[1]"), "invalid_crew"),
        ("crew", crew_of(job="['Director']"), "invalid_crew"),
    ],
)
def test_credit_values_out_of_type_or_range_are_quarantined(tmp_path, column, value, reason):
    row = {**TOY_STORY_CREDITS, column: value}
    result = credits_of(tmp_path, [row])
    assert result.rows_kept == 0 and result.cast.empty and result.crew.empty
    assert [entry["reason"] for entry in result.quarantine] == [reason]
    assert result.quarantine[0]["fields"] == row


def test_credit_values_at_the_edges_are_kept_exactly(tmp_path):
    row = {**TOY_STORY_CREDITS, "cast": cast_of(id=str(2**31 - 1), character="None", order=str(2**31 - 1)),
           "crew": crew_of(job="None")}
    result = credits_of(tmp_path, [row])
    assert result.quarantine == []
    cast = result.cast.iloc[0]
    assert (cast["person_id"], cast["order"], cast["character"]) == (2**31 - 1, 2**31 - 1, None)
    assert result.crew.loc[0, "job"] is None


RATINGS_HEADER = ["userId", "movieId", "rating", "timestamp"]
LINKS_HEADER = ["movieId", "imdbId", "tmdbId"]


def ratings_of(tmp_path, ratings, links=(["1", "114709", "862"],), movie_ids=frozenset({862})):
    raw_ratings = read_columns("valoraciones", write_csv(tmp_path / "r.csv", RATINGS_HEADER, ratings),
                           RATING_COLUMNS)
    raw_links = read_raw("enlaces", write_csv(tmp_path / "l.csv", LINKS_HEADER, links), LINK_COLUMNS)
    return clean_ratings(raw_ratings, raw_links.frame, set(movie_ids))


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (["²", "1", "4.0", "964982703"], "invalid_user_id"),
        ([str(2**32 + 5), "1", "4.0", "964982703"], "invalid_user_id"),
        ([str(2**31), "1", "4.0", "964982703"], "invalid_user_id"),
        (["0", "1", "4.0", "964982703"], "invalid_user_id"),
        (["5", "²", "4.0", "964982703"], "invalid_movie_id"),
        (["5", HUGE, "4.0", "964982703"], "invalid_movie_id"),
        (["5", "1", "4.1", "964982703"], "invalid_rating"),
        (["5", "1", "0", "964982703"], "invalid_rating"),
        (["5", "1", "5.5", "964982703"], "invalid_rating"),
        (["5", "1", "nan", "964982703"], "invalid_rating"),
        (["5", "1", "4.0", "-1"], "invalid_timestamp"),
        (["5", "1", "4.0", HUGE], "invalid_timestamp"),
        (["5", "1", "4.0", "²"], "invalid_timestamp"),
        (["5", "1", "4.0", "4133980800"], "invalid_timestamp"),  # 2101-01-01
        (["5", "1", "4.0", "964982703.5"], "invalid_timestamp"),
    ],
)
def test_rating_values_out_of_type_or_range_are_quarantined(tmp_path, row, reason):
    good = ["5", "1", "3.5", "964982703"]
    result = ratings_of(tmp_path, [good, row])
    assert [entry["reason"] for entry in result.quarantine] == [reason]
    assert result.ratings.to_dict("records") == [
        {"user_id": 5, "movie_id": 862, "rating": 3.5, "timestamp": 964982703}
    ]


def test_user_beyond_32_bits_does_not_merge_into_another_user(tmp_path):
    result = ratings_of(tmp_path, [["5", "1", "3.5", "964982703"], [str(2**32 + 5), "1", "1.0", "964982800"]])
    assert result.ratings["rating"].tolist() == [3.5]
    assert result.reasons == {"invalid_user_id": 1}


@pytest.mark.parametrize(
    ("link", "reason"),
    [(["1", "114709", ""], "missing_tmdb_id"), (["1", "114709", "²"], "invalid_tmdb_id"),
     (["1", "114709", HUGE], "invalid_tmdb_id"), (["²", "114709", "862"], "invalid_movie_id")],
)
def test_bad_links_are_quarantined(tmp_path, link, reason):
    result = ratings_of(tmp_path, [["5", "1", "3.5", "964982703"]], links=[link])
    assert result.links_reasons == {reason: 1}
    assert result.ratings.empty and result.reasons == {"movie_not_in_links": 1}


@pytest.mark.parametrize("value", ["4", "4.0", "3.50", "0.5", "5"])
def test_half_star_ratings_are_kept_exactly(tmp_path, value):
    result = ratings_of(tmp_path, [["5", "1", value, "964982703"]])
    assert result.ratings["rating"].tolist() == [float(value)]


# --- files no ETL can read: one Spanish line, exit 1, nothing written -----------------------

def corrupt_deflate(path):
    """The sample's movies with a byte of the compressed stream flipped (zlib.error, not OSError)."""
    data = bytearray(SAMPLE.movies.read_bytes())
    data[20] ^= 0x55
    path.write_bytes(bytes(data))


def crc_mismatch(path):
    data = bytearray(SAMPLE.movies.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def header_with(names):
    """The movie header with its last columns renamed; the row stays Toy Story's."""
    header = [*MOVIE_HEADER[: -len(names)], *names]
    return lambda path: write_csv(path, header, [[movie()[column] for column in MOVIE_HEADER]])


HOSTILE_FILES = {
    "deflate.csv.gz": (corrupt_deflate, "el archivo comprimido (gzip) está dañado"),
    "crc.csv.gz": (crc_mismatch, "el archivo comprimido (gzip) está dañado"),
    "plain.csv.gz": (lambda path: write_csv(path, MOVIE_HEADER, [movie()]), "el archivo comprimido"),
    "utf16.csv": (lambda path: path.write_bytes(",".join(MOVIE_HEADER).encode("utf-16")), "no es texto UTF-8"),
    "latin1.csv": (lambda path: path.write_bytes((",".join(MOVIE_HEADER) + "\nT\xf6y\n").encode("latin-1")),
                   "no es texto UTF-8 (byte 0xf6"),
    "repeated.csv": (header_with(["title", "vote_count"]), "repite columnas: 'title'"),
    "reserved.csv": (header_with(["source_row"]), "usa nombres reservados: 'source_row'"),
    "m\udcff.csv": (lambda path: write_csv(path, MOVIE_HEADER, [movie()]), "no es UTF-8 válido"),
}


@pytest.mark.parametrize("name", list(HOSTILE_FILES))
def test_unreadable_movie_files_end_in_one_spanish_line(tmp_path, name):
    make, fragment = HOSTILE_FILES[name]
    path = tmp_path / name
    make(path)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["etl", "--movies", str(path), "--credits", str(SAMPLE.credits), "--no-ratings", "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and fragment in errors[0], result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_header_only_file_gives_empty_tables_the_catalog_loads(tmp_path):
    movies = write_csv(tmp_path / "m.csv", MOVIE_HEADER, [])
    credits = write_csv(tmp_path / "c.csv", CREDIT_HEADER, [TOY_STORY_CREDITS])
    manifest = run_etl(RawSources(movies, credits, None, None), tmp_path / "out")
    assert manifest["movies"]["rows_in"] == 0
    assert manifest["credits"]["reasons"] == {"movie_not_in_catalog": 1}
    assert len(load_catalog(tmp_path / "out").film_list) == 0


def test_values_at_the_edges_are_served(tmp_path):
    """The server's catalog loads the extreme values the rules keep (a 1874 and a 2100 film,
    the largest id, count and amount)."""
    edges = [movie(id="1", release_date="1874-12-09", vote_count=str(2**63 - 1), budget=str(2**53)),
             movie(id=str(2**31 - 1), release_date="2100-12-31", revenue=str(2**53), budget="1")]
    movies = write_csv(tmp_path / "m.csv", MOVIE_HEADER, edges)
    credits = write_csv(tmp_path / "c.csv", CREDIT_HEADER, [{**TOY_STORY_CREDITS, "id": "1"}])
    run_etl(RawSources(movies, credits, None, None), tmp_path / "out")
    catalog = load_catalog(tmp_path / "out")
    assert [film.year for film in catalog.film_list] == [1874, 2100]
    assert catalog.film_list.by_id(2**31 - 1).ret == 2**53
    assert catalog.films_on_weekday("miércoles")["cantidad"] == 1  # 1874-12-09 was a Wednesday
