"""The curated tables the recommender reads, and the user folds used to measure it."""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from movierec.artifacts import read_table, resolve_dir, verify_artifacts
from movierec.recommend.model import ModelError

SEED = 42
RATING_COLUMNS = ["user_id", "movie_id", "rating", "timestamp"]
KEYWORD_COLUMNS = ["movie_id", "keyword_id", "name", "position"]


@dataclass
class Tables:
    """Films sorted by id (row i of every array is movies.iloc[i]), credits, ratings and keywords."""

    movies: pd.DataFrame
    cast: pd.DataFrame
    crew: pd.DataFrame
    ratings: pd.DataFrame
    movies_sha256: str
    keywords: pd.DataFrame   # empty when the ETL had no keywords file

    @property
    def ids(self) -> np.ndarray:
        return self.movies["id"].to_numpy(dtype=np.int64)


def load_tables(artifacts: Path) -> Tables:
    """Read the ETL output, verified against its manifest (ArtifactsError if it does not
    match); ratings (etl --no-ratings) and keywords (no --keywords) are optional."""
    artifacts = resolve_dir(artifacts)  # read the very version that was verified, even if an ETL swaps the link
    manifest = verify_artifacts(artifacts)
    movies = read_table(artifacts, "movies").sort_values("id", kind="stable").reset_index(drop=True)
    cast = read_table(artifacts, "cast")
    crew = read_table(artifacts, "crew")
    has_ratings = "ratings.parquet" in manifest["outputs"]
    ratings = read_table(artifacts, "ratings") if has_ratings else pd.DataFrame(columns=RATING_COLUMNS)
    has_keywords = "keywords.parquet" in manifest["outputs"]
    keywords = read_table(artifacts, "keywords") if has_keywords else pd.DataFrame(columns=KEYWORD_COLUMNS)
    if len(movies) < 2:
        raise ModelError(f"El catálogo de {artifacts} tiene menos de 2 películas: no hay nada que recomendar.")
    ratings = ratings[ratings["movie_id"].isin(movies["id"])][RATING_COLUMNS].reset_index(drop=True)
    return Tables(movies, cast, crew, ratings, manifest["outputs"]["movies.parquet"]["sha256"], keywords)


def vote_prior(movies: pd.DataFrame) -> np.ndarray:
    """log(1 + TMDB vote count) scaled to [0, 1]: known for every film; orders the unrated ones."""
    votes = np.log1p(movies["vote_count"].clip(lower=0).to_numpy(dtype=np.float64))
    top = votes.max()
    return (votes / top if top > 0 else votes).astype(np.float32)


def user_folds(ratings: pd.DataFrame, folds: int, seed: int = SEED) -> list[np.ndarray]:
    """The rating users shuffled with a fixed seed and dealt into `folds` disjoint sorted groups."""
    users = np.random.default_rng(seed).permutation(np.unique(ratings["user_id"].to_numpy()))
    return [np.sort(users[fold::folds]) for fold in range(folds)]


def of_users(ratings: pd.DataFrame, users: np.ndarray, keep: bool = True) -> pd.DataFrame:
    """The ratings of `users` (keep=True) or of everybody else (keep=False)."""
    return ratings[ratings["user_id"].isin(users) == keep]
