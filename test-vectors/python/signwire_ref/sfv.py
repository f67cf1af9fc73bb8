"""The part of RFC 8941 (Structured Field Values) that Signwire needs: dictionaries, inner lists,
items and parameters, with integers, decimals, strings, tokens, byte sequences and booleans.

Parsed values map to Python as: Integer → ``int``, Decimal → ``decimal.Decimal``, String →
``str``, Token → :class:`Token`, Byte Sequence → ``bytes``, Boolean → ``bool``. Parameters and
dictionaries are ``dict`` (insertion-ordered; a repeated key overwrites the value in place, as
RFC 8941 §4.2 requires). Byte sequences are decoded as RFC 8941 §4.2.7 asks: padding optional,
non-zero pad bits ignored (spec §1).
"""

from dataclasses import dataclass, field
from decimal import Decimal
import re

from .encodings import b64encode, decode_base64_forgiving


class SfError(ValueError):
    """Input that does not parse, or a value that cannot be serialized, as a structured field."""


class Token(str):
    """An RFC 8941 Token (distinct from a String)."""


@dataclass
class Item:
    """A bare item with its parameters."""

    value: object
    params: dict = field(default_factory=dict)


@dataclass
class InnerList:
    """An inner list of items with its parameters."""

    items: list
    params: dict = field(default_factory=dict)


MAX_INTEGER = 999_999_999_999_999
_KEY = re.compile(r"[a-z*][a-z0-9_\-.*]*")
_TOKEN = re.compile(r"[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*")
_TCHAR_OR_COLON_SLASH = set("!#$%&'*+-.^_`|~:/0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_KEY_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_-.*")
_BASE64_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")


def is_string(value) -> bool:
    """True for an RFC 8941 String (a ``str`` that is not a :class:`Token`)."""
    return isinstance(value, str) and not isinstance(value, Token)


def is_integer(value) -> bool:
    """True for an RFC 8941 Integer (an ``int`` that is not a ``bool``)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_key(text) -> bool:
    """True for an RFC 8941 key (lower-case, e.g. a dictionary member name or a parameter name)."""
    return isinstance(text, str) and _KEY.fullmatch(text) is not None


# ---------------------------------------------------------------------------- parsing (§4.2)


def parse_dictionary(text: str) -> dict:
    """Parse a field value as a Dictionary; raise :class:`SfError` on any syntax error."""
    parser = _Parser(text)
    parser.skip_sp()
    result = parser.dictionary()
    parser.skip_sp()
    if not parser.at_end():
        raise SfError("trailing characters")
    return result


class _Parser:
    """A cursor over the input, with one method per RFC 8941 §4.2 parsing algorithm."""

    def __init__(self, text: str):
        self.text = text
        self.pos = 0

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def take(self) -> str:
        char = self.peek()
        self.pos += 1
        return char

    def skip_sp(self) -> None:
        while self.peek() == " ":
            self.pos += 1

    def skip_ows(self) -> None:
        while self.peek() in (" ", "\t"):
            self.pos += 1

    def dictionary(self) -> dict:
        members: dict = {}
        while not self.at_end():
            name = self.key()
            if self.peek() == "=":
                self.pos += 1
                members[name] = self.item_or_inner_list()
            else:
                members[name] = Item(True, self.parameters())
            self.skip_ows()
            if self.at_end():
                return members
            if self.take() != ",":
                raise SfError("expected ',' between dictionary members")
            self.skip_ows()
            if self.at_end():
                raise SfError("trailing ',' in dictionary")
        return members

    def item_or_inner_list(self):
        return self.inner_list() if self.peek() == "(" else self.item()

    def inner_list(self) -> InnerList:
        self.pos += 1  # "("
        items = []
        while not self.at_end():
            self.skip_sp()
            if self.peek() == ")":
                self.pos += 1
                return InnerList(items, self.parameters())
            items.append(self.item())
            if self.peek() not in (" ", ")"):
                raise SfError("expected ' ' or ')' in inner list")
        raise SfError("unterminated inner list")

    def item(self) -> Item:
        value = self.bare_item()
        return Item(value, self.parameters())

    def parameters(self) -> dict:
        params: dict = {}
        while self.peek() == ";":
            self.pos += 1
            self.skip_sp()
            name = self.key()
            value = True
            if self.peek() == "=":
                self.pos += 1
                value = self.bare_item()
            params[name] = value
        return params

    def key(self) -> str:
        first = self.peek()
        if not first or not (first.islower() and first.isascii() or first == "*"):
            raise SfError("a key starts with a lower-case letter or '*'")
        start = self.pos
        while self.peek() and self.peek() in _KEY_CHARS:
            self.pos += 1
        return self.text[start:self.pos]

    def bare_item(self):
        char = self.peek()
        if char == "-" or (char.isascii() and char.isdigit()):
            return self.number()
        if char == '"':
            return self.string()
        if char == "*" or (char.isascii() and char.isalpha()):
            return self.token()
        if char == ":":
            return self.byte_sequence()
        if char == "?":
            return self.boolean()
        raise SfError("not a bare item")

    def number(self):
        start = self.pos
        negative = self.peek() == "-"
        if negative:
            self.pos += 1
        digits_start = self.pos
        is_decimal = False
        while True:
            char = self.peek()
            if char and char.isascii() and char.isdigit():
                self.pos += 1
            elif char == "." and not is_decimal:
                if self.pos - digits_start > 12:
                    raise SfError("decimal with more than 12 integer digits")
                is_decimal = True
                self.pos += 1
            else:
                break
            if self.pos - digits_start > (16 if is_decimal else 15):
                raise SfError("number too long")
        number = self.text[digits_start:self.pos]
        if not number or not number[0].isdigit():
            raise SfError("a number needs a digit")
        if not is_decimal:
            return int(self.text[start:self.pos])
        if number.endswith(".") or len(number.split(".")[1]) > 3:
            raise SfError("a decimal has 1–3 fractional digits")
        return Decimal(self.text[start:self.pos])

    def string(self) -> str:
        self.pos += 1  # opening quote
        out = []
        while not self.at_end():
            char = self.take()
            if char == "\\":
                escaped = self.take()
                if escaped not in ('"', "\\"):
                    raise SfError("bad escape in string")
                out.append(escaped)
            elif char == '"':
                return "".join(out)
            elif not " " <= char <= "~":
                raise SfError("a string holds printable ASCII only")
            else:
                out.append(char)
        raise SfError("unterminated string")

    def token(self) -> Token:
        start = self.pos
        self.pos += 1
        while self.peek() and self.peek() in _TCHAR_OR_COLON_SLASH:
            self.pos += 1
        return Token(self.text[start:self.pos])

    def byte_sequence(self) -> bytes:
        self.pos += 1  # ":"
        end = self.text.find(":", self.pos)
        if end < 0:
            raise SfError("unterminated byte sequence")
        content = self.text[self.pos:end]
        self.pos = end + 1
        if not set(content) <= _BASE64_CHARS:
            raise SfError("byte sequence outside the base64 alphabet")
        data = decode_base64_forgiving(content)
        if data is None:
            raise SfError("byte sequence is not base64")
        return data

    def boolean(self) -> bool:
        self.pos += 1  # "?"
        char = self.take()
        if char not in ("0", "1"):
            raise SfError("a boolean is ?0 or ?1")
        return char == "1"


# ---------------------------------------------------------------------------- serializing (§4.1)


def serialize_inner_list(inner: InnerList) -> str:
    """``(item item …)`` followed by the list's parameters."""
    return "(" + " ".join(serialize_item(item) for item in inner.items) + ")" + serialize_params(inner.params)


def serialize_item(item: Item) -> str:
    """A bare item followed by its parameters."""
    return serialize_bare_item(item.value) + serialize_params(item.params)


def serialize_params(params: dict) -> str:
    """``;key`` for a true Boolean, else ``;key=value``, in order."""
    out = []
    for name, value in params.items():
        if not is_key(name):
            raise SfError(f"not a key: {name!r}")
        out.append(";" + name if value is True else f";{name}={serialize_bare_item(value)}")
    return "".join(out)


def serialize_bare_item(value) -> str:
    """Serialize one bare item; raise :class:`SfError` for values outside RFC 8941."""
    if isinstance(value, bool):
        return "?1" if value else "?0"
    if isinstance(value, int):
        if abs(value) > MAX_INTEGER:
            raise SfError("integer out of range")
        return str(value)
    if isinstance(value, Decimal):
        return _serialize_decimal(value)
    if isinstance(value, Token):
        if not _TOKEN.fullmatch(value):
            raise SfError(f"not a token: {value!r}")
        return str(value)
    if isinstance(value, str):
        if not all(" " <= char <= "~" for char in value):
            raise SfError("a string holds printable ASCII only")
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bytes):
        return ":" + b64encode(value) + ":"
    raise SfError(f"{type(value).__name__} is not a bare item")


def _serialize_decimal(value: Decimal) -> str:
    rounded = value.quantize(Decimal("0.001"))
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    if len(whole) > 12:
        raise SfError("decimal out of range")
    return f"{sign}{whole}.{fraction.rstrip('0') or '0'}"
