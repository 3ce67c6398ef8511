"""Build the EDA report: read the artifacts, draw every figure, write one HTML file."""

import os
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from movierec import __version__
from movierec.progress import Stage, silent_stage
from movierec.report import data as d
from movierec.report import figures as f
from movierec.spanish import MONTHS, WEEKDAYS, money, num, pct
from movierec.report.html import Section, figure_html, grid, kpis, paragraph, render_page, table_html

TITLE = "Análisis exploratorio del catálogo de películas"
SECTION_TITLES = {
    "resumen": "Resumen",
    "faltantes": "Valores faltantes antes y después del ETL",
    "cuarentena": "Cuarentena",
    "distribuciones": "Distribuciones",
    "estrenos": "Estrenos por año, mes y día de la semana",
    "categorias": "Géneros, países, idiomas y productoras",
    "correlaciones": "Correlaciones",
    "palabras": "Nubes de palabras",
    "personas": "Actores y directores con mayor retorno total",
    "atipicos": "Retornos atípicos por presupuestos diminutos",
}
FILE_LABELS = {"movies": "películas", "credits": "créditos", "ratings": "valoraciones", "links": "enlaces"}


def build_report(artifacts: Path, out: Path, progress: Stage | None = None) -> Path:
    """Write the self-contained EDA report for `artifacts` to `out`; returns `out`.

    Raises data.ReportError (Spanish message) when the artifacts cannot be read.
    """
    stage = progress or silent_stage
    out = Path(out)
    advance = stage("Leyendo artefactos", None)
    data = d.load_report_data(Path(artifacts))
    advance(1)

    movies = data.movies
    n_movies = len(movies)
    counts = d.release_counts(movies)
    tiny = d.tiny_budget_films(movies)
    people = d.people_returns(movies, data.cast, data.crew)
    people_clean = d.people_returns(movies[~movies["id"].isin(tiny["id"])], data.cast, data.crew)
    raw_missing = d.missing_raw(data.raw.frame) if data.raw.frame is not None else None
    curated_missing = d.missing_curated(movies)
    first_of_january = int(movies["release_date"].str.endswith("-01-01").sum())

    # each figure is drawn lazily so the progress bar can count them
    charts: dict[str, Callable[[], tuple]] = {
        "missing": lambda: f.missing_values(raw_missing, curated_missing),
        "budget": lambda: f.budget_distribution(movies),
        "revenue": lambda: f.revenue_distribution(movies),
        "return": lambda: f.return_distribution(movies),
        "runtime": lambda: f.runtime_distribution(movies),
        "vote_average": lambda: f.vote_average_distribution(movies),
        "popularity": lambda: f.popularity_distribution(movies),
        "year": lambda: f.releases_per_year(movies),
        "month": lambda: f.releases_per_month(counts, first_of_january),
        "weekday": lambda: f.releases_per_weekday(counts),
        "genres": lambda: f.top_genres(data.nested["genres"], n_movies),
        "countries": lambda: f.top_countries(data.nested["countries"], n_movies),
        "languages": lambda: f.top_languages(movies, data.nested["languages"]),
        "companies": lambda: f.top_companies(data.nested["companies"], n_movies),
        "correlation": lambda: f.correlation_heatmap(movies),
        "titles": lambda: f.titles_wordcloud(movies),
        "overviews": lambda: f.overviews_wordcloud(movies),
        "actors": lambda: f.top_people(people["actors"], people_clean["actors"], "actors"),
        "directors": lambda: f.top_people(people["directors"], people_clean["directors"], "directors"),
        "tiny": lambda: f.tiny_budget_returns(movies, tiny),
    }
    advance = stage("Dibujando figuras", len(charts))
    rendered: dict[str, str] = {}
    for name, draw in charts.items():
        fig, caption = draw()
        rendered[name] = figure_html(fig, caption)
        advance(1)

    advance = stage("Escribiendo el informe", None)
    sections = [
        Section("resumen", SECTION_TITLES["resumen"], _summary(data, n_movies)),
        Section("faltantes", SECTION_TITLES["faltantes"],
                missing_section(data, raw_missing, curated_missing, rendered["missing"])),
        Section("cuarentena", SECTION_TITLES["cuarentena"], _quarantine_blocks(data)),
        Section("distribuciones", SECTION_TITLES["distribuciones"], [
            paragraph("Presupuesto, ingresos, retorno y popularidad van en escala logarítmica: unas pocas "
                      "películas valen cientos de veces más que la típica. Los ceros de presupuesto e ingresos "
                      "significan «sin dato» y no se grafican."),
            grid(*(rendered[k] for k in ("budget", "revenue", "return", "runtime", "vote_average", "popularity"))),
        ]),
        Section("estrenos", SECTION_TITLES["estrenos"], [
            rendered["year"], grid(rendered["month"], rendered["weekday"]), _release_tables(counts),
        ]),
        Section("categorias", SECTION_TITLES["categorias"], [
            grid(rendered["genres"], rendered["countries"]), grid(rendered["languages"], rendered["companies"]),
        ]),
        Section("correlaciones", SECTION_TITLES["correlaciones"], [rendered["correlation"]]),
        Section("palabras", SECTION_TITLES["palabras"], [
            paragraph("Se quitaron las palabras vacías en inglés y en español (the, of, el, de…) y las de menos de "
                      "tres letras."),
            rendered["titles"], rendered["overviews"],
        ]),
        Section("personas", SECTION_TITLES["personas"], _people_blocks(people, rendered)),
        Section("atipicos", SECTION_TITLES["atipicos"], _tiny_blocks(tiny, rendered["tiny"])),
    ]
    created = datetime.now(timezone.utc).astimezone().strftime("%d/%m/%Y %H:%M")
    manifest = data.manifest
    meta = (f"Generado el {created} a partir de {data.artifacts} (movierec {__version__}; artefactos del "
            f"{_local_time(manifest.get('created_at'))}, código {manifest.get('code_version', '?')}).")
    page = render_page(TITLE, meta, sections)
    _write_atomically(out, page)
    advance(1)
    return out


def _local_time(iso: str | None) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%d/%m/%Y %H:%M")
    except (TypeError, ValueError):
        return "?"


def _write_atomically(out: Path, text: str) -> None:
    """Write next to `out` and rename, so a reader never sees a half-written report."""
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- sections ---------------------------------------------------------------------------

def _summary(data: d.ReportData, n_movies: int) -> list[str]:
    movies = data.movies
    entry = data.manifest.get("movies", {})
    with_money = int(((movies["budget"] > 0) & (movies["revenue"] > 0)).sum())
    years = f"{movies['release_year'].min()}–{movies['release_year'].max()}" if n_movies else "—"
    items = [
        (num(n_movies), "películas en el catálogo"),
        (num(entry.get("rows_in", 0)), "filas en el archivo crudo"),
        (num(entry.get("rows_quarantined", 0)), "filas en cuarentena"),
        (num(with_money), "con presupuesto e ingresos"),
        (num(data.cast["movie_id"].nunique()), "con reparto informado"),
        (years, "años de estreno"),
    ]
    text = (f"Este informe describe los artefactos curados por el ETL: {num(n_movies)} películas de "
            f"{num(entry.get('rows_in', 0))} filas crudas. Cada figura lleva debajo una frase con lo que muestra "
            "y lo que significa; los números salen de los datos de esta ejecución.")
    return [kpis(items), paragraph(text)]


def missing_section(data: d.ReportData, raw_missing, curated_missing, figure: str) -> list[str]:
    """HTML blocks of the missing-values section (a note replaces the raw panel when the raw file is gone)."""
    blocks = []
    if data.raw.note:
        blocks.append(paragraph(data.raw.note, note=True))
    if data.raw.frame is not None:
        blocks.append(paragraph(f"Antes: el archivo crudo {data.raw.path} ({num(len(data.raw.frame))} filas leídas "
                                "como texto). Después: movies.parquet, la tabla curada que usa la API "
                                f"({num(len(data.movies))} películas)."))
    blocks.append(paragraph("Faltante es una celda vacía (o nula tras el ETL); en budget, revenue, runtime y "
                            "return un 0 también significa «sin dato» y se muestra aparte, en celeste. En el "
                            "archivo crudo una lista vacía «[]» no es una celda vacía; tras el ETL las listas se "
                            "guardan unidas con «|», así que una lista vacía pasa a contar como faltante (por "
                            "eso genres o production_companies aparecen solo en el panel de después)."))
    blocks.append(figure)
    merged = curated_missing.rename(columns={"empty": "empty_after", "zero": "zero_after", "total": "total_after"})
    if raw_missing is not None:
        merged = raw_missing.rename(columns={"empty": "empty_before", "zero": "zero_before",
                                             "total": "total_before"}).merge(merged, on="column", how="outer")
        order = list(raw_missing["column"]) + [c for c in curated_missing["column"] if c not in set(raw_missing["column"])]
        merged = merged.set_index("column").loc[order].reset_index()

    def cell(row, kind: str, when: str) -> str:
        value, total = row.get(f"{kind}_{when}"), row.get(f"total_{when}")
        if value is None or pd.isna(value):
            return "—"
        return f"{num(value)} ({pct(value, total)})"

    headers = ["columna"]
    if raw_missing is not None:
        headers += ["vacías antes", "en 0 antes"]
    headers += ["vacías o nulas después", "en 0 después"]
    rows = []
    for _, row in merged.iterrows():
        row = row.to_dict()
        cells = [row["column"]]
        if raw_missing is not None:
            cells += [cell(row, "empty", "before"), cell(row, "zero", "before")]
        cells += [cell(row, "empty", "after"), cell(row, "zero", "after")]
        rows.append(cells)
    caption = ("Faltantes por columna; «—» indica que la columna no existe en esa etapa (el ETL elimina algunas y "
               "agrega otras, como release_year o return).")
    blocks.append(table_html(headers, rows, numeric=set(range(1, len(headers))), caption=caption,
                             table_id="tabla-faltantes"))
    return blocks


def _quarantine_blocks(data: d.ReportData) -> list[str]:
    manifest = data.manifest
    rows, totals = [], []
    for key, label in FILE_LABELS.items():
        entry = manifest.get(key)
        if not entry:
            continue
        reasons = entry.get("reasons") or {}
        rows.append([label, num(entry["rows_in"]), num(entry["rows_kept"]), num(entry["rows_quarantined"]),
                     "—" if reasons else "(ninguno)", ""])
        totals.append(len(rows) - 1)
        for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
            rows.append(["", "", "", "", reason, f"{num(count)} ({pct(count, entry['rows_in'], 1)})"])
    blocks = [paragraph("Cada fila cruda termina en una tabla limpia o en cuarentena con su motivo: filas leídas = "
                        "conservadas + en cuarentena. La tabla resume el manifest.json por archivo y motivo."),
              table_html(["archivo", "filas leídas", "conservadas", "en cuarentena", "motivo", "filas (% del archivo)"],
                         rows, numeric={1, 2, 3, 5}, total_rows=set(totals), table_id="tabla-cuarentena",
                         caption="Resumen de la cuarentena por archivo y motivo.")]
    if data.quarantine_examples:
        example_rows = [[e["source_row"], e["reason"], e["id"], e["title"], e["release_date"]]
                        for e in data.quarantine_examples]
        blocks.append(table_html(["fila cruda", "motivo", "id", "título", "release_date"], example_rows,
                                 numeric={0}, caption="Primeras películas en cuarentena "
                                 "(quarantine/movies.jsonl guarda la fila original completa)."))
    return blocks


def _release_tables(counts: dict) -> str:
    months = counts["mes"]
    days = counts["dia"]
    month_rows = [[name, num(months[name])] for name in MONTHS]
    day_rows = [[name, num(days[name])] for name in WEEKDAYS]
    return grid(
        table_html(["mes", "películas"], month_rows, numeric={1}, table_id="tabla-meses",
                   row_attrs=[{"mes": name, "cantidad": months[name]} for name in MONTHS],
                   caption="Estrenos por mes (igual que /cantidad_filmaciones_mes)."),
        table_html(["día", "películas"], day_rows, numeric={1}, table_id="tabla-dias",
                   row_attrs=[{"dia": name, "cantidad": days[name]} for name in WEEKDAYS],
                   caption="Estrenos por día de la semana (igual que /cantidad_filmaciones_dia)."),
    )


def _people_blocks(people: dict[str, pd.DataFrame], rendered: dict[str, str]) -> list[str]:
    blocks = [paragraph("Mismas reglas que /get_actor y /get_director: retorno = ingresos / presupuesto (0 sin "
                        "presupuesto), cada película cuenta una vez por persona, las personas se identifican por "
                        "su nombre normalizado y a un actor no se le cuentan las películas que también dirigió.")]
    blocks += [rendered["actors"], rendered["directors"]]
    for key, label in (("actors", "Actores y actrices"), ("directors", "Directores y directoras")):
        top = people[key].head(10)
        rows = [[name, num(films), f"{num(total, 2)}", title, f"{num(best, 2)}"]
                for name, films, total, title, best in top[["name", "films", "total_return", "best_title",
                                                            "best_return"]].itertuples(index=False)]
        blocks.append(table_html(["nombre", "películas", "retorno total", "película que más aporta", "su retorno"],
                                 rows, numeric={1, 2, 4}, caption=f"{label}: los 10 de mayor retorno total."))
    return blocks


def _tiny_blocks(tiny: pd.DataFrame, figure: str, limit: int = 25) -> list[str]:
    text = (f"{num(len(tiny))} películas informan un presupuesto mayor que 0 pero menor que {money(d.TINY_BUDGET)}. "
            "Son casi seguro errores de carga (montos en millones o en miles) y, como el retorno divide por el "
            "presupuesto, producen retornos de millones que dominan cualquier suma o promedio.")
    blocks = [paragraph(text), figure]
    if tiny.empty:
        return blocks
    shown = tiny.head(limit)
    rows = [[title, year, num(budget), money(revenue) if revenue else "0", num(ret, 2)]
            for title, year, budget, revenue, ret in shown[["title", "release_year", "budget", "revenue",
                                                            "return"]].itertuples(index=False)]
    attrs = [{"id": int(i), "budget": float(b)} for i, b in zip(shown["id"], shown["budget"])]
    more = f" (se muestran {num(len(shown))} de {num(len(tiny))})" if len(tiny) > len(shown) else ""
    blocks.append(table_html(["título", "año", "presupuesto (USD)", "ingresos", "retorno"], rows, numeric={1, 2, 3, 4},
                             table_id="tabla-presupuestos-diminutos", row_attrs=attrs,
                             caption=f"Películas con presupuesto < {money(d.TINY_BUDGET)}, de mayor a menor retorno{more}."))
    return blocks
