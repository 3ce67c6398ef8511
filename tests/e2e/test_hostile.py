"""Hostile inputs over real HTTP (raw request targets): never a 5xx, always a JSON or HTML answer."""

import pytest

from scripts.reliability import HOSTILE_CASES, probe
from tests.e2e.conftest import running_server


@pytest.fixture(scope="module")
def address(sample_artifacts, tmp_path_factory):
    with running_server(sample_artifacts, tmp_path_factory.mktemp("log") / "server.log") as (base, _):
        host, port = base.removeprefix("http://").split(":")
        yield host, int(port)


@pytest.mark.parametrize(("category", "description", "target"), HOSTILE_CASES, ids=[c[1] for c in HOSTILE_CASES])
def test_hostile_input_gets_a_clear_non_5xx_answer(address, category, description, target):
    status, summary = probe(*address, target)
    assert status < 500, (status, summary)
    assert summary  # a human-readable detail, never an empty body


def test_real_title_with_slash_is_found(address):
    assert probe(*address, "/score_titulo/Face%2FOff")[0] == 200


def test_static_files_do_not_escape_their_folder(address):
    assert probe(*address, "/static/..%2F..%2Fpyproject.toml")[0] == 404
