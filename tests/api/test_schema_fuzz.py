"""Property-based fuzzing of every documented endpoint from /openapi.json (schemathesis).

Bounded and seeded, so a run is repeatable: no response may be a server error, and every
response must match the schema the endpoint documents.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from movierec.api.app import create_app
from movierec.config import Settings


@pytest.fixture(scope="session")
def api_schema(sample_artifacts):
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(Settings(artifacts=sample_artifacts)))


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=40, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_no_server_errors_and_responses_match_schema(case):
    # Months and days are free text in the schema (any case, accents, "setiembre", 1-12) and an
    # unknown one is a documented 422, so "schema-valid data must be accepted" does not apply.
    case.call_and_validate(excluded_checks=[schemathesis.checks.positive_data_acceptance])
