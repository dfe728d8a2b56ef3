/**
 * @file attributes.hpp
 * @brief Attribute tags and their codecs: RFC 8489, classic RFC 3489, RFC 5780 and ICE.
 *
 * An attribute is an empty tag type, not an object: it names its type code and wire name and
 * inherits a codec that supplies `value_type`, `decode`, `encoded_size` and `encode`.
 * message_view::get<Tag>() and message_builder::add<Tag>() use nothing else, so a user's own
 * attribute is defined exactly like the ones here (see examples/custom_attribute.cpp).
 *
 * A codec's contract:
 * - `static result<value_type> decode(bytes_view value)`, or with a second parameter
 *   `const message_header&` when the value depends on the header (XOR addresses).
 * - `static std::size_t encoded_size(const V&)` or `static result<std::size_t>
 *   encoded_size(const V&)` when some values cannot be encoded; it is called before encode.
 * - `static void encode(mutable_bytes out, const V&)`, optionally with `const message_header&`,
 *   filling exactly encoded_size(v) bytes.
 * Decoding enforces exact lengths; a value that decodes re-encodes to the same bytes.
 */
#pragma once

#include "config.hpp"
#include "detail/text.hpp"
#include "detail/wire.hpp"
#include "error.hpp"
#include "message.hpp"
#include "types.hpp"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string_view>

STUNKIT_BEGIN_NAMESPACE

/** @brief Attribute tags and the codecs they are built from. */
namespace attr {

/** @brief The value of an attribute whose presence is its whole meaning (zero length). */
struct flag {
    /** @brief All flags are equal. */
    friend constexpr bool operator==(flag, flag) noexcept { return true; }
};

// ---------------------------------------------------------------------------------------------
// Codecs
// ---------------------------------------------------------------------------------------------

/** @brief A zero-length value (USE-CANDIDATE, DONT-FRAGMENT). */
struct flag_codec {
    using value_type = flag;  ///< Presence only.
    /** @brief Accepts only an empty value. */
    static result<flag> decode(bytes_view value) noexcept {
        if (!value.empty()) return errc::bad_attribute_length;
        return flag{};
    }
    /** @brief Always zero. */
    static constexpr std::size_t encoded_size(flag) noexcept { return 0; }
    /** @brief Writes nothing. */
    static void encode(mutable_bytes, flag) noexcept {}
};

/** @brief An unsigned 32-bit value in exactly four bytes. */
struct u32_codec {
    using value_type = std::uint32_t;  ///< The value in host order.
    /** @brief Accepts exactly four bytes. */
    static result<std::uint32_t> decode(bytes_view value) noexcept {
        if (value.size() != 4) return errc::bad_attribute_length;
        return detail::load_u32(value.data());
    }
    /** @brief Always four. */
    static constexpr std::size_t encoded_size(std::uint32_t) noexcept { return 4; }
    /** @brief Writes the value big-endian. */
    static void encode(mutable_bytes out, std::uint32_t v) noexcept { detail::store_u32(out.data(), v); }
};

/** @brief An unsigned 64-bit value in exactly eight bytes. */
struct u64_codec {
    using value_type = std::uint64_t;  ///< The value in host order.
    /** @brief Accepts exactly eight bytes. */
    static result<std::uint64_t> decode(bytes_view value) noexcept {
        if (value.size() != 8) return errc::bad_attribute_length;
        return detail::load_u64(value.data());
    }
    /** @brief Always eight. */
    static constexpr std::size_t encoded_size(std::uint64_t) noexcept { return 8; }
    /** @brief Writes the value big-endian. */
    static void encode(mutable_bytes out, std::uint64_t v) noexcept { detail::store_u64(out.data(), v); }
};

/** @brief A 16-bit value followed by 16 bits that must be zero (CHANNEL-NUMBER, RESPONSE-PORT). */
struct u16_then_reserved_codec {
    using value_type = std::uint16_t;  ///< The value in host order.
    /** @brief Accepts exactly four bytes whose last two are zero. */
    static result<std::uint16_t> decode(bytes_view value) noexcept {
        if (value.size() != 4) return errc::bad_attribute_length;
        if (detail::load_u16(value.data() + 2) != 0) return errc::reserved_bits_set;
        return detail::load_u16(value.data());
    }
    /** @brief Always four. */
    static constexpr std::size_t encoded_size(std::uint16_t) noexcept { return 4; }
    /** @brief Writes the value and two zero bytes. */
    static void encode(mutable_bytes out, std::uint16_t v) noexcept {
        detail::store_u16(out.data(), v);
        detail::store_u16(out.data() + 2, 0);
    }
};

/** @brief Opaque bytes of any length (DATA, PADDING, PASSWORD). Lifetime: borrows the message. */
struct bytes_codec {
    using value_type = bytes_view;  ///< A view into the message.
    /** @brief Accepts any value. */
    static result<bytes_view> decode(bytes_view value) noexcept { return value; }
    /** @brief The size of the bytes. */
    static std::size_t encoded_size(bytes_view v) noexcept { return v.size(); }
    /** @brief Copies the bytes. */
    static void encode(mutable_bytes out, bytes_view v) noexcept {
        for (std::size_t i = 0; i < v.size(); ++i) out[i] = v[i];
    }
};

/** @brief Opaque bytes of exactly N bytes (MESSAGE-INTEGRITY, USERHASH, RESERVATION-TOKEN). */
template <std::size_t N>
struct fixed_bytes_codec {
    using value_type = bytes_view;  ///< A view into the message.
    /** @brief Accepts exactly N bytes. */
    static result<bytes_view> decode(bytes_view value) noexcept {
        if (value.size() != N) return errc::bad_attribute_length;
        return value;
    }
    /** @brief N, or errc::invalid_argument for a view of another size. */
    static result<std::size_t> encoded_size(bytes_view v) noexcept {
        if (v.size() != N) return errc::invalid_argument;
        return N;
    }
    /** @brief Copies the bytes. */
    static void encode(mutable_bytes out, bytes_view v) noexcept { bytes_codec::encode(out, v); }
};

/**
 * @brief UTF-8 text with a decode limit and a stricter encode limit, in bytes.
 *
 * RFC 8489 counts most text limits in characters (fewer than 128) and states byte bounds for
 * each direction: a receiver must accept up to 763 bytes for compatibility with RFC 5389.
 * Lifetime: the decoded view borrows the message.
 */
template <std::size_t DecodeMax, std::size_t EncodeMax>
struct text_codec {
    using value_type = std::string_view;  ///< A view into the message.
    /** @brief The longest value accepted on receipt, in bytes. */
    static constexpr std::size_t max_decoded_size = DecodeMax;
    /** @brief The longest value written, in bytes. */
    static constexpr std::size_t max_encoded_size = EncodeMax;

    /** @brief Accepts well-formed UTF-8 no longer than DecodeMax bytes. */
    static result<std::string_view> decode(bytes_view value) noexcept {
        if (value.size() > DecodeMax) return errc::text_too_long;
        const std::string_view text(reinterpret_cast<const char*>(value.data()), value.size());
        if (!detail::is_valid_utf8(text)) return errc::invalid_utf8;
        return text;
    }
    /** @brief The text's size, or an error when it is too long or not UTF-8. */
    static result<std::size_t> encoded_size(std::string_view v) noexcept {
        if (v.size() > EncodeMax) return errc::text_too_long;
        if (!detail::is_valid_utf8(v)) return errc::invalid_utf8;
        return v.size();
    }
    /** @brief Copies the text. */
    static void encode(mutable_bytes out, std::string_view v) noexcept {
        for (std::size_t i = 0; i < v.size(); ++i) out[i] = static_cast<std::uint8_t>(v[i]);
    }
};

namespace detail {

/**
 * @brief Decodes an address attribute (RFC 8489 §14.1): one reserved byte, the family, the
 * port, then 4 or 16 address bytes; XORed with `xor_pad` (§14.2) unless it is null.
 */
inline result<transport_address> decode_address(bytes_view value, const std::uint8_t* xor_pad) noexcept {
    if (value.size() < 4) return errc::bad_attribute_length;
    const std::uint8_t* p = value.data();
    if (p[0] != 0) return errc::reserved_bits_set;
    std::size_t address_size = 0;
    if (p[1] == static_cast<std::uint8_t>(address_family::ipv4)) {
        address_size = 4;
    } else if (p[1] == static_cast<std::uint8_t>(address_family::ipv6)) {
        address_size = 16;
    } else {
        return errc::bad_address_family;
    }
    if (value.size() != 4 + address_size) return errc::bad_attribute_length;
    std::array<std::uint8_t, 16> bytes{};
    for (std::size_t i = 0; i < address_size; ++i) {
        bytes[i] = static_cast<std::uint8_t>(p[4 + i] ^ (xor_pad != nullptr ? xor_pad[i] : 0U));
    }
    std::uint16_t port = stunkit::detail::load_u16(p + 2);
    if (xor_pad != nullptr) port = static_cast<std::uint16_t>(port ^ stunkit::detail::load_u16(xor_pad));
    transport_address out;
    out.port = port;
    out.address = address_size == 4 ? ip_address::v4(bytes[0], bytes[1], bytes[2], bytes[3])
                                    : ip_address::v6(bytes);
    return out;
}

/** @brief Encodes an address attribute, XORed with `xor_pad` unless it is null. */
inline void encode_address(mutable_bytes out, const transport_address& a, const std::uint8_t* xor_pad) noexcept {
    std::uint8_t* p = out.data();
    p[0] = 0;
    p[1] = static_cast<std::uint8_t>(a.address.family());
    std::uint16_t port = a.port;
    if (xor_pad != nullptr) port = static_cast<std::uint16_t>(port ^ stunkit::detail::load_u16(xor_pad));
    stunkit::detail::store_u16(p + 2, port);
    const auto& bytes = a.address.bytes();
    for (std::size_t i = 0; i < a.address.size(); ++i) {
        p[4 + i] = static_cast<std::uint8_t>(bytes[i] ^ (xor_pad != nullptr ? xor_pad[i] : 0U));
    }
}

}  // namespace detail

/** @brief A transport address in the clear (RFC 8489 §14.1): MAPPED-ADDRESS and kin. */
struct address_codec {
    using value_type = transport_address;  ///< Address and port.
    /** @brief Accepts family 1 with 4 address bytes or family 2 with 16, reserved byte zero. */
    static result<transport_address> decode(bytes_view value) noexcept {
        return detail::decode_address(value, nullptr);
    }
    /** @brief 8 for IPv4, 20 for IPv6. */
    static std::size_t encoded_size(const transport_address& a) noexcept { return 4 + a.address.size(); }
    /** @brief Writes the address in the clear. */
    static void encode(mutable_bytes out, const transport_address& a) noexcept {
        detail::encode_address(out, a, nullptr);
    }
};

/**
 * @brief A transport address XORed with the magic cookie and transaction id (RFC 8489
 * §14.2): XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS, XOR-RELAYED-ADDRESS.
 */
struct xor_address_codec {
    using value_type = transport_address;  ///< Address and port, already un-XORed.
    /** @brief Like address_codec, then XORs with header bytes 4-19. */
    static result<transport_address> decode(bytes_view value, const message_header& h) noexcept {
        return detail::decode_address(value, h.xor_pad());
    }
    /** @brief 8 for IPv4, 20 for IPv6. */
    static std::size_t encoded_size(const transport_address& a) noexcept { return 4 + a.address.size(); }
    /** @brief Writes the address XORed with header bytes 4-19. */
    static void encode(mutable_bytes out, const transport_address& a, const message_header& h) noexcept {
        detail::encode_address(out, a, h.xor_pad());
    }
};

/** @brief The value of ERROR-CODE (RFC 8489 §14.8). Lifetime: `reason` borrows the message. */
struct error_code_value {
    std::uint16_t code = 0;   ///< 300-699: class times 100 plus number.
    std::string_view reason;  ///< UTF-8 reason phrase.
};

/**
 * @brief ERROR-CODE (RFC 8489 §14.8) and the code part of ADDRESS-ERROR-CODE: 21 reserved
 * bits, a 3-bit class (3-6), an 8-bit number (0-99), then a reason phrase.
 */
struct error_code_codec {
    using value_type = error_code_value;  ///< Code and reason.
    /** @brief The reason phrase's limits: 763 bytes on receipt, 509 when sending. */
    using reason_codec = text_codec<763, 509>;

    /** @brief Accepts class 3-6, number 0-99, zero reserved bits and a valid reason. */
    static result<error_code_value> decode(bytes_view value) noexcept {
        if (value.size() < 4) return errc::bad_attribute_length;
        const std::uint32_t head = stunkit::detail::load_u32(value.data());
        return decode_code_and_reason(head, value.subspan(4));
    }
    /** @brief 4 plus the reason's size, or an error for a code outside 300-699. */
    static result<std::size_t> encoded_size(const error_code_value& v) noexcept {
        if (v.code < 300 || v.code > 699) return errc::bad_error_code;
        const auto reason = reason_codec::encoded_size(v.reason);
        if (!reason) return reason.error();
        return 4 + *reason;
    }
    /** @brief Writes zero reserved bits, class, number and reason. */
    static void encode(mutable_bytes out, const error_code_value& v) noexcept {
        stunkit::detail::store_u32(out.data(), code_bits(v.code));
        reason_codec::encode(out.subspan(4), v.reason);
    }

    /** @brief Decodes the 32-bit word holding reserved, class and number bits, then the reason. */
    static result<error_code_value> decode_code_and_reason(std::uint32_t head, bytes_view reason) noexcept {
        if ((head & 0xFFFFF800U) != 0) return errc::reserved_bits_set;
        const unsigned klass = (head >> 8U) & 0x7U;
        const unsigned number = head & 0xFFU;
        if (klass < 3 || klass > 6 || number > 99) return errc::bad_error_code;
        const auto text = reason_codec::decode(reason);
        if (!text) return text.error();
        return error_code_value{static_cast<std::uint16_t>(klass * 100 + number), *text};
    }
    /** @brief The class and number bits of a code in 300-699. */
    static constexpr std::uint32_t code_bits(std::uint16_t code) noexcept {
        return (static_cast<std::uint32_t>(code / 100U) << 8U) | (code % 100U);
    }
};

/**
 * @brief A view of a list of attribute types as UNKNOWN-ATTRIBUTES carries them: 16-bit
 * big-endian entries. Lifetime: borrows the message.
 */
class attribute_type_list {
public:
    /** @brief Iterates the types in order. */
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;  ///< Forward iteration.
        using value_type = std::uint16_t;                     ///< An attribute type.
        using difference_type = std::ptrdiff_t;               ///< Standard iterator trait.
        using pointer = const std::uint16_t*;                 ///< Standard iterator trait.
        using reference = std::uint16_t;                      ///< Yields by value.
        /** @brief A singular iterator. */
        iterator() noexcept = default;
        /** @brief At byte `p`. */
        explicit iterator(const std::uint8_t* p) noexcept : p_(p) {}
        /** @brief The type here. */
        std::uint16_t operator*() const noexcept { return stunkit::detail::load_u16(p_); }
        /** @brief The next entry. */
        iterator& operator++() noexcept {
            p_ += 2;
            return *this;
        }
        /** @brief The next entry. */
        iterator operator++(int) noexcept {
            iterator before = *this;
            p_ += 2;
            return before;
        }
        /** @brief Same position. */
        friend bool operator==(iterator a, iterator b) noexcept { return a.p_ == b.p_; }
        /** @brief Different position. */
        friend bool operator!=(iterator a, iterator b) noexcept { return a.p_ != b.p_; }

    private:
        const std::uint8_t* p_ = nullptr;
    };

    /** @brief An empty list. */
    attribute_type_list() noexcept = default;
    /** @brief Views `bytes`, whose size must be even (decode() checks received values). */
    explicit attribute_type_list(bytes_view bytes) noexcept : bytes_(bytes) {
        STUNKIT_ASSERT(bytes.size() % 2 == 0);
    }
    /** @brief The number of types. */
    std::size_t size() const noexcept { return bytes_.size() / 2; }
    /** @brief True when the list is empty. */
    bool empty() const noexcept { return bytes_.empty(); }
    /** @brief The i-th type; i must be below size(). */
    std::uint16_t operator[](std::size_t i) const noexcept {
        STUNKIT_ASSERT(i < size());
        return stunkit::detail::load_u16(bytes_.data() + 2 * i);
    }
    /** @brief The first type. */
    iterator begin() const noexcept { return iterator(bytes_.data()); }
    /** @brief Past the last type. */
    iterator end() const noexcept { return iterator(bytes_.data() + bytes_.size()); }
    /** @brief The raw wire bytes. */
    bytes_view bytes() const noexcept { return bytes_; }

private:
    bytes_view bytes_;
};

/**
 * @brief UNKNOWN-ATTRIBUTES (RFC 8489 §14.13): 2 bytes per type, padded like any attribute.
 * An odd count is legal (RFC 3489's rule of repeating one entry is gone); an odd byte length
 * is not.
 */
struct unknown_attributes_codec {
    using value_type = attribute_type_list;  ///< The listed types.
    /** @brief Accepts an even length. */
    static result<attribute_type_list> decode(bytes_view value) noexcept {
        if (value.size() % 2 != 0) return errc::bad_attribute_length;
        return attribute_type_list(value);
    }
    /** @brief Two bytes per type; errc::value_too_large past 65535 bytes. */
    static result<std::size_t> encoded_size(gsl::span<const std::uint16_t> types) noexcept {
        if (types.size() > max_length_field / 2) return errc::value_too_large;
        return 2 * types.size();
    }
    /** @brief The list's own size. */
    static std::size_t encoded_size(const attribute_type_list& types) noexcept { return types.bytes().size(); }
    /** @brief Writes each type big-endian. */
    static void encode(mutable_bytes out, gsl::span<const std::uint16_t> types) noexcept {
        for (std::size_t i = 0; i < types.size(); ++i) stunkit::detail::store_u16(out.data() + 2 * i, types[i]);
    }
    /** @brief Copies a decoded list. */
    static void encode(mutable_bytes out, const attribute_type_list& types) noexcept {
        bytes_codec::encode(out, types.bytes());
    }
};

/** @brief Password algorithm numbers (RFC 8489 §18.5). */
namespace password_algorithm_id {
inline constexpr std::uint16_t md5 = 0x0001;     ///< MD5 of "user:realm:password".
inline constexpr std::uint16_t sha256 = 0x0002;  ///< SHA-256 of "user:realm:password".
}  // namespace password_algorithm_id

/** @brief One algorithm and its parameters (RFC 8489 §14.11). Lifetime: borrows the message. */
struct password_algorithm_value {
    std::uint16_t algorithm = 0;  ///< One of password_algorithm_id.
    bytes_view parameters;        ///< Algorithm parameters, unpadded (empty for MD5 and SHA-256).
};

namespace detail {
/** @brief The size of one algorithm entry: number, parameter length, padded parameters. */
inline std::size_t algorithm_entry_size(std::size_t parameter_size) noexcept {
    return 4 + stunkit::detail::pad4(parameter_size);
}
/**
 * @brief Checks the entry at `p` (whose padded parameters are known to fit): the padding
 * after its parameters must be zero, so that a decoded entry re-encodes to the same bytes.
 */
inline result<void> check_algorithm_entry_padding(const std::uint8_t* p) noexcept {
    const std::size_t parameters = stunkit::detail::load_u16(p + 2);
    for (std::size_t i = parameters; i < stunkit::detail::pad4(parameters); ++i) {
        if (p[4 + i] != 0) return errc::reserved_bits_set;
    }
    return {};
}
/** @brief Writes one algorithm entry with zero padding. */
inline void encode_algorithm_entry(std::uint8_t* p, const password_algorithm_value& a) noexcept {
    stunkit::detail::store_u16(p, a.algorithm);
    stunkit::detail::store_u16(p + 2, static_cast<std::uint16_t>(a.parameters.size()));
    const std::size_t padded = stunkit::detail::pad4(a.parameters.size());
    for (std::size_t i = 0; i < padded; ++i) p[4 + i] = i < a.parameters.size() ? a.parameters[i] : 0;
}
}  // namespace detail

/**
 * @brief A view of PASSWORD-ALGORITHMS entries, validated when decoded. Lifetime: borrows
 * the message.
 */
class password_algorithm_list {
public:
    /** @brief Iterates the entries in order. */
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;  ///< Forward iteration.
        using value_type = password_algorithm_value;                ///< One entry.
        using difference_type = std::ptrdiff_t;               ///< Standard iterator trait.
        using pointer = const password_algorithm_value*;            ///< Standard iterator trait.
        using reference = password_algorithm_value;                 ///< Yields by value.
        /** @brief A singular iterator. */
        iterator() noexcept = default;
        /** @brief At byte `p` of a validated list. */
        explicit iterator(const std::uint8_t* p) noexcept : p_(p) {}
        /** @brief The entry here. */
        password_algorithm_value operator*() const noexcept {
            return {stunkit::detail::load_u16(p_), bytes_view(p_ + 4, stunkit::detail::load_u16(p_ + 2))};
        }
        /** @brief The next entry. */
        iterator& operator++() noexcept {
            p_ += detail::algorithm_entry_size(stunkit::detail::load_u16(p_ + 2));
            return *this;
        }
        /** @brief The next entry. */
        iterator operator++(int) noexcept {
            iterator before = *this;
            ++*this;
            return before;
        }
        /** @brief Same position. */
        friend bool operator==(iterator a, iterator b) noexcept { return a.p_ == b.p_; }
        /** @brief Different position. */
        friend bool operator!=(iterator a, iterator b) noexcept { return a.p_ != b.p_; }

    private:
        const std::uint8_t* p_ = nullptr;
    };

    /** @brief An empty list. */
    password_algorithm_list() noexcept = default;
    /** @brief Validates `bytes` as a sequence of padded entries. */
    static result<password_algorithm_list> from_bytes(bytes_view bytes) noexcept {
        std::size_t offset = 0;
        while (offset < bytes.size()) {
            if (bytes.size() - offset < 4) return errc::bad_attribute_length;
            const std::size_t entry =
                detail::algorithm_entry_size(stunkit::detail::load_u16(bytes.data() + offset + 2));
            if (entry > bytes.size() - offset) return errc::bad_attribute_length;
            const auto padding = detail::check_algorithm_entry_padding(bytes.data() + offset);
            if (!padding) return padding.error();
            offset += entry;
        }
        password_algorithm_list list;
        list.bytes_ = bytes;
        return list;
    }
    /** @brief The first entry. */
    iterator begin() const noexcept { return iterator(bytes_.data()); }
    /** @brief Past the last entry. */
    iterator end() const noexcept { return iterator(bytes_.data() + bytes_.size()); }
    /** @brief True when there are no entries. */
    bool empty() const noexcept { return bytes_.empty(); }
    /** @brief True when `algorithm` is listed. */
    bool contains(std::uint16_t algorithm) const noexcept {
        for (const auto entry : *this) {
            if (entry.algorithm == algorithm) return true;
        }
        return false;
    }
    /** @brief The raw wire bytes, for echoing the list back exactly (RFC 8489 §9.2.4). */
    bytes_view bytes() const noexcept { return bytes_; }

private:
    bytes_view bytes_;
};

/** @brief PASSWORD-ALGORITHMS (RFC 8489 §14.11): the server's offered algorithms. */
struct password_algorithms_codec {
    using value_type = password_algorithm_list;  ///< The entries.
    /** @brief Accepts a whole number of well-formed entries. */
    static result<password_algorithm_list> decode(bytes_view value) noexcept {
        return password_algorithm_list::from_bytes(value);
    }
    /** @brief The size of all entries; errc::value_too_large past 65535 bytes. */
    static result<std::size_t> encoded_size(gsl::span<const password_algorithm_value> list) noexcept {
        std::size_t n = 0;
        for (const auto& a : list) {
            if (a.parameters.size() > max_length_field) return errc::value_too_large;
            n += detail::algorithm_entry_size(a.parameters.size());
        }
        return n;
    }
    /** @brief The list's own size. */
    static std::size_t encoded_size(const password_algorithm_list& list) noexcept { return list.bytes().size(); }
    /** @brief Writes each entry with zero padding. */
    static void encode(mutable_bytes out, gsl::span<const password_algorithm_value> list) noexcept {
        std::uint8_t* p = out.data();
        for (const auto& a : list) {
            detail::encode_algorithm_entry(p, a);
            p += detail::algorithm_entry_size(a.parameters.size());
        }
    }
    /** @brief Copies a received list byte for byte. */
    static void encode(mutable_bytes out, const password_algorithm_list& list) noexcept {
        bytes_codec::encode(out, list.bytes());
    }
};

/** @brief PASSWORD-ALGORITHM (RFC 8489 §14.12): the one algorithm a request uses. */
struct password_algorithm_codec {
    using value_type = password_algorithm_value;  ///< The algorithm and its parameters.
    /** @brief Accepts exactly one well-formed entry. */
    static result<password_algorithm_value> decode(bytes_view value) noexcept {
        if (value.size() < 4) return errc::bad_attribute_length;
        const std::size_t parameters = stunkit::detail::load_u16(value.data() + 2);
        if (detail::algorithm_entry_size(parameters) != value.size()) return errc::bad_attribute_length;
        const auto padding = detail::check_algorithm_entry_padding(value.data());
        if (!padding) return padding.error();
        return password_algorithm_value{stunkit::detail::load_u16(value.data()), value.subspan(4, parameters)};
    }
    /** @brief 4 plus the padded parameters. */
    static result<std::size_t> encoded_size(const password_algorithm_value& a) noexcept {
        if (a.parameters.size() > max_length_field - 4) return errc::value_too_large;
        return detail::algorithm_entry_size(a.parameters.size());
    }
    /** @brief Writes the entry with zero padding. */
    static void encode(mutable_bytes out, const password_algorithm_value& a) noexcept {
        detail::encode_algorithm_entry(out.data(), a);
    }
};

/** @brief The value of CHANGE-REQUEST (RFC 5780 §7.2, RFC 3489 §11.2.4). */
struct change_request_value {
    bool change_ip = false;    ///< Answer from the other IP address.
    bool change_port = false;  ///< Answer from the other port.
    /** @brief Same flags. */
    friend constexpr bool operator==(change_request_value a, change_request_value b) noexcept {
        return a.change_ip == b.change_ip && a.change_port == b.change_port;
    }
};

/** @brief CHANGE-REQUEST: a 32-bit word with flag A (change IP, 0x4) and B (change port, 0x2). */
struct change_request_codec {
    using value_type = change_request_value;  ///< The two flags.
    /** @brief Accepts four bytes with no bits other than A and B set. */
    static result<change_request_value> decode(bytes_view value) noexcept {
        if (value.size() != 4) return errc::bad_attribute_length;
        const std::uint32_t bits = stunkit::detail::load_u32(value.data());
        if ((bits & ~0x6U) != 0) return errc::reserved_bits_set;
        return change_request_value{(bits & 0x4U) != 0, (bits & 0x2U) != 0};
    }
    /** @brief Always four. */
    static constexpr std::size_t encoded_size(change_request_value) noexcept { return 4; }
    /** @brief Writes the flags. */
    static void encode(mutable_bytes out, change_request_value v) noexcept {
        stunkit::detail::store_u32(out.data(), (v.change_ip ? 0x4U : 0U) | (v.change_port ? 0x2U : 0U));
    }
};

/**
 * @brief MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6): an HMAC-SHA256 truncated to 16-32 bytes
 * in steps of 4. Lifetime: borrows the message.
 */
struct truncated_mac_codec {
    using value_type = bytes_view;  ///< The MAC bytes.
    /** @brief True for the lengths §14.6 allows. */
    static constexpr bool valid_size(std::size_t n) noexcept { return n >= 16 && n <= 32 && n % 4 == 0; }
    /** @brief Accepts 16, 20, 24, 28 or 32 bytes. */
    static result<bytes_view> decode(bytes_view value) noexcept {
        if (!valid_size(value.size())) return errc::bad_attribute_length;
        return value;
    }
    /** @brief The MAC's size, when allowed. */
    static result<std::size_t> encoded_size(bytes_view v) noexcept {
        if (!valid_size(v.size())) return errc::invalid_argument;
        return v.size();
    }
    /** @brief Copies the MAC. */
    static void encode(mutable_bytes out, bytes_view v) noexcept { bytes_codec::encode(out, v); }
};

// ---------------------------------------------------------------------------------------------
// RFC 8489 attributes
// ---------------------------------------------------------------------------------------------

/** @brief MAPPED-ADDRESS (RFC 8489 §14.1), kept for RFC 3489 clients. */
struct mapped_address : address_codec {
    static constexpr std::uint16_t type = 0x0001;                ///< IANA code point.
    static constexpr std::string_view name = "MAPPED-ADDRESS";   ///< IANA name.
};
/** @brief XOR-MAPPED-ADDRESS (RFC 8489 §14.2): the client's reflexive address. */
struct xor_mapped_address : xor_address_codec {
    static constexpr std::uint16_t type = 0x0020;                  ///< IANA code point.
    static constexpr std::string_view name = "XOR-MAPPED-ADDRESS"; ///< IANA name.
};
/** @brief USERNAME (RFC 8489 §14.3): fewer than 509 bytes sent, up to 763 accepted. */
struct username : text_codec<763, 508> {
    static constexpr std::uint16_t type = 0x0006;         ///< IANA code point.
    static constexpr std::string_view name = "USERNAME";  ///< IANA name.
};
/** @brief USERHASH (RFC 8489 §14.4): SHA-256 of "username:realm", 32 bytes. */
struct userhash : fixed_bytes_codec<32> {
    static constexpr std::uint16_t type = 0x001E;         ///< IANA code point.
    static constexpr std::string_view name = "USERHASH";  ///< IANA name.
};
/** @brief MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1, 20 bytes (raw here). */
struct message_integrity : fixed_bytes_codec<20> {
    static constexpr std::uint16_t type = attribute_type::message_integrity;  ///< IANA code point.
    static constexpr std::string_view name = "MESSAGE-INTEGRITY";             ///< IANA name.
};
/** @brief MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6): truncated HMAC-SHA256 (raw here). */
struct message_integrity_sha256 : truncated_mac_codec {
    static constexpr std::uint16_t type = attribute_type::message_integrity_sha256;  ///< IANA code point.
    static constexpr std::string_view name = "MESSAGE-INTEGRITY-SHA256";             ///< IANA name.
};
/** @brief FINGERPRINT (RFC 8489 §14.7): CRC-32 XOR 0x5354554E (raw here). */
struct fingerprint : u32_codec {
    static constexpr std::uint16_t type = attribute_type::fingerprint;  ///< IANA code point.
    static constexpr std::string_view name = "FINGERPRINT";             ///< IANA name.
};
/** @brief ERROR-CODE (RFC 8489 §14.8). */
struct error_code : error_code_codec {
    static constexpr std::uint16_t type = 0x0009;           ///< IANA code point.
    static constexpr std::string_view name = "ERROR-CODE";  ///< IANA name.
};
/** @brief REALM (RFC 8489 §14.9): at most 763 bytes accepted, 509 sent. */
struct realm : text_codec<763, 509> {
    static constexpr std::uint16_t type = 0x0014;      ///< IANA code point.
    static constexpr std::string_view name = "REALM";  ///< IANA name.
};
/** @brief NONCE (RFC 8489 §14.10): at most 763 bytes accepted, 509 sent. */
struct nonce : text_codec<763, 509> {
    static constexpr std::uint16_t type = 0x0015;      ///< IANA code point.
    static constexpr std::string_view name = "NONCE";  ///< IANA name.
};
/** @brief PASSWORD-ALGORITHMS (RFC 8489 §14.11). */
struct password_algorithms : password_algorithms_codec {
    static constexpr std::uint16_t type = 0x8002;                    ///< IANA code point.
    static constexpr std::string_view name = "PASSWORD-ALGORITHMS";  ///< IANA name.
};
/** @brief PASSWORD-ALGORITHM (RFC 8489 §14.12). */
struct password_algorithm : password_algorithm_codec {
    static constexpr std::uint16_t type = 0x001D;                   ///< IANA code point.
    static constexpr std::string_view name = "PASSWORD-ALGORITHM";  ///< IANA name.
};
/** @brief UNKNOWN-ATTRIBUTES (RFC 8489 §14.13). */
struct unknown_attributes : unknown_attributes_codec {
    static constexpr std::uint16_t type = 0x000A;                   ///< IANA code point.
    static constexpr std::string_view name = "UNKNOWN-ATTRIBUTES";  ///< IANA name.
};
/** @brief SOFTWARE (RFC 8489 §14.14): at most 763 bytes accepted, 509 sent. */
struct software : text_codec<763, 509> {
    static constexpr std::uint16_t type = 0x8022;         ///< IANA code point.
    static constexpr std::string_view name = "SOFTWARE";  ///< IANA name.
};
/** @brief ALTERNATE-SERVER (RFC 8489 §14.15). */
struct alternate_server : address_codec {
    static constexpr std::uint16_t type = 0x8023;                 ///< IANA code point.
    static constexpr std::string_view name = "ALTERNATE-SERVER";  ///< IANA name.
};
/** @brief ALTERNATE-DOMAIN (RFC 8489 §14.16): a domain name, at most 255 bytes (RFC 1035). */
struct alternate_domain : text_codec<255, 255> {
    static constexpr std::uint16_t type = 0x8003;                 ///< IANA code point.
    static constexpr std::string_view name = "ALTERNATE-DOMAIN";  ///< IANA name.
};

// ---------------------------------------------------------------------------------------------
// Classic RFC 3489 attributes
// ---------------------------------------------------------------------------------------------

/** @brief RESPONSE-ADDRESS (RFC 3489 §11.2.2): where to send the response. */
struct response_address : address_codec {
    static constexpr std::uint16_t type = 0x0002;                 ///< IANA code point.
    static constexpr std::string_view name = "RESPONSE-ADDRESS";  ///< RFC 3489 name; IANA: reserved since RFC 5389.
};
/** @brief CHANGE-REQUEST (RFC 3489 §11.2.4, RFC 5780 §7.2). */
struct change_request : change_request_codec {
    static constexpr std::uint16_t type = 0x0003;               ///< IANA code point.
    static constexpr std::string_view name = "CHANGE-REQUEST";  ///< RFC 3489 name; IANA: reserved since RFC 5389.
};
/** @brief SOURCE-ADDRESS (RFC 3489 §11.2.5): where the server sent the response from. */
struct source_address : address_codec {
    static constexpr std::uint16_t type = 0x0004;               ///< IANA code point.
    static constexpr std::string_view name = "SOURCE-ADDRESS";  ///< RFC 3489 name; IANA: reserved since RFC 5389.
};
/** @brief CHANGED-ADDRESS (RFC 3489 §11.2.3): the server's other IP and port. */
struct changed_address : address_codec {
    static constexpr std::uint16_t type = 0x0005;                ///< IANA code point.
    static constexpr std::string_view name = "CHANGED-ADDRESS";  ///< RFC 3489 name; IANA: reserved since RFC 5389.
};
/** @brief PASSWORD (RFC 3489 §11.2.7): opaque, a multiple of 4 bytes in RFC 3489. */
struct password : bytes_codec {
    static constexpr std::uint16_t type = 0x0007;         ///< IANA code point.
    static constexpr std::string_view name = "PASSWORD";  ///< RFC 3489 name; IANA: reserved since RFC 5389.
};
/** @brief REFLECTED-FROM (RFC 3489 §11.2.11): who asked for a RESPONSE-ADDRESS redirect. */
struct reflected_from : address_codec {
    static constexpr std::uint16_t type = 0x000B;               ///< IANA code point.
    static constexpr std::string_view name = "REFLECTED-FROM";  ///< RFC 3489 name; IANA: reserved since RFC 5389.
};

// ---------------------------------------------------------------------------------------------
// RFC 5780 attributes
// ---------------------------------------------------------------------------------------------

/** @brief RESPONSE-PORT (RFC 5780 §7.5): the port to answer to, then 2 zero bytes. */
struct response_port : u16_then_reserved_codec {
    static constexpr std::uint16_t type = 0x0027;              ///< IANA code point.
    static constexpr std::string_view name = "RESPONSE-PORT";  ///< IANA name.
};
/** @brief PADDING (RFC 5780 §7.6): filler to test fragmentation. */
struct padding : bytes_codec {
    static constexpr std::uint16_t type = 0x0026;        ///< IANA code point.
    static constexpr std::string_view name = "PADDING";  ///< IANA name.
};
/** @brief RESPONSE-ORIGIN (RFC 5780 §7.3): the address the response was sent from. */
struct response_origin : address_codec {
    static constexpr std::uint16_t type = 0x802B;                ///< IANA code point.
    static constexpr std::string_view name = "RESPONSE-ORIGIN";  ///< IANA name.
};
/** @brief OTHER-ADDRESS (RFC 5780 §7.4): the server's alternate address and port. */
struct other_address : address_codec {
    static constexpr std::uint16_t type = 0x802C;              ///< IANA code point.
    static constexpr std::string_view name = "OTHER-ADDRESS";  ///< IANA name.
};

// ---------------------------------------------------------------------------------------------
// ICE attributes (RFC 8445 §16.1)
// ---------------------------------------------------------------------------------------------

/** @brief PRIORITY (RFC 8445 §7.1.1): the prflx priority the checked pair would have. */
struct priority : u32_codec {
    static constexpr std::uint16_t type = 0x0024;         ///< IANA code point.
    static constexpr std::string_view name = "PRIORITY";  ///< IANA name.
};
/** @brief USE-CANDIDATE (RFC 8445 §7.1.2): the controlling agent nominates this pair. */
struct use_candidate : flag_codec {
    static constexpr std::uint16_t type = 0x0025;              ///< IANA code point.
    static constexpr std::string_view name = "USE-CANDIDATE";  ///< IANA name.
};
/** @brief ICE-CONTROLLED (RFC 8445 §7.1.3): the sender's 64-bit tie-breaker. */
struct ice_controlled : u64_codec {
    static constexpr std::uint16_t type = 0x8029;               ///< IANA code point.
    static constexpr std::string_view name = "ICE-CONTROLLED";  ///< IANA name.
};
/** @brief ICE-CONTROLLING (RFC 8445 §7.1.3): the sender's 64-bit tie-breaker. */
struct ice_controlling : u64_codec {
    static constexpr std::uint16_t type = 0x802A;                ///< IANA code point.
    static constexpr std::string_view name = "ICE-CONTROLLING";  ///< IANA name.
};

}  // namespace attr
STUNKIT_END_NAMESPACE
