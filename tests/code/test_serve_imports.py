"""What serving loads: never the table and learning libraries, which cost start-up time and the
resident memory of every worker (and of the supervisor of `serve --workers N`)."""

import json
import subprocess
import sys

HEAVY = ("pandas", "pyarrow", "scipy", "sklearn", "matplotlib")


def modules_after(code: str) -> list[str]:
    """The heavy modules a fresh interpreter has imported after running `code`."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps([name for name in {HEAVY!r} if name in sys.modules]))"
    finished = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr[-2000:]
    return json.loads(finished.stdout.strip().splitlines()[-1])


def test_the_cli_and_the_app_import_no_table_or_learning_library():
    assert modules_after("import movierec.cli, movierec.api.app, movierec.api.server") == []


def test_loading_and_answering_import_none_either(sample_artifacts):
    code = f"""
from fastapi.testclient import TestClient
from movierec.api.app import create_app
from movierec.config import Settings
with TestClient(create_app(Settings(artifacts={str(sample_artifacts)!r}))) as client:
    for path in ("/score_titulo/Toy Story", "/pelicula/Toy Story", "/recomendacion/Toy Story",
                 "/get_actor/Tom Hanks", "/buscar?q=toy", "/buscar_personas?q=tom", "/explorar?genero=Drama",
                 "/score_titulo/Toy Stroy"):
        assert client.get(path).status_code in (200, 404), path
"""
    assert modules_after(code) == []
