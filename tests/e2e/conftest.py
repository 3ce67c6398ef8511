"""Helpers to run the real `movierec serve` as a child process and talk HTTP to it."""

import csv
import gzip
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from movierec.etl.pipeline import RawSources, run_etl
from movierec.recommend import train
from tests.conftest import SAMPLE

MOVIEREC = str(Path(sys.executable).with_name("movierec"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(base: str, path: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(base + urllib.parse.quote(path, safe="/?=&"), timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@contextmanager
def running_server(artifacts: Path, log_path: Path, env: dict | None = None, timeout: float = 60,
                   args: tuple[str, ...] = ()):
    """Start `movierec serve` on a free port, wait until /health answers (up to `timeout` s),
    stop it afterwards.

    Output goes to a file: a pipe nobody reads would fill up with access-log lines and block.
    """
    port = free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [MOVIEREC, "serve", "--artifacts", str(artifacts), "--port", str(port), *args],
            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"server exited early:\n{log_path.read_text()}")
                try:
                    if get(base, "/health")[0] == 200:
                        break
                except (urllib.error.URLError, ConnectionError):
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server did not become healthy in {timeout:.0f} s")
                time.sleep(0.2)
            yield base, process
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def second_version(tmp_path_factory):
    """Artifacts where Toy Story has 6000 votes instead of 5415 (everything else equal)."""
    tmp = tmp_path_factory.mktemp("v2")
    with gzip.open(SAMPLE.movies, "rt", newline="", encoding="utf-8") as source:
        rows = list(csv.reader(source))
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("id")] == "862":
            row[header.index("vote_count")] = "6000"
    raw = tmp / "movies.csv"
    with open(raw, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    run_etl(RawSources(raw, SAMPLE.credits, SAMPLE.ratings, SAMPLE.links), tmp / "artifacts")
    train(tmp / "artifacts")
    return tmp / "artifacts"
