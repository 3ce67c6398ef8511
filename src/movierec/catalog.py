"""The curated catalog in memory, and the brief's six queries as plain functions.

Everything a query needs is computed once in `Catalog.load`; a query is a normalised-key
lookup plus building a small dict, so no request touches pandas.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from movierec.artifacts import check_extras, check_movies, read_table
from movierec.details import MAIN_CAST, Packed, python_values, catalog_rows, grouped, poster_url, text_column
from movierec.spanish import GENRES, country_es, genre_es, language_es
from movierec.lookup import NameIndex, TitleSearch
from movierec import messages
from movierec.spanish import MONTHS, WEEKDAYS, date, join_names, money, num
from movierec.text import normalize, parse_month, parse_weekday

MIN_VOTES = 2000
# a budget or revenue this low (in USD) is a data-entry error far more often than a fact (1 USD
# budgets give Chaplin a return of 8.5 million); 0 means unknown and is not suspicious
DOUBTFUL_BELOW = 1000
PAGE_SIZE = 20  # films per page of /explorar
ORDERS = ("valoracion", "popularidad", "fecha")
ANSWERS = 4096  # person answers kept per role: a few MB at most


class NotFound(Exception):
    """A title or person that is not in the catalog."""

    def __init__(self, detail: str, suggestions: list[str]):
        super().__init__(detail)
        self.detail = detail
        self.suggestions = suggestions


class InvalidValue(Exception):
    """A month or weekday that is not one of the valid values."""

    def __init__(self, detail: str, valid_values: list[str]):
        super().__init__(detail)
        self.detail = detail
        self.valid_values = valid_values


FILM_COLUMNS = ("id", "title", "release_date", "release_year", "popularity", "vote_count",
                "vote_average", "budget", "revenue", "return")


CARD_COLUMNS = ("overview", "tagline", "original_language", "collection_name", "runtime", "collection_id")
EXTRA_FIELDS = ("original_title", "poster_path", "imdb_id")


def doubtful_return(budget: float, revenue: float) -> bool:
    """The one rule of `retorno_dudoso`: a budget or revenue above 0 (0 is unknown) but below
    DOUBTFUL_BELOW dollars makes the film's return a suspect figure."""
    return 0 < budget < DOUBTFUL_BELOW or 0 < revenue < DOUBTFUL_BELOW


@dataclass(frozen=True, slots=True)
class Film:
    id: int
    title: str
    release_date: str
    year: int
    popularity: float
    vote_count: int
    vote_average: float
    budget: float
    revenue: float
    ret: float

    @property
    def doubtful(self) -> bool:
        return doubtful_return(self.budget, self.revenue)


class People:
    """Films per person, by normalised name, in CSR form: films of person p are
    `film_rows[offsets[p]:offsets[p + 1]]`, rows into the catalog's film list, by date."""

    def __init__(self, credits: pd.DataFrame, film_order: pd.Series, without_films: pd.DataFrame | None = None):
        """`credits` has movie_id, name and name_key (the ETL's normalised name); `film_order`
        maps movie id → catalog row; the people of `without_films` (same columns) are known
        too, with no films unless `credits` gives them some. Works on integer codes of the
        keys, so hundreds of thousands of credits never become Python objects one by one."""
        credits = credits[credits["name_key"].fillna("") != ""]
        person, keys = pd.factorize(credits["name_key"])
        rows = film_order.reindex(credits["movie_id"].to_numpy()).to_numpy(np.int64)
        _, first_credit = np.unique(person, return_index=True)  # display: first spelling met
        display = credits["name"].iloc[first_credit].to_numpy(dtype=object)
        order = np.lexsort((rows, person))  # by person, then film row, which is by date
        person, rows = person[order], rows[order]
        fresh = np.r_[True, (person[1:] != person[:-1]) | (rows[1:] != rows[:-1])] if len(person) else []
        person, rows = person[fresh], rows[fresh]
        # the role of each kept credit (cast only), packed: read one person at a time
        self.characters = text_column(credits["character"].iloc[order[fresh]]) if "character" in credits else None
        starts = np.flatnonzero(np.r_[True, person[1:] != person[:-1]]) if len(person) else np.zeros(0, int)
        present = person[starts]
        names = np.asarray(keys, dtype=object)[present]
        extra = pd.DataFrame(columns=["name", "name_key"]) if without_films is None else without_films[
            without_films["name_key"].fillna("").ne("") & ~without_films["name_key"].isin(names)
        ].drop_duplicates("name_key")
        self.offsets = np.r_[starts, np.full(len(extra) + 1, len(person))].astype(np.int64)
        self.film_rows = rows.astype(np.int32)
        self.names = NameIndex(names.tolist() + extra["name_key"].tolist(),
                               display[present].tolist() + extra["name"].tolist())

    def films_of(self, key: str) -> tuple[str, np.ndarray] | None:
        found = self.credits_of(key)
        return None if found is None else found[:2]

    def credits_of(self, key: str) -> tuple[str, np.ndarray, list] | None:
        """Display name, film rows and the role in each film (None for each without characters)."""
        position = self.names.position.get(key)
        if position is None:
            return None
        start, end = int(self.offsets[position]), int(self.offsets[position + 1])
        roles = self.characters.span(start, end) if self.characters is not None else [None] * (end - start)
        return self.names.display[position], self.film_rows[start:end], roles

    def film_counts(self) -> np.ndarray:
        """Number of films of each name, in the order of names.keys."""
        return np.diff(self.offsets)


class PeopleSearch:
    """Actors and directors as one list of names, most films first, searched as titles are."""

    def __init__(self, actors: People, directors: People):
        people: dict[str, list] = {}  # name key → [display, films acted, films directed]
        for role, index in ((1, actors), (2, directors)):
            for key, display, count in zip(index.names.keys, index.names.display, index.film_counts().tolist()):
                entry = people.setdefault(key, [display, 0, 0])
                entry[role] = count
        ranked = sorted(people.items(), key=lambda item: (-(item[1][1] + item[1][2]), item[0]))
        self.entries = [tuple(entry) for _, entry in ranked]
        self.search = TitleSearch([key for key, _ in ranked])

    def find(self, query: str, limit: int) -> list[tuple[str, int, int]]:
        """(name, films acted, films directed) for a normalised, non-empty query."""
        return [self.entries[rank] for rank in self.search.find(query, limit)]


class Browse:
    """The catalog by genre and decade in three orders computed once: weighted rating, popularity, date.

    The weighted rating is IMDb's votes-aware Bayesian average, WR = (v·R + m·C) / (v + m), with
    v a film's votes, R its average, C the mean average of the films with votes and m the 90th
    percentile of their vote counts: a film needs about as many votes as the top tenth to be
    judged mostly by its own average, and one with few votes stays near C.
    """

    def __init__(self, movies: pd.DataFrame, film_genres: list[tuple[str, ...]]):
        votes = movies["vote_count"].to_numpy(np.float64)
        average = movies["vote_average"].to_numpy(np.float64)
        rated = votes > 0
        self.c = float(average[rated].mean()) if rated.any() else 0.0
        self.m = float(np.quantile(votes[rated], 0.9)) if rated.any() else 0.0
        weight = votes + self.m
        self.weighted = np.divide(votes * average + self.m * self.c, weight, out=np.zeros_like(weight),
                                  where=weight > 0)
        ids = movies["id"].to_numpy()
        self.orders = {
            "valoracion": np.lexsort((ids, -votes, -self.weighted)),
            "popularidad": np.lexsort((ids, -votes, -movies["popularity"].to_numpy(np.float64))),
            "fecha": np.arange(len(movies))[::-1].copy(),  # catalog rows are by (date, id): newest first
        }
        self.decades = movies["release_year"].to_numpy(np.int64) // 10 * 10
        self.decade_names = [str(decade) for decade in np.unique(self.decades).tolist()]
        names = sorted({name for genres in film_genres for name in genres}, key=normalize)
        self.genre_names = names
        self.genre_masks = {name: np.zeros(len(movies), dtype=bool) for name in names}
        for row, genres in enumerate(film_genres):
            for name in genres:
                self.genre_masks[name][row] = True
        # a genre is asked for in Spanish or as TMDB names it, in any case and with or without accents
        self.genre_keys = {normalize(name): name for name in names}
        self.genre_keys.update({normalize(english): spanish for english, spanish in GENRES.items() if spanish in names})

    def genre(self, text: str) -> str:
        name = self.genre_keys.get(normalize(text))
        if name is None:
            raise InvalidValue(f"'{text.strip()}' no es un género del catálogo.", self.genre_names)
        return name

    def decade(self, text: str) -> int:
        key = normalize(text).removesuffix("s")
        if key not in self.decade_names:
            raise InvalidValue(f"'{text.strip()}' no es una década del catálogo (se escribe como 1990).",
                               self.decade_names)
        return int(key)

    def rows(self, order: str, genre: str | None, decade: int | None) -> np.ndarray:
        """Catalog rows of the films of that genre and decade, in that order."""
        rows = self.orders[order]
        if genre is not None:
            rows = rows[self.genre_masks[genre][rows]]
        if decade is not None:
            rows = rows[self.decades[rows] == decade]
        return rows


class Catalog:
    """Query indexes over one artifacts directory."""

    def __init__(self, movies: pd.DataFrame, cast: pd.DataFrame, crew: pd.DataFrame, manifest: dict,
                 extras: pd.DataFrame, nested: dict[str, pd.DataFrame]):
        """`extras` is the extras table (one row per film); `nested` holds the genres, companies and
        countries tables."""
        self.manifest = manifest
        # films sorted by (date, id): a person's film rows in ascending order are by date
        movies = movies.sort_values(["release_date", "id"], kind="stable").reset_index(drop=True)
        self.film_list = [Film(*values) for values in zip(*(movies[column].tolist() for column in FILM_COLUMNS))]
        self.films = {film.id: film for film in self.film_list}
        self.row_of = {film.id: row for row, film in enumerate(self.film_list)}
        film_order = pd.Series(np.arange(len(movies)), index=movies["id"].to_numpy())
        dates = pd.to_datetime(movies["release_date"], format="%Y-%m-%d")
        self.month_counts = np.bincount(dates.dt.month, minlength=13).tolist()
        self.weekday_counts = np.bincount(dates.dt.weekday, minlength=7).tolist()
        extras = extras.set_index("movie_id").reindex(movies["id"].to_numpy())
        self.posters = text_column(extras["poster_path"].map(poster_url, na_action="ignore"))

        # (title key, film), most voted first: the order homonyms and search results take. A film's
        # original title (when another) is a second key of the same rank for search; for an exact
        # title, films of that title come first, then those whose original title it is
        popular_first = np.lexsort((movies["id"], -movies["popularity"], -movies["vote_count"])).tolist()
        title_keys = movies["title_key"].tolist()
        original_keys = extras["original_title_key"].tolist()
        self.by_title: dict[str, list[Film]] = defaultdict(list)
        for row in popular_first:
            self.by_title[title_keys[row]].append(self.film_list[row])
        display = {key: matches[0].title for key, matches in self.by_title.items()}
        self.film_keys: list[tuple[str, Film]] = []
        for row in popular_first:
            film, key, original = self.film_list[row], title_keys[row], original_keys[row]
            self.film_keys.append((key, film))
            if isinstance(original, str) and original and original != key:
                self.film_keys.append((original, film))
                if film not in self.by_title[original]:
                    self.by_title[original].append(film)
                    display.setdefault(original, film.title)
        self.titles = NameIndex(list(self.by_title), [display[key] for key in self.by_title])
        self.title_search = TitleSearch([key for key, _ in self.film_keys])

        crew = crew[crew["movie_id"].isin(film_order.index)]
        cast = cast[cast["movie_id"].isin(film_order.index)]
        directing = crew[crew["job"] == "Director"]
        self.directors = People(directing, film_order)
        # an actor's films exclude those where the same person (person_id) is also Director
        def credit_keys(frame: pd.DataFrame) -> np.ndarray:
            return frame["movie_id"].to_numpy(np.int64) << 32 | frame["person_id"].fillna(-1).to_numpy(np.int64)

        also_directed = np.isin(credit_keys(cast), credit_keys(directing))
        self.actors = People(cast[~also_directed], film_order, without_films=cast[also_directed])
        self.people = PeopleSearch(self.actors, self.directors)

        self.film_genres, self.cards, self.collection_ids = pack_cards(movies, extras, cast, directing, nested,
                                                                       film_order)
        self.collections: dict[int, list[int]] = defaultdict(list)  # collection id → rows, by date
        for row, collection in enumerate(self.collection_ids):
            if collection is not None:
                self.collections[collection].append(row)
        self.browse = Browse(movies, self.film_genres)
        # A person's answer is built once, on first request, and kept (up to ANSWERS per role): writing its
        # figures in Spanish costs more than the lookup (benchmarks/bench_spanish.py). Answers are never mutated.
        self._actor_answers = lru_cache(maxsize=ANSWERS)(self._actor_answer)
        self._director_answers = lru_cache(maxsize=ANSWERS)(self._director_answer)

    @classmethod
    def load(cls, artifacts: Path, manifest: dict) -> "Catalog":
        """The catalog of an artifacts directory already verified against `manifest`
        (artifacts.verify_artifacts); raises ArtifactsError (Spanish) when unusable."""
        movies = read_table(artifacts, "movies", columns=list(dict.fromkeys([*FILM_COLUMNS, "title_key",
                                                                              *CARD_COLUMNS])))
        check_movies(movies, artifacts)
        extras = read_table(artifacts, "extras", columns=["movie_id", "original_title_key", *EXTRA_FIELDS])
        check_extras(extras, movies["id"].to_numpy(), artifacts)
        cast = read_table(artifacts, "cast", columns=["movie_id", "person_id", "name", "name_key", "character",
                                                      "order"], arrow=True)
        crew = read_table(artifacts, "crew", columns=["movie_id", "person_id", "name", "name_key", "job"], arrow=True)
        nested = {"genres": read_table(artifacts, "genres", columns=["movie_id", "name", "position"]),
                  "companies": read_table(artifacts, "companies", columns=["movie_id", "name", "position"],
                                          arrow=True),
                  "countries": read_table(artifacts, "countries",
                                          columns=["movie_id", "country_code", "name", "position"], arrow=True)}
        return cls(movies, cast, crew, manifest, extras, nested)

    def warm(self) -> None:
        """Build the search and suggestion indexes now rather than on first use."""
        for index in (self.title_search, self.titles, self.actors.names, self.directors.names, self.people.search):
            index.warm()

    def search(self, text: str, limit: int = 10) -> dict:
        """Films whose title (or original title) starts with `text`, then those with a word starting
        with it, then those containing it; each group most-voted first; with the sentence every answer carries."""
        query = normalize(text)
        results: list[dict] = []
        if query:
            # a film may match by both its titles: ask for twice as many keys and keep each film once
            films = dict.fromkeys(self.film_keys[rank][1] for rank in self.title_search.find(query, 2 * limit))
            results = [film_ref(film) for film in list(films)[:limit]]
        shown = text.strip()
        return {"resultados": results, "mensaje": messages.titles_like(len(results), shown)}

    # --- the six queries -------------------------------------------------------------

    def films_in_month(self, month: str) -> dict:
        number = parse_month(month)
        if number is None:
            raise InvalidValue(f"'{month}' no es un mes válido.", list(MONTHS))
        name = MONTHS[number - 1]
        n = self.month_counts[number]
        return {"mes": name, "cantidad": n, "texto": {"cantidad": num(n)},
                "mensaje": messages.released_in_month(n, name)}

    def films_on_weekday(self, day: str) -> dict:
        index = parse_weekday(day)
        if index is None:
            raise InvalidValue(f"'{day}' no es un día de la semana válido.", list(WEEKDAYS))
        name = WEEKDAYS[index]
        n = self.weekday_counts[index]
        return {"dia": name, "cantidad": n, "texto": {"cantidad": num(n)},
                "mensaje": messages.released_on_weekday(n, name)}

    def find_film(self, title: str, year: int | None = None) -> tuple[Film, list[Film]]:
        """The film a title means (most votes first), and the other films with that title."""
        matches = self.by_title.get(normalize(title))
        if not matches:
            raise NotFound(f"No se encontró la película '{title.strip()}'.", self.titles.suggest(title))
        if year is not None:
            in_year = [film for film in matches if film.year == year]
            if not in_year:
                years = ", ".join(str(film.year) for film in matches)
                raise NotFound(f"La película '{matches[0].title}' no tiene estreno en {year} (años: {years}).",
                               [f"{film.title} ({film.year})" for film in matches[:5]])
            chosen = in_year[0]
        else:
            chosen = matches[0]
        return chosen, [film for film in matches if film is not chosen]

    def score_by_title(self, title: str, year: int | None = None) -> dict:
        film, others = self.find_film(title, year)
        return {
            **film_ref(film), "score": round(film.popularity, 6), "otras_coincidencias": film_refs(others),
            "texto": {"score": num(film.popularity, 2)},
            "mensaje": messages.film_score(film.title, film.year, film.popularity),
        }

    def votes_by_title(self, title: str, year: int | None = None) -> dict:
        film, others = self.find_film(title, year)
        answer = {**film_ref(film), "cumple_minimo": film.vote_count >= MIN_VOTES,
                  "otras_coincidencias": film_refs(others)}
        if answer["cumple_minimo"]:
            answer.update(
                votos=film.vote_count, promedio=film.vote_average,
                texto={"votos": num(film.vote_count), "promedio": num(film.vote_average, 1)},
                mensaje=messages.film_votes(film.title, film.year, film.vote_count, film.vote_average),
            )
        else:
            answer["mensaje"] = messages.too_few_votes(film.title, MIN_VOTES)
        return answer

    def actor(self, name: str) -> dict:
        return self._actor_answers(self._person_key(self.actors, name, "al actor o actriz"))

    def director(self, name: str) -> dict:
        return self._director_answers(self._person_key(self.directors, name, "al director o directora"))

    def _actor_answer(self, key: str) -> dict:
        person, films, roles = self._person(self.actors, key)
        total = sum(film.ret for film in films)
        doubtful = sum(film.doubtful for film in films)
        average = total / len(films) if films else 0.0
        return {
            "actor": person, "cantidad_peliculas": len(films), "retorno_total": total,
            "retorno_promedio": average, "peliculas_retorno_dudoso": doubtful,
            "peliculas": [{**film_ref(film), "personaje": role or None, "retorno": film.ret,
                           "retorno_dudoso": film.doubtful, "texto": {"retorno": num(film.ret, 2)}}
                          for film, role in zip(films, roles)],
            "texto": {"cantidad_peliculas": num(len(films)), "retorno_total": num(total, 2),
                      "retorno_promedio": num(average, 2), "peliculas_retorno_dudoso": num(doubtful)},
            "mensaje": messages.actor_returns(person, len(films), total, average),
            "aviso_retorno_dudoso": messages.doubtful_returns(doubtful),
        }

    def _director_answer(self, key: str) -> dict:
        person, films, _ = self._person(self.directors, key)
        total = sum(film.ret for film in films)
        doubtful = sum(film.doubtful for film in films)
        return {
            "director": person, "cantidad_peliculas": len(films), "retorno_total": total,
            "peliculas_retorno_dudoso": doubtful,
            "peliculas": [
                {"id": film.id, "titulo": film.title, "fecha_lanzamiento": film.release_date,
                 "retorno": film.ret, "retorno_dudoso": film.doubtful, "costo": film.budget,
                 "ingresos": film.revenue, "ganancia": film.revenue - film.budget, "texto": film_texts(film)}
                for film in films
            ],
            "texto": {"cantidad_peliculas": num(len(films)), "retorno_total": num(total, 2),
                      "peliculas_retorno_dudoso": num(doubtful)},
            "mensaje": messages.director_returns(person, len(films), total),
            "aviso_retorno_dudoso": messages.doubtful_returns(doubtful),
        }

    @staticmethod
    def _person_key(people: People, name: str, role: str) -> str:
        key = normalize(name)
        if key not in people.names.position:
            raise NotFound(f"No se encontró {role} '{name.strip()}'.", people.names.suggest(name))
        return key

    def _person(self, people: People, key: str) -> tuple[str, list[Film], list]:
        person, rows, roles = people.credits_of(key)
        return person, [self.film_list[row] for row in rows.tolist()], roles

    # --- the film card, people search and browsing (issue 13) ---------------------------

    def film_card(self, title: str, year: int | None = None) -> dict:
        """Everything the catalog knows of the film a title means."""
        film, others = self.find_film(title, year)
        row = self.row_of[film.id]
        card = self.cards.get(row)
        collection = None
        collection_id = self.collection_ids[row]
        if collection_id is not None:
            mates = [self.film_list[other] for other in self.collections[collection_id] if other != row]
            collection = {"id": collection_id, "nombre": card["coleccion"], "otras_peliculas": film_refs(mates)}
        return {
            **film_ref(film), "titulo_original": card["titulo_original"], "fecha_estreno": film.release_date,
            "sinopsis": card["sinopsis"], "eslogan": card["eslogan"], "generos": card["generos"],
            "duracion": card["duracion"], "idioma_original": card["idioma_original"], "coleccion": collection,
            "direccion": card["direccion"], "reparto": card["reparto"], "productoras": card["productoras"],
            "paises": card["paises"], "presupuesto": film.budget, "ingresos": film.revenue, "retorno": film.ret,
            "retorno_dudoso": film.doubtful, "popularidad": round(film.popularity, 6),
            "votos": film.vote_count, "promedio": film.vote_average, "poster": card["poster"],
            "imdb_id": card["imdb_id"], "otras_coincidencias": film_refs(others),
            "texto": card_texts(film, card["duracion"]),
            "mensaje": messages.film_card(film.title, film.year, join_names(card["direccion"])),
        }

    def search_people(self, text: str, limit: int = 10) -> dict:
        """Actors and directors whose name starts with `text`, then those with a word starting with
        it, then those containing it; each group with the most films first."""
        query = normalize(text)
        found = self.people.find(query, limit) if query else []
        results = [{"nombre": name, "peliculas_como_actor": acted, "peliculas_como_director": directed,
                    "texto": {"peliculas_como_actor": num(acted), "peliculas_como_director": num(directed)}}
                   for name, acted, directed in found]
        return {"resultados": results, "mensaje": messages.people_like(len(results), text.strip())}

    def explore(self, genre: str | None = None, decade: str | None = None, order: str = "valoracion",
                page: int = 1) -> dict:
        """One page of the films of a genre and decade (both optional) in one of ORDERS."""
        order_key = normalize(order).replace("ó", "o")
        if order_key not in ORDERS:
            raise InvalidValue(f"'{order.strip()}' no es un orden válido.", list(ORDERS))
        genre_name = self.browse.genre(genre) if genre is not None else None
        decade_year = self.browse.decade(decade) if decade is not None else None
        rows = self.browse.rows(order_key, genre_name, decade_year)
        total = len(rows)
        pages = max(1, -(-total // PAGE_SIZE))
        if page > pages:
            raise InvalidValue(messages.no_such_page(page, pages),
                               [str(number) for number in range(1, min(pages, 10) + 1)]
                               + ([f"… hasta {pages}"] if pages > 10 else []))
        shown = rows[(page - 1) * PAGE_SIZE:page * PAGE_SIZE].tolist()
        results = [{**film_ref(film), "fecha_estreno": film.release_date, "generos": list(self.film_genres[row]),
                    "votos": film.vote_count, "promedio": film.vote_average,
                    "valoracion_ponderada": round(float(self.browse.weighted[row]), 4),
                    "popularidad": round(film.popularity, 6), "poster": self.posters.get(row),
                    "texto": {"fecha_estreno": date(film.release_date), "votos": num(film.vote_count),
                              "promedio": num(film.vote_average, 1),
                              "valoracion_ponderada": num(float(self.browse.weighted[row]), 2),
                              "popularidad": num(film.popularity, 2)}}
                   for row, film in ((row, self.film_list[row]) for row in shown)]
        return {
            "genero": genre_name, "decada": decade_year, "orden": order_key, "pagina": page, "paginas": pages,
            "por_pagina": PAGE_SIZE, "total": total, "votos_referencia": round(self.browse.m, 2),
            "promedio_general": round(self.browse.c, 4), "generos_disponibles": self.browse.genre_names,
            "decadas_disponibles": self.browse.decade_names, "resultados": results,
            "texto": {"pagina": num(page), "paginas": num(pages), "total": num(total),
                      "votos_referencia": num(self.browse.m), "promedio_general": num(self.browse.c, 1)},
            "mensaje": messages.explore_page(total, genre_name, decade_year, order_key, page, pages),
        }


def pack_cards(movies: pd.DataFrame, extras: pd.DataFrame, cast: pd.DataFrame, directing: pd.DataFrame,
               nested: dict[str, pd.DataFrame], film_order: pd.Series) -> tuple[list[tuple], Packed, list]:
    """The card's fields no other answer needs, one packed JSON object per catalog row (`movies`
    and `extras` in catalog order); also each film's Spanish genres and collection id, which
    browsing and the collection index use."""
    n = len(movies)

    def lists(frame: pd.DataFrame, columns: list[str], order_by: np.ndarray, limit: int | None = None) -> list:
        return grouped(frame, columns, catalog_rows(frame["movie_id"], film_order), order_by, n, limit)

    genres, companies, countries = nested["genres"], nested["companies"], nested["countries"]
    film_genres = [tuple(genre_es(name) for name in names)
                   for names in lists(genres, ["name"], genres["position"].to_numpy(np.int64))]
    billing = cast["order"].astype("float64").fillna(np.inf).to_numpy()  # unbilled credits last
    main_cast = lists(cast, ["name", "character"], billing, limit=MAIN_CAST)
    direction = lists(directing, ["name"], np.arange(len(directing)))
    company_names = lists(companies, ["name"], companies["position"].to_numpy(np.int64))
    country_names = lists(countries, ["country_code", "name"], countries["position"].to_numpy(np.int64))
    field = {column: python_values(frame[column])
             for frame, names in ((movies, CARD_COLUMNS), (extras, EXTRA_FIELDS)) for column in names}
    cards = Packed([{
        "titulo_original": field["original_title"][row], "sinopsis": field["overview"][row],
        "eslogan": field["tagline"][row], "generos": film_genres[row], "duracion": field["runtime"][row],
        "idioma_original": language_es(field["original_language"][row]) if field["original_language"][row] else None,
        "coleccion": field["collection_name"][row], "direccion": direction[row],
        "reparto": [{"nombre": name, "personaje": character or None} for name, character in main_cast[row]],
        "productoras": company_names[row],
        "paises": [country_es(code, name) for code, name in country_names[row]],
        "poster": poster_url(field["poster_path"][row]), "imdb_id": field["imdb_id"][row],
    } for row in range(n)])
    collection_ids = [None if value is None else int(value) for value in field["collection_id"]]
    return film_genres, cards, collection_ids


@lru_cache(maxsize=1 << 16)
def film_texts(film: Film) -> dict:
    """A film's date and money as the page shows them; cached because a director's table formats
    dozens of films per request and their text never changes (a Film is immutable)."""
    return {"fecha_lanzamiento": date(film.release_date), "retorno": num(film.ret, 2), "costo": money(film.budget),
            "ingresos": money(film.revenue), "ganancia": money(film.revenue - film.budget)}


def film_ref(film: Film) -> dict:
    return {"id": film.id, "titulo": film.title, "anio": film.year}


def film_refs(films: list[Film]) -> list[dict]:
    return [film_ref(film) for film in films]


def card_texts(film: Film, runtime: float | None) -> dict:
    """The card's figures as the page shows them (money short, dates long, counts grouped); None
    where the catalog does not know the figure (budget or revenue 0, no runtime)."""
    return {
        "fecha_estreno": date(film.release_date) if film.release_date else None,
        "duracion": f"{num(runtime)} min" if runtime else None,
        "presupuesto": money(film.budget) if film.budget else None,
        "ingresos": money(film.revenue) if film.revenue else None,
        "retorno": num(film.ret, 2) if film.budget else None,
        "popularidad": num(film.popularity, 2), "votos": num(film.vote_count),
        "promedio": num(film.vote_average, 1),
    }
