"""CLI error cases: one Spanish line, non-zero exit, no traceback, nothing partial in --out;
inputs explicit; never a write into a directory the ETL did not make."""

import gzip
import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from movierec.cli import app
from tests.conftest import REPO_DIR, SAMPLE
from tests.rawfiles import CREDIT_HEADER, MOVIE_HEADER, TOY_STORY_CREDITS, movie, write_csv

runner = CliRunner()


def run_etl_cli(tmp_path, *args):
    """`etl --no-ratings` into tmp_path/out; the sample's movies or credits fill whichever
    of the two `args` does not name."""
    out = tmp_path / "out"
    defaults = {flag: str(path) for flag, path in (("--movies", SAMPLE.movies), ("--credits", SAMPLE.credits))
                if flag not in args}
    extra = [part for pair in defaults.items() for part in pair] if len(defaults) == 1 else []
    result = runner.invoke(app, ["etl", "--out", str(out), "--no-ratings", *args, *extra])
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
    result, _ = run_etl_cli(tmp_path, "--movies", str(tmp_path / "x"))
    assert result.exit_code == 1
    assert (out / "manifest.json").read_text() == before


def test_success_prints_accounting(tmp_path):
    movies = write_csv(tmp_path / "m.csv", MOVIE_HEADER, [movie(), movie()])
    credits = write_csv(tmp_path / "c.csv", CREDIT_HEADER, [TOY_STORY_CREDITS])
    result, out = run_etl_cli(tmp_path, "--movies", str(movies), "--credits", str(credits), "--export-csv")
    assert result.exit_code == 0, result.output
    assert "2 filas leídas, 1 conservadas, 1 en cuarentena" in result.output
    assert (out / "dataset_final.csv").exists()


@pytest.mark.parametrize("path", SAMPLE.used().values())
def test_sample_files_are_bundled(path):
    assert path.is_file()


def own_files(tmp_path):
    movies = write_csv(tmp_path / "m.csv", MOVIE_HEADER, [movie()])
    credits = write_csv(tmp_path / "c.csv", CREDIT_HEADER, [TOY_STORY_CREDITS])
    return ["--movies", str(movies), "--credits", str(credits)]


def test_out_holding_a_users_file_is_left_untouched(tmp_path):
    out = tmp_path / "x"
    (out / "sub").mkdir(parents=True)
    (out / "notes.txt").write_text("precious")
    result = runner.invoke(app, ["etl", "--out", str(out), "--no-ratings", *own_files(tmp_path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "no está vacío y no es un directorio de artefactos" in result.output
    assert (out / "notes.txt").read_text() == "precious" and (out / "sub").is_dir()
    assert sorted(path.name for path in out.iterdir()) == ["notes.txt", "sub"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["c.csv", "m.csv", "x"]


def test_out_containing_the_inputs_is_refused(tmp_path):
    args = own_files(tmp_path)
    result = runner.invoke(app, ["etl", "--out", str(tmp_path), "--no-ratings", *args])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "el ETL nunca escribe sobre sus entradas" in result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["c.csv", "m.csv"]


def test_own_movies_without_ratings_choice_are_refused(tmp_path):
    result = runner.invoke(app, ["etl", "--out", str(tmp_path / "out"), *own_files(tmp_path)])
    assert result.exit_code == 1
    assert "--ratings y --links, o --no-ratings" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args", [["--ratings", "r.csv"], ["--links", "l.csv"], ["--movies", "m.csv"],
                                  ["--no-ratings", "--ratings", "r.csv", "--links", "l.csv"]])
def test_inputs_that_go_together(tmp_path, args):
    result = runner.invoke(app, ["etl", "--out", str(tmp_path / "out"), *args])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "van juntos" in result.output or "no va con" in result.output


def test_every_input_is_printed_and_recorded(tmp_path):
    args = own_files(tmp_path)
    result, out = run_etl_cli(tmp_path, *args)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["inputs"]) == {"movies", "credits"}
    for name in ("movies", "credits"):
        assert manifest["inputs"][name]["path"] == str((tmp_path / f"{name[0]}.csv").resolve())
        assert f"Entrada {name}:" in result.output
    assert "Sin valoraciones" in result.output


def test_rerun_replaces_through_a_link_and_cleans_up(tmp_path):
    args = own_files(tmp_path)
    first, out = run_etl_cli(tmp_path, *args)
    assert first.exit_code == 0, first.output
    old = out.resolve()
    stale = tmp_path / ".out.tmp-deadbeef"  # what a killed run leaves behind
    (stale / "quarantine").mkdir(parents=True)
    second, _ = run_etl_cli(tmp_path, *args)
    assert second.exit_code == 0, second.output
    assert out.is_symlink() and out.resolve() != old and (out / "manifest.json").is_file()
    assert not old.exists() and not stale.exists()
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".out")) == [out.resolve().name]


def test_old_version_holding_a_users_file_is_kept(tmp_path):
    args = own_files(tmp_path)
    first, out = run_etl_cli(tmp_path, *args)
    old = out.resolve()
    (out / "mine.txt").write_text("keep me")
    second, _ = run_etl_cli(tmp_path, *args)
    assert second.exit_code == 0, second.output
    assert (old / "mine.txt").read_text() == "keep me"


def test_a_link_to_artifacts_elsewhere_is_replaced_and_its_target_kept(tmp_path):
    args = own_files(tmp_path)
    first, out = run_etl_cli(tmp_path, *args)
    elsewhere = tmp_path / "elsewhere"
    os.rename(out.resolve(), elsewhere)
    out.unlink()
    out.symlink_to(elsewhere)
    result, _ = run_etl_cli(tmp_path, *args)
    assert result.exit_code == 0, result.output
    assert (elsewhere / "manifest.json").is_file() and out.resolve() != elsewhere


def test_a_directory_of_the_old_layout_is_replaced_keeping_its_files(tmp_path):
    args = own_files(tmp_path)
    first, out = run_etl_cli(tmp_path, *args)
    legacy = tmp_path / "legacy"
    os.rename(out.resolve(), legacy)
    out.unlink()
    legacy.rename(out)  # a real artifacts directory, as earlier versions wrote
    result, _ = run_etl_cli(tmp_path, *args)
    assert result.exit_code == 0, result.output
    assert out.is_symlink() and (out / "manifest.json").is_file()


def test_concurrent_runs_on_one_out_are_serialised(tmp_path):
    args = own_files(tmp_path)
    out = tmp_path / "out"
    command = [str(REPO_DIR / ".venv" / "bin" / "movierec"), "etl", "--out", str(out), "--no-ratings", *args]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(3)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], outputs
    versions = [path for path in tmp_path.iterdir() if path.name.startswith(".out.")]
    assert versions == [out.resolve()]
    assert json.loads((out / "manifest.json").read_text())["movies"]["rows_kept"] == 1


def test_default_sample_missing_from_the_working_directory(tmp_path):
    env = {**os.environ, "MOVIEREC_SAMPLE_DIR": ""}
    env.pop("MOVIEREC_SAMPLE_DIR")
    result = subprocess.run([sys.executable, "-m", "movierec.cli", "etl", "--out", str(tmp_path / "out")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "No se encuentra la muestra incluida" in result.stderr and "MOVIEREC_SAMPLE_DIR" in result.stderr


def test_serve_builds_nothing_outside_the_default_directory(tmp_path):
    users = tmp_path / "mine"
    users.mkdir()
    (users / "notes.txt").write_text("precious")
    result = runner.invoke(app, ["serve", "--artifacts", str(users), "--port", "1"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "No se pueden servir los artefactos" in result.output and "movierec etl" in result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["mine"]
    assert [path.name for path in users.iterdir()] == ["notes.txt"]
