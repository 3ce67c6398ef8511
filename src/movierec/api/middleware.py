"""What every HTTP exchange gets, whatever the route: one raw ASGI middleware (a few µs a request).

- HEAD is answered as the GET of the same URL, without the body (RFC 9110 §9.3.2).
- CORS: any origin may read the public routes; `/admin/*` gets no CORS header and no preflight.
- A declared body larger than the cap is refused with 413 before any byte of it is read; a
  chunked body is counted as the route reads it.
- `Range` is honoured only as one byte range; anything else is ignored (RFC 9110 §14.2 allows
  it), so the answer is a full 200 instead of Starlette's truncated multipart 206.
- Every response carries `X-Content-Type-Options: nosniff` and a `Referrer-Policy`.
- Large answers (the EDA report, the docs' scripts) are gzip-compressed when the client accepts
  it; small JSON answers pass untouched, with no compressor created for them. Files carry an
  ETag, so each one is compressed once (off the event loop) and then served from memory
  (a few MB at most: the docs' assets and the report).
"""

import re
import zlib

import orjson
from anyio import to_thread
from starlette.exceptions import HTTPException

from movierec.api.errors import SPANISH_DETAIL

GZIP_MIN_BYTES = 16 * 1024
GZIP_CACHE_ENTRIES = 16
GZIP_CACHE_MAX_BYTES = 4 * 1024 * 1024  # per answer
COMPRESSIBLE = (b"text/", b"application/json", b"application/javascript", b"image/svg+xml")
SINGLE_RANGE = re.compile(rb"bytes=(\d{1,15}-\d{0,15}|-\d{1,15})")
PREFLIGHT_MAX_AGE = b"600"
SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]


def spanish_error(status: int, detail: str) -> tuple[dict, bytes]:
    """A complete 4xx answer for the middleware to send itself: start message and body."""
    body = orjson.dumps({"detail": detail, "mensaje": detail})
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               *SECURITY_HEADERS]
    return {"type": "http.response.start", "status": status, "headers": headers}, body


class BodyTooLarge(HTTPException):
    """Raised from `receive` inside the route: the error handlers turn it into the Spanish 413."""

    def __init__(self, limit: int):
        super().__init__(413, f"El cuerpo de la petición supera el máximo de {limit} bytes.")


class HttpPolicyMiddleware:
    def __init__(self, app, max_body_bytes: int, cors_origin: str):
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.public_headers = [*SECURITY_HEADERS, (b"access-control-allow-origin", cors_origin.encode("latin-1"))]
        self.gzipped: dict[bytes, bytes] = {}  # gzip ETag of a file answer → its compressed body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        admin = scope["path"].startswith("/admin/")
        method = scope["method"]
        accepts_gzip = preflight = has_body = False
        declared = 0
        drop_range = -1
        for index, (name, value) in enumerate(scope["headers"]):
            if name == b"content-length":
                declared = int(value) if value.isdigit() else 0  # the server already refused a bad one
                has_body = declared > 0
            elif name == b"transfer-encoding":
                has_body = True
            elif name == b"accept-encoding":
                accepts_gzip = accepts(value, b"gzip")
            elif name == b"range":
                if not SINGLE_RANGE.fullmatch(value.replace(b" ", b"")):
                    drop_range = index
            elif name == b"access-control-request-method":
                preflight = method == "OPTIONS"

        if declared > self.max_body_bytes:
            return await self._refuse(send, BodyTooLarge(self.max_body_bytes))
        if preflight and not admin:
            return await self._preflight(send)
        outer = scope
        if drop_range >= 0 or method == "HEAD":
            headers = scope["headers"]
            if drop_range >= 0:
                headers = headers[:drop_range] + headers[drop_range + 1:]
            scope = {**scope, "headers": headers, "method": "GET" if method == "HEAD" else method}
        if has_body:
            receive = self._capped(receive)

        head = method == "HEAD"
        extra = SECURITY_HEADERS if admin else self.public_headers
        compressor = None
        swallow = False
        etag = None
        pieces: list[bytes] = []
        gzipped = self.gzipped

        async def send_with_policy(message):
            nonlocal compressor, swallow, etag
            if message["type"] == "http.response.start":
                status = message["status"]
                if status == 416:  # Starlette's is empty: say it in Spanish
                    start, body = spanish_error(416, SPANISH_DETAIL[416])
                    swallow = True
                    await send(start)
                    return await send({"type": "http.response.body", "body": b"" if head else body})
                headers = [*message["headers"], *extra]
                if accepts_gzip and status == 200 and should_compress(headers):
                    headers, etag = gzip_headers(headers)
                    cached = gzipped.get(etag) if etag else None
                    if cached is not None:
                        swallow = True
                        await send({**message, "headers": [*headers, (b"content-length", str(len(cached)).encode())]})
                        return await send({"type": "http.response.body", "body": b"" if head else cached})
                    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
                return await send({**message, "headers": headers})
            if message["type"] != "http.response.body" or swallow:
                return None if swallow else await send(message)
            more = message.get("more_body", False)
            if head:
                return None if more else await send({"type": "http.response.body", "body": b""})
            if compressor is not None:
                chunk = message.get("body", b"")
                data = await to_thread.run_sync(compressor.compress, chunk) if len(chunk) > 4096 \
                    else compressor.compress(chunk)
                if not more:
                    data += compressor.flush()
                if etag:
                    pieces.append(data)
                    if not more:
                        remember(gzipped, etag, b"".join(pieces))
                return await send({"type": "http.response.body", "body": data, "more_body": more})
            return await send(message)

        try:
            await self.app(scope, receive, send_with_policy)
        finally:
            if scope is not outer and "route" in scope:
                outer["route"] = scope["route"]  # the metrics count a HEAD under its route

    def _capped(self, receive):
        received = 0
        limit = self.max_body_bytes

        async def capped_receive():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit)
            return message

        return capped_receive

    async def _refuse(self, send, error: HTTPException) -> None:
        start, body = spanish_error(error.status_code, error.detail)
        start["headers"].append((b"connection", b"close"))  # the unread body must not be taken as a request
        await send(start)
        await send({"type": "http.response.body", "body": body})

    async def _preflight(self, send) -> None:
        headers = [*self.public_headers, (b"access-control-allow-methods", b"GET, HEAD"),
                   (b"access-control-allow-headers", b"Accept, Accept-Language, Content-Language, Range"),
                   (b"access-control-max-age", PREFLIGHT_MAX_AGE), (b"content-length", b"0")]
        await send({"type": "http.response.start", "status": 204, "headers": headers})
        await send({"type": "http.response.body", "body": b""})


def should_compress(headers: list[tuple[bytes, bytes]]) -> bool:
    """Large (or of unknown length) text-like answers not already encoded."""
    size, kind = None, b""
    for name, value in headers:
        if name == b"content-length":
            size = int(value)
        elif name == b"content-type":
            kind = value
        elif name == b"content-encoding":
            return False
    return (size is None or size >= GZIP_MIN_BYTES) and kind.startswith(COMPRESSIBLE)


def gzip_headers(headers: list[tuple[bytes, bytes]]) -> tuple[list[tuple[bytes, bytes]], bytes | None]:
    """The headers of the gzip variant (no length yet, its own ETag) and that ETag, if the answer had one."""
    etag = None
    kept = []
    for name, value in headers:
        if name == b"etag":
            etag = value[:-1] + b'-gzip"' if value.endswith(b'"') else value + b"-gzip"
            kept.append((name, etag))
        elif name != b"content-length":
            kept.append((name, value))
    return [*kept, (b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding")], etag


def remember(cache: dict[bytes, bytes], etag: bytes, body: bytes) -> None:
    if len(body) <= GZIP_CACHE_MAX_BYTES:
        if len(cache) >= GZIP_CACHE_ENTRIES:
            cache.pop(next(iter(cache)))  # the oldest
        cache[etag] = body


def accepts(accept_encoding: bytes, coding: bytes) -> bool:
    """Whether an Accept-Encoding value allows `coding` (named, any case, and not with q=0)."""
    value = accept_encoding.lower()
    if coding not in value:
        return False
    for item in value.replace(b" ", b"").split(b","):
        name, _, params = item.partition(b";")
        if name == coding:
            if not params.startswith(b"q="):
                return True
            try:
                return float(params[2:]) > 0
            except ValueError:
                return False
    return False
