"""HTTP field lines: tokens, visible values and combined field values (spec §1, §3, §5.2)."""

import re

from .errors import SignwireError

_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_VISIBLE = re.compile(r"[\t\x20-\x7e]*")


def is_token(text) -> bool:
    """True for an RFC 9110 token (spec §1)."""
    return isinstance(text, str) and _TOKEN.fullmatch(text) is not None


def is_visible(text: str) -> bool:
    """True when every character is U+0020–U+007E or HTAB (a *visible value*, spec §1)."""
    return _VISIBLE.fullmatch(text) is not None


def lines_named(headers: list, name: str) -> list[str]:
    """The values of every field line called ``name`` (ASCII case-insensitive), in message order."""
    wanted = name.lower()
    return [value for line_name, value in headers if line_name.lower() == wanted]


def has_field(headers: list, name: str) -> bool:
    """True when at least one field line is called ``name``."""
    return bool(lines_named(headers, name))


def combined_value(headers: list, name: str) -> str | None:
    """The §5.2 field value: each line stripped of SP/HTAB at both ends, joined by ``", "``.

    ``None`` when no line has that name.
    """
    values = lines_named(headers, name)
    if not values:
        return None
    return ", ".join(value.strip(" \t") for value in values)


def component_value(headers: list, name: str) -> str:
    """The value of the covered field ``name``: ``COMPONENT_UNAVAILABLE`` when absent,
    ``COMPONENT_INVALID`` when it is not a visible value (obs-fold, CR, LF, controls, non-ASCII)."""
    value = combined_value(headers, name)
    if value is None:
        raise SignwireError("COMPONENT_UNAVAILABLE", f"the covered field {name!r} is absent")
    if not is_visible(value):
        raise SignwireError("COMPONENT_INVALID", f"the field {name!r} is not a visible value")
    return value
