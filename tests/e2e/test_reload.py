"""Zero-downtime data refresh against a real server: reload 10 times under continuous load."""

import json
import os
import shutil
import signal
import threading
import time
import urllib.error
import urllib.request

import pytest

from movierec.artifacts import FORMAT_VERSION
from movierec.config import Settings
from tests.e2e.conftest import get, running_server

TOKEN = "test-token-123"


def post(base: str, path: str, body: dict | None, token: str | None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method="POST")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture(scope="module")
def admin_server(sample_artifacts, tmp_path_factory):
    log = tmp_path_factory.mktemp("log") / "server.log"
    with running_server(sample_artifacts, log, env={"MOVIEREC_ADMIN_TOKEN": TOKEN}) as server:
        yield server


def votes(base: str) -> int:
    status, body = get(base, "/votos_titulo/Toy Story")
    assert status == 200
    written = body["texto"]["votos"]  # "5.415": each answer comes wholly from one version
    assert f" {written} valoraciones" in body["mensaje"] and written.replace(".", "") == str(body["votos"])
    return body["votos"]


def test_ten_reloads_under_load_lose_no_request(admin_server, sample_artifacts, second_version):
    base, _ = admin_server
    seen: list[int] = []
    failures: list[str] = []
    stop = threading.Event()

    def client():
        while not stop.is_set():
            try:
                seen.append(votes(base))
            except Exception as error:  # noqa: BLE001 - any failure is recorded and fails the test
                failures.append(repr(error))

    threads = [threading.Thread(target=client) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        for attempt in range(10):
            target = second_version if attempt % 2 == 0 else sample_artifacts
            status, body = post(base, "/admin/recargar", {"artifacts": str(target)}, TOKEN)
            assert status == 200, body
            assert body["artefactos"]["directorio"] == os.path.abspath(target)
            assert votes(base) == (6000 if target == second_version else 5415)
            time.sleep(0.1)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert failures == []
    assert len(seen) > 50 and set(seen) == {5415, 6000}


def test_invalid_artifacts_are_refused_and_old_version_keeps_serving(admin_server, sample_artifacts, tmp_path):
    base, _ = admin_server
    before = get(base, "/version")[1]
    status, body = post(base, "/admin/recargar", {"artifacts": str(tmp_path)}, TOKEN)
    assert status == 409 and "versión anterior" in body["detail"]
    (tmp_path / "manifest.json").write_text((sample_artifacts / "manifest.json").read_text())
    status, body = post(base, "/admin/recargar", {"artifacts": str(tmp_path)}, TOKEN)
    assert status == 409, body
    assert get(base, "/version")[1] == before


def test_reload_needs_the_token(admin_server):
    base, _ = admin_server
    assert post(base, "/admin/recargar", None, None)[0] == 401
    assert post(base, "/admin/recargar", None, "wrong")[0] == 401
    assert post(base, "/admin/recargar", None, TOKEN)[0] == 200


def test_sighup_rereads_the_configured_directory(admin_server, sample_artifacts):
    base, process = admin_server
    post(base, "/admin/recargar", {"artifacts": str(sample_artifacts)}, TOKEN)
    created = get(base, "/version")[1]["artefactos"]["created_at"]
    process.send_signal(signal.SIGHUP)
    time.sleep(1.0)
    assert votes(base) == 5415 and get(base, "/version")[1]["artefactos"]["created_at"] == created
    assert process.poll() is None


def test_admin_endpoint_is_hidden_without_token(sample_artifacts):
    from fastapi.testclient import TestClient

    from movierec.api.app import create_app

    client = TestClient(create_app(Settings(artifacts=sample_artifacts, admin_token=None)))
    assert client.post("/admin/recargar", headers={"Authorization": "Bearer x"}).status_code == 404
    metrics = client.get("/metrics").text
    assert "movierec_requests_total" in metrics
    client.get("/score_titulo/Toy Story")
    assert 'route="/score_titulo/{titulo}",status="200"' in client.get("/metrics").text


# --- damaged and hostile artifacts: always 409, the old version keeps answering -------------

def listed_files(directory) -> list[str]:
    """Every file the two manifests list, and the manifests themselves."""
    manifest = json.loads((directory / "manifest.json").read_text())
    model = json.loads((directory / "model" / "manifest.json").read_text())
    return ["manifest.json", *manifest["outputs"], "model/manifest.json", *(f"model/{name}" for name in model["files"])]


def damage(path, how: str) -> None:
    data = path.read_bytes()
    if how == "delete":
        path.unlink()
    elif how == "truncate":
        path.write_bytes(data[:len(data) // 2] if data else b"x")  # an empty file can only grow
    elif path.name == "manifest.json":  # flip a byte that matters: in the first listed file's checksum
        listing = data.index(b'"outputs"' if b'"outputs"' in data else b'"files"')
        at = data.index(b'"sha256": "', listing) + len(b'"sha256": "') + 5
        path.write_bytes(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:])
    else:
        at = len(data) // 2
        path.write_bytes(data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:] if data else b"\x01")


def still_serving(base: str, before: dict) -> None:
    assert get(base, "/version")[1] == before
    assert get(base, "/recomendacion/Toy Story")[0] == 200
    votes(base)


def test_each_damaged_file_is_refused_and_the_old_version_keeps_serving(admin_server, sample_artifacts, tmp_path):
    base, _ = admin_server
    assert post(base, "/admin/recargar", {"artifacts": str(sample_artifacts)}, TOKEN)[0] == 200
    before = get(base, "/version")[1]
    copy = shutil.copytree(sample_artifacts.resolve(), tmp_path / "copy")
    files = listed_files(copy)
    assert len(files) >= 15 and "movies.parquet" in files and "model/neighbours.npy" in files
    for name in files:
        original = (copy / name).read_bytes()
        for how in ("truncate", "flip", "delete"):
            damage(copy / name, how)
            status, body = post(base, "/admin/recargar", {"artifacts": str(copy)}, TOKEN)
            assert status == 409, (name, how, body)
            assert "versión anterior" in body["detail"], body
            still_serving(base, before)
            (copy / name).write_bytes(original)
    status, body = post(base, "/admin/recargar", {"artifacts": str(copy)}, TOKEN)  # restored: accepted
    assert status == 200, body
    assert post(base, "/admin/recargar", {"artifacts": str(sample_artifacts)}, TOKEN)[0] == 200


def hostile_targets(sample_artifacts, tmp_path) -> dict[str, str]:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    fifo = shutil.copytree(sample_artifacts.resolve(), tmp_path / "fifo")
    (fifo / "movies.parquet").unlink()
    os.mkfifo(fifo / "movies.parquet")
    fifo_model = shutil.copytree(sample_artifacts.resolve(), tmp_path / "fifo-model")
    (fifo_model / "model" / "neighbours.npy").unlink()
    os.mkfifo(fifo_model / "model" / "neighbours.npy")
    null_movies = tmp_path / "null-movies"
    null_movies.mkdir()
    (null_movies / "manifest.json").write_text(f'{{"format_version": {FORMAT_VERSION}, "movies": null}}')
    fifo_manifest = tmp_path / "fifo-manifest"
    fifo_manifest.mkdir()
    os.mkfifo(fifo_manifest / "manifest.json")
    return {
        "NUL": "artifacts/\x00v2", "lone surrogate": "artifacts/\ud800", "long component": "a" * 300,
        "long path": "/".join(["abc"] * 2000), "symlink loop": str(loop), "loop inside": str(loop / "x"),
        "FIFO movies.parquet": str(fifo), "FIFO neighbours.npy": str(fifo_model), "FIFO manifest": str(fifo_manifest),
        "movies null": str(null_movies), "a file": str(fifo / "manifest.json"), "missing": str(tmp_path / "nope"),
        "/dev/zero": "/dev", "root": "/",
    }


def test_hostile_reload_targets_answer_409_promptly(admin_server, sample_artifacts, tmp_path):
    base, _ = admin_server
    assert post(base, "/admin/recargar", {"artifacts": str(sample_artifacts)}, TOKEN)[0] == 200
    before = get(base, "/version")[1]
    for name, target in hostile_targets(sample_artifacts, tmp_path).items():
        started = time.monotonic()
        status, body = post(base, "/admin/recargar", {"artifacts": target}, TOKEN)
        if name == "long path":  # longer than any path the system takes, so beyond the body cap too
            assert status == 413 and "4096 bytes" in body["mensaje"], body
            continue
        assert status == 409, (name, body)
        assert time.monotonic() - started < 30, name
        assert isinstance(body["detail"], str) and "versión anterior" in body["detail"], (name, body)
        still_serving(base, before)
    # the lock was released every time: a good reload goes through at once
    assert post(base, "/admin/recargar", {"artifacts": str(sample_artifacts)}, TOKEN)[0] == 200
