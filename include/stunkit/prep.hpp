/**
 * @file prep.hpp
 * @brief String preparation of STUN credentials: SASLprep (RFC 4013) and the PRECIS
 * OpaqueString profile (RFC 8265 §4.2).
 *
 * RFC 5389 §15.3/§15.4 run USERNAME and the long-term password through SASLprep; RFC 8489
 * §14.3 and §9.2.2 use OpaqueString instead. Both turn UTF-8 into UTF-8 in the caller's
 * buffer, allocate nothing and work in a fixed amount of stack (under 1 KB).
 *
 * This header is optional: stunkit.hpp does not include it, and it alone pulls in the
 * Unicode tables (about 52 KB of constant data, see docs/prep.md). ASCII input takes a fast
 * path that touches no table.
 */
#pragma once

#include "config.hpp"
#include "detail/normalize.hpp"
#include "detail/text.hpp"
#include "detail/unicode_tables.hpp"
#include "error.hpp"

#include <gsl/span>

#include <cstddef>
#include <cstdint>
#include <string_view>

STUNKIT_BEGIN_NAMESPACE

/**
 * @brief How stringprep treats code points unassigned in Unicode 3.2 (RFC 3454 §7).
 */
enum class stringprep_mode : std::uint8_t {
    stored,  ///< Strings to be stored or compared (credentials): unassigned code points fail.
    query,   ///< Queries: unassigned code points pass through unchanged.
};

/**
 * @brief Most bytes saslprep() writes per input byte: sizing the output at
 * `saslprep_max_growth * input.size()` always suffices (U+FDFA becomes 33 bytes).
 */
inline constexpr std::size_t saslprep_max_growth = detail::unicode::nfkc_max_growth;
/**
 * @brief Most bytes opaque_string() writes per input byte: sizing the output at
 * `opaque_string_max_growth * input.size()` always suffices.
 */
inline constexpr std::size_t opaque_string_max_growth = detail::unicode::nfc_max_growth;

namespace detail {

/**
 * @brief ASCII fast path shared by both profiles: for ASCII, every mapping and normalization
 * step is the identity, so only control characters (prohibited by both) need a look.
 */
inline result<std::size_t> prepare_ascii(std::string_view input, gsl::span<char> output) noexcept {
    for (const char c : input) {
        if (is_ascii_control(static_cast<std::uint8_t>(c))) return errc::prohibited_code_point;
    }
    if (input.size() > output.size()) return errc::output_too_small;
    char* out = output.data();
    for (std::size_t i = 0; i < input.size(); ++i) out[i] = input[i];
    return input.size();
}

/**
 * @brief The contextual rules of RFC 5892 appendix A that RFC 8264 §4.3.3 (FreeformClass)
 * requires for CONTEXTJ and CONTEXTO code points, checked in one pass over the prepared text.
 *
 * Rules that look ahead (MIDDLE DOT, KERAIA, ZERO WIDTH NON-JOINER) stay pending until the
 * next code point; rules about the whole string are settled by finish().
 */
class freeform_checker {
public:
    /**
     * @brief Checks the next prepared code point, its combining class and its
     * precis_properties(). Returns the error of the first rule broken, or errc{}.
     */
    constexpr errc next(char32_t cp, std::uint8_t ccc, std::uint32_t props) noexcept {
        namespace u = unicode;
        const std::uint32_t joining = (props >> u::jt_shift) & u::jt_mask;
        const std::uint32_t script = (props >> u::sc_shift) & u::sc_mask;
        // Rules waiting for After(cp).
        if (middle_dot_pending_ && cp != 0x006CU) return errc::prohibited_code_point;
        if (keraia_pending_ && script != u::sc_greek) return errc::prohibited_code_point;
        middle_dot_pending_ = keraia_pending_ = false;
        if (zwnj_pending_ && joining != u::jt_t) {
            // (Joining_Type:{L,D})(Joining_Type:T)* ZWNJ (Joining_Type:T)*(Joining_Type:{R,D})
            if (joining != u::jt_r && joining != u::jt_d) return errc::prohibited_code_point;
            zwnj_pending_ = false;
        }
        switch (props & u::ff_mask) {
        case u::ff_valid: break;
        case u::ff_unassigned: return errc::unassigned_code_point;
        case u::ff_contextj:
            if (has_previous_ && previous_ccc_ == virama) break;  // A.1 and A.2: after a virama
            if (cp == 0x200DU) return errc::prohibited_code_point;
            if (last_joining_ != u::jt_l && last_joining_ != u::jt_d) {
                return errc::prohibited_code_point;
            }
            zwnj_pending_ = true;
            break;
        case u::ff_contexto:
            if (cp == 0x00B7U) {  // A.3 MIDDLE DOT: between two 'l'
                if (!has_previous_ || previous_ != 0x006CU) return errc::prohibited_code_point;
                middle_dot_pending_ = true;
            } else if (cp == 0x0375U) {  // A.4 GREEK LOWER NUMERAL SIGN: Greek follows
                keraia_pending_ = true;
            } else if (cp == 0x05F3U || cp == 0x05F4U) {  // A.5, A.6: after Hebrew
                if (!has_previous_ || previous_script_ != u::sc_hebrew) {
                    return errc::prohibited_code_point;
                }
            } else if (cp == 0x30FBU) {  // A.7 KATAKANA MIDDLE DOT
                katakana_middle_dot_ = true;
            } else if (cp >= 0x0660U && cp <= 0x0669U) {  // A.8
                arabic_indic_digit_ = true;
            } else if (cp >= 0x06F0U && cp <= 0x06F9U) {  // A.9
                extended_arabic_indic_digit_ = true;
            } else {
                return errc::prohibited_code_point;  // a CONTEXTO code point without a rule
            }
            break;
        default: return errc::prohibited_code_point;
        }
        if (script == u::sc_hira_kata_han) hira_kata_han_ = true;
        if (joining != u::jt_t) last_joining_ = joining;
        previous_ = cp;
        previous_ccc_ = ccc;
        previous_script_ = script;
        has_previous_ = true;
        return errc{};
    }

    /** @brief Settles the rules about the whole string; errc{} when all hold. */
    constexpr errc finish() const noexcept {
        if (middle_dot_pending_ || keraia_pending_ || zwnj_pending_) {
            return errc::prohibited_code_point;  // nothing follows
        }
        // A.7: KATAKANA MIDDLE DOT needs Hiragana, Katakana or Han somewhere in the string.
        if (katakana_middle_dot_ && !hira_kata_han_) return errc::prohibited_code_point;
        // A.8, A.9: Arabic-Indic and Extended Arabic-Indic digits never mix.
        if (arabic_indic_digit_ && extended_arabic_indic_digit_) {
            return errc::prohibited_code_point;
        }
        return errc{};
    }

private:
    static constexpr std::uint8_t virama = 9;  // Canonical_Combining_Class Virama

    char32_t previous_ = 0;
    std::uint32_t previous_script_ = 0;
    std::uint32_t last_joining_ = 0;  // Joining_Type of the nearest preceding non-T code point
    std::uint8_t previous_ccc_ = 0;
    bool has_previous_ = false;
    bool middle_dot_pending_ = false;
    bool keraia_pending_ = false;
    bool zwnj_pending_ = false;
    bool katakana_middle_dot_ = false;
    bool hira_kata_han_ = false;
    bool arabic_indic_digit_ = false;
    bool extended_arabic_indic_digit_ = false;
};

}  // namespace detail

/**
 * @brief Prepares `input` with SASLprep (RFC 4013), writing UTF-8 into `output` and returning
 * its length.
 *
 * The stringprep (RFC 3454) steps with RFC 4013's tables, all as of Unicode 3.2:
 * 1. map (§2.1): B.1 characters to nothing, C.1.2 non-ASCII spaces to U+0020 (U+200B is in
 *    both; B.1 wins, so it disappears);
 * 2. normalize with NFKC (§2.2);
 * 3. prohibit (§2.3) the output of tables C.1.2, C.2.1, C.2.2, C.3-C.9, and in `stored` mode
 *    code points unassigned in Unicode 3.2 (A.1; RFC 3454 §7);
 * 4. check bidi (§2.4, RFC 3454 §6): with any RandALCat (D.1) character there may be no LCat
 *    (D.2) character and the text must start and end with RandALCat.
 *
 * An empty result is not an error (a SASL mechanism may forbid it). ASCII input is checked
 * for control characters and copied, with no table lookup.
 *
 * Errors: errc::invalid_utf8 (checked first), errc::prohibited_code_point,
 * errc::unassigned_code_point, errc::bidi_violation, errc::text_too_long (a character
 * followed by more than detail::max_combining_marks combining marks), and
 * errc::output_too_small (reported only when the text is otherwise acceptable). Of several
 * broken rules, the one met first while scanning the prepared text is reported; the bidi
 * rule, which needs the whole text, comes last. `saslprep_max_growth * input.size()` bytes always
 * suffice. `output` must not overlap `input`; on error its contents are unspecified.
 */
inline result<std::size_t> saslprep(std::string_view input, gsl::span<char> output,
                                    stringprep_mode mode = stringprep_mode::stored) noexcept {
    if (detail::is_ascii(input)) return detail::prepare_ascii(input, output);
    if (!detail::is_valid_utf8(input)) return errc::invalid_utf8;
    namespace u = detail::unicode;

    detail::utf8_writer writer(output);
    // Unicode 3.2 normalization: RFC 3454 §2 pins NFKC to Unicode 3.2.
    detail::normalizer norm(true);
    errc error{};
    bool any = false;
    bool has_randal = false;
    bool has_l = false;
    bool first_randal = false;
    bool last_randal = false;
    const auto emit = [&](char32_t cp, std::uint8_t) {
        if (error != errc{}) return;
        const std::uint32_t props = detail::stringprep_properties(cp);
        if ((props & u::sp_prohibited) != 0) {
            error = errc::prohibited_code_point;
            return;
        }
        if (mode == stringprep_mode::stored && (props & u::sp_a1) != 0) {
            error = errc::unassigned_code_point;
            return;
        }
        const bool randal = (props & u::sp_d1) != 0;
        if (!any) first_randal = randal;
        any = true;
        last_randal = randal;
        has_randal = has_randal || randal;
        has_l = has_l || (props & u::sp_d2) != 0;
        writer.put(cp);
    };
    const auto push = [&norm, &emit](char32_t cp) {
        return norm.push(cp, detail::combining_class(cp), emit);
    };
    for (std::size_t i = 0; i < input.size();) {
        char32_t cp = detail::decode_utf8(input, i);
        const std::uint32_t props = detail::stringprep_properties(cp);
        if ((props & u::sp_b1) != 0) continue;    // RFC 4013 §2.1: mapped to nothing
        if ((props & u::sp_c12) != 0) cp = U' ';  // RFC 4013 §2.1: non-ASCII space
        // A code point unassigned in Unicode 3.2 has no decomposition and class 0 there.
        const bool ok = (props & u::sp_a1) != 0 ? norm.push(cp, 0, emit)
                                                : detail::decompose(cp, true, true, push);
        if (!ok) return errc::text_too_long;
        if (error != errc{}) return error;
    }
    norm.finish(emit);
    if (error != errc{}) return error;
    if (has_randal && (has_l || !first_randal || !last_randal)) return errc::bidi_violation;
    if (!writer.fits()) return errc::output_too_small;
    return writer.size();
}

/**
 * @brief Prepares and enforces `input` with the PRECIS OpaqueString profile (RFC 8265 §4.2),
 * writing UTF-8 into `output` and returning its length.
 *
 * Enforcement (RFC 8265 §4.2.2) prepares first: every input code point must belong to the
 * FreeformClass (RFC 8264 §4.3). Then the rules in RFC 8264 §7 order: width mapping none;
 * additional mapping of non-ASCII spaces (General_Category Zs) to U+0020; case mapping none;
 * NFC; no directionality rule; and the FreeformClass again on the result, with its contextual
 * rules (RFC 5892 appendix A). The derived property values (RFC 8264 §8) are computed from
 * Unicode 15.0. An empty result is an error (RFC 8265 §4.2.2). Conjoining Hangul jamo are
 * DISALLOWED (RFC 8264 §9.9), so decomposed (NFD) Hangul input fails even though NFC would
 * compose it.
 *
 * ASCII input is checked for control characters and copied, with no table lookup.
 *
 * Errors: errc::invalid_utf8 (checked first), errc::prohibited_code_point (DISALLOWED, or a
 * contextual rule not met), errc::unassigned_code_point, errc::text_too_long (a character
 * followed by more than detail::max_combining_marks combining marks), errc::empty_text, and
 * errc::output_too_small (reported only when the text is otherwise acceptable). Of several
 * broken rules, the one met first while scanning the text is reported. `opaque_string_max_growth *
 * input.size()` bytes always suffice. `output` must not overlap `input`; on error its contents are
 * unspecified.
 */
inline result<std::size_t> opaque_string(std::string_view input, gsl::span<char> output) noexcept {
    if (input.empty()) return errc::empty_text;
    if (detail::is_ascii(input)) return detail::prepare_ascii(input, output);
    if (!detail::is_valid_utf8(input)) return errc::invalid_utf8;

    detail::utf8_writer writer(output);
    detail::normalizer norm(false);
    detail::freeform_checker checker;
    errc error{};
    const auto emit = [&](char32_t cp, std::uint8_t ccc) {
        if (error != errc{}) return;
        error = checker.next(cp, ccc, detail::precis_properties(cp));
        if (error == errc{}) writer.put(cp);
    };
    const auto push = [&norm, &emit](char32_t cp) {
        return norm.push(cp, detail::combining_class(cp), emit);
    };
    namespace u = detail::unicode;
    for (std::size_t i = 0; i < input.size();) {
        char32_t cp = detail::decode_utf8(input, i);
        const std::uint32_t props = detail::precis_properties(cp);
        // RFC 8265 §4.2.2: enforcement first prepares (§4.2.1), so the input, too, must be
        // FreeformClass; the contextual rules are checked on the result.
        if ((props & u::ff_mask) == u::ff_disallowed) return errc::prohibited_code_point;
        if ((props & u::ff_mask) == u::ff_unassigned) return errc::unassigned_code_point;
        // RFC 8265 §4.2.2 rule 2: "non-ASCII space" (Zs other than U+0020) maps to U+0020.
        if ((props & u::precis_space) != 0) cp = U' ';
        if (!detail::decompose(cp, false, false, push)) return errc::text_too_long;
        if (error != errc{}) return error;
    }
    norm.finish(emit);
    if (error != errc{}) return error;
    error = checker.finish();
    if (error != errc{}) return error;
    if (writer.size() == 0) return errc::empty_text;
    if (!writer.fits()) return errc::output_too_small;
    return writer.size();
}

STUNKIT_END_NAMESPACE
