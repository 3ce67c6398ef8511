"""Recommender: content + collaborative hybrid, precomputed neighbours, offline evaluation.

Entry points: train(artifacts, progress) writes artifacts/model/; evaluate(artifacts, report,
stage) measures on held-out users; RecommenderModel.load(model_dir) serves. Imported lazily,
so a server that only loads the model does not pay for pandas/scikit-learn imports here.
"""

__all__ = ["ModelError", "RecommenderModel", "evaluate", "train"]


def __getattr__(name: str):
    if name == "train":
        from movierec.recommend.training import train
        return train
    if name == "evaluate":
        from movierec.recommend.evaluation import evaluate
        return evaluate
    if name == "RecommenderModel":
        from movierec.recommend.model import RecommenderModel
        return RecommenderModel
    if name == "ModelError":
        from movierec.recommend.model import ModelError
        return ModelError
    raise AttributeError(name)
