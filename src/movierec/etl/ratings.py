"""Ratings: MovieLens ratings mapped to TMDB ids through the links file."""

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from movierec.etl.quarantine import RowRejected, count_reasons, quarantined
from movierec.etl.read import RELEASING_POOL, RawColumns
from movierec.etl.values import LAST_TIMESTAMP, parse_id, parse_whole

RATING_COLUMNS = ("userId", "movieId", "rating", "timestamp")
LINK_COLUMNS = ("movieId", "imdbId", "tmdbId")


@dataclass
class RatingsResult:
    ratings: pd.DataFrame  # user_id, movie_id (TMDB), rating, timestamp
    rows_in: int  # raw ratings records, malformed ones included
    malformed: list[dict]  # lines with the wrong number of fields
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


# The plain spellings every real ratings file uses. A row spelt this way in all four fields is
# parsed by vectorised code; any other row goes through the per-row rules below, so both paths
# give the same answer (tests/code/test_etl_ratings.py checks it).
_PLAIN = {"userId": r"^[1-9][0-9]{0,8}$", "movieId": r"^[1-9][0-9]{0,8}$",
          "rating": r"^[0-5]\.[05]$", "timestamp": r"^(0|[1-9][0-9]{0,9})$"}
_TYPES = {"userId": pa.int64(), "movieId": pa.int64(), "rating": pa.float64(), "timestamp": pa.int64()}


def rating_fields(record: dict) -> tuple[int, int, float, int]:
    """One row's user, MovieLens movie, rating and timestamp, or RowRejected, rules in order."""
    return (parse_id(record["userId"], "invalid_user_id"), parse_id(record["movieId"], "invalid_movie_id"),
            parse_rating(record["rating"]), parse_whole(record["timestamp"], "invalid_timestamp", 0, LAST_TIMESTAMP))


def parse_rating_columns(raw: RawColumns) -> tuple[dict[str, np.ndarray], dict[int, str], dict[int, dict]]:
    """Every row's four values (meaningless where rejected), {row: reason} of the rejected rows and
    the raw records of the rows not plainly spelt (the others' text is the values' own)."""
    plain = np.ones(raw.table.num_rows, dtype=bool)
    values = {}
    for column, pattern in _PLAIN.items():
        text = raw.table.column(column)
        matches = pc.match_substring_regex(text, pattern, memory_pool=RELEASING_POOL).to_numpy(zero_copy_only=False)
        plain &= matches
        plain_text = pc.if_else(pa.array(matches), text, pa.scalar("0"), memory_pool=RELEASING_POOL)
        values[column] = pc.cast(plain_text, _TYPES[column], memory_pool=RELEASING_POOL).to_numpy().copy()
    plain &= (values["rating"] >= 0.5) & (values["rating"] <= 5.0) & (values["timestamp"] <= LAST_TIMESTAMP)
    rejected: dict[int, str] = {}
    odd = np.flatnonzero(~plain)
    odd_records = dict(zip(odd.tolist(), raw.records(odd)))
    for row, record in odd_records.items():
        try:
            parsed = rating_fields(record)
        except RowRejected as rejection:
            rejected[int(row)] = rejection.args[0]
            continue
        for column, value in zip(_PLAIN, parsed):
            values[column][row] = value
    return values, rejected, odd_records


def plain_record(values: dict[str, np.ndarray], source_row: np.ndarray, row: int) -> dict:
    """The raw record of a plainly spelt row, written back from its values."""
    return {"source_row": int(source_row[row]), "userId": str(values["userId"][row]),
            "movieId": str(values["movieId"][row]), "rating": f"{values['rating'][row]:.1f}",
            "timestamp": str(values["timestamp"][row])}


def clean_links(raw_links: pd.DataFrame) -> tuple[dict[int, int], list[dict]]:
    """MovieLens id -> TMDB id (the first link of an id wins), and the rejected link rows."""
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
    return tmdb_of, links_quarantine


def clean_ratings(raw_ratings: RawColumns, raw_links: pd.DataFrame, movie_ids: set[int]) -> RatingsResult:
    """Keep ratings of catalog movies; each rejected row keeps its reason.

    Rules, the first failing one gives the reason: valid user, movie, rating and timestamp;
    a MovieLens id the links map (first link wins) to a movie of the catalog. Then a user's
    repeated rating of the same TMDB movie keeps the latest one (the later row on a tie).
    Plain numpy over whole columns, so 26 million ratings fit in a few GB.
    """
    tmdb_of, links_quarantine = clean_links(raw_links)
    values, rejected, odd_records = parse_rating_columns(raw_ratings)
    source_row, rows_in, malformed = raw_ratings.source_row, raw_ratings.rows_in, raw_ratings.malformed
    if list(raw_ratings.table.column_names) != list(RATING_COLUMNS):  # extra columns: keep their text
        odd_records = None
    else:
        del raw_ratings  # the text is no longer needed: free it before the heavy steps
    reasons = ["", *sorted(set(rejected.values())), "movie_not_in_links", "movie_not_in_catalog", "duplicate_rating"]
    code_of = {reason: code for code, reason in enumerate(reasons)}
    code = np.zeros(len(values["userId"]), dtype=np.uint8)
    if rejected:
        code[np.fromiter(rejected, dtype=np.int64)] = [code_of[reason] for reason in rejected.values()]

    linked = np.fromiter(sorted(tmdb_of), dtype=np.int64, count=len(tmdb_of))
    tmdb = np.fromiter((tmdb_of[movielens] for movielens in linked), dtype=np.int64, count=len(linked))
    at = np.searchsorted(linked, values["movieId"]).clip(max=max(len(linked) - 1, 0))
    in_links = linked[at] == values["movieId"] if len(linked) else np.zeros(len(code), dtype=bool)
    movie_id = np.where(in_links, tmdb[at] if len(linked) else 0, 0)
    del at
    code[(code == 0) & ~in_links] = code_of["movie_not_in_links"]
    catalog = np.fromiter(movie_ids, dtype=np.int64, count=len(movie_ids))
    code[(code == 0) & ~np.isin(movie_id, catalog)] = code_of["movie_not_in_catalog"]

    kept = np.flatnonzero(code == 0)
    key = (values["userId"][kept].astype(np.int64) << 32) | movie_id[kept]  # both ids fit 31 bits
    order = np.argsort(key, kind="stable")  # one (user, movie) together, in row order
    repeated = np.flatnonzero(key[order[1:]] == key[order[:-1]])  # real files have none, or a few
    del key
    if len(repeated):
        # each repeated pair keeps its latest rating (the later row on a tie), the others are set aside
        groups = np.unique(np.concatenate([repeated, repeated + 1]))
        rows = kept[order[groups]]
        pair = (values["userId"][rows].astype(np.int64) << 32) | movie_id[rows]
        by_time = np.lexsort((rows, values["timestamp"][rows], pair))
        older = np.ones(len(rows), dtype=bool)
        older[by_time[-1]] = False
        older[by_time[:-1][pair[by_time[1:]] != pair[by_time[:-1]]]] = False
        code[rows[older]] = code_of["duplicate_rating"]
    del order
    final = np.flatnonzero(code == 0)  # in row order
    # by user, then time; a stable sort keeps row order on ties (timestamps fit 32 bits)
    final = final[np.argsort((values["userId"][final].astype(np.int64) << 32) | values["timestamp"][final],
                             kind="stable")]
    ratings = pd.DataFrame({"user_id": values["userId"][final].astype(np.int32),
                            "movie_id": movie_id[final],
                            "rating": values["rating"][final].astype(np.float32),
                            "timestamp": values["timestamp"][final]}, copy=False)  # no block copies
    out = np.flatnonzero(code)
    records = (raw_ratings.records(out) if odd_records is None
               else [odd_records.get(row) or plain_record(values, source_row, row) for row in out.tolist()])
    quarantine = [quarantined(record, reasons[code[row]]) for row, record in zip(out, records)]
    return RatingsResult(
        ratings=ratings,
        rows_in=rows_in,
        malformed=malformed,
        links_kept=len(raw_links) - len(links_quarantine),
        links_quarantine=links_quarantine,
        links_reasons=count_reasons(links_quarantine),
        quarantine=quarantine,
        reasons=count_reasons(quarantine),
    )
