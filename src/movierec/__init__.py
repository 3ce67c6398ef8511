"""movierec: movie catalog, ETL, query API and recommender over The Movies Dataset."""

# the one place the version is written (pyproject.toml reads it from here): asking the installed
# metadata for it (importlib.metadata) cost every start of the server 0.07 s
__version__ = "0.1.0"
