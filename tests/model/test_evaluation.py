"""The evaluation protocol: on the sample (targets, separation of users) and on tiny hand-made ratings."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from movierec.recommend.collaborative import shrunk_cosine
from movierec.recommend.data import load_tables, user_folds
from movierec.recommend.metrics import (AT, Truth, bootstrap, cosine_truth, hits, ndcg, popularity_bias,
                                        user_scores)


def ratings_of(likes: dict[int, list[int]], dislikes: dict[int, list[int]] | None = None) -> pd.DataFrame:
    rows = [(user, movie, 5.0, 0) for user, movies in likes.items() for movie in movies]
    rows += [(user, movie, 1.0, 0) for user, movies in (dislikes or {}).items() for movie in movies]
    return pd.DataFrame(rows, columns=["user_id", "movie_id", "rating", "timestamp"])


def hand_made() -> tuple[pd.DataFrame, np.ndarray]:
    """Films 1–6. Film 1 is liked by everybody (the blockbuster); films 2 and 3 by the same
    small group (a niche pair); 4 and 5 by another group; 6 by one user of the first group."""
    likes = {}
    for user in range(1, 21):
        likes[user] = [1]
    for user in range(1, 7):
        likes[user] += [2, 3]
    likes[1] += [6]
    for user in range(7, 13):
        likes[user] += [4, 5]
    return ratings_of(likes), np.arange(1, 7)


def test_truth_is_the_niche_partner_not_the_blockbuster():
    ratings, ids = hand_made()
    truth = cosine_truth(ratings, ids, min_likers=5, min_common=3, top=1)
    row = {movie: i for i, movie in enumerate(ids)}
    relevant = {int(ids[key // len(ids)]): int(ids[key % len(ids)]) for key in truth.keys}
    assert relevant[2] == 3 and relevant[3] == 2 and relevant[4] == 5   # not the blockbuster 1
    assert row[6] not in truth.queries     # one liker: not a query film


def test_raw_counts_would_have_chosen_the_blockbuster_but_the_cosine_does_not():
    ratings, ids = hand_made()
    similarity = shrunk_cosine(ratings, ids, 0.0)
    row = {int(movie): i for i, movie in enumerate(ids)}
    every = np.arange(len(ids))
    cosine = similarity.block(np.array([row[2]]), every)[0]
    assert similarity.common[row[2], row[1]] == similarity.common[row[2], row[3]]   # same raw count
    assert cosine[row[3]] > cosine[row[1]]                                           # cosine prefers 3
    assert ((similarity.block(every, every) >= 0) & (similarity.block(every, every) <= 1)).all()
    assert similarity.with_shrink(10.0).block(np.array([row[2]]), every)[0][row[3]] < cosine[row[3]]


def test_metrics_on_known_lists():
    truth = Truth(queries=np.array([0, 1]), sizes=np.array([2, 1]),
                  keys=np.sort(np.array([0 * 10 + 5, 0 * 10 + 6, 1 * 10 + 7])), n=10)
    recommended = np.array([[5, 6, 1, 2, 3], [2, 3, 4, 8, 7]])
    hit = hits(recommended, truth)
    assert hit.tolist() == [[True, True, False, False, False], [False, False, False, False, True]]
    gains = ndcg(hit, truth.sizes)
    assert gains[0] == pytest.approx(1.0) and gains[1] == pytest.approx(1 / np.log2(6))
    likes = np.arange(100)       # film 99 is the most liked: the 1% head is that one film
    head, percentile = popularity_bias(np.array([[99, 0, 1, 2, 3]]), likes)
    assert head[0] == pytest.approx(1 / AT) and percentile[0] == pytest.approx((99.5 + 0.5 + 1.5 + 2.5 + 3.5) / 5)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 1), min_size=1, max_size=200))
def test_bootstrap_interval_holds_the_mean(values):
    figure = bootstrap(np.array(values))
    assert figure["low"] - 1e-12 <= figure["mean"] <= figure["high"] + 1e-12 and figure["n"] == len(values)


def test_user_scores_on_known_lists():
    recall, gain = user_scores(np.array([[1, 2, 3], [4, 5, 6]]), [{2}, {7, 8}])
    assert recall.tolist() == [1.0, 0.0] and gain[0] == pytest.approx(1 / np.log2(3))


def test_folds_hold_out_every_user_once(tables_sample):
    folds = user_folds(tables_sample.ratings, 5)
    users = np.concatenate(folds)
    assert len(users) == len(np.unique(users)) == tables_sample.ratings["user_id"].nunique()


@pytest.fixture(scope="module")
def tables_sample(trained_artifacts):
    return load_tables(trained_artifacts)


def test_evaluation_meets_the_targets(evaluation):
    results, report = evaluation
    methods = results["methods"]
    hybrid = methods["hybrid"]["ndcg"]["mean"]
    assert hybrid >= 4 * methods["genre"]["ndcg"]["mean"]
    assert hybrid >= 3 * methods["popular"]["ndcg"]["mean"] and results["sanity"]["ok"]
    assert methods["hybrid"]["head_share"]["mean"] <= 0.2 < methods["popular"]["head_share"]["mean"]
    assert methods["hybrid"]["collection_share"]["mean"] >= 0.9
    assert methods["hybrid"]["ndcg"]["low"] > methods["raw_counts"]["ndcg"]["high"]   # normalising pays
    users = results["users"]["methods"]
    assert users["ease"]["recall"]["mean"] > users["popular"]["recall"]["mean"]
    text = report.read_text()
    assert "| Híbrido" in text and "recall@10" in text and "nDCG@10" in text
    assert results["users"]["without_future"]["ease"]["n"] == results["users"]["users"]   # every judged user, once
    assert "Sin el futuro" in text and "sin el futuro de los demás usuarios" in text


def test_weights_are_chosen_without_the_test_fold(evaluation):
    results, _ = evaluation
    assert len(results["chosen"]) == results["protocol"]["folds"]
    assert all(entry["validation"]["queries"] > 0 for entry in results["chosen"])


def test_evaluation_fails_loudly_when_popularity_wins(trained_artifacts, monkeypatch, tmp_path):
    """If most-popular were not far below the model, `evaluate` raises after writing the report."""
    from movierec.recommend import evaluation

    monkeypatch.setattr(evaluation, "SANITY_RATIO", 0.0)
    monkeypatch.setattr(evaluation, "FOLDS", 2)
    monkeypatch.setattr(evaluation, "user_protocol", lambda tables, stage: {
        "methods": {name: {"recall": bootstrap(np.ones(2)), "ndcg": bootstrap(np.ones(2)),
                           "validation": {"recall": 1.0, "ndcg": 1.0}, "test": {"recall": 1.0, "ndcg": 1.0}}
                    for name in evaluation.USER_METHODS},
        "users": 2, "hidden_share": 0.2, "at": 10, "lambda": 200.0, "ease_films": 0,
        "without_future": {"groups": 10, "ease": bootstrap(np.ones(2)), "popular": bootstrap(np.ones(2))}})
    import shutil

    artifacts = shutil.copytree(trained_artifacts, tmp_path / "art")   # evaluate rewrites the model card
    report = tmp_path / "evaluation.md"
    with pytest.raises(evaluation.EvaluationError, match="más populares"):
        evaluation.evaluate(artifacts, report)
    assert "NO se cumple" in report.read_text()


def test_an_evaluated_model_still_verifies_and_serves(evaluation, trained_artifacts):
    """evaluate rewrites the model card: its new checksum is recorded, so serving still accepts it."""
    from movierec.serving import Served

    assert (trained_artifacts / "model" / "evaluation.json").is_file()
    served = Served.load(trained_artifacts)
    assert served.model.similar(862, 5)


def test_without_the_future_a_user_cannot_profit_from_co_likes_made_after_their_cut():
    """User 1 liked A, then (hidden) B. Only later users like A and B together, and ten fillers are
    liked more than B. Fitted on every kept rating, EASE finds B for user 1 and most-popular does not;
    fitted only on what was rated up to user 1's cut, neither can: 1.0 against 0.0."""
    from movierec.progress import silent_stage
    from movierec.recommend.data import Tables
    from movierec.recommend.evaluation import user_protocol

    a, b, fillers = 1, 2, list(range(3, 15))
    rows = [(1, a, 5.0, 1), (1, b, 5.0, 2)]
    for user in range(2, 7):        # later: A and B together; their hidden last rating is no like
        rows += [(user, a, 5.0, 100), (user, b, 5.0, 101), (user, fillers[0], 1.0, 102)]
    for user in range(7, 17):       # fillers F1..F10 liked by ten users; their hidden ratings are no likes
        rows += [(user, film, 5.0, 200 + t) for t, film in enumerate(fillers[:10])]
        rows += [(user, film, 1.0, 210 + t) for t, film in enumerate(fillers[10:])]
    ratings = pd.DataFrame(rows, columns=["user_id", "movie_id", "rating", "timestamp"])
    movies = pd.DataFrame({"id": [a, b, *fillers], "vote_count": [100, 0] + [100] * len(fillers)})
    empty = pd.DataFrame(columns=["movie_id", "person_id", "name"])
    results = user_protocol(Tables(movies, empty, empty, ratings, "", empty), silent_stage)
    assert results["users"] == 1   # only user 1 hid a like
    assert results["methods"]["ease"]["recall"]["mean"] == 1.0
    assert results["methods"]["popular"]["recall"]["mean"] == 0.0
    past = results["without_future"]
    assert past["ease"]["mean"] == 0.0 and past["popular"]["mean"] == 0.0
