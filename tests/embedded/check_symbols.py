#!/usr/bin/env python3
"""Fail when an object file references or defines heap, exception, RTTI or static-init symbols.

Usage: check_symbols.py [--nm NM] OBJECT...
Runs `nm -C` (demangled; defined and undefined symbols alike) and prints every offender.
"""

import argparse
import re
import subprocess
import sys

FORBIDDEN = [
    ("heap", re.compile(r"^operator new\b")),
    ("heap", re.compile(r"^operator delete\b")),
    ("heap", re.compile(r"^(malloc|calloc|realloc|free|aligned_alloc|posix_memalign|memalign|valloc)$")),
    ("exceptions", re.compile(r"^__cxa_(throw|allocate_exception|begin_catch|end_catch|rethrow)\b")),
    ("exceptions", re.compile(r"^__gxx_personality")),
    ("exceptions", re.compile(r"^_Unwind_Resume")),
    ("exceptions", re.compile(r"^std::__throw_")),
    ("rtti", re.compile(r"^typeinfo\b")),
    ("rtti", re.compile(r"^__dynamic_cast$")),
    ("rtti", re.compile(r"^vtable for __cxxabiv1::")),
    ("function-local static", re.compile(r"^__cxa_guard_(acquire|release|abort)$")),
    ("static destructor", re.compile(r"^__cxa_atexit$")),
]

# "                 U operator new(unsigned long)" / "0000000000000000 T use_api(...)"
NM_LINE = re.compile(r"^(?:[0-9a-fA-F]+)?\s+([A-Za-z?-])\s+(.*)$")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nm", default="nm")
    parser.add_argument("objects", nargs="+")
    args = parser.parse_args(argv)

    failures = 0
    for obj in args.objects:
        proc = subprocess.run([args.nm or "nm", "-C", obj], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True)
        if proc.returncode != 0:
            print("check_symbols: %s -C %s failed:\n%s" % (args.nm, obj, proc.stderr), file=sys.stderr)
            return 2
        symbols = []
        for line in proc.stdout.splitlines():
            m = NM_LINE.match(line)
            if m:
                symbols.append((m.group(1), m.group(2).strip()))
        if not any(kind in "TtWw" for kind, _ in symbols):
            print("check_symbols: %s defines no code; is use_api() still there?" % obj, file=sys.stderr)
            return 2
        found = []
        for kind, name in symbols:
            for what, pattern in FORBIDDEN:
                if pattern.search(name):
                    found.append((what, kind, name))
                    break
        defined = sum(1 for kind, _ in symbols if kind != "U")
        undefined = [name for kind, name in symbols if kind == "U"]
        print("%s: %d defined symbols, %d undefined: %s"
              % (obj, defined, len(undefined), ", ".join(undefined) or "none"))
        for what, kind, name in found:
            print("  FORBIDDEN (%s): %s %s" % (what, kind, name))
        failures += len(found)
    if failures:
        print("check_symbols: %d forbidden symbol(s): the embedded profile must not use the heap, "
              "exceptions, RTTI or static initialisation" % failures)
        return 1
    print("check_symbols: no heap, exception, RTTI or static-init symbols")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
