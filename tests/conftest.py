"""Shared fixtures: the bundled sample's artifacts, built once per test session."""

from pathlib import Path

import pytest

from movierec.etl.pipeline import RawSources, run_etl
from movierec.recommend import train

REPO_DIR = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_DIR.parent / "shared" / "data"


@pytest.fixture(scope="session")
def sample_artifacts(tmp_path_factory) -> Path:
    """Artifacts built by the real ETL and trained model from the bundled sample (data/sample)."""
    out = tmp_path_factory.mktemp("artifacts") / "sample"
    run_etl(RawSources(), out, export_csv=True)
    train(out)
    return out


@pytest.fixture(scope="session")
def client(sample_artifacts):
    """The real app over the sample artifacts, called in-process (ASGI)."""
    from fastapi.testclient import TestClient

    from movierec.api.app import create_app

    return TestClient(create_app(sample_artifacts))
