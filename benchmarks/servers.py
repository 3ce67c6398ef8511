"""uvicorn --factory entry points for the load benchmark; artifacts dir from $BENCH_ARTIFACTS.

    BENCH_ARTIFACTS=artifacts/sample uvicorn --factory benchmarks.servers:ours
    BENCH_ARTIFACTS=artifacts/sample python -m benchmarks.servers --port 8000 [--workers 2]

The second form serves `ours` as `movierec serve` does (movierec.api.server: uvicorn with the
header and body deadlines), which is how the load benchmark starts it.

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


def main() -> None:
    import argparse

    from movierec.api import server
    from movierec.config import Settings

    parser = argparse.ArgumentParser(description="serve `ours` with movierec's uvicorn settings")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with server.run_directory() as run_dir:  # as `movierec serve`: multiprocess metrics, published version
        os.environ["MOVIEREC_RUN_DIR"] = str(run_dir)
        server.run("benchmarks.servers:ours", Settings(host=args.host, port=args.port), factory=True,
                   workers=args.workers, loop="uvloop", log_level="warning")


if __name__ == "__main__":
    main()
