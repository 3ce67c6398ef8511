"""`movierec serve --workers 2` from one artifacts directory: same answers from both workers,
every request counted in /metrics whichever worker answered, and reloads that reach both."""

import http.client
import json
import os
import re
import signal
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from movierec.artifacts import resolve_dir
from tests.e2e.conftest import get, running_server
from tests.e2e.test_reload import TOKEN, post

QUERIES = ["/recomendacion/Toy Story", "/recomendacion_usuario/1", "/votos_titulo/Toy Story",
           "/get_director/John Lasseter", "/buscar?q=star", "/cantidad_filmaciones_mes/enero"]
SERIES = re.compile(r'^(\w+)\{(.*)\} (\S+)$')


@pytest.fixture(scope="module")
def live_link(sample_artifacts, tmp_path_factory) -> Path:
    """A directory link of our own (as the ETL's DIR is), re-pointed by the SIGHUP test."""
    link = tmp_path_factory.mktemp("live") / "artifacts"
    link.symlink_to(resolve_dir(sample_artifacts))
    return link


@pytest.fixture(scope="module")
def two_workers(live_link, tmp_path_factory):
    log = tmp_path_factory.mktemp("log") / "server.log"
    with running_server(live_link, log, env={"MOVIEREC_ADMIN_TOKEN": TOKEN}, args=("--workers", "2")) as server:
        yield server


def on_one_connection(base: str, paths: list[str]) -> tuple[str, list[tuple[int, dict]]]:
    """A new connection (so the kernel picks a worker), the pid of the worker that took it
    (/health's X-Worker-Pid), then `paths` answered by that same worker over the same connection."""
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        connection.request("GET", "/health")
        response = connection.getresponse()
        response.read()
        pid = response.getheader("X-Worker-Pid")
        answers = []
        for path in paths:
            connection.request("GET", urllib.parse.quote(path, safe="/?=&"))
            response = connection.getresponse()
            answers.append((response.status, json.loads(response.read())))
        return pid, answers
    finally:
        connection.close()


def answers_by_worker(base: str, paths: list[str], connections: int = 400) -> dict[str, list]:
    """Each worker's answers to `paths`, opening connections until two workers answered."""
    found: dict[str, list] = {}
    for _ in range(connections):
        pid, answers = on_one_connection(base, paths)
        found.setdefault(pid, answers)
        if len(found) == 2:
            break
    return found


def series(base: str) -> list[tuple[str, dict, float]]:
    """The samples of /metrics as (name, labels, value)."""
    with urllib.request.urlopen(base + "/metrics", timeout=30) as response:
        text = response.read().decode()
    found = []
    for line in text.splitlines():
        match = SERIES.match(line)
        if match:
            labels = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2)))
            found.append((match.group(1), labels, float(match.group(3))))
    return found


def health_count(base: str) -> tuple[float, float]:
    """GET /health 200 in the request counter and in the latency histogram's count."""
    samples = series(base)
    counted = sum(value for name, labels, value in samples if name == "movierec_requests_total"
                  and labels == {"method": "GET", "route": "/health", "status": "200"})
    timed = sum(value for name, labels, value in samples if name == "movierec_request_duration_seconds_count"
                and labels == {"route": "/health"})
    return counted, timed


def settled_health_count(base: str, seconds: float = 30.0) -> tuple[float, float]:
    """health_count once two readings a second apart agree: each worker flushes its tallies on its
    own clock (every 0.25 s, later on a busy machine), so a first reading may miss a few."""
    previous = health_count(base)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(1)
        current = health_count(base)
        if current == previous:
            return current
        previous = current
    return previous


def versions_served(base: str) -> dict[str, str]:
    """pid → the artifacts version that worker serves, from the per-process gauge."""
    return {labels["pid"]: labels["version"] for name, labels, value in series(base)
            if name == "movierec_artifacts_served" and value == 1}


def wait_for(condition, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def test_both_workers_give_the_same_answers(two_workers):
    base, _ = two_workers
    found = answers_by_worker(base, QUERIES)
    assert len(found) == 2, f"only one worker answered: {list(found)}"
    (first, answers), (second, others) = found.items()
    assert first != second
    assert all(status == 200 for status, _ in answers), answers
    assert answers == others


def test_requests_served_by_both_workers_are_all_counted(two_workers):
    base, _ = two_workers
    counted, timed = settled_health_count(base)  # what earlier tests sent, once every worker has flushed it
    pids = []
    while len(pids) < 200 or len(set(pids)) < 2 and len(pids) < 2000:  # a busy machine may favour one worker
        pid, _ = on_one_connection(base, [])
        pids.append(pid)
    assert len(set(pids)) == 2, "the kernel gave every connection to one worker"
    # each worker flushes its tallies every 0.25 s (and before answering /metrics itself)
    expected = (counted + len(pids), timed + len(pids))
    assert wait_for(lambda: health_count(base) == expected, seconds=15), (health_count(base), expected)
    time.sleep(1)
    assert health_count(base) == expected  # and nothing more


def test_an_admin_reload_reaches_both_workers(two_workers, live_link, second_version):
    base, _ = two_workers
    before = wait_for(lambda: len(served := versions_served(base)) == 2 and len(set(served.values())) == 1 and served)
    assert before, versions_served(base)
    status, body = post(base, "/admin/recargar", {"artifacts": str(second_version)}, TOKEN)
    assert status == 200, body
    fresh = body["artefactos"]["huella"]
    assert {fresh} != set(before.values())
    # the worker that answered serves it already; the other follows within a moment
    assert wait_for(lambda: versions_served(base) == dict.fromkeys(before, fresh)), versions_served(base)
    found = answers_by_worker(base, ["/votos_titulo/Toy Story", "/version"])
    assert len(found) == 2, found
    for (_, votes), (_, version) in found.values():
        assert votes["votos"] == 6000 and version["artefactos"]["huella"] == fresh
    # back to the configured link, which a plain reload (no body) re-reads, wherever it points
    assert post(base, "/admin/recargar", {"artifacts": str(live_link)}, TOKEN)[0] == 200
    assert wait_for(lambda: versions_served(base) == before), versions_served(base)


def point(link: Path, artifacts: Path) -> None:
    """Re-point a directory link in one rename, as the ETL publishes a new version."""
    fresh = link.with_name(f"{link.name}.next")
    fresh.symlink_to(resolve_dir(artifacts))
    os.replace(fresh, link)


def test_sighup_to_the_server_reaches_both_workers(two_workers, live_link, sample_artifacts, second_version):
    base, process = two_workers
    point(live_link, sample_artifacts)
    status, body = post(base, "/admin/recargar", None, TOKEN)  # re-reads the link
    assert status == 200, body
    start = wait_for(lambda: set((s := versions_served(base)).values()) == {body["artefactos"]["huella"]}
                     and len(s) == 2 and s)
    assert start
    point(live_link, second_version)
    process.send_signal(signal.SIGHUP)  # to uvicorn's supervisor: one worker re-reads the link, the other follows
    assert wait_for(lambda: (served := versions_served(base)).keys() == start.keys()
                    and not set(served.values()) & set(start.values()) and len(set(served.values())) == 1)
    found = answers_by_worker(base, ["/votos_titulo/Toy Story"])
    assert len(found) == 2 and all(answers[0][1]["votos"] == 6000 for answers in found.values()), found


def test_a_restarted_worker_serves_the_published_version(two_workers, live_link, sample_artifacts, second_version):
    base, _ = two_workers
    point(live_link, second_version)  # what the workers were configured with (6000 votes)
    status, body = post(base, "/admin/recargar", {"artifacts": str(sample_artifacts)}, TOKEN)  # 5415 votes
    assert status == 200, body
    served = wait_for(lambda: set((s := versions_served(base)).values()) == {body["artefactos"]["huella"]}
                      and len(s) == 2 and s)
    assert served
    victim = next(iter(served))
    os.kill(int(victim), signal.SIGKILL)
    # uvicorn's supervisor starts a new worker; it loads what was published, not the configured link
    replaced = wait_for(lambda: len(s := versions_served(base)) == 2 and victim not in s and s, seconds=60)
    assert replaced and set(replaced.values()) == set(served.values()), replaced
    found = answers_by_worker(base, ["/votos_titulo/Toy Story"])
    assert len(found) == 2 and all(answers[0][1]["votos"] == 5415 for answers in found.values()), found


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_run_directory_is_removed_when_the_server_stops(sample_artifacts, tmp_path, workers):
    """SIGTERM (what hosts and process managers send) stops the server and removes its private
    directory of metrics and published version."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    with running_server(sample_artifacts, tmp_path / "server.log", env={"TMPDIR": str(temp)},
                        args=("--workers", workers)) as (base, process):
        assert get(base, "/health")[0] == 200
        run_dir, = temp.glob("movierec-serve-*")
        assert (run_dir / "served.json").is_file() and any((run_dir / "metrics").iterdir())
    assert process.returncode in (0, 143), process.returncode
    assert not any(temp.iterdir())
