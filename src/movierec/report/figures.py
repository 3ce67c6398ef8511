"""One plain function per figure: DataFrames in, (matplotlib Figure, Spanish caption) out.

Figures are built with `matplotlib.figure.Figure` directly (no pyplot, no global backend
state); the HTML module renders them to PNG with the Agg canvas. Captions are computed from
the data: one sentence saying what the figure shows and what it means.
"""

import re
from collections import Counter

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, NullLocator

from movierec.report import data as d
from movierec.report.stopwords import STOPWORDS
from movierec.spanish import MONTHS, WEEKDAYS, country_es, genre_es, language_es, money, num, pct

Chart = tuple[Figure, str]

BLUE = "#2f6f9f"
LIGHT = "#9cc3e0"
RED = "#c0392b"
DPI = 110  # figures are saved at their own dpi (see html.figure_html)
WIDE = (5.6, 3.3)


def _figure(size=WIDE, ncols: int = 1) -> tuple[Figure, list]:
    fig = Figure(figsize=size, dpi=DPI, layout="constrained")
    axes = fig.subplots(1, ncols, squeeze=False)[0].tolist()
    for ax in axes:
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(labelsize=9)
        ax.grid(axis="y", color="#e6e6e6", linewidth=0.8)
        ax.set_axisbelow(True)
    return fig, axes


_count_axis = FuncFormatter(lambda value, _: num(value))


def _log_scale(ax, which: str = "x") -> None:
    """Log scale without minor ticks: minor ticks over many decades make rendering several times slower."""
    if which == "x":
        ax.set_xscale("log")
        ax.xaxis.set_minor_locator(NullLocator())
    else:
        ax.set_yscale("log")
        ax.yaxis.set_minor_locator(NullLocator())


def _log_bins(values: np.ndarray, bins: int = 40) -> np.ndarray:
    low, high = float(values.min()), float(values.max())
    if low == high:
        high = low * 10
    return np.logspace(np.log10(low), np.log10(high), bins + 1)


def _log_hist(ax, values: np.ndarray, xlabel: str, color: str = BLUE) -> None:
    if len(values):
        ax.hist(values, bins=_log_bins(values), color=color, edgecolor="white", linewidth=0.4)
    _log_scale(ax)
    ax.set_xlabel(xlabel, fontsize=9)
    ax.set_ylabel("películas", fontsize=9)
    ax.yaxis.set_major_formatter(_count_axis)


def _times_words(value: float) -> str:
    """A ratio in words: '312 veces', '1,5 veces'."""
    return f"{num(value) if value >= 10 else num(value, 1)} veces"


def _times(value: float) -> str:
    """A return as 'N×' with sensible precision."""
    if value >= 100:
        return f"{num(value)}×"
    return f"{num(value, 2)}×"


def _barh(ax, labels: list[str], values: list[float], color: str = BLUE, value_text=None) -> None:
    """Horizontal bars, largest on top, each labelled with its value."""
    positions = np.arange(len(labels))[::-1]
    ax.barh(positions, values, color=color)
    ax.set_yticks(positions, labels, fontsize=8.5)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#e6e6e6", linewidth=0.8)
    ax.xaxis.set_major_formatter(_count_axis)
    top = max(values) if len(values) else 1
    for position, value in zip(positions, values):
        ax.text(value + top * 0.01, position, value_text(value) if value_text else num(value),
                va="center", fontsize=7.5, color="#333333")
    ax.set_xlim(0, top * 1.15 if top > 0 else 1)


# --- missing values ---------------------------------------------------------------------

def missing_values(raw_missing: pd.DataFrame | None, curated_missing: pd.DataFrame) -> Chart:
    """Share of empty/null values per column in the raw file (if available) and after the ETL."""
    panels = [("Antes del ETL (archivo crudo)", raw_missing)] if raw_missing is not None else []
    panels.append(("Después del ETL (movies.parquet)", curated_missing))
    height = 0.22 * max(len(frame) for _, frame in panels) + 1.2
    fig, axes = _figure((7.6 if len(panels) == 2 else 5.2, height), ncols=len(panels))
    for ax, (title, frame) in zip(axes, panels):
        total = frame["total"].iloc[0] or 1
        positions = np.arange(len(frame))[::-1]
        empty = 100 * frame["empty"] / total
        zero = 100 * frame["zero"] / total
        ax.barh(positions, empty, color=BLUE, label="vacío o nulo")
        ax.barh(positions, zero, left=empty, color=LIGHT, label="0 = sin dato")
        ax.set_yticks(positions, frame["column"], fontsize=7.5)
        ax.set_xlim(0, 100)
        ax.set_xlabel("% de filas", fontsize=9)
        ax.set_title(title, fontsize=10)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", color="#e6e6e6", linewidth=0.8)
    axes[-1].legend(fontsize=8, loc="lower right", frameon=False)

    def worst(frame: pd.DataFrame) -> tuple[str, str]:
        share = (frame["empty"] + frame["zero"]) / frame["total"]
        row = frame.loc[share.idxmax()]
        return row["column"], pct(row["empty"] + row["zero"], row["total"])

    after = curated_missing.set_index("column")
    budget_zero = pct(after.loc["budget", "zero"], after.loc["budget", "total"]) if "budget" in after.index else "?"
    column, share = worst(curated_missing[~curated_missing["column"].isin(["budget", "revenue", "return"])])
    if raw_missing is not None:
        raw_column, raw_share = worst(raw_missing)
        start = (f"En el archivo crudo la columna más incompleta es {raw_column} ({raw_share} vacía o en 0) y el ETL "
                 "elimina las columnas sin uso (homepage, poster_path…); después del ETL ")
    else:
        start = "Después del ETL "
    why = " porque la mayoría de las películas no pertenece a una colección" if column.startswith("collection") else ""
    caption = (start + f"budget = 0 (sin dato) en el {budget_zero} de las películas, así que los análisis de dinero "
               f"usan solo las que lo informan; fuera del dinero, la más incompleta es {column} ({share}){why}.")
    return fig, caption


# --- distributions ----------------------------------------------------------------------

def budget_distribution(movies: pd.DataFrame) -> Chart:
    budget = movies["budget"].to_numpy(float)
    positive = budget[budget > 0]
    fig, (ax,) = _figure()
    _log_hist(ax, positive, "presupuesto (USD, escala logarítmica)")
    ax.set_title("Presupuesto (budget > 0)", fontsize=10)
    if not len(positive):
        return fig, "Ninguna película informa presupuesto (budget = 0 en todas)."
    caption = (f"El {pct((budget == 0).sum(), len(budget))} de las películas no informa presupuesto (budget = 0); "
               f"entre las {num(len(positive))} que sí, la mediana es {money(np.median(positive))} y el 90 % "
               f"está por debajo de {money(np.quantile(positive, 0.9))}: una distribución muy sesgada, "
               "por eso el eje es logarítmico.")
    return fig, caption


def revenue_distribution(movies: pd.DataFrame) -> Chart:
    revenue = movies["revenue"].to_numpy(float)
    positive = revenue[revenue > 0]
    fig, (ax,) = _figure()
    _log_hist(ax, positive, "ingresos (USD, escala logarítmica)", color="#3c8d5a")
    ax.set_title("Ingresos (revenue > 0)", fontsize=10)
    if not len(positive):
        return fig, "Ninguna película informa ingresos (revenue = 0 en todas)."
    top = movies.loc[movies["revenue"].idxmax()]
    caption = (f"El {pct((revenue == 0).sum(), len(revenue))} de las películas no informa ingresos (revenue = 0); "
               f"entre las {num(len(positive))} que sí, la mediana es {money(np.median(positive))} y la que más "
               f"recaudó es {top['title']} ({money(top['revenue'])}), {_times_words(top['revenue'] / np.median(positive))} "
               "la mediana.")
    return fig, caption


def return_distribution(movies: pd.DataFrame) -> Chart:
    ret = movies["return"].to_numpy(float)
    positive = ret[ret > 0]
    fig, (ax,) = _figure()
    _log_hist(ax, positive, "retorno = ingresos / presupuesto (escala logarítmica)", color="#8e5ea2")
    ax.axvline(1, color=RED, linewidth=1, linestyle="--", label="retorno = 1 (recupera lo invertido)")
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    ax.set_title("Retorno (con presupuesto e ingresos informados)", fontsize=10)
    if not len(positive):
        return fig, "Ninguna película tiene presupuesto e ingresos informados, así que no hay retorno calculable."
    caption = (f"Solo {num(len(positive))} películas ({pct(len(positive), len(ret))}) tienen retorno calculable "
               f"(presupuesto e ingresos > 0); la mediana es {_times(np.median(positive))}, el "
               f"{pct((positive < 1).sum(), len(positive))} no recupera lo invertido (retorno < 1) y "
               f"{num((positive > 1000).sum())} superan 1.000×, casi siempre por presupuestos mal cargados "
               "(ver la última sección).")
    return fig, caption


def runtime_distribution(movies: pd.DataFrame) -> Chart:
    runtime = movies["runtime"].to_numpy(float)
    known = runtime[np.isfinite(runtime) & (runtime > 0)]
    shown = known[known <= 240]
    fig, (ax,) = _figure()
    if len(shown):
        ax.hist(shown, bins=np.arange(0, 245, 5), color="#d08c2f", edgecolor="white", linewidth=0.4)
    ax.set_xlabel("duración (minutos; se muestran hasta 240)", fontsize=9)
    ax.set_ylabel("películas", fontsize=9)
    ax.yaxis.set_major_formatter(_count_axis)
    ax.set_title("Duración", fontsize=10)
    missing = len(runtime) - len(known)
    if not len(known):
        return fig, "Ninguna película informa su duración."
    typical = ((known >= 80) & (known <= 120)).sum()
    caption = (f"La duración mediana es de {num(np.median(known))} minutos y el {pct(typical, len(known))} dura "
               f"entre 80 y 120; {num(missing)} películas no la informan (nula o 0) y "
               f"{num((known > 240).sum())} superan las 4 horas (series o compilados, fuera del gráfico).")
    return fig, caption


def vote_average_distribution(movies: pd.DataFrame) -> Chart:
    voted = movies[movies["vote_count"] > 0]
    values = voted["vote_average"].to_numpy(float)
    fig, (ax,) = _figure()
    if len(values):
        ax.hist(values, bins=np.arange(0, 10.25, 0.25), color="#c45a8a", edgecolor="white", linewidth=0.4)
    ax.set_xlabel("votación promedio (0 a 10)", fontsize=9)
    ax.set_ylabel("películas", fontsize=9)
    ax.yaxis.set_major_formatter(_count_axis)
    ax.set_title("Votación promedio (películas con al menos un voto)", fontsize=10)
    if not len(values):
        return fig, "Ninguna película tiene votos."
    extreme = voted[(voted["vote_average"] <= 1) | (voted["vote_average"] >= 9.5)]
    few = (extreme["vote_count"] < 10).sum()
    caption = (f"Entre las {num(len(values))} películas con votos la mediana es {num(np.median(values), 1)} "
               f"sobre 10 y el {pct(((values >= 5) & (values <= 8)).sum(), len(values))} está entre 5 y 8; "
               f"las notas extremas (≤ 1 o ≥ 9,5) son {num(len(extreme))}, "
               + ("todas" if few == len(extreme) else f"{num(few)} de ellas")
               + f" con menos de 10 votos; las {num(len(movies) - len(voted))} sin votos (promedio 0) quedan fuera.")
    return fig, caption


def popularity_distribution(movies: pd.DataFrame) -> Chart:
    popularity = movies["popularity"].to_numpy(float)
    positive = popularity[popularity > 0]
    fig, (ax,) = _figure()
    _log_hist(ax, positive, "popularidad de TMDB (escala logarítmica)", color="#4a8c8c")
    ax.set_title("Popularidad", fontsize=10)
    if not len(positive):
        return fig, "Ninguna película tiene popularidad mayor que 0."
    top = movies.loc[movies["popularity"].idxmax()]
    caption = (f"La popularidad es muy asimétrica: la mediana es {num(np.median(positive), 2)}, el 1 % más "
               f"popular supera {num(np.quantile(positive, 0.99), 1)} y la máxima es la de {top['title']} "
               f"({num(top['popularity'], 1)}); es una métrica relativa de TMDB, útil para ordenar, no para sumar.")
    return fig, caption


# --- releases ---------------------------------------------------------------------------

def releases_per_year(movies: pd.DataFrame) -> Chart:
    years = movies["release_year"].value_counts().sort_index()
    fig, (ax,) = _figure((8.8, 3.4))
    ax.bar(years.index, years.to_numpy(), width=1.0, color=BLUE)
    ax.set_xlabel("año de estreno", fontsize=9)
    ax.set_ylabel("películas", fontsize=9)
    ax.yaxis.set_major_formatter(_count_axis)
    ax.set_title("Estrenos por año", fontsize=10)
    if years.empty:
        return fig, "No hay películas."
    median_year = int(np.median(movies["release_year"]))
    middle = (years.index.min() + years.index.max()) / 2
    leaning = ("así que el catálogo está cargado hacia el cine reciente" if median_year > middle else
               "así que el catálogo no está cargado hacia el cine reciente")
    caption = (f"Las películas van de {years.index.min()} a {years.index.max()}; el año con más estrenos es "
               f"{years.idxmax()} ({num(years.max())}) y la mitad del catálogo es de {median_year} o posterior "
               f"(el punto medio de ese rango es {middle:.0f}), {leaning}.")
    return fig, caption


def releases_per_month(counts: dict, first_of_january: int = 0) -> Chart:
    """Bars of films per month; `first_of_january` (films dated YYYY-01-01) explains a January peak."""
    months = counts["mes"]
    fig, (ax,) = _figure()
    values = [months[name] for name in MONTHS]
    ax.bar(range(12), values, color=BLUE)
    ax.set_xticks(range(12), [name[:3] for name in MONTHS], fontsize=8.5)
    ax.set_ylabel("películas", fontsize=9)
    ax.yaxis.set_major_formatter(_count_axis)
    ax.set_title("Estrenos por mes", fontsize=10)
    total = sum(values) or 1
    most = max(MONTHS, key=lambda name: months[name])
    least = min(MONTHS, key=lambda name: months[name])
    caption = (f"{most.capitalize()} es el mes con más estrenos ({num(months[most])}, {pct(months[most], total)}) "
               f"y {least} el de menos ({num(months[least])}); son los mismos conteos que responde "
               "/cantidad_filmaciones_mes (mes de release_date en la tabla curada)"
               + (f"; enero se infla porque {num(first_of_january)} fechas son un 1 de enero, muchas de ellas "
                  "fechas incompletas completadas así." if most == "enero" else "."))
    return fig, caption


def releases_per_weekday(counts: dict) -> Chart:
    days = counts["dia"]
    fig, (ax,) = _figure()
    values = [days[name] for name in WEEKDAYS]
    ax.bar(range(7), values, color=BLUE)
    ax.set_xticks(range(7), list(WEEKDAYS), fontsize=8.5)
    ax.set_ylabel("películas", fontsize=9)
    ax.yaxis.set_major_formatter(_count_axis)
    ax.set_title("Estrenos por día de la semana", fontsize=10)
    total = sum(values) or 1
    most = max(WEEKDAYS, key=lambda name: days[name])
    least = min(WEEKDAYS, key=lambda name: days[name])
    caption = (f"El {most} concentra el {pct(days[most], total)} de los estrenos ({num(days[most])}) y el "
               f"{least} apenas el {pct(days[least], total)}: {weekday_pattern(days)}; son los mismos conteos que "
               "responde /cantidad_filmaciones_dia.")
    return fig, caption


def weekday_pattern(days: dict[str, int]) -> str:
    """What the weekday counts say, derived from them: where releases concentrate (a day holding at least
    twice the even share of 1/7), and whether the weekend (sábado y domingo) holds more or less than its
    even share of 2/7, so that no caption claims a pattern its own figures contradict."""
    total = sum(days.values()) or 1
    most = max(WEEKDAYS, key=lambda name: days[name])
    weekend = days["sábado"] + days["domingo"]
    where = (f"los estrenos se concentran en el {most}" if days[most] / total >= 2 / 7
             else "los estrenos se reparten entre los días de la semana")
    side = "más" if weekend / total > 2 / 7 else "menos"
    return (f"{where}; el fin de semana (sábado y domingo) suma el {pct(weekend, total)}, {side} que los dos días "
            f"de una semana pareja ({pct(2, 7)})")


# --- categories -------------------------------------------------------------------------

def _top_chart(top: pd.DataFrame, labels: list[str], title: str, color: str) -> Figure:
    fig, (ax,) = _figure((5.8, 0.27 * len(top) + 1.1))
    _barh(ax, labels, top["films"].tolist(), color=color)
    ax.set_xlabel("películas", fontsize=9)
    ax.set_title(title, fontsize=10)
    return fig


def top_genres(genres: pd.DataFrame, n_movies: int) -> Chart:
    top = d.top_names(genres, "name", n=15)
    labels = [genre_es(name) for name in top["name"]]
    fig = _top_chart(top, labels, "Géneros más frecuentes", BLUE)
    if top.empty:
        return fig, "Ninguna película tiene géneros."
    untagged = n_movies - genres["movie_id"].nunique()
    caption = (f"{labels[0]} es el género más frecuente ({pct(top['films'].iloc[0], n_movies)} de las películas)"
               + (f", seguido de {labels[1]} ({pct(top['films'].iloc[1], n_movies)})" if len(top) > 1 else "")
               + f"; una película puede tener varios géneros y {num(untagged)} no tienen ninguno.")
    return fig, caption


def top_countries(countries: pd.DataFrame, n_movies: int) -> Chart:
    top = d.top_names(countries, "country_code", n=15)
    labels = [country_es(code, name) for code, name in zip(top["country_code"], top["name"])]
    fig = _top_chart(top, labels, "Países de producción más frecuentes", "#3c8d5a")
    if top.empty:
        return fig, "Ninguna película informa países de producción."
    second = f" y {labels[1]} en el {pct(top['films'].iloc[1], n_movies)}" if len(top) > 1 else ""
    caption = (f"{labels[0]} participa en el {pct(top['films'].iloc[0], n_movies)} de las películas{second}: "
               "el catálogo es mayoritariamente estadounidense (una coproducción cuenta para cada país).")
    return fig, caption


def top_languages(movies: pd.DataFrame, languages: pd.DataFrame) -> Chart:
    n_movies = len(movies)
    original = movies["original_language"].dropna().value_counts().head(12)
    spoken = d.top_names(languages, "language_code", n=12)
    fig, axes = _figure((5.8, 0.3 * max(len(original), len(spoken), 1) + 1.3), ncols=2)
    _barh(axes[0], [language_es(code) for code in original.index], original.tolist(), color="#8e5ea2")
    axes[0].set_title("Idioma original", fontsize=10)
    _barh(axes[1], [language_es(code) for code in spoken["language_code"]], spoken["films"].tolist(),
          color="#c45a8a")
    axes[1].set_title("Idiomas hablados", fontsize=10)
    for ax in axes:
        ax.set_xlabel("películas", fontsize=9)
    if original.empty:
        return fig, "Ninguna película informa su idioma original."
    first = language_es(original.index[0])
    others = n_movies - original.iloc[0]
    caption = (f"El {first} es el idioma original del {pct(original.iloc[0], n_movies)} de las películas; "
               f"el resto ({num(others)}) se reparte entre {num(movies['original_language'].nunique() - 1)} "
               "idiomas, y una película puede hablar varios (panel derecho).")
    return fig, caption


def top_companies(companies: pd.DataFrame, n_movies: int) -> Chart:
    top = d.top_names(companies, "company_id", n=15)
    labels = top["name"].tolist()
    fig = _top_chart(top, labels, "Productoras con más películas", "#d08c2f")
    if top.empty:
        return fig, "Ninguna película informa productoras."
    without = n_movies - companies["movie_id"].nunique()
    caption = (f"{labels[0]} es la productora con más películas ({num(top['films'].iloc[0])}); los grandes "
               f"estudios dominan el ranking, pero hay {num(companies['company_id'].nunique())} productoras "
               f"distintas y {num(without)} películas sin ninguna informada.")
    return fig, caption


# --- correlation ------------------------------------------------------------------------

def correlation_heatmap(movies: pd.DataFrame) -> Chart:
    """Spearman correlation of the numeric columns; zeros that mean 'no data' count as missing."""
    frame = movies[d.NUMERIC_COLUMNS].astype(float).copy()
    for column in d.ZERO_IS_MISSING:
        frame.loc[frame[column] <= 0, column] = np.nan
    corr = frame.corr(method="spearman", min_periods=10)
    fig, (ax,) = _figure((6.6, 5.4))
    ax.grid(False)
    image = ax.imshow(corr.to_numpy(), cmap="RdBu_r", vmin=-1, vmax=1)
    labels = list(corr.columns)
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right", fontsize=8.5)
    ax.set_yticks(range(len(labels)), labels, fontsize=8.5)
    ax.spines[["left", "bottom"]].set_visible(False)
    for i in range(len(labels)):
        for j in range(len(labels)):
            value = corr.iat[i, j]
            if np.isfinite(value):
                ax.text(j, i, num(value, 2), ha="center", va="center", fontsize=7,
                        color="white" if abs(value) > 0.6 else "#222222")
    fig.colorbar(image, ax=ax, shrink=0.8, label="ρ de Spearman")
    ax.set_title("Correlación entre columnas numéricas", fontsize=10)
    pairs = corr.where(np.triu(np.ones(corr.shape, dtype=bool), k=1)).stack()
    pairs = pairs.drop([pair for pair in pairs.index if set(pair) in ({"return", "revenue"}, {"return", "budget"})],
                       errors="ignore")
    if pairs.empty:
        return fig, "No hay datos suficientes para calcular correlaciones."
    (a, b), best = pairs.abs().idxmax(), pairs.loc[pairs.abs().idxmax()]
    (c, e), low = pairs.idxmin(), pairs.min()
    caption = (f"Correlación de Spearman (por rangos, robusta a los extremos), tratando los 0 de budget, revenue, "
               f"runtime y return como faltantes: la relación más fuerte es {a}–{b} (ρ = {num(best, 2)}) y la más "
               f"negativa {c}–{e} (ρ = {num(low, 2)}); return se deriva de revenue y budget, así que esas "
               "parejas no son hallazgos.")
    return fig, caption


# --- word clouds ------------------------------------------------------------------------

_WORD = re.compile(r"[a-zà-öø-ÿ]+(?:'[a-zà-öø-ÿ]+)?")


def word_frequencies(texts: pd.Series, per_document: bool = False) -> Counter:
    """Word counts (lower-cased, Latin letters, no stopwords, at least 3 letters)."""
    from wordcloud import STOPWORDS as WORDCLOUD_STOPWORDS

    stop = STOPWORDS | {word.lower() for word in WORDCLOUD_STOPWORDS}
    counts: Counter = Counter()
    for text in texts.dropna().astype(str):
        words = [word.removesuffix("'s") for word in _WORD.findall(text.lower())]
        words = [word for word in words if len(word) >= 3 and word not in stop]
        counts.update(set(words) if per_document else words)
    return counts


def _wordcloud(frequencies: Counter, colormap: str) -> Figure:
    from wordcloud import WordCloud

    width, height, dpi = 900, 420, 100
    fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    if frequencies:
        # the layout is computed on a half-size canvas and drawn at twice the scale: ~6x faster
        cloud = WordCloud(width=width // 2, height=height // 2, scale=2, background_color="white",
                          max_words=110, colormap=colormap, random_state=0, prefer_horizontal=0.9)
        cloud.generate_from_frequencies(dict(frequencies.most_common(400)))
        ax.imshow(cloud.to_array(), interpolation="nearest")
    return fig


def _top_words(frequencies: Counter, n: int = 3) -> str:
    words = [f"«{word}» ({num(count)})" for word, count in frequencies.most_common(n)]
    return ", ".join(words[:-1]) + f" y {words[-1]}" if len(words) > 1 else "".join(words)


def titles_wordcloud(movies: pd.DataFrame) -> Chart:
    frequencies = word_frequencies(movies["title"])
    fig = _wordcloud(frequencies, "viridis")
    if not frequencies:
        return fig, "Los títulos no tienen palabras significativas."
    caption = (f"Las palabras más repetidas en los {num(len(movies))} títulos (sin palabras vacías en inglés ni "
               f"español) son {_top_words(frequencies)}: el tamaño es proporcional a la frecuencia.")
    return fig, caption


def overviews_wordcloud(movies: pd.DataFrame) -> Chart:
    overviews = movies["overview"].dropna()
    frequencies = word_frequencies(overviews, per_document=True)
    fig = _wordcloud(frequencies, "plasma")
    if not frequencies:
        return fig, "Las sinopsis no tienen palabras significativas."
    word, count = frequencies.most_common(1)[0]
    caption = (f"En las {num(len(overviews))} sinopsis (overview) las palabras que aparecen en más películas son "
               f"{_top_words(frequencies)}; «{word}» está en el {pct(count, len(overviews))} de ellas y el tamaño "
               "refleja en cuántas sinopsis aparece cada palabra.")
    return fig, caption


# --- people -----------------------------------------------------------------------------

def top_people(people: pd.DataFrame, people_clean: pd.DataFrame, role: str, n: int = 12) -> Chart:
    """Top `n` people by total return with the API's rule, and the same ranking without the
    tiny-budget films; `role` is 'actors' or 'directors'."""
    title = "Actores y actrices" if role == "actors" else "Directores y directoras"
    color = BLUE if role == "actors" else "#3c8d5a"
    top, clean = people.head(n), people_clean.head(n)
    fig, axes = _figure((8.4, 0.3 * max(len(top), len(clean), 1) + 1.3), ncols=2)
    for ax, frame, subtitle in ((axes[0], top, "Regla de la API"),
                                (axes[1], clean, f"Sin presupuestos < {money(d.TINY_BUDGET)}")):
        labels = [f"{name} ({count})" for name, count in zip(frame["name"], frame["films"])]
        _barh(ax, labels, frame["total_return"].tolist(), color=color, value_text=_short_times)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: _short_times(value)))
        ax.set_title(subtitle, fontsize=9.5)
        ax.set_xlabel("retorno total (entre paréntesis, películas)", fontsize=8.5)
    fig.suptitle(f"{title} con mayor retorno total", fontsize=10.5)
    if top.empty or top["total_return"].iloc[0] <= 0:
        return fig, f"Nadie tiene retorno total positivo entre {title.lower()}."
    first = top.iloc[0]
    share = first["best_return"] / first["total_return"] if first["total_return"] else 0
    rule = " (sin las películas que también dirigió)" if role == "actors" else ""
    caption = (f"Con la regla de la API{rule}, {first['name']} encabeza el ranking con {_times(first['total_return'])} "
               f"en {_films(first['films'])}, pero el {num(100 * share)} % viene de {first['best_title']} "
               f"({_times(first['best_return'])})")
    if not clean.empty and clean["total_return"].iloc[0] > 0:
        best = clean.iloc[0]
        caption += (f"; sin los presupuestos diminutos lidera {best['name']} ({_times(best['total_return'])} en "
                    f"{_films(best['films'])})")
    return fig, caption + ": sumar retornos premia a los presupuestos mal cargados más que a la rentabilidad."


def _films(count: int) -> str:
    return f"{num(count)} película" + ("" if count == 1 else "s")


def _short_times(value: float) -> str:
    if value >= 1e6:
        return f"{num(value / 1e6, 1 if value < 1e7 else 0)} M×"
    if value >= 1e4:
        return f"{num(value / 1e3)} mil×"
    return f"{num(value)}×"


# --- return outliers --------------------------------------------------------------------

def tiny_budget_returns(movies: pd.DataFrame, tiny: pd.DataFrame) -> Chart:
    """Return distribution with the tiny-budget films marked, and mean/median with and without them."""
    ret = movies["return"]
    is_tiny = movies["id"].isin(tiny["id"])
    normal_positive = ret[~is_tiny & (ret > 0)].to_numpy(float)
    tiny_positive = tiny[tiny["return"] > 0]
    fig, (left, right) = _figure((8.4, 3.8), ncols=2)
    all_positive = ret[ret > 0].to_numpy(float)
    if len(all_positive):
        left.hist(normal_positive, bins=_log_bins(all_positive), color=LIGHT, edgecolor="white", linewidth=0.4,
                  label=f"presupuesto ≥ {money(d.TINY_BUDGET)}")
        top = left.get_ylim()[1]
        left.scatter(tiny_positive["return"], np.full(len(tiny_positive), top * 0.06), marker="v", s=30,
                     color=RED, zorder=3, label=f"presupuesto < {money(d.TINY_BUDGET)}")
        for rank, (_, row) in enumerate(tiny_positive.head(2).iterrows()):
            left.annotate(row["title"], (row["return"], top * 0.06), xytext=(-4, 16 + 13 * rank),
                          textcoords="offset points", ha="right", fontsize=7.5, color=RED,
                          arrowprops={"arrowstyle": "-", "color": RED, "lw": 0.6})
        left.legend(fontsize=7.5, frameon=False, loc="upper left")
    _log_scale(left)
    left.set_xlabel("retorno (escala logarítmica)", fontsize=9)
    left.set_ylabel("películas", fontsize=9)
    left.yaxis.set_major_formatter(_count_axis)
    left.set_title("Distribución del retorno", fontsize=10)
    with_stats = d.describe_returns(ret)
    without_stats = d.describe_returns(ret[~is_tiny])
    groups = np.arange(2)
    width = 0.38
    for offset, stats, label, color in ((-width / 2, with_stats, "con ellas", RED),
                                        (width / 2, without_stats, "sin ellas", BLUE)):
        values = np.nan_to_num([stats["mean"], stats["median"]], nan=0)
        bars = right.bar(groups + offset, values, width, label=label, color=color)
        right.bar_label(bars, [_times(v) for v in values], fontsize=7.5, padding=2)
    _log_scale(right, "y")
    right.set_ylim(top=max(with_stats["mean"] if with_stats["n"] else 1, 1) * 8)
    right.set_xticks(groups, ["media", "mediana"], fontsize=9)
    right.set_title("Retorno medio y mediano (retorno > 0)", fontsize=10)
    right.legend(fontsize=7.5, frameon=False)
    if tiny.empty or not with_stats["n"]:
        return fig, (f"No hay películas con presupuesto entre USD 1 y {money(d.TINY_BUDGET - 1)}, así que no hay "
                     "retornos inflados por esa causa.")
    caption = (f"Las {num(len(tiny))} películas con presupuesto entre USD 1 y {money(d.TINY_BUDGET - 1)} (seguramente "
               f"cargado en millones o por error) llegan a retornos de {_times(tiny['return'].max())}; sin ellas el "
               f"retorno máximo baja de {_times(with_stats['max'])} a {_times(without_stats['max'])} y la media de "
               f"{_times(with_stats['mean'])} a {_times(without_stats['mean'])}, mientras la mediana apenas cambia "
               f"({_times(with_stats['median'])} → {_times(without_stats['median'])}).")
    return fig, caption
