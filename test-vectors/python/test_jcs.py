"""Unit tests of signwire_ref's RFC 8785 serializer, signature base and replay store.

Usage (from the repository root): python3 test-vectors/python/test_jcs.py

Checks the RFC 8785 reference files byte-exact, every line of the ES6 number file, the refusals of
spec §11, the HMAC example of RFC 9421 Appendix B.2.5, that a signature base decodes the query once
however many ``@query-param`` it covers (§5.3), the replay store's rule of §9 step 13 for calls
whose ``now`` goes back and for a store that fails, and the HKDF of issued keys (§16.3) against the
test cases of RFC 5869 Appendix A, and the revocation times of §16.5 step 6 (+infinity, and the refusals). Ends with ``N passed, M failed``.
"""

import json
import math
from pathlib import Path
import struct
import sys
import types
import unittest
from unittest import mock

from signwire_ref import components
from signwire_ref.base import mac, signature_base
from signwire_ref.components import Message, component
from signwire_ref.encodings import b64encode
from signwire_ref.errors import JsonUnsupported, SignwireError
from signwire_ref.issued_keys import check_revocation, hkdf_sha256
from signwire_ref.jcs import canonicalize, serialize_number
from signwire_ref.keys import decode_key
from signwire_ref.replay import NonceStore
from signwire_ref.sfv import InnerList
from signwire_ref.signer import SignRequest, sign
from signwire_ref.url import TargetUri
from signwire_ref.verifier import KeyEntry, Policy, ReceivedRequest, verify
from vectorkit.test_runner import main

RFC8785_DIR = Path(__file__).resolve().parent.parent / "rfc8785"
TESTDATA = RFC8785_DIR / "rfc8785-testdata"
NUMBERS = RFC8785_DIR / "es6-numbers" / "es6testfile-first10000.txt"


class ReferenceFiles(unittest.TestCase):
    """rfc8785-testdata: canonicalize(parse(input)) equals output, as UTF-8 bytes."""

    def test_each_file(self):
        names = sorted(path.name for path in (TESTDATA / "input").glob("*.json"))
        self.assertEqual(len(names), 10)
        for name in names:
            with self.subTest(name):
                value = json.loads((TESTDATA / "input" / name).read_text(encoding="utf-8"))
                self.assertEqual(canonicalize(value), (TESTDATA / "output" / name).read_bytes())


class Es6Numbers(unittest.TestCase):
    """es6testfile: the hex IEEE-754 double on each line formats as the expected string."""

    def test_every_line(self):
        lines = NUMBERS.read_text(encoding="ascii").splitlines()
        self.assertEqual(len(lines), 10_000)
        for line in lines:
            hex_bits, expected = line.split(",")
            with self.subTest(hex_bits):
                number = struct.unpack(">d", bytes.fromhex(hex_bits.zfill(16)))[0]
                self.assertEqual(serialize_number(number), expected)


class SpecExamples(unittest.TestCase):
    """The number and ordering examples of spec §11."""

    def test_numbers(self):
        for value, text in ((1e21, "1e+21"), (1e-7, "1e-7"), (5e-324, "5e-324"), (-0.0, "0"), (1.0, "1"),
                            (9007199254740993, "9007199254740992"), (1e16, "10000000000000000"),
                            (1e-6, "0.000001"), (123.456, "123.456"), (-1.5, "-1.5")):
            with self.subTest(value=value):
                self.assertEqual(serialize_number(value), text)

    def test_utf16_key_order(self):
        # U+FB33 (one code unit) sorts after U+1F602 (surrogates D83D DE02) in UTF-16 order.
        self.assertEqual(canonicalize({"\ufb33": 1, "\U0001f602": 2}), '{"\U0001f602":2,"\ufb33":1}'.encode("utf-8"))

    def test_escapes(self):
        self.assertEqual(canonicalize("\"\\\b\f\n\r\t\x00\x1f\x7f/é"), b'"\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f\x7f/\xc3\xa9"')


class Refusals(unittest.TestCase):
    """Values RFC 8785 cannot represent raise JsonUnsupported with code JSON_UNSUPPORTED."""

    def assert_refused(self, value):
        with self.assertRaises(JsonUnsupported) as caught:
            canonicalize(value)
        self.assertEqual(caught.exception.code, "JSON_UNSUPPORTED")

    def test_non_finite(self):
        for value in (float("nan"), float("inf"), -float("inf"), [1, {"a": float("nan")}], 10 ** 400):
            with self.subTest(value=value if not isinstance(value, int) else "10**400"):
                self.assert_refused(value)

    def test_lone_surrogates(self):
        for value in ("\ud800", "a\udc00b", ["\udbff"], {"\ud800": 1}, {"k": "\udfff"}, "\ude00\ud83d"):
            with self.subTest(value=ascii(value)):
                self.assert_refused(value)

    def test_depth(self):
        def nested(depth):
            value = 0
            for level in range(depth):
                value = [value] if level % 2 else {"a": value}
            return value

        self.assertEqual(canonicalize(nested(128)).count(b"["), 64)
        self.assert_refused(nested(129))

    def test_non_json_types(self):
        for value in ({1: "a"}, {1, 2}, b"bytes", object()):
            with self.subTest(value=type(value).__name__):
                self.assert_refused(value)


class Rfc9421HmacExample(unittest.TestCase):
    """RFC 9421 Appendix B.2.5, through this implementation's signature base builder."""

    KEY = {"base64": "uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ=="}

    def test_published_signature(self):
        message = Message("POST", TargetUri("https", "example.com", "/foo", "param=Value&Pet=dog"),
                          [("Date", "Tue, 20 Apr 2021 02:07:55 GMT"), ("Content-Type", "application/json")])
        inner_list = InnerList([component("date"), component("@authority"), component("content-type")],
                               {"created": 1618884473, "keyid": "test-shared-secret"})
        base = signature_base(inner_list, message)
        self.assertEqual(base, '"date": Tue, 20 Apr 2021 02:07:55 GMT\n'
                               '"@authority": example.com\n'
                               '"content-type": application/json\n'
                               '"@signature-params": ("date" "@authority" "content-type")'
                               ';created=1618884473;keyid="test-shared-secret"')
        self.assertEqual(b64encode(mac(decode_key(self.KEY), base)), "pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=")


class QueryParamWork(unittest.TestCase):
    """§5.3: a signature base decodes the query once, however many ``@query-param`` it covers.

    A forged request may cover 28 of them (32 components, §9 step 5) over a long query; decoding the
    whole query once per component made building the base 28 times the work. Counted, not timed:
    the calls of the form decoder, one per name and one per value of each parameter.
    """

    NAMES = [f"p{i}" for i in range(28)]
    PAD = 1000
    QUERY = "&".join(f"{name}=1" for name in NAMES) + "&" + "%C3%A9=%C3%A9&" * PAD

    def decodes(self, count: int) -> int:
        message = Message("GET", TargetUri("https", "api.example.com", "/v1/search", self.QUERY), [])
        covered = [component("@query-param", {"name": name}) for name in self.NAMES[:count]]
        with mock.patch.object(components, "_form_decode", wraps=components._form_decode) as decode:
            base = signature_base(InnerList(covered, {}), message)
        self.assertIn('"@query-param";name="p0": 1\n', base)
        return decode.call_count

    def test_decoded_once_for_any_number_of_components(self):
        one, all_of_them = self.decodes(1), self.decodes(len(self.NAMES))
        self.assertGreaterEqual(one, 2 * self.PAD)  # the count sees the parse
        self.assertLess(all_of_them, 2 * one)


def _signed_request():
    """A signed POST as received, the key ring that verifies it and a ``now`` inside its window."""
    secret = {"hex": "0f" * 32}
    now = 1_700_000_000
    url = "https://api.example.com/orders?id=1"
    signed = sign(SignRequest(key=secret, keyid="client-1", method="POST", url=url, created=now,
                              nonce="bm9uY2Utb2YtdGhlLXRlc3Q", body=b'{"qty":1}',
                              headers=[("Content-Type", "application/json")]))
    received = ReceivedRequest("POST", url, signed.headers, signed.body or b"")
    return received, {"client-1": KeyEntry(secret)}, now


class ReplayStore(unittest.TestCase):
    """§9 step 13: a pair whose window ends no later than a forgotten one is refused."""

    def test_purged_pair_stays_refused_for_an_earlier_now(self):
        store = NonceStore()
        store.record("client-1", "n1", 110, 100)
        store.record("client-1", "n2", 500, 111)  # purges n1, whose window ended at 110
        self.assertFalse(store.is_live("client-1", "n1", 110))  # forgotten...
        with self.assertRaises(SignwireError) as refused:  # ...so recording it again is refused
            store.record("client-1", "n1", 110, 110)
        self.assertEqual(refused.exception.code, "NONCE_REPLAYED")
        self.assertTrue(store.is_live("client-1", "n2", 110))

    def test_clock_corrected_after_running_far_ahead(self):
        store = NonceStore()
        store.record("client-1", "a", 500, 100)
        store.record("client-1", "b", 10**9 + 400, 10**9)  # forgets a
        store.record("client-1", "c", 501, 200)  # a new pair is accepted again
        with self.assertRaises(SignwireError) as refused:  # the forgotten one stays refused
            store.record("client-1", "a", 500, 200)
        self.assertEqual(refused.exception.code, "NONCE_REPLAYED")

    def test_a_failing_store_refuses_with_nonce_store_unavailable(self):
        class Unreachable(NonceStore):
            def record(self, keyid, nonce, live_until, now):
                raise ConnectionError("connection refused")

        request, keys, now = _signed_request()
        with self.assertRaises(SignwireError) as refused:
            verify(request, keys, now, Policy(), Unreachable())
        self.assertEqual(refused.exception.code, "NONCE_STORE_UNAVAILABLE")
        self.assertIsInstance(refused.exception.__cause__, ConnectionError)
        self.assertNotIn("refused", str(refused.exception))
        # The same request with a working store is accepted: the failure alone refused it.
        self.assertEqual(verify(request, keys, now, Policy(), NonceStore()).keyid, "client-1")


class Rfc5869Hkdf(unittest.TestCase):
    """HKDF-SHA256 against RFC 5869 Appendix A.1–A.3 (A.3: no salt, no info, as issued keys use no salt)."""

    CASES = (
        ("0b" * 22, "000102030405060708090a0b0c", "f0f1f2f3f4f5f6f7f8f9", 42,
         "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
        ("".join(f"{i:02x}" for i in range(0x00, 0x50)), "".join(f"{i:02x}" for i in range(0x60, 0xb0)),
         "".join(f"{i:02x}" for i in range(0xb0, 0x100)), 82,
         "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09"
         "da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"),
        ("0b" * 22, "", "", 42,
         "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"),
    )

    def test_appendix_a(self):
        for ikm, salt, info, length, okm in self.CASES:
            with self.subTest(okm=okm[:16]):
                self.assertEqual(hkdf_sha256(bytes.fromhex(ikm), bytes.fromhex(salt), bytes.fromhex(info), length).hex(), okm)


class Revocation(unittest.TestCase):
    """§16.5 step 6: +infinity revokes every key of the subject; a time that is not Unix seconds is refused."""

    def _entry(self, revoked_before):
        return types.SimpleNamespace(issued_at=1_700_000_000, revoked_before=revoked_before)

    def _code(self, revoked_before):
        try:
            check_revocation(self._entry(revoked_before))
        except SignwireError as error:
            return error.code
        return None

    def test_answers(self):
        cases = [(None, None), (1_700_000_000, None), (1_700_000_001, "KEY_REVOKED"), (math.inf, "KEY_REVOKED"),
                 (math.nan, "CONFIGURATION_INVALID"), (-math.inf, "CONFIGURATION_INVALID"),
                 (1_700_000_000_000, "CONFIGURATION_INVALID"), ("1700000001", "CONFIGURATION_INVALID"),
                 (True, "CONFIGURATION_INVALID")]
        for revoked_before, code in cases:
            with self.subTest(revoked_before=revoked_before):
                self.assertEqual(self._code(revoked_before), code)


if __name__ == "__main__":
    sys.exit(main(__name__))
