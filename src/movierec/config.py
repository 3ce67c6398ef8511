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


# --- HTTP limits and policy (issue 12): a block of its own, read once by create_app and serve ---

class SettingsError(ValueError):
    """A setting that makes the service unsafe or unusable; the message is Spanish, for the operator."""


class HttpSettings(BaseSettings):
    """How the HTTP shell treats clients: admin token, body cap, time limits, CORS."""

    model_config = SettingsConfigDict(env_prefix="MOVIEREC_")

    admin_token: str | None = None        # MOVIEREC_ADMIN_TOKEN; without it /admin/* does not exist
    max_body_bytes: int = 4096            # larger bodies get 413 before a byte is read
    header_timeout_s: float = 10.0        # a request's headers must arrive within this time
    body_timeout_s: float = 10.0          # and its body (once the headers are in) within this time
    keep_alive_timeout_s: float = 5.0     # an idle keep-alive connection is closed after this
    cors_allow_origin: str = "*"          # Access-Control-Allow-Origin of the public routes (one value)

    def checked(self) -> "HttpSettings":
        """Self, or SettingsError: a token that no HTTP header can carry would lock the admin out."""
        if self.admin_token is not None and not (self.admin_token.isascii() and self.admin_token.isprintable()
                                                 and " " not in self.admin_token):
            raise SettingsError("MOVIEREC_ADMIN_TOKEN solo puede tener caracteres ASCII visibles (sin espacios "
                                "ni tildes): ningún cliente HTTP podría enviarlo en la cabecera Authorization.")
        if self.admin_token == "":
            raise SettingsError("MOVIEREC_ADMIN_TOKEN está vacío: defina un token o quite la variable.")
        return self


def load_http_settings() -> HttpSettings:
    """HttpSettings from the environment, or SettingsError naming the variable in Spanish."""
    from pydantic import ValidationError

    try:
        return HttpSettings()
    except ValidationError as error:
        names = ", ".join("MOVIEREC_" + str(problem["loc"][0]).upper() for problem in error.errors())
        raise SettingsError(f"Variables de entorno con valores inválidos: {names}.") from None
