"""The user model on tiny hand-made likes where the right answer is known."""

import numpy as np
from scipy import sparse

from movierec.recommend.metrics import validation_half
from movierec.recommend.users import Ease, fit_ease, user_picks

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
    rows, scores, _ = user_picks(model, user, user, popular, 2)
    assert rows[0].tolist() == [G, T] and scores[0, 0] > scores[0, 1] > 0
    positive_only = Ease(model.films, np.maximum(model.weights, 0.0))
    assert user_picks(positive_only, user, user, popular, 2)[0][0].tolist() == [T, G]


def test_validation_half_is_a_fixed_half():
    first, again = validation_half(655), validation_half(655)
    assert first.sum() == 327 and (first == again).all()
    assert 0 < first[:100].sum() < 100   # dealt at random, not the first users
