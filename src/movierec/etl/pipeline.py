"""The ETL run: read raw files, clean them, write artifacts atomically with a manifest.

Outputs go to a temporary sibling directory that replaces `out_dir` only when everything
was written, so a failed run never leaves a partial artifacts directory behind.
"""

import json
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from movierec import __version__
from movierec.config import SampleFiles
from movierec.etl.credits import CREDIT_COLUMNS, clean_credits
from movierec.etl.movies import MOVIE_COLUMNS, clean_movies
from movierec.etl.ratings import LINK_COLUMNS, RATING_COLUMNS, RatingsResult, clean_ratings
from movierec.etl.quarantine import count_reasons
from movierec.etl.read import EtlError, RawTable, read_columns, read_raw, sha256_of
from movierec.progress import Stage, silent_stage

FORMAT_VERSION = 2  # 2: title_key and name_key columns, which the server matches on

@dataclass
class RawSources:
    """Raw input files; ratings and links are optional but go together."""

    movies: Path = SampleFiles.movies
    credits: Path = SampleFiles.credits
    ratings: Path | None = SampleFiles.ratings
    links: Path | None = SampleFiles.links


def run_etl(sources: RawSources, out_dir: Path, export_csv: bool = False,
            stage: Stage = silent_stage) -> dict:
    """Build the curated artifacts in `out_dir`; returns the manifest. Raises EtlError."""
    if (sources.ratings is None) != (sources.links is None):
        raise EtlError("Las valoraciones necesitan su archivo de enlaces (--ratings y --links van juntos).")
    out_dir = Path(out_dir)

    advance = stage("Leyendo películas", None)
    raw_movies = read_raw("películas", sources.movies, MOVIE_COLUMNS)
    advance(1)
    advance = stage("Limpiando películas", None)
    movies = clean_movies(raw_movies.frame)
    advance(1)
    movie_ids = set(movies.movies["id"].tolist())

    advance = stage("Leyendo créditos", None)
    raw_credits = read_raw("créditos", sources.credits, CREDIT_COLUMNS)
    advance(1)
    credits = clean_credits(
        raw_credits.frame, movie_ids, progress=stage("Desanidando reparto y equipo", len(raw_credits.frame))
    )

    tables = {"movies": movies.movies, **movies.nested, "cast": credits.cast, "crew": credits.crew}
    accounting = {
        "movies": _account(raw_movies, len(movies.movies), movies.quarantine),
        "credits": _account(raw_credits, credits.rows_kept, credits.quarantine),
    }
    quarantine = {"movies": raw_movies.malformed + movies.quarantine,
                  "credits": raw_credits.malformed + credits.quarantine}
    inputs = {"movies": sources.movies, "credits": sources.credits}

    if sources.ratings is not None:
        advance = stage("Valoraciones", None)
        raw_links = read_raw("enlaces", sources.links, LINK_COLUMNS)
        # the raw ratings are only referenced inside clean_ratings, which frees them half way
        ratings = clean_ratings(read_columns("valoraciones", sources.ratings, RATING_COLUMNS), raw_links.frame,
                                movie_ids)
        advance(1)
        tables["ratings"] = ratings.ratings
        accounting["ratings"] = _account(ratings, len(ratings.ratings), ratings.quarantine)
        accounting["links"] = _account(raw_links, ratings.links_kept, ratings.links_quarantine)
        quarantine["ratings"] = ratings.malformed + ratings.quarantine
        quarantine["links"] = raw_links.malformed + ratings.links_quarantine
        inputs.update(ratings=sources.ratings, links=sources.links)

    advance = stage("Escribiendo artefactos", len(tables))
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        outputs = {}
        for name, frame in tables.items():
            path = work / f"{name}.parquet"
            frame.to_parquet(path, index=False)
            outputs[path.name] = {"rows": len(frame), "sha256": sha256_of(path)}
            advance(1)
        (work / "quarantine").mkdir()
        for name, entries in quarantine.items():
            path = work / "quarantine" / f"{name}.jsonl"
            with open(path, "w", encoding="utf-8") as handle:
                for entry in sorted(entries, key=lambda entry: entry["source_row"]):
                    handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            outputs[f"quarantine/{path.name}"] = {"rows": len(entries), "sha256": sha256_of(path)}
        if export_csv:
            path = work / "dataset_final.csv"
            movies.movies.to_csv(path, index=False)
            outputs[path.name] = {"rows": len(movies.movies), "sha256": sha256_of(path)}
        manifest = {
            "format_version": FORMAT_VERSION,
            "code_version": __version__,
            "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            **accounting,
            "inputs": {name: {"path": str(path), "sha256": sha256_of(Path(path))}
                       for name, path in inputs.items()},
            "outputs": outputs,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        _replace_dir(work, out_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return manifest


def _account(raw: RawTable | RatingsResult, rows_kept: int, quarantine: list[dict]) -> dict:
    """Row accounting of one input file: rows in = rows kept + rows quarantined."""
    entries = raw.malformed + quarantine
    reasons = count_reasons(entries)
    return {"rows_in": raw.rows_in, "rows_kept": rows_kept, "rows_quarantined": len(entries),
            "reasons": dict(sorted(reasons.items()))}


def _replace_dir(new: Path, target: Path) -> None:
    """Put `new` in place of `target` with renames, so readers see the old or the new dir."""
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        new.rename(target)


def load_manifest(artifacts: Path) -> dict:
    return json.loads((Path(artifacts) / "manifest.json").read_text())


def read_table(artifacts: Path, name: str, columns: list[str] | None = None, arrow: bool = False) -> pd.DataFrame:
    """A curated table; `arrow=True` keeps strings in Arrow buffers instead of Python objects."""
    options = {"dtype_backend": "pyarrow"} if arrow else {}
    return pd.read_parquet(Path(artifacts) / f"{name}.parquet", columns=columns, **options)
