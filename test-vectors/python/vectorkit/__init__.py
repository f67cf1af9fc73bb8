"""Test-vector plumbing for the Signwire reference implementation (not part of the protocol).

``jsonio`` reads and writes vector files, ``recipes`` turns recipe members into ``signwire_ref``
inputs, ``compute`` derives every expected value.
"""

import sys


def require_idna() -> None:
    """Exit with a message when ``idna`` is missing: without it the IDN vectors cannot be computed."""
    from signwire_ref import host

    if host.idna is None:
        raise SystemExit(f"{sys.executable} has no idna package, which the IDN host vectors need: "
                         "apt-get install python3-idna (Debian) or pip install idna")
