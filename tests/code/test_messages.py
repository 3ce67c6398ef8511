"""Every API sentence rendered with 0, 1, 2, large and fractional numbers: the Spanish must agree
in number and write numbers the Spanish way."""

import inspect
import re

import pytest

from movierec import messages

NUMBERS = [0, 1, 2, 1_234_567, 0.5, 8_500_000.0, 259.0832]
# a noun or verb that must be singular after exactly "1 " and plural after any other number
AGREEMENT = re.compile(r"(?<![\d.,])(\d[\d.]*(?:,\d+)?) (películas?|filmaci(?:ón|ones)|valoraci(?:ón|ones))"
                       r"(?: (fue estrenada|fueron estrenadas))?")


def arguments(function, value) -> dict:
    """Arguments for a message function: names and titles as text, the rest the number under test."""
    args = {}
    for name, parameter in inspect.signature(function).parameters.items():
        kind = parameter.annotation
        if kind is str or kind == str | None:
            args[name] = {"month": "junio", "day": "viernes", "genre": "Animación",
                          "order": "valoracion"}.get(name, "La vita è bella")
        elif name in ("year", "user_id", "first", "last", "decade"):
            args[name] = 1975  # years and ids are never grouped nor pluralised
        elif kind is int or "int" in str(kind):
            args[name] = int(value)
        else:
            args[name] = value
    return args


TEMPLATES = [function for name, function in inspect.getmembers(messages, inspect.isfunction)
             if function.__module__ == messages.__name__]


def test_every_api_sentence_is_here():
    assert {function.__name__ for function in TEMPLATES} >= {
        "titles_like", "released_in_month", "released_on_weekday", "film_score", "film_votes", "too_few_votes",
        "actor_returns", "director_returns", "similar_films", "user_picks", "unknown_user"}


@pytest.mark.parametrize("value", NUMBERS)
@pytest.mark.parametrize("template", TEMPLATES, ids=lambda function: function.__name__)
def test_sentences_agree_in_number_and_write_spanish_numbers(template, value):
    text = template(**arguments(template, value))
    assert (text[0].isupper() or text[0].isdigit()) and text.endswith(".") and "None" not in text
    assert not re.search(r"\d\.\d{1,2}(?!\d)", text), text          # no English decimal point
    assert not re.search(r"\d{4,}", text.replace("1975", "")), text  # thousands are grouped
    for number, noun, verb in AGREEMENT.findall(text):
        one = number == "1"
        assert noun in (("película", "filmación", "valoración") if one else ("películas", "filmaciones",
                                                                             "valoraciones")), text
        assert not verb or verb == ("fue estrenada" if one else "fueron estrenadas"), text


@pytest.mark.parametrize(("text", "expected"), [
    (messages.director_returns("Charlie Chaplin", 1, 8_500_000), "Charlie Chaplin dirigió 1 película con un retorno "
                                                                 "total de 8.500.000,00."),
    (messages.actor_returns("Tom Hanks", 1, 259.0832, 259.0832), "Tom Hanks ha participado de 1 filmación (sin contar "
     "las que dirigió), ha conseguido un retorno de 259,08 con un promedio de 259,08 por filmación."),
    (messages.actor_returns("Charlie Chaplin", 0, 0, 0), "Charlie Chaplin no ha participado de ninguna filmación sin "
                                                         "contar las que dirigió."),
    (messages.film_votes("Toy Story", 1995, 5415, 7.7), "La película Toy Story fue estrenada en el año 1995. La misma "
                                                        "cuenta con un total de 5.415 valoraciones, con un promedio de 7,7."),
    (messages.released_on_weekday(1, "lunes"), "1 película fue estrenada un lunes."),
    (messages.released_in_month(2, "enero"), "2 películas fueron estrenadas en el mes de enero."),
    (messages.titles_like(0, "padrino"), "Ninguna película tiene un título parecido a «padrino»."),
    (messages.user_picks(1, 7), "1 película que el usuario 7 no valoró y probablemente le guste, de la que más a la que "
                                "menos se parece a lo que valoró bien."),
])
def test_sentence_examples(text, expected):
    assert text == expected
