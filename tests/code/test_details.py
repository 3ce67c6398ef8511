"""Units of the card's storage (movierec.details) and of the retorno_dudoso rule."""

import numpy as np
import pandas as pd
import pytest

from movierec.catalog import doubtful_return
from movierec.details import Packed, Strings, grouped, poster_url


@pytest.mark.parametrize(("path", "url"), [
    ("/rhIRbceoE9lR4veEXuwCC2wARtG.jpg", "https://image.tmdb.org/t/p/w342/rhIRbceoE9lR4veEXuwCC2wARtG.jpg"),
    ("/a-b_c.png", "https://image.tmdb.org/t/p/w342/a-b_c.png"),
    (None, None), ("", None), ("rhIRbceoE9lR4veEXuwCC2wARtG.jpg", None), ("/../../x.jpg", None),
    ("javascript:alert(1)", None), ("/x.jpg?y=1", None), ("//evil.example/x.jpg", None), ("/x.svg", None),
])
def test_only_tmdb_shaped_poster_paths_become_urls(path, url):
    assert poster_url(path) == url


@pytest.mark.parametrize(("budget", "revenue", "doubtful"), [
    (0, 0, False), (0, 500, True), (1, 8_500_000, True), (999.99, 0, True), (1000, 0, False),
    (30_000_000, 373_554_033, False), (30_000_000, 999, True), (30_000_000, 0, False),
])
def test_doubtful_return_rule(budget, revenue, doubtful):
    assert doubtful_return(budget, revenue) is doubtful


def test_packed_values_round_trip_and_a_lone_surrogate_is_shown_replaced():
    values = [{"a": "ñandú", "b": [1, None]}, None, [], {"x": "bad \ud800 text"}]
    packed = Packed(values)
    assert [packed.get(row) for row in range(3)] == values[:3]
    assert packed.get(3) == {"x": "bad ? text"}


def test_strings_keep_nulls_apart_from_empty_texts():
    strings = Strings(["a", "", None, "ü"], [False, False, True, False])
    assert [strings.get(index) for index in range(4)] == ["a", "", None, "ü"]
    assert strings.span(1, 4) == ["", None, "ü"]


def test_grouped_orders_each_films_rows_keeps_the_first_ones_and_drops_unknown_films():
    frame = pd.DataFrame({"name": ["c", "a", "b", "x", "d"], "order": [2, 0, 1, 0, 0]})
    rows = np.array([1, 1, 1, -1, 0])
    assert grouped(frame, ["name"], rows, frame["order"].to_numpy(), 3) == [["d"], ["a", "b", "c"], []]
    assert grouped(frame, ["name"], rows, frame["order"].to_numpy(), 3, limit=2) == [["d"], ["a", "b"], []]
    empty = frame.iloc[:0]
    assert grouped(empty, ["name", "order"], rows[:0], np.zeros(0, int), 2) == [[], []]
