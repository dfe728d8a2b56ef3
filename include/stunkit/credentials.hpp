/**
 * @file credentials.hpp
 * @brief The long-term credential mechanism around the MAC (RFC 8489 §9.2): the nonce cookie,
 * PASSWORD-ALGORITHMS bid-down protection on both sides, and the error responses a server
 * challenges or refuses a request with (401, 438, 400, 420).
 *
 * Keys and MACs live in integrity.hpp; this header never sees a password.
 */
#pragma once

#include "attributes.hpp"
#include "builder.hpp"
#include "config.hpp"
#include "detail/wire.hpp"
#include "error.hpp"
#include "message.hpp"
#include "registry.hpp"
#include "types.hpp"

#include <gsl/span>

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>

STUNKIT_BEGIN_NAMESPACE

// ---------------------------------------------------------------------------------------------
// Nonce cookie (RFC 8489 §9.2)
// ---------------------------------------------------------------------------------------------

/** @brief The text every RFC 8489 nonce cookie starts with (§9.2). */
inline constexpr std::string_view nonce_cookie_prefix = "obMatJos2";
/**
 * @brief The size of a whole nonce cookie: nonce_cookie_prefix, then the 24-bit security
 * feature set as 4 base64 characters (§9.2).
 */
inline constexpr std::size_t nonce_cookie_size = nonce_cookie_prefix.size() + 4;

/**
 * @brief The bits of the STUN Security Features registry (RFC 8489 §18.1) as a nonce cookie
 * carries them. Numbered as RFC Errata 6290 says: bit 0 is the least significant bit, so the
 * RFC 8489 Appendix B.1 nonce "obMatJos2AAAC..." (value 2) sets username anonymity.
 */
namespace security_feature_bit {
inline constexpr std::uint32_t password_algorithms = 0x000001U;  ///< Bit 0: PASSWORD-ALGORITHMS is offered (§9.2.4).
inline constexpr std::uint32_t username_anonymity = 0x000002U;   ///< Bit 1: USERHASH is accepted (§9.2.4).
inline constexpr std::uint32_t mask = 0xFFFFFFU;                 ///< The 24 bits a cookie holds.
}  // namespace security_feature_bit

/** @brief The security features a server announces in its nonce cookie (RFC 8489 §9.2). */
struct security_features {
    bool password_algorithms = false;  ///< The server offers PASSWORD-ALGORITHMS (bid-down protection).
    bool username_anonymity = false;   ///< The server accepts USERHASH in place of USERNAME.

    /** @brief The 24-bit feature set these flags make (bits stunkit does not name are zero). */
    constexpr std::uint32_t bits() const noexcept {
        return (password_algorithms ? security_feature_bit::password_algorithms : 0U) |
               (username_anonymity ? security_feature_bit::username_anonymity : 0U);
    }
    /** @brief The named flags of a received feature set; other bits are ignored. */
    static constexpr security_features from_bits(std::uint32_t bits) noexcept {
        return {(bits & security_feature_bit::password_algorithms) != 0,
                (bits & security_feature_bit::username_anonymity) != 0};
    }
    /** @brief Same flags. */
    friend constexpr bool operator==(security_features a, security_features b) noexcept {
        return a.password_algorithms == b.password_algorithms && a.username_anonymity == b.username_anonymity;
    }
    /** @brief Not operator==. */
    friend constexpr bool operator!=(security_features a, security_features b) noexcept { return !(a == b); }
};

/** @brief A nonce cookie taken apart. Lifetime: `opaque` borrows the nonce text. */
struct nonce_cookie_view {
    security_features features;  ///< The flags stunkit knows.
    std::uint32_t bits = 0;      ///< The whole 24-bit feature set as received, unassigned bits included.
    std::string_view opaque;     ///< The rest of the nonce after the cookie (the server's own part).
};

namespace detail {
/** @brief The base64 digit (RFC 4648 §4 alphabet) of a 6-bit value. */
constexpr char base64_digit(std::uint32_t v) noexcept {
    if (v < 26) return static_cast<char>('A' + v);
    if (v < 52) return static_cast<char>('a' + (v - 26));
    if (v < 62) return static_cast<char>('0' + (v - 52));
    return v == 62 ? '+' : '/';
}
/** @brief The 6-bit value of a base64 digit (RFC 4648 §4 alphabet), or -1. */
constexpr int base64_value(char c) noexcept {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}
}  // namespace detail

/**
 * @brief Writes a NONCE value that starts with the nonce cookie (RFC 8489 §9.2): the prefix,
 * `features` as 4 base64 characters, then `opaque_suffix` (the server's own nonce data).
 *
 * Errors: errc::text_too_long when the nonce would exceed what NONCE may carry when sent
 * (attr::nonce::max_encoded_size), errc::invalid_utf8 for a suffix that is not UTF-8,
 * errc::output_too_small when `out` cannot hold it. Lifetime: the result views `out`.
 */
inline result<std::string_view> format_nonce_cookie(gsl::span<char> out, security_features features,
                                                    std::string_view opaque_suffix) noexcept {
    const std::size_t size = nonce_cookie_size + opaque_suffix.size();
    if (opaque_suffix.size() > attr::nonce::max_encoded_size - nonce_cookie_size) return errc::text_too_long;
    if (size > out.size()) return errc::output_too_small;
    char* p = out.data();
    for (const char c : nonce_cookie_prefix) *p++ = c;
    const std::uint32_t bits = features.bits();
    for (std::uint32_t shift = 18;; shift -= 6) {
        *p++ = detail::base64_digit((bits >> shift) & 0x3FU);
        if (shift == 0) break;
    }
    for (const char c : opaque_suffix) *p++ = c;
    const std::string_view nonce(out.data(), size);
    const auto checked = attr::nonce::encoded_size(nonce);
    if (!checked) return checked.error();
    return nonce;
}

/**
 * @brief Takes apart a NONCE value that starts with the nonce cookie (RFC 8489 §9.2).
 *
 * Errors: errc::not_found when the nonce does not start with nonce_cookie_prefix (an RFC 5389
 * server), errc::invalid_argument when the 4 characters after it are missing or not base64.
 * Lifetime: the view borrows `nonce`.
 */
inline result<nonce_cookie_view> parse_nonce_cookie(std::string_view nonce) noexcept {
    // No substr(): it can throw, and firmware builds without exceptions.
    const std::size_t prefix = nonce_cookie_prefix.size();
    if (nonce.size() < prefix || std::string_view(nonce.data(), prefix) != nonce_cookie_prefix) {
        return errc::not_found;
    }
    if (nonce.size() < nonce_cookie_size) return errc::invalid_argument;
    std::uint32_t bits = 0;
    for (std::size_t i = nonce_cookie_prefix.size(); i < nonce_cookie_size; ++i) {
        const int v = detail::base64_value(nonce[i]);
        if (v < 0) return errc::invalid_argument;
        bits = (bits << 6U) | static_cast<std::uint32_t>(v);
    }
    const std::string_view opaque(nonce.data() + nonce_cookie_size, nonce.size() - nonce_cookie_size);
    return nonce_cookie_view{security_features::from_bits(bits), bits, opaque};
}

// ---------------------------------------------------------------------------------------------
// PASSWORD-ALGORITHMS bid-down protection (RFC 8489 §9.2.4, §9.2.5)
// ---------------------------------------------------------------------------------------------

/**
 * @brief The PASSWORD-ALGORITHMS value of a server that supports both algorithms, SHA-256
 * first (RFC 8489 §14.11): what to offer in a challenge and check requests against.
 */
inline constexpr std::array<std::uint8_t, 8> password_algorithms_sha256_md5 = {0x00, 0x02, 0x00, 0x00,
                                                                               0x00, 0x01, 0x00, 0x00};

namespace detail {
/** @brief Byte-wise equality of two views (public data: not constant time). */
inline bool same_bytes(bytes_view a, bytes_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i]) return false;
    }
    return true;
}
}  // namespace detail

/**
 * @brief The server's check of an authenticated request (RFC 8489 §9.2.4): returns the
 * password algorithm whose key verifies its MESSAGE-INTEGRITY(-SHA256).
 *
 * `offered` is the PASSWORD-ALGORITHMS value (wire bytes, without the attribute header) the
 * server sent with the NONCE this request uses, or empty when it offered none. Then:
 * - When the request carries both attributes, PASSWORD-ALGORITHMS must equal `offered` byte
 *   for byte and PASSWORD-ALGORITHM must equal one of its entries; the result is that entry's
 *   algorithm. Otherwise errc::algorithm_mismatch: an attacker stripped or edited the
 *   server's offer on the way to the client.
 * - When it carries only one of them: errc::algorithm_mismatch.
 * - When it carries neither, the client is an RFC 5389 one, which knows only MD5 (§9.2.4:
 *   "processed as though PASSWORD-ALGORITHM were MD5"): the result is MD5 if the server
 *   offered nothing or offered MD5, and errc::algorithm_mismatch when its offer left MD5 out
 *   (a server that refuses MD5 must not accept it by default). A malformed `offered` list is
 *   errc::invalid_argument.
 * A malformed attribute in the request is its decoding error (errc::bad_attribute_length).
 * Every error deserves 400 Bad Request (response_code_for()).
 */
inline result<std::uint16_t> check_password_algorithms(const message_view& request, bytes_view offered) noexcept {
    const auto echoed = request.find(attr::password_algorithms::type);
    const auto chosen = request.find(attr::password_algorithm::type);
    if (!echoed && !chosen) {
        if (offered.empty()) return attr::password_algorithm_id::md5;
        const auto list = attr::password_algorithm_list::from_bytes(offered);
        if (!list) return errc::invalid_argument;
        if (list->contains(attr::password_algorithm_id::md5)) return attr::password_algorithm_id::md5;
        return errc::algorithm_mismatch;
    }
    if (!echoed || !chosen) return errc::algorithm_mismatch;
    const auto list = request.decode<attr::password_algorithms>(*echoed);
    if (!list) return list.error();
    const auto algorithm = request.decode<attr::password_algorithm>(*chosen);
    if (!algorithm) return algorithm.error();
    if (!detail::same_bytes(list->bytes(), offered)) return errc::algorithm_mismatch;
    for (const attr::password_algorithm_value entry : *list) {
        if (entry.algorithm == algorithm->algorithm && detail::same_bytes(entry.parameters, algorithm->parameters)) {
            return algorithm->algorithm;
        }
    }
    return errc::algorithm_mismatch;
}

/**
 * @brief The client's choice from a server's PASSWORD-ALGORITHMS (RFC 8489 §9.2.5): SHA-256
 * when offered, else MD5, else errc::unknown_algorithm. The result is the entry itself, ready
 * to send as PASSWORD-ALGORITHM. Lifetime: borrows the list's bytes.
 */
inline result<attr::password_algorithm_value> select_password_algorithm(
    const attr::password_algorithm_list& offered) noexcept {
    for (const std::uint16_t preferred : {attr::password_algorithm_id::sha256, attr::password_algorithm_id::md5}) {
        for (const attr::password_algorithm_value entry : offered) {
            if (entry.algorithm == preferred) return entry;
        }
    }
    return errc::unknown_algorithm;
}

/**
 * @brief What a client answers a long-term challenge with (RFC 8489 §9.2.5). Lifetime:
 * borrows the challenge message.
 */
struct password_algorithm_choice {
    /** @brief The algorithm of the key (long_term_key()); also the PASSWORD-ALGORITHM value to send. */
    attr::password_algorithm_value algorithm{attr::password_algorithm_id::md5, {}};
    /** @brief The PASSWORD-ALGORITHMS value to echo, byte for byte, when `negotiated`. */
    attr::password_algorithm_list offered;
    /**
     * @brief True: send PASSWORD-ALGORITHMS (`offered`) and PASSWORD-ALGORITHM (`algorithm`).
     * False: the server is an RFC 5389 one; send neither and use MD5.
     */
    bool negotiated = false;
};

/**
 * @brief The client's reading of a 401 or 438 challenge (RFC 8489 §9.2.5): which password
 * algorithm to use and what to echo, with bid-down protection.
 *
 * With PASSWORD-ALGORITHMS present, select_password_algorithm() picks from it. Without it,
 * MD5 is used, unless the NONCE's cookie says the server offers password algorithms: then the
 * offer was stripped in transit and the result is errc::algorithm_mismatch (the client must
 * not retry). Other errors: errc::not_found without NONCE, the cookie's
 * errc::invalid_argument, errc::unknown_algorithm, or an attribute's decoding error.
 */
inline result<password_algorithm_choice> select_password_algorithm(const message_view& challenge) noexcept {
    const auto nonce = challenge.get<attr::nonce>();
    if (!nonce) return nonce.error();
    const auto cookie = parse_nonce_cookie(*nonce);
    if (!cookie && cookie.error() != errc::not_found) return cookie.error();
    password_algorithm_choice choice;
    const auto offered = challenge.get<attr::password_algorithms>();
    if (!offered) {
        if (offered.error() != errc::not_found) return offered.error();
        if (cookie && cookie->features.password_algorithms) return errc::algorithm_mismatch;
        return choice;
    }
    const auto selected = select_password_algorithm(*offered);
    if (!selected) return selected.error();
    choice.algorithm = *selected;
    choice.offered = *offered;
    choice.negotiated = true;
    return choice;
}

// ---------------------------------------------------------------------------------------------
// Error responses (RFC 8489 §6.3, §9.2.4)
// ---------------------------------------------------------------------------------------------

/**
 * @brief Starts the error response to `request` (RFC 8489 §6.3): same method, same
 * transaction id (the 128-bit one for a legacy request), ERROR-CODE `code` with `reason`, or
 * the registered reason phrase (default_reason()) when `reason` is empty.
 *
 * The builder is returned unfinished, so the caller can add SOFTWARE and more, then call
 * finish() or add_fingerprint(). Only requests are answered: for any other class the builder
 * fails with errc::invalid_argument. A `code` outside 300-699 fails with errc::bad_error_code.
 * Lifetime: the builder writes into `buffer`.
 */
inline message_builder start_error_response(mutable_bytes buffer, const message_view& request,
                                            std::uint16_t code, std::string_view reason = {}) noexcept {
    const message_type type{request.method(), message_class::error_response};
    message_builder b = request.legacy() ? message_builder(buffer, type, request.legacy_transaction_id())
                                         : message_builder(buffer, type, request.transaction_id());
    if (request.klass() != message_class::request) b.fail(errc::invalid_argument);
    b.add<attr::error_code>(attr::error_code_value{code, reason.empty() ? default_reason(code) : reason});
    return b;
}

/**
 * @brief What a server challenges a client with (RFC 8489 §9.2.4). Lifetime: borrows the
 * caller's strings and bytes.
 */
struct auth_challenge {
    std::string_view realm;  ///< REALM (§14.9), already prepared with OpaqueString.
    std::string_view nonce;  ///< NONCE (§14.10), e.g. made by format_nonce_cookie().
    /**
     * @brief The PASSWORD-ALGORITHMS value to offer (wire bytes, e.g.
     * password_algorithms_sha256_md5), or empty for none. Keep the same bytes for
     * check_password_algorithms().
     */
    bytes_view password_algorithms;
};

namespace detail {
/** @brief Appends REALM, NONCE and, when offered, PASSWORD-ALGORITHMS. */
inline void add_challenge(message_builder& b, const auth_challenge& challenge) noexcept {
    b.add<attr::realm>(challenge.realm).add<attr::nonce>(challenge.nonce);
    if (challenge.password_algorithms.empty()) return;
    const auto list = attr::password_algorithm_list::from_bytes(challenge.password_algorithms);
    if (!list) {
        b.fail(errc::invalid_argument);
        return;
    }
    b.add<attr::password_algorithms>(*list);
}
}  // namespace detail

/**
 * @brief Starts 401 Unauthenticated (RFC 8489 §9.2.4) to a request without (valid) message
 * integrity: ERROR-CODE 401, REALM, NONCE and the offered PASSWORD-ALGORITHMS. It carries no
 * USERNAME, USERHASH or MAC, as §9.2.4 recommends. See start_error_response() for the rest;
 * an ill-formed `challenge.password_algorithms` fails with errc::invalid_argument.
 */
inline message_builder start_unauthenticated(mutable_bytes buffer, const message_view& request,
                                             const auth_challenge& challenge) noexcept {
    message_builder b = start_error_response(buffer, request, 401);
    detail::add_challenge(b, challenge);
    return b;
}

/**
 * @brief Starts 438 Stale Nonce (RFC 8489 §9.2.4) to a request whose NONCE expired: the same
 * shape as start_unauthenticated(), with a fresh NONCE.
 */
inline message_builder start_stale_nonce(mutable_bytes buffer, const message_view& request,
                                         const auth_challenge& challenge) noexcept {
    message_builder b = start_error_response(buffer, request, 438);
    detail::add_challenge(b, challenge);
    return b;
}

/** @brief Starts 400 Bad Request (RFC 8489 §6.3.1) to a malformed request. */
inline message_builder start_bad_request(mutable_bytes buffer, const message_view& request,
                                         std::string_view reason = {}) noexcept {
    return start_error_response(buffer, request, 400, reason);
}

/**
 * @brief Starts 420 Unknown Attribute (RFC 8489 §6.3.1, §14.13) to a request with
 * comprehension-required attributes neither stunkit nor `also_known` knows: UNKNOWN-ATTRIBUTES
 * lists them (unknown_comprehension_required()) in message order, a repeated one as often as
 * the request repeats it, so the work stays linear in the request's size.
 */
inline message_builder start_unknown_attribute(mutable_bytes buffer, const message_view& request,
                                               gsl::span<const std::uint16_t> also_known = {}) noexcept {
    message_builder b = start_error_response(buffer, request, 420);
    const auto unknown = unknown_comprehension_required(request, also_known);
    const mutable_bytes out = b.append(attr::unknown_attributes::type, 2 * unknown.count());
    if (!b.ok()) return b;
    std::size_t i = 0;
    for (const attribute a : unknown) {
        detail::store_u16(out.data() + i, a.type);
        i += 2;
    }
    return b;
}

STUNKIT_END_NAMESPACE
