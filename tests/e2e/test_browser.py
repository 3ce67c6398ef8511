"""End-to-end in a real browser: Debian's headless Chromium, driven by Playwright, uses the page of the
real `movierec serve` the way a person would. Nothing here skips: a missing browser is a failure."""

import os
import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from movierec.config import PACKAGE_DIR
from tests.e2e.conftest import get, running_server

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # the browser fixture turns this into a failure, never a skip
    expect = sync_playwright = None

pytestmark = pytest.mark.e2e

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
POSTER_HOST = "image.tmdb.org"  # the one other host the page may load from (posters), never reached in tests
WEB_DIR = PACKAGE_DIR / "web"
# What Chromium logs for a fetch answered 4xx: expected where the test provokes a 404.
HTTP_ERROR_LOG = re.compile(r"^Failed to load resource: the server responded with a status of 4\d\d\b")


def fetch(url: str):
    """(status, headers looked up case-insensitively, body) of a GET."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def server(sample_artifacts, tmp_path_factory):
    with running_server(sample_artifacts, tmp_path_factory.mktemp("log") / "server.log") as (base, _):
        status, _, _ = fetch(base + "/")
        if status != 200:
            pytest.fail(f"GET / answered {status}: the page router (movierec.api.routes.pages) is not mounted")
        yield base


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's package (apt-get install chromium)")
    if sync_playwright is None:
        pytest.fail("the playwright Python package is not installed in this environment (pip install playwright)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Session:
    """A fresh browser context on the page, recording what a person would not see in the page."""

    def __init__(self, browser, base: str, **context_options):
        self.base = base
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.foreign_requests: list[str] = []
        self.poster_requests: list[str] = []
        self.context = browser.new_context(locale="es-ES", **context_options)
        self.context.set_default_timeout(15_000)
        self.context.route("**/*", self._only_loopback)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        self.page.on("request", self._record)
        response = self.page.goto(base + "/")
        assert response is not None and response.status == 200, "GET / must serve the page"

    def _console(self, message) -> None:
        # a poster that cannot load (these tests are offline) is the page's expected case, not an error
        if message.type == "error" and urlsplit(message.location.get("url", "")).hostname != POSTER_HOST:
            self.console_errors.append(message.text)

    def _record(self, request) -> None:
        host = urlsplit(request.url).hostname
        if host == POSTER_HOST and request.resource_type == "image":
            self.poster_requests.append(request.url)
        elif urlsplit(request.url).scheme != "data" and host not in LOOPBACK:
            self.foreign_requests.append(request.url)

    def _only_loopback(self, route) -> None:
        # Belt and braces: besides recording them, requests that would leave the machine are never sent.
        if urlsplit(route.request.url).scheme == "data" or urlsplit(route.request.url).hostname in LOOPBACK:
            route.continue_()
        else:
            route.abort()

    def assert_clean(self, allow_http_errors: bool = False) -> None:
        """No JavaScript error, no request to another host, (unless a 4xx was provoked) no console error,
    and no missing value printed on the page."""
        assert self.page_errors == []
        assert self.foreign_requests == []
        errors = [text for text in self.console_errors if not (allow_http_errors and HTTP_ERROR_LOG.match(text))]
        assert errors == []
        shown = self.page.inner_text("body")  # a field the answer lacks would print as "undefined"
        assert not re.search(r"\bundefined\b|\bNaN\b|\bnull\b", shown), shown


@pytest.fixture
def session(browser, server):
    current = Session(browser, server, viewport={"width": 1280, "height": 900})
    yield current
    current.context.close()


def submit(page, box: str, text: str) -> None:
    """Type `text` into the form field `box` (a selector) and send it with Enter, as a person does."""
    page.locator(box).fill(text)
    page.locator(box).press("Enter")


def digits(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def test_typing_a_title_and_picking_a_suggestion_shows_card_and_recommendations(session):
    page, server = session.page, session.base
    page.locator("#titulo").press_sequentially("toy st", delay=40)
    page.get_by_role("option", name="Toy Story (1995)", exact=True).click()

    score = get(server, "/score_titulo/Toy Story?anio=1995")[1]
    expect(page.locator("#ficha-titulo")).to_have_text("Toy Story")
    expect(page.locator("#ficha-anio-valor")).to_have_text("1995")
    expect(page.locator("#ficha-score")).to_have_text(score["texto"]["score"])
    expect(page.locator("#ficha-sinopsis")).to_have_text(get(server, "/pelicula/Toy Story")[1]["sinopsis"])
    expect(page.locator("#ficha-votos")).to_have_text("5.415")
    expect(page.locator("#ficha-promedio")).to_have_text("7,7")

    status, recs = get(server, "/recomendacion/Toy Story?anio=1995&k=5")
    assert status == 200, recs
    items = page.locator("#recomendaciones li")
    expect(items).to_have_count(5)
    for item, film in zip(items.all(), recs["detalle"]):
        expect(item).to_contain_text(f"{film['titulo']} ({film['anio']})")
        expect(item).to_contain_text(f"similitud {round(film['similitud'] * 100)}\xa0%")
        expect(item).to_contain_text(film["motivo"])
    assert page.locator("#titulo-error").is_hidden()

    # A recommendation is clickable: it loads its own card.
    first = recs["detalle"][0]
    items.first.get_by_role("button").click()
    expect(page.locator("#ficha-titulo")).to_have_text(first["titulo"])
    expect(page.locator("#ficha-anio-valor")).to_have_text(str(first["anio"]))
    expect(page.locator("#recomendaciones li")).to_have_count(5)
    session.assert_clean()


def test_suggestions_can_be_picked_with_the_keyboard(session):
    page = session.page
    page.locator("#titulo").press_sequentially("jumanj", delay=40)
    expect(page.get_by_role("option").first).to_have_text("Jumanji (1995)")
    expect(page.locator("#titulo")).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#ficha-titulo")).to_have_text("Jumanji")
    expect(page.locator("#sugerencias")).to_be_hidden()
    session.assert_clean()


def test_an_unknown_title_shows_the_suggestions_and_a_suggestion_loads_its_card(session):
    page, server = session.page, session.base
    status, body = get(server, "/score_titulo/toy stroy")
    assert status == 404
    submit(page, "#titulo", "toy stroy")

    error = page.locator("#titulo-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(body["detail"])
    expect(error.get_by_role("button")).to_have_text(body["sugerencias"])
    assert page.locator("#ficha").is_hidden()

    error.get_by_role("button", name="Toy Story", exact=True).click()
    expect(page.locator("#ficha-titulo")).to_have_text("Toy Story")
    expect(page.locator("#ficha-anio-valor")).to_have_text("1995")
    expect(error).to_be_hidden()
    session.assert_clean(allow_http_errors=True)


def test_homonyms_are_offered_and_picked_by_year(session):
    page, server = session.page, session.base
    score = get(server, "/score_titulo/Hamlet")[1]
    assert score["otras_coincidencias"], "the sample has several films titled Hamlet"
    submit(page, "#titulo", "Hamlet")
    expect(page.locator("#ficha-anio-valor")).to_have_text(str(score["anio"]))
    other = score["otras_coincidencias"][0]
    page.locator("#ficha-otras").get_by_role("button", name=f"Hamlet ({other['anio']})").click()
    expect(page.locator("#ficha-anio-valor")).to_have_text(str(other["anio"]))
    expect(page.locator("#ficha-titulo")).to_have_text("Hamlet")
    session.assert_clean()


def test_a_film_under_2000_votes_says_so(session):
    page, server = session.page, session.base
    votes = get(server, "/votos_titulo/Heat")[1]
    assert not votes["cumple_minimo"]
    submit(page, "#titulo", "Heat")
    expect(page.locator("#ficha-votos")).to_have_text("No llega a 2.000")
    expect(page.locator("#ficha-votos-mensaje")).to_have_text(votes["mensaje"])
    expect(page.locator("#recomendaciones li")).to_have_count(5)
    session.assert_clean()


def test_a_title_with_a_slash_loads_its_card(session):
    page = session.page
    page.locator("#titulo").press_sequentially("face/o", delay=40)
    page.get_by_role("option", name="Face/Off (1997)").click()
    expect(page.locator("#ficha-titulo")).to_have_text("Face/Off")
    expect(page.locator("#recomendaciones li")).to_have_count(5)
    session.assert_clean()


@pytest.mark.parametrize(("picker", "route", "values"), [
    ("#mes", "/cantidad_filmaciones_mes/", ["marzo", "septiembre", "diciembre"]),
    ("#dia", "/cantidad_filmaciones_dia/", ["miércoles", "sábado", "domingo"]),
])
def test_month_and_weekday_pickers_show_the_api_counts(session, picker, route, values):
    page, server = session.page, session.base
    for value in values:
        status, body = get(server, route + value)
        assert status == 200
        page.locator(picker).select_option(value)
        expect(page.locator(f"{picker}-mensaje")).to_have_text(body["mensaje"])
        assert digits(page.locator(f"{picker}-cantidad").text_content()) == body["cantidad"]
    session.assert_clean()


def test_actor_and_director_lookups(session):
    page, server = session.page, session.base
    actor = get(server, "/get_actor/tom hanks")[1]
    submit(page, "#actor", "tom hanks")
    expect(page.locator("#actor-nombre")).to_have_text("Tom Hanks")
    expect(page.locator("#actor-cantidad")).to_have_text(str(actor["cantidad_peliculas"]))
    expect(page.locator("#actor-mensaje")).to_have_text(actor["mensaje"])

    director = get(server, "/get_director/john lasseter")[1]
    submit(page, "#director", "john lasseter")
    expect(page.locator("#director-nombre")).to_have_text("John Lasseter")
    rows = page.locator("#director-peliculas tbody tr")
    expect(rows).to_have_count(director["cantidad_peliculas"])
    for row, film in zip(rows.all(), director["peliculas"]):
        expect(row).to_contain_text(film["titulo"])
        year, month, day = film["fecha_lanzamiento"].split("-")
        expect(row.locator("td").nth(1)).to_have_text(re.compile(rf"^{int(day)} de [a-z]+ de {year}$"))
        expect(row.locator("td").nth(3)).to_have_text(film["texto"]["costo"])
    expect(rows.first.locator("td").nth(3)).to_have_text("USD 30 millones")  # Toy Story's budget

    # A film of the list opens its card.
    rows.first.get_by_role("button").click()
    expect(page.locator("#ficha-titulo")).to_have_text(director["peliculas"][0]["titulo"])
    session.assert_clean()


def test_a_misspelt_actor_shows_suggestions(session):
    page = session.page
    submit(page, "#actor", "tom hnks")
    error = page.locator("#actor-error")
    expect(error).to_contain_text("No se encontró al actor o actriz 'tom hnks'.")
    error.get_by_role("button", name="Tom Hanks", exact=True).click()
    expect(page.locator("#actor-nombre")).to_have_text("Tom Hanks")
    expect(error).to_be_hidden()
    session.assert_clean(allow_http_errors=True)


def test_recommendations_for_a_user(session):
    page, server = session.page, session.base
    status, body = get(server, "/recomendacion_usuario/1")
    assert status == 200, body
    submit(page, "#usuario-id", "1")
    items = page.locator("#usuario-lista li")
    expect(items).to_have_count(len(body["detalle"]))
    for item, film in zip(items.all(), body["detalle"]):
        expect(item).to_contain_text(f"{film['titulo']} ({film['anio']})")
        expect(item).to_contain_text(film["motivo"])
        expect(item).to_contain_text(f"afinidad {film['texto']['puntaje']}")
        expect(item).not_to_contain_text("puntaje")
    expect(items.first).to_contain_text("afinidad 100\xa0%")
    assert any(film["motivo"].startswith("porque valoró bien ") for film in body["detalle"]), body

    submit(page, "#usuario-id", "999999")
    expect(page.locator("#usuario-error")).to_contain_text("999999")
    expect(page.locator("#usuario-resultado")).to_be_hidden()
    session.assert_clean(allow_http_errors=True)


def test_a_missing_endpoint_is_reported_in_spanish(session):
    """If the recommendation route is not there, the card still shows and says so clearly."""
    page = session.page
    page.route("**/recomendacion/**", lambda route: route.fulfill(
        status=404, content_type="application/json", body='{"detail": "Ruta no encontrada."}'))
    submit(page, "#titulo", "Toy Story")
    expect(page.locator("#ficha-titulo")).to_have_text("Toy Story")
    expect(page.locator("#recomendaciones-error")).to_contain_text("todavía no está disponible en el servidor")
    expect(page.locator("#recomendaciones li")).to_have_count(0)
    session.assert_clean(allow_http_errors=True)


def test_full_card_with_poster_placeholder_cast_and_collection(session):
    page, server = session.page, session.base
    card = get(server, "/pelicula/Toy Story 2")[1]
    submit(page, "#titulo", "Toy Story 2")
    expect(page.locator("#ficha-titulo")).to_have_text("Toy Story 2")
    expect(page.locator("#ficha-sinopsis")).to_have_text(card["sinopsis"])
    expect(page.locator("#ficha-eslogan")).to_have_text(card["eslogan"])
    expect(page.locator("#ficha-generos li")).to_have_text(card["generos"])
    expect(page.locator("#ficha-datos")).to_contain_text("92 min")
    expect(page.locator("#ficha-datos")).to_contain_text("inglés")
    expect(page.locator("#ficha-reparto li")).to_have_count(len(card["reparto"]))
    expect(page.locator("#ficha-reparto li").first).to_contain_text("Woody (voice)")
    expect(page.locator("#ficha-direccion")).to_have_text("Dirección: John Lasseter")
    expect(page.locator("#ficha-dudoso")).to_be_hidden()
    # offline (every request off this machine is aborted): the poster was asked for, the drawn placeholder shows
    expect(page.locator("#ficha-poster .poster-placeholder")).to_be_visible()
    assert session.poster_requests == [card["poster"]]
    page.locator("#ficha-coleccion").get_by_role("button", name="Toy Story (1995)").click()
    expect(page.locator("#ficha-titulo")).to_have_text("Toy Story")
    session.assert_clean()


def test_original_title_and_doubtful_return_on_the_card(session):
    page = session.page
    submit(page, "#titulo", "La vita è bella")
    expect(page.locator("#ficha-titulo")).to_have_text("Life Is Beautiful")
    expect(page.locator("#ficha-original")).to_have_text("Título original: La vita è bella")
    submit(page, "#titulo", "Modern Times")
    expect(page.locator("#ficha-titulo")).to_have_text("Modern Times")
    expect(page.locator("#ficha-dudoso")).to_be_visible()
    session.assert_clean()


def test_director_and_cast_open_the_person_panel_with_the_films(session):
    page, server = session.page, session.base
    submit(page, "#titulo", "Toy Story")
    page.locator("#ficha-direccion").get_by_role("button", name="John Lasseter").click()
    director = get(server, "/get_director/John Lasseter")[1]
    expect(page.locator("#director-nombre")).to_have_text("John Lasseter")
    expect(page.locator("#director-peliculas tbody tr")).to_have_count(director["cantidad_peliculas"])
    page.locator("#ficha-reparto").get_by_role("button", name="Tom Hanks").click()
    actor = get(server, "/get_actor/Tom Hanks")[1]
    expect(page.locator("#actor-nombre")).to_have_text("Tom Hanks")
    expect(page.locator("#actor-peliculas tbody tr")).to_have_count(actor["cantidad_peliculas"])
    expect(page.locator("#actor-peliculas tbody tr").first).to_contain_text(actor["peliculas"][0]["personaje"])
    expect(page.locator("#actor-dudoso")).to_be_hidden()
    submit(page, "#director", "Charlie Chaplin")
    doubtful = get(server, "/get_director/Charlie Chaplin")[1]["peliculas_retorno_dudoso"]
    expect(page.locator("#director-dudoso")).to_contain_text(f"{doubtful} película")
    expect(page.locator("#director-peliculas .doubt")).to_have_count(doubtful)
    session.assert_clean()


def test_explorar_lists_pages_and_filters_like_the_api(session):
    page, server = session.page, session.base
    first = get(server, "/explorar")[1]
    expect(page.locator("#explorar-lista li")).to_have_count(len(first["resultados"]))
    expect(page.locator("#explorar-lista .film-title").first).to_have_text(first["resultados"][0]["titulo"])
    expect(page.locator("#explorar-anterior")).to_be_disabled()
    page.locator("#explorar-siguiente").click()
    second = get(server, "/explorar?pagina=2")[1]
    expect(page.locator("#explorar-lista .film-title").first).to_have_text(second["resultados"][0]["titulo"])
    page.locator("#explorar-genero").select_option("Animación")
    page.locator("#explorar-decada").select_option("1990")
    chosen = get(server, "/explorar?genero=Animación&decada=1990")[1]
    expect(page.locator("#explorar-mensaje")).to_have_text(chosen["mensaje"])
    expect(page.locator("#explorar-lista .film-title")).to_have_text([film["titulo"] for film in chosen["resultados"]])
    page.locator("#explorar-lista .film-link").first.click()
    expect(page.locator("#ficha-titulo")).to_have_text(chosen["resultados"][0]["titulo"])
    session.assert_clean()


def test_a_title_without_matches_says_so_and_clears_the_previous_card(session):
    page = session.page
    submit(page, "#titulo", "Toy Story")
    expect(page.locator("#ficha-titulo")).to_have_text("Toy Story")
    page.locator("#titulo").fill("")
    page.locator("#titulo").press_sequentially("padrinoxq", delay=30)
    error = page.locator("#titulo-error")
    expect(error).to_contain_text("Sin coincidencias. Ninguna película tiene un título parecido a «padrinoxq».")
    expect(page.locator("#ficha")).to_be_hidden()
    expect(page.locator("#sugerencias")).to_be_hidden()
    # typing something that matches again takes the message away
    page.locator("#titulo").fill("")
    page.locator("#titulo").press_sequentially("toy st", delay=30)
    expect(page.get_by_role("option").first).to_be_visible()
    expect(error).to_be_hidden()
    session.assert_clean()


def suggestion_patterns(films: list[dict], people: list[dict]) -> list:
    """What the options say, in order: every film as "Title (year)", then every person by name."""
    return ([re.compile(f"^{re.escape(film['titulo'])} \\({film['anio']}\\)$") for film in films]
            + [re.compile(f"^{re.escape(person['nombre'])} ") for person in people])


def test_the_title_box_suggests_people_and_the_keyboard_opens_their_films(session):
    page, server = session.page, session.base
    name = get(server, "/buscar_personas?q=hanks")[1]["resultados"][0]["nombre"]
    prefix = name[:len(name) - 2].lower()  # a prefix of a name the API knows, not a hard-coded count
    films = get(server, f"/buscar?q={prefix}")[1]["resultados"]
    people = get(server, f"/buscar_personas?q={prefix}")[1]["resultados"]
    position = next(index for index, person in enumerate(people) if person["nombre"] == name)
    person = people[position]
    assert person["peliculas_como_actor"] > 0

    page.locator("#titulo").press_sequentially(prefix, delay=40)
    expect(page.locator("#sugerencias").get_by_role("option")).to_have_text(suggestion_patterns(films, people))
    expect(page.get_by_role("group", name="Personas")).to_be_visible()
    option = page.locator(f"#sugerencias [data-persona='{name}']")
    noun = "película" if person["peliculas_como_actor"] == 1 else "películas"
    expect(option).to_contain_text(f"Actor o actriz · {person['texto']['peliculas_como_actor']} {noun}")
    if person["peliculas_como_director"]:
        expect(option).to_contain_text(f"Dirección · {person['texto']['peliculas_como_director']}")

    for _ in range(len(films) + position + 1):
        page.keyboard.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(page.locator("#titulo")).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    page.keyboard.press("Enter")
    expect(page.locator("#sugerencias")).to_be_hidden()
    actor = get(server, f"/get_actor/{name}")[1]
    expect(page.locator("#actor-nombre")).to_have_text(name)
    expect(page.locator("#actor-resultado")).to_be_visible()
    expect(page.locator("#actor-peliculas tbody tr")).to_have_count(actor["cantidad_peliculas"])
    expect(page.locator("#actor-peliculas tbody tr").first).to_contain_text(actor["peliculas"][0]["titulo"])
    expect(page.locator("#director-resultado")).to_be_visible(visible=bool(person["peliculas_como_director"]))
    session.assert_clean()


def test_a_film_title_still_suggests_films_first_and_opens_the_card(session):
    page, server = session.page, session.base
    films = get(server, "/buscar?q=toy st")[1]["resultados"]
    people = get(server, "/buscar_personas?q=toy st")[1]["resultados"]
    page.locator("#titulo").press_sequentially("toy st", delay=40)
    expect(page.locator("#sugerencias").get_by_role("option")).to_have_text(suggestion_patterns(films, people))
    expect(page.get_by_role("group", name="Películas")).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#ficha-titulo")).to_have_text(films[0]["titulo"])
    expect(page.locator("#ficha-anio-valor")).to_have_text(str(films[0]["anio"]))
    session.assert_clean()


def test_a_query_matching_no_film_nor_person_says_so(session):
    page, server = session.page, session.base
    assert get(server, "/buscar_personas?q=zzqxw")[1]["resultados"] == []
    page.locator("#titulo").press_sequentially("zzqxw", delay=30)
    message = get(server, "/buscar?q=zzqxw")[1]["mensaje"]
    expect(page.locator("#titulo-error")).to_contain_text(f"Sin coincidencias. {message}")
    expect(page.locator("#sugerencias")).to_be_hidden()
    expect(page.locator("#titulo")).to_have_attribute("aria-expanded", "false")
    session.assert_clean()


@pytest.mark.parametrize(("form", "box", "message"), [
    ("#form-titulo", "#titulo", "Escriba parte del título de una película."),
    ("#form-actor", "#actor", "Escriba el nombre de un actor o actriz."),
    ("#form-director", "#director", "Escriba el nombre de un director o directora."),
    ("#form-usuario", "#usuario-id", "Escriba un id de usuario: un número entero mayor que cero."),
])
def test_empty_input_gets_a_spanish_message_not_a_browser_tooltip(session, form, box, message):
    page = session.page
    assert page.locator(form).get_attribute("novalidate") is not None
    submit(page, box, "   ")
    error = page.locator(form.replace("#form-", "#").replace("#usuario", "#usuario") + "-error")
    expect(error).to_have_text(message)
    assert page.evaluate(f"document.querySelector('{form}').noValidate")  # the browser's own check never runs
    session.assert_clean()


def test_invalid_user_id_gets_a_spanish_message(session):
    page = session.page
    submit(page, "#usuario-id", "1.5")
    expect(page.locator("#usuario-error")).to_have_text(
        "El id de usuario es un número entero mayor que cero, escrito solo con cifras.")
    expect(page.locator("#usuario-resultado")).to_be_hidden()
    session.assert_clean()


def test_on_a_375px_phone_nothing_overflows_and_the_wide_table_says_it_scrolls(browser, server):
    phone = Session(browser, server, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = phone.page
        submit(page, "#titulo", "Toy Story")
        expect(page.locator("#recomendaciones li")).to_have_count(5)
        submit(page, "#director", "john lasseter")
        films = get(server, "/get_director/john lasseter")[1]["cantidad_peliculas"]
        expect(page.locator("#director-peliculas tbody tr")).to_have_count(films)
        wrap = page.locator("#director-resultado .table-wrap")
        assert wrap.evaluate("node => node.scrollWidth > node.clientWidth"), "the table is wider than a phone"
        expect(wrap).to_have_class(re.compile(r"\bscrolls\b"))
        expect(page.locator("#director-resultado .scroll-hint")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert page.evaluate("document.body.scrollWidth") <= 375
        # scrolled to its end, the table no longer hints that there is more
        wrap.evaluate("node => { node.scrollLeft = node.scrollWidth; node.dispatchEvent(new Event('scroll')); }")
        expect(wrap).not_to_have_class(re.compile(r"\bscrolls\b"))
        phone.assert_clean()
    finally:
        phone.context.close()


def test_a_table_that_fits_gives_no_scroll_hint(browser, server):
    tablet = Session(browser, server, viewport={"width": 900, "height": 900})  # one column, room for the table
    try:
        page = tablet.page
        submit(page, "#director", "john lasseter")
        films = get(server, "/get_director/john lasseter")[1]["cantidad_peliculas"]
        expect(page.locator("#director-peliculas tbody tr")).to_have_count(films)
        wrap = page.locator("#director-resultado .table-wrap")
        assert wrap.evaluate("node => node.scrollWidth <= node.clientWidth"), "the table fits at 900 px"
        expect(page.locator("#director-resultado .scroll-hint")).to_be_hidden()
        expect(wrap).not_to_have_class(re.compile(r"\bscrolls\b"))
        # narrowed to a phone's width, the same table starts saying it scrolls
        page.set_viewport_size({"width": 360, "height": 800})
        expect(wrap).to_have_class(re.compile(r"\bscrolls\b"))
        expect(page.locator("#director-resultado .scroll-hint")).to_be_visible()
        tablet.assert_clean()
    finally:
        tablet.context.close()


def test_the_page_never_formats_numbers_itself():
    """One owner for Spanish formats (movierec.spanish): the page shows the API's `texto` fields."""
    script = (WEB_DIR / "app.js").read_text()
    assert not re.search(r"\bIntl\.|toLocaleString|toFixed|toLocaleDateString", script)
    assert "texto." in script


def test_page_files_load_nothing_from_other_hosts():
    for path in WEB_DIR.iterdir():
        text = path.read_text()
        if path.suffix == ".svg":  # the SVG namespace is an identifier, not a request
            text = text.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/|@import", text, re.IGNORECASE), path.name


def test_static_files_are_limited_to_the_page(server):
    status, headers, body = fetch(server + "/")
    assert status == 200 and headers["content-type"].startswith("text/html") and b'lang="es"' in body
    assert "default-src 'none'" in headers["content-security-policy"]
    assert "img-src 'self' data: https://image.tmdb.org;" in headers["content-security-policy"]
    for name, kind in (("app.js", "text/javascript"), ("style.css", "text/css"), ("favicon.svg", "image/svg+xml")):
        status, headers, _ = fetch(f"{server}/static/{name}")
        assert (status, headers["content-type"].split(";")[0]) == (200, kind)
    for path in ("/static/missing.js", "/static/..%2F..%2Fconfig.py", "/static/%2E%2E%2Fapi%2Fapp.py",
                 "/static/../api/app.py"):
        status, _, _ = fetch(server + path)
        assert status == 404, path


def test_report_is_served_or_explained(server):
    status, headers, body = fetch(server + "/reporte")
    if status == 200:
        assert headers["content-type"].startswith("text/html")
    else:
        assert status == 404
        assert b"movierec report" in body
