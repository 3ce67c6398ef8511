"""Fast drop-in for ``ast.literal_eval`` on the Python-literal fields of The Movies Dataset.

The Kaggle CSVs store nested fields (genres, cast, crew, ...) as ``repr()`` of lists and
dicts. ``ast.literal_eval`` is exact but slow on the ~190 MB credits file, so
``parse_literal`` rewrites the text to JSON with one compiled regex and lets the C
``json.loads`` build the objects. The rewrite lets through only tokens whose JSON meaning
equals their Python meaning (no newlines, comments, NaN, ...), so if ``json.loads`` accepts
the result, ``ast.literal_eval`` returns the same value. Anything else (other tokens, JSON
errors, nesting Python refuses) goes to ``ast.literal_eval`` itself: results and failures
are always the same as its.
"""

from __future__ import annotations

import ast
import json
import re

__all__ = ["parse_literal"]

# Python refuses more than 200 nested brackets, json.loads does not: deeper goes to ast.
_MAX_DEPTH = 100

# The rewrite is one re.sub. Each match is a run that only needs ' -> " (brackets, commas,
# colons, spaces, tabs, number characters, and single-quoted strings with no quote,
# backslash or surrogate inside) followed by one token that needs more: a keyword, any
# other string, the end, or one character of anything else ("junk": the text goes to ast).
# Matches thus tile the whole text, and rewritten tokens contain no ', so afterwards every
# ' delimits a string of a run and one str.replace finishes the job.
_TOKENS = re.compile(
    r"""((?:[\[\]{}:,0-9.eE+\- \t]*+'[^'"\\\ud800-\udfff]*+')*+[\[\]{}:,0-9.eE+\- \t]*+)"""
    r"""(None|True|False|'(?:[^'\\\ud800-\udfff]|\\.)*+'|"(?:[^"\\\ud800-\udfff]|\\.)*+"|\Z|.)""",
    re.S,
)
_KEYWORDS = {"None": "null", "True": "true", "False": "false", "": ""}
# Inside a string that needs rewriting: the escapes repr() writes (and the other one-letter
# ones), bare quotes, and any other backslash (octal, \N{...}, line continuation...).
_SPECIAL = re.compile(
    r"""\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([\\'"abfnrtv]))|(["'])|(\\)"""
)
_ONE_LETTER = {
    "\\": "\\\\", "'": "\\u0027", '"': '\\"', "a": "\\u0007", "b": "\\b",
    "f": "\\f", "n": "\\n", "r": "\\r", "t": "\\t", "v": "\\u000b",
}
_BARE_QUOTE = {'"': '\\"', "'": "\\u0027"}


class _Unsupported(ValueError):
    """Raised inside the fast path to hand the text over to ast.literal_eval."""


def _escape(m: re.Match) -> str:
    """JSON text for one Python escape or bare quote; it never contains a single quote."""
    hex2, hex4, hex8, letter, quote, _other = m.groups()
    if letter is not None:
        return _ONE_LETTER[letter]
    if quote is not None:
        return _BARE_QUOTE[quote]
    if hex2 is not None:
        return "\\u00" + hex2
    code = int(hex4 or hex8 or "110000", 16)
    # Surrogates stay single code points in Python but JSON would pair them up.
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise _Unsupported(m.group())
    return "\\u%04x" % code if code <= 0xFFFF else chr(code)


def _rewrite(m: re.Match) -> str:
    run, token = m.group(1, 2)
    json_text = _KEYWORDS.get(token)
    if json_text is None:
        if len(token) < 2:  # junk
            raise _Unsupported(token)
        json_text = '"' + _SPECIAL.sub(_escape, token[1:-1]) + '"'
    return run + json_text


_DICT_IN_DICT = re.compile(r":[ \t]*+\{")


def _surely_shallow(text: str) -> bool:
    """Cheap bound on the nesting depth of text that json.loads accepted.

    Along any chain of nested containers, each dict but the outermost sits in a list of the
    chain or is a dict's value (":{" in the text), so depth <= 2 * lists + 1 + ":{" count.
    Brackets inside strings only make the bound looser.
    """
    lists = text.count("[")
    if lists + text.count("{") <= _MAX_DEPTH:
        return True
    return 2 * lists + 1 <= _MAX_DEPTH and _DICT_IN_DICT.search(text) is None


def _depth_ok(container: list | dict, room: int) -> bool:
    """True if ``container`` nests at most ``room`` containers deep (itself included)."""
    if room <= 0:
        return False
    for value in container.values() if type(container) is dict else container:
        kind = type(value)
        if (kind is list or kind is dict) and not _depth_ok(value, room - 1):
            return False
    return True


def parse_literal(text: str) -> object:
    """Return exactly what ``ast.literal_eval(text)`` returns, much faster on repr() data.

    Raises ValueError where ``ast.literal_eval`` raises (empty, truncated, not a literal).
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_literal expects str, not {type(text).__name__}")
    try:
        value = json.loads(_TOKENS.sub(_rewrite, text).replace("'", '"'))
    except (ValueError, RecursionError):  # incl. _Unsupported and JSON syntax errors
        return _slow(text)
    if type(value) in (list, dict) and not _surely_shallow(text):
        if not _depth_ok(value, _MAX_DEPTH):
            return _slow(text)
    return value


def _slow(text: str) -> object:
    """The reference path, with every failure reported as ValueError."""
    if not text.strip():
        raise ValueError("empty literal")
    try:
        return ast.literal_eval(text)
    except MemoryError:
        raise
    except Exception as exc:  # SyntaxError, TypeError, RecursionError, ...
        raise ValueError(f"malformed literal ({type(exc).__name__}: {exc})"[:200]) from exc
