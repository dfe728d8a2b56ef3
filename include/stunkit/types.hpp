/**
 * @file types.hpp
 * @brief Vocabulary types: byte views, transaction ids, IP and transport addresses.
 */
#pragma once

#include "config.hpp"

#include <gsl/span>

#include <array>
#include <cstddef>
#include <cstdint>

STUNKIT_BEGIN_NAMESPACE

/** @brief A read-only view of bytes owned by the caller. */
using bytes_view = gsl::span<const std::uint8_t>;
/** @brief A writable view of bytes owned by the caller. */
using mutable_bytes = gsl::span<std::uint8_t>;

/** @brief The 96-bit transaction id of an RFC 8489 message (§5). */
struct transaction_id {
    std::array<std::uint8_t, 12> bytes{};  ///< The id in wire order.

    /** @brief Byte-wise equality. */
    friend constexpr bool operator==(const transaction_id& a, const transaction_id& b) noexcept {
        for (std::size_t i = 0; i < a.bytes.size(); ++i) {
            if (a.bytes[i] != b.bytes[i]) return false;
        }
        return true;
    }
    /** @brief Byte-wise inequality. */
    friend constexpr bool operator!=(const transaction_id& a, const transaction_id& b) noexcept {
        return !(a == b);
    }
};

/**
 * @brief The 128-bit transaction id of a classic RFC 3489 message (§11.1), which occupies
 * the bytes RFC 8489 splits into the magic cookie and a 96-bit id.
 */
struct legacy_transaction_id {
    std::array<std::uint8_t, 16> bytes{};  ///< The id in wire order.

    /** @brief Byte-wise equality. */
    friend constexpr bool operator==(const legacy_transaction_id& a,
                                     const legacy_transaction_id& b) noexcept {
        for (std::size_t i = 0; i < a.bytes.size(); ++i) {
            if (a.bytes[i] != b.bytes[i]) return false;
        }
        return true;
    }
    /** @brief Byte-wise inequality. */
    friend constexpr bool operator!=(const legacy_transaction_id& a,
                                     const legacy_transaction_id& b) noexcept {
        return !(a == b);
    }
};

/** @brief An address family as STUN encodes it (RFC 8489 §14.1). */
enum class address_family : std::uint8_t {
    ipv4 = 0x01,  ///< 32-bit IPv4 address.
    ipv6 = 0x02,  ///< 128-bit IPv6 address.
};

/**
 * @brief An IPv4 or IPv6 address held by value.
 *
 * IPv4 addresses keep their four bytes at the front of `bytes`; the rest stay zero, so two
 * equal addresses always compare equal byte for byte.
 */
class ip_address {
public:
    /** @brief The IPv4 address 0.0.0.0. */
    constexpr ip_address() noexcept = default;

    /** @brief The IPv4 address a.b.c.d. */
    static constexpr ip_address v4(std::uint8_t a, std::uint8_t b, std::uint8_t c,
                                   std::uint8_t d) noexcept {
        ip_address ip;
        ip.bytes_[0] = a;
        ip.bytes_[1] = b;
        ip.bytes_[2] = c;
        ip.bytes_[3] = d;
        return ip;
    }
    /** @brief An IPv4 address from its 32-bit value in host order (0x7F000001 is 127.0.0.1). */
    static constexpr ip_address v4(std::uint32_t value) noexcept {
        return v4(static_cast<std::uint8_t>(value >> 24U), static_cast<std::uint8_t>(value >> 16U),
                  static_cast<std::uint8_t>(value >> 8U), static_cast<std::uint8_t>(value));
    }
    /** @brief An IPv6 address from its sixteen bytes in network order. */
    static constexpr ip_address v6(const std::array<std::uint8_t, 16>& bytes) noexcept {
        ip_address ip;
        ip.family_ = address_family::ipv6;
        ip.bytes_ = bytes;
        return ip;
    }

    /** @brief IPv4 or IPv6. */
    constexpr address_family family() const noexcept { return family_; }
    /** @brief True for an IPv4 address. */
    constexpr bool is_v4() const noexcept { return family_ == address_family::ipv4; }
    /** @brief True for an IPv6 address. */
    constexpr bool is_v6() const noexcept { return family_ == address_family::ipv6; }
    /** @brief 4 for IPv4, 16 for IPv6. */
    constexpr std::size_t size() const noexcept { return is_v4() ? 4U : 16U; }
    /** @brief The address bytes in network order; only the first size() bytes are meaningful. */
    constexpr const std::array<std::uint8_t, 16>& bytes() const noexcept { return bytes_; }
    /** @brief The address bytes in network order, exactly size() of them. */
    gsl::span<const std::uint8_t> octets() const noexcept { return {bytes_.data(), size()}; }

    /** @brief Same family and same bytes. */
    friend constexpr bool operator==(const ip_address& a, const ip_address& b) noexcept {
        if (a.family_ != b.family_) return false;
        for (std::size_t i = 0; i < a.bytes_.size(); ++i) {
            if (a.bytes_[i] != b.bytes_[i]) return false;
        }
        return true;
    }
    /** @brief Not operator==. */
    friend constexpr bool operator!=(const ip_address& a, const ip_address& b) noexcept {
        return !(a == b);
    }

private:
    address_family family_ = address_family::ipv4;
    std::array<std::uint8_t, 16> bytes_{};
};

/** @brief An IP address and a port: one end of a UDP or TCP flow. */
struct transport_address {
    ip_address address;      ///< The IP address.
    std::uint16_t port = 0;  ///< The port in host order.

    /** @brief Same address and port. */
    friend constexpr bool operator==(const transport_address& a,
                                     const transport_address& b) noexcept {
        return a.address == b.address && a.port == b.port;
    }
    /** @brief Not operator==. */
    friend constexpr bool operator!=(const transport_address& a,
                                     const transport_address& b) noexcept {
        return !(a == b);
    }
};

STUNKIT_END_NAMESPACE
