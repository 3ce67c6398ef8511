"""The ETL run: read raw files, clean them, publish artifacts with a manifest.

Writing goes through `artifacts.publish`: a failed run leaves the previous artifacts as
they were, and the target is never missing or partial.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from movierec.artifacts import new_manifest, output_entry, publish, sha256_of, write_manifest, write_table
from movierec.etl.credits import CREDIT_COLUMNS, clean_credits
from movierec.etl.index import write_catalog_index
from movierec.etl.keywords import KEYWORD_COLUMNS, clean_keywords
from movierec.etl.movies import MOVIE_COLUMNS, clean_movies
from movierec.etl.quarantine import count_reasons
from movierec.etl.ratings import LINK_COLUMNS, RATING_COLUMNS, RatingsResult, clean_ratings
from movierec.etl.read import EtlError, RawTable, read_columns, read_raw
from movierec.progress import Stage, silent_stage

# the bundled sample's files (data/sample, see its PROVENANCE.md)
SAMPLE_FILES = {"movies": "movies_dataset.csv.gz", "credits": "credits.csv.gz",
                "ratings": "ratings_small.csv.gz", "links": "links_small.csv", "keywords": "keywords.csv.gz"}


@dataclass
class RawSources:
    """Raw input files; ratings and links are optional but go together; keywords are optional."""

    movies: Path
    credits: Path
    ratings: Path | None = None
    links: Path | None = None
    keywords: Path | None = None

    def used(self) -> dict[str, Path]:
        """Every input this run reads, by name."""
        return {name: path for name, path in vars(self).items() if path is not None}


def sample_sources(sample_dir: Path, with_ratings: bool = True) -> RawSources:
    """The bundled sample's files; EtlError (Spanish) when the sample is not there."""
    sample_dir = Path(sample_dir)
    files = {name: sample_dir / file for name, file in SAMPLE_FILES.items()}
    missing = [str(path) for path in files.values() if not path.is_file()]
    if missing:
        raise EtlError(f"No se encuentra la muestra incluida en {sample_dir.resolve()} (faltan {', '.join(missing)}): "
                       "ejecute el comando desde el directorio del proyecto, indique la carpeta con "
                       "MOVIEREC_SAMPLE_DIR o pase --movies y --credits.")
    if not with_ratings:
        files.update(ratings=None, links=None)
    return RawSources(**files)


def choose_sources(sample_dir: Path, movies: Path | None = None, credits: Path | None = None,
                   ratings: Path | None = None, links: Path | None = None, no_ratings: bool = False,
                   keywords: Path | None = None) -> RawSources:
    """The inputs of a run, never mixing datasets silently: the sample's ratings, links and
    keywords only come with the sample's movies and credits; other data names its ratings and
    links, or says --no-ratings, and names its keywords if it has them."""
    if (ratings is None) != (links is None):
        raise EtlError("Las valoraciones necesitan su archivo de enlaces: --ratings y --links van juntos.")
    if no_ratings and ratings is not None:
        raise EtlError("--no-ratings no va con --ratings ni --links.")
    if movies is None and credits is None:
        sample = sample_sources(sample_dir, with_ratings=not no_ratings)
        return RawSources(sample.movies, sample.credits, ratings or sample.ratings, links or sample.links,
                          keywords or sample.keywords)
    if movies is None or credits is None:
        raise EtlError("Con datos propios, --movies y --credits van juntos (sin ninguno de los dos se usa la muestra).")
    if ratings is None and not no_ratings:
        raise EtlError("Con --movies y --credits propios, indique también --ratings y --links, o --no-ratings: "
                       "las valoraciones de la muestra no se mezclan con otros datos.")
    return RawSources(movies, credits, ratings, links, keywords)


def run_etl(sources: RawSources, out_dir: Path, export_csv: bool = False,
            stage: Stage = silent_stage) -> dict:
    """Build the curated artifacts and publish them as `out_dir`; returns the manifest.

    Raises EtlError for bad inputs and ArtifactsError when `out_dir` may not be written.
    """
    if (sources.ratings is None) != (sources.links is None):
        raise EtlError("Las valoraciones necesitan su archivo de enlaces (--ratings y --links van juntos).")
    with publish(Path(out_dir), list(sources.used().values())) as work:
        return _build(sources, work, export_csv, stage)


def _build(sources: RawSources, work: Path, export_csv: bool, stage: Stage) -> dict:
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

    tables = {"movies": movies.movies, **movies.nested, "extras": movies.extras, "cast": credits.cast, "crew": credits.crew}
    accounting = {
        "movies": _account(raw_movies, len(movies.movies), movies.quarantine),
        "credits": _account(raw_credits, credits.rows_kept, credits.quarantine),
    }
    quarantine = {"movies": raw_movies.malformed + movies.quarantine,
                  "credits": raw_credits.malformed + credits.quarantine}

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

    if sources.keywords is not None:
        advance = stage("Palabras clave", None)
        raw_keywords = read_raw("palabras clave", sources.keywords, KEYWORD_COLUMNS)
        keywords = clean_keywords(raw_keywords.frame, movie_ids)
        advance(1)
        tables["keywords"] = keywords.keywords
        accounting["keywords"] = _account(raw_keywords, keywords.rows_kept, keywords.quarantine)
        quarantine["keywords"] = raw_keywords.malformed + keywords.quarantine

    advance = stage("Escribiendo artefactos", len(tables))
    outputs = {}
    for name, frame in tables.items():
        path = work / f"{name}.parquet"
        write_table(frame, path, name)
        outputs[path.name] = output_entry(path, len(frame))
        advance(1)
    (work / "quarantine").mkdir()
    for name, entries in quarantine.items():
        path = work / "quarantine" / f"{name}.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            for entry in sorted(entries, key=lambda entry: entry["source_row"]):
                handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        outputs[f"quarantine/{path.name}"] = output_entry(path, len(entries))
    advance = stage("Índice del catálogo", None)
    index_outputs, catalog_index = write_catalog_index(work, outputs)
    outputs |= index_outputs
    advance(1)
    if export_csv:
        path = work / "dataset_final.csv"
        movies.movies.to_csv(path, index=False)
        outputs[path.name] = output_entry(path, len(movies.movies))
    manifest = new_manifest(
        **accounting,
        inputs={name: {"path": str(Path(path).resolve()), "sha256": sha256_of(Path(path))}
                for name, path in sources.used().items()},
        outputs=outputs,
        catalog_index=catalog_index,
    )
    write_manifest(work, manifest)
    return manifest


def _account(raw: RawTable | RatingsResult, rows_kept: int, quarantine: list[dict]) -> dict:
    """Row accounting of one input file: rows in = rows kept + rows quarantined."""
    entries = raw.malformed + quarantine
    reasons = count_reasons(entries)
    return {"rows_in": raw.rows_in, "rows_kept": rows_kept, "rows_quarantined": len(entries),
            "reasons": dict(sorted(reasons.items()))}
