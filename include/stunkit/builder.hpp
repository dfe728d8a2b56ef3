/**
 * @file builder.hpp
 * @brief message_builder writes a STUN message into the caller's buffer; static_message<N>
 * brings its own.
 */
#pragma once

#include "config.hpp"
#include "detail/wire.hpp"
#include "error.hpp"
#include "message.hpp"
#include "types.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

STUNKIT_BEGIN_NAMESPACE

namespace detail {

/** @brief A codec's encoded_size() as a result, whether it returns one or a plain size. */
inline result<std::size_t> as_size_result(std::size_t n) noexcept { return n; }
/** @brief A codec's encoded_size() as a result, whether it returns one or a plain size. */
inline result<std::size_t> as_size_result(result<std::size_t> n) noexcept { return n; }

/** @brief True when Tag::encode takes the message header (XOR-encoded addresses). */
template <class Tag, class Value, class = void>
struct encodes_with_header : std::false_type {};
template <class Tag, class Value>
struct encodes_with_header<Tag, Value,
                           std::void_t<decltype(Tag::encode(std::declval<mutable_bytes>(), std::declval<const Value&>(),
                                                            std::declval<const message_header&>()))>>
    : std::true_type {};

}  // namespace detail

template <std::size_t N>
class static_message;

/**
 * @brief Builds one STUN message in a buffer the caller owns.
 *
 * Attributes are appended in call order with zero padding, and the header's length field is
 * kept current after every append, so the bytes written so far are always a well-formed
 * message. The first failure (a full buffer, a value the protocol cannot express) is sticky:
 * later calls do nothing and finish() reports it, so a chain of add() calls needs one check.
 *
 * Lifetime: borrows the buffer; finish() returns a view into it.
 */
class message_builder {
public:
    /** @brief Starts a message of `type` with transaction id `id` in `buffer`. */
    message_builder(mutable_bytes buffer, message_type type, const transaction_id& id) noexcept
        : data_(buffer.data()), capacity_(buffer.size()) {
        if (!start(type)) return;
        detail::store_u32(data_ + 4, magic_cookie);
        for (std::size_t i = 0; i < id.bytes.size(); ++i) data_[8 + i] = id.bytes[i];
    }
    /**
     * @brief Not from a static_message: the copy would point into the static_message's own
     * buffer and dangle once it is gone.
     */
    template <std::size_t N>
    message_builder(const static_message<N>&) = delete;
    /** @brief Starts a classic RFC 3489 message (no magic cookie, 128-bit transaction id). */
    message_builder(mutable_bytes buffer, message_type type, const legacy_transaction_id& id) noexcept
        : data_(buffer.data()), capacity_(buffer.size()), legacy_(true) {
        if (!start(type)) return;
        for (std::size_t i = 0; i < id.bytes.size(); ++i) data_[4 + i] = id.bytes[i];
    }

    /**
     * @brief Appends attribute Tag with `value`, encoded by Tag's codec.
     *
     * Fails (sticky) with the codec's error, errc::value_too_large past 65535 bytes, or
     * errc::no_space when the buffer is full. Arguments convert to Tag's value type first, so
     * -Wconversion sees a narrowing such as a channel number written as an int.
     */
    template <class Tag>
    message_builder& add(const typename Tag::value_type& value) noexcept {
        return encode_attribute<Tag>(value);
    }
    /**
     * @brief Appends attribute Tag from another type its codec encodes, such as a span of
     * attribute types for UNKNOWN-ATTRIBUTES.
     */
    template <class Tag, class Value,
              std::enable_if_t<!std::is_convertible_v<const Value&, typename Tag::value_type>, int> = 0>
    message_builder& add(const Value& value) noexcept {
        return encode_attribute<Tag>(value);
    }
    /** @brief Appends a flag attribute such as attr::use_candidate, whose value is empty. */
    template <class Tag>
    message_builder& add() noexcept {
        return add<Tag>(typename Tag::value_type{});
    }
    /**
     * @brief Appends an attribute of any type with raw value bytes, copied as they are, in any
     * position: the escape hatch for reproducing or crafting messages (tests, fuzzing), which
     * skips the ordering check of append().
     */
    message_builder& add_raw(std::uint16_t type, bytes_view value) noexcept {
        const mutable_bytes out = append_unchecked(type, value.size());
        for (std::size_t i = 0; i < out.size(); ++i) out[i] = value[i];
        return *this;
    }

    /**
     * @brief Reserves an attribute of `length` value bytes, writes its header and padding,
     * updates the message length, and returns the value bytes for the caller to fill.
     * Returns an empty span (and fails, sticky) when it does not fit, or with
     * errc::invalid_argument when `type` may not follow what is already there: after
     * MESSAGE-INTEGRITY only MESSAGE-INTEGRITY-SHA256 and FINGERPRINT, after
     * MESSAGE-INTEGRITY-SHA256 only FINGERPRINT, after FINGERPRINT nothing (RFC 8489 §14.5-§14.7).
     */
    mutable_bytes append(std::uint16_t type, std::size_t length) noexcept {
        if (ok() && !may_follow(type)) return fail_bytes(errc::invalid_argument);
        return append_unchecked(type, length);
    }

    /** @brief The finished message, or the first error met while building it. */
    result<bytes_view> finish() const noexcept {
        if (!ok()) return error_;
        return bytes_view(data_, size_);
    }
    /** @brief True while nothing has failed. */
    bool ok() const noexcept { return error_ == errc{}; }
    /** @brief The first error; ok() must be false. */
    errc error() const noexcept {
        STUNKIT_ASSERT(!ok());
        return error_;
    }
    /** @brief Bytes written so far, header included. */
    std::size_t size() const noexcept { return size_; }
    /** @brief The header written at construction; ok() must be true. */
    message_header header() const noexcept {
        STUNKIT_ASSERT(size_ >= header_size);
        return message_header(data_);
    }
    /** @brief The bytes written so far. */
    mutable_bytes written() noexcept { return {data_, size_}; }
    /**
     * @brief Sets the byte later attributes are padded with. RFC 8489 §14 requires zero, the
     * default; RFC 5389 allowed any value and RFC 5769's test vectors pad with spaces (0x20),
     * which matters because MESSAGE-INTEGRITY covers the padding. For reproducing such
     * messages only.
     */
    message_builder& set_padding_byte(std::uint8_t fill) noexcept {
        padding_byte_ = fill;
        return *this;
    }
    /** @brief True for a classic RFC 3489 message (started with a legacy transaction id). */
    bool legacy() const noexcept { return legacy_; }

    /**
     * @brief Marks the builder failed with `e` unless it failed before; for layers that build
     * on message_builder (integrity, TURN) and meet a value they cannot encode.
     */
    message_builder& fail(errc e) noexcept {
        if (ok()) error_ = e;
        return *this;
    }

private:
    /** @brief How far the closing attributes have got; each may only be followed by later ones. */
    enum class stage : std::uint8_t { open, integrity, integrity_sha256, fingerprint };

    bool may_follow(std::uint16_t type) const noexcept {
        switch (stage_) {
        case stage::open: return true;
        case stage::integrity:
            return type == attribute_type::message_integrity_sha256 || type == attribute_type::fingerprint;
        case stage::integrity_sha256: return type == attribute_type::fingerprint;
        case stage::fingerprint: return false;
        }
        return false;
    }
    void note_closing(std::uint16_t type) noexcept {
        if (type == attribute_type::fingerprint) {
            stage_ = stage::fingerprint;
        } else if (type == attribute_type::message_integrity_sha256 && stage_ != stage::fingerprint) {
            stage_ = stage::integrity_sha256;
        } else if (type == attribute_type::message_integrity && stage_ == stage::open) {
            stage_ = stage::integrity;
        }
    }
    mutable_bytes append_unchecked(std::uint16_t type, std::size_t length) noexcept {
        if (!ok()) return {};
        if (length > max_length_field) return fail_bytes(errc::value_too_large);
        const std::size_t padded = detail::pad4(length);
        const std::size_t end = size_ + attribute_header_size + padded;
        if (end - header_size > max_length_field) return fail_bytes(errc::value_too_large);
        if (end > capacity_) return fail_bytes(errc::no_space);
        std::uint8_t* p = data_ + size_;
        detail::store_u16(p, type);
        detail::store_u16(p + 2, static_cast<std::uint16_t>(length));
        for (std::size_t i = length; i < padded; ++i) p[attribute_header_size + i] = padding_byte_;
        size_ = end;
        detail::store_u16(data_ + 2, static_cast<std::uint16_t>(size_ - header_size));
        note_closing(type);
        return {p + attribute_header_size, length};
    }

    template <class Tag, class Value>
    message_builder& encode_attribute(const Value& value) noexcept {
        if (!ok()) return *this;
        const auto size = detail::as_size_result(Tag::encoded_size(value));
        if (!size) return fail(size.error());
        const mutable_bytes out = append(Tag::type, *size);
        if (!ok()) return *this;
        if constexpr (detail::encodes_with_header<Tag, Value>::value) {
            Tag::encode(out, value, header());
        } else {
            Tag::encode(out, value);
        }
        return *this;
    }
    bool start(message_type type) noexcept {
        if (capacity_ < header_size) {
            fail(errc::no_space);
            return false;
        }
        detail::store_u16(data_, type.encode());
        detail::store_u16(data_ + 2, 0);
        size_ = header_size;
        return true;
    }
    mutable_bytes fail_bytes(errc e) noexcept {
        fail(e);
        return {};
    }

    std::uint8_t* data_;
    std::size_t capacity_;
    std::size_t size_ = 0;
    errc error_{};
    bool legacy_ = false;
    std::uint8_t padding_byte_ = 0;
    stage stage_ = stage::open;
};

namespace detail {
/** @brief Storage that must be constructed before the builder that points into it. */
template <std::size_t N>
struct message_storage {
    std::array<std::uint8_t, N> buffer{};  ///< The message bytes.
};
}  // namespace detail

/**
 * @brief A message_builder with its own N-byte buffer. All the code lives in the
 * non-template message_builder, so each N costs only its storage.
 *
 * Neither copyable nor movable: the builder points into the object itself. Return it from
 * functions as a prvalue (guaranteed copy elision).
 */
template <std::size_t N = 548>
class static_message : private detail::message_storage<N>, public message_builder {
    static_assert(N >= header_size, "a STUN message needs at least 20 bytes");

public:
    /** @brief Starts a message of `type` with transaction id `id`. */
    static_message(message_type type, const transaction_id& id) noexcept
        : detail::message_storage<N>{}, message_builder(mutable_bytes(this->buffer), type, id) {}
    /** @brief Starts a classic RFC 3489 message. */
    static_message(message_type type, const legacy_transaction_id& id) noexcept
        : detail::message_storage<N>{}, message_builder(mutable_bytes(this->buffer), type, id) {}
    static_message(const static_message&) = delete;
    static_message& operator=(const static_message&) = delete;
};

STUNKIT_END_NAMESPACE
