"""End-to-end: the real `movierec serve` command, a real uvicorn process, real HTTP."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

MOVIEREC = str(Path(sys.executable).with_name("movierec"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(base: str, path: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(base + urllib.parse.quote(path, safe="/?=&"), timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture(scope="module")
def server(sample_artifacts):
    port = free_port()
    process = subprocess.Popen(
        [MOVIEREC, "serve", "--artifacts", str(sample_artifacts), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited early:\n{process.stdout.read()}")
        try:
            if get(base, "/health") == (200, {"status": "ok"}):
                break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("server did not become healthy in 60 s")
    yield base
    process.terminate()
    process.wait(timeout=10)


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


def test_serve_refuses_invalid_artifacts(tmp_path):
    (tmp_path / "manifest.json").write_text('{"movies": {"rows_kept": 3}}')
    result = subprocess.run([MOVIEREC, "serve", "--artifacts", str(tmp_path), "--port", str(free_port())],
                            capture_output=True, text=True, timeout=60, env={**os.environ, "COLUMNS": "200"})
    assert result.returncode == 1
    assert "Artefactos ilegibles" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
