#!/usr/bin/python3
"""MESSAGE-INTEGRITY and FINGERPRINT interop between stunkit and coturn, on 127.0.0.1 only.

usage: coturn_interop.py --dump STUNKIT_DUMP --turn-allocate TURN_ALLOCATE [--capture FILE]

Starts coturn's `turnserver` in the foreground as a child process (no config file, long-term
credentials, static user alice:secret, realm example.org, UDP only, a random free port and a
random relay port range), waits until it answers a Binding request (bounded), then:

(i)  coturn signs, stunkit verifies: coturn's own client, turnutils_uclient, allocates two
     relays and sends data between them (-y) through a small UDP relay in this script that
     records every datagram both ways. `stunkit-dump --hex --long-term alice:example.org:secret`
     must report MESSAGE-INTEGRITY valid on every message that carries it -- coturn's success
     responses and uclient's authenticated requests alike -- and FINGERPRINT valid wherever
     present; with a wrong password every MESSAGE-INTEGRITY must be invalid. The capture must
     hold the 401 challenge (REALM example.org, NONCE) and signed Allocate successes.
(ii) stunkit signs, coturn verifies: examples/turn_allocate performs the authenticated
     Allocate and the Refresh that releases it against turnserver; coturn answers success only
     when our MESSAGE-INTEGRITY verifies, and turn_allocate itself checks coturn's. With a
     wrong password it must fail with 401.

Every wait is bounded (socket timeouts, subprocess timeouts); turnserver and the relay are
stopped in finally blocks. A missing coturn is a failure, never a skip.
"""

import argparse
import os
import random
import selectors
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_common import (  # noqa: E402
    check, describe, dump_messages, fail, main_wrapper, print_stats, require_dump_key_options, run,
    verdict)

NAME = "interop_coturn"
HOST = "127.0.0.1"
USER, PASSWORD, REALM = "alice", "secret", "example.org"
READY_PROBES = 40          # Binding probes while turnserver starts ...
PROBE_TIMEOUT = 0.25       # ... each waiting this long for the answer: 10 s at most
START_ATTEMPTS = 3         # fresh ports tried if turnserver never answers
UCLIENT_TIMEOUT = 90       # seconds for turnutils_uclient
MAX_RECORDS = 5000         # the relay stops recording after this many datagrams
RELAY_RANGE = 200          # relay ports given to turnserver


def free_udp_port():
    """A port the kernel just handed out, closed again (the race with other programs is small,
    and turnserver startup is retried on another port)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def relay_port_range(rng):
    """A random range for turnserver's relay sockets outside the kernel's ephemeral range, so
    it cannot collide with ports other tests are handed."""
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            low, high = (int(x) for x in f.read().split())
    except (OSError, ValueError):
        low, high = 32768, 60999
    if 65535 - high > RELAY_RANGE + 10:
        base = rng.randrange(high + 1, 65535 - RELAY_RANGE)
    else:
        base = rng.randrange(1024 + 10, low - RELAY_RANGE)
    return base, base + RELAY_RANGE - 1


# ---------------------------------------------------------------------------------------------
# turnserver
# ---------------------------------------------------------------------------------------------

class TurnServer:
    """turnserver as a foreground child process, logging to a file in `workdir`."""

    def __init__(self, workdir, port, min_port, max_port):
        self.port, self.min_port, self.max_port = port, min_port, max_port
        self.log_path = os.path.join(workdir, f"turnserver-{port}.log")
        self.args = [
            shutil.which("turnserver"),
            "-n",                                # no configuration file (/etc/turnserver.conf)
            "--log-file", "stdout", "--simple-log",  # the log goes to log_path
            "--listening-ip", HOST, "--relay-ip", HOST, "--listening-port", str(port),
            "--min-port", str(min_port), "--max-port", str(max_port),
            "--lt-cred-mech", "--user", f"{USER}:{PASSWORD}", "--realm", REALM,
            "--fingerprint",                     # FINGERPRINT in coturn's messages
            "--no-tls", "--no-dtls", "--no-tcp", "--no-cli", "--no-rfc5780",
            "--allow-loopback-peers",            # uclient -y: the peers are relays on 127.0.0.1
            "--pidfile", os.path.join(workdir, f"turnserver-{port}.pid"),
            "--db", os.path.join(workdir, "turndb"),
        ]
        self.proc = None
        self.log = None

    def start(self):
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(self.args, stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=subprocess.STDOUT)

    def log_tail(self, lines=40):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return "(no log)"

    def wait_ready(self):
        """True once turnserver answers a Binding request; False after READY_PROBES tries or
        when it exits. Each probe waits on the socket for at most PROBE_TIMEOUT."""
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind((HOST, 0))
            s.settimeout(PROBE_TIMEOUT)
            for _ in range(READY_PROBES):
                if self.proc.poll() is not None:
                    return False
                tid = os.urandom(12)
                s.sendto(struct.pack(">HHI", 0x0001, 0, 0x2112A442) + tid, (HOST, self.port))
                try:
                    data, _ = s.recvfrom(2048)
                except socket.timeout:
                    continue
                if len(data) >= 20 and data[0:2] == b"\x01\x01" and data[8:20] == tid:
                    return True
        return False

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        if self.log is not None:
            self.log.close()


def start_turnserver(workdir, rng):
    """A running turnserver that answers Binding requests, on a fresh port (retried)."""
    for attempt in range(START_ATTEMPTS):
        min_port, max_port = relay_port_range(rng)
        server = TurnServer(workdir, free_udp_port(), min_port, max_port)
        server.start()
        if server.wait_ready():
            return server
        tail = server.log_tail()
        server.stop()
        print(f"{NAME}: turnserver on port {server.port} did not answer (attempt {attempt + 1}):\n{tail}",
              flush=True)
    fail(f"turnserver never answered a Binding request on {HOST} in {START_ATTEMPTS} attempts")
    return None  # not reached


# ---------------------------------------------------------------------------------------------
# The recording relay
# ---------------------------------------------------------------------------------------------

class RecordingRelay:
    """A UDP relay on 127.0.0.1: clients send to `port`; each client gets its own upstream
    socket connected to the server, so the server sees one 5-tuple per client. Every datagram
    is recorded as (direction, client number, bytes), direction 'c2s' or 's2c'."""

    def __init__(self, server_port):
        self.server = (HOST, server_port)
        self.front = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.front.bind((HOST, 0))
        self.port = self.front.getsockname()[1]
        self.wake_r, self.wake_w = socket.socketpair()
        self.upstream_of = {}   # client address -> upstream socket
        self.client_of = {}     # upstream socket -> (client address, client number)
        self.records = []
        self.error = None
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.front, selectors.EVENT_READ)
        self.selector.register(self.wake_r, selectors.EVENT_READ)
        self.thread = threading.Thread(target=self._run, name="relay", daemon=True)

    def start(self):
        self.thread.start()

    def _record(self, direction, client, data):
        if len(self.records) < MAX_RECORDS:
            self.records.append((direction, client, data))

    def _run(self):
        try:
            while True:
                for key, _ in self.selector.select():  # woken by traffic or by stop()
                    sock = key.fileobj
                    if sock is self.wake_r:
                        return
                    if sock is self.front:
                        data, client = self.front.recvfrom(65536)
                        upstream = self.upstream_of.get(client)
                        if upstream is None:
                            upstream = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                            upstream.bind((HOST, 0))
                            upstream.connect(self.server)
                            self.upstream_of[client] = upstream
                            self.client_of[upstream] = (client, len(self.client_of))
                            self.selector.register(upstream, selectors.EVENT_READ)
                        self._record("c2s", self.client_of[upstream][1], data)
                        upstream.send(data)
                    else:
                        try:
                            data = sock.recv(65536)
                        except ConnectionRefusedError:
                            continue  # an ICMP error for an earlier datagram; keep relaying
                        client, number = self.client_of[sock]
                        self._record("s2c", number, data)
                        self.front.sendto(data, client)
        except Exception as e:  # reported by stop(): a broken relay must fail the test
            self.error = e

    def stop(self):
        if self.thread.is_alive():
            self.wake_w.send(b"x")
            self.thread.join(timeout=5)
        for s in [self.front, self.wake_r, self.wake_w, *self.upstream_of.values()]:
            s.close()
        self.selector.close()
        check(not self.thread.is_alive(), "the recording relay did not stop")
        check(self.error is None, f"the recording relay failed: {self.error!r}")


# ---------------------------------------------------------------------------------------------
# (i) coturn signs, stunkit verifies
# ---------------------------------------------------------------------------------------------

def text_attribute(dumped, name):
    for a in dumped.get("attributes", []):
        if a.get("name") == name and isinstance(a.get("value"), dict):
            return a["value"].get("text")
    return None


def coturn_signs_stunkit_verifies(dump, server, capture, stats):
    relay = RecordingRelay(server.port)
    relay.start()
    try:
        # -y: two clients allocate and send to each other's relay; -c: no RTCP allocations;
        # -n 2: two data messages each; -G: also CreatePermission and ChannelBind requests.
        uclient = run([shutil.which("turnutils_uclient"), "-u", USER, "-w", PASSWORD, "-y", "-c", "-G",
                       "-n", "2", "-p", str(relay.port), HOST], timeout=UCLIENT_TIMEOUT)
    finally:
        relay.stop()
    records = relay.records
    if capture:
        with open(capture, "w") as f:
            for direction, client, data in records:
                f.write(f"# {direction} client {client}\n{data.hex()}\n")
    check(uclient.returncode == 0,
          f"turnutils_uclient failed (exit {uclient.returncode}):\n{uclient.stdout[-3000:]}{uclient.stderr[-2000:]}\n"
          f"turnserver log:\n{server.log_tail()}")
    check(records, "the relay saw no traffic from turnutils_uclient")

    datagrams = [data for _, _, data in records]
    good = dump_messages(dump, datagrams, ["--long-term", f"{USER}:{REALM}:{PASSWORD}"])
    wrong = dump_messages(dump, datagrams, ["--long-term", f"{USER}:{REALM}:{PASSWORD}x"])

    challenges = signed_successes = signed_allocate_successes = signed_requests = 0
    for (direction, client, data), g, w in zip(records, good, wrong):
        where = f"{direction} (client {client}): {describe(data, g)}"
        check(g.get("kind") in ("stun", "channeldata"), f"stunkit cannot parse {where}: {g}")
        if g["kind"] != "stun":
            stats["channeldata"] += 1
            continue
        stats[direction] += 1
        mi_present, mi_valid = verdict(g, "integrity")
        fp_present, fp_valid = verdict(g, "fingerprint")
        if fp_present:
            check(fp_valid is True, f"FINGERPRINT does not verify: {where}")
            stats["fingerprints"] += 1
        if mi_present:
            check(mi_valid is True, f"MESSAGE-INTEGRITY does not verify with {USER}:{REALM}:{PASSWORD}: {where}")
            check(verdict(w, "integrity") == (True, False), f"MESSAGE-INTEGRITY verifies with a wrong password: {where}")
            stats["integrity-verified"] += 1
        check(verdict(g, "integrity_sha256")[0] is not True or verdict(g, "integrity_sha256")[1] is True,
              f"MESSAGE-INTEGRITY-SHA256 does not verify: {where}")
        if direction == "s2c":
            if g["class"] == "error" and g["method"] == "allocate":
                error = next((a["value"] for a in g["attributes"] if a["name"] == "ERROR-CODE"), {})
                if error.get("code") == 401:
                    check(text_attribute(g, "REALM") == REALM, f"the 401 challenge carries no REALM {REALM}: {where}")
                    check(text_attribute(g, "NONCE"), f"the 401 challenge carries no NONCE: {where}")
                    challenges += 1
            if g["class"] == "success" and mi_present:
                signed_successes += 1
                if g["method"] == "allocate":
                    signed_allocate_successes += 1
        elif g["class"] == "request" and mi_present:
            signed_requests += 1

    check(challenges >= 1, "coturn sent no 401 challenge to an unauthenticated Allocate")
    check(signed_allocate_successes >= 2, f"expected two signed Allocate successes (two clients), saw {signed_allocate_successes}")
    check(signed_requests >= 2, f"expected signed requests from turnutils_uclient, saw {signed_requests}")
    stats.update({"401-challenges": challenges, "signed-successes": signed_successes,
                  "signed-requests": signed_requests})


# ---------------------------------------------------------------------------------------------
# (ii) stunkit signs, coturn verifies
# ---------------------------------------------------------------------------------------------

def stunkit_signs_coturn_verifies(turn_allocate, server, stats):
    result = run([turn_allocate, "--timeout-ms", "500", "--tries", "5", HOST, str(server.port), USER, PASSWORD])
    check(result.returncode == 0,
          f"turn_allocate failed against coturn (exit {result.returncode}): {result.stderr.strip()}\n"
          f"{result.stdout}\nturnserver log:\n{server.log_tail()}")
    fields = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    check(fields.get("realm") == REALM, f"turn_allocate reports realm {fields.get('realm')!r}")
    relayed = fields.get("xor-relayed-address", "")
    mapped = fields.get("xor-mapped-address", "")
    check(relayed.startswith(HOST + ":") and server.min_port <= int(relayed.rsplit(":", 1)[1]) <= server.max_port,
          f"XOR-RELAYED-ADDRESS {relayed!r} is not in turnserver's relay range "
          f"{HOST}:{server.min_port}-{server.max_port}")
    check(mapped.startswith(HOST + ":"), f"XOR-MAPPED-ADDRESS {mapped!r} is not on {HOST}")
    check(fields.get("released") == "yes", f"the Refresh with LIFETIME 0 did not succeed: {result.stdout}")
    stats["turn_allocate"] = "ok"

    # Negative control: coturn must refuse a MESSAGE-INTEGRITY made with another password.
    refused = run([turn_allocate, "--timeout-ms", "500", "--tries", "5", HOST, str(server.port), USER, PASSWORD + "x"])
    check(refused.returncode == 1 and "401" in refused.stderr,
          f"turn_allocate with a wrong password should be refused with 401: exit {refused.returncode}, "
          f"{refused.stderr.strip()}")
    stats["wrong-password-refused"] = "ok"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", required=True, help="the stunkit-dump executable")
    parser.add_argument("--turn-allocate", required=True, help="the examples/turn_allocate executable")
    parser.add_argument("--capture", help="also write the recorded uclient traffic here, as hex")
    opts = parser.parse_args()

    def body():
        missing = [p for p in ("turnserver", "turnutils_uclient") if shutil.which(p) is None]
        check(not missing, f"{', '.join(missing)} not found: install Debian's coturn (tools/install-deps.sh coturn)")
        require_dump_key_options(opts.dump)
        rng = random.SystemRandom()  # ports only; the checks do not depend on them
        stats = {"c2s": 0, "s2c": 0, "channeldata": 0, "integrity-verified": 0, "fingerprints": 0}
        workdir = tempfile.mkdtemp(prefix="stunkit-coturn-")
        server = None
        try:
            server = start_turnserver(workdir, rng)
            print(f"{NAME}: turnserver on {HOST}:{server.port}, relay ports {server.min_port}-{server.max_port}",
                  flush=True)
            coturn_signs_stunkit_verifies(opts.dump, server, opts.capture, stats)
            stunkit_signs_coturn_verifies(opts.turn_allocate, server, stats)
            check(server.proc.poll() is None, f"turnserver exited during the test:\n{server.log_tail()}")
        finally:
            if server is not None:
                server.stop()
            shutil.rmtree(workdir, ignore_errors=True)
        print_stats(NAME, stats)

    return main_wrapper(NAME, body)


if __name__ == "__main__":
    sys.exit(main())
