"""Keywords: validate each raw keywords.csv row and unnest it for movies in the catalog."""

from dataclasses import dataclass

import pandas as pd

from movierec.etl.quarantine import RowRejected, count_reasons, quarantined
from movierec.etl.values import MAX_POSITION, is_id, is_text, parse_id, parse_nested

KEYWORD_COLUMNS = ("id", "keywords")
KEYWORD_TABLE_COLUMNS = ["movie_id", "keyword_id", "name", "position"]


@dataclass
class KeywordsResult:
    keywords: pd.DataFrame  # movie_id, keyword_id, name, position: one row per keyword of a film
    rows_kept: int
    quarantine: list[dict]
    reasons: dict[str, int]


def keyword_rows_of(movie_id: int, entries: list[dict]) -> list[tuple]:
    """A film's keywords, in their order: each has a valid id and a text name."""
    rows = [(movie_id, entry.get("id"), entry.get("name"), position) for position, entry in enumerate(entries)]
    if len(rows) > MAX_POSITION + 1 or not all(is_id(keyword_id) and is_text(name)
                                               for _, keyword_id, name, _ in rows):
        raise RowRejected("invalid_keywords")
    return rows


def clean_keywords(raw: pd.DataFrame, movie_ids: set[int]) -> KeywordsResult:
    """Apply the keyword rules, in this order: a valid id, the first row of a repeated id (the
    full file repeats about a thousand rows), a readable list of keywords, a film the movie ETL
    kept. Every rejected row keeps its reason."""
    rows: list[tuple] = []
    quarantine: list[dict] = []
    seen: set[int] = set()
    for record in raw.to_dict("records"):
        try:
            movie_id = parse_id(record["id"])
            if movie_id in seen:
                raise RowRejected("duplicate_id")
            seen.add(movie_id)
            keywords = keyword_rows_of(movie_id, parse_nested(record["keywords"], "keywords", list))
            if movie_id not in movie_ids:
                raise RowRejected("movie_not_in_catalog")
        except RowRejected as rejection:
            quarantine.append(quarantined(record, rejection.args[0]))
            continue
        rows.extend(keywords)
    table = pd.DataFrame(rows, columns=KEYWORD_TABLE_COLUMNS).astype(
        {"movie_id": "int64", "keyword_id": "int64", "position": "int16"})
    return KeywordsResult(table, len(raw) - len(quarantine), quarantine, count_reasons(quarantine))
