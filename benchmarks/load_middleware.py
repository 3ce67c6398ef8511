"""What the app-wide HTTP policy (movierec.api.middleware) costs a small JSON answer, in process.

    python -m benchmarks.load_middleware [--artifacts artifacts/sample] [--requests 3000] [--rounds 7]

The same app with and without HttpPolicyMiddleware answers /cantidad_filmaciones_mes/enero
through its whole ASGI stack (no sockets), with and without `Accept-Encoding: gzip`; the four
variants take turns in each round, and the figure is the median µs per request over the rounds.
Sockets and uvicorn are benchmarks/load_api.py's business; this isolates the middleware.
"""

import argparse
import asyncio
import statistics
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
PATH = "/cantidad_filmaciones_mes/enero"
HEADERS = {"plain": [(b"host", b"127.0.0.1")],
           "gzip": [(b"host", b"127.0.0.1"), (b"accept-encoding", b"gzip, deflate")]}


def build(artifacts: Path, with_policy: bool):
    from movierec.api.app import create_app
    from movierec.api.middleware import HttpPolicyMiddleware
    from movierec.config import Settings

    app = create_app(Settings(artifacts=artifacts))
    if not with_policy:
        app.user_middleware = [entry for entry in app.user_middleware if entry.cls is not HttpPolicyMiddleware]
    return app


async def per_request_us(app, headers, requests: int) -> float:
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": PATH, "raw_path": PATH.encode(), "query_string": b"", "root_path": "", "headers": headers,
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 2)}
    statuses = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    began = time.perf_counter()
    for _ in range(requests):
        await app(dict(scope), receive, send)
    seconds = time.perf_counter() - began
    assert set(statuses) == {200}, statuses
    return seconds / requests * 1e6


async def main_async(args) -> None:
    apps = {"with policy": build(args.artifacts, True), "without policy": build(args.artifacts, False)}
    figures: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.rounds):
        for app_name, app in apps.items():
            for header_name, headers in HEADERS.items():
                figures.setdefault((app_name, header_name), []).append(
                    await per_request_us(app, headers, args.requests))
    median = {key: statistics.median(values) for key, values in figures.items()}
    for (app_name, header_name), value in median.items():
        print(f"{app_name:<15} {header_name:<6} {value:7.1f} µs/request (median of {args.rounds} × {args.requests})")
    for header_name in HEADERS:
        cost = median[("with policy", header_name)] - median[("without policy", header_name)]
        print(f"policy cost, {header_name}: {cost:+.1f} µs/request")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--artifacts", type=Path, default=REPO_DIR / "artifacts" / "sample")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=7)
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
