"""Movies: validate each raw row, apply the brief's transformations, unnest nested fields.

Every raw row ends either in the curated table or in quarantine with one reason: the
first rule it breaks, in the order the rules are listed in the README.
"""

import math
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from movierec.etl.literal import parse_literal
from movierec.etl.quarantine import RowRejected, count_reasons, quarantined
from movierec.text import normalize

MOVIE_COLUMNS = (
    "id", "title", "release_date", "budget", "revenue", "popularity", "vote_count",
    "vote_average", "runtime", "genres", "belongs_to_collection", "production_companies",
    "production_countries", "spoken_languages", "original_language", "overview",
    "tagline", "status",
)
DROPPED_COLUMNS = ("video", "imdb_id", "adult", "original_title", "poster_path", "homepage")

# nested field → (output table, key of the entry's id, output id column)
LIST_FIELDS = {
    "genres": ("genres", "id", "genre_id"),
    "production_companies": ("companies", "id", "company_id"),
    "production_countries": ("countries", "iso_3166_1", "country_code"),
    "spoken_languages": ("languages", "iso_639_1", "language_code"),
}

_POSITIVE_INT = re.compile(r"[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_id(text: str) -> int:
    """A TMDB id: a positive integer written in digits, nothing else."""
    text = text.strip()
    if not _POSITIVE_INT.fullmatch(text) or int(text) == 0:
        raise RowRejected("invalid_id")
    return int(text)


def parse_amount(text: str, column: str, empty: float | None = 0.0) -> float | None:
    """A number; empty gives `empty`; anything else that is not a finite number is rejected."""
    text = text.strip()
    if not text:
        return empty
    try:
        value = float(text)
    except ValueError:
        raise RowRejected(f"invalid_{column}") from None
    if not math.isfinite(value):
        raise RowRejected(f"invalid_{column}")
    return value


def parse_release_date(text: str) -> str:
    """Release dates must be real YYYY-mm-dd dates; returns the same canonical string."""
    text = text.strip()
    if not text:
        raise RowRejected("missing_release_date")
    if not _ISO_DATE.fullmatch(text):
        raise RowRejected("invalid_release_date")
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise RowRejected("invalid_release_date") from None


def compute_return(revenue: float, budget: float) -> float:
    """The brief's return: revenue / budget, and 0 when budget is not positive."""
    return revenue / budget if budget > 0 else 0.0


def parse_nested(text: str, column: str, kind: type) -> list | dict | None:
    """A nested literal of the expected kind (list of dicts, or one dict); empty gives none."""
    text = text.strip()
    if not text:
        return [] if kind is list else None
    try:
        value = parse_literal(text)
    except ValueError:
        raise RowRejected(f"invalid_{column}") from None
    if kind is list:
        if isinstance(value, list) and all(isinstance(item, dict) for item in value):
            return value
    elif value is None or isinstance(value, dict):
        return value
    raise RowRejected(f"invalid_{column}")


@dataclass
class MoviesResult:
    movies: pd.DataFrame
    nested: dict[str, pd.DataFrame]  # genres, companies, countries, languages
    quarantine: list[dict]
    reasons: dict[str, int]


def clean_movies(raw: pd.DataFrame) -> MoviesResult:
    """Apply the movie rules to a raw string table (with "source_row")."""
    kept: list[dict] = []
    nested_rows: dict[str, list[dict]] = {table: [] for table, _, _ in LIST_FIELDS.values()}
    quarantine: list[dict] = []
    seen_ids: set[int] = set()
    columns = list(raw.columns)
    for values in raw.itertuples(index=False, name=None):
        record = dict(zip(columns, values))
        try:
            movie, lists = _clean_movie(record, seen_ids)
        except RowRejected as rejection:
            quarantine.append(quarantined(record, rejection.args[0]))
            continue
        kept.append(movie)
        for column, items in lists.items():
            table, key, id_column = LIST_FIELDS[column]
            for position, item in enumerate(items):
                nested_rows[table].append(
                    {"movie_id": movie["id"], id_column: item.get(key), "name": item.get("name"),
                     "position": position}
                )
    movies = pd.DataFrame(kept, columns=_OUTPUT_COLUMNS)
    nested = {table: _nested_frame(rows, table) for table, rows in nested_rows.items()}
    return MoviesResult(_typed(movies), nested, quarantine, count_reasons(quarantine))


_OUTPUT_COLUMNS = [
    "id", "title", "title_key", "release_date", "release_year", "budget", "revenue", "return",
    "popularity", "vote_count", "vote_average", "runtime", "original_language", "status",
    "overview", "tagline", "collection_id", "collection_name",
    "genres", "production_companies", "production_countries", "spoken_languages",
]


def _clean_movie(record: dict, seen_ids: set[int]) -> tuple[dict, dict[str, list]]:
    movie_id = parse_id(record["id"])
    if movie_id in seen_ids:
        raise RowRejected("duplicate_id")
    seen_ids.add(movie_id)
    budget = parse_amount(record["budget"], "budget")
    revenue = parse_amount(record["revenue"], "revenue")
    release_date = parse_release_date(record["release_date"])
    title = record["title"].strip()
    if not title:
        raise RowRejected("missing_title")
    popularity = parse_amount(record["popularity"], "popularity")
    vote_count = parse_amount(record["vote_count"], "vote_count")
    vote_average = parse_amount(record["vote_average"], "vote_average")
    runtime = parse_amount(record["runtime"], "runtime", empty=None)
    lists = {column: parse_nested(record[column], column, list) for column in LIST_FIELDS}
    collection = parse_nested(record["belongs_to_collection"], "belongs_to_collection", dict)
    movie = {
        "id": movie_id,
        "title": title,
        "title_key": normalize(title),
        "release_date": release_date,
        "release_year": int(release_date[:4]),
        "budget": budget,
        "revenue": revenue,
        "return": compute_return(revenue, budget),
        "popularity": popularity,
        "vote_count": vote_count,
        "vote_average": vote_average,
        "runtime": runtime,
        "original_language": record["original_language"].strip() or None,
        "status": record["status"].strip() or None,
        "overview": record["overview"].strip() or None,
        "tagline": record["tagline"].strip() or None,
        "collection_id": collection.get("id") if collection else None,
        "collection_name": collection.get("name") if collection else None,
    }
    for column, items in lists.items():
        movie[column] = "|".join(str(item.get("name")) for item in items if item.get("name"))
    return movie, lists


def _typed(movies: pd.DataFrame) -> pd.DataFrame:
    movies = movies.astype(
        {"id": "int64", "release_year": "int32", "budget": "float64", "revenue": "float64",
         "return": "float64", "popularity": "float64", "vote_count": "int64",
         "vote_average": "float64", "runtime": "float64", "collection_id": "Int64"}
    )
    return movies


def _nested_frame(rows: list[dict], table: str) -> pd.DataFrame:
    id_column = next(column for name, _, column in LIST_FIELDS.values() if name == table)
    frame = pd.DataFrame(rows, columns=["movie_id", id_column, "name", "position"])
    frame = frame.astype({"movie_id": "int64", "position": "int16"})
    if id_column.endswith("_id"):
        frame[id_column] = frame[id_column].astype("Int64")
    return frame
