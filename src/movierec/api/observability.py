"""Access log and Prometheus metrics, as one raw ASGI middleware (cheaper than BaseHTTPMiddleware).

The metrics are prometheus_client's. Under `movierec serve` they run in its multiprocess mode:
the server's run directory holds one file of values per worker (PROMETHEUS_MULTIPROC_DIR, set
before prometheus_client is imported) and /metrics adds them all up, so the figures are whole
whichever worker answers the scrape. Without that variable (an app built in-process, as the
tests do) each app counts in its own registry.

A request only adds to plain per-label tallies under one lock (about what the hand-written
counters cost); `flush` moves the tallies into prometheus_client, one increment per label set
instead of three locked file writes per request (benchmarks/bench_metrics.py). Each worker
flushes every FOLLOW_SECONDS and before answering /metrics, so a scrape sees its own requests
at once and the other workers' within that interval.
"""

import bisect
import json
import logging
import os
import re
import threading
import time
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, multiprocess
from prometheus_client import disable_created_metrics, values

access_log = logging.getLogger("movierec.access")

BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

disable_created_metrics()  # *_created series would be one more per label set, and mean nothing across workers


class Metrics:
    """Request counts per (method, route, status), latency histograms per route, and the
    artifacts version each worker serves (one series per live worker, labelled by pid)."""

    def __init__(self) -> None:
        self.directory = os.environ.get(MULTIPROC_ENV) or None
        # prometheus_client picks its storage (files or memory) once, when first imported; pick it again
        # for this app, so an app made after a `serve` in the same process (the tests do) does not write
        # into the directory that serve removed
        values.ValueClass = values.get_value_class()
        self.registry = CollectorRegistry(auto_describe=True)
        if self.directory:
            forget_dead_workers(Path(self.directory))
        self.requests = Counter("movierec_requests", "Peticiones HTTP atendidas.", ["method", "route", "status"],
                                registry=self.registry)
        self.duration = Histogram("movierec_request_duration_seconds", "Latencia de las peticiones por ruta.",
                                  ["route"], buckets=BUCKETS, registry=self.registry)
        self.served = Gauge("movierec_artifacts_served", "1 para la versión de artefactos que sirve cada proceso.",
                            ["version"], multiprocess_mode="liveall", registry=self.registry)
        self._version: str | None = None
        self._lock = threading.Lock()
        # (method, route, status) → [requests, seconds, requests per bucket], not yet flushed
        self._pending: dict[tuple[str, str, int], list] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            tally = self._pending.get((method, route, status))
            if tally is None:
                tally = self._pending[(method, route, status)] = [0, 0.0, [0] * (len(BUCKETS) + 1)]
            tally[0] += 1
            tally[1] += seconds
            tally[2][bisect.bisect_left(BUCKETS, seconds)] += 1  # the first bucket with seconds <= its bound

    def flush(self) -> None:
        """Add the pending tallies to the prometheus_client metrics (the files, under serve)."""
        with self._lock:
            pending, self._pending = self._pending, {}
        for (method, route, status), (count, seconds, buckets) in pending.items():
            self.requests.labels(method, route, str(status)).inc(count)
            histogram = self.duration.labels(route)
            # prometheus_client observes one value at a time; its per-bucket values take a batch
            # (pinned version; tests/code/test_metrics.py compares both ways)
            histogram._sum.inc(seconds)
            for index, added in enumerate(buckets):
                if added:
                    histogram._buckets[index].inc(added)

    def serving(self, version: str) -> None:
        """Record which artifacts version this process now serves."""
        if version == self._version:
            return
        if self._version is not None:  # a multiprocess file keeps every label set: zero, not remove
            self.served.labels(self._version).set(0)
        self.served.labels(version).set(1)
        self._version = version

    def render(self) -> bytes:
        """The Prometheus text exposition format (version 0.0.4), of every worker when there are several."""
        self.flush()
        if self.directory is None:
            return generate_latest(self.registry)
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=self.directory)
        return generate_latest(registry)


def forget_dead_workers(directory: Path) -> None:
    """Drop the per-process gauge files of workers that are gone (a restarted worker gets a new
    pid); their counters stay, since what they counted did happen."""
    for path in directory.glob("gauge_live*_*.db"):
        found = re.fullmatch(r"gauge_live\w*_(\d+)\.db", path.name)
        if found and not Path(f"/proc/{found.group(1)}").exists():
            multiprocess.mark_process_dead(int(found.group(1)), str(directory))


class ObservabilityMiddleware:
    """Times each HTTP request, logs one JSON line and records it in Metrics."""

    def __init__(self, app, metrics: Metrics):
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = 500

        async def send_and_capture(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_capture)
        finally:
            seconds = time.perf_counter() - start
            route = scope.get("route")
            template = getattr(route, "path_format", "(sin ruta)")
            self.metrics.observe(scope["method"], template, status, seconds)
            if access_log.isEnabledFor(logging.INFO):
                access_log.info(json.dumps({"method": scope["method"], "path": scope["path"], "status": status,
                                            "ms": round(seconds * 1000, 3)}, ensure_ascii=False))
