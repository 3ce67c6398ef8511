"""Synthetic full-size raw files: format, counts, credits coverage, anomalies, determinism."""

import ast
import csv
import gzip
import re
from collections import Counter

import pytest

from tests.conftest import SAMPLE_DIR
from movierec.synth import FRESH_ID_START, credits_rows, write_synthetic

N = 500
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
POSTER = re.compile(r"/\w+\.jpg")


def records(path, opener=open):
    """All CSV records (fields may hold newlines, so lines are not records)."""
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    calls = []
    summary = write_synthetic(SAMPLE_DIR, out, n_movies=N, seed=0, progress=calls.append)
    movies = records(out / "movies_dataset.csv")
    credits = records(out / "credits.csv")
    return out, summary, calls, movies, credits


def well_formed(movies):
    return [row for row in movies[1:] if row[0] in ("True", "False")]


def test_files_headers_and_row_counts(small):
    out, summary, calls, movies, credits = small
    assert movies[0] == records(SAMPLE_DIR / "movies_dataset.csv.gz", gzip.open)[0]
    assert credits[0] == ["cast", "crew", "id"]
    assert all(len(row) == 24 for row in movies) and all(len(row) == 3 for row in credits)
    assert len(movies) - 1 == N == summary["movies_rows"]
    assert len(credits) - 1 == credits_rows(N) == summary["credits_rows"]
    assert calls and calls[-1] == N and calls == sorted(calls)
    assert b"\r\n" in (out / "credits.csv").read_bytes()[:100_000]
    assert b"\r\n" not in (out / "movies_dataset.csv").read_bytes()


def test_every_well_formed_movie_has_credits_and_nothing_else(small):
    _, _, _, movies, credits = small
    movie_ids = {row[5] for row in well_formed(movies)}
    assert {row[2] for row in credits[1:]} == movie_ids


def test_credit_literals_parse(small):
    _, _, _, _, credits = small
    for cast, crew, _ in credits[1:]:
        assert isinstance(ast.literal_eval(cast), list)
        assert isinstance(ast.literal_eval(crew), list)


def test_malformed_rows_are_shifted(small):
    _, summary, _, movies, _ = small
    shifted = [row for row in movies[1:] if DATE.fullmatch(row[5])]
    assert len(shifted) == 3 == summary["movies_anomalies"]["malformed_rows"]
    for row in shifted:
        assert POSTER.fullmatch(row[2])  # budget holds a poster path
        assert row[10] == ""  # popularity missing
        assert row[0] not in ("True", "False")
        float(row[1])  # belongs_to_collection holds the popularity


def test_duplicates(small):
    _, _, _, movies, credits = small
    rows = well_formed(movies)
    full = Counter(tuple(row) for row in rows)
    assert sum(n - 1 for n in full.values()) == 13
    ids = Counter(row[5] for row in rows)
    assert sum(n - 1 for n in ids.values()) == 13 + 17
    credit_rows = Counter(tuple(row) for row in credits[1:])
    assert sum(n - 1 for n in credit_rows.values()) == 37
    credit_ids = Counter(row[2] for row in credits[1:])
    assert sum(n - 1 for n in credit_ids.values()) == 37 + 7


def test_deterministic_for_a_seed(small, tmp_path):
    out, *_ = small
    write_synthetic(SAMPLE_DIR, tmp_path / "same", n_movies=N, seed=0)
    write_synthetic(SAMPLE_DIR, tmp_path / "other", n_movies=N, seed=1)
    for name in ("movies_dataset.csv", "credits.csv"):
        assert (tmp_path / "same" / name).read_bytes() == (out / name).read_bytes()
        assert (tmp_path / "other" / name).read_bytes() != (out / name).read_bytes()


def test_real_rows_first_then_fresh_ids(tmp_path):
    summary = write_synthetic(SAMPLE_DIR, tmp_path, n_movies=5_300, seed=3)
    movies = records(tmp_path / "movies_dataset.csv")
    sample = records(SAMPLE_DIR / "movies_dataset.csv.gz", gzip.open)
    assert movies[1:11] == sample[1:11]  # the real head, real ids kept
    ids = [int(row[5]) for row in well_formed(movies)]
    fresh = sorted({i for i in ids if i >= FRESH_ID_START})
    assert fresh == list(range(FRESH_ID_START, FRESH_ID_START + summary["fresh_id_rows"]))
    assert summary["fresh_id_rows"] == 5_300 - 33 - 4_999
    credits = records(tmp_path / "credits.csv")
    assert {row[2] for row in credits[1:]} == {str(i) for i in ids}


def test_too_few_movies(tmp_path):
    with pytest.raises(ValueError):
        write_synthetic(SAMPLE_DIR, tmp_path, n_movies=10)
