"""Keyword rules on hand-written raw rows, and the bundled keywords file through them."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from movierec.etl.keywords import KEYWORD_COLUMNS, clean_keywords
from movierec.etl.read import read_raw
from tests.conftest import SAMPLE_DIR

TOY_STORY = "[{'id': 931, 'name': 'jealousy'}, {'id': 4290, 'name': 'toy'}]"


def raw(*rows: tuple[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(KEYWORD_COLUMNS), dtype=object)
    return frame.assign(source_row=range(1, len(rows) + 1))


def test_a_film_keywords_are_unnested_in_order():
    result = clean_keywords(raw(("862", TOY_STORY), ("8844", "[]")), {862, 8844})
    assert result.keywords.to_dict("records") == [
        {"movie_id": 862, "keyword_id": 931, "name": "jealousy", "position": 0},
        {"movie_id": 862, "keyword_id": 4290, "name": "toy", "position": 1}]
    assert (result.rows_kept, result.quarantine, result.reasons) == (2, [], {})
    assert dict(result.keywords.dtypes.astype(str)) == {
        "movie_id": "int64", "keyword_id": "int64", "name": "object", "position": "int16"}


@pytest.mark.parametrize(("row", "reason"), [
    (("", TOY_STORY), "invalid_id"),
    (("1997-08-20", TOY_STORY), "invalid_id"),
    (("12345678901234567890", TOY_STORY), "invalid_id"),
    (("²", TOY_STORY), "invalid_id"),
    (("862", "[{'id': 931, 'name': 'jealousy'"), "invalid_keywords"),
    (("862", "{'id': 931, 'name': 'jealousy'}"), "invalid_keywords"),
    (("862", "[{'id': '931', 'name': 'jealousy'}]"), "invalid_keywords"),
    (("862", "[{'id': 9.5, 'name': 'jealousy'}]"), "invalid_keywords"),
    (("862", "[{'id': 99999999999, 'name': 'jealousy'}]"), "invalid_keywords"),
    (("862", "[{'id': 931, 'name': ['jealousy']}]"), "invalid_keywords"),
    (("862", "[{'id': 931, 'name': '\\ud800'}]"), "invalid_keywords"),
    (("862", "[{'id': 931}]"), "invalid_keywords"),
    (("862", "__import__('os').system('true')"), "invalid_keywords"),
    (("5", TOY_STORY), "movie_not_in_catalog"),
])
def test_a_bad_row_is_quarantined_with_its_reason(row, reason):
    result = clean_keywords(raw(row), {862})
    assert result.keywords.empty and result.rows_kept == 0
    assert result.quarantine == [{"source_row": 1, "reason": reason,
                                  "fields": {"id": row[0], "keywords": row[1]}}]


def test_a_repeated_id_keeps_its_first_row():
    result = clean_keywords(raw(("862", TOY_STORY), ("862", TOY_STORY), ("862", "[]")), {862})
    assert result.rows_kept == 1 and result.reasons == {"duplicate_id": 2}
    assert len(result.keywords) == 2


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=12), st.text(max_size=40)), max_size=8))
def test_every_row_is_kept_or_quarantined(rows):
    result = clean_keywords(raw(*rows), {862})
    assert result.rows_kept + len(result.quarantine) == len(rows)
    assert set(result.keywords["movie_id"]) <= {862}


def test_the_bundled_keywords_file_is_clean():
    table = read_raw("palabras clave", SAMPLE_DIR / "keywords.csv.gz", KEYWORD_COLUMNS)
    ids = {int(text) for text in table.frame["id"]}
    result = clean_keywords(table.frame, ids)
    assert result.reasons == {} and result.rows_kept == len(table.frame) > 2000
    assert result.keywords["movie_id"].nunique() < result.rows_kept  # some films have no keywords
    inception = result.keywords[result.keywords["movie_id"] == 27205]
    assert {"dream", "heist"} <= set(inception["name"])


def test_the_etl_accounts_for_every_keyword_row(tmp_path):
    from movierec.artifacts import read_table, resolve_dir, verify_artifacts
    from movierec.etl.pipeline import RawSources, choose_sources, run_etl
    from tests.conftest import SAMPLE

    path = tmp_path / "keywords.csv"
    path.write_text("id,keywords\r\n862," + '"' + TOY_STORY + '"' + "\r\n862,[]\r\nx,[]\r\n999999999,[]\r\n1,2,3\r\n",
                    encoding="utf-8")
    sources = RawSources(SAMPLE.movies, SAMPLE.credits, keywords=path)
    manifest = run_etl(sources, tmp_path / "out")
    assert manifest["keywords"] == {"rows_in": 5, "rows_kept": 1, "rows_quarantined": 4, "reasons": {
        "duplicate_id": 1, "invalid_id": 1, "movie_not_in_catalog": 1, "wrong_field_count": 1}}
    version = resolve_dir(tmp_path / "out")
    verify_artifacts(version)
    assert list(read_table(version, "keywords")["name"]) == ["jealousy", "toy"]
    assert choose_sources(SAMPLE_DIR).keywords == SAMPLE.keywords  # the sample brings its keywords
    own = choose_sources(SAMPLE_DIR, SAMPLE.movies, SAMPLE.credits, no_ratings=True)
    assert own.keywords is None  # never the sample's keywords with other films
