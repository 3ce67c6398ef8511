"""The benchmarks that need no load generator run end to end on small inputs.

They are not timed here (`make bench` measures); these runs only catch a benchmark that no
longer runs, as a refactor once did to bench_model.
"""

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO_DIR


def run_benchmark(*args: str) -> str:
    finished = subprocess.run([sys.executable, "-m", *args], cwd=REPO_DIR, capture_output=True, text=True,
                              timeout=300)
    assert finished.returncode == 0, finished.stdout[-2000:] + finished.stderr[-2000:]
    return finished.stdout


@pytest.mark.parametrize("source", ["sample artifacts", "synthetic raw files"])
def test_model_benchmark_runs_and_checks_its_targets(sample_artifacts, source):
    inputs = ["--artifacts", str(sample_artifacts)] if source == "sample artifacts" else ["--movies", "300"]
    output = run_benchmark("benchmarks.bench_model", *inputs, "--calls", "50")
    assert "similar() p50 / p99 (ms)" in output and "for_user() p50 / p99 (ms)" in output
    assert "PASS: model < 50 MB" in output


def test_verification_benchmark_runs_both_loads(sample_artifacts):
    output = run_benchmark("benchmarks.bench_verify", "--artifacts", str(sample_artifacts), "--rounds", "1")
    assert "load without verifying (baseline)" in output and "Served.load (verify + load)" in output
    assert "verification adds" in output


def test_etl_benchmark_runs_both_etls():
    output = run_benchmark("benchmarks.bench_etl", "--movies", "300")
    assert "naive (pandas + ast)" in output and "movierec etl" in output and "PASS" in output


def test_parser_benchmark_finds_identical_results():
    finished = subprocess.run([sys.executable, "-m", "benchmarks.bench_parser"], cwd=REPO_DIR,
                              capture_output=True, text=True, timeout=300)
    # the speed-up target is for `make bench` on a quiet machine; identical results always hold
    assert "results identical: True" in finished.stdout, finished.stdout + finished.stderr


def test_spanish_benchmark_runs_both_sides(sample_artifacts):
    output = run_benchmark("benchmarks.bench_spanish", "--artifacts", str(sample_artifacts), "--calls", "200")
    assert "movierec.spanish" in output and "Babel (baseline)" in output
    assert "director (first request)" in output and "director (answer kept)" in output


def test_api_load_benchmark_runs_all_three_servers(sample_artifacts):
    finished = subprocess.run(
        [sys.executable, "-m", "benchmarks.load_api", "--artifacts", str(sample_artifacts), "--duration", "1",
         "--per-endpoint", "5", "--connections", "8:1", "--wait-idle", "0"],
        cwd=REPO_DIR, capture_output=True, text=True, timeout=300)
    output = finished.stdout
    # throughput targets need a quiet machine and 10 s runs; correctness does not
    assert finished.returncode in (0, 1), output + finished.stderr
    assert all(f"{server} @ 8 conns" in output for server in ("ours", "naive", "ceiling")), output
    assert "PASS  ours: 0 non-2xx responses and 0 socket errors" in output


def test_sustained_load_benchmark_runs_both_phases(sample_artifacts):
    finished = subprocess.run(
        [sys.executable, "-m", "benchmarks.load", "--artifacts", str(sample_artifacts), "--duration", "1",
         "--connections", "16", "--rounds", "1"],
        cwd=REPO_DIR, capture_output=True, text=True, timeout=300)
    output = finished.stdout
    assert finished.returncode in (0, 1), output + finished.stderr
    rows = [line.split() for line in output.splitlines() if line.startswith(("ours:", "ceiling:"))]
    assert len(rows) == 3 and all(row[-2] == "0" for row in rows), output  # errors column
    assert "recommendation p99, median of 1 rounds" in output


def test_workers_benchmark_measures_one_and_two_workers(sample_artifacts):
    finished = subprocess.run(
        [sys.executable, "-m", "benchmarks.workers", "--artifacts", str(sample_artifacts), "--duration", "1",
         "--connections", "8"],
        cwd=REPO_DIR, capture_output=True, text=True, timeout=300)
    output = finished.stdout
    assert finished.returncode in (0, 1), output + finished.stderr  # targets need a quiet machine
    assert "1 worker(s):" in output and "2 worker(s):" in output, output
    assert output.count("worker 2: RSS") == 2 and "worker 3: RSS" not in output and "parent (supervisor)" in output, output
    assert ", 0 errors" in output, output


def test_metrics_benchmark_measures_every_mode():
    output = run_benchmark("benchmarks.bench_metrics", "--calls", "3000", "--repeats", "1")
    assert all(name in output for name in ("hand-written counters (baseline, before)", "ours, single process",
                                           "ours, multiprocess", "prometheus_client on every request")), output


def test_scale_benchmark_runs_every_stage_and_fits_a_growth_exponent(tmp_path):
    figures, picture = tmp_path / "scale.json", tmp_path / "scale.png"
    output = run_benchmark("benchmarks.scale", "--fractions", "0.005,0.006", "--json", str(figures),
                           "--plot", str(picture))
    result = json.loads(figures.read_text())
    assert [run["fraction"] for run in result["results"]] == [0.005, 0.006]
    for run in result["results"]:
        assert set(run["stages"]) == {"synth", "etl", "train", "evaluate", "serve"}
        assert all(stage["seconds"] > 0 and stage["cpu_seconds"] > 0 and stage["peak_mb"] > 0
                   for stage in run["stages"].values())
        assert run["model_mb"] > 0 and run["ratings"] == round(26_024_289 * run["fraction"])
    assert set(result["growth_exponents"]) == set(result["extrapolated_10x"]) == set(result["results"][0]["stages"])
    assert "fastest-growing stage in time:" in output
    assert picture.read_bytes().startswith(b"\x89PNG")
