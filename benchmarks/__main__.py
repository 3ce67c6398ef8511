"""`make bench`: run every benchmark, each with its baseline, and summarise PASS/FAIL."""

import subprocess
import sys
import tempfile
from pathlib import Path

MOVIEREC = str(Path(sys.executable).with_name("movierec"))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        synth = Path(tmp) / "synth"
        print("== movierec synth (full size)", flush=True)
        subprocess.run([MOVIEREC, "synth", "--out", str(synth)], check=True, capture_output=True)
        runs = [
            ["benchmarks.bench_parser"],
            ["benchmarks.bench_etl", "--synth-dir", str(synth)],
            ["benchmarks.bench_model", "--synth-dir", str(synth)],
            ["benchmarks.load_api"],
        ]
        results = {}
        for run in runs:
            if not (Path(__file__).parent / f"{run[0].split('.')[1]}.py").exists():
                continue
            print(f"\n== {run[0]}", flush=True)
            results[run[0]] = subprocess.run([sys.executable, "-m", *run]).returncode
    print("\n== summary")
    for name, code in results.items():
        print(f"{'PASS' if code == 0 else 'FAIL'}  {name}")
    sys.exit(0 if all(code == 0 for code in results.values()) else 1)


if __name__ == "__main__":
    main()
