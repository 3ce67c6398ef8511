"""CLI error cases: one Spanish line, non-zero exit, no traceback, nothing partial in --out."""

import gzip

import pytest
from typer.testing import CliRunner

from movierec.cli import app
from movierec.config import SampleFiles
from tests.rawfiles import CREDIT_HEADER, MOVIE_HEADER, TOY_STORY_CREDITS, movie, write_csv

runner = CliRunner()


def run_etl_cli(tmp_path, *args):
    out = tmp_path / "out"
    result = runner.invoke(app, ["etl", "--out", str(out), "--no-ratings", *args])
    return result, out


def assert_clean_failure(result, out, *fragments):
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output
    assert not out.exists()
    assert not [path for path in out.parent.iterdir() if path.name.startswith(".out")]


def test_missing_file(tmp_path):
    result, out = run_etl_cli(tmp_path, "--movies", str(tmp_path / "nope.csv"))
    assert_clean_failure(result, out, "No se encuentra el archivo de películas")


def test_missing_required_columns(tmp_path):
    bad = write_csv(tmp_path / "m.csv", ["id", "title"], [["1", "x"]])
    result, out = run_etl_cli(tmp_path, "--movies", str(bad))
    assert_clean_failure(result, out, "le faltan columnas obligatorias", "release_date")


def test_unreadable_gzip(tmp_path):
    bad = tmp_path / "credits.csv.gz"
    bad.write_bytes(gzip.compress(b"cast,crew,id\n")[:-8] + b"garbage")
    result, out = run_etl_cli(tmp_path, "--credits", str(bad))
    assert_clean_failure(result, out, "No se puede leer el archivo de créditos")


def test_not_utf8(tmp_path):
    bad = tmp_path / "m.csv"
    bad.write_bytes(",".join(MOVIE_HEADER).encode() + b"\n\xff\xfe\n")
    result, out = run_etl_cli(tmp_path, "--movies", str(bad))
    assert_clean_failure(result, out, "No se puede leer")


def test_failure_keeps_previous_artifacts(tmp_path):
    movies = write_csv(tmp_path / "m.csv", MOVIE_HEADER, [movie()])
    credits = write_csv(tmp_path / "c.csv", CREDIT_HEADER, [TOY_STORY_CREDITS])
    ok, out = run_etl_cli(tmp_path, "--movies", str(movies), "--credits", str(credits))
    assert ok.exit_code == 0, ok.output
    before = (out / "manifest.json").read_text()
    result = runner.invoke(app, ["etl", "--out", str(out), "--no-ratings", "--movies", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert (out / "manifest.json").read_text() == before


def test_success_prints_accounting(tmp_path):
    movies = write_csv(tmp_path / "m.csv", MOVIE_HEADER, [movie(), movie()])
    credits = write_csv(tmp_path / "c.csv", CREDIT_HEADER, [TOY_STORY_CREDITS])
    result, out = run_etl_cli(tmp_path, "--movies", str(movies), "--credits", str(credits), "--export-csv")
    assert result.exit_code == 0, result.output
    assert "2 filas leídas, 1 conservadas, 1 en cuarentena" in result.output
    assert (out / "dataset_final.csv").exists()


@pytest.mark.parametrize("path", [SampleFiles.movies, SampleFiles.credits, SampleFiles.ratings, SampleFiles.links])
def test_sample_files_are_bundled(path):
    assert path.is_file()
