"""Ratings: MovieLens ratings mapped to TMDB ids through the links file."""

import re
from dataclasses import dataclass

import pandas as pd

from movierec.etl.quarantine import RowRejected, count_reasons, quarantined
from movierec.etl.values import LAST_TIMESTAMP, parse_id, parse_whole

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


# MovieLens' scale: half stars from 0.5 to 5.0 (which float32 stores exactly)
_HALF_STARS = re.compile(r"0*([0-5])(?:\.(?:([05])0*)?)?")


def parse_rating(text: str) -> float:
    """A MovieLens rating, exactly a half star from 0.5 to 5.0 ('4', '4.0', '3.5', '3.50')."""
    match = _HALF_STARS.fullmatch(text.strip())
    value = int(match.group(1)) + (0.5 if match.group(2) == "5" else 0.0) if match else 0.0
    if not 0.5 <= value <= 5.0:
        raise RowRejected("invalid_rating")
    return value


def clean_ratings(raw_ratings: pd.DataFrame, raw_links: pd.DataFrame, movie_ids: set[int]) -> RatingsResult:
    """Keep ratings of catalog movies; each rejected row keeps its reason.

    A MovieLens id maps to one TMDB id (first link wins); a user's repeated rating of the
    same TMDB movie keeps the latest one.
    """
    tmdb_of: dict[int, int] = {}
    links_quarantine: list[dict] = []
    for record in raw_links.to_dict("records"):
        try:
            movielens_id = parse_id(record["movieId"], "invalid_movie_id")
            if movielens_id in tmdb_of:
                raise RowRejected("duplicate_movie_id")
            if not record["tmdbId"].strip():
                raise RowRejected("missing_tmdb_id")
            tmdb_of[movielens_id] = parse_id(record["tmdbId"], "invalid_tmdb_id")
        except RowRejected as rejection:
            links_quarantine.append(quarantined(record, rejection.args[0]))

    rows: list[tuple] = []
    quarantine: list[dict] = []
    records = raw_ratings.to_dict("records")
    for position, record in enumerate(records):
        try:
            user_id = parse_id(record["userId"], "invalid_user_id")
            movielens_id = parse_id(record["movieId"], "invalid_movie_id")
            rating = parse_rating(record["rating"])
            timestamp = parse_whole(record["timestamp"], "invalid_timestamp", 0, LAST_TIMESTAMP)
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
