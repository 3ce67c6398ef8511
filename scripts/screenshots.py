"""Save PNG screenshots of the web page and the EDA report, for the README.

Usage: .venv/bin/python -m scripts.screenshots [--out docs] [--artifacts artifacts/sample] [--base-url URL]

Starts `movierec serve` on the given artifacts (built from the bundled sample if missing) on a
free local port, unless --base-url points at a server already running. Drives Debian's headless
Chromium through Playwright (no browser download) and writes:
  pagina.png        desktop, after loading Toy Story's card and the other lookups
  pagina-movil.png  a 390 px wide phone, with Toy Story's card
  reporte.png       the top of GET /reporte, only if the report was generated (`movierec report`;
                    the server reads it from reports/eda.html or $MOVIEREC_REPORT)
Requests to any host other than this machine are blocked, so the pictures prove the page works offline.
"""

from __future__ import annotations

import argparse
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from tests.e2e.conftest import running_server

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def new_page(browser, **context_options):
    """A page whose requests to hosts other than this machine are aborted and reported."""
    context = browser.new_context(locale="es-ES", **context_options)

    def only_loopback(route):
        if urlsplit(route.request.url).hostname in LOOPBACK or route.request.url.startswith("data:"):
            route.continue_()
        else:
            print(f"bloqueada: {route.request.url}", file=sys.stderr)
            route.abort()

    context.route("**/*", only_loopback)
    return context.new_page()


def load_toy_story(page, base: str) -> None:
    page.goto(base + "/")
    page.locator("#mes").select_option("octubre")
    page.locator("#dia").select_option("viernes")
    page.locator("#titulo").press_sequentially("toy st", delay=40)
    page.locator("#sugerencias [role=option]", has_text="Toy Story (1995)").click()
    page.locator("#recomendaciones li").nth(4).wait_for()
    page.locator("#mes-mensaje").filter(has_text="octubre").wait_for()
    page.locator("#dia-mensaje").filter(has_text="viernes").wait_for()


def fill_lookups(page) -> None:
    for field, value, result in (("#actor", "tom hanks", "#actor-resultado"),
                                 ("#director", "john lasseter", "#director-resultado"),
                                 ("#usuario-id", "1", "#usuario-resultado")):
        page.locator(field).fill(value)
        page.locator(field).press("Enter")
        page.locator(result).wait_for()


def take(base: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = new_page(browser, viewport={"width": 1280, "height": 900})
            load_toy_story(page, base)
            fill_lookups(page)
            page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
            page.screenshot(path=out / "pagina.png", full_page=True, animations="disabled")
            saved.append(out / "pagina.png")

            phone = new_page(browser, viewport={"width": 390, "height": 844}, device_scale_factor=2,
                             is_mobile=True, has_touch=True)
            load_toy_story(phone, base)
            phone.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
            card = phone.locator("#pelicula").bounding_box()  # the search box and the whole card
            phone.screenshot(path=out / "pagina-movil.png", full_page=True, animations="disabled",
                             clip={"x": 0, "y": 0, "width": 390, "height": card["y"] + card["height"] + 16})
            saved.append(out / "pagina-movil.png")

            if status_of(base + "/reporte") == 200:
                report = new_page(browser, viewport={"width": 1280, "height": 1400})
                report.goto(base + "/reporte", wait_until="load")
                report.screenshot(path=out / "reporte.png", animations="disabled")
                saved.append(out / "reporte.png")
            else:
                print("El reporte EDA no está generado (GET /reporte da 404): no se guarda reporte.png.",
                      file=sys.stderr)
        finally:
            browser.close()
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs", help="Directorio de salida (docs).")
    parser.add_argument("--artifacts", type=Path, default=REPO / "artifacts" / "sample",
                        help="Artefactos que sirve el servidor (artifacts/sample).")
    parser.add_argument("--base-url", help="Usar un servidor ya en marcha en vez de iniciar uno.")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"No se encontró Chromium en {CHROMIUM}: instálelo con `apt-get install chromium`.")
    args.out.mkdir(parents=True, exist_ok=True)
    if args.base_url:
        saved = take(args.base_url.rstrip("/"), args.out)
    else:
        # the first start may run the ETL and train the model
        with running_server(args.artifacts.resolve(), args.out / "screenshots-server.log", timeout=180) as (base, _):
            saved = take(base, args.out)
        (args.out / "screenshots-server.log").unlink()
    for path in saved:
        print(path)


if __name__ == "__main__":
    main()
