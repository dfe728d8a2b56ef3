#!/usr/bin/python3
"""MESSAGE-INTEGRITY and FINGERPRINT interop between stunkit and aioice (python3-aioice).

usage: aioice_interop.py --dump STUNKIT_DUMP --stun-sign STUN_SIGN [--seed N] [--count N]

Run with Debian's /usr/bin/python3: python3-aioice installs into /usr/lib/python3/dist-packages,
which other interpreters (pyenv, venvs) do not see.

1. aioice signs, stunkit verifies: messages with random contents are built with
   aioice.stun.Message and signed with its add_message_integrity() (MESSAGE-INTEGRITY, then
   FINGERPRINT), with short-term keys (the password) and long-term keys (MD5 of
   user:realm:password). `stunkit-dump --hex --key PASSWORD` (or `--long-term U:R:P`) must
   report both valid, and the attributes aioice wrote; with a wrong key MESSAGE-INTEGRITY must
   be invalid (FINGERPRINT still valid); with one body byte flipped, both must be invalid.
2. stunkit signs, aioice verifies: examples/stun_sign builds messages with random contents
   (raw attributes of random lengths for padding, MESSAGE-INTEGRITY-SHA256 after
   MESSAGE-INTEGRITY, FINGERPRINT or not); aioice.stun.parse_message(data, integrity_key=KEY)
   must accept them and see the same attributes, and must reject them with a wrong key.

Contents come from random.Random(seed): the same seed gives the same messages.
Exit status 0 when every check passes; a missing aioice is a failure, never a skip.
"""

import argparse
import hashlib
import ipaddress
import os
import random
import string
import sys
from collections import OrderedDict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_common import (  # noqa: E402
    check, describe, dump_messages, fail, main_wrapper, print_stats,
    require_dump_key_options, run, verdict)

NAME = "interop_aioice"

try:
    from aioice import stun
except ImportError as e:  # fail loudly: CI must install it (tools/install-deps.sh python3-aioice)
    print(f"{NAME}: FAIL: cannot import aioice ({e}) with {sys.executable}; install Debian's "
          "python3-aioice (tools/install-deps.sh python3-aioice) and run with /usr/bin/python3",
          flush=True)
    sys.exit(1)

PASSWORD_CHARS = string.ascii_letters + string.digits + string.punctuation + " "
# ':' separates the fields of --long-term, so long-term fields never contain it.
CREDENTIAL_CHARS = string.ascii_letters + string.digits + "._-+=!#$%&*/"
TEXT_CHARS = string.ascii_letters + string.digits + " .:-_" + "éüßж中文✓"

def random_unknown_type(rng):
    """A comprehension-optional type (0xC000-0xFFFF) aioice has no codec for, so it skips the
    value; stun_sign writes it raw. Only the padding and the MAC coverage matter."""
    return rng.randrange(0xC000, 0x10000)


def random_text(rng, chars, low, high):
    return "".join(rng.choice(chars) for _ in range(rng.randint(low, high)))


def random_password(rng):
    # Printable ASCII (OpaqueString leaves it unchanged); no leading '-' so that no command
    # line can take it for an option. Some are longer than HMAC's 64-byte block, which HMAC
    # hashes first (RFC 2104 §2).
    low, high = (1, 40) if rng.random() < 0.85 else (65, 120)
    p = random_text(rng, PASSWORD_CHARS, low, high)
    return "x" + p[1:] if p.startswith("-") else p


def random_credential(rng):
    p = random_text(rng, CREDENTIAL_CHARS, 1, 24)
    return "x" + p[1:] if p.startswith("-") else p


def random_address(rng):
    if rng.random() < 0.5:
        ip = str(ipaddress.IPv4Address(rng.getrandbits(32)))
    else:
        ip = str(ipaddress.IPv6Address(rng.getrandbits(128)))
    return ip, rng.randrange(1, 65536)


def long_term_key(user, realm, password):
    return hashlib.md5(f"{user}:{realm}:{password}".encode()).digest()


# ---------------------------------------------------------------------------------------------
# 1. aioice signs, stunkit verifies
# ---------------------------------------------------------------------------------------------

TURN_METHODS = [stun.Method.ALLOCATE, stun.Method.REFRESH, stun.Method.CREATE_PERMISSION,
                stun.Method.CHANNEL_BIND]
CLASSES = [stun.Class.REQUEST, stun.Class.RESPONSE, stun.Class.ERROR]


def random_credentials(rng):
    """One credential for a group of messages: (long_term, user, realm, password, key,
    stunkit-dump arguments, stunkit-dump arguments with a wrong password)."""
    if rng.random() < 0.4:
        user, realm, password = random_credential(rng), random_credential(rng), random_credential(rng)
        return (True, user, realm, password, long_term_key(user, realm, password),
                ["--long-term", f"{user}:{realm}:{password}"], ["--long-term", f"{user}:{realm}:{password}x"])
    password = random_password(rng)
    return False, None, None, password, password.encode(), ["--key", password], ["--key", password + "x"]


def aioice_case(rng, credentials):
    """One aioice-signed message with `credentials`: (bytes, aioice Message)."""
    long_term, user, realm, _, key, _, _ = credentials
    method = rng.choice(TURN_METHODS + [stun.Method.BINDING]) if long_term else stun.Method.BINDING
    klass = rng.choice(CLASSES)
    attributes = OrderedDict()
    body = []
    if klass == stun.Class.RESPONSE:
        body.append(("XOR-MAPPED-ADDRESS", random_address(rng)))
    if klass == stun.Class.ERROR:
        code = rng.randrange(3, 7) * 100 + rng.randrange(0, 100)
        body.append(("ERROR-CODE", (code, random_text(rng, string.ascii_letters + " ", 0, 40))))
    if rng.random() < 0.5:
        body.append(("SOFTWARE", random_text(rng, TEXT_CHARS, 1, 60)))
    if method == stun.Method.BINDING and klass == stun.Class.REQUEST:
        if rng.random() < 0.6:
            body.append(("PRIORITY", rng.getrandbits(32)))
        if rng.random() < 0.6:
            body.append((rng.choice(["ICE-CONTROLLING", "ICE-CONTROLLED"]), rng.getrandbits(64)))
        if rng.random() < 0.3:
            body.append(("USE-CANDIDATE", None))
    if method == stun.Method.ALLOCATE and klass == stun.Class.REQUEST:
        body.append(("REQUESTED-TRANSPORT", 17 << 24))
    if method in (stun.Method.ALLOCATE, stun.Method.REFRESH) and rng.random() < 0.5:
        body.append(("LIFETIME", rng.getrandbits(32)))
    if method in (stun.Method.CREATE_PERMISSION, stun.Method.CHANNEL_BIND) and klass == stun.Class.REQUEST:
        body.append(("XOR-PEER-ADDRESS", random_address(rng)))
    if method == stun.Method.CHANNEL_BIND and klass == stun.Class.REQUEST:
        body.append(("CHANNEL-NUMBER", rng.randrange(0x4000, 0x5000)))
    rng.shuffle(body)

    if long_term:
        attributes["USERNAME"] = user
        attributes["REALM"] = realm
        attributes["NONCE"] = random_text(rng, string.ascii_letters + string.digits, 1, 48).encode()
    else:
        attributes["USERNAME"] = random_text(rng, TEXT_CHARS, 1, 60)
    for name, value in body:
        attributes[name] = value

    message = stun.Message(method, klass, transaction_id=rng.getrandbits(96).to_bytes(12, "big"),
                           attributes=attributes)
    message.add_message_integrity(key)  # aioice: MESSAGE-INTEGRITY, then FINGERPRINT
    data = bytes(message)
    stun.parse_message(data, integrity_key=key)  # aioice agrees with itself
    return data, message


def check_attributes_match(data, dumped, message):
    """stunkit decoded what aioice encoded, in order."""
    check(dumped.get("kind") == "stun", f"stunkit did not parse aioice's message: {describe(data, dumped)} -> {dumped}")
    names = [a["name"] for a in dumped["attributes"]]
    check(names == list(message.attributes.keys()),
          f"attribute order differs: aioice {list(message.attributes.keys())}, stunkit {names}: {data.hex()}")
    check(dumped["transaction_id"] == message.transaction_id.hex(), f"transaction id differs: {data.hex()}")
    by_name = {a["name"]: a for a in dumped["attributes"]}
    for name, value in message.attributes.items():
        a = by_name[name]
        check("error" not in a, f"stunkit could not decode aioice's {name}: {a} in {data.hex()}")
        got = a["value"]
        if name in ("USERNAME", "REALM", "SOFTWARE"):
            check(got["text"] == value, f"{name}: aioice wrote {value!r}, stunkit read {got}")
        elif name == "NONCE":
            check(got["text"].encode() == value, f"NONCE: aioice wrote {value!r}, stunkit read {got}")
        elif name in ("XOR-MAPPED-ADDRESS", "XOR-PEER-ADDRESS"):
            check(ipaddress.ip_address(got["address"]) == ipaddress.ip_address(value[0]) and got["port"] == value[1],
                  f"{name}: aioice wrote {value}, stunkit read {got}")
        elif name == "ERROR-CODE":
            check((got["code"], got["reason"]) == value, f"ERROR-CODE: aioice wrote {value}, stunkit read {got}")
        elif name == "PRIORITY":
            check(got["priority"] == value, f"PRIORITY: aioice wrote {value}, stunkit read {got}")
        elif name == "LIFETIME":
            check(got["seconds"] == value, f"LIFETIME: aioice wrote {value}, stunkit read {got}")
        elif name == "CHANNEL-NUMBER":
            check(got["channel"] == value, f"CHANNEL-NUMBER: aioice wrote {value}, stunkit read {got}")
        elif name == "REQUESTED-TRANSPORT":
            check(got["protocol"] == 17, f"REQUESTED-TRANSPORT: stunkit read {got}")
        elif name in ("ICE-CONTROLLING", "ICE-CONTROLLED"):
            check(int(got["tie_breaker"], 16) == value, f"{name}: aioice wrote {value:x}, stunkit read {got}")
        elif name == "MESSAGE-INTEGRITY":
            check(bytes.fromhex(got["hex"]) == value, f"MESSAGE-INTEGRITY bytes differ: {data.hex()}")
        elif name == "FINGERPRINT":
            check(int(got["hex"], 16) == value, f"FINGERPRINT value differs: {data.hex()}")


def flip_body_byte(data, rng):
    """The message with one byte of its first attribute's value flipped (USERNAME)."""
    position = 24 + rng.randrange(0, (data[22] << 8 | data[23]))  # inside USERNAME's value
    return data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1:]


def aioice_signs_stunkit_verifies(dump, rng, count, stats):
    """Messages in groups that share one credential, so that one stunkit-dump run checks a
    group (each run costs a process start, which matters under ASan)."""
    group_size = 8
    for first in range(0, count, group_size):
        credentials = random_credentials(rng)
        key_args, wrong_args = credentials[5], credentials[6]
        cases = [aioice_case(rng, credentials) for _ in range(min(group_size, count - first))]
        datas = [data for data, _ in cases]
        tampered = [flip_body_byte(data, rng) for data in datas[::3]]
        good = dump_messages(dump, datas + tampered, key_args)
        wrong = dump_messages(dump, datas, wrong_args)
        for i, ((data, message), g, w) in enumerate(zip(cases, good, wrong), start=first):
            check_attributes_match(data, g, message)
            check(verdict(g, "integrity") == (True, True),
                  f"case {i}: aioice's MESSAGE-INTEGRITY does not verify in stunkit with {key_args}: "
                  f"{verdict(g, 'integrity')} for {describe(data, g)}")
            check(verdict(g, "fingerprint") == (True, True),
                  f"case {i}: aioice's FINGERPRINT does not verify in stunkit: {describe(data, g)}")
            check(verdict(g, "integrity_sha256")[0] is False, f"case {i}: phantom MESSAGE-INTEGRITY-SHA256")
            check(verdict(w, "integrity") == (True, False),
                  f"case {i}: a wrong key ({wrong_args}) still verifies: {describe(data, w)}")
            check(verdict(w, "fingerprint") == (True, True), f"case {i}: FINGERPRINT depends on the key?")
            stats["long-term" if credentials[0] else "short-term"] += 1
        for data, bad in zip(tampered, good[len(datas):]):
            check(bad.get("kind") == "stun", f"a flipped USERNAME byte broke parsing: {bad}")
            check(verdict(bad, "integrity") == (True, False), f"a flipped body byte still verifies: {data.hex()}")
            check(verdict(bad, "fingerprint") == (True, False),
                  f"a flipped body byte keeps FINGERPRINT valid: {data.hex()}")
            stats["tampered"] += 1
        stats["dump-runs"] += 2


# ---------------------------------------------------------------------------------------------
# 2. stunkit signs, aioice verifies
# ---------------------------------------------------------------------------------------------

SIGN_METHODS = {"binding": stun.Method.BINDING, "allocate": stun.Method.ALLOCATE,
                "refresh": stun.Method.REFRESH, "createpermission": stun.Method.CREATE_PERMISSION,
                "channelbind": stun.Method.CHANNEL_BIND}
SIGN_CLASSES = {"request": stun.Class.REQUEST, "indication": stun.Class.INDICATION,
                "success": stun.Class.RESPONSE, "error": stun.Class.ERROR}


def stunkit_case(rng):
    """Arguments for stun_sign, the key, a wrong key, and what aioice must see."""
    long_term = rng.random() < 0.4
    method = rng.choice(list(SIGN_METHODS)) if long_term else "binding"
    classes = ["request", "success", "error"] + (["indication"] if method == "binding" else [])
    klass = rng.choice(classes)
    tid = rng.getrandbits(96).to_bytes(12, "big")
    args = ["--method", method, "--class", klass, "--transaction-id", tid.hex()]
    expect = {}
    if long_term:
        user, realm, password = random_credential(rng), random_credential(rng), random_credential(rng)
        nonce = random_text(rng, string.ascii_letters + string.digits, 1, 48)
        args += ["--long-term", f"{user}:{realm}:{password}", "--nonce", nonce]
        key, wrong = long_term_key(user, realm, password), long_term_key(user, realm, password + "x")
        expect.update({"USERNAME": user, "REALM": realm, "NONCE": nonce.encode()})
    else:
        password = random_password(rng)
        user = random_text(rng, TEXT_CHARS, 1, 60)
        args += ["--short-term", password, "--username", user]
        key, wrong = password.encode(), (password + "x").encode()
        expect["USERNAME"] = user
    if rng.random() < 0.5:
        software = random_text(rng, TEXT_CHARS, 1, 60)
        args += ["--software", software]
        expect["SOFTWARE"] = software
    if klass == "success" and rng.random() < 0.8:
        ip, port = random_address(rng)
        args += ["--xor-mapped", f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"]
        expect["XOR-MAPPED-ADDRESS"] = (ip, port)
    if method == "allocate" and klass == "request":
        args += ["--attr", "0x0019=11000000"]
        expect["REQUESTED-TRANSPORT"] = 17 << 24
    for _ in range(rng.randrange(0, 4)):  # raw attributes: every padding length
        value = bytes(rng.getrandbits(8) for _ in range(rng.randrange(0, 24)))
        args += ["--attr", f"{random_unknown_type(rng):#06x}={value.hex()}"]
    if rng.random() < 0.3:
        args += ["--sha256", str(rng.choice([16, 20, 24, 28, 32]))]
    fingerprint = rng.random() < 0.7
    if fingerprint:
        args.append("--fingerprint")
    return args, key, wrong, SIGN_METHODS[method], SIGN_CLASSES[klass], tid, expect, fingerprint


def stunkit_signs_aioice_verifies(stun_sign, rng, count, stats):
    for i in range(count):
        args, key, wrong, method, klass, tid, expect, fingerprint = stunkit_case(rng)
        result = run([stun_sign, *args])
        check(result.returncode == 0, f"case {i}: stun_sign {args} failed: {result.stderr.strip()}")
        data = bytes.fromhex(result.stdout.strip())
        try:
            message = stun.parse_message(data, integrity_key=key)
        except ValueError as e:
            fail(f"case {i}: aioice rejects stunkit's message ({e}): stun_sign {args} -> {data.hex()}")
        check(message.message_method == method and message.message_class == klass,
              f"case {i}: aioice reads {message!r}, expected {method!r} {klass!r}")
        check(message.transaction_id == tid, f"case {i}: transaction id differs")
        check("MESSAGE-INTEGRITY" in message.attributes, f"case {i}: aioice sees no MESSAGE-INTEGRITY")
        check(("FINGERPRINT" in message.attributes) == fingerprint, f"case {i}: FINGERPRINT presence differs")
        for name, value in expect.items():
            got = message.attributes.get(name)
            if name == "XOR-MAPPED-ADDRESS":
                ok = got is not None and ipaddress.ip_address(got[0]) == ipaddress.ip_address(value[0]) \
                    and got[1] == value[1]
            else:
                ok = got == value
            check(ok, f"case {i}: aioice reads {name} as {got!r}, stun_sign wrote {value!r}: {data.hex()}")
        try:
            stun.parse_message(data, integrity_key=wrong)
            fail(f"case {i}: aioice accepts stunkit's message with a wrong key: {data.hex()}")
        except ValueError as e:
            check("integrity" in str(e), f"case {i}: aioice rejects a wrong key for another reason: {e}")
        stats["signed-by-stunkit"] += 1
        if "--sha256" in args:
            stats["with-sha256"] += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", required=True, help="the stunkit-dump executable")
    parser.add_argument("--stun-sign", required=True, help="the examples/stun_sign executable")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("STUNKIT_INTEROP_SEED", "20261122")))
    parser.add_argument("--count", type=int, default=120, help="messages signed by aioice")
    parser.add_argument("--sign-count", type=int, default=80, help="messages signed by stun_sign")
    opts = parser.parse_args()

    def body():
        print(f"{NAME}: aioice from {os.path.dirname(stun.__file__)}, seed {opts.seed}, "
              f"{opts.count} messages signed by aioice, {opts.sign_count} by stunkit", flush=True)
        require_dump_key_options(opts.dump)
        rng = random.Random(opts.seed)
        stats = {"short-term": 0, "long-term": 0, "tampered": 0, "dump-runs": 0, "signed-by-stunkit": 0,
                 "with-sha256": 0}
        aioice_signs_stunkit_verifies(opts.dump, rng, opts.count, stats)
        stunkit_signs_aioice_verifies(opts.stun_sign, rng, opts.sign_count, stats)
        print_stats(NAME, stats)

    return main_wrapper(NAME, body)


if __name__ == "__main__":
    sys.exit(main())
