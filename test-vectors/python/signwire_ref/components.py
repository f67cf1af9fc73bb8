"""Component identifiers and component values (spec §5.1–§5.3)."""

from dataclasses import dataclass
from functools import cached_property
import re

from .errors import SignwireError
from .fields import component_value, is_token, is_visible
from .sfv import Item, SfError, is_string, serialize_item
from .url import TargetUri

DERIVED = ("@method", "@authority", "@scheme", "@target-uri", "@request-target", "@path", "@query",
           "@query-param")

_FORM_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*-._")
_PERCENT_ESCAPE = re.compile(rb"%([0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class Message:
    """What component values are derived from: method, target URI and ordered field lines."""

    method: str
    target: TargetUri
    headers: list

    @cached_property
    def query_params(self) -> dict[str, list[str]]:
        """The query's parameters (§5.3), parsed once per message for all its ``@query-param``."""
        return parse_query_params(self.target.query or "")


def component(name: str, params: dict | None = None) -> Item:
    """A component identifier, e.g. ``component("@query-param", {"name": "q"})``."""
    return Item(name, dict(params or {}))


def serialize_identifier(identifier: Item) -> str:
    """The identifier as a structured-field item: ``"@query-param";name="q"``."""
    try:
        return serialize_item(identifier)
    except SfError as error:
        raise SignwireError("COMPONENT_INVALID", f"identifier cannot be serialized: {error}") from None


def validate_identifier(identifier: Item) -> None:
    """Refuse identifiers version 1 does not support (§5.1, §5.2, §9 step 5).

    Unknown derived components (``@status``, ``@signature-params``, …) and any identifier parameter
    other than ``name`` on ``@query-param`` are ``COMPONENT_UNSUPPORTED``; a field name that is not
    a lower-case token, or a ``@query-param`` without a string ``name``, is ``COMPONENT_INVALID``.
    """
    name, params = identifier.value, identifier.params
    if not is_string(name):
        raise SignwireError("COMPONENT_INVALID", "a component identifier is a string")
    if name.startswith("@"):
        if name not in DERIVED:
            raise SignwireError("COMPONENT_UNSUPPORTED", f"{name} is not supported")
        allowed = {"name"} if name == "@query-param" else set()
        if set(params) - allowed:
            raise SignwireError("COMPONENT_UNSUPPORTED", f"unsupported parameter on {name}")
        if name == "@query-param" and not is_string(params.get("name")):
            raise SignwireError("COMPONENT_INVALID", "@query-param needs a string name parameter")
    else:
        if not is_token(name) or name != name.lower():
            raise SignwireError("COMPONENT_INVALID", f"{name!r} is not a lower-case token field name")
        if params:
            raise SignwireError("COMPONENT_UNSUPPORTED", f"field parameters are not supported ({name})")


def component_value_of(identifier: Item, message: Message) -> str:
    """The value of a (validated) component for ``message``; always a visible value."""
    name = identifier.value
    if not name.startswith("@"):
        return component_value(message.headers, name)
    target = message.target
    value = {
        "@method": lambda: message.method,
        "@authority": lambda: target.authority,
        "@scheme": lambda: target.scheme,
        "@target-uri": lambda: target.target_uri,
        "@request-target": lambda: target.request_target,
        "@path": lambda: target.path,
        "@query": lambda: "?" + (target.query or ""),
        "@query-param": lambda: query_param_value(message.query_params, identifier.params["name"]),
    }[name]()
    if not is_visible(value):
        raise SignwireError("COMPONENT_INVALID", f"{name} is not a visible value")
    return value


def parse_query_params(query: str) -> dict[str, list[str]]:
    """§5.3: every re-encoded name of the query with its re-encoded values, in query order."""
    params: dict[str, list[str]] = {}
    for name, value in parse_form(query):
        params.setdefault(name, []).append(value)
    return params


def query_param_value(params: dict[str, list[str]], wanted_name: str) -> str:
    """§5.3: the re-encoded value of the one parameter whose re-encoded name is ``wanted_name``."""
    matches = params.get(wanted_name, [])
    if not matches:
        raise SignwireError("COMPONENT_UNAVAILABLE", f"no query parameter {wanted_name!r}")
    if len(matches) > 1:
        raise SignwireError("QUERY_PARAM_AMBIGUOUS", f"query parameter {wanted_name!r} occurs more than once")
    return matches[0]


def parse_form(query: str) -> list[tuple[str, str]]:
    """``application/x-www-form-urlencoded`` pairs, each name and value re-encoded per §5.3.

    Every decoded name and value must be UTF-8, else ``COMPONENT_INVALID``.
    """
    pairs = []
    for piece in query.encode("utf-8").split(b"&"):
        if not piece:
            continue
        name, _, value = piece.partition(b"=")
        pairs.append((_reencode(_form_decode(name)), _reencode(_form_decode(value))))
    return pairs


def _form_decode(raw: bytes) -> bytes:
    """``+`` → space, then ``%XX`` → byte (a ``%`` without two hex digits stays); check UTF-8."""
    decoded = _PERCENT_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), raw.replace(b"+", b" "))
    try:
        decoded.decode("utf-8")
    except UnicodeDecodeError:
        raise SignwireError("COMPONENT_INVALID", "a query parameter is not UTF-8") from None
    return decoded


def _reencode(data: bytes) -> str:
    """Every byte except ``A–Z a–z 0–9 * - . _`` as upper-case ``%XX``."""
    return "".join(chr(byte) if byte in _FORM_UNRESERVED else f"%{byte:02X}" for byte in data)
