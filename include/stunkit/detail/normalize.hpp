/**
 * @file detail/normalize.hpp
 * @brief Unicode normalization (UAX #15 NFC and NFKC) without heap, over the generated tables.
 *
 * The normalizer streams: code points go in one at a time (already decomposed), and each
 * finished code point comes out through a callback. It buffers only the current segment, a
 * starter and the combining marks after it, so its working space is fixed and small
 * (max_combining_marks); a longer run of marks is refused rather than grown into.
 *
 * Data: the current Unicode Character Database (detail/unicode_tables.hpp). Normalization of
 * assigned characters is stable across Unicode versions (Unicode's normalization stability
 * policy), so NFKC of text assigned in Unicode 3.2 equals stringprep's Unicode 3.2 NFKC. For
 * stringprep, code points unassigned in Unicode 3.2 are passed through untouched (no mapping,
 * combining class 0, never composed), exactly as a Unicode 3.2 normalizer treats them.
 */
#pragma once

#include "../config.hpp"
#include "../error.hpp"
#include "text.hpp"
#include "unicode_tables.hpp"

#include <gsl/span>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

STUNKIT_BEGIN_NAMESPACE
namespace detail {

/** @brief Most combining marks the normalizer accepts after one starter (errc::text_too_long). */
inline constexpr std::size_t max_combining_marks = 63;

/** @brief Which Unicode normalization form (UAX #15 §1.2). */
enum class normalization_form : std::uint8_t {
    nfc,   ///< Canonical decomposition, then canonical composition.
    nfkc,  ///< Compatibility decomposition, then canonical composition.
};

// ---------------------------------------------------------------------------------------------
// Table lookups
// ---------------------------------------------------------------------------------------------

/**
 * @brief The value a step table gives `cp`: the low `bits` bits of the last entry whose first
 * code point (the bits above) is at most `cp`. Entry 0 starts at U+0000.
 */
template <std::size_t N>
constexpr std::uint32_t step_lookup(const std::uint32_t (&table)[N], char32_t cp,
                                    unsigned bits) noexcept {
    std::size_t lo = 0;
    std::size_t hi = N;
    while (hi - lo > 1) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if ((table[mid] >> bits) <= static_cast<std::uint32_t>(cp)) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return table[lo] & ((std::uint32_t{1} << bits) - 1U);
}

/** @brief True for U+0000-U+001F and U+007F, the ASCII control characters. */
constexpr bool is_ascii_control(char32_t cp) noexcept { return cp < 0x20U || cp == 0x7FU; }

/** @brief The RFC 3454 table bits (unicode::sp_*) of `cp`. */
constexpr std::uint32_t stringprep_properties(char32_t cp) noexcept {
    if (cp < 0x80U) {  // what the table says about ASCII (checked by tests/prep_test.cpp)
        if (is_ascii_control(cp)) return unicode::sp_prohibited;  // C.2.1
        const bool letter = (cp >= U'A' && cp <= U'Z') || (cp >= U'a' && cp <= U'z');
        return letter ? unicode::sp_d2 : 0;  // bidi L
    }
    return step_lookup(unicode::stringprep_properties, cp, unicode::sp_bits);
}

/** @brief The FreeformClass, Joining_Type, Script and space fields (unicode::ff_* etc.) of `cp`. */
constexpr std::uint32_t precis_properties(char32_t cp) noexcept {
    if (cp < 0x80U) {  // what the table says about ASCII (checked by tests/prep_test.cpp)
        return is_ascii_control(cp) ? unicode::ff_disallowed : unicode::ff_valid;
    }
    return step_lookup(unicode::precis_properties, cp, unicode::precis_bits);
}

/** @brief Canonical_Combining_Class of `cp` (UAX #44). */
constexpr std::uint8_t combining_class(char32_t cp) noexcept {
    if (cp < 0x300U) return 0;  // nothing below U+0300 combines
    return static_cast<std::uint8_t>(
        step_lookup(unicode::combining_classes, cp, unicode::ccc_bits));
}

/** @brief Hangul syllable algorithm constants (Unicode §3.12). */
namespace hangul {
inline constexpr char32_t s_base = 0xAC00;    ///< First precomposed syllable.
inline constexpr char32_t l_base = 0x1100;    ///< First leading consonant.
inline constexpr char32_t v_base = 0x1161;    ///< First vowel.
inline constexpr char32_t t_base = 0x11A7;    ///< One before the first trailing consonant.
inline constexpr std::uint32_t l_count = 19;  ///< Leading consonants.
inline constexpr std::uint32_t v_count = 21;  ///< Vowels.
inline constexpr std::uint32_t t_count = 28;  ///< Trailing consonants, plus "none".
inline constexpr std::uint32_t s_count = l_count * v_count * t_count;  ///< Syllables.
}  // namespace hangul

/** @brief A decoded decomposition table entry. */
struct decomposition_entry {
    std::uint32_t value = 0;   ///< The entry's packed value (see unicode_tables.hpp).
    std::uint32_t offset = 0;  ///< Distance of the code point from the start of the entry's run.
    bool found = false;        ///< False when the code point has no mapping.

    /** @brief Length of the mapping in UTF-16 units. */
    constexpr std::uint32_t length() const noexcept { return (value >> 18U) & 31U; }
    /** @brief True for a compatibility (not canonical) mapping. */
    constexpr bool compat() const noexcept { return ((value >> 24U) & 1U) != 0; }
    /** @brief The target of a one-code-point mapping. */
    constexpr char32_t single() const noexcept {
        const std::uint32_t stride = (value >> 23U) & 1U;
        return static_cast<char32_t>((value & 0x3FFFFU) + stride * offset);
    }
    /** @brief Offset of a longer mapping in the UTF-16 pool. */
    constexpr std::uint32_t pool_offset() const noexcept { return value & 0x3FFFFU; }
};

/** @brief The Decomposition_Mapping entry of `cp` (Hangul syllables have none here). */
constexpr decomposition_entry find_decomposition(char32_t cp) noexcept {
    decomposition_entry e;
    if (cp < 0xA0U || cp > 0x10FFFFU) return e;  // nothing below U+00A0 decomposes
    const std::size_t plane = static_cast<std::size_t>(cp >> 16U);
    std::size_t lo = unicode::decomposition_planes[plane];
    std::size_t hi = unicode::decomposition_planes[plane + 1];
    const auto key = static_cast<std::uint16_t>(cp & 0xFFFFU);
    if (lo == hi || unicode::decomposition_keys[lo] > key) return e;
    while (hi - lo > 1) {  // the last entry of the plane whose key is at most `key`
        const std::size_t mid = lo + (hi - lo) / 2;
        if (unicode::decomposition_keys[mid] <= key) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    const std::uint32_t value = unicode::decomposition_values[lo];
    const std::uint32_t offset = static_cast<std::uint32_t>(key - unicode::decomposition_keys[lo]);
    if (offset > (value >> 25U)) return e;  // past the end of the run
    e.value = value;
    e.offset = offset;
    e.found = true;
    return e;
}

/** @brief Decodes the code point at `units[i]` of the UTF-16 pool and advances `i`. */
constexpr char32_t pool_code_point(std::uint32_t& i) noexcept {
    const std::uint32_t u = unicode::decomposition_pool[i++];
    if (u < 0xD800U || u > 0xDBFFU) return static_cast<char32_t>(u);
    const std::uint32_t low = unicode::decomposition_pool[i++];
    return static_cast<char32_t>(0x10000U + ((u - 0xD800U) << 10U) + (low - 0xDC00U));
}

/** @brief The first code point of decomposition entry `entry`. */
constexpr char32_t entry_code_point(std::size_t entry) noexcept {
    std::size_t plane = 0;
    while (unicode::decomposition_planes[plane + 1] <= entry) ++plane;
    return static_cast<char32_t>((plane << 16U) | unicode::decomposition_keys[entry]);
}

/** @brief The primary composite of `a` followed by `b` (UAX #15 D114), or 0 when none. */
constexpr char32_t compose_pair(char32_t a, char32_t b) noexcept {
    namespace h = hangul;
    if (a >= h::l_base && a < h::l_base + h::l_count && b >= h::v_base &&
        b < h::v_base + h::v_count) {
        return h::s_base + ((a - h::l_base) * h::v_count + (b - h::v_base)) * h::t_count;  // LV
    }
    if (a >= h::s_base && a < h::s_base + h::s_count && (a - h::s_base) % h::t_count == 0 &&
        b > h::t_base && b < h::t_base + h::t_count) {
        return a + (b - h::t_base);  // LV + T
    }
    if (b < 0x300U) return 0;  // no table pair has a second code point below U+0300
    constexpr std::size_t n = sizeof(unicode::compositions) / sizeof(unicode::compositions[0]);
    std::size_t lo = 0;
    std::size_t hi = n;
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        const std::uint16_t entry = unicode::compositions[mid];
        std::uint32_t i = unicode::decomposition_values[entry] & 0x3FFFFU;
        const char32_t first = pool_code_point(i);
        const char32_t second = pool_code_point(i);
        if (first == a && second == b) return entry_code_point(entry);  // a run of one
        if (first < a || (first == a && second < b)) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return 0;
}

/**
 * @brief The Unicode 3.2 singleton mapping of `cp` where a later Normalization Corrigendum
 * changed it (NormalizationCorrections.txt), or 0.
 */
constexpr char32_t unicode_3_2_mapping(char32_t cp) noexcept {
    constexpr std::size_t n = sizeof(unicode::unicode_3_2_mappings) / sizeof(std::uint32_t);
    for (std::size_t i = 0; i + 1 < n; i += 2) {
        if (unicode::unicode_3_2_mappings[i] == cp) {
            return static_cast<char32_t>(unicode::unicode_3_2_mappings[i + 1]);
        }
    }
    return 0;
}

/**
 * @brief True when the starter `cp` can be the second code point of a composition: a Hangul
 * vowel or trailing consonant, or one of the few listed in unicode::composing_starters.
 */
constexpr bool composes_as_starter(char32_t cp) noexcept {
    if (cp < unicode::composing_starters[0]) return false;
    if ((cp >= hangul::v_base && cp < hangul::v_base + hangul::v_count) ||
        (cp > hangul::t_base && cp < hangul::t_base + hangul::t_count)) {
        return true;
    }
    for (const std::uint32_t s : unicode::composing_starters) {
        if (s == cp) return true;
    }
    return false;
}

/**
 * @brief Appends the full decomposition of `cp` (canonical, or compatibility when `compat`)
 * to `push`, one code point at a time, in order; returns false as soon as `push` does.
 *
 * With `unicode_3_2`, the few mappings corrected after Unicode 3.2 keep their 3.2 value.
 * Mappings are stored single-level; an explicit stack of unicode::decomposition_stack_size
 * (the exact need, computed by the generator) replaces recursion.
 */
template <class Push>
constexpr bool decompose(char32_t cp, bool compat, bool unicode_3_2, Push&& push) noexcept {
    if (cp < hangul::s_base || cp >= hangul::s_base + hangul::s_count) {
        // Most text: nothing to expand. (The corrected mappings are all canonical.)
        const decomposition_entry e = find_decomposition(cp);
        if (!e.found || (e.compat() && !compat)) return push(cp);
    }
    std::array<char32_t, unicode::decomposition_stack_size> stack{};
    std::size_t depth = 0;
    stack[depth++] = cp;
    while (depth != 0) {
        const char32_t c = stack[--depth];
        if (c >= hangul::s_base && c < hangul::s_base + hangul::s_count) {
            // Unicode §3.12: a syllable is L V or L V T; none of them decomposes further.
            const std::uint32_t s = c - hangul::s_base;
            const std::uint32_t lv_count = hangul::v_count * hangul::t_count;
            const std::uint32_t t = s % hangul::t_count;
            if (!push(hangul::l_base + s / lv_count)) return false;
            if (!push(hangul::v_base + (s % lv_count) / hangul::t_count)) return false;
            if (t != 0 && !push(hangul::t_base + t)) return false;
            continue;
        }
        if (unicode_3_2 && c >= 0xF900U) {
            const char32_t original = unicode_3_2_mapping(c);
            if (original != 0) {
                if (!push(original)) return false;  // the original has no decomposition
                continue;
            }
        }
        const decomposition_entry e = find_decomposition(c);
        if (!e.found || (e.compat() && !compat)) {
            if (!push(c)) return false;
            continue;
        }
        if (e.length() == 1) {
            stack[depth++] = e.single();
            continue;
        }
        // Push the mapping reversed so that its first code point is popped first.
        std::array<char32_t, 32> mapping{};
        std::size_t count = 0;
        std::uint32_t i = e.pool_offset();
        const std::uint32_t end = i + e.length();
        while (i < end) mapping[count++] = pool_code_point(i);
        if (depth + count > stack.size()) return false;  // unreachable with generated tables
        while (count != 0) stack[depth++] = mapping[--count];
    }
    return true;
}

/**
 * @brief Streaming canonical ordering and composition (UAX #15 D109, D117).
 *
 * Feed fully decomposed code points with push() and call finish() at the end; each code
 * point of the normalized text reaches `emit(cp, ccc)` exactly once, in order. In Unicode 3.2
 * mode a composite unassigned in Unicode 3.2 is never formed.
 */
class normalizer {
public:
    /** @brief A normalizer; `unicode_3_2` limits composition to Unicode 3.2 (stringprep). */
    explicit constexpr normalizer(bool unicode_3_2) noexcept : unicode_3_2_(unicode_3_2) {}

    /**
     * @brief Adds the next decomposed code point and its combining class. Returns false
     * when more than max_combining_marks marks follow one starter.
     */
    template <class Emit>
    constexpr bool push(char32_t cp, std::uint8_t ccc, Emit&& emit) noexcept {
        if (ccc != 0) {
            if (size_ == segment_.size()) return false;
            segment_[size_++] = pack(cp, ccc);
            return true;
        }
        settle();
        // A starter composes with the previous one only when nothing is left between them.
        if (has_starter_ && size_ == 1 && composes_as_starter(cp)) {
            const char32_t composite = compose(code_point(segment_[0]), cp);
            if (composite != 0) {
                segment_[0] = pack(composite, 0);
                return true;
            }
        }
        flush(emit);
        segment_[0] = pack(cp, 0);
        size_ = 1;
        has_starter_ = true;
        return true;
    }

    /** @brief Emits whatever is still buffered. */
    template <class Emit>
    constexpr void finish(Emit&& emit) noexcept {
        settle();
        flush(emit);
        has_starter_ = false;
    }

private:
    static constexpr std::uint32_t pack(char32_t cp, std::uint8_t ccc) noexcept {
        return static_cast<std::uint32_t>(cp) | (std::uint32_t{ccc} << 21U);
    }
    static constexpr char32_t code_point(std::uint32_t packed) noexcept {
        return static_cast<char32_t>(packed & 0x1FFFFFU);
    }
    static constexpr std::uint8_t ccc_of(std::uint32_t packed) noexcept {
        return static_cast<std::uint8_t>(packed >> 21U);
    }

    constexpr char32_t compose(char32_t a, char32_t b) const noexcept {
        const char32_t composite = compose_pair(a, b);
        if (composite != 0 && unicode_3_2_ &&
            (stringprep_properties(composite) & unicode::sp_a1) != 0) {
            return 0;
        }
        return composite;
    }

    // Orders the marks after the starter by combining class (stable: D109), then composes
    // each unblocked mark with the starter (D117). Afterwards no unsorted mark is pending.
    constexpr void settle() noexcept {
        const std::size_t first_mark = has_starter_ ? 1 : 0;
        for (std::size_t i = first_mark + 1; i < size_; ++i) {
            const std::uint32_t item = segment_[i];
            std::size_t j = i;
            while (j > first_mark && ccc_of(segment_[j - 1]) > ccc_of(item)) {
                segment_[j] = segment_[j - 1];
                --j;
            }
            segment_[j] = item;
        }
        if (!has_starter_) return;
        char32_t starter = code_point(segment_[0]);
        std::uint8_t last_class = 0;  // class of the last mark kept; all kept marks are sorted
        std::size_t kept = 1;
        for (std::size_t i = 1; i < size_; ++i) {
            const std::uint32_t item = segment_[i];
            const std::uint8_t cls = ccc_of(item);
            if (last_class < cls) {  // not blocked (D115)
                const char32_t composite = compose(starter, code_point(item));
                if (composite != 0) {
                    starter = composite;
                    continue;
                }
            }
            last_class = cls;
            segment_[kept++] = item;
        }
        segment_[0] = pack(starter, 0);
        size_ = kept;
    }

    template <class Emit>
    constexpr void flush(Emit& emit) noexcept {
        for (std::size_t i = 0; i < size_; ++i) emit(code_point(segment_[i]), ccc_of(segment_[i]));
        size_ = 0;
    }

    std::array<std::uint32_t, max_combining_marks + 1> segment_{};  // cp | ccc << 21
    std::size_t size_ = 0;
    bool has_starter_ = false;  // segment_[0] is a starter
    bool unicode_3_2_ = false;
};

// ---------------------------------------------------------------------------------------------
// UTF-8
// ---------------------------------------------------------------------------------------------

/** @brief Decodes the code point at `s[i]` of well-formed UTF-8 and advances `i`. */
constexpr char32_t decode_utf8(std::string_view s, std::size_t& i) noexcept {
    const auto b0 = static_cast<std::uint8_t>(s[i]);
    const auto next = [&s, &i]() {
        return static_cast<std::uint32_t>(static_cast<std::uint8_t>(s[i++]) & 0x3FU);
    };
    ++i;
    if (b0 < 0x80U) return b0;
    if (b0 < 0xE0U) return static_cast<char32_t>(((b0 & 0x1FU) << 6U) | next());
    if (b0 < 0xF0U) {
        const std::uint32_t b1 = next();
        return static_cast<char32_t>(((b0 & 0x0FU) << 12U) | (b1 << 6U) | next());
    }
    const std::uint32_t b1 = next();
    const std::uint32_t b2 = next();
    return static_cast<char32_t>(((b0 & 0x07U) << 18U) | (b1 << 12U) | (b2 << 6U) | next());
}

/**
 * @brief Writes UTF-8 into a caller's buffer, counting what does not fit instead of writing
 * it, so that the caller learns the full length.
 */
class utf8_writer {
public:
    /** @brief A writer into `out`; the view must outlive the writer. */
    explicit constexpr utf8_writer(gsl::span<char> out) noexcept
        : data_(out.data()), capacity_(out.size()) {}

    /** @brief Appends `cp` (a Unicode scalar value). */
    constexpr void put(char32_t cp) noexcept {
        const auto c = static_cast<std::uint32_t>(cp);
        if (c < 0x80U) {
            byte(c);
        } else if (c < 0x800U) {
            byte(0xC0U | (c >> 6U));
            byte(0x80U | (c & 0x3FU));
        } else if (c < 0x10000U) {
            byte(0xE0U | (c >> 12U));
            byte(0x80U | ((c >> 6U) & 0x3FU));
            byte(0x80U | (c & 0x3FU));
        } else {
            byte(0xF0U | (c >> 18U));
            byte(0x80U | ((c >> 12U) & 0x3FU));
            byte(0x80U | ((c >> 6U) & 0x3FU));
            byte(0x80U | (c & 0x3FU));
        }
    }
    /** @brief Bytes appended so far, written or not. */
    constexpr std::size_t size() const noexcept { return size_; }
    /** @brief True when everything appended fitted. */
    constexpr bool fits() const noexcept { return size_ <= capacity_; }

private:
    constexpr void byte(std::uint32_t b) noexcept {
        if (size_ < capacity_) data_[size_] = static_cast<char>(b);
        ++size_;
    }

    char* data_;
    std::size_t capacity_;
    std::size_t size_ = 0;
};

/** @brief True when every byte of `s` is ASCII. */
constexpr bool is_ascii(std::string_view s) noexcept {
    for (const char c : s) {
        if (static_cast<std::uint8_t>(c) >= 0x80U) return false;
    }
    return true;
}

/**
 * @brief Normalizes UTF-8 `input` to `form`, writing UTF-8 into `output`.
 *
 * Errors: errc::invalid_utf8, errc::text_too_long (more than max_combining_marks combining
 * marks after one starter), errc::output_too_small. `output` must not overlap `input`.
 */
inline result<std::size_t> normalize(std::string_view input, gsl::span<char> output,
                                     normalization_form form) noexcept {
    if (!is_valid_utf8(input)) return errc::invalid_utf8;
    utf8_writer writer(output);
    normalizer norm(false);
    const auto emit = [&writer](char32_t cp, std::uint8_t) { writer.put(cp); };
    const auto push = [&norm, &emit](char32_t cp) {
        return norm.push(cp, combining_class(cp), emit);
    };
    const bool compat = form == normalization_form::nfkc;
    for (std::size_t i = 0; i < input.size();) {
        if (!decompose(decode_utf8(input, i), compat, false, push)) return errc::text_too_long;
    }
    norm.finish(emit);
    if (!writer.fits()) return errc::output_too_small;
    return writer.size();
}

}  // namespace detail
STUNKIT_END_NAMESPACE
