"""WHATWG URL host parsing and serialization for http(s) URLs (spec §4.1 item 3).

Hosts are percent-decoded; ASCII domains without an ``xn--`` label are ASCII-lower-cased, other
domains go through UTS #46 ToASCII (nontransitional, no STD3 rules, no hyphen checks, as WHATWG's
"domain to ASCII"), here with the ``idna`` package. IPv4 hosts in any WHATWG form (``0x7f.1``,
also full-width digits) become dotted decimal, IPv6 literals their compressed lower-case form.
Without ``idna`` installed, such hosts are refused (``run_vectors.py`` then stops with a message).
``idna`` applies IDNA 2008 code point rules, so it refuses some labels WHATWG parsers accept
(symbols such as emoji), as the spec allows. Every failure returns ``None``.
"""

import ipaddress
from urllib.parse import unquote_to_bytes

try:
    import idna
except ImportError:  # only non-ASCII hosts need it; without it they are refused, as the spec allows
    idna = None

# WHATWG "forbidden domain code points" (forbidden host code points, C0 controls, %, DEL).
_FORBIDDEN_DOMAIN = set("\x00\t\n\r #/:<>?@[\\]^|%\x7f") | {chr(code) for code in range(0x20)}


def serialize_host(text: str) -> str | None:
    """Parse the host of a special URL and return its serialization, or ``None`` on failure."""
    if text.startswith("["):
        if not text.endswith("]"):
            return None
        compressed = _ipv6(text[1:-1])
        return None if compressed is None else f"[{compressed}]"
    domain = _domain_to_ascii(unquote_to_bytes(text).decode("utf-8", errors="replace"))
    if not domain or set(domain) & _FORBIDDEN_DOMAIN:
        return None
    if _ends_in_number(domain):
        return _ipv4(domain)
    return domain


def _domain_to_ascii(domain: str) -> str | None:
    """WHATWG "domain to ASCII" with beStrict false: the ASCII fast path, else UTS #46 ToASCII."""
    if domain.isascii() and not any(label[:4].lower() == "xn--" for label in domain.split(".")):
        return domain.lower()
    if idna is None:
        return None
    try:
        mapped = idna.uts46_remap(domain, std3_rules=False, transitional=False)
        labels = []
        for label in mapped.split("."):
            if label.isascii():
                if label.startswith("xn--"):
                    idna.ulabel(label)  # a Punycode label must decode to a valid label
                labels.append(label)
            else:
                labels.append(idna.alabel(label).decode("ascii"))
        return ".".join(labels)
    except (idna.IDNAError, UnicodeError):
        return None


def _ipv6(text: str) -> str | None:
    """RFC 5952 / WHATWG compressed form of an IPv6 literal (no zone ids)."""
    if "%" in text:
        return None
    try:
        value = int(ipaddress.IPv6Address(text))
    except ValueError:
        return None
    pieces = [(value >> (112 - 16 * index)) & 0xFFFF for index in range(8)]
    start, length = _longest_zero_run(pieces)
    if length < 2:
        return ":".join(f"{piece:x}" for piece in pieces)
    head = ":".join(f"{piece:x}" for piece in pieces[:start])
    tail = ":".join(f"{piece:x}" for piece in pieces[start + length:])
    return f"{head}::{tail}"


def _longest_zero_run(pieces: list[int]) -> tuple[int, int]:
    """Start and length of the first longest run of zero pieces."""
    best_start, best_length, run_start = 0, 0, None
    for index, piece in enumerate(pieces + [1]):
        if piece == 0 and run_start is None:
            run_start = index
        elif piece != 0 and run_start is not None:
            if index - run_start > best_length:
                best_start, best_length = run_start, index - run_start
            run_start = None
    return best_start, best_length


def _ends_in_number(domain: str) -> bool:
    """WHATWG "ends in a number checker"."""
    parts = domain.split(".")
    if parts[-1] == "":
        if len(parts) == 1:
            return False
        parts.pop()
    last = parts[-1]
    return (last != "" and last.isdigit()) or _ipv4_number(last) is not None


def _ipv4_number(part: str) -> int | None:
    """WHATWG IPv4 number parser: decimal, ``0x`` hex or leading-zero octal."""
    if part == "":
        return None
    radix = 10
    if part[:2] in ("0x", "0X"):
        part, radix = part[2:], 16
    elif len(part) > 1 and part[0] == "0":
        part, radix = part[1:], 8
    if part == "":
        return 0
    digits = "0123456789abcdef"[:radix]
    if any(char not in digits for char in part.lower()):
        return None
    return int(part, radix)


def _ipv4(domain: str) -> str | None:
    """WHATWG IPv4 parser, serialized as dotted decimal."""
    parts = domain.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if len(parts) > 4:
        return None
    numbers = [_ipv4_number(part) for part in parts]
    if any(number is None for number in numbers):
        return None
    if any(number > 255 for number in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
        return None
    address = numbers[-1] + sum(number << (8 * (3 - index)) for index, number in enumerate(numbers[:-1]))
    return ".".join(str((address >> shift) & 0xFF) for shift in (24, 16, 8, 0))
