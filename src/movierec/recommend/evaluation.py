"""Offline evaluation on users the model never saw, and the weight search on validation users.

Protocol (constants below): users are split once with a fixed seed into fit / validation /
test. Weights are chosen with the collaborative part fitted on the fit users and ground truth
from the validation users; the reported figures fit on fit + validation users and take ground
truth from the test users only.

Relevance (item-item): a "like" is a rating ≥ 4. A query film has ≥ MIN_LIKERS held-out
likers; c(f, g) = held-out users who liked both f and g. The relevant films of f are those
with c(f, g) ≥ MIN_COMMON among the TOP_RELEVANT largest c(f, ·), ties at the cut included.

User-item: each test user's latest USER_HIDDEN_SHARE ratings (at least one) are hidden;
relevant = the hidden films they liked; recall@10 = hits / min(10, relevant).
"""

from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from movierec.recommend.collaborative import (LIKE, catalog_rows, item_similarities, item_similarity, like_counts,
                                             like_prior)
from movierec.recommend.content import ContentFeatures, content_features
from movierec.recommend.data import (SEED, TEST_SHARE, VALIDATION_SHARE, ModelError, Tables,
                                     load_tables, split_users)
from movierec.recommend.model import score_user
from movierec.progress import silent_stage
from movierec.recommend.ranking import Blend, Signals, blend_top_k, grid_top_k

AT = 5
MIN_LIKERS, MIN_COMMON, TOP_RELEVANT = 2, 2, 10
USER_HIDDEN_SHARE, USER_AT = 0.2, 10
USER_NEIGHBOURS = 30          # stored neighbours per film, also what the user model reads
COLLECTION_FLOOR = 0.85       # weight search: least collection share on validation (target 0.8)
COLLECTION_SAMPLE = 1000      # films with a collection sibling checked during the search
GRID = {"min_likes": (2, 5, 10), "smoothing": (10.0, 30.0),
        "collaborative": (0.3, 0.5, 0.7, 0.85), "prior": (0.2, 0.4, 0.8)}
POPULARITY_TIE = 1e-3         # a prior weight that only breaks ties and fills lists, never outranks a signal
METHODS = ("hybrid", "content", "collaborative", "random", "popular", "genre")


# --- ground truth and metrics ----------------------------------------------------------

@dataclass
class Truth:
    """Relevant films per query film; `keys` = query_row · n + relevant_row, sorted, for fast lookups."""

    queries: np.ndarray   # int64[q], ascending
    sizes: np.ndarray     # int64[q]: relevant films per query
    keys: np.ndarray      # int64, sorted
    n: int

    def __len__(self) -> int:
        return len(self.queries)


def co_like_truth(ratings: pd.DataFrame, ids: np.ndarray) -> Truth:
    """Relevant catalog rows of each query row, from the likes in `ratings` (see module doc)."""
    n = len(ids)
    co_likes = item_similarity(ratings, ids, min_likes=1, smoothing=0.0)  # films liked at least once
    liked, common, likers = co_likes.rows.astype(np.int64), co_likes.common, co_likes.denominator
    queries, sizes, keys = [], [], []
    for local in np.flatnonzero(likers >= MIN_LIKERS):
        counts = common[local]
        keep = np.flatnonzero(counts >= MIN_COMMON)
        if not len(keep):
            continue
        cut = np.sort(counts[keep])[::-1][min(TOP_RELEVANT, len(keep)) - 1]
        relevant = liked[keep[counts[keep] >= cut]]
        queries.append(liked[local])
        sizes.append(len(relevant))
        keys.append(liked[local] * n + relevant)
    keys = np.sort(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)
    return Truth(np.array(queries, dtype=np.int64), np.array(sizes, dtype=np.int64), keys, n)


def item_metrics(recommended: np.ndarray, truth: Truth) -> dict[str, float]:
    """Mean precision@5 and nDCG@5 (binary gains) over the query films.

    `recommended[i]` ranks catalog rows for truth.queries[i].
    """
    if not len(truth):
        return {"precision": float("nan"), "ndcg": float("nan")}
    discount = 1.0 / np.log2(np.arange(2, AT + 2))
    keys = truth.queries[:, None] * truth.n + recommended[:, :AT]
    position = np.minimum(np.searchsorted(truth.keys, keys), len(truth.keys) - 1)
    hits = (truth.keys[position] == keys).astype(float)
    ideal = np.cumsum(discount)[np.minimum(truth.sizes, AT) - 1]
    return {"precision": float(hits.mean(axis=1).mean()), "ndcg": float(((hits @ discount) / ideal).mean())}


def collection_rows(movies: pd.DataFrame) -> np.ndarray:
    """Rows of films whose collection has another member in the catalog."""
    collection = movies["collection_id"]
    sizes = collection.map(collection.value_counts())
    return np.flatnonzero(sizes.fillna(0).to_numpy() >= 2)


def collection_share(recommended: np.ndarray, rows: np.ndarray, movies: pd.DataFrame) -> float:
    """Share of `rows` with a film of their own collection among their first AT recommendations."""
    if not len(rows):
        return float("nan")
    collection = movies["collection_id"].to_numpy(dtype=np.float64, na_value=np.nan)
    mine = collection[rows][:, None]
    return float((collection[recommended[:, :AT]] == mine).any(axis=1).mean())


def coverage(recommended: np.ndarray, n: int) -> float:
    """Share of the catalog that appears in some film's first AT recommendations."""
    return float(len(np.unique(recommended[:, :AT])) / n)


# --- baselines -------------------------------------------------------------------------

def popular_order(tables: Tables, ratings: pd.DataFrame) -> np.ndarray:
    """Rows by likes in `ratings`, then TMDB votes, then id: the most-popular baseline."""
    likes = like_counts(ratings, tables.ids)
    votes = tables.movies["vote_count"].to_numpy()
    return np.lexsort((np.arange(len(likes)), -votes, -likes)).astype(np.int32)


def most_popular(order: np.ndarray, rows: np.ndarray, k: int = AT) -> np.ndarray:
    """The first k of `order` for each row, skipping the row itself."""
    head = order[:k + 1]
    out = np.empty((len(rows), k), dtype=np.int32)
    for i, row in enumerate(rows):
        out[i] = head[head != row][:k]
    return out


def random_films(n: int, rows: np.ndarray, k: int = AT, seed: int = SEED) -> np.ndarray:
    """k distinct random films per row (never the row), from a seeded generator."""
    rng = np.random.default_rng(seed)
    picks = np.array([rng.choice(n - 1, size=k, replace=False) for _ in rows], dtype=np.int64)
    return (picks + (picks >= rows[:, None])).astype(np.int32)


def genre_baseline(content: ContentFeatures, movies: pd.DataFrame, rows: np.ndarray, k: int = AT) -> np.ndarray:
    """The seed's model: cosine of one-hot genres (the content features' genre sets), ties by TMDB
    popularity, then id."""
    genre_set, table = content.genre_set, content.genre_table
    popularity = movies["popularity"].to_numpy(dtype=np.float64)
    ident = np.arange(len(movies))
    out = np.empty((len(rows), k), dtype=np.int32)
    for pattern in np.unique(genre_set[rows]):
        head = np.lexsort((ident, -popularity, -table[pattern][genre_set]))[:k + 1]
        for i in np.flatnonzero(genre_set[rows] == pattern):
            out[i] = head[head != rows[i]][:k]
    return out


# --- the weight search -----------------------------------------------------------------

@dataclass
class Selection:
    """The chosen weights and what they scored on the validation users."""

    min_likes: int
    smoothing: float
    blend: Blend
    validation: dict
    grid: list

    def as_dict(self) -> dict:
        return {"min_likes": self.min_likes, "smoothing": self.smoothing, "blend": asdict(self.blend),
                "validation": self.validation, "grid": self.grid}


def choose_weights(tables: Tables, content: ContentFeatures, fit: pd.DataFrame, validation: pd.DataFrame,
                   stage=silent_stage) -> Selection:
    """Grid search: best validation nDCG@5 whose collection share is ≥ COLLECTION_FLOOR.

    Everything learnt from ratings (similarities, prior) comes from `fit` only.
    """
    ids = tables.ids
    prior = like_prior(fit, ids)
    truth = co_like_truth(validation, ids)
    siblings = collection_rows(tables.movies)
    if len(siblings) > COLLECTION_SAMPLE:
        siblings = np.sort(np.random.default_rng(SEED).choice(siblings, COLLECTION_SAMPLE, replace=False))
    rows = np.union1d(truth.queries, siblings)
    at_queries, at_siblings = np.searchsorted(rows, truth.queries), np.searchsorted(rows, siblings)
    variants = [(m, s) for m in GRID["min_likes"] for s in GRID["smoothing"]]
    similarities = item_similarities(fit, ids, variants)
    blends = [Blend(1 - c, c, p, True, v) for v in range(len(variants))
              for c in GRID["collaborative"] for p in GRID["prior"]]
    signals = Signals(content, similarities, prior)
    results = grid_top_k(signals, blends, rows, AT, stage("Eligiendo pesos (validación)", len(rows)))
    grid = []
    for blend, (neighbours, _) in zip(blends, results):
        min_likes, smoothing = variants[blend.variant]
        grid.append({"min_likes": min_likes, "smoothing": smoothing, "content": round(blend.content, 4),
                     "collaborative": blend.collaborative, "prior": blend.prior,
                     **item_metrics(neighbours[at_queries], truth),
                     "collection_share": collection_share(neighbours[at_siblings], siblings, tables.movies)})
    ok = [i for i, entry in enumerate(grid) if entry["collection_share"] >= COLLECTION_FLOOR]
    best = (max(ok, key=lambda i: (grid[i]["ndcg"], -i)) if ok
            else max(range(len(grid)), key=lambda i: (grid[i]["collection_share"], grid[i]["ndcg"], -i)))
    chosen = blends[best]
    min_likes, smoothing = variants[chosen.variant]
    validation_figures = {**{key: grid[best][key] for key in ("ndcg", "precision", "collection_share")},
                          "queries": len(truth), "collection_films_checked": int(len(siblings))}
    return Selection(min_likes, smoothing, Blend(chosen.content, chosen.collaborative, chosen.prior),
                     validation_figures, grid)


def default_selection() -> Selection:
    """Without ratings there is nothing to choose with: content alone, popularity breaks ties."""
    return Selection(GRID["min_likes"][0], GRID["smoothing"][0], Blend(1.0, 0.0, POPULARITY_TIE), {}, [])


# --- user-item -------------------------------------------------------------------------

def time_split(ratings: pd.DataFrame, users: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(kept, hidden): each listed user's latest ratings are hidden (ties by movie id)."""
    ordered = ratings.sort_values(["user_id", "timestamp", "movie_id"], kind="stable")
    position = ordered.groupby("user_id").cumcount().to_numpy()
    size = ordered.groupby("user_id")["movie_id"].transform("size").to_numpy()
    hidden_count = np.maximum(1, np.floor(size * USER_HIDDEN_SHARE)).astype(int)
    hidden = ordered["user_id"].isin(users).to_numpy() & (position >= size - hidden_count)
    return ordered[~hidden], ordered[hidden]


def user_recall(tables: Tables, content: ContentFeatures, selection: Selection, users: np.ndarray,
                stage=silent_stage) -> dict:
    """recall@10 of the user model and of most-popular on `users`' hidden latest likes."""
    ids, n = tables.ids, len(tables.ids)
    kept, hidden = time_split(tables.ratings, users)
    similarity = item_similarity(kept, ids, selection.min_likes, selection.smoothing)
    signals = Signals(content, [similarity], like_prior(kept, ids))
    mine = kept[kept["user_id"].isin(users)]
    mine_rows = catalog_rows(mine, ids)
    needed = np.unique(mine_rows)
    neighbours = np.zeros((n, USER_NEIGHBOURS), dtype=np.int32)
    scores = np.zeros((n, USER_NEIGHBOURS), dtype=np.float32)
    neighbours[needed], scores[needed] = blend_top_k(signals, selection.blend, needed, USER_NEIGHBOURS,
                                                     stage("Usuarios: vecinos", len(needed)))
    order = popular_order(tables, kept)
    liked_hidden = hidden[hidden["rating"] >= LIKE]
    wanted_by_user = {user: set(catalog_rows(group, ids).tolist())
                      for user, group in liked_hidden.groupby("user_id")}
    model_recall, popular_recall = [], []
    for user, group in mine.groupby("user_id"):
        wanted = wanted_by_user.get(user)
        if not wanted:
            continue
        rated = catalog_rows(group, ids)
        picked = score_user(neighbours, scores, rated, group["rating"].to_numpy(np.float32), order, USER_AT)
        popular = order[~np.isin(order, rated)][:USER_AT]
        denominator = min(USER_AT, len(wanted))
        model_recall.append(len({row for row, _ in picked} & wanted) / denominator)
        popular_recall.append(len(set(popular.tolist()) & wanted) / denominator)
    return {"model": float(np.mean(model_recall)), "popular": float(np.mean(popular_recall)),
            "users": len(model_recall), "hidden_share": USER_HIDDEN_SHARE, "at": USER_AT}


# --- the whole protocol ----------------------------------------------------------------


def evaluate(artifacts: Path, report: Path | None = None, progress=None) -> dict:
    """Run the protocol on the curated tables in `artifacts`; returns the figures.

    Writes the Markdown report to `report` (if given) and, when `artifacts/model/` holds a
    model trained on these same tables, rewrites its card with these figures and saves them
    as evaluation.json. progress: optional `stage(description, total) -> advance(n)`.
    """
    from movierec.recommend import report as markdown  # local: report imports this module's constants

    stage = progress or silent_stage
    artifacts = Path(artifacts)
    tables = load_tables(artifacts)
    if tables.ratings.empty:
        raise ModelError(f"No hay valoraciones en {artifacts}: la evaluación las necesita "
                         "(ejecute el ETL con --ratings y --links).")
    ids, n, movies, ratings = tables.ids, len(tables.ids), tables.movies, tables.ratings
    advance = stage("Rasgos de contenido", 1)
    content = content_features(movies, tables.cast, tables.crew)
    advance(1)
    split = split_users(ratings)
    selection = choose_weights(tables, content, split.ratings(ratings, "fit"),
                               split.ratings(ratings, "validation"), stage)
    seen = split.ratings(ratings, "fit", "validation")
    prior = like_prior(seen, ids)
    truth = co_like_truth(split.ratings(ratings, "test"), ids)
    similarity = item_similarity(seen, ids, selection.min_likes, selection.smoothing)
    every = np.arange(n)
    recommended = {
        "hybrid": blend_top_k(Signals(content, [similarity], prior), selection.blend, every, AT,
                              stage("Evaluando: híbrido", n))[0],
        "content": blend_top_k(Signals(content, [], prior), Blend(1.0, 0.0, 0.0), every, AT,
                               stage("Evaluando: solo contenido", n))[0],
        "collaborative": blend_top_k(Signals(None, [similarity], prior),
                                     Blend(0.0, 1.0, POPULARITY_TIE, content_fallback=False), every, AT,
                                     stage("Evaluando: solo colaborativo", n))[0],
        "random": random_films(n, every),
        "popular": most_popular(popular_order(tables, seen), every),
        "genre": genre_baseline(content, movies, every),
    }
    siblings = collection_rows(movies)
    methods = {name: {**item_metrics(rec[truth.queries], truth), "coverage": coverage(rec, n),
                      "collection_share": collection_share(rec[siblings], siblings, movies)}
               for name, rec in recommended.items()}
    users = user_recall(tables, content, selection, split.test, stage)
    results = {
        "protocol": {
            "seed": SEED, "test_share": TEST_SHARE, "validation_share": VALIDATION_SHARE,
            "users": {"fit": len(split.fit), "validation": len(split.validation), "test": len(split.test)},
            "ratings": len(ratings), "films": n, "queries": len(truth),
            "mean_relevant": float(truth.sizes.mean()) if len(truth) else 0.0,
            "like": LIKE, "min_likers": MIN_LIKERS, "min_common": MIN_COMMON, "top_relevant": TOP_RELEVANT,
            "collection_films": int(len(siblings)),
        },
        "selection": selection.as_dict(),
        "methods": methods,
        "users": users,
    }
    if report is not None:
        report = Path(report)
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(markdown.render_report(results), encoding="utf-8")
    markdown.update_model_card(artifacts / "model", results, tables.movies_sha256)
    return results
