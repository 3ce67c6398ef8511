"""Settings and well-known paths; environment variables use the MOVIEREC_ prefix."""

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
SAMPLE_DIR = PROJECT_DIR / "data" / "sample"


class SampleFiles:
    """Raw files of the bundled real sample (see data/sample/PROVENANCE.md)."""

    movies = SAMPLE_DIR / "movies_dataset.csv.gz"
    credits = SAMPLE_DIR / "credits.csv.gz"
    ratings = SAMPLE_DIR / "ratings_small.csv.gz"
    links = SAMPLE_DIR / "links_small.csv"


class Settings(BaseSettings):
    """Runtime settings of the service."""

    model_config = SettingsConfigDict(env_prefix="MOVIEREC_")

    artifacts: Path = PROJECT_DIR / "artifacts" / "sample"
    report: Path = PROJECT_DIR / "reports" / "eda.html"
    host: str = "127.0.0.1"
    port: int = 8000
