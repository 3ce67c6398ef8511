"""`movierec serve --workers N`: start-up, memory per worker and together, and throughput, for
N = 1 (the baseline) and N = 2, one after the other in the same run.

    python -m benchmarks.workers [--artifacts artifacts/sample] [--workers 1,2] [--duration 10]

For each N, the real `movierec serve` is started on a free 127.0.0.1 port and measured:

- start-up: process spawn → first 200 on /health, and → every worker serving (the
  per-process gauge `movierec_artifacts_served` of /metrics lists N pids);
- memory of each worker after a warm-up pass over the workload (every URL once) and again after
  the wrk run: RSS (VmRSS), PSS (Pss of /proc/PID/smaps_rollup: shared pages divided among the
  processes that map them) and private memory (Private_Clean + Private_Dirty); with N > 1 also
  the supervising parent's, which a host counts too;
- throughput: wrk cycling through the load benchmark's workload (benchmarks/load_api.py:
  real titles and names over the six query endpoints) plus recommendations by title and user.

Targets (issue 15): start-up < 1.5 s, RSS of one worker < 350 MB, two workers' PSS < 512 MB.
The machine is shared: the load average at each measurement is printed beside it.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.child import MOVIEREC
from benchmarks.load_api import build_workload, fetch_all, free_port, run_wrk, write_lua

HOST = "127.0.0.1"
STARTUP_TIMEOUT = 180.0
MAX_STARTUP_S = 1.5
MAX_WORKER_RSS_MB = 350.0
MAX_TWO_WORKERS_PSS_MB = 512.0


def smaps_mb(pid: int) -> dict[str, float]:
    """RSS, PSS and private memory of a process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value) / 1024
    return {"rss": fields["Rss"], "pss": fields["Pss"],
            "private": fields["Private_Clean"] + fields["Private_Dirty"]}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its live descendants, and of its reaped children."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    total = ticks / os.sysconf("SC_CLK_TCK")
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:
            total += cpu_seconds(int(child))
        except FileNotFoundError:
            pass
    return total


def load_average() -> str:
    return "load {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def metrics(port: int) -> str:
    with urllib.request.urlopen(f"http://{HOST}:{port}/metrics", timeout=30) as response:
        return response.read().decode()


def serving_pids(port: int) -> set[str]:
    return set(re.findall(r'^movierec_artifacts_served\{pid="(\d+)",version="\w+"\} 1\.0$', metrics(port), re.M))


def health(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/health", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


class Serve:
    """`movierec serve --workers N` in its own session, with its output in a temporary file."""

    def __init__(self, artifacts: Path, workers: int):
        self.workers = workers
        self.port = free_port()
        self.log = Path(tempfile.mkstemp(prefix="bench-workers-", suffix=".log")[1])
        began = time.perf_counter()
        self.process = subprocess.Popen(
            [MOVIEREC, "serve", "--artifacts", str(artifacts), "--host", HOST, "--port", str(self.port),
             "--workers", str(workers)],
            stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
        self.first_200_s = self._wait(lambda: health(self.port), began)
        # CPU seconds spent by the server's processes up to the first 200: what start-up costs
        # on an idle machine, whatever the others running meanwhile
        self.first_200_cpu_s = cpu_seconds(self.process.pid)
        self.all_workers_s = self._wait(lambda: len(serving_pids(self.port)) == workers, began)

    def _wait(self, ready, began: float) -> float:
        while time.perf_counter() - began < STARTUP_TIMEOUT:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited at start-up:\n{self.log.read_text()[-3000:]}")
            if ready():
                return time.perf_counter() - began
            time.sleep(0.01)
        self.stop()
        raise RuntimeError(f"serve not ready after {STARTUP_TIMEOUT:.0f} s")

    def worker_pids(self) -> list[int]:
        """The processes that serve (the gauge of /metrics), not helpers such as multiprocessing's."""
        return sorted(int(pid) for pid in serving_pids(self.port))

    def memory(self) -> dict:
        workers = [smaps_mb(pid) for pid in self.worker_pids()]
        figures = {"workers": workers, "workers_pss": sum(worker["pss"] for worker in workers)}
        if self.workers > 1:
            figures["parent"] = smaps_mb(self.process.pid)
        return figures

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.unlink(missing_ok=True)


def workload(artifacts: Path, seed: int) -> list[str]:
    """The load benchmark's query URLs plus recommendations by title and by user (benchmarks/load.py)."""
    from benchmarks.load import recommendation_paths

    return build_workload(artifacts, 100, seed) + recommendation_paths(artifacts, 300, seed)


def print_memory(label: str, memory: dict) -> None:
    for index, worker in enumerate(memory["workers"]):
        print(f"  {label}: worker {index + 1}: RSS {worker['rss']:.0f} MB, PSS {worker['pss']:.0f} MB, "
              f"private {worker['private']:.0f} MB")
    if "parent" in memory:
        parent = memory["parent"]
        print(f"  {label}: parent (supervisor): RSS {parent['rss']:.0f} MB, PSS {parent['pss']:.0f} MB, "
              f"private {parent['private']:.0f} MB")
    print(f"  {label}: workers' PSS together {memory['workers_pss']:.0f} MB"
          + (f"; with the parent {memory['workers_pss'] + memory['parent']['pss']:.0f} MB" if "parent" in memory else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.workers", description=__doc__.split("\n\n")[0])
    parser.add_argument("--artifacts", type=Path, default=Path(__file__).resolve().parents[1] / "artifacts" / "sample")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts, the first is the baseline")
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk not found: install it with `apt-get install -y wrk` (Debian package).", file=sys.stderr)
        return 2
    artifacts = args.artifacts.resolve()
    candidates = workload(artifacts, args.seed)
    lua: Path | None = None
    results = []
    for workers in [int(count) for count in args.workers.split(",")]:
        print(f"== {workers} worker(s) over {artifacts} ({load_average()})", flush=True)
        serve = Serve(artifacts, workers)
        try:
            print(f"  start-up: first 200 after {serve.first_200_s:.2f} s ({serve.first_200_cpu_s:.2f} CPU s); "
                  f"every worker serving after {serve.all_workers_s:.2f} s")
            if lua is None:
                answers = fetch_all(serve.port, candidates)
                paths = [path for path, (status, _) in zip(candidates, answers) if 200 <= status < 300]
                lua = write_lua(paths)
                print(f"  workload: {len(paths)} URLs ({len(candidates) - len(paths)} dropped: not 2xx)")
            else:
                fetch_all(serve.port, paths)  # the same warm-up pass for every N
            warm = serve.memory()
            print_memory("after warm-up", warm)
            before = load_average()
            result = run_wrk(serve.port, lua, args.connections, 2, args.duration, None, serve.process.pid)
            rps = result["requests"] / (result["duration_us"] / 1e6)
            errors = sum(result[key] for key in ("connect", "read", "write", "status", "timeout"))
            print(f"  wrk {args.connections} connections, {args.duration} s: {rps:.0f} req/s, "
                  f"p50 {result['p50_us'] / 1000:.2f} ms, p99 {result['p99_us'] / 1000:.2f} ms, {errors} errors "
                  f"({before} before, {load_average()} after)")
            loaded = serve.memory()
            print_memory("after load", loaded)
            results.append({"workers": workers, "first_200_s": serve.first_200_s,
                            "first_200_cpu_s": serve.first_200_cpu_s,
                            "all_workers_s": serve.all_workers_s, "rps": rps, "errors": errors,
                            "p50_ms": result["p50_us"] / 1000, "p99_ms": result["p99_us"] / 1000,
                            "memory_warm": warm, "memory_loaded": loaded})
        finally:
            serve.stop()
    if lua is not None:
        lua.unlink(missing_ok=True)
    base = results[0]
    print("\n== summary (the first worker count is the baseline)")
    for result in results:
        print(f"{result['workers']} worker(s): {result['rps']:.0f} req/s ({result['rps'] / base['rps']:.2f}× of "
              f"{base['workers']}), start-up {result['first_200_s']:.2f} s ({result['first_200_cpu_s']:.2f} CPU s), "
              f"max worker RSS {max(w['rss'] for w in result['memory_loaded']['workers']):.0f} MB, "
              f"workers' PSS {result['memory_loaded']['workers_pss']:.0f} MB")
    checks = [(f"start-up < {MAX_STARTUP_S} s ({base['workers']} worker)", base["first_200_s"] < MAX_STARTUP_S),
              (f"worker RSS < {MAX_WORKER_RSS_MB:.0f} MB", all(
                  w["rss"] < MAX_WORKER_RSS_MB for r in results for w in r["memory_loaded"]["workers"]))]
    two = [r for r in results if r["workers"] == 2]
    if two:
        checks.append((f"2 workers' PSS < {MAX_TWO_WORKERS_PSS_MB:.0f} MB",
                       two[0]["memory_loaded"]["workers_pss"] < MAX_TWO_WORKERS_PSS_MB))
    for name, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
