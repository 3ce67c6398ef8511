"""movierec: movie catalog, ETL, query API and recommender over The Movies Dataset."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("movierec")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"
