"""What the server holds in memory: one artifacts version, loaded and validated as a whole.

A reload builds a new `Served` beside the old one and swaps a single reference, so every
request is answered wholly from one version.
"""

import threading
from dataclasses import dataclass
from pathlib import Path

from movierec.catalog import Catalog


@dataclass(frozen=True)
class Served:
    artifacts: Path
    catalog: Catalog

    @classmethod
    def load(cls, artifacts: Path) -> "Served":
        """Load and validate; raises CatalogError (Spanish message) when unusable."""
        artifacts = Path(artifacts).resolve()
        return cls(artifacts, Catalog.load(artifacts))

    def warm(self) -> None:
        self.catalog.warm()


class Holder:
    """The live `Served`, replaced atomically; reloads are serialised by a lock."""

    def __init__(self, served: Served):
        self.current = served
        self._reload_lock = threading.Lock()

    def reload(self, artifacts: Path | None = None) -> Served:
        with self._reload_lock:
            fresh = Served.load(artifacts or self.current.artifacts)
            fresh.warm()
            self.current = fresh
            return fresh
