"""Hand-written raw rows in the exact layout of the Kaggle files, for unit tests."""

import csv
import gzip
import sys
from pathlib import Path

csv.field_size_limit(sys.maxsize)  # credits literals are far longer than csv's default limit

MOVIE_HEADER = [
    "adult", "belongs_to_collection", "budget", "genres", "homepage", "id", "imdb_id",
    "original_language", "original_title", "overview", "popularity", "poster_path",
    "production_companies", "production_countries", "release_date", "revenue", "runtime",
    "spoken_languages", "status", "tagline", "title", "video", "vote_average", "vote_count",
]

TOY_STORY = {
    "adult": "False",
    "belongs_to_collection": "{'id': 10194, 'name': 'Toy Story Collection', 'poster_path': '/7G9915LfUQ2lVfwMEEhDsn3kT4B.jpg', 'backdrop_path': '/9FBwqcd9IRruEDUrTdcaafOMKUq.jpg'}",
    "budget": "30000000",
    "genres": "[{'id': 16, 'name': 'Animation'}, {'id': 35, 'name': 'Comedy'}, {'id': 10751, 'name': 'Family'}]",
    "homepage": "http://toystory.disney.com/toy-story",
    "id": "862",
    "imdb_id": "tt0114709",
    "original_language": "en",
    "original_title": "Toy Story",
    "overview": "Led by Woody, Andy's toys live happily in his room.",
    "popularity": "21.946943",
    "poster_path": "/rhIRbceoE9lR4veEXuwCC2wARtG.jpg",
    "production_companies": "[{'name': 'Pixar Animation Studios', 'id': 3}]",
    "production_countries": "[{'iso_3166_1': 'US', 'name': 'United States of America'}]",
    "release_date": "1995-10-30",
    "revenue": "373554033",
    "runtime": "81.0",
    "spoken_languages": "[{'iso_639_1': 'en', 'name': 'English'}]",
    "status": "Released",
    "tagline": "",
    "title": "Toy Story",
    "video": "False",
    "vote_average": "7.7",
    "vote_count": "5415",
}

CREDIT_HEADER = ["cast", "crew", "id"]
TOY_STORY_CREDITS = {
    "cast": "[{'cast_id': 14, 'character': 'Woody (voice)', 'credit_id': '52fe4284c3a36847f8024f95', 'gender': 2, 'id': 31, 'name': 'Tom Hanks', 'order': 0, 'profile_path': None}]",
    "crew": "[{'credit_id': '52fe4284c3a36847f8024f49', 'department': 'Directing', 'gender': 2, 'id': 7879, 'job': 'Director', 'name': 'John Lasseter', 'profile_path': None}]",
    "id": "862",
}

# A row of the full file whose columns are shifted by one (original row index 19730):
# `id` holds a date, `budget` a poster path, and `popularity` is missing.
SHIFTED_ROW = [
    " - Written by Ørnås", "0.065736", "/ff9qCepilowshEtG2GYWwzt2bs4.jpg",
    "[{'name': 'Carousel Productions', 'id': 11176}, {'name': 'Vision View Entertainment', 'id': 11602}]",
    "[{'iso_3166_1': 'CA', 'name': 'Canada'}]", "1997-08-20", "0", "104.0",
    "[{'iso_639_1': 'en', 'name': 'English'}]", "Released", "", "Midnight Man", "1", "6.0", "1",
    "", "", "", "", "", "", "", "", "",
]


def movie(**overrides: str) -> dict:
    return {**TOY_STORY, **overrides}


def write_csv(path: Path, header: list[str], rows: list) -> Path:
    """Write rows (dicts in header order, or raw field lists) the way the raw files are quoted."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row[column] for column in header] if isinstance(row, dict) else row)
    return path


def read_records(path: Path) -> list[list[str]]:
    """All CSV records of a raw file, plain or gzip (fields may hold newlines: records, not lines)."""
    opener = gzip.open if Path(path).suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))
