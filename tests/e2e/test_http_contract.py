"""What HTTP clients expect, checked byte for byte over raw sockets against the real `movierec serve`.

HEAD, CORS preflight, the body cap and the admin token before any body byte is read, deadlines
for slow clients, multi-range requests, strict integers, Spanish 4xx bodies, security headers,
gzip, and the start-up refusal of a token no header can carry.
"""

import gzip
import json
import os
import socket
import subprocess
import threading
import time

import pytest

from tests.e2e.conftest import MOVIEREC, free_port, running_server

TOKEN = "s3cret-token"
DEADLINE_S = 1.0
PYDANTIC_WORDING = ("Input should", "String should", "JSON decode", "Field required", "valid integer")
GET_ROUTES = ["/", "/health", "/version", "/metrics", "/reporte", "/docs", "/redoc", "/openapi.json",
              "/static/app.js", "/static-docs/swagger-ui.css", "/buscar?q=toy", "/score_titulo/Toy%20Story",
              "/votos_titulo/Toy%20Story", "/cantidad_filmaciones_mes/enero", "/cantidad_filmaciones_dia/lunes",
              "/get_actor/Tom%20Hanks", "/get_director/John%20Lasseter", "/recomendacion/Toy%20Story",
              "/recomendacion_usuario/1", "/score_titulo/Nada%20Parecido%20Jamas"]


class Answer:
    def __init__(self, raw: bytes):
        head, _, body = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        self.status = int(lines[0].split()[1])
        self.headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            self.headers[name.strip().lower()] = value.strip()
        self.body = dechunk(body) if self.headers.get("transfer-encoding") == "chunked" else body

    def json(self) -> dict:
        return json.loads(self.body)


def dechunk(data: bytes) -> bytes:
    out = b""
    while data:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out, data = out + data[:size], data[size + 2:]
    return out


def exchange(address, request: bytes, timeout: float = 10.0) -> tuple[Answer, float]:
    """Send raw bytes, read until the server closes; the answer and the seconds it took."""
    started = time.monotonic()
    with socket.create_connection(address, timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return Answer(b"".join(chunks)), time.monotonic() - started


def request(method: str, target: str, *headers: str, body: bytes = b"") -> bytes:
    lines = [f"{method} {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@pytest.fixture(scope="module")
def address(sample_artifacts, tmp_path_factory):
    folder = tmp_path_factory.mktemp("contract")
    report = folder / "eda.html"
    report.write_text("<!doctype html><title>reporte</title>" + "<p>fila del reporte</p>\n" * 20_000)
    env = {"MOVIEREC_ADMIN_TOKEN": TOKEN, "MOVIEREC_HEADER_TIMEOUT_S": str(DEADLINE_S),
           "MOVIEREC_BODY_TIMEOUT_S": str(DEADLINE_S), "MOVIEREC_REPORT": str(report)}
    with running_server(sample_artifacts, folder / "server.log", env=env) as (base, _):
        host, port = base.removeprefix("http://").split(":")
        yield host, int(port)


# --- HEAD and headers on every response --------------------------------------------------------

@pytest.mark.parametrize("target", GET_ROUTES)
def test_head_answers_like_get_without_body(address, target):
    get, _ = exchange(address, request("GET", target))
    head, _ = exchange(address, request("HEAD", target))
    assert head.status == get.status and head.status != 405
    assert head.body == b""
    assert head.headers.get("content-type") == get.headers.get("content-type")
    if "content-length" in get.headers and target not in ("/metrics", "/version"):
        assert head.headers["content-length"] == get.headers["content-length"]


@pytest.mark.parametrize(("method", "target", "extra"), [
    ("GET", "/health", ()), ("GET", "/nada", ()), ("GET", "/recomendacion_usuario/uno", ()),
    ("HEAD", "/", ()), ("POST", "/admin/recargar", ("Content-Length: 0",)),
    ("POST", "/admin/recargar", ("Content-Length: 999999",)), ("GET", "/static/app.js", ("Range: bytes=999999-",)),
    ("OPTIONS", "/buscar", ("Origin: https://otro.example", "Access-Control-Request-Method: GET")),
])
def test_every_response_has_the_security_headers(address, method, target, extra):
    answer, _ = exchange(address, request(method, target, *extra))
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"]


# --- CORS --------------------------------------------------------------------------------------

def test_preflight_allows_any_origin_to_read_public_routes(address):
    answer, _ = exchange(address, request("OPTIONS", "/recomendacion/Toy%20Story", "Origin: https://otro.example",
                                          "Access-Control-Request-Method: GET"))
    assert answer.status == 204
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "GET" in answer.headers["access-control-allow-methods"]
    get, _ = exchange(address, request("GET", "/buscar?q=toy", "Origin: https://otro.example"))
    assert get.status == 200 and get.headers["access-control-allow-origin"] == "*"


def test_admin_routes_get_no_cors(address):
    preflight, _ = exchange(address, request("OPTIONS", "/admin/recargar", "Origin: https://otro.example",
                                             "Access-Control-Request-Method: POST",
                                             "Access-Control-Request-Headers: authorization"))
    assert preflight.status >= 400 and "access-control-allow-origin" not in preflight.headers
    post, _ = exchange(address, request("POST", "/admin/recargar", "Origin: https://otro.example",
                                        "Content-Length: 0"))
    assert post.status == 401 and "access-control-allow-origin" not in post.headers


# --- admin: body cap and token before the body ---------------------------------------------------

def test_huge_body_is_refused_before_a_byte_is_sent(address):
    # the body is never sent: an answer within the timeout proves it was not awaited
    answer, seconds = exchange(address, request("POST", "/admin/recargar", f"Authorization: Bearer {TOKEN}",
                                                "Content-Type: application/json", "Content-Length: 300000000"))
    assert answer.status == 413 and "bytes" in answer.json()["mensaje"]
    assert seconds < DEADLINE_S


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", TOKEN, f"Basic {TOKEN}", f"Bearer{TOKEN}",
                                           f"Bearer {TOKEN} extra", "Bearer señal"])
def test_bad_token_is_refused_before_the_body_is_read(address, authorization):
    headers = ["Content-Type: application/json", "Content-Length: 100"]
    if authorization:
        headers.append(f"Authorization: {authorization}")
    # 100 bytes announced, none sent: the 401 must not wait for them
    answer, seconds = exchange(address, request("POST", "/admin/recargar", *headers))  # "ñ" goes as latin-1
    assert answer.status == 401 and answer.headers["www-authenticate"] == "Bearer"
    assert answer.json()["mensaje"] and seconds < DEADLINE_S


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_bearer_scheme_is_case_insensitive(address, sample_artifacts, scheme):
    body = json.dumps({"artifacts": str(sample_artifacts)}).encode()
    answer, _ = exchange(address, request("POST", "/admin/recargar", f"Authorization: {scheme} {TOKEN}",
                                          "Content-Type: application/json", f"Content-Length: {len(body)}",
                                          body=body), timeout=60)
    assert answer.status == 200, answer.body


def test_malformed_admin_body_is_a_spanish_422(address):
    answer, _ = exchange(address, request("POST", "/admin/recargar", f"Authorization: Bearer {TOKEN}",
                                          "Content-Length: 9", body=b"no es json"[:9]))
    assert answer.status == 422
    body = answer.json()
    assert body["errores"][0]["parametro"] == "cuerpo" and "JSON" in body["mensaje"]
    assert not any(words in answer.body.decode() for words in PYDANTIC_WORDING)


def test_without_token_the_admin_route_is_404_whatever_the_body(sample_artifacts, tmp_path, monkeypatch):
    monkeypatch.delenv("MOVIEREC_ADMIN_TOKEN", raising=False)
    with running_server(sample_artifacts, tmp_path / "log") as (base, _):
        host, port = base.removeprefix("http://").split(":")
        for method, extra, body in [("POST", ("Content-Length: 5",), b"nojso"), ("GET", (), b""),
                                    ("POST", ("Content-Length: 100",), b"")]:
            answer, seconds = exchange((host, int(port)), request(method, "/admin/recargar", *extra, body=body))
            assert answer.status == 404 and answer.json()["detail"] == "Ruta no encontrada."
            assert seconds < DEADLINE_S * 5


@pytest.mark.parametrize("token", ["señal", "two words", "tab\tinside"])
def test_a_token_no_header_can_carry_is_refused_at_start_up(sample_artifacts, token):
    result = subprocess.run([MOVIEREC, "serve", "--artifacts", str(sample_artifacts), "--port", str(free_port())],
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "MOVIEREC_ADMIN_TOKEN": token, "COLUMNS": "300"})
    assert result.returncode == 1
    assert "MOVIEREC_ADMIN_TOKEN" in result.stderr and "ASCII" in result.stderr
    assert "Traceback" not in result.stderr


# --- slow clients ------------------------------------------------------------------------------

def served_quickly(address) -> bool:
    answer, seconds = exchange(address, request("GET", "/health"))
    return answer.status == 200 and seconds < DEADLINE_S


@pytest.mark.parametrize("stalled", [
    b"",                                                      # connects and says nothing
    b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Sl",       # headers never finish
    request("POST", "/admin/recargar", f"Authorization: Bearer {TOKEN}", "Content-Type: application/json",
            "Content-Length: 50", body=b'{"artifacts": '),     # body shorter than its Content-Length
    request("POST", "/admin/recargar", f"Authorization: Bearer {TOKEN}", "Transfer-Encoding: chunked",
            body=b"5\r\n{\"art"),                              # chunked body that stops
], ids=["silent", "partial-headers", "short-body", "stalled-chunks"])
def test_slow_clients_are_cut_off_while_others_are_served(address, stalled):
    sockets = [socket.create_connection(address, timeout=10) for _ in range(5)]
    try:
        for sock in sockets:
            sock.sendall(stalled)
        started = time.monotonic()
        assert all(served_quickly(address) for _ in range(5))  # the stalled ones block nobody
        for sock in sockets:
            received = b""
            while chunk := sock.recv(65536):  # the server closes: recv returns b"" before the socket timeout
                received += chunk
            if received:
                assert received.startswith(b"HTTP/1.1 408") and "tardó".encode() in received
        assert time.monotonic() - started < DEADLINE_S * 4
    finally:
        for sock in sockets:
            sock.close()


def test_a_trickling_client_does_not_reset_the_header_deadline(address):
    with socket.create_connection(address, timeout=10) as sock:
        started = time.monotonic()
        closed = False
        for byte in b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n" * 10:
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                closed = True
                break
            time.sleep(0.05)
        if not closed:
            sock.settimeout(DEADLINE_S * 3)
            data = sock.recv(65536)
            closed = data.startswith(b"HTTP/1.1 408") or data == b""
    assert closed and time.monotonic() - started < DEADLINE_S * 5


# --- ranges ------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["/", "/static/app.js", "/reporte"])
def test_multi_range_gets_the_whole_file(address, target):
    full, _ = exchange(address, request("GET", target))
    answer, _ = exchange(address, request("GET", target, "Range: bytes=0-0,2-2"))
    assert answer.status == 200 and answer.body == full.body
    assert int(answer.headers["content-length"]) == len(full.body)


def test_single_range_and_unsatisfiable_range(address):
    full, _ = exchange(address, request("GET", "/static/app.js"))
    part, _ = exchange(address, request("GET", "/static/app.js", "Range: bytes=0-9"))
    assert part.status == 206 and part.body == full.body[:10]
    for header in ("Range: bytes=x-y", "Range: lines=0-9", "Range: bytes=-"):
        assert exchange(address, request("GET", "/static/app.js", header))[0].status == 200
    outside, _ = exchange(address, request("GET", "/static/app.js", "Range: bytes=99999999-"))
    assert outside.status == 416 and outside.json()["mensaje"]


# --- strict integers and Spanish errors ----------------------------------------------------------

@pytest.mark.parametrize("target", ["/recomendacion_usuario/1_0", "/recomendacion_usuario/+1",
                                    "/recomendacion_usuario/%201", "/recomendacion_usuario/1.0",
                                    "/recomendacion_usuario/%D9%A1", "/recomendacion_usuario/0",
                                    "/recomendacion_usuario/" + "9" * 30, "/recomendacion/Toy%20Story?k=5.0",
                                    "/recomendacion/Toy%20Story?k=21", "/recomendacion/Toy%20Story?k=",
                                    "/score_titulo/Toy%20Story?anio=1_995", "/score_titulo/Toy%20Story?anio=%2B1995",
                                    "/votos_titulo/Toy%20Story?anio=1995.0"])
def test_integers_are_digits_within_bounds_else_a_spanish_422(address, target):
    answer, _ = exchange(address, request("GET", target))
    assert answer.status == 422
    body = answer.json()
    assert body["detail"] and body["errores"] and body["mensaje"]
    assert not any(words in answer.body.decode() for words in PYDANTIC_WORDING)


def test_well_formed_integers_still_work(address):
    assert exchange(address, request("GET", "/recomendacion_usuario/1?k=3"))[0].json()["usuario"] == 1
    assert exchange(address, request("GET", "/score_titulo/Toy%20Story?anio=1995"))[0].status == 200


@pytest.mark.parametrize("target", ["/score_titulo/%20%20", "/get_actor/" + "b" * 300, "/buscar",
                                    "/cantidad_filmaciones_mes/brumario", "/score_titulo/Toy%20Storyy",
                                    "/nada", "/recomendacion_usuario/99999"])
def test_every_4xx_is_spanish_with_mensaje(address, target):
    answer, _ = exchange(address, request("GET", target))
    assert 400 <= answer.status < 500
    body = answer.json()
    assert body["mensaje"] and body["detail"]
    assert not any(words in answer.body.decode() for words in PYDANTIC_WORDING)


def test_method_not_allowed_lists_head(address):
    answer, _ = exchange(address, request("DELETE", "/health"))
    assert answer.status == 405 and "HEAD" in answer.headers["allow"] and answer.json()["mensaje"]


# --- compression -------------------------------------------------------------------------------

def test_large_answers_are_gzipped_when_accepted_small_ones_never(address):
    plain, _ = exchange(address, request("GET", "/reporte"))
    packed, _ = exchange(address, request("GET", "/reporte", "Accept-Encoding: gzip, deflate"))
    assert packed.headers["content-encoding"] == "gzip" and "Accept-Encoding" in packed.headers["vary"]
    assert gzip.decompress(packed.body) == plain.body and len(packed.body) < len(plain.body) / 5
    small, _ = exchange(address, request("GET", "/score_titulo/Toy%20Story", "Accept-Encoding: gzip"))
    assert "content-encoding" not in small.headers and small.json()["id"] == 862
    script, _ = exchange(address, request("GET", "/static-docs/swagger-ui-bundle.js", "Accept-Encoding: gzip"))
    assert script.headers["content-encoding"] == "gzip"


def test_gzip_does_not_block_other_clients(address):
    done = []
    thread = threading.Thread(target=lambda: done.append(
        exchange(address, request("GET", "/static-docs/swagger-ui-bundle.js", "Accept-Encoding: gzip"))))
    thread.start()
    assert served_quickly(address)
    thread.join()
    assert done[0][0].status == 200


@pytest.mark.parametrize("garbage", [b"NOT HTTP AT ALL\r\n\r\n", request("GET", "/health", "Content-Length: abc")])
def test_bytes_that_are_not_http_get_a_spanish_400(address, garbage):
    answer, _ = exchange(address, garbage)
    assert answer.status == 400 and answer.json()["mensaje"]
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_a_file_is_compressed_once_and_keeps_its_own_etag(address):
    plain, _ = exchange(address, request("GET", "/static-docs/swagger-ui-bundle.js"))
    first, _ = exchange(address, request("GET", "/static-docs/swagger-ui-bundle.js", "Accept-Encoding: gzip"))
    again, _ = exchange(address, request("GET", "/static-docs/swagger-ui-bundle.js", "Accept-Encoding: gzip"))
    assert gzip.decompress(first.body) == gzip.decompress(again.body) == plain.body
    assert "transfer-encoding" not in again.headers and int(again.headers["content-length"]) == len(again.body)
    assert again.headers["etag"] == first.headers["etag"] != plain.headers["etag"]
    assert again.headers["content-encoding"] == "gzip"
    head, _ = exchange(address, request("HEAD", "/static-docs/swagger-ui-bundle.js", "Accept-Encoding: gzip"))
    assert head.body == b"" and head.headers["content-length"] == again.headers["content-length"]
