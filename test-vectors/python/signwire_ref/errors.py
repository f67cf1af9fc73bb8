"""Signwire error type: every failure carries one stable code from spec §10."""


class SignwireError(Exception):
    """A refusal with a spec §10 error code (e.g. ``SIGNATURE_INVALID``) in ``.code``."""

    def __init__(self, code: str, message: str = ""):
        super().__init__(f"{code}: {message}" if message else code)
        self.code = code


class JsonUnsupported(SignwireError):
    """A JSON value that RFC 8785 cannot represent (spec §11)."""

    def __init__(self, message: str):
        super().__init__("JSON_UNSUPPORTED", message)
