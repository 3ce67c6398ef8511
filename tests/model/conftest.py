"""Model fixtures: the recommender trained once on a copy of the sample artifacts."""

import shutil
from pathlib import Path

import pytest

from movierec.recommend import RecommenderModel, evaluate, train


def _trained_copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    train(target)
    return target


@pytest.fixture(scope="session")
def trained_artifacts(sample_artifacts, tmp_path_factory) -> Path:
    """A copy of the sample artifacts with model/ trained in it (the shared copy stays untouched)."""
    return _trained_copy(sample_artifacts, tmp_path_factory.mktemp("model") / "sample")


@pytest.fixture(scope="session")
def sample_model(trained_artifacts) -> RecommenderModel:
    return RecommenderModel.load(trained_artifacts / "model")


@pytest.fixture(scope="session")
def retrained_model(sample_artifacts, tmp_path_factory) -> RecommenderModel:
    """A second, independent training on the same input (determinism)."""
    return RecommenderModel.load(_trained_copy(sample_artifacts, tmp_path_factory.mktemp("again") / "sample") / "model")


@pytest.fixture(scope="session")
def evaluation(trained_artifacts, tmp_path_factory) -> tuple[dict, Path]:
    report = tmp_path_factory.mktemp("report") / "evaluation.md"
    return evaluate(trained_artifacts, report), report
