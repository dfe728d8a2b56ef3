#!/usr/bin/env python3
"""Tests for stunkit-dump (tools/dump/main.cpp).

usage: run_dump_tests.py STUNKIT_DUMP REPO_ROOT [--update] [--vectors DIR]

Golden files are never just recorded output: every message they describe is also checked
against facts that come from elsewhere -- the values RFC 5769 prints for its test vectors, or
the values this script built its own messages from with an independent Python encoder. MAC and
FINGERPRINT verdicts ("valid") are checked against keys and messages made here with hashlib,
hmac and zlib.

  --update      rewrite tests/dump/expected/*.jsonl and tests/vectors/demo-messages.hex from
                the current binary and builders (the fact checks still run and must pass)
  --vectors DIR where to look for rfc5769-*.bin (default REPO_ROOT/tests/vectors)

Only the Python 3 standard library is used. Exit status 0 when every check passes.
"""

import argparse
import copy
import hashlib
import hmac
import ipaddress
import json
import os
import random
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# A small, independent STUN encoder (RFC 8489 §5, §14), used to build the demo messages
# ---------------------------------------------------------------------------------------------

MAGIC_COOKIE = bytes.fromhex("2112a442")
REQUEST, INDICATION, SUCCESS, ERROR = 0, 1, 2, 3
CLASS_NAMES = {REQUEST: "request", INDICATION: "indication", SUCCESS: "success", ERROR: "error"}

BINDING, ALLOCATE, SEND, CHANNEL_BIND, CREATE_PERMISSION = 0x001, 0x003, 0x006, 0x009, 0x008

MAPPED_ADDRESS, SOURCE_ADDRESS, CHANGED_ADDRESS, CHANGE_REQUEST = 0x0001, 0x0004, 0x0005, 0x0003
USERNAME, MESSAGE_INTEGRITY, ERROR_CODE, UNKNOWN_ATTRIBUTES = 0x0006, 0x0008, 0x0009, 0x000A
REALM, NONCE, PASSWORD_ALGORITHM, PASSWORD_ALGORITHMS = 0x0014, 0x0015, 0x001D, 0x8002
CHANNEL_NUMBER, LIFETIME, XOR_PEER_ADDRESS, DATA = 0x000C, 0x000D, 0x0012, 0x0013
XOR_RELAYED_ADDRESS, REQUESTED_ADDRESS_FAMILY, EVEN_PORT = 0x0016, 0x0017, 0x0018
REQUESTED_TRANSPORT, DONT_FRAGMENT, MESSAGE_INTEGRITY_SHA256 = 0x0019, 0x001A, 0x001C
XOR_MAPPED_ADDRESS, PRIORITY, USE_CANDIDATE, RESPONSE_PORT = 0x0020, 0x0024, 0x0025, 0x0027
SOFTWARE, ALTERNATE_SERVER, FINGERPRINT = 0x8022, 0x8023, 0x8028
ICE_CONTROLLING = 0x802A


def message_type(method, klass):
    """RFC 8489 §5 figure 3: M11..M7 C1 M6..M4 C0 M3..M0."""
    return ((method & 0x00F) | ((method & 0x070) << 1) | ((method & 0xF80) << 2)
            | ((klass & 1) << 4) | ((klass & 2) << 7))


def attribute(type_, value):
    """Type, length, value and zero padding to 4 bytes (RFC 8489 §14)."""
    return struct.pack(">HH", type_, len(value)) + value + b"\0" * (-len(value) % 4)


def address(ip, port, xor_with=None):
    """(XOR-)MAPPED-ADDRESS value (RFC 8489 §14.1, §14.2); xor_with is cookie + transaction id."""
    packed = ipaddress.ip_address(ip).packed
    family = 1 if len(packed) == 4 else 2
    if xor_with is not None:
        port ^= 0x2112
        packed = bytes(b ^ k for b, k in zip(packed, xor_with))
    return struct.pack(">BBH", 0, family, port) + packed


def error_code(code, reason):
    return struct.pack(">HBB", 0, code // 100, code % 100) + reason.encode()


class Computed:
    """An attribute whose value covers the message before it: MESSAGE-INTEGRITY(-SHA256), FINGERPRINT."""

    def __init__(self, type_, size, compute):
        self.type, self.size, self.compute = type_, size, compute


def mi(key):
    return Computed(MESSAGE_INTEGRITY, 20, lambda covered: hmac.new(key, covered, hashlib.sha1).digest())


def mi_sha256(key):
    return Computed(MESSAGE_INTEGRITY_SHA256, 32, lambda covered: hmac.new(key, covered, hashlib.sha256).digest())


def mi_rfc3489(key):
    """RFC 3489 §11.2.8: HMAC-SHA1 over the text up to MESSAGE-INTEGRITY, zero-padded to a
    multiple of 64 bytes (with MESSAGE-INTEGRITY last, the header is the same as RFC 8489's)."""
    return Computed(MESSAGE_INTEGRITY, 20,
                    lambda covered: hmac.new(key, covered + b"\0" * (-len(covered) % 64), hashlib.sha1).digest())


def fingerprint():
    return Computed(FINGERPRINT, 4, lambda covered: struct.pack(">I", zlib.crc32(covered) ^ 0x5354554E))


def stun(method, klass, transaction_id, *parts, cookie=True):
    """A whole message. Computed parts cover the header (with the length up to and including
    themselves) and every byte before them (RFC 8489 §14.5-14.7)."""
    type_ = message_type(method, klass)
    id_bytes = (MAGIC_COOKIE if cookie else b"") + transaction_id
    assert len(id_bytes) == 16
    body = b""
    for part in parts:
        if isinstance(part, Computed):
            header = struct.pack(">HH", type_, len(body) + 4 + part.size) + id_bytes
            part = attribute(part.type, part.compute(header + body))
        body += part
    return struct.pack(">HH", type_, len(body)) + id_bytes + body


def channel_data(channel, data, padded=True):
    return struct.pack(">HH", channel, len(data)) + data + (b"\0" * (-len(data) % 4) if padded else b"")


def xor_pad(transaction_id):
    return MAGIC_COOKIE + transaction_id


# ---------------------------------------------------------------------------------------------
# Partial matching: facts say what must be there, nothing else
# ---------------------------------------------------------------------------------------------

ABSENT = object()  # an expected key that must not appear


def mismatches(actual, expected, path="$"):
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {actual!r}"]
        out = []
        for key, want in expected.items():
            if want is ABSENT:
                if key in actual:
                    out.append(f"{path}.{key}: should be absent, got {actual[key]!r}")
            elif key not in actual:
                out.append(f"{path}.{key}: missing")
            else:
                out += mismatches(actual[key], want, f"{path}.{key}")
        return out
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: expected {len(expected)} items, got {actual!r}"]
        out = []
        for i, (a, e) in enumerate(zip(actual, expected)):
            out += mismatches(a, e, f"{path}[{i}]")
        return out
    if type(actual) is not type(expected) or actual != expected:
        return [f"{path}: expected {expected!r}, got {actual!r}"]
    return []


def attr_fact(name, value=None, **extra):
    fact = {"name": name}
    if value is not None:
        fact["value"] = value
    fact.update(extra)
    return fact


def stun_fact(klass, method, code, transaction_id, attributes, *, legacy=False,
              integrity=False, integrity_sha256=False, fingerprint_present=False, fingerprint_valid=True):
    """MAC verdicts are null: no key is given unless keyed() says otherwise. A FINGERPRINT is
    always checked; every one built here is correct unless fingerprint_valid says otherwise."""
    return {"kind": "stun", "class": klass, "method": method, "method_code": code,
            "transaction_id": transaction_id.hex(), "legacy": legacy, "attributes": attributes,
            "integrity": {"present": integrity, "valid": None},
            "integrity_sha256": {"present": integrity_sha256, "valid": None},
            "fingerprint": {"present": fingerprint_present,
                            "valid": fingerprint_valid if fingerprint_present else None}}


def keyed(fact, integrity, integrity_sha256=None):
    """The fact as seen with a key: each present MAC gets its verdict; absent ones stay null."""
    fact = copy.deepcopy(fact, {id(ABSENT): ABSENT})  # the sentinel must stay itself
    if fact.get("kind") == "stun":
        for check, verdict in (("integrity", integrity), ("integrity_sha256", integrity_sha256)):
            if fact[check]["present"]:
                fact[check]["valid"] = verdict
    return fact


def invalid_fact(error):
    return {"kind": "invalid", "error": error}


# The exact key order of every object the tool prints.
STUN_KEYS = ["kind", "class", "method", "method_code", "transaction_id", "legacy", "length",
             "attributes", "integrity", "integrity_sha256", "fingerprint"]
CHECK_KEYS = ["present", "valid"]


def shape_problems(line):
    """Compactness and key order, which json.loads alone would not notice."""
    try:
        obj = json.loads(line)
    except ValueError as e:
        return [f"not JSON ({e}): {line!r}"]
    problems = []
    if json.dumps(obj, separators=(",", ":"), ensure_ascii=False) != line:
        problems.append(f"not compact JSON: {line!r}")
    kind = obj.get("kind")
    keys = list(obj)
    if kind == "stun":
        if keys != STUN_KEYS:
            problems.append(f"stun keys {keys}")
        for check in ("integrity", "integrity_sha256", "fingerprint"):
            if list(obj.get(check, {})) != CHECK_KEYS:
                problems.append(f"{check} keys {list(obj.get(check, {}))}")
        for a in obj.get("attributes", []):
            want = ["type", "name", "length", "value"] + (["error"] if "error" in a else []) \
                + (["ignored"] if "ignored" in a else [])
            if list(a) != want or ("error" in a) != (a["value"] is None) or a.get("ignored", True) is not True:
                problems.append(f"attribute keys {list(a)} in {a}")
    elif kind == "channeldata":
        if keys != ["kind", "channel", "length"]:
            problems.append(f"channeldata keys {keys}")
    elif kind == "invalid":
        if keys != ["kind", "error"]:
            problems.append(f"invalid keys {keys}")
    else:
        problems.append(f"unknown kind in {line!r}")
    return problems


# ---------------------------------------------------------------------------------------------
# RFC 5769: the facts the RFC prints (section 2), and proof our byte copies are faithful
# ---------------------------------------------------------------------------------------------

RFC5769_TID = bytes.fromhex("b7e7a701bc34d686fa87dfae")
RFC5769_SHORT_TERM_PASSWORD = b"VOkJxbRl1RmTxUk/WvJxBt"
# §2.4: key = MD5(username ":" realm ":" SASLprep(password)); "TheMatrIX" is the password after SASLprep.
RFC5769_LONG_TERM_KEY = hashlib.md5("\u30de\u30c8\u30ea\u30c3\u30af\u30b9:example.org:TheMatrIX".encode()).digest()

RFC5769_FACTS = [
    ("§2.1 Sample Request", RFC5769_SHORT_TERM_PASSWORD, stun_fact(
        "request", "binding", 1, RFC5769_TID, [
            attr_fact("SOFTWARE", {"text": "STUN test client"}),
            attr_fact("PRIORITY", {"priority": 0x6E0001FF}),
            attr_fact("ICE-CONTROLLED", {"tie_breaker": "932ff9b151263b36"}),
            attr_fact("USERNAME", {"text": "evtj:h6vY"}),
            attr_fact("MESSAGE-INTEGRITY", length=20),
            attr_fact("FINGERPRINT", length=4),
        ], integrity=True, fingerprint_present=True)),
    ("§2.2 Sample IPv4 Response", RFC5769_SHORT_TERM_PASSWORD, stun_fact(
        "success", "binding", 1, RFC5769_TID, [
            attr_fact("SOFTWARE", {"text": "test vector"}),
            attr_fact("XOR-MAPPED-ADDRESS", {"family": "IPv4", "address": "192.0.2.1", "port": 32853}),
            attr_fact("MESSAGE-INTEGRITY", length=20),
            attr_fact("FINGERPRINT", length=4),
        ], integrity=True, fingerprint_present=True)),
    ("§2.3 Sample IPv6 Response", RFC5769_SHORT_TERM_PASSWORD, stun_fact(
        "success", "binding", 1, RFC5769_TID, [
            attr_fact("SOFTWARE", {"text": "test vector"}),
            attr_fact("XOR-MAPPED-ADDRESS", {"family": "IPv6", "address": "2001:db8:1234:5678:11:2233:4455:6677",
                                             "port": 32853}),
            attr_fact("MESSAGE-INTEGRITY", length=20),
            attr_fact("FINGERPRINT", length=4),
        ], integrity=True, fingerprint_present=True)),
    ("§2.4 Sample Request with Long-Term Authentication", RFC5769_LONG_TERM_KEY, stun_fact(
        "request", "binding", 1, bytes.fromhex("78ad3433c6ad72c029da412e"), [
            attr_fact("USERNAME", {"text": "\u30de\u30c8\u30ea\u30c3\u30af\u30b9"}),
            attr_fact("NONCE", {"text": "f//499k954d6OL34oL9FSTvy64sA"}),
            attr_fact("REALM", {"text": "example.org"}),
            attr_fact("MESSAGE-INTEGRITY", length=20),
        ], integrity=True, fingerprint_present=False)),
]


def split_attributes(message):
    offset = 20
    while offset < len(message):
        type_, length = struct.unpack_from(">HH", message, offset)
        yield type_, offset, message[offset + 4:offset + 4 + length]
        offset += 4 + length + (-length % 4)


def faithful_copy_problems(message, key):
    """MESSAGE-INTEGRITY must verify under the RFC's key and FINGERPRINT under CRC-32: then
    every byte up to them is the RFC's."""
    problems = []
    for type_, offset, value in split_attributes(message):
        covered = bytearray(message[:offset])
        if type_ == MESSAGE_INTEGRITY:
            struct.pack_into(">H", covered, 2, offset + 24 - 20)
            if hmac.new(key, bytes(covered), hashlib.sha1).digest() != value:
                problems.append("MESSAGE-INTEGRITY does not verify")
        elif type_ == FINGERPRINT:
            if struct.pack(">I", zlib.crc32(bytes(covered)) ^ 0x5354554E) != value:
                problems.append("FINGERPRINT does not verify")
    return problems


# ---------------------------------------------------------------------------------------------
# The demo messages (tests/vectors/demo-messages.hex): built here, facts from the same values
# ---------------------------------------------------------------------------------------------

def demo_messages():
    """(comment, bytes, fact without --legacy, fact with --legacy or None when the same)."""
    demos = []

    def add(comment, data, fact, legacy_fact=None):
        demos.append((comment, data, fact, legacy_fact))

    add("TURN ChannelData on channel 0x4001 carrying the 5 bytes \"hello\", padded to 8 (RFC 8656 §12.4)",
        channel_data(0x4001, b"hello"),
        {"kind": "channeldata", "channel": 0x4001, "length": 5})

    tid = b"demo:err-420"
    add("Binding error response 420 Unknown Attribute listing 0x0031 and 0x0777, with SOFTWARE and "
        "FINGERPRINT (RFC 8489 §14.8, §14.13)",
        stun(BINDING, ERROR, tid,
             attribute(ERROR_CODE, error_code(420, "Unknown Attribute")),
             attribute(UNKNOWN_ATTRIBUTES, struct.pack(">HH", 0x0031, 0x0777)),
             attribute(SOFTWARE, b"stunkit demo"), fingerprint()),
        stun_fact("error", "binding", 1, tid, [
            attr_fact("ERROR-CODE", {"code": 420, "reason": "Unknown Attribute"}, length=21),
            attr_fact("UNKNOWN-ATTRIBUTES", {"types": [0x0031, 0x0777]}, length=4),
            attr_fact("SOFTWARE", {"text": "stunkit demo"}),
            attr_fact("FINGERPRINT", length=4),
        ], fingerprint_present=True))

    legacy_tid = b"demo:rfc3489rsp!"
    add("Classic RFC 3489 Binding response (no magic cookie, 128-bit transaction id): MAPPED-ADDRESS, "
        "SOURCE-ADDRESS, CHANGED-ADDRESS (RFC 3489 §11.2); decoded only with --legacy",
        stun(BINDING, SUCCESS, legacy_tid,
             attribute(MAPPED_ADDRESS, address("198.51.100.7", 40000)),
             attribute(SOURCE_ADDRESS, address("192.0.2.10", 3478)),
             attribute(CHANGED_ADDRESS, address("192.0.2.11", 3479)), cookie=False),
        invalid_fact("bad_magic_cookie"),
        stun_fact("success", "binding", 1, legacy_tid, [
            attr_fact("MAPPED-ADDRESS", {"family": "IPv4", "address": "198.51.100.7", "port": 40000}),
            attr_fact("SOURCE-ADDRESS", {"family": "IPv4", "address": "192.0.2.10", "port": 3478}),
            attr_fact("CHANGED-ADDRESS", {"family": "IPv4", "address": "192.0.2.11", "port": 3479}),
        ], legacy=True))

    tid = b"demo:bad-val"
    add("Binding success response whose values do not decode: XOR-MAPPED-ADDRESS with family 3, "
        "SOFTWARE that is not UTF-8, PRIORITY of 2 bytes (the message itself is well-formed)",
        stun(BINDING, SUCCESS, tid,
             attribute(XOR_MAPPED_ADDRESS, bytes.fromhex("0003a147e112a643")),
             attribute(SOFTWARE, b"caf\xc3"),
             attribute(PRIORITY, b"\x00\x01")),
        stun_fact("success", "binding", 1, tid, [
            {"name": "XOR-MAPPED-ADDRESS", "length": 8, "value": None, "error": "bad_address_family"},
            {"name": "SOFTWARE", "length": 4, "value": None, "error": "invalid_utf8"},
            {"name": "PRIORITY", "length": 2, "value": None, "error": "bad_attribute_length"},
        ]))

    tid = b"demo:ignored"
    add("Binding request with attributes after MESSAGE-INTEGRITY: MESSAGE-INTEGRITY-SHA256 and "
        "FINGERPRINT count, SOFTWARE and PRIORITY are ignored (RFC 8489 §14.5, §14.6)",
        stun(BINDING, REQUEST, tid,
             attribute(USERNAME, b"alice:bob"),
             mi(b"demo-password"), mi_sha256(b"demo-password"),
             attribute(SOFTWARE, b"appended after MESSAGE-INTEGRITY"),
             attribute(PRIORITY, struct.pack(">I", 12345)), fingerprint()),
        stun_fact("request", "binding", 1, tid, [
            attr_fact("USERNAME", {"text": "alice:bob"}, ignored=ABSENT),
            attr_fact("MESSAGE-INTEGRITY", length=20, ignored=ABSENT),
            attr_fact("MESSAGE-INTEGRITY-SHA256", length=32, ignored=ABSENT),
            attr_fact("SOFTWARE", {"text": "appended after MESSAGE-INTEGRITY"}, ignored=True),
            attr_fact("PRIORITY", {"priority": 12345}, ignored=True),
            attr_fact("FINGERPRINT", length=4, ignored=ABSENT),
        ], integrity=True, integrity_sha256=True, fingerprint_present=True))

    tid = b"demo:alloc-1"
    add("TURN Allocate request: REQUESTED-TRANSPORT UDP, LIFETIME 600, REQUESTED-ADDRESS-FAMILY IPv6, "
        "EVEN-PORT with R set, DONT-FRAGMENT (RFC 8656 §7.1, RFC 6156)",
        stun(ALLOCATE, REQUEST, tid,
             attribute(REQUESTED_TRANSPORT, bytes([17, 0, 0, 0])),
             attribute(LIFETIME, struct.pack(">I", 600)),
             attribute(REQUESTED_ADDRESS_FAMILY, bytes([2, 0, 0, 0])),
             attribute(EVEN_PORT, b"\x80"),
             attribute(DONT_FRAGMENT, b"")),
        stun_fact("request", "allocate", 3, tid, [
            attr_fact("REQUESTED-TRANSPORT", {"protocol": 17}),
            attr_fact("LIFETIME", {"seconds": 600}),
            attr_fact("REQUESTED-ADDRESS-FAMILY", {"family": "IPv6"}),
            attr_fact("EVEN-PORT", {"reserve_next": True}, length=1),
            attr_fact("DONT-FRAGMENT", {"hex": ""}, length=0),
        ]))

    tid = b"demo:alloc-2"
    add("TURN Allocate success response: XOR-RELAYED-ADDRESS 203.0.113.5:50000, XOR-MAPPED-ADDRESS "
        "198.51.100.7:40000, LIFETIME 600 (RFC 8656 §7.3)",
        stun(ALLOCATE, SUCCESS, tid,
             attribute(XOR_RELAYED_ADDRESS, address("203.0.113.5", 50000, xor_pad(tid))),
             attribute(XOR_MAPPED_ADDRESS, address("198.51.100.7", 40000, xor_pad(tid))),
             attribute(LIFETIME, struct.pack(">I", 600))),
        stun_fact("success", "allocate", 3, tid, [
            attr_fact("XOR-RELAYED-ADDRESS", {"family": "IPv4", "address": "203.0.113.5", "port": 50000}),
            attr_fact("XOR-MAPPED-ADDRESS", {"family": "IPv4", "address": "198.51.100.7", "port": 40000}),
            attr_fact("LIFETIME", {"seconds": 600}),
        ]))

    tid = b"demo:chanbnd"
    add("TURN ChannelBind request: CHANNEL-NUMBER 0x4001, XOR-PEER-ADDRESS [2001:db8::7]:5000 "
        "(RFC 8656 §11.1)",
        stun(CHANNEL_BIND, REQUEST, tid,
             attribute(CHANNEL_NUMBER, bytes([0x40, 0x01, 0, 0])),
             attribute(XOR_PEER_ADDRESS, address("2001:db8::7", 5000, xor_pad(tid)))),
        stun_fact("request", "channelbind", 9, tid, [
            attr_fact("CHANNEL-NUMBER", {"channel": 0x4001}),
            attr_fact("XOR-PEER-ADDRESS", {"family": "IPv6", "address": "2001:db8::7", "port": 5000}, length=20),
        ]))

    tid = b"demo:send-ok"
    add("TURN Send indication: XOR-PEER-ADDRESS 192.0.2.99:5000 and 5 bytes of DATA (RFC 8656 §10.1)",
        stun(SEND, INDICATION, tid,
             attribute(XOR_PEER_ADDRESS, address("192.0.2.99", 5000, xor_pad(tid))),
             attribute(DATA, b"hello")),
        stun_fact("indication", "send", 6, tid, [
            attr_fact("XOR-PEER-ADDRESS", {"family": "IPv4", "address": "192.0.2.99", "port": 5000}),
            attr_fact("DATA", {"length": 5}, length=5),
        ]))

    tid = b"demo:ice-chk"
    add("ICE connectivity check: USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE and an attribute "
        "stunkit does not know, 0xC057 (RFC 8445 §7.1.1-7.1.3)",
        stun(BINDING, REQUEST, tid,
             attribute(USERNAME, b"R1x2:L3y4"),
             attribute(PRIORITY, struct.pack(">I", 1853759231)),
             attribute(ICE_CONTROLLING, bytes.fromhex("0123456789abcdef")),
             attribute(USE_CANDIDATE, b""),
             attribute(0xC057, bytes.fromhex("00010000"))),
        stun_fact("request", "binding", 1, tid, [
            attr_fact("USERNAME", {"text": "R1x2:L3y4"}),
            attr_fact("PRIORITY", {"priority": 1853759231}),
            attr_fact("ICE-CONTROLLING", {"tie_breaker": "0123456789abcdef"}),
            attr_fact("USE-CANDIDATE", {"hex": ""}),
            {"type": 0xC057, "name": None, "length": 4, "value": {"hex": "00010000"}},
        ]))

    tid = b"demo:rfc5780"
    add("RFC 5780 NAT behaviour test: Binding request with CHANGE-REQUEST (change IP and port) and "
        "RESPONSE-PORT 40001 (RFC 5780 §7.2, §7.5)",
        stun(BINDING, REQUEST, tid,
             attribute(CHANGE_REQUEST, struct.pack(">I", 0x6)),
             attribute(RESPONSE_PORT, struct.pack(">HH", 40001, 0))),
        stun_fact("request", "binding", 1, tid, [
            attr_fact("CHANGE-REQUEST", {"change_ip": True, "change_port": True}),
            attr_fact("RESPONSE-PORT", {"hex": "9c410000"}),
        ]))

    tid = b"demo:method?"
    add("Request of a method stunkit does not know, 0x020: \"method\" is \"unknown\", method_code 32",
        stun(0x020, REQUEST, tid, attribute(SOFTWARE, b"x")),
        stun_fact("request", "unknown", 0x020, tid, [attr_fact("SOFTWARE", {"text": "x"})]))

    add("Garbage: an RTP header (first byte 0x80) is not STUN",
        bytes.fromhex("80e0 1234 00000001 deadbeef") + bytes(12), invalid_fact("not_stun"))
    add("Garbage: 4 bytes are too short for a STUN header",
        bytes.fromhex("deadbeef"), invalid_fact("too_short"))
    add("Garbage: ChannelData announcing 16 bytes but carrying 2",
        bytes.fromhex("40000010 0102"), invalid_fact("channel_data_truncated"))
    add("Garbage: a STUN header whose length field claims 8 more bytes than follow",
        stun(BINDING, REQUEST, b"demo:length!")[:2] + b"\x00\x08" + stun(BINDING, REQUEST, b"demo:length!")[4:],
        invalid_fact("length_mismatch"))
    return demos


def words(data):
    """Hex in 4-byte groups, the unit STUN aligns to, so a reader can follow the attributes."""
    h = data.hex()
    return " ".join(h[i:i + 8] for i in range(0, len(h), 8))


def render_demo_file(demos):
    lines = ["# stunkit demo messages: one message per line, each after a '#' line saying what it is.",
             "# Generated by tests/dump/run_dump_tests.py --update; dump with: stunkit-dump --hex [--legacy] FILE"]
    for comment, data, _, _ in demos:
        lines += ["# " + comment, words(data)]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Edge cases of the hex reader and the parser, built at run time (CRLF must survive git)
# ---------------------------------------------------------------------------------------------

def edge_cases():
    """(input line(s) as text, fact or None for "no output line"); the file is their concatenation."""
    cases = []
    tid = b"edge:mi-last"
    cases.append(("  # an indented comment line\n", None))
    cases.append(("   \t \n", None))
    cases.append(("zz\n", invalid_fact("bad_hex")))
    cases.append(("abc\n", invalid_fact("bad_hex")))
    cases.append(("0x40 00 00 00\n", invalid_fact("bad_hex")))
    cases.append(("4000 0000 # trailing comments are not comments\n", invalid_fact("bad_hex")))
    cases.append(("40 00 00 00\r\n", {"kind": "channeldata", "channel": 0x4000, "length": 0}))
    cases.append(("7FFF0003\tABCDEF\n", {"kind": "channeldata", "channel": 0x7FFF, "length": 3}))
    cases.append((words(stun(BINDING, REQUEST, tid, attribute(USERNAME, b"u"), mi_sha256(b"k"), mi(b"k"),
                             attribute(ERROR_CODE, error_code(420, "late")), fingerprint())) + "\r\n",
                  stun_fact("request", "binding", 1, tid, [
                      attr_fact("USERNAME", {"text": "u"}),
                      attr_fact("MESSAGE-INTEGRITY-SHA256", length=32, ignored=ABSENT),
                      attr_fact("MESSAGE-INTEGRITY", length=20, ignored=True),
                      attr_fact("ERROR-CODE", {"code": 420, "reason": "late"}, ignored=True),
                      attr_fact("FINGERPRINT", ignored=ABSENT),
                  ], integrity=False, integrity_sha256=True, fingerprint_present=True)))
    tid = b"edge:ignored"
    cases.append((words(stun(BINDING, REQUEST, tid, mi(b"k"), attribute(PRIORITY, b"\x01"))) + "\n",
                  stun_fact("request", "binding", 1, tid, [
                      attr_fact("MESSAGE-INTEGRITY"),
                      {"name": "PRIORITY", "value": None, "error": "bad_attribute_length", "ignored": True},
                  ], integrity=True)))
    tid = b"edge:perm-x2"
    cases.append((words(stun(CREATE_PERMISSION, REQUEST, tid,
                             attribute(XOR_PEER_ADDRESS, address("192.0.2.1", 1, xor_pad(tid))),
                             attribute(XOR_PEER_ADDRESS, address("::ffff:192.0.2.2", 65535, xor_pad(tid))))) + "\n",
                  stun_fact("request", "createpermission", 8, tid, [
                      attr_fact("XOR-PEER-ADDRESS", {"family": "IPv4", "address": "192.0.2.1", "port": 1}),
                      attr_fact("XOR-PEER-ADDRESS", {"family": "IPv6", "address": "::ffff:192.0.2.2", "port": 65535}),
                  ])))
    tid = b"edge:alt-srv"
    cases.append((words(stun(BINDING, ERROR, tid, attribute(ERROR_CODE, error_code(300, "Try Alternate")),
                             attribute(ALTERNATE_SERVER, address("2001:db8::1", 3478)),
                             attribute(MAPPED_ADDRESS, address("::", 0)))).upper() + "\n",
                  stun_fact("error", "binding", 1, tid, [
                      attr_fact("ERROR-CODE", {"code": 300, "reason": "Try Alternate"}),
                      attr_fact("ALTERNATE-SERVER", {"family": "IPv6", "address": "2001:db8::1", "port": 3478}),
                      attr_fact("MAPPED-ADDRESS", {"family": "IPv6", "address": "::", "port": 0}),
                  ])))
    tid = b"edge:alloc-x"
    cases.append((words(stun(ALLOCATE, REQUEST, tid, attribute(0x8000, bytes([2, 0, 0, 0])),
                             attribute(0x0022, bytes(range(8))), attribute(0x8004, bytes.fromhex("00000304000005dc")))) + "\n",
                  stun_fact("request", "allocate", 3, tid, [
                      attr_fact("ADDITIONAL-ADDRESS-FAMILY", {"family": "IPv6"}),
                      attr_fact("RESERVATION-TOKEN", {"hex": "0001020304050607"}),
                      attr_fact("ICMP", {"hex": "00000304000005dc"}),
                  ])))
    tid = b"edge:escapes"
    text = "quote\" backslash\\ tab\t nul\x00 \u00e9\u20ac\U0001F600"
    cases.append((words(stun(BINDING, REQUEST, tid, attribute(USERNAME, text.encode()),
                             attribute(0x0031, b"\x01\x02\x03"),
                             attribute(ERROR_CODE, bytes.fromhex("00000763") + b"bad"))) + "\n",
                  stun_fact("request", "binding", 1, tid, [
                      attr_fact("USERNAME", {"text": text}),
                      {"type": 0x0031, "name": None, "length": 3, "value": {"hex": "010203"}},
                      {"name": "ERROR-CODE", "value": None, "error": "bad_error_code"},
                  ])))
    cases.append((words(stun(BINDING, REQUEST, b"edge:fp-mid!", fingerprint(), attribute(SOFTWARE, b"late"))) + "\n",
                  invalid_fact("fingerprint_not_last")))
    cases.append((words(stun(SEND, REQUEST, b"edge:send-rq")) + "\n", invalid_fact("invalid_class")))
    empty = stun(BINDING, REQUEST, b"edge:framing")
    cases.append((words(empty[:2] + b"\x00\x02" + empty[4:] + b"\0\0") + "\n", invalid_fact("unaligned_length")))
    cases.append((words(empty[:2] + b"\x00\x04" + empty[4:] + bytes.fromhex("80220005")) + "\n",
                  invalid_fact("attribute_truncated")))
    tid = b"edge:bad-fp!"
    cases.append((words(stun(BINDING, INDICATION, tid, attribute(SOFTWARE, b"x"), attribute(FINGERPRINT, bytes(4)))) + "\n",
                  stun_fact("indication", "binding", 1, tid, [
                      attr_fact("SOFTWARE", {"text": "x"}),
                      attr_fact("FINGERPRINT", {"hex": "00000000"}),
                  ], fingerprint_present=True, fingerprint_valid=False)))
    tid = b"edge:short-f"
    cases.append((words(stun(BINDING, INDICATION, tid, attribute(FINGERPRINT, b"\x12\x34"))) + "\n",
                  stun_fact("indication", "binding", 1, tid, [
                      {"name": "FINGERPRINT", "length": 2, "value": None, "error": "bad_attribute_length"},
                  ], fingerprint_present=True, fingerprint_valid=False)))
    # The last line has no newline.
    tid = b"edge:no-eol!"
    cases.append((words(stun(BINDING, INDICATION, tid)), stun_fact("indication", "binding", 1, tid, [])))
    return cases


# ---------------------------------------------------------------------------------------------
# Runner
# ---------------------------------------------------------------------------------------------

class Suite:
    def __init__(self, binary, update):
        self.binary, self.update = binary, update
        self.failures, self.passed = [], 0

    def check(self, name, problems):
        if problems:
            self.failures.append(name)
            print(f"FAIL {name}")
            for p in problems:
                print(f"     {p}")
        else:
            self.passed += 1
            print(f"ok   {name}")

    def run(self, *args, stdin=b""):
        proc = subprocess.run([self.binary, *args], input=stdin, capture_output=True, timeout=60)
        return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")

    def golden(self, name, path, actual):
        """Compares text output with a golden file, or rewrites it under --update."""
        if self.update:
            path.write_text(actual, encoding="utf-8")
            print(f"     wrote {path}")
        expected = path.read_text(encoding="utf-8") if path.exists() else None
        problems = []
        if expected is None:
            problems.append(f"{path} is missing (run with --update)")
        elif expected != actual:
            for i, (e, a) in enumerate(zip(expected.splitlines(), actual.splitlines()), 1):
                if e != a:
                    problems.append(f"line {i} differs:\n       expected {e}\n       actual   {a}")
                    break
            else:
                problems.append(f"line counts differ: {len(expected.splitlines())} vs {len(actual.splitlines())}")
        self.check(name, problems)

    def facts(self, name, lines, facts):
        problems = []
        if len(lines) != len(facts):
            problems.append(f"{len(lines)} output lines for {len(facts)} messages")
        for i, (line, fact) in enumerate(zip(lines, facts), 1):
            problems += [f"message {i}: {p}" for p in shape_problems(line)]
            try:
                problems += [f"message {i}: {p}" for p in mismatches(json.loads(line), fact)]
            except ValueError:
                pass
        self.check(name, problems)


def test_rfc5769(suite, repo, tmp, vectors_dir):
    hex_path = repo / "tests/dump/rfc5769.hex"
    messages = [bytes.fromhex(line) for line in hex_path.read_text().splitlines() if line and not line.startswith("#")]
    suite.check("rfc5769.hex is a faithful copy (MACs verify with the RFC's keys, FINGERPRINTs with CRC-32)",
                [f"{section}: {p}" for (section, key, _), m in zip(RFC5769_FACTS, messages)
                 for p in faithful_copy_problems(m, key)] + ([] if len(messages) == 4 else ["expected 4 vectors"]))

    rc, out, err = suite.run("--hex", str(hex_path))
    suite.check("rfc5769 --hex exits 0 silently", [] if (rc, err) == (0, "") else [f"rc={rc} stderr={err!r}"])
    suite.facts("rfc5769 --hex: method, class, ids, addresses, texts as RFC 5769 §2 prints them",
                out.splitlines(), [fact for _, _, fact in RFC5769_FACTS])
    suite.golden("rfc5769 --hex matches expected/rfc5769.jsonl", repo / "tests/dump/expected/rfc5769.jsonl", out)

    # Binary mode on the same bytes: one file per message, same lines.
    golden_lines = out.splitlines()
    paths = []
    for i, m in enumerate(messages):
        paths.append(tmp / f"rfc5769-{i}.bin")
        paths[-1].write_bytes(m)
    rc, bin_out, err = suite.run(*map(str, paths))
    suite.check("rfc5769 binary files dump to the same lines as --hex",
                [] if (rc, bin_out.splitlines()) == (0, golden_lines) else [f"rc={rc} out={bin_out!r} err={err!r}"])

    # The repository's own binary vectors, when the vector task has written them.
    found = sorted(vectors_dir.glob("rfc5769-*.bin"))
    if not found:
        print(f"note {vectors_dir}/rfc5769-*.bin not present: checked the copies in tests/dump/rfc5769.hex only")
    for path in found:
        data = path.read_bytes()
        rc, line, err = suite.run(str(path))
        if data in messages:
            want = golden_lines[messages.index(data)]
            suite.check(f"{path.name} (byte-identical to RFC 5769 {RFC5769_FACTS[messages.index(data)][0]})",
                        [] if (rc, line.rstrip("\n")) == (0, want) else [f"rc={rc} got {line!r}"])
        else:
            print(f"note {path.name} is not byte-identical to an RFC 5769 vector: checked for shape only")
            suite.check(f"{path.name} dumps to one well-formed line",
                        ([] if rc == 0 and len(line.splitlines()) == 1 else [f"rc={rc} out={line!r}"])
                        + shape_problems(line.rstrip("\n")))


def test_demo(suite, repo):
    demos = demo_messages()
    demo_path = repo / "tests/vectors/demo-messages.hex"
    text = render_demo_file(demos)
    if suite.update:
        demo_path.write_text(text)
        print(f"     wrote {demo_path}")
    suite.check("tests/vectors/demo-messages.hex holds exactly the messages built here",
                [] if demo_path.exists() and demo_path.read_text() == text else ["stale or missing (run with --update)"])

    for legacy in (False, True):
        args = ["--hex"] + (["--legacy"] if legacy else []) + [str(demo_path)]
        label = "demo --hex" + (" --legacy" if legacy else "")
        rc, out, err = suite.run(*args)
        suite.check(f"{label} exits 0 silently", [] if (rc, err) == (0, "") else [f"rc={rc} stderr={err!r}"])
        facts = [(legacy_fact if legacy and legacy_fact is not None else fact) for _, _, fact, legacy_fact in demos]
        suite.facts(f"{label}: every line says what the message was built with", out.splitlines(), facts)
        name = "demo-legacy.jsonl" if legacy else "demo.jsonl"
        suite.golden(f"{label} matches expected/{name}", repo / "tests/dump/expected" / name, out)

    # Lengths are the header's length field, i.e. the body size.
    rc, out, _ = suite.run("--hex", "--legacy", str(demo_path))
    problems = []
    for (comment, data, _, _), line in zip(demos, out.splitlines()):
        obj = json.loads(line)
        if obj["kind"] == "stun" and obj["length"] != len(data) - 20:
            problems.append(f"{comment}: length {obj['length']} != {len(data) - 20}")
    suite.check("stun \"length\" is the body length", problems)


def test_edge_cases(suite, repo, tmp):
    cases = edge_cases()
    path = tmp / "edge-cases.hex"
    path.write_bytes("".join(text for text, _ in cases).encode())
    rc, out, err = suite.run("--hex", str(path))
    suite.check("edge cases exit 0 silently", [] if (rc, err) == (0, "") else [f"rc={rc} stderr={err!r}"])
    suite.facts("edge cases: comments, blanks, bad hex, CRLF, case, ignored/erroring attributes, escapes",
                out.splitlines(), [fact for _, fact in cases if fact is not None])
    suite.golden("edge cases match expected/edge-cases.jsonl", repo / "tests/dump/expected/edge-cases.jsonl", out)


def test_command_line(suite, repo, tmp):
    demo = repo / "tests/vectors/demo-messages.hex"
    chan = bytes.fromhex("40010005") + b"hello"
    chan_line = '{"kind":"channeldata","channel":16385,"length":5}\n'

    rc, out, err = suite.run("--help")
    suite.check("--help prints usage and exits 0",
                [] if rc == 0 and out.startswith("usage: stunkit-dump") and "--legacy" in out and err == ""
                else [f"rc={rc} out={out!r}"])
    rc, out, err = suite.run("--frobnicate")
    suite.check("an unknown option exits 2 with usage on stderr",
                [] if rc == 2 and out == "" and "--frobnicate" in err and "usage:" in err else [f"rc={rc} err={err!r}"])
    rc, out, err = suite.run("--help")
    suite.check("--help documents --key and --long-term",
                [] if "--key PASSWORD" in out and "--long-term USER:REALM:PASSWORD" in out else [f"out={out!r}"])
    for args, says in [(["--key"], "--key needs a value"),
                       (["--long-term"], "--long-term needs a value"),
                       (["--long-term", "user-realm-password"], "USER:REALM:PASSWORD"),
                       (["--long-term", "user:realm"], "USER:REALM:PASSWORD"),
                       (["--key", "a", "--key", "b"], "at most one"),
                       (["--key", "a", "--long-term", "u:r:p"], "at most one")]:
        rc, out, err = suite.run(*args, stdin=chan)
        suite.check(f"{' '.join(args)} exits 2 saying {says!r}",
                    [] if rc == 2 and out == "" and says in err and "usage:" in err else [f"rc={rc} err={err!r}"])
    rc, out, err = suite.run("--long-term", "u:r:", "-", stdin=chan)
    suite.check("--long-term accepts an empty password; ChannelData has nothing to check",
                [] if (rc, out) == (0, chan_line) else [f"rc={rc} out={out!r} err={err!r}"])
    rc, out, err = suite.run("--key", "--hex", stdin=chan)
    suite.check("the value of --key is taken as it is, even when it looks like an option",
                [] if (rc, out) == (0, chan_line) else [f"rc={rc} out={out!r} err={err!r}"])

    rc, out, err = suite.run(stdin=chan)
    suite.check("no FILE reads binary from stdin", [] if (rc, out) == (0, chan_line) else [f"rc={rc} out={out!r}"])
    rc, out, err = suite.run("--hex", "-", stdin=b"# c\n4001 0005 68656c6c 6f\n\n40010005 68656c6c6f000000\n")
    suite.check("- reads hex from stdin, one line per message",
                [] if (rc, out) == (0, chan_line * 2) else [f"rc={rc} out={out!r}"])

    chan_file = tmp / "chan.bin"
    chan_file.write_bytes(chan)
    missing = tmp / "does-not-exist.bin"
    rc, out, err = suite.run(str(missing), str(chan_file), str(tmp), str(chan_file))
    suite.check("unreadable FILEs are reported on stderr, the rest still dumped, exit 2",
                [] if rc == 2 and out == chan_line * 2 and str(missing) in err and str(tmp) in err
                else [f"rc={rc} out={out!r} err={err!r}"])
    rc, out, err = suite.run("--", str(chan_file))
    suite.check("-- ends the options", [] if (rc, out) == (0, chan_line) else [f"rc={rc} out={out!r}"])

    empty = tmp / "empty.bin"
    empty.write_bytes(b"")
    rc, out, err = suite.run(str(empty))
    suite.check("an empty binary file is one invalid message (too_short)",
                [] if (rc, out) == (0, '{"kind":"invalid","error":"too_short"}\n') else [f"rc={rc} out={out!r}"])
    rc, out, err = suite.run("--hex", str(empty))
    suite.check("an empty hex file prints nothing", [] if (rc, out) == (0, "") else [f"rc={rc} out={out!r}"])

    text = demo.read_text()
    rc, out, err = suite.run(str(demo))
    suite.check("a hex file read as binary is one invalid message, not a crash",
                [] if rc == 0 and len(out.splitlines()) == 1 and json.loads(out)["kind"] == "invalid"
                else [f"rc={rc} out={out!r}"])
    rc, out, err = suite.run("--hex", str(demo), "-", str(demo), stdin=text.encode())
    suite.check("several hex inputs are dumped in order",
                [] if rc == 0 and out.splitlines() == suite.run("--hex", str(demo))[1].splitlines() * 3
                else [f"rc={rc}"])


def test_robustness(suite, repo, tmp):
    """Every prefix and many bit flips of every message: one well-formed line each, never a crash
    (the point of running this under ASan/UBSan)."""
    seeds = [data for _, data, _, _ in demo_messages()]
    seeds += [bytes.fromhex(line) for line in (repo / "tests/dump/rfc5769.hex").read_text().splitlines()
              if line and not line.startswith("#")]
    rng = random.Random(5769)
    inputs = []
    for data in seeds:
        inputs += [data[:n] for n in range(1, len(data))]
        for _ in range(40):
            flipped = bytearray(data)
            for _ in range(rng.randint(1, 3)):
                i = rng.randrange(len(flipped))
                flipped[i] ^= 1 << rng.randrange(8)
            inputs.append(bytes(flipped))
    for _ in range(300):
        body = bytes(rng.randrange(256) for _ in range(4 * rng.randrange(12)))
        header = struct.pack(">HH", rng.choice([0x0001, 0x0101, 0x0111, 0x0016, 0x0003]), len(body))
        inputs.append(header + rng.choice([MAGIC_COOKIE, b"\0\0\0\0"]) + bytes(12) + body)
        inputs.append(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64))))
    path = tmp / "mutations.hex"
    path.write_text("".join(m.hex() + "\n" for m in inputs))
    for legacy in ([], ["--legacy"]):
        rc, out, err = suite.run("--hex", *legacy, str(path))
        lines = out.splitlines()
        problems = [] if (rc, err) == (0, "") else [f"rc={rc} stderr={err[-2000:]!r}"]
        if len(lines) != len(inputs):
            problems.append(f"{len(lines)} lines for {len(inputs)} inputs")
        for line in lines:
            problems += shape_problems(line)
            if len(problems) > 5:
                break
        suite.check(f"{len(inputs)} truncated, bit-flipped and random inputs{' with --legacy' if legacy else ''}: "
                    "one well-formed line each", problems)


# RFC 5769 §2.4's username, U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9.
RFC5769_LONG_TERM_USER = "\u30de\u30c8\u30ea\u30c3\u30af\u30b9"


def mac_fact(transaction_id, integrity, integrity_sha256, fingerprint_valid=True, legacy=False):
    """Only the verdicts of a message with both MACs and a FINGERPRINT (None: not present)."""
    def check(valid):
        return {"present": valid is not None, "valid": valid}
    return {"kind": "stun", "transaction_id": transaction_id.hex(), "legacy": legacy,
            "integrity": check(integrity), "integrity_sha256": check(integrity_sha256),
            "fingerprint": check(fingerprint_valid)}


def test_keys(suite, repo, tmp):
    """--key and --long-term: MAC verdicts against keys and MACs computed here."""
    hex_path = repo / "tests/dump/rfc5769.hex"
    facts = [fact for _, _, fact in RFC5769_FACTS]
    runs = [
        ("--key with the RFC's short-term password", ["--key", RFC5769_SHORT_TERM_PASSWORD.decode()],
         [True, True, True, False], "rfc5769-key.jsonl"),
        # §2.4: the password "The<U+00AD>M<U+00AA>tr<U+2168>" after SASLprep.
        ("--long-term with the RFC's §2.4 credentials",
         ["--long-term", f"{RFC5769_LONG_TERM_USER}:example.org:TheMatrIX"],
         [False, False, False, True], "rfc5769-long-term.jsonl"),
        ("a wrong --key", ["--key", "VOkJxbRl1RmTxUk/WvJxBu"], [False] * 4, None),
        ("a wrong --long-term password", ["--long-term", f"{RFC5769_LONG_TERM_USER}:example.org:TheMatrIx"],
         [False] * 4, None),
        ("the raw, unprepared §2.4 password", ["--long-term",
                                               f"{RFC5769_LONG_TERM_USER}:example.org:The\u00adM\u00aatr\u2168"],
         [False] * 4, None),
    ]
    for label, args, verdicts, golden in runs:
        rc, out, err = suite.run(*args, "--hex", str(hex_path))
        suite.check(f"rfc5769 {label} exits 0 silently", [] if (rc, err) == (0, "") else [f"rc={rc} stderr={err!r}"])
        suite.facts(f"rfc5769 {label}: MESSAGE-INTEGRITY valid {verdicts}, FINGERPRINTs true",
                    out.splitlines(), [keyed(f, v) for f, v in zip(facts, verdicts)])
        if golden:
            suite.golden(f"rfc5769 {label} matches expected/{golden}", repo / "tests/dump/expected" / golden, out)

    # Long-term keys: SHA-256 when PASSWORD-ALGORITHM says so, MD5 otherwise; ':' in the password.
    user, realm, password = "alice", "example.org", "pa:ss:word"
    md5_key = hashlib.md5(f"{user}:{realm}:{password}".encode()).digest()
    sha256_key = hashlib.sha256(f"{user}:{realm}:{password}".encode()).digest()

    def request(tid, algorithm, key):
        parts = [attribute(USERNAME, user.encode()), attribute(REALM, realm.encode()),
                 attribute(NONCE, b"obMatJos2AAABnonce")]
        if algorithm is not None:
            parts += [attribute(PASSWORD_ALGORITHMS, bytes.fromhex("0002000000010000")),
                      attribute(PASSWORD_ALGORITHM, struct.pack(">HH", algorithm, 0))]
        return stun(ALLOCATE, REQUEST, tid, *parts, mi(key), mi_sha256(key), fingerprint())

    cases = [
        (request(b"key:sha-256!", 2, sha256_key), mac_fact(b"key:sha-256!", True, True)),
        (request(b"key:md5-alg!", 1, md5_key), mac_fact(b"key:md5-alg!", True, True)),
        (request(b"key:no-alg!!", None, md5_key), mac_fact(b"key:no-alg!!", True, True)),
        (request(b"key:unknown!", 7, md5_key), mac_fact(b"key:unknown!", True, True)),
        # Claims SHA-256 but was authenticated with the MD5 key: both MACs fail.
        (request(b"key:bid-down", 2, md5_key), mac_fact(b"key:bid-down", False, False)),
        (stun(BINDING, REQUEST, b"key:mi-16!!!", attribute(MESSAGE_INTEGRITY, bytes(16))),
         mac_fact(b"key:mi-16!!!", False, None, None)),
        (stun(BINDING, REQUEST, b"key:mi256-12", attribute(MESSAGE_INTEGRITY_SHA256, bytes(12))),
         mac_fact(b"key:mi256-12", None, False, None)),
    ]
    path = tmp / "keys.hex"
    path.write_text("".join(words(m) + "\n" for m, _ in cases))
    rc, out, err = suite.run("--long-term", f"{user}:{realm}:{password}", "--hex", str(path))
    suite.check("--long-term: split at the first two ':', SHA-256 only when PASSWORD-ALGORITHM says so",
                [] if (rc, err) == (0, "") else [f"rc={rc} stderr={err!r}"])
    suite.facts("--long-term verdicts for SHA-256, MD5, absent and unknown PASSWORD-ALGORITHM, bad sizes",
                out.splitlines(), [fact for _, fact in cases])
    rc, out, err = suite.run("--hex", str(path))
    suite.facts("without a key the same MACs are present but unchecked",
                out.splitlines(), [keyed(fact, None, None) for _, fact in cases])

    # Classic RFC 3489: MESSAGE-INTEGRITY over the text zero-padded to 64 bytes.
    legacy = [
        (stun(BINDING, REQUEST, b"key:rfc3489:pad!", attribute(USERNAME, b"legacy"), mi_rfc3489(b"pw"), cookie=False),
         True),
        (stun(BINDING, REQUEST, b"key:rfc3489:64!!", attribute(USERNAME, b"x" * 40), mi_rfc3489(b"pw"), cookie=False),
         True),
        # The RFC 5389 MAC where RFC 3489 pads: not what a legacy message carries.
        (stun(BINDING, REQUEST, b"key:rfc5389:mac!", attribute(USERNAME, b"legacy"), mi(b"pw"), cookie=False), False),
    ]
    path = tmp / "legacy-keys.hex"
    path.write_text("".join(words(m) + "\n" for m, _ in legacy))
    rc, out, err = suite.run("--legacy", "--key", "pw", "--hex", str(path))
    expected = [mac_fact(m[4:20], valid, None, None, legacy=True) for m, valid in legacy]
    suite.facts("--legacy --key checks the RFC 3489 MESSAGE-INTEGRITY", out.splitlines(), expected)

    # The demo and edge-case messages that carry MACs were made with "demo-password" and "k".
    demo = repo / "tests/vectors/demo-messages.hex"
    rc, out, err = suite.run("--key", "demo-password", "--hex", str(demo))
    suite.facts("demo --key demo-password: its MESSAGE-INTEGRITY and -SHA256 are valid",
                out.splitlines(), [keyed(fact, True, True) for _, _, fact, _ in demo_messages()])
    cases = edge_cases()
    path = tmp / "edge-cases.hex"
    path.write_bytes("".join(text for text, _ in cases).encode())
    rc, out, err = suite.run("--key", "k", "--hex", str(path))
    suite.facts("edge cases --key k: every counting MAC is valid",
                out.splitlines(), [keyed(fact, True, True) for _, fact in cases if fact is not None])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary", type=Path)
    parser.add_argument("repo", type=Path)
    parser.add_argument("--update", action="store_true")
    parser.add_argument("--vectors", type=Path)
    args = parser.parse_args()
    binary = args.binary.resolve()
    repo = args.repo.resolve()
    if not os.access(binary, os.X_OK):
        print(f"error: {binary} is not an executable", file=sys.stderr)
        return 2
    suite = Suite(str(binary), args.update)
    with tempfile.TemporaryDirectory(prefix="stunkit-dump-tests-") as tmp_name:
        tmp = Path(tmp_name)
        test_demo(suite, repo)  # first: --update writes the demo file the others read
        test_rfc5769(suite, repo, tmp, args.vectors or repo / "tests/vectors")
        test_edge_cases(suite, repo, tmp)
        test_keys(suite, repo, tmp)
        test_command_line(suite, repo, tmp)
        test_robustness(suite, repo, tmp)
    print(f"\n{suite.passed} passed, {len(suite.failures)} failed")
    return 1 if suite.failures else 0


if __name__ == "__main__":
    sys.exit(main())
