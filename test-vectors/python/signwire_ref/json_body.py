"""The JSON body of a received request (spec §9 step 12): refused when it is not UTF-8 JSON, when an
object has two members of the same name, or (unless allowed) when a member could reach an object's
prototype in a JavaScript application.

Python's ``json`` parser recurses: a body nested more deeply than the interpreter's recursion limit
(about 1000 levels) raises ``RecursionError`` here, a limit of this reference, not a spec rule.
"""

import json
import re

from .errors import SignwireError
from .fields import lines_named

# The media type before any ";" parameters: application/json or application/<anything>+json, ASCII
# case-insensitive, spaces and tabs around it allowed.
_JSON_MEDIA_TYPE = re.compile(r"[ \t]*application/(?:[^;]*\+)?json[ \t]*(?:;|\Z)", re.IGNORECASE | re.ASCII)


def is_json_content_type(value: str) -> bool:
    """True when a ``Content-Type`` value names JSON (``application/json`` or any ``+json`` type)."""
    return _JSON_MEDIA_TYPE.match(value) is not None


def has_content_coding(headers: list) -> bool:
    """True when a ``Content-Encoding`` field names a coding other than ``identity`` (RFC 9110 §8.4.1)."""
    for value in lines_named(headers, "content-encoding"):
        for coding in value.split(","):
            token = coding.strip().lower()
            if token and token != "identity":
                return True
    return False


def check_json_body(headers: list, body: bytes, allow_prototype_members: bool) -> None:
    """Step 12 (JSON body): only for a body with exactly one ``Content-Type`` line that names JSON and
    no content coding.

    A duplicate member anywhere is ``JSON_DUPLICATE_MEMBER``, whatever else the body holds; then a
    member named ``__proto__``, or ``prototype`` in an object that is the value of a member named
    ``constructor``, is ``JSON_PROTOTYPE_MEMBER`` unless ``allow_prototype_members``.
    """
    content_types = lines_named(headers, "content-type")
    if not body or len(content_types) != 1 or not is_json_content_type(content_types[0]):
        return
    if has_content_coding(headers):
        return  # coded bytes are not JSON text as received; they are not decoded here
    prototype_members = []

    def members(pairs: list) -> dict:
        names = [name for name, _ in pairs]
        if len(set(names)) != len(names):
            raise SignwireError("JSON_DUPLICATE_MEMBER", "an object in the JSON body has two members with the same name")
        for name, value in pairs:
            if name == "__proto__" or (name == "constructor" and isinstance(value, dict) and "prototype" in value):
                prototype_members.append(name)
        return dict(pairs)

    def refuse_constant(name: str):
        raise ValueError(f"{name} is not JSON")

    try:
        text = body.decode("utf-8")
        if text.startswith("\ufeff"):
            text = text[1:]  # one leading byte order mark is ignored (RFC 8259 §8.1)
        # Numbers are not kept: parse_int=float avoids int()'s limit on digits.
        json.loads(text, object_pairs_hook=members, parse_constant=refuse_constant, parse_int=float)
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise SignwireError("JSON_UNSUPPORTED", "the body is declared as JSON but is not UTF-8 JSON") from None
    if prototype_members and not allow_prototype_members:
        raise SignwireError("JSON_PROTOTYPE_MEMBER", "the JSON body has a __proto__ or constructor.prototype member")
