"""Recommendations: similar films for a title, and films for a MovieLens user."""

from fastapi import APIRouter, Request

from movierec.api.deps import served_of
from movierec.api.routing import INVALID, NOT_FOUND, DirectRoute, JSONAnswer, Params, TitleParams, Whole
from movierec.api.schemas import TitleRecommendations, UserRecommendations

router = APIRouter(tags=["recomendaciones"], route_class=DirectRoute)
Count = Whole(1, 20, "Cantidad de recomendaciones (1–20).", examples=[5])


class SimilarParams(TitleParams):
    k: Count = 5


class UserParams(Params):
    in_path = frozenset({"user_id"})
    user_id: Whole(1, 2**31 - 1, "Id de usuario de MovieLens (ratings_small.csv).", examples=[1])
    k: Count = 5


@router.get("/recomendacion/{titulo:text}", summary="Películas similares a un título",
            response_description="Las películas más similares, de mayor a menor similitud.", response_model=TitleRecommendations, responses={**NOT_FOUND, **INVALID},
            openapi_extra=SimilarParams.openapi())
async def recomendacion(request: Request):
    """Las k películas más similares (5 por defecto), de mayor a menor similitud; nunca la misma."""
    params = SimilarParams.of(request)
    return JSONAnswer(served_of(request).recommend_for_title(params.titulo, params.anio, params.k))


@router.get("/recomendacion_usuario/{user_id}", summary="Recomendaciones para un usuario de MovieLens",
            response_description="Películas que el usuario no valoró.", response_model=UserRecommendations,
            responses={**NOT_FOUND, **INVALID}, openapi_extra=UserParams.openapi())
async def recomendacion_usuario(request: Request):
    """Películas que el usuario no valoró, a partir de sus valoraciones."""
    params = UserParams.of(request)
    return JSONAnswer(served_of(request).recommend_for_user(params.user_id, params.k))
