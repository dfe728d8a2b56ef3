"""Helpers shared by the interop tests: failing loudly, running stunkit's programs with a
bounded wait, and asking stunkit-dump for its integrity verdicts.

Python 3 standard library only. Every subprocess call has a timeout; nothing sleeps.
"""

import json
import os
import subprocess
import sys
import tempfile

PROGRAM_TIMEOUT = 60  # seconds for any one run of stunkit-dump or an example


class InteropFailure(Exception):
    """A check failed; the message says which and why."""


def fail(message):
    raise InteropFailure(message)


def check(condition, message):
    if not condition:
        fail(message)


def main_wrapper(name, body):
    """Runs body(); prints one closing line and returns the exit status for sys.exit()."""
    try:
        body()
    except InteropFailure as e:
        print(f"{name}: FAIL: {e}", flush=True)
        return 1
    print(f"{name}: all checks passed", flush=True)
    return 0


def run(args, stdin=None, timeout=PROGRAM_TIMEOUT):
    """Runs a program to completion (bounded) and returns the CompletedProcess."""
    try:
        # No input: standard input is /dev/null, never the terminal or CI's closed descriptor.
        return subprocess.run(args, input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        fail(f"{args[0]} did not finish within {timeout} s: {' '.join(args)}")
    except OSError as e:
        fail(f"cannot run {args[0]}: {e}")
    return None  # not reached


def require_dump_key_options(dump):
    """Fails with a clear message when stunkit-dump has no --key/--long-term options yet."""
    for option, value in (("--key", "x"), ("--long-term", "u:r:p")):
        result = run([dump, "--hex", option, value], stdin="")
        if result.returncode != 0:
            first_line = (result.stderr.strip().splitlines() or [""])[0]
            fail(f"stunkit-dump does not accept {option} (exit {result.returncode}: {first_line}); "
                 "the interop tests need its integrity verification")


def dump_messages(dump, messages, key_args):
    """Runs `stunkit-dump --hex KEY_ARGS` over `messages` (bytes, one per line) and returns
    one parsed JSON object per message, in order."""
    with tempfile.NamedTemporaryFile("w", suffix=".hex", delete=False) as f:
        for m in messages:
            f.write(m.hex() + "\n")
        path = f.name
    try:
        result = run([dump, "--hex", *key_args, path])
    finally:
        os.unlink(path)
    check(result.returncode == 0,
          f"stunkit-dump {' '.join(key_args)} exited {result.returncode}: {result.stderr.strip()}")
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    check(len(lines) == len(messages),
          f"stunkit-dump printed {len(lines)} lines for {len(messages)} messages")
    try:
        return [json.loads(line) for line in lines]
    except json.JSONDecodeError as e:
        fail(f"stunkit-dump printed something that is not JSON: {e}")
    return None  # not reached


def describe(message_bytes, dumped):
    """A one-line description of a message for failure reports."""
    head = f"{dumped.get('class')} {dumped.get('method')}" if dumped.get("kind") == "stun" else dumped.get("kind")
    return f"{head} [{message_bytes.hex()}]"


def verdict(dumped, check_name):
    """(present, valid) of 'integrity', 'integrity_sha256' or 'fingerprint' in a dump line."""
    entry = dumped.get(check_name) or {}
    return entry.get("present"), entry.get("valid")


def print_stats(name, stats):
    print(f"{name}: " + ", ".join(f"{k}={v}" for k, v in stats.items()), flush=True)
    sys.stdout.flush()
