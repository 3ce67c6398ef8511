"""Baseline: the same six-endpoint contract, written the way peer projects usually deploy it.

At start-up the artifacts' tables are read into DataFrames (already exploded by the ETL);
every request then filters those DataFrames: `df.title.str.lower() == titulo.lower()`,
`pd.to_datetime(...).dt.month` on the whole table, boolean masks over cast and crew.
Nothing is indexed or precomputed. Title and name routes use `{...:path}` so titles with a slash
("Face/Off") match, as they do in movierec.api. It answers with the same paths and JSON keys as
`movierec.api` so the load benchmark can send both the same URLs.

This module is a yardstick, not a second implementation to maintain: it is only as
correct as the load benchmark needs (same 2xx/404 outcome and same keys on the workload).
"""

import unicodedata
from pathlib import Path

import pandas as pd
from fastapi import FastAPI, HTTPException

MESES = {
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}
DIAS = {"lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5, "domingo": 6}
DIAS_NOMBRE = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
MESES_NOMBRE = [name for name in MESES if name != "setiembre"]


def _sin_tildes(texto: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", texto) if not unicodedata.combining(c))


def _columna_sin_tildes(serie: pd.Series) -> pd.Series:
    # what a peer adds after the first bug report about accents: per request, whole column
    return serie.str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii").str.lower()


def _buscar_titulo(movies: pd.DataFrame, titulo: str) -> pd.DataFrame:
    buscado = titulo.strip().lower()
    encontradas = movies[movies["title"].str.lower() == buscado]
    if encontradas.empty:
        buscado = _sin_tildes(buscado).encode("ascii", "ignore").decode("ascii")
        encontradas = movies[_columna_sin_tildes(movies["title"]) == buscado]
    if encontradas.empty:
        raise HTTPException(status_code=404, detail=f"No se encontró la película '{titulo}'.")
    return encontradas.sort_values(["vote_count", "popularity", "id"], ascending=[False, False, True])


def _filas_persona(tabla: pd.DataFrame, nombre: str) -> pd.DataFrame:
    buscado = nombre.strip().lower()
    filas = tabla[tabla["name"].str.lower() == buscado]
    if filas.empty:
        buscado = _sin_tildes(buscado).encode("ascii", "ignore").decode("ascii")
        filas = tabla[_columna_sin_tildes(tabla["name"]) == buscado]
    return filas


def create_app(artifacts: Path) -> FastAPI:
    artifacts = Path(artifacts)
    movies = pd.read_parquet(artifacts / "movies.parquet")
    cast = pd.read_parquet(artifacts / "cast.parquet")
    crew = pd.read_parquet(artifacts / "crew.parquet")

    app = FastAPI(title="movierec (línea base ingenua)")

    @app.get("/health")
    def health():
        return {"status": "ok"}

    @app.get("/cantidad_filmaciones_mes/{mes}")
    def cantidad_filmaciones_mes(mes: str):
        clave = _sin_tildes(mes.strip().lower())
        numero = MESES.get(clave) or (int(clave) if clave.isdigit() and 1 <= int(clave) <= 12 else None)
        if numero is None:
            raise HTTPException(status_code=422, detail=f"'{mes}' no es un mes válido.")
        fechas = pd.to_datetime(movies["release_date"], errors="coerce")
        cantidad = int((fechas.dt.month == numero).sum())
        nombre = MESES_NOMBRE[numero - 1]
        return {"mes": nombre, "cantidad": cantidad,
                "mensaje": f"{cantidad} películas fueron estrenadas en el mes de {nombre}."}

    @app.get("/cantidad_filmaciones_dia/{dia}")
    def cantidad_filmaciones_dia(dia: str):
        numero = DIAS.get(_sin_tildes(dia.strip().lower()))
        if numero is None:
            raise HTTPException(status_code=422, detail=f"'{dia}' no es un día válido.")
        fechas = pd.to_datetime(movies["release_date"], errors="coerce")
        cantidad = int((fechas.dt.dayofweek == numero).sum())
        nombre = DIAS_NOMBRE[numero]
        return {"dia": nombre, "cantidad": cantidad,
                "mensaje": f"{cantidad} películas fueron estrenadas en los días {nombre}."}

    @app.get("/score_titulo/{titulo:path}")
    def score_titulo(titulo: str):
        encontradas = _buscar_titulo(movies, titulo)
        peli = encontradas.iloc[0]
        otras = [{"id": int(r.id), "titulo": r.title, "anio": int(r.release_year)}
                 for r in encontradas.iloc[1:].itertuples()]
        return {"id": int(peli["id"]), "titulo": peli["title"], "anio": int(peli["release_year"]),
                "score": round(float(peli["popularity"]), 6), "otras_coincidencias": otras,
                "mensaje": f"La película {peli['title']} fue estrenada en el año {int(peli['release_year'])} "
                           f"con un score/popularidad de {float(peli['popularity']):.2f}."}

    @app.get("/votos_titulo/{titulo:path}")
    def votos_titulo(titulo: str):
        encontradas = _buscar_titulo(movies, titulo)
        peli = encontradas.iloc[0]
        otras = [{"id": int(r.id), "titulo": r.title, "anio": int(r.release_year)}
                 for r in encontradas.iloc[1:].itertuples()]
        respuesta = {"id": int(peli["id"]), "titulo": peli["title"], "anio": int(peli["release_year"]),
                     "cumple_minimo": bool(peli["vote_count"] >= 2000), "otras_coincidencias": otras}
        if respuesta["cumple_minimo"]:
            respuesta.update(votos=int(peli["vote_count"]), promedio=float(peli["vote_average"]),
                             mensaje=f"La película {peli['title']} cuenta con {int(peli['vote_count'])} "
                                     f"valoraciones, con un promedio de {float(peli['vote_average'])}.")
        else:
            respuesta["mensaje"] = f"La película {peli['title']} no cumple con el mínimo de 2000 valoraciones."
        return respuesta

    @app.get("/get_actor/{nombre_actor:path}")
    def get_actor(nombre_actor: str):
        actuaciones = _filas_persona(cast, nombre_actor)
        if actuaciones.empty:
            raise HTTPException(status_code=404, detail=f"No se encontró al actor '{nombre_actor}'.")
        dirigidas = crew[(crew["job"] == "Director") & crew["person_id"].isin(actuaciones["person_id"])]
        propias = set(zip(dirigidas["movie_id"], dirigidas["person_id"]))
        ids = {m for m, p in zip(actuaciones["movie_id"], actuaciones["person_id"]) if (m, p) not in propias}
        pelis = movies[movies["id"].isin(ids)]
        total = float(pelis["return"].sum())
        promedio = total / len(pelis) if len(pelis) else 0.0
        nombre = actuaciones["name"].iloc[0]
        return {"actor": nombre, "cantidad_peliculas": len(pelis), "retorno_total": total,
                "retorno_promedio": promedio,
                "mensaje": f"{nombre} ha participado de {len(pelis)} filmaciones, ha conseguido un retorno "
                           f"de {total:.2f} con un promedio de {promedio:.2f} por filmación."}

    @app.get("/get_director/{nombre_director:path}")
    def get_director(nombre_director: str):
        direcciones = _filas_persona(crew[crew["job"] == "Director"], nombre_director)
        if direcciones.empty:
            raise HTTPException(status_code=404, detail=f"No se encontró al director '{nombre_director}'.")
        pelis = movies[movies["id"].isin(direcciones["movie_id"])].sort_values(["release_date", "id"])
        total = float(pelis["return"].sum())
        nombre = direcciones["name"].iloc[0]
        return {"director": nombre, "cantidad_peliculas": len(pelis), "retorno_total": total,
                "peliculas": [{"id": int(fila["id"]), "titulo": fila["title"],
                               "fecha_lanzamiento": fila["release_date"], "retorno": float(fila["return"]),
                               "costo": float(fila["budget"]), "ingresos": float(fila["revenue"]),
                               "ganancia": float(fila["revenue"] - fila["budget"])}
                              for _, fila in pelis.iterrows()],
                "mensaje": f"{nombre} dirigió {len(pelis)} películas con un retorno total de {total:.2f}."}

    return app
