"""Hostile inputs against a real server; writes docs/reliability.md (`python -m scripts.reliability`).

The same cases run in tests/e2e/test_hostile.py, which requires that none gets a 5xx.
"""

import argparse
import http.client
import json
import tempfile
from pathlib import Path

# (category, description, raw request target — sent byte for byte, already percent-encoded)
HOSTILE_CASES = [
    ("texto muy largo", "título de 201 caracteres", "/score_titulo/" + "a" * 201),
    ("texto muy largo", "actor de 10.000 caracteres", "/get_actor/" + "b" * 10_000),
    ("texto muy largo", "búsqueda de 5.000 caracteres", "/buscar?q=" + "c" * 5_000),
    ("unicode raro", "emoji", "/score_titulo/%F0%9F%8E%AC%F0%9F%8D%BF"),
    ("unicode raro", "byte nulo", "/score_titulo/Toy%00Story"),
    ("unicode raro", "UTF-8 inválido", "/score_titulo/%FF%FE%ED%A0%80"),
    ("unicode raro", "caracteres de ancho cero", "/score_titulo/Toy%E2%80%8BStory"),
    ("unicode raro", "texto de derecha a izquierda", "/get_actor/%D7%98%D7%95%D7%9D%E2%80%AE"),
    ("unicode raro", "tildes combinadas (NFD)", "/score_titulo/Ame%CC%81lie"),
    ("unicode raro", "día con tilde en NFD", "/cantidad_filmaciones_dia/sa%CC%81bado"),
    ("path traversal", "../ en el título", "/score_titulo/../../etc/passwd"),
    ("path traversal", "%2e%2e%2f codificado", "/get_director/%2e%2e%2f%2e%2e%2fetc%2fpasswd"),
    ("path traversal", "archivo estático fuera de la carpeta", "/static/..%2F..%2Fpyproject.toml"),
    ("parece SQL", "' OR 1=1 --", "/score_titulo/%27%20OR%201%3D1%20--"),
    ("parece SQL", "; DROP TABLE", "/get_actor/x%27%3B%20DROP%20TABLE%20movies%3B%20--"),
    ("segmentos vacíos", "título vacío", "/score_titulo/"),
    ("segmentos vacíos", "mes vacío", "/cantidad_filmaciones_mes/"),
    ("segmentos vacíos", "doble barra", "/votos_titulo//"),
    ("segmentos vacíos", "solo espacios", "/get_actor/%20%20%20"),
    ("segmentos vacíos", "búsqueda vacía", "/buscar?q="),
    ("números donde van nombres", "actor numérico", "/get_actor/12345"),
    ("números donde van nombres", "mes 13", "/cantidad_filmaciones_mes/13"),
    ("números donde van nombres", "mes -1", "/cantidad_filmaciones_mes/-1"),
    ("números donde van nombres", "año no numérico", "/score_titulo/Heat?anio=abc"),
    ("números donde van nombres", "k enorme", "/recomendacion/Heat?k=99999999999999999999"),
    ("números donde van nombres", "usuario negativo", "/recomendacion_usuario/-5"),
    ("números donde van nombres", "usuario de 30 dígitos", "/recomendacion_usuario/" + "9" * 30),
    ("barras codificadas", "Face%2FOff (título real con barra)", "/score_titulo/Face%2FOff"),
    ("barras codificadas", "barra invertida", "/score_titulo/Face%5COff"),
    ("barras codificadas", "barra final", "/get_director/Steven%20Spielberg/"),
    ("otros", "HTML/JS en el nombre", "/get_actor/%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
    ("otros", "parámetro repetido", "/buscar?q=toy&q=heat"),
    ("otros", "ruta inexistente", "/wp-admin/login.php"),
    ("otros", "token de administración falso", "/admin/recargar"),
]


def probe(host: str, port: int, target: str) -> tuple[int, str]:
    """Send one raw GET (no client-side normalisation) and return status and a short body."""
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
    finally:
        connection.close()
    try:
        parsed = json.loads(body)
        summary = parsed.get("detail") or parsed.get("mensaje") if isinstance(parsed, dict) else None
        summary = summary or json.dumps(parsed, ensure_ascii=False)
    except ValueError:
        summary = body
    printable = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in " ".join(summary.split()))
    return response.status, printable[:90]


def run_all(host: str, port: int) -> list[tuple[str, str, str, int, str]]:
    return [(category, description, target, *probe(host, port, target))
            for category, description, target in HOSTILE_CASES]


def write_markdown(rows: list, out: Path) -> None:
    lines = [
        "# Fiabilidad: entradas hostiles",
        "",
        "Cada fila es una petición real a `movierec serve` sobre la muestra incluida "
        "(`python -m scripts.reliability`); `tests/e2e/test_hostile.py` repite las mismas y exige "
        "que ninguna reciba un 5xx. Además, `tests/api/test_schema_fuzz.py` genera entradas con "
        "schemathesis a partir de `/openapi.json` y comprueba que toda respuesta cumple su esquema.",
        "",
        "| categoría | entrada | ruta (recortada) | estado | respuesta |",
        "|---|---|---|---|---|",
    ]
    for category, description, target, status, summary in rows:
        shown = target if len(target) <= 60 else target[:57] + "…"
        cell = summary.replace("|", "\\|")
        lines.append(f"| {category} | {description} | `{shown}` | {status} | {cell} |")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    from movierec.config import Settings
    from tests.e2e.conftest import running_server

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--artifacts", type=Path, default=Settings().artifacts)
    parser.add_argument("--out", type=Path, default=Path("docs/reliability.md"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, running_server(args.artifacts, Path(tmp) / "log") as (base, _):
        host, port = base.removeprefix("http://").split(":")
        rows = run_all(host, int(port))
    write_markdown(rows, args.out)
    print(f"{len(rows)} entradas, {sum(row[3] >= 500 for row in rows)} con 5xx → {args.out}")


if __name__ == "__main__":
    main()
