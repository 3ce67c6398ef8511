"""An independent answer key: plain pandas and ast.literal_eval over the raw sample files.

It shares no code with movierec, so API tests compare the service with a second,
straightforward reading of the brief.
"""

import ast
import unicodedata
from functools import cache

import pandas as pd

from tests.conftest import REPO_DIR

SAMPLE = REPO_DIR / "data" / "sample"
MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
          "septiembre", "octubre", "noviembre", "diciembre"]
DAYS = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]


def key(text: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


@cache
def movies() -> pd.DataFrame:
    raw = pd.read_csv(SAMPLE / "movies_dataset.csv.gz", dtype=str, keep_default_na=False)
    raw = raw[raw["id"].str.fullmatch(r"\d+")]
    raw = raw.drop_duplicates("id", keep="first")
    raw = raw[raw["release_date"] != ""].copy()
    raw["id"] = raw["id"].astype(int)
    raw["date"] = pd.to_datetime(raw["release_date"], format="%Y-%m-%d")
    for column in ("budget", "revenue", "popularity", "vote_count", "vote_average"):
        raw[column] = pd.to_numeric(raw[column].replace("", "0"))
    raw["return"] = (raw["revenue"] / raw["budget"]).where(raw["budget"] > 0, 0.0)
    raw["key"] = raw["title"].map(key)
    return raw.set_index(raw["id"].rename(None))


@cache
def credits() -> tuple[pd.DataFrame, pd.DataFrame]:
    raw = pd.read_csv(SAMPLE / "credits.csv.gz", dtype=str, keep_default_na=False)
    raw["id"] = raw["id"].astype(int)
    raw = raw[raw["id"].isin(movies().index)]
    cast = [(row.id, c["id"], c["name"]) for row in raw.itertuples() for c in ast.literal_eval(row.cast)]
    crew = [(row.id, c["id"], c["name"], c["job"]) for row in raw.itertuples() for c in ast.literal_eval(row.crew)]
    return (pd.DataFrame(cast, columns=["movie_id", "person_id", "name"]),
            pd.DataFrame(crew, columns=["movie_id", "person_id", "name", "job"]))


def month_count(month: int) -> int:
    return int((movies()["date"].dt.month == month).sum())


def weekday_count(day: int) -> int:
    return int((movies()["date"].dt.dayofweek == day).sum())


def film_for_title(title: str) -> pd.Series:
    matches = movies()[movies()["key"] == key(title)]
    return matches.sort_values(["vote_count", "popularity", "id"], ascending=[False, False, True]).iloc[0]


def actor_films(name: str) -> pd.DataFrame:
    cast, crew = credits()
    acted = cast[cast["name"].map(key) == key(name)]
    directed = crew[(crew["job"] == "Director") & crew["person_id"].isin(acted["person_id"])]
    own = set(zip(directed["movie_id"], directed["person_id"]))
    ids = {m for m, p in zip(acted["movie_id"], acted["person_id"]) if (m, p) not in own}
    return movies().loc[sorted(ids)]


def director_films(name: str) -> pd.DataFrame:
    _, crew = credits()
    ids = crew[(crew["job"] == "Director") & (crew["name"].map(key) == key(name))]["movie_id"].unique()
    return movies().loc[ids].sort_values(["release_date", "id"])
