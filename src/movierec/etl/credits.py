"""Credits: validate each raw row and unnest cast and crew for movies in the catalog."""

from dataclasses import dataclass

import pandas as pd

from movierec.etl.quarantine import RowRejected, count_reasons
from movierec.etl.values import MAX_INT32, is_id, is_optional_text, is_text, parse_id, parse_nested
from movierec.text import normalize

CREDIT_COLUMNS = ("cast", "crew", "id")
CAST_COLUMNS = ["movie_id", "person_id", "name", "character", "order"]
CREW_COLUMNS = ["movie_id", "person_id", "name", "job", "department"]


@dataclass
class CreditsResult:
    cast: pd.DataFrame
    crew: pd.DataFrame
    rows_kept: int
    quarantine: list[dict]
    reasons: dict[str, int]


def clean_credits(raw: pd.DataFrame, movie_ids: set[int], progress=None) -> CreditsResult:
    """Apply the credit rules; rows of movies that did not survive the movie ETL are set aside.

    `progress(n)` is called every few thousand rows so the CLI can draw a bar.
    """
    cast_rows: list[tuple] = []
    crew_rows: list[tuple] = []
    quarantine: list[dict] = []
    seen_ids: set[int] = set()
    kept = 0
    step = 2000
    for index, (source_row, cast_text, crew_text, id_text) in enumerate(
        raw[["source_row", "cast", "crew", "id"]].itertuples(index=False, name=None), start=1
    ):
        if progress and index % step == 0:
            progress(step)
        try:
            movie_id = parse_id(id_text)
            if movie_id in seen_ids:
                raise RowRejected("duplicate_id")
            seen_ids.add(movie_id)
            cast = cast_rows_of(movie_id, parse_nested(cast_text, "cast", list))
            crew = crew_rows_of(movie_id, parse_nested(crew_text, "crew", list))
            if movie_id not in movie_ids:
                raise RowRejected("movie_not_in_catalog")
        except RowRejected as rejection:
            quarantine.append({
                "source_row": int(source_row), "reason": rejection.args[0],
                "fields": {"cast": cast_text, "crew": crew_text, "id": id_text},
            })
            continue
        kept += 1
        cast_rows.extend(cast)
        crew_rows.extend(crew)
    if progress:
        progress(len(raw) % step)
    cast_frame = pd.DataFrame(cast_rows, columns=CAST_COLUMNS).astype(
        {"movie_id": "int64", "person_id": "Int64", "order": "Int32"}
    )
    crew_frame = pd.DataFrame(crew_rows, columns=CREW_COLUMNS).astype(
        {"movie_id": "int64", "person_id": "Int64"}
    )
    return CreditsResult(with_name_key(cast_frame), with_name_key(crew_frame), kept, quarantine,
                         count_reasons(quarantine))


def cast_rows_of(movie_id: int, cast: list[dict]) -> list[tuple]:
    """Cast rows of one film: each person has a valid id and a text name, `character` is text
    (or absent) and `order` a non-negative int32 (or absent)."""
    rows = [(movie_id, c.get("id"), c.get("name"), c.get("character"), c.get("order")) for c in cast]
    for _, person_id, name, character, order in rows:
        if not (is_id(person_id) and is_text(name) and is_optional_text(character)
                and (order is None or type(order) is int and 0 <= order <= MAX_INT32)):
            raise RowRejected("invalid_cast")
    return rows


def crew_rows_of(movie_id: int, crew: list[dict]) -> list[tuple]:
    """Crew rows of one film: a valid person id, a text name, `job` and `department` text
    (or absent)."""
    rows = [(movie_id, c.get("id"), c.get("name"), c.get("job"), c.get("department")) for c in crew]
    for _, person_id, name, job, department in rows:
        if not (is_id(person_id) and is_text(name) and is_optional_text(job)
                and is_optional_text(department)):
            raise RowRejected("invalid_crew")
    return rows


def with_name_key(credits: pd.DataFrame) -> pd.DataFrame:
    """Add `name_key`, the normalised name the API matches on, computed once per distinct name
    here so the server does not redo it at every start."""
    keys = {name: normalize(name) for name in credits["name"].dropna().unique()}
    return credits.assign(name_key=credits["name"].map(keys))
