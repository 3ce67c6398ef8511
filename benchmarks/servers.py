"""uvicorn --factory entry points for the load benchmark; artifacts dir from $BENCH_ARTIFACTS.

    BENCH_ARTIFACTS=artifacts/sample uvicorn --factory benchmarks.servers:ours

With BENCH_APP_LOG=1, `ours` configures logging as `movierec serve` does (INFO), so the app's
own JSON access log writes one line per request, as in a deployment.
"""

import logging
import os
from pathlib import Path

from fastapi import FastAPI


def _artifacts() -> Path:
    return Path(os.environ.get("BENCH_ARTIFACTS", "artifacts/sample"))


def ours() -> FastAPI:
    from movierec.api.app import create_app
    from movierec.config import Settings

    app = create_app(Settings(artifacts=_artifacts()))
    if os.environ.get("BENCH_APP_LOG"):
        logging.basicConfig(level=logging.INFO, format="%(message)s")
    return app


def naive() -> FastAPI:
    from benchmarks.naive_api import create_app

    return create_app(_artifacts())


def ceiling() -> FastAPI:
    from benchmarks.ceiling_api import create_app

    return create_app()
