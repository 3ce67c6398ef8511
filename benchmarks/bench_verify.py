"""What verifying the artifacts adds to start-up.

    python -m benchmarks.bench_verify --artifacts DIR [--rounds 3]

Baseline: loading the same catalog and model without hashing anything (manifest read, the
catalog index and the model's arrays mapped). Ours: `Served.load`, which hashes every file both manifests list and checks
tables and model before loading. Both alternate in one process, after one warm-up of each so
the page cache holds the files in both cases; the figure is the median difference.
"""

import argparse
import statistics
import time
from pathlib import Path

import numpy as np

from movierec.artifacts import CATALOG_DIR, MODEL_DIR, read_manifest, resolve_dir, verify_artifacts, verify_model_files
from movierec.catalog import Catalog
from movierec.recommend import RecommenderModel
from movierec.serving import Served


def unverified(directory: Path) -> None:
    """Start-up without verification: read the manifest, map the catalog index, load the model."""
    arrays = {path.name[:-4]: np.load(path, mmap_mode="r") for path in (directory / CATALOG_DIR).glob("*.npy")}
    Catalog(arrays, read_manifest(directory))
    RecommenderModel.load(directory / MODEL_DIR)


def hashing_only(directory: Path) -> None:
    verify_artifacts(directory)
    verify_model_files(directory / MODEL_DIR)


def seconds(task, directory: Path) -> float:
    start = time.perf_counter()
    task(directory)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--artifacts", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    directory = resolve_dir(args.artifacts)
    manifest = read_manifest(directory)
    listed = [directory / name for name in manifest["outputs"]] + list((directory / MODEL_DIR).iterdir())
    size_mb = sum(path.stat().st_size for path in listed) / 1e6
    tasks = {"load without verifying (baseline)": unverified, "verification alone": hashing_only,
             "Served.load (verify + load)": Served.load}
    for task in tasks.values():  # warm-up: imports and page cache
        task(directory)
    times = {name: [] for name in tasks}
    for _ in range(args.rounds):
        for name, task in tasks.items():
            times[name].append(seconds(task, directory))
    print(f"artifacts: {manifest['movies']['rows_kept']} films, {size_mb:.0f} MB listed in the manifests")
    print(f"{'start-up step':<38}{'median s':>10}{'min s':>9}{'max s':>9}")
    for name, values in times.items():
        print(f"{name:<38}{statistics.median(values):>10.3f}{min(values):>9.3f}{max(values):>9.3f}")
    added = statistics.median(times["Served.load (verify + load)"]) - statistics.median(
        times["load without verifying (baseline)"])
    print(f"verification adds {added:.3f} s to start-up (median of {args.rounds} rounds)")


if __name__ == "__main__":
    main()
