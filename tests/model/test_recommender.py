"""Behavioural tests of the recommender on the bundled real sample (no sample-specific numbers)."""

import json
import shutil
import time

import numpy as np
import pytest

from movierec.etl.pipeline import RawSources, run_etl
from movierec.recommend import ModelError, RecommenderModel, train
from movierec.recommend.collaborative import LIKE, like_counts, like_prior, shrunk_cosine
from movierec.recommend.content import content_features
from movierec.recommend.data import load_tables
from movierec.recommend.model import POPULAR, SAME_COLLECTION, reason_text
from movierec.recommend.ranking import Blend, Signals, blend_top_k, top_k
from tests.conftest import SAMPLE

TOY_STORY, TOY_STORY_2, LION_KING = 862, 863, 8587


@pytest.fixture(scope="module")
def tables(trained_artifacts):
    return load_tables(trained_artifacts)


def test_toy_story_recommends_toy_story_2(sample_model):
    assert TOY_STORY_2 in [movie for movie, _, _ in sample_model.similar(TOY_STORY, 5)]


def test_lion_king_is_not_buried_under_blockbusters(sample_model, tables):
    """At most one of the ten most-liked films overall among The Lion King's five."""
    most_liked = set(tables.ids[np.argsort(-like_counts(tables.ratings, tables.ids), kind="stable")[:10]].tolist())
    answer = [movie for movie, _, _ in sample_model.similar(LION_KING, 5)]
    assert len(set(answer) & most_liked) <= 1, answer


def test_similarity_is_readable_and_every_recommendation_has_a_reason(sample_model):
    scores = sample_model.scores
    assert ((scores >= 0) & (scores <= 1)).all()
    assert (np.diff(scores, axis=1) <= 0).all()
    for movie in sample_model.ids[::53]:
        for _, similarity, reason in sample_model.similar(int(movie), 20):
            assert 0 <= similarity <= 1 and reason_text(reason, "Toy Story").strip()


def test_reasons_match_the_signals(sample_model, tables):
    """'misma colección' only for films of the same collection; reason 'popular' only with similarity 0."""
    collection = tables.movies["collection_id"].to_numpy(dtype=np.float64, na_value=np.nan)
    model = sample_model
    same = model.reasons == SAME_COLLECTION
    rows = np.broadcast_to(np.arange(len(model.ids))[:, None], model.neighbours.shape)
    assert (collection[model.neighbours[same]] == collection[rows[same]]).all()
    assert (model.scores[model.reasons == POPULAR] == 0).all()
    toy_story = dict((movie, reason) for movie, _, reason in model.similar(TOY_STORY, 5))
    assert reason_text(toy_story[TOY_STORY_2], "Toy Story") == "misma colección"
    assert "Toy Story" in reason_text(3, "Toy Story")   # the co-likes reason names the film


def test_every_film_has_neighbours_and_never_itself(sample_model, tables):
    model = sample_model
    n, k = model.neighbours.shape
    assert n == len(tables.movies) and k >= 20
    rows = np.arange(n)[:, None]
    assert not (model.neighbours == rows).any()
    assert ((model.neighbours >= 0) & (model.neighbours < n)).all()
    assert all(len(set(row)) == k for row in model.neighbours.tolist())
    for movie in model.ids[::97]:
        assert movie not in [other for other, _, _ in model.similar(int(movie), 20)]


def test_ties_go_to_the_more_popular_film(sample_model, tables):
    """Equal similarity: more likes first (popularity only breaks ties), then lower id."""
    prior = like_prior(tables.ratings, tables.ids)
    tied = np.diff(sample_model.scores, axis=1) == 0
    left, right = sample_model.neighbours[:, :-1][tied], sample_model.neighbours[:, 1:][tied]
    assert len(left)
    assert ((prior[left] > prior[right]) | ((prior[left] == prior[right]) & (left < right))).all()


def test_training_is_deterministic(sample_model, retrained_model):
    for name in ("ids", "neighbours", "scores", "reasons"):
        first, second = getattr(sample_model, name), getattr(retrained_model, name)
        assert first.dtype == second.dtype and first.tobytes() == second.tobytes(), name
    for name in ("user_ids", "rows", "scores"):
        assert getattr(sample_model.users, name).tobytes() == getattr(retrained_model.users, name).tobytes()


def test_film_without_ratings_gets_content_recommendations(sample_model, tables):
    rated = set(tables.ratings["movie_id"])
    movies = tables.movies
    unrated = movies[~movies["id"].isin(rated) & movies["overview"].fillna("").str.len().gt(100)]
    features = content_features(movies, tables.cast, tables.crew, tables.keywords)
    row_of = {movie: row for row, movie in enumerate(movies["id"])}
    for movie in unrated["id"].head(20):
        answer = sample_model.similar(int(movie), 5)
        assert len(answer) == 5 and len({m for m, _, _ in answer}) == 5 and movie not in [m for m, _, _ in answer]
        i = row_of[movie]
        for other, similarity, _ in answer:   # content alone: the similarity is the content cosine
            j = row_of[other]
            cosine = (features.sparse[i].multiply(features.sparse[j]).sum() + features.genre_scale[i]
                      * features.genre_scale[j] * features.genre_table[features.genre_set[i], features.genre_set[j]])
            assert cosine > 0 and similarity == pytest.approx(cosine, abs=1e-5), (movie, answer)


def test_film_with_no_description_is_padded_by_popularity(sample_model, tables):
    movies = tables.movies
    empty = movies[(movies["overview"].fillna("") == "") & (movies["genres"].fillna("") == "")
                   & movies["collection_id"].isna() & (movies["production_companies"].fillna("") == "")]
    empty = empty[~empty["id"].isin(tables.cast["movie_id"]) & ~empty["id"].isin(tables.ratings["movie_id"])
                  & ~empty["id"].isin(tables.keywords["movie_id"])]
    assert len(empty)
    padded = sample_model.similar(int(empty["id"].iloc[0]), 20)
    assert len(padded) == 20 and all(similarity == 0 and reason == POPULAR for _, similarity, reason in padded)
    likes = dict(zip(tables.ids.tolist(), like_counts(tables.ratings, tables.ids).tolist()))
    counts = [likes[movie] for movie, _, _ in padded]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0


def test_collection_siblings_come_first(sample_model, tables):
    movies = tables.movies.set_index("id")
    toy_story = set(movies.index[movies["collection_id"] == movies.loc[TOY_STORY, "collection_id"]])
    for movie in toy_story:
        assert toy_story - {movie} <= {m for m, _, _ in sample_model.similar(movie, 5)}
    assert sample_model.meta["served_collection_share"] >= 0.9


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
        films = [movie for movie, _, _ in answer]
        assert len(films) == 5 and len(set(films)) == 5
        assert not set(films) & set(ratings.loc[ratings["user_id"] == user, "movie_id"])
        assert [s for _, s, _ in answer] == sorted((s for _, s, _ in answer), reverse=True)
        assert [movie for movie, _, _ in sample_model.for_user(int(user), 2)] == films[:2]
    with pytest.raises(KeyError):
        sample_model.for_user(10**9)


def test_each_user_pick_is_explained_by_a_film_the_user_liked_that_leads_to_it(sample_model, tables):
    """The `because` film is one the user rated 4 or more, and the one EASE weighs most towards the pick."""
    ratings = tables.ratings
    explained = 0
    for user in ratings["user_id"].drop_duplicates().head(40):
        mine = ratings[ratings["user_id"] == user]
        liked = set(mine.loc[mine["rating"] >= LIKE, "movie_id"])
        for movie, score, because in sample_model.for_user(int(user), 5):
            if because is None:
                continue
            explained += 1
            assert because in liked and because != movie
    assert explained >= 100, "most picks of users with likes are explained by one of them"


def test_the_strongest_like_is_the_largest_positive_weight():
    from scipy import sparse

    from movierec.recommend.users import strongest_like

    likes = sparse.csr_matrix(np.array([[1, 1, 0], [0, 0, 1], [1, 0, 0]], dtype=np.float32))
    weights_to = sparse.csr_matrix(np.array([[0, 0.2, 0.5], [0.3, 0, 0.1], [-0.4, 0.9, 0]], dtype=np.float32))
    films = np.array([10, 11, 12])
    picked = np.array([[2, 1], [1, -1], [1, 2]])  # model films picked for each user (-1: none)
    assert strongest_like(likes, weights_to, picked, films).tolist() == [[11, 10], [12, -1], [10, -1]]


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
    (old / "meta.json").write_text(json.dumps({**meta, "format_version": 2}))
    with pytest.raises(ModelError, match="vuelva a ejecutar `movierec train`"):
        RecommenderModel.load(old)


def test_blends_in_one_pass_equal_blends_one_at_a_time(tables):
    """The weight search scores many blends per pass; each must equal its own pass bit for bit."""
    ids = tables.ids
    cosine = shrunk_cosine(tables.ratings, ids, 0.0)
    signals = Signals(content_features(tables.movies, tables.cast, tables.crew, tables.keywords),
                      [cosine, cosine.with_shrink(20.0)], like_counts(tables.ratings, ids), like_prior(tables.ratings, ids))
    blends = [Blend(0.7, 10.0, 0.0, 0), Blend(1.0, 30.0, 0.0, 1), Blend(), Blend(0.7, 0.0, 0.2, 1)]
    rows = np.random.default_rng(0).choice(len(ids), 400, replace=False)
    for blend, (neighbours, scores) in zip(blends, blend_top_k(signals, blends, rows, 5)):
        (alone, alone_scores), = blend_top_k(signals, [blend], rows, 5)
        assert (neighbours == alone).all() and (scores == alone_scores).all(), blend


def test_content_only_catalog_without_ratings(tmp_path, trained_artifacts):
    """etl --no-ratings: training still works, from content alone."""
    target = tmp_path / "art"
    run_etl(RawSources(SAMPLE.movies, SAMPLE.credits), target)  # what `etl --no-ratings` writes
    meta = train(target)
    model = RecommenderModel.load(target / "model")
    assert meta["ratings"] == 0 and TOY_STORY_2 in [m for m, _, _ in model.similar(TOY_STORY, 5)]
    assert ((model.scores >= 0) & (model.scores <= 1)).all()
    with pytest.raises(KeyError):
        model.for_user(1)


def test_candidates_give_the_same_lists_as_scoring_every_film(tables):
    """blend_top_k scores only each film's kept pairs and the best others: same lists as brute force."""
    ids = tables.ids
    cosine = shrunk_cosine(tables.ratings, ids, 0.0)
    signals = Signals(content_features(tables.movies, tables.cast, tables.crew, tables.keywords),
                      [cosine.with_shrink(10.0)], like_counts(tables.ratings, ids), like_prior(tables.ratings, ids))
    rows = np.random.default_rng(1).choice(len(ids), 300, replace=False)
    every = np.arange(len(ids))
    for blend in (Blend(0.85, 10.0, 0.0, 0), Blend(1.0, 0.0, 0.0, 0), Blend()):
        (neighbours, scores), = blend_top_k(signals, [blend], rows, 10)
        weight = signals.collaborative_weight(blend, rows)[:, None]
        score = (1 - weight) * signals.content_block(rows) + weight * signals.collaborative_block(0, rows, every)
        score[np.arange(len(rows)), rows] = -np.inf
        expected, expected_scores = top_k(score, 10, signals.popularity_rank)
        assert (neighbours == expected).all() and np.allclose(scores, expected_scores, atol=1e-6), blend
