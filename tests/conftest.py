"""Shared fixtures: the bundled sample's artifacts, built once per test session."""

from pathlib import Path

import pytest

from movierec.artifacts import resolve_dir
from movierec.catalog import Catalog
from movierec.config import Settings
from movierec.etl.pipeline import run_etl, sample_sources
from movierec.recommend import train

REPO_DIR = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_DIR.parent / "shared" / "data"
SAMPLE_DIR = REPO_DIR / "data" / "sample"
SAMPLE = sample_sources(SAMPLE_DIR)


def load_catalog(artifacts: Path) -> Catalog:
    """The catalog the server would load from an ETL output, verified first as the server does."""
    return Catalog.load(resolve_dir(artifacts))


@pytest.fixture(scope="session")
def sample_artifacts(tmp_path_factory) -> Path:
    """Artifacts built by the real ETL and trained model from the bundled sample (data/sample)."""
    out = tmp_path_factory.mktemp("artifacts") / "sample"
    run_etl(SAMPLE, out, export_csv=True)
    train(out)
    return out


@pytest.fixture(scope="session")
def client(sample_artifacts):
    """The real app over the sample artifacts, called in-process (ASGI)."""
    from fastapi.testclient import TestClient

    from movierec.api.app import create_app

    return TestClient(create_app(Settings(artifacts=sample_artifacts)))
