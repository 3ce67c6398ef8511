"""Measuring a child process: wall time and its own peak resident memory."""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
MOVIEREC = str(Path(PYTHON).with_name("movierec"))
SAMPLE_DIR = Path(__file__).resolve().parents[1] / "data" / "sample"
# synthetic films keep the sample's ids, so the sample's ratings apply; named explicitly (etl mixes nothing)
SAMPLE_RATINGS = ["--ratings", str(SAMPLE_DIR / "ratings_small.csv.gz"), "--links", str(SAMPLE_DIR / "links_small.csv")]


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process (os.wait4 gives its own rusage)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if status != 0:
            errors.seek(0)
            sys.exit(f"command failed: {' '.join(command)}\n{errors.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024
