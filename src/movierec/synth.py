"""Full-size synthetic raw files, resampled from the bundled real sample.

write_synthetic() writes ``movies_dataset.csv``, ``credits.csv`` and ``keywords.csv`` in
exactly the raw format of the Kaggle files (same header, csv QUOTE_MINIMAL, LF line ends for
movies and CRLF for credits and keywords, Python-literal nested fields), and
``ratings.csv`` / ``links.csv`` in MovieLens's (CRLF), so that every stage can be run and
timed at full Kaggle scale (45,466 movies, 26,024,289 ratings by 270,896 users) without
the full files.

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
* keywords: one row per well-formed movie id, in movie order: the film's real keywords
  row when the bundled keywords file has it, else a random real row's keywords (a tenth of
  the real rows are `[]`, as in the full file); about 987 rows per 45,466 movies repeat
  the row before them, as the full file's duplicated ids do.
* ratings and links (see write_ratings): every well-formed movie gets a MovieLens id (its
  real one where links_small.csv has it, so real films keep their real ratings' ids) and
  a links row with the imdb id of its source row; about 219 links rows per 45,843 carry no
  tmdbId, as in the full links.csv. Ratings are drawn, not copied: each user's number of
  ratings is resampled from ratings_small's per-user counts and scaled to the requested
  total (the long tail is kept); each film's chance to be rated is its source film's
  rating count in ratings_small (unrated sources get a weight below any rated film's);
  (user, film) pairs are distinct; rating values follow ratings_small's distribution; a
  user's timestamps are a real user's first timestamp plus real within-user offsets. About
  71 ratings per 100,004 name a MovieLens id that links.csv lacks, as in ratings_small.
  Co-ratings carry no taste signal: these files measure cost, not recommendation quality.
"""

from __future__ import annotations

import csv
import gzip
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from movierec.progress import Stage, silent_stage

csv.field_size_limit(sys.maxsize)

FRESH_ID_START = 1_000_000
FULL_MOVIES = 45_466
FULL_RATINGS, FULL_USERS = 26_024_289, 270_896
FULL_LINKS, LINKS_WITHOUT_TMDB = 45_843, 219
SMALL_RATINGS, RATINGS_WITHOUT_LINK = 100_004, 71  # ratings_small rows; rows whose movieId links lack
KEYWORD_DUPLICATES_PER_FULL = 987  # keywords.csv: 46,419 rows for 45,432 distinct ids
FRESH_MOVIELENS_ID_START = 1_000_000
RATINGS_CHUNK = 1_000_000
MALFORMED_AT = (19_730, 29_503, 35_587)  # real row indexes of the malformed rows
DUPLICATE_ROWS, DUPLICATE_IDS = 13, 17
CREDIT_DUPLICATE_ROWS, CREDIT_DUPLICATE_IDS = 37, 7
EMPTY_DATES_PER_FULL, TINY_BUDGETS_PER_FULL = 87, 10
MIN_MOVIES = 100
CAST_SEP, CREW_SEP = ", {'cast_id': ", ", {'credit_id': "  # entry boundaries in the literals


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
    n_ratings: int = FULL_RATINGS,
    n_users: int = FULL_USERS,
    seed: int = 0,
    stage: Stage = silent_stage,
) -> dict:
    """Write out_dir/movies_dataset.csv (n_movies rows), credits.csv and keywords.csv, and, unless
    n_ratings is 0, ratings.csv (n_ratings rows by n_users users) and links.csv.

    Returns a summary of what was written.
    """
    if n_movies < MIN_MOVIES:
        raise ValueError(f"Hacen falta al menos {MIN_MOVIES} películas (--movies).")
    if n_ratings < 0 or (n_ratings and not 0 < n_users <= n_ratings):
        raise ValueError("--ratings no puede ser negativo, y --users debe estar entre 1 y --ratings.")
    rng = np.random.default_rng(seed)
    header, real = _read(Path(sample_dir) / "movies_dataset.csv.gz")
    credit_header, real_credits = _read(Path(sample_dir) / "credits.csv.gz")
    keyword_header, real_keywords = _read(Path(sample_dir) / "keywords.csv.gz")
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

    # Keywords: per base index, its row, and a repeat of it for some.
    keywords_of = {r[0]: r[1] for r in real_keywords}
    keyword_literal = [keywords_of.get(real[s][c_id]) or real_keywords[int(rng.integers(len(real_keywords)))][1]
                       for s in source]
    repeated = set(rng.choice(n_base, min(n_base, _scaled(KEYWORD_DUPLICATES_PER_FULL, n_movies)),
                              replace=False).tolist())

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = written_credits = written_keywords = 0
    next_extra = 0
    advance = stage("Generando películas", n_movies)
    with (open(out_dir / "movies_dataset.csv", "w", encoding="utf-8", newline="") as movies_file,
          open(out_dir / "credits.csv", "w", encoding="utf-8", newline="") as credits_file,
          open(out_dir / "keywords.csv", "w", encoding="utf-8", newline="") as keywords_file):
        movies_out = csv.writer(movies_file, lineterminator="\n")
        credits_out = csv.writer(credits_file, lineterminator="\r\n")
        keywords_out = csv.writer(keywords_file, lineterminator="\r\n")
        movies_out.writerow(header)
        credits_out.writerow(credit_header)
        keywords_out.writerow(keyword_header)
        for i, row in enumerate(base):
            rows = [row]
            while next_extra < len(extra) and extra[next_extra][0] == i:
                rows.append(extra[next_extra][1])
                next_extra += 1
            movies_out.writerows(rows)
            new_credits = [credit_row(spec) for spec in plan.get(i, ())]
            credits_out.writerows(new_credits)
            written_credits += len(new_credits)
            new_keywords = [[row[c_id], keyword_literal[i]]] * (2 if i in repeated else 1)
            keywords_out.writerows(new_keywords)
            written_keywords += len(new_keywords)
            written += len(rows)
            advance(len(rows))

    well_formed = base + [row for _, row in extra if row[c_id].isascii() and row[c_id].isdigit()]
    ratings = {}
    if n_ratings:
        films = pd.DataFrame({"id": [int(row[c_id]) for row in base],
                              "source_id": [int(real[s][c_id]) for s in source],
                              "imdb_id": [row[col["imdb_id"]] for row in base]})
        ratings = write_ratings(Path(sample_dir), out_dir, films, n_ratings, n_users, rng, stage)
    return {
        "movies_file": str(out_dir / "movies_dataset.csv"),
        "credits_file": str(out_dir / "credits.csv"),
        "keywords_file": str(out_dir / "keywords.csv"),
        "movies_rows": written,
        "credits_rows": written_credits,
        "keywords_rows": written_keywords,
        **ratings,
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


def _sample_ratings(sample_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """ratings_small.csv and links_small.csv of the bundled sample, as integers."""
    ratings = pd.read_csv(sample_dir / "ratings_small.csv.gz")
    links = pd.read_csv(sample_dir / "links_small.csv", dtype={"imdbId": str}).dropna(subset=["tmdbId"])
    return ratings, links.astype({"tmdbId": np.int64})


def _distinct_pairs(users: np.ndarray, weights: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One film index per entry of users, drawn with probability proportional to weights, such
    that no user gets the same film twice: colliding draws are drawn again, uniformly after a few
    rounds (a heavy user's last picks are obscure films), so it ends while no user has more
    entries than there are films."""
    cumulative = np.cumsum(weights / weights.sum())
    films = np.searchsorted(cumulative, rng.random(len(users)), side="right").clip(max=len(weights) - 1)
    for round_ in range(1000):
        keys = users.astype(np.int64) * len(weights) + films
        order = np.argsort(keys, kind="stable")
        repeat = np.zeros(len(keys), dtype=bool)
        repeat[order[1:]] = keys[order[1:]] == keys[order[:-1]]
        if not repeat.any():
            return films
        draws = rng.random(int(repeat.sum()))
        films[repeat] = (np.searchsorted(cumulative, draws, side="right").clip(max=len(weights) - 1)
                         if round_ < 10 else (draws * len(weights)).astype(np.int64))
    raise RuntimeError("could not draw distinct films for every user")


def write_ratings(sample_dir: Path, out_dir: Path, films: pd.DataFrame, n_ratings: int, n_users: int,
                  rng: np.random.Generator, stage: Stage = silent_stage) -> dict:
    """Write out_dir/links.csv and out_dir/ratings.csv for films (id, source_id, imdb_id: one row per
    well-formed synthetic movie, source_id = the real film it was resampled from)."""
    real_ratings, real_links = _sample_ratings(sample_dir)

    # Links: the real MovieLens id of a real film, a fresh one for every other film.
    movielens_of = dict(zip(real_links["tmdbId"], real_links["movieId"]))
    movielens = films["id"].map(movielens_of)
    fresh = movielens.isna().to_numpy()
    movielens[fresh] = FRESH_MOVIELENS_ID_START + np.arange(fresh.sum())
    links = pd.DataFrame({"movieId": movielens.astype(np.int64),
                          "imdbId": films["imdb_id"].str.removeprefix("tt"),
                          "tmdbId": films["id"].astype(str)})
    n_untied = _scaled(LINKS_WITHOUT_TMDB, round(len(films) * FULL_LINKS / FULL_MOVIES))
    untied = pd.DataFrame({"movieId": FRESH_MOVIELENS_ID_START + fresh.sum() + np.arange(n_untied),
                           "imdbId": films["imdb_id"].sample(n_untied, random_state=rng).str.removeprefix("tt")
                           .to_numpy(), "tmdbId": ""})
    links = pd.concat([links, untied]).sort_values("movieId", kind="stable")
    links.to_csv(out_dir / "links.csv", index=False, lineterminator="\r\n")

    # Who rates how much: real per-user counts, resampled, scaled to the requested total.
    counts = rng.choice(real_ratings.groupby("userId").size().to_numpy(), n_users).astype(np.float64)
    counts = np.maximum(1, np.floor(counts * n_ratings / counts.sum())).astype(np.int64)
    short = n_ratings - counts.sum()
    np.add.at(counts, rng.choice(n_users, abs(short)), np.sign(short))
    cap = max(1, len(films) // 2)
    if n_ratings > n_users * cap:
        raise ValueError(f"{n_ratings} valoraciones no caben en {n_users} usuarios: cada uno valora a lo sumo la "
                         f"mitad de las {len(films)} películas válidas. Pida más películas o usuarios.")
    while (counts < 1).any() or (counts > cap).any():  # no user below 1 or above half the films
        low, high = counts < 1, counts > cap
        moved = int((counts[high] - cap).sum()) - int((1 - counts[low]).sum())
        counts[low], counts[high] = 1, cap
        room = np.flatnonzero((counts < cap) if moved > 0 else (counts > 1))
        np.add.at(counts, rng.choice(room, abs(moved)), np.sign(moved))
    users = np.repeat(np.arange(1, n_users + 1), counts)

    # What gets rated: the films (and some MovieLens ids unknown to links.csv), weighted by how
    # often their source film is rated in ratings_small.
    real_counts = real_ratings["movieId"].map(dict(zip(real_links["movieId"], real_links["tmdbId"]))).value_counts()
    weights = films["source_id"].map(real_counts).fillna(0.5).to_numpy()
    movie_ids = movielens.to_numpy(np.int64)[_distinct_pairs(users, weights, rng)]
    n_unlinked = max(1, round(n_ratings * RATINGS_WITHOUT_LINK / SMALL_RATINGS))
    unlinked = rng.choice(len(movie_ids), n_unlinked, replace=False)  # each gets its own unknown id
    movie_ids[unlinked] = links["movieId"].max() + 1 + np.arange(n_unlinked)

    # Values and times: the real marginal of ratings; a real user's start plus real offsets.
    values = real_ratings["rating"].to_numpy()
    first = real_ratings.groupby("userId")["timestamp"].transform("min")
    offsets = (real_ratings["timestamp"] - first).to_numpy()
    starts = rng.choice(real_ratings.groupby("userId")["timestamp"].min().to_numpy(), n_users)
    frame = pd.DataFrame({"userId": users, "movieId": movie_ids,
                          "rating": rng.choice(values, len(users)),
                          "timestamp": starts[users - 1] + rng.choice(offsets, len(users))})
    frame = frame.sort_values(["userId", "movieId"], kind="stable")

    advance = stage("Generando valoraciones", len(frame))
    with open(out_dir / "ratings.csv", "w", encoding="utf-8", newline="") as handle:
        for start in range(0, len(frame), RATINGS_CHUNK):
            chunk = frame.iloc[start:start + RATINGS_CHUNK]
            chunk.to_csv(handle, index=False, header=start == 0, lineterminator="\r\n", float_format="%.1f")
            advance(len(chunk))
    return {
        "ratings_file": str(out_dir / "ratings.csv"),
        "links_file": str(out_dir / "links.csv"),
        "ratings_rows": len(frame),
        "ratings_users": n_users,
        "links_rows": len(links),
        "ratings_anomalies": {"movie_not_in_links": int((~np.isin(frame["movieId"], links["movieId"])).sum()),
                              "links_without_tmdb_id": n_untied},
    }
