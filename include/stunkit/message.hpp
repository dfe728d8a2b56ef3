/**
 * @file message.hpp
 * @brief The STUN message header, parse(), message_view and lazy attribute iteration.
 */
#pragma once

#include "config.hpp"
#include "detail/wire.hpp"
#include "error.hpp"
#include "types.hpp"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <type_traits>
#include <utility>

STUNKIT_BEGIN_NAMESPACE

/** @brief The fixed value of bytes 4-7 of every RFC 8489 message (§5). */
inline constexpr std::uint32_t magic_cookie = 0x2112A442U;
/** @brief The size of the STUN message header (RFC 8489 §5). */
inline constexpr std::size_t header_size = 20;
/** @brief The size of an attribute's type and length fields (RFC 8489 §14). */
inline constexpr std::size_t attribute_header_size = 4;
/** @brief The largest attribute value or message body a 16-bit length field can describe. */
inline constexpr std::size_t max_length_field = 0xFFFF;

/** @brief A STUN method (RFC 8489 §18.2, RFC 8656 §17, RFC 6062 §6.1); others pass through. */
enum class method : std::uint16_t {
    binding = 0x001,             ///< RFC 8489.
    allocate = 0x003,            ///< RFC 8656 §7.
    refresh = 0x004,             ///< RFC 8656 §8.
    send = 0x006,                ///< RFC 8656 §11 (indication only).
    data = 0x007,                ///< RFC 8656 §11 (indication only).
    create_permission = 0x008,   ///< RFC 8656 §10.
    channel_bind = 0x009,        ///< RFC 8656 §12.
    connect = 0x00A,             ///< RFC 6062 §4.3.
    connection_bind = 0x00B,     ///< RFC 6062 §4.4.
    connection_attempt = 0x00C,  ///< RFC 6062 §4.4 (indication only).
};

/** @brief The class of a STUN message (RFC 8489 §5). */
enum class message_class : std::uint8_t {
    request = 0,           ///< Asks for a response.
    indication = 1,        ///< Asks for nothing.
    success_response = 2,  ///< Answers a request successfully.
    error_response = 3,    ///< Answers a request with ERROR-CODE.
};

/**
 * @brief A message type: 12 method bits and 2 class bits, interleaved on the wire as
 * M11..M7 C1 M6..M4 C0 M3..M0 (RFC 8489 §5, figure 3).
 */
struct message_type {
    stunkit::method method = method::binding;           ///< The method (12 bits).
    message_class klass = message_class::request;       ///< The class.

    /** @brief The 14-bit wire encoding of this type. */
    constexpr std::uint16_t encode() const noexcept {
        const auto m = static_cast<unsigned>(method) & 0xFFFU;
        const auto c = static_cast<unsigned>(klass);
        return static_cast<std::uint16_t>((m & 0x000FU) | ((m & 0x0070U) << 1U) |
                                          ((m & 0x0F80U) << 2U) | ((c & 1U) << 4U) |
                                          ((c & 2U) << 7U));
    }
    /** @brief Splits a wire type into method and class; the top two bits are ignored. */
    static constexpr message_type decode(std::uint16_t wire) noexcept {
        const unsigned w = wire;
        const unsigned m = (w & 0x000FU) | ((w & 0x00E0U) >> 1U) | ((w & 0x3E00U) >> 2U);
        const unsigned c = ((w >> 4U) & 1U) | ((w >> 7U) & 2U);
        return {static_cast<stunkit::method>(m), static_cast<message_class>(c)};
    }
    /** @brief Same method and class. */
    friend constexpr bool operator==(message_type a, message_type b) noexcept {
        return a.method == b.method && a.klass == b.klass;
    }
    /** @brief Not operator==. */
    friend constexpr bool operator!=(message_type a, message_type b) noexcept { return !(a == b); }
};

/**
 * @brief Whether a known method is ever sent with this class; unknown methods allow any.
 *
 * Send, Data and ConnectionAttempt exist only as indications; the other TURN methods never
 * are indications (RFC 8656 §17, RFC 6062 §6.1).
 */
constexpr bool class_allowed(method m, message_class c) noexcept {
    switch (m) {
    case method::send:
    case method::data:
    case method::connection_attempt:
        return c == message_class::indication;
    case method::allocate:
    case method::refresh:
    case method::create_permission:
    case method::channel_bind:
    case method::connect:
    case method::connection_bind:
        return c != message_class::indication;
    case method::binding:
        return true;
    }
    return true;
}

/** @brief Attribute type codes the parser itself must recognise (RFC 8489 §18.3). */
namespace attribute_type {
inline constexpr std::uint16_t message_integrity = 0x0008;         ///< RFC 8489 §14.5.
inline constexpr std::uint16_t message_integrity_sha256 = 0x001C;  ///< RFC 8489 §14.6.
inline constexpr std::uint16_t fingerprint = 0x8028;               ///< RFC 8489 §14.7.
}  // namespace attribute_type

/**
 * @brief A view of the 20-byte header of a message being parsed or built.
 *
 * Lifetime: borrows the caller's message bytes.
 */
class message_header {
public:
    /** @brief Views the 20 bytes at `bytes`, which the caller keeps alive and readable. */
    explicit constexpr message_header(const std::uint8_t* bytes) noexcept : p_(bytes) {}

    /** @brief Method and class. */
    message_type type() const noexcept { return message_type::decode(detail::load_u16(p_)); }
    /** @brief The length field: the size of the body after the header. */
    std::uint16_t length() const noexcept { return detail::load_u16(p_ + 2); }
    /** @brief True when bytes 4-7 hold the magic cookie (an RFC 5389/8489 message). */
    bool has_magic_cookie() const noexcept { return detail::load_u32(p_ + 4) == magic_cookie; }
    /** @brief The 96-bit transaction id (bytes 8-19). */
    stunkit::transaction_id transaction_id() const noexcept {
        stunkit::transaction_id id;
        for (std::size_t i = 0; i < id.bytes.size(); ++i) id.bytes[i] = p_[8 + i];
        return id;
    }
    /** @brief The RFC 3489 128-bit transaction id (bytes 4-19). */
    stunkit::legacy_transaction_id legacy_transaction_id() const noexcept {
        stunkit::legacy_transaction_id id;
        for (std::size_t i = 0; i < id.bytes.size(); ++i) id.bytes[i] = p_[4 + i];
        return id;
    }
    /**
     * @brief The 16 bytes (magic cookie then transaction id) that XOR-encoded addresses are
     * XORed with (RFC 8489 §14.2).
     */
    const std::uint8_t* xor_pad() const noexcept { return p_ + 4; }
    /** @brief The first byte of the message. */
    const std::uint8_t* data() const noexcept { return p_; }

private:
    const std::uint8_t* p_;
};

/** @brief One attribute as it sits in a parsed message. Lifetime: borrows the message bytes. */
struct attribute {
    std::uint16_t type = 0;   ///< The attribute type code.
    bytes_view value;         ///< The value, without padding.
    std::uint32_t offset = 0; ///< Where the attribute's header starts in the message.

    /** @brief RFC 8489 §14: types 0x0000-0x7FFF must be understood or the request refused. */
    constexpr bool comprehension_required() const noexcept { return type < 0x8000U; }
};

/** @brief Knobs for parse(); the defaults are strict RFC 8489. */
struct parse_options {
    /**
     * @brief Accept classic RFC 3489 messages, which lack the magic cookie and carry a
     * 128-bit transaction id. Off by default: a modern agent must reject them (RFC 8489 §6.3).
     */
    bool allow_legacy = false;
    /**
     * @brief The most attributes a message may carry. Bounds the work any per-attribute
     * lookup can cost; real messages carry fewer than 20.
     */
    std::uint16_t max_attributes = 128;
};

namespace detail {

/** @brief What parse() learned about a message's structure; enough to walk it without checks. */
struct message_layout {
    const std::uint8_t* data = nullptr;         ///< The first byte of the message.
    std::uint32_t size = 0;                     ///< The message size, header included.
    std::uint32_t ignore_from = 0;              ///< Attributes from here on are ignored, bar two:
    std::uint32_t integrity_offset = 0;         ///< MESSAGE-INTEGRITY, or 0.
    std::uint32_t integrity_sha256_offset = 0;  ///< MESSAGE-INTEGRITY-SHA256 (counts), or 0.
    std::uint32_t fingerprint_offset = 0;       ///< FINGERPRINT (counts), or 0.
    bool legacy = false;                        ///< No magic cookie (RFC 3489).

    /** @brief True when the attribute at `offset` counts (RFC 8489 §14.5, §14.6). */
    bool counts(std::uint32_t offset) const noexcept {
        return offset < ignore_from || offset == integrity_sha256_offset ||
               offset == fingerprint_offset;
    }
    /** @brief The attribute whose header starts at `offset`. */
    attribute attribute_at(std::uint32_t offset) const noexcept {
        const std::uint8_t* p = data + offset;
        return {load_u16(p), bytes_view(p + attribute_header_size, load_u16(p + 2)), offset};
    }
    /** @brief The offset of the attribute after the one at `offset`. */
    std::uint32_t next_offset(std::uint32_t offset) const noexcept {
        return offset + static_cast<std::uint32_t>(attribute_header_size + pad4(load_u16(data + offset + 2)));
    }
};

/** @brief A position in a validated message; copies the layout so it never dangles. */
class attribute_cursor {
public:
    attribute_cursor() noexcept = default;
    /** @brief At `offset`, which must be an attribute boundary of `layout` or its end. */
    attribute_cursor(const message_layout& layout, std::uint32_t offset, bool skip_ignored) noexcept
        : layout_(layout), offset_(offset), skip_ignored_(skip_ignored) {
        if (skip_ignored_) skip();
    }
    /** @brief The attribute here; not at_end(). */
    attribute current() const noexcept { return layout_.attribute_at(offset_); }
    /** @brief True past the last attribute. */
    bool at_end() const noexcept { return offset_ >= layout_.size; }
    /** @brief Moves to the next (counting, if skipping) attribute. */
    void advance() noexcept {
        offset_ = layout_.next_offset(offset_);
        if (skip_ignored_) skip();
    }
    /** @brief Where the current attribute's header starts. */
    std::uint32_t offset() const noexcept { return offset_; }

private:
    void skip() noexcept {
        while (offset_ < layout_.size && !layout_.counts(offset_)) offset_ = layout_.next_offset(offset_);
    }
    message_layout layout_;
    std::uint32_t offset_ = 0;
    bool skip_ignored_ = false;
};

}  // namespace detail

/**
 * @brief A forward range over the attributes of a message that pass a filter.
 *
 * Lifetime: borrows the message bytes only; the range and its iterators may outlive the
 * message_view they came from.
 */
template <class Predicate>
class attribute_range {
public:
    /** @brief Forward iterator yielding `attribute` values. */
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;  ///< Forward iteration only.
        using value_type = attribute;                         ///< Yields attributes by value.
        using difference_type = std::ptrdiff_t;               ///< Standard iterator trait.
        using pointer = const attribute*;                     ///< Standard iterator trait.
        using reference = attribute;                          ///< Yields by value.

        /** @brief A singular iterator. */
        iterator() noexcept = default;
        /** @brief Positions at the first match at or after `cursor`. */
        iterator(detail::attribute_cursor cursor, Predicate predicate) noexcept
            : cursor_(cursor), predicate_(predicate) {
            skip_rejected();
        }
        /** @brief The current attribute. */
        attribute operator*() const noexcept { return cursor_.current(); }
        /** @brief Moves to the next match. */
        iterator& operator++() noexcept {
            cursor_.advance();
            skip_rejected();
            return *this;
        }
        /** @brief Moves to the next match. */
        iterator operator++(int) noexcept {
            iterator before = *this;
            ++*this;
            return before;
        }
        /** @brief Same position. */
        friend bool operator==(const iterator& a, const iterator& b) noexcept {
            return a.cursor_.offset() == b.cursor_.offset();
        }
        /** @brief Different position. */
        friend bool operator!=(const iterator& a, const iterator& b) noexcept { return !(a == b); }

    private:
        void skip_rejected() noexcept {
            while (!cursor_.at_end() && !predicate_(cursor_.current())) cursor_.advance();
        }
        detail::attribute_cursor cursor_;
        Predicate predicate_{};
    };

    /** @brief The attributes from `first` to `last` that `predicate` accepts. */
    attribute_range(detail::attribute_cursor first, detail::attribute_cursor last,
                    Predicate predicate) noexcept
        : first_(first), last_(last), predicate_(predicate) {}

    /** @brief The first match. */
    iterator begin() const noexcept { return iterator(first_, predicate_); }
    /** @brief Past the last attribute. */
    iterator end() const noexcept { return iterator(last_, predicate_); }
    /** @brief True when nothing matches. */
    bool empty() const noexcept { return begin() == end(); }
    /** @brief How many attributes match (walks the range). */
    std::size_t count() const noexcept {
        std::size_t n = 0;
        for (auto it = begin(); it != end(); ++it) ++n;
        return n;
    }

private:
    detail::attribute_cursor first_;
    detail::attribute_cursor last_;
    Predicate predicate_;
};

namespace detail {
/** @brief Accepts every attribute. */
struct any_attribute {
    /** @brief Always true. */
    constexpr bool operator()(const attribute&) const noexcept { return true; }
};
/** @brief Accepts attributes of one type. */
struct attribute_of_type {
    std::uint16_t type;  ///< The type to keep.
    /** @brief True for attributes of `type`. */
    constexpr bool operator()(const attribute& a) const noexcept { return a.type == type; }
};

/** @brief True when Tag::decode takes the message header (XOR-encoded addresses). */
template <class Tag, class = void>
struct decodes_with_header : std::false_type {};
template <class Tag>
struct decodes_with_header<Tag, std::void_t<decltype(Tag::decode(std::declval<bytes_view>(),
                                                                 std::declval<const message_header&>()))>>
    : std::true_type {};

/** @brief Decodes `value` with Tag's codec, passing the header when the codec takes it. */
template <class Tag>
result<typename Tag::value_type> decode_attribute(bytes_view value, const message_header& header) noexcept {
    if constexpr (decodes_with_header<Tag>::value) {
        return Tag::decode(value, header);
    } else {
        static_cast<void>(header);
        return Tag::decode(value);
    }
}
}  // namespace detail

/**
 * @brief A validated STUN message. Every accessor is bounds-safe without re-checking,
 * because parse() checked the whole structure once.
 *
 * Attributes after MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256 and FINGERPRINT,
 * and after MESSAGE-INTEGRITY-SHA256 other than FINGERPRINT, are ignored (RFC 8489 §14.5,
 * §14.6): attributes() and get() skip them; all_attributes() shows them.
 *
 * Lifetime: borrows the datagram passed to parse(); keep it alive and unchanged.
 */
class message_view {
public:
    /** @brief An empty view; only parse() makes useful ones. */
    message_view() noexcept = default;

    /** @brief The header; the view must come from parse() (a default one has none). */
    message_header header() const noexcept {
        STUNKIT_ASSERT(layout_.data != nullptr);
        return message_header(layout_.data);
    }
    /** @brief Method and class. */
    message_type type() const noexcept { return header().type(); }
    /** @brief The method. */
    stunkit::method method() const noexcept { return type().method; }
    /** @brief The class. */
    message_class klass() const noexcept { return type().klass; }
    /** @brief The 96-bit transaction id (for legacy messages, its last 12 bytes). */
    stunkit::transaction_id transaction_id() const noexcept { return header().transaction_id(); }
    /** @brief The 128-bit RFC 3489 transaction id: bytes 4-19 of the header. */
    stunkit::legacy_transaction_id legacy_transaction_id() const noexcept {
        return header().legacy_transaction_id();
    }
    /** @brief True for an RFC 3489 message without the magic cookie (parse_options::allow_legacy). */
    bool legacy() const noexcept { return layout_.legacy; }
    /** @brief The whole message, header included. */
    bytes_view bytes() const noexcept { return {layout_.data, layout_.size}; }
    /** @brief Size of the whole message in bytes. */
    std::size_t size() const noexcept { return layout_.size; }

    /** @brief The attributes that count, in order (ignored ones skipped). */
    attribute_range<detail::any_attribute> attributes() const noexcept {
        return attributes_where(detail::any_attribute{});
    }
    /** @brief Every attribute in the message, ignored ones included. */
    attribute_range<detail::any_attribute> all_attributes() const noexcept {
        return {first(false), last(), {}};
    }
    /** @brief The attributes that count and satisfy `predicate(const attribute&)`. */
    template <class Predicate>
    attribute_range<Predicate> attributes_where(Predicate predicate) const noexcept {
        return {first(true), last(), predicate};
    }
    /** @brief True when `a` follows message integrity and RFC 8489 says to ignore it. */
    bool is_ignored(const attribute& a) const noexcept { return !layout_.counts(a.offset); }

    /** @brief The first counting attribute of type `type`, or errc::not_found. */
    result<attribute> find(std::uint16_t type) const noexcept {
        // parse() already located the attributes that close a message.
        switch (type) {
        case attribute_type::message_integrity: return at(layout_.integrity_offset);
        case attribute_type::message_integrity_sha256: return at(layout_.integrity_sha256_offset);
        case attribute_type::fingerprint: return at(layout_.fingerprint_offset);
        default: break;
        }
        for (std::uint32_t offset = header_size; offset < layout_.size; offset = layout_.next_offset(offset)) {
            if (detail::load_u16(layout_.data + offset) == type && layout_.counts(offset)) {
                return layout_.attribute_at(offset);
            }
        }
        return errc::not_found;
    }
    /** @brief True when an attribute of type `type` counts in this message. */
    bool contains(std::uint16_t type) const noexcept { return find(type).has_value(); }

    /** @brief Decodes the first attribute with Tag's type (RFC 8489 §14: the first one counts). */
    template <class Tag>
    result<typename Tag::value_type> get() const noexcept {
        const auto a = find(Tag::type);
        if (!a) return a.error();
        return decode<Tag>(*a);
    }
    /**
     * @brief Decodes one particular attribute of this message with Tag's codec, e.g. each
     * XOR-PEER-ADDRESS from all_of(); `a` must come from this message.
     */
    template <class Tag>
    result<typename Tag::value_type> decode(const attribute& a) const noexcept {
        return detail::decode_attribute<Tag>(a.value, header());
    }
    /** @brief True when an attribute with Tag's type counts in this message. */
    template <class Tag>
    bool has() const noexcept {
        return contains(Tag::type);
    }
    /** @brief Every counting attribute of type `type`, for attributes that may repeat. */
    attribute_range<detail::attribute_of_type> all_of(std::uint16_t type) const noexcept {
        return attributes_where(detail::attribute_of_type{type});
    }

    /** @brief MESSAGE-INTEGRITY, when it counts (it is the first integrity attribute). */
    result<attribute> message_integrity() const noexcept { return at(layout_.integrity_offset); }
    /** @brief MESSAGE-INTEGRITY-SHA256, when it counts. */
    result<attribute> message_integrity_sha256() const noexcept {
        return at(layout_.integrity_sha256_offset);
    }
    /** @brief FINGERPRINT, which parse() guarantees is last when present. */
    result<attribute> fingerprint() const noexcept { return at(layout_.fingerprint_offset); }

private:
    friend result<message_view> parse(bytes_view datagram, const parse_options& options) noexcept;

    detail::attribute_cursor first(bool skip_ignored) const noexcept {
        // A default-constructed view has size 0: its ranges must start at their end.
        const auto start = layout_.size == 0 ? 0U : static_cast<std::uint32_t>(header_size);
        return {layout_, start, skip_ignored};
    }
    detail::attribute_cursor last() const noexcept { return {layout_, layout_.size, false}; }
    result<attribute> at(std::uint32_t offset) const noexcept {
        if (offset == 0) return errc::not_found;
        return layout_.attribute_at(offset);
    }

    detail::message_layout layout_;
};

/**
 * @brief Validates a datagram as one STUN message (RFC 8489 §6.3, §14) and returns a view.
 *
 * Checks, in order: at least 20 bytes; the two top bits zero; the length field a multiple of
 * 4 and equal to the datagram size minus 20; the magic cookie (unless legacy parsing is
 * allowed); a class the method allows; every attribute header, value and padding inside the
 * message; at most options.max_attributes attributes; FINGERPRINT last. Attribute values are
 * decoded lazily by message_view::get().
 *
 * Lifetime: the view borrows `datagram`.
 */
inline result<message_view> parse(bytes_view datagram, const parse_options& options = {}) noexcept {
    const std::size_t size = datagram.size();
    const std::uint8_t* p = datagram.data();
    if (size < header_size) return errc::too_short;
    if ((p[0] & 0xC0U) != 0) return errc::not_stun;
    const std::size_t length = detail::load_u16(p + 2);
    if ((length & 3U) != 0) return errc::unaligned_length;
    if (length + header_size != size) return errc::length_mismatch;

    message_view view;
    detail::message_layout& m = view.layout_;
    m.data = p;
    m.size = static_cast<std::uint32_t>(size);
    m.ignore_from = m.size;
    const message_header header(p);
    if (!header.has_magic_cookie()) {
        if (!options.allow_legacy) return errc::bad_magic_cookie;
        m.legacy = true;
    }
    const message_type type = header.type();
    if (!class_allowed(type.method, type.klass)) return errc::invalid_class;

    std::size_t count = 0;
    std::uint32_t offset = header_size;
    while (offset < size) {
        // The body length and every offset are multiples of 4, so a whole attribute header
        // always fits here; only the value length needs checking.
        if (m.fingerprint_offset != 0) return errc::fingerprint_not_last;  // RFC 8489 §14.7
        if (++count > options.max_attributes) return errc::too_many_attributes;
        const std::uint16_t type_code = detail::load_u16(p + offset);
        const std::size_t room = size - offset - attribute_header_size;
        const std::size_t value_length = detail::load_u16(p + offset + 2);
        // room is a multiple of 4, so a value that fits leaves room for its padding too.
        if (value_length > room) return errc::attribute_truncated;
        const auto next = static_cast<std::uint32_t>(offset + attribute_header_size + detail::pad4(value_length));
        switch (type_code) {
        case attribute_type::message_integrity:
            if (m.integrity_offset == 0 && m.integrity_sha256_offset == 0) {
                m.integrity_offset = offset;
                m.ignore_from = next;
            }
            break;
        case attribute_type::message_integrity_sha256:
            if (m.integrity_sha256_offset == 0) {
                m.integrity_sha256_offset = offset;
                if (m.integrity_offset == 0) m.ignore_from = next;
            }
            break;
        case attribute_type::fingerprint:
            m.fingerprint_offset = offset;
            break;
        default:
            break;
        }
        offset = next;
    }
    return view;
}

STUNKIT_END_NAMESPACE
