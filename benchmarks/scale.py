"""The growth curve: synth → etl → train → evaluate → serve at fractions of the full Kaggle scale.

Full scale is The Movies Dataset's: 45,466 films, 26,024,289 ratings by 270,896 users. At each
fraction f every count is scaled by f, `movierec synth` writes the raw files, and each stage
runs as its own child process (wall time, CPU time, peak resident memory); `serve` is timed
from launch to the first 200 of /health, with its resident memory then. The targets of the scale
issue are checked at 1×; the growth exponent of each stage (the slope of log CPU time, which a
busy machine does not inflate, and of log memory against log ratings between the two largest
fractions) says which stage grows fastest and what 10× would cost.

    python -m benchmarks.scale [--fractions 0.25,0.5,1] [--json F] [--plot F.png] [--keep DIR]

Synthetic ratings pair users and films at random (popularity and activity follow the real
sample, co-likes do not), so `evaluate` measures the protocol's cost here, not its quality:
its sanity check is expected to fail on them, and that exit status is reported, not fatal.
"""

import argparse
import json
import math
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.child import MOVIEREC, run_child
from benchmarks.load_api import memory_mb
from benchmarks.workers import Serve

FULL = {"movies": 45_466, "ratings": 26_024_289, "users": 270_896}
STAGES = ("synth", "etl", "train", "evaluate", "serve")
# stage: (seconds, peak MB) at full scale, from the scale issue; synth makes inputs and has none
TARGETS = {"etl": (90, 6000), "train": (600, 10_000), "evaluate": (900, 10_000), "serve": (1.5, 350)}
MODEL_TARGET_MB = 150


def counts(fraction: float) -> dict[str, int]:
    return {name: max(1, round(full * fraction)) for name, full in FULL.items()}


def stage_commands(size: dict[str, int], raw: Path, artifacts: Path, report: Path) -> dict[str, list[str]]:
    """The command line of every stage but serve, as a user runs them."""
    return {
        "synth": [MOVIEREC, "synth", "--out", str(raw), "--movies", str(size["movies"]),
                  "--ratings", str(size["ratings"]), "--users", str(size["users"])],
        "etl": [MOVIEREC, "etl", "--movies", str(raw / "movies_dataset.csv"), "--credits", str(raw / "credits.csv"),
                "--keywords", str(raw / "keywords.csv"), "--ratings", str(raw / "ratings.csv"),
                "--links", str(raw / "links.csv"), "--out", str(artifacts)],
        "train": [MOVIEREC, "train", "--artifacts", str(artifacts)],
        "evaluate": [MOVIEREC, "evaluate", "--artifacts", str(artifacts), "--out", str(report)],
    }


def serve_startup(artifacts: Path) -> tuple[float, float, float]:
    """Seconds from launching `movierec serve` to its first 200 on /health, its RSS (MB) and the
    CPU seconds it had used by then (benchmarks.workers starts and times it)."""
    server = Serve(artifacts, workers=1)
    try:
        return server.first_200_s, memory_mb(server.process.pid)[0], server.first_200_cpu_s
    finally:
        server.stop()


def directory_mb(path: Path) -> float:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file()) / 1e6


def run_fraction(fraction: float, work: Path) -> dict:
    """Every stage at one fraction of full scale: {stage: {seconds, peak_mb, status}} plus sizes."""
    size = counts(fraction)
    raw, artifacts, report = work / "raw", work / "artifacts", work / "evaluation.md"
    result = {"fraction": fraction, **size, "stages": {}}
    for stage, command in stage_commands(size, raw, artifacts, report).items():
        print(f"  {stage} …", end="", flush=True)
        seconds, peak_mb, status, errors, cpu = run_child(command)
        if status != 0 and stage != "evaluate":
            sys.exit(f"\n{stage} failed at {fraction}×:\n{errors}")
        result["stages"][stage] = {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                                   "peak_mb": round(peak_mb), "status": status}
        print(f" {seconds:.1f} s ({cpu:.1f} s CPU), {peak_mb:,.0f} MB" + (f" (exit {status})" if status else ""),
              flush=True)
    seconds, rss_mb, cpu = serve_startup(artifacts)
    result["stages"]["serve"] = {"seconds": round(seconds, 3), "cpu_seconds": round(cpu, 2), "peak_mb": round(rss_mb),
                                 "status": 0}
    print(f"  serve … first 200 after {seconds:.2f} s ({cpu:.2f} s CPU), RSS {rss_mb:,.0f} MB", flush=True)
    result["raw_mb"] = round(directory_mb(raw))
    result["ratings_csv_mb"] = round((raw / "ratings.csv").stat().st_size / 1e6)
    result["model_mb"] = round(directory_mb(artifacts.resolve() / "model"), 1)
    result["artifacts_mb"] = round(directory_mb(artifacts.resolve()))
    return result


FIGURES = ("seconds", "cpu_seconds", "peak_mb")


def growth_exponents(results: list[dict]) -> dict[str, dict[str, float]]:
    """Slope of log(wall s), log(CPU s) and log(peak MB) against log(ratings) between the two
    largest runs; CPU time is the one other processes on the machine do not distort."""
    if len(results) < 2:
        return {}
    small, large = sorted(results, key=lambda result: result["ratings"])[-2:]
    span = math.log(large["ratings"] / small["ratings"])
    return {stage: {key: round(math.log(max(large["stages"][stage][key], 0.01)
                                        / max(small["stages"][stage][key], 0.01)) / span, 2)
                    for key in FIGURES} for stage in STAGES}


def extrapolate(results: list[dict], exponents: dict, factor: float = 10.0) -> dict[str, dict[str, float]]:
    """Each stage at `factor` × the largest run, following its measured exponent (a power law)."""
    largest = max(results, key=lambda result: result["ratings"])
    return {stage: {key: round(largest["stages"][stage][key] * factor ** exponents[stage][key], 1)
                    for key in FIGURES} for stage in exponents}


def print_table(results: list[dict], exponents: dict) -> None:
    print(f"\n{'stage':<10}" + "".join(f"{result['fraction']:>8g}× s{'MB':>9}" for result in results)
          + ("   growth CPU s / MB" if exponents else ""))
    for stage in STAGES:
        cells = "".join(f"{result['stages'][stage]['seconds']:>11.1f}{result['stages'][stage]['peak_mb']:>9,}"
                        for result in results)
        tail = f"   {exponents[stage]['cpu_seconds']:>5} / {exponents[stage]['peak_mb']}" if exponents else ""
        print(f"{stage:<10}{cells}{tail}")
    print(f"{'model MB':<10}" + "".join(f"{result['model_mb']:>20,.1f}" for result in results))


def check_targets(results: list[dict]) -> list[tuple[bool, str]]:
    """The scale issue's targets, on the run at full scale (none if it was not run)."""
    full = [result for result in results if result["fraction"] == 1]
    if not full:
        return []
    stages, checks = full[0]["stages"], []
    for stage, (seconds, peak_mb) in TARGETS.items():
        figures = stages[stage]
        checks.append((figures["seconds"] < seconds and figures["peak_mb"] < peak_mb,
                       f"{stage}: {figures['seconds']:.1f} s < {seconds} s and {figures['peak_mb']:,} MB < {peak_mb:,} MB"))
    checks.append((full[0]["model_mb"] < MODEL_TARGET_MB, f"model files: {full[0]['model_mb']} MB < {MODEL_TARGET_MB} MB"))
    return checks


def plot(results: list[dict], path: Path) -> None:
    """Time and peak memory of each stage against millions of ratings, log-log."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 2, figsize=(10, 4))
    for stage in STAGES:
        measured = [result for result in results if stage in result["stages"]]  # a stage cut short has no point
        for axis, key in zip(axes, ("seconds", "peak_mb")):
            axis.plot([result["ratings"] / 1e6 for result in measured],
                      [result["stages"][stage][key] for result in measured], marker="o", label=stage)
    for axis, label in zip(axes, ("tiempo (s)", "memoria máxima (MB)")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("millones de valoraciones")
        axis.set_ylabel(label)
        axis.grid(True, which="both", alpha=0.3)
    axes[0].legend()
    figure.suptitle("movierec: coste de cada etapa según el tamaño de los datos")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--fractions", default="0.25,0.5,1", help="fractions of full scale, comma-separated")
    parser.add_argument("--json", type=Path, help="write every figure to this JSON file")
    parser.add_argument("--plot", type=Path, help="draw the growth curve to this PNG file")
    parser.add_argument("--keep", type=Path, help="keep each fraction's files under this directory")
    args = parser.parse_args(argv)
    fractions = sorted(float(part) for part in args.fractions.split(","))
    results = []
    with tempfile.TemporaryDirectory(prefix="movierec-scale-") as tmp:
        for fraction in fractions:
            work = (args.keep or Path(tmp)) / f"x{fraction:g}"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            print(f"== {fraction:g}× full scale: {counts(fraction)}", flush=True)
            results.append(run_fraction(fraction, work))
            if args.json:  # after every fraction, so an interrupted run keeps what it measured
                args.json.write_text(json.dumps({"results": results}, indent=2) + "\n")
            if not args.keep:
                shutil.rmtree(work)
    exponents = growth_exponents(results)
    print_table(results, exponents)
    figures = {"results": results, "growth_exponents": exponents,
               "extrapolated_10x": extrapolate(results, exponents) if exponents else {}}
    if exponents:
        fastest = max(STAGES[1:], key=lambda stage: exponents[stage]["cpu_seconds"])
        print(f"\nfastest-growing stage in time: {fastest} (CPU time exponent {exponents[fastest]['cpu_seconds']})")
        print("10× the largest run, following each exponent:", json.dumps(figures["extrapolated_10x"]))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    if args.plot:
        plot(results, args.plot)
    checks = check_targets(results)
    for ok, line in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {line}")
    return 0 if all(ok for ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
