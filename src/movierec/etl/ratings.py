"""Ratings: MovieLens ratings mapped to TMDB ids through the links file."""

from dataclasses import dataclass

import pandas as pd

from movierec.etl.quarantine import RowRejected, count_reasons, quarantined

RATING_COLUMNS = ("userId", "movieId", "rating", "timestamp")
LINK_COLUMNS = ("movieId", "imdbId", "tmdbId")


@dataclass
class RatingsResult:
    ratings: pd.DataFrame  # user_id, movie_id (TMDB), rating, timestamp
    links_kept: int
    links_quarantine: list[dict]
    links_reasons: dict[str, int]
    quarantine: list[dict]
    reasons: dict[str, int]


def _int(text: str, reason: str) -> int:
    text = text.strip()
    if not text.isdigit():
        raise RowRejected(reason)
    return int(text)


def clean_ratings(raw_ratings: pd.DataFrame, raw_links: pd.DataFrame, movie_ids: set[int]) -> RatingsResult:
    """Keep ratings of catalog movies; each rejected row keeps its reason.

    A MovieLens id maps to one TMDB id (first link wins); a user's repeated rating of the
    same TMDB movie keeps the latest one.
    """
    tmdb_of: dict[int, int] = {}
    links_quarantine: list[dict] = []
    for record in raw_links.to_dict("records"):
        try:
            movielens_id = _int(record["movieId"], "invalid_movie_id")
            if movielens_id in tmdb_of:
                raise RowRejected("duplicate_movie_id")
            tmdb_of[movielens_id] = _int(record["tmdbId"], "missing_tmdb_id")
        except RowRejected as rejection:
            links_quarantine.append(quarantined(record, rejection.args[0]))

    rows: list[tuple] = []
    quarantine: list[dict] = []
    records = raw_ratings.to_dict("records")
    for position, record in enumerate(records):
        try:
            user_id = _int(record["userId"], "invalid_user_id")
            movielens_id = _int(record["movieId"], "invalid_movie_id")
            try:
                rating = float(record["rating"])
            except ValueError:
                raise RowRejected("invalid_rating") from None
            if not 0 < rating <= 5:
                raise RowRejected("invalid_rating")
            timestamp = _int(record["timestamp"], "invalid_timestamp")
            if movielens_id not in tmdb_of:
                raise RowRejected("movie_not_in_links")
            movie_id = tmdb_of[movielens_id]
            if movie_id not in movie_ids:
                raise RowRejected("movie_not_in_catalog")
        except RowRejected as rejection:
            quarantine.append(quarantined(record, rejection.args[0]))
            continue
        rows.append((user_id, movie_id, rating, timestamp, position))

    frame = pd.DataFrame(rows, columns=["user_id", "movie_id", "rating", "timestamp", "position"])
    frame = frame.sort_values(["timestamp", "position"], kind="stable")
    repeated = frame.duplicated(["user_id", "movie_id"], keep="last")
    quarantine.extend(
        quarantined(records[position], "duplicate_rating") for position in frame.loc[repeated, "position"]
    )
    ratings = frame.loc[~repeated].drop(columns="position").sort_values(["user_id", "timestamp"])
    ratings = ratings.astype({"user_id": "int32", "movie_id": "int64", "rating": "float32",
                              "timestamp": "int64"}).reset_index(drop=True)
    return RatingsResult(
        ratings=ratings,
        links_kept=len(raw_links) - len(links_quarantine),
        links_quarantine=links_quarantine,
        links_reasons=count_reasons(links_quarantine),
        quarantine=quarantine,
        reasons=count_reasons(quarantine),
    )
