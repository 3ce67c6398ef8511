"""The brief's six queries and the title search: thin adapters over movierec.catalog."""

from typing import Annotated

from fastapi import APIRouter, Request
from pydantic import Field

from movierec.api.deps import served_of
from movierec.api.routing import INVALID, NOT_FOUND, DirectRoute, JSONAnswer, Params, Text, TitleParams
from movierec.api.schemas import (
    ActorReturn, DirectorReturn, MonthCount, SearchResults, TitleScore, TitleVotes, WeekdayCount,
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
    q: Annotated[Text, Field(description="Parte de un título.", examples=["toy st"])]


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
