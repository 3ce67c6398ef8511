"""parse_literal must behave exactly like ast.literal_eval: same values, same leaf types,
same dict key order, and ValueError wherever ast.literal_eval raises."""

from __future__ import annotations

import ast
import json
import random
import unicodedata
import warnings
from pathlib import Path

import pandas as pd
import pytest

from movierec.etl import literal
from movierec.etl.literal import parse_literal

REPO_DIR = Path(__file__).resolve().parents[2]
SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
SAMPLE_DIR = REPO_DIR / "data" / "sample"

MOVIE_LITERALS = [
    "belongs_to_collection", "genres", "production_companies", "production_countries",
    "spoken_languages",
]
MOVIES_DIR = SHARED_DATA / "the-movies-dataset"
TMDB_CREDITS = SHARED_DATA / "tmdb-5000" / "tmdb_5000_credits_overlap.csv"
# name: (path, literal columns, fields stored as JSON that must be turned into repr() layout)
REAL_FILES = {
    "shared-movies": (MOVIES_DIR / "movies_dataset.csv", MOVIE_LITERALS, False),
    "shared-credits35": (MOVIES_DIR / "credits_first35.csv", ["cast", "crew"], False),
    "shared-keywords": (MOVIES_DIR / "keywords_first57.csv", ["keywords"], False),
    "shared-tmdb": (TMDB_CREDITS, ["cast", "crew"], True),
    "sample-movies": (SAMPLE_DIR / "movies_dataset.csv.gz", MOVIE_LITERALS, False),
    "sample-credits": (SAMPLE_DIR / "credits.csv.gz", ["cast", "crew"], False),
}


def same(a: object, b: object) -> bool:
    """Deep equality that also requires identical types everywhere (1, 1.0, True differ)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return len(a) == len(b) and all(
            same(ka, kb) and same(va, vb) for (ka, va), (kb, vb) in zip(a.items(), b.items())
        )
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(map(same, a, b))
    return a == b and repr(a) == repr(b)  # repr: -0.0 vs 0.0, set element types


def test_same_is_type_aware():
    assert same([1, {"a": None}], [1, {"a": None}])
    assert not same(1, 1.0) and not same(1, True) and not same(0.0, -0.0)
    assert not same([1], (1,)) and not same({"a": 1, "b": 2}, {"b": 2, "a": 1})
    assert not same({1: "x"}, {1.0: "x"}) and not same(["1"], [1])


def check(text: str) -> bool:
    """Assert parse_literal(text) matches ast.literal_eval(text); return whether it parsed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escapes warn the same way in both paths
        try:
            expected = ast.literal_eval(text)
        except Exception:
            with pytest.raises(ValueError):
                parse_literal(text)
            return False
        got = parse_literal(text)
    assert same(got, expected), f"{text[:300]!r}: {got!r:.300} != {expected!r:.300}"
    return True


def real_fields(name: str) -> list[str]:
    path, columns, from_json = REAL_FILES[name]
    if not path.exists():
        pytest.skip(f"{path} not available")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    fields = [value for column in columns for value in frame[column]]
    if from_json:
        fields = [repr(json.loads(value)) if value else value for value in fields]
    return fields


# --- (1) real data -----------------------------------------------------------------------


@pytest.mark.parametrize("name", REAL_FILES)
def test_real_fields_match_literal_eval(name):
    fields = real_fields(name)
    parsed = sum(check(text) for text in fields)
    assert parsed > len(fields) // 2


@pytest.mark.parametrize("name", REAL_FILES)
def test_real_fields_take_the_fast_path(name, monkeypatch):
    """Every non-empty real field is handled without falling back to ast (the speed-up)."""
    fields = [text for text in real_fields(name) if text]

    def no_fallback(text):
        raise AssertionError(f"fell back to ast for {text[:200]!r}")

    monkeypatch.setattr(literal, "_slow", no_fallback)
    for text in fields:
        parse_literal(text)


# --- (2) hand-written edge cases ---------------------------------------------------------

EDGE_CASES = [
    # the real layouts
    "[{'id': 16, 'name': 'Animation'}, {'id': 35, 'name': 'Comedy'}]",
    "{'id': 10194, 'name': 'Toy Story Collection', 'poster_path': '/7G9.jpg', "
    "'backdrop_path': None}",
    "[{'cast_id': 14, 'character': 'Woody (voice)', 'credit_id': '52fe4284c3a36847f8024f95', "
    "'gender': 2, 'id': 31, 'name': 'Tom Hanks', 'order': 0, 'profile_path': None}]",
    """[{'character': "Caledon 'Cal' Hockley", 'name': "Andy's"}]""",
    "[{'iso_3166_1': 'CA', 'name': 'Canada'}]",
    "[]", "{}", "[[]]", "[{}]", "{'a': []}", "{'a': {}}", "[[], {}, [[{}]], {'x': [[]]}]",
    # quotes
    "''", '""', "'\"'", "\"'\"", "'\\''", '"\\""', "'a\"b\\'c'", '"a\'b\\"c"',
    "['It\\'s', \"It's\", 'say \"hi\"', \"say 'hi' \\\"x\\\"\"]",
    # escapes (the repr ones and the rarer ones)
    "'\\\\'", "'a\\\\b'", "'\\n\\t\\r'", "'\\xe9\\xE9\\x00\\x7f'", "'\\u2019\\u00e9\\uFFFF'",
    "'\\U0001f600\\U00000041\\U0010FFFF'", "'\\a\\b\\f\\v'", "'\\0'", "'\\101\\777'",
    "'\\N{LATIN SMALL LETTER E WITH ACUTE}'", "'\\ud800'", "'\\ud83d\\ude00'", "'\\U0000d800'",
    "'\\d'", "'\\ '", "'a\\\nb'", "'\\u0027'", "'\\x27\\x22\\x5c'",
    # unicode
    "'Ørnås'", "'東京物語'", "'😀'", "'\u2028\u2029\x85'", "'\ufeff'", "'\x7f\x80\x9f'",
    "'\x01'", "'\x0c'", "'\t'", "['Amélie', 'Léon', 'Zoë']",
    # keywords
    "None", "True", "False", "[None, True, False]", "{'None': None, 'True': True}",
    "'None'", "['True story', 'False alarm', 'None of the above']", "[NoneTrue]",
    # numbers
    "0", "-0", "7", "-7", "123456789012345678901234567890", "-1.5", "0.0", "-0.0", "1e-05",
    "1E+05", "2.5e10", "-3.5E-7", "1e400", "-1e400", "1e-400", "[1, 1.0, True]",
    "0.1", "21.946943", "[-1, -1.0, -1e-05]", "00", "0e0", "1_000", "0x1f", "0o17", "0b101",
    "1.", ".5", "+5", "- 5", "-\t5", "1j", "1+2j", "-1-2j", "[1, 2.0, 3j]", "1" * 300,
    "1" * 1200, "1" * 5000 + ".5",
    # whitespace
    " [1]", "\t[1]", "[1] ", "[1]\t", "[ 1 , 2 ]", "[\t1,\t2\t]", "{ 'a' : 1 }", "[1,\n 2]",
    "\n[1]", "[1]\n", "[1]\r\n", "\x0c[1]", "  'a'  ", "[1,  \t2]",
    # exotic but valid: ast answers
    "(1, 2)", "()", "(1,)", "{1, 2}", "b'ab'", "u'x'", "r'\\d'", "'a' 'b'", "'''x'''",
    '"""a\nb"""', "[1, 2,]", "{'a': 1,}", "{1: 'a', 2.5: 'b', None: 'c', True: 'd'}",
    "{'a': 1, 'a': 2}", "{'a': 1, 'b': 2, 'a': 3}", "[1, # comment\n 2]", "[(1, 2), {3}]",
    "frozenset()", "set()", "...", "[..., None]", "{'a'}",
    # real fields from the shifted row of the full file
    "0.065736", "1997-08-20", "104.0", "Released", "/ff9qCepilowshEtG2GYWwzt2bs4.jpg",
    " - Written by Ørnås", "Midnight Man",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_edge_cases(text):
    check(text)


def test_values_and_types():
    assert same(parse_literal("[1, 1.0, True, None, 'x']"), [1, 1.0, True, None, "x"])
    assert same(parse_literal("{'b': 1, 'a': 2}"), {"b": 1, "a": 2})
    assert list(parse_literal("{'b': 1, 'a': 2, 'c': 3}")) == ["b", "a", "c"]
    assert same(parse_literal("'\\ud83d\\ude00'"), "\ud83d\ude00")  # two code points, as ast
    assert same(parse_literal("'\\U0001f600'"), "\U0001f600")
    assert same(parse_literal(r"""'\\\'\"'"""), "\\'\"")
    assert same(parse_literal("-0.0"), -0.0)


@pytest.mark.parametrize("depth", [1, 2, 50, 99, 100, 101, 150, 200, 201, 300, 2000])
@pytest.mark.parametrize("opener,closer", [("[", "]"), ("{'k': ", "}"), ("[{'k': ", "}]")])
def test_nesting_depth(depth, opener, closer):
    check(opener * depth + "1" + closer * depth)


@pytest.mark.parametrize("text", [
    "[" + ", ".join(["[1]"] * 300) + "]",
    "[" + ", ".join(["{'a': [1, {}]}"] * 300) + "]",
    "{" + ", ".join(f"'{i}': {{'x': {{}}}}" for i in range(300)) + "}",
    "[" + ", ".join(["'[[[{{{'"] * 300) + "]",
    "[" * 60 + "{'a': {'b': {'c': 1}}}" + "]" * 60,
])
def test_wide_but_shallow(text):
    check(text)


def test_every_bmp_character_alone():
    """Raw characters inside and outside strings, including controls and surrogates.

    (All 0x110000 code points were checked this way once; this is the interesting subset.)
    """
    rng = random.Random(5)
    codes = [*range(0x800), *range(0xD7F0, 0xE010), *range(0xFEF0, 0x10010)]
    for code in codes + [rng.randrange(0x110000) for _ in range(500)]:
        char = chr(code)
        for text in (f"'{char}'", f'"{char}"', f"[{char}]", f"['\\{char}']", f"[1{char}]"):
            check(text)


def test_non_string_input_is_a_type_error():
    with pytest.raises(TypeError):
        parse_literal(b"[1]")  # type: ignore[arg-type]


# --- (3) generated cases -----------------------------------------------------------------

SPECIAL_CHARS = (
    "'\"\\\n\r\t\x00\x01\x07\x0b\x0c\x1f\x7f\x85\xa0\xe9\xff\u0100\u2019\u2028\ufeff"
    "\ud800\udfff\ue000\uffff\U0001f600\U0010ffff"
)
PIECES = ["None", "True", "null", "NaN", "Infinity", ", ", ": ", "[", "]", "{", "}", "#", "\\u0027"]


def random_char(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.5:
        return rng.choice("abcXYZ 019-_/.()")
    if roll < 0.8:
        return rng.choice(SPECIAL_CHARS)
    if roll < 0.9:
        return chr(rng.randrange(0x80, 0x800))
    return chr(rng.randrange(0x110000))


def random_str(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.choice([0, 1, 2, 5, 12])):
        parts.append(rng.choice(PIECES) if rng.random() < 0.1 else random_char(rng))
    return "".join(parts)


def random_leaf(rng: random.Random) -> object:
    kind = rng.randrange(9)
    if kind <= 2:
        return random_str(rng)
    if kind == 3:
        return rng.choice([0, 1, -1, 7, 10**20, -(10**30), rng.randrange(-10**6, 10**6)])
    if kind == 4:
        return rng.choice([0.0, -0.0, 1.5, -2.25, 1e-05, 1e300, 3.4e-300, 21.946943,
                           rng.uniform(-1e6, 1e6), rng.random() * 10 ** rng.randrange(-30, 30)])
    return rng.choice([None, True, False, None])


def random_obj(rng: random.Random, depth: int = 0) -> object:
    roll = rng.random()
    if depth >= 4 or roll < 0.3:
        return random_leaf(rng)
    size = rng.choice([0, 1, 2, 3, 8])
    if roll < 0.6:
        return [random_obj(rng, depth + 1) for _ in range(size)]
    keys = [random_str(rng) if rng.random() < 0.9 else random_leaf(rng) for _ in range(size)]
    return {key: random_obj(rng, depth + 1) for key in keys}


def render_str(value: str, rng: random.Random) -> str:
    """A Python string literal for value, with random quotes and escape spellings."""
    quote = rng.choice("'\"")
    out = [quote]
    for char in value:
        code = ord(char)
        must = char in (quote, "\\", "\n", "\r") or 0xD800 <= code <= 0xDFFF or code == 0
        if not must and rng.random() < 0.7:
            out.append(char)
            continue
        options = ["\\U%08x" % code, "\\U%08X" % code]
        if code <= 0xFFFF:
            options += ["\\u%04x" % code, "\\u%04X" % code]
        if code <= 0xFF:
            options += ["\\x%02x" % code, "\\x%02X" % code]
        if code <= 0o777:
            options.append("\\%03o" % code)
        one_letter = {"\\": "\\\\", "'": "\\'", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
                      "\a": "\\a", "\b": "\\b", "\f": "\\f", "\v": "\\v"}
        if char in one_letter:
            options += [one_letter[char]] * 4
        name = unicodedata.name(char, None)
        if name:
            options.append("\\N{%s}" % name)
        out.append(rng.choice(options))
    out.append(quote)
    return "".join(out)


def render(value: object, rng: random.Random) -> str:
    """Another valid spelling of repr(value): random quotes, escapes, whitespace, commas."""
    def space() -> str:
        return rng.choice(["", "", "", " ", "  ", "\t", "\n", " \n\t"])

    def tail() -> str:
        return "," if rng.random() < 0.05 else ""

    if isinstance(value, str):
        return render_str(value, rng)
    if isinstance(value, list):
        items = [space() + render(item, rng) + space() for item in value]
        return "[" + ",".join(items) + (tail() if items else "") + space() + "]"
    if isinstance(value, dict):
        pairs = [space() + render(k, rng) + space() + ":" + space() + render(v, rng) + space()
                 for k, v in value.items()]
        return "{" + ",".join(pairs) + (tail() if pairs else "") + space() + "}"
    text = repr(value)
    if isinstance(value, float) and rng.random() < 0.2:
        text = text.upper()
    return text


def test_generated_reprs():
    rng = random.Random(20240601)
    parsed = sum(check(repr(random_obj(rng))) for _ in range(2000))
    assert parsed > 1500  # most reprs are valid literals (inf/nan ones are not)


def test_generated_spellings():
    rng = random.Random(7)
    parsed = sum(check(render(random_obj(rng), rng)) for _ in range(2000))
    assert parsed > 500


def test_generated_real_like_rows():
    """Credits-like rows with hostile strings: must parse, and on the fast path."""
    rng = random.Random(11)
    for _ in range(300):
        row = [
            {"cast_id": rng.randrange(100), "character": random_str(rng),
             "credit_id": "%024x" % rng.getrandbits(96), "gender": rng.choice([0, 1, 2]),
             "id": rng.randrange(10**7), "name": random_str(rng), "order": rng.randrange(50),
             "profile_path": rng.choice([None, "/" + random_str(rng) + ".jpg"])}
            for _ in range(rng.randrange(6))
        ]
        check(repr(row))


# --- (4) malformed input -----------------------------------------------------------------

MALFORMED = [
    "", " ", "\t", "\n", "   \n  ",
    "[", "]", "{", "[1", "[1,", "[1, 2", "{'a'", "{'a':", "{'a': 1", "{'a': 1,", "'abc", '"abc',
    "[{'id': 16, 'name': 'Anim", "[{'id': 16, 'name': 'Animation'}, {'id': 35, 'na",
    "[1]]", "[[1]", "[1}", "{'a': 1]", "['a': 1]", "{'a', 'b': 1}", "{'a': 1, 2}",
    "[1 2]", "['a' 1]", "[1,,2]", "[,1]", "[,]", "{,}", "{'a':: 1}", "{'a': }", "{: 1}",
    "[None]]", "None None", "'a' 1", "1 2",
    "nan", "inf", "-inf", "NaN", "Infinity", "-Infinity", "[NaN]", "null", "true", "false",
    "[null]", "{'a': true}", "none", "TRUE", "Nonesuch", "[Nonesuch]", "x", "[x]", "{'a': b}",
    "--1", "-", "[-]", "1e", "1e+", "[1e]", "01", "-01", "1__0", "0x", "1.5.2", "1..2",
    "'\\x4'", "'\\xzz'", "'\\u12'", "'\\u12g4'", "'\\U0011ffff'", "'\\U1234567'", "'\\N{NOPE}'",
    "'\\N{'", "'\\'", "'a\nb'", "'a\rb'", "'\x00'", "[1, '\x00']", "'\ud800'", "['\udfff']",
    "\ufeff[1]", "\x0b[1]", "[1]\x00",
    "{[1]: 2}", "{{}: 1}", "[1] + [2]", "1 + 1", "f'x'", "f'{1}'", "__import__('os')",
    "print(1)", "lambda: 1", "[i for i in ()]", "a = 1", "[1]; [2]", "Ellipsis",
    "['a' if True else 'b']", "{**{}}", "[*()]",
    "[" * 201 + "]" * 201, "[" * 1500 + "]" * 1500, "[1" + "]" * 3, "'" * 3, "'" * 5,
]


@pytest.mark.parametrize("text", MALFORMED)
def test_malformed_raises_value_error(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(Exception):
            ast.literal_eval(text)  # sanity: the reference rejects it too
        with pytest.raises(ValueError):
            parse_literal(text)


def test_mutated_reprs():
    """Random single-character damage to valid literals: ValueError exactly where ast fails."""
    rng = random.Random(3)
    alphabet = "'\"\\[]{},: \n\t0123456789.-+eENTFnulx#\x00\ud800é"
    failed = 0
    for _ in range(3000):
        text = repr(random_obj(rng))
        if not text:
            continue
        pos = rng.randrange(len(text) + 1)
        action = rng.randrange(4)
        if action == 0:
            text = text[:pos] + text[pos + 1:]
        elif action == 1:
            text = text[:pos] + rng.choice(alphabet) + text[pos:]
        elif action == 2:
            text = text[:pos] + rng.choice(alphabet) + text[pos + 1:]
        else:
            text = text[:pos]
        failed += not check(text)
    assert failed > 500
