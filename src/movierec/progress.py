"""Progress of the long stages (etl, train, evaluate, report), which the CLI draws as bars.

A stage is `stage(description, total)` and returns `advance(n)`; the core calls it without
knowing how, or whether, it is shown.
"""

from collections.abc import Callable

Advance = Callable[[int], None]
Stage = Callable[[str, int | None], Advance]


def silent_stage(description: str, total: int | None) -> Advance:
    """The stage used when nobody watches."""
    return lambda n: None
