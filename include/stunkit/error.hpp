/**
 * @file error.hpp
 * @brief The one error vocabulary of every layer: errc, to_string(errc), result<T>.
 */
#pragma once

#include "config.hpp"

#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>

STUNKIT_BEGIN_NAMESPACE

/**
 * @brief Why an operation failed.
 *
 * Wire data and peer behaviour produce these values, never an abort. Values are stable: new
 * ones are only ever appended.
 */
enum class errc : std::uint8_t {
    // Message framing (RFC 8489 §5, §6.3).
    too_short = 1,           ///< Fewer than 20 bytes: no room for a STUN header.
    not_stun,                ///< The two most significant bits of the message are not zero.
    unaligned_length,        ///< The header's message length is not a multiple of 4.
    length_mismatch,         ///< The header's message length disagrees with the datagram size.
    bad_magic_cookie,        ///< The magic cookie is missing (and legacy parsing is off).
    invalid_class,           ///< A known method carries a class it never uses (e.g. a Send request).
    attribute_truncated,     ///< An attribute header or value runs past the end of the message.
    fingerprint_not_last,    ///< FINGERPRINT is followed by another attribute (RFC 8489 §14.7).
    too_many_attributes,     ///< More attributes than parse_options::max_attributes allows.
    // Attribute values.
    not_found,               ///< The attribute is absent (or ignored after MESSAGE-INTEGRITY).
    bad_attribute_length,    ///< The value's length is wrong for its attribute.
    bad_address_family,      ///< An address family other than IPv4 (0x01) or IPv6 (0x02).
    reserved_bits_set,       ///< A reserved or RFFU field is not zero.
    bad_error_code,          ///< ERROR-CODE class outside 3-6 or number above 99.
    text_too_long,           ///< A text attribute exceeds its RFC length limit.
    invalid_utf8,            ///< A text attribute is not well-formed UTF-8.
    bad_channel_number,      ///< A channel number outside the range its context allows.
    // Building.
    no_space,                ///< The caller's buffer is too small for the message.
    value_too_large,         ///< An attribute value or message exceeds 65535 bytes.
    invalid_argument,        ///< A value the protocol cannot express.
    // Framing other than STUN.
    need_more_data,          ///< A stream holds only part of the next frame.
    unknown_frame,           ///< The bytes start neither a STUN message nor ChannelData.
    channel_data_truncated,  ///< The ChannelData length runs past the end of the datagram.
    // Integrity and credentials (RFC 8489 §9, §14.5-14.7).
    integrity_mismatch,      ///< MESSAGE-INTEGRITY(-SHA256) does not match the key.
    fingerprint_mismatch,    ///< FINGERPRINT does not match the message's CRC-32.
    unknown_algorithm,       ///< A PASSWORD-ALGORITHM stunkit does not implement.
    algorithm_mismatch,      ///< PASSWORD-ALGORITHMS was not echoed exactly (bid-down attempt).
    // String preparation (RFC 4013, RFC 8265).
    prohibited_code_point,   ///< The text contains a code point the profile forbids.
    unassigned_code_point,   ///< The text contains a code point unassigned in the profile's Unicode.
    bidi_violation,          ///< Right-to-left text breaks the bidirectional rule.
    empty_text,              ///< The prepared text is empty, which the profile forbids.
    output_too_small,        ///< The caller's output buffer cannot hold the result.
};

/** @brief The identifier of an error code as written in source, e.g. "length_mismatch". */
constexpr std::string_view to_string(errc e) noexcept {
    switch (e) {
    case errc::too_short: return "too_short";
    case errc::not_stun: return "not_stun";
    case errc::unaligned_length: return "unaligned_length";
    case errc::length_mismatch: return "length_mismatch";
    case errc::bad_magic_cookie: return "bad_magic_cookie";
    case errc::invalid_class: return "invalid_class";
    case errc::attribute_truncated: return "attribute_truncated";
    case errc::fingerprint_not_last: return "fingerprint_not_last";
    case errc::too_many_attributes: return "too_many_attributes";
    case errc::not_found: return "not_found";
    case errc::bad_attribute_length: return "bad_attribute_length";
    case errc::bad_address_family: return "bad_address_family";
    case errc::reserved_bits_set: return "reserved_bits_set";
    case errc::bad_error_code: return "bad_error_code";
    case errc::text_too_long: return "text_too_long";
    case errc::invalid_utf8: return "invalid_utf8";
    case errc::bad_channel_number: return "bad_channel_number";
    case errc::no_space: return "no_space";
    case errc::value_too_large: return "value_too_large";
    case errc::invalid_argument: return "invalid_argument";
    case errc::need_more_data: return "need_more_data";
    case errc::unknown_frame: return "unknown_frame";
    case errc::channel_data_truncated: return "channel_data_truncated";
    case errc::integrity_mismatch: return "integrity_mismatch";
    case errc::fingerprint_mismatch: return "fingerprint_mismatch";
    case errc::unknown_algorithm: return "unknown_algorithm";
    case errc::algorithm_mismatch: return "algorithm_mismatch";
    case errc::prohibited_code_point: return "prohibited_code_point";
    case errc::unassigned_code_point: return "unassigned_code_point";
    case errc::bidi_violation: return "bidi_violation";
    case errc::empty_text: return "empty_text";
    case errc::output_too_small: return "output_too_small";
    }
    return "unknown_error";
}

/**
 * @brief The STUN error response code (RFC 8489 §14.8) a server should send when a request
 * fails with `e`, or 0 when the failure deserves no response at all.
 *
 * RFC 8489 §6.3: a message that is not STUN, or whose framing is broken, is silently
 * discarded; a well-framed request with a malformed attribute gets 400 Bad Request (§6.3.1), and one
 * whose MESSAGE-INTEGRITY does not match gets 401.
 */
constexpr std::uint16_t response_code_for(errc e) noexcept {
    switch (e) {
    case errc::too_short:
    case errc::not_stun:
    case errc::unaligned_length:
    case errc::length_mismatch:
    case errc::bad_magic_cookie:
    case errc::attribute_truncated:
    case errc::fingerprint_not_last:
    case errc::need_more_data:
    case errc::unknown_frame:
    case errc::channel_data_truncated:
    case errc::fingerprint_mismatch:  // RFC 8489 §14.7: then it is not a STUN message
        return 0;
    case errc::integrity_mismatch:  // RFC 8489 §9.1.3, §9.2.4
        return 401;
    default:
        return 400;
    }
}

/**
 * @brief A value of type T or the errc saying why there is none.
 *
 * Never throws: reading the value of a failed result is a caller bug caught by STUNKIT_ASSERT.
 * T must be default-constructible and cheap to copy (views, small values).
 */
template <class T>
class [[nodiscard]] result {
public:
    static_assert(std::is_default_constructible_v<T>, "result<T> needs a default-constructible T");

    /** @brief A successful result holding `value`. */
    constexpr result(T value) noexcept(std::is_nothrow_move_constructible_v<T>)  // NOLINT(google-explicit-constructor)
        : value_(std::move(value)) {}
    /** @brief A failed result. */
    constexpr result(errc error) noexcept : error_(error) {  // NOLINT(google-explicit-constructor)
        STUNKIT_ASSERT(error != errc{});
    }

    /** @brief True when a value is present. */
    constexpr bool has_value() const noexcept { return error_ == errc{}; }
    /** @brief True when a value is present. */
    constexpr explicit operator bool() const noexcept { return has_value(); }
    /** @brief The value; the result must hold one. */
    constexpr const T& value() const& noexcept {
        STUNKIT_ASSERT(has_value());
        return value_;
    }
    /** @brief The value; the result must hold one. */
    constexpr T& value() & noexcept {
        STUNKIT_ASSERT(has_value());
        return value_;
    }
    /**
     * @brief The value, moved out of a temporary result, so that `const auto& v =
     * *parse(bytes);` binds to a living copy instead of a dead result's member.
     */
    constexpr T value() && noexcept {
        STUNKIT_ASSERT(has_value());
        return std::move(value_);
    }
    /** @brief The value; the result must hold one. */
    constexpr const T& operator*() const& noexcept { return value(); }
    /** @brief The value, moved out of a temporary result (see value() &&). */
    constexpr T operator*() && noexcept { return std::move(*this).value(); }
    /** @brief Member access to the value; the result must hold one. */
    constexpr const T* operator->() const noexcept { return &value(); }
    /** @brief The value, or `fallback` when there is none. */
    constexpr T value_or(T fallback) const noexcept { return has_value() ? value_ : fallback; }
    /** @brief Why there is no value; the result must have failed. */
    constexpr errc error() const noexcept {
        STUNKIT_ASSERT(!has_value());
        return error_;
    }

private:
    T value_{};
    errc error_{};
};

/** @brief Success or the errc saying why not. */
template <>
class [[nodiscard]] result<void> {
public:
    /** @brief A successful result. */
    constexpr result() noexcept = default;
    /** @brief A failed result. */
    constexpr result(errc error) noexcept : error_(error) {  // NOLINT(google-explicit-constructor)
        STUNKIT_ASSERT(error != errc{});
    }

    /** @brief True on success. */
    constexpr bool has_value() const noexcept { return error_ == errc{}; }
    /** @brief True on success. */
    constexpr explicit operator bool() const noexcept { return has_value(); }
    /** @brief Why the operation failed; the result must have failed. */
    constexpr errc error() const noexcept {
        STUNKIT_ASSERT(!has_value());
        return error_;
    }

private:
    errc error_{};
};

STUNKIT_END_NAMESPACE
