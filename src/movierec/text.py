"""Name and title normalisation, and parsing the Spanish calendar words the API accepts."""

import unicodedata

from movierec.spanish import MONTHS, WEEKDAYS


def normalize(text: str) -> str:
    """Key for matching names and titles: no accents, case-folded, single spaces.

    "  el SEÑOR de los  anillos " and "El señor de los anillos" give the same key.
    """
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


_MONTH_KEYS = {normalize(name): number for number, name in enumerate(MONTHS, start=1)}
_MONTH_KEYS["setiembre"] = 9
_MONTH_KEYS.update({str(number): number for number in range(1, 13)})
_MONTH_KEYS.update({f"{number:02d}": number for number in range(1, 10)})
_WEEKDAY_KEYS = {normalize(name): index for index, name in enumerate(WEEKDAYS)}


def parse_month(text: str) -> int | None:
    """Month number 1-12 for a Spanish month name (any case/accents, 'setiembre') or number."""
    return _MONTH_KEYS.get(normalize(text))


def parse_weekday(text: str) -> int | None:
    """Weekday index 0=lunes … 6=domingo for a Spanish day name, with or without accents."""
    return _WEEKDAY_KEYS.get(normalize(text))
