"""Behavioural tests of the recommender on the bundled real sample."""

import json
import shutil
import time

import numpy as np
import pytest

from movierec.etl.pipeline import RawSources, run_etl
from movierec.recommend import ModelError, RecommenderModel, train
from movierec.recommend.collaborative import catalog_rows, item_similarity, like_prior
from movierec.recommend.content import content_features
from movierec.recommend.data import load_tables
from movierec.recommend.evaluation import popular_order
from movierec.recommend.model import score_user
from movierec.recommend.ranking import Blend, Signals, blend_top_k, grid_top_k
from tests.conftest import SAMPLE

TOY_STORY, TOY_STORY_2 = 862, 863


@pytest.fixture(scope="module")
def tables(trained_artifacts):
    return load_tables(trained_artifacts)


def test_toy_story_recommends_toy_story_2(sample_model):
    assert TOY_STORY_2 in [movie for movie, _ in sample_model.similar(TOY_STORY, 5)]


def test_every_film_has_neighbours_and_never_itself(sample_model, tables):
    model = sample_model
    n, k = model.neighbours.shape
    assert n == len(tables.movies) and k >= 20
    rows = np.arange(n)[:, None]
    assert not (model.neighbours == rows).any()
    assert ((model.neighbours >= 0) & (model.neighbours < n)).all()
    assert all(len(set(row)) == k for row in model.neighbours.tolist())
    for movie in model.ids[::97]:
        assert movie not in [other for other, _ in model.similar(int(movie), 20)]


def test_scores_descend_and_ties_go_by_id(sample_model):
    scores, neighbours = sample_model.scores, sample_model.neighbours
    assert (np.diff(scores, axis=1) <= 0).all()
    tied = np.diff(scores, axis=1) == 0
    assert (np.diff(neighbours, axis=1)[tied] > 0).all()  # rows are in ascending id order


def test_training_is_deterministic(sample_model, retrained_model):
    for name in ("ids", "neighbours", "scores"):
        first, second = getattr(sample_model, name), getattr(retrained_model, name)
        assert first.dtype == second.dtype and first.tobytes() == second.tobytes(), name
    for name in ("user_ids", "rows", "scores"):
        assert getattr(sample_model.users, name).tobytes() == getattr(retrained_model.users, name).tobytes()


def test_film_without_ratings_gets_content_recommendations(sample_model, tables):
    rated = set(tables.ratings["movie_id"])
    movies = tables.movies
    unrated = movies[~movies["id"].isin(rated) & movies["overview"].fillna("").str.len().gt(100)]
    features = content_features(movies, tables.cast, tables.crew)
    row_of = {movie: row for row, movie in enumerate(movies["id"])}
    for movie in unrated["id"].head(20):
        answer = sample_model.similar(int(movie), 5)
        assert len(answer) == 5 and len({m for m, _ in answer}) == 5 and movie not in [m for m, _ in answer]
        i = row_of[movie]
        cosine = [features.sparse[i].multiply(features.sparse[row_of[m]]).sum()
                  + features.genre_scale[i] * features.genre_scale[row_of[m]]
                  * features.genre_table[features.genre_set[i], features.genre_set[row_of[m]]] for m, _ in answer]
        assert min(cosine) > 0, (movie, answer)


def test_film_with_no_description_is_padded_by_popularity(sample_model, tables):
    movies = tables.movies
    empty = movies[(movies["overview"].fillna("") == "") & (movies["genres"].fillna("") == "")
                   & movies["collection_id"].isna() & (movies["production_companies"].fillna("") == "")]
    empty = empty[~empty["id"].isin(tables.cast["movie_id"]) & ~empty["id"].isin(tables.ratings["movie_id"])]
    assert len(empty)
    most_liked = sample_model.similar(int(empty["id"].iloc[0]), 20)
    assert len(most_liked) == 20
    assert [score for _, score in most_liked] == sorted((score for _, score in most_liked), reverse=True)
    assert most_liked[0][1] > 0


def test_collection_siblings_come_first(sample_model, tables):
    movies = tables.movies.set_index("id")
    toy_story = set(movies.index[movies["collection_id"] == movies.loc[TOY_STORY, "collection_id"]])
    for movie in toy_story:
        assert toy_story - {movie} <= {m for m, _ in sample_model.similar(movie, 5)}
    assert sample_model.meta["served_collection_share"] >= 0.8


def test_similar_bounds_and_unknown_film(sample_model):
    assert sample_model.similar(TOY_STORY, 0) == []
    assert len(sample_model.similar(TOY_STORY, 1000)) == sample_model.neighbours.shape[1]
    with pytest.raises(KeyError):
        sample_model.similar(-1)
    assert not sample_model.has_movie(-1) and sample_model.has_movie(TOY_STORY)


def test_for_user_recommends_unrated_films(sample_model, tables):
    ratings = tables.ratings
    for user in ratings["user_id"].drop_duplicates().head(25):
        answer = sample_model.for_user(int(user), 5)
        films = [movie for movie, _ in answer]
        assert len(films) == 5 and len(set(films)) == 5
        assert not set(films) & set(ratings.loc[ratings["user_id"] == user, "movie_id"])
        assert [s for _, s in answer] == sorted((s for _, s in answer), reverse=True)
    assert sample_model.has_user(int(ratings["user_id"].iloc[0]))
    assert not sample_model.has_user(10**9)
    with pytest.raises(KeyError):
        sample_model.for_user(10**9)


def test_for_user_answers_what_score_user_ranks_from_the_ratings(sample_model, tables):
    """The picks stored at training are the on-the-fly ranking, and any k is a prefix of it."""
    ratings = tables.ratings
    rows = catalog_rows(ratings, tables.ids)
    popular = popular_order(tables, ratings)
    for user in ratings["user_id"].drop_duplicates().sample(40, random_state=0):
        mine = (ratings["user_id"] == user).to_numpy()
        order = np.argsort(rows[mine], kind="stable")
        expected = score_user(sample_model.neighbours, sample_model.scores, rows[mine][order],
                              ratings["rating"].to_numpy(np.float32)[mine][order], popular, 20)
        for k in (1, 5, 20):
            answer = sample_model.for_user(int(user), k)
            assert [movie for movie, _ in answer] == [int(tables.ids[row]) for row, _ in expected[:k]]
            assert np.allclose([score for _, score in answer], [score for _, score in expected[:k]])


def test_model_loads_fast_and_rejects_missing_files(trained_artifacts, tmp_path):
    started = time.perf_counter()
    RecommenderModel.load(trained_artifacts / "model")
    assert time.perf_counter() - started < 1.0
    assert (trained_artifacts / "model" / "card.md").read_text().startswith("# Ficha del modelo")
    with pytest.raises(ModelError):
        RecommenderModel.load(tmp_path / "nothing")


def test_model_of_another_format_asks_to_train_again(trained_artifacts, tmp_path):
    old = shutil.copytree(trained_artifacts / "model", tmp_path / "model")
    meta = json.loads((old / "meta.json").read_text())
    (old / "meta.json").write_text(json.dumps({**meta, "format_version": 1}))
    with pytest.raises(ModelError, match="vuelva a ejecutar `movierec train`"):
        RecommenderModel.load(old)


def test_weight_search_shortcut_is_exact(tables):
    """grid_top_k scores only candidates; it must give blend_top_k's answers bit for bit."""
    ids = tables.ids
    signals = Signals(content_features(tables.movies, tables.cast, tables.crew),
                      [item_similarity(tables.ratings, ids, 2, 10.0), item_similarity(tables.ratings, ids, 5, 30.0)],
                      like_prior(tables.ratings, ids))
    blends = [Blend(0.3, 0.7, 0.2, variant=0), Blend(0.5, 0.5, 0.8, variant=1), Blend(1.0, 0.0, 0.0),
              Blend(0.0, 1.0, 1e-3, content_fallback=False)]
    rows = np.random.default_rng(0).choice(len(ids), 400, replace=False)
    for blend, (neighbours, scores) in zip(blends, grid_top_k(signals, blends, rows, 5)):
        exact_neighbours, exact_scores = blend_top_k(signals, blend, rows, 5)
        assert (neighbours == exact_neighbours).all() and (scores == exact_scores).all(), blend


def test_evaluation_meets_the_targets(evaluation):
    results, report = evaluation
    methods = results["methods"]
    assert methods["hybrid"]["ndcg"] >= 3 * methods["genre"]["ndcg"]
    assert methods["hybrid"]["ndcg"] > methods["popular"]["ndcg"]
    assert methods["hybrid"]["collection_share"] >= 0.8
    assert results["users"]["model"] > results["users"]["popular"]
    text = report.read_text()
    assert "| Híbrido" in text and "recall@10" in text


def test_evaluation_never_sees_test_users(evaluation, tables):
    """The split is a partition of the users, and the weights were chosen without the test users."""
    results, _ = evaluation
    users = results["protocol"]["users"]
    assert users["fit"] + users["validation"] + users["test"] == tables.ratings["user_id"].nunique()
    assert results["selection"]["validation"]["queries"] > 0


def test_content_only_catalog_without_ratings(tmp_path, trained_artifacts):
    """etl --no-ratings: training still works, from content alone."""
    target = tmp_path / "art"
    run_etl(RawSources(SAMPLE.movies, SAMPLE.credits), target)  # what `etl --no-ratings` writes
    meta = train(target)
    model = RecommenderModel.load(target / "model")
    assert meta["ratings"] == 0 and TOY_STORY_2 in [m for m, _ in model.similar(TOY_STORY, 5)]
    assert not model.has_user(1)
