"""The service's settings, read once from the environment (MOVIEREC_*) and handed around.

Relative paths are relative to the working directory, never to where the package is
installed: the bundled sample lives in the project (data/sample), not in site-packages.
"""

from pathlib import Path

from pydantic import AliasChoices, Field
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
    admin_token: str | None = None              # enables POST /admin/recargar
