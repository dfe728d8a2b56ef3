/**
 * @file turn/attributes.hpp
 * @brief TURN attribute tags: RFC 8656, RFC 6062 (TCP allocations), RFC 6156 (IPv6).
 */
#pragma once

#include "../attributes.hpp"

#include <cstdint>
#include <string_view>

STUNKIT_BEGIN_NAMESPACE

/** @brief TURN: attributes, channels and ChannelData. */
namespace turn {

/** @brief The lowest channel number (RFC 8656 §12). */
inline constexpr std::uint16_t min_channel = 0x4000;
/** @brief The highest channel number a ChannelBind may use (RFC 8656 §12). */
inline constexpr std::uint16_t max_channel = 0x4FFF;
/**
 * @brief The highest channel number accepted in ChannelData: RFC 5766 §11 allowed channels up
 * to 0x7FFF (ChannelBind up to 0x7FFE), and RFC 5766 peers such as coturn still use them;
 * RFC 8656 §12 reserves 0x5000-0xFFFF.
 */
inline constexpr std::uint16_t max_channel_rfc5766 = 0x7FFF;

/** @brief IP protocol numbers REQUESTED-TRANSPORT carries (RFC 8656 §18.8, RFC 6062 §6.2). */
namespace protocol {
inline constexpr std::uint8_t tcp = 6;   ///< TCP allocations (RFC 6062).
inline constexpr std::uint8_t udp = 17;  ///< UDP allocations.
}  // namespace protocol

/** @brief The value of ADDRESS-ERROR-CODE (RFC 8656 §18.12). Lifetime: borrows the message. */
struct address_error_code_value {
    address_family family = address_family::ipv4;  ///< The family the error is about.
    std::uint16_t code = 0;                        ///< 300-699, as in ERROR-CODE.
    std::string_view reason;                       ///< UTF-8 reason phrase.
};

/** @brief The value of ICMP (RFC 8656 §18.13). */
struct icmp_value {
    std::uint8_t type = 0;        ///< ICMP type.
    std::uint8_t code = 0;        ///< ICMP code.
    std::uint32_t error_data = 0; ///< Type-specific data (e.g. the MTU for "too big").
    /** @brief Field-wise equality. */
    friend constexpr bool operator==(icmp_value a, icmp_value b) noexcept {
        return a.type == b.type && a.code == b.code && a.error_data == b.error_data;
    }
};

/** @brief Codecs specific to TURN. */
namespace codec {

/** @brief A channel number in 0x4000-0x4FFF followed by 16 zero bits (RFC 8656 §18.1). */
struct channel_number_codec {
    using value_type = std::uint16_t;  ///< The channel number.
    /** @brief True for a channel a ChannelBind may use. */
    static constexpr bool valid(std::uint16_t channel) noexcept {
        return channel >= min_channel && channel <= max_channel;
    }
    /** @brief Accepts four bytes: a valid channel and zero RFFU bits. */
    static result<std::uint16_t> decode(bytes_view value) noexcept {
        const auto channel = attr::u16_then_reserved_codec::decode(value);
        if (channel && !valid(*channel)) return errc::bad_channel_number;
        return channel;
    }
    /** @brief Four, or errc::bad_channel_number outside 0x4000-0x4FFF. */
    static result<std::size_t> encoded_size(std::uint16_t channel) noexcept {
        if (!valid(channel)) return errc::bad_channel_number;
        return 4;
    }
    /** @brief Writes the channel and zero RFFU bits. */
    static void encode(mutable_bytes out, std::uint16_t channel) noexcept {
        attr::u16_then_reserved_codec::encode(out, channel);
    }
};

/** @brief A family byte followed by 24 zero bits (RFC 8656 §18.6, §18.11). */
struct address_family_codec {
    using value_type = address_family;  ///< IPv4 or IPv6.
    /** @brief Accepts four bytes: family 1 or 2, then zeros. */
    static result<address_family> decode(bytes_view value) noexcept {
        if (value.size() != 4) return errc::bad_attribute_length;
        const std::uint8_t family = value[0];
        if ((detail::load_u32(value.data()) & 0x00FFFFFFU) != 0) return errc::reserved_bits_set;
        if (family != 0x01 && family != 0x02) return errc::bad_address_family;
        return static_cast<address_family>(family);
    }
    /** @brief Four, or errc::bad_address_family for a family other than IPv4 and IPv6. */
    static result<std::size_t> encoded_size(address_family family) noexcept {
        if (!valid(family)) return errc::bad_address_family;
        return 4;
    }
    /** @brief True for the two families STUN can express. */
    static constexpr bool valid(address_family family) noexcept {
        return family == address_family::ipv4 || family == address_family::ipv6;
    }
    /** @brief Writes the family and three zero bytes. */
    static void encode(mutable_bytes out, address_family family) noexcept {
        detail::store_u32(out.data(), static_cast<std::uint32_t>(family) << 24U);
    }
};

/** @brief EVEN-PORT's one byte: the R bit (reserve the next port) and 7 zero bits (§18.7). */
struct even_port_codec {
    using value_type = bool;  ///< True: reserve the next higher port too.
    /** @brief Accepts one byte with only the top bit possibly set. */
    static result<bool> decode(bytes_view value) noexcept {
        if (value.size() != 1) return errc::bad_attribute_length;
        if ((value[0] & 0x7FU) != 0) return errc::reserved_bits_set;
        return (value[0] & 0x80U) != 0;
    }
    /** @brief Always one (padded to four on the wire). */
    static constexpr std::size_t encoded_size(bool) noexcept { return 1; }
    /** @brief Writes the R bit. */
    static void encode(mutable_bytes out, bool reserve_next) noexcept {
        out[0] = reserve_next ? 0x80U : 0x00U;
    }
};

/** @brief A protocol number followed by 24 zero bits (RFC 8656 §18.8). */
struct requested_transport_codec {
    using value_type = std::uint8_t;  ///< IP protocol number (17 UDP, 6 TCP).
    /** @brief Accepts four bytes: the protocol, then zeros. */
    static result<std::uint8_t> decode(bytes_view value) noexcept {
        if (value.size() != 4) return errc::bad_attribute_length;
        if ((detail::load_u32(value.data()) & 0x00FFFFFFU) != 0) return errc::reserved_bits_set;
        return value[0];
    }
    /** @brief Always four. */
    static constexpr std::size_t encoded_size(std::uint8_t) noexcept { return 4; }
    /** @brief Writes the protocol and three zero bytes. */
    static void encode(mutable_bytes out, std::uint8_t protocol) noexcept {
        detail::store_u32(out.data(), static_cast<std::uint32_t>(protocol) << 24U);
    }
};

/** @brief ADDRESS-ERROR-CODE: family, 13 reserved bits, class, number, reason (§18.12). */
struct address_error_code_codec {
    using value_type = address_error_code_value;  ///< Family, code, reason.
    /** @brief Accepts a known family and an ERROR-CODE-style code and reason. */
    static result<address_error_code_value> decode(bytes_view value) noexcept {
        if (value.size() < 4) return errc::bad_attribute_length;
        const std::uint32_t head = detail::load_u32(value.data());
        const auto family = static_cast<std::uint8_t>(head >> 24U);
        if (family != 0x01 && family != 0x02) return errc::bad_address_family;
        const auto code = attr::error_code_codec::decode_code_and_reason(head & 0x00FFFFFFU, value.subspan(4));
        if (!code) return code.error();
        return address_error_code_value{static_cast<address_family>(family), code->code, code->reason};
    }
    /** @brief 4 plus the reason, or an error for a bad code or reason. */
    static result<std::size_t> encoded_size(const address_error_code_value& v) noexcept {
        if (!address_family_codec::valid(v.family)) return errc::bad_address_family;
        return attr::error_code_codec::encoded_size({v.code, v.reason});
    }
    /** @brief Writes family, code and reason. */
    static void encode(mutable_bytes out, const address_error_code_value& v) noexcept {
        attr::error_code_codec::encode(out, {v.code, v.reason});
        out[0] = static_cast<std::uint8_t>(v.family);
    }
};

/** @brief ICMP: 16 zero bits, type, code, 32 bits of error data (RFC 8656 §18.13). */
struct icmp_codec {
    using value_type = icmp_value;  ///< Type, code, data.
    /** @brief Accepts exactly eight bytes with zero reserved bits. */
    static result<icmp_value> decode(bytes_view value) noexcept {
        if (value.size() != 8) return errc::bad_attribute_length;
        if (detail::load_u16(value.data()) != 0) return errc::reserved_bits_set;
        return icmp_value{value[2], value[3], detail::load_u32(value.data() + 4)};
    }
    /** @brief Always eight. */
    static constexpr std::size_t encoded_size(icmp_value) noexcept { return 8; }
    /** @brief Writes the fields. */
    static void encode(mutable_bytes out, icmp_value v) noexcept {
        detail::store_u16(out.data(), 0);
        out[2] = v.type;
        out[3] = v.code;
        detail::store_u32(out.data() + 4, v.error_data);
    }
};

}  // namespace codec

/** @brief CHANNEL-NUMBER (RFC 8656 §18.1). */
struct channel_number : codec::channel_number_codec {
    static constexpr std::uint16_t type = 0x000C;               ///< IANA code point.
    static constexpr std::string_view name = "CHANNEL-NUMBER";  ///< IANA name.
};
/** @brief LIFETIME (RFC 8656 §18.2): seconds until the allocation expires. */
struct lifetime : attr::u32_codec {
    static constexpr std::uint16_t type = 0x000D;         ///< IANA code point.
    static constexpr std::string_view name = "LIFETIME";  ///< IANA name.
};
/** @brief XOR-PEER-ADDRESS (RFC 8656 §18.3); may repeat (CreatePermission). */
struct xor_peer_address : attr::xor_address_codec {
    static constexpr std::uint16_t type = 0x0012;                 ///< IANA code point.
    static constexpr std::string_view name = "XOR-PEER-ADDRESS";  ///< IANA name.
};
/** @brief DATA (RFC 8656 §18.4): the application payload of Send and Data. */
struct data : attr::bytes_codec {
    static constexpr std::uint16_t type = 0x0013;     ///< IANA code point.
    static constexpr std::string_view name = "DATA";  ///< IANA name.
};
/** @brief XOR-RELAYED-ADDRESS (RFC 8656 §18.5); twice in a dual-stack allocation. */
struct xor_relayed_address : attr::xor_address_codec {
    static constexpr std::uint16_t type = 0x0016;                    ///< IANA code point.
    static constexpr std::string_view name = "XOR-RELAYED-ADDRESS";  ///< IANA name.
};
/** @brief REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.6, RFC 6156). */
struct requested_address_family : codec::address_family_codec {
    static constexpr std::uint16_t type = 0x0017;                         ///< IANA code point.
    static constexpr std::string_view name = "REQUESTED-ADDRESS-FAMILY";  ///< IANA name.
};
/** @brief EVEN-PORT (RFC 8656 §18.7). */
struct even_port : codec::even_port_codec {
    static constexpr std::uint16_t type = 0x0018;          ///< IANA code point.
    static constexpr std::string_view name = "EVEN-PORT";  ///< IANA name.
};
/** @brief REQUESTED-TRANSPORT (RFC 8656 §18.8). */
struct requested_transport : codec::requested_transport_codec {
    static constexpr std::uint16_t type = 0x0019;                    ///< IANA code point.
    static constexpr std::string_view name = "REQUESTED-TRANSPORT";  ///< IANA name.
};
/** @brief DONT-FRAGMENT (RFC 8656 §18.9): the relay must set DF on its datagrams. */
struct dont_fragment : attr::flag_codec {
    static constexpr std::uint16_t type = 0x001A;              ///< IANA code point.
    static constexpr std::string_view name = "DONT-FRAGMENT";  ///< IANA name.
};
/** @brief RESERVATION-TOKEN (RFC 8656 §18.10): 8 opaque bytes naming a reserved port. */
struct reservation_token : attr::fixed_bytes_codec<8> {
    static constexpr std::uint16_t type = 0x0022;                  ///< IANA code point.
    static constexpr std::string_view name = "RESERVATION-TOKEN";  ///< IANA name.
};
/** @brief ADDITIONAL-ADDRESS-FAMILY (RFC 8656 §18.11): ask for a second, IPv6 relay. */
struct additional_address_family : codec::address_family_codec {
    static constexpr std::uint16_t type = 0x8000;                          ///< IANA code point.
    static constexpr std::string_view name = "ADDITIONAL-ADDRESS-FAMILY";  ///< IANA name.
};
/** @brief ADDRESS-ERROR-CODE (RFC 8656 §18.12). */
struct address_error_code : codec::address_error_code_codec {
    static constexpr std::uint16_t type = 0x8001;                   ///< IANA code point.
    static constexpr std::string_view name = "ADDRESS-ERROR-CODE";  ///< IANA name.
};
/** @brief ICMP (RFC 8656 §18.13): an ICMP error the relay received. */
struct icmp : codec::icmp_codec {
    static constexpr std::uint16_t type = 0x8004;     ///< IANA code point.
    static constexpr std::string_view name = "ICMP";  ///< IANA name.
};
/** @brief CONNECTION-ID (RFC 6062 §6.2.1): names a peer TCP connection. */
struct connection_id : attr::u32_codec {
    static constexpr std::uint16_t type = 0x002A;              ///< IANA code point.
    static constexpr std::string_view name = "CONNECTION-ID";  ///< IANA name.
};

}  // namespace turn
STUNKIT_END_NAMESPACE
