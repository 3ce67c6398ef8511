"""Load benchmark of the API against its two yardsticks, behind real servers, in one run.

    python -m benchmarks.load_api [--duration 10] [--artifacts artifacts/sample]

Servers, one after another on a free 127.0.0.1 port, each a real `uvicorn --factory`
subprocess with one worker, `--loop uvloop --http httptools --no-access-log`:

- ours:    movierec.api.app:create_app over the artifacts;
- naive:   benchmarks/naive_api.py, the same contract filtering pandas DataFrames per request;
- ceiling: benchmarks/ceiling_api.py, a route that does no work (what the stack alone can do).

The workload is a list of URLs over the six query endpoints built from the artifacts (real
titles and names with their case and accents varied, months, weekdays), kept only if our app
answers them 2xx in a first verification pass. wrk (Debian package `wrk`) cycles through the
list from a Lua script at 32 connections (2 threads) and at 8 connections (1 thread); the
script's done() prints requests, socket errors, HTTP errors and latency percentiles as JSON.

For each server it reports req/s, p50, p99, non-2xx, socket errors, resident memory after the
runs (VmRSS) and start-up time (process spawn → first 200 on /health), then checks the targets
of issue 3 and exits non-zero if any fails. Loopback only; every run is bounded in time.

On a shared 2-core machine other processes skew the figures, so each run also reports the
server's CPU time per request (less sensitive to that) and the share of the machine that
other processes used meanwhile ("other CPU"); `--wait-idle` waits for a quiet moment first.
wrk's "non-2xx" is its status error count (status > 399); the verification pass has already
checked that every URL of the workload answers 2xx, not 3xx.
"""

import argparse
import http.client
import json
import os
import random
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pandas as pd

REPO_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SERVERS = {
    "ours": "benchmarks.servers:ours",
    "ours_gzip": "benchmarks.servers:ours",  # the same server; wrk sends Accept-Encoding: gzip
    "naive": "benchmarks.servers:naive",
    "ceiling": "benchmarks.servers:ceiling",
}
MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
          "setiembre", "octubre", "noviembre", "diciembre"]
WEEKDAYS = ["lunes", "martes", "miércoles", "miercoles", "jueves", "viernes", "sábado", "sabado", "domingo"]
STARTUP_TIMEOUT = 120.0
BUSY_WARNING_PCT = 10.0

# targets (issue 3, "Proof"; issue 12 raised the share of the ceiling and added the p99 ratio)
MIN_SPEEDUP_VS_NAIVE = 10.0
MIN_SHARE_OF_CEILING = 0.90
MAX_P99_MS_AT_8 = 10.0
MAX_P99_RATIO_TO_CEILING_AT_8 = 1.5
MAX_GZIP_SLOWDOWN = 0.05  # small JSON answers with Accept-Encoding: gzip vs without


# --- workload --------------------------------------------------------------------------------

def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _vary(text: str, rng: random.Random) -> str:
    """The same name as a user might type it: other case, accents dropped."""
    variant = rng.choice(["as_is", "lower", "upper", "title", "no_accents", "no_accents_lower"])
    if variant == "lower":
        return text.lower()
    if variant == "upper":
        return text.upper()
    if variant == "title":
        return text.title()
    if variant == "no_accents":
        return _strip_accents(text)
    if variant == "no_accents_lower":
        return _strip_accents(text).lower()
    return text


def _people_sample(names: pd.Series, count: int, rng: random.Random) -> list[str]:
    """Half weighted by number of credits (famous people), half uniform over distinct names."""
    names = names.dropna()
    names = names[names.str.strip() != ""]
    weighted = names.sample(n=count // 2, random_state=rng.randrange(2**31), replace=True).tolist()
    distinct = sorted(set(names))
    uniform = rng.sample(distinct, min(count - len(weighted), len(distinct)))
    return weighted + uniform


QUERY_ENDPOINTS = ("cantidad_filmaciones_mes", "cantidad_filmaciones_dia", "score_titulo", "votos_titulo",
                   "get_actor", "get_director")


def build_workload(artifacts: Path, per_endpoint: int, seed: int,
                   endpoints: tuple[str, ...] = QUERY_ENDPOINTS) -> list[str]:
    """Candidate URL paths, `per_endpoint` for each endpoint (by default the six query endpoints;
    `pelicula` on request), shuffled. `pelicula`'s titles are drawn last, so the six endpoints'
    URLs are the same with or without it."""
    rng = random.Random(seed)
    movies = pd.read_parquet(artifacts / "movies.parquet", columns=["title"])
    cast = pd.read_parquet(artifacts / "cast.parquet", columns=["name"])
    crew = pd.read_parquet(artifacts / "crew.parquet", columns=["name", "job"])
    titles = sorted(set(movies["title"].dropna()))
    paths = []
    for _ in range(per_endpoint):
        month = rng.choice(MONTHS + [str(n) for n in range(1, 13)])
        paths.append(f"/cantidad_filmaciones_mes/{quote(_vary(month, rng), safe='')}")
        paths.append(f"/cantidad_filmaciones_dia/{quote(_vary(rng.choice(WEEKDAYS), rng), safe='')}")
    for endpoint in ("score_titulo", "votos_titulo"):
        for title in rng.sample(titles, min(per_endpoint, len(titles))):
            paths.append(f"/{endpoint}/{quote(_vary(title, rng), safe='')}")
    for name in _people_sample(cast["name"], per_endpoint, rng):
        paths.append(f"/get_actor/{quote(_vary(name, rng), safe='')}")
    for name in _people_sample(crew.loc[crew["job"] == "Director", "name"], per_endpoint, rng):
        paths.append(f"/get_director/{quote(_vary(name, rng), safe='')}")
    for title in rng.sample(titles, min(per_endpoint, len(titles))):
        paths.append(f"/pelicula/{quote(_vary(title, rng), safe='')}")
    paths = [path for path in paths if path.split("/")[1] in endpoints]
    rng.shuffle(paths)
    return paths


def fetch_all(port: int, paths: list[str]) -> list[tuple[int, dict | None]]:
    """One sequential keep-alive pass: status and decoded JSON body of each path."""
    answers = []
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        for path in paths:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            try:
                decoded = json.loads(body)
            except ValueError:
                decoded = None
            answers.append((response.status, decoded))
    finally:
        connection.close()
    return answers


# --- servers ---------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _get_status(port: int, path: str) -> int | None:
    try:
        connection = http.client.HTTPConnection(HOST, port, timeout=2)
        connection.request("GET", path)
        status = connection.getresponse().status
        connection.close()
        return status
    except OSError:
        return None


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MB, from /proc/<pid>/status."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", float("nan")), values.get("VmHWM", float("nan"))


def _busy_ticks() -> int:
    """Busy CPU time of the whole machine, in clock ticks, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields[:8]) - idle


def _process_ticks(pid: int) -> int:
    """utime + stime, in clock ticks, of a process and its live descendants (uvicorn workers)
    plus the children they have already waited for."""
    ticks, parents = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended meanwhile
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        parents[int(entry.name)] = int(fields[1])
        ticks[int(entry.name)] = sum(int(value) for value in fields[11:15])
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, ppid in parents.items() if ppid == parent and child not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(ticks.get(member, 0) for member in tree)


def wait_for_quiet(max_wait: float, threshold_pct: float = 15.0) -> float:
    """Wait (up to max_wait s) until the machine is busy below threshold_pct over 1 s; returns busy %."""
    hz, ncpu = os.sysconf("SC_CLK_TCK"), os.cpu_count() or 1
    deadline = time.perf_counter() + max_wait
    while True:
        before = _busy_ticks()
        time.sleep(1.0)
        busy_pct = (_busy_ticks() - before) * 100 / (hz * ncpu)
        if busy_pct < threshold_pct or time.perf_counter() >= deadline:
            return busy_pct


@dataclass
class Server:
    name: str
    factory: str
    artifacts: Path
    cpus: str | None = None
    workers: int = 1
    port: int = 0
    process: subprocess.Popen | None = None
    startup_s: float = float("nan")
    log: Path | None = None

    def start(self, extra_env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        if self.factory == SERVERS["ours"]:  # as `movierec serve` runs it: uvicorn with request deadlines
            command = [sys.executable, "-m", "benchmarks.servers", "--host", HOST, "--port", str(self.port),
                       "--workers", str(self.workers)]
        else:
            command = [sys.executable, "-m", "uvicorn", "--factory", self.factory, "--host", HOST,
                       "--port", str(self.port), "--loop", "uvloop", "--http", "httptools",
                       "--no-access-log", "--log-level", "warning", "--workers", str(self.workers)]
        if self.cpus:
            command = ["taskset", "-c", self.cpus, *command]
        env = {**os.environ, "BENCH_ARTIFACTS": str(self.artifacts), **(extra_env or {})}
        self.log = Path(tempfile.mkstemp(prefix=f"bench-{self.name}-", suffix=".log")[1])
        began = time.perf_counter()
        self.process = subprocess.Popen(command, cwd=REPO_DIR, env=env, stdout=self.log.open("w"),
                                        stderr=subprocess.STDOUT, start_new_session=True)
        while time.perf_counter() - began < STARTUP_TIMEOUT:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name}: the server exited at start-up:\n{self.log.read_text()[-3000:]}")
            if _get_status(self.port, "/health") == 200:
                self.startup_s = time.perf_counter() - began
                return
            time.sleep(0.01)
        self.stop()
        raise RuntimeError(f"{self.name}: no 200 on /health after {STARTUP_TIMEOUT:.0f} s")

    def stop(self) -> None:
        """Stop the server and its workers (its own session), and delete its log."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.log:
            self.log.unlink(missing_ok=True)


# --- wrk -------------------------------------------------------------------------------------

LUA_TEMPLATE = """
local paths = {
%(paths)s
}
local requests = {}
local counter = 0
local started = 0

function setup(thread)
  -- each thread starts at a different place in the list
  thread:set("offset", started * 7919)
  started = started + 1
end

function init(args)
  for i, path in ipairs(paths) do
    requests[i] = wrk.format("GET", path, %(headers)s)
  end
  counter = offset or 0
end

function request()
  counter = counter + 1
  return requests[(counter %% #requests) + 1]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %%d, "duration_us": %%d, "bytes": %%d, "connect": %%d, "read": %%d, ' ..
    '"write": %%d, "status": %%d, "timeout": %%d, "p50_us": %%d, "p90_us": %%d, "p99_us": %%d, ' ..
    '"mean_us": %%.1f, "max_us": %%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max))
end
"""


def write_lua(paths: list[str], accept_gzip: bool = False) -> Path:
    listed = ",\n".join(f'  "{path}"' for path in paths)  # quote() left no '"' or '\\' in them
    headers = '{["Accept-Encoding"] = "gzip"}' if accept_gzip else "nil"
    handle, name = tempfile.mkstemp(prefix="bench-workload-", suffix=".lua")
    with os.fdopen(handle, "w") as lua:
        lua.write(LUA_TEMPLATE % {"paths": listed, "headers": headers})
    return Path(name)


@dataclass
class Run:
    server: str
    connections: int
    threads: int
    round: int = 0
    requests: int = 0
    rps: float = 0.0
    p50_ms: float = 0.0
    p90_ms: float = 0.0
    p99_ms: float = 0.0
    non_2xx: int = 0
    socket_errors: int = 0
    rss_mb: float = float("nan")
    peak_rss_mb: float = float("nan")
    startup_s: float = float("nan")
    cpu_other_pct: float = 0.0
    cpu_us_per_request: float = 0.0
    raw: dict = field(default_factory=dict)


def run_wrk(port: int, lua: Path, connections: int, threads: int, duration: int,
            cpus: str | None, server_pid: int) -> dict:
    """One wrk run; adds the CPU shares (of the whole machine) of server, wrk and everything else."""
    command = ["wrk", "--latency", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
               "-s", str(lua), f"http://{HOST}:{port}/"]
    if cpus:
        command = ["taskset", "-c", cpus, *command]
    hz, ncpu = os.sysconf("SC_CLK_TCK"), os.cpu_count() or 1
    busy, server, children = _busy_ticks(), _process_ticks(server_pid), resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    output = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=True).stdout
    elapsed = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    capacity = elapsed * hz * ncpu / 100  # ticks per percent of the machine
    wrk_ticks = (after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime) * hz
    server_ticks = _process_ticks(server_pid) - server
    busy_ticks = _busy_ticks() - busy
    shares = {"cpu_server_pct": server_ticks / capacity, "cpu_wrk_pct": wrk_ticks / capacity,
              "cpu_other_pct": max(busy_ticks - server_ticks - wrk_ticks, 0) / capacity,
              "server_cpu_s": server_ticks / hz}
    for line in output.splitlines():
        if line.startswith("WRK_JSON "):
            return {**json.loads(line.removeprefix("WRK_JSON ")), **shares}
    raise RuntimeError(f"wrk printed no result:\n{output}")


def _to_run(server: Server, connections: int, threads: int, result: dict, round_index: int) -> Run:
    seconds = result["duration_us"] / 1e6
    return Run(server=server.name, connections=connections, threads=threads, round=round_index,
               requests=result["requests"],
               rps=result["requests"] / seconds, p50_ms=result["p50_us"] / 1000,
               p90_ms=result["p90_us"] / 1000, p99_ms=result["p99_us"] / 1000, non_2xx=result["status"],
               socket_errors=result["connect"] + result["read"] + result["write"] + result["timeout"],
               startup_s=server.startup_s, cpu_other_pct=result["cpu_other_pct"],
               cpu_us_per_request=result["server_cpu_s"] * 1e6 / max(result["requests"], 1), raw=result)


def print_large_responses(port: int, fetches: int = 10) -> None:
    """Bytes and median time of the large answers (the docs' script, the EDA report if it was
    generated), plain and gzip-compressed, one keep-alive client after the other."""
    for path in ("/static-docs/swagger-ui-bundle.js", "/reporte"):
        figures = []
        for encoding in ("identity", "gzip"):
            connection = http.client.HTTPConnection(HOST, port, timeout=30)
            times, size, status = [], 0, 0
            for _ in range(fetches):
                began = time.perf_counter()
                connection.request("GET", path, headers={"Accept-Encoding": encoding})
                response = connection.getresponse()
                size, status = len(response.read()), response.status
                times.append((time.perf_counter() - began) * 1000)
            connection.close()
            figures.append(f"{encoding} {size / 1024:.0f} KB in {statistics.median(times):.1f} ms")
        if status == 200:
            print(f"  large answer {path}: " + ", ".join(figures) + f" (median of {fetches})")


# --- report ----------------------------------------------------------------------------------

def median_runs(runs: list[Run]) -> list[Run]:
    """One row per (server, connections): the median of each figure over the rounds."""
    groups: dict[tuple[str, int], list[Run]] = {}
    for run in runs:
        groups.setdefault((run.server, run.connections), []).append(run)
    merged = []
    for group in groups.values():
        row = Run(server=group[0].server, connections=group[0].connections, threads=group[0].threads)
        for name in ("requests", "rps", "p50_ms", "p90_ms", "p99_ms", "rss_mb", "peak_rss_mb", "startup_s",
                     "cpu_other_pct", "cpu_us_per_request"):
            setattr(row, name, statistics.median(getattr(run, name) for run in group))
        row.non_2xx = sum(run.non_2xx for run in group)  # errors add up over the rounds
        row.socket_errors = sum(run.socket_errors for run in group)
        merged.append(row)
    return merged


def print_table(runs: list[Run]) -> None:
    header = f"{'server':<8} {'conns':>5} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8} " \
             f"{'errors':>7} {'RSS MB':>7} {'start-up s':>10} {'CPU us/req':>10} {'other CPU':>9}"
    print(header)
    print("-" * len(header))
    for run in runs:
        print(f"{run.server:<8} {run.connections:>5} {run.rps:>9.0f} {run.p50_ms:>8.2f} {run.p99_ms:>8.2f} "
              f"{run.non_2xx:>8} {run.socket_errors:>7} {run.rss_mb:>7.0f} {run.startup_s:>10.2f} "
              f"{run.cpu_us_per_request:>10.0f} {run.cpu_other_pct:>8.0f}%")
    if any(run.cpu_other_pct > BUSY_WARNING_PCT for run in runs):
        print(f"WARNING: other processes used more than {BUSY_WARNING_PCT:.0f}% of the machine during some "
              "runs ('other CPU'); those figures are low and noisy, run again on a quiet machine.")


def check_targets(runs: list[Run]) -> list[tuple[str, bool, str]]:
    by = {(run.server, run.connections): run for run in runs}
    checks = []
    ours32, naive32, ceil32, ours8 = (by.get(key) for key in
                                      (("ours", 32), ("naive", 32), ("ceiling", 32), ("ours", 8)))
    if ours32 and naive32:
        ratio = ours32.rps / naive32.rps if naive32.rps else float("inf")
        checks.append((f"ours >= {MIN_SPEEDUP_VS_NAIVE:.0f}x naive req/s at 32 conns",
                       ratio >= MIN_SPEEDUP_VS_NAIVE, f"{ratio:.1f}x"))
    if ours32 and ceil32:
        share = ours32.rps / ceil32.rps
        checks.append((f"ours >= {MIN_SHARE_OF_CEILING:.0%} of ceiling req/s at 32 conns",
                       share >= MIN_SHARE_OF_CEILING, f"{share:.0%}"))
    if ours8:
        checks.append((f"ours p99 < {MAX_P99_MS_AT_8:.0f} ms at 8 conns", ours8.p99_ms < MAX_P99_MS_AT_8,
                       f"{ours8.p99_ms:.2f} ms"))
    ceil8, gzip32 = by.get(("ceiling", 8)), by.get(("ours_gzip", 32))
    if ours8 and ceil8:
        ratio = ours8.p99_ms / ceil8.p99_ms
        checks.append((f"ours p99 <= {MAX_P99_RATIO_TO_CEILING_AT_8}x the ceiling's at 8 conns",
                       ratio <= MAX_P99_RATIO_TO_CEILING_AT_8, f"{ratio:.2f}x ({ours8.p99_ms:.2f} vs {ceil8.p99_ms:.2f} ms)"))
    if ours32 and gzip32:
        share = gzip32.rps / ours32.rps
        checks.append((f"small JSON with Accept-Encoding: gzip >= {1 - MAX_GZIP_SLOWDOWN:.0%} of ours req/s at 32 conns",
                       share >= 1 - MAX_GZIP_SLOWDOWN, f"{share:.0%}"))
    ours = [run for run in runs if run.server == "ours"]
    if ours:
        bad = sum(run.non_2xx + run.socket_errors for run in ours)
        checks.append(("ours: 0 non-2xx responses and 0 socket errors", bad == 0, str(bad)))
    return checks


# --- main ------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load_api", description=__doc__.split("\n\n")[0])
    parser.add_argument("--artifacts", type=Path, default=REPO_DIR / "artifacts" / "sample")
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run (default 10)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="repeat the whole sequence N times and report medians (default 1)")
    parser.add_argument("--per-endpoint", type=int, default=100, help="candidate URLs per endpoint")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--servers", default="ours,ours_gzip,naive,ceiling",
                        help="comma-separated subset, in order (ours_gzip: ours, with wrk sending Accept-Encoding: gzip)")
    parser.add_argument("--connections", default="32:2,8:1",
                        help="wrk runs as CONNECTIONS:THREADS, comma-separated (default 32:2,8:1)")
    parser.add_argument("--pin", action="store_true",
                        help="pin the server to CPU 0 and wrk to the other CPUs with taskset")
    parser.add_argument("--wait-idle", type=float, default=30.0, metavar="SECONDS",
                        help="before each wrk run, wait up to this long for other processes to leave the "
                             "machine idle (default 30; 0 = do not wait)")
    parser.add_argument("--app-log", action="store_true",
                        help="configure logging like `movierec serve` (INFO): ours writes its JSON access "
                             "log line per request, as deployed (default: off, like --no-access-log)")
    parser.add_argument("--endpoints", default=",".join(QUERY_ENDPOINTS),
                        help="comma-separated endpoints of the workload (default: the six queries; "
                             "also pelicula), e.g. --endpoints score_titulo to time one route alone")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--routes", default="", help="only these routes, comma-separated (e.g. /get_director): "
                                                    "to measure one route before and after a change")
    args = parser.parse_args(argv)

    if shutil.which("wrk") is None:
        print("wrk not found: install it with `apt-get install -y wrk` (Debian package).", file=sys.stderr)
        return 2
    artifacts = args.artifacts.resolve()
    if not (artifacts / "manifest.json").is_file():
        print(f"no artifacts in {artifacts}: run `make artifacts` (movierec etl + train) first.", file=sys.stderr)
        return 2
    names = [name.strip() for name in args.servers.split(",") if name.strip()]
    if "ours" not in names or names[0] != "ours":
        print("--servers must start with ours (it vets the workload).", file=sys.stderr)
        return 2
    plans = [tuple(int(part) for part in item.split(":")) for item in args.connections.split(",")]
    ncpu = os.cpu_count() or 1
    server_cpus = wrk_cpus = None
    if args.pin and ncpu >= 2 and shutil.which("taskset"):
        server_cpus, wrk_cpus = "0", f"1-{ncpu - 1}"

    candidates = build_workload(artifacts, args.per_endpoint, args.seed,
                                tuple(name.strip() for name in args.endpoints.split(",") if name.strip()))
    if args.routes:
        candidates = [path for path in candidates if path.startswith(tuple(f"{route.rstrip('/')}/" for route in
                                                                           args.routes.split(",")))]
    print(f"machine: {ncpu} CPUs; wrk and the servers share them" +
          (f" (server pinned to CPU {server_cpus}, wrk to {wrk_cpus})" if server_cpus else ""))
    runs: list[Run] = []
    paths: list[str] = []
    lua: Path | None = None
    lua_gzip: Path | None = None
    reference: dict[str, set] = {}
    try:
        for round_index in range(args.rounds):
            if args.rounds > 1:
                print(f"round {round_index + 1}/{args.rounds}")
            for name in names:
                server = Server(name, SERVERS[name], artifacts, cpus=server_cpus)
                server.start({"BENCH_APP_LOG": "1"} if args.app_log else None)
                try:
                    answers = fetch_all(server.port, paths or candidates)  # also warms the server up
                    if round_index > 0:
                        pass  # the workload was vetted in the first round; this pass only warms up
                    elif name == "ours":
                        kept = [(p, body) for p, (status, body) in zip(candidates, answers) if 200 <= status < 300]
                        paths = [p for p, _ in kept]
                        reference = {p: set(body) for p, body in kept if isinstance(body, dict)}
                        lua, lua_gzip = write_lua(paths), write_lua(paths, accept_gzip=True)
                        endpoints = sorted({p.split("/")[1] for p in paths})
                        print(f"workload: {len(paths)} URLs over {len(endpoints)} endpoints "
                              f"({len(candidates) - len(paths)} candidates dropped: not 2xx on ours)")
                    else:
                        not_ok = sum(1 for status, _ in answers if not 200 <= status < 300)
                        other_keys = sum(1 for p, (status, body) in zip(paths, answers)
                                         if name == "naive" and 200 <= status < 300
                                         and isinstance(body, dict) and set(body) - {"otras_coincidencias"}
                                         != reference.get(p, set()) - {"otras_coincidencias"})
                        print(f"{name}: verification pass, {not_ok} non-2xx"
                              + (f", {other_keys} answers with other JSON keys" if name == "naive" else ""))
                    for connections, threads in plans:
                        if args.wait_idle > 0:
                            busy = wait_for_quiet(args.wait_idle)
                            if busy >= 15.0:
                                print(f"  machine still {busy:.0f}% busy after waiting {args.wait_idle:.0f} s")
                        result = run_wrk(server.port, lua_gzip if name == "ours_gzip" else lua, connections,
                                         threads, args.duration, wrk_cpus, server.process.pid)
                        runs.append(_to_run(server, connections, threads, result, round_index))
                        print(f"  {name} @ {connections} conns: {runs[-1].rps:.0f} req/s (CPU: server "
                              f"{result['cpu_server_pct']:.0f}%, wrk {result['cpu_wrk_pct']:.0f}%, other "
                              f"{result['cpu_other_pct']:.0f}% of the machine)", flush=True)
                    if name == "ours" and round_index == 0:
                        print_large_responses(server.port)
                    rss, peak = memory_mb(server.process.pid)
                    for run in runs:
                        if run.server == name and run.round == round_index:
                            run.rss_mb, run.peak_rss_mb = rss, peak
                finally:
                    server.stop()
    finally:
        for script in (lua, lua_gzip):
            if script:
                script.unlink(missing_ok=True)

    table = median_runs(runs)
    print()
    if args.rounds > 1:
        print(f"median of {args.rounds} rounds (non-2xx and errors: total over the rounds)")
    print_table(table)
    print()
    checks = check_targets(table)
    for label, ok, value in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {label}: {value}")
    if args.json:
        args.json.write_text(json.dumps({
            "cpus": ncpu, "pinned": bool(server_cpus), "duration_s": args.duration, "urls": len(paths),
            "rounds": args.rounds, "table": [dict(run.__dict__, raw=None) for run in table],
            "runs": [dict(run.__dict__) for run in runs],
            "targets": [{"target": label, "pass": ok, "value": value} for label, ok, value in checks],
        }, indent=2) + "\n")
    return 0 if checks and all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
