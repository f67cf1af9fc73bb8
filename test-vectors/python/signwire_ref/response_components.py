"""Component identifiers and values in a response signature (spec §15.1; RFC 9421 §2.1.2, §2.4).

A response signature may cover ``@status``, response fields, and — with the ``req`` parameter — the
request's derived components and fields. A field may name one dictionary member with ``key``.
"""

from dataclasses import dataclass

from .components import DERIVED, Message, component_value_of
from .errors import SignwireError
from .fields import combined_value, component_value, is_token
from .sfv import InnerList, SfError, is_key, is_string, parse_dictionary, serialize_inner_list, serialize_item

STATUS = "@status"
FIELD_PARAMS = frozenset(("key", "req"))


@dataclass(frozen=True)
class ResponseMessage:
    """A response (status and ordered field lines) and the request it answers."""

    status: int
    headers: list
    request: Message


def validate_response_identifier(identifier) -> None:
    """Refuse identifiers a response signature does not allow (§15.1).

    ``req`` that is not the boolean true, a ``key`` that is not a string, a field name that is not
    a lower-case token, or a ``@query-param`` without a string ``name``: ``COMPONENT_INVALID``.
    ``@status`` with any parameter, a derived request component without ``req``, another derived
    component, or any other parameter: ``COMPONENT_UNSUPPORTED``.
    """
    name, params = identifier.value, identifier.params
    if not is_string(name):
        raise SignwireError("COMPONENT_INVALID", "a component identifier is a string")
    if "req" in params and params["req"] is not True:
        raise SignwireError("COMPONENT_INVALID", f"req on {name} is not the boolean true")
    if name == STATUS:
        if params:
            raise SignwireError("COMPONENT_UNSUPPORTED", "@status takes no parameter")
    elif name.startswith("@"):
        if name not in DERIVED:
            raise SignwireError("COMPONENT_UNSUPPORTED", f"{name} is not supported")
        allowed = {"req", "name"} if name == "@query-param" else {"req"}
        if set(params) - allowed:
            raise SignwireError("COMPONENT_UNSUPPORTED", f"unsupported parameter on {name}")
        if "req" not in params:
            raise SignwireError("COMPONENT_UNSUPPORTED", f"{name} in a response signature needs req")
        if name == "@query-param" and not is_string(params.get("name")):
            raise SignwireError("COMPONENT_INVALID", "@query-param needs a string name parameter")
    else:
        if not is_token(name) or name != name.lower():
            raise SignwireError("COMPONENT_INVALID", f"{name!r} is not a lower-case token field name")
        if set(params) - FIELD_PARAMS:
            raise SignwireError("COMPONENT_UNSUPPORTED", f"unsupported parameter on {name}")
        if "key" in params and not (is_string(params["key"]) and is_key(params["key"])):
            raise SignwireError("COMPONENT_INVALID", f"key on {name} is not an RFC 8941 key")


def response_component_value(identifier, message: ResponseMessage) -> str:
    """The value of a (validated) response-signature component for ``message``."""
    name, params = identifier.value, identifier.params
    if name == STATUS:
        return str(message.status)
    if name.startswith("@"):
        request_identifier = type(identifier)(name, {k: v for k, v in params.items() if k != "req"})
        return component_value_of(request_identifier, message.request)
    headers = message.request.headers if params.get("req") is True else message.headers
    if "key" not in params:
        return component_value(headers, name)
    return dictionary_member_value(headers, name, params["key"])


def dictionary_member_value(headers: list, name: str, member: str) -> str:
    """RFC 9421 §2.1.2: the serialization of one member of a dictionary field.

    Absent field or member: ``COMPONENT_UNAVAILABLE``; a field that is not a dictionary:
    ``COMPONENT_INVALID``.
    """
    value = combined_value(headers, name)
    if value is None:
        raise SignwireError("COMPONENT_UNAVAILABLE", f"the covered field {name!r} is absent")
    try:
        members = parse_dictionary(value)
    except SfError as error:
        raise SignwireError("COMPONENT_INVALID", f"the field {name!r} is not a dictionary: {error}") from None
    if member not in members:
        raise SignwireError("COMPONENT_UNAVAILABLE", f"the field {name!r} has no member {member!r}")
    found = members[member]
    try:
        return serialize_inner_list(found) if isinstance(found, InnerList) else serialize_item(found)
    except SfError as error:
        raise SignwireError("COMPONENT_INVALID", f"member {member!r} cannot be serialized: {error}") from None
