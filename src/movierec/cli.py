"""Command line: one command per pipeline stage (etl, synth, serve)."""

from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from movierec.config import SampleFiles, Settings
from movierec.etl.read import EtlError

app = typer.Typer(help="movierec: ETL, modelo y API del catálogo de películas.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
console = Console(stderr=True)


@contextmanager
def progress_stages():
    """A rich progress display; yields a `stage(description, total) -> advance(n)` factory."""
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=False) as progress:
        def stage(description: str, total: int | None):
            task = progress.add_task(description, total=total or 1)
            return lambda n: progress.advance(task, n)
        yield stage


def fail(message: str) -> None:
    console.print(f"[bold red]Error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code=1)


def run_with_progress(task, expected_error: type[Exception]):
    """Run `task(stage)` under progress bars; its expected error ends the command in one line."""
    try:
        with progress_stages() as stage:
            return task(stage)
    except expected_error as error:
        fail(str(error))


@app.command()
def etl(
    movies: Path = typer.Option(SampleFiles.movies, help="movies_dataset.csv(.gz)"),
    credits: Path = typer.Option(SampleFiles.credits, help="credits.csv(.gz)"),
    ratings: Path = typer.Option(SampleFiles.ratings, help="ratings_small.csv(.gz)"),
    links: Path = typer.Option(SampleFiles.links, help="links_small.csv(.gz)"),
    no_ratings: bool = typer.Option(False, "--no-ratings", help="No procesar valoraciones."),
    out: Path = typer.Option(Settings().artifacts, help="Directorio de artefactos."),
    export_csv: bool = typer.Option(False, "--export-csv", help="Escribir también dataset_final.csv."),
) -> None:
    """Limpia los CSV crudos y escribe tablas Parquet, cuarentena y manifest.json."""
    from movierec.etl.pipeline import RawSources, run_etl

    sources = RawSources(movies, credits, None if no_ratings else ratings, None if no_ratings else links)
    manifest = run_with_progress(lambda stage: run_etl(sources, out, export_csv=export_csv, stage=stage), EtlError)
    for name in ("movies", "credits", "ratings", "links"):
        if name in manifest:
            entry = manifest[name]
            console.print(f"{name}: {entry['rows_in']} filas leídas, {entry['rows_kept']} conservadas, "
                          f"{entry['rows_quarantined']} en cuarentena {entry['reasons'] or ''}",
                          highlight=False)
    console.print(f"Artefactos en {out}")


@app.command()
def synth(
    movies: int = typer.Option(45466, "--movies", help="Número de películas a generar."),
    out: Path = typer.Option(..., help="Directorio de salida."),
    seed: int = typer.Option(0, help="Semilla aleatoria."),
) -> None:
    """Genera archivos crudos de tamaño completo remuestreando la muestra real."""
    from movierec.config import SAMPLE_DIR
    from movierec.synth import write_synthetic

    with progress_stages() as stage:
        advance = stage("Generando películas", movies)
        done = [0]

        def report(rows: int) -> None:
            advance(rows - done[0])
            done[0] = rows

        summary = write_synthetic(SAMPLE_DIR, out, n_movies=movies, seed=seed, progress=report)
    console.print(summary, highlight=False)


@app.command()
def train(
    artifacts: Path = typer.Option(Settings().artifacts, help="Directorio de artefactos (salida del ETL)."),
) -> None:
    """Entrena el recomendador sobre el catálogo completo y lo escribe en DIR/model/."""
    from movierec.recommend import ModelError
    from movierec.recommend import train as train_model

    meta = run_with_progress(lambda stage: train_model(artifacts, progress=stage), ModelError)
    console.print(f"Modelo de {meta['films']} películas en {artifacts / 'model'} "
                  f"({meta['train_seconds']} s); ficha en {artifacts / 'model' / 'card.md'}", highlight=False)


@app.command()
def evaluate(
    artifacts: Path = typer.Option(Settings().artifacts, help="Directorio de artefactos."),
    out: Path = typer.Option(Path("reports/evaluation.md"), help="Informe Markdown de la evaluación."),
) -> None:
    """Mide la calidad de las recomendaciones con usuarios que el modelo no vio."""
    from movierec.recommend import ModelError
    from movierec.recommend import evaluate as evaluate_model

    run_with_progress(lambda stage: evaluate_model(artifacts, out, progress=stage), ModelError)
    console.print(f"Evaluación escrita en {out}")


@app.command()
def report(
    artifacts: Path = typer.Option(Settings().artifacts, help="Directorio de artefactos."),
    out: Path = typer.Option(Settings().report, help="Archivo HTML del informe."),
) -> None:
    """Genera el informe EDA: un único HTML autocontenido, en español."""
    from movierec.report import ReportError, build_report

    path = run_with_progress(lambda stage: build_report(artifacts, out, progress=stage), ReportError)
    console.print(f"Informe en {path}")


@app.command()
def serve(
    artifacts: Path = typer.Option(Settings().artifacts, help="Directorio de artefactos."),
    host: str = typer.Option(Settings().host),
    port: int = typer.Option(None, help="Puerto (por defecto $PORT o 8000)."),
) -> None:
    """Sirve la API (construye los artefactos de la muestra si faltan)."""
    import logging
    import os

    from movierec.api import server
    from movierec.api.app import create_app
    from movierec.catalog import CatalogError
    from movierec.config import SettingsError, load_http_settings

    if not (artifacts / "manifest.json").exists():
        console.print(f"No hay artefactos en {artifacts}: ejecutando el ETL sobre la muestra incluida.")
        etl(movies=SampleFiles.movies, credits=SampleFiles.credits, ratings=SampleFiles.ratings,
            links=SampleFiles.links, no_ratings=False, out=artifacts, export_csv=False)
    if not (artifacts / "model").exists():
        console.print(f"No hay modelo en {artifacts / 'model'}: entrenando.")
        train(artifacts=artifacts)
    port = port or int(os.environ.get("PORT", Settings().port))
    try:
        http = load_http_settings().checked()
        application = create_app(artifacts, http)
    except (CatalogError, SettingsError) as error:
        fail(str(error))
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    server.run(application, host=host, port=port, http=http)


if __name__ == "__main__":
    app()
