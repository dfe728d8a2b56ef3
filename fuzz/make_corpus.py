#!/usr/bin/env python3
"""Regenerates the fuzz seed corpora (fuzz/corpus/<target>/seed-*) and dictionaries
(fuzz/<target>.dict) deterministically, with the Python standard library only.

    python3 fuzz/make_corpus.py           # rewrite the seeds and dictionaries
    python3 fuzz/make_corpus.py --check   # exit 1 if anything is missing, stale or extra

Sources: the RFC 5769 vectors (tests/vectors/*.bin), the demo messages
(tests/vectors/demo-messages.hex, one file each), messages built here (every built-in
attribute, signed messages, RFC 3489 ones), ChannelData frames and streams, and UTF-8 strings.

Only files named seed-* are generated. Anything else in a corpus directory (regression inputs
that once crashed a target, named crash-* or regression-*) is kept as it is.

The integrity target's input starts with a flag byte and the key (see integrity_fuzz.cpp);
its seeds carry the key each message was signed with, so the fuzzer starts from MACs that
verify.
"""

import hashlib
import hmac
import struct
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FUZZ = ROOT / "fuzz"
VECTORS = ROOT / "tests" / "vectors"

MAGIC_COOKIE = bytes.fromhex("2112a442")
REQUEST, INDICATION, SUCCESS, ERROR = 0, 1, 2, 3

# Methods (RFC 8489 §18.2, RFC 8656 §17, RFC 6062 §6.1) and the classes each may use.
METHODS = {
    "binding": (0x001, (REQUEST, INDICATION, SUCCESS, ERROR)),
    "allocate": (0x003, (REQUEST, SUCCESS, ERROR)),
    "refresh": (0x004, (REQUEST, SUCCESS, ERROR)),
    "send": (0x006, (INDICATION,)),
    "data": (0x007, (INDICATION,)),
    "create_permission": (0x008, (REQUEST, SUCCESS, ERROR)),
    "channel_bind": (0x009, (REQUEST, SUCCESS, ERROR)),
    "connect": (0x00A, (REQUEST, SUCCESS, ERROR)),
    "connection_bind": (0x00B, (REQUEST, SUCCESS, ERROR)),
    "connection_attempt": (0x00C, (INDICATION,)),
}
CLASS_NAMES = {REQUEST: "request", INDICATION: "indication", SUCCESS: "success", ERROR: "error"}

# Every attribute registry.hpp lists, by code point.
ATTRIBUTES = {
    "MAPPED-ADDRESS": 0x0001, "RESPONSE-ADDRESS": 0x0002, "CHANGE-REQUEST": 0x0003,
    "SOURCE-ADDRESS": 0x0004, "CHANGED-ADDRESS": 0x0005, "USERNAME": 0x0006, "PASSWORD": 0x0007,
    "MESSAGE-INTEGRITY": 0x0008, "ERROR-CODE": 0x0009, "UNKNOWN-ATTRIBUTES": 0x000A,
    "REFLECTED-FROM": 0x000B, "CHANNEL-NUMBER": 0x000C, "LIFETIME": 0x000D,
    "XOR-PEER-ADDRESS": 0x0012, "DATA": 0x0013, "REALM": 0x0014, "NONCE": 0x0015,
    "XOR-RELAYED-ADDRESS": 0x0016, "REQUESTED-ADDRESS-FAMILY": 0x0017, "EVEN-PORT": 0x0018,
    "REQUESTED-TRANSPORT": 0x0019, "DONT-FRAGMENT": 0x001A, "MESSAGE-INTEGRITY-SHA256": 0x001C,
    "PASSWORD-ALGORITHM": 0x001D, "USERHASH": 0x001E, "XOR-MAPPED-ADDRESS": 0x0020,
    "RESERVATION-TOKEN": 0x0022, "PRIORITY": 0x0024, "USE-CANDIDATE": 0x0025, "PADDING": 0x0026,
    "RESPONSE-PORT": 0x0027, "CONNECTION-ID": 0x002A, "ADDITIONAL-ADDRESS-FAMILY": 0x8000,
    "ADDRESS-ERROR-CODE": 0x8001, "PASSWORD-ALGORITHMS": 0x8002, "ALTERNATE-DOMAIN": 0x8003,
    "ICMP": 0x8004, "SOFTWARE": 0x8022, "ALTERNATE-SERVER": 0x8023, "FINGERPRINT": 0x8028,
    "ICE-CONTROLLED": 0x8029, "ICE-CONTROLLING": 0x802A, "RESPONSE-ORIGIN": 0x802B,
    "OTHER-ADDRESS": 0x802C,
}
A = ATTRIBUTES

# Values of a fixed size: the attribute header "type, length" is a useful dictionary word.
FIXED_LENGTHS = {
    "CHANGE-REQUEST": 4, "MESSAGE-INTEGRITY": 20, "CHANNEL-NUMBER": 4, "LIFETIME": 4,
    "REQUESTED-ADDRESS-FAMILY": 4, "EVEN-PORT": 1, "REQUESTED-TRANSPORT": 4, "DONT-FRAGMENT": 0,
    "MESSAGE-INTEGRITY-SHA256": 32, "USERHASH": 32, "RESERVATION-TOKEN": 8, "PRIORITY": 4,
    "USE-CANDIDATE": 0, "RESPONSE-PORT": 4, "CONNECTION-ID": 4, "ADDITIONAL-ADDRESS-FAMILY": 4,
    "ICMP": 8, "FINGERPRINT": 4, "ICE-CONTROLLED": 8, "ICE-CONTROLLING": 8,
    "XOR-MAPPED-ADDRESS": 8, "MAPPED-ADDRESS": 8,
}

RFC5769_SHORT_TERM = b"VOkJxbRl1RmTxUk/WvJxBt"
RFC5769_USERNAME = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9".encode()
RFC5769_REALM = b"example.org"
RFC5769_PASSWORD = b"TheMatrIX"  # "The\u00ADM\u00AAtr\u2168" after SASLprep
DEMO_PASSWORD = b"demo-password"


# ---- STUN construction (RFC 8489 §5, §14) ----------------------------------------------------

def message_type(method, klass):
    """RFC 8489 §5 figure 3: M11..M7 C1 M6..M4 C0 M3..M0."""
    return ((method & 0x00F) | ((method & 0x070) << 1) | ((method & 0xF80) << 2)
            | ((klass & 1) << 4) | ((klass & 2) << 7))


def attribute(type_, value, pad=b"\0"):
    return struct.pack(">HH", type_, len(value)) + value + pad * (-len(value) % 4)


def address(family, port, packed, xor_with=None):
    if xor_with is not None:
        port ^= 0x2112
        packed = bytes(b ^ k for b, k in zip(packed, xor_with))
    return struct.pack(">BBH", 0, family, port) + packed


def error_code(code, reason):
    return struct.pack(">HBB", 0, code // 100, code % 100) + reason


class Mac:
    """MESSAGE-INTEGRITY(-SHA256) or FINGERPRINT, computed over the message before it with the
    length field counting up to and including it (RFC 8489 §14.5-14.7)."""

    def __init__(self, type_, size, compute):
        self.type, self.size, self.compute = type_, size, compute


def mi(key, rfc3489=False):
    def compute(covered):
        if rfc3489:  # RFC 3489 §11.2.8: zero-padded to a multiple of 64 bytes
            covered += b"\0" * (-len(covered) % 64)
        return hmac.new(key, covered, hashlib.sha1).digest()
    return Mac(A["MESSAGE-INTEGRITY"], 20, compute)


def mi_sha256(key, size=32):
    return Mac(A["MESSAGE-INTEGRITY-SHA256"], size,
               lambda covered: hmac.new(key, covered, hashlib.sha256).digest()[:size])


def fingerprint():
    return Mac(A["FINGERPRINT"], 4, lambda covered: struct.pack(">I", zlib.crc32(covered) ^ 0x5354554E))


def stun(method, klass, transaction_id, *parts, cookie=True):
    type_ = message_type(method, klass)
    id_bytes = (MAGIC_COOKIE if cookie else b"") + transaction_id
    assert len(id_bytes) == 16, transaction_id
    body = b""
    for part in parts:
        if isinstance(part, Mac):
            header = struct.pack(">HH", type_, len(body) + 4 + part.size) + id_bytes
            part = attribute(part.type, part.compute(header + body))
        body += part
    return struct.pack(">HH", type_, len(body)) + id_bytes + body


def channel_data(channel, data, padded=True):
    return struct.pack(">HH", channel, len(data)) + data + (b"\0" * (-len(data) % 4) if padded else b"")


def long_term_key(username, realm, password, algorithm="md5"):
    return hashlib.new(algorithm, username + b":" + realm + b":" + password).digest()


# ---- Sources ---------------------------------------------------------------------------------

def slug(text, limit=40):
    out = "".join(c if c.isalnum() else "-" for c in text.lower())
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")[:limit].rstrip("-")


def rfc5769_vectors():
    return {p.stem: p.read_bytes() for p in sorted(VECTORS.glob("rfc5769-*.bin"))}


def demo_messages():
    """(name, bytes) for each message of demo-messages.hex: a '#' line says what the next is."""
    out = []
    comment = ""
    for line in (VECTORS / "demo-messages.hex").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            comment = line.lstrip("#").strip()
            continue
        out.append((f"demo-{len(out) + 1:02d}-{slug(comment)}", bytes.fromhex(line)))
    return out


def built_messages():
    """Messages made here: every built-in attribute, legacy and signed messages."""
    tid = b"fuzz:seed:01"
    pad = MAGIC_COOKIE + tid
    v6 = bytes.fromhex("20010db8000000000000000000000001")
    everything = stun(
        0x001, SUCCESS, tid,
        attribute(A["MAPPED-ADDRESS"], address(1, 3478, bytes([192, 0, 2, 1]))),
        attribute(A["XOR-MAPPED-ADDRESS"], address(2, 3478, v6, pad)),
        attribute(A["RESPONSE-ORIGIN"], address(1, 3478, bytes([192, 0, 2, 2]))),
        attribute(A["OTHER-ADDRESS"], address(2, 3479, v6)),
        attribute(A["ALTERNATE-SERVER"], address(1, 3478, bytes([192, 0, 2, 3]))),
        attribute(A["ALTERNATE-DOMAIN"], b"stun.example.org"),
        attribute(A["SOFTWARE"], "stunkit fuzz seed \u00e9\u4e2d".encode()),
        attribute(A["USERNAME"], b"alice:bob"),
        attribute(A["REALM"], RFC5769_REALM),
        attribute(A["NONCE"], b"obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA"),
        attribute(A["USERHASH"], hashlib.sha256(b"alice:example.org").digest()),
        attribute(A["PASSWORD-ALGORITHMS"], bytes.fromhex("00020000 00010000 00030003 01020300".replace(" ", ""))),
        attribute(A["PASSWORD-ALGORITHM"], bytes.fromhex("00020000")),
        attribute(A["UNKNOWN-ATTRIBUTES"], bytes.fromhex("0031 0777 c057".replace(" ", ""))),
        attribute(A["PRIORITY"], struct.pack(">I", 0x6E0001FF)),
        attribute(A["USE-CANDIDATE"], b""),
        attribute(A["ICE-CONTROLLED"], struct.pack(">Q", 0x932FF9B151263B36)),
        attribute(A["ICE-CONTROLLING"], struct.pack(">Q", 0x0123456789ABCDEF)),
        attribute(A["CHANGE-REQUEST"], struct.pack(">I", 6)),
        attribute(A["RESPONSE-PORT"], struct.pack(">HH", 40001, 0)),
        attribute(A["PADDING"], b"\0" * 7),
        attribute(A["PASSWORD"], b"pass"),
        attribute(0xC057, b"\x01\x02\x03"),
        attribute(0x0031, b""),
        fingerprint())
    turn = stun(
        0x003, SUCCESS, b"fuzz:seed:02",
        attribute(A["XOR-RELAYED-ADDRESS"], address(1, 50000, bytes([203, 0, 113, 5]), MAGIC_COOKIE + b"fuzz:seed:02")),
        attribute(A["XOR-RELAYED-ADDRESS"], address(2, 50002, v6, MAGIC_COOKIE + b"fuzz:seed:02")),
        attribute(A["LIFETIME"], struct.pack(">I", 600)),
        attribute(A["RESERVATION-TOKEN"], b"\x01\x02\x03\x04\x05\x06\x07\x08"),
        attribute(A["ADDRESS-ERROR-CODE"], bytes([2, 0, 4, 40]) + b"Address Family not Supported"),
        attribute(A["ICMP"], bytes.fromhex("0000 0304 000005dc".replace(" ", ""))),
        attribute(A["CONNECTION-ID"], struct.pack(">I", 0xDEADBEEF)))
    turn_request = stun(
        0x003, REQUEST, b"fuzz:seed:03",
        attribute(A["REQUESTED-TRANSPORT"], bytes([17, 0, 0, 0])),
        attribute(A["REQUESTED-ADDRESS-FAMILY"], bytes([2, 0, 0, 0])),
        attribute(A["ADDITIONAL-ADDRESS-FAMILY"], bytes([2, 0, 0, 0])),
        attribute(A["EVEN-PORT"], b"\x80"),
        attribute(A["DONT-FRAGMENT"], b""),
        attribute(A["CHANNEL-NUMBER"], bytes([0x40, 0x00, 0, 0])),
        attribute(A["XOR-PEER-ADDRESS"], address(1, 5000, bytes([192, 0, 2, 99]), MAGIC_COOKIE + b"fuzz:seed:03")),
        attribute(A["DATA"], b"payload"))
    error = stun(
        0x001, ERROR, b"fuzz:seed:04",
        attribute(A["ERROR-CODE"], error_code(401, b"Unauthenticated")),
        attribute(A["REALM"], RFC5769_REALM),
        attribute(A["NONCE"], b"obMatJos2AAABnonce"),
        attribute(A["PASSWORD-ALGORITHMS"], bytes.fromhex("0001000000020000")))
    legacy = stun(
        0x001, REQUEST, b"fuzz:rfc3489:req",
        attribute(A["RESPONSE-ADDRESS"], address(1, 3478, bytes([192, 0, 2, 4]))),
        attribute(A["CHANGE-REQUEST"], struct.pack(">I", 4)),
        attribute(A["SOURCE-ADDRESS"], address(1, 3478, bytes([192, 0, 2, 5]))),
        attribute(A["CHANGED-ADDRESS"], address(1, 3479, bytes([192, 0, 2, 6]))),
        attribute(A["REFLECTED-FROM"], address(1, 3480, bytes([192, 0, 2, 7]))),
        attribute(A["XOR-MAPPED-ADDRESS"], address(1, 3478, bytes([192, 0, 2, 8]), b"fuzz:rfc3489:req")),
        cookie=False)
    ignored = stun(
        0x001, REQUEST, b"fuzz:seed:05",
        attribute(A["USERNAME"], b"u"),
        mi(DEMO_PASSWORD),
        attribute(A["SOFTWARE"], b"ignored"),
        attribute(A["MESSAGE-INTEGRITY"], b"\0" * 20),
        mi_sha256(DEMO_PASSWORD, 24),
        attribute(A["MESSAGE-INTEGRITY-SHA256"], b"\0" * 16),
        fingerprint())
    # Text past the sending limit (509 bytes, 508 for USERNAME) that still decodes (up to 763,
    # RFC 8489 §14.3), and a NONCE past the decoding limit.
    long_text = stun(
        0x001, ERROR, b"fuzz:seed:06",
        attribute(A["ERROR-CODE"], error_code(438, ("Stale Nonce \u00e9" * 40).encode()[:600])),
        attribute(A["USERNAME"], b"u" * 509),
        attribute(A["REALM"], ("\u4e2d" * 254).encode() + b"x"),
        attribute(A["SOFTWARE"], b"s" * 600),
        attribute(A["NONCE"], b"n" * 764))
    # One attribute more than parse_options::max_attributes (128) allows by default.
    many = stun(0x001, INDICATION, b"fuzz:seed:07", *[attribute(0xC000 + i, b"") for i in range(129)])
    return [
        ("built-long-text", long_text),
        ("built-129-attributes", many),
        ("built-every-stun-attribute", everything),
        ("built-turn-allocate-success", turn),
        ("built-turn-allocate-request", turn_request),
        ("built-error-401", error),
        ("built-rfc3489-request", legacy),
        ("built-ignored-after-integrity", ignored),
    ]


def signed_messages():
    """(name, flags, key fields, message) for the integrity target."""
    lt_md5 = (RFC5769_USERNAME, RFC5769_REALM, RFC5769_PASSWORD)
    md5_key = long_term_key(*lt_md5)
    sha_key = long_term_key(b"alice", RFC5769_REALM, b"secret", "sha256")
    return [
        ("signed-mi-fingerprint", 0x00, (b"k",), stun(
            0x001, REQUEST, b"fuzz:sign:01", attribute(A["USERNAME"], b"alice:bob"),
            attribute(A["PRIORITY"], struct.pack(">I", 1)), mi(b"k"), fingerprint())),
        ("signed-mi-sha256-fingerprint", 0x00, (b"short-term",), stun(
            0x001, SUCCESS, b"fuzz:sign:02", attribute(A["SOFTWARE"], b"x"),
            mi(b"short-term"), mi_sha256(b"short-term"), fingerprint())),
        ("signed-sha256-16-only", 0x02, (b"short-term",), stun(
            0x001, REQUEST, b"fuzz:sign:03", attribute(A["USERNAME"], b"u:v"),
            mi_sha256(b"short-term", 16), fingerprint())),
        ("signed-long-term-md5", 0x40, lt_md5, stun(
            0x003, REQUEST, b"fuzz:sign:04", attribute(A["USERNAME"], RFC5769_USERNAME),
            attribute(A["REALM"], RFC5769_REALM), attribute(A["NONCE"], b"obMatJos2AAABxyz"),
            mi(md5_key), fingerprint())),
        ("signed-long-term-sha256", 0x80 | 0x10, (b"alice", RFC5769_REALM, b"secret"), stun(
            0x003, REQUEST, b"fuzz:sign:05", attribute(A["USERNAME"], b"alice"),
            attribute(A["REALM"], RFC5769_REALM), attribute(A["NONCE"], b"obMatJos2AAACxyz"),
            attribute(A["PASSWORD-ALGORITHM"], bytes.fromhex("00020000")),
            mi_sha256(sha_key, 28), fingerprint())),
        ("signed-rfc3489-legacy", 0x01, (b"legacy",), stun(
            0x001, REQUEST, b"fuzz:rfc3489:mi!", attribute(A["USERNAME"], b"legacy-user"),
            mi(b"legacy", rfc3489=True), fingerprint(), cookie=False)),
        ("unsigned-fingerprint-only", 0x04, (b"k",), stun(
            0x001, INDICATION, b"fuzz:sign:06", attribute(A["SOFTWARE"], b"no MAC"), fingerprint())),
        ("unsigned-no-attributes", 0x06 | 0x20, (b"",), stun(0x001, REQUEST, b"fuzz:sign:07")),
    ]


def integrity_input(flags, key_fields, message):
    out = bytes([flags])
    for field in key_fields:
        assert len(field) < 256
        out += bytes([len(field)]) + field
    return out + message


def channel_data_seeds(messages):
    binding = stun(0x001, REQUEST, b"fuzz:stream1")
    frames = [
        ("cd-empty-4000", channel_data(0x4000, b"")),
        ("cd-hello-padded", channel_data(0x4001, b"hello")),
        ("cd-hello-unpadded", channel_data(0x4001, b"hello", padded=False)),
        ("cd-4fff-aligned", channel_data(0x4FFF, b"\x01\x02\x03\x04")),
        ("cd-7fff-rfc5766", channel_data(0x7FFF, b"\xff")),
        ("cd-3fff-bad-channel", channel_data(0x3FFF, b"abc")),
        ("cd-8000-bad-channel", channel_data(0x8000, b"abc")),
        ("cd-truncated", channel_data(0x4002, b"0123456789")[:9]),
        ("cd-length-mismatch", channel_data(0x4002, b"abc") + b"\0\0"),
        ("stream-stun-cd-stun", binding + channel_data(0x4003, b"rtp", padded=True) + binding),
        ("stream-cd-cd-partial", channel_data(0x4004, b"a") + channel_data(0x4005, b"bcdefgh")
         + channel_data(0x4006, b"partial")[:6]),
        ("stream-stun-partial-header", binding + binding[:3]),
        ("stream-unaligned-stun", binding + bytes.fromhex("00010003")),
        ("stream-unknown-frame", channel_data(0x4007, b"ok") + bytes.fromhex("80e01234")),
        ("stream-max-length-header", bytes.fromhex("4000ffff") + b"\0" * 8),
    ]
    return frames + [("msg-" + name, data) for name, data in messages]


PREP_STRINGS = [
    ("ascii-user", "user"),
    ("ascii-upper", "USER"),
    ("rfc4013-soft-hyphen", "I\u00ADX"),
    ("rfc4013-feminine-ordinal", "\u00AA"),
    ("rfc4013-roman-numeral-nine", "\u2168"),
    ("rfc4013-control", "\u0007"),
    ("rfc4013-bidi-mixed", "\u0627\u0031"),
    ("rfc5769-password", "The\u00ADM\u00AAtr\u2168"),
    ("rfc5769-username", "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9"),
    ("arabic-ligature-fdfa", "\uFDFA"),
    ("hangul-syllables", "\uD55C\uAD6D\uC5B4"),
    ("hangul-jamo-decomposed", "\u1112\u1161\u11AB"),
    ("combining-acute-nfd", "e\u0301cole"),
    ("combining-stack", "a\u0323\u0302\u0301"),
    ("too-many-combining-marks", "a" + "\u0301" * 70),
    ("zwnj-arabic", "\u0628\u200C\u0628"),
    ("zwnj-after-virama", "\u0915\u094D\u200C\u0937"),
    ("zwj-alone", "a\u200Db"),
    ("middle-dot-catalan", "l\u00B7l"),
    ("middle-dot-bad", "a\u00B7"),
    ("greek-keraia", "\u0375\u03B1"),
    ("hebrew-geresh", "\u05D0\u05F3"),
    ("katakana-middle-dot", "\u30A2\u30FB\u30A2"),
    ("arabic-indic-digits", "\u0660\u0661"),
    ("mixed-arabic-digits", "\u0660\u06F1"),
    ("fullwidth-latin", "\uFF21\uFF22"),
    ("ideographic-space", "a\u3000b"),
    ("no-break-space", "a\u00A0b"),
    ("zero-width-space", "a\u200Bb"),
    ("byte-order-mark", "\uFEFFabc"),
    ("rtl-hebrew", "\u05D0\u05D1\u05D2"),
    ("rtl-then-ltr", "\u05D0a\u05D1"),
    ("emoji", "\U0001F600"),
    ("private-use", "\uE000"),
    ("unassigned-in-3-2", "\u0870"),
    ("noncharacter", "\uFFFE"),
    ("cjk-compat-ideograph", "\uF900\U0002F800"),
    ("ligature-ffi", "\uFB03"),
    ("kelvin-sign", "\u212A"),
    ("angstrom-sign", "\u212B"),
    ("empty", ""),
]
PREP_BYTES = [
    ("invalid-overlong-nul", b"\xC0\x80"),
    ("invalid-surrogate", b"\xED\xA0\x80"),
    ("invalid-truncated", b"abc\xE3\x81"),
    ("invalid-above-max", b"\xF4\x90\x80\x80"),
    ("invalid-lone-continuation", b"\x80"),
    ("ascii-del", b"a\x7Fb"),
    ("long-ascii", b"0123456789abcdef" * 40),
]


# ---- Dictionaries ----------------------------------------------------------------------------

def dict_escape(data):
    return "".join(chr(b) if 0x20 <= b < 0x7F and chr(b) not in '"\\' else f"\\x{b:02X}" for b in data)


def dictionary(title, entries):
    lines = [f"# {title}", "# Generated by fuzz/make_corpus.py; do not edit.", ""]
    seen = set()
    for name, data in entries:
        if data in seen:
            continue
        seen.add(data)
        lines.append(f'{name}="{dict_escape(data)}"')
    return "\n".join(lines) + "\n"


def stun_words():
    words = [("magic_cookie", MAGIC_COOKIE), ("fingerprint_xor", b"STUN"),
             ("nonce_cookie", b"obMatJos2"), ("nonce_cookie_features", b"obMatJos2AAAB")]
    for name, (method, classes) in METHODS.items():
        for klass in classes:
            words.append((f"type_{name}_{CLASS_NAMES[klass]}", struct.pack(">H", message_type(method, klass))))
    words.append(("type_unknown_method", struct.pack(">H", message_type(0x020, REQUEST))))
    for name, code in ATTRIBUTES.items():
        words.append(("attr_" + slug(name).replace("-", "_"), struct.pack(">H", code)))
        if name in FIXED_LENGTHS:
            words.append(("hdr_" + slug(name).replace("-", "_"), struct.pack(">HH", code, FIXED_LENGTHS[name])))
    words += [
        ("attr_unknown_optional", b"\xC0\x57"), ("attr_unknown_required", b"\x00\x31"),
        ("family_ipv4", b"\x00\x01"), ("family_ipv6", b"\x00\x02"),
        ("address_ipv4", b"\x00\x01\x0D\x96"), ("address_ipv6", b"\x00\x02\x0D\x96"),
        ("error_420", b"\x00\x00\x04\x14"), ("error_401", b"\x00\x00\x04\x01"), ("error_300", b"\x00\x00\x03\x00"),
        ("algorithm_md5", b"\x00\x01\x00\x00"), ("algorithm_sha256", b"\x00\x02\x00\x00"),
        ("channel_4000", b"\x40\x00\x00\x00"), ("transport_udp", b"\x11\x00\x00\x00"),
        ("utf8_e_acute", "\u00e9".encode()), ("utf8_cjk", "\u4e2d".encode()),
        ("utf8_emoji", "\U0001F600".encode()), ("length_max", b"\xFF\xFC"),
    ]
    return words


def channel_data_words():
    return [
        ("channel_min", b"\x40\x00"), ("channel_max", b"\x4F\xFF"), ("channel_rfc5766_max", b"\x7F\xFF"),
        ("channel_below", b"\x3F\xFF"), ("channel_above", b"\x80\x00"),
        ("length_0", b"\x00\x00"), ("length_1", b"\x00\x01"), ("length_4", b"\x00\x04"),
        ("length_max", b"\xFF\xFF"), ("length_max_aligned", b"\xFF\xFC"),
        ("stun_binding_request", b"\x00\x01"), ("magic_cookie", MAGIC_COOKIE),
        ("rtp_first_byte", b"\x80"), ("dtls_first_byte", b"\x16\xFE\xFD"),
    ]


def prep_words():
    points = {
        "soft_hyphen": "\u00AD", "zwsp": "\u200B", "zwnj": "\u200C", "zwj": "\u200D",
        "word_joiner": "\u2060", "bom": "\uFEFF", "variation_selector": "\uFE0F",
        "nbsp": "\u00A0", "ideographic_space": "\u3000", "em_space": "\u2003",
        "middle_dot": "\u00B7", "greek_keraia": "\u0375", "hebrew_geresh": "\u05F3",
        "hebrew_alef": "\u05D0", "katakana_middle_dot": "\u30FB", "katakana_a": "\u30A2",
        "arabic_indic_zero": "\u0660", "ext_arabic_indic_one": "\u06F1", "arabic_alef": "\u0627",
        "arabic_beh": "\u0628", "virama": "\u094D", "devanagari_ka": "\u0915",
        "combining_acute": "\u0301", "combining_dot_below": "\u0323", "cgj": "\u034F",
        "fdfa": "\uFDFA", "roman_nine": "\u2168", "feminine_ordinal": "\u00AA",
        "fullwidth_a": "\uFF21", "ligature_ffi": "\uFB03", "kelvin": "\u212A",
        "hangul_choseong": "\u1100", "hangul_jungseong": "\u1161", "hangul_jongseong": "\u11A8",
        "hangul_syllable": "\uAC00", "cjk_compat": "\uF900", "private_use": "\uE000",
        "noncharacter": "\uFFFF", "emoji": "\U0001F600", "tag_char": "\U000E0041",
        "lrm": "\u200E", "rlo": "\u202E",
    }
    words = [(name, text.encode()) for name, text in points.items()]
    words += [("overlong", b"\xC0\x80"), ("surrogate", b"\xED\xA0\x80"), ("above_max", b"\xF4\x90\x80\x80"),
              ("del", b"\x7F"), ("nul", b"\x00")]
    return words


# ---- Output ----------------------------------------------------------------------------------

def outputs():
    """Every generated file: {path relative to fuzz/: bytes}."""
    files = {}
    vectors = list(rfc5769_vectors().items())
    demos = demo_messages()
    built = built_messages()
    messages = vectors + demos + built

    for name, data in messages:
        files[f"corpus/message/seed-{name}"] = data

    for name, data in vectors + demos + built:
        if name == "rfc5769-long-term-request":
            seed = integrity_input(0x40, (RFC5769_USERNAME, RFC5769_REALM, RFC5769_PASSWORD), data)
        elif name.startswith("rfc5769-"):
            seed = integrity_input(0x00, (RFC5769_SHORT_TERM,), data)
        elif name == "built-rfc3489-request" or "rfc-3489" in name:
            seed = integrity_input(0x01, (DEMO_PASSWORD,), data)
        else:
            seed = integrity_input(0x00, (DEMO_PASSWORD,), data)
        files[f"corpus/integrity/seed-{name}"] = seed
    for name, flags, key, data in signed_messages():
        files[f"corpus/integrity/seed-{name}"] = integrity_input(flags, key, data)

    for name, data in channel_data_seeds(vectors + demos):
        files[f"corpus/channel_data/seed-{name}"] = data

    for name, text in PREP_STRINGS:
        files[f"corpus/prep/seed-{name}"] = text.encode("utf-8")
    for name, data in PREP_BYTES:
        files[f"corpus/prep/seed-{name}"] = data

    stun_dict = stun_words()
    files["message.dict"] = dictionary("message_fuzz: STUN header and attribute words", stun_dict).encode()
    files["integrity.dict"] = dictionary("integrity_fuzz: STUN header and attribute words", stun_dict).encode()
    files["channel_data.dict"] = dictionary(
        "channel_data_fuzz: ChannelData and stream framing words", channel_data_words() + stun_dict).encode()
    files["prep.dict"] = dictionary("prep_fuzz: code points the string preparation rules single out",
                                    prep_words()).encode()
    return files


def main(argv):
    check = "--check" in argv[1:]
    files = outputs()
    problems = []
    # Stale generated seeds: seed-* files that the current sources no longer produce.
    for directory in sorted({str(Path(p).parent) for p in files if p.startswith("corpus/")}):
        for existing in sorted((FUZZ / directory).glob("seed-*")):
            rel = existing.relative_to(FUZZ).as_posix()
            if rel not in files:
                problems.append(f"extra {rel}")
                if not check:
                    existing.unlink()
    for rel, data in sorted(files.items()):
        path = FUZZ / rel
        if path.exists() and path.read_bytes() == data:
            continue
        problems.append(("stale " if path.exists() else "missing ") + rel)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    if check:
        for p in problems:
            print(f"make_corpus.py: {p}")
        return 1 if problems else 0
    print(f"make_corpus.py: {len(files)} files, {len(problems)} written or removed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
