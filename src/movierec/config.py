"""The service's settings, read once from the environment (MOVIEREC_*) and handed around.

Relative paths are relative to the working directory, never to where the package is
installed: the bundled sample lives in the project (data/sample), not in site-packages.
"""

from pathlib import Path

from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent  # the package's own files (web/), never user data


class Settings(BaseSettings):
    """Runtime settings; one instance is built by the CLI and given to `create_app`."""

    model_config = SettingsConfigDict(env_prefix="MOVIEREC_", frozen=True, populate_by_name=True)

    artifacts: Path = Path("artifacts/sample")  # served and built by default; serve builds only this one
    sample_dir: Path = Path("data/sample")      # the bundled raw sample the ETL reads by default
    report: Path = Path("reports/eda.html")     # the EDA report served at /reporte
    host: str = "127.0.0.1"
    port: int = Field(8000, validation_alias=AliasChoices("MOVIEREC_PORT", "PORT"))  # hosts set $PORT

    # how the HTTP shell treats clients
    admin_token: str | None = None        # MOVIEREC_ADMIN_TOKEN; without it /admin/* does not exist
    max_body_bytes: int = 4096            # larger bodies get 413 before a byte is read
    header_timeout_s: float = 10.0        # a request's headers must arrive within this time
    body_timeout_s: float = 10.0          # and its body (once the headers are in) within this time
    keep_alive_timeout_s: float = 5.0     # an idle keep-alive connection is closed after this
    cors_allow_origin: str = "*"          # Access-Control-Allow-Origin of the public routes (one value)

    # set by `movierec serve` for its workers: the server's private run directory (metrics, served version)
    run_dir: Path | None = None

    @field_validator("admin_token")
    @classmethod
    def token_an_http_header_can_carry(cls, token: str | None) -> str | None:
        """A token no HTTP header can carry would lock the admin out: refuse it at start-up."""
        if token == "":
            raise ValueError("MOVIEREC_ADMIN_TOKEN está vacío: defina un token o quite la variable.")
        if token is not None and not (token.isascii() and token.isprintable() and " " not in token):
            raise ValueError("MOVIEREC_ADMIN_TOKEN solo puede tener caracteres ASCII visibles (sin espacios ni "
                             "tildes): ningún cliente HTTP podría enviarlo en la cabecera Authorization.")
        return token


def settings_problems(error: ValidationError) -> str:
    """A ValidationError of Settings as one Spanish line: our own reasons, or the variables' names."""
    def variable(problem) -> str:
        name = str(problem["loc"][0]).upper()
        return name if name.startswith("MOVIEREC_") or name == "PORT" else f"MOVIEREC_{name}"

    return "; ".join(str(problem["ctx"]["error"]) if problem["type"] == "value_error"
                     else f"{variable(problem)} tiene un valor inválido" for problem in error.errors())
