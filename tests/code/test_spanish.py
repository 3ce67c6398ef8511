"""The Spanish formatting module against Babel's own `es` formatters, on arbitrary inputs."""

import math
from datetime import date

from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal, format_percent
from hypothesis import given
from hypothesis import strategies as st

from movierec import spanish
from movierec.text import MONTHS, WEEKDAYS

finite = st.floats(min_value=-1e14, max_value=1e14, allow_nan=False, allow_infinity=False)


@given(finite, st.integers(0, 3))
def test_numbers_are_written_as_babel_writes_them(value, decimals):
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    expected = format_decimal(value, format=pattern, locale="es")
    if expected.startswith("-") and not expected.strip("-0,"):  # Babel keeps "-0,00"; a reader sees 0
        expected = expected[1:]
    assert spanish.num(value, decimals) == expected


def test_number_examples():
    assert spanish.num(1234567.891, 2) == "1.234.567,89"
    assert spanish.num(8500000, 2) == "8.500.000,00"
    assert spanish.num(7.7, 1) == "7,7"
    assert spanish.num(2.675, 2) == "2,68"  # the decimal the data holds, not its binary neighbour
    assert spanish.num(-0.001, 2) == "0,00"
    assert spanish.num(None) == spanish.num(math.nan) == spanish.num(math.inf) == "—"


@given(st.floats(min_value=-1e14, max_value=1e14, allow_nan=False))
def test_money_follows_babel_long_compact_form_from_a_million(value):
    text = spanish.money(value)
    assert text.startswith("USD ")
    if abs(value) >= 1_000_000:  # from a million on, in words; below it, every dollar
        expected = format_compact_decimal(value, format_type="long", locale="es", fraction_digits=1)
        assert text == "USD " + expected
    else:
        assert text == "USD " + spanish.num(value)


def test_money_examples():
    assert spanish.money(8_500_000) == "USD 8,5 millones"
    assert spanish.money(1_000_000) == "USD 1 millón"
    assert spanish.money(1_500_000_000) == "USD 1,5 mil millones"
    assert spanish.money(35_000) == "USD 35.000"
    assert spanish.money(1) == "USD 1"
    assert spanish.money(-3_200_000) == "USD -3,2 millones"


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_percentages_follow_babel(part, whole):
    share = part / whole
    text = spanish.pct(part, whole)
    if 0 < share < 0.005:
        assert text == "<1\xa0%"
    else:
        assert text == format_percent(share, locale="es")


@given(st.floats(min_value=0, max_value=1))
def test_shares_are_whole_percentages_as_pct_writes_them(value):
    assert spanish.share(value) == spanish.pct(value, 1)


@given(st.dates(min_value=date(1870, 1, 1), max_value=date(2100, 12, 31)))
def test_dates_follow_babel(day):
    assert spanish.date(day.isoformat()) == spanish.date(day) == format_date(day, format="long", locale="es")


def test_date_example():
    assert spanish.date("1975-06-18") == "18 de junio de 1975"


@given(st.integers(0, 10**9))
def test_counts_agree_in_number(n):
    text = spanish.count(n, "película", "películas")
    assert text == f"{spanish.num(n)} {'película' if n == 1 else 'películas'}"


def test_the_api_parses_the_same_calendar_words_it_writes():
    assert MONTHS == spanish.MONTHS and MONTHS[5] == "junio"
    assert WEEKDAYS == spanish.WEEKDAYS and WEEKDAYS[0] == "lunes" and WEEKDAYS[4] == "viernes"
