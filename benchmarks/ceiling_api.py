"""The ceiling: a FastAPI app on the same HTTP stack whose only route does no work.

Every path (the six query URLs of the workload, /health, anything) answers a constant
small JSON dict, so its throughput is what FastAPI + uvicorn + uvloop + httptools alone
can do on this machine, with one worker.
"""

from fastapi import FastAPI

ANSWER = {"status": "ok"}


def create_app() -> FastAPI:
    app = FastAPI(title="ceiling", openapi_url=None, docs_url=None, redoc_url=None)

    # the path parameter is matched but not declared, so FastAPI extracts and validates nothing
    @app.get("/{anything:path}")
    async def anything():
        return ANSWER

    return app
