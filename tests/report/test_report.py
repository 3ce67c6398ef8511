"""The EDA report: one self-contained Spanish HTML file whose numbers agree with the API."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from movierec.api.app import create_app
from movierec.config import Settings
from movierec.report import ReportError, build_report, release_counts
from movierec.report.build import missing_section
from movierec.report.data import (load_report_data, missing_curated, missing_raw, people_returns,
                                  read_raw_movies)
from movierec.report.figures import missing_values
from movierec.report.html import figure_html
from movierec.text import MONTHS, WEEKDAYS

REQUIRED_HEADINGS = [
    "Valores faltantes antes y después del ETL",
    "Cuarentena",
    "Distribuciones",
    "Estrenos por año, mes y día de la semana",
    "Géneros, países, idiomas y productoras",
    "Correlaciones",
    "Nubes de palabras",
    "Actores y directores con mayor retorno total",
    "Retornos atípicos por presupuestos diminutos",
]
MIN_FIGURES = 20  # missing values, 6 distributions, 3 release charts, 4 categories, heatmap, 2 clouds, 2 people, outliers


class Page(HTMLParser):
    """Collects what the tests look at: headings, figures, captions, links, table rows."""

    def __init__(self):
        super().__init__()
        self.headings: list[str] = []
        self.figures: list[dict] = []
        self.urls: list[str] = []
        self.rows: dict[str, list[dict]] = {}
        self.scripts = 0
        self._heading: list[str] | None = None
        self._caption: list[str] | None = None
        self._table: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.urls += [value for key, value in attrs.items() if key in ("src", "href") and value]
        if tag == "script" or (tag == "link" and attrs.get("href")):
            self.scripts += 1
        if tag in ("h1", "h2", "h3"):
            self._heading = []
        elif tag == "figure":
            self.figures.append({"images": [], "caption": ""})
        elif tag == "img" and self.figures:
            self.figures[-1]["images"].append(attrs.get("src", ""))
        elif tag == "figcaption":
            self._caption = []
        elif tag == "table":
            self._table = attrs.get("id")
            if self._table:
                self.rows[self._table] = []
        elif tag == "tr" and self._table:
            data = {key[5:]: value for key, value in attrs.items() if key.startswith("data-")}
            if data:
                self.rows[self._table].append(data)

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None
        elif tag == "figcaption" and self._caption is not None:
            self.figures[-1]["caption"] = "".join(self._caption).strip()
            self._caption = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        for buffer in (self._heading, self._caption):
            if buffer is not None:
                buffer.append(data)


@pytest.fixture(scope="module")
def report(sample_artifacts, tmp_path_factory) -> tuple[Path, str, Page]:
    out = tmp_path_factory.mktemp("report") / "reports" / "eda.html"
    stages = []

    def stage(description, total):
        stages.append(description)
        return lambda n: None

    assert build_report(sample_artifacts, out, progress=stage) == out
    assert stages, "the progress callback was never called"
    text = out.read_text(encoding="utf-8")
    page = Page()
    page.feed(text)
    return out, text, page


@pytest.fixture(scope="module")
def client(sample_artifacts):
    return TestClient(create_app(Settings(artifacts=sample_artifacts)))


def test_report_is_written_as_html_in_spanish(report):
    out, text, page = report
    assert out.is_file() and out.stat().st_size > 50_000
    assert text.startswith("<!DOCTYPE html>")
    assert '<html lang="es">' in text
    assert 'charset="utf-8"' in text and 'name="viewport"' in text


def test_report_is_self_contained(report):
    _, text, page = report
    assert page.scripts == 0, "no scripts or external stylesheets"
    external = [url for url in page.urls if not (url.startswith("data:image/") or url.startswith("#"))]
    assert external == ["/"]  # the one link that leaves the report goes back to the page, on the same server
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*['\"]?https?:", text)
    embedded = [src for figure in page.figures for src in figure["images"]]
    assert len(embedded) >= MIN_FIGURES
    assert all(src.startswith("data:image/png;base64,") and len(src) > 2_000 for src in embedded)


def test_report_has_every_required_section(report):
    _, _, page = report
    headings = [re.sub(r"^\d+\.\s*", "", heading) for heading in page.headings]
    for required in REQUIRED_HEADINGS:
        assert required in headings, f"missing section {required!r}"
    # the table of contents links to every section
    for anchor in re.findall(r'<section id="([^"]+)"', report[1]):
        assert f'href="#{anchor}"' in report[1]


def test_every_figure_has_a_caption_with_numbers(report):
    _, _, page = report
    assert len(page.figures) >= MIN_FIGURES
    for figure in page.figures:
        assert len(figure["images"]) == 1
        caption = figure["caption"]
        assert len(caption) > 40, f"caption too short: {caption!r}"
        assert re.search(r"\d", caption), f"caption without a computed number: {caption!r}"
        assert "{" not in caption and "nan" not in caption.lower().split()


def test_captions_are_computed_from_the_data(report, sample_artifacts):
    _, _, page = report
    movies = pd.read_parquet(sample_artifacts / "movies.parquet", columns=["budget"])
    share = round(100 * (movies["budget"] == 0).mean())
    captions = " ".join(figure["caption"] for figure in page.figures)
    assert f"El {share}\xa0% de las películas no informa presupuesto (budget = 0)" in captions


def test_the_report_links_back_to_the_page(report, client):
    _, text, _ = report
    assert '<a href="/">← Volver a la página de consultas</a>' in text
    page = client.get("/")
    assert page.status_code == 200 and 'href="/reporte"' in page.text


def weekday_caption(page: Page) -> str:
    return next(figure["caption"] for figure in page.figures if "/cantidad_filmaciones_dia" in figure["caption"])


def test_the_weekday_caption_says_what_its_figures_say(report, sample_artifacts):
    _, _, page = report
    dates = pd.to_datetime(pd.read_parquet(sample_artifacts / "movies.parquet", columns=["release_date"])["release_date"])
    counts = dates.dt.weekday.value_counts()
    total = counts.sum()
    top = int(counts.idxmax())
    weekend = counts.get(5, 0) + counts.get(6, 0)
    caption = weekday_caption(page)
    assert f"El {WEEKDAYS[top]} concentra el {round(100 * counts[top] / total)}\xa0% de los estrenos" in caption
    assert f"el fin de semana (sábado y domingo) suma el {round(100 * weekend / total)}\xa0%" in caption
    assert ("más que los dos días" if weekend / total > 2 / 7 else "menos que los dos días") in caption
    assert "se agrupan hacia el fin de semana" not in caption
    if counts[top] / total >= 2 / 7:
        assert f"se concentran en el {WEEKDAYS[top]}" in caption


@pytest.mark.parametrize(("counts", "says", "never"), [
    # the case: Friday holds 47 %, the weekend little: not "hacia el fin de semana"
    ({"lunes": 60, "martes": 60, "miércoles": 70, "jueves": 90, "viernes": 470, "sábado": 150, "domingo": 100},
     ["El viernes concentra el 47\xa0%", "se concentran en el viernes", "suma el 25\xa0%, menos que"], ["más que"]),
    ({"lunes": 100, "martes": 100, "miércoles": 100, "jueves": 100, "viernes": 100, "sábado": 250, "domingo": 250},
     ["se reparten entre los días", "suma el 50\xa0%, más que"], ["se concentran", "menos que"]),
])
def test_weekday_caption_follows_any_counts(counts, says, never):
    from movierec.report.figures import releases_per_weekday

    _, caption = releases_per_weekday({"dia": counts})
    for text in says:
        assert text in caption
    for text in never:
        assert text not in caption


def test_the_year_caption_claims_recent_films_only_when_the_median_is(report, sample_artifacts):
    _, _, page = report
    years = pd.read_parquet(sample_artifacts / "movies.parquet", columns=["release_year"])["release_year"]
    caption = next(figure["caption"] for figure in page.figures if "el año con más estrenos" in figure["caption"])
    recent = int(years.median()) > (years.min() + years.max()) / 2
    assert f"el punto medio de ese rango es {(years.min() + years.max()) / 2:.0f})" in caption  # a year: no "1.964"
    assert ("no está cargado hacia el cine reciente" not in caption) == recent


def test_month_and_weekday_counts_match_the_api(report, client, sample_artifacts):
    _, _, page = report
    counts = release_counts(pd.read_parquet(sample_artifacts / "movies.parquet"))
    assert list(counts["mes"]) == list(MONTHS) and list(counts["dia"]) == list(WEEKDAYS)
    for month in MONTHS:
        answer = client.get(f"/cantidad_filmaciones_mes/{month}")
        assert answer.status_code == 200
        assert counts["mes"][month] == answer.json()["cantidad"], month
    for day in WEEKDAYS:
        answer = client.get(f"/cantidad_filmaciones_dia/{day}")
        assert answer.status_code == 200
        assert counts["dia"][day] == answer.json()["cantidad"], day
    # and the tables printed in the report carry the same numbers
    assert {row["mes"]: int(row["cantidad"]) for row in page.rows["tabla-meses"]} == counts["mes"]
    assert {row["dia"]: int(row["cantidad"]) for row in page.rows["tabla-dias"]} == counts["dia"]
    manifest = json.loads((sample_artifacts / "manifest.json").read_text())
    assert sum(counts["mes"].values()) == sum(counts["dia"].values()) == manifest["movies"]["rows_kept"]


def test_top_people_use_the_api_rule(client, sample_artifacts):
    movies = pd.read_parquet(sample_artifacts / "movies.parquet")
    cast = pd.read_parquet(sample_artifacts / "cast.parquet")
    crew = pd.read_parquet(sample_artifacts / "crew.parquet")
    people = people_returns(movies, cast, crew)
    for role, route, key in (("actors", "get_actor", "actor"), ("directors", "get_director", "director")):
        for row in people[role].head(5).itertuples():
            answer = client.get(f"/{route}/{row.name}").json()
            assert answer[key] == row.name
            assert answer["cantidad_peliculas"] == row.films
            assert answer["retorno_total"] == pytest.approx(row.total_return)


def test_tiny_budget_table_lists_only_films_under_1000(report, sample_artifacts):
    _, text, page = report
    rows = page.rows.get("tabla-presupuestos-diminutos")
    assert rows, "the tiny-budget table is missing"
    assert all(0 < float(row["budget"]) < 1000 for row in rows)
    movies = pd.read_parquet(sample_artifacts / "movies.parquet")
    tiny = movies[(movies["budget"] > 0) & (movies["budget"] < 1000)]
    listed = {int(row["id"]) for row in rows}
    assert listed <= set(tiny["id"])
    # the biggest outliers are listed first
    worst = tiny.sort_values("return", ascending=False).head(3)
    assert [int(row["id"]) for row in rows[:3]] == worst["id"].tolist()
    assert len(listed) == min(len(tiny), 25)


def test_quarantine_table_matches_the_manifest(report, sample_artifacts):
    _, text, _ = report
    manifest = json.loads((sample_artifacts / "manifest.json").read_text())
    section = text.split('id="tabla-cuarentena"')[1].split("</table>")[0]
    for name in ("movies", "credits", "ratings", "links"):
        for reason in manifest[name]["reasons"]:
            assert f"<td>{reason}</td>" in section


def test_missing_raw_file_skips_only_that_panel(sample_artifacts, tmp_path):
    manifest = json.loads((sample_artifacts / "manifest.json").read_text())
    manifest["inputs"]["movies"]["path"] = str(tmp_path / "gone" / "movies_dataset.csv.gz")
    raw = read_raw_movies(manifest)
    assert raw.frame is None and "ya no está disponible" in raw.note
    assert str(tmp_path) not in raw.note and "movies_dataset.csv.gz" in raw.note
    data = load_report_data(sample_artifacts)
    data.raw = raw
    curated = missing_curated(data.movies)
    fig, caption = missing_values(None, curated)
    assert len(fig.axes) == 1, "only the after-ETL panel is drawn"
    html = "".join(missing_section(data, None, curated, figure_html(fig, caption)))
    assert "ya no está disponible" in html
    assert "vacías o nulas después" in html and "vacías antes" not in html
    assert html.count("<figure>") == 1


def test_report_names_the_raw_file_relative_to_the_project(sample_artifacts):
    raw = read_raw_movies(json.loads((sample_artifacts / "manifest.json").read_text()))
    assert raw.path == "data/sample/movies_dataset.csv.gz"


def test_raw_missing_values_are_counted_from_the_raw_file(sample_artifacts):
    manifest = json.loads((sample_artifacts / "manifest.json").read_text())
    raw = read_raw_movies(manifest)
    assert raw.frame is not None and raw.note is None
    assert len(raw.frame) == manifest["movies"]["rows_in"]
    counts = missing_raw(raw.frame).set_index("column")
    # every row quarantined for a missing date has an empty raw date (others may fail an earlier rule)
    assert counts.loc["release_date", "empty"] >= manifest["movies"]["reasons"].get("missing_release_date", 0) > 0


def test_missing_artifacts_give_a_spanish_error(tmp_path):
    with pytest.raises(ReportError, match="No hay artefactos"):
        build_report(tmp_path / "nothing", tmp_path / "eda.html")
    assert not (tmp_path / "eda.html").exists()
