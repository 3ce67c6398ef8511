"""Property tests: real rows of the bundled sample, one field mutated, through the real CLI.

Whatever the value, `movierec etl` exits 0 (or 1 with one Spanish line), never with a
traceback; every file's rows_in = rows_kept + rows_quarantined; a kept value equals its
raw text read under the README's rules (nothing wrapped, rounded or coerced); and the
server's catalog loads what the ETL kept. Examples are bounded so the module runs in
about a minute.
"""

import ast
import csv
import json
import math
import re
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from movierec.cli import app
from movierec.etl.movies import MOVIE_COLUMNS
from tests.conftest import SAMPLE as SAMPLE_SOURCES
from tests.conftest import load_catalog
from tests.rawfiles import read_records

runner = CliRunner()
MAX_ID = 2**31 - 1
N_MOVIES = 8


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    header, *rows = read_records(path)
    return header, rows


def small_real_sample() -> dict[str, tuple[list[str], list[list[str]]]]:
    """The sample's first movies with their credits, links and some of their ratings."""
    movie_header, movies = read_rows(SAMPLE_SOURCES.movies)
    movies = movies[:N_MOVIES]
    ids = {row[movie_header.index("id")] for row in movies}
    credit_header, credits = read_rows(SAMPLE_SOURCES.credits)
    credits = [row for row in credits if row[credit_header.index("id")] in ids]
    link_header, links = read_rows(SAMPLE_SOURCES.links)
    links = [row for row in links if row[link_header.index("tmdbId")] in ids]
    linked = {row[link_header.index("movieId")] for row in links}
    rating_header, ratings = read_rows(SAMPLE_SOURCES.ratings)
    ratings = [row for row in ratings if row[rating_header.index("movieId")] in linked][:40]
    return {"movies": (movie_header, movies), "credits": (credit_header, credits),
            "ratings": (rating_header, ratings), "links": (link_header, links)}


SAMPLE = small_real_sample()
assert all(rows for _, rows in SAMPLE.values())

# --- mutated values ------------------------------------------------------------------------

odd_digits = st.sampled_from(["²", "٣", "１", "Ⅻ", "1_000", "+5", "-0", " 7 ", "0x1f", "1e3", "."])
numbers_as_text = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from([2**31 - 1, 2**31, 2**32 + 5, 2**53, 2**53 + 1, 2**63 - 1, 2**63, 10**20]).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(min_value=-10, max_value=20).map(lambda x: f"{x:.3f}"),
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
    odd_digits,
)
dates_as_text = st.one_of(st.dates().map(lambda d: d.isoformat()),
                          st.sampled_from(["1874-12-09", "1869-12-31", "2100-12-31", "2999-01-01",
                                           "1995-02-30", "2262-04-12", "1677-09-21"]))
# values a nested entry's key might hold instead of its int or str
odd_leaf = st.one_of(
    st.text(max_size=8), st.integers(-(2**70), 2**70), st.sampled_from([2**31, 10**20, -1, 0]),
    st.floats(), st.booleans(), st.none(), st.lists(st.integers(), max_size=2),
    st.sampled_from(["\ud800", "a\udfffb", "\U0001f600"]),
)


@st.composite
def nested_mutation(draw, text: str) -> str:
    """The real literal with one key of one entry given an odd value (or the text broken)."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        value = None
    entries = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
    if not entries or draw(st.integers(0, 4)) == 0:
        cut = draw(st.integers(0, len(text)))
        return text[:cut] + draw(st.text(max_size=4)) + text[cut + 1:]
    entry = draw(st.sampled_from(entries))
    key = draw(st.sampled_from(sorted(entry) + ["id", "name"]))
    entry[key] = draw(odd_leaf)
    return repr(value)


@st.composite
def mutation(draw) -> tuple[str, int, str, str]:
    """(file, row index, column, new text)."""
    name = draw(st.sampled_from(["movies", "movies", "movies", "credits", "ratings", "links"]))
    header, rows = SAMPLE[name]
    index = draw(st.integers(0, len(rows) - 1))
    # most movie columns are dropped ones; the ones the rules read are drawn more often
    column = draw(st.one_of(st.sampled_from(MOVIE_COLUMNS), st.sampled_from(header))
                  if name == "movies" else st.sampled_from(header))
    old = rows[index][header.index(column)]
    if old.startswith(("[", "{")):
        new = draw(st.one_of(nested_mutation(old), st.text(max_size=10)))
    elif column == "release_date":
        new = draw(st.one_of(dates_as_text, st.text(max_size=12)))
    else:
        new = draw(st.one_of(numbers_as_text, st.text(max_size=12)))
    return name, index, column, new


# --- the oracle: a kept value read under the README's rules ----------------------------------

def exact(text: str) -> Decimal | None:
    """The exact number an ASCII decimal text means, or None."""
    text = text.strip()
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text, re.ASCII):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def check_kept_movie(column: str, raw: str, row: pd.Series, out: Path) -> None:
    if column == "id":
        assert re.fullmatch(r"\s*\d+\s*", raw, re.ASCII) and Decimal(raw) == int(row["id"]) <= MAX_ID
    elif column in ("budget", "revenue", "vote_count"):
        number = exact(raw or "0")
        assert number is not None and number >= 0 and number == int(number)
        stored = int(row[column]) if column == "vote_count" else float(row[column])
        assert Decimal(stored) == number
    elif column in ("popularity", "vote_average", "runtime"):
        if column == "runtime" and not raw.strip():
            assert math.isnan(row[column])
        else:
            number = exact(raw or "0")
            assert number is not None and row[column] == float(raw or "0") and row[column] >= 0
    elif column == "release_date":
        assert row["release_date"] == raw.strip() and row["release_year"] == int(raw.strip()[:4])
        assert pd.Timestamp(row["release_date"]).year == row["release_year"]
    elif column == "title":
        assert row["title"] == raw.strip() != ""
    elif column == "belongs_to_collection":
        value = ast.literal_eval(raw) if raw.strip() else None
        if value is None:
            assert pd.isna(row["collection_id"])
        else:
            assert type(value.get("id")) is int and type(value.get("name")) is str
            assert (row["collection_id"], row["collection_name"]) == (value["id"], value["name"])
    elif column in ("genres", "production_companies", "production_countries", "spoken_languages"):
        table, key, id_column = {
            "genres": ("genres", "id", "genre_id"), "production_companies": ("companies", "id", "company_id"),
            "production_countries": ("countries", "iso_3166_1", "country_code"),
            "spoken_languages": ("languages", "iso_639_1", "language_code"),
        }[column]
        entries = ast.literal_eval(raw) if raw.strip() else []
        for entry in entries:
            assert type(entry.get("name")) is str
            assert type(entry.get(key)) is (int if id_column.endswith("_id") else str)
        stored = pd.read_parquet(out / f"{table}.parquet")
        stored = stored[stored["movie_id"] == row["id"]].sort_values("position")
        assert [(e[key], e["name"]) for e in entries] == list(zip(stored[id_column], stored["name"]))


def check_kept_credit(column: str, raw: str, fields: dict, out: Path) -> None:
    movie_id = int(fields["id"])
    if column == "id":
        assert re.fullmatch(r"\s*\d+\s*", raw, re.ASCII) and 0 < movie_id <= MAX_ID
    if column in ("cast", "crew"):
        entries = ast.literal_eval(raw) if raw.strip() else []
        keys = ("id", "name", "character", "order") if column == "cast" else ("id", "name", "job", "department")
        stored = pd.read_parquet(out / f"{column}.parquet")
        stored = stored[stored["movie_id"] == movie_id]
        expected = [tuple(entry.get(key) for key in keys) for entry in entries]
        got = [tuple(None if pd.isna(v) else v for v in values)
               for values in stored[["person_id", "name", *keys[2:]]].itertuples(index=False)]
        assert expected == got
        for entry in entries:
            assert type(entry.get("id")) is int and type(entry.get("name")) is str
            if column == "cast":
                assert entry.get("order") is None or type(entry["order"]) is int


def check_kept_rating(fields: dict, links: dict[str, str], out: Path) -> None:
    user, timestamp = Decimal(fields["userId"].strip()), Decimal(fields["timestamp"].strip())
    rating = exact(fields["rating"])
    assert rating is not None and rating * 2 == int(rating * 2) and 0 < rating <= 5
    assert 0 < user <= MAX_ID and timestamp >= 0
    ratings = pd.read_parquet(out / "ratings.parquet")
    movie_id = int(links[str(int(fields["movieId"].strip()))])
    match = ratings[(ratings["user_id"] == int(user)) & (ratings["movie_id"] == movie_id)]
    assert len(match) == 1
    assert Decimal(float(match["rating"].iloc[0])) == rating
    assert Decimal(int(match["timestamp"].iloc[0])) == timestamp


# --- the property ---------------------------------------------------------------------------

def write_sample(directory: Path, name: str, index: int, column: str, value: str) -> dict[str, Path]:
    paths = {}
    for file, (header, rows) in SAMPLE.items():
        rows = [list(row) for row in rows]
        if file == name:
            rows[index][header.index(column)] = value
        paths[file] = directory / f"{file}.csv"
        with open(paths[file], "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
    return paths


def run_cli(paths: dict[str, Path], out: Path):
    result = runner.invoke(app, ["etl", "--movies", str(paths["movies"]), "--credits", str(paths["credits"]),
                                 "--ratings", str(paths["ratings"]), "--links", str(paths["links"]),
                                 "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


TABLES = ("movies", "genres", "companies", "countries", "languages", "cast", "crew", "ratings")
KEY_COLUMNS = {"id", "movieId", "userId", "tmdbId"}  # changing these moves other rows too


def read_tables(out: Path) -> dict[str, pd.DataFrame]:
    return {table: pd.read_parquet(out / f"{table}.parquet") for table in TABLES}


def unmutated_output() -> dict[str, pd.DataFrame]:
    """The tables the unchanged small sample gives, built once."""
    if not hasattr(unmutated_output, "tables"):
        with tempfile.TemporaryDirectory() as tmp:
            header, rows = SAMPLE["movies"]
            paths = write_sample(Path(tmp), "movies", 0, header[0], rows[0][0])
            assert run_cli(paths, Path(tmp) / "out").exit_code == 0
            unmutated_output.tables = read_tables(Path(tmp) / "out")
    return unmutated_output.tables


def without_row(tables: dict[str, pd.DataFrame], name: str, fields: dict) -> dict[str, pd.DataFrame]:
    """The tables minus whatever the raw row `fields` of file `name` could have produced."""
    if name in ("movies", "credits"):
        movie_id = int(fields["id"])
        drop = {table: frame[("id" if table == "movies" else "movie_id")] == movie_id
                for table, frame in tables.items()}
    elif name == "ratings":
        links = {row[0]: int(row[2]) for row in SAMPLE["links"][1]}
        pair = (int(fields["userId"]), links.get(fields["movieId"]))
        drop = {"ratings": (tables["ratings"]["user_id"] == pair[0]) & (tables["ratings"]["movie_id"] == pair[1])}
    else:
        drop = {}
    return {table: (frame[~drop[table]] if table in drop else frame).reset_index(drop=True)
            for table, frame in tables.items()}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation())
def test_one_mutated_field_is_kept_exactly_or_quarantined(change):
    name, index, column, value = change
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        paths = write_sample(tmp, name, index, column, value)
        out = tmp / "out"
        result = run_cli(paths, out)
        assert result.exit_code == 0, result.output  # a field's value never stops the ETL
        manifest = json.loads((out / "manifest.json").read_text())
        for file, (_, rows) in SAMPLE.items():
            entry = manifest[file]
            assert entry["rows_in"] == len(rows) == entry["rows_kept"] + entry["rows_quarantined"]
            assert sum(entry["reasons"].values()) == entry["rows_quarantined"]
        quarantine = [json.loads(line) for line in (out / "quarantine" / f"{name}.jsonl").open(encoding="utf-8")]
        rejected = {entry["source_row"]: entry for entry in quarantine}
        if index + 1 in rejected:
            entry = rejected[index + 1]
            event(f"{name}: quarantined as {entry['reason']}")
            assert re.fullmatch(r"[a-z_]+", entry["reason"])
            assert entry["fields"][column] == value  # quarantined as it was read
        else:
            event(f"{name}: kept")
            header, rows = SAMPLE[name]
            fields = dict(zip(header, rows[index])) | {column: value}
            if name == "movies":
                kept_before = sum(1 for row in range(index) if row + 1 not in rejected)
                movie = pd.read_parquet(out / "movies.parquet").iloc[kept_before]
                check_kept_movie(column, value, movie, out)
            elif name == "credits":
                check_kept_credit(column, value, fields, out)
            elif name == "ratings":
                link_header, links = SAMPLE["links"]
                tmdb_of = {row[0]: row[2] for row in links}
                check_kept_rating(fields, tmdb_of, out)
        if column not in KEY_COLUMNS:  # one field changes its own row's output, nothing else
            header, rows = SAMPLE[name]
            original = dict(zip(header, rows[index]))
            got, expected = (without_row(tables, name, original)
                             for tables in (read_tables(out), unmutated_output()))
            for table in TABLES:
                pd.testing.assert_frame_equal(got[table], expected[table], obj=table)
        load_catalog(out)  # the server loads whatever the ETL kept


reserved_or_repeated = st.sampled_from(["source_row", "id", "title", "cast", "userId", "tmdbId", "adult"])


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(list(SAMPLE)), st.integers(0, 30), st.one_of(reserved_or_repeated, st.text(max_size=6)))
def test_any_header_name_gives_a_result_or_one_spanish_line(name, position, new_name):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        header, rows = SAMPLE[name]
        renamed = list(header)
        renamed[position % len(header)] = new_name
        paths = write_sample(tmp, name, 0, header[0], rows[0][0])
        with open(paths[name], "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([renamed, *rows])
        out = tmp / "out"
        result = run_cli(paths, out)
        if result.exit_code != 0:
            assert result.exit_code == 1
            errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
            assert len(errors) == 1 and ("archivo de" in errors[0]), result.output
            assert not out.exists()
        else:
            load_catalog(out)
