// Fuzz target: string preparation (prep.hpp): saslprep() in stored and query mode, and
// opaque_string().
//
// The input is the text, any bytes. For each profile (a violation aborts):
//   1. errors are only those documented, and never output_too_small with an output of
//      max_growth * input size bytes;
//   2. on success the output is well-formed UTF-8 (checked by a decoder independent of the
//      library's), holds no ASCII control character, is no longer than max_growth * input size,
//      and (OpaqueString) is not empty; ASCII input without controls comes back unchanged;
//   3. idempotence: preparing the output again succeeds and yields the same bytes;
//   4. sizing: an output buffer of exactly the result's size suffices and gives the same
//      bytes, one byte less is output_too_small;
//   5. SASLprep stored mode only adds a check: when it succeeds, query mode gives the same bytes.

#include <stunkit/prep.hpp>

#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace {

namespace sk = stunkit;

// RFC 3629 §4, written independently of stunkit::detail::is_valid_utf8.
bool well_formed_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b0 = static_cast<std::uint8_t>(s[i]);
        std::size_t n = 0;
        char32_t cp = 0;
        if (b0 < 0x80U) {
            ++i;
            continue;
        }
        if ((b0 & 0xE0U) == 0xC0U) {
            n = 2;
            cp = b0 & 0x1FU;
        } else if ((b0 & 0xF0U) == 0xE0U) {
            n = 3;
            cp = b0 & 0x0FU;
        } else if ((b0 & 0xF8U) == 0xF0U) {
            n = 4;
            cp = b0 & 0x07U;
        } else {
            return false;
        }
        if (s.size() - i < n) return false;
        for (std::size_t k = 1; k < n; ++k) {
            const auto b = static_cast<std::uint8_t>(s[i + k]);
            if ((b & 0xC0U) != 0x80U) return false;
            cp = (cp << 6U) | (b & 0x3FU);
        }
        const char32_t min = n == 2 ? 0x80U : n == 3 ? 0x800U : 0x10000U;
        if (cp < min || cp > 0x10FFFFU || (cp >= 0xD800U && cp <= 0xDFFFU)) return false;
        i += n;
    }
    return true;
}

bool has_ascii_control(std::string_view s) {
    for (const char c : s) {
        const auto b = static_cast<std::uint8_t>(c);
        if (b < 0x20U || b == 0x7FU) return true;
    }
    return false;
}

bool is_ascii(std::string_view s) {
    for (const char c : s) {
        if (static_cast<std::uint8_t>(c) >= 0x80U) return false;
    }
    return true;
}

enum class profile { saslprep_stored, saslprep_query, opaque_string };

sk::result<std::size_t> prepare(profile p, std::string_view in, gsl::span<char> out) {
    switch (p) {
    case profile::saslprep_stored: return sk::saslprep(in, out, sk::stringprep_mode::stored);
    case profile::saslprep_query: return sk::saslprep(in, out, sk::stringprep_mode::query);
    case profile::opaque_string: return sk::opaque_string(in, out);
    }
    return sk::errc::invalid_argument;
}

std::size_t growth(profile p) {
    return p == profile::opaque_string ? sk::opaque_string_max_growth : sk::saslprep_max_growth;
}

bool documented_error(profile p, sk::errc e) {
    switch (e) {
    case sk::errc::invalid_utf8:
    case sk::errc::prohibited_code_point:
    case sk::errc::text_too_long:
        return true;
    case sk::errc::unassigned_code_point: return p != profile::saslprep_query;
    case sk::errc::bidi_violation: return p != profile::opaque_string;
    case sk::errc::empty_text: return p == profile::opaque_string;
    default: return false;
    }
}

// Runs one profile over `in`; returns the prepared text (in `out`) or an error.
sk::result<std::string_view> check_profile(profile p, std::string_view in, std::vector<char>& out) {
    out.assign(growth(p) * in.size(), '\0');
    const auto n = prepare(p, in, out);
    if (!n) {
        FUZZ_CHECK(documented_error(p, n.error()));
        if (n.error() == sk::errc::empty_text) FUZZ_CHECK(in.empty() || !is_ascii(in));
        if (n.error() == sk::errc::invalid_utf8) FUZZ_CHECK(!well_formed_utf8(in));
        return n.error();
    }
    FUZZ_CHECK(well_formed_utf8(in));
    FUZZ_CHECK(*n <= out.size());
    const std::string_view prepared(out.data(), *n);
    FUZZ_CHECK(well_formed_utf8(prepared));
    FUZZ_CHECK(!has_ascii_control(prepared));
    if (p == profile::opaque_string) FUZZ_CHECK(!prepared.empty());
    if (is_ascii(in)) FUZZ_CHECK(prepared == in);

    // Idempotence.
    std::vector<char> again(growth(p) * prepared.size());
    const auto m = prepare(p, prepared, again);
    FUZZ_CHECK(m.has_value());
    FUZZ_CHECK(std::string_view(again.data(), *m) == prepared);

    // Exact sizing; one byte less is output_too_small.
    std::vector<char> exact(prepared.size());
    const auto e = prepare(p, in, exact);
    FUZZ_CHECK(e.has_value() && *e == prepared.size());
    FUZZ_CHECK(std::string_view(exact.data(), *e) == prepared);
    if (!prepared.empty()) {
        const auto s = prepare(p, in, gsl::span<char>(exact.data(), exact.size() - 1));
        FUZZ_CHECK(!s && s.error() == sk::errc::output_too_small);
    }
    return prepared;
}

std::vector<char> stored_out;
std::vector<char> query_out;
std::vector<char> opaque_out;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto stored = check_profile(profile::saslprep_stored, input, stored_out);
    const auto query = check_profile(profile::saslprep_query, input, query_out);
    static_cast<void>(check_profile(profile::opaque_string, input, opaque_out));
    if (stored) FUZZ_CHECK(query && *query == *stored);
    return 0;
}
