"""Blend similarity signals and keep each film's top-k, a few rows at a time.

score(i, j) = ((w_i·S_ij + f·F_ij) + p·prior_j) + (T[g_i, g_j]·a_j)·(w_i·a_i), always in this
order so that every code path gives the same float32 bits. S: cosine over the sparse content
fields; T, a: the genre part of the cosine (see content.ContentFeatures); F: collaborative
similarity; w_i: content weight of row i (plus f when i has no collaborative row).

Never builds the n × n matrix: CHUNK_ROWS rows at a time (a block that stays in cache), and
only the top-k survives. Catalog rows are in ascending id order, so "ties by ascending id" is
"ties by ascending column".
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from movierec.progress import Advance
from movierec.recommend.collaborative import ItemSimilarity
from movierec.recommend.content import ContentFeatures

CHUNK_ROWS = 16      # 16 × 45k float32 ≈ 3 MB: each pass over the block runs from cache
GRID_POOL = 100      # grid search: candidates per signal
SLACK = 1e-6         # float32 rounding allowance in the grid's bounds



@dataclass(frozen=True)
class Blend:
    """Weights of the signals; `variant` picks one of several fitted ItemSimilarity."""

    content: float = 1.0
    collaborative: float = 0.0
    prior: float = 0.0
    content_fallback: bool = True   # a film without a collaborative row: content takes its share
    variant: int = 0


class Signals:
    """Content features, collaborative similarities and a prior over one catalog."""

    def __init__(self, content: ContentFeatures | None, collaborative: Sequence[ItemSimilarity],
                 prior: np.ndarray):
        self.n = len(prior)
        self.prior = prior.astype(np.float32)
        if content is None:
            content = ContentFeatures(sparse.csr_matrix((self.n, 0), dtype=np.float32),
                                      np.zeros(self.n, np.float32), np.zeros(self.n, np.int32),
                                      np.zeros((1, 1), np.float32))   # no content: all cosines 0
        self.content = content
        self.rare = content.sparse.tocsr()
        self.rare_t = self.rare.T.tocsr()
        self.has_genre = bool(content.genre_scale.any())
        self.collaborative = list(collaborative)
        self.positions = []
        for similarity in self.collaborative:
            position = np.full(self.n, -1, dtype=np.int64)
            position[similarity.rows] = np.arange(len(similarity.rows))
            self.positions.append(position)

    def local(self, variant: int, rows: np.ndarray) -> np.ndarray:
        """Position of each row in the collaborative matrix, -1 if it has none."""
        if not self.collaborative:
            return np.full(len(rows), -1, dtype=np.int64)
        return self.positions[variant][rows]

    def weights(self, blend: Blend, rows: np.ndarray) -> np.ndarray:
        weight = np.full(len(rows), blend.content, dtype=np.float32)
        if blend.content_fallback:
            weight[self.local(blend.variant, rows) < 0] += np.float32(blend.collaborative)
        return weight

    def genre_raw(self, rows: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """T[g_i, g_j]·a_j for `rows` against all films."""
        c = self.content
        out = np.take(c.genre_table[c.genre_set[rows]], c.genre_set, axis=1, out=out)
        out *= c.genre_scale
        return out

    def dense(self, blend: Blend, rows: np.ndarray, out: np.ndarray, scratch: np.ndarray) -> np.ndarray:
        """All scores of `rows` (len(rows) × n) into `out`; the film itself gets -inf."""
        local = self.local(blend.variant, rows)
        weight = self.weights(blend, rows)
        (self.rare[rows] @ self.rare_t).toarray(out=out)
        out *= weight[:, None]
        have = np.flatnonzero(local >= 0)
        if len(have) and blend.collaborative > 0:
            similarity = self.collaborative[blend.variant]
            out[np.ix_(have, similarity.rows)] += np.float32(blend.collaborative) * similarity.block(local[have])
        if blend.prior > 0:
            out += np.float32(blend.prior) * self.prior
        if self.has_genre:
            genre = self.genre_raw(rows, scratch)
            genre *= (weight * self.content.genre_scale[rows])[:, None]
            out += genre
        out[np.arange(len(rows)), rows] = -np.inf
        return out


def top_k(block: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Columns and scores of each row's k best, by descending score then ascending column."""
    rows, n = block.shape
    kth = np.partition(block, n - k, axis=1)[:, n - k]
    flat = np.flatnonzero(block >= kth[:, None])       # ≥ k per row, ties included
    r, c = np.divmod(flat, n)
    s = block.ravel()[flat]
    order = np.lexsort((c, -s, r))
    r, c, s = r[order], c[order], s[order]
    starts = np.searchsorted(r, np.arange(rows))
    keep = np.arange(len(r)) - starts[r] < k
    return c[keep].reshape(-1, k).astype(np.int32), s[keep].reshape(-1, k).astype(np.float32)


def blend_top_k(signals: Signals, blend: Blend, rows: np.ndarray, k: int,
                advance: Advance | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Exact top-k neighbours (catalog rows) and scores of `rows` under one blend, self excluded."""
    rows = np.asarray(rows, dtype=np.int64)
    k = min(k, signals.n - 1)
    neighbours = np.empty((len(rows), k), dtype=np.int32)
    scores = np.empty((len(rows), k), dtype=np.float32)
    block = np.empty((CHUNK_ROWS, signals.n), dtype=np.float32)
    scratch = np.empty_like(block)
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[start:start + CHUNK_ROWS]
        here = slice(0, len(chunk))
        signals.dense(blend, chunk, block[here], scratch[here])
        neighbours[start:start + len(chunk)], scores[start:start + len(chunk)] = top_k(block[here], k)
        if advance:
            advance(len(chunk))
    return neighbours, scores


def grid_top_k(signals: Signals, blends: Sequence[Blend], rows: np.ndarray, k: int,
               advance: Advance | None = None) -> list[tuple[np.ndarray, np.ndarray]]:
    """blend_top_k for many blends at once (the weight search), scoring only candidates.

    Candidates are each row's GRID_POOL best by content, by each collaborative variant and
    by prior. Any other film scores at most the blend of the three floors; rows where that
    bound reaches the k-th candidate are redone densely, so every result equals blend_top_k's.
    """
    n = signals.n
    rows = np.asarray(rows, dtype=np.int64)
    k = min(k, n - 1)
    pool = min(GRID_POOL, n - 1)
    step = 256
    results = [(np.empty((len(rows), k), dtype=np.int32), np.empty((len(rows), k), dtype=np.float32))
               for _ in blends]
    by_prior = np.lexsort((np.arange(n), -signals.prior))[:pool + 1]
    prior_floor = signals.prior[by_prior[-1]]
    collaborative_top = []
    for similarity in signals.collaborative:
        # variants sharing their counts rank each row alike (smoothing only rescales a row):
        # their candidates are shared, only the floors differ
        same = [other for other in signals.collaborative[:len(collaborative_top)] if other.common is similarity.common]
        top, floor = _row_tops(similarity, pool)
        collaborative_top.append((None if same else top, floor))
    block = np.empty((CHUNK_ROWS, n), dtype=np.float32)
    scratch = np.empty_like(block)
    for start in range(0, len(rows), step):
        chunk = rows[start:start + step]
        m = len(chunk)
        sparse_part = (signals.rare[chunk] @ signals.rare_t).toarray()
        genre_raw = signals.genre_raw(chunk)
        content = genre_raw * signals.content.genre_scale[chunk][:, None] + sparse_part
        content[np.arange(m), chunk] = -np.inf
        best_content = np.argpartition(-content, pool - 1, axis=1)[:, :pool]
        content_floor = np.take_along_axis(content, best_content, axis=1).min(axis=1)
        parts = [best_content, np.broadcast_to(by_prior, (m, pool + 1))]
        floors = []
        for variant, (top, floor) in enumerate(collaborative_top):
            local = signals.local(variant, chunk)
            if top is not None:
                parts.append(np.where(local[:, None] >= 0, top[np.maximum(local, 0)], chunk[:, None]))
            floors.append(np.where(local >= 0, floor[np.maximum(local, 0)], 0.0).astype(np.float32))
        candidates = np.sort(np.concatenate(parts, axis=1), axis=1)
        invalid = candidates == chunk[:, None]
        invalid[:, 1:] |= candidates[:, 1:] == candidates[:, :-1]
        sparse_values = np.take_along_axis(sparse_part, candidates, axis=1)
        genre_values = np.take_along_axis(genre_raw, candidates, axis=1)
        prior_values = signals.prior[candidates]
        collaborative_values = []
        for variant, similarity in enumerate(signals.collaborative):
            local = signals.local(variant, chunk)
            column = signals.positions[variant][candidates]
            values = np.zeros(candidates.shape, dtype=np.float32)
            ok = (local[:, None] >= 0) & (column >= 0)
            values[ok] = similarity.values(np.broadcast_to(local[:, None], candidates.shape)[ok], column[ok])
            collaborative_values.append(values)
        for (neighbours, best), blend in zip(results, blends):
            weight = signals.weights(blend, chunk)
            score = weight[:, None] * sparse_values
            collaborative_floor = 0.0
            if blend.collaborative > 0 and signals.collaborative:
                score += np.float32(blend.collaborative) * collaborative_values[blend.variant]
                collaborative_floor = floors[blend.variant]
            if blend.prior > 0:
                score += np.float32(blend.prior) * prior_values
            if signals.has_genre:
                score += genre_values * (weight * signals.content.genre_scale[chunk])[:, None]
            score[invalid] = -np.inf
            where, top_scores = top_k(score, k)       # candidates are sorted: ties still by id
            top = np.take_along_axis(candidates, where, axis=1).astype(np.int32)
            bound = (np.float32(blend.collaborative) * collaborative_floor + np.float32(blend.prior) * prior_floor
                     + weight * content_floor + SLACK)
            unsure = np.flatnonzero(top_scores[:, -1] <= bound)
            for part in range(0, len(unsure), CHUNK_ROWS):
                redo = unsure[part:part + CHUNK_ROWS]
                here = slice(0, len(redo))
                signals.dense(blend, chunk[redo], block[here], scratch[here])
                top[redo], top_scores[redo] = top_k(block[here], k)
            neighbours[start:start + m], best[start:start + m] = top, top_scores
        if advance:
            advance(m)
    return results


def _row_tops(similarity: ItemSimilarity, pool: int) -> tuple[np.ndarray, np.ndarray]:
    """Each collaborative row's `pool` best catalog rows, and the pool-th value (the floor)."""
    m = len(similarity.rows)
    if m <= pool:
        return np.ascontiguousarray(np.broadcast_to(similarity.rows, (m, m))), np.zeros(m, dtype=np.float32)
    local = np.argpartition(-similarity.common, pool - 1, axis=1)[:, :pool]
    floor = np.take_along_axis(similarity.common, local, axis=1).min(axis=1) / similarity.denominator
    return similarity.rows[local], floor
