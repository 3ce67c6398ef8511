"""/docs and /redoc in Debian's headless Chromium with every request off this machine blocked:
the interactive documentation must load its scripts from the app itself and list the operations."""

from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import running_server
from tests.e2e.test_browser import CHROMIUM_ARGS, LOOPBACK, browser  # noqa: F401 - the browser fixture

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture turns this into a failure, never a skip
    expect = None

pytestmark = pytest.mark.e2e
# ReDoc's footer always asks for its maker's logo and hides it when that fails; nothing else may leave
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
OPERATIONS = ["/cantidad_filmaciones_mes/{mes}", "/score_titulo/{titulo}", "/recomendacion/{titulo}", "/buscar"]


@pytest.fixture(scope="module")
def server(sample_artifacts, tmp_path_factory):
    with running_server(sample_artifacts, tmp_path_factory.mktemp("log") / "server.log") as (base, _):
        yield base


@pytest.fixture
def offline_page(browser, server):  # noqa: F811 - pytest fixture injection
    blocked: list[str] = []
    context = browser.new_context(locale="es-ES")
    context.set_default_timeout(20_000)

    def only_loopback(route) -> None:
        url = urlsplit(route.request.url)
        if url.scheme == "data" or url.hostname in LOOPBACK:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_loopback)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, blocked, errors
    context.close()


def test_swagger_ui_lists_the_operations_offline(offline_page, server):
    page, blocked, errors = offline_page
    assert page.goto(server + "/docs").status == 200
    for path in OPERATIONS:
        expect(page.locator(".opblock-summary-path", has_text=path).first).to_be_visible()
    expect(page.get_by_text("Películas similares a un título").first).to_be_visible()  # Spanish, with accents
    assert page.locator(".opblock").count() >= 10
    assert blocked == [] and errors == []


def test_redoc_renders_offline(offline_page, server):
    page, blocked, errors = offline_page
    assert page.goto(server + "/redoc").status == 200
    expect(page.locator("h2", has_text="Cantidad de películas estrenadas en un mes")).to_be_visible()
    expect(page.locator("h2", has_text="Películas similares a un título")).to_be_visible()
    assert set(blocked) <= {REDOC_LOGO} and errors == []
