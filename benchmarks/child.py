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


def run_child(command: list[str]) -> tuple[float, float, int, str, float]:
    """Wall seconds, peak RSS (MB), exit status, the tail of stderr and CPU seconds (user + system,
    which a busy machine does not inflate) of one child process (os.wait4 gives the child's own
    rusage, not that of this process's other children)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        errors.seek(0)
        tail = errors.read().decode(errors="replace")[-2000:]
    return (seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), tail,
            usage.ru_utime + usage.ru_stime)


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process; exits with its stderr if it fails."""
    seconds, peak_mb, status, errors, _ = run_child(command)
    if status != 0:
        sys.exit(f"command failed: {' '.join(command)}\n{errors}")
    return seconds, peak_mb
