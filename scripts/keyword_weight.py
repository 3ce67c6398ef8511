"""The keyword block's weight, judged on validation users only (never a test fold).

For each candidate weight, each of the evaluation's folds runs the weight search on its learning
users (tuning.choose_weights: hybrid nDCG@5 on their validation quarter) and scores content alone on
those same validation users. Usage: python -m scripts.keyword_weight ARTIFACTS 0,0.3,0.5,1
"""

import sys

import numpy as np

from movierec.recommend.content import FIELD_WEIGHTS, content_features
from movierec.recommend.data import SEED, load_tables, of_users, user_folds
from movierec.recommend.evaluation import FOLDS
from movierec.recommend.metrics import AT, cosine_truth, hits, ndcg
from movierec.recommend.ranking import Blend, Signals, blend_top_k
from movierec.recommend.tuning import QUERY_SAMPLE, VALIDATION_FOLDS, choose_weights


def main(artifacts: str, weights: str) -> None:
    tables = load_tables(artifacts)
    n = len(tables.ids)
    for weight in map(float, weights.split(",")):
        content = content_features(tables.movies, tables.cast, tables.crew, tables.keywords,
                                   {**FIELD_WEIGHTS, "keywords": weight})
        hybrid, alone = [], []
        for test_users in user_folds(tables.ratings, FOLDS):
            learn = of_users(tables.ratings, test_users, keep=False)
            hybrid.append(choose_weights(tables, content, learn).validation["ndcg"])
            validation = of_users(learn, user_folds(learn, VALIDATION_FOLDS, SEED + 1)[0])
            truth = cosine_truth(validation, tables.ids, max_queries=QUERY_SAMPLE)
            (lists, _), = blend_top_k(Signals(content, [], np.zeros(n), np.zeros(n, np.float32)), [Blend()],
                                      truth.queries, AT)
            alone.append(float(ndcg(hits(lists, truth), truth.sizes).mean()))
        print(f"peso {weight:g}: nDCG@5 en validación, híbrido {np.mean(hybrid):.4f}, "
              f"solo contenido {np.mean(alone):.4f}", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
