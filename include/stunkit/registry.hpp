/**
 * @file registry.hpp
 * @brief Everything stunkit knows by number: the built-in attributes, method names, error
 * reason phrases, and the UNKNOWN-ATTRIBUTES check built on them.
 */
#pragma once

#include "attributes.hpp"
#include "config.hpp"
#include "message.hpp"
#include "turn/attributes.hpp"

#include <cstdint>
#include <string_view>

STUNKIT_BEGIN_NAMESPACE

/** @brief A list of types, for compile-time iteration. */
template <class... Ts>
struct type_list {};

/** @brief Every attribute tag stunkit defines, in code point order. */
using builtin_attributes = type_list<
    attr::mapped_address, attr::response_address, attr::change_request, attr::source_address,
    attr::changed_address, attr::username, attr::password, attr::message_integrity, attr::error_code,
    attr::unknown_attributes, attr::reflected_from, turn::channel_number, turn::lifetime,
    turn::xor_peer_address, turn::data, attr::realm, attr::nonce, turn::xor_relayed_address,
    turn::requested_address_family, turn::even_port, turn::requested_transport, turn::dont_fragment,
    attr::message_integrity_sha256, attr::password_algorithm, attr::userhash, attr::xor_mapped_address,
    turn::reservation_token, attr::priority, attr::use_candidate, attr::padding, attr::response_port,
    turn::connection_id, turn::additional_address_family, turn::address_error_code,
    attr::password_algorithms, attr::alternate_domain, turn::icmp, attr::software,
    attr::alternate_server, attr::fingerprint, attr::ice_controlled, attr::ice_controlling,
    attr::response_origin, attr::other_address>;

namespace detail {
/** @brief Calls `f(Tag{})` for the tag in the list whose type is `type`; false if none. */
template <class F, class... Tags>
constexpr bool visit_tag(std::uint16_t type, F&& f, type_list<Tags...>) {
    return ((Tags::type == type ? (f(Tags{}), true) : false) || ...);
}
}  // namespace detail

/**
 * @brief Calls `f(Tag{})` with the built-in tag whose code point is `type` and returns true,
 * or returns false when stunkit defines no such attribute.
 */
template <class F>
constexpr bool visit_attribute_tag(std::uint16_t type, F&& f) {
    return detail::visit_tag(type, f, builtin_attributes{});
}

/** @brief True when stunkit has a codec for attribute type `type`. */
constexpr bool is_known_attribute(std::uint16_t type) noexcept {
    return visit_attribute_tag(type, [](auto) {});
}

/** @brief The IANA name of attribute type `type` ("XOR-MAPPED-ADDRESS"), or "" if unknown. */
constexpr std::string_view attribute_name(std::uint16_t type) noexcept {
    std::string_view name;
    visit_attribute_tag(type, [&name](auto tag) { name = decltype(tag)::name; });
    return name;
}

/** @brief The IANA name of a method ("Binding", "CreatePermission"), or "" if unknown. */
constexpr std::string_view method_name(method m) noexcept {
    switch (m) {
    case method::binding: return "Binding";
    case method::allocate: return "Allocate";
    case method::refresh: return "Refresh";
    case method::send: return "Send";
    case method::data: return "Data";
    case method::create_permission: return "CreatePermission";
    case method::channel_bind: return "ChannelBind";
    case method::connect: return "Connect";
    case method::connection_bind: return "ConnectionBind";
    case method::connection_attempt: return "ConnectionAttempt";
    }
    return "";
}

/** @brief The name of a class: "request", "indication", "success", "error". */
constexpr std::string_view class_name(message_class c) noexcept {
    switch (c) {
    case message_class::request: return "request";
    case message_class::indication: return "indication";
    case message_class::success_response: return "success";
    case message_class::error_response: return "error";
    }
    return "";
}

/** @brief The reason phrase IANA registers for a STUN error code, or "" if unregistered. */
constexpr std::string_view default_reason(std::uint16_t code) noexcept {
    switch (code) {
    case 300: return "Try Alternate";
    case 400: return "Bad Request";
    case 401: return "Unauthenticated";
    case 403: return "Forbidden";
    case 405: return "Mobility Forbidden";
    case 420: return "Unknown Attribute";
    case 437: return "Allocation Mismatch";
    case 438: return "Stale Nonce";
    case 440: return "Address Family not Supported";
    case 441: return "Wrong Credentials";
    case 442: return "Unsupported Transport Protocol";
    case 443: return "Peer Address Family Mismatch";
    case 446: return "Connection Already Exists";
    case 447: return "Connection Timeout or Failure";
    case 486: return "Allocation Quota Reached";
    case 487: return "Role Conflict";
    case 500: return "Server Error";
    case 508: return "Insufficient Capacity";
    default: return "";
    }
}

namespace detail {
/** @brief Accepts comprehension-required attributes that are neither built in nor listed. */
struct unknown_required_attribute {
    gsl::span<const std::uint16_t> also_known;  ///< Types the caller understands too.
    /** @brief True for an attribute a 420 response must list. */
    bool operator()(const attribute& a) const noexcept {
        if (!a.comprehension_required() || is_known_attribute(a.type)) return false;
        for (const std::uint16_t known : also_known) {
            if (known == a.type) return false;
        }
        return true;
    }
};
}  // namespace detail

/**
 * @brief The comprehension-required attributes (0x0000-0x7FFF) of `message` that neither
 * stunkit nor the caller (`also_known`) understands: a request with any must be answered
 * with 420 and these types in UNKNOWN-ATTRIBUTES (RFC 8489 §6.3.1).
 *
 * Lifetime: borrows the message bytes and `also_known`.
 */
inline attribute_range<detail::unknown_required_attribute> unknown_comprehension_required(
    const message_view& message, gsl::span<const std::uint16_t> also_known = {}) noexcept {
    return message.attributes_where(detail::unknown_required_attribute{also_known});
}

STUNKIT_END_NAMESPACE
