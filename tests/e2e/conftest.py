"""Helpers to run the real `movierec serve` as a child process and talk HTTP to it."""

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
def running_server(artifacts: Path, log_path: Path, env: dict | None = None, timeout: float = 60):
    """Start `movierec serve` on a free port, wait until /health answers (up to `timeout` s),
    stop it afterwards.

    Output goes to a file: a pipe nobody reads would fill up with access-log lines and block.
    """
    port = free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [MOVIEREC, "serve", "--artifacts", str(artifacts), "--port", str(port)],
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
