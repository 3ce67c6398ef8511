"""The curated catalog in memory, and the brief's six queries as plain functions.

Everything a query needs was computed by the ETL (movierec.etl.index) and is memory-mapped
here; a query is a normalised-key lookup plus building a small dict, so no request touches
pandas and start-up builds no index.
"""

import bisect
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from movierec.artifacts import (INDEX_ARRAYS, INDEX_NUMBERS, INDEX_STRINGS, NO_COLLECTION, ArtifactsError,
                                check_index_array, verify_and_map)
from movierec.lookup import NameIndex, TitleSearch
from movierec.packed import Packed, Strings, ints
from movierec import messages
from movierec.spanish import GENRES, MONTHS, WEEKDAYS, date, join_names, money, num
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


NUMBERS = ("id", "year", "popularity", "vote_count", "vote_average", "budget", "revenue", "ret")


class Films:
    """The films in catalog order (by date, then id) over the index's mapped columns: a Film is
    made on first use and kept, so start-up builds none of them."""

    def __init__(self, arrays: dict[str, np.ndarray]):
        self.numbers = [arrays[f"film.{name}"] for name in NUMBERS]
        self.titles = Strings.of(arrays, "film.title")
        self.dates = Strings.of(arrays, "film.date")
        self.ids = arrays["film.id"]
        self.id_order = arrays["film.id_order"]
        self.ids_sorted = self.ids[self.id_order]
        self._ids_sorted, self._id_order = ints(self.ids_sorted), ints(self.id_order)
        self._made: list[Film | None] = [None] * len(self.ids)
        self._by_id: dict[int, Film] = {}

    def __len__(self) -> int:
        return len(self._made)

    def __getitem__(self, row: int) -> Film:
        film = self._made[row]
        if film is None:  # two threads may both make it: equal immutable values, either is kept
            film_id, year, *figures = (column[row].item() for column in self.numbers)
            film = self._made[row] = Film(film_id, self.titles.get(row), self.dates.get(row), year, *figures)
        return film

    def row_of(self, movie_id: int) -> int:
        """The catalog row of a film id; KeyError when the catalog has no such film."""
        at = bisect.bisect_left(self._ids_sorted, movie_id)
        if at == len(self._ids_sorted) or self._ids_sorted[at] != movie_id:
            raise KeyError(movie_id)
        return self._id_order[at]

    def by_id(self, movie_id: int) -> Film:
        """The film of an id (KeyError when none); the films asked for by id are kept in a dict,
        because recommendations name five of them per answer."""
        film = self._by_id.get(movie_id)
        if film is None:
            film = self._by_id[movie_id] = self[self.row_of(movie_id)]
        return film


class People:
    """Films per person, by normalised name (sorted), in CSR form: films of person p are
    `film_rows[offsets[p]:offsets[p + 1]]`, rows into the catalog's film list, by date."""

    def __init__(self, arrays: dict[str, np.ndarray], role: str):
        self.names = NameIndex(Strings.of(arrays, f"{role}.key"), Strings.of(arrays, f"{role}.name"))
        self.offsets = arrays[f"{role}.offsets"]
        self.film_rows = arrays[f"{role}.rows"]
        self.characters = Strings.of(arrays, f"{role}.character") if f"{role}.character.blob" in arrays else None

    def credits_of(self, key: str) -> tuple[str, np.ndarray, list] | None:
        """Display name, film rows and the role in each film (None for each without characters)."""
        position = self.names.find(key)
        if position is None:
            return None
        start, end = int(self.offsets[position]), int(self.offsets[position + 1])
        roles = self.characters.span(start, end) if self.characters is not None else [None] * (end - start)
        return self.names.display[position], self.film_rows[start:end], roles


class PeopleSearch:
    """Actors and directors as one list of names, most films first, searched as titles are."""

    def __init__(self, arrays: dict[str, np.ndarray]):
        self.names = Strings.of(arrays, "people.name")
        self.acted, self.directed = arrays["people.acted"], arrays["people.directed"]
        self.search = TitleSearch(Strings.of(arrays, "people.key"))

    def find(self, query: str, limit: int) -> list[tuple[str, int, int]]:
        """(name, films acted, films directed) for a normalised, non-empty query."""
        return [(self.names.get(rank), int(self.acted[rank]), int(self.directed[rank]))
                for rank in self.search.find(query, limit)]


class Browse:
    """The catalog by genre and decade in three orders computed once: weighted rating, popularity, date.

    The weighted rating is IMDb's votes-aware Bayesian average, WR = (v·R + m·C) / (v + m), with
    v a film's votes, R its average, C the mean average of the films with votes and m the 90th
    percentile of their vote counts: a film needs about as many votes as the top tenth to be
    judged mostly by its own average, and one with few votes stays near C.
    """

    def __init__(self, arrays: dict[str, np.ndarray]):
        votes = arrays["film.vote_count"].astype(np.float64)
        average = arrays["film.vote_average"].astype(np.float64)
        rated = votes > 0
        self.c = float(average[rated].mean()) if rated.any() else 0.0
        self.m = float(np.quantile(votes[rated], 0.9)) if rated.any() else 0.0
        weight = votes + self.m
        self.weighted = np.divide(votes * average + self.m * self.c, weight, out=np.zeros_like(weight),
                                  where=weight > 0)
        ids, n = arrays["film.id"], len(votes)
        self.orders = {
            "valoracion": np.lexsort((ids, -votes, -self.weighted)),
            "popularidad": np.lexsort((ids, -votes, -arrays["film.popularity"].astype(np.float64))),
            "fecha": np.arange(n)[::-1].copy(),  # catalog rows are by (date, id): newest first
        }
        self.decades = arrays["film.year"].astype(np.int64) // 10 * 10
        self.decade_names = [str(decade) for decade in np.unique(self.decades).tolist()]
        self.genre_names = Strings.of(arrays, "genre.name").tolist()  # sorted as normalised
        self.genre_offsets, self.genre_codes = arrays["genre.offsets"], arrays["genre.codes"]
        film_of_entry = np.repeat(np.arange(n), np.diff(self.genre_offsets))
        self.genre_masks = {}
        for code, name in enumerate(self.genre_names):
            self.genre_masks[name] = np.zeros(n, dtype=bool)
            self.genre_masks[name][film_of_entry[self.genre_codes == code]] = True
        # a genre is asked for in Spanish or as TMDB names it, in any case and with or without accents
        self.genre_keys = {normalize(name): name for name in self.genre_names}
        self.genre_keys.update({normalize(english): spanish for english, spanish in GENRES.items()
                                if spanish in self.genre_masks})

    def genres_of(self, row: int) -> list[str]:
        """A film's genres in Spanish, in TMDB's order."""
        codes = self.genre_codes[self.genre_offsets[row]:self.genre_offsets[row + 1]].tolist()
        return [self.genre_names[code] for code in codes]

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
    """Query indexes over one artifacts directory: the catalog index the ETL wrote, mapped."""

    def __init__(self, arrays: dict[str, np.ndarray], manifest: dict, where: str = "los artefactos"):
        """`arrays` is the catalog index by name (movierec.etl.index), as artifacts.verify_and_map
        maps it; raises ArtifactsError (Spanish) when it is not a usable index."""
        check_index(arrays, where)
        self.manifest = manifest
        self.film_list = Films(arrays)
        self.month_counts = arrays["count.month"].tolist()
        self.weekday_counts = arrays["count.weekday"].tolist()
        self.posters = Strings.of(arrays, "film.poster")
        self.cards = Packed.of(arrays, "film.card")
        # the films of each collection: rows sorted by collection id (stable, so by date within one)
        self.collection_ids = ints(arrays["film.collection"])
        by_collection = np.argsort(arrays["film.collection"], kind="stable")
        self._collection_rows = ints(by_collection)
        self._collections_sorted = ints(arrays["film.collection"][by_collection])
        # exact titles: sorted keys → their films, most voted first; search over (key, film) pairs
        self.titles = NameIndex(Strings.of(arrays, "title.key"), Strings.of(arrays, "title.display"))
        self._title_positions: dict[str, int] | None = None  # by `warm`; bisection until then
        self.title_offsets, self.title_rows = ints(arrays["title.offsets"]), ints(arrays["title.rows"])
        self.title_search = TitleSearch(Strings.of(arrays, "search.key"))
        self.search_rows = ints(arrays["search.row"])
        self.directors = People(arrays, "director")
        self.actors = People(arrays, "actor")
        self.people = PeopleSearch(arrays)
        self.browse = Browse(arrays)
        # A person's answer is built once, on first request, and kept (up to ANSWERS per role): writing its
        # figures in Spanish costs more than the lookup (benchmarks/bench_spanish.py). Answers are never mutated.
        self._actor_answers = lru_cache(maxsize=ANSWERS)(self._actor_answer)
        self._director_answers = lru_cache(maxsize=ANSWERS)(self._director_answer)

    @classmethod
    def load(cls, artifacts: Path) -> "Catalog":
        """The catalog of an artifacts directory, verified first (ArtifactsError when unusable)."""
        manifest, arrays = verify_and_map(artifacts)
        return cls(arrays, manifest, str(artifacts))

    def warm(self) -> None:
        """Build the search and suggestion indexes now rather than on first use, and a dict of the
        exact titles (the hottest lookup: a fraction of a microsecond instead of a few)."""
        self._title_positions = {key: position for position, key in enumerate(self.titles.keys.tolist())}
        for index in (self.title_search, self.titles, self.actors.names, self.directors.names, self.people.search):
            index.warm()

    def search(self, text: str, limit: int = 10) -> dict:
        """Films whose title (or original title) starts with `text`, then those with a word starting
        with it, then those containing it; each group most-voted first; with the sentence every answer carries."""
        query = normalize(text)
        results: list[dict] = []
        if query:
            # a film may match by both its titles: ask for twice as many keys and keep each film once
            rows = dict.fromkeys(self.search_rows[rank] for rank in self.title_search.find(query, 2 * limit))
            results = [film_ref(self.film_list[row]) for row in list(rows)[:limit]]
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
        matches = self.films_titled(normalize(title))
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

    def films_titled(self, key: str) -> list[Film]:
        """The films of a title key, most voted first: those of that title, then those whose original title it is."""
        positions = self._title_positions
        position = positions.get(key) if positions is not None else self.titles.find(key)
        if position is None:
            return []
        rows = self.title_rows[self.title_offsets[position]:self.title_offsets[position + 1]].tolist()
        return [self.film_list[row] for row in rows]

    def collection_mates(self, row: int) -> list[Film]:
        """The other films of a film's collection, by date (none when it is in no collection)."""
        collection = self.collection_ids[row]
        if collection == NO_COLLECTION:
            return []
        low = bisect.bisect_left(self._collections_sorted, collection)
        high = bisect.bisect_right(self._collections_sorted, collection, low)
        return [self.film_list[other] for other in sorted(self._collection_rows[low:high].tolist()) if other != row]

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
        if people.names.find(key) is None:
            raise NotFound(f"No se encontró {role} '{name.strip()}'.", people.names.suggest(name))
        return key

    def _person(self, people: People, key: str) -> tuple[str, list[Film], list]:
        person, rows, roles = people.credits_of(key)
        return person, [self.film_list[row] for row in rows.tolist()], roles

    # --- the film card, people search and browsing (issue 13) ---------------------------

    def film_card(self, title: str, year: int | None = None) -> dict:
        """Everything the catalog knows of the film a title means."""
        film, others = self.find_film(title, year)
        row = self.film_list.row_of(film.id)
        card = self.cards.get(row)
        collection = None
        if self.collection_ids[row] != NO_COLLECTION:
            collection = {"id": self.collection_ids[row], "nombre": card["coleccion"],
                          "otras_peliculas": film_refs(self.collection_mates(row))}
        return {
            **film_ref(film), "titulo_original": card["titulo_original"], "fecha_estreno": film.release_date,
            "sinopsis": card["sinopsis"], "eslogan": card["eslogan"], "generos": card["generos"],
            "duracion": card["duracion"], "idioma_original": card["idioma_original"], "coleccion": collection,
            "direccion": card["direccion"], "reparto": card["reparto"], "productoras": card["productoras"],
            "paises": card["paises"], "presupuesto": film.budget, "ingresos": film.revenue, "retorno": film.ret,
            "retorno_dudoso": film.doubtful, "popularidad": round(film.popularity, 6),
            "votos": film.vote_count, "promedio": film.vote_average, "poster": self.posters.get(row),
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
        results = [{**film_ref(film), "fecha_estreno": film.release_date, "generos": self.browse.genres_of(row),
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


def check_index(arrays: dict[str, np.ndarray], where: str) -> None:
    """What answering from the index needs: every array there, one value per film where it is a
    film column, packed texts whose offsets describe their blobs, and every stored row, code and
    offset within range. Ids unique and positive (sorted ids strictly increasing)."""
    missing = sorted(set(INDEX_ARRAYS) - set(arrays))
    if missing:
        raise ArtifactsError(f"Al índice del catálogo de {where} le faltan {', '.join(missing)}: "
                             "vuelva a ejecutar `movierec etl`.")
    bad = f"El índice del catálogo de {where} no es válido"
    # numbers of this machine's byte order: the hot paths read some through memoryviews, which do not convert
    if any(arrays[name].dtype.kind not in "iuf" or not arrays[name].dtype.isnative or arrays[name].ndim != 1
           for name in INDEX_NUMBERS):
        raise ArtifactsError(f"{bad}: tipos inesperados.")
    n = len(arrays["film.id"])
    if any(len(arrays[f"film.{name}"]) != n for name in (*NUMBERS, "id_order", "collection")) \
            or len(arrays["genre.offsets"]) != n + 1:
        raise ArtifactsError(f"{bad}: columnas de películas de largo distinto.")
    for name in INDEX_STRINGS:
        strings = Strings.of(arrays, name)
        if not strings.check():
            raise ArtifactsError(f"{bad}: los textos de {name} están dañados.")
    check_index_array(arrays["film.id_order"], 0, n, f"{bad}: las posiciones por id")
    ids = arrays["film.id"][arrays["film.id_order"]]
    if not np.issubdtype(ids.dtype, np.integer) or (n and (ids[0] <= 0 or not (np.diff(ids) > 0).all())):
        raise ArtifactsError(f"{bad}: ids vacíos, repetidos o no positivos.")
    lengths = {"film.title": n, "film.date": n, "film.card": n, "film.poster": n,
               "title.display": len(arrays["title.key.missing"]), "people.name": len(arrays["people.acted"]),
               "people.key": len(arrays["people.acted"])}
    for role in ("actor", "director"):
        people = len(arrays[f"{role}.key.missing"])
        lengths[f"{role}.name"] = people
        _check_offsets(arrays[f"{role}.offsets"], people, len(arrays[f"{role}.rows"]), bad)
        check_index_array(arrays[f"{role}.rows"], 0, n, f"{bad}: las filas de {role}")
    lengths["actor.character"] = len(arrays["actor.rows"])
    if any(len(arrays[f"{name}.missing"]) != size for name, size in lengths.items()) \
            or len(arrays["people.directed"]) != len(arrays["people.acted"]) \
            or len(arrays["search.row"]) != len(arrays["search.key.missing"]):
        raise ArtifactsError(f"{bad}: textos de largo distinto.")
    _check_offsets(arrays["title.offsets"], len(arrays["title.key.missing"]), len(arrays["title.rows"]), bad)
    _check_offsets(arrays["genre.offsets"], n, len(arrays["genre.codes"]), bad)
    check_index_array(arrays["title.rows"], 0, n, f"{bad}: las filas de títulos")
    check_index_array(arrays["search.row"], 0, n, f"{bad}: las filas de búsqueda")
    check_index_array(arrays["genre.codes"], 0, len(arrays["genre.name.missing"]), f"{bad}: los géneros")
    if len(arrays["count.month"]) != 13 or len(arrays["count.weekday"]) != 7:
        raise ArtifactsError(f"{bad}: conteos por mes o día.")


def _check_offsets(offsets: np.ndarray, groups: int, size: int, bad: str) -> None:
    if (len(offsets) != groups + 1 or not np.issubdtype(offsets.dtype, np.integer) or int(offsets[0]) != 0
            or int(offsets[-1]) != size or not (np.diff(offsets) >= 0).all()):
        raise ArtifactsError(f"{bad}: desplazamientos dañados.")


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
