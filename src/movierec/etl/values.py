"""The value rules: one raw field → a typed value inside the range its storage and the
server represent, or RowRejected with the row's reason. Nothing is wrapped, rounded or
truncated: a value that would be is rejected.

Every rule reads ASCII only: `str.isdigit()`, `int()` and `float()` also accept digits such
as '²' or '٣' and separators such as '1_000', which the raw files never hold.
"""

import math
import re
from datetime import date

from movierec.etl.literal import parse_literal
from movierec.etl.quarantine import RowRejected

# Ids (TMDB movies, people, genres, companies, collections; MovieLens users and movies) are
# positive and fit int32: the catalog packs a (movie, person) pair into one int64 key, the
# ratings table stores users as int32, and no real id comes near 2**31.
MAX_ID = 2**31 - 1
MAX_INT64 = 2**63 - 1
MAX_INT32 = 2**31 - 1
# Money is whole dollars stored as float64, exact up to 2**53; this also keeps `return` finite.
MAX_AMOUNT = 2**53
# The full Kaggle file starts in 1874; pandas' datetime64[ns], which the server counts
# months and weekdays with, ends in 2262.
FIRST_DATE = date(1870, 1, 1)
LAST_DATE = date(2100, 12, 31)
LAST_TIMESTAMP = 4133980799  # 2100-12-31 23:59:59 UTC, in seconds since 1970
MAX_POSITION = 2**15 - 1  # nested tables store an entry's position as int16

_DIGITS = re.compile(r"0*([0-9]{1,10})")  # more significant digits than MAX_ID has: too big
_WHOLE = re.compile(r"0*([0-9]{1,30})(?:\.0*)?")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def parse_whole(text: str, reason: str, low: int, high: int) -> int:
    """A whole number in plain decimal ('5415' or '5415.0') within [low, high]."""
    match = _WHOLE.fullmatch(text.strip())
    if match is None:
        raise RowRejected(reason)
    value = int(match.group(1))  # at most 30 digits: never over int()'s length limit
    if not low <= value <= high:
        raise RowRejected(reason)
    return value


def parse_id(text: str, reason: str = "invalid_id") -> int:
    """An id: digits only (no sign, no decimals), positive, fitting MAX_ID."""
    match = _DIGITS.fullmatch(text.strip())
    if match is None or not 0 < int(match.group(1)) <= MAX_ID:
        raise RowRejected(reason)
    return int(match.group(1))


def parse_number(text: str, reason: str, low: float, high: float = math.inf,
                 empty: float | None = 0.0) -> float | None:
    """A finite decimal number within [low, high]; empty gives `empty`."""
    text = text.strip()
    if not text:
        return empty
    if _NUMBER.fullmatch(text) is None:
        raise RowRejected(reason)
    value = float(text)
    if not (math.isfinite(value) and low <= value <= high):
        raise RowRejected(reason)
    return value


def parse_amount(text: str, reason: str) -> float:
    """Money: empty is 0, otherwise whole non-negative dollars, exact in float64."""
    if not text.strip():
        return 0.0
    return float(parse_whole(text, reason, 0, MAX_AMOUNT))


def parse_release_date(text: str) -> str:
    """A real YYYY-mm-dd date within [FIRST_DATE, LAST_DATE]; returns the same string."""
    text = text.strip()
    if not text:
        raise RowRejected("missing_release_date")
    if not _ISO_DATE.fullmatch(text):
        raise RowRejected("invalid_release_date")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise RowRejected("invalid_release_date") from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise RowRejected("invalid_release_date")
    return text


def is_id(value: object) -> bool:
    """A nested id: an int (not a bool, float or text) that parse_id would accept."""
    return type(value) is int and 0 < value <= MAX_ID


def is_text(value: object) -> bool:
    """A string Parquet can store: no lone surrogates (which only escapes such as '\\ud800'
    inside a nested literal can produce)."""
    return type(value) is str and (value.isascii() or _SURROGATE.search(value) is None)


def is_optional_text(value: object) -> bool:
    return value is None or is_text(value)


def parse_nested(text: str, column: str, kind: type) -> list | dict | None:
    """A nested literal of the expected kind (list of dicts, or one dict); empty gives none.
    The entries' values are checked by the caller, which knows their keys."""
    text = text.strip()
    if not text:
        return [] if kind is list else None
    try:
        value = parse_literal(text)
    except ValueError:
        raise RowRejected(f"invalid_{column}") from None
    if kind is list:
        if type(value) is list and all(type(item) is dict for item in value):
            return value
    elif value is None or type(value) is dict:
        return value
    raise RowRejected(f"invalid_{column}")
