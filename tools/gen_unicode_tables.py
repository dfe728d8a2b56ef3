#!/usr/bin/env python3
"""Generate include/stunkit/detail/unicode_tables.hpp from the Unicode Character Database.

The tables serve the optional string preparation header include/stunkit/prep.hpp:

* SASLprep (RFC 4013), the stringprep (RFC 3454) profile of RFC 5389: tables B.1, C.1.2,
  C.2.1-C.9 (transcribed below from RFC 3454 appendices B and C), A.1 (code points
  unassigned in Unicode 3.2, derived from DerivedAge.txt) and D.1/D.2 (bidirectional classes
  R/AL and L as of Unicode 3.2, from Python's frozen unicodedata.ucd_3_2_0: the Bidi_Class
  of about 270 code points has changed since 3.2, so today's UCD cannot give them).
* NFC and NFKC (UAX #15): canonical combining classes, single-level decomposition mappings
  and the primary composites, all from the current UCD. Hangul is algorithmic and absent.
* OpaqueString (RFC 8265 §4.2): the FreeformClass derived property of RFC 8264 §8/§9,
  computed from UCD properties, plus what the contextual rules of RFC 5892 appendix A need
  (Joining_Type, a few scripts) and the non-ASCII spaces (General_Category Zs).

Python 3 standard library only. The UCD comes from Debian's unicode-data package
(/usr/share/unicode); pass --ucd DIR for another copy.

    python3 tools/gen_unicode_tables.py            # rewrite the committed header
    python3 tools/gen_unicode_tables.py --check    # exit 1 if the header is stale

--check exits 77 (the ctest skip code) when the UCD is not installed.
"""

import argparse
import filecmp
import os
import sys
import tempfile
import unicodedata

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(REPO, "include", "stunkit", "detail", "unicode_tables.hpp")
DEFAULT_UCD = "/usr/share/unicode"
MAX_CP = 0x10FFFF

# --------------------------------------------------------------------------------------------
# RFC 3454 appendix B and C tables, transcribed (inclusive ranges).

RFC3454_B1 = [  # Commonly mapped to nothing
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x1806, 0x1806), (0x180B, 0x180D),
    (0x200B, 0x200D), (0x2060, 0x2060), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
]
RFC3454_C12 = [  # Non-ASCII space characters
    (0x00A0, 0x00A0), (0x1680, 0x1680), (0x2000, 0x200B), (0x202F, 0x202F),
    (0x205F, 0x205F), (0x3000, 0x3000),
]
RFC3454_C21 = [(0x0000, 0x001F), (0x007F, 0x007F)]  # ASCII control characters
RFC3454_C22 = [  # Non-ASCII control characters
    (0x0080, 0x009F), (0x06DD, 0x06DD), (0x070F, 0x070F), (0x180E, 0x180E),
    (0x200C, 0x200D), (0x2028, 0x2029), (0x2060, 0x2063), (0x206A, 0x206F),
    (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFC), (0x1D173, 0x1D17A),
]
RFC3454_C3 = [(0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD)]  # Private use
RFC3454_C4 = [(0xFDD0, 0xFDEF)] + [  # Non-character code points
    ((plane << 16) | 0xFFFE, (plane << 16) | 0xFFFF) for plane in range(17)
]
RFC3454_C5 = [(0xD800, 0xDFFF)]  # Surrogate codes
RFC3454_C6 = [(0xFFF9, 0xFFFD)]  # Inappropriate for plain text
RFC3454_C7 = [(0x2FF0, 0x2FFB)]  # Inappropriate for canonical representation
RFC3454_C8 = [  # Change display properties or are deprecated
    (0x0340, 0x0341), (0x200E, 0x200F), (0x202A, 0x202E), (0x206A, 0x206F),
]
RFC3454_C9 = [(0xE0001, 0xE0001), (0xE0020, 0xE007F)]  # Tagging characters

# RFC 4013 §2.3: the prohibited output of SASLprep.
SASLPREP_PROHIBITED = (RFC3454_C12 + RFC3454_C21 + RFC3454_C22 + RFC3454_C3 + RFC3454_C4
                       + RFC3454_C5 + RFC3454_C6 + RFC3454_C7 + RFC3454_C8 + RFC3454_C9)

# RFC 5892 §2.6 (used by RFC 8264 §9.6): the Exceptions (F) category.
PVALID, FREE_PVAL, CONTEXTJ, CONTEXTO, DISALLOWED, UNASSIGNED = range(6)
EXCEPTIONS = {}
for cp in (0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007):
    EXCEPTIONS[cp] = PVALID
for cp in (0x00B7, 0x0375, 0x05F3, 0x05F4, 0x30FB):
    EXCEPTIONS[cp] = CONTEXTO
for cp in list(range(0x0660, 0x066A)) + list(range(0x06F0, 0x06FA)):
    EXCEPTIONS[cp] = CONTEXTO
for cp in (0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303B):
    EXCEPTIONS[cp] = DISALLOWED
BACKWARD_COMPATIBLE = {}  # RFC 8264 §9.7: empty

# Value encodings shared with include/stunkit/detail/normalize.hpp.
SP_B1, SP_C12, SP_PROHIBITED, SP_A1, SP_D1, SP_D2 = 1, 2, 4, 8, 16, 32
FF_VALID, FF_DISALLOWED, FF_UNASSIGNED, FF_CONTEXTJ, FF_CONTEXTO = range(5)
JT_OTHER, JT_L, JT_R, JT_D, JT_T = range(5)
SC_OTHER, SC_GREEK, SC_HEBREW, SC_HIRA_KATA_HAN = range(4)
PRECIS_SPACE = 1 << 8

HANGUL_S_BASE, HANGUL_S_COUNT = 0xAC00, 11172


# --------------------------------------------------------------------------------------------
# UCD parsing.

def ucd_lines(ucd, name):
    with open(os.path.join(ucd, name), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                yield [field.strip() for field in line.split(";")]


def parse_range(text):
    first, _, last = text.partition("..")
    return int(first, 16), int(last or first, 16)


def property_map(ucd, name, wanted=None):
    """cp -> value for a 'range ; value' file; only values in `wanted` when given."""
    result = {}
    for fields in ucd_lines(ucd, name):
        if wanted is not None and fields[1] not in wanted:
            continue
        first, last = parse_range(fields[0])
        for cp in range(first, last + 1):
            result[cp] = fields[1]
    return result


def property_set(ucd, name, prop):
    return set(property_map(ucd, name, {prop}))


def ucd_version(ucd):
    with open(os.path.join(ucd, "DerivedAge.txt"), encoding="utf-8") as f:
        first = f.readline()
    # "# DerivedAge-15.0.0.txt"
    return first.strip().lstrip("#").strip()[len("DerivedAge-"):-len(".txt")]


class Ucd:
    def __init__(self, ucd):
        self.version = ucd_version(ucd)
        self.ccc = {}
        self.decomposition = {}  # cp -> (is_compat, [cps])
        for fields in ucd_lines(ucd, "UnicodeData.txt"):
            cp = int(fields[0], 16)
            if int(fields[3]):
                self.ccc[cp] = int(fields[3])
            if fields[5]:
                parts = fields[5].split()
                compat = parts[0].startswith("<")
                if compat:
                    parts = parts[1:]
                self.decomposition[cp] = (compat, [int(p, 16) for p in parts])
        # NormalizationCorrections.txt: code point; original; corrected; version. Corrections
        # made after Unicode 3.2 leave stringprep (pinned to 3.2) with the original mapping.
        self.corrections_after_3_2 = []
        for fields in ucd_lines(ucd, "NormalizationCorrections.txt"):
            version = tuple(int(x) for x in fields[3].split("."))
            if version > (3, 2, 0):
                self.corrections_after_3_2.append((int(fields[0], 16), int(fields[1], 16)))
        self.gc = property_map(ucd, "extracted/DerivedGeneralCategory.txt")
        self.age = {cp: tuple(int(x) for x in v.split("."))
                    for cp, v in property_map(ucd, "DerivedAge.txt").items()}
        self.full_composition_exclusion = property_set(
            ucd, "DerivedNormalizationProps.txt", "Full_Composition_Exclusion")
        nfkc_qc = {}
        for fields in ucd_lines(ucd, "DerivedNormalizationProps.txt"):
            if fields[1] == "NFKC_QC" and fields[2] == "N":
                first, last = parse_range(fields[0])
                for cp in range(first, last + 1):
                    nfkc_qc[cp] = "N"
        self.nfkc_qc_no = set(nfkc_qc)
        self.default_ignorable = property_set(
            ucd, "DerivedCoreProperties.txt", "Default_Ignorable_Code_Point")
        self.noncharacter = property_set(ucd, "PropList.txt", "Noncharacter_Code_Point")
        self.join_control = property_set(ucd, "PropList.txt", "Join_Control")
        self.old_hangul_jamo = set(property_map(ucd, "HangulSyllableType.txt", {"L", "V", "T"}))
        self.script = property_map(ucd, "Scripts.txt",
                                   {"Greek", "Hebrew", "Hiragana", "Katakana", "Han"})
        self.joining_type = property_map(ucd, "extracted/DerivedJoiningType.txt")

    def general_category(self, cp):
        return self.gc.get(cp, "Cn")


# --------------------------------------------------------------------------------------------
# A reference normalizer over the parsed data, used to derive HasCompat and to check tables.

def hangul_decompose(cp):
    s = cp - HANGUL_S_BASE
    if not 0 <= s < HANGUL_S_COUNT:
        return None
    lead, vowel, trail = 0x1100 + s // 588, 0x1161 + (s % 588) // 28, 0x11A7 + s % 28
    return [lead, vowel] + ([trail] if trail != 0x11A7 else [])


def decompose(data, cps, compat):
    out = []
    for cp in cps:
        hangul = hangul_decompose(cp)
        mapping = data.decomposition.get(cp)
        if hangul:
            out += hangul
        elif mapping and (compat or not mapping[0]):
            out += decompose(data, mapping[1], compat)
        else:
            out.append(cp)
    return out


def compose(data, composites, cps):
    # Canonical ordering (UAX #15 D108), then canonical composition (D117).
    cps = list(cps)
    for i in range(1, len(cps)):
        j = i
        while j > 0 and 0 < data.ccc.get(cps[j], 0) < data.ccc.get(cps[j - 1], 0):
            cps[j - 1], cps[j] = cps[j], cps[j - 1]
            j -= 1
    out, starter, last_class = [], None, 0
    for cp in cps:
        cls = data.ccc.get(cp, 0)
        if starter is not None and (last_class < cls or last_class == 0 and len(out) - 1 == starter):
            pair = (out[starter], cp)
            composite = composites.get(pair)
            s = out[starter] - 0x1100
            if 0 <= s < 19 and 0x1161 <= cp <= 0x1175:
                composite = HANGUL_S_BASE + (s * 21 + cp - 0x1161) * 28
            elif (HANGUL_S_BASE <= out[starter] < HANGUL_S_BASE + HANGUL_S_COUNT
                  and (out[starter] - HANGUL_S_BASE) % 28 == 0 and 0x11A8 <= cp <= 0x11C2):
                composite = out[starter] + cp - 0x11A7
            if composite is not None:
                out[starter] = composite
                continue
        if cls == 0:
            starter = len(out)
        last_class = cls
        out.append(cp)
    return out


# --------------------------------------------------------------------------------------------
# Table construction.

def step_table(value_of, shift):
    """Sorted (first_cp << shift) | value entries wherever the value changes, from U+0000."""
    entries, previous = [], None
    for cp in range(MAX_CP + 1):
        value = value_of(cp)
        assert 0 <= value < (1 << shift)
        if value != previous:
            entries.append((cp << shift) | value)
            previous = value
    return entries


def in_ranges(ranges):
    members = set()
    for first, last in ranges:
        members.update(range(first, last + 1))
    return members


def build_stringprep(data):
    b1, c12, prohibited = in_ranges(RFC3454_B1), in_ranges(RFC3454_C12), in_ranges(SASLPREP_PROHIBITED)
    bidi_32 = unicodedata.ucd_3_2_0.bidirectional

    def value(cp):
        v = 0
        assigned_32 = data.age.get(cp, (99,)) <= (3, 2)
        v |= SP_B1 if cp in b1 else 0
        v |= SP_C12 if cp in c12 else 0
        v |= SP_PROHIBITED if cp in prohibited else 0
        v |= 0 if assigned_32 else SP_A1
        if assigned_32 and not 0xD800 <= cp <= 0xDFFF:
            bidi = bidi_32(chr(cp))
            v |= SP_D1 if bidi in ("R", "AL") else 0
            v |= SP_D2 if bidi == "L" else 0
        return v

    return step_table(value, 8)


def build_decompositions(data):
    """Single-level mappings. Runs of single-code-point mappings whose targets are equal
    (stride 0) or consecutive (stride 1) share one entry. Keys are the low 16 bits of the
    first code point; `planes` gives each plane's slice of the (sorted) entries."""
    cps = sorted(data.decomposition)
    pool, pool_index, keys, values, entry_of = [], {}, [], [], {}
    planes = [0] * 18
    i = 0
    while i < len(cps):
        cp = cps[i]
        compat, mapping = data.decomposition[cp]
        count, stride = 1, 0
        if len(mapping) == 1:
            for candidate in (1, 0):
                k = i + 1
                while (k < len(cps) and k - i < 128 and cps[k] == cps[k - 1] + 1
                       and cps[k] >> 16 == cp >> 16
                       and data.decomposition[cps[k]][0] == compat
                       and len(data.decomposition[cps[k]][1]) == 1
                       and data.decomposition[cps[k]][1][0] == mapping[0] + candidate * (cps[k] - cp)):
                    k += 1
                if k - i > count:
                    count, stride = k - i, candidate
            payload, length = mapping[0], 1
        else:
            units = []
            for m in mapping:
                if m > 0xFFFF:
                    units += [0xD800 + ((m - 0x10000) >> 10), 0xDC00 + ((m - 0x10000) & 0x3FF)]
                else:
                    units.append(m)
            key = tuple(units)
            if key not in pool_index:
                pool_index[key] = len(pool)
                pool += units
            payload, length = pool_index[key], len(units)
            assert 2 <= length < 32
        assert payload < (1 << 18)
        entry_of[cp] = len(keys)
        keys.append(cp & 0xFFFF)
        values.append(((count - 1) << 25) | (int(compat) << 24) | (stride << 23) | (length << 18)
                      | payload)
        for plane in range((cp >> 16) + 1, 18):
            planes[plane] = len(keys)
        i += count
    assert len(keys) < (1 << 16)

    composites = {}
    for cp, (compat, mapping) in data.decomposition.items():
        if not compat and len(mapping) == 2 and cp not in data.full_composition_exclusion:
            assert data.ccc.get(cp, 0) == 0, "a primary composite is a starter"
            composites[tuple(mapping)] = cp
    composition_index = [entry_of[cp] for pair, cp in sorted(composites.items())]
    # normalize.hpp skips the search for a second code point below this bound.
    assert min(second for _, second in composites) == 0x0300
    # Hangul syllables are algorithmic: no mapping produces one.
    assert not any(HANGUL_S_BASE <= m < HANGUL_S_BASE + HANGUL_S_COUNT
                   for _, mapping in data.decomposition.values() for m in mapping)

    # The deepest explicit stack the expansion in normalize.hpp needs: it pops a code point
    # and pushes its mapping reversed.
    def stack_need(cp):
        stack, peak = [cp], 1
        while stack:
            top = stack.pop()
            mapping = data.decomposition.get(top)
            if mapping:
                stack += reversed(mapping[1])
                peak = max(peak, len(stack))
        return peak
    stack_size = max(stack_need(cp) for cp in cps)
    longest = max(len(decompose(data, [cp], True)) for cp in cps)

    # UTF-8 growth: composition never lengthens UTF-8, so the decomposition bounds NFC/NFKC.
    def utf8_len(seq):
        return sum(1 if c < 0x80 else 2 if c < 0x800 else 3 if c < 0x10000 else 4 for c in seq)
    candidates = cps + list(range(HANGUL_S_BASE, HANGUL_S_BASE + HANGUL_S_COUNT))
    growth = tuple(max(-(-utf8_len(decompose(data, [cp], compat)) // utf8_len([cp]))
                       for cp in candidates) for compat in (False, True))
    return keys, values, planes, pool, composition_index, composites, stack_size, longest, growth


def build_ccc(data):
    return step_table(lambda cp: data.ccc.get(cp, 0), 8)


def freeform_property(data, composites, cp):
    """RFC 8264 §8: the derived property value of `cp` (before FreeformClass folding)."""
    gc = data.general_category(cp)
    if cp in EXCEPTIONS:
        return EXCEPTIONS[cp]
    if cp in BACKWARD_COMPATIBLE:
        return BACKWARD_COMPATIBLE[cp]
    if gc == "Cn" and cp not in data.noncharacter:
        return UNASSIGNED
    if 0x21 <= cp <= 0x7E:
        return PVALID
    if cp in data.join_control:
        return CONTEXTJ
    if cp in data.old_hangul_jamo:
        return DISALLOWED
    if cp in data.default_ignorable or cp in data.noncharacter:
        return DISALLOWED
    if gc == "Cc":
        return DISALLOWED
    if compose(data, composites, decompose(data, [cp], True)) != [cp]:  # HasCompat
        return FREE_PVAL
    if gc in ("Ll", "Lu", "Lo", "Nd", "Lm", "Mn", "Mc"):
        return PVALID
    if gc in ("Lt", "Nl", "No", "Me", "Zs", "Sm", "Sc", "Sk", "So",
              "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po"):
        return FREE_PVAL
    return DISALLOWED


def build_precis(data, composites):
    freeform = {PVALID: FF_VALID, FREE_PVAL: FF_VALID, CONTEXTJ: FF_CONTEXTJ,
                CONTEXTO: FF_CONTEXTO, DISALLOWED: FF_DISALLOWED, UNASSIGNED: FF_UNASSIGNED}
    joining = {"L": JT_L, "R": JT_R, "D": JT_D, "T": JT_T}
    script = {"Greek": SC_GREEK, "Hebrew": SC_HEBREW, "Hiragana": SC_HIRA_KATA_HAN,
              "Katakana": SC_HIRA_KATA_HAN, "Han": SC_HIRA_KATA_HAN}
    classes = {}
    for cp in range(MAX_CP + 1):
        classes[cp] = freeform_property(data, composites, cp)
    # HasCompat by composition must agree with the UCD's NFKC_Quick_Check=No.
    for cp in range(MAX_CP + 1):
        has_compat = compose(data, composites, decompose(data, [cp], True)) != [cp]
        assert has_compat == (cp in data.nfkc_qc_no), hex(cp)

    def value(cp):
        v = freeform[classes[cp]]
        v |= joining.get(data.joining_type.get(cp, "U"), JT_OTHER) << 3
        v |= script.get(data.script.get(cp), SC_OTHER) << 6
        if data.general_category(cp) == "Zs" and cp != 0x20:
            v |= PRECIS_SPACE  # RFC 8265 §4.2.2: non-ASCII space, mapped to U+0020
        return v

    return step_table(value, 11), classes


# --------------------------------------------------------------------------------------------
# Output.

def format_array(ctype, name, values, per_line, width, doc):
    lines = ["/** @brief %s */" % doc,
             "inline constexpr %s %s[%d] = {" % (ctype, name, len(values))]
    suffix = "U"
    for i in range(0, len(values), per_line):
        chunk = values[i:i + per_line]
        lines.append("    " + ", ".join("0x%0*X%s" % (width, v, suffix) for v in chunk) + ",")
    lines.append("};")
    return "\n".join(lines) + "\n"


def constants(stack_size, longest, growth):
    """The named constants of the generated header, with aligned trailing comments."""
    groups = [
        ("Stringprep (RFC 3454) property bits of stringprep_properties.", [
            ("std::uint32_t", "sp_b1", "%dU" % SP_B1, "B.1: commonly mapped to nothing."),
            ("std::uint32_t", "sp_c12", "%dU" % SP_C12, "C.1.2: non-ASCII space."),
            ("std::uint32_t", "sp_prohibited", "%dU" % SP_PROHIBITED,
             "RFC 4013 §2.3 prohibited output."),
            ("std::uint32_t", "sp_a1", "%dU" % SP_A1, "A.1: unassigned in Unicode 3.2."),
            ("std::uint32_t", "sp_d1", "%dU" % SP_D1, "D.1: RandALCat (bidi R or AL in 3.2)."),
            ("std::uint32_t", "sp_d2", "%dU" % SP_D2, "D.2: LCat (bidi L in 3.2)."),
            ("unsigned", "sp_bits", "8", "Value bits of a stringprep entry."),
        ]),
        ("Fields of precis_properties values.", [
            ("std::uint32_t", "ff_valid", "%dU" % FF_VALID, "FreeformClass: PVALID or FREE_PVAL."),
            ("std::uint32_t", "ff_disallowed", "%dU" % FF_DISALLOWED, "FreeformClass: DISALLOWED."),
            ("std::uint32_t", "ff_unassigned", "%dU" % FF_UNASSIGNED, "FreeformClass: UNASSIGNED."),
            ("std::uint32_t", "ff_contextj", "%dU" % FF_CONTEXTJ, "FreeformClass: CONTEXTJ."),
            ("std::uint32_t", "ff_contexto", "%dU" % FF_CONTEXTO, "FreeformClass: CONTEXTO."),
            ("std::uint32_t", "ff_mask", "7U", "The FreeformClass field."),
            ("unsigned", "jt_shift", "3", "Joining_Type field position."),
            ("std::uint32_t", "jt_l", "%dU" % JT_L, "Joining_Type L (Left_Joining)."),
            ("std::uint32_t", "jt_r", "%dU" % JT_R, "Joining_Type R (Right_Joining)."),
            ("std::uint32_t", "jt_d", "%dU" % JT_D, "Joining_Type D (Dual_Joining)."),
            ("std::uint32_t", "jt_t", "%dU" % JT_T, "Joining_Type T (Transparent)."),
            ("std::uint32_t", "jt_mask", "7U", "Joining_Type field, after shifting."),
            ("unsigned", "sc_shift", "6", "Script field position."),
            ("std::uint32_t", "sc_greek", "%dU" % SC_GREEK, "Script Greek."),
            ("std::uint32_t", "sc_hebrew", "%dU" % SC_HEBREW, "Script Hebrew."),
            ("std::uint32_t", "sc_hira_kata_han", "%dU" % SC_HIRA_KATA_HAN,
             "Script Hiragana, Katakana or Han."),
            ("std::uint32_t", "sc_mask", "3U", "Script field, after shifting."),
            ("std::uint32_t", "precis_space", "%dU" % PRECIS_SPACE,
             "General_Category Zs other than U+0020."),
            ("unsigned", "precis_bits", "11", "Value bits of a PRECIS entry."),
        ]),
        ("Other facts the generator computed.", [
            ("unsigned", "ccc_bits", "8", "Value bits of a combining_classes entry."),
            ("std::size_t", "decomposition_stack_size", str(stack_size),
             "Explicit stack depth expanding any decomposition needs."),
            ("std::size_t", "longest_decomposition", str(longest),
             "Most code points one code point decomposes into."),
            ("std::size_t", "nfc_max_growth", str(growth[0]),
             "Most UTF-8 bytes NFC makes of one input byte."),
            ("std::size_t", "nfkc_max_growth", str(growth[1]),
             "Most UTF-8 bytes NFKC makes of one input byte."),
        ]),
    ]
    out = []
    for title, rows in groups:
        out.append("/** @name %s */\n///@{\n" % title)
        decls = ["inline constexpr %s %s = %s;" % (t, n, v) for t, n, v, _ in rows]
        width = max(len(d) for d in decls) + 2
        for decl, row in zip(decls, rows):
            if width + len(row[3]) + 4 <= 100:
                out.append("%s///< %s\n" % (decl.ljust(width), row[3]))
            else:
                out.append("/** @brief %s */\n%s\n" % (row[3], decl))
        out.append("///@}\n\n")
    return "".join(out)


def generate(ucd_dir):
    data = Ucd(ucd_dir)
    stringprep = build_stringprep(data)
    ccc = build_ccc(data)
    keys, values, planes, pool, composition_index, composites, stack_size, longest, growth = \
        build_decompositions(data)
    precis, _ = build_precis(data, composites)

    out = []
    out.append("""/**
 * @file detail/unicode_tables.hpp
 * @brief Unicode data for string preparation (RFC 4013 SASLprep, RFC 8265 OpaqueString).
 *
 * GENERATED by tools/gen_unicode_tables.py from the Unicode Character Database %(version)s
 * (Debian's unicode-data package). Do not edit. To regenerate:
 *
 *     apt-get install unicode-data
 *     python3 tools/gen_unicode_tables.py            # rewrites this file
 *     python3 tools/gen_unicode_tables.py --check    # fails if this file is stale
 *
 * Layout (every table is sorted; lookups are binary searches in detail/normalize.hpp):
 * - step tables hold `(first_code_point << bits) | value` wherever the value changes, the
 *   value holding up to the next entry;
 * - a decomposition entry is a key (the low 16 bits of its first code point; the plane comes
 *   from decomposition_planes) and a value holding, from the top bit down: run length - 1
 *   (7 bits), compatibility flag (1), stride (1), mapping length in UTF-16 units (5) and an
 *   18-bit payload: the target of a one-code-point mapping (which covers the whole run, each
 *   next code point mapping to target + stride), else the mapping's offset in the UTF-16
 *   pool. Mappings are single-level: expansion repeats at run time on an explicit stack;
 * - compositions lists the primary composites (UAX #15 D114) as indices of their entries,
 *   sorted by the two code points they decompose to.
 */
#pragma once

#include "../config.hpp"

#include <cstddef>
#include <cstdint>

STUNKIT_BEGIN_NAMESPACE
namespace detail {
/** @brief Generated Unicode data (tools/gen_unicode_tables.py). */
namespace unicode {
// clang-format off

/** @brief The UCD version the normalization and PRECIS tables come from. */
inline constexpr char ucd_version[] = "%(version)s";

%(constants)s""" % dict(version=data.version, constants=constants(stack_size, longest, growth)))
    out.append(format_array(
        "std::uint32_t", "stringprep_properties", stringprep, 7, 8,
        "RFC 3454 tables B.1, C.1.2, C.*, A.1, D.1, D.2 as a step table (sp_* bits)."))
    out.append(format_array(
        "std::uint32_t", "combining_classes", ccc, 7, 8,
        "Canonical_Combining_Class as a step table."))
    out.append(format_array(
        "std::uint16_t", "decomposition_planes", planes, 9, 4,
        "Entry i of plane p (code points p << 16 ...) lies in [planes[p], planes[p + 1])."))
    out.append(format_array(
        "std::uint16_t", "decomposition_keys", keys, 10, 4,
        "Decomposition_Mapping entries: low 16 bits of each run's first code point."))
    out.append(format_array(
        "std::uint32_t", "decomposition_values", values, 7, 8,
        "Decomposition_Mapping entries, parallel to decomposition_keys (layout in the brief)."))
    out.append(format_array(
        "std::uint16_t", "decomposition_pool", pool, 10, 4,
        "Mappings of two or more code points, in UTF-16."))
    out.append(format_array(
        "std::uint32_t", "composing_starters",
        sorted({second for (_, second) in composites if data.ccc.get(second, 0) == 0}), 7, 8,
        "Starters (class 0) that are the second code point of a primary composite."))
    out.append(format_array(
        "std::uint16_t", "compositions", composition_index, 10, 4,
        "Primary composites as entry indices, sorted by their two-code-point mapping."))
    for cp, original in data.corrections_after_3_2:
        # A singleton mapping whose target has no further decomposition.
        assert cp in data.decomposition and len(data.decomposition[cp][1]) == 1
        assert not data.decomposition[cp][0], "normalize.hpp expects a canonical mapping"
        assert original not in data.decomposition and data.age[original] <= (3, 2)
    out.append(format_array(
        "std::uint32_t", "unicode_3_2_mappings",
        [v for pair in sorted(data.corrections_after_3_2) for v in pair], 2, 8,
        "(code point, Unicode 3.2 mapping) where a correction after 3.2 changed it."))
    out.append(format_array(
        "std::uint32_t", "precis_properties", precis, 7, 8,
        "FreeformClass (RFC 8264 §4.3, §8), Joining_Type, Script and Zs as a step table."))
    out.append("""// clang-format on
}  // namespace unicode
}  // namespace detail
STUNKIT_END_NAMESPACE
""")
    return "".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ucd", default=DEFAULT_UCD, help="UCD directory (%(default)s)")
    parser.add_argument("--output", default=DEFAULT_OUTPUT, help="header to write")
    parser.add_argument("--check", action="store_true",
                        help="regenerate to a temporary file and compare with --output")
    args = parser.parse_args()
    if not os.path.exists(os.path.join(args.ucd, "UnicodeData.txt")):
        print("gen_unicode_tables: no UCD in %s (apt-get install unicode-data)" % args.ucd,
              file=sys.stderr)
        return 77 if args.check else 2
    text = generate(args.ucd)
    if args.check:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".hpp",
                                         delete=False) as tmp:
            tmp.write(text)
        try:
            fresh = os.path.exists(args.output) and filecmp.cmp(tmp.name, args.output, shallow=False)
        finally:
            os.unlink(tmp.name)
        if not fresh:
            print("gen_unicode_tables: %s is stale; run tools/gen_unicode_tables.py"
                  % args.output, file=sys.stderr)
            return 1
        print("gen_unicode_tables: %s is fresh" % args.output)
        return 0
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(text)
    print("gen_unicode_tables: wrote %s (%d bytes)" % (args.output, len(text.encode())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
