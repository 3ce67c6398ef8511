"""ETL at full size: our `movierec etl` against the peers' pandas + ast.literal_eval ETL.

Both run as child processes on the same synthetic full-size files (`movierec synth`), so
wall time and peak resident memory (ru_maxrss of the child) are measured the same way.
Targets: under 60 s and under 2 GB for ours.
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.child import MOVIEREC, PYTHON, measure


NAIVE_ETL = r'''
import ast, sys
import pandas as pd
movies_path, credits_path, out = sys.argv[1:4]
movies = pd.read_csv(movies_path, low_memory=False)
movies["budget"] = pd.to_numeric(movies["budget"], errors="coerce").fillna(0)
movies["revenue"] = pd.to_numeric(movies["revenue"], errors="coerce").fillna(0)
movies = movies.dropna(subset=["release_date"])
movies["release_date"] = pd.to_datetime(movies["release_date"], errors="coerce")
movies["release_year"] = movies["release_date"].dt.year
movies["return"] = (movies["revenue"] / movies["budget"]).where(movies["budget"] > 0, 0)
for column in ["genres", "production_companies", "production_countries", "spoken_languages"]:
    movies[column] = movies[column].fillna("[]").apply(lambda t: ast.literal_eval(t) if t.startswith("[") else [])
movies = movies.drop(columns=["video", "imdb_id", "adult", "original_title", "poster_path", "homepage"])
credits = pd.read_csv(credits_path)
credits["cast"] = credits["cast"].apply(ast.literal_eval)
credits["crew"] = credits["crew"].apply(ast.literal_eval)
cast = credits[["id", "cast"]].explode("cast").dropna()
cast = pd.concat([cast["id"].rename("movie_id").reset_index(drop=True), pd.json_normalize(cast["cast"].tolist())], axis=1)
crew = credits[["id", "crew"]].explode("crew").dropna()
crew = pd.concat([crew["id"].rename("movie_id").reset_index(drop=True), pd.json_normalize(crew["crew"].tolist())], axis=1)
movies.astype({"release_date": str}).to_csv(out + "/movies.csv", index=False)
cast.to_parquet(out + "/cast.parquet"); crew.to_parquet(out + "/crew.parquet")
print(len(movies), len(cast), len(crew))
'''


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synth-dir", type=Path, help="existing `movierec synth` output")
    parser.add_argument("--movies", type=int, default=45466)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        raw = args.synth_dir or tmp / "raw"
        if not args.synth_dir:
            print(f"generating {args.movies} synthetic films …", flush=True)
            subprocess.run([MOVIEREC, "synth", "--movies", str(args.movies), "--ratings", "0", "--out", str(raw)],
                           check=True, capture_output=True)
        movies, credits = raw / "movies_dataset.csv", raw / "credits.csv"
        size = (movies.stat().st_size + credits.stat().st_size) / 1e6
        (tmp / "naive").mkdir()
        naive = measure([PYTHON, "-c", NAIVE_ETL, str(movies), str(credits), str(tmp / "naive")])
        ours = measure([PYTHON, "-c", "from movierec.cli import app; app()",
                        "etl", "--movies", str(movies), "--credits", str(credits),
                        "--out", str(tmp / "ours")])
    print(f"input: {size:.0f} MB raw CSV ({args.movies} films)")
    print(f"{'etl':<28}{'wall s':>10}{'peak RSS MB':>14}")
    print(f"{'naive (pandas + ast)':<28}{naive[0]:>10.1f}{naive[1]:>14.0f}")
    print(f"{'movierec etl':<28}{ours[0]:>10.1f}{ours[1]:>14.0f}")
    print(f"speed-up: {naive[0] / ours[0]:.1f}x")
    ok = ours[0] < 60 and ours[1] < 2048
    print(("PASS" if ok else "FAIL") + ": target under 60 s and 2048 MB")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
