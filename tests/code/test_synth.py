"""Synthetic full-size raw files: format, counts, credits coverage, anomalies, determinism."""

import ast
import csv
import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from movierec.etl.pipeline import RawSources, run_etl
from movierec.synth import FRESH_ID_START, credits_rows, write_synthetic
from tests.conftest import SAMPLE_DIR
from tests.rawfiles import read_records

N = 500
RATED_MOVIES, RATINGS, USERS = 2_000, 200_000, 2_000  # 100 ratings a user, as in the full file
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
POSTER = re.compile(r"/\w+\.jpg")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    calls = []

    def stage(description, total):
        calls.append((description, total, []))
        return calls[-1][2].append

    summary = write_synthetic(SAMPLE_DIR, out, n_movies=N, n_ratings=0, seed=0, stage=stage)
    movies = read_records(out / "movies_dataset.csv")
    credits = read_records(out / "credits.csv")
    return out, summary, calls, movies, credits


def well_formed(movies):
    return [row for row in movies[1:] if re.fullmatch(r"[0-9]+", row[5])]  # a malformed row's id is a date


def test_files_headers_and_row_counts(small):
    out, summary, calls, movies, credits = small
    assert movies[0] == read_records(SAMPLE_DIR / "movies_dataset.csv.gz")[0]
    assert credits[0] == ["cast", "crew", "id"]
    assert all(len(row) == 24 for row in movies) and all(len(row) == 3 for row in credits)
    assert len(movies) - 1 == N == summary["movies_rows"]
    assert len(credits) - 1 == credits_rows(N) == summary["credits_rows"]
    assert [(description, total, sum(steps)) for description, total, steps in calls] == [
        ("Generando películas", N, N)]
    assert not (out / "ratings.csv").exists() and not (out / "links.csv").exists()  # n_ratings=0
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
    write_synthetic(SAMPLE_DIR, tmp_path / "same", n_movies=N, n_ratings=0, seed=0)
    write_synthetic(SAMPLE_DIR, tmp_path / "other", n_movies=N, n_ratings=0, seed=1)
    for name in ("movies_dataset.csv", "credits.csv", "keywords.csv"):
        assert (tmp_path / "same" / name).read_bytes() == (out / name).read_bytes()
        assert (tmp_path / "other" / name).read_bytes() != (out / name).read_bytes()


def test_real_rows_first_then_fresh_ids(tmp_path):
    sample = read_records(SAMPLE_DIR / "movies_dataset.csv.gz")
    real_ids = len({row[5] for row in sample[1:]})
    n_movies = len(sample) - 1 + 300
    summary = write_synthetic(SAMPLE_DIR, tmp_path, n_movies=n_movies, n_ratings=0, seed=3)
    movies = read_records(tmp_path / "movies_dataset.csv")
    assert movies[1:11] == sample[1:11]  # the real head, real ids kept
    ids = [int(row[5]) for row in well_formed(movies)]
    fresh = sorted({i for i in ids if i >= FRESH_ID_START})
    assert fresh == list(range(FRESH_ID_START, FRESH_ID_START + summary["fresh_id_rows"]))
    assert summary["fresh_id_rows"] == n_movies - 33 - real_ids > 0
    credits = read_records(tmp_path / "credits.csv")
    assert {row[2] for row in credits[1:]} == {str(i) for i in ids}


def test_too_few_movies(tmp_path):
    with pytest.raises(ValueError):
        write_synthetic(SAMPLE_DIR, tmp_path, n_movies=10)


def test_more_ratings_than_users_can_hold_is_a_clear_error(tmp_path):
    # 182 films: a user rates at most ~90 of them, so 1,084 users cannot hold 104,097 ratings
    with pytest.raises(ValueError, match="no caben en 1084 usuarios"):
        write_synthetic(SAMPLE_DIR, tmp_path, n_movies=182, n_ratings=104_097, n_users=1_084)


def test_keywords_one_row_per_movie_in_the_raw_layout(small):
    out, summary, _, movies, _ = small
    keywords = read_records(out / "keywords.csv")
    assert keywords[0] == ["id", "keywords"] and len(keywords) - 1 == summary["keywords_rows"]
    assert b"\r\n" in (out / "keywords.csv").read_bytes()[:100_000]
    base_ids = [row[5] for row in well_formed(movies)]
    assert {row[0] for row in keywords[1:]} == set(base_ids)
    repeats = sum(n - 1 for n in Counter(tuple(row) for row in keywords[1:]).values())
    assert repeats == max(1, round(987 * N / 45_466))
    for _, literal in keywords[1:]:
        assert all(tuple(entry) == ("id", "name") for entry in ast.literal_eval(literal))
    real = {row[0]: row[1] for row in read_records(SAMPLE_DIR / "keywords.csv.gz")[1:]}
    assert all(literal == real[movie] for movie, literal in keywords[1:] if movie in real)


@pytest.fixture(scope="module")
def rated(tmp_path_factory):
    out = tmp_path_factory.mktemp("rated")
    summary = write_synthetic(SAMPLE_DIR, out, n_movies=RATED_MOVIES, n_ratings=RATINGS, n_users=USERS, seed=0)
    ratings = pd.read_csv(out / "ratings.csv")
    links = pd.read_csv(out / "links.csv", dtype={"imdbId": str, "tmdbId": "Int64"})
    return out, summary, ratings, links


def test_ratings_and_links_layout(rated):
    out, summary, ratings, links = rated
    head = (out / "ratings.csv").read_bytes()[:200]
    assert head.startswith(b"userId,movieId,rating,timestamp\r\n")
    assert (out / "links.csv").read_bytes().startswith(b"movieId,imdbId,tmdbId\r\n")
    assert len(ratings) == RATINGS == summary["ratings_rows"]
    assert ratings["userId"].nunique() == USERS and ratings["userId"].between(1, USERS).all()
    assert not ratings.duplicated(["userId", "movieId"]).any()
    assert ratings.equals(ratings.sort_values(["userId", "movieId"], ignore_index=True))
    real = pd.read_csv(SAMPLE_DIR / "ratings_small.csv.gz")
    assert set(ratings["rating"]) <= set(real["rating"])
    real_links = pd.read_csv(SAMPLE_DIR / "links_small.csv")
    kept = real_links[real_links["tmdbId"].isin(links["tmdbId"].dropna())]
    assert len(kept) > 100  # real films keep their real MovieLens ids
    assert set(zip(kept["movieId"], kept["tmdbId"])) <= set(zip(links["movieId"], links["tmdbId"].astype(float)))
    assert links["movieId"].is_unique
    assert links["tmdbId"].isna().sum() == summary["ratings_anomalies"]["links_without_tmdb_id"] > 0
    unknown = ~ratings["movieId"].isin(links["movieId"])
    assert unknown.sum() == summary["ratings_anomalies"]["movie_not_in_links"] == round(RATINGS * 71 / 100_004)


def normalised_quantiles(counts: pd.Series) -> np.ndarray:
    return np.quantile(counts / counts.mean(), [0.1, 0.25, 0.5, 0.75, 0.9, 0.99])


def top_share(counts: pd.Series, fraction: float) -> float:
    """Share of all ratings that go to the most rated `fraction` of the films."""
    ranked = counts.sort_values(ascending=False)
    return ranked.iloc[:max(1, int(len(ranked) * fraction))].sum() / ranked.sum()


def test_activity_popularity_and_time_follow_the_real_sample(rated):
    _, _, ratings, _ = rated
    real = pd.read_csv(SAMPLE_DIR / "ratings_small.csv.gz")
    users, real_users = ratings.groupby("userId").size(), real.groupby("userId").size()
    assert np.allclose(normalised_quantiles(users), normalised_quantiles(real_users), rtol=0.2)
    films, real_films = ratings.groupby("movieId").size(), real.groupby("movieId").size()
    # the long tail: the most rated tenth of the films gets about half the ratings, the less rated
    # half almost none (at this small size a user rates a film once, which flattens the very top)
    for fraction, tolerance in ((0.1, 0.2), (0.5, 0.05)):
        assert abs(top_share(films, fraction) - top_share(real_films, fraction)) < tolerance, fraction
    shares = [ratings["rating"].value_counts(normalize=True), real["rating"].value_counts(normalize=True)]
    assert (shares[0] - shares[1]).abs().max() < 0.01
    quantiles = [np.quantile(frame["timestamp"], [0.1, 0.5, 0.9]) for frame in (ratings, real)]
    spread = real["timestamp"].max() - real["timestamp"].min()
    assert np.all(np.abs(quantiles[0] - quantiles[1]) < 0.1 * spread)


def test_synthetic_ratings_go_through_the_real_etl(rated, tmp_path):
    out, summary, ratings, links = rated
    manifest = run_etl(RawSources(out / "movies_dataset.csv", out / "credits.csv", out / "ratings.csv",
                                  out / "links.csv"), tmp_path / "artifacts")
    entry = manifest["ratings"]
    assert entry["rows_in"] == RATINGS == entry["rows_kept"] + entry["rows_quarantined"]
    assert entry["reasons"]["movie_not_in_links"] >= summary["ratings_anomalies"]["movie_not_in_links"]
    assert entry["rows_kept"] > 0.9 * RATINGS
    assert manifest["links"]["reasons"]["missing_tmdb_id"] == summary["ratings_anomalies"]["links_without_tmdb_id"]
