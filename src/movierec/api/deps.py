"""Injectable dependencies of the routes (the only thing here, as in FastAPI's own layout)."""

from fastapi import Request

from movierec.serving import Served


def served_of(request: Request) -> Served:
    """The version being served (catalog and model), read once per request: reloads are atomic."""
    return request.app.state.holder.current
