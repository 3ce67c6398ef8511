"""Access log and Prometheus metrics, as one raw ASGI middleware (cheaper than BaseHTTPMiddleware)."""

import json
import logging
import threading
import time
from collections import defaultdict

access_log = logging.getLogger("movierec.access")

BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class Metrics:
    """Request counts per (method, route, status) and latency histograms per route."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.counts: dict[tuple[str, str, int], int] = defaultdict(int)
        self.buckets: dict[str, list[int]] = defaultdict(lambda: [0] * (len(BUCKETS) + 1))
        self.sums: dict[str, float] = defaultdict(float)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            self.counts[(method, route, status)] += 1
            histogram = self.buckets[route]
            for index, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    histogram[index] += 1
                    break
            else:
                histogram[-1] += 1
            self.sums[route] += seconds

    def render(self) -> str:
        """The Prometheus text exposition format (version 0.0.4)."""
        lines = ["# HELP movierec_requests_total Peticiones HTTP atendidas.",
                 "# TYPE movierec_requests_total counter"]
        with self._lock:
            for (method, route, status), count in sorted(self.counts.items()):
                lines.append(f'movierec_requests_total{{method="{method}",route="{route}",status="{status}"}} {count}')
            lines += ["# HELP movierec_request_duration_seconds Latencia de las peticiones por ruta.",
                      "# TYPE movierec_request_duration_seconds histogram"]
            for route, histogram in sorted(self.buckets.items()):
                cumulative = 0
                for bound, count in zip((*BUCKETS, "+Inf"), histogram):
                    cumulative += count
                    lines.append(f'movierec_request_duration_seconds_bucket{{route="{route}",le="{bound}"}} {cumulative}')
                lines.append(f'movierec_request_duration_seconds_sum{{route="{route}"}} {self.sums[route]:.6f}')
                lines.append(f'movierec_request_duration_seconds_count{{route="{route}"}} {cumulative}')
        return "\n".join(lines) + "\n"


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
