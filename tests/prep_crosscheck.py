#!/usr/bin/env python3
"""Cross-check stunkit's Unicode tables against Python, and write tests/prep_cases.inc.

Two jobs, Python 3 standard library only:

1. Verify include/stunkit/detail/unicode_tables.hpp code point by code point against an
   independent source: the RFC 3454 tables of Python's `stringprep` module, and
   `unicodedata` for combining classes, decomposition mappings, compositions and the
   General_Category-based parts of the FreeformClass. Python's Unicode version may differ
   from the tables' (15.0): only code points assigned in Python's version are compared, which
   normalization stability makes sufficient.

2. Write tests/prep_cases.inc, a deterministic sample of expected outputs that
   tests/prep_test.cpp checks the C++ code against:
     PREP_NORM(input, nfc, nfkc)              - unicodedata.normalize
     PREP_SASL(input, mode, output, error)    - a reference SASLprep built on `stringprep`
     PREP_OPAQUE(input, output, error)        - a reference OpaqueString built on unicodedata

    python3 tests/prep_crosscheck.py           # verify, then rewrite tests/prep_cases.inc
    python3 tests/prep_crosscheck.py --verify  # verify only

The output depends on Python's Unicode version; regenerate with the same Python when the
cases change (the header of the .inc records it).
"""

import argparse
import os
import random
import re
import stringprep
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
TABLES = os.path.join(REPO, "include", "stunkit", "detail", "unicode_tables.hpp")
CASES = os.path.join(HERE, "prep_cases.inc")
MAX_CP = 0x10FFFF
SEED = 3454


def is_assigned(cp):
    """Assigned in Python's Unicode version (noncharacters, private use, surrogates count)."""
    return unicodedata.category(chr(cp)) != "Cn" or is_noncharacter(cp)


def is_noncharacter(cp):
    return 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE


def is_surrogate(cp):
    return 0xD800 <= cp <= 0xDFFF


# --------------------------------------------------------------------------------------------
# Reading the generated tables.

class Tables:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.arrays = {}
        for match in re.finditer(r"inline constexpr std::uint\d+_t (\w+)\[\d+\] = \{(.*?)\};",
                                 text, re.S):
            self.arrays[match.group(1)] = [int(v.rstrip("U"), 16)
                                           for v in re.findall(r"0x[0-9A-F]+U", match.group(2))]
        self.constants = {name: int(value) for name, value in
                          re.findall(r"inline constexpr \S+ (\w+) = (\d+)U?;", text)}

    def steps(self, name, bits):
        """Expands a step table into a per-code-point lookup function."""
        table = self.arrays[name]
        starts = [v >> bits for v in table]
        values = [v & ((1 << bits) - 1) for v in table]
        import bisect

        def lookup(cp):
            return values[bisect.bisect_right(starts, cp) - 1]
        return lookup

    def decompositions(self):
        """cp -> (compat, [mapping]) for every code point the tables map."""
        planes = self.arrays["decomposition_planes"]
        keys, values = self.arrays["decomposition_keys"], self.arrays["decomposition_values"]
        pool = self.arrays["decomposition_pool"]
        result = {}
        for plane in range(17):
            for i in range(planes[plane], planes[plane + 1]):
                v = values[i]
                count, compat, stride = (v >> 25) + 1, bool((v >> 24) & 1), (v >> 23) & 1
                length, payload = (v >> 18) & 31, v & 0x3FFFF
                first = (plane << 16) | keys[i]
                for k in range(count):
                    if length == 1:
                        mapping = [payload + stride * k]
                    else:
                        units = pool[payload:payload + length]
                        mapping = [ord(c) for c in
                                   b"".join(u.to_bytes(2, "little") for u in units)
                                   .decode("utf-16-le")]
                    result[first + k] = (compat, mapping)
        return result


# --------------------------------------------------------------------------------------------
# 1. Verification.

def verify(tables):
    c = tables.constants
    errors = []

    def check(condition, message):
        if not condition:
            errors.append(message)

    sp = tables.steps("stringprep_properties", c["sp_bits"])
    prohibited_tables = (stringprep.in_table_c12, stringprep.in_table_c21_c22,
                         stringprep.in_table_c3, stringprep.in_table_c4, stringprep.in_table_c5,
                         stringprep.in_table_c6, stringprep.in_table_c7, stringprep.in_table_c8,
                         stringprep.in_table_c9)
    for cp in range(MAX_CP + 1):
        ch, v = chr(cp), sp(cp)
        check(bool(v & c["sp_b1"]) == stringprep.in_table_b1(ch), "B.1 %04X" % cp)
        check(bool(v & c["sp_c12"]) == stringprep.in_table_c12(ch), "C.1.2 %04X" % cp)
        check(bool(v & c["sp_prohibited"]) == any(t(ch) for t in prohibited_tables),
              "prohibited %04X" % cp)
        if not is_surrogate(cp):
            check(bool(v & c["sp_a1"]) == stringprep.in_table_a1(ch), "A.1 %04X" % cp)
            check(bool(v & c["sp_d1"]) == stringprep.in_table_d1(ch), "D.1 %04X" % cp)
            check(bool(v & c["sp_d2"]) == stringprep.in_table_d2(ch), "D.2 %04X" % cp)

    ccc = tables.steps("combining_classes", c["ccc_bits"])
    decompositions = tables.decompositions()
    for cp in range(MAX_CP + 1):
        if not is_assigned(cp) or is_surrogate(cp):
            continue
        ch = chr(cp)
        check(ccc(cp) == unicodedata.combining(ch), "ccc %04X" % cp)
        text = unicodedata.decomposition(ch)
        if 0xAC00 <= cp <= 0xD7A3:
            expected = None  # Hangul: algorithmic
        elif text:
            parts = text.split()
            compat = parts[0].startswith("<")
            expected = (compat, [int(p, 16) for p in (parts[1:] if compat else parts)])
        else:
            expected = None
        check(decompositions.get(cp) == expected, "decomposition %04X" % cp)

    # Every listed composite composes, in Python too.
    planes, keys = tables.arrays["decomposition_planes"], tables.arrays["decomposition_keys"]
    composed = 0
    for entry in tables.arrays["compositions"]:
        plane = max(p for p in range(17) if planes[p] <= entry)
        cp = (plane << 16) | keys[entry]
        if is_assigned(cp):
            a, b = decompositions[cp][1]
            check(unicodedata.normalize("NFC", chr(a) + chr(b)) == chr(cp), "composite %04X" % cp)
            composed += 1

    # FreeformClass, where unicodedata can decide it (RFC 8264 §8; Default_Ignorable_Code_Point
    # and Hangul_Syllable_Type are not in unicodedata, so those code points are skipped).
    pp = tables.steps("precis_properties", 11)
    checked = 0
    for cp in range(MAX_CP + 1):
        if not is_assigned(cp) or is_surrogate(cp):
            continue
        expected = reference_freeform(cp)
        if expected is None:
            continue
        value = pp(cp)
        check(value & c["ff_mask"] == expected, "FreeformClass %04X: %d, not %d"
              % (cp, value & c["ff_mask"], expected))
        space = unicodedata.category(chr(cp)) == "Zs" and cp != 0x20
        check(bool(value & c["precis_space"]) == space, "non-ASCII space %04X" % cp)
        checked += 1

    if errors:
        for message in errors[:50]:
            print("MISMATCH", message, file=sys.stderr)
        print("%d mismatches" % len(errors), file=sys.stderr)
        return False
    print("tables agree with Python %s (stringprep, %d composites, %d FreeformClass values)"
          % (unicodedata.unidata_version, composed, checked))
    return True


FF_VALID, FF_DISALLOWED, FF_UNASSIGNED, FF_CONTEXTJ, FF_CONTEXTO = range(5)
EXCEPTIONS_VALID = {0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007}
EXCEPTIONS_CONTEXTO = ({0x00B7, 0x0375, 0x05F3, 0x05F4, 0x30FB} | set(range(0x0660, 0x066A))
                       | set(range(0x06F0, 0x06FA)))
EXCEPTIONS_DISALLOWED = {0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034,
                         0x3035, 0x303B}
# Default_Ignorable_Code_Point outside General_Category Cf, and the Hangul jamo blocks:
# properties unicodedata does not expose.
UNDECIDABLE = [(0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
               (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0x1BCA0, 0x1BCA3),
               (0xE0000, 0xE0FFF), (0x1100, 0x11FF), (0xA960, 0xA97F), (0xD7B0, 0xD7FF),
               (0x2065, 0x2065), (0xFFF0, 0xFFF8)]


def reference_freeform(cp):
    """RFC 8264 §8 folded to FreeformClass, or None where unicodedata cannot decide."""
    ch = chr(cp)
    gc = unicodedata.category(ch)
    if cp in EXCEPTIONS_VALID:
        return FF_VALID
    if cp in EXCEPTIONS_CONTEXTO:
        return FF_CONTEXTO
    if cp in EXCEPTIONS_DISALLOWED:
        return FF_DISALLOWED
    if gc == "Cf" or any(a <= cp <= b for a, b in UNDECIDABLE):
        return None
    if gc == "Cn" and not is_noncharacter(cp):
        return FF_UNASSIGNED
    if 0x21 <= cp <= 0x7E:
        return FF_VALID
    if is_noncharacter(cp) or gc == "Cc":
        return FF_DISALLOWED
    if unicodedata.normalize("NFKC", ch) != ch:
        return FF_VALID  # HasCompat: FREE_PVAL
    if gc in ("Ll", "Lu", "Lo", "Nd", "Lm", "Mn", "Mc", "Lt", "Nl", "No", "Me", "Zs", "Sm",
              "Sc", "Sk", "So", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po"):
        return FF_VALID
    return FF_DISALLOWED


# --------------------------------------------------------------------------------------------
# 2. Reference implementations for the cases.

def saslprep_reference(text, stored):
    """RFC 4013 over Python's stringprep tables and Unicode 3.2 NFKC."""
    mapped = "".join(" " if stringprep.in_table_c12(ch) else ch
                     for ch in text if not stringprep.in_table_b1(ch))
    out = unicodedata.ucd_3_2_0.normalize("NFKC", mapped)
    prohibited = (stringprep.in_table_c12, stringprep.in_table_c21_c22, stringprep.in_table_c3,
                  stringprep.in_table_c4, stringprep.in_table_c5, stringprep.in_table_c6,
                  stringprep.in_table_c7, stringprep.in_table_c8, stringprep.in_table_c9)
    for ch in out:
        if any(t(ch) for t in prohibited):
            return "", "prohibited_code_point"
        if stored and stringprep.in_table_a1(ch):
            return "", "unassigned_code_point"
    randal = [stringprep.in_table_d1(ch) for ch in out]
    if any(randal):
        if any(stringprep.in_table_d2(ch) for ch in out) or not (randal[0] and randal[-1]):
            return "", "bidi_violation"
    return out, "ok"


def opaque_reference(text):
    """RFC 8265 §4.2 for text without CONTEXTJ/CONTEXTO code points (unicodedata only)."""
    for ch in text:  # RFC 8265 §4.2.2: enforcement prepares (checks the input) first
        cls = reference_freeform(ord(ch))
        assert cls is not None and cls not in (FF_CONTEXTJ, FF_CONTEXTO)
        if cls == FF_DISALLOWED:
            return "", "prohibited_code_point"
        if cls == FF_UNASSIGNED:
            return "", "unassigned_code_point"
    mapped = "".join(" " if unicodedata.category(ch) == "Zs" else ch for ch in text)
    out = unicodedata.normalize("NFC", mapped)
    for ch in out:
        cls = reference_freeform(ord(ch))
        assert cls is not None and cls not in (FF_CONTEXTJ, FF_CONTEXTO)
        if cls == FF_DISALLOWED:
            return "", "prohibited_code_point"
        if cls == FF_UNASSIGNED:
            return "", "unassigned_code_point"
    if not out:
        return "", "empty_text"
    return out, "ok"


# --------------------------------------------------------------------------------------------
# Sampling.

def interesting_code_points():
    """Assigned code points that normalization changes or that take part in it."""
    parts = set()
    for cp in range(MAX_CP + 1):
        if not is_assigned(cp) or is_surrogate(cp):
            continue
        ch = chr(cp)
        if unicodedata.decomposition(ch) or unicodedata.combining(ch):
            parts.add(cp)
            text = unicodedata.decomposition(ch)
            if text and not text.startswith("<"):
                parts.update(int(p, 16) for p in text.split())
    return sorted(parts)


# Always in the sample: the cases that break naive normalizers.
TRICKY = [
    0x00C5, 0x212B, 0x2126, 0x0344, 0x0F73, 0x0F75, 0x0F81, 0x0958, 0x095F, 0x0390, 0x1E9B,
    0x1E9B, 0xFB2C, 0x0F77, 0x0F79, 0x1D15E, 0x1D164, 0x1D1BB, 0x2ADC, 0xFDFA, 0xFB1D, 0x2000,
    0x2001, 0x1FEE, 0x0385, 0x1FC1, 0x01D5, 0x01C4, 0x3300, 0x32FF, 0x1F213, 0x2474, 0x33FF,
    0x00BD, 0x2155, 0xAC00, 0xAC01, 0xD7A3, 0xD4DB, 0x1100, 0x1161, 0x11A8, 0x0B4B, 0x0B48,
    0x0BCA, 0x0CCB, 0x0D4A, 0x0DDD, 0x1026, 0x1B06, 0x110AB, 0x1112E, 0x114BC, 0x115BA,
    0xF900, 0xFA10, 0x2F800, 0x2FA1D, 0x1D400, 0x1D7FF, 0xFF21, 0xFF76, 0xFF9E, 0x3099,
    0x309B, 0x30AC, 0x30F7, 0x05B0, 0x0591, 0x0F39, 0x1E0A, 0x1E0C, 0x0307, 0x0323,
]

BASES = ([ord(c) for c in "aeiouAEIOUnNcsyzkl"] + [0x3B1, 0x3B7, 0x3C9, 0x391, 0x430, 0x438,
         0x415, 0x928, 0x915, 0x0B47, 0x0BC6, 0x0CC6, 0x0D46, 0x0DD9, 0x1025, 0x1B05, 0x110A5,
         0x11131, 0x3046, 0x30A6, 0x30CF, 0x1100, 0x1112, 0xAC00, 0xB098, 0x00C5, 0x00E9,
         0x017F, 0x1E9B, 0x212B, 0x2126, 0x00A8, 0x1FBF, 0x1FFE, 0x05D0, 0x0627, 0x0644])
JOINERS = [0x1161, 0x1175, 0x11A8, 0x11C2, 0x0B3E, 0x0B56, 0x0B57, 0x0BBE, 0x0BD7, 0x0CC2,
           0x0CD5, 0x0CD6, 0x0D3E, 0x0D57, 0x0DCF, 0x0DDF, 0x102E, 0x1B35, 0x110BA, 0x11127,
           0x3099, 0x309A]
MARKS = ([0x0300, 0x0301, 0x0302, 0x0303, 0x0304, 0x0306, 0x0307, 0x0308, 0x030A, 0x030C,
          0x0313, 0x0314, 0x0316, 0x031B, 0x0323, 0x0324, 0x0327, 0x0328, 0x0331, 0x0334,
          0x0338, 0x0342, 0x0345, 0x0591, 0x05B0, 0x05B4, 0x05BC, 0x05C1, 0x05C2, 0x064B,
          0x0651, 0x0670, 0x093C, 0x094D, 0x0E38, 0x0E48, 0x0F71, 0x0F72, 0x0F74, 0x0F80,
          0x1DCE, 0x1DFD, 0x20D0, 0x20E1, 0x302A, 0x302E, 0x1D165, 0x1D16D, 0x1D16E])


def random_string(rng, pools, length):
    return "".join(chr(rng.choice(rng.choice(pools))) for _ in range(length))


def literal(text):
    """A C string literal. Graphic code points stay UTF-8 (the sources are UTF-8); everything
    else, and the bytes '"', '\\' and '?', becomes 3-digit octal escapes, which never run
    into the next character. Format characters (Cf, such as the bidi controls GCC's
    -Wbidi-chars warns about), controls and unassigned code points are always escaped."""
    out = []
    for ch in text:
        graphic = unicodedata.category(ch)[0] in "LMNPS" or ch == " "
        if graphic and ch not in '"\\?':
            out.append(ch)
        else:
            out.extend("\\%03o" % b for b in ch.encode("utf-8"))
    return '"' + "".join(out) + '"'


def generate_cases():
    rng = random.Random(SEED)
    lines = []

    # NFC/NFKC of single code points and of random strings.
    interesting = interesting_code_points()
    singles = sorted(set(TRICKY) | set(rng.sample(interesting, 1000)))
    singles += rng.sample(range(0xAC00, 0xD7A4), 40)
    norm_inputs = [chr(cp) for cp in singles]
    pools = [BASES, JOINERS, MARKS, interesting]
    for _ in range(500):
        norm_inputs.append(random_string(rng, pools, rng.randint(2, 8)))
    for _ in range(20):  # long runs of marks, canonical ordering's worst case
        norm_inputs.append(chr(rng.choice(BASES)) + random_string(rng, [MARKS], rng.randint(10, 60)))
    for text in norm_inputs:
        lines.append("PREP_NORM(%s, %s, %s)" % (literal(text), literal(unicodedata.normalize(
            "NFC", text)), literal(unicodedata.normalize("NFKC", text))))

    # SASLprep. Python's Unicode 3.2 normalizer still reorders and composes code points
    # unassigned in 3.2 with today's data, where stringprep (and stunkit) leave them alone:
    # query-mode samples draw only unassigned code points on which both agree.
    composition_parts = set()
    for cp in interesting:
        text = unicodedata.decomposition(chr(cp))
        if text and not text.startswith("<"):
            composition_parts.update(int(p, 16) for p in text.split())
    inert_new = [cp for cp in range(0x00A0, 0x20000)
                 if stringprep.in_table_a1(chr(cp)) and not unicodedata.combining(chr(cp))
                 and not unicodedata.decomposition(chr(cp)) and cp not in composition_parts]
    sasl_special = ([0x00AD, 0x034F, 0x1806, 0x180B, 0x200B, 0x200C, 0x200D, 0x2060, 0xFE0F,
                     0xFEFF, 0x00A0, 0x1680, 0x2003, 0x202F, 0x205F, 0x3000, 0x0007, 0x007F,
                     0x0085, 0x06DD, 0x070F, 0x180E, 0x2028, 0x2061, 0x206A, 0xFFF9, 0x1D173,
                     0xE000, 0xF0000, 0x10FFFD, 0xFDD0, 0xFFFE, 0x1FFFF, 0xFFFD, 0x2FF0,
                     0x0340, 0x0341, 0x200E, 0x200F, 0x202A, 0x202E, 0xE0001, 0xE0041,
                     0x2168, 0x00AA, 0x2126, 0xFB01, 0x2F868, 0x2F874, 0x2F91F, 0xF951])
    rtl = [0x05D0, 0x05D1, 0x05EA, 0x05BE, 0x0627, 0x0628, 0x0644, 0x064A, 0x0710, 0x07C0,
           0xFB1D, 0xFB4F, 0xFE70, 0xFEFC, 0x10800]
    neutral = [ord(c) for c in "0123456789 .-_!#"] + [0x0660, 0x06F0, 0x0300, 0x064B, 0x2010]
    ascii_letters = [ord(c) for c in "abcXYZ"]
    sasl_pools = [sasl_special, rtl, neutral, ascii_letters, BASES, MARKS, interesting]
    sasl_inputs = [chr(cp) for cp in sasl_special]
    for _ in range(350):
        sasl_inputs.append(random_string(rng, sasl_pools, rng.randint(1, 7)))
    for _ in range(100):  # right-to-left text, mostly well-formed
        sasl_inputs.append(chr(rng.choice(rtl)) + random_string(rng, [rtl, neutral], rng.randint(0, 4))
                           + chr(rng.choice(rtl)))
    for text in sasl_inputs:
        out, error = saslprep_reference(text, stored=True)
        lines.append("PREP_SASL(%s, stored, %s, %s)" % (literal(text), literal(out), literal(error)))
    query_pools = sasl_pools + [inert_new]
    inert = set(inert_new)
    for _ in range(150):
        text = random_string(rng, query_pools, rng.randint(1, 6))
        if any(stringprep.in_table_a1(ch) and ord(ch) not in inert for ch in text):
            continue
        out, error = saslprep_reference(text, stored=False)
        lines.append("PREP_SASL(%s, query, %s, %s)" % (literal(text), literal(out), literal(error)))

    # OpaqueString, on code points whose FreeformClass unicodedata decides.
    valid_pool, disallowed_pool = [], []
    for cp in range(0x20, 0x30000):
        if is_assigned(cp) and not is_surrogate(cp):
            cls = reference_freeform(cp)
            if cls == FF_VALID:
                valid_pool.append(cp)
            elif cls == FF_DISALLOWED:
                disallowed_pool.append(cp)
    # Unassigned: planes 4-13 have never been allocated, so no Unicode version differs.
    unassigned_pool = rng.sample(range(0x40000, 0xE0000), 100)
    spaces = [cp for cp in range(0x10000) if unicodedata.category(chr(cp)) == "Zs"]
    opaque_pools = [valid_pool] * 6 + [ascii_letters] * 3 + [spaces, MARKS, BASES, BASES,
                                                             disallowed_pool, unassigned_pool]
    opaque_inputs = []
    for _ in range(400):
        text = random_string(rng, opaque_pools, rng.randint(1, 7))
        if all(reference_freeform(ord(ch)) not in (None, FF_CONTEXTJ, FF_CONTEXTO)
               for ch in text + unicodedata.normalize("NFC", text)):
            opaque_inputs.append(text)
    for text in opaque_inputs:
        out, error = opaque_reference(text)
        lines.append("PREP_OPAQUE(%s, %s, %s)" % (literal(text), literal(out), literal(error)))

    header = ("// GENERATED by tests/prep_crosscheck.py (Python %s, Unicode %s, seed %d).\n"
              "// Do not edit: rerun the script. Read by tests/prep_test.cpp.\n"
              % (".".join(map(str, sys.version_info[:3])), unicodedata.unidata_version, SEED))
    return header + "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verify", action="store_true", help="verify the tables only")
    args = parser.parse_args()
    if not verify(Tables(TABLES)):
        return 1
    if args.verify:
        return 0
    text = generate_cases()
    with open(CASES, "w", encoding="utf-8") as f:
        f.write(text)
    print("wrote %s (%d cases, %d bytes)" % (CASES, text.count("\nPREP_"), len(text)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
