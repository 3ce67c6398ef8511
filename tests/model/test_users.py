"""The user model on tiny hand-made likes where the right answer is known."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse

from movierec.recommend import users as user_model
from movierec.recommend.data import in_time_order
from movierec.recommend.metrics import validation_half
from movierec.recommend.users import (Profiles, UserModel, fit_ease, fit_sequence, rating_matrices, strongest,
                                      user_picks)

A, N, T, G = 0, 1, 2, 3


def likes_of(groups: list[tuple[int, list[int]]], films: int = 4) -> sparse.csr_matrix:
    """Binary users × films likes: `size` users liking each listed set of films."""
    rows, columns, user = [], [], 0
    for size, liked in groups:
        for _ in range(size):
            rows += [user] * len(liked)
            columns += liked
            user += 1
    return sparse.csr_matrix((np.ones(len(rows), np.float32), (rows, columns)), shape=(user, films))


def test_ease_is_the_closed_form_with_its_negative_weights():
    likes = likes_of([(12, [A, T]), (8, [A, N]), (6, [A, G]), (4, [N, G])])
    model = fit_ease(likes, lam=5.0)
    gram = (likes.T @ likes).toarray().astype(np.float64) + 5.0 * np.eye(4)
    inverse = np.linalg.inv(gram)
    expected = -inverse / np.diag(inverse)
    np.fill_diagonal(expected, 0.0)
    assert model.films.tolist() == [A, N, T, G]
    np.testing.assert_allclose(model.weights, expected, rtol=1e-5, atol=1e-6)
    assert model.weights[N, T] < 0   # N's audience never likes T: the weight that says so is kept


def test_a_film_the_users_other_like_shuns_ranks_below_one_it_likes():
    """Liking A points to T (12 co-likes) more than to G (6), but N's audience likes G and never T.
    A user who liked A and N gets G first; positive weights alone (what keeping each film's
    strongest weights amounts to) would put T first."""
    likes = likes_of([(12, [A, T]), (8, [A, N]), (6, [A, G]), (4, [N, G]), (1, [A, N])])
    model = fit_ease(likes, lam=5.0)
    user = likes[-1:]
    popular = np.array([A, T, N, G])
    rows, scores, _, _ = user_picks(model, Profiles(user, user, user), popular, 2)
    assert rows[0].tolist() == [G, T] and scores[0, 0] > scores[0, 1] > 0
    positive_only = UserModel(model.films, np.maximum(model.weights, 0.0))
    assert user_picks(positive_only, Profiles(user, user, user), popular, 2)[0][0].tolist() == [T, G]


def test_validation_half_is_a_fixed_half():
    first, again = validation_half(655), validation_half(655)
    assert first.sum() == 327 and (first == again).all()
    assert 0 < first[:100].sum() < 100   # dealt at random, not the first users


def ratings_of(sequences: dict[int, list[int]], liked: set[tuple[int, int]] = frozenset()) -> pd.DataFrame:
    """Each user's films in the order rated (one second apart); (user, film) in `liked` rated 4.5, else 3."""
    rows = [(user, film, 4.5 if (user, film) in liked else 3.0, 1000 + second)
            for user, films in sequences.items() for second, film in enumerate(films)]
    return pd.DataFrame(rows, columns=["user_id", "movie_id", "rating", "timestamp"])


def test_sequence_counts_films_rated_soon_after_over_the_root_of_ratings():
    """S[i, j] = times j came within `window` ratings after i, over sqrt(ratings of i): gaps count
    every rating (film 50, outside the model, still takes a place), never across users."""
    ids = np.array([10, 20, 30, 40, 50])
    ratings = ratings_of({1: [10, 20, 50, 30], 2: [10, 30], 3: [20, 10], 4: [40]})
    films = np.array([0, 1, 2, 3])   # catalog rows of 10, 20, 30, 40
    s = fit_sequence(ratings, ids, films, window=2)
    expected = np.zeros((4, 4))
    expected[0, 1] = 1   # user 1: 20 right after 10
    expected[1, 2] = 1   # user 1: 30 two places after 20 (50 between)
    expected[0, 2] = 1   # user 2: 30 right after 10 (user 1's 30 is three places after its 10)
    expected[1, 0] = 1   # user 3
    expected /= np.sqrt([3, 2, 2, 1])[:, None]   # ratings of 10, 20, 30, 40
    np.testing.assert_allclose(s, expected, rtol=1e-6)
    assert s.dtype == np.float32


def test_rating_matrices_mark_each_users_latest_ratings_in_time_order(monkeypatch):
    monkeypatch.setattr(user_model, "SEQUENCE_RECENT", 2)
    ids = np.array([10, 20, 30, 40])
    ratings = ratings_of({7: [40, 30, 10, 20], 3: [20]}, liked={(7, 40), (7, 10)})
    ratings.loc[3, "timestamp"] = ratings.loc[2, "timestamp"]   # 10 and 20 at the same second: 20 is later (id)
    ratings = ratings.sample(frac=1.0, random_state=0)          # the table's order must not matter
    users, profiles = rating_matrices(ratings, ids)
    assert users.tolist() == [3, 7]
    assert profiles.recent.toarray().tolist() == [[0, 1, 0, 0], [1, 1, 0, 0]]
    assert profiles.likes.toarray().tolist() == [[0, 0, 0, 0], [1, 0, 0, 1]]
    assert profiles.rated.toarray().tolist() == [[0, 1, 0, 0], [1, 1, 1, 1]]


def test_picks_blend_likes_and_sequences_each_over_its_user_maximum_and_say_which_led():
    """EASE alone picks T (liked N points to it); what others rate right after the user's latest
    film G points to A. The blend is (1 − share) · EASE / its max + share · sequence / its max."""
    weights = np.zeros((4, 4), np.float32)
    weights[N, T], weights[N, A] = 2.0, 1.0
    sequence = np.zeros((4, 4), np.float32)
    sequence[G, A], sequence[G, T] = 3.0, 0.3
    model = UserModel(np.arange(4, dtype=np.int32), weights, sequence)
    likes = sparse.csr_matrix(np.array([[0, 1, 0, 0]], np.float32))
    recent = sparse.csr_matrix(np.array([[0, 0, 0, 1]], np.float32))
    rated = likes + recent
    popular = np.array([A, N, T, G])
    share = user_model.SEQUENCE_SHARE
    rows, scores, because, lately = user_picks(model, Profiles(likes, recent, rated), popular, 2)
    expected = {A: (1 - share) * 1.0 / 2.0 + share, T: (1 - share) + share * 0.3 / 3.0}
    assert rows[0].tolist() == sorted(expected, key=expected.get, reverse=True)
    np.testing.assert_allclose(scores[0], sorted(expected.values(), reverse=True), rtol=1e-6)
    reason = dict(zip(rows[0].tolist(), zip(because[0].tolist(), lately[0].tolist())))
    assert reason[T] == (N, False)   # mostly the like of N
    assert reason[A] == ((G, True) if share > (1 - share) / 2 else (N, False))
    alone = user_picks(UserModel(model.films, weights), Profiles(likes, recent, rated), popular, 2)
    assert alone[0][0].tolist() == [T, A] and not alone[3].any()


def test_the_strongest_film_sums_its_parts_and_says_whether_the_sequence_gave_more():
    like = sparse.csr_matrix(np.array([[1, 1, 0], [0, 0, 1], [1, 0, 0]], dtype=np.float32))
    like_to = np.array([[0, 0.2, 0.5], [0.3, 0, 0.1], [-0.4, 0.9, 0]], dtype=np.float32)
    films = np.array([10, 11, 12])
    picked = np.array([[2, 1], [1, -1], [1, 2]])  # model films picked for each user (-1: none)
    ones = np.ones(3)
    because, lately = strongest([(like, like_to, ones)], picked, films)
    assert because.tolist() == [[11, 10], [12, -1], [10, -1]] and not lately.any()
    recent = sparse.csr_matrix(np.array([[0, 0, 1], [0, 0, 0], [0, 1, 0]], dtype=np.float32))
    recent_to = np.array([[0, 0, 0], [0, 0, 0.5], [0, 0, 0]], dtype=np.float32)  # only film 1 gains: from film 2
    because, lately = strongest([(like, like_to, ones), (recent, recent_to, np.array([2.0, 1.0, 1.0]))],
                                picked, films)
    # user 0, pick 1: film 2 adds 0.5 · 2 through the sequence, more than film 0's like (0.3)
    assert because.tolist() == [[11, 12], [12, -1], [10, -1]]
    assert lately.tolist() == [[False, True], [False, False], [False, False]]


@pytest.mark.parametrize("share", [0.0, 1.0])
def test_a_blend_with_one_part_at_zero_share_ranks_by_the_other(monkeypatch, share):
    monkeypatch.setattr(user_model, "SEQUENCE_SHARE", share)
    weights = np.array([[0, 2.0, 1.0], [0, 0, 0], [0, 0, 0]], np.float32)
    sequence = np.array([[0, 0.1, 0.9], [0, 0, 0], [0, 0, 0]], np.float32)
    one = sparse.csr_matrix(np.array([[1, 0, 0]], np.float32))
    rows = user_picks(UserModel(np.arange(3, dtype=np.int32), weights, sequence), Profiles(one, one, one),
                      np.array([0, 1, 2]), 2)[0]
    assert rows[0].tolist() == ([1, 2] if share == 0.0 else [2, 1])


def test_a_picks_reason_says_how_its_film_led_to_it():
    from movierec.recommend.model import user_reason

    assert user_reason("Toy Story (1995)") == "porque valoró bien Toy Story (1995)"
    assert user_reason("Toy Story (1995)", lately=True) == (
        "otros usuarios suelen valorarla poco después de Toy Story (1995), que valoró hace poco")
    assert user_reason(None).startswith("popular entre los usuarios")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 4), st.integers(0, 3), st.integers(1, 5), st.floats(0.5, 5.0)), max_size=30))
def test_time_order_is_the_stable_sort_by_user_time_and_film(rows):
    """in_time_order sorts with np.lexsort, or returns a table already in order as it is: either way
    the same rows as pandas' stable sort, and sorting again changes nothing."""
    table = pd.DataFrame(rows, columns=["user_id", "timestamp", "movie_id", "rating"])
    ordered = in_time_order(table)
    expected = table.sort_values(["user_id", "timestamp", "movie_id"], kind="stable")
    pd.testing.assert_frame_equal(ordered, expected)
    assert in_time_order(ordered) is ordered
