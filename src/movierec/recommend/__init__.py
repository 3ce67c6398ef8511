"""Recommender: content + collaborative hybrid, precomputed neighbours, offline evaluation.

Entry points: train(artifacts, progress) writes artifacts/model/; evaluate(artifacts, report,
stage) measures on held-out users; RecommenderModel.load(model_dir) serves.
"""

from movierec.recommend.data import ModelError
from movierec.recommend.evaluation import evaluate
from movierec.recommend.model import RecommenderModel
from movierec.recommend.training import train

__all__ = ["ModelError", "RecommenderModel", "evaluate", "train"]
