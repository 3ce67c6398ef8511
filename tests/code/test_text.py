"""Normalisation and Spanish calendar words."""

import pytest

from movierec.text import MONTHS, WEEKDAYS, normalize, parse_month, parse_weekday


@pytest.mark.parametrize(
    ("left", "right"),
    [("  el SEÑOR de los   anillos ", "El señor de los anillos"), ("Amélie", "AMELIE"),
     ("Léon\tThe Professional", "leon the professional"), ("Straße", "STRASSE")],
)
def test_normalize_matches_case_accent_and_space_variants(left, right):
    assert normalize(left) == normalize(right)


def test_normalize_keeps_distinct_titles_distinct():
    assert normalize("Toy Story") != normalize("Toy Story 2")


@pytest.mark.parametrize(("text", "number"), [("enero", 1), ("SEPTIEMBRE", 9), ("setiembre", 9),
                                               (" Diciembre ", 12), ("3", 3), ("03", 3), ("12", 12)])
def test_parse_month(text, number):
    assert parse_month(text) == number


@pytest.mark.parametrize("text", ["", "13", "0", "january", "ene", "-1"])
def test_parse_month_rejects(text):
    assert parse_month(text) is None


@pytest.mark.parametrize(("text", "index"), [("lunes", 0), ("Miércoles", 2), ("miercoles", 2),
                                              ("SÁBADO", 5), ("sabado", 5), ("domingo", 6)])
def test_parse_weekday(text, index):
    assert parse_weekday(text) == index


def test_every_canonical_name_parses():
    assert [parse_month(name) for name in MONTHS] == list(range(1, 13))
    assert [parse_weekday(name) for name in WEEKDAYS] == list(range(7))
    assert parse_weekday("monday") is None
