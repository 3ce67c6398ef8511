"""Reading raw CSV files (plain or gzip) into string tables, keeping malformed lines.

The csv module is used instead of pandas' reader because pandas silently pads short
rows with NaN; here a line with the wrong number of fields is set aside with a reason.
"""

import csv
import gzip
import hashlib
import sys
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from movierec.etl.values import is_text

csv.field_size_limit(sys.maxsize)

RESERVED_COLUMNS = ("source_row",)  # added by the reader to every raw table


class EtlError(Exception):
    """An input problem that ends the ETL; its message is a one-line Spanish sentence."""


@dataclass
class RawTable:
    """A raw file as strings: one column per header field, plus malformed lines."""

    name: str
    frame: pd.DataFrame  # all values str; column "source_row" holds the 1-based record number
    malformed: list[dict] = field(default_factory=list)  # {"source_row", "reason", "fields"}

    @property
    def rows_in(self) -> int:
        return len(self.frame) + len(self.malformed)


def open_text(path: Path):
    """Open .csv or .csv.gz as text, keeping embedded newlines inside quoted fields."""
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_raw(name: str, path: Path, required: tuple[str, ...]) -> RawTable:
    """Read one raw file; raise EtlError (Spanish) if it is missing, unreadable or lacks columns."""
    path = Path(path)
    if not is_text(str(path)):
        # bytes that are not UTF-8 in the name: the manifest, a UTF-8 file, could not record it
        raise EtlError(f"El nombre del archivo de {name} no es UTF-8 válido: {str(path)!r}; renómbrelo.")
    if not path.is_file():
        raise EtlError(f"No se encuentra el archivo de {name}: {path}")
    try:
        with open_text(path) as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise EtlError(f"El archivo de {name} está vacío: {path}")
            header = [column.strip().lstrip("\ufeff") for column in header]
            check_header(name, path, header)
            missing = [column for column in required if column not in header]
            if missing:
                raise EtlError(
                    f"Al archivo de {name} ({path}) le faltan columnas obligatorias: {', '.join(missing)}"
                )
            width = len(header)
            good: list[list[str]] = []
            rows: list[int] = []
            malformed: list[dict] = []
            for number, record in enumerate(reader, start=1):
                if len(record) == width:
                    good.append(record)
                    rows.append(number)
                elif record:  # csv yields [] for blank lines; those are not records
                    malformed.append(
                        {"source_row": number, "reason": "wrong_field_count", "fields": record}
                    )
    except EtlError:
        raise
    except (OSError, UnicodeError, csv.Error, EOFError, zlib.error) as error:
        raise EtlError(f"No se puede leer el archivo de {name} ({path}): {why_unreadable(error)}") from None
    frame = pd.DataFrame(good, columns=header, dtype=object)
    frame.insert(0, "source_row", rows)
    return RawTable(name=name, frame=frame, malformed=malformed)


def check_header(name: str, path: Path, header: list[str]) -> None:
    """A header naming a column twice, or naming one the reader adds, is ambiguous: stop."""
    repeated = sorted(column for column, count in Counter(header).items() if count > 1)
    if repeated:
        raise EtlError(f"El encabezado del archivo de {name} ({path}) repite columnas: "
                       f"{', '.join(map(repr, repeated))}")
    reserved = [column for column in RESERVED_COLUMNS if column in header]
    if reserved:
        raise EtlError(f"El encabezado del archivo de {name} ({path}) usa nombres reservados: "
                       f"{', '.join(map(repr, reserved))}")


def why_unreadable(error: Exception) -> str:
    """The reason a file could not be read, in one Spanish phrase."""
    if isinstance(error, UnicodeDecodeError):
        return f"no es texto UTF-8 (byte 0x{error.object[error.start]:02x} inválido)"
    if isinstance(error, (gzip.BadGzipFile, zlib.error, EOFError)):
        return "el archivo comprimido (gzip) está dañado o incompleto"
    if isinstance(error, csv.Error):
        return f"CSV mal formado ({error})"
    if isinstance(error, PermissionError):
        return "no hay permiso de lectura"
    if isinstance(error, IsADirectoryError):
        return "es un directorio"
    if isinstance(error, OSError):
        return f"error del sistema ({error.strerror or error})"
    return f"texto ilegible ({error})"
