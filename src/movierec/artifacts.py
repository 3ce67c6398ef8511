"""The artifacts contract between the stages: layout, format version, manifest, checksums,
table schemas, and verified reading and publishing.

The ETL writes through `publish`; catalog, recommender, report, start-up and reload read
through `verify_artifacts` / `read_table`. Every failure is one `ArtifactsError` with a
Spanish message, so the server can answer 409 and keep the version it has.

Layout: `DIR` (what the user names, e.g. artifacts/v2) is a symbolic link to a sibling
version directory `.DIR.v-<stamp>`; a new run writes `.DIR.tmp-<random>`, renames it to a
version and replaces the link in one rename, so `DIR` is never missing and never partial.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import stat
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Iterator

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pandas and pyarrow load only where tables are read or written: the server reads none
    import pandas as pd

# 2: title_key and name_key columns, which the server matches on; 3: the extras table; 4: the catalog index
FORMAT_VERSION = 4
MANIFEST = "manifest.json"
MODEL_DIR = "model"
CATALOG_DIR = "catalog"  # the catalog index (movierec.etl.index): .npy arrays the server maps
# the tables the catalog index is built from; the manifest records their checksums then
CATALOG_SOURCES = tuple(f"{name}.parquet" for name in ("movies", "extras", "cast", "crew", "genres", "companies",
                                                       "countries"))
# the arrays of the catalog index (movierec.etl.index writes them, movierec.catalog reads them);
# a packed text column "x" is the three arrays x.blob, x.ends and x.missing (movierec.packed)
INDEX_NUMBERS = ("film.id", "film.year", "film.popularity", "film.vote_count", "film.vote_average", "film.budget",
                 "film.revenue", "film.ret", "film.id_order", "film.collection", "count.month", "count.weekday",
                 "title.offsets", "title.rows", "search.row", "actor.offsets", "actor.rows", "director.offsets",
                 "director.rows", "people.acted", "people.directed", "genre.offsets", "genre.codes")
INDEX_STRINGS = ("film.title", "film.date", "film.card", "film.poster", "title.key", "title.display", "search.key",
                 "actor.key", "actor.name", "actor.character", "director.key", "director.name", "people.key",
                 "people.name", "genre.name")
INDEX_ARRAYS = INDEX_NUMBERS + tuple(f"{name}.{part}" for name in INDEX_STRINGS for part in ("blob", "ends", "missing"))
NO_COLLECTION = -1  # film.collection of a film in no collection
MODEL_MANIFEST = "manifest.json"  # in MODEL_DIR: checksums of the model's own files
LOAD_SECONDS = 300.0  # a verification that takes longer than this is refused, never waited on
MAX_MANIFEST_BYTES = 16 << 20
MAX_PATH_BYTES = 4096
MAX_NAME_BYTES = 255
CHUNK = 1 << 20
HASH_THREADS = max(1, min(4, os.cpu_count() or 1))  # files hashed at once when verifying

REQUIRED_TABLES = ("movies", "genres", "companies", "countries", "languages", "cast", "crew", "extras")
OPTIONAL_TABLES = ("ratings", "keywords")
ACCOUNTED_INPUTS = ("movies", "credits", "ratings", "links", "keywords")
# required columns of each table and the kind of their Arrow type; extra columns are allowed
TABLE_COLUMNS: dict[str, dict[str, str]] = {
    "movies": {"id": "int", "title": "str", "title_key": "str", "release_date": "str", "release_year": "int",
               "budget": "number", "revenue": "number", "return": "number", "popularity": "number",
               "vote_count": "int", "vote_average": "number", "runtime": "number", "overview": "str",
               "tagline": "str", "collection_id": "int", "collection_name": "str", "genres": "str",
               "production_companies": "str", "production_countries": "str", "spoken_languages": "str",
               "original_language": "str", "status": "str"},
    "genres": {"movie_id": "int", "genre_id": "int", "name": "str", "position": "int"},
    "companies": {"movie_id": "int", "company_id": "int", "name": "str", "position": "int"},
    "countries": {"movie_id": "int", "country_code": "str", "name": "str", "position": "int"},
    "languages": {"movie_id": "int", "language_code": "str", "name": "str", "position": "int"},
    "cast": {"movie_id": "int", "person_id": "int", "name": "str", "character": "str", "order": "int",
             "name_key": "str"},
    "crew": {"movie_id": "int", "person_id": "int", "name": "str", "job": "str", "department": "str",
             "name_key": "str"},
    # fields the brief drops from movies that the film card and the original-title search need
    "extras": {"movie_id": "int", "original_title": "str", "original_title_key": "str", "poster_path": "str",
               "imdb_id": "str"},
    "ratings": {"user_id": "int", "movie_id": "int", "rating": "number", "timestamp": "int"},
    "keywords": {"movie_id": "int", "keyword_id": "int", "name": "str", "position": "int"},
}


def _is_kind(kind: str, arrow_type) -> bool:
    """Whether an Arrow type is of one of the contract's kinds (int, str, number)."""
    import pyarrow as pa

    if kind == "int":
        return pa.types.is_integer(arrow_type)
    if kind == "str":
        return pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)
    return pa.types.is_integer(arrow_type) or pa.types.is_floating(arrow_type)

_SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*")
_SHA256 = re.compile(r"[0-9a-f]{64}")
# dates the serving stack represents (pandas' nanosecond timestamps)
EARLIEST_DATE, LATEST_DATE = "1677-09-22", "2262-04-11"


class ArtifactsError(Exception):
    """Artifacts that cannot be written or served; the message says what is wrong (Spanish)."""


# --- paths and bounded reads ---------------------------------------------------------------

def checked_path(path: str | os.PathLike) -> Path:
    """`path` as a Path, or ArtifactsError when no file system could hold it (NUL, a lone
    surrogate, an over-long name): such paths fail inside os calls with assorted exceptions."""
    text = os.fspath(path)
    if not isinstance(text, str):
        raise ArtifactsError("La ruta de artefactos debe ser texto.")
    if "\x00" in text:
        raise ArtifactsError("La ruta de artefactos contiene un carácter nulo.")
    try:
        encoded = os.fsencode(text)
    except UnicodeError:
        raise ArtifactsError("La ruta de artefactos contiene caracteres que no se pueden codificar.") from None
    if not encoded:
        raise ArtifactsError("La ruta de artefactos está vacía.")
    if len(encoded) > MAX_PATH_BYTES or any(len(part) > MAX_NAME_BYTES for part in encoded.split(b"/")):
        raise ArtifactsError("La ruta de artefactos es demasiado larga.")
    return Path(text)


def resolve_dir(path: str | os.PathLike) -> Path:
    """The real directory behind `path` (links followed), or ArtifactsError."""
    path = checked_path(path)
    try:
        real = path.resolve(strict=True)
        if not real.is_dir():
            raise ArtifactsError(f"{path} no es un directorio de artefactos.")
    except (OSError, RuntimeError) as error:  # missing, a symlink loop, no permission
        raise ArtifactsError(f"No hay artefactos en {path}: {_reason(error)}; ejecute `movierec etl`.") from None
    return real


@contextmanager
def open_regular(path: Path) -> Iterator[BinaryIO]:
    """Open a regular file for reading. Anything else (a FIFO, a device, a directory) is
    refused before a read could block; the open itself never waits (O_NONBLOCK)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise ArtifactsError(f"No se puede abrir {path}: {_reason(error)}.") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ArtifactsError(f"{path} no es un archivo regular.")
        os.set_blocking(fd, True)
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        yield handle


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.errno is not None:
        return {errno.ENOENT: "no existe", errno.ELOOP: "hay un ciclo de enlaces simbólicos",
                errno.EACCES: "sin permiso de lectura", errno.ENOTDIR: "no es un directorio",
                errno.ENAMETOOLONG: "nombre demasiado largo"}.get(error.errno, error.strerror or str(error))
    if isinstance(error, RuntimeError):
        return "hay un ciclo de enlaces simbólicos"
    return str(error)


@dataclass(frozen=True)
class Digest:
    sha256: str
    size: int
    lines: int


def digest_of(handle: BinaryIO, deadline: float | None = None, count_lines: bool = True) -> Digest:
    """SHA-256, size and (unless not wanted) newline count of an open file, read in chunks;
    gives up at `deadline`."""
    digest, size, lines = hashlib.sha256(), 0, 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if count_lines:
            lines += chunk.count(b"\n")
        if deadline is not None and time.monotonic() > deadline:
            raise ArtifactsError("La verificación de los artefactos tardó demasiado.")
    return Digest(digest.hexdigest(), size, lines)


def sha256_of(path: Path) -> str:
    with open_regular(Path(path)) as handle:
        return digest_of(handle, count_lines=False).sha256


# --- manifest ------------------------------------------------------------------------------

def read_manifest(artifacts: Path) -> dict:
    """The manifest of a directory, checked for shape (not yet against the files)."""
    path = Path(artifacts) / MANIFEST
    if not path.exists() and not path.is_symlink():
        raise ArtifactsError(f"No hay artefactos en {artifacts} (falta manifest.json): ejecute `movierec etl`.")
    with open_regular(path) as handle:
        data = handle.read(MAX_MANIFEST_BYTES + 1)
    if len(data) > MAX_MANIFEST_BYTES:
        raise ArtifactsError(f"El manifest de {artifacts} es demasiado grande.")
    try:
        manifest = json.loads(data)
    except (ValueError, RecursionError):
        raise ArtifactsError(f"El manifest de {artifacts} no es JSON válido.") from None
    if not isinstance(manifest, dict):
        raise ArtifactsError(f"El manifest de {artifacts} no es un objeto JSON.")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise ArtifactsError(f"Los artefactos de {artifacts} tienen el formato {version!r} y este código lee el "
                             f"{FORMAT_VERSION}: vuelva a ejecutar `movierec etl` y `movierec train`.")
    _check_entries(manifest.get("outputs"), f"el manifest de {artifacts}")
    for name in ACCOUNTED_INPUTS:
        if name in manifest or name in ("movies", "credits"):
            _check_accounting(manifest.get(name), name, artifacts)
    return manifest


def _check_entries(outputs, where: str) -> None:
    """`outputs` maps safe relative file names to {"rows"?: int ≥ 0, "sha256": hex}."""
    if not isinstance(outputs, dict) or not outputs:
        raise ArtifactsError(f"{where.capitalize()} no lista sus archivos.")
    for name, entry in outputs.items():
        if not isinstance(name, str) or not _SAFE_NAME.fullmatch(name) or ".." in name.split("/"):
            raise ArtifactsError(f"{where.capitalize()} lista un nombre de archivo no válido: {name!r}.")
        if (not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str)
                or not _SHA256.fullmatch(entry["sha256"])
                or ("rows" in entry and not _count(entry["rows"]))):
            raise ArtifactsError(f"{where.capitalize()} tiene una entrada no válida para {name}.")


def _count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_accounting(entry, name: str, artifacts: Path) -> None:
    counts = ("rows_in", "rows_kept", "rows_quarantined")
    if (not isinstance(entry, dict) or not all(_count(entry.get(key)) for key in counts)
            or not isinstance(entry.get("reasons"), dict) or not all(map(_count, entry["reasons"].values()))):
        raise ArtifactsError(f"El manifest de {artifacts} no tiene la contabilidad de filas de {name}.")
    if (entry["rows_in"] != entry["rows_kept"] + entry["rows_quarantined"]
            or sum(entry["reasons"].values()) != entry["rows_quarantined"]):
        raise ArtifactsError(f"La contabilidad de filas de {name} en el manifest de {artifacts} no cuadra.")


def write_manifest(directory: Path, manifest: dict) -> None:
    (Path(directory) / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n",
                                            encoding="utf-8")


def new_manifest(**sections) -> dict:
    """A manifest with the contract's header fields."""
    from movierec import __version__

    return {"format_version": FORMAT_VERSION, "code_version": __version__,
            "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), **sections}


def output_entry(path: Path, rows: int) -> dict:
    return {"rows": rows, "sha256": sha256_of(path)}


# --- verification --------------------------------------------------------------------------

def verify_artifacts(artifacts: str | os.PathLike, deadline: float | None = None) -> dict:
    """Check a whole artifacts directory against its manifest; returns the manifest.

    Every listed file is hashed; each table's columns, types and row count are checked
    against the contract and the manifest, each quarantine file's line count too.
    """
    return verify_and_map(artifacts, deadline, check_tables=True)[0]


def verify_and_map(artifacts: str | os.PathLike, deadline: float | None = None,
                   check_tables: bool = False) -> tuple[dict, dict[str, np.ndarray]]:
    """What the server verifies: every listed file hashed, the accounting, and each `.npy` file of
    the catalog index memory-mapped (read-only) through the very descriptor that was hashed, bound
    to the tables it was built from by their checksums. The tables' own schemas are checked with
    `check_tables` (verify_artifacts, for the stages that read them): the server reads none.
    Returns (manifest, {array name: mapped array})."""
    deadline = deadline if deadline is not None else time.monotonic() + LOAD_SECONDS
    real = resolve_dir(artifacts)
    manifest = read_manifest(real)
    outputs = manifest["outputs"]
    tables = [name for name in (*REQUIRED_TABLES, *OPTIONAL_TABLES) if f"{name}.parquet" in outputs]
    missing = [name for name in REQUIRED_TABLES if name not in tables]
    if missing:
        raise ArtifactsError(f"El manifest de {artifacts} no lista las tablas {', '.join(missing)}.")
    def check(name: str, entry: dict) -> np.ndarray | None:
        with open_regular(real / name) as handle:
            found = digest_of(handle, deadline, count_lines=name.endswith(".jsonl"))
            if found.sha256 != entry["sha256"]:
                raise ArtifactsError(f"{name} en {artifacts} no coincide con su suma SHA-256 del manifest "
                                     "(archivo dañado o modificado).")
            rows = None
            if name.endswith(".parquet") and name[:-8] in TABLE_COLUMNS and check_tables:
                handle.seek(0)
                rows = _check_table(name[:-8], handle, artifacts)
            elif name.endswith(".jsonl"):
                rows = found.lines
            elif name.startswith(f"{CATALOG_DIR}/") and name.endswith(".npy"):
                # a plain ndarray over the map: numpy's memmap subclass costs microseconds per slice
                return _map_npy(handle, name, artifacts).view(np.ndarray)
        if rows is not None and "rows" in entry and rows != entry["rows"]:
            raise ArtifactsError(f"{name} en {artifacts} tiene {rows} filas y el manifest dice {entry['rows']}.")
        return None

    arrays = {name[len(CATALOG_DIR) + 1:-4]: array
              for name, array in zip(outputs, in_parallel([partial(check, *item) for item in outputs.items()]))
              if array is not None}
    for name in ACCOUNTED_INPUTS:
        if name not in manifest:
            continue
        quarantine = outputs.get(f"quarantine/{name}.jsonl", {}).get("rows")
        if quarantine != manifest[name]["rows_quarantined"]:
            raise ArtifactsError(f"La cuarentena de {name} en {artifacts} no coincide con el manifest.")
    kept = manifest["movies"]["rows_kept"]
    if outputs["movies.parquet"].get("rows") != kept or outputs["extras.parquet"].get("rows") != kept:
        raise ArtifactsError(f"Artefactos inconsistentes en {artifacts}: el manifest no coincide con movies.parquet "
                             "o extras.parquet.")
    for name, what in (("ratings", "valoraciones"), ("keywords", "palabras clave")):
        if (name in manifest) != (name in tables):
            raise ArtifactsError(f"El manifest de {artifacts} y la tabla de {what} no coinciden.")
    index = manifest.get("catalog_index")
    sources = index.get("sources") if isinstance(index, dict) else None
    if not isinstance(sources, dict) or any(sources.get(name) != outputs.get(name, {}).get("sha256")
                                            for name in CATALOG_SOURCES):
        raise ArtifactsError(f"El índice del catálogo de {artifacts} no corresponde a sus tablas: "
                             "vuelva a ejecutar `movierec etl`.")
    return manifest, arrays


def write_table(frame: pd.DataFrame, path: Path, name: str) -> None:
    """Write one table as Parquet with the contract's kinds, also for a column that holds no value
    at all (a header-only input, a film set without taglines), whose type pandas alone would guess
    (null, or float for an empty column) and the contract would refuse."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    empty_kinds = {"int": pa.int64(), "str": pa.string(), "number": pa.float64()}
    table = pa.Table.from_pandas(frame, preserve_index=False)
    for column, kind in TABLE_COLUMNS.get(name, {}).items():
        index = table.schema.get_field_index(column)
        if (index >= 0 and table.column(index).null_count == table.num_rows
                and not _is_kind(kind, table.schema.field(index).type)):
            table = table.set_column(index, column, table.column(index).cast(empty_kinds[kind]))
    pq.write_table(table, path)


def _check_table(name: str, handle: BinaryIO, artifacts: Path) -> int:
    """Columns and types of one table (from its Parquet footer); returns its row count."""
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(handle)
        schema, rows = parquet.schema_arrow, parquet.metadata.num_rows
    except Exception as error:  # noqa: BLE001 - any parse failure means an unusable file
        raise ArtifactsError(f"{name}.parquet en {artifacts} no es un Parquet legible: {error}") from None
    for column, kind in TABLE_COLUMNS[name].items():
        index = schema.get_field_index(column)
        if index < 0:
            raise ArtifactsError(f"A {name}.parquet en {artifacts} le falta la columna {column}.")
        if not _is_kind(kind, schema.field(index).type):
            raise ArtifactsError(f"La columna {column} de {name}.parquet en {artifacts} tiene el tipo "
                                 f"{schema.field(index).type} y el contrato pide {kind}.")
    return rows


def check_movies(movies: pd.DataFrame, artifacts: Path) -> None:
    """Invariants the server relies on: ids unique and positive, dates real and representable."""
    ids = movies["id"]
    if ids.isna().any() or not ids.is_unique or (ids <= 0).any():
        raise ArtifactsError(f"movies.parquet en {artifacts} tiene ids vacíos, repetidos o no positivos.")
    dates = movies["release_date"]
    valid = dates.notna() & dates.astype(str).str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    if not valid.all() or not dates.between(EARLIEST_DATE, LATEST_DATE).all():
        raise ArtifactsError(f"movies.parquet en {artifacts} tiene fechas de estreno fuera de "
                             f"{EARLIEST_DATE}…{LATEST_DATE} o mal formadas.")
    import pandas as pd

    try:
        parsed = pd.to_datetime(dates, format="%Y-%m-%d")
    except (ValueError, OverflowError):
        raise ArtifactsError(f"movies.parquet en {artifacts} tiene fechas de estreno inexistentes.") from None
    if not (parsed.dt.year.to_numpy() == movies["release_year"].to_numpy()).all():
        raise ArtifactsError(f"movies.parquet en {artifacts}: release_year no coincide con release_date.")
    if movies["title"].isna().any():
        raise ArtifactsError(f"movies.parquet en {artifacts} tiene películas sin título.")


def check_extras(extras: pd.DataFrame, movie_ids: np.ndarray, artifacts: Path) -> None:
    """The extras table has exactly one row per film of movies.parquet."""
    ids = extras["movie_id"]
    if not ids.is_unique or len(ids) != len(movie_ids) or not np.isin(ids.to_numpy(), movie_ids).all():
        raise ArtifactsError(f"extras.parquet en {artifacts} no tiene exactamente una fila por película de "
                             "movies.parquet.")


def read_table(artifacts: Path, name: str, columns: list[str] | None = None, arrow: bool = False) -> pd.DataFrame:
    """A curated table; `arrow=True` keeps strings in Arrow buffers instead of Python objects."""
    import pandas as pd
    import pyarrow.parquet as pq

    path = Path(artifacts) / f"{name}.parquet"
    with open_regular(path) as handle:
        try:
            table = pq.read_table(handle, columns=columns)
        except Exception as error:  # noqa: BLE001 - any parse failure means an unusable table
            raise ArtifactsError(f"{name}.parquet en {artifacts} no se puede leer: {error}") from None
    options = {"types_mapper": pd.ArrowDtype} if arrow else {}
    return table.to_pandas(**options)


# --- the model's own files -----------------------------------------------------------------

def seal_model(model_dir: Path) -> None:
    """Record the checksum of every file of a freshly trained model, so serving verifies it."""
    model_dir = Path(model_dir)
    files = {path.name: {"sha256": sha256_of(path)} for path in sorted(model_dir.iterdir())
             if path.is_file() and path.name != MODEL_MANIFEST}
    (model_dir / MODEL_MANIFEST).write_text(json.dumps({"files": files}, indent=2) + "\n", encoding="utf-8")


def verify_model_files(model_dir: Path, deadline: float | None = None) -> dict[str, str]:
    """Hash every file the model's manifest lists; ArtifactsError if any is missing or changed.

    Returns {file name: sha256}. Use `map_verified_arrays` for the `.npy` files to be served."""
    return {name: sha for name, (sha, _) in _verify_model(model_dir, deadline, map_arrays=False).items()}


def map_verified_arrays(model_dir: Path, deadline: float | None = None) -> tuple[dict[str, str], dict[str, np.ndarray]]:
    """Like `verify_model_files`, and each listed `.npy` file is memory-mapped (read-only)
    through the very descriptor that was hashed: a file renamed over it afterwards is never
    what gets served. Returns ({file name: sha256}, {array name: mapped array})."""
    verified = _verify_model(model_dir, deadline, map_arrays=True)
    return ({name: sha for name, (sha, _) in verified.items()},
            {name[:-4]: array for name, (_, array) in verified.items() if array is not None})


def _verify_model(model_dir: Path, deadline: float | None, map_arrays: bool) -> dict:
    model_dir = Path(model_dir)
    deadline = deadline if deadline is not None else time.monotonic() + LOAD_SECONDS
    path = model_dir / MODEL_MANIFEST
    if not path.exists() and not path.is_symlink():
        raise ArtifactsError(f"No hay modelo verificable en {model_dir}: ejecute `movierec train`.")
    with open_regular(path) as handle:
        data = handle.read(MAX_MANIFEST_BYTES + 1)
    try:
        files = json.loads(data)["files"]
    except (ValueError, RecursionError, KeyError, TypeError):
        raise ArtifactsError(f"El manifest del modelo en {model_dir} no es válido.") from None
    _check_entries(files, f"el manifest del modelo en {model_dir}")
    def check(name: str, entry: dict) -> tuple[str, np.ndarray | None]:
        with open_regular(model_dir / name) as handle:
            if digest_of(handle, deadline, count_lines=False).sha256 != entry["sha256"]:
                raise ArtifactsError(f"{name} del modelo en {model_dir} no coincide con su suma SHA-256 "
                                     "(archivo dañado o modificado): vuelva a ejecutar `movierec train`.")
            return entry["sha256"], _map_npy(handle, name, model_dir) if map_arrays and name.endswith(".npy") else None

    return dict(zip(files, in_parallel([partial(check, *item) for item in files.items()])))


def in_parallel(jobs: list) -> list:
    """Run the jobs on a few threads (hashing releases the GIL) and return their results in order;
    the first job, in order, that failed raises its exception."""
    if len(jobs) < 2:
        return [job() for job in jobs]
    with ThreadPoolExecutor(max_workers=min(HASH_THREADS, len(jobs))) as pool:
        futures = [pool.submit(job) for job in jobs]
        return [future.result() for future in futures]


def _map_npy(handle: BinaryIO, name: str, directory: Path) -> np.ndarray:
    """The array of an open .npy file, mapped read-only (the map outlives the descriptor)."""
    try:
        handle.seek(0)
        version = np.lib.format.read_magic(handle)
        if version not in ((1, 0), (2, 0)):
            raise ValueError(f"versión de formato .npy {version} no admitida")
        read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        shape, fortran, dtype = read_header(handle)
        if dtype.hasobject:
            raise ValueError("contiene objetos de Python")
        offset = handle.tell()
        if int(np.prod(shape, dtype=np.int64)) == 0:
            return np.empty(shape, dtype)
        return np.memmap(handle, dtype=dtype, mode="r", shape=shape, order="F" if fortran else "C", offset=offset)
    except Exception as error:  # noqa: BLE001 - a header numpy cannot read, or a file shorter than it says
        raise ArtifactsError(f"{name} en {directory} no es un arreglo legible: {error}") from None


def check_index_array(array: np.ndarray, low: int, high: int, what: str) -> None:
    """Integer array with every value in [low, high): what indexing it with needs."""
    if not np.issubdtype(array.dtype, np.integer):
        raise ArtifactsError(f"{what} no son enteros ({array.dtype}).")
    if array.size and (int(array.min()) < low or int(array.max()) >= high):
        raise ArtifactsError(f"{what} tienen valores fuera de rango.")


# --- publishing (the ETL's side) -----------------------------------------------------------

@contextmanager
def publish(out: Path, inputs: list[Path]) -> Iterator[Path]:
    """Yield an empty work directory; when the block ends without error, make it what `out`
    points to in one rename. Refuses to touch a directory it did not write.

    Runs on the same parent directory are serialised by a lock; stale work directories of
    killed runs are removed, and so is the previous version when it holds only our files.
    """
    out = checked_path(Path(os.path.abspath(out)))
    parent = out.parent
    _refuse_inputs_inside(out, inputs)
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ArtifactsError(f"No se puede crear {parent}: {_reason(error)}.") from None
    with _locked(parent):
        previous = _previous_version(out)
        _remove_stale(out, keep=previous)
        work = parent / f".{out.name}.tmp-{os.urandom(4).hex()}"
        work.mkdir()
        try:
            yield work
            stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
            version = parent / f".{out.name}.v-{stamp}-{os.urandom(3).hex()}"
            work.rename(version)
            work = version
            _point(out, version)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        if previous is not None and _is_version_of(previous, out):
            _remove_if_ours(previous)


def _is_version_of(directory: Path, out: Path) -> bool:
    """A version directory this module made for `out` (a link may point anywhere else)."""
    return directory.parent == out.parent.resolve() and directory.name.startswith(f".{out.name}.v-")


def _refuse_inputs_inside(out: Path, inputs: list[Path]) -> None:
    real_out = out.resolve()
    for path in inputs:
        real = Path(path).resolve()
        if real == real_out or real.is_relative_to(real_out):
            raise ArtifactsError(f"El directorio de salida {out} contiene la entrada {path}: "
                                 "elija otro --out (el ETL nunca escribe sobre sus entradas).")


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """An exclusive lock on the directory itself (no lock file left behind)."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Otra ejecución escribe en {directory}: esperando a que termine…", flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _previous_version(out: Path) -> Path | None:
    """What `out` holds now, if we may replace it: None when it does not exist; the directory
    when it is an artifacts directory (ours: it has a manifest) or empty. Otherwise refuse."""
    if not out.exists() and not out.is_symlink():
        return None
    if out.is_symlink():
        target = out.resolve()
        if not target.is_dir() or not (target / MANIFEST).is_file():
            raise ArtifactsError(f"{out} es un enlace a algo que no es un directorio de artefactos: no se toca.")
        return target
    if not out.is_dir():
        raise ArtifactsError(f"{out} existe y no es un directorio: no se toca.")
    if (out / MANIFEST).is_file():
        return out
    if any(out.iterdir()):
        raise ArtifactsError(f"{out} no está vacío y no es un directorio de artefactos (no tiene manifest.json): "
                             "no se toca; elija otro --out.")
    return out


def _remove_stale(out: Path, keep: Path | None) -> None:
    """Work directories of killed runs, and versions no link points to that hold only our files."""
    for path in out.parent.glob(f".{_glob_escape(out.name)}.tmp-*"):
        shutil.rmtree(path, ignore_errors=True)
    for path in out.parent.glob(f".{_glob_escape(out.name)}.v-*"):
        if keep is None or path.resolve() != keep:
            _remove_if_ours(path)


def _glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def _point(out: Path, version: Path) -> None:
    """Make `out` a link to `version` with one rename (a real directory is moved aside first)."""
    link = out.parent / f".{out.name}.link-{os.urandom(4).hex()}"
    link.symlink_to(version.name)
    try:
        if out.is_dir() and not out.is_symlink():
            if any(out.iterdir()):  # an artifacts directory of the layout before versions: keep it aside
                out.rename(out.parent / f".{out.name}.v-{time.strftime('%Y%m%dT%H%M%S')}-previous")
            else:
                out.rmdir()
        os.replace(link, out)
    except BaseException:
        link.unlink(missing_ok=True)
        raise


def _remove_if_ours(directory: Path) -> None:
    """Delete an old version only if every file in it is one we write; otherwise leave it."""
    if directory.is_symlink() or not directory.is_dir():
        return
    try:
        listed = set(json.loads((directory / MANIFEST).read_text(encoding="utf-8"))["outputs"])
    except (OSError, ValueError, KeyError, TypeError):
        return
    allowed = listed | {MANIFEST}
    for path in directory.rglob("*"):
        relative = path.relative_to(directory).as_posix()
        if path.is_symlink() or not (path.is_dir() or relative in allowed or relative.startswith(f"{MODEL_DIR}/")):
            return
        if path.is_dir() and relative not in ("quarantine", MODEL_DIR, CATALOG_DIR):
            return
    shutil.rmtree(directory, ignore_errors=True)
