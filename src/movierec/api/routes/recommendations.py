"""Recommendations: similar films for a title, and films for a MovieLens user."""

from typing import Annotated

from fastapi import APIRouter, Request
from pydantic import Field

from movierec.api.deps import INVALID, NOT_FOUND, DirectRoute, JSONAnswer, Params, TitleParams, served_of
from movierec.api.schemas import TitleRecommendations, UserRecommendations

router = APIRouter(tags=["recomendaciones"], route_class=DirectRoute)
Count = Annotated[int, Field(ge=1, le=20, description="Cantidad de recomendaciones (1–20).")]


class SimilarParams(TitleParams):
    k: Count = 5


class UserParams(Params):
    in_path = frozenset({"user_id"})
    user_id: Annotated[int, Field(ge=1, le=2**31 - 1, description="Id de usuario MovieLens.", examples=[1])]
    k: Count = 5


@router.get("/recomendacion/{titulo:text}", response_model=TitleRecommendations, responses={**NOT_FOUND, **INVALID},
            openapi_extra=SimilarParams.openapi())
async def recomendacion(request: Request):
    """Las k películas más similares (5 por defecto), de mayor a menor similitud; nunca la misma."""
    params = SimilarParams.of(request)
    return JSONAnswer(served_of(request).recommend_for_title(params.titulo, params.anio, params.k))


@router.get("/recomendacion_usuario/{user_id}", response_model=UserRecommendations,
            responses={**NOT_FOUND, **INVALID}, openapi_extra=UserParams.openapi())
async def recomendacion_usuario(request: Request):
    """Películas que el usuario no valoró, a partir de sus valoraciones."""
    params = UserParams.of(request)
    return JSONAnswer(served_of(request).recommend_for_user(params.user_id, params.k))
