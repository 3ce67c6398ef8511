"""Spanish text for numbers, money, percentages, dates and counts: the one owner of how the API's
sentences, the page (through the API's `texto` fields) and the EDA report write them.

The rules are Babel's CLDR data for `es` (separators, month names, the long compact units with
their singular and plural, the plural rule), read once at import. The formatting itself is plain
Python because Babel's own formatters cost tens of µs a call, which the hot routes would feel
(benchmarks/bench_spanish.py); tests/code/test_spanish.py checks every function against Babel's
formatter on arbitrary inputs, so the two cannot drift apart.
"""

import math
from datetime import date as Date
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from babel import Locale

_ES = Locale.parse("es")
_SYMBOLS = _ES.number_symbols["latn"]
DECIMAL, GROUP = _SYMBOLS["decimal"], _SYMBOLS["group"]
_PERCENT_SPACE = _ES.percent_formats[None].suffix[0][:-1]  # what goes between a number and "%"
MONTHS = tuple(_ES.months["format"]["wide"][number] for number in range(1, 13))
WEEKDAYS = tuple(_ES.days["format"]["wide"][index] for index in range(7))  # 0 = lunes
# long compact units, largest first: (magnitude, digits kept before the unit, singular, plural)
_UNITS = tuple(
    (int(magnitude), pattern.count("0"), _ES.compact_decimal_formats["long"]["one"][magnitude].pattern,
     _ES.compact_decimal_formats["long"]["other"][magnitude].pattern)
    for magnitude, pattern in sorted(((m, p.pattern) for m, p in _ES.compact_decimal_formats["long"]["other"].items()),
                                     key=lambda item: -int(item[0]))
    if int(magnitude) >= 1_000_000
)
MISSING = "—"
_plural_form = lru_cache(maxsize=4096)(_ES.plural_form)  # Babel evaluates its rule in ~13 µs a call
CURRENCY = "USD"
_TRANSLATE = str.maketrans({",": GROUP, ".": DECIMAL})
_STEPS = [Decimal(1).scaleb(-decimals) for decimals in range(12)]
_WHOLE_PERCENTS = tuple(f"{whole}{_PERCENT_SPACE}%" for whole in range(101))


def _decimal(value: float) -> Decimal:
    """The float as its shortest decimal, the number Babel rounds (half to even), not its binary value."""
    return Decimal(repr(float(value))) if not isinstance(value, (int, Decimal)) else Decimal(value)


def num(value: float | None, decimals: int = 0) -> str:
    """1234567.891 → '1.234.567,89' (decimals=2); 4995 → '4.995'; None, NaN or ±inf → '—'."""
    if type(value) is int:
        text = f"{value:,}" + ("." + "0" * decimals if decimals else "")
    elif value is None or not math.isfinite(value):
        return MISSING
    else:
        shortest = repr(float(value))
        point = shortest.find(".")
        places = len(shortest) - point - 1
        if "e" in shortest or places <= decimals or (places == decimals + 1 and shortest[-1] == "5"):
            # Babel writes the shortest decimal (repr) rounded half to even: 2.675 → 2,68, where the binary
            # value is 2.67499…; f-formatting the binary value agrees except on such a tie, or when it would
            # show digits the shortest decimal does not have, or for exponents: Decimal's way there
            text = format(_decimal(value).quantize(_STEPS[decimals], rounding=ROUND_HALF_EVEN), f",.{decimals}f")
        else:
            text = f"{value:,.{decimals}f}"
        if text[0] == "-" and not text.strip("-0.,"):
            text = text[1:]  # no "-0,00"
    return text.translate(_TRANSLATE)


def pct(part: float, whole: float, decimals: int = 0) -> str:
    """Share of `whole` as a Spanish percentage, '47 %' (no-break space); a non-zero share too small
    to show reads '<1 %' rather than '0 %'."""
    if not whole:
        return f"0{_PERCENT_SPACE}%"
    share = 100.0 * part / whole
    smallest = 10.0 ** -decimals
    if 0 < share < smallest / 2:
        return f"<{num(smallest, decimals)}{_PERCENT_SPACE}%"
    return f"{num(share, decimals)}{_PERCENT_SPACE}%"


def money(value: float | None) -> str:
    """Dollars, as a reader says them: 'USD 8,5 millones', 'USD 1 millón', 'USD 1,2 mil millones';
    below a million, every dollar: 'USD 35.000', 'USD 1'."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return MISSING
    exact = _decimal(value)
    size = abs(exact)
    for index, (magnitude, digits, one, other) in enumerate(_UNITS):
        if size < magnitude:
            continue
        divisor = magnitude // 10 ** (digits - 1)
        rounded = round(exact / divisor, 1)
        if index > 0 and abs(rounded) * divisor >= _UNITS[index - 1][0]:  # 999,96 millones → 1 mil millones
            return money(math.copysign(_UNITS[index - 1][0], value))
        decimals = 0 if rounded == rounded.to_integral_value() else 1
        unit = one if abs(rounded) == 1 else other
        return f"{CURRENCY} {unit.replace('0' * digits, num(rounded, decimals))}"
    return f"{CURRENCY} {num(value)}"


def date(value: str | Date) -> str:
    """'1975-06-18' (or a date) → '18 de junio de 1975'."""
    day = Date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def plural(count: float, one: str, other: str) -> str:
    """The word that agrees with `count` by Spanish's plural rule: 1 → one; 0, 2, 1,5 → other."""
    return one if _plural_form(abs(count)) == "one" else other


def count(n: int, one: str, other: str) -> str:
    """'1 película', '2 películas', '1.234 películas'."""
    return f"{num(n)} {plural(n, one, other)}"


def share(value: float) -> str:
    """A 0-1 value (a similarity, a relative score) as a whole percentage, as pct(value, 1) writes it:
    0.873 → '87 %'. From a table, since every recommendation shows a few (round() and Babel agree
    here: a repr ending in .5 is an exact binary tie, which both round half to even)."""
    percent = 100.0 * value
    if percent == 0 or 0.5 <= percent <= 100:
        return _WHOLE_PERCENTS[round(percent)]
    return pct(value, 1)


def join_names(names: list[str]) -> str:
    """'A', 'A y B', 'A, B y C' ('' for none)."""
    if not names:
        return ""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} y {names[-1]}"


# --- names of things --------------------------------------------------------------------

GENRES = {
    "Action": "Acción", "Adventure": "Aventura", "Animation": "Animación", "Comedy": "Comedia",
    "Crime": "Crimen", "Documentary": "Documental", "Drama": "Drama", "Family": "Familiar",
    "Fantasy": "Fantasía", "Foreign": "Extranjera", "History": "Historia", "Horror": "Terror",
    "Music": "Música", "Mystery": "Misterio", "Romance": "Romance",
    "Science Fiction": "Ciencia ficción", "TV Movie": "Película para TV", "Thriller": "Suspenso",
    "War": "Bélica", "Western": "Western",
}

LANGUAGES = {
    "en": "inglés", "fr": "francés", "de": "alemán", "it": "italiano", "es": "español",
    "ja": "japonés", "zh": "chino", "cn": "chino (cantonés)", "ru": "ruso", "pt": "portugués",
    "sv": "sueco", "nl": "neerlandés", "da": "danés", "no": "noruego", "nb": "noruego bokmål",
    "fi": "finés", "ko": "coreano", "hi": "hindi", "fa": "persa", "ar": "árabe", "he": "hebreo",
    "tr": "turco", "pl": "polaco", "cs": "checo", "hu": "húngaro", "el": "griego", "ro": "rumano",
    "sr": "serbio", "hr": "croata", "bn": "bengalí", "ta": "tamil", "te": "telugu", "ml": "malayalam",
    "th": "tailandés", "vi": "vietnamita", "id": "indonesio", "tl": "tagalo", "uk": "ucraniano",
    "bg": "búlgaro", "la": "latín", "ca": "catalán", "eu": "euskera", "gl": "gallego",
    "is": "islandés", "et": "estonio", "lt": "lituano", "lv": "letón", "sk": "eslovaco",
    "sl": "esloveno", "cy": "galés", "ga": "irlandés", "ur": "urdu", "pa": "panyabí",
    "yi": "ídish", "sw": "suajili", "af": "afrikáans", "xx": "sin idioma", "ka": "georgiano",
    "hy": "armenio", "mr": "maratí", "kn": "canarés", "ms": "malayo", "wo": "wólof",
}

COUNTRIES = {
    "US": "Estados Unidos", "GB": "Reino Unido", "FR": "Francia", "DE": "Alemania",
    "IT": "Italia", "CA": "Canadá", "JP": "Japón", "ES": "España", "IN": "India",
    "AU": "Australia", "RU": "Rusia", "SU": "Unión Soviética", "HK": "Hong Kong", "CN": "China",
    "SE": "Suecia", "KR": "Corea del Sur", "DK": "Dinamarca", "BE": "Bélgica", "NL": "Países Bajos",
    "MX": "México", "BR": "Brasil", "AR": "Argentina", "FI": "Finlandia", "NO": "Noruega",
    "IE": "Irlanda", "CH": "Suiza", "AT": "Austria", "PL": "Polonia", "NZ": "Nueva Zelanda",
    "IR": "Irán", "CZ": "República Checa", "HU": "Hungría", "TR": "Turquía", "TW": "Taiwán",
    "ZA": "Sudáfrica", "PT": "Portugal", "IL": "Israel", "GR": "Grecia", "CL": "Chile",
    "CO": "Colombia", "PE": "Perú", "UY": "Uruguay", "VE": "Venezuela", "CU": "Cuba",
    "XG": "Alemania Oriental", "YU": "Yugoslavia", "CS": "Serbia y Montenegro",
    "LU": "Luxemburgo", "RO": "Rumania", "TH": "Tailandia", "PH": "Filipinas",
}


def genre_es(name: str) -> str:
    return GENRES.get(name, name)


def language_es(code: str) -> str:
    return LANGUAGES.get(code, code)


def country_es(code: str, name: str) -> str:
    return COUNTRIES.get(code, name)
