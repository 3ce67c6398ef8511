"""`train`: curated tables in, DIR/model/ out (arrays, meta.json, card.md)."""

import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from movierec import __version__
from movierec.artifacts import seal_model
from movierec.progress import silent_stage
from movierec.recommend.card import render_card
from movierec.recommend.collaborative import like_counts, like_prior, shrunk_cosine
from movierec.recommend.content import FIELD_WEIGHTS, content_features
from movierec.recommend.data import Tables, load_tables, vote_prior
from movierec.recommend.metrics import AT, collection_rows, coverage, popular_order, popularity_bias, with_sibling
from movierec.recommend.model import (CARD, FORMAT_VERSION, LIKED_TOGETHER, POPULAR, SAME_COLLECTION, SAME_DIRECTOR,
                                      SIMILAR_CONTENT, RecommenderModel, UserPicks)
from movierec.recommend.ranking import Blend, Signals, blend_top_k, collaborative_part
from movierec.recommend.tuning import choose_weights, default_selection
from movierec.recommend.users import fit_ease, rating_matrices, user_picks

K = 20       # stored neighbours per film: the API's k ≤ 20
MAX_K = 20   # stored picks per user: the API's k ≤ 20


def reason_codes(tables: Tables, signals: Signals, blend: Blend, neighbours: np.ndarray,
                 scores: np.ndarray) -> np.ndarray:
    """The reason code of each stored neighbour: same collection, same director, liked together
    (the co-likes gave at least half the score), similar content, or popularity alone (score 0)."""
    n = len(neighbours)
    rows = np.arange(n)
    collection = tables.movies["collection_id"].to_numpy(dtype=np.float64, na_value=np.nan)
    same_collection = collection[neighbours] == collection[:, None]
    directors = tables.crew[tables.crew["job"] == "Director"]
    row_of = pd.Series(rows, index=tables.ids)
    directors = directors[directors["movie_id"].isin(row_of.index)]
    people, codes = np.unique(directors["person_id"].astype("string").fillna(directors["name"].fillna("")).to_numpy(
        dtype=str), return_inverse=True)
    by_film = sparse.csr_matrix((np.ones(len(codes), np.float32), (row_of[directors["movie_id"]].to_numpy(), codes)),
                                shape=(n, max(len(people), 1)))
    same_director = np.column_stack([np.asarray(by_film.multiply(by_film[neighbours[:, c]]).sum(axis=1)).ravel() > 0
                                     for c in range(neighbours.shape[1])])
    from_co_likes = collaborative_part(signals, blend, rows, neighbours)
    codes = np.full(neighbours.shape, POPULAR, dtype=np.uint8)
    codes[scores > 0] = SIMILAR_CONTENT
    codes[(from_co_likes > 0) & (from_co_likes * 2 >= scores)] = LIKED_TOGETHER
    codes[same_director] = SAME_DIRECTOR
    codes[same_collection] = SAME_COLLECTION
    return codes


def train(artifacts: Path, progress=None) -> dict:
    """Build the model from `artifacts` into `artifacts/model/`; returns its meta.

    Weights come from the validation search (tuning.choose_weights, the same the evaluation runs
    inside each fold); the served model then fits on all ratings. Deterministic: same input, same arrays.
    progress: optional `stage(description, total) -> advance(n)` for progress bars.
    """
    stage = progress or silent_stage
    started = time.perf_counter()
    artifacts = Path(artifacts)
    advance = stage("Leyendo tablas", 1)
    tables = load_tables(artifacts)
    ids, n, ratings = tables.ids, len(tables.ids), tables.ratings
    advance(1)
    advance = stage("Rasgos de contenido", 1)
    content = content_features(tables.movies, tables.cast, tables.crew, tables.keywords)
    advance(1)
    likes = like_counts(ratings, ids)
    if ratings.empty:
        selection, prior, similarities = default_selection(), vote_prior(tables.movies), []
    else:
        selection = choose_weights(tables, content, ratings, stage)
        prior = like_prior(ratings, ids)
        similarities = [shrunk_cosine(ratings, ids, selection.shrink,
                                      stage("Co-«me gusta» (todos los usuarios)", int((likes > 0).sum())))]
    signals = Signals(content, similarities, likes, prior)
    (neighbours, scores), = blend_top_k(signals, [selection.blend], np.arange(n), K,
                                        stage("Vecinos de cada película", n))
    reasons = reason_codes(tables, signals, selection.blend, neighbours, scores)

    popular = popular_order(ratings, ids, tables.movies)
    user_ids, liked, rated = rating_matrices(ratings, ids)
    ease_films = 0
    if len(user_ids):
        advance = stage("Modelo por usuario (EASE)", 1)
        ease = fit_ease(liked)
        advance(1)
        ease_films = len(ease.films)
        user_rows, user_scores, user_because = user_picks(ease, liked, rated, popular, MAX_K,
                                                          stage("Recomendaciones por usuario", len(user_ids)))
    else:
        user_rows, user_scores = np.zeros((0, MAX_K), np.int32), np.zeros((0, MAX_K), np.float32)
        user_because = np.zeros((0, MAX_K), np.int32)
    users = UserPicks(user_ids, user_rows, user_scores, user_because)
    siblings = collection_rows(tables.movies)
    head, _ = popularity_bias(neighbours, likes)
    meta = {
        "format_version": FORMAT_VERSION,
        "code_version": __version__,
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "movies_sha256": tables.movies_sha256,
        "films": n,
        "k": int(neighbours.shape[1]),
        "films_with_credits": int(np.isin(ids, tables.cast["movie_id"].unique()).sum()),
        "ratings": int(len(ratings)),
        "users": int(len(user_ids)),
        "films_rated": int(rated.getnnz(axis=0).astype(bool).sum()) if len(user_ids) else 0,
        "films_collaborative": int(len(similarities[0].rows)) if similarities else 0,
        "ease_films": ease_films,
        "content_weights": FIELD_WEIGHTS,
        "selection": selection.as_dict(),
        "served_collection_share": float(with_sibling(neighbours[siblings], siblings, tables.movies).mean())
        if len(siblings) else float("nan"),
        "served_coverage": coverage(neighbours[:, :AT], n),
        "served_head_share": float(head.mean()) if likes.any() else float("nan"),
        "reasons": {name: int((reasons[:, :AT] == code).sum()) for name, code in
                    (("collection", SAME_COLLECTION), ("director", SAME_DIRECTOR), ("liked_together", LIKED_TOGETHER),
                     ("content", SIMILAR_CONTENT), ("popular", POPULAR))},
        "train_seconds": round(time.perf_counter() - started, 2),
    }
    advance = stage("Guardando modelo", 1)
    model_dir = artifacts / "model"
    RecommenderModel(ids, neighbours, scores, reasons, users, meta).save(model_dir)
    (model_dir / CARD).write_text(render_card(meta), encoding="utf-8")
    (model_dir / "evaluation.json").unlink(missing_ok=True)
    seal_model(model_dir)  # checksums of the model's files, verified before serving
    advance(1)
    return meta
