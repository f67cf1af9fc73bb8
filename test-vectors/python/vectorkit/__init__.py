"""Test-vector plumbing for the Signwire reference implementation (not part of the protocol).

``jsonio`` reads and writes vector files, ``recipes`` turns recipe members into ``signwire_ref``
inputs, ``compute`` derives every expected value.
"""
