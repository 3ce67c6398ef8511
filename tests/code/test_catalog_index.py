"""Units of the catalog index (movierec.etl.index), its packed columns (movierec.packed) and the
retorno_dudoso rule."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from movierec.catalog import doubtful_return
from movierec.etl.index import grouped, people_arrays, poster_url
from movierec.packed import Packed, Strings


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
    packed = Packed.pack(values)
    assert [packed.get(row) for row in range(3)] == values[:3]
    assert packed.get(3) == {"x": "bad ? text"}


def test_strings_keep_nulls_apart_from_empty_texts():
    strings = Strings.pack(["a", "", None, "ü"])
    assert [strings.get(index) for index in range(4)] == ["a", "", None, "ü"]
    assert strings.span(1, 4) == ["", None, "ü"]
    assert strings.tolist() == ["a", "", None, "ü"]
    assert strings.check()


@given(st.lists(st.text(alphabet="ab\x00ñ\U0010ffff", max_size=12) | st.text(max_size=4), unique=True, max_size=40),
       st.text(alphabet="ab\x00ñ", max_size=12))
def test_a_sorted_column_finds_exactly_its_keys(keys, probe):
    """Also when many keys share their first 8 bytes (the part searched as numbers)."""
    strings = Strings.pack(sorted(keys))
    assert strings.check()
    for position, key in enumerate(sorted(keys)):
        assert strings.position(key) == position
    assert (strings.position(probe) is None) == (probe not in keys)


def test_damaged_offsets_are_caught():
    strings = Strings.pack(["ab", "c"])
    assert not Strings(strings.blob, strings.ends[::-1].copy(), strings.missing).check()
    assert not Strings(strings.blob[:-1], strings.ends, strings.missing).check()
    assert not Strings(strings.blob, strings.ends[:-1], strings.missing).check()


@given(st.lists(st.tuples(st.sampled_from(["ann", "bob", "cid", "dee", ""]), st.integers(0, 5),
                          st.one_of(st.none(), st.text(max_size=3))), max_size=30),
       st.lists(st.sampled_from(["bob", "eve", "fay"]), max_size=4))
def test_people_csr_is_sorted_by_name_with_each_persons_films_by_row(credits, without):
    """Against a plain dict of lists: every person's films once, in row order, with the role of
    the first credit in that film; people known only through `without_films` have none."""
    frame = pd.DataFrame(credits, columns=["name_key", "movie_id", "character"])
    frame["name"] = frame["name_key"].str.upper()
    film_order = pd.Series(np.arange(6)[::-1], index=np.arange(6))  # movie id m is row 5 - m
    others = pd.DataFrame({"name_key": without, "name": [key.upper() for key in without], "movie_id": 0})
    arrays = people_arrays(frame, film_order, without_films=others)
    expected: dict[str, dict[int, str | None]] = {}
    for key, movie, role in credits:
        if key:
            expected.setdefault(key, {}).setdefault(5 - movie, role)
    for key in without:
        expected.setdefault(key, {})
    keys = Strings.of(arrays, "key")
    assert keys.tolist() == sorted(expected)
    assert Strings.of(arrays, "name").tolist() == [key.upper() for key in sorted(expected)]
    roles = Strings.of(arrays, "character")
    for position, key in enumerate(sorted(expected)):
        start, end = arrays["offsets"][position], arrays["offsets"][position + 1]
        assert arrays["rows"][start:end].tolist() == sorted(expected[key])
        assert roles.span(start, end) == [expected[key][row] for row in sorted(expected[key])]


def test_grouped_orders_each_films_rows_keeps_the_first_ones_and_drops_unknown_films():
    frame = pd.DataFrame({"name": ["c", "a", "b", "x", "d"], "order": [2, 0, 1, 0, 0]})
    rows = np.array([1, 1, 1, -1, 0])
    assert grouped(frame, ["name"], rows, frame["order"].to_numpy(), 3) == [["d"], ["a", "b", "c"], []]
    assert grouped(frame, ["name"], rows, frame["order"].to_numpy(), 3, limit=2) == [["d"], ["a", "b"], []]
    empty = frame.iloc[:0]
    assert grouped(empty, ["name", "order"], rows[:0], np.zeros(0, int), 2) == [[], []]
