"""Recommendations: similar films for a title, and films for a MovieLens user."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from movierec.api.deps import INVALID, NOT_FOUND, YearParam, JSONAnswer, served_of, text_param
from movierec.api.schemas import TitleRecommendations, UserRecommendations

router = APIRouter(tags=["recomendaciones"])
KParam = Annotated[int, Query(ge=1, le=20, description="Cantidad de recomendaciones (1–20).")]


@router.get("/recomendacion/{titulo:text}", response_model=TitleRecommendations, responses={**NOT_FOUND, **INVALID})
async def recomendacion(titulo: Annotated[str, text_param("Título de la película.", "Toy Story")],
                  request: Request, anio: YearParam = None, k: KParam = 5):
    """Las k películas más similares (5 por defecto), de mayor a menor similitud; nunca la misma."""
    return JSONAnswer(served_of(request).recommend_for_title(titulo, anio, k))


@router.get("/recomendacion_usuario/{user_id}", response_model=UserRecommendations, responses={**NOT_FOUND, **INVALID})
async def recomendacion_usuario(user_id: Annotated[int, Path(ge=1, le=2**31 - 1, description="Id de usuario MovieLens.",
                                                      examples=[1])],
                          request: Request, k: KParam = 5):
    """Películas que el usuario no valoró, a partir de sus valoraciones."""
    return JSONAnswer(served_of(request).recommend_for_user(user_id, k))
