"""The package works installed, not only from the source tree: build a wheel, install it
into a fresh venv, and run etl, train and serve from another working directory.

To keep the run short the fresh venv gets its third-party dependencies from the project's
venv through a .pth line (the wheel itself is installed with --no-deps); the project's
editable install is not visible there (its .pth is not processed), and the test checks that
`movierec` is imported from the fresh venv, so what is exercised is the wheel's own content:
code, web files and the console script.
"""

import os
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.error
from pathlib import Path

import pytest

from tests.conftest import REPO_DIR, SAMPLE_DIR
from tests.e2e.conftest import free_port, get

pytestmark = pytest.mark.e2e


def run(command, cwd, env, timeout=600):
    finished = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    return finished.returncode, finished.stdout + finished.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(bin directory of a fresh venv holding the wheel, a clean environment, an empty working dir)."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO_DIR / name, source)
    shutil.copytree(REPO_DIR / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    code, output = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp / "dist"), str(source)],
                       tmp, os.environ)
    assert code == 0, output
    [wheel] = list((tmp / "dist").glob("movierec-*.whl"))

    venv = tmp / "venv"
    code, output = run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp, os.environ)
    assert code == 0, output
    python = venv / "bin" / "python"
    code, purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                        tmp, os.environ)
    assert code == 0, purelib
    (Path(purelib.strip()) / "project_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    code, output = run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                        "-q", str(wheel)], tmp, os.environ)
    assert code == 0, output

    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("MOVIEREC_", "PYTHON", "VIRTUAL_ENV")) and key != "PORT"}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}/usr/bin:/bin"
    work = tmp / "elsewhere"
    work.mkdir()
    return venv / "bin", env, work


def test_the_wheel_is_what_runs(installed):
    bin_dir, env, work = installed
    code, output = run([str(bin_dir / "python"), "-c", "import movierec, movierec.api.routes.pages as p; "
                        "print(movierec.__file__); print(sorted(p.STATIC_FILES))"], work, env)
    assert code == 0, output
    assert output.splitlines()[0].startswith(str(bin_dir.parent)), output
    assert "app.js" in output and "style.css" in output


def test_missing_sample_is_one_spanish_line(installed):
    bin_dir, env, work = installed
    code, output = run([str(bin_dir / "movierec"), "etl"], work, env)
    assert code == 1 and "Traceback" not in output
    assert "No se encuentra la muestra incluida" in output


def test_etl_train_serve_from_another_directory(installed):
    bin_dir, env, work = installed
    env = {**env, "MOVIEREC_SAMPLE_DIR": str(SAMPLE_DIR)}
    code, output = run([str(bin_dir / "movierec"), "etl", "--out", "art"], work, env)
    assert code == 0, output
    assert (work / "art" / "manifest.json").is_file()
    code, output = run([str(bin_dir / "movierec"), "train", "--artifacts", "art"], work, env)
    assert code == 0, output

    port = free_port()
    log = work / "serve.log"
    with open(log, "w") as handle:
        server = subprocess.Popen([str(bin_dir / "movierec"), "serve", "--artifacts", "art", "--port", str(port)],
                                  cwd=work, env=env, stdout=handle, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, log.read_text()
            try:
                if get(base, "/health")[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)
        status, body = get(base, "/recomendacion/Toy Story")
        assert status == 200 and body["titulo"] == "Toy Story" and len(body["recomendaciones"]) == 5
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert not (work / "artifacts").exists()  # serve built nothing: --artifacts was not the default
