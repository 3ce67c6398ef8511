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


# --- issue 13: the card, original titles, people, browsing ---------------------------------

POSTER_BASE = "https://image.tmdb.org/t/p/w342"
GENRES_ES = {"Action": "Acción", "Adventure": "Aventura", "Animation": "Animación", "Comedy": "Comedia",
             "Crime": "Crimen", "Documentary": "Documental", "Drama": "Drama", "Family": "Familiar",
             "Fantasy": "Fantasía", "Foreign": "Extranjera", "History": "Historia", "Horror": "Terror",
             "Music": "Música", "Mystery": "Misterio", "Romance": "Romance", "Science Fiction": "Ciencia ficción",
             "TV Movie": "Película para TV", "Thriller": "Suspenso", "War": "Bélica", "Western": "Western"}


def doubtful(budget: float, revenue: float) -> bool:
    return 0 < budget < 1000 or 0 < revenue < 1000


def film_for_original_title(title: str) -> pd.Series:
    matches = movies()[movies()["original_title"].map(key) == key(title)]
    return matches.sort_values(["vote_count", "popularity", "id"], ascending=[False, False, True]).iloc[0]


@cache
def credits_full() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cast with character and billing order, crew with job, in the raw lists' order."""
    raw = pd.read_csv(SAMPLE / "credits.csv.gz", dtype=str, keep_default_na=False)
    raw["id"] = raw["id"].astype(int)
    raw = raw[raw["id"].isin(movies().index)]
    cast = [(row.id, c["id"], c["name"], c.get("character"), c.get("order"))
            for row in raw.itertuples() for c in ast.literal_eval(row.cast)]
    crew = [(row.id, c["id"], c["name"], c.get("job")) for row in raw.itertuples() for c in ast.literal_eval(row.crew)]
    return (pd.DataFrame(cast, columns=["movie_id", "person_id", "name", "character", "order"]),
            pd.DataFrame(crew, columns=["movie_id", "person_id", "name", "job"]))


def names(literal: str) -> list[str]:
    return [entry["name"] for entry in ast.literal_eval(literal)] if literal else []


def card(movie_id: int) -> dict:
    """The fields of /pelicula this answer key derives independently."""
    film = movies().loc[movie_id]
    cast, crew = credits_full()
    billed = cast[cast["movie_id"] == movie_id].sort_values("order", kind="stable").head(10)
    collection = ast.literal_eval(film["belongs_to_collection"]) if film["belongs_to_collection"] else None
    mates = []
    if collection:
        same = movies()[movies()["belongs_to_collection"].map(
            lambda text: bool(text) and ast.literal_eval(text)["id"] == collection["id"])]
        mates = same.drop(movie_id).sort_values(["release_date", "id"])["id"].tolist()
    return {
        "id": movie_id, "titulo": film["title"], "titulo_original": film["original_title"] or None,
        "anio": film["date"].year, "fecha_estreno": film["release_date"], "sinopsis": film["overview"].strip() or None,
        "eslogan": film["tagline"].strip() or None, "generos": [GENRES_ES[name] for name in names(film["genres"])],
        "duracion": float(film["runtime"]) if film["runtime"] else None,
        "coleccion": collection and (collection["id"], collection["name"], mates),
        "direccion": crew[(crew["movie_id"] == movie_id) & (crew["job"] == "Director")]["name"].tolist(),
        "reparto": [{"nombre": name, "personaje": character or None}
                    for name, character in zip(billed["name"], billed["character"])],
        "productoras": names(film["production_companies"]),
        "presupuesto": film["budget"], "ingresos": film["revenue"], "retorno": film["return"],
        "retorno_dudoso": doubtful(film["budget"], film["revenue"]), "popularidad": film["popularity"],
        "votos": film["vote_count"], "promedio": film["vote_average"],
        "poster": POSTER_BASE + film["poster_path"] if film["poster_path"] else None,
        "imdb_id": film["imdb_id"] or None,
    }


@cache
def people_counts() -> pd.DataFrame:
    """Films acted (without those the same person directed) and directed, by name key."""
    cast, crew = credits()
    directing = crew[crew["job"] == "Director"]
    own = set(zip(directing["movie_id"], directing["person_id"]))
    acted = cast[[(m, p) not in own for m, p in zip(cast["movie_id"], cast["person_id"])]]
    counts = pd.DataFrame({
        "acted": acted.assign(key=acted["name"].map(key)).groupby("key")["movie_id"].nunique(),
        "directed": directing.assign(key=directing["name"].map(key)).groupby("key")["movie_id"].nunique(),
    }).fillna(0).astype(int)
    counts = counts[counts.index != ""]
    counts["total"] = counts["acted"] + counts["directed"]
    return counts.reset_index(names="key").sort_values(["total", "key"], ascending=[False, True])


def people_search(q: str, limit: int = 10) -> list[str]:
    """Name keys: prefix, then a word starting with q, then containing q; most films first in each."""
    q = key(q)
    keys = people_counts()["key"].tolist()
    prefix = [k for k in keys if k.startswith(q)]
    word = [k for k in keys if not k.startswith(q) and any(k[i + 1:].startswith(q) for i, ch in enumerate(k) if ch == " ")]
    inside = [k for k in keys if q in k and k not in set(prefix) | set(word)]
    return (prefix + word + inside)[:limit]


def browse(genre: str | None, decade: int | None, order: str) -> tuple[list[int], float, float]:
    """Film ids in the order /explorar gives, with the weighted rating's m and C."""
    films = movies().copy()
    rated = films[films["vote_count"] > 0]
    c, m = rated["vote_average"].mean(), rated["vote_count"].quantile(0.9)
    films["wr"] = (films["vote_count"] * films["vote_average"] + m * c) / (films["vote_count"] + m)
    if genre is not None:
        films = films[films["genres"].map(lambda text: genre in [GENRES_ES[name] for name in names(text)])]
    if decade is not None:
        films = films[films["date"].dt.year // 10 * 10 == decade]
    if order == "valoracion":
        films = films.sort_values(["wr", "vote_count", "id"], ascending=[False, False, True])
    elif order == "popularidad":
        films = films.sort_values(["popularity", "vote_count", "id"], ascending=[False, False, True])
    else:
        films = films.sort_values(["release_date", "id"], ascending=[False, False])
    return films["id"].tolist(), m, c
