"""Blend similarity signals and keep each film's top-k, a few rows at a time.

score(i, j) = (1 − w_i)·C_ij + w_i·S_ij (+ prior·p_j, only for the v1 baseline), where C is the
content cosine, S the collaborative similarity and w_i = α · n_i / (n_i + κ) the collaborative
weight of film i: it grows with i's likes n_i, so content leads where ratings are thin and
alone where there are none. Both signals lie in [0, 1], so the score does too: it is the
`similitud` a person reads. Ties go to the more popular film, then to the lower id.

Never builds the n × n matrix: CHUNK_ROWS rows at a time, and only the top-k survives.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from movierec.progress import Advance
from movierec.recommend.collaborative import ItemSimilarity
from movierec.recommend.content import ContentFeatures

TIE_SORT_LIMIT = 4   # above this many candidates per kept place, ties are partitioned, not sorted
CHUNK_ROWS = 32      # 32 × 45k float32 ≈ 6 MB per block


@dataclass(frozen=True)
class Blend:
    """Collaborative weight α·n/(n + κ) of a film with n likes; `variant` picks a similarity."""

    collaborative: float = 0.0   # α: the weight of a film liked by very many users
    thin: float = 0.0            # κ: likes at which the collaborative weight is α/2 (0: α for any liked film)
    prior: float = 0.0           # weight of the popularity prior in the score (v1 baseline only)
    variant: int = 0


class Signals:
    """Content features, collaborative similarities, like counts and a popularity prior."""

    def __init__(self, content: ContentFeatures | None, collaborative: Sequence[ItemSimilarity],
                 likes: np.ndarray, prior: np.ndarray):
        self.n = len(prior)
        self.prior = prior.astype(np.float32)
        self.likes = likes.astype(np.float32)
        # rank of each film by popularity (prior, then id): the tie-break of every list
        self.popular = np.lexsort((np.arange(self.n), -self.prior))
        self.popularity_rank = np.empty(self.n, dtype=np.int64)
        self.popularity_rank[self.popular] = np.arange(self.n)
        if content is None:
            content = ContentFeatures(sparse.csr_matrix((self.n, 0), dtype=np.float32),
                                      np.zeros(self.n, np.float32), np.zeros(self.n, np.int32),
                                      np.zeros((1, 1), np.float32))   # no content: all cosines 0
        self.content = content
        self.rare = content.sparse.tocsr()
        self.rare_t = self.rare.T.tocsr()
        self.has_genre = bool(content.genre_scale.any())
        self.collaborative = list(collaborative)
        self.has_row = []
        for similarity in self.collaborative:
            has_row = np.zeros(self.n, dtype=bool)
            has_row[similarity.rows] = True
            self.has_row.append(has_row)
        # every pair some variant keeps: outside it, a film scores by content alone
        self.pairs = sparse.csr_matrix((self.n, self.n), dtype=np.float32)
        for similarity in self.collaborative:
            self.pairs = self.pairs + similarity.common
        self.pairs = self.pairs.tocsr()

    def collaborative_weight(self, blend: Blend, rows: np.ndarray) -> np.ndarray:
        """w_i for `rows`: 0 without a collaborative row."""
        likes = self.likes[rows]
        weight = np.float32(blend.collaborative) * (likes / (likes + np.float32(blend.thin)) if blend.thin > 0
                                                    else np.ones_like(likes))
        if self.collaborative:
            weight[~self.has_row[blend.variant][rows]] = 0.0
        else:
            weight[:] = 0.0
        return weight.astype(np.float32)

    def content_block(self, rows: np.ndarray) -> np.ndarray:
        """Content cosine of `rows` against all films (len(rows) × n)."""
        out = (self.rare[rows] @ self.rare_t).toarray()
        if self.has_genre:
            c = self.content
            genre = np.take(c.genre_table[c.genre_set[rows]], c.genre_set, axis=1)
            genre *= c.genre_scale
            genre *= c.genre_scale[rows][:, None]
            out += genre
        return out

    def collaborative_block(self, variant: int, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """Collaborative similarity of `rows` against `columns`; 0 outside the kept pairs."""
        if not self.collaborative:
            return np.zeros((len(rows), len(columns)), dtype=np.float32)
        return self.collaborative[variant].block(rows, columns)


def top_k(block: np.ndarray, k: int, rank: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Columns and scores of each row's k best: descending score, then ascending rank[column]."""
    rows, n = block.shape
    kth = np.partition(block, n - k, axis=1)[:, n - k]
    at_least = block >= kth[:, None]                    # ≥ k per row, ties included
    if at_least.sum() > TIE_SORT_LIMIT * rows * k:      # a wide tie (films with no shared likers score 0)
        # everything above the k-th value is kept; its ties fill the rest in rank order, and
        # partitioning their ranks costs far less than sorting them all
        tied_rank = np.where(block == kth[:, None], rank[None, :], np.iinfo(np.int64).max)
        fill = np.argpartition(tied_rank, k - 1, axis=1)[:, :k]
        at_least = block > kth[:, None]
        at_least[np.arange(rows)[:, None], fill] = True
    flat = np.flatnonzero(at_least)
    r, c = np.divmod(flat, n)
    s = block.ravel()[flat]
    order = np.lexsort((rank[c], -s, r))
    r, c, s = r[order], c[order], s[order]
    starts = np.searchsorted(r, np.arange(rows))
    keep = np.arange(len(r)) - starts[r] < k
    return c[keep].reshape(-1, k).astype(np.int32), s[keep].reshape(-1, k).astype(np.float32)


def blend_top_k(signals: Signals, blends: Sequence[Blend], rows: np.ndarray, k: int,
                advance: Advance | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    """Exact top-k neighbours (catalog rows) and scores of `rows` under each blend, self excluded.

    Outside film i's kept collaborative pairs, a film scores (1 − w_i)·C_ij, in the order of its
    content cosine (then popularity); so only i's kept pairs, the k best of the others by content
    and the k most popular of the others can reach its top k. The blends score those candidates
    only (the same content block serves them all); a blend with a prior term scores every film.
    """
    rows = np.asarray(rows, dtype=np.int64)
    k = min(k, signals.n - 1)
    results = [(np.empty((len(rows), k), dtype=np.int32), np.empty((len(rows), k), dtype=np.float32))
               for _ in blends]
    variants = sorted({blend.variant for blend in blends if blend.collaborative > 0})
    every = np.arange(signals.n)
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[start:start + CHUNK_ROWS]
        here = np.arange(len(chunk))
        content = signals.content_block(chunk)
        content[here, chunk] = -np.inf
        paired = signals.pairs[chunk].tocoo()
        others = content.copy()
        others[paired.row, paired.col] = -np.inf
        best_content, _ = top_k(others, k, signals.popularity_rank)
        # enough popular films that every row finds k outside its pairs and itself
        popular = signals.popular[:k + 1 + int(np.diff(signals.pairs.indptr)[chunk].max(initial=0))]
        candidates = np.unique(np.concatenate([paired.col, best_content.ravel(), popular]))
        rank = signals.popularity_rank[candidates]
        is_self = candidates[None, :] == chunk[:, None]
        content_part = content[:, candidates]
        collaborative = {variant: signals.collaborative_block(variant, chunk, candidates) for variant in variants}
        for (neighbours, scores), blend in zip(results, blends):
            weight = signals.collaborative_weight(blend, chunk)[:, None]
            if blend.prior > 0:   # v1 baseline: the prior lifts any film, score them all
                score = (1 - weight) * np.where(np.isfinite(content), content, 0)
                if blend.collaborative > 0:
                    score += weight * signals.collaborative_block(blend.variant, chunk, every)
                score += np.float32(blend.prior) * signals.prior
                score[here, chunk] = -np.inf
                picked, best = top_k(score, k, signals.popularity_rank)
            else:
                score = (1 - weight) * np.where(is_self, 0, content_part)
                if blend.collaborative > 0:
                    score += weight * collaborative[blend.variant]
                score[is_self] = -np.inf
                where, best = top_k(score, k, rank)
                picked = candidates[where].astype(np.int32)
            neighbours[start:start + len(chunk)], scores[start:start + len(chunk)] = picked, best
        if advance:
            advance(len(chunk))
    return results


def collaborative_part(signals: Signals, blend: Blend, rows: np.ndarray, neighbours: np.ndarray) -> np.ndarray:
    """w_i · S_ij for each (row, neighbour) pair: how much of the score the co-likes gave."""
    if not signals.collaborative or blend.collaborative <= 0:
        return np.zeros(neighbours.shape, dtype=np.float32)
    similarity = signals.collaborative[blend.variant]
    pairs = np.broadcast_to(np.asarray(rows)[:, None], neighbours.shape)
    out = similarity.values(pairs.ravel(), neighbours.ravel()).reshape(neighbours.shape)
    return out * signals.collaborative_weight(blend, rows)[:, None]
