"""Response models: the JSON contract of each endpoint (keys in Spanish, as the brief names them)."""

from pydantic import BaseModel, Field


class FilmRef(BaseModel):
    id: int
    titulo: str
    anio: int


class MonthCount(BaseModel):
    mes: str = Field(examples=["enero"])
    cantidad: int
    mensaje: str


class WeekdayCount(BaseModel):
    dia: str = Field(examples=["lunes"])
    cantidad: int
    mensaje: str


class TitleScore(FilmRef):
    score: float = Field(description="Popularidad TMDB.")
    otras_coincidencias: list[FilmRef]
    mensaje: str


class TitleVotes(FilmRef):
    cumple_minimo: bool = Field(description="True si la película tiene al menos 2000 votos.")
    votos: int | None = Field(None, description="Solo si cumple_minimo.")
    promedio: float | None = Field(None, description="Solo si cumple_minimo.")
    otras_coincidencias: list[FilmRef]
    mensaje: str


class ActorReturn(BaseModel):
    actor: str
    cantidad_peliculas: int
    retorno_total: float
    retorno_promedio: float
    mensaje: str


class DirectedFilm(BaseModel):
    id: int
    titulo: str
    fecha_lanzamiento: str = Field(examples=["1995-10-30"])
    retorno: float
    costo: float
    ingresos: float
    ganancia: float


class DirectorReturn(BaseModel):
    director: str
    cantidad_peliculas: int
    retorno_total: float
    peliculas: list[DirectedFilm]
    mensaje: str


class SimilarFilm(FilmRef):
    similitud: float = Field(ge=0, le=1, description="Parecido entre 0 y 1 (contenido y gustos compartidos), "
                                                     "sin mezcla con la popularidad.")
    motivo: str = Field(examples=["misma colección", "gustó a quienes disfrutaron Toy Story"],
                        description="Por qué se recomienda.")


class TitleRecommendations(BaseModel):
    id: int
    titulo: str
    recomendaciones: list[str] = Field(description="Títulos recomendados, de mayor a menor similitud.")
    detalle: list[SimilarFilm]
    otras_coincidencias: list[FilmRef]
    mensaje: str


class ScoredFilm(FilmRef):
    puntaje: float


class UserRecommendations(BaseModel):
    usuario: int
    recomendaciones: list[str]
    detalle: list[ScoredFilm]
    mensaje: str


class NotFoundBody(BaseModel):
    detail: str
    sugerencias: list[str]


class ParameterProblem(BaseModel):
    parametro: str
    problema: str


class InvalidBody(BaseModel):
    """422: either an unknown month/day (with the valid values) or malformed parameters."""

    detail: str
    valores_validos: list[str] | None = None
    errores: list[ParameterProblem] | None = None


class Health(BaseModel):
    status: str = "ok"


class Version(BaseModel):
    version: str
    artefactos: dict
