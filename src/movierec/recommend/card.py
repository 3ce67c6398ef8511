"""Spanish Markdown for the evaluation report and the model card (figures come in as dicts)."""

import json
from pathlib import Path

from movierec.recommend.collaborative import TOP_PAIRS
from movierec.recommend.content import FIELD_WEIGHTS, MAX_WORD_SHARE, TOP_CAST
from movierec.recommend.tuning import COLLECTION_FLOOR, GRID, HEAD_CEILING, VALIDATION_FOLDS
from movierec.recommend.users import EASE_FILMS, LAMBDA

NAMES = {
    "hybrid": "Híbrido (el que se sirve)",
    "collaborative": "Solo colaborativo (coseno encogido)",
    "cosine": "Coseno de co-«me gusta» sin encoger",
    "raw_counts": "Conteos de co-«me gusta» sin normalizar",
    "v1": "Modelo servido antes (v1)",
    "content": "Solo contenido",
    "genre": "Géneros one-hot (modelo del enunciado)",
    "popular": "Más populares",
    "random": "Aleatorio",
}
USER_NAMES = {"ease": "EASE (el que se sirve)", "item_knn": "Vecinos por coseno de «me gusta»",
              "popular": "Más populares no vistas"}
FIELDS = {
    "text": "Sinopsis y eslogan (TF-IDF de palabras)",
    "genres": "Géneros",
    "collection": "Colección (saga)",
    "cast": f"Reparto principal ({TOP_CAST} primeros)",
    "director": "Dirección",
    "companies": "Productoras",
    "keywords": "Palabras clave (de TMDB, si el ETL las leyó)",
}
TARGETS = {"genre_ratio": 4.0, "popular_ratio": 3.0, "head_share": 0.2, "collection_share": 0.9, "user_ratio": 1.8}


def _f(value: float, digits: int = 3) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def _pct(value: float) -> str:
    return f"{value * 100:.1f} %".replace(".", ",")


def _ci(figure: dict, percent: bool = False, digits: int = 3) -> str:
    show = _pct if percent else (lambda x: _f(x, digits))
    return f"{show(figure['mean'])} [{show(figure['low'])}–{show(figure['high'])}]"


def _check(ok: bool) -> str:
    return "cumple" if ok else "NO cumple"


def results_table(results: dict) -> str:
    rows = ["| método | nDCG@5 | precisión@5 | colección en el top 5 | top 5 en el 1 % más gustado "
            "| percentil medio de «me gusta» | cobertura |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for key, m in results["methods"].items():
        rows.append(f"| {NAMES[key]} | {_ci(m['ndcg'])} | {_ci(m['precision'])} | {_ci(m['collection_share'], True)} "
                    f"| {_ci(m['head_share'], True)} | {_f(m['like_percentile']['mean'], 1)} "
                    f"| {_pct(m['coverage']['mean'])} |")
    return "\n".join(rows)


def user_table(users: dict) -> str:
    at = users["at"]
    rows = [f"| método | recall@{at} | nDCG@{at} | recall@{at} / nDCG@{at}, mitad de validación "
            f"| recall@{at} / nDCG@{at}, mitad de prueba |", "|---|---:|---:|---:|---:|"]
    for key, m in users["methods"].items():
        halves = [f"{_f(m[half]['recall'])} / {_f(m[half]['ndcg'])}" for half in ("validation", "test")]
        rows.append(f"| {USER_NAMES[key]} | {_ci(m['recall'])} | {_ci(m['ndcg'])} | {halves[0]} | {halves[1]} |")
    return "\n".join(rows)


def over(a: float, b: float) -> float:
    return a / b if b > 0 else float("inf")


def past_ratio(users: dict) -> float:
    """EASE over most-popular, both fitted without other users' later ratings."""
    past = users["without_future"]
    return over(past["ease"]["mean"], past["popular"]["mean"])


def future_text(users: dict) -> str:
    past = users["without_future"]
    return (f"Sin el futuro: este corte oculta las últimas valoraciones de cada usuario, pero los modelos aprenden "
            f"de las de los demás, también de las posteriores a ese corte. Repartiendo a los usuarios juzgados por "
            f"su corte (su última valoración conservada) en {past['groups']} grupos, y ajustando los modelos de cada "
            f"grupo solo con lo valorado hasta el corte más temprano del grupo, recall@{users['at']}: EASE "
            f"{_ci(past['ease'])}, más populares {_ci(past['popular'])} "
            f"({_f(past_ratio(users))} veces).")


def ratios(results: dict) -> dict:
    m, users = results["methods"], results["users"]["methods"]
    hybrid = m["hybrid"]["ndcg"]["mean"]
    return {"genre_ratio": over(hybrid, m["genre"]["ndcg"]["mean"]),
            "popular_ratio": over(hybrid, m["popular"]["ndcg"]["mean"]),
            "head_share": m["hybrid"]["head_share"]["mean"], "v1_head_share": m["v1"]["head_share"]["mean"],
            "collection_share": m["hybrid"]["collection_share"]["mean"],
            "user_ratio": over(users["ease"]["recall"]["mean"], users["popular"]["recall"]["mean"]),
            "user_test_ratio": over(users["ease"]["test"]["recall"], users["popular"]["test"]["recall"]),
            "user_ndcg_ratio": over(users["ease"]["ndcg"]["mean"], users["popular"]["ndcg"]["mean"]),
            "user_past_ratio": past_ratio(results["users"])}


def targets(results: dict) -> str:
    r = ratios(results)
    return "\n".join([
        f"- nDCG@5 del híbrido = {_f(r['genre_ratio'], 1)} veces el del modelo de géneros (objetivo ≥ 4): "
        f"{_check(r['genre_ratio'] >= TARGETS['genre_ratio'])}.",
        f"- nDCG@5 del híbrido = {_f(r['popular_ratio'], 1)} veces el de «más populares» (objetivo ≥ 3): "
        f"{_check(r['popular_ratio'] >= TARGETS['popular_ratio'])}.",
        f"- Recomendaciones entre el 1 % de películas más gustadas: {_pct(r['head_share'])} (objetivo ≤ 20 %; "
        f"el modelo servido antes, v1: {_pct(r['v1_head_share'])}): {_check(r['head_share'] <= TARGETS['head_share'])}.",
        f"- Películas de una saga con otra de la saga en su top 5: {_pct(r['collection_share'])} (objetivo ≥ 90 %): "
        f"{_check(r['collection_share'] >= TARGETS['collection_share'])}.",
        f"- recall@10 del modelo por usuario = {_f(r['user_ratio'])} veces el de «más populares» "
        f"(objetivo ≥ 1,8; solo la mitad de prueba: {_f(r['user_test_ratio'])}; nDCG@10: {_f(r['user_ndcg_ratio'])} "
        f"veces; sin el futuro de los demás usuarios: {_f(r['user_past_ratio'])} veces): "
        f"{_check(r['user_ratio'] >= TARGETS['user_ratio'])}.",
    ])


def sanity_text(results: dict) -> str:
    s, ratio = results["sanity"], results["protocol"]["sanity_ratio"]
    verdict = ("se cumple" if s["ok"] else "NO se cumple: la evaluación falla (`movierec evaluate` termina con "
               "error) porque una vara que la popularidad casi gana no mide nada")
    return (f"Comprobación de la vara de medir: «más populares» (nDCG@5 {_f(s['popular'])}) debe quedar en "
            f"como mucho {_pct(ratio)} del híbrido ({_f(s['hybrid'])}); {verdict}.")


def chosen_table(results: dict) -> str:
    rows = ["| pliegue | encogimiento | α colaborativo | κ («me gusta» a mitad de peso) | nDCG@5 en validación "
            "| colección | 1 % más gustado |", "|---:|---:|---:|---:|---:|---:|---:|"]
    for entry in results["chosen"]:
        blend, v = entry["blend"], entry["validation"]
        rows.append(f"| {entry['fold'] + 1} | {_f(entry['shrink'], 0)} | {_f(blend['collaborative'], 2)} "
                    f"| {_f(blend['thin'], 0)} | {_f(v.get('ndcg', float('nan')))} "
                    f"| {_pct(v.get('collection_share', float('nan')))} | {_pct(v.get('head_share', float('nan')))} |")
    return "\n".join(rows)


def grid_text() -> str:
    def values(numbers) -> str:
        return " / ".join(f"{x:g}".replace(".", ",") for x in numbers)

    return (f"encogimiento {values(GRID['shrink'])}, α {values(GRID['collaborative'])}, κ {values(GRID['thin'])}: "
            f"{len(GRID['shrink']) * len(GRID['collaborative']) * len(GRID['thin'])} combinaciones")


def weights_text(selection: dict) -> str:
    blend = selection["blend"]
    if blend["collaborative"] <= 0:
        return "solo contenido (no hubo valoraciones con las que elegir)"
    return (f"α = {_f(blend['collaborative'], 2)}, κ = {_f(blend['thin'], 0)}, encogimiento "
            f"{_f(selection['shrink'], 0)}")


def fields_text() -> str:
    return ", ".join(f"{FIELDS[name].split(' (')[0].lower()} {_f(weight, 1)}" for name, weight in FIELD_WEIGHTS.items())


def protocol_text(results: dict) -> str:
    p, users = results["protocol"], results["users"]
    return (
        f"Los {p['users']} usuarios de MovieLens con valoraciones de películas del catálogo se reparten una vez "
        f"(semilla {p['seed']}) en {p['folds']} pliegues; cada pliegue es el de prueba una vez. En cada pliegue, los "
        f"pesos se eligen con usuarios de validación tomados de los otros pliegues (1 de cada {VALIDATION_FOLDS}); "
        f"luego cada método aprende de las valoraciones de los otros pliegues y se juzga con las del pliegue de "
        f"prueba, que no vio. «Me gusta» es una nota ≥ {_f(p['like'], 0)}.\n\n"
        f"Relevancia normalizada por popularidad: una película consulta es una que gustó al menos a "
        f"{p['min_likers']} usuarios del pliegue de prueba; para ella, c(f, g) cuenta esos usuarios a los que "
        f"también les gustó g, y son relevantes las {p['top_relevant']} películas de mayor coseno "
        f"c(f, g) / √(n_f · n_g) entre las de c ≥ {p['min_common']} (con empates en el corte). Con conteos sin "
        f"normalizar, «más populares» rozaba al modelo; con el coseno, no. Los umbrales son los del issue 10 "
        f"(medidos también fuera del proyecto): con menos de {p['min_likers']} personas o {p['min_common']} "
        f"co-«me gusta» el coseno de un par es casi ruido (un solo usuario más lo mueve mucho). Hubo "
        f"{p['queries']} películas consulta sumando los pliegues.\n\n"
        f"Cifras: media sobre las películas consulta e intervalo bootstrap del 95 % ({p['folds']} pliegues juntos, "
        f"1000 remuestreos de películas consulta). La colección mira las {p['collection_films']} películas cuya "
        f"colección tiene otra película en el catálogo; la cobertura es la parte del catálogo ({p['films']} "
        f"películas) que aparece en algún top 5. Sesgo de popularidad: parte del top 5 que cae entre el "
        f"{_pct(p['head_share'])} de películas con más «me gusta» y percentil medio (en el catálogo) de los "
        f"«me gusta» de lo recomendado.\n\n"
        f"Modelo por usuario: a cada usuario se le ocultan sus últimas valoraciones ({_pct(users['hidden_share'])}, "
        f"al menos una, por fecha); todo lo demás entrena. Relevantes: las ocultas con «me gusta». "
        f"recall@{users['at']} = aciertos / mín({users['at']}, relevantes); nDCG@{users['at']} con ganancia binaria; "
        f"media sobre {users['users']} usuarios con intervalo bootstrap.\n\n"
        f"{samples_text(p)}"
    )


def samples_text(p: dict) -> str:
    """What is sampled or approximate, so that figures at full scale read right (nothing on the bundled sample)."""
    users = (f"se evalúa una muestra de {p['users']} de los {p['all_users']} usuarios (semilla {p['seed']})"
             if p.get("all_users", p["users"]) > p["users"] else f"entran los {p['users']} usuarios")
    return (f"Muestras y aproximaciones: {users}; como mucho {p.get('query_sample')} películas consulta por "
            f"pliegue y {p.get('film_sample')} películas más cuyas listas se juzgan (sesgo de popularidad, colección "
            f"y cobertura miran esas listas), y {p.get('user_sample')} usuarios en el modelo por usuario; todas con "
            f"semilla fija. En la muestra incluida no se recorta nada. Los co-«me gusta» se calculan por bloques de "
            f"películas y cada película conserva sus {TOP_PAIRS} pares de mayor coseno y sus {TOP_PAIRS} de mayor "
            f"conteo: los demás pares cuentan 0 (exacto en las películas con a lo sumo {TOP_PAIRS} pares).")


def render_report(results: dict) -> str:
    users = results["users"]
    return f"""# Evaluación del recomendador

Generado por `movierec evaluate` (`movierec.recommend.evaluation`). No editar a mano.

## Películas similares (`/recomendacion/{{titulo}}`)

Media [intervalo del 95 %] sobre las películas consulta de los pliegues de prueba.

{results_table(results)}

{targets(results)}

{sanity_text(results)}

## Recomendación por usuario (`/recomendacion_usuario/{{user_id}}`)

{user_table(users)}

EASE (modelo lineal de ítems en forma cerrada, λ = {_f(users['lambda'], 0)}) sobre las {users['ease_films']}
películas con «me gusta», con la matriz de pesos entera. Los usuarios juzgados se parten una vez (semilla fija)
en dos mitades: las variantes del modelo se eligieron solo por sus cifras en la de validación; las de la
de prueba se publican para auditar la elección. Todas las configuraciones probadas, con ambas mitades:
[usuarios-configuraciones.md](usuarios-configuraciones.md).

{future_text(users)}

## Pesos elegidos en cada pliegue (solo con usuarios de validación)

{chosen_table(results)}

Rejilla: {grid_text()}. Se elige la de mayor nDCG@5 en validación entre las que dejan al menos
{_pct(COLLECTION_FLOOR)} de las películas de una saga con otra de la saga en su top 5 y como mucho
{_pct(HEAD_CEILING)} del top 5 entre el 1 % más gustado (márgenes sobre los objetivos de 90 % y 20 %).
`movierec train` repite la misma búsqueda con todos los usuarios. Pesos de los bloques de contenido (fijos):
{fields_text()}.

## Métodos

- Híbrido: similitud = (1 − w) · coseno de contenido + w · coseno colaborativo encogido, con
  w = α · n / (n + κ) según los «me gusta» n de la película consultada: el contenido manda donde hay pocas
  valoraciones y queda solo donde no hay ninguna. La popularidad solo desempata.
- Solo colaborativo: c(i, j) / (√(n_i · n_j) + encogimiento), el encogimiento elegido en el pliegue.
- Coseno sin encoger y conteos sin normalizar: las variantes que el issue 10 comparó.
- Modelo servido antes (v1): 0,3 · contenido + 0,7 · c(i, j) / (n_i + 30) + 0,2 · popularidad.
- Solo contenido: coseno de los rasgos de contenido.
- Géneros one-hot: coseno de géneros con la popularidad TMDB como desempate.
- Más populares: las 5 con más «me gusta» en los pliegues de aprendizaje. Aleatorio: semilla fija.

## Protocolo

{protocol_text(results)}
"""


# --- model card ------------------------------------------------------------------------

def render_card(meta: dict, results: dict | None = None) -> str:
    selection = meta["selection"]
    validation = selection.get("validation") or {}
    fields = "\n".join(f"| {FIELDS[name]} | {_f(weight, 1)} |" for name, weight in FIELD_WEIGHTS.items())
    if results:
        evaluation = (f"De `movierec evaluate` ({results['protocol']['folds']} pliegues de usuarios):\n\n"
                      f"{results_table(results)}\n\n{targets(results)}\n\n{sanity_text(results)}\n\n"
                      f"Modelo por usuario:\n\n{user_table(results['users'])}\n\n{protocol_text(results)}")
    else:
        evaluation = ("Las cifras sobre usuarios retenidos aún no se calcularon: ejecute `movierec evaluate`, "
                      "que las escribe aquí y en reports/evaluation.md.")
    chosen = (f"En validación: nDCG@5 {_f(validation['ndcg'])}, colección {_pct(validation['collection_share'])}, "
              f"top 5 en el 1 % más gustado {_pct(validation['head_share'])}." if validation
              else "Sin valoraciones no hubo con qué elegir: solo contenido.")
    reasons = meta.get("reasons", {})
    total = max(sum(reasons.values()), 1)
    reason_line = ", ".join(f"{label} {_pct(reasons.get(key, 0) / total)}" for key, label in (
        ("collection", "misma colección"), ("director", "mismo director"),
        ("liked_together", "gustó a quienes disfrutaron…"), ("content", "género y argumento parecidos"),
        ("popular", "popular (sin datos)")))
    return f"""# Ficha del modelo: recomendador de movierec

Generada por `movierec train`{' y `movierec evaluate`' if results else ''}. Versión del código
{meta['code_version']}.

## Qué hace

- `GET /recomendacion/{{titulo}}`: las películas más parecidas a una dada, con `similitud` en [0, 1]
  (no mezclada con popularidad) y `motivo`.
- `GET /recomendacion_usuario/{{user_id}}`: películas que un usuario de MovieLens aún no valoró.

## Datos

- Catálogo: {meta['films']} películas (todas tienen vecinas; sha256 de movies.parquet
  `{meta['movies_sha256'][:16]}…`), {meta['films_with_credits']} con créditos.
- Valoraciones: {meta['ratings']} de {meta['users']} usuarios (MovieLens `ratings_small.csv`, traducidas
  a ids de TMDB con `links_small.csv`), sobre {meta['films_rated']} películas del catálogo;
  {meta['films_collaborative']} con algún «me gusta» (nota ≥ 4).

## Rasgos y similitud

Contenido: un vector TF-IDF por bloque, normalizado y ponderado; similitud coseno.

| bloque | peso |
|---|---:|
{fields}

Se descartan las palabras de una sola película o de más del {_pct(MAX_WORD_SHARE)} del catálogo.

Colaborativo: coseno encogido c(i, j) / (√(n_i · n_j) + encogimiento), con c los usuarios a los que les
gustaron ambas y n los «me gusta» de cada una: «gustaron juntas» más allá de lo que explica la popularidad.

Mezcla: similitud = (1 − w) · contenido + w · colaborativo, w = α · n / (n + κ) según los «me gusta» de la
película consultada; sin «me gusta», solo contenido. Ambas señales están en [0, 1] y la mezcla también: es
la `similitud` de la respuesta. La popularidad (log de «me gusta», o de votos TMDB sin valoraciones) solo
desempata.

Pesos: {weights_text(selection)}. Elegidos en usuarios de validación (rejilla de {grid_text()}).
{chosen}

`motivo` de cada recomendación: misma colección; si no, mismo director; si no, «gustó a quienes
disfrutaron …» cuando los co-«me gusta» dan al menos la mitad de la similitud; si no, «género y argumento
parecidos»; con similitud 0, popular. En el top 5 servido: {reason_line}.

## Modelo por usuario

EASE (Steck, 2019): B = −P / diag(P), P = (XᵀX + λI)⁻¹ sobre la matriz binaria usuarios × películas de
«me gusta», λ = {LAMBDA:g}, sobre las {meta.get("ease_films", 0)} películas más gustadas (como mucho {EASE_FILMS}: la
inversa es densa; B se usa entera, en float32, con sus pesos negativos). Puntuación de j = Σ B[i, j] sobre las
películas i que el usuario disfrutó; se excluyen las ya valoradas y, sin señal, completan las más populares. Se guardan las 20
mejores de cada usuario: responder es indexar.

## Evaluación

{evaluation}

## Servicio

- Se guardan las {meta['k']} mejores vecinas de cada película (`neighbours` int32, `scores` float32,
  `reasons` uint8, `ids` int64, un `.npy` sin comprimir por arreglo, mapeado en memoria): responder es indexar.
  La película consultada nunca se recomienda; empates por popularidad y luego id.
- Con el modelo servido (todas las valoraciones): colección en el top 5 {_pct(meta['served_collection_share'])};
  cobertura del catálogo en el top 5 {_pct(meta['served_coverage'])}; top 5 entre el 1 % más gustado
  {_pct(meta['served_head_share'])}.

## Límites

- Solo {meta['users']} usuarios de MovieLens: la señal colaborativa existe para pocas películas; el resto
  depende del contenido.
- La similitud colaborativa guarda una matriz densa m × m de co-«me gusta» (m = películas con «me gusta»):
  con las 45.000 películas valoradas de MovieLens completo no cabría; el modelo por usuario sí escala.
"""


def update_model_card(model_dir: Path, results: dict, movies_sha256: str) -> bool:
    """Rewrite card.md of the model trained on these same tables with held-out figures.

    Returns False (and touches nothing) when there is no model or it was trained on other tables.
    """
    model_dir = Path(model_dir)
    meta_path = model_dir / "meta.json"
    if not meta_path.is_file():
        return False
    meta = json.loads(meta_path.read_text())
    if meta.get("movies_sha256") != movies_sha256:
        return False
    (model_dir / "evaluation.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    (model_dir / "card.md").write_text(render_card(meta, results), encoding="utf-8")
    return True
