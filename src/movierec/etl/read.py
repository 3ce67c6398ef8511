"""Reading raw CSV files (plain or gzip) into string tables, keeping malformed lines.

The csv module is used instead of pandas' reader because pandas silently pads short
rows with NaN; here a line with the wrong number of fields is set aside with a reason.
"""

import csv
import gzip
import sys
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from movierec.etl.values import is_text

csv.field_size_limit(sys.maxsize)

RESERVED_COLUMNS = ("source_row",)  # added by the reader to every raw table
# the system allocator hands large freed blocks back to the OS at once; pyarrow's default pool keeps
# them, so the raw ratings text would still count against the ETL's peak after it is freed
RELEASING_POOL = pa.system_memory_pool()


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


@dataclass
class RawColumns:
    """A large, simple raw file (ratings) as string columns, read by pyarrow's CSV reader
    instead of row by row; malformed lines are kept aside as in RawTable."""

    name: str
    table: pa.Table  # all columns string, in header order
    source_row: np.ndarray  # the 1-based record number of each row of table
    malformed: list[dict] = field(default_factory=list)

    @property
    def rows_in(self) -> int:
        return self.table.num_rows + len(self.malformed)

    def records(self, rows: np.ndarray) -> list[dict]:
        """The given rows as RawTable records (string fields plus "source_row")."""
        picked = self.table.take(pa.array(rows, type=pa.int64())).to_pylist()
        return [{"source_row": int(self.source_row[row]), **record} for row, record in zip(rows, picked)]


def read_columns(name: str, path: Path, required: tuple[str, ...]) -> RawColumns:
    """Read one raw file of short, unquoted fields; the same checks and Spanish errors as read_raw.

    Blank lines are not records here, so source_row counts non-empty lines after the header.
    """
    path = Path(path)
    header = read_header(name, path, required)
    invalid: list[tuple[int | None, str]] = []

    def set_aside(row) -> str:
        invalid.append((row.number, row.text))
        return "skip"

    def read(use_threads: bool) -> pa.Table:
        invalid.clear()
        return pa_csv.read_csv(
            path,
            read_options=pa_csv.ReadOptions(column_names=header, skip_rows=1, use_threads=use_threads),
            parse_options=pa_csv.ParseOptions(invalid_row_handler=set_aside),
            convert_options=pa_csv.ConvertOptions(column_types={column: pa.string() for column in header},
                                                  strings_can_be_null=False, quoted_strings_can_be_null=False),
            memory_pool=RELEASING_POOL)

    try:
        table = read(use_threads=True)
        if invalid:  # line numbers are only known when read in one thread
            table = read(use_threads=False)
    except (pa.ArrowException, OSError, EOFError, zlib.error) as error:
        raise EtlError(f"No se puede leer el archivo de {name} ({path}): {why_unreadable(error)}") from None
    numbers = np.array([number - 1 for number, _ in invalid], dtype=np.int64)  # the header is line 1
    source_row = np.setdiff1d(np.arange(1, table.num_rows + len(invalid) + 1), numbers)
    malformed = [{"source_row": int(number), "reason": "wrong_field_count",
                  "fields": next(csv.reader([text]), [])} for number, (_, text) in zip(numbers, invalid)]
    return RawColumns(name=name, table=table, source_row=source_row, malformed=malformed)


def read_header(name: str, path: Path, required: tuple[str, ...]) -> list[str]:
    """The checked header of a raw file (EtlError in Spanish when missing, empty or unusable)."""
    if not is_text(str(path)):
        raise EtlError(f"El nombre del archivo de {name} no es UTF-8 válido: {str(path)!r}; renómbrelo.")
    if not path.is_file():
        raise EtlError(f"No se encuentra el archivo de {name}: {path}")
    try:
        with open_text(path) as handle:
            header = next(csv.reader(handle), None)
    except (OSError, UnicodeError, csv.Error, EOFError, zlib.error) as error:
        raise EtlError(f"No se puede leer el archivo de {name} ({path}): {why_unreadable(error)}") from None
    if header is None:
        raise EtlError(f"El archivo de {name} está vacío: {path}")
    header = [column.strip().lstrip("\ufeff") for column in header]
    check_header(name, path, header)
    missing = [column for column in required if column not in header]
    if missing:
        raise EtlError(f"Al archivo de {name} ({path}) le faltan columnas obligatorias: {', '.join(missing)}")
    return header


def read_raw(name: str, path: Path, required: tuple[str, ...]) -> RawTable:
    """Read one raw file; raise EtlError (Spanish) if it is missing, unreadable or lacks columns."""
    path = Path(path)
    header = read_header(name, path, required)
    try:
        with open_text(path) as handle:
            reader = csv.reader(handle)
            next(reader)
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
    if isinstance(error, pa.ArrowInvalid) and "UTF8" in str(error):
        return "no es texto UTF-8"
    if isinstance(error, pa.ArrowException):
        return f"CSV ilegible ({str(error).splitlines()[0]})"
    if isinstance(error, PermissionError):
        return "no hay permiso de lectura"
    if isinstance(error, IsADirectoryError):
        return "es un directorio"
    if isinstance(error, OSError):
        return f"error del sistema ({error.strerror or error})"
    return f"texto ilegible ({error})"
