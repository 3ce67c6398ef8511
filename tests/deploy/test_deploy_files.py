"""Docker can't run here, so check that the deployment files agree with the CLI and the app."""

import re

import click
import pytest
import yaml
from typer.main import get_command

from movierec.cli import app
from tests.conftest import REPO_DIR

DOCKERFILE = (REPO_DIR / "Dockerfile").read_text()


def movierec_invocations(text: str) -> list[list[str]]:
    """Every `movierec ...` command in RUN lines and the exec-form CMD."""
    commands = []
    for line in re.findall(r"movierec [a-z]+(?: --\S+(?: [^\s&\\]+)?)*", text.replace("\\\n", " ")):
        commands.append(line.split())
    cmd = re.search(r'^CMD (\[.*\])', text, re.M)
    if cmd:
        commands.append(yaml.safe_load(cmd.group(1)))
    return commands


@pytest.mark.parametrize("argv", movierec_invocations(DOCKERFILE), ids=" ".join)
def test_dockerfile_commands_parse_with_the_cli(argv):
    group = get_command(app)
    assert argv[0] == "movierec"
    command = group.commands[argv[1]]
    context = command.make_context(argv[1], argv[2:], resilient_parsing=False)
    assert isinstance(context, click.Context)


def test_dockerfile_shape():
    assert DOCKERFILE.startswith("#") and "FROM python:3.11-slim" in DOCKERFILE
    assert re.search(r"^USER (?!root)\w+", DOCKERFILE, re.M), "must run as a non-root user"
    assert "HEALTHCHECK" in DOCKERFILE and "/health" in DOCKERFILE
    assert "movierec etl" in DOCKERFILE and "movierec train" in DOCKERFILE
    assert "-c requirements.lock" in DOCKERFILE
    for path in ("pyproject.toml", "requirements.lock", "src", "data"):
        assert (REPO_DIR / path).exists()
    serve = movierec_invocations(DOCKERFILE)[-1]
    assert serve[:2] == ["movierec", "serve"] and "0.0.0.0" in serve


def test_render_blueprint(client):
    blueprint = yaml.safe_load((REPO_DIR / "render.yaml").read_text())
    service = blueprint["services"][0]
    assert service["type"] == "web" and service["plan"] == "free" and service["runtime"] == "docker"
    assert (REPO_DIR / service["dockerfilePath"]).resolve() == (REPO_DIR / "Dockerfile").resolve()
    assert client.get(service["healthCheckPath"]).json() == {"status": "ok"}
    assert "PORT" in {variable["key"] for variable in service["envVars"]}


def test_the_image_builds_the_report_the_page_links_to():
    """/reporte must not be a 404 in a deploy: the image runs `movierec report` at its default path."""
    commands = [" ".join(argv) for argv in movierec_invocations(DOCKERFILE)]
    assert any(command.startswith("movierec report --artifacts /app/artifacts/sample") for command in commands)
    assert "--out" not in next(c for c in commands if c.startswith("movierec report"))  # the path /reporte reads
    ignored = (REPO_DIR / ".dockerignore").read_text().split()
    assert "reports" not in ignored and "reports/" not in ignored


def test_make_serve_builds_the_report_when_it_is_missing(tmp_path):
    import subprocess

    missing = tmp_path / "eda.html"
    planned = subprocess.run(["make", "-n", "serve", f"REPORT={missing}"], cwd=REPO_DIR, capture_output=True,
                             text=True, timeout=60).stdout
    report_line = next(line for line in planned.splitlines() if "movierec report" in line)
    assert f"--out {missing}" in report_line
    assert planned.index("movierec report") < planned.index("movierec serve")
