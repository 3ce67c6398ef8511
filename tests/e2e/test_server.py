"""End-to-end: the real `movierec serve` command, a real uvicorn process, real HTTP."""

import os
import subprocess
import urllib.request

import pytest

from movierec.artifacts import FORMAT_VERSION

from tests.e2e.conftest import MOVIEREC, free_port, get, running_server

@pytest.fixture(scope="module")
def server(sample_artifacts, tmp_path_factory):
    with running_server(sample_artifacts, tmp_path_factory.mktemp("log") / "server.log") as (base, _):
        yield base


def test_queries_over_real_http(server):
    assert get(server, "/cantidad_filmaciones_mes/Diciembre")[1]["mes"] == "diciembre"
    assert get(server, "/cantidad_filmaciones_dia/sábado")[1]["dia"] == "sábado"
    status, body = get(server, "/score_titulo/  AMELIE ")
    assert status == 200 and body["titulo"] == "Amélie"
    status, body = get(server, "/votos_titulo/Toy Story")
    assert (status, body["id"], body["votos"]) == (200, 862, 5415)
    status, body = get(server, "/get_director/John Lasseter")
    assert status == 200 and body["peliculas"][0]["fecha_lanzamiento"] == "1995-10-30"
    status, body = get(server, "/get_actor/Tom Hanks")
    assert status == 200 and body["cantidad_peliculas"] > 5


def test_errors_over_real_http(server):
    status, body = get(server, "/get_actor/Tom Hnks")
    assert status == 404 and "Tom Hanks" in body["sugerencias"]
    status, body = get(server, "/cantidad_filmaciones_dia/funday")
    assert status == 422 and "lunes" in body["valores_validos"]
    status, body = get(server, "/score_titulo/" + "a" * 300)
    assert status == 422


def test_docs_are_served(server):
    with urllib.request.urlopen(server + "/docs", timeout=10) as response:
        assert response.status == 200 and b"swagger" in response.read().lower()


@pytest.mark.parametrize(("manifest", "message"), [
    (f'{{"format_version": {FORMAT_VERSION}, "movies": {{"rows_kept": 3}}}}', "no lista sus archivos"),
    ('{"format_version": 1, "movies": {"rows_kept": 3}}', "vuelva a ejecutar `movierec etl`"),
])
@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_refuses_invalid_artifacts(tmp_path, manifest, message, workers):
    (tmp_path / "manifest.json").write_text(manifest)
    (tmp_path / "model").mkdir()  # so serve does not try to train on them first
    result = subprocess.run([MOVIEREC, "serve", "--artifacts", str(tmp_path), "--port", str(free_port()),
                             "--workers", workers],
                            capture_output=True, text=True, timeout=60, env={**os.environ, "COLUMNS": "300"})
    assert result.returncode == 1
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr + result.stdout
