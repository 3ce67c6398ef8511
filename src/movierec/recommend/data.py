"""The curated tables the recommender reads, and the user splits used to measure it."""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from movierec.artifacts import read_table, verify_artifacts
from movierec.recommend.model import ModelError

SEED = 42
TEST_SHARE = 0.25        # of all users: ground truth of the final report
VALIDATION_SHARE = 0.25  # of the remaining users: ground truth of the weight search
RATING_COLUMNS = ["user_id", "movie_id", "rating", "timestamp"]


@dataclass
class Tables:
    """Films sorted by id (row i of every array is movies.iloc[i]), credits and ratings."""

    movies: pd.DataFrame
    cast: pd.DataFrame
    crew: pd.DataFrame
    ratings: pd.DataFrame
    movies_sha256: str

    @property
    def ids(self) -> np.ndarray:
        return self.movies["id"].to_numpy(dtype=np.int64)


def load_tables(artifacts: Path) -> Tables:
    """Read the ETL output, verified against its manifest (ArtifactsError if it does not
    match); ratings are optional (etl --no-ratings)."""
    manifest = verify_artifacts(artifacts)
    movies = read_table(artifacts, "movies").sort_values("id", kind="stable").reset_index(drop=True)
    cast = read_table(artifacts, "cast")
    crew = read_table(artifacts, "crew")
    has_ratings = "ratings.parquet" in manifest["outputs"]
    ratings = read_table(artifacts, "ratings") if has_ratings else pd.DataFrame(columns=RATING_COLUMNS)
    if len(movies) < 2:
        raise ModelError(f"El catálogo de {artifacts} tiene menos de 2 películas: no hay nada que recomendar.")
    ratings = ratings[ratings["movie_id"].isin(movies["id"])][RATING_COLUMNS].reset_index(drop=True)
    return Tables(movies, cast, crew, ratings, manifest["outputs"]["movies.parquet"]["sha256"])


def vote_prior(movies: pd.DataFrame) -> np.ndarray:
    """log(1 + TMDB vote count) scaled to [0, 1]: known for every film; orders the unrated ones."""
    votes = np.log1p(movies["vote_count"].clip(lower=0).to_numpy(dtype=np.float64))
    top = votes.max()
    return (votes / top if top > 0 else votes).astype(np.float32)


@dataclass
class UserSplit:
    fit: np.ndarray         # users whose ratings the models learn from
    validation: np.ndarray  # ground truth while choosing weights
    test: np.ndarray        # ground truth of the reported figures, never seen before

    def ratings(self, ratings: pd.DataFrame, *parts: str) -> pd.DataFrame:
        users = np.concatenate([getattr(self, part) for part in parts])
        return ratings[ratings["user_id"].isin(users)]


def split_users(ratings: pd.DataFrame, seed: int = SEED) -> UserSplit:
    """Shuffle the users with a fixed seed: a quarter for test, a quarter of the rest for validation."""
    users = np.random.default_rng(seed).permutation(np.unique(ratings["user_id"].to_numpy()))
    n_test = int(round(len(users) * TEST_SHARE))
    rest = users[n_test:]
    n_validation = int(round(len(rest) * VALIDATION_SHARE))
    return UserSplit(fit=np.sort(rest[n_validation:]), validation=np.sort(rest[:n_validation]),
                     test=np.sort(users[:n_test]))
