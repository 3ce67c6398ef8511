"""Response models: the JSON contract of each endpoint (keys in Spanish, as the brief names them).

Every field is described for /docs; each model's example is a real answer of the bundled sample
(data/sample), checked against the live app by tests/api/test_http_contract.py.
"""

from pydantic import BaseModel, ConfigDict, Field

MENSAJE = "Frase en español que resume la respuesta."
TEXTO = ("Las cifras de esta respuesta escritas en español, como las muestra la página (las claves son las de "
         "los campos numéricos); los números del JSON siguen siendo números.")


def example(**answer) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [answer]})


class FilmRef(BaseModel):
    id: int = Field(description="Id de la película en TMDB.", examples=[862])
    titulo: str = Field(description="Título de la película.", examples=["Toy Story"])
    anio: int = Field(description="Año de estreno.", examples=[1995])


class CountText(BaseModel):
    cantidad: str = Field(examples=["664"], description="La cantidad, escrita en español.")


class MonthCount(BaseModel):
    model_config = example(mes="enero", cantidad=664, texto={"cantidad": "664"},
                           mensaje="664 películas fueron estrenadas en el mes de enero.")
    mes: str = Field(description="El mes, en minúsculas (setiembre se escribe septiembre).", examples=["enero"])
    cantidad: int = Field(description="Películas estrenadas en ese mes, de cualquier año.")
    texto: CountText = Field(description=TEXTO)
    mensaje: str = Field(description=MENSAJE)


class WeekdayCount(BaseModel):
    model_config = example(dia="lunes", cantidad=382, texto={"cantidad": "382"},
                           mensaje="382 películas fueron estrenadas en los días lunes.")
    dia: str = Field(description="El día de la semana, en minúsculas y con tilde.", examples=["lunes"])
    cantidad: int = Field(description="Películas estrenadas ese día de la semana.")
    texto: CountText = Field(description=TEXTO)
    mensaje: str = Field(description=MENSAJE)


class ScoreText(BaseModel):
    score: str = Field(examples=["21,95"], description="El score con dos decimales.")


class TitleScore(FilmRef):
    model_config = example(id=862, titulo="Toy Story", anio=1995, score=21.946943, otras_coincidencias=[],
                           texto={"score": "21,95"},
                           mensaje="La película Toy Story fue estrenada en el año 1995 con un score/popularidad "
                                   "de 21,95.")
    score: float = Field(description="Popularidad TMDB.")
    texto: ScoreText = Field(description=TEXTO)
    otras_coincidencias: list[FilmRef] = Field(description="Otras películas con el mismo título (elija una con ?anio=).")
    mensaje: str = Field(description=MENSAJE)


class VotesText(BaseModel):
    votos: str = Field(examples=["5.415"], description="Los votos, con separador de miles.")
    promedio: str = Field(examples=["7,7"], description="El promedio con un decimal.")


class TitleVotes(FilmRef):
    model_config = example(id=862, titulo="Toy Story", anio=1995, cumple_minimo=True, otras_coincidencias=[],
                           votos=5415, promedio=7.7, texto={"votos": "5.415", "promedio": "7,7"},
                           mensaje="La película Toy Story fue estrenada en el año 1995. La misma cuenta con un total "
                                   "de 5.415 valoraciones, con un promedio de 7,7.")
    texto: VotesText | None = Field(None, description=TEXTO + " Solo si cumple_minimo.")
    cumple_minimo: bool = Field(description="Verdadero si la película tiene al menos 2000 votos.")
    votos: int | None = Field(None, description="Cantidad de votos; solo si cumple_minimo.")
    promedio: float | None = Field(None, description="Promedio de los votos (0–10); solo si cumple_minimo.")
    otras_coincidencias: list[FilmRef] = Field(description="Otras películas con el mismo título (elija una con ?anio=).")
    mensaje: str = Field(description=MENSAJE)


class ActorText(BaseModel):
    cantidad_peliculas: str = Field(description="La cantidad de películas, escrita en español.")
    retorno_total: str = Field(description="El retorno total con dos decimales.")
    retorno_promedio: str = Field(description="El retorno promedio con dos decimales.")


class ActorReturn(BaseModel):
    model_config = example(actor="Tom Hanks", cantidad_peliculas=27, retorno_total=130.5203601343903,
                           retorno_promedio=4.834087412384826,
                           texto={"cantidad_peliculas": "27", "retorno_total": "130,52", "retorno_promedio": "4,83"},
                           mensaje="Tom Hanks ha participado de 27 filmaciones (sin contar las que dirigió), ha "
                                   "conseguido un retorno de 130,52 con un promedio de 4,83 por filmación.")
    texto: ActorText = Field(description=TEXTO)
    actor: str = Field(description="Nombre del actor o actriz, como figura en el catálogo.")
    cantidad_peliculas: int = Field(description="Películas en las que actuó, sin las que también dirigió.")
    retorno_total: float = Field(description="Suma de los retornos (ingresos / presupuesto) de esas películas.")
    retorno_promedio: float = Field(description="Retorno total dividido por la cantidad de películas.")
    mensaje: str = Field(description=MENSAJE)


class DirectedFilmText(BaseModel):
    fecha_lanzamiento: str = Field(examples=["30 de octubre de 1995"], description="La fecha de estreno en palabras.")
    retorno: str = Field(examples=["12,45"], description="El retorno con dos decimales.")
    costo: str = Field(examples=["USD 30 millones"], description="El presupuesto en dólares, abreviado desde el millón.")
    ingresos: str = Field(examples=["USD 373,6 millones"], description="La recaudación en dólares.")
    ganancia: str = Field(examples=["USD 343,6 millones"], description="La ganancia en dólares.")


class DirectorText(BaseModel):
    cantidad_peliculas: str = Field(description="La cantidad de películas, escrita en español.")
    retorno_total: str = Field(description="El retorno total con dos decimales.")


class DirectedFilm(BaseModel):
    id: int = Field(description="Id de la película en TMDB.")
    titulo: str = Field(description="Título de la película.")
    fecha_lanzamiento: str = Field(description="Fecha de estreno (AAAA-MM-DD).", examples=["1995-10-30"])
    retorno: float = Field(description="Ingresos / presupuesto (0 si el presupuesto es 0).")
    costo: float = Field(description="Presupuesto, en dólares.")
    ingresos: float = Field(description="Recaudación, en dólares.")
    ganancia: float = Field(description="Ingresos menos costo, en dólares.")
    texto: DirectedFilmText = Field(description=TEXTO)


class DirectorReturn(BaseModel):
    model_config = example(director="John Lasseter", cantidad_peliculas=5, retorno_total=27.65437835777778,
                           peliculas=[{"id": 862, "titulo": "Toy Story", "fecha_lanzamiento": "1995-10-30",
                                       "retorno": 12.4518011, "costo": 30000000.0, "ingresos": 373554033.0,
                                       "ganancia": 343554033.0,
                                       "texto": {"fecha_lanzamiento": "30 de octubre de 1995", "retorno": "12,45",
                                                 "costo": "USD 30 millones", "ingresos": "USD 373,6 millones",
                                                 "ganancia": "USD 343,6 millones"}}],
                           texto={"cantidad_peliculas": "5", "retorno_total": "27,65"},
                           mensaje="John Lasseter dirigió 5 películas con un retorno total de 27,65.")
    director: str = Field(description="Nombre del director o directora, como figura en el catálogo.")
    cantidad_peliculas: int = Field(description="Películas que dirigió.")
    retorno_total: float = Field(description="Suma de los retornos de esas películas.")
    peliculas: list[DirectedFilm] = Field(description="Cada película dirigida, con sus cifras.")
    texto: DirectorText = Field(description=TEXTO)
    mensaje: str = Field(description=MENSAJE)


class SearchResults(BaseModel):
    model_config = example(resultados=[{"id": 862, "titulo": "Toy Story", "anio": 1995},
                                       {"id": 10193, "titulo": "Toy Story 3", "anio": 2010},
                                       {"id": 863, "titulo": "Toy Story 2", "anio": 1999}],
                           mensaje="3 películas con un título parecido a «toy st».")
    resultados: list[FilmRef] = Field(description="Hasta 10 películas: primero las que empiezan por q, luego las que "
                                                  "tienen una palabra que empieza por q, luego las que lo contienen.")
    mensaje: str = Field(description=MENSAJE)


class SimilarityText(BaseModel):
    similitud: str = Field(examples=["87 %"], description="La similitud como porcentaje.")


class SimilarFilm(FilmRef):
    similitud: float = Field(ge=0, le=1, description="Parecido entre 0 y 1 (contenido y gustos compartidos), "
                                                     "sin mezcla con la popularidad.")
    motivo: str = Field(examples=["misma colección", "gustó a quienes disfrutaron Toy Story"],
                        description="Por qué se recomienda.")
    texto: SimilarityText = Field(description=TEXTO)


class TitleRecommendations(BaseModel):
    id: int
    titulo: str
    recomendaciones: list[str] = Field(description="Títulos recomendados, de mayor a menor similitud.")
    detalle: list[SimilarFilm]
    otras_coincidencias: list[FilmRef]
    mensaje: str


class ScoreShareText(BaseModel):
    puntaje: str = Field(examples=["100 %"], description="La afinidad: el puntaje como porcentaje del de la primera "
                                                         "película (el puntaje de EASE no tiene escala fija).")


class ScoredFilm(FilmRef):
    puntaje: float = Field(description="Puntaje del modelo EASE: sin escala fija, solo ordena.")
    motivo: str = Field(description="Por qué se recomienda: la película que valoró bien (nota de 4 o más) que más "
                                    "aporta a su puntaje.", examples=["porque valoró bien Toy Story (1995)"])
    texto: ScoreShareText = Field(description=TEXTO)


class UserRecommendations(BaseModel):
    usuario: int
    recomendaciones: list[str]
    detalle: list[ScoredFilm]
    mensaje: str


class NotFoundBody(BaseModel):
    """404: an unknown title, person or user, or a path that is not a route."""

    model_config = example(detail="No se encontró la película 'Toy Storyy'.",
                           sugerencias=["Toy Story", "Toy Story 2", "Toy Story 3", "The Toy", "The Nativity Story"],
                           mensaje="No se encontró la película 'Toy Storyy'. ¿Quiso decir Toy Story, Toy Story 2, "
                                   "Toy Story 3?")
    detail: str = Field(description="Qué no se encontró.")
    sugerencias: list[str] = Field([], description="Hasta 5 valores conocidos parecidos al pedido.")
    mensaje: str = Field(description=MENSAJE)


class ParameterProblem(BaseModel):
    parametro: str = Field(description="Nombre del parámetro con problemas.", examples=["k"])
    problema: str = Field(description="Qué le pasa, en español.", examples=["debe ser menor o igual que 20"])


class InvalidBody(BaseModel):
    """422: either an unknown month/day (with the valid values) or malformed parameters."""

    model_config = example(detail="Parámetros inválidos: k.",
                           errores=[{"parametro": "k", "problema": "debe ser menor o igual que 20"}],
                           mensaje="El parámetro «k» debe ser menor o igual que 20.")
    detail: str = Field(description="Resumen del problema.")
    valores_validos: list[str] | None = Field(None, description="Para un mes o día desconocido: los valores válidos.")
    errores: list[ParameterProblem] | None = Field(None, description="Para parámetros mal formados: cada problema.")
    mensaje: str = Field(description=MENSAJE)


class Health(BaseModel):
    status: str = Field("ok", description="Siempre ok mientras el proceso atiende peticiones.")


class ServedArtifacts(BaseModel):
    created_at: str | None = Field(None, description="Cuándo el ETL escribió los artefactos (ISO 8601, UTC).")
    code_version: str | None = Field(None, description="Versión del código que los escribió.")
    format_version: int | None = Field(None, description="Versión del formato de los artefactos.")
    peliculas: int | None = Field(None, description="Películas en el catálogo servido.")
    sha256: dict[str, str] = Field(description="Suma SHA-256 de cada tabla servida (manifest.json).")
    modelo_sha256_peliculas: str | None = Field(None, description="movies.parquet con el que se entrenó el modelo.")
    huella: str = Field(description="Resumen de todas las sumas SHA-256 verificadas (tablas y modelo): la misma "
                                    "huella, los mismos datos; es la `version` de `movierec_artifacts_served` en "
                                    "/metrics.", examples=["66e72019724c37da"])


class Version(BaseModel):
    version: str = Field(description="Versión del código de movierec.", examples=["0.1.0"])
    python: str = Field(description="Versión de Python del servidor.", examples=["3.11.2"])
    artefactos: ServedArtifacts = Field(description="La versión de los datos y del modelo que se sirve.")
