"""Ground truth, metrics and baselines of the evaluation protocol (no model fitting here).

Relevance is normalised for popularity: for a query film f liked by ≥ MIN_LIKERS held-out
users, the relevant films are the TOP_RELEVANT films g with the highest cosine of co-likes
c(f, g) / sqrt(n_f · n_g) among those with c(f, g) ≥ MIN_COMMON (ties at the cut included),
all counted over held-out users only. Raw co-like counts would make "most popular" look good.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from movierec.recommend.collaborative import co_like_blocks, like_counts, like_matrix
from movierec.recommend.content import ContentFeatures
from movierec.recommend.data import SEED

AT = 5
MIN_LIKERS, MIN_COMMON, TOP_RELEVANT = 15, 4, 10
HEAD_SHARE = 0.01       # "the 1% most-liked films" of the popularity-bias figure
BOOTSTRAP, CONFIDENCE = 1000, 0.95


@dataclass
class Truth:
    """Relevant films per query film; `keys` = query_row · n + relevant_row, sorted, for fast lookups."""

    queries: np.ndarray   # int64[q], ascending
    sizes: np.ndarray     # int64[q]: relevant films per query
    keys: np.ndarray      # int64, sorted
    n: int

    def __len__(self) -> int:
        return len(self.queries)


def cosine_truth(ratings: pd.DataFrame, ids: np.ndarray, min_likers: int = MIN_LIKERS,
                 min_common: int = MIN_COMMON, top: int = TOP_RELEVANT, max_queries: int | None = None,
                 seed: int = SEED) -> Truth:
    """Relevant catalog rows of each query row, from the likes in `ratings` (see module doc).

    With more than `max_queries` eligible query films, a seeded sample of them (at full scale).
    Counts come a block of query rows at a time (collaborative.co_like_blocks), never pruned.
    """
    n = len(ids)
    likes = like_matrix(ratings, ids)
    counts = np.asarray(likes.sum(axis=0)).ravel()
    norm = np.sqrt(counts)
    eligible = np.flatnonzero(counts >= min_likers)
    if max_queries is not None and len(eligible) > max_queries:
        eligible = np.sort(np.random.default_rng(seed).choice(eligible, max_queries, replace=False))
    queries, sizes, keys = [], [], []
    for block, common in co_like_blocks(likes, eligible):
        for i, row in enumerate(block):
            start, stop = common.indptr[i], common.indptr[i + 1]
            columns, together = common.indices[start:stop], common.data[start:stop]
            keep = (together >= min_common) & (columns != row)
            if not keep.any():
                continue
            columns = columns[keep].astype(np.int64)
            cosine = together[keep] / (norm[row] * norm[columns])
            cut = np.sort(cosine)[::-1][min(top, len(columns)) - 1]
            relevant = np.sort(columns[cosine >= cut])
            queries.append(row)
            sizes.append(len(relevant))
            keys.append(row * n + relevant)
    keys = np.sort(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)
    return Truth(np.array(queries, dtype=np.int64), np.array(sizes, dtype=np.int64), keys, n)


def hits(recommended: np.ndarray, truth: Truth) -> np.ndarray:
    """bool[q, AT]: whether each of the first AT recommendations of each query film is relevant."""
    if not len(truth.keys):
        return np.zeros((len(truth), AT), dtype=bool)
    keys = truth.queries[:, None] * truth.n + recommended[:, :AT]
    position = np.minimum(np.searchsorted(truth.keys, keys), len(truth.keys) - 1)
    return truth.keys[position] == keys


def ndcg(hit: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Per-query nDCG@AT with binary gains."""
    discount = 1.0 / np.log2(np.arange(2, AT + 2))
    ideal = np.cumsum(discount)[np.minimum(sizes, AT) - 1]
    return (hit @ discount) / ideal


def popularity_bias(recommended: np.ndarray, likes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per list: share of its films among the HEAD_SHARE most-liked, and their mean like-count percentile.

    The percentile is within the catalog, ties averaged (a film nobody liked sits low, not at 0).
    """
    n = len(likes)
    head_size = max(1, int(np.ceil(HEAD_SHARE * n)))
    head = np.zeros(n, dtype=bool)
    head[np.lexsort((np.arange(n), -likes))[:head_size]] = True
    percentile = 100.0 * (rankdata(likes, method="average") - 0.5) / n
    top = recommended[:, :AT]
    return head[top].mean(axis=1), percentile[top].mean(axis=1)


def collection_rows(movies: pd.DataFrame) -> np.ndarray:
    """Rows of films whose collection has another member in the catalog."""
    collection = movies["collection_id"]
    sizes = collection.map(collection.value_counts())
    return np.flatnonzero(sizes.fillna(0).to_numpy() >= 2)


def with_sibling(recommended: np.ndarray, rows: np.ndarray, movies: pd.DataFrame) -> np.ndarray:
    """Per row of `rows`: whether a film of its own collection is among its first AT recommendations."""
    collection = movies["collection_id"].to_numpy(dtype=np.float64, na_value=np.nan)
    return (collection[recommended[:, :AT]] == collection[rows][:, None]).any(axis=1)


def coverage(recommended: np.ndarray, n: int) -> float:
    """Share of the catalog that appears in some film's first AT recommendations."""
    return float(len(np.unique(recommended[:, :AT])) / n)


def bootstrap(values: np.ndarray, seed: int = SEED) -> dict:
    """Mean and 95% percentile-bootstrap interval over the units (query films) in `values`."""
    values = np.asarray(values, dtype=np.float64)
    if not len(values):
        return {"mean": float("nan"), "low": float("nan"), "high": float("nan"), "n": 0}
    rng = np.random.default_rng(seed)
    means = values[rng.integers(0, len(values), size=(BOOTSTRAP, len(values)))].mean(axis=1)
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return {"mean": float(values.mean()), "low": float(low), "high": float(high), "n": int(len(values))}


# --- baselines -------------------------------------------------------------------------

def popular_order(ratings: pd.DataFrame, ids: np.ndarray, movies: pd.DataFrame) -> np.ndarray:
    """Rows by likes in `ratings`, then TMDB votes, then id: the most-popular baseline."""
    likes = like_counts(ratings, ids)
    votes = movies["vote_count"].to_numpy()
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
    return (picks + (picks >= rows[:, None])).astype(np.int32).reshape(len(rows), k)


def genre_baseline(content: ContentFeatures, movies: pd.DataFrame, rows: np.ndarray, k: int = AT) -> np.ndarray:
    """The seed's model: cosine of one-hot genres, ties by TMDB popularity, then id."""
    genre_set, table = content.genre_set, content.genre_table
    popularity = movies["popularity"].to_numpy(dtype=np.float64)
    ident = np.arange(len(movies))
    out = np.empty((len(rows), k), dtype=np.int32)
    for pattern in np.unique(genre_set[rows]):
        head = np.lexsort((ident, -popularity, -table[pattern][genre_set]))[:k + 1]
        for i in np.flatnonzero(genre_set[rows] == pattern):
            out[i] = head[head != rows[i]][:k]
    return out


# --- user-item -------------------------------------------------------------------------

USER_HIDDEN_SHARE, USER_AT = 0.2, 10


def time_split(ratings: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(kept, hidden): every user's latest USER_HIDDEN_SHARE ratings (at least one) are hidden."""
    ordered = ratings.sort_values(["user_id", "timestamp", "movie_id"], kind="stable")
    position = ordered.groupby("user_id").cumcount().to_numpy()
    size = ordered.groupby("user_id")["movie_id"].transform("size").to_numpy()
    hidden_count = np.maximum(1, np.floor(size * USER_HIDDEN_SHARE)).astype(int)
    hidden = position >= size - hidden_count
    return ordered[~hidden], ordered[hidden]


def validation_half(n: int, seed: int = SEED) -> np.ndarray:
    """bool[n]: a seeded half of the judged users on which user-model settings are chosen; the
    other half is the test half, never looked at while choosing."""
    half = np.zeros(n, dtype=bool)
    half[np.random.default_rng(seed).permutation(n)[:n // 2]] = True
    return half


def user_scores(picked: np.ndarray, wanted: list[set]) -> tuple[np.ndarray, np.ndarray]:
    """Per user: recall@USER_AT = hits / min(USER_AT, relevant), and nDCG@USER_AT (binary gains)."""
    discount = 1.0 / np.log2(np.arange(2, USER_AT + 2))
    recall, gain = [], []
    for row, relevant in zip(picked[:, :USER_AT].tolist(), wanted):
        hit = np.array([film in relevant for film in row] + [False] * (USER_AT - len(row)))
        recall.append(hit.sum() / min(USER_AT, len(relevant)))
        gain.append((hit @ discount) / discount[:min(USER_AT, len(relevant))].sum())
    return np.array(recall), np.array(gain)
