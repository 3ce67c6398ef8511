"""top_k keeps each row's k best by score, ties to the lower rank, whether ties are few or wide."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from movierec.recommend.ranking import top_k


@st.composite
def blocks(draw):
    rows, n = draw(st.integers(1, 6)), draw(st.integers(2, 60))
    k = draw(st.integers(1, n))
    values = draw(st.sampled_from([[0.0], [0.0, 0.5], [0.0, 0.25, 0.5, 1.0], [-np.inf, 0.0, 0.3]]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    wide_ties = draw(st.booleans())
    block = (rng.choice(values, (rows, n)) if wide_ties else rng.random((rows, n))).astype(np.float32)
    return block, k, rng.permutation(n)


@settings(max_examples=300, deadline=None)
@given(blocks())
def test_top_k_equals_a_full_sort(case):
    block, k, rank = case
    columns, scores = top_k(block, k, rank)
    for row in range(block.shape[0]):
        expected = sorted(range(block.shape[1]), key=lambda column: (-block[row, column], rank[column]))[:k]
        assert columns[row].tolist() == expected
        assert scores[row].tolist() == block[row, expected].tolist()
