"""The benchmarks that need no load generator run end to end on small inputs.

They are not timed here (`make bench` measures); these runs only catch a benchmark that no
longer runs, as a refactor once did to bench_model.
"""

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


def test_etl_benchmark_runs_both_etls():
    output = run_benchmark("benchmarks.bench_etl", "--movies", "300")
    assert "naive (pandas + ast)" in output and "movierec etl" in output and "PASS" in output


def test_parser_benchmark_finds_identical_results():
    finished = subprocess.run([sys.executable, "-m", "benchmarks.bench_parser"], cwd=REPO_DIR,
                              capture_output=True, text=True, timeout=300)
    # the speed-up target is for `make bench` on a quiet machine; identical results always hold
    assert "results identical: True" in finished.stdout, finished.stdout + finished.stderr
