// Fuzz target: parse() and message_view, attribute decoding, and message_builder.
//
// The input is one datagram. It is parsed strictly and with allow_legacy; for each view that
// parses, the invariants below must hold (a violation aborts):
//   1. layout: size() is the input size; all_attributes() tile the body exactly: each starts
//      where the previous one ended, its value views the input right after its header, and
//      the sum of 4 + pad4(length) is size() - 20; attributes() is all_attributes() without
//      the is_ignored() ones; legacy() is "no magic cookie".
//   2. options: the strict and legacy parses agree except on bad_magic_cookie; raising
//      max_attributes changes nothing but too_many_attributes.
//   3. decoding: every attribute of a built-in type decodes with its tag to a value or to one
//      of the attribute-value errc (never a framing error, never a crash); get<Tag>() of every built-in tag equals decode<Tag>() of the first counting
//      attribute of that type, or not_found; find(type) agrees for every type present;
//      unknown_comprehension_required() lists exactly the unknown types below 0x8000.
//   4. rebuild: a message_builder with the same type and transaction id (the 128-bit one for
//      a legacy view), re-adding every attribute, ignored ones too, in order, through
//      add<Tag>(decoded value), or add_raw() when the type is unknown, the value does not
//      decode, or the value is longer than the sending limit (encoded_size() may then refuse
//      with text_too_long, and only that), reproduces the input byte for byte except the
//      padding bytes after each value, which the builder writes as zero. UNKNOWN-ATTRIBUTES
//      and PASSWORD-ALGORITHMS go through their iterators into arrays and are re-added from
//      spans (the codecs' other encode overloads), so the decoded entries must reproduce the
//      value too; their size(), operator[] and contains() must agree with iteration.
//   5. all_of(type) yields exactly the counting attributes of that type, in order; the MAC
//      accessors agree with find().

#include <stunkit/attributes.hpp>
#include <stunkit/builder.hpp>
#include <stunkit/message.hpp>
#include <stunkit/registry.hpp>

#include "fuzz_support.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace {

namespace sk = stunkit;

// ---- Value equality for every built-in value_type ------------------------------------------

template <class T>
auto same_value(const T& a, const T& b) noexcept -> decltype(static_cast<bool>(a == b)) {
    return static_cast<bool>(a == b);
}
// Views decoded from the same attribute must view the same bytes.
bool same_value(sk::bytes_view a, sk::bytes_view b) noexcept { return a.data() == b.data() && a.size() == b.size(); }
bool same_value(const sk::attr::error_code_value& a, const sk::attr::error_code_value& b) noexcept {
    return a.code == b.code && a.reason == b.reason;
}
bool same_value(const sk::turn::address_error_code_value& a, const sk::turn::address_error_code_value& b) noexcept {
    return a.family == b.family && a.code == b.code && a.reason == b.reason;
}
bool same_value(const sk::attr::attribute_type_list& a, const sk::attr::attribute_type_list& b) noexcept {
    return same_value(a.bytes(), b.bytes());
}
bool same_value(const sk::attr::password_algorithm_list& a, const sk::attr::password_algorithm_list& b) noexcept {
    return same_value(a.bytes(), b.bytes());
}
bool same_value(const sk::attr::password_algorithm_value& a, const sk::attr::password_algorithm_value& b) noexcept {
    return a.algorithm == b.algorithm && same_value(a.parameters, b.parameters);
}

template <class T>
bool same_result(const sk::result<T>& a, const sk::result<T>& b) noexcept {
    if (a.has_value() != b.has_value()) return false;
    return a.has_value() ? same_value(*a, *b) : a.error() == b.error();
}

// ---- Invariant 3: get<Tag>() is the decode of the first counting attribute ----------------

template <class Tag>
void check_get(const sk::message_view& m) {
    const auto got = m.get<Tag>();
    for (const sk::attribute a : m.attributes()) {
        if (a.type != Tag::type) continue;
        FUZZ_CHECK(!m.is_ignored(a));
        FUZZ_CHECK(same_result(got, m.decode<Tag>(a)));
        FUZZ_CHECK(m.has<Tag>());
        return;
    }
    FUZZ_CHECK(!got.has_value() && got.error() == sk::errc::not_found);
    FUZZ_CHECK(!m.has<Tag>());
}

template <class... Tags>
void check_get_all(const sk::message_view& m, sk::type_list<Tags...>) {
    (check_get<Tags>(m), ...);
}

// The first counting attribute of each type, by walking once; indexed by type, 0 = none.
std::array<std::uint32_t, 0x10000> first_counting{};

void check_find(const sk::message_view& m) {
    for (const sk::attribute a : m.attributes()) {
        if (first_counting[a.type] == 0) first_counting[a.type] = a.offset;
    }
    // find() walks the message, so only the first attributes are looked up: a 64 KiB message
    // of empty attributes would otherwise cost 16383 squared steps.
    std::size_t looked_up = 0;
    for (const sk::attribute a : m.all_attributes()) {
        if (++looked_up > 256) break;
        const std::uint32_t first = first_counting[a.type];
        const auto found = m.find(a.type);
        if (first == 0) {
            FUZZ_CHECK(!found.has_value() && found.error() == sk::errc::not_found);
            FUZZ_CHECK(!m.contains(a.type));
        } else {
            FUZZ_CHECK(found.has_value() && found->offset == first && found->type == a.type);
            FUZZ_CHECK(found->value.data() == m.bytes().data() + first + sk::attribute_header_size);
            FUZZ_CHECK(m.contains(a.type));
        }
    }
    for (const sk::attribute a : m.attributes()) first_counting[a.type] = 0;
}

void check_unknown_required(const sk::message_view& m) {
    auto listed = sk::unknown_comprehension_required(m);
    auto it = listed.begin();
    for (const sk::attribute a : m.attributes()) {
        if (a.type >= 0x8000U || sk::is_known_attribute(a.type)) continue;
        FUZZ_CHECK(it != listed.end());
        FUZZ_CHECK((*it).offset == a.offset);
        ++it;
    }
    FUZZ_CHECK(it == listed.end());
}

// ---- Invariant 4: list values through their iterators ---------------------------------------

std::array<std::uint16_t, sk::max_length_field / 2> type_entries;
std::array<sk::attr::password_algorithm_value, sk::max_length_field / 4> algorithm_entries;

// UNKNOWN-ATTRIBUTES as a span of the types its iterator yields.
gsl::span<const std::uint16_t> entries_of(const sk::attr::attribute_type_list& list) {
    std::size_t n = 0;
    for (const std::uint16_t type : list) {
        FUZZ_CHECK(n < list.size());
        FUZZ_CHECK(list[n] == type);
        type_entries[n++] = type;
    }
    FUZZ_CHECK(n == list.size() && list.empty() == (n == 0));
    FUZZ_CHECK(n * 2 == list.bytes().size());
    return {type_entries.data(), n};
}

// PASSWORD-ALGORITHMS as a span of the entries its iterator yields.
gsl::span<const sk::attr::password_algorithm_value> entries_of(const sk::attr::password_algorithm_list& list) {
    std::size_t n = 0;
    std::size_t bytes = 0;
    for (const sk::attr::password_algorithm_value entry : list) {
        FUZZ_CHECK(n < algorithm_entries.size());
        FUZZ_CHECK(entry.parameters.data() == list.bytes().data() + bytes + 4);
        FUZZ_CHECK(list.contains(entry.algorithm));
        bytes += sk::attr::detail::algorithm_entry_size(entry.parameters.size());
        FUZZ_CHECK(bytes <= list.bytes().size());
        algorithm_entries[n++] = entry;
    }
    FUZZ_CHECK(bytes == list.bytes().size() && list.empty() == (n == 0));
    return {algorithm_entries.data(), n};
}

// ---- Invariant 1: the attributes tile the body ----------------------------------------------

void check_layout(const sk::message_view& m, sk::bytes_view input) {
    FUZZ_CHECK(m.size() == input.size());
    FUZZ_CHECK(m.bytes().data() == input.data());
    FUZZ_CHECK(m.legacy() == !m.header().has_magic_cookie());
    std::size_t offset = sk::header_size;
    std::size_t total = 0;
    for (const sk::attribute a : m.all_attributes()) {
        FUZZ_CHECK(a.offset == offset);
        FUZZ_CHECK(a.value.data() == input.data() + offset + sk::attribute_header_size);
        FUZZ_CHECK(a.type == sk::detail::load_u16(input.data() + offset));
        FUZZ_CHECK(a.value.size() == sk::detail::load_u16(input.data() + offset + 2));
        const std::size_t span = sk::attribute_header_size + sk::detail::pad4(a.value.size());
        FUZZ_CHECK(offset + span <= input.size());
        total += span;
        offset += span;
    }
    FUZZ_CHECK(total == m.size() - sk::header_size);

    // attributes() is all_attributes() minus the ignored ones, in order.
    auto counting = m.attributes();
    auto it = counting.begin();
    for (const sk::attribute a : m.all_attributes()) {
        if (m.is_ignored(a)) continue;
        FUZZ_CHECK(it != counting.end());
        FUZZ_CHECK((*it).offset == a.offset);
        ++it;
    }
    FUZZ_CHECK(it == counting.end());
    // FINGERPRINT, when present, is last (RFC 8489 §14.7) and counts.
    const auto fp = m.fingerprint();
    if (fp) {
        FUZZ_CHECK(fp->type == sk::attribute_type::fingerprint);
        FUZZ_CHECK(fp->offset + sk::attribute_header_size + sk::detail::pad4(fp->value.size()) == m.size());
    }
}

// ---- Invariant 3 and 4: decode every attribute and rebuild the message ---------------------

// The errc a codec may return for a value (error.hpp's "Attribute values" group).
bool is_value_error(sk::errc e) {
    switch (e) {
    case sk::errc::bad_attribute_length:
    case sk::errc::bad_address_family:
    case sk::errc::reserved_bits_set:
    case sk::errc::bad_error_code:
    case sk::errc::text_too_long:
    case sk::errc::invalid_utf8:
    case sk::errc::bad_channel_number:
        return true;
    default:
        return false;
    }
}

std::array<std::uint8_t, sk::header_size + sk::max_length_field + 1> rebuild_buffer;

void check_rebuild(const sk::message_view& m, sk::bytes_view input) {
    const sk::mutable_bytes buffer(rebuild_buffer);
    sk::message_builder b = m.legacy() ? sk::message_builder(buffer, m.type(), m.legacy_transaction_id())
                                       : sk::message_builder(buffer, m.type(), m.transaction_id());
    FUZZ_CHECK(b.ok());
    for (const sk::attribute a : m.all_attributes()) {
        // The builder refuses typed attributes after a MAC (RFC 8489 §14.5), so the ones a
        // receiver ignores there are re-added raw, as they were received.
        if (m.is_ignored(a)) {
            b.add_raw(a.type, a.value);
            FUZZ_CHECK(b.ok());
            continue;
        }
        bool added = false;
        const bool known = sk::visit_attribute_tag(a.type, [&](auto tag) {
            using Tag = decltype(tag);
            const auto value = m.decode<Tag>(a);
            if (!value) {
                FUZZ_CHECK(is_value_error(value.error()));
                return;  // undecodable: copied raw below
            }
            const auto size = sk::detail::as_size_result(Tag::encoded_size(*value));
            if (!size) {
                // Decoding accepts up to 763 bytes of text, sending stops at 509 (RFC 8489
                // §14.3, §14.8-§14.10, §14.14): the only value that decodes yet cannot be sent.
                FUZZ_CHECK(size.error() == sk::errc::text_too_long);
                FUZZ_CHECK(a.value.size() > 508);
                return;
            }
            FUZZ_CHECK(*size == a.value.size());
            if constexpr (std::is_same_v<Tag, sk::attr::unknown_attributes> ||
                          std::is_same_v<Tag, sk::attr::password_algorithms>) {
                b.add<Tag>(entries_of(*value));
            } else {
                b.add<Tag>(*value);
            }
            added = true;
        });
        if (!known) FUZZ_CHECK(!added);
        if (!added) b.add_raw(a.type, a.value);
        FUZZ_CHECK(b.ok());
    }
    const auto built = b.finish();
    FUZZ_CHECK(built.has_value());
    const sk::bytes_view out = *built;
    FUZZ_CHECK(out.size() == input.size());
    FUZZ_CHECK(out.data() == rebuild_buffer.data());
    // The header byte for byte (type, length, cookie and transaction id).
    for (std::size_t i = 0; i < sk::header_size; ++i) FUZZ_CHECK(out[i] == input[i]);
    // Each attribute: header and value byte for byte; padding zero in the rebuilt message.
    for (const sk::attribute a : m.all_attributes()) {
        const std::size_t start = a.offset;
        const std::size_t value_end = start + sk::attribute_header_size + a.value.size();
        const std::size_t padded_end = start + sk::attribute_header_size + sk::detail::pad4(a.value.size());
        for (std::size_t i = start; i < value_end; ++i) FUZZ_CHECK(out[i] == input[i]);
        for (std::size_t i = value_end; i < padded_end; ++i) FUZZ_CHECK(out[i] == 0);
    }
    // The rebuilt message parses to the same structure.
    sk::parse_options options;
    options.allow_legacy = m.legacy();
    options.max_attributes = 0xFFFF;  // m may come from the parse with the raised limit
    const auto again = sk::parse(out, options);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(again->type() == m.type() && again->legacy() == m.legacy());
    FUZZ_CHECK(again->all_attributes().count() == m.all_attributes().count());
    FUZZ_CHECK(again->attributes().count() == m.attributes().count());
}

// ---- Invariant 5 ------------------------------------------------------------------------------

void check_all_of(const sk::message_view& m) {
    std::size_t looked_up = 0;
    for (const sk::attribute a : m.attributes()) {
        if (++looked_up > 64) break;  // each all_of() walks the whole message
        auto same_type = m.all_of(a.type);
        auto it = same_type.begin();
        for (const sk::attribute b : m.attributes()) {
            if (b.type != a.type) continue;
            FUZZ_CHECK(it != same_type.end() && (*it).offset == b.offset);
            ++it;
        }
        FUZZ_CHECK(it == same_type.end());
    }
    const auto same_attribute = [](const sk::result<sk::attribute>& x, const sk::result<sk::attribute>& y) {
        return x.has_value() == y.has_value() && (!x.has_value() || x->offset == y->offset);
    };
    FUZZ_CHECK(same_attribute(m.message_integrity(), m.find(sk::attribute_type::message_integrity)));
    FUZZ_CHECK(same_attribute(m.message_integrity_sha256(), m.find(sk::attribute_type::message_integrity_sha256)));
    FUZZ_CHECK(same_attribute(m.fingerprint(), m.find(sk::attribute_type::fingerprint)));
}

void check_view(const sk::message_view& m, sk::bytes_view input) {
    check_layout(m, input);
    check_all_of(m);
    check_get_all(m, sk::builtin_attributes{});
    check_find(m);
    check_unknown_required(m);
    check_rebuild(m, input);
}

bool same_layout(const sk::message_view& a, const sk::message_view& b) {
    if (a.size() != b.size() || a.legacy() != b.legacy()) return false;
    auto ia = a.all_attributes().begin();
    auto ib = b.all_attributes().begin();
    const auto ea = a.all_attributes().end();
    const auto eb = b.all_attributes().end();
    for (; ia != ea && ib != eb; ++ia, ++ib) {
        if ((*ia).offset != (*ib).offset || a.is_ignored(*ia) != b.is_ignored(*ib)) return false;
    }
    return ia == ea && ib == eb;
}

bool same_parse(const sk::result<sk::message_view>& a, const sk::result<sk::message_view>& b) {
    if (a.has_value() != b.has_value()) return false;
    return a.has_value() ? same_layout(*a, *b) : a.error() == b.error();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const sk::bytes_view input(data, size);

    sk::parse_options strict_options;
    sk::parse_options legacy_options;
    legacy_options.allow_legacy = true;
    const auto strict = sk::parse(input, strict_options);
    const auto legacy = sk::parse(input, legacy_options);

    // Invariant 2: allow_legacy only turns bad_magic_cookie into something else.
    if (strict.has_value() || strict.error() != sk::errc::bad_magic_cookie) {
        FUZZ_CHECK(same_parse(strict, legacy));
    } else {
        FUZZ_CHECK(!legacy.has_value() || legacy->legacy());
        FUZZ_CHECK(legacy.has_value() || legacy.error() != sk::errc::bad_magic_cookie);
    }
    sk::parse_options unbounded = legacy_options;
    unbounded.max_attributes = 0xFFFF;
    const auto many = sk::parse(input, unbounded);
    if (legacy.has_value() || legacy.error() != sk::errc::too_many_attributes) {
        FUZZ_CHECK(same_parse(legacy, many));
    } else {
        FUZZ_CHECK(!many.has_value() || many->all_attributes().count() > legacy_options.max_attributes);
    }

    if (strict) check_view(*strict, input);
    if (legacy && legacy->legacy()) check_view(*legacy, input);  // else the same as strict
    if (!legacy && legacy.error() == sk::errc::too_many_attributes && many) check_view(*many, input);
    return 0;
}
