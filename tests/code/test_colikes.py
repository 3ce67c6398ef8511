"""Blocked, pruned co-likes against a dense reference; the keyword block of the content features."""

from unittest import mock

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from movierec.recommend import collaborative
from movierec.recommend.collaborative import ItemSimilarity, co_likes
from movierec.recommend.content import FIELD_WEIGHTS, content_features


def dense_reference(likes: np.ndarray, top: int) -> np.ndarray:
    """All co-like counts, then each row's `top` by cosine c / sqrt(n_j) and `top` by count, ties to the lower column."""
    x = likes.astype(np.float32)
    common = x.T @ x
    np.fill_diagonal(common, 0)
    norm = np.sqrt(x.sum(axis=0))
    kept = np.zeros_like(common)
    for i, row in enumerate(common):
        for key in (np.divide(row, norm, out=np.zeros_like(row), where=row > 0), row):
            order = sorted(np.flatnonzero(row > 0), key=lambda j: (-key[j], j))[:top]
            kept[i, order] = row[order]
    return kept


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 12).flatmap(lambda films: st.tuples(
    st.lists(st.lists(st.booleans(), min_size=films, max_size=films), min_size=1, max_size=30),
    st.integers(1, 5), st.integers(1, 3 * films))))
def test_blocked_pruned_co_likes_equal_the_dense_reference(case):
    """Binary likes make many equal counts and cosines (ties); tiny blocks put boundaries everywhere."""
    rows, top, cells = case
    likes = np.array(rows, dtype=bool)
    with mock.patch.object(collaborative, "BLOCK_CELLS", cells):
        liked, common, counts = co_likes(sparse.csr_matrix(likes.astype(np.float32)), top)
    assert liked.tolist() == np.flatnonzero(likes.any(axis=0)).tolist()
    assert counts.tolist() == likes.sum(axis=0).tolist()
    assert np.array_equal(common.toarray(), dense_reference(likes, top))


def test_variants_rank_within_the_kept_pairs():
    """values() and block() agree; shrink lowers a similarity; a pair not kept is 0 under every variant."""
    common = sparse.csr_matrix(np.array([[0, 4, 1], [4, 0, 0], [1, 0, 0]], dtype=np.float32))
    norm = np.sqrt(np.array([8, 4, 1], dtype=np.float32))
    cosine = ItemSimilarity(np.arange(3), common, norm, norm)
    block = cosine.block(np.array([0, 1]), np.array([2, 1, 0]))
    assert block[0].tolist() == cosine.values(np.zeros(3, int), np.array([2, 1, 0])).tolist()
    assert block[0, 1] == np.float32(4) / (norm[0] * norm[1]) and block[1, 0] == 0
    assert cosine.with_shrink(10).values(np.array([0]), np.array([1]))[0] < block[0, 1]
    assert collaborative.raw_counts(cosine).values(np.array([0]), np.array([1]))[0] == 4
    assert cosine.matrix().toarray()[0, 1] == block[0, 1]


def tiny_catalog() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Four films with the same genre and nothing else in common; 1 and 2 share a keyword, 4 has none."""
    movies = pd.DataFrame({"id": [1, 2, 3, 4], "overview": ["", "", "", ""], "tagline": [None] * 4,
                           "genres": ["Drama"] * 4, "collection_id": [None] * 4,
                           "production_companies": [""] * 4})
    def empty(dtype: str) -> pd.Series:
        return pd.Series([], dtype=dtype)

    cast = pd.DataFrame({"movie_id": empty("int64"), "person_id": empty("int64"), "name": empty("object"),
                         "character": empty("object"), "order": empty("int64")})
    crew = pd.DataFrame({"movie_id": empty("int64"), "person_id": empty("int64"), "name": empty("object"),
                         "job": empty("object"), "department": empty("object")})
    keywords = pd.DataFrame({"movie_id": [1, 2, 3, 99], "keyword_id": [10, 10, 20, 10],
                             "name": ["heist", "heist", "space", "heist"], "position": [0, 0, 0, 0]})
    return movies, cast, crew, keywords


def cosines(features) -> np.ndarray:
    matrix = features.matrix()
    return (matrix @ matrix.T).toarray()


def test_shared_keyword_brings_films_together():
    movies, cast, crew, keywords = tiny_catalog()
    with_keywords = cosines(content_features(movies, cast, crew, keywords))
    assert with_keywords[0, 1] > with_keywords[0, 2]            # same keyword beats another keyword
    assert with_keywords[0, 1] > with_keywords[0, 3]            # and beats a film without keywords
    assert np.allclose(np.diag(with_keywords), 1.0)             # rows stay unit vectors
    without = cosines(content_features(movies, cast, crew))     # no keywords table (etl without --keywords)
    assert np.allclose(without, 1.0)                            # genre alone: all alike
    weightless = cosines(content_features(movies, cast, crew, keywords, {**FIELD_WEIGHTS, "keywords": 0.0}))
    assert np.allclose(weightless, without)                     # weight 0 = no keyword block
    assert np.isclose(with_keywords[3, 0], with_keywords[3, 1])   # a film without keywords is treated alike
