"""The catalog index: every structure the server's queries need, computed once by the ETL from
the curated tables and written as flat `.npy` arrays that each server process memory-maps.

Building these at start-up (films by date, title and people lookups, the packed film cards)
cost seconds and a few hundred MB per process at full Kaggle size; mapped, they cost neither,
and two workers share one copy of the pages. The arrays and their names are the contract
between this module and `movierec.catalog`, which only reads them.
"""

import re
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

from movierec.artifacts import (CATALOG_DIR, CATALOG_SOURCES, NO_COLLECTION, ArtifactsError, check_extras,
                                check_movies, read_table, sha256_of)
from movierec.packed import Packed, Strings
from movierec.spanish import country_es, genre_es, language_es
from movierec.text import normalize

# the numeric columns of a film, as the catalog's Film holds them: movies.parquet column → array name
FILM_NUMBERS = {"id": "id", "release_year": "year", "popularity": "popularity", "vote_count": "vote_count",
                "vote_average": "vote_average", "budget": "budget", "revenue": "revenue", "return": "ret"}
CARD_COLUMNS = ("overview", "tagline", "original_language", "collection_name", "runtime", "collection_id")
EXTRA_FIELDS = ("original_title", "poster_path", "imdb_id")
MAIN_CAST = 10  # the card's "reparto principal": the first 10 by TMDB's billing order
POSTER_BASE = "https://image.tmdb.org/t/p/w342"  # TMDB's image service, 342 px wide
# a TMDB poster path ("/rhIRbceoE9lR4veEXuwCC2wARtG.jpg"); anything else is not put in a URL
_POSTER_PATH = re.compile(r"/[A-Za-z0-9_-]{1,64}\.(jpg|jpeg|png)")


def write_catalog_index(artifacts: Path, outputs: dict) -> tuple[dict, dict]:
    """Build the index from the tables just written to `artifacts` (read back as the contract
    types them) and save it under CATALOG_DIR; returns the manifest's output entries for its
    files and the section recording which tables it was built from."""
    arrays = build_catalog_index(**read_index_tables(artifacts))
    directory = Path(artifacts) / CATALOG_DIR
    directory.mkdir()
    entries = {}
    for name, array in arrays.items():
        path = directory / f"{name}.npy"
        np.save(path, np.ascontiguousarray(array), allow_pickle=False)
        entries[f"{CATALOG_DIR}/{path.name}"] = {"sha256": sha256_of(path)}
    return entries, {"sources": {name: outputs[name]["sha256"] for name in CATALOG_SOURCES}}


def read_index_tables(artifacts: Path) -> dict[str, pd.DataFrame]:
    return {
        "movies": read_table(artifacts, "movies", columns=list(dict.fromkeys(
            [*FILM_NUMBERS, "title", "release_date", "title_key", *CARD_COLUMNS]))),
        "extras": read_table(artifacts, "extras", columns=["movie_id", "original_title_key", *EXTRA_FIELDS]),
        "cast": read_table(artifacts, "cast", columns=["movie_id", "person_id", "name", "name_key", "character",
                                                       "order"], arrow=True),
        "crew": read_table(artifacts, "crew", columns=["movie_id", "person_id", "name", "name_key", "job"],
                           arrow=True),
        "genres": read_table(artifacts, "genres", columns=["movie_id", "name", "position"]),
        "companies": read_table(artifacts, "companies", columns=["movie_id", "name", "position"], arrow=True),
        "countries": read_table(artifacts, "countries", columns=["movie_id", "country_code", "name", "position"],
                                arrow=True),
    }


def build_catalog_index(movies: pd.DataFrame, extras: pd.DataFrame, cast: pd.DataFrame, crew: pd.DataFrame,
                        genres: pd.DataFrame, companies: pd.DataFrame, countries: pd.DataFrame,
                        where: str = "los artefactos") -> dict[str, np.ndarray]:
    """Every array of the index, by name. Films are in catalog order, by (date, id): a person's
    films in ascending row order are by date, and browsing by date is that order reversed."""
    check_movies(movies, where)
    check_extras(extras, movies["id"].to_numpy(), where)
    movies = movies.sort_values(["release_date", "id"], kind="stable").reset_index(drop=True)
    extras = extras.set_index("movie_id").reindex(movies["id"].to_numpy())
    film_order = pd.Series(np.arange(len(movies)), index=movies["id"].to_numpy())
    arrays: dict[str, np.ndarray] = {f"film.{name}": movies[column].to_numpy()
                                     for column, name in FILM_NUMBERS.items()}
    arrays["film.id_order"] = np.argsort(movies["id"].to_numpy(), kind="stable").astype(np.int32)
    arrays |= Strings.pack(movies["title"].tolist()).arrays("film.title")
    arrays |= Strings.pack(movies["release_date"].tolist()).arrays("film.date")
    dates = pd.to_datetime(movies["release_date"], format="%Y-%m-%d")
    arrays["count.month"] = np.bincount(dates.dt.month, minlength=13).astype(np.int64)
    arrays["count.weekday"] = np.bincount(dates.dt.weekday, minlength=7).astype(np.int64)
    arrays |= title_arrays(movies, extras)

    crew = crew[crew["movie_id"].isin(film_order.index)]
    cast = cast[cast["movie_id"].isin(film_order.index)]
    directing = crew[crew["job"] == "Director"]
    # an actor's films exclude those where the same person (person_id) is also Director
    def credit_keys(frame: pd.DataFrame) -> np.ndarray:
        return frame["movie_id"].to_numpy(np.int64) << 32 | frame["person_id"].fillna(-1).to_numpy(np.int64)

    also_directed = np.isin(credit_keys(cast), credit_keys(directing))
    directors = people_arrays(directing, film_order)
    actors = people_arrays(cast[~also_directed], film_order, without_films=cast[also_directed])
    arrays |= {f"director.{name}": array for name, array in directors.items()}
    arrays |= {f"actor.{name}": array for name, array in actors.items()}
    arrays |= people_search_arrays(actors, directors)
    arrays |= card_arrays(movies, extras, cast, directing, genres, companies, countries, film_order)
    return arrays


def title_arrays(movies: pd.DataFrame, extras: pd.DataFrame) -> dict[str, np.ndarray]:
    """Title keys, sorted, with their films most voted first (the order homonyms take). A film's
    original title (when another) is a second key: for an exact title, films of that title come
    first, then those whose original title it is. Also every (key, film) pair in that order, which
    title search ranks by."""
    popular_first = np.lexsort((movies["id"], -movies["popularity"], -movies["vote_count"])).tolist()
    title_keys = movies["title_key"].tolist()
    original_keys = extras["original_title_key"].tolist()
    titles = movies["title"].tolist()
    by_title: dict[str, list[int]] = defaultdict(list)
    for row in popular_first:
        by_title[title_keys[row]].append(row)
    search_keys, search_rows = [], []
    for row in popular_first:
        key, original = title_keys[row], original_keys[row]
        search_keys.append(key)
        search_rows.append(row)
        if isinstance(original, str) and original and original != key:
            search_keys.append(original)
            search_rows.append(row)
            if row not in by_title[original]:
                by_title[original].append(row)
    keys = sorted(by_title)
    rows = [by_title[key] for key in keys]
    return {
        **Strings.pack(keys).arrays("title.key"),
        **Strings.pack([titles[matches[0]] for matches in rows]).arrays("title.display"),
        "title.offsets": np.cumsum([0, *map(len, rows)], dtype=np.int64),
        "title.rows": np.fromiter((row for matches in rows for row in matches), dtype=np.int32),
        **Strings.pack(search_keys).arrays("search.key"),
        "search.row": np.array(search_rows, dtype=np.int32),
    }


def people_arrays(credits: pd.DataFrame, film_order: pd.Series,
                  without_films: pd.DataFrame | None = None) -> dict[str, np.ndarray]:
    """Films per person in CSR form, people sorted by normalised name: the films of person p are
    `rows[offsets[p]:offsets[p + 1]]`, by date, and (cast only) `character` their roles. The people
    of `without_films` (same columns) are known too, with no films unless `credits` gives them
    some. Works on integer codes of the keys, so hundreds of thousands of credits never become
    Python objects one by one."""
    credits = credits[credits["name_key"].fillna("") != ""]
    person, keys = pd.factorize(credits["name_key"])
    rows = film_order.reindex(credits["movie_id"].to_numpy()).to_numpy(np.int64)
    _, first_credit = np.unique(person, return_index=True)  # display: first spelling met
    display = credits["name"].iloc[first_credit].to_numpy(dtype=object)
    order = np.lexsort((rows, person))  # by person, then film row, which is by date
    person, rows = person[order], rows[order]
    fresh = np.r_[True, (person[1:] != person[:-1]) | (rows[1:] != rows[:-1])] if len(person) else []
    person, rows = person[fresh], rows[fresh]
    starts = np.flatnonzero(np.r_[True, person[1:] != person[:-1]]) if len(person) else np.zeros(0, int)
    present = person[starts]
    names = np.asarray(keys, dtype=object)[present]
    extra = pd.DataFrame(columns=["name", "name_key"]) if without_films is None else without_films[
        without_films["name_key"].fillna("").ne("") & ~without_films["name_key"].isin(names)
    ].drop_duplicates("name_key")
    all_keys = np.concatenate([names, extra["name_key"].to_numpy(dtype=object)])
    all_display = np.concatenate([display[present], extra["name"].to_numpy(dtype=object)])
    counts = np.diff(np.r_[starts, len(person)]).astype(np.int64)
    counts = np.r_[counts, np.zeros(len(extra), np.int64)]
    old_starts = np.r_[starts, np.zeros(len(extra), np.int64)].astype(np.int64)
    # the CSR re-laid in the order of the sorted keys, which the server bisects
    by_key = np.argsort(all_keys, kind="stable")
    offsets = np.r_[0, np.cumsum(counts[by_key])].astype(np.int64)
    take = np.repeat(old_starts[by_key] - offsets[:-1], counts[by_key]) + np.arange(offsets[-1], dtype=np.int64)
    arrays = {**Strings.pack(all_keys[by_key].tolist()).arrays("key"),
              **Strings.pack(all_display[by_key].tolist()).arrays("name"),
              "offsets": offsets, "rows": rows[take].astype(np.int32)}
    if "character" in credits:
        roles = credits["character"].iloc[order[fresh]].iloc[take]
        arrays |= Strings.pack([None if gap else value for value, gap in
                                zip(roles.tolist(), roles.isna().tolist())]).arrays("character")
    return arrays


def people_search_arrays(actors: dict, directors: dict) -> dict[str, np.ndarray]:
    """Actors and directors as one list of names, most films first (then by name), with the
    films each acted in and directed; an actor's spelling wins over a director's."""
    people: dict[str, list] = {}  # name key → [display, films acted, films directed]
    for role, arrays in ((1, actors), (2, directors)):
        keys, names = Strings.of(arrays, "key").tolist(), Strings.of(arrays, "name").tolist()
        for key, display, count in zip(keys, names, np.diff(arrays["offsets"]).tolist()):
            entry = people.setdefault(key, [display, 0, 0])
            entry[role] = count
    ranked = sorted(people.items(), key=lambda item: (-(item[1][1] + item[1][2]), item[0]))
    return {**Strings.pack([key for key, _ in ranked]).arrays("people.key"),
            **Strings.pack([entry[0] for _, entry in ranked]).arrays("people.name"),
            "people.acted": np.array([entry[1] for _, entry in ranked], dtype=np.int32),
            "people.directed": np.array([entry[2] for _, entry in ranked], dtype=np.int32)}


def card_arrays(movies: pd.DataFrame, extras: pd.DataFrame, cast: pd.DataFrame, directing: pd.DataFrame,
                genres: pd.DataFrame, companies: pd.DataFrame, countries: pd.DataFrame,
                film_order: pd.Series) -> dict[str, np.ndarray]:
    """The card's fields no other answer needs, one packed JSON object per film; each film's
    Spanish genres (CSR over the sorted genre names), collection id and poster URL, which
    browsing and the collection index use."""
    n = len(movies)

    def lists(frame: pd.DataFrame, columns: list[str], order_by: np.ndarray, limit: int | None = None) -> list:
        return grouped(frame, columns, catalog_rows(frame["movie_id"], film_order), order_by, n, limit)

    film_genres = [[genre_es(name) for name in names]
                   for names in lists(genres, ["name"], genres["position"].to_numpy(np.int64))]
    billing = cast["order"].astype("float64").fillna(np.inf).to_numpy()  # unbilled credits last
    main_cast = lists(cast, ["name", "character"], billing, limit=MAIN_CAST)
    direction = lists(directing, ["name"], np.arange(len(directing)))
    company_names = lists(companies, ["name"], companies["position"].to_numpy(np.int64))
    country_names = lists(countries, ["country_code", "name"], countries["position"].to_numpy(np.int64))
    field = {column: python_values(frame[column])
             for frame, names in ((movies, CARD_COLUMNS), (extras, EXTRA_FIELDS)) for column in names}
    cards = Packed.pack([{
        "titulo_original": field["original_title"][row], "sinopsis": field["overview"][row],
        "eslogan": field["tagline"][row], "generos": film_genres[row], "duracion": field["runtime"][row],
        "idioma_original": language_es(field["original_language"][row]) if field["original_language"][row] else None,
        "coleccion": field["collection_name"][row], "direccion": direction[row],
        "reparto": [{"nombre": name, "personaje": character or None} for name, character in main_cast[row]],
        "productoras": company_names[row],
        "paises": [country_es(code, name) for code, name in country_names[row]],
        "imdb_id": field["imdb_id"][row],
    } for row in range(n)])
    genre_names = sorted({name for names in film_genres for name in names}, key=normalize)
    code_of = {name: code for code, name in enumerate(genre_names)}
    collections = [NO_COLLECTION if value is None else int(value) for value in field["collection_id"]]
    if any(value < 0 for value in collections if value != NO_COLLECTION):
        raise ArtifactsError("movies.parquet tiene ids de colección negativos.")
    return {
        **cards.arrays("film.card"),
        **Strings.pack([poster_url(path) for path in field["poster_path"]]).arrays("film.poster"),
        **Strings.pack(genre_names).arrays("genre.name"),
        "genre.offsets": np.cumsum([0, *map(len, film_genres)], dtype=np.int64),
        "genre.codes": np.fromiter((code_of[name] for names in film_genres for name in names), dtype=np.int16),
        "film.collection": np.array(collections, dtype=np.int64),
    }


def poster_url(path: str | None) -> str | None:
    """The poster's URL on TMDB's image service; None when the film has none (or an odd path)."""
    return POSTER_BASE + path if path and _POSTER_PATH.fullmatch(path) else None


def grouped(frame: pd.DataFrame, columns: list[str], rows: np.ndarray, order_by: np.ndarray, n_films: int,
            limit: int | None = None) -> list[list]:
    """The rows of a per-film table as one list per catalog row (a value, or a tuple of the
    columns' values), in the order of `order_by`; `rows[i]` is the catalog row of frame row i, or -1
    when its film is not in the catalog; with `limit`, the first `limit` of each film."""
    inside = np.flatnonzero(rows >= 0)
    order = inside[np.lexsort((order_by[inside], rows[inside]))]
    if limit is not None and len(order):
        sorted_rows = rows[order]
        first = np.searchsorted(sorted_rows, sorted_rows)  # where each row's film starts
        order = order[np.arange(len(order)) - first < limit]
    values = [python_values(frame[column].iloc[order]) for column in columns]
    lists: list[list] = [[] for _ in range(n_films)]
    for row, value in zip(rows[order].tolist(), values[0] if len(columns) == 1 else zip(*values)):
        lists[row].append(value)
    return lists


def python_values(series: pd.Series) -> list:
    """Values as Python objects, None for every kind of null."""
    return [None if gap else value for value, gap in zip(series.tolist(), series.isna().tolist())]


def catalog_rows(movie_ids: pd.Series, film_order: pd.Series) -> np.ndarray:
    """Catalog row of each movie id, -1 for ids not in the catalog."""
    return film_order.reindex(movie_ids.to_numpy()).fillna(-1).to_numpy(np.int64)
