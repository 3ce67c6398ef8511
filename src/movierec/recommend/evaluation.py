"""`movierec evaluate`: the protocol, k-fold over users, every figure with a bootstrap interval.

Users are dealt once (fixed seed) into FOLDS folds; each fold is the test fold once. Within a
fold, tuning.choose_weights picks the weights on validation users drawn from the other folds,
every method then learns from the other folds' ratings and is judged on the test fold's
(metrics.cosine_truth). Per-query figures from all folds are pooled and bootstrapped over
query films. The user model hides every user's latest ratings (metrics.time_split).
"""

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from movierec.artifacts import seal_model
from movierec.progress import silent_stage
from movierec.recommend import card
from movierec.recommend.collaborative import (LIKE, catalog_rows, like_counts, like_matrix, like_prior, liked_share,
                                             raw_counts, shrunk_cosine)
from movierec.recommend.content import content_features
from movierec.recommend.data import SEED, ModelError, load_tables, of_users, user_folds
from movierec.recommend.metrics import (AT, HEAD_SHARE, MIN_COMMON, MIN_LIKERS, TOP_RELEVANT, USER_AT,
                                        USER_HIDDEN_SHARE, bootstrap, collection_rows, cosine_truth, coverage,
                                        genre_baseline, hits, most_popular, ndcg, popular_order, popularity_bias,
                                        random_films, time_split, user_scores, validation_half, with_sibling)
from movierec.recommend.ranking import Blend, Signals, blend_top_k
from movierec.recommend.tuning import choose_weights, sample
from movierec.recommend.users import LAMBDA, Ease, fit_ease, rating_matrices, user_picks

FOLDS = 5
QUERY_SAMPLE = 2000    # test query films per fold at most (seeded; the bundled sample has ~100 per fold)
FILM_SAMPLE = 8000     # films whose lists are judged per fold at most, besides the queries (the sample has 7575)
USER_SAMPLE = 20000    # users judged by the user protocol at most (the sample has 655)
EVAL_USERS = 60000     # rating users in the protocol at most, a seeded sample (the full dataset has 270,896)
SANITY_RATIO = 0.5   # most-popular must score at most half the hybrid's nDCG@5, or the yardstick is broken
V1 = {"min_likes": 2, "smoothing": 30.0, "blend": Blend(0.7, 0.0, 0.2, 3)}  # the model served before issue 10
METHODS = ("hybrid", "collaborative", "cosine", "raw_counts", "v1", "content", "genre", "popular", "random")
USER_METHODS = ("ease", "item_knn", "popular")
PAST_GROUPS = 10   # judged users dealt by cut into groups, each served by models fitted only on ratings up to its cut
POPULAR_ONLY = Ease(np.zeros(0, np.int32), np.zeros((0, 0), np.float32))   # scores no film: picks follow the popular order


class EvaluationError(ModelError):
    """The protocol's own sanity check failed: the figures cannot be trusted."""


def fold_recommendations(tables, content, learn: pd.DataFrame, selection, rows: np.ndarray,
                         stage) -> tuple[dict, np.ndarray]:
    """Top-AT lists of the catalog films `rows` under each method, learnt from `learn` only."""
    ids, n, movies = tables.ids, len(tables.ids), tables.movies
    likes, prior = like_counts(learn, ids), like_prior(learn, ids)
    cosine = shrunk_cosine(learn, ids, 0.0, stage("Evaluando: co-«me gusta»", int((likes > 0).sum())))
    similarities = [cosine.with_shrink(selection.shrink), cosine, raw_counts(cosine),
                    liked_share(cosine, likes, V1["min_likes"], V1["smoothing"])]
    every = rows
    hybrid, v1, content_only = blend_top_k(Signals(content, similarities, likes, prior),
                                           [selection.blend, V1["blend"], Blend()], every, AT,
                                           stage("Evaluando: híbrido y contenido", len(rows)))
    collaborative, plain, counts = blend_top_k(Signals(None, similarities[:3], likes, prior),
                                               [Blend(1.0, 0.0, 0.0, v) for v in range(3)], every, AT,
                                               stage("Evaluando: colaborativos", len(rows)))
    lists = {"hybrid": hybrid[0], "collaborative": collaborative[0], "cosine": plain[0], "raw_counts": counts[0],
             "v1": v1[0], "content": content_only[0], "genre": genre_baseline(content, movies, every),
             "popular": most_popular(popular_order(learn, ids, movies), every), "random": random_films(n, every)}
    return lists, likes


def item_protocol(tables, content, stage) -> tuple[dict, list]:
    """Per-method pooled figures over FOLDS test folds, and the weights chosen in each fold."""
    ratings, ids, n, movies = tables.ratings, tables.ids, len(tables.ids), tables.movies
    siblings = collection_rows(movies)
    pooled = {name: {"ndcg": [], "precision": [], "head_share": [], "like_percentile": [], "collection_share": [],
                     "coverage": []} for name in METHODS}
    chosen, queries = [], 0
    for fold, test_users in enumerate(user_folds(ratings, FOLDS)):
        learn = of_users(ratings, test_users, keep=False)
        selection = choose_weights(tables, content, learn, stage)
        chosen.append({"fold": fold, **selection.as_dict(), "grid": None})
        truth = cosine_truth(of_users(ratings, test_users), ids, max_queries=QUERY_SAMPLE, seed=SEED + fold)
        queries += len(truth)
        rows = np.union1d(truth.queries, sample(np.arange(n), FILM_SAMPLE, SEED + fold))
        lists, likes = fold_recommendations(tables, content, learn, selection, rows, stage)
        at_queries = np.searchsorted(rows, truth.queries)
        liked = np.flatnonzero(likes[rows] > 0)   # popularity bias: over every film with a like, not only queries
        at_siblings = np.flatnonzero(np.isin(rows, siblings))
        for name, recommended in lists.items():
            figures = pooled[name]
            hit = hits(recommended[at_queries], truth)
            head, percentile = popularity_bias(recommended[liked], likes)
            figures["ndcg"].append(ndcg(hit, truth.sizes))
            figures["precision"].append(hit.mean(axis=1))
            figures["head_share"].append(head)
            figures["like_percentile"].append(percentile)
            figures["collection_share"].append(with_sibling(recommended[at_siblings], rows[at_siblings], movies))
            figures["coverage"].append(np.array([coverage(recommended, n)]))
    methods = {name: {metric: bootstrap(np.concatenate(values)) for metric, values in figures.items()}
               for name, figures in pooled.items()}
    return methods, chosen


def user_protocol(tables, stage) -> dict:
    """recall@10 and nDCG@10 of the user model and its baselines on every user's hidden latest likes."""
    ids = tables.ids
    kept, hidden = time_split(tables.ratings)
    user_ids, liked, rated = rating_matrices(kept, ids)
    wanted = hidden[hidden["rating"] >= LIKE]
    wanted_rows = pd.Series(catalog_rows(wanted, ids), index=wanted["user_id"].to_numpy())
    wanted_by_user = {user: set(group.tolist()) for user, group in wanted_rows.groupby(level=0)}
    judged = sample(np.flatnonzero(np.isin(user_ids, list(wanted_by_user))), USER_SAMPLE)
    wanted_list = [wanted_by_user[user] for user in user_ids[judged]]
    popular = popular_order(kept, ids, tables.movies)
    advance = stage("Usuarios: EASE", 1)
    ease = fit_ease(liked)
    advance(1)
    picks = {"ease": user_picks(ease, liked[judged], rated[judged], popular, USER_AT)[0]}
    # item-kNN over EASE's films (all liked films of the bundled sample), from the kept cosine pairs
    knn = shrunk_cosine(kept, ids, 0.0, stage("Usuarios: co-«me gusta»", int(liked.getnnz(axis=0).astype(bool).sum())))
    picks["item_knn"] = user_picks(Ease(ease.films, knn.matrix()[ease.films][:, ease.films].toarray()), liked[judged],
                                   rated[judged], popular, USER_AT)[0]
    picks["popular"] = user_picks(POPULAR_ONLY, liked[judged], rated[judged], popular, USER_AT)[0]
    validation = validation_half(len(judged))
    out = {}
    for name, rows in picks.items():
        recall, gain = user_scores(rows, wanted_list)
        out[name] = {"recall": bootstrap(recall), "ndcg": bootstrap(gain),
                     **{half: {"recall": mean_or_nan(recall[mask]), "ndcg": mean_or_nan(gain[mask])}
                        for half, mask in (("validation", validation), ("test", ~validation))}}
    return {"methods": out, "users": int(len(judged)), "hidden_share": USER_HIDDEN_SHARE, "at": USER_AT,
            "lambda": LAMBDA, "ease_films": int(len(ease.films)),
            "without_future": without_the_future(tables, kept, user_ids, liked, rated, judged, wanted_list,
                                                 stage("Usuarios: sin el futuro", PAST_GROUPS))}


def mean_or_nan(values: np.ndarray) -> float:
    """The mean, or NaN for no values (a half with no judged user) without numpy's warning."""
    return float(values.mean()) if len(values) else float("nan")


def without_the_future(tables, kept: pd.DataFrame, user_ids: np.ndarray, liked, rated, judged: np.ndarray,
                       wanted: list[set], advance) -> dict:
    """recall@10 of EASE and most-popular with no other user's later ratings: the per-user split hides
    each user's latest ratings but lets the models learn from everybody else's, made after that cut too.
    The judged users are dealt by cut (their last kept rating) into PAST_GROUPS groups, and each group is
    served by models fitted only on the kept ratings made up to its earliest cut."""
    last = kept.groupby("user_id")["timestamp"].max().reindex(user_ids[judged]).to_numpy()
    recall = {"ease": np.zeros(len(judged)), "popular": np.zeros(len(judged))}
    for group in np.array_split(np.argsort(last, kind="stable"), PAST_GROUPS):
        if not len(group):
            continue
        past = kept[kept["timestamp"].to_numpy() <= last[group].min()]
        past_likes = like_matrix(past, tables.ids)
        popular = popular_order(past, tables.ids, tables.movies)
        users = judged[group]
        for name, model in (("ease", fit_ease(past_likes) if past_likes.nnz else POPULAR_ONLY),
                            ("popular", POPULAR_ONLY)):
            rows = user_picks(model, liked[users], rated[users], popular, USER_AT)[0]
            recall[name][group] = user_scores(rows, [wanted[i] for i in group])[0]
        advance(1)
    return {"groups": PAST_GROUPS, **{name: bootstrap(values) for name, values in recall.items()}}


def evaluate(artifacts: Path, report: Path | None = None, progress=None) -> dict:
    """Run the protocol on the curated tables in `artifacts`; returns the figures.

    Writes the Markdown report to `report` (if given) and, when `artifacts/model/` holds a
    model trained on these same tables, rewrites its card with these figures and saves them
    as evaluation.json. Raises EvaluationError (after writing) if most-popular is not far below
    the hybrid: a yardstick that popularity nearly wins measures nothing.
    """
    stage = progress or silent_stage
    artifacts = Path(artifacts)
    tables = load_tables(artifacts)
    if tables.ratings.empty:
        raise ModelError(f"No hay valoraciones en {artifacts}: la evaluación las necesita "
                         "(ejecute el ETL con --ratings y --links).")
    all_users = int(tables.ratings["user_id"].nunique())
    users = sample(np.unique(tables.ratings["user_id"].to_numpy()), EVAL_USERS)
    if len(users) < all_users:   # full scale: co-likes cost grows with the users; folds deal the sample
        tables = replace(tables, ratings=of_users(tables.ratings, users).reset_index(drop=True))
    advance = stage("Rasgos de contenido", 1)
    content = content_features(tables.movies, tables.cast, tables.crew, tables.keywords)
    advance(1)
    methods, chosen = item_protocol(tables, content, stage)
    hybrid, popular = methods["hybrid"]["ndcg"]["mean"], methods["popular"]["ndcg"]["mean"]
    results = {
        "protocol": {
            "seed": SEED, "folds": FOLDS, "users": int(tables.ratings["user_id"].nunique()), "all_users": all_users,
            "query_sample": QUERY_SAMPLE, "film_sample": FILM_SAMPLE, "user_sample": USER_SAMPLE,
            "ratings": int(len(tables.ratings)), "films": len(tables.ids),
            "queries": methods["hybrid"]["ndcg"]["n"], "like": LIKE, "min_likers": MIN_LIKERS,
            "min_common": MIN_COMMON, "top_relevant": TOP_RELEVANT, "head_share": HEAD_SHARE,
            "collection_films": int(len(collection_rows(tables.movies))), "sanity_ratio": SANITY_RATIO,
        },
        "chosen": chosen,
        "methods": methods,
        "sanity": {"ok": bool(popular <= SANITY_RATIO * hybrid), "popular": popular, "hybrid": hybrid},
        "users": user_protocol(tables, stage),
    }
    if report is not None:
        report = Path(report)
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(card.render_report(results), encoding="utf-8")
    if card.update_model_card(artifacts / "model", results, tables.movies_sha256):
        seal_model(artifacts / "model")  # the card and evaluation.json changed: serving verifies them

    if not results["sanity"]["ok"]:
        raise EvaluationError(f"Comprobación fallida: «más populares» (nDCG@5 {popular:.3f}) no queda muy por debajo "
                              f"del híbrido ({hybrid:.3f}); la vara de medir premia la popularidad.")
    return results
