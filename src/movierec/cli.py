"""Command line: one command per pipeline stage (etl, synth, serve).

Each command imports what it needs when it runs: `serve` (and the supervisor of its workers)
never loads pandas, pyarrow or scikit-learn, which cost start-up time and resident memory."""

from contextlib import contextmanager
from functools import cache
from pathlib import Path

import typer

from movierec.artifacts import ArtifactsError
from movierec.config import Settings, settings_problems

app = typer.Typer(help="movierec: ETL, modelo y API del catálogo de películas.", no_args_is_help=True,
                  pretty_exceptions_enable=False)


@cache
def console():
    """rich's console on standard error, made on first use: importing rich would cost every
    `serve` start (and its supervisor's memory) for nothing."""
    from rich.console import Console

    return Console(stderr=True)


def read_settings() -> Settings:
    """The settings from the environment, read once; a bad value ends in one Spanish line."""
    from pydantic import ValidationError

    try:
        return Settings()
    except ValidationError as error:
        console().print(f"Error: {settings_problems(error)}", highlight=False)
        raise SystemExit(1) from None


settings = read_settings()


@contextmanager
def progress_stages():
    """A rich progress display; yields a `stage(description, total) -> advance(n)` factory."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console(), transient=False) as progress:
        def stage(description: str, total: int | None):
            task = progress.add_task(description, total=total or 1)
            return lambda n: progress.advance(task, n)
        yield stage


def fail(message: str) -> None:
    console().print(f"[bold red]Error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code=1)


def run_with_progress(task, expected_error: type[Exception] | tuple[type[Exception], ...]):
    """Run `task(stage)` under progress bars; its expected error ends the command in one line."""
    try:
        with progress_stages() as stage:
            return task(stage)
    except expected_error as error:
        fail(str(error))


@app.command()
def etl(
    movies: Path = typer.Option(None, help="movies_dataset.csv(.gz); sin --movies ni --credits, la muestra incluida."),
    credits: Path = typer.Option(None, help="credits.csv(.gz); va junto con --movies."),
    ratings: Path = typer.Option(None, help="ratings_small.csv(.gz); va junto con --links."),
    links: Path = typer.Option(None, help="links_small.csv(.gz); va junto con --ratings."),
    no_ratings: bool = typer.Option(False, "--no-ratings", help="No procesar valoraciones."),
    keywords: Path = typer.Option(None, help="keywords.csv(.gz), opcional; con la muestra, el de la muestra."),
    out: Path = typer.Option(settings.artifacts, help="Directorio de artefactos (nuevo, vacío o de artefactos)."),
    export_csv: bool = typer.Option(False, "--export-csv", help="Escribir también dataset_final.csv."),
) -> None:
    """Limpia los CSV crudos y escribe tablas Parquet, cuarentena y manifest.json."""
    from movierec.etl.pipeline import choose_sources, run_etl
    from movierec.etl.read import EtlError

    try:
        sources = choose_sources(settings.sample_dir, movies, credits, ratings, links, no_ratings, keywords)
    except EtlError as error:
        fail(str(error))
    for name, path in sources.used().items():
        console().print(f"Entrada {name}: {path}", highlight=False)
    if sources.ratings is None:
        console().print("Sin valoraciones (--no-ratings).")
    manifest = run_with_progress(lambda stage: run_etl(sources, out, export_csv=export_csv, stage=stage),
                                 (EtlError, ArtifactsError))
    for name in ("movies", "credits", "ratings", "links", "keywords"):
        if name in manifest:
            entry = manifest[name]
            console().print(f"{name}: {entry['rows_in']} filas leídas, {entry['rows_kept']} conservadas, "
                          f"{entry['rows_quarantined']} en cuarentena {entry['reasons'] or ''}",
                          highlight=False)
    console().print(f"Artefactos en {out}", highlight=False)


@app.command()
def synth(
    movies: int = typer.Option(45466, "--movies", help="Número de películas a generar."),
    ratings: int = typer.Option(26_024_289, "--ratings", help="Número de valoraciones (0: sin ratings.csv ni links.csv)."),
    users: int = typer.Option(270_896, "--users", help="Número de usuarios que valoran."),
    out: Path = typer.Option(..., help="Directorio de salida."),
    seed: int = typer.Option(0, help="Semilla aleatoria."),
) -> None:
    """Genera archivos crudos de tamaño completo (películas, créditos, palabras clave, valoraciones y
    enlaces) remuestreando la muestra real."""
    from movierec.etl.pipeline import sample_sources
    from movierec.etl.read import EtlError
    from movierec.synth import write_synthetic

    try:
        sample_sources(settings.sample_dir)
    except EtlError as error:
        fail(str(error))
    summary = run_with_progress(lambda stage: write_synthetic(
        settings.sample_dir, out, n_movies=movies, n_ratings=ratings, n_users=users, seed=seed, stage=stage),
        ValueError)
    console().print(summary, highlight=False)


@app.command()
def train(
    artifacts: Path = typer.Option(settings.artifacts, help="Directorio de artefactos (salida del ETL)."),
) -> None:
    """Entrena el recomendador sobre el catálogo completo y lo escribe en DIR/model/."""
    from movierec.recommend import ModelError
    from movierec.recommend import train as train_model

    meta = run_with_progress(lambda stage: train_model(artifacts, progress=stage), (ModelError, ArtifactsError))
    console().print(f"Modelo de {meta['films']} películas en {artifacts / 'model'} "
                  f"({meta['train_seconds']} s); ficha en {artifacts / 'model' / 'card.md'}", highlight=False)


@app.command()
def evaluate(
    artifacts: Path = typer.Option(settings.artifacts, help="Directorio de artefactos."),
    out: Path = typer.Option(Path("reports/evaluation.md"), help="Informe Markdown de la evaluación."),
) -> None:
    """Mide la calidad de las recomendaciones con usuarios que el modelo no vio."""
    from movierec.recommend import ModelError
    from movierec.recommend import evaluate as evaluate_model

    run_with_progress(lambda stage: evaluate_model(artifacts, out, progress=stage), (ModelError, ArtifactsError))
    console().print(f"Evaluación escrita en {out}")


@app.command()
def report(
    artifacts: Path = typer.Option(settings.artifacts, help="Directorio de artefactos."),
    out: Path = typer.Option(settings.report, help="Archivo HTML del informe."),
) -> None:
    """Genera el informe EDA: un único HTML autocontenido, en español."""
    from movierec.report import ReportError, build_report

    path = run_with_progress(lambda stage: build_report(artifacts, out, progress=stage), ReportError)
    console().print(f"Informe en {path}")


@app.command()
def serve(
    artifacts: Path = typer.Option(settings.artifacts, help="Directorio de artefactos."),
    host: str = typer.Option(settings.host),
    port: int = typer.Option(settings.port, help="Puerto (por defecto $PORT o 8000)."),
    workers: int = typer.Option(1, "--workers", min=1, max=64,
                                help="Procesos que atienden peticiones; comparten las páginas del modelo."),
) -> None:
    """Sirve la API (construye los artefactos de la muestra si faltan en el directorio por omisión)."""
    import logging
    import os

    from movierec.api import server

    if Path(artifacts).absolute() == settings.artifacts.absolute():
        build_default_artifacts(artifacts)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    with server.run_directory() as run_dir:  # before the app (and prometheus_client) is imported
        served_settings = settings.model_copy(update={"artifacts": artifacts, "host": host, "port": port,
                                                      "run_dir": run_dir})
        try:
            if workers == 1:
                from movierec.api.app import create_app

                application = create_app(served_settings)
            else:  # verified once in a short-lived fork, for a clear error; the workers then load the
                verify_in_fork(artifacts, run_dir)  # version it published, and this supervisor stays small
        except ArtifactsError as error:
            fail(f"No se pueden servir los artefactos: {error}")
        if workers == 1:
            server.run(application, served_settings)
            return
        # the workers build their Settings from the environment, as the parent did
        os.environ.update(MOVIEREC_ARTIFACTS=str(artifacts), MOVIEREC_RUN_DIR=str(run_dir))
        server.run("movierec.api.app:worker_app", served_settings, factory=True, workers=workers)


def verify_in_fork(artifacts: Path, run_dir: Path) -> None:
    """Load `artifacts` as a worker would and publish the version in `run_dir`, in a forked child
    (what loading allocates leaves with it); ArtifactsError with the child's reason."""
    import os

    from movierec.serving import Holder

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        try:
            Holder.start(artifacts, run_dir)
            reason = ""
        except BaseException as error:  # noqa: BLE001 - whatever it is, the parent reports it
            reason = str(error) if isinstance(error, ArtifactsError) else f"{type(error).__name__}: {error}"
        os.write(write, reason.encode()[:60000] or b"")
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        reason = pipe.read().decode()
    _, status = os.waitpid(pid, 0)
    if reason or status != 0:
        raise ArtifactsError(reason or f"la verificación terminó con el estado {status}")


def build_default_artifacts(artifacts: Path) -> None:
    """The sample's artifacts and model, when the default directory lacks them. Only there:
    any other directory is the user's, and serve never writes into it."""
    if not (artifacts / "manifest.json").exists():
        console().print(f"No hay artefactos en {artifacts}: ejecutando el ETL sobre la muestra incluida.")
        etl(movies=None, credits=None, ratings=None, links=None, no_ratings=False, out=artifacts, export_csv=False)
    if not (artifacts / "model" / "manifest.json").exists():
        console().print(f"No hay modelo en {artifacts / 'model'}: entrenando.")
        train(artifacts=artifacts)


if __name__ == "__main__":
    app()
