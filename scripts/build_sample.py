"""Build the bundled real sample in data/sample/ from the source files.

Usage: .venv/bin/python scripts/build_sample.py [--source DIR] [--out DIR]

Sources (see <source>/README.md):
  the-movies-dataset/{movies_dataset,credits_first35,keywords_first57,ratings_small,links_small,links}.csv
  tmdb-5000/tmdb_5000_credits_overlap.csv, tmdb_5000_{movies,credits}_to2012.csv.gz

Movies: the 5,000 raw records as they are, then the TMDB 5000 films released up to 2012
that the raw records lack, converted to the raw layout (same header and column order,
Python-literal nested fields, csv QUOTE_MINIMAL with LF ends; imdb_id from links.csv where
MovieLens knows the film; fields TMDB 5000 lacks left empty).
Credits: the 35 raw credits.csv rows as they are, then the TMDB 5000 records of the
other movies of the sample converted to the raw layout (Python-literal lists, same keys
in the same order as the raw rows, profile_path None), in movie order.
Keywords: the 57 raw keywords.csv rows, then the added films' TMDB 5000 keywords.
Rebuilding gives byte-identical files (gzip mtime=0).
"""

from __future__ import annotations

import argparse
import ast
import csv
import gzip
import hashlib
import io
import json
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CAST_KEYS = ("cast_id", "character", "credit_id", "gender", "id", "name", "order", "profile_path")
CREW_KEYS = ("credit_id", "department", "gender", "id", "job", "name", "profile_path")
RAW_CREDITS_LINETERMINATOR = "\r\n"  # credits.csv and keywords.csv use CRLF, like csv.writer's default
RAW_MOVIES_LINETERMINATOR = "\n"  # movies_metadata.csv uses LF
NESTED_MOVIE_FIELDS = ("genres", "production_companies", "production_countries", "spoken_languages")
ABSENT_IN_TMDB_5000 = ("adult", "belongs_to_collection", "imdb_id", "poster_path", "video")
FILES = ("movies_dataset.csv.gz", "credits.csv.gz", "keywords.csv.gz", "ratings_small.csv.gz",
         "links_small.csv")


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def read_dicts(path: Path) -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def gzip_bytes(data: bytes, dest: Path) -> None:
    """Write data gzipped with a fixed header (no name, mtime=0): reproducible bytes."""
    with dest.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(data)


def csv_text(rows: list[list[str]], lineterminator: str) -> str:
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator=lineterminator).writerows(rows)
    return buf.getvalue()


def to_raw(entries: list[dict], keys: tuple[str, ...]) -> str:
    """JSON credit entries -> raw credits.csv literal (repr of a list of dicts)."""
    return repr([{k: (None if k == "profile_path" else e[k]) for k in keys} for e in entries])


def imdb_by_tmdb(links: list[dict[str, str]]) -> dict[str, str]:
    """tmdbId -> raw imdb_id ("tt" + 7 digits) where MovieLens maps the film to one imdb id."""
    found: dict[str, set[str]] = {}
    for link in links:
        if link["tmdbId"] and link["imdbId"]:
            found.setdefault(link["tmdbId"], set()).add(link["imdbId"])
    return {tmdb: f"tt{next(iter(imdb))}" for tmdb, imdb in found.items() if len(imdb) == 1}


def movie_to_raw(film: dict[str, str], header: list[str], imdb_ids: dict[str, str]) -> list[str]:
    """A TMDB 5000 movie row -> a movies_metadata.csv record: nested JSON as Python literals,
    imdb_id from MovieLens's links, fields TMDB 5000 lacks left empty (never invented)."""
    raw = {name: "" for name in ABSENT_IN_TMDB_5000}
    raw |= {name: film[name] for name in header if name in film}
    raw |= {name: repr(json.loads(film[name])) for name in NESTED_MOVIE_FIELDS}
    raw["imdb_id"] = imdb_ids.get(film["id"], "")
    return [raw[name] for name in header]


def compare(raw_literal: str, converted_literal: str) -> tuple[bool, int]:
    """(identical except profile_path, entries of the raw record absent from the converted one)."""
    raw = [{**e, "profile_path": None} for e in ast.literal_eval(raw_literal)]
    conv = ast.literal_eval(converted_literal)
    return raw == conv, sum(e not in conv for e in raw)


def round_trip(raw_text: str, lineterminator: str) -> list[list[str]]:
    """Rows of a raw file, checked to come back byte-identical through csv.writer."""
    rows = list(csv.reader(io.StringIO(raw_text, newline="")))
    assert csv_text(rows, lineterminator) == raw_text, "the raw file does not round-trip through csv.writer"
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=REPO / "data" / "sample")
    args = ap.parse_args()
    tmd, t5k, out = args.source / "the-movies-dataset", args.source / "tmdb-5000", args.out
    out.mkdir(parents=True, exist_ok=True)

    # Movies: the raw records byte-for-byte, then the added films in the same layout.
    movies_raw = (tmd / "movies_dataset.csv").read_bytes().decode("utf-8")
    movie_rows = round_trip(movies_raw, RAW_MOVIES_LINETERMINATOR)
    header = movie_rows[0]
    movies = [dict(zip(header, row)) for row in movie_rows[1:]]
    movie_ids = list(dict.fromkeys(m["id"] for m in movies))  # first-appearance order, unique
    known = set(movie_ids)
    added = [f for f in read_dicts(t5k / "tmdb_5000_movies_to2012.csv.gz") if f["id"] not in known]
    imdb_ids = imdb_by_tmdb(read_dicts(tmd / "links.csv"))
    added_rows = [movie_to_raw(f, header, imdb_ids) for f in added]
    gzip_bytes((movies_raw + csv_text(added_rows, RAW_MOVIES_LINETERMINATOR)).encode("utf-8"),
               out / "movies_dataset.csv.gz")
    added_ids = [f["id"] for f in added]
    added_imdb = sum(bool(row[header.index("imdb_id")]) for row in added_rows)
    print(f"movies: {len(movies)} raw records + {len(added)} TMDB 5000 films up to 2012 "
          f"({added_imdb} with an imdb_id from links.csv)")

    # Credits: raw rows first, must round-trip byte-identically through csv.writer.
    raw_text = (tmd / "credits_first35.csv").read_bytes().decode("utf-8")
    raw_rows = round_trip(raw_text, RAW_CREDITS_LINETERMINATOR)
    assert raw_rows[0] == ["cast", "crew", "id"]
    for cast, crew, _ in raw_rows[1:]:
        assert all(tuple(e) == CAST_KEYS for e in ast.literal_eval(cast))
        assert all(tuple(e) == CREW_KEYS for e in ast.literal_eval(crew))
    raw_by_id = {r[2]: r for r in raw_rows[1:]}

    overlap = {r["movie_id"]: r for r in read_dicts(t5k / "tmdb_5000_credits_overlap.csv")}
    converted, both, same, reordered, changed = [], 0, 0, 0, 0
    for mid in movie_ids:
        if mid not in overlap:
            continue
        cast = to_raw(json.loads(overlap[mid]["cast"]), CAST_KEYS)
        crew = to_raw(json.loads(overlap[mid]["crew"]), CREW_KEYS)
        if mid in raw_by_id:  # check the conversion against the real raw record
            both += 1
            (eq_cast, diff_cast), (eq_crew, diff_crew) = (
                compare(raw_by_id[mid][0], cast), compare(raw_by_id[mid][1], crew))
            same += eq_cast and eq_crew
            reordered += not (eq_cast and eq_crew) and diff_cast + diff_crew == 0
            changed += diff_cast + diff_crew
        else:
            converted.append([cast, crew, mid])
    added_credits = {r["movie_id"]: r for r in read_dicts(t5k / "tmdb_5000_credits_to2012.csv.gz")}
    converted_added = [[to_raw(json.loads(added_credits[mid]["cast"]), CAST_KEYS),
                        to_raw(json.loads(added_credits[mid]["crew"]), CREW_KEYS), mid]
                       for mid in added_ids if mid in added_credits]
    gzip_bytes((raw_text + csv_text(converted + converted_added, RAW_CREDITS_LINETERMINATOR)).encode("utf-8"),
               out / "credits.csv.gz")
    print(f"credits: {len(raw_rows) - 1} raw rows + {len(converted)} converted rows of the raw records' films "
          f"+ {len(converted_added)} of the added films")
    print(f"conversion check, {both} movies in both sources: {same} identical except profile_path, "
          f"{reordered} same entries in another order, {both - same - reordered} with "
          f"{changed} entries that differ (e.g. gender or name updated between TMDB snapshots)")

    # Keywords: the raw rows as they are, then the added films' keywords.
    keywords_raw = (tmd / "keywords_first57.csv").read_bytes().decode("utf-8")
    keyword_rows = round_trip(keywords_raw, RAW_CREDITS_LINETERMINATOR)
    assert keyword_rows[0] == ["id", "keywords"]
    added_keywords = [[f["id"], repr(json.loads(f["keywords"]))] for f in added]
    gzip_bytes((keywords_raw + csv_text(added_keywords, RAW_CREDITS_LINETERMINATOR)).encode("utf-8"),
               out / "keywords.csv.gz")

    all_ids = movie_ids + added_ids
    credited = set(raw_by_id) | {r[2] for r in converted + converted_added}
    popular = {m["id"] for m in movies if float(m["vote_count"] or 0) >= 2000}
    popular |= {f["id"] for f in added if float(f["vote_count"] or 0) >= 2000}
    n_cred = sum(mid in credited for mid in all_ids)
    print(f"movies with credits: {n_cred} of {len(all_ids)} distinct ids ({len(movies) + len(added)} rows); "
          f"vote_count >= 2000: {len(popular & credited)} of {len(popular)}")

    # Ratings gzipped (CRLF kept); links copied as is.
    gzip_bytes((tmd / "ratings_small.csv").read_bytes(), out / "ratings_small.csv.gz")
    shutil.copyfile(tmd / "links_small.csv", out / "links_small.csv")

    years = sorted(int(m["release_date"][:4]) for m in movies + added if m.get("release_date", "")[:4].isdigit())
    stats = {
        "movies": len(movies),
        "movie_ids": len(movie_ids),
        "added": len(added),
        "added_imdb": added_imdb,
        "added_credits": len(converted_added),
        "added_keywords_nonempty": sum(f["keywords"] != "[]" for f in added),
        "all_rows": len(movies) + len(added),
        "all_ids": len(all_ids),
        "raw": len(raw_rows) - 1,
        "converted": len(converted),
        "overlap": len(overlap),
        "both": both,
        "same": same,
        "reordered": reordered,
        "changed": changed,
        "credited": n_cred,
        "popular": len(popular),
        "popular_credited": len(popular & credited),
        "keywords_raw": len(keyword_rows) - 1,
        "keywords": len(keyword_rows) - 1 + len(added_keywords),
        "first_year": years[0],
        "last_year": years[-1],
        "ratings": len(read_rows(tmd / "ratings_small.csv")) - 1,
        "links": len(read_rows(tmd / "links_small.csv")) - 1,
    }
    write_provenance(out, stats)
    print(f"wrote {out}")


def write_provenance(out: Path, s: dict) -> None:
    sha = {name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in FILES}
    read = lambda name: gzip.decompress((out / name).read_bytes()) if name.endswith(".gz") else (out / name).read_bytes()  # noqa: E731
    sha_content = {name: hashlib.sha256(read(name)).hexdigest() for name in FILES}
    size = {name: (out / name).stat().st_size for name in FILES}
    f = lambda n: f"{n:,}".replace(",", ".")  # noqa: E731  Spanish thousands separator
    lines = [
        "# Procedencia de la muestra (data/sample/)",
        "",
        "Datos reales, públicos, incluidos en el repositorio para que el ETL, la API y el modelo",
        "funcionen sin descargas. Los ficheros completos de Kaggle (movies_metadata.csv, 45.466",
        "filas; credits.csv, 45.476 filas) no se incluyen; esta es la mayor parte de ellos que se",
        "pudo obtener. `movierec synth` genera a partir de esta muestra ficheros sintéticos de",
        "tamaño completo con el mismo formato.",
        "",
        "## Ficheros",
        "",
        "| fichero | filas | bytes | qué es |",
        "|---|---|---|---|",
        f"| movies_dataset.csv.gz | {f(s['all_rows'])} | {f(size['movies_dataset.csv.gz'])} | Los PRIMEROS "
        f"{f(s['movies'])} registros de movies_metadata.csv de *The Movies Dataset*, byte a byte "
        "(24 columnas, campos anidados como literales de Python, 6 campos con saltos de línea "
        f"internos, id 105045 duplicado), seguidos de {f(s['added'])} películas de *TMDB 5000* "
        "estrenadas hasta 2012 convertidas al mismo formato (ver abajo), comprimido con gzip. |",
        f"| credits.csv.gz | {f(s['raw'] + s['converted'] + s['added_credits'])} | "
        f"{f(size['credits.csv.gz'])} | Créditos "
        "(reparto y equipo) en el formato original de credits.csv: columnas `cast,crew,id`, listas "
        "como literales de Python, fin de línea CRLF. Montado como se explica abajo. |",
        f"| keywords.csv.gz | {f(s['keywords'])} | {f(size['keywords.csv.gz'])} | Palabras clave en el "
        f"formato original de keywords.csv (`id,keywords`, CRLF): las {s['keywords_raw']} primeras "
        f"filas reales, seguidas de las de las {f(s['added'])} películas añadidas "
        f"({f(s['added_keywords_nonempty'])} con alguna palabra clave; las demás, `[]` como en el "
        "original). |",
        f"| ratings_small.csv.gz | {f(s['ratings'])} | {f(size['ratings_small.csv.gz'])} | Subconjunto "
        "de MovieLens incluido en *The Movies Dataset* (userId, movieId, rating, timestamp; 671 "
        "usuarios, 9.066 películas), sin cambios (CRLF), comprimido con gzip. |",
        f"| links_small.csv | {f(s['links'])} | {f(size['links_small.csv'])} | Correspondencia "
        "movieId de MovieLens → imdbId, tmdbId para ratings_small, sin cambios (CRLF). |",
        "",
        f"El catálogo cubre estrenos de {s['first_year']} a {s['last_year']}: "
        f"{f(s['all_ids'])} películas distintas, {f(s['credited'])} con créditos y "
        f"{s['popular']} con 2.000 votos o más.",
        "",
        "Las filas no cuentan la cabecera (y son registros CSV, no líneas: hay campos con saltos",
        "de línea). Los gzip se escriben sin nombre y con mtime=0, de modo que al reconstruir con",
        "la misma versión de zlib se obtienen exactamente los mismos bytes; el contenido",
        "descomprimido es siempre idéntico (ver sha256 abajo).",
        "",
        "## Cómo se añadieron las películas hasta 2012",
        "",
        f"*TMDB 5000 Movie Dataset* trae {f(s['added'])} películas estrenadas hasta 2012 que no están "
        "entre los registros de arriba (tmdb_5000_movies_to2012.csv.gz): *Inception*, *The Dark "
        "Knight*, *Avatar*, *The Avengers*, *WALL·E*, las de *El señor de los anillos* y *Harry "
        "Potter*… Cada una se escribe como un registro de movies_metadata.csv: la misma cabecera y "
        "el mismo orden de columnas; `genres`, `production_companies`, `production_countries` y "
        "`spoken_languages` pasan de JSON a literales de Python con `repr()` (mismas claves en el "
        "mismo orden que el original); los números y textos se copian tal cual; el CSV se escribe "
        "como el original (comillas mínimas, fin de línea LF). `imdb_id` sale de links.csv de "
        f"MovieLens cuando este conoce la película ({f(s['added_imdb'])} de {f(s['added'])}). Lo que "
        "TMDB 5000 no trae (`adult`, `belongs_to_collection`, `poster_path`, `video` y el `imdb_id` "
        "que MovieLens no conoce) queda vacío: no se inventa. Sus créditos "
        "(tmdb_5000_credits_to2012.csv.gz) se convierten como se explica abajo, y sus palabras "
        "clave van a keywords.csv.gz.",
        "",
        "## Cómo se montaron los créditos",
        "",
        f"1. Las {s['raw']} primeras filas reales de credits.csv (credits_first35.csv), tal cual, "
        "incluido `profile_path`.",
        f"2. Para las demás películas de la muestra que también están en *TMDB 5000 Movie Dataset* "
        f"({f(s['overlap'])} películas en común; {s['both']} de ellas ya están en el paso 1), los "
        f"registros de tmdb_5000_credits.csv (extraídos en tmdb_5000_credits_overlap.csv) "
        "convertidos de JSON al formato original: "
        f"{f(s['converted'])} filas. Cada entrada lleva las mismas claves en el mismo orden que las "
        "filas reales (cast: cast_id, character, credit_id, gender, id, name, order, profile_path; "
        "crew: credit_id, department, gender, id, job, name, profile_path), con "
        "`profile_path` = None (TMDB 5000 no lo trae), y la lista se serializa con `repr()` de "
        "Python, como el fichero original. Van en el orden en que las películas aparecen en "
        "movies_dataset.csv.",
        f"3. Comprobación con las {s['both']} películas presentes en ambas fuentes (se compara el "
        f"registro real con el convertido): {s['same']} son idénticos salvo `profile_path`; "
        f"{s['reordered']} tienen exactamente las mismas entradas en otro orden (el equipo viene "
        f"ordenado de otra forma); en las {s['both'] - s['same'] - s['reordered']} restantes "
        f"difieren {s['changed']} entradas en total, por cambios de TMDB entre una instantánea y "
        "otra (p. ej. `gender` 2 frente a 0, o «J.T. Walsh» frente a «J. T. Walsh»). Las filas "
        "convertidas conservan el orden y los valores de TMDB 5000.",
        "",
        f"4. Los créditos de las {f(s['added_credits'])} películas añadidas hasta 2012 "
        "(tmdb_5000_credits_to2012.csv.gz), convertidos igual, al final.",
        "",
        f"Resultado: {f(s['raw'] + s['converted'] + s['added_credits'])} filas de créditos; "
        f"{f(s['credited'])} de las {f(s['all_ids'])} películas distintas de la muestra "
        f"({f(s['all_rows'])} filas; el id 105045 aparece dos veces) tienen créditos, y "
        f"{s['popular_credited']} de las {s['popular']} películas con vote_count ≥ 2000.",
        "",
        "## Reconstrucción",
        "",
        "Con los ficheros fuente en `../shared/data` (o en otra ruta con `--source`):",
        "",
        "```",
        ".venv/bin/python scripts/build_sample.py --source ../shared/data --out data/sample",
        "```",
        "",
        "Ficheros fuente usados: the-movies-dataset/movies_dataset.csv, credits_first35.csv,",
        "keywords_first57.csv, ratings_small.csv, links_small.csv, links.csv y",
        "tmdb-5000/tmdb_5000_credits_overlap.csv (los créditos de TMDB 5000 de las películas en",
        "común), tmdb_5000_movies_to2012.csv.gz y tmdb_5000_credits_to2012.csv.gz (las películas",
        "añadidas hasta 2012 y sus créditos).",
        "",
        "## sha256",
        "",
        "De los ficheros tal como están aquí:",
        "",
        "```",
        *[f"{sha[name]}  {name}" for name in FILES],
        "```",
        "",
        "Del contenido descomprimido (el de ratings_small.csv y links_small.csv coincide con el del",
        "fichero fuente; los primeros 5.000 registros de movies_dataset.csv, con los del suyo):",
        "",
        "```",
        *[f"{sha_content[name]}  {name.removesuffix('.gz')}" for name in FILES],
        "```",
        "",
        "## Licencias y atribución",
        "",
        "- *The Movies Dataset* (Rounak Banik) se publica en Kaggle bajo CC0 (dominio público).",
        "- *The Movies Dataset* y *TMDB 5000 Movie Dataset* contienen datos de TMDB: \"This product "
        "uses the TMDB API but is not endorsed or certified by TMDB\" (este producto usa la API de "
        "TMDB, pero no está avalado ni certificado por TMDB).",
        "- Las valoraciones (ratings_small.csv, links_small.csv) son un subconjunto de MovieLens, "
        "de GroupLens, solo para uso no comercial. Cita: F. Maxwell Harper y Joseph A. Konstan. "
        "2015. The MovieLens Datasets: History and Context. ACM Transactions on Interactive "
        "Intelligent Systems (TiiS) 5, 4, Article 19.",
        "",
    ]
    (out / "PROVENANCE.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
