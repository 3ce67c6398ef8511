"""Movies: validate each raw row, apply the brief's transformations, unnest nested fields.

Every raw row ends either in the curated table or in quarantine with one reason: the
first rule it breaks, in the order the rules are listed in the README.
"""

from dataclasses import dataclass

import pandas as pd

from movierec.etl.quarantine import RowRejected, count_reasons, quarantined
from movierec.etl.values import (
    MAX_INT64, MAX_POSITION, is_id, is_text, parse_amount, parse_id, parse_nested, parse_number,
    parse_release_date, parse_whole,
)
from movierec.text import normalize

MOVIE_COLUMNS = (
    "id", "title", "release_date", "budget", "revenue", "popularity", "vote_count",
    "vote_average", "runtime", "genres", "belongs_to_collection", "production_companies",
    "production_countries", "spoken_languages", "original_language", "overview",
    "tagline", "status",
)
DROPPED_COLUMNS = ("video", "imdb_id", "adult", "original_title", "poster_path", "homepage")
# what the film card and the original-title search need of the dropped fields: kept aside in the
# `extras` table, so movies.parquet still follows the brief; a raw file without them gives nulls
EXTRA_COLUMNS = ("original_title", "poster_path", "imdb_id")

# nested field → (output table, key of the entry's id, output id column)
LIST_FIELDS = {
    "genres": ("genres", "id", "genre_id"),
    "production_companies": ("companies", "id", "company_id"),
    "production_countries": ("countries", "iso_3166_1", "country_code"),
    "spoken_languages": ("languages", "iso_639_1", "language_code"),
}


def compute_return(revenue: float, budget: float) -> float:
    """The brief's return: revenue / budget, and 0 when budget is not positive."""
    return revenue / budget if budget > 0 else 0.0


def parse_list(text: str, column: str) -> list[dict]:
    """A nested list field whose every entry has a valid id (or code) and a text name, short
    enough for the int16 position column."""
    items = parse_nested(text, column, list)
    _, key, id_column = LIST_FIELDS[column]
    valid_key = is_id if id_column.endswith("_id") else is_text
    if len(items) > MAX_POSITION + 1:
        raise RowRejected(f"invalid_{column}")
    for item in items:
        if not (valid_key(item.get(key)) and is_text(item.get("name"))):
            raise RowRejected(f"invalid_{column}")
    return items


def parse_collection(text: str) -> dict | None:
    """The collection a film belongs to, if any: a dict with a valid id and a text name."""
    collection = parse_nested(text, "belongs_to_collection", dict)
    if collection is not None and not (is_id(collection.get("id")) and is_text(collection.get("name"))):
        raise RowRejected("invalid_belongs_to_collection")
    return collection


@dataclass
class MoviesResult:
    movies: pd.DataFrame
    nested: dict[str, pd.DataFrame]  # genres, companies, countries, languages
    extras: pd.DataFrame  # one row per kept film: the dropped fields the card and search need
    quarantine: list[dict]
    reasons: dict[str, int]


def clean_movies(raw: pd.DataFrame) -> MoviesResult:
    """Apply the movie rules to a raw string table (with "source_row")."""
    kept: list[dict] = []
    nested_rows: dict[str, list[dict]] = {table: [] for table, _, _ in LIST_FIELDS.values()}
    extras: list[dict] = []
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
        extras.append(_extras(movie["id"], record))
        for column, items in lists.items():
            table, key, id_column = LIST_FIELDS[column]
            for position, item in enumerate(items):
                nested_rows[table].append(
                    {"movie_id": movie["id"], id_column: item[key], "name": item["name"],
                     "position": position}
                )
    movies = pd.DataFrame(kept, columns=_OUTPUT_COLUMNS)
    nested = {table: _nested_frame(rows, table) for table, rows in nested_rows.items()}
    extras_frame = pd.DataFrame(extras, columns=["movie_id", *EXTRA_COLUMNS[:1], "original_title_key",
                                                 *EXTRA_COLUMNS[1:]]).astype({"movie_id": "int64"})
    return MoviesResult(_typed(movies), nested, extras_frame, quarantine, count_reasons(quarantine))


def _extras(movie_id: int, record: dict) -> dict:
    """The dropped fields of a kept film, as they came (stripped; empty or absent → null): they
    are shown, never computed on, so an odd value is not a reason to quarantine the film."""
    values = {column: (record.get(column) or "").strip() or None for column in EXTRA_COLUMNS}
    original = values["original_title"]
    return {"movie_id": movie_id, **values, "original_title_key": normalize(original) if original else None}


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
    budget = parse_amount(record["budget"], "invalid_budget")
    revenue = parse_amount(record["revenue"], "invalid_revenue")
    release_date = parse_release_date(record["release_date"])
    title = record["title"].strip()
    if not title:
        raise RowRejected("missing_title")
    popularity = parse_number(record["popularity"], "invalid_popularity", 0.0)
    vote_count = parse_whole(record["vote_count"].strip() or "0", "invalid_vote_count", 0, MAX_INT64)
    vote_average = parse_number(record["vote_average"], "invalid_vote_average", 0.0, 10.0)
    runtime = parse_number(record["runtime"], "invalid_runtime", 0.0, empty=None)
    lists = {column: parse_list(record[column], column) for column in LIST_FIELDS}
    collection = parse_collection(record["belongs_to_collection"])
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
        "collection_id": collection["id"] if collection else None,
        "collection_name": collection["name"] if collection else None,
    }
    for column, items in lists.items():
        movie[column] = "|".join(item["name"] for item in items if item["name"])
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
