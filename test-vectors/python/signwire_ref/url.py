"""Target URIs: the signer's WHATWG serialization (spec §4.1) and the verifier's raw target (§4.2)."""

from dataclasses import dataclass
import re

from .errors import SignwireError
from .host import serialize_host

DEFAULT_PORTS = {"http": 80, "https": 443}

_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_PATH_ENCODE = set(chr(code) for code in range(0x20)) | set(' "#<>?`{}')
_QUERY_ENCODE = set(chr(code) for code in range(0x20)) | set(" \"#<>'")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_SINGLE_DOT = {".", "%2e"}
_DOUBLE_DOT = {"..", ".%2e", "%2e.", "%2e%2e"}
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_RECEIVED = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*)://([^/?]*)(.*)", re.DOTALL)
_VISIBLE_ASCII = re.compile(r"[\x21-\x7e]*")
_PORT = re.compile(r"[0-9]*")


@dataclass(frozen=True)
class TargetUri:
    """The parts of a target URI that component values are derived from (spec §5.1)."""

    scheme: str
    authority: str
    path: str
    query: str | None  # None when the URL has no "?"

    @property
    def request_target(self) -> str:
        """Path plus ``?query`` when the URL has a ``?``."""
        return self.path if self.query is None else f"{self.path}?{self.query}"

    @property
    def target_uri(self) -> str:
        """``scheme://authority`` plus the request target."""
        return f"{self.scheme}://{self.authority}{self.request_target}"


def _invalid(message: str) -> SignwireError:
    return SignwireError("URL_INVALID", message)


# ---------------------------------------------------------------------------- signer (§4.1)


def serialize_url(url: str) -> TargetUri:
    """Parse an absolute http(s) URL as the WHATWG URL Standard does and return its parts."""
    if not isinstance(url, str):
        raise _invalid("a URL is a string")
    text = _LONE_SURROGATE.sub("\ufffd", url).strip(_C0_OR_SPACE)
    text = re.sub("[\t\n\r]", "", text)
    match = _SCHEME.match(text)
    if not match:
        raise _invalid("not an absolute URL")
    scheme = match.group(1).lower()
    if scheme not in DEFAULT_PORTS:
        raise _invalid("the scheme must be http or https")
    rest = text[match.end():].lstrip("/\\")
    authority_end = _first_index(rest, "/\\?#")
    authority, rest = rest[:authority_end], rest[authority_end:]
    if "@" in authority:
        raise _invalid("a URL with user info is refused")
    host_text, port_text = _split_port(authority)
    host = serialize_host(host_text)
    if host is None:
        raise _invalid("bad host")
    port = _parse_port(port_text)
    rest = rest.split("#", 1)[0]
    path_text, question, query_text = rest.partition("?")
    query = _percent_encode(query_text, _QUERY_ENCODE) if question else None
    return TargetUri(scheme, _authority(scheme, host, port), _serialize_path(path_text), query)


def _first_index(text: str, stops: str) -> int:
    return next((index for index, char in enumerate(text) if char in stops), len(text))


def _split_port(authority: str) -> tuple[str, str | None]:
    """Split ``host[:port]`` at the first ``:`` outside brackets."""
    depth = 0
    for index, char in enumerate(authority):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == ":" and depth == 0:
            return authority[:index], authority[index + 1:]
    return authority, None


def _parse_port(port_text: str | None) -> int | None:
    """Port digits (leading zeros allowed, none means no port); ``URL_INVALID`` otherwise."""
    if not port_text:
        return None
    if not (port_text.isascii() and port_text.isdigit()) or int(port_text) > 65535:
        raise _invalid("bad port")
    return int(port_text)


def _authority(scheme: str, host: str, port: int | None) -> str:
    """``host`` plus ``:port`` unless the port is absent or the scheme's default."""
    return host if port is None or port == DEFAULT_PORTS[scheme] else f"{host}:{port}"


def _serialize_path(path_text: str) -> str:
    """Backslash as slash, dot-segment removal (incl. ``%2e`` forms), percent-encoding."""
    segments = path_text.replace("\\", "/").removeprefix("/").split("/")
    output: list[str] = []
    for index, raw in enumerate(segments):
        is_last = index == len(segments) - 1
        segment = _percent_encode(raw, _PATH_ENCODE)
        if segment.lower() in _DOUBLE_DOT:
            if output:
                output.pop()
            if is_last:
                output.append("")
        elif segment.lower() in _SINGLE_DOT:
            if is_last:
                output.append("")
        else:
            output.append(segment)
    return "/" + "/".join(output)


def _percent_encode(text: str, encode_set: set) -> str:
    """UTF-8 encode and %XX (upper-case) every byte in ``encode_set`` or ≥ 0x7F; keep existing %XX."""
    out = []
    for char in text:
        if char in encode_set or ord(char) >= 0x7F:
            out.append("".join(f"%{byte:02X}" for byte in char.encode("utf-8")))
        else:
            out.append(char)
    return "".join(out)


# ---------------------------------------------------------------------------- verifier (§4.2)


_DOT_SEGMENT = re.compile(r"(?:\.|%2e){1,2}", re.IGNORECASE)


def parse_received_url(url: str) -> TargetUri:
    """Split ``scheme://authority`` + raw request target without normalizing the target.

    The configured origin's scheme and host are read case-insensitively and its default port is
    dropped (the §5.1 ``@authority`` rule); the path and query are used exactly as received.
    """
    match = _RECEIVED.fullmatch(url) if isinstance(url, str) else None
    if not match:
        raise _invalid("not scheme://authority followed by a request target")
    scheme_text, authority, target = match.groups()
    if not _VISIBLE_ASCII.fullmatch(authority + target) or "#" in target:
        raise _invalid("the request target holds a non-visible character or '#'")
    scheme = scheme_text.lower()
    if scheme not in DEFAULT_PORTS:
        raise _invalid("the scheme must be http or https")
    if "@" in authority:
        raise _invalid("user info in the origin")
    host, port_text = _split_port(authority)
    if not host or not _PORT.fullmatch(port_text or ""):
        raise _invalid("bad origin")
    path, question, query = target.partition("?")
    if any(_DOT_SEGMENT.fullmatch(segment) for segment in re.split(r"[/\\]", path)):
        raise _invalid("the request target has a dot segment (spec §4.2)")
    return TargetUri(scheme, _authority(scheme, host.lower(), _parse_port(port_text)), path or "/",
                     query if question else None)
