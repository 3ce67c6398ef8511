"""The brief's six queries: thin adapters over movierec.catalog."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from movierec.api.deps import INVALID, MAX_TEXT, NOT_FOUND, YearParam, JSONAnswer, served_of, text_param
from movierec.api.schemas import (
    ActorReturn, DirectorReturn, FilmRef, MonthCount, TitleScore, TitleVotes, WeekdayCount,
)

router = APIRouter(tags=["consultas"])


@router.get("/cantidad_filmaciones_mes/{mes}", response_model=MonthCount, responses=INVALID)
async def cantidad_filmaciones_mes(mes: Annotated[str, text_param("Mes en español (enero…diciembre) o número 1–12.", "enero")],
                                   request: Request):
    """Cantidad de películas estrenadas en un mes (de cualquier año)."""
    return JSONAnswer(served_of(request).catalog.films_in_month(mes))


@router.get("/cantidad_filmaciones_dia/{dia}", response_model=WeekdayCount, responses=INVALID)
async def cantidad_filmaciones_dia(dia: Annotated[str, text_param("Día de la semana en español, con o sin tildes.", "lunes")],
                                   request: Request):
    """Cantidad de películas estrenadas en un día de la semana."""
    return JSONAnswer(served_of(request).catalog.films_on_weekday(dia))


@router.get("/score_titulo/{titulo:text}", response_model=TitleScore, responses={**NOT_FOUND, **INVALID})
async def score_titulo(titulo: Annotated[str, text_param("Título de la película.", "Toy Story")],
                       request: Request, anio: YearParam = None):
    """Año de estreno y score (popularidad) de una película."""
    return JSONAnswer(served_of(request).catalog.score_by_title(titulo, anio))


@router.get("/votos_titulo/{titulo:text}", response_model=TitleVotes, response_model_exclude_none=True,
            responses={**NOT_FOUND, **INVALID})
async def votos_titulo(titulo: Annotated[str, text_param("Título de la película.", "Toy Story")],
                       request: Request, anio: YearParam = None):
    """Votos y promedio de una película, solo si tiene al menos 2000 valoraciones."""
    return JSONAnswer(served_of(request).catalog.votes_by_title(titulo, anio))


@router.get("/get_actor/{nombre_actor:text}", response_model=ActorReturn, responses={**NOT_FOUND, **INVALID})
async def get_actor(nombre_actor: Annotated[str, text_param("Nombre del actor o actriz.", "Tom Hanks")],
                    request: Request):
    """Retorno total y promedio de las películas de un actor (sin las que también dirigió)."""
    return JSONAnswer(served_of(request).catalog.actor(nombre_actor))


@router.get("/get_director/{nombre_director:text}", response_model=DirectorReturn, responses={**NOT_FOUND, **INVALID})
async def get_director(nombre_director: Annotated[str, text_param("Nombre del director o directora.", "John Lasseter")],
                       request: Request):
    """Retorno total de un director y el detalle de cada película que dirigió."""
    return JSONAnswer(served_of(request).catalog.director(nombre_director))


@router.get("/buscar", response_model=list[FilmRef], responses=INVALID)
def buscar(q: Annotated[str, Query(min_length=1, max_length=MAX_TEXT, description="Parte de un título.",
                                   examples=["toy st"])],
           request: Request):
    """Hasta 10 películas cuyo título empieza por `q`, luego las que tienen una palabra que empieza
    por `q`, luego las que lo contienen; sin distinguir mayúsculas ni tildes, más votadas primero."""
    # plain `def` on purpose: a substring scan of a full-size catalog takes milliseconds and
    # belongs in the thread pool, not on the event loop
    return JSONAnswer(served_of(request).catalog.search(q))
