"""`make bench`: every benchmark with its baseline, on the sample and at full size; PASS/FAIL summary.

Full size = `movierec synth` (45,466 films with credits) → etl → train, built once here.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.child import MOVIEREC, SAMPLE_RATINGS


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        synth, full = Path(tmp) / "synth", Path(tmp) / "full"
        print("== building the full-size synthetic catalog (synth → etl → train)", flush=True)
        subprocess.run([MOVIEREC, "synth", "--ratings", "0", "--out", str(synth)], check=True, capture_output=True)
        subprocess.run([MOVIEREC, "etl", "--movies", str(synth / "movies_dataset.csv"),
                        "--credits", str(synth / "credits.csv"), *SAMPLE_RATINGS, "--out", str(full)], check=True, capture_output=True)
        subprocess.run([MOVIEREC, "train", "--artifacts", str(full)], check=True, capture_output=True)
        runs = {
            "parser (literal_eval vs ours)": ["benchmarks.bench_parser"],
            "Spanish formatting (Babel's formatters vs movierec.spanish)": ["benchmarks.bench_spanish"],
            "etl at full size (naive vs ours)": ["benchmarks.bench_etl", "--synth-dir", str(synth)],
            "model at full size (dense vs ours)": ["benchmarks.bench_model", "--artifacts", str(full)],
            "api load on the sample (naive, ceiling, ours)": ["benchmarks.load_api"],
            "serving at full size (start-up, memory)": ["benchmarks.load_api", "--artifacts", str(full),
                                                         "--servers", "ours,naive"],
            "sustained load and recommendation p99 at full size": ["benchmarks.load", "--artifacts", str(full)],
            "start-up verification at full size (unverified vs verified load)": ["benchmarks.bench_verify",
                                                                                 "--artifacts", str(full)],
        }
        results = {}
        for name, run in runs.items():
            print(f"\n== {name}: python -m {' '.join(run)}", flush=True)
            results[name] = subprocess.run([sys.executable, "-m", *run]).returncode
    print("\n== summary")
    for name, code in results.items():
        print(f"{'PASS' if code == 0 else 'FAIL'}  {name}")
    sys.exit(0 if all(code == 0 for code in results.values()) else 1)


if __name__ == "__main__":
    main()
