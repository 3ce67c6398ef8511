"""Loading the artifacts the report needs and the computations behind its figures and tables.

Everything here is plain pandas over the curated tables; the figures module only draws.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from movierec.artifacts import ArtifactsError, read_table, resolve_dir, sha256_of, verify_artifacts
from movierec.spanish import MONTHS, WEEKDAYS

NESTED_TABLES = ("genres", "companies", "countries", "languages")
NUMERIC_COLUMNS = ["budget", "revenue", "return", "popularity", "vote_count", "vote_average",
                   "runtime", "release_year"]
# numeric columns where 0 means "no data" in TMDB, not a real zero
ZERO_IS_MISSING = ("budget", "revenue", "runtime", "return")
TINY_BUDGET = 1000  # budgets under this many dollars are almost surely typos (units or millions)


class ReportError(Exception):
    """Artifacts the report cannot be built from; the message is Spanish."""


@dataclass
class RawMovies:
    """The raw movies file, as strings, or why it could not be read."""

    frame: pd.DataFrame | None
    path: str | None
    note: str | None = None  # Spanish sentence for the report when something is off


@dataclass
class ReportData:
    artifacts: Path
    manifest: dict
    movies: pd.DataFrame
    nested: dict[str, pd.DataFrame]
    cast: pd.DataFrame
    crew: pd.DataFrame
    raw: RawMovies
    quarantine_examples: list[dict] = field(default_factory=list)


def load_report_data(artifacts: Path) -> ReportData:
    """The verified artifacts (ReportError with the contract's Spanish message otherwise)."""
    try:
        version = resolve_dir(artifacts)  # read the very version that was verified
        manifest = verify_artifacts(version)
        movies = read_table(version, "movies")
        nested = {name: read_table(version, name) for name in NESTED_TABLES}
        cast = read_table(version, "cast", columns=["movie_id", "person_id", "name", "name_key"])
        crew = read_table(version, "crew", columns=["movie_id", "person_id", "name", "name_key", "job"])
    except ArtifactsError as error:
        raise ReportError(str(error)) from None
    return ReportData(Path(artifacts), manifest, movies, nested, cast, crew, read_raw_movies(manifest),
                      read_quarantine_examples(version / "quarantine" / "movies.jsonl"))


def read_raw_movies(manifest: dict) -> RawMovies:
    """The raw movies file recorded in the manifest, all values as strings ('' = missing)."""
    entry = manifest.get("inputs", {}).get("movies", {})
    recorded = entry.get("path")
    if not recorded:
        return RawMovies(None, None, "El manifest no registra la ruta del archivo crudo de películas.")
    path = Path(recorded)  # absolute since the ETL records resolved paths
    recorded = shown_path(path)
    if not path.is_file():
        return RawMovies(None, recorded, f"El archivo crudo de películas ({recorded}) ya no está disponible, "
                                         "así que se omite el panel «antes del ETL».")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, on_bad_lines="skip",
                            encoding="utf-8", low_memory=False)
    except Exception as error:  # noqa: BLE001 - the panel is optional, the report goes on
        return RawMovies(None, recorded, f"No se pudo leer el archivo crudo de películas ({recorded}): {error}. "
                                         "Se omite el panel «antes del ETL».")
    frame = frame.fillna("")  # short rows are padded with NaN even with keep_default_na=False
    frame.columns = [str(column).strip().lstrip("\ufeff") for column in frame.columns]
    note = None
    try:
        changed = bool(entry.get("sha256")) and sha256_of(path) != entry["sha256"]
    except ArtifactsError:
        changed = True
    if changed:
        note = (f"Atención: el archivo crudo {recorded} cambió desde que se ejecutó el ETL "
                "(su suma SHA-256 no coincide con la del manifest).")
    return RawMovies(frame, recorded, note)


def shown_path(path: Path) -> str:
    """The path as the report prints it: relative to the working directory, or the file name
    alone, so a published report does not reveal where the data lives on the machine that built it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path.name


def read_quarantine_examples(path: Path, limit: int = 12) -> list[dict]:
    """The first few quarantined movie rows (reading only those lines)."""
    examples: list[dict] = []
    if not path.is_file():
        return examples
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if len(examples) >= limit:
                break
            entry = json.loads(line)
            fields = entry.get("fields")
            if isinstance(fields, dict):
                ident, title, date = fields.get("id", ""), fields.get("title", ""), fields.get("release_date", "")
            else:  # malformed line: the raw list of fields
                ident, title, date = "", " | ".join(map(str, fields or []))[:80], ""
            examples.append({"source_row": entry.get("source_row"), "reason": entry.get("reason"),
                             "id": ident, "title": title, "release_date": date})
    return examples


# --- missing values --------------------------------------------------------------------

def missing_raw(raw: pd.DataFrame) -> pd.DataFrame:
    """Per raw column: empty strings and, for amounts, zeros ('0', '0.0')."""
    rows = []
    for column in raw.columns:
        values = raw[column].astype(str).str.strip()
        empty = int((values == "").sum())
        zero = 0
        if column in ZERO_IS_MISSING:
            zero = int(pd.to_numeric(values, errors="coerce").eq(0).sum())
        rows.append({"column": column, "empty": empty, "zero": zero})
    return pd.DataFrame(rows).assign(total=len(raw))


def missing_curated(movies: pd.DataFrame) -> pd.DataFrame:
    """Per curated column: nulls or empty strings and, for amounts, zeros (TMDB's 'no data')."""
    rows = []
    for column in movies.columns:
        series = movies[column]
        empty = int(series.isna().sum())
        if series.dtype == object:
            empty += int(series.fillna("x").astype(str).str.strip().eq("").sum())
        zero = int(series.eq(0).sum()) if column in ZERO_IS_MISSING else 0
        rows.append({"column": column, "empty": empty, "zero": zero})
    return pd.DataFrame(rows).assign(total=len(movies))


# --- releases ---------------------------------------------------------------------------

def release_counts(movies: pd.DataFrame) -> dict:
    """Films per release month and weekday, as plotted: {"mes": {"enero": n, …}, "dia": {"lunes": n, …}}.

    Same definition as the API: month / weekday of `release_date` over the curated movies table.
    """
    dates = pd.to_datetime(movies["release_date"], format="%Y-%m-%d")
    months = dates.dt.month.value_counts()
    weekdays = dates.dt.weekday.value_counts()  # Monday = 0, like date.weekday()
    return {
        "mes": {name: int(months.get(number, 0)) for number, name in enumerate(MONTHS, start=1)},
        "dia": {name: int(weekdays.get(index, 0)) for index, name in enumerate(WEEKDAYS)},
    }


# --- categories -------------------------------------------------------------------------

def top_names(table: pd.DataFrame, key: str, n: int = 15) -> pd.DataFrame:
    """Most frequent values of `key` in a nested table, counted once per film."""
    pairs = table.dropna(subset=[key]).drop_duplicates(["movie_id", key])
    counts = pairs.groupby(key, sort=False).agg(films=("movie_id", "size"), label=("name", "first"))
    counts = counts.sort_values(["films", "label"], ascending=[False, True]).head(n)
    if key == "name":
        return counts.reset_index().drop(columns="label")
    return counts.rename(columns={"label": "name"}).reset_index()


# --- people -----------------------------------------------------------------------------

def people_returns(movies: pd.DataFrame, cast: pd.DataFrame, crew: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Actors' and directors' film count and total return, with the API's rules.

    People are matched by the ETL's normalised name_key (as the API looks them up); each film counts once per
    person; an actor's films exclude those where the same person_id is also the film's Director.
    Returns {"actors": …, "directors": …}, each with name, films, total_return, best_title,
    best_return (the film that contributes most), sorted by total return.
    """
    film_ids = pd.Index(movies["id"])
    crew = crew[crew["movie_id"].isin(film_ids)]
    cast = cast[cast["movie_id"].isin(film_ids)]
    directing = crew[crew["job"] == "Director"]
    directed = pd.MultiIndex.from_frame(directing[["movie_id", "person_id"]])
    also_directed = pd.MultiIndex.from_frame(cast[["movie_id", "person_id"]]).isin(directed)
    films = movies.set_index("id")[["title", "return"]]
    return {"actors": _per_person(cast[~also_directed], films),
            "directors": _per_person(directing, films)}


def _per_person(credits: pd.DataFrame, films: pd.DataFrame) -> pd.DataFrame:
    named = credits.dropna(subset=["name"])
    frame = pd.DataFrame({"key": named["name_key"], "name": named["name"], "movie_id": named["movie_id"]})
    frame = frame[frame["key"] != ""]
    display = frame.drop_duplicates("key").set_index("key")["name"]
    frame = frame.drop_duplicates(["key", "movie_id"])
    frame = frame.join(films, on="movie_id")
    grouped = frame.groupby("key")
    result = pd.DataFrame({"films": grouped.size(), "total_return": grouped["return"].sum()})
    best = frame.sort_values("return", ascending=False, kind="stable").drop_duplicates("key").set_index("key")
    result["best_title"] = best["title"]
    result["best_return"] = best["return"]
    result["name"] = display
    result = result.sort_values(["total_return", "films"], ascending=[False, False])
    return result.reset_index()[["name", "films", "total_return", "best_title", "best_return"]]


# --- return outliers --------------------------------------------------------------------

def tiny_budget_films(movies: pd.DataFrame, threshold: float = TINY_BUDGET) -> pd.DataFrame:
    """Films with a budget reported (> 0) but under `threshold` dollars, highest return first."""
    tiny = movies[(movies["budget"] > 0) & (movies["budget"] < threshold)]
    columns = ["id", "title", "release_year", "budget", "revenue", "return"]
    return tiny.sort_values(["return", "revenue"], ascending=False)[columns].reset_index(drop=True)


def describe_returns(returns: pd.Series) -> dict:
    values = returns[returns > 0].to_numpy(dtype=float)
    if not len(values):
        return {"n": 0, "mean": np.nan, "median": np.nan, "max": np.nan}
    return {"n": len(values), "mean": float(values.mean()), "median": float(np.median(values)),
            "max": float(values.max())}
