"""The columnar ratings rules agree with the per-row rules on any input, and read the bundled file."""

import csv

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from movierec.etl.quarantine import RowRejected
from movierec.etl.ratings import LINK_COLUMNS, RATING_COLUMNS, clean_ratings, rating_fields
from movierec.etl.read import read_columns, read_raw
from tests.conftest import SAMPLE

LINKS = [["1", "114709", "862"], ["2", "113497", "8844"], ["3", "0", ""]]
CATALOG = {862}
ODD = st.sampled_from(["", " ", "0", "00", "+1", "-1", "1_0", "²", "٣", "1e3", "nan", "2147483648",
                       "99999999999", "1.0", "4.50", "5.5", "0.0", " 3.5", "4 ", "x"])


def field(plain):
    return st.one_of(plain, ODD)


ROWS = st.lists(st.tuples(field(st.sampled_from(["1", "2", "7"])), field(st.sampled_from(["1", "2", "3", "9"])),
                          field(st.sampled_from(["0.5", "3.0", "4.5", "5.0"])),
                          field(st.sampled_from(["0", "964982703", "964982704", "4133980800"]))),
                max_size=25)


def per_row_answer(rows):
    """The rules applied row by row, as the specification reads: {source_row: reason}, kept rows."""
    tmdb_of = {1: 862, 2: 8844}
    reasons, candidates = {}, {}
    for number, row in enumerate(rows, start=1):
        try:
            user, movie, rating, timestamp = rating_fields(dict(zip(RATING_COLUMNS, row)))
            if movie not in tmdb_of:  # 3's link has no tmdbId, so that link is quarantined
                raise RowRejected("movie_not_in_links")
            if tmdb_of[movie] not in CATALOG:
                raise RowRejected("movie_not_in_catalog")
        except RowRejected as rejection:
            reasons[number] = rejection.args[0]
            continue
        candidates.setdefault((user, tmdb_of[movie]), []).append((timestamp, number, rating))
    kept = set()
    for (user, movie), seen in candidates.items():
        latest = max(seen)
        kept.add((user, movie, latest[2], latest[0]))
        reasons.update({entry[1]: "duplicate_rating" for entry in seen if entry != latest})
    return reasons, kept


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=ROWS)
def test_columnar_rules_agree_with_the_per_row_rules(tmp_path, rows):
    path = tmp_path / "ratings.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([list(RATING_COLUMNS), *rows])
    links = tmp_path / "links.csv"
    with open(links, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([list(LINK_COLUMNS), *LINKS])
    result = clean_ratings(read_columns("valoraciones", path, RATING_COLUMNS),
                           read_raw("enlaces", links, LINK_COLUMNS).frame, CATALOG)
    reasons, kept = per_row_answer(rows)
    assert {entry["source_row"]: entry["reason"] for entry in result.quarantine} == reasons
    assert all(list(entry["fields"].values()) == list(rows[entry["source_row"] - 1]) for entry in result.quarantine)
    assert set(result.ratings.itertuples(index=False, name=None)) == kept
    assert len(result.ratings) + len(result.quarantine) == len(rows)


def test_a_line_with_the_wrong_field_count_is_set_aside_with_its_number(tmp_path):
    path = tmp_path / "ratings.csv"
    path.write_text("userId,movieId,rating,timestamp\r\n1,1,4.0,1\r\n1,2\r\n2,1,3.0,2\r\n1,1,1,1,1\r\n", "utf-8")
    raw = read_columns("valoraciones", path, RATING_COLUMNS)
    assert raw.rows_in == 4 and list(raw.source_row) == [1, 3]
    assert raw.malformed == [{"source_row": 2, "reason": "wrong_field_count", "fields": ["1", "2"]},
                             {"source_row": 4, "reason": "wrong_field_count", "fields": ["1", "1", "1", "1", "1"]}]


@pytest.mark.parametrize("content", [b"userId,movieId,rating,timestamp\n1,1,4.0,\xff\n", b"\x1f\x8b\x08garbage"])
def test_an_unreadable_ratings_file_is_one_spanish_error(tmp_path, content):
    from movierec.etl.read import EtlError

    path = tmp_path / ("ratings.csv.gz" if content.startswith(b"\x1f") else "ratings.csv")
    path.write_bytes(content)
    with pytest.raises(EtlError, match="No se puede leer el archivo de valoraciones"):
        read_columns("valoraciones", path, RATING_COLUMNS)


def test_the_bundled_ratings_read_the_same_both_ways():
    columns = read_columns("valoraciones", SAMPLE.ratings, RATING_COLUMNS)
    rows = read_raw("valoraciones", SAMPLE.ratings, RATING_COLUMNS)
    assert columns.rows_in == rows.rows_in == 100_004 and columns.malformed == rows.malformed == []
    assert columns.table.to_pandas().equals(rows.frame.drop(columns="source_row"))
    assert list(columns.source_row) == list(rows.frame["source_row"])
