"""uvicorn as `movierec serve` runs it: with time limits on receiving a request.

uvicorn bounds only the idle time between requests (keep-alive). A client that sends part of
its headers, nothing at all, or less body than its Content-Length would hold a connection (and,
for a body, the route awaiting it) forever; the ASGI app never sees such a request, so the
limit belongs to the server's protocol. `TimedHttpToolsProtocol` adds two deadlines to
uvicorn's httptools protocol (pinned version, covered by tests/e2e/test_http_contract.py):
the headers must arrive within `header_timeout_s` of the connection opening (or of the previous
response), the body within `body_timeout_s` of the headers. Past a deadline the client gets a
408 in Spanish and the connection is closed; other connections are not affected.

`run_directory` gives each server start a fresh private directory (Prometheus' per-process
files, the published version) and removes it afterwards; with `workers > 1` uvicorn's
supervisor runs the workers, except that SIGHUP reaches one worker, which re-reads its
artifacts and publishes them for the others (uvicorn's own HUP restarts every worker).
"""

import asyncio
import functools
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.supervisors.multiprocess import Multiprocess

from movierec.config import Settings

METRICS_ENV = "PROMETHEUS_MULTIPROC_DIR"  # read by prometheus_client when it is imported

def raw_answer(status_line: bytes, detail: str, mensaje: str) -> bytes:
    """A whole HTTP/1.1 answer written by the protocol itself (the app never saw the request)."""
    body = orjson.dumps({"detail": detail, "mensaje": mensaje})
    return (b"HTTP/1.1 " + status_line + b"\r\ncontent-type: application/json\r\n"
            b"content-length: " + str(len(body)).encode() + b"\r\n"
            b"x-content-type-options: nosniff\r\nreferrer-policy: no-referrer\r\n"
            b"connection: close\r\n\r\n" + body)


TIMEOUT_RESPONSE = raw_answer(b"408 Request Timeout", "La petición tardó demasiado en llegar.",
                              "La petición tardó demasiado en llegar; vuelva a intentarlo.")
MALFORMED_RESPONSE = raw_answer(b"400 Bad Request", "Petición HTTP mal formada.",
                                "La petición no es HTTP/1.1 válido y no se pudo leer.")


class TimedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with deadlines for a request's headers and body."""

    def __init__(self, *args, header_timeout: float, body_timeout: float, **kwargs):
        super().__init__(*args, **kwargs)
        self.header_timeout = header_timeout
        self.body_timeout = body_timeout
        self.deadline: asyncio.TimerHandle | None = None

    def arm(self, seconds: float) -> None:
        self.disarm()
        self.deadline = self.loop.call_later(seconds, self.too_slow)

    def disarm(self) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None

    def too_slow(self) -> None:
        self.deadline = None
        if self.transport.is_closing():
            return
        if self.cycle is None or self.cycle.response_complete or not self.cycle.response_started:
            self.transport.write(TIMEOUT_RESPONSE)
        self.transport.close()

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to bytes that are not HTTP, in Spanish JSON instead of English text."""
        self.disarm()
        self.transport.write(MALFORMED_RESPONSE)
        self.transport.close()

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self.arm(self.header_timeout)

    def connection_lost(self, exc) -> None:
        self.disarm()
        super().connection_lost(exc)

    def on_headers_complete(self) -> None:
        self.disarm()
        super().on_headers_complete()
        if any(name in (b"content-length", b"transfer-encoding") for name, _ in self.headers):
            self.arm(self.body_timeout)  # on_message_complete disarms it

    def on_message_complete(self) -> None:
        if self.cycle is not None and not self.cycle.response_complete:
            self.disarm()  # the body is in; after an early answer, the next request's deadline stays
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and not self.pipeline:
            self.arm(self.header_timeout)  # for the next request (uvicorn's keep-alive timer stops at its first byte)


def protocol_for(settings: Settings):
    """The `http=` argument of uvicorn: our protocol with the configured deadlines (picklable, for workers)."""
    return functools.partial(TimedHttpToolsProtocol, header_timeout=settings.header_timeout_s,
                             body_timeout=settings.body_timeout_s)


@contextmanager
def run_directory() -> Iterator[Path]:
    """A new private directory (mode 0700) for one server start, removed when it stops: metrics/
    holds Prometheus' per-process files (exported as PROMETHEUS_MULTIPROC_DIR, so call this
    before prometheus_client is imported) and the workers publish the served version there.
    A directory inherited from elsewhere is never reused: its stale counts would be added in."""
    path = Path(tempfile.mkdtemp(prefix="movierec-serve-"))
    (path / "metrics").mkdir()
    previous = os.environ.get(METRICS_ENV)
    os.environ[METRICS_ENV] = str(path / "metrics")
    # uvicorn shuts down on SIGTERM and then raises it again, which would kill the process before
    # the directory is removed: leave through the `finally` instead, with the shell's code for it
    previous_term = signal.signal(signal.SIGTERM, exit_on_sigterm)
    try:
        yield path
    finally:
        signal.signal(signal.SIGTERM, previous_term)
        if previous is None:
            os.environ.pop(METRICS_ENV, None)
        else:
            os.environ[METRICS_ENV] = previous
        shutil.rmtree(path, ignore_errors=True)


def exit_on_sigterm(signum, frame) -> None:
    raise SystemExit(128 + signum)


class Workers(Multiprocess):
    """uvicorn's supervisor of worker processes, with SIGHUP sent on to one live worker: its
    reload (`serving.Holder`) publishes the new version and the other workers follow it."""

    def handle_hup(self) -> None:
        for process in self.processes:
            if process.process.is_alive() and process.pid is not None:
                os.kill(process.pid, signal.SIGHUP)
                return


def run(app, settings: Settings, **options) -> None:
    """Serve `app` (an ASGI app, or an import string with options such as factory/workers) on
    `settings.host:settings.port` with its time limits."""
    config = uvicorn.Config(app, host=settings.host, port=settings.port, http=protocol_for(settings),
                            timeout_keep_alive=settings.keep_alive_timeout_s, access_log=False, **options)
    server = uvicorn.Server(config)
    if config.workers > 1:
        Workers(config, target=server.run, sockets=[config.bind_socket()]).run()
        return
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    if not server.started:
        sys.exit(3)  # uvicorn's STARTUP_FAILURE (e.g. the port is taken)
