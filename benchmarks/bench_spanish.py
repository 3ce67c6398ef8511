"""What writing numbers in Spanish costs: movierec.spanish against Babel's own `es` formatters (the
baseline), per call and inside the hot answers (/get_actor, /get_director built in process).

    python -m benchmarks.bench_spanish [--artifacts artifacts/sample] [--calls 20000]

Both sides produce the same text (tests/code/test_spanish.py); the question is only the time.
"""

import argparse
import os
import random
import statistics
import time
from datetime import date as Date
from pathlib import Path

from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal

from movierec import catalog as catalog_module
from movierec import messages, spanish
from movierec.catalog import Catalog

REPO_DIR = Path(__file__).resolve().parent.parent


def per_call_us(function, values, calls: int) -> float:
    """Median over 5 runs of the mean µs per call."""
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for index in range(calls):
            function(values[index % len(values)])
        runs.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(runs)


def babel_money(value: float) -> str:
    if abs(value) >= 1_000_000:
        return "USD " + format_compact_decimal(value, format_type="long", locale="es", fraction_digits=1)
    return "USD " + format_decimal(value, format="#,##0", locale="es")


BABEL = {  # the same functions written with Babel's formatters, called per use
    "num": lambda value, decimals=0: format_decimal(value, format="#,##0" + ("." + "0" * decimals if decimals else ""),
                                                    locale="es"),
    "money": babel_money,
    "date": lambda value: format_date(Date.fromisoformat(value) if isinstance(value, str) else value,
                                      format="long", locale="es"),
}


def answers_us(catalog: Catalog, names: list[str], method: str, rounds: int = 5) -> float:
    runs = []
    for _ in range(rounds):
        catalog_module.film_texts.cache_clear()  # the first request for each person and film pays its formatting
        catalog._actor_answers.cache_clear()
        catalog._director_answers.cache_clear()
        start = time.perf_counter()
        for name in names:
            getattr(catalog, method)(name)
        runs.append((time.perf_counter() - start) / len(names) * 1e6)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artifacts", type=Path, default=REPO_DIR / "artifacts" / "sample")
    parser.add_argument("--calls", type=int, default=20_000)
    args = parser.parse_args()
    rng = random.Random(5)
    floats = [rng.lognormvariate(10, 4) for _ in range(1000)]
    days = [Date(1900 + rng.randrange(120), 1 + rng.randrange(12), 1 + rng.randrange(28)).isoformat()
            for _ in range(1000)]

    print(f"{'per call (µs, median of 5)':<32}{'movierec.spanish':>18}{'Babel (baseline)':>18}")
    for name, ours, theirs, values in (
        ("num(x, 2)", lambda v: spanish.num(v, 2), lambda v: BABEL["num"](v, 2), floats),
        ("money(x)", spanish.money, BABEL["money"], floats),
        ("date('AAAA-MM-DD')", spanish.date, BABEL["date"], days),
    ):
        print(f"{name:<32}{per_call_us(ours, values, args.calls):>18.2f}{per_call_us(theirs, values, args.calls):>18.2f}")

    catalog = Catalog.load(Path(os.path.realpath(args.artifacts)))
    actors = [catalog.actors.names.display[i] for i in range(0, len(catalog.actors.names.display), 7)][:2000]
    directors = [catalog.directors.names.display[i] for i in range(0, len(catalog.directors.names.display), 3)][:2000]
    print(f"\n{'whole answer in process (µs)':<32}{'movierec.spanish':>18}{'Babel (baseline)':>18}")
    ours = {"actor": answers_us(catalog, actors, "actor"), "director": answers_us(catalog, directors, "director")}
    originals = {name: getattr(spanish, name) for name in BABEL}
    try:  # the same code with Babel behind every number, money amount and date
        for module in (spanish, catalog_module, messages):
            for name, function in BABEL.items():
                if hasattr(module, name):
                    setattr(module, name, function)
        theirs = {"actor": answers_us(catalog, actors, "actor"), "director": answers_us(catalog, directors, "director")}
    finally:
        for module in (spanish, catalog_module, messages):
            for name, function in originals.items():
                if hasattr(module, name):
                    setattr(module, name, function)
    for method in ("actor", "director"):
        print(f"{method + ' (first request)':<32}{ours[method]:>18.1f}{theirs[method]:>18.1f}")
    for method, names in (("actor", actors), ("director", directors)):
        for name in names:  # built once, then kept
            getattr(catalog, method)(name)
        start = time.perf_counter()
        for name in names:
            getattr(catalog, method)(name)
        print(f"{method + ' (answer kept)':<32}{(time.perf_counter() - start) / len(names) * 1e6:>18.1f}")


if __name__ == "__main__":
    main()
