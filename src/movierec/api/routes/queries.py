"""The brief's six queries and the title search: thin adapters over movierec.catalog."""

from typing import Annotated

from fastapi import APIRouter, Request
from pydantic import Field

from movierec.api.deps import served_of
from movierec.api.routing import INVALID, NOT_FOUND, DirectRoute, JSONAnswer, Params, Text, TitleParams, Whole
from movierec.api.schemas import (
    ActorReturn, DirectorReturn, ExplorePage, FilmCard, MonthCount, PeopleResults, SearchResults, TitleScore,
    TitleVotes, WeekdayCount,
)

router = APIRouter(tags=["consultas"], route_class=DirectRoute)


class MonthParams(Params):
    in_path = frozenset({"mes"})
    mes: Annotated[Text, Field(description="Mes en español (enero…diciembre) o número 1–12.", examples=["enero"])]


class WeekdayParams(Params):
    in_path = frozenset({"dia"})
    dia: Annotated[Text, Field(description="Día de la semana en español, con o sin tildes.", examples=["lunes"])]


class ActorParams(Params):
    in_path = frozenset({"nombre_actor"})
    nombre_actor: Annotated[Text, Field(description="Nombre del actor o actriz.", examples=["Tom Hanks"])]


class DirectorParams(Params):
    in_path = frozenset({"nombre_director"})
    nombre_director: Annotated[Text, Field(description="Nombre del director o directora.", examples=["John Lasseter"])]


class SearchParams(Params):
    q: Annotated[Text, Field(description="Parte de un título (o del título original).", examples=["toy st"])]


class PeopleParams(Params):
    q: Annotated[Text, Field(description="Parte del nombre de un actor, actriz, director o directora.",
                             examples=["hanks"])]


class ExploreParams(Params):
    genero: Annotated[Text | None, Field(description="Género en español (Comedia, Ciencia ficción…) o como lo nombra "
                                                     "TMDB; sin él, todos.", examples=["Animación"])] = None
    decada: Annotated[Text | None, Field(description="Década por su primer año (1990); sin ella, todas.",
                                         examples=["1990"])] = None
    orden: Annotated[Text, Field(description="valoracion (ponderada por votos), popularidad o fecha (más recientes "
                                             "primero).", examples=["valoracion"])] = "valoracion"
    pagina: Annotated[Whole(1, 1_000_000, "Página, desde 1."), Field(examples=[1])] = 1


@router.get("/cantidad_filmaciones_mes/{mes}", summary="Cantidad de películas estrenadas en un mes",
            response_description="La cantidad de estrenos del mes.", response_model=MonthCount, responses=INVALID,
            openapi_extra=MonthParams.openapi())
async def cantidad_filmaciones_mes(request: Request):
    """Cantidad de películas estrenadas en un mes (de cualquier año)."""
    params = MonthParams.of(request)
    return JSONAnswer(served_of(request).catalog.films_in_month(params.mes))


@router.get("/cantidad_filmaciones_dia/{dia}", summary="Cantidad de películas estrenadas en un día de la semana",
            response_description="La cantidad de estrenos de ese día.", response_model=WeekdayCount, responses=INVALID,
            openapi_extra=WeekdayParams.openapi())
async def cantidad_filmaciones_dia(request: Request):
    """Cantidad de películas estrenadas en un día de la semana."""
    params = WeekdayParams.of(request)
    return JSONAnswer(served_of(request).catalog.films_on_weekday(params.dia))


@router.get("/score_titulo/{titulo:text}", summary="Año de estreno y popularidad de una película",
            response_description="La película y su score.", response_model=TitleScore, responses={**NOT_FOUND, **INVALID},
            openapi_extra=TitleParams.openapi())
async def score_titulo(request: Request):
    """Año de estreno y score (popularidad) de una película."""
    params = TitleParams.of(request)
    return JSONAnswer(served_of(request).catalog.score_by_title(params.titulo, params.anio))


@router.get("/votos_titulo/{titulo:text}", summary="Votos y promedio de una película",
            response_description="La película y, si tiene 2000 votos o más, sus votos.", response_model=TitleVotes, response_model_exclude_none=True,
            responses={**NOT_FOUND, **INVALID}, openapi_extra=TitleParams.openapi())
async def votos_titulo(request: Request):
    """Votos y promedio de una película, solo si tiene al menos 2000 valoraciones."""
    params = TitleParams.of(request)
    return JSONAnswer(served_of(request).catalog.votes_by_title(params.titulo, params.anio))


@router.get("/get_actor/{nombre_actor:text}", summary="Retorno de las películas de un actor o actriz",
            response_description="Cantidad de películas y retornos.", response_model=ActorReturn, responses={**NOT_FOUND, **INVALID},
            openapi_extra=ActorParams.openapi())
async def get_actor(request: Request):
    """Retorno total y promedio de las películas de un actor (sin las que también dirigió)."""
    params = ActorParams.of(request)
    return JSONAnswer(served_of(request).catalog.actor(params.nombre_actor))


@router.get("/get_director/{nombre_director:text}", summary="Retorno de las películas de un director o directora",
            response_description="Retorno total y cada película dirigida.", response_model=DirectorReturn,
            responses={**NOT_FOUND, **INVALID}, openapi_extra=DirectorParams.openapi())
async def get_director(request: Request):
    """Retorno total de un director y el detalle de cada película que dirigió."""
    params = DirectorParams.of(request)
    return JSONAnswer(served_of(request).catalog.director(params.nombre_director))


@router.get("/buscar", summary="Búsqueda de títulos",
            response_description="Hasta 10 películas y un mensaje.", response_model=SearchResults, responses=INVALID, openapi_extra=SearchParams.openapi())
def buscar(request: Request):
    """Hasta 10 películas cuyo título empieza por `q`, luego las que tienen una palabra que empieza
    por `q`, luego las que lo contienen; sin distinguir mayúsculas ni tildes, más votadas primero."""
    # plain `def` on purpose: a substring scan of a full-size catalog takes milliseconds and
    # belongs in the thread pool, not on the event loop
    params = SearchParams.of(request)
    return JSONAnswer(served_of(request).catalog.search(params.q))


@router.get("/pelicula/{titulo:text}", summary="Ficha completa de una película",
            response_description="La ficha de la película.", response_model=FilmCard,
            responses={**NOT_FOUND, **INVALID}, openapi_extra=TitleParams.openapi())
async def pelicula(request: Request):
    """Sinopsis, géneros, duración, colección, dirección, reparto, cifras y póster de una película;
    busca también por título original."""
    params = TitleParams.of(request)
    return JSONAnswer(served_of(request).catalog.film_card(params.titulo, params.anio))


@router.get("/buscar_personas", summary="Búsqueda de actores y directores",
            response_description="Hasta 10 personas y un mensaje.", response_model=PeopleResults, responses=INVALID,
            openapi_extra=PeopleParams.openapi())
def buscar_personas(request: Request):
    """Hasta 10 actores, actrices, directores o directoras cuyo nombre empieza por `q`, luego con una
    palabra que empieza por `q`, luego que lo contienen; sin distinguir mayúsculas ni tildes, con más
    películas primero."""
    params = PeopleParams.of(request)  # plain `def`, as /buscar: a substring scan belongs in the thread pool
    return JSONAnswer(served_of(request).catalog.search_people(params.q))


@router.get("/explorar", summary="Explorar el catálogo por género y década",
            response_description="Una página de películas.", response_model=ExplorePage, responses=INVALID,
            openapi_extra=ExploreParams.openapi())
async def explorar(request: Request):
    """Películas de un género y una década (ambos opcionales), por valoración ponderada, popularidad
    o fecha, de a 20 por página."""
    params = ExploreParams.of(request)
    return JSONAnswer(served_of(request).catalog.explore(params.genero, params.decada, params.orden, params.pagina))
