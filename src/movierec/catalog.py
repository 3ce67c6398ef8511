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

from movierec.artifacts import check_movies, read_table
from movierec.lookup import NameIndex, TitleSearch
from movierec import messages
from movierec.spanish import MONTHS, WEEKDAYS, date, money, num
from movierec.text import normalize, parse_month, parse_weekday

MIN_VOTES = 2000
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
        position = self.names.position.get(key)
        if position is None:
            return None
        start, end = self.offsets[position], self.offsets[position + 1]
        return self.names.display[position], self.film_rows[start:end]


class Catalog:
    """Query indexes over one artifacts directory."""

    def __init__(self, movies: pd.DataFrame, cast: pd.DataFrame, crew: pd.DataFrame, manifest: dict):
        self.manifest = manifest
        # films sorted by (date, id): a person's film rows in ascending order are by date
        movies = movies.sort_values(["release_date", "id"], kind="stable").reset_index(drop=True)
        self.film_list = [Film(*values) for values in zip(*(movies[column].tolist() for column in FILM_COLUMNS))]
        self.films = {film.id: film for film in self.film_list}
        film_order = pd.Series(np.arange(len(movies)), index=movies["id"].to_numpy())
        dates = pd.to_datetime(movies["release_date"], format="%Y-%m-%d")
        self.month_counts = np.bincount(dates.dt.month, minlength=13).tolist()
        self.weekday_counts = np.bincount(dates.dt.weekday, minlength=7).tolist()
        # (title key, film), most voted first: the order homonyms and search results take
        popular_first = np.lexsort((movies["id"], -movies["popularity"], -movies["vote_count"]))
        title_keys = movies["title_key"].tolist()
        self.film_keys = [(title_keys[row], self.film_list[row]) for row in popular_first.tolist()]
        self.by_title: dict[str, list[Film]] = defaultdict(list)
        for key, film in self.film_keys:
            self.by_title[key].append(film)
        self.titles = NameIndex(list(self.by_title), [matches[0].title for matches in self.by_title.values()])
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
        # A person's answer is built once, on first request, and kept (up to ANSWERS per role): writing its
        # figures in Spanish costs more than the lookup (benchmarks/bench_spanish.py). Answers are never mutated.
        self._actor_answers = lru_cache(maxsize=ANSWERS)(self._actor_answer)
        self._director_answers = lru_cache(maxsize=ANSWERS)(self._director_answer)

    @classmethod
    def load(cls, artifacts: Path, manifest: dict) -> "Catalog":
        """The catalog of an artifacts directory already verified against `manifest`
        (artifacts.verify_artifacts); raises ArtifactsError (Spanish) when unusable."""
        movies = read_table(artifacts, "movies", columns=[*FILM_COLUMNS, "title_key"])
        check_movies(movies, artifacts)
        cast = read_table(artifacts, "cast", columns=["movie_id", "person_id", "name", "name_key"], arrow=True)
        crew = read_table(artifacts, "crew", columns=["movie_id", "person_id", "name", "name_key", "job"], arrow=True)
        return cls(movies, cast, crew, manifest)

    def warm(self) -> None:
        """Build the search and suggestion indexes now rather than on first use."""
        for index in (self.title_search, self.titles, self.actors.names, self.directors.names):
            index.warm()

    def search(self, text: str, limit: int = 10) -> dict:
        """Films whose title starts with `text`, then those with a word starting with it,
        then those containing it; each group most-voted first; with the sentence every answer carries."""
        query = normalize(text)
        results = ([film_ref(self.film_keys[rank][1]) for rank in self.title_search.find(query, limit)]
                   if query else [])
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
        person, films = self._person(self.actors, key)
        total = sum(film.ret for film in films)
        average = total / len(films) if films else 0.0
        return {
            "actor": person, "cantidad_peliculas": len(films), "retorno_total": total,
            "retorno_promedio": average,
            "texto": {"cantidad_peliculas": num(len(films)), "retorno_total": num(total, 2),
                      "retorno_promedio": num(average, 2)},
            "mensaje": messages.actor_returns(person, len(films), total, average),
        }

    def _director_answer(self, key: str) -> dict:
        person, films = self._person(self.directors, key)
        total = sum(film.ret for film in films)
        return {
            "director": person, "cantidad_peliculas": len(films), "retorno_total": total,
            "peliculas": [
                {"id": film.id, "titulo": film.title, "fecha_lanzamiento": film.release_date,
                 "retorno": film.ret, "costo": film.budget, "ingresos": film.revenue,
                 "ganancia": film.revenue - film.budget, "texto": film_texts(film)}
                for film in films
            ],
            "texto": {"cantidad_peliculas": num(len(films)), "retorno_total": num(total, 2)},
            "mensaje": messages.director_returns(person, len(films), total),
        }

    @staticmethod
    def _person_key(people: People, name: str, role: str) -> str:
        key = normalize(name)
        if key not in people.names.position:
            raise NotFound(f"No se encontró {role} '{name.strip()}'.", people.names.suggest(name))
        return key

    def _person(self, people: People, key: str) -> tuple[str, list[Film]]:
        person, rows = people.films_of(key)
        return person, [self.film_list[row] for row in rows.tolist()]


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
