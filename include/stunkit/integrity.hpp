/**
 * @file integrity.hpp
 * @brief MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT: adding and verifying
 * them, and the keys of the short-term and long-term credential mechanisms (RFC 8489 §9,
 * §14.4-§14.7).
 */
#pragma once

#include "attributes.hpp"
#include "builder.hpp"
#include "config.hpp"
#include "crypto/policy.hpp"
#include "detail/wire.hpp"
#include "error.hpp"
#include "message.hpp"
#include "types.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

STUNKIT_BEGIN_NAMESPACE

/** @brief The value FINGERPRINT XORs the CRC-32 with (RFC 8489 §14.7): "STUN". */
inline constexpr std::uint32_t fingerprint_xor = 0x5354554EU;

/**
 * @brief The key of MESSAGE-INTEGRITY and MESSAGE-INTEGRITY-SHA256, with both HMAC states
 * precomputed so each message costs only its own blocks.
 *
 * Built from the key bytes of a credential: the (prepared) password for short-term
 * credentials, the MD5 or SHA-256 digest of "username:realm:password" for long-term ones
 * (see long_term_key()). The object keeps only HMAC chaining states, never the password.
 */
template <class Policy = crypto::default_policy>
class basic_integrity_key {
public:
    /** @brief Prepares the HMAC-SHA1 and HMAC-SHA256 states of `key`. */
    explicit basic_integrity_key(bytes_view key) noexcept : sha1_(key), sha256_(key) {}
    /** @brief A short-term key (RFC 8489 §9.1.1): the password itself, already prepared. */
    explicit basic_integrity_key(std::string_view password) noexcept
        : basic_integrity_key(bytes_view(reinterpret_cast<const std::uint8_t*>(password.data()), password.size())) {}

    /** @brief The HMAC-SHA1 key of MESSAGE-INTEGRITY. */
    const typename Policy::hmac_sha1_key& sha1() const noexcept { return sha1_; }
    /** @brief The HMAC-SHA256 key of MESSAGE-INTEGRITY-SHA256. */
    const typename Policy::hmac_sha256_key& sha256() const noexcept { return sha256_; }

private:
    typename Policy::hmac_sha1_key sha1_;
    typename Policy::hmac_sha256_key sha256_;
};

/** @brief An integrity key with the built-in crypto. */
using integrity_key = basic_integrity_key<>;

/** @brief Long-term key bytes: 16 (MD5) or 32 (SHA-256) of them. */
struct long_term_key_bytes {
    std::array<std::uint8_t, 32> bytes{};  ///< The digest, front-aligned.
    std::size_t size = 0;                  ///< 16 or 32.
    /** @brief The key as a view; lifetime: this object. */
    bytes_view view() const noexcept {
        // The bound is always met; stating it lets GCC 12 -O3 see the view stays inside bytes.
        return {bytes.data(), size < bytes.size() ? size : bytes.size()};
    }
};

namespace detail {
/** @brief The bytes of `s`. Lifetime: borrows `s`'s characters. */
inline bytes_view text_bytes(std::string_view s) noexcept {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
/** @brief Feeds username ":" realm [":" password] to any hasher without concatenating. */
template <class Hasher>
void hash_credential(Hasher& h, std::string_view username, std::string_view realm,
                     const std::string_view* password) noexcept {
    constexpr std::uint8_t colon[1] = {':'};
    h.update(text_bytes(username));
    h.update(bytes_view(colon));
    h.update(text_bytes(realm));
    if (password != nullptr) {
        h.update(bytes_view(colon));
        h.update(text_bytes(*password));
    }
}
}  // namespace detail

/**
 * @brief The long-term key (RFC 8489 §9.2.2): MD5 or SHA-256 of "username:realm:password",
 * for PASSWORD-ALGORITHM `algorithm` (attr::password_algorithm_id::md5 or
 * attr::password_algorithm_id::sha256; MD5 is also what RFC 5389 used when no algorithm was
 * negotiated). Realm and password must already be prepared with OpaqueString (prep.hpp) unless
 * they are ASCII.
 */
template <class Policy = crypto::default_policy>
result<long_term_key_bytes> long_term_key(std::uint16_t algorithm, std::string_view username,
                                          std::string_view realm, std::string_view password) noexcept {
    long_term_key_bytes key;
    if (algorithm == attr::password_algorithm_id::md5) {
        typename Policy::md5_hasher h;
        detail::hash_credential(h, username, realm, &password);
        const auto digest = h.finish();
        for (std::size_t i = 0; i < digest.size(); ++i) key.bytes[i] = digest[i];
        key.size = digest.size();
    } else if (algorithm == attr::password_algorithm_id::sha256) {
        typename Policy::sha256_hasher h;
        detail::hash_credential(h, username, realm, &password);
        const auto digest = h.finish();
        for (std::size_t i = 0; i < digest.size(); ++i) key.bytes[i] = digest[i];
        key.size = digest.size();
    } else {
        return errc::unknown_algorithm;
    }
    return key;
}

/** @brief USERHASH (RFC 8489 §14.4): SHA-256 of "username:realm", both already prepared. */
template <class Policy = crypto::default_policy>
std::array<std::uint8_t, 32> userhash(std::string_view username, std::string_view realm) noexcept {
    typename Policy::sha256_hasher h;
    detail::hash_credential(h, username, realm, nullptr);
    return h.finish();
}

namespace detail {

/**
 * @brief The header a MAC covers (RFC 8489 §14.5, §14.6): the message's, with its length field
 * counting the body up to and including the MAC attribute at `mac_offset`.
 */
inline std::array<std::uint8_t, 20> header_for_mac(const std::uint8_t* message, std::size_t mac_offset,
                                                   std::size_t mac_size) noexcept {
    std::array<std::uint8_t, 20> header{};
    for (std::size_t i = 0; i < header.size(); ++i) header[i] = message[i];
    store_u16(header.data() + 2,
              static_cast<std::uint16_t>(mac_offset - header_size + attribute_header_size + mac_size));
    return header;
}

/**
 * @brief HMAC-SHA1 of MESSAGE-INTEGRITY at `mac_offset`: over the patched header and the
 * attributes before it (RFC 8489 §14.5), or for `rfc3489` the RFC 3489 §11.2.8 variant, which
 * zero-pads that text to a multiple of 64 bytes. libnice's Google and MSN dialects still send it.
 *
 * RFC 3489 puts MESSAGE-INTEGRITY last, so its "header as it is" has the length field ending at
 * the MAC, which is what the patched header says too; patching keeps builder and verifier
 * agreeing when FINGERPRINT follows, and is what libnice does in its RFC 3489 dialect.
 */
template <class Policy>
std::array<std::uint8_t, 20> message_integrity_mac(const basic_integrity_key<Policy>& key, const std::uint8_t* message,
                                                   std::size_t mac_offset, bool rfc3489) noexcept {
    constexpr std::array<std::uint8_t, 64> zeros{};
    typename Policy::hmac_sha1 mac(key.sha1());
    const auto header = header_for_mac(message, mac_offset, 20);
    mac.update(bytes_view(header));
    mac.update(bytes_view(message + header_size, mac_offset - header_size));
    const std::size_t tail = mac_offset % 64;
    if (rfc3489 && tail != 0) mac.update(bytes_view(zeros.data(), 64 - tail));
    return mac.finish();
}

/** @brief HMAC-SHA256 of MESSAGE-INTEGRITY-SHA256 at `mac_offset` (RFC 8489 §14.6), untruncated. */
template <class Policy>
std::array<std::uint8_t, 32> message_integrity_sha256_mac(const basic_integrity_key<Policy>& key,
                                                          const std::uint8_t* message, std::size_t mac_offset,
                                                          std::size_t mac_size) noexcept {
    const auto header = header_for_mac(message, mac_offset, mac_size);
    return key.sha256().compute(bytes_view(header), bytes_view(message + header_size, mac_offset - header_size));
}

/** @brief The value FINGERPRINT at `fingerprint_offset` must hold (RFC 8489 §14.7). */
template <class Policy>
std::uint32_t fingerprint_of(const std::uint8_t* message, std::size_t fingerprint_offset) noexcept {
    return Policy::crc32(bytes_view(message, fingerprint_offset)) ^ fingerprint_xor;
}

/**
 * @brief Appends MESSAGE-INTEGRITY-SHA256 truncated to `size` bytes to `b`; a size §14.6 does
 * not allow fails with errc::invalid_argument.
 */
template <class Policy>
void append_message_integrity_sha256(message_builder& b, const basic_integrity_key<Policy>& key,
                                     std::size_t size) noexcept {
    if (!attr::truncated_mac_codec::valid_size(size)) {
        b.fail(errc::invalid_argument);
        return;
    }
    const std::size_t offset = b.size();
    const mutable_bytes value = b.append(attribute_type::message_integrity_sha256, size);
    if (!b.ok()) return;
    const auto mac = message_integrity_sha256_mac(key, b.written().data(), offset, size);
    for (std::size_t i = 0; i < size; ++i) value[i] = mac[i];
}

/** @brief Appends FINGERPRINT to `b` and finishes it. */
template <class Policy>
result<bytes_view> append_fingerprint(message_builder& b) noexcept {
    const std::size_t offset = b.size();
    const mutable_bytes value = b.append(attribute_type::fingerprint, 4);
    if (!b.ok()) return b.error();
    store_u32(value.data(), fingerprint_of<Policy>(b.written().data(), offset));
    return b.finish();
}

}  // namespace detail

/**
 * @brief What remains of a builder once MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256 is in:
 * MESSAGE-INTEGRITY-SHA256 (right after MESSAGE-INTEGRITY), FINGERPRINT, finish() — nothing
 * else can follow a MAC (RFC 8489 §14.5-§14.7), and this type offers nothing else. The builder
 * underneath enforces the same order at run time (message_builder::append), so going around
 * this type fails with errc::invalid_argument instead of producing a broken message.
 *
 * Lifetime: refers to the builder it came from.
 */
template <class Policy = crypto::default_policy>
class basic_sealed_builder {
public:
    /** @brief Wraps `builder`, whose last attribute is a MAC. */
    explicit basic_sealed_builder(message_builder& builder) noexcept : builder_(builder) {}

    /**
     * @brief Appends MESSAGE-INTEGRITY-SHA256 truncated to `size` bytes (16-32, a multiple of
     * 4; RFC 8489 §14.6) after MESSAGE-INTEGRITY; a second one fails with invalid_argument.
     */
    basic_sealed_builder& add_message_integrity_sha256(const basic_integrity_key<Policy>& key,
                                                       std::size_t size = 32) noexcept {
        detail::append_message_integrity_sha256(builder_, key, size);
        return *this;
    }
    /** @brief Appends FINGERPRINT (RFC 8489 §14.7) and returns the finished message. */
    result<bytes_view> add_fingerprint() noexcept { return detail::append_fingerprint<Policy>(builder_); }
    /** @brief The finished message without FINGERPRINT. */
    result<bytes_view> finish() const noexcept { return builder_.finish(); }

private:
    message_builder& builder_;
};

/** @brief The sealed builder of the built-in crypto. */
using sealed_builder = basic_sealed_builder<>;

/**
 * @brief Appends MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5) computed with `key`, and seals
 * the builder. For a builder started with a legacy (RFC 3489) transaction id, the MAC is the
 * RFC 3489 §11.2.8 variant.
 */
template <class Policy>
basic_sealed_builder<Policy> add_message_integrity(message_builder& builder,
                                                   const basic_integrity_key<Policy>& key) noexcept {
    const std::size_t offset = builder.size();
    const mutable_bytes value = builder.append(attribute_type::message_integrity, 20);
    if (builder.ok()) {
        const auto mac = detail::message_integrity_mac(key, builder.written().data(), offset, builder.legacy());
        for (std::size_t i = 0; i < mac.size(); ++i) value[i] = mac[i];
    }
    return basic_sealed_builder<Policy>(builder);
}

/**
 * @brief Appends MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6) truncated to `size` bytes, without
 * MESSAGE-INTEGRITY, and seals the builder.
 */
template <class Policy>
basic_sealed_builder<Policy> add_message_integrity_sha256(message_builder& builder,
                                                          const basic_integrity_key<Policy>& key,
                                                          std::size_t size = 32) noexcept {
    detail::append_message_integrity_sha256(builder, key, size);
    return basic_sealed_builder<Policy>(builder);
}

/** @brief Appends FINGERPRINT (RFC 8489 §14.7) to a message without a MAC and finishes it. */
template <class Policy = crypto::default_policy>
result<bytes_view> add_fingerprint(message_builder& builder) noexcept {
    return detail::append_fingerprint<Policy>(builder);
}

/**
 * @brief Checks MESSAGE-INTEGRITY (RFC 8489 §14.5) against `key` in constant time.
 *
 * Returns errc::not_found when the message has none, errc::bad_attribute_length when it is
 * not 20 bytes, errc::integrity_mismatch when the MAC differs. Legacy (RFC 3489) messages are
 * checked with the RFC 3489 §11.2.8 variant.
 */
template <class Policy>
result<void> verify_message_integrity(const message_view& message, const basic_integrity_key<Policy>& key) noexcept {
    const auto a = message.message_integrity();
    if (!a) return a.error();
    if (a->value.size() != 20) return errc::bad_attribute_length;
    const auto mac = detail::message_integrity_mac(key, message.bytes().data(), a->offset, message.legacy());
    if (!crypto::equal_constant_time(bytes_view(mac), a->value)) return errc::integrity_mismatch;
    return {};
}

/**
 * @brief Checks MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6) against `key` in constant time,
 * comparing as many bytes as the (truncated) attribute carries.
 */
template <class Policy>
result<void> verify_message_integrity_sha256(const message_view& message,
                                             const basic_integrity_key<Policy>& key) noexcept {
    const auto a = message.message_integrity_sha256();
    if (!a) return a.error();
    if (!attr::truncated_mac_codec::valid_size(a->value.size())) return errc::bad_attribute_length;
    const auto mac = detail::message_integrity_sha256_mac(key, message.bytes().data(), a->offset, a->value.size());
    if (!crypto::equal_constant_time(bytes_view(mac.data(), a->value.size()), a->value)) {
        return errc::integrity_mismatch;
    }
    return {};
}

/**
 * @brief Checks FINGERPRINT (RFC 8489 §14.7): errc::not_found when absent,
 * errc::bad_attribute_length when not 4 bytes, errc::fingerprint_mismatch when wrong.
 */
template <class Policy = crypto::default_policy>
result<void> verify_fingerprint(const message_view& message) noexcept {
    const auto a = message.fingerprint();
    if (!a) return a.error();
    const auto value = attr::fingerprint::decode(a->value);
    if (!value) return value.error();
    if (*value != detail::fingerprint_of<Policy>(message.bytes().data(), a->offset)) return errc::fingerprint_mismatch;
    return {};
}

STUNKIT_END_NAMESPACE
