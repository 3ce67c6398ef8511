"""The curated catalog in memory, and the brief's six queries as plain functions.

Everything a query needs is computed once in `Catalog.load`; a query is a normalised-key
lookup plus building a small dict, so no request touches pandas.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from movierec.etl.pipeline import load_manifest, read_table
from movierec.lookup import NameIndex
from movierec.text import MONTHS, WEEKDAYS, normalize, parse_month, parse_weekday

MIN_VOTES = 2000
REQUIRED_TABLES = ("movies", "cast", "crew")


class CatalogError(Exception):
    """Artifacts that cannot be served; the message says what is wrong (Spanish)."""


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


@dataclass(frozen=True)
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


@dataclass
class PersonFilms:
    name: str
    film_ids: list[int] = field(default_factory=list)


class Catalog:
    """Query indexes over one artifacts directory."""

    def __init__(self, films: list[Film], cast: pd.DataFrame, crew: pd.DataFrame, manifest: dict):
        self.manifest = manifest
        self.films = {film.id: film for film in films}
        self.month_counts = [0] * 13
        self.weekday_counts = [0] * 7
        by_title: dict[str, list[Film]] = defaultdict(list)
        for film in films:
            day = date.fromisoformat(film.release_date)
            self.month_counts[day.month] += 1
            self.weekday_counts[day.weekday()] += 1
            by_title[normalize(film.title)].append(film)
        self.by_title = {
            key: sorted(matches, key=lambda f: (-f.vote_count, -f.popularity, f.id))
            for key, matches in by_title.items()
        }
        self.titles = NameIndex(film.title for film in films)

        crew = crew[crew["movie_id"].isin(self.films.keys())]
        cast = cast[cast["movie_id"].isin(self.films.keys())]
        directing = crew[crew["job"] == "Director"].dropna(subset=["name"])
        self.directors = self._people(directing, order_by_date=True)
        directed = set(zip(directing["movie_id"], directing["person_id"]))
        acting = cast.dropna(subset=["name"])
        also_directed = [pair in directed for pair in zip(acting["movie_id"], acting["person_id"])]
        self.actors = self._people(acting[[not flag for flag in also_directed]], order_by_date=True)
        # actors whose every film they also directed still exist as people, with zero films
        for name in acting.loc[also_directed, "name"]:
            self.actors.setdefault(normalize(name), PersonFilms(name))
        self.actor_names = NameIndex(person.name for person in self.actors.values())
        self.director_names = NameIndex(person.name for person in self.directors.values())

    def _people(self, credits: pd.DataFrame, order_by_date: bool) -> dict[str, PersonFilms]:
        """Group credits by normalised name; one entry per film even if credited twice."""
        people: dict[str, PersonFilms] = {}
        seen: set[tuple[str, int]] = set()
        for movie_id, name in zip(credits["movie_id"].tolist(), credits["name"].tolist()):
            key = normalize(name)
            if not key or (key, movie_id) in seen:
                continue
            seen.add((key, movie_id))
            people.setdefault(key, PersonFilms(name)).film_ids.append(movie_id)
        if order_by_date:
            for person in people.values():
                person.film_ids.sort(key=lambda i: (self.films[i].release_date, i))
        return people

    @classmethod
    def load(cls, artifacts: Path) -> "Catalog":
        """Load and validate an artifacts directory; raises CatalogError with a clear message."""
        artifacts = Path(artifacts)
        if not (artifacts / "manifest.json").is_file():
            raise CatalogError(f"No hay artefactos en {artifacts} (falta manifest.json): ejecute `movierec etl`.")
        try:
            manifest = load_manifest(artifacts)
            movies = read_table(artifacts, "movies")
            cast = read_table(artifacts, "cast")
            crew = read_table(artifacts, "crew")
        except Exception as error:  # noqa: BLE001 - any read failure means unusable artifacts
            raise CatalogError(f"Artefactos ilegibles en {artifacts}: {error}") from None
        if manifest.get("movies", {}).get("rows_kept") != len(movies):
            raise CatalogError(f"Artefactos inconsistentes en {artifacts}: el manifest no coincide con movies.parquet.")
        films = [
            Film(int(r["id"]), r["title"], r["release_date"], int(r["release_year"]), float(r["popularity"]),
                 int(r["vote_count"]), float(r["vote_average"]), float(r["budget"]), float(r["revenue"]),
                 float(r["return"]))
            for r in movies.to_dict("records")
        ]
        return cls(films, cast, crew, manifest)

    # --- the six queries -------------------------------------------------------------

    def films_in_month(self, month: str) -> dict:
        number = parse_month(month)
        if number is None:
            raise InvalidValue(f"'{month}' no es un mes válido.", list(MONTHS))
        name = MONTHS[number - 1]
        count = self.month_counts[number]
        return {"mes": name, "cantidad": count,
                "mensaje": f"{count} películas fueron estrenadas en el mes de {name}."}

    def films_on_weekday(self, day: str) -> dict:
        index = parse_weekday(day)
        if index is None:
            raise InvalidValue(f"'{day}' no es un día de la semana válido.", list(WEEKDAYS))
        name = WEEKDAYS[index]
        count = self.weekday_counts[index]
        return {"dia": name, "cantidad": count,
                "mensaje": f"{count} películas fueron estrenadas en los días {name}."}

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
            **_film_ref(film), "score": round(film.popularity, 6), "otras_coincidencias": _refs(others),
            "mensaje": f"La película {film.title} fue estrenada en el año {film.year} "
                       f"con un score/popularidad de {film.popularity:.2f}.",
        }

    def votes_by_title(self, title: str, year: int | None = None) -> dict:
        film, others = self.find_film(title, year)
        answer = {**_film_ref(film), "cumple_minimo": film.vote_count >= MIN_VOTES,
                  "otras_coincidencias": _refs(others)}
        if answer["cumple_minimo"]:
            answer.update(
                votos=film.vote_count, promedio=film.vote_average,
                mensaje=f"La película {film.title} fue estrenada en el año {film.year}. La misma cuenta "
                        f"con un total de {film.vote_count} valoraciones, con un promedio de {film.vote_average}.",
            )
        else:
            answer["mensaje"] = (f"La película {film.title} no cumple con el mínimo de {MIN_VOTES} "
                                 "valoraciones, por eso no se informan sus votos.")
        return answer

    def actor(self, name: str) -> dict:
        person = self._person(self.actors, self.actor_names, name, "al actor o actriz")
        films = [self.films[i] for i in person.film_ids]
        total = sum(film.ret for film in films)
        average = total / len(films) if films else 0.0
        return {
            "actor": person.name, "cantidad_peliculas": len(films), "retorno_total": total,
            "retorno_promedio": average,
            "mensaje": f"{person.name} ha participado de {len(films)} filmaciones (sin contar las que "
                       f"dirigió), ha conseguido un retorno de {total:.2f} con un promedio de "
                       f"{average:.2f} por filmación.",
        }

    def director(self, name: str) -> dict:
        person = self._person(self.directors, self.director_names, name, "al director o directora")
        films = [self.films[i] for i in person.film_ids]
        total = sum(film.ret for film in films)
        return {
            "director": person.name, "cantidad_peliculas": len(films), "retorno_total": total,
            "peliculas": [
                {"id": film.id, "titulo": film.title, "fecha_lanzamiento": film.release_date,
                 "retorno": film.ret, "costo": film.budget, "ingresos": film.revenue,
                 "ganancia": film.revenue - film.budget}
                for film in films
            ],
            "mensaje": f"{person.name} dirigió {len(films)} películas con un retorno total de {total:.2f}.",
        }

    @staticmethod
    def _person(people: dict[str, PersonFilms], index: NameIndex, name: str, role: str) -> PersonFilms:
        person = people.get(normalize(name))
        if person is None:
            raise NotFound(f"No se encontró {role} '{name.strip()}'.", index.suggest(name))
        return person


def _film_ref(film: Film) -> dict:
    return {"id": film.id, "titulo": film.title, "anio": film.year}


def _refs(films: list[Film]) -> list[dict]:
    return [_film_ref(film) for film in films]
