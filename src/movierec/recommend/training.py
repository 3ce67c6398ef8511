"""`train`: curated tables in, DIR/model/ out (arrays, meta.json, card.md)."""

import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from movierec import __version__
from movierec.artifacts import seal_model
from movierec.progress import silent_stage
from movierec.recommend.collaborative import catalog_rows, item_similarity, like_prior
from movierec.recommend.content import FIELD_WEIGHTS, content_features
from movierec.recommend.data import load_tables, split_users, vote_prior
from movierec.recommend.evaluation import (AT, USER_NEIGHBOURS, choose_weights, collection_rows,
                                           collection_share, coverage, default_selection, popular_order)
from movierec.recommend.model import CARD, FORMAT_VERSION, RecommenderModel, UserPicks
from movierec.recommend.ranking import Signals, blend_top_k
from movierec.recommend.report import render_card

K = USER_NEIGHBOURS  # stored neighbours per film: the API's k ≤ 20, the user model reads 30
MAX_K = 20  # stored picks per user: the API's k ≤ 20


def train(artifacts: Path, progress=None) -> dict:
    """Build the model from `artifacts` into `artifacts/model/`; returns its meta.

    Weights come from the validation grid (same split and code as `evaluate`); the served
    model then fits the collaborative part on all ratings. Deterministic: same input, same arrays.
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
    content = content_features(tables.movies, tables.cast, tables.crew)
    advance(1)
    prior = like_prior(ratings, ids)
    if ratings.empty:
        selection, prior = default_selection(), vote_prior(tables.movies)
    else:
        split = split_users(ratings)
        selection = choose_weights(tables, content, split.ratings(ratings, "fit"),
                                   split.ratings(ratings, "validation"), stage)
    similarity = item_similarity(ratings, ids, selection.min_likes, selection.smoothing)
    signals = Signals(content, [similarity], prior)
    neighbours, scores = blend_top_k(signals, selection.blend, np.arange(n), K, stage("Vecinos de cada película", n))

    rows = catalog_rows(ratings, ids)
    users = UserPicks.build(ratings["user_id"].to_numpy(np.int64), rows, ratings["rating"].to_numpy(np.float32),
                            neighbours, scores, popular_order(tables, ratings), MAX_K)
    siblings = collection_rows(tables.movies)
    meta = {
        "format_version": FORMAT_VERSION,
        "code_version": __version__,
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "movies_sha256": tables.movies_sha256,
        "films": n,
        "k": int(neighbours.shape[1]),
        "films_with_credits": int(np.isin(ids, tables.cast["movie_id"].unique()).sum()),
        "ratings": int(len(ratings)),
        "users": int(len(users.user_ids)),
        "films_rated": int(len(np.unique(rows))),
        "films_collaborative": int(len(similarity.rows)),
        "content_weights": FIELD_WEIGHTS,
        "selection": selection.as_dict(),
        "served_collection_share": collection_share(neighbours[siblings], siblings, tables.movies),
        "served_coverage": coverage(neighbours[:, :AT], n),
        "train_seconds": round(time.perf_counter() - started, 2),
    }
    advance = stage("Guardando modelo", 1)
    model_dir = artifacts / "model"
    RecommenderModel(ids, neighbours, scores, users, meta).save(model_dir)
    (model_dir / CARD).write_text(render_card(meta), encoding="utf-8")
    stale = model_dir / "evaluation.json"
    stale.unlink(missing_ok=True)
    seal_model(model_dir)  # checksums of the model's files, verified before serving
    advance(1)
    return meta
