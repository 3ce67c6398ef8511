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
        "users": 2, "hidden_share": 0.2, "at": 10, "lambda": 200.0, "ease_films": 0})
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
