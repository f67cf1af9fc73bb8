"""RFC 8785 JSON Canonicalization Scheme (spec §11) for Python JSON values.

Accepted values: ``None``, ``bool``, ``int`` and ``float`` (both treated as IEEE-754 doubles, as
an ECMAScript ``JSON.parse`` would give them), ``str``, ``list``/``tuple`` and ``dict`` with ``str``
keys. Anything else, NaN/Infinity, lone surrogates and nesting deeper than 128 arrays/objects are
refused with :class:`JsonUnsupported`.
"""

import math
from decimal import Decimal

from .errors import JsonUnsupported

MAX_DEPTH = 128

_SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def canonicalize(value) -> bytes:
    """Return the RFC 8785 canonical UTF-8 bytes of ``value``."""
    parts: list[str] = []
    _write(value, parts, depth=0)
    return "".join(parts).encode("utf-8")


def serialize_number(number) -> str:
    """Format a number as ECMAScript ``Number.prototype.toString`` does (after conversion to a double)."""
    if isinstance(number, bool):
        raise JsonUnsupported("a boolean is not a number")
    try:
        x = float(number)
    except OverflowError:
        raise JsonUnsupported("integer out of the IEEE-754 double range") from None
    if not math.isfinite(x):
        raise JsonUnsupported("NaN and Infinity have no JSON form")
    if x == 0:
        return "0"  # covers -0
    sign = "-" if x < 0 else ""
    digits, point = _shortest_digits(abs(x))
    return sign + _format_es(digits, point)


def _shortest_digits(x: float) -> tuple[str, int]:
    """Shortest round-trip decimal digits ``d`` and exponent ``n`` with ``x == 0.d × 10**n``."""
    _, digit_tuple, exponent = Decimal(repr(x)).normalize().as_tuple()
    digits = "".join(map(str, digit_tuple))
    return digits, len(digits) + exponent


def _format_es(digits: str, point: int) -> str:
    """ECMA-262 Number::toString steps for digits ``digits`` (k of them) and exponent ``point`` (n)."""
    k = len(digits)
    if k <= point <= 21:
        return digits + "0" * (point - k)
    if 0 < point <= 21:
        return digits[:point] + "." + digits[point:]
    if -6 < point <= 0:
        return "0." + "0" * (-point) + digits
    exponent = point - 1
    exponent_text = ("+" if exponent >= 0 else "-") + str(abs(exponent))
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return mantissa + "e" + exponent_text


def serialize_string(text: str) -> str:
    """Quote and escape a string per RFC 8785 §3.2.2.2; refuse lone surrogates."""
    out = ['"']
    for char in text:
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            raise JsonUnsupported("lone surrogate in a string")
        if char in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[char])
        elif code < 0x20:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _utf16_sort_key(name: str) -> bytes:
    """Sort key ordering member names by their UTF-16 code units."""
    return name.encode("utf-16-be")


def _write(value, parts: list[str], depth: int) -> None:
    if value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, (int, float)):
        parts.append(serialize_number(value))
    elif isinstance(value, str):
        parts.append(serialize_string(value))
    elif isinstance(value, (list, tuple)):
        _check_depth(depth)
        parts.append("[")
        for index, element in enumerate(value):
            if index:
                parts.append(",")
            _write(element, parts, depth + 1)
        parts.append("]")
    elif isinstance(value, dict):
        _check_depth(depth)
        keys = list(value)
        if not all(isinstance(key, str) for key in keys):
            raise JsonUnsupported("object member names must be strings")
        quoted = {key: serialize_string(key) for key in keys}  # refuses lone surrogates first
        parts.append("{")
        for index, key in enumerate(sorted(keys, key=_utf16_sort_key)):
            if index:
                parts.append(",")
            parts.append(quoted[key])
            parts.append(":")
            _write(value[key], parts, depth + 1)
        parts.append("}")
    else:
        raise JsonUnsupported(f"{type(value).__name__} is not a JSON value")


def _check_depth(depth: int) -> None:
    if depth >= MAX_DEPTH:
        raise JsonUnsupported(f"nesting deeper than {MAX_DEPTH} arrays/objects")
