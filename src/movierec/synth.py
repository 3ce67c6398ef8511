"""Full-size synthetic raw files, resampled from the bundled real sample.

write_synthetic() writes ``movies_dataset.csv`` and ``credits.csv`` in exactly the raw
format of the Kaggle files (same header, csv QUOTE_MINIMAL, LF line ends for movies and
CRLF for credits, Python-literal nested fields) so that the ETL can be run and timed at
full size (45,466 movies) without the full files.

Design (deterministic for a given seed; numpy's seeded RNG picks everything):

* ids: the sample's 4,999 distinct real rows come first, in their real order and with
  their real ids (so ratings/links still join); every further row is a uniform resample
  of a real row with a fresh id 1_000_000, 1_000_001, ... (real TMDB ids of the dataset
  are far below that). Titles, imdb_id and every other field are kept as they are, so
  titles (and imdb_ids) repeat, as they do in real catalogues.
* credits: one row per distinct well-formed movie id, written right after the movie's
  first row. A movie whose real row has real credits gets them (the id replaced for
  copies). Any other movie borrows a random real credits row cut to a short prefix (cast
  and crew lengths drawn from a geometric law, mean about 9 and 10, a tenth with empty
  cast), which keeps credits.csv near the real file's size (~190 MB) instead of giving
  every obscure movie the crew of a blockbuster.
* anomalies of the full files, at their real counts:
  - 3 malformed movie rows built like the real ones (a record cut after its overview,
    the tail read as a row): ``adult`` = end of the overview, then popularity,
    poster_path, ..., vote_count shifted left by 9 columns, 9 empty fields at the end.
    Hence belongs_to_collection = a float, budget = a poster path, id = a date such as
    1997-08-20, popularity = tagline (chosen empty, so missing). All 24 fields are
    present, so only the values betray them. Placed near the real row indexes 19730,
    29503, 35587 scaled to n_movies. They have no credits.
  - 13 fully duplicated movie rows and 17 more rows repeating an id with different
    content (the same row with another popularity), each after its original;
  - empty release_date topped up to about 87 per 45,466 rows, and tiny budgets (1-10
    dollars) set on about 10 per 45,466 rows with revenue >= 1,000,000 (both on resampled
    rows, or on any row when n_movies leaves fewer than 100 resampled ones; the real rows
    already hold some of each);
  - credits: 37 fully duplicated rows and 7 more rows repeating an id with other content
    (another real credits row, cut), each after its original.
"""

from __future__ import annotations

import csv
import gzip
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

csv.field_size_limit(sys.maxsize)

FRESH_ID_START = 1_000_000
FULL_MOVIES = 45_466
MALFORMED_AT = (19_730, 29_503, 35_587)  # real row indexes of the malformed rows
DUPLICATE_ROWS, DUPLICATE_IDS = 13, 17
CREDIT_DUPLICATE_ROWS, CREDIT_DUPLICATE_IDS = 37, 7
EMPTY_DATES_PER_FULL, TINY_BUDGETS_PER_FULL = 87, 10
MIN_MOVIES = 100
CAST_SEP, CREW_SEP = ", {'cast_id': ", ", {'credit_id': "  # entry boundaries in the literals
PROGRESS_EVERY = 1_000


def credits_rows(n_movies: int) -> int:
    """Credits rows write_synthetic writes for n_movies (every well-formed id + duplicates)."""
    return n_movies - len(MALFORMED_AT) - DUPLICATE_ROWS - DUPLICATE_IDS + CREDIT_DUPLICATE_ROWS + CREDIT_DUPLICATE_IDS


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _prefix(literal: str, sep: str, k: int) -> str:
    """The literal of the first k entries of a repr()'d list of dicts (no parsing needed)."""
    if k <= 0 or literal == "[]":
        return "[]"
    parts = literal[1:-1].split(sep)
    return literal if k >= len(parts) else "[" + sep.join(parts[:k]) + "]"


def _scaled(per_full: int, n_movies: int) -> int:
    return max(1, round(per_full * n_movies / FULL_MOVIES))


def write_synthetic(
    sample_dir: Path,
    out_dir: Path,
    n_movies: int = FULL_MOVIES,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Write out_dir/movies_dataset.csv (n_movies rows) and out_dir/credits.csv.

    progress, if given, is called with the number of movie rows written so far (credits
    are written alongside, so it ends at n_movies). Returns a summary of what was written.
    """
    if n_movies < MIN_MOVIES:
        raise ValueError(f"n_movies must be at least {MIN_MOVIES}")
    rng = np.random.default_rng(seed)
    header, real = _read(Path(sample_dir) / "movies_dataset.csv.gz")
    credit_header, real_credits = _read(Path(sample_dir) / "credits.csv.gz")
    col = {name: i for i, name in enumerate(header)}
    c_id, c_date, c_budget, c_revenue, c_pop = (
        col["id"], col["release_date"], col["budget"], col["revenue"], col["popularity"])

    seen: set[str] = set()
    real = [r for r in real if not (r[c_id] in seen or seen.add(r[c_id]))]  # drop the real dup
    credits_of = {r[2]: i for i, r in enumerate(real_credits)}

    # Base rows: the real rows, then resamples with fresh ids; `source` = index in `real`.
    n_base = n_movies - len(MALFORMED_AT) - DUPLICATE_ROWS - DUPLICATE_IDS
    n_real = min(n_base, len(real))
    source = np.concatenate([np.arange(n_real), rng.integers(0, len(real), n_base - n_real)])
    base = [list(real[s]) for s in source]
    for k, row in enumerate(base[n_real:]):
        row[c_id] = str(FRESH_ID_START + k)

    # Field anomalies on resampled rows (on real rows only if there are no resampled ones).
    pool = np.arange(n_real, n_base) if n_base - n_real >= 100 else np.arange(n_base)
    empty_now = sum(not row[c_date] for row in base)
    dated = [i for i in pool if base[i][c_date]]
    n_blank = min(len(dated), max(0, _scaled(EMPTY_DATES_PER_FULL, n_movies) - empty_now))
    for i in rng.choice(dated, n_blank, replace=False):
        base[i][c_date] = ""
    rich = [i for i in pool if base[i][c_revenue].isdigit() and int(base[i][c_revenue]) >= 1_000_000]
    n_tiny = min(_scaled(TINY_BUDGETS_PER_FULL, n_movies), len(rich))
    for i in rng.choice(rich, n_tiny, replace=False):
        base[i][c_budget] = str(rng.integers(1, 11))

    # Extra movie rows, each placed after a base index: duplicates and malformed rows.
    extra: list[tuple[int, list[str]]] = []
    picks = rng.choice(n_base, DUPLICATE_ROWS + DUPLICATE_IDS, replace=False)
    for j, i in enumerate(picks):
        copy = list(base[i])
        if j >= DUPLICATE_ROWS:  # same id, different content: another popularity
            old = float(copy[c_pop] or 0)
            new = f"{old * rng.uniform(0.5, 1.5):.6f}"
            copy[c_pop] = new if new != copy[c_pop] else f"{old + 1:.6f}"
        extra.append((int(rng.integers(i, n_base)), copy))
    cut = [i for i, r in enumerate(real) if r[col["overview"]].count(" ") >= 4 and not r[col["tagline"]]
           and r[col["poster_path"]] and r[c_date] and r[c_pop]]
    for at, s in zip(MALFORMED_AT, rng.choice(cut, len(MALFORMED_AT), replace=False)):
        words = real[s][col["overview"]].split(" ")
        tail = " " + " ".join(words[len(words) // 2:])
        row = [tail, *real[s][c_pop:]]
        extra.append((min(n_base - 1, round(at * n_movies / FULL_MOVIES)), row + [""] * (len(header) - len(row))))
    extra.sort(key=lambda item: item[0])

    # Credits plan: per base index, the credits rows written after that movie row.
    # A spec is (real credits index, cast length or -1 for all, crew length or -1, id).
    plan: dict[int, list[tuple[int, int, int, str]]] = {}
    specs: list[tuple[int, tuple[int, int, int, str]]] = []
    for i, s in enumerate(source):
        own = credits_of.get(real[s][c_id])
        if own is not None:
            spec = (own, -1, -1, base[i][c_id])
        else:
            spec = (int(rng.integers(len(real_credits))), int(rng.geometric(0.1)) - 1,
                    int(rng.geometric(0.1)), base[i][c_id])
        specs.append((i, spec))
    picks = rng.choice(len(specs), CREDIT_DUPLICATE_ROWS + CREDIT_DUPLICATE_IDS, replace=False)
    for j, p in enumerate(picks):
        i, spec = specs[p]
        if j >= CREDIT_DUPLICATE_ROWS:  # same id, other content
            other = (spec[0] + 1 + int(rng.integers(len(real_credits) - 1))) % len(real_credits)
            spec = (other, int(rng.geometric(0.1)), int(rng.geometric(0.1)), spec[3])
        specs.append((int(rng.integers(i, n_base)), spec))
    for i, spec in specs:
        plan.setdefault(i, []).append(spec)

    def credit_row(spec: tuple[int, int, int, str]) -> list[str]:
        cast, crew, _ = real_credits[spec[0]]
        if spec[1] >= 0:
            cast, crew = _prefix(cast, CAST_SEP, spec[1]), _prefix(crew, CREW_SEP, spec[2])
        return [cast, crew, spec[3]]

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = written_credits = 0
    next_extra = 0
    with (open(out_dir / "movies_dataset.csv", "w", encoding="utf-8", newline="") as movies_file,
          open(out_dir / "credits.csv", "w", encoding="utf-8", newline="") as credits_file):
        movies_out = csv.writer(movies_file, lineterminator="\n")
        credits_out = csv.writer(credits_file, lineterminator="\r\n")
        movies_out.writerow(header)
        credits_out.writerow(credit_header)
        for i, row in enumerate(base):
            rows = [row]
            while next_extra < len(extra) and extra[next_extra][0] == i:
                rows.append(extra[next_extra][1])
                next_extra += 1
            movies_out.writerows(rows)
            new_credits = [credit_row(spec) for spec in plan.get(i, ())]
            credits_out.writerows(new_credits)
            written_credits += len(new_credits)
            before, written = written, written + len(rows)
            if progress and (written // PROGRESS_EVERY > before // PROGRESS_EVERY or written == n_movies):
                progress(written)

    well_formed = base + [row for _, row in extra if row[c_id].isascii() and row[c_id].isdigit()]
    return {
        "movies_file": str(out_dir / "movies_dataset.csv"),
        "credits_file": str(out_dir / "credits.csv"),
        "movies_rows": written,
        "credits_rows": written_credits,
        "real_id_rows": n_real,
        "fresh_id_rows": n_base - n_real,
        "seed": seed,
        "movies_anomalies": {
            "malformed_rows": len(MALFORMED_AT),
            "duplicated_rows": DUPLICATE_ROWS,
            "duplicated_ids_other_content": DUPLICATE_IDS,
            "empty_release_date": sum(not r[c_date] for r in well_formed),
            "empty_release_date_injected": n_blank,
            "tiny_budget_1_10": sum(r[c_budget].isdigit() and 1 <= int(r[c_budget]) <= 10 for r in well_formed),
            "tiny_budget_injected": n_tiny,
        },
        "credits_anomalies": {
            "duplicated_rows": CREDIT_DUPLICATE_ROWS,
            "duplicated_ids_other_content": CREDIT_DUPLICATE_IDS,
            "movies_with_real_credits": sum(spec[1] < 0 for _, spec in specs[:n_base]),
        },
    }
