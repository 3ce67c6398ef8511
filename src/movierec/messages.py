"""Every sentence the API answers with (`mensaje`), as a plain function of the numbers and names it
tells, so that tests/code/test_messages.py can render each one with 0, 1, 2, large and fractional
numbers. Numbers, money and plurals come from movierec.spanish, the one owner of how they are written.
"""

from movierec.spanish import count, num, plural


def titles_like(n: int, query: str) -> str:
    if n == 0:
        return f"Ninguna película tiene un título parecido a «{query}»."
    return f"{count(n, 'película', 'películas')} con un título parecido a «{query}»."


def released_in_month(n: int, month: str) -> str:
    return f"{count(n, 'película', 'películas')} {plural(n, 'fue estrenada', 'fueron estrenadas')} en el mes de {month}."


def released_on_weekday(n: int, day: str) -> str:
    when = f"un {day}" if n == 1 else f"en los días {day}"
    return f"{count(n, 'película', 'películas')} {plural(n, 'fue estrenada', 'fueron estrenadas')} {when}."


def film_score(title: str, year: int, popularity: float) -> str:
    return f"La película {title} fue estrenada en el año {year} con un score/popularidad de {num(popularity, 2)}."


def film_votes(title: str, year: int, votes: int, average: float) -> str:
    return (f"La película {title} fue estrenada en el año {year}. La misma cuenta con un total de "
            f"{count(votes, 'valoración', 'valoraciones')}, con un promedio de {num(average, 1)}.")


def too_few_votes(title: str, minimum: int) -> str:
    return (f"La película {title} no cumple con el mínimo de {count(minimum, 'valoración', 'valoraciones')}, "
            "por eso no se informan sus votos.")


def actor_returns(name: str, films: int, total: float, average: float) -> str:
    if films == 0:
        return f"{name} no ha participado de ninguna filmación sin contar las que dirigió."
    return (f"{name} ha participado de {count(films, 'filmación', 'filmaciones')} (sin contar las que dirigió), "
            f"ha conseguido un retorno de {num(total, 2)} con un promedio de {num(average, 2)} por filmación.")


def director_returns(name: str, films: int, total: float) -> str:
    return f"{name} dirigió {count(films, 'película', 'películas')} con un retorno total de {num(total, 2)}."


def similar_films(title: str, year: int) -> str:
    return f"Películas similares a {title} ({year}), de mayor a menor similitud."


def user_picks(n: int, user_id: int) -> str:
    if n == 0:
        return f"No quedan películas para recomendar al usuario {user_id}: ya valoró todas las que el modelo conoce."
    return (f"{count(n, 'película', 'películas')} que el usuario {user_id} no valoró y probablemente le "
            f"{plural(n, 'guste', 'gusten')}, de la que más a la que menos se parece a lo que valoró bien.")


def unknown_user(user_id: int, first: int | None, last: int | None) -> str:
    valid = (f"los usuarios conocidos van del {first} al {last}" if first is not None
             else "este catálogo no tiene valoraciones de usuarios")
    return f"No hay valoraciones del usuario {user_id}: {valid}."


# --- the film card, people search and browsing (issue 13) --------------------------------

def doubtful_returns(n: int) -> str:
    """The warning beside a person's totals (the page shows it only when n > 0)."""
    if n == 0:
        return "Ninguna película con retorno dudoso (presupuesto o ingresos menores que mil dólares)."
    return (f"Incluye {count(n, 'película', 'películas')} con retorno dudoso (presupuesto o ingresos menores "
            "que mil dólares, casi siempre un error de carga).")


def film_card(title: str, year: int, direction: str) -> str:
    """`direction`: the directors' names already joined (spanish.join_names), empty when unknown."""
    directed = f", dirigida por {direction}" if direction else ""
    return f"{title} ({year}){directed}."


def people_like(n: int, query: str) -> str:
    if n == 0:
        return f"Ninguna persona tiene un nombre parecido a «{query}»."
    return f"{count(n, 'persona', 'personas')} con un nombre parecido a «{query}»."


EXPLORE_ORDERS = {"valoracion": "valoración ponderada", "popularidad": "popularidad", "fecha": "fecha de estreno"}


def explore_page(total: int, genre: str | None, decade: int | None, order: str, page: int, pages: int) -> str:
    """`order`: one of EXPLORE_ORDERS' keys or already its Spanish description."""
    where = (f" de {genre}" if genre else "") + (f" de los años {decade}" if decade else "")
    return (f"{count(total, 'película', 'películas')}{where}, por {EXPLORE_ORDERS.get(order, order)} "
            f"(página {num(page)} de {num(pages)}).")


def no_such_page(page: int, pages: int) -> str:
    return f"La página {num(page)} no existe: hay {count(pages, 'página', 'páginas')}."

