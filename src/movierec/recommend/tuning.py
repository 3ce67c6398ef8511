"""The weight search: blends scored on validation users only, never on the evaluation's test fold.

`choose_weights` gets the ratings of the users a model may learn from, deals them into
fit and validation users (VALIDATION_FOLDS), fits every collaborative variant on the fit
users and keeps the blend with the best validation nDCG@5 among those that keep sequels
together (COLLECTION_FLOOR) and popular films in check (HEAD_CEILING, over films liked at least
once: the query films' own relevant films are often blockbusters themselves). Training calls it on
all users; the evaluation calls it on each fold's training users.
"""

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from movierec.progress import silent_stage
from movierec.recommend.collaborative import like_counts, like_prior, shrunk_cosine
from movierec.recommend.content import ContentFeatures
from movierec.recommend.data import SEED, Tables, of_users, user_folds
from movierec.recommend.metrics import (AT, collection_rows, cosine_truth, hits, ndcg, popularity_bias,
                                        with_sibling)
from movierec.recommend.ranking import Blend, Signals, blend_top_k

VALIDATION_FOLDS = 4          # a quarter of the learning users are the validation users
COLLECTION_FLOOR = 0.92       # least collection share on validation (target 0.9)
HEAD_CEILING = 0.15           # most share of top-5 among the 1% most-liked films on validation (target 0.2)
COLLECTION_SAMPLE = 1000      # films with a collection sibling (and liked films) checked during the search
QUERY_SAMPLE = 1000           # validation query films at most (seeded sample; the bundled sample has fewer)
GRID = {"shrink": (0.0, 5.0, 10.0, 20.0, 40.0), "collaborative": (0.5, 0.7, 0.85, 1.0), "thin": (0.0, 10.0, 30.0)}


@dataclass
class Selection:
    """The chosen weights and what they scored on the validation users."""

    shrink: float
    blend: Blend
    validation: dict
    grid: list

    def as_dict(self) -> dict:
        return {"shrink": self.shrink, "blend": asdict(self.blend), "validation": self.validation, "grid": self.grid}


def default_selection() -> Selection:
    """Without ratings there is nothing to choose with: content alone, popularity breaks ties."""
    return Selection(GRID["shrink"][0], Blend(), {}, [])


def sample(rows: np.ndarray, size: int = COLLECTION_SAMPLE, seed: int = SEED) -> np.ndarray:
    """At most `size` of `rows`, a seeded sample, sorted."""
    if len(rows) <= size:
        return rows
    return np.sort(np.random.default_rng(seed).choice(rows, size, replace=False))


def choose_weights(tables: Tables, content: ContentFeatures, ratings: pd.DataFrame, stage=silent_stage) -> Selection:
    """Grid search on `ratings` (learning users only): see the module doc."""
    ids = tables.ids
    validation_users = user_folds(ratings, VALIDATION_FOLDS, SEED + 1)[0]
    fit, validation = of_users(ratings, validation_users, keep=False), of_users(ratings, validation_users)
    truth = cosine_truth(validation, ids, max_queries=QUERY_SAMPLE)
    if not len(truth):
        return default_selection()
    siblings = sample(collection_rows(tables.movies))
    likes = like_counts(fit, ids)
    liked = sample(np.flatnonzero(likes > 0))
    rows = np.union1d(np.union1d(truth.queries, siblings), liked)
    at_queries, at_siblings, at_liked = (np.searchsorted(rows, part) for part in (truth.queries, siblings, liked))
    base = shrunk_cosine(fit, ids, 0.0, stage("Co-«me gusta» (validación)", int((likes > 0).sum())))
    variants = [base.with_shrink(shrink) for shrink in GRID["shrink"]]
    signals = Signals(content, variants, likes, like_prior(fit, ids))
    blends = [Blend(alpha, thin, 0.0, v) for v in range(len(variants))
              for alpha in GRID["collaborative"] for thin in GRID["thin"]]
    results = blend_top_k(signals, blends, rows, AT, stage("Eligiendo pesos (validación)", len(rows)))
    grid = []
    for blend, (neighbours, _) in zip(blends, results):
        hit = hits(neighbours[at_queries], truth)
        head, _ = popularity_bias(neighbours[at_liked], likes)
        grid.append({"shrink": GRID["shrink"][blend.variant], "collaborative": blend.collaborative,
                     "thin": blend.thin, "ndcg": float(ndcg(hit, truth.sizes).mean()),
                     "precision": float(hit.mean()), "head_share": float(head.mean()),
                     "collection_share": float(with_sibling(neighbours[at_siblings], siblings, tables.movies).mean())})
    ok = [i for i, entry in enumerate(grid)
          if entry["collection_share"] >= COLLECTION_FLOOR and entry["head_share"] <= HEAD_CEILING]
    best = (max(ok, key=lambda i: (grid[i]["ndcg"], -i)) if ok
            else max(range(len(grid)), key=lambda i: (grid[i]["collection_share"], grid[i]["ndcg"], -i)))
    chosen = blends[best]
    figures = {**{key: grid[best][key] for key in ("ndcg", "precision", "collection_share", "head_share")},
               "queries": len(truth), "collection_films_checked": int(len(siblings)),
               "constraints_met": bool(ok)}
    return Selection(GRID["shrink"][chosen.variant], Blend(chosen.collaborative, chosen.thin), figures, grid)
