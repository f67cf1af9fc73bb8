"""Reading and writing vector files.

Numbers keep the literal text they were written with, so that a recipe's ``1e400`` or ``-0`` is
written back unchanged (Python's ``json`` would print ``Infinity`` and ``0``) while still behaving
as the ``int`` or ``float`` it denotes. Output: 2-space indentation, arrays of scalars on one line,
UTF-8 without ``\\u`` escapes except for lone surrogates (which UTF-8 cannot carry), final newline.
"""

import json
import re

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class IntLiteral(int):
    """A JSON integer literal that remembers its text."""

    def __new__(cls, text: str):
        number = super().__new__(cls, int(text))
        number.literal = text
        return number


class FloatLiteral(float):
    """A JSON number literal with a fraction or exponent; its value is the nearest double."""

    def __new__(cls, text: str):
        number = super().__new__(cls, text)
        number.literal = text
        return number


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def load(path) -> object:
    """Parse a strict JSON file (no NaN/Infinity constants), keeping number literals."""
    with open(path, encoding="utf-8") as file:
        return json.load(file, parse_int=IntLiteral, parse_float=FloatLiteral, parse_constant=_refuse_constant)


def dumps(value) -> str:
    """Serialize ``value`` in the vector files' layout (with a trailing newline)."""
    return _format(value, "") + "\n"


def _format(value, indent: str) -> str:
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        members = [f"{inner}{_string(str(key))}: {_format(member, inner)}" for key, member in value.items()]
        return "{\n" + ",\n".join(members) + "\n" + indent + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        if not any(isinstance(element, (dict, list, tuple)) for element in value):
            return "[" + ", ".join(_format(element, inner) for element in value) + "]"
        return "[\n" + ",\n".join(inner + _format(element, inner) for element in value) + "\n" + indent + "]"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, (IntLiteral, FloatLiteral)):
        return value.literal
    return json.dumps(value, allow_nan=False)


def _string(text: str) -> str:
    escaped = json.dumps(text, ensure_ascii=False)
    return _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", escaped)
