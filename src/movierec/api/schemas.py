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


DUDOSO = ("Verdadero si el presupuesto o los ingresos están por encima de 0 (0 es desconocido) pero por debajo de "
          "1000 dólares: casi siempre un error de carga, así que el retorno no es de fiar.")


class ReturnText(BaseModel):
    retorno: str = Field(examples=["8,73"], description="El retorno con dos decimales.")


class ActedFilm(FilmRef):
    personaje: str | None = Field(description="Personaje que interpretó (null si no figura).")
    retorno: float = Field(description="Ingresos / presupuesto (0 si el presupuesto es 0).")
    retorno_dudoso: bool = Field(description=DUDOSO)
    texto: ReturnText = Field(description=TEXTO)


class ActorText(BaseModel):
    cantidad_peliculas: str = Field(description="La cantidad de películas, escrita en español.")
    retorno_total: str = Field(description="El retorno total con dos decimales.")
    retorno_promedio: str = Field(description="El retorno promedio con dos decimales.")
    peliculas_retorno_dudoso: str = Field(description="Cuántas películas tienen retorno dudoso, escrito en español.")


class ActorReturn(BaseModel):
    model_config = example(actor="Tom Hanks", cantidad_peliculas=27, retorno_total=130.5203601343903,
                           retorno_promedio=4.834087412384826, peliculas_retorno_dudoso=0,
                           peliculas=[{"id": 2619, "titulo": "Splash", "anio": 1984, "personaje": "Allen Bauer",
                                       "retorno": 8.72766675, "retorno_dudoso": False, "texto": {"retorno": "8,73"}}],
                           texto={"cantidad_peliculas": "27", "retorno_total": "130,52", "retorno_promedio": "4,83",
                                  "peliculas_retorno_dudoso": "0"},
                           aviso_retorno_dudoso="Ninguna película con retorno dudoso (presupuesto o ingresos menores que mil dólares).",
                           mensaje="Tom Hanks ha participado de 27 filmaciones (sin contar las que dirigió), ha "
                                   "conseguido un retorno de 130,52 con un promedio de 4,83 por filmación.")
    texto: ActorText = Field(description=TEXTO)
    actor: str = Field(description="Nombre del actor o actriz, como figura en el catálogo.")
    cantidad_peliculas: int = Field(description="Películas en las que actuó, sin las que también dirigió.")
    retorno_total: float = Field(description="Suma de los retornos (ingresos / presupuesto) de esas películas.")
    retorno_promedio: float = Field(description="Retorno total dividido por la cantidad de películas.")
    peliculas_retorno_dudoso: int = Field(description="Cuántas de esas películas tienen retorno_dudoso (sus retornos "
                                                      "están incluidos en los totales).")
    peliculas: list[ActedFilm] = Field(description="Cada película, de la más antigua a la más reciente.")
    mensaje: str = Field(description=MENSAJE)
    aviso_retorno_dudoso: str = Field(description="Cuántas películas tienen retorno dudoso, en una frase (la página "
                                                  "la muestra solo si hay alguna).")


class DirectedFilmText(BaseModel):
    fecha_lanzamiento: str = Field(examples=["30 de octubre de 1995"], description="La fecha de estreno en palabras.")
    retorno: str = Field(examples=["12,45"], description="El retorno con dos decimales.")
    costo: str = Field(examples=["USD 30 millones"], description="El presupuesto en dólares, abreviado desde el millón.")
    ingresos: str = Field(examples=["USD 373,6 millones"], description="La recaudación en dólares.")
    ganancia: str = Field(examples=["USD 343,6 millones"], description="La ganancia en dólares.")


class DirectorText(BaseModel):
    cantidad_peliculas: str = Field(description="La cantidad de películas, escrita en español.")
    retorno_total: str = Field(description="El retorno total con dos decimales.")
    peliculas_retorno_dudoso: str = Field(description="Cuántas películas tienen retorno dudoso, escrito en español.")


class DirectedFilm(BaseModel):
    id: int = Field(description="Id de la película en TMDB.")
    titulo: str = Field(description="Título de la película.")
    fecha_lanzamiento: str = Field(description="Fecha de estreno (AAAA-MM-DD).", examples=["1995-10-30"])
    retorno: float = Field(description="Ingresos / presupuesto (0 si el presupuesto es 0).")
    retorno_dudoso: bool = Field(description=DUDOSO)
    costo: float = Field(description="Presupuesto, en dólares.")
    ingresos: float = Field(description="Recaudación, en dólares.")
    ganancia: float = Field(description="Ingresos menos costo, en dólares.")
    texto: DirectedFilmText = Field(description=TEXTO)


class DirectorReturn(BaseModel):
    model_config = example(director="John Lasseter", cantidad_peliculas=5, retorno_total=27.65437835777778,
                           peliculas_retorno_dudoso=0,
                           peliculas=[{"id": 862, "titulo": "Toy Story", "fecha_lanzamiento": "1995-10-30",
                                       "retorno": 12.4518011, "retorno_dudoso": False, "costo": 30000000.0,
                                       "ingresos": 373554033.0, "ganancia": 343554033.0,
                                       "texto": {"fecha_lanzamiento": "30 de octubre de 1995", "retorno": "12,45",
                                                 "costo": "USD 30 millones", "ingresos": "USD 373,6 millones",
                                                 "ganancia": "USD 343,6 millones"}}],
                           texto={"cantidad_peliculas": "5", "retorno_total": "27,65", "peliculas_retorno_dudoso": "0"},
                           aviso_retorno_dudoso="Ninguna película con retorno dudoso (presupuesto o ingresos menores que mil dólares).",
                           mensaje="John Lasseter dirigió 5 películas con un retorno total de 27,65.")
    director: str = Field(description="Nombre del director o directora, como figura en el catálogo.")
    cantidad_peliculas: int = Field(description="Películas que dirigió.")
    retorno_total: float = Field(description="Suma de los retornos de esas películas.")
    peliculas_retorno_dudoso: int = Field(description="Cuántas de esas películas tienen retorno_dudoso (sus retornos "
                                                      "están incluidos en el total).")
    peliculas: list[DirectedFilm] = Field(description="Cada película dirigida, con sus cifras.")
    texto: DirectorText = Field(description=TEXTO)
    mensaje: str = Field(description=MENSAJE)
    aviso_retorno_dudoso: str = Field(description="Cuántas películas tienen retorno dudoso, en una frase (la página "
                                                  "la muestra solo si hay alguna).")


class SearchResults(BaseModel):
    model_config = example(resultados=[{"id": 862, "titulo": "Toy Story", "anio": 1995},
                                       {"id": 10193, "titulo": "Toy Story 3", "anio": 2010},
                                       {"id": 863, "titulo": "Toy Story 2", "anio": 1999}],
                           mensaje="3 películas con un título parecido a «toy st».")
    resultados: list[FilmRef] = Field(description="Hasta 10 películas: primero las que empiezan por q, luego las que "
                                                  "tienen una palabra que empieza por q, luego las que lo contienen.")
    mensaje: str = Field(description=MENSAJE)


class Collection(BaseModel):
    id: int = Field(description="Id de la colección en TMDB.")
    nombre: str = Field(description="Nombre de la colección.")
    otras_peliculas: list[FilmRef] = Field(description="Las otras películas de la colección que están en el catálogo, "
                                                       "de la más antigua a la más reciente.")


class CastMember(BaseModel):
    nombre: str = Field(description="Nombre del actor o actriz.")
    personaje: str | None = Field(description="Personaje que interpreta (null si no figura).")


class CardText(BaseModel):
    fecha_estreno: str | None = Field(examples=["30 de octubre de 1999"], description="La fecha de estreno en palabras.")
    duracion: str | None = Field(examples=["92 min"], description="La duración (null si no figura).")
    presupuesto: str | None = Field(examples=["USD 90 millones"], description="El presupuesto (null si es desconocido).")
    ingresos: str | None = Field(examples=["USD 497,4 millones"], description="La recaudación (null si es desconocida).")
    retorno: str | None = Field(examples=["5,53"], description="El retorno con dos decimales (null sin presupuesto).")
    popularidad: str = Field(examples=["17,55"], description="La popularidad con dos decimales.")
    votos: str = Field(examples=["3.914"], description="Los votos, con separador de miles.")
    promedio: str = Field(examples=["7,3"], description="El promedio con un decimal.")


class FilmCard(FilmRef):
    model_config = example(
        id=863, titulo="Toy Story 2", anio=1999, titulo_original="Toy Story 2", fecha_estreno="1999-10-30",
        sinopsis="Andy heads off to Cowboy Camp, leaving his toys to their own devices. Things shift into high gear "
                 "when an obsessive toy collector named Al McWhiggen, owner of Al's Toy Barn kidnaps Woody. Andy's toys "
                 "mount a daring rescue mission, Buzz Lightyear meets his match and Woody has to decide where he and "
                 "his heart truly belong.",
        eslogan="The toys are back!", generos=["Animación", "Comedia", "Familiar"], duracion=92.0,
        idioma_original="inglés",
        coleccion={"id": 10194, "nombre": "Toy Story Collection",
                   "otras_peliculas": [{"id": 862, "titulo": "Toy Story", "anio": 1995}]},
        direccion=["John Lasseter"],
        reparto=[{"nombre": "Tom Hanks", "personaje": "Woody (voice)"},
                 {"nombre": "Tim Allen", "personaje": "Buzz Lightyear (voice)"},
                 {"nombre": "Joan Cusack", "personaje": "Jessie (voice)"}],
        productoras=["Pixar Animation Studios"], paises=["Estados Unidos"], presupuesto=90000000.0,
        ingresos=497366869.0, retorno=5.526298544444445, retorno_dudoso=False, popularidad=17.547693, votos=3914,
        promedio=7.3, poster="https://image.tmdb.org/t/p/w342/3CmK3XurcLeUyMifCR28ibzupbB.jpg", imdb_id="tt0120363",
        otras_coincidencias=[],
        texto={"fecha_estreno": "30 de octubre de 1999", "duracion": "92 min", "presupuesto": "USD 90 millones",
               "ingresos": "USD 497,4 millones", "retorno": "5,53", "popularidad": "17,55", "votos": "3.914",
               "promedio": "7,3"},
        mensaje="Toy Story 2 (1999), dirigida por John Lasseter.")
    titulo_original: str | None = Field(description="Título en el idioma original (null si no figura).")
    fecha_estreno: str = Field(description="Fecha de estreno (AAAA-MM-DD).", examples=["1995-10-30"])
    sinopsis: str | None = Field(description="Sinopsis de TMDB, en inglés (null si no tiene).")
    eslogan: str | None = Field(description="Eslogan de TMDB, en inglés (null si no tiene).")
    generos: list[str] = Field(description="Géneros, en español.")
    duracion: float | None = Field(description="Duración en minutos (null si no figura).")
    idioma_original: str | None = Field(description="Idioma original, en español (el código ISO 639-1 si no se "
                                                    "conoce su nombre).")
    coleccion: Collection | None = Field(description="La saga o colección a la que pertenece, si pertenece a una.")
    direccion: list[str] = Field(description="Quién la dirigió (puede ser más de una persona).")
    reparto: list[CastMember] = Field(description="Reparto principal: hasta 10 personas, en el orden de los créditos.")
    productoras: list[str] = Field(description="Compañías productoras.")
    paises: list[str] = Field(description="Países de producción, en español cuando se conoce su nombre.")
    presupuesto: float = Field(description="Presupuesto en dólares (0 es desconocido).")
    ingresos: float = Field(description="Recaudación en dólares (0 es desconocida).")
    retorno: float = Field(description="Ingresos / presupuesto (0 si el presupuesto es 0).")
    retorno_dudoso: bool = Field(description=DUDOSO)
    popularidad: float = Field(description="Popularidad TMDB.")
    votos: int = Field(description="Cantidad de votos en TMDB.")
    promedio: float = Field(description="Promedio de los votos (0–10).")
    poster: str | None = Field(description="URL del póster en el servicio de imágenes de TMDB (342 px de ancho); null "
                                           "si la película no tiene.")
    imdb_id: str | None = Field(description="Id de la película en IMDb (null si no figura).")
    otras_coincidencias: list[FilmRef] = Field(description="Otras películas con el mismo título (elija una con ?anio=).")
    texto: CardText = Field(description=TEXTO)
    mensaje: str = Field(description=MENSAJE)


class PersonText(BaseModel):
    peliculas_como_actor: str = Field(description="Películas como actor o actriz, escrito en español.")
    peliculas_como_director: str = Field(description="Películas como director o directora, escrito en español.")


class PersonSuggestion(BaseModel):
    nombre: str = Field(description="Nombre, como figura en el catálogo.")
    peliculas_como_actor: int = Field(description="Películas en las que actuó (sin las que también dirigió).")
    peliculas_como_director: int = Field(description="Películas que dirigió.")
    texto: PersonText = Field(description=TEXTO)


class PeopleResults(BaseModel):
    model_config = example(resultados=[{"nombre": "Tom Hanks", "peliculas_como_actor": 27, "peliculas_como_director": 2,
                                        "texto": {"peliculas_como_actor": "27", "peliculas_como_director": "2"}},
                                       {"nombre": "Colin Hanks", "peliculas_como_actor": 11,
                                        "peliculas_como_director": 0,
                                        "texto": {"peliculas_como_actor": "11", "peliculas_como_director": "0"}},
                                       {"nombre": "Bailey Hanks", "peliculas_como_actor": 1,
                                        "peliculas_como_director": 0,
                                        "texto": {"peliculas_como_actor": "1", "peliculas_como_director": "0"}}],
                           mensaje="10 personas con un nombre parecido a «hanks».")
    resultados: list[PersonSuggestion] = Field(
        description="Hasta 10 personas: primero aquellas cuyo nombre empieza por q, luego las que tienen una palabra "
                    "que empieza por q, luego las que lo contienen; en cada grupo, las de más películas primero.")
    mensaje: str = Field(description=MENSAJE)


class ExploredText(BaseModel):
    fecha_estreno: str = Field(description="La fecha de estreno en palabras.")
    votos: str = Field(description="Los votos, con separador de miles.")
    promedio: str = Field(description="El promedio con un decimal.")
    valoracion_ponderada: str = Field(description="La valoración ponderada con dos decimales.")
    popularidad: str = Field(description="La popularidad con dos decimales.")


class ExploreText(BaseModel):
    pagina: str = Field(description="La página, escrita en español.")
    paginas: str = Field(description="La cantidad de páginas.")
    total: str = Field(description="La cantidad de películas, con separador de miles.")
    votos_referencia: str = Field(description="m, sin decimales.")
    promedio_general: str = Field(description="C, con un decimal.")


class ExploredFilm(FilmRef):
    fecha_estreno: str = Field(description="Fecha de estreno (AAAA-MM-DD).")
    generos: list[str] = Field(description="Géneros, en español.")
    votos: int = Field(description="Cantidad de votos en TMDB.")
    promedio: float = Field(description="Promedio de los votos (0–10).")
    valoracion_ponderada: float = Field(description="(votos·promedio + m·C) / (votos + m), con m = votos_referencia y "
                                                    "C = promedio_general.")
    popularidad: float = Field(description="Popularidad TMDB.")
    poster: str | None = Field(description="URL del póster en el servicio de imágenes de TMDB; null si no tiene.")
    texto: ExploredText = Field(description=TEXTO)


class ExplorePage(BaseModel):
    model_config = example(
        genero="Animación", decada=1990, orden="valoracion", pagina=1, paginas=3, por_pagina=20, total=59,
        votos_referencia=977.0, promedio_general=6.1965,
        generos_disponibles=["Acción", "Animación", "Aventura", "Bélica", "Ciencia ficción", "Comedia", "Crimen",
                             "Documental", "Drama", "Extranjera", "Familiar", "Fantasía", "Historia", "Misterio",
                             "Música", "Película para TV", "Romance", "Suspenso", "Terror", "Western"],
        decadas_disponibles=["1910", "1920", "1930", "1940", "1950", "1960", "1970", "1980", "1990", "2000", "2010"],
        resultados=[{"id": 8587, "titulo": "The Lion King", "anio": 1994, "fecha_estreno": "1994-06-23",
                     "generos": ["Familiar", "Animación", "Drama"], "votos": 5520, "promedio": 8.0,
                     "valoracion_ponderada": 7.7288, "popularidad": 21.605761,
                     "poster": "https://image.tmdb.org/t/p/w342/bKPtXn9n4M4s8vvZrbw40mYsefB.jpg",
                     "texto": {"fecha_estreno": "23 de junio de 1994", "votos": "5.520", "promedio": "8,0",
                               "valoracion_ponderada": "7,73", "popularidad": "21,61"}}],
        texto={"pagina": "1", "paginas": "3", "total": "59", "votos_referencia": "977", "promedio_general": "6,2"},
        mensaje="59 películas de Animación de los años 1990, por valoración ponderada (página 1 de 3).")
    genero: str | None = Field(description="El género pedido, en español (null: todos).")
    decada: int | None = Field(description="La década pedida, por su primer año (null: todas).")
    orden: str = Field(description="valoracion, popularidad o fecha (de la más reciente a la más antigua).")
    pagina: int = Field(description="La página mostrada, desde 1.")
    paginas: int = Field(description="Cantidad de páginas (al menos 1).")
    por_pagina: int = Field(description="Películas por página.")
    total: int = Field(description="Películas de ese género y década en el catálogo.")
    votos_referencia: float = Field(description="m de la valoración ponderada: el percentil 90 de los votos de las "
                                                "películas con votos.")
    promedio_general: float = Field(description="C de la valoración ponderada: el promedio de las películas con votos.")
    generos_disponibles: list[str] = Field(description="Los géneros del catálogo, en español (valores de genero).")
    decadas_disponibles: list[str] = Field(description="Las décadas del catálogo (valores de decada).")
    resultados: list[ExploredFilm] = Field(description="Las películas de la página, en el orden pedido.")
    texto: ExploreText = Field(description=TEXTO)
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
