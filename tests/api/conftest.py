import pytest
from fastapi.testclient import TestClient

from movierec.api.app import create_app


@pytest.fixture(scope="session")
def client(sample_artifacts):
    return TestClient(create_app(sample_artifacts))
