"""parse_literal against its baseline, ast.literal_eval, on real credits rows.

Both parse the same cast/crew fields in the same run: the TMDB 5000 overlap rows turned into
the raw Python-literal layout plus the first 35 real credits rows (../shared/data), or the
bundled data/sample/credits.csv.gz when the shared data is missing. Exits 1 if the speed-up
is under 5x or if any result differs.
"""

import ast
import json
import sys
import time
from pathlib import Path

import pandas as pd

from movierec.etl.literal import parse_literal

REPO_DIR = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_DIR.parent / "shared" / "data"
SAMPLE_CREDITS = REPO_DIR / "data" / "sample" / "credits.csv.gz"
MIN_SPEEDUP = 5.0


def read_fields(path: Path, from_json: bool = False) -> list[str]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    fields = [text for column in ("cast", "crew") for text in frame[column] if text]
    return [repr(json.loads(text)) for text in fields] if from_json else fields


def load_rows() -> tuple[str, list[str]]:
    tmdb = SHARED_DATA / "tmdb-5000" / "tmdb_5000_credits_overlap.csv"
    first35 = SHARED_DATA / "the-movies-dataset" / "credits_first35.csv"
    if tmdb.exists() and first35.exists():
        rows = read_fields(tmdb, from_json=True) + read_fields(first35)
        return "shared tmdb overlap + credits_first35", rows
    return "bundled sample credits.csv.gz", read_fields(SAMPLE_CREDITS)


def timed(parse, rows: list[str]) -> tuple[float, list]:
    start = time.perf_counter()
    results = [parse(text) for text in rows]
    return time.perf_counter() - start, results


def main() -> None:
    source, rows = load_rows()
    megabytes = sum(len(text.encode()) for text in rows) / 1e6
    print(f"input: {source}: {len(rows)} fields, {megabytes:.1f} MB")
    base_seconds, expected = timed(ast.literal_eval, rows)
    fast_seconds, got = timed(parse_literal, rows)
    for name, seconds in (("ast.literal_eval", base_seconds), ("parse_literal", fast_seconds)):
        print(f"{name:17} {seconds:7.2f} s {megabytes / seconds:7.1f} MB/s")
    speedup = base_seconds / fast_seconds
    identical = repr(got) == repr(expected)  # literal reprs differ whenever type or value does
    print(f"speed-up {speedup:.1f}x (need >= {MIN_SPEEDUP:.0f}x), results identical: {identical}")
    sys.exit(0 if speedup >= MIN_SPEEDUP and identical else 1)


if __name__ == "__main__":
    main()
