"""What recording one request in the metrics costs, in process: the hand-written counters served
before issue 15 (the baseline, copied below) against ours (api/observability.py: tallies
flushed into prometheus_client) in its single-process mode (an app built in-process) and its
multiprocess mode (`movierec serve`: values in mmap'd files of PROMETHEUS_MULTIPROC_DIR), and
against calling prometheus_client on every request. Same calls, same labels, in the same run.

    python -m benchmarks.bench_metrics [--calls 200000] [--repeats 5]

This is the part of the per-request overhead that issue 15 changed; the HTTP load benchmark
(benchmarks/load_api.py) shows it against the whole stack, but only on a quiet machine.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict

BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
LABELS = [(method, route, status) for method in ("GET", "HEAD")
          for route in ("/recomendacion/{titulo}", "/score_titulo/{titulo}", "/buscar", "/health")
          for status in (200, 404)]


class HandWrittenMetrics:
    """The counters of api/observability.py before prometheus_client (the baseline)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.counts = defaultdict(int)
        self.buckets = defaultdict(lambda: [0] * (len(BUCKETS) + 1))
        self.sums = defaultdict(float)

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


class UnbatchedMetrics:
    """prometheus_client called on every request (what ours did before batching its tallies)."""

    def __init__(self) -> None:
        from movierec.api.observability import Metrics

        self.metrics = Metrics()

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.metrics.requests.labels(method, route, str(status)).inc()
        self.metrics.duration.labels(route).observe(seconds)


def per_call_ns(metrics, calls: int, repeats: int, flush_every: int) -> float:
    """Median over `repeats` of the time per request: observe(), plus a flush every `flush_every`
    calls where the metrics have one (a worker flushes every 0.25 s: ~2,300 requests at 9,200 req/s)."""
    labels = [(*LABELS[i % len(LABELS)], 0.0003 + (i % 7) * 0.002) for i in range(calls)]
    flush = getattr(metrics, "flush", lambda: None)
    for method, route, status, seconds in labels[:1000]:  # create every labelled child first
        metrics.observe(method, route, status, seconds)
    flush()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for index, (method, route, status, seconds) in enumerate(labels):
            metrics.observe(method, route, status, seconds)
            if index % flush_every == 0:
                flush()
        times.append((time.perf_counter() - start) / calls * 1e9)
    return statistics.median(times)


def measure_in_child(mode: str, calls: int, repeats: int, flush_every: int) -> float:
    """One mode per process: prometheus_client picks its value class when first imported."""
    env = dict(os.environ)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    with tempfile.TemporaryDirectory() as directory:
        if mode in ("multiprocess", "unbatched"):
            env["PROMETHEUS_MULTIPROC_DIR"] = directory
        output = subprocess.run([sys.executable, "-m", "benchmarks.bench_metrics", "--child", mode,
                                 "--calls", str(calls), "--repeats", str(repeats), "--flush-every", str(flush_every)],
                                env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(output)["ns"]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_metrics", description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--flush-every", type=int, default=2000)
    parser.add_argument("--child", choices=["baseline", "single", "multiprocess", "unbatched"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if args.child == "baseline":
            metrics = HandWrittenMetrics()
        elif args.child == "unbatched":
            metrics = UnbatchedMetrics()
        else:
            from movierec.api.observability import Metrics

            metrics = Metrics()
            assert (metrics.directory is not None) == (args.child == "multiprocess")
        print(json.dumps({"ns": per_call_ns(metrics, args.calls, args.repeats, args.flush_every)}))
        return
    print(f"one observe() per request and a flush every {args.flush_every}, {args.calls} calls, "
          f"median of {args.repeats} repeats (load "
          "{:.1f} {:.1f} {:.1f})".format(*os.getloadavg()))
    results = {mode: measure_in_child(mode, args.calls, args.repeats, args.flush_every)
               for mode in ("baseline", "single", "multiprocess", "unbatched")}
    names = {"baseline": "hand-written counters (baseline, before)",
             "single": "ours, single process (in-process app)",
             "multiprocess": "ours, multiprocess (movierec serve)",
             "unbatched": "prometheus_client on every request, multiprocess"}
    for mode, ns in results.items():
        extra = "" if mode == "baseline" else f"  ({(ns - results['baseline']) / 1000:+.2f} µs per request)"
        print(f"{names[mode]:<55}{ns / 1000:>8.2f} µs{extra}")


if __name__ == "__main__":
    main()
