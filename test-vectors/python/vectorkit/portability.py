"""What makes a vector file load alike in every mainstream JSON library (test-vectors/README.md,
"Portable JSON"): strict RFC 8259 JSON in UTF-8, no object with two members of the same name, no
lone surrogate (escaped or not) in any string, and every number exactly an IEEE-754 double that all
parsers agree on: an integer within ±2^53, or a number with a fraction or exponent whose decimal
value is exactly the value of its nearest double's shortest form (``0.5``, ``1e21``, ``-1.5e-7``; not
``1e400``, ``1e-400``, ``333333333.33333329``). A JSON body that needs anything else is given as raw
text in a ``json_text`` member, a string, which these rules then cover as any other string.
"""

from decimal import Decimal
import json
import math
import re

MAX_SAFE_INTEGER = 2**53
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class _Number:
    """A JSON number literal, kept as text."""

    def __init__(self, text: str):
        self.text = text


def _number_problem(text: str) -> str | None:
    """Why a number literal is not portable, or ``None``."""
    if re.fullmatch(r"-?[0-9]+", text):
        return None if abs(int(text)) <= MAX_SAFE_INTEGER else f"integer {text} is beyond ±2^53"
    value = float(text)
    if not math.isfinite(value):
        return f"number {text} is not a finite double"
    if Decimal(text) != Decimal(repr(value)):
        return f"number {text} is not exactly a double (it reads as {repr(value)})"
    return None


def problems(text: str) -> list[str]:
    """Every reason ``text`` (a whole vector file) is not portable JSON; empty when it is."""
    found: list[str] = []

    def members(pairs: list) -> dict:
        names = [name for name, _ in pairs]
        for name in sorted({name for name in names if names.count(name) > 1}):
            found.append(f"an object has two members named {name!r}")
        return dict(pairs)

    def refuse_constant(name: str):
        raise ValueError(f"{name} is not JSON")

    try:
        value = json.loads(text, object_pairs_hook=members, parse_int=_Number, parse_float=_Number,
                           parse_constant=refuse_constant)
    except ValueError as error:
        return [f"not strict JSON: {error}"]
    _walk(value, "$", found)
    return found


def _walk(value, path: str, found: list[str]) -> None:
    if isinstance(value, dict):
        for name, member in value.items():
            if _LONE_SURROGATE.search(name):
                found.append(f"{path}: a member name holds a lone surrogate")
            _walk(member, f"{path}.{name}", found)
    elif isinstance(value, list):
        for index, element in enumerate(value):
            _walk(element, f"{path}[{index}]", found)
    elif isinstance(value, str):
        if _LONE_SURROGATE.search(value):
            found.append(f"{path}: a string holds a lone surrogate")
    elif isinstance(value, _Number):
        problem = _number_problem(value.text)
        if problem:
            found.append(f"{path}: {problem}")
