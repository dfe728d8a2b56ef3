// Tests for message.hpp: parse(), message_view, message types and attribute iteration,
// checked against the RFC 5769 vectors and the rules of RFC 8489 §5, §6.3 and §14.
#include <stunkit/message.hpp>

#include <stunkit/attributes.hpp>
#include <stunkit/registry.hpp>
#include <stunkit/turn/attributes.hpp>

#include <catch2/catch.hpp>

#include "vectors.hpp"

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using namespace stunkit;
using byte_vector = std::vector<std::uint8_t>;

bytes_view view(const byte_vector& v) { return {v.data(), v.size()}; }

// The error name of a failed result, or "ok", so failures print readably.
template <class T>
std::string_view error_of(const result<T>& r) {
    return r.has_value() ? std::string_view("ok") : to_string(r.error());
}

byte_vector bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

bool equal(bytes_view a, const byte_vector& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (a[i] != b[i]) return false;
    }
    return true;
}

// RFC 5769 §2.1-2.3 transaction id.
constexpr std::array<std::uint8_t, 12> rfc5769_id = {0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34,
                                                     0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae};

struct raw_attribute {
    std::uint16_t type;
    byte_vector value;
};

// Writes a message by hand, without the builder: header, then each attribute padded with
// `pad` bytes. The length field is computed unless `length_override` is given.
byte_vector make_message(std::uint16_t type_code, std::initializer_list<raw_attribute> attributes,
                         std::uint8_t pad = 0, bool magic = true) {
    byte_vector m = {static_cast<std::uint8_t>(type_code >> 8),
                     static_cast<std::uint8_t>(type_code), 0, 0};
    if (magic) {
        m.insert(m.end(), {0x21, 0x12, 0xa4, 0x42});
    } else {
        m.insert(m.end(), {0xde, 0xad, 0xbe, 0xef});
    }
    m.insert(m.end(), rfc5769_id.begin(), rfc5769_id.end());
    for (const auto& a : attributes) {
        m.push_back(static_cast<std::uint8_t>(a.type >> 8));
        m.push_back(static_cast<std::uint8_t>(a.type));
        m.push_back(static_cast<std::uint8_t>(a.value.size() >> 8));
        m.push_back(static_cast<std::uint8_t>(a.value.size()));
        m.insert(m.end(), a.value.begin(), a.value.end());
        while (m.size() % 4 != 0) m.push_back(pad);
    }
    const std::size_t length = m.size() - 20;
    m[2] = static_cast<std::uint8_t>(length >> 8);
    m[3] = static_cast<std::uint8_t>(length);
    return m;
}

byte_vector mi_value() { return byte_vector(20, 0x11); }
byte_vector mi256_value() { return byte_vector(32, 0x22); }
byte_vector fp_value() { return {0x12, 0x34, 0x56, 0x78}; }

struct seen {
    std::uint16_t type;
    std::uint32_t offset;
    std::size_t length;
};

template <class Range>
std::vector<seen> collect(const Range& range) {
    std::vector<seen> out;
    for (const attribute a : range) out.push_back({a.type, a.offset, a.value.size()});
    return out;
}

template <class Range>
std::vector<std::uint16_t> types_of(const Range& range) {
    std::vector<std::uint16_t> out;
    for (const attribute a : range) out.push_back(a.type);
    return out;
}

bool operator==(const seen& a, const seen& b) {
    return a.type == b.type && a.offset == b.offset && a.length == b.length;
}

}  // namespace

namespace Catch {
template <>
struct StringMaker<seen> {
    static std::string convert(const seen& s) {
        return "{type " + std::to_string(s.type) + ", offset " + std::to_string(s.offset) +
               ", length " + std::to_string(s.length) + "}";
    }
};
}  // namespace Catch

// -------------------------------------------------------------------------------------------
// RFC 5769 vectors
// -------------------------------------------------------------------------------------------

TEST_CASE("RFC 5769 §2.1 sample request parses with every field as the RFC states",
          "[message][rfc5769]") {
    const byte_vector bytes = test_vectors::rfc5769_request();
    REQUIRE(bytes.size() == 108);
    const auto parsed = parse(view(bytes));
    REQUIRE(parsed.has_value());
    const message_view& m = *parsed;

    CHECK(m.size() == 108);
    CHECK(m.bytes().data() == bytes.data());
    CHECK(m.header().length() == 88);
    CHECK(m.header().has_magic_cookie());
    CHECK(m.type().encode() == 0x0001);
    CHECK(m.method() == method::binding);
    CHECK(m.klass() == message_class::request);
    CHECK(!m.legacy());
    CHECK(m.transaction_id().bytes == rfc5769_id);

    // Attribute order, offsets and unpadded lengths as laid out in RFC 5769 §2.1.
    const std::vector<seen> expected = {
        {0x8022, 20, 16},  // SOFTWARE
        {0x0024, 40, 4},   // PRIORITY
        {0x8029, 48, 8},   // ICE-CONTROLLED
        {0x0006, 60, 9},   // USERNAME (padded with three spaces)
        {0x0008, 76, 20},  // MESSAGE-INTEGRITY
        {0x8028, 100, 4},  // FINGERPRINT
    };
    CHECK(collect(m.attributes()) == expected);
    CHECK(collect(m.all_attributes()) == expected);
    CHECK(m.attributes().count() == 6);
    for (const attribute a : m.all_attributes()) CHECK_FALSE(m.is_ignored(a));

    CHECK(*m.get<attr::software>() == "STUN test client");
    CHECK(*m.get<attr::priority>() == 0x6e0001ffU);
    CHECK(*m.get<attr::ice_controlled>() == 0x932ff9b151263b36ULL);
    CHECK(*m.get<attr::username>() == "evtj:h6vY");  // padding spaces are not part of the value
    CHECK(error_of(m.get<attr::ice_controlling>()) == to_string(errc::not_found));
    CHECK(error_of(m.get<attr::realm>()) == to_string(errc::not_found));

    const byte_vector mi = {0x9a, 0xea, 0xa7, 0x0c, 0xbf, 0xd8, 0xcb, 0x56, 0x78, 0x1e,
                            0xf2, 0xb5, 0xb2, 0xd3, 0xf2, 0x49, 0xc1, 0xb5, 0x71, 0xa2};
    REQUIRE(m.message_integrity().has_value());
    CHECK(m.message_integrity()->offset == 76);
    CHECK(m.message_integrity()->type == 0x0008);
    CHECK(equal(m.message_integrity()->value, mi));
    CHECK(equal(*m.get<attr::message_integrity>(), mi));
    CHECK(error_of(m.message_integrity_sha256()) == to_string(errc::not_found));
    REQUIRE(m.fingerprint().has_value());
    CHECK(m.fingerprint()->offset == 100);
    CHECK(*m.get<attr::fingerprint>() == 0xe57a3bcfU);
    // FINGERPRINT closes the message.
    CHECK(m.fingerprint()->offset + 8 == m.size());

    CHECK(m.has<attr::username>());
    CHECK(m.contains(0x0024));
    CHECK_FALSE(m.contains(0x0020));
    CHECK(m.find(0x0006)->offset == 60);
    CHECK(unknown_comprehension_required(m).empty());
}

TEST_CASE("RFC 5769 §2.2 sample IPv4 response parses to 192.0.2.1:32853", "[message][rfc5769]") {
    const byte_vector bytes = test_vectors::rfc5769_ipv4_response();
    REQUIRE(bytes.size() == 80);
    const auto parsed = parse(view(bytes));
    REQUIRE(parsed.has_value());
    const message_view& m = *parsed;

    CHECK(m.header().length() == 60);
    CHECK(m.type().encode() == 0x0101);
    CHECK(m.method() == method::binding);
    CHECK(m.klass() == message_class::success_response);
    CHECK(m.transaction_id().bytes == rfc5769_id);

    const std::vector<seen> expected = {
        {0x8022, 20, 11},  // SOFTWARE "test vector", one space of padding
        {0x0020, 36, 8},   // XOR-MAPPED-ADDRESS
        {0x0008, 48, 20},  // MESSAGE-INTEGRITY
        {0x8028, 72, 4},   // FINGERPRINT
    };
    CHECK(collect(m.attributes()) == expected);

    CHECK(*m.get<attr::software>() == "test vector");
    const auto mapped = m.get<attr::xor_mapped_address>();
    REQUIRE(mapped.has_value());
    CHECK(mapped->address.is_v4());
    CHECK(mapped->address == ip_address::v4(192, 0, 2, 1));
    CHECK(mapped->port == 32853);
    CHECK(error_of(m.get<attr::mapped_address>()) == to_string(errc::not_found));

    // The raw value is the XORed one (RFC 5769 §2.2: 0xa147 and 0xe112a643).
    const auto raw = m.find(attr::xor_mapped_address::type);
    REQUIRE(raw.has_value());
    CHECK(equal(raw->value, {0x00, 0x01, 0xa1, 0x47, 0xe1, 0x12, 0xa6, 0x43}));
    // Read in the clear (no XOR), the same bytes are another address.
    const auto clear = attr::address_codec::decode(raw->value);
    REQUIRE(clear.has_value());
    CHECK(clear->address == ip_address::v4(0xe1, 0x12, 0xa6, 0x43));
    CHECK(clear->port == 0xa147);

    CHECK(m.message_integrity()->offset == 48);
    CHECK(equal(*m.get<attr::message_integrity>(),
                {0x2b, 0x91, 0xf5, 0x99, 0xfd, 0x9e, 0x90, 0xc3, 0x8c, 0x74,
                 0x89, 0xf9, 0x2a, 0xf9, 0xba, 0x53, 0xf0, 0x6b, 0xe7, 0xd7}));
    CHECK(m.fingerprint()->offset == 72);
    CHECK(*m.get<attr::fingerprint>() == 0xc07d4c96U);
}

TEST_CASE(
    "RFC 5769 §2.3 sample IPv6 response parses to [2001:db8:1234:5678:11:2233:4455:6677]:32853",
    "[message][rfc5769]") {
    const byte_vector bytes = test_vectors::rfc5769_ipv6_response();
    REQUIRE(bytes.size() == 92);
    const auto parsed = parse(view(bytes));
    REQUIRE(parsed.has_value());
    const message_view& m = *parsed;

    CHECK(m.header().length() == 72);
    CHECK(m.type().encode() == 0x0101);
    CHECK(m.transaction_id().bytes == rfc5769_id);

    const std::vector<seen> expected = {
        {0x8022, 20, 11},  // SOFTWARE
        {0x0020, 36, 20},  // XOR-MAPPED-ADDRESS, IPv6
        {0x0008, 60, 20},  // MESSAGE-INTEGRITY
        {0x8028, 84, 4},   // FINGERPRINT
    };
    CHECK(collect(m.attributes()) == expected);
    CHECK(*m.get<attr::software>() == "test vector");

    const auto mapped = m.get<attr::xor_mapped_address>();
    REQUIRE(mapped.has_value());
    CHECK(mapped->address.is_v6());
    CHECK(mapped->address == ip_address::v6({0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56, 0x78, 0x00,
                                             0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77}));
    CHECK(mapped->port == 32853);

    CHECK(equal(*m.get<attr::message_integrity>(),
                {0xa3, 0x82, 0x95, 0x4e, 0x4b, 0xe6, 0x7b, 0xf1, 0x17, 0x84,
                 0xc9, 0x7c, 0x82, 0x92, 0xc2, 0x75, 0xbf, 0xe3, 0xed, 0x41}));
    CHECK(m.message_integrity()->offset == 60);
    CHECK(m.fingerprint()->offset == 84);
    CHECK(*m.get<attr::fingerprint>() == 0xc8fb0b4cU);
}

TEST_CASE("RFC 5769 §2.4 long-term request parses: username, nonce, realm, no FINGERPRINT",
          "[message][rfc5769]") {
    const byte_vector bytes = test_vectors::rfc5769_long_term_request();
    REQUIRE(bytes.size() == 116);
    const auto parsed = parse(view(bytes));
    REQUIRE(parsed.has_value());
    const message_view& m = *parsed;

    CHECK(m.header().length() == 96);
    CHECK(m.type() == message_type{method::binding, message_class::request});
    CHECK(m.transaction_id().bytes == std::array<std::uint8_t, 12>{0x78, 0xad, 0x34, 0x33, 0xc6,
                                                                   0xad, 0x72, 0xc0, 0x29, 0xda,
                                                                   0x41, 0x2e});

    const std::vector<seen> expected = {
        {0x0006, 20, 18},  // USERNAME: six katakana, 3 UTF-8 bytes each
        {0x0015, 44, 28},  // NONCE
        {0x0014, 76, 11},  // REALM
        {0x0008, 92, 20},  // MESSAGE-INTEGRITY, last
    };
    CHECK(collect(m.attributes()) == expected);

    // U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9
    CHECK(*m.get<attr::username>() ==
          "\xe3\x83\x9e\xe3\x83\x88\xe3\x83\xaa\xe3\x83\x83\xe3\x82\xaf\xe3\x82\xb9");
    CHECK(*m.get<attr::nonce>() == "f//499k954d6OL34oL9FSTvy64sA");
    CHECK(*m.get<attr::realm>() == "example.org");
    CHECK(equal(*m.get<attr::message_integrity>(),
                {0xf6, 0x70, 0x24, 0x65, 0x6d, 0xd6, 0x4a, 0x3e, 0x02, 0xb8,
                 0xe0, 0x71, 0x2e, 0x85, 0xc9, 0xa2, 0x8c, 0xa8, 0x96, 0x66}));
    CHECK(m.message_integrity()->offset == 92);
    CHECK(error_of(m.fingerprint()) == to_string(errc::not_found));
    CHECK(error_of(m.get<attr::fingerprint>()) == to_string(errc::not_found));
    CHECK(error_of(m.get<attr::software>()) == to_string(errc::not_found));
}

TEST_CASE("every RFC 5769 vector survives truncation checks", "[message][rfc5769][errors]") {
    for (const std::string& name : test_vectors::rfc5769_names()) {
        CAPTURE(name);
        const byte_vector bytes = test_vectors::load(name);
        REQUIRE(parse(view(bytes)).has_value());
        // Any shorter datagram disagrees with the header's length field (or is too short).
        for (std::size_t n = 0; n < bytes.size(); ++n) {
            const auto r = parse(bytes_view(bytes.data(), n));
            REQUIRE_FALSE(r.has_value());
            CHECK((r.error() == (n < 20 ? errc::too_short : errc::length_mismatch)));
        }
        // So does a longer one.
        byte_vector longer = bytes;
        longer.insert(longer.end(), {0, 0, 0, 0});
        CHECK(error_of(parse(view(longer))) == to_string(errc::length_mismatch));
    }
}

// -------------------------------------------------------------------------------------------
// Message types (RFC 8489 §5)
// -------------------------------------------------------------------------------------------

namespace {
// RFC 8489 §5 figure 3, bit by bit: M0-M3 at bits 0-3, C0 at 4, M4-M6 at 5-7, C1 at 8,
// M7-M11 at 9-13.
std::uint16_t reference_encode(unsigned m, unsigned c) {
    constexpr std::array<unsigned, 12> position = {0, 1, 2, 3, 5, 6, 7, 9, 10, 11, 12, 13};
    unsigned w = 0;
    for (unsigned i = 0; i < 12; ++i) {
        if (((m >> i) & 1U) != 0) w |= 1U << position[i];
    }
    if ((c & 1U) != 0) w |= 1U << 4U;
    if ((c & 2U) != 0) w |= 1U << 8U;
    return static_cast<std::uint16_t>(w);
}
}  // namespace

TEST_CASE("message_type encodes the RFC 8489 §5 examples", "[message][type]") {
    // RFC 8489 §5: "a Binding request has class=0b00 (request) and method=0b000000000001
    // (Binding) and is encoded into the first 16 bits as 0x0001. A Binding response has
    // class=0b10 (success response) and method=0b000000000001, and is encoded into the first
    // 16 bits as 0x0101."
    STATIC_REQUIRE(message_type{method::binding, message_class::request}.encode() == 0x0001);
    STATIC_REQUIRE(message_type{method::binding, message_class::indication}.encode() == 0x0011);
    STATIC_REQUIRE(message_type{method::binding, message_class::success_response}.encode() ==
                   0x0101);
    STATIC_REQUIRE(message_type{method::binding, message_class::error_response}.encode() == 0x0111);
    STATIC_REQUIRE(message_type::decode(0x0111) ==
                   message_type{method::binding, message_class::error_response});

    struct row {
        method m;
        std::uint16_t request, indication, success, error;
    };
    // RFC 8656 §17 and RFC 6062 §6.1 method numbers; all below 0x10, so only class bits move.
    const std::array<row, 10> rows = {{
        {method::binding, 0x0001, 0x0011, 0x0101, 0x0111},
        {method::allocate, 0x0003, 0x0013, 0x0103, 0x0113},
        {method::refresh, 0x0004, 0x0014, 0x0104, 0x0114},
        {method::send, 0x0006, 0x0016, 0x0106, 0x0116},
        {method::data, 0x0007, 0x0017, 0x0107, 0x0117},
        {method::create_permission, 0x0008, 0x0018, 0x0108, 0x0118},
        {method::channel_bind, 0x0009, 0x0019, 0x0109, 0x0119},
        {method::connect, 0x000A, 0x001A, 0x010A, 0x011A},
        {method::connection_bind, 0x000B, 0x001B, 0x010B, 0x011B},
        {method::connection_attempt, 0x000C, 0x001C, 0x010C, 0x011C},
    }};
    for (const row& r : rows) {
        CAPTURE(static_cast<unsigned>(r.m));
        const std::array<std::pair<message_class, std::uint16_t>, 4> classes = {{
            {message_class::request, r.request},
            {message_class::indication, r.indication},
            {message_class::success_response, r.success},
            {message_class::error_response, r.error},
        }};
        for (const auto& [klass, wire] : classes) {
            CHECK(message_type{r.m, klass}.encode() == wire);
            CHECK(message_type::decode(wire) == message_type{r.m, klass});
        }
    }
    CHECK(static_cast<std::uint16_t>(method::binding) == 0x001);
    CHECK(static_cast<std::uint16_t>(method::connection_attempt) == 0x00C);
}

TEST_CASE("message_type interleaves high method bits around the class bits", "[message][type]") {
    CHECK(message_type{static_cast<method>(0x010), message_class::request}.encode() ==
          0x0020);  // M4 -> bit 5
    CHECK(message_type{static_cast<method>(0x040), message_class::request}.encode() ==
          0x0080);  // M6 -> bit 7
    CHECK(message_type{static_cast<method>(0x080), message_class::request}.encode() ==
          0x0200);  // M7 -> bit 9
    CHECK(message_type{static_cast<method>(0x800), message_class::request}.encode() ==
          0x2000);  // M11 -> bit 13
    CHECK(message_type{static_cast<method>(0xFFF), message_class::request}.encode() == 0x3EEF);
    CHECK(message_type{static_cast<method>(0xFFF), message_class::error_response}.encode() ==
          0x3FFF);
    CHECK(message_type{static_cast<method>(0x0FF), message_class::success_response}.encode() ==
          0x03EF);
    // Method bits above the 12th are dropped, never spilled into the top two bits.
    CHECK(message_type{static_cast<method>(0xF001), message_class::request}.encode() == 0x0001);
    // decode ignores the two most significant bits.
    CHECK(message_type::decode(0xC001) == message_type{method::binding, message_class::request});
}

TEST_CASE("message_type round-trips all 4096 methods x 4 classes, covering every 14-bit value once",
          "[message][type]") {
    std::bitset<0x4000> hit;
    bool all_match = true;
    for (unsigned m = 0; m < 4096; ++m) {
        for (unsigned c = 0; c < 4; ++c) {
            const message_type t{static_cast<method>(m), static_cast<message_class>(c)};
            const std::uint16_t wire = t.encode();
            if (wire != reference_encode(m, c) || wire >= 0x4000 || hit[wire] ||
                message_type::decode(wire) != t) {
                all_match = false;
                FAIL_CHECK("method " << m << " class " << c << " -> " << wire);
            }
            if (wire < 0x4000) hit.set(wire);
        }
    }
    CHECK(all_match);
    CHECK(hit.all());
}

TEST_CASE("class_allowed follows RFC 8656 §17 and RFC 6062 §6.1", "[message][type]") {
    const std::array<message_class, 4> classes = {message_class::request, message_class::indication,
                                                  message_class::success_response,
                                                  message_class::error_response};
    for (const message_class c : classes) {
        const bool indication = c == message_class::indication;
        CHECK(class_allowed(method::binding, c));
        // Send, Data and ConnectionAttempt are indications only.
        CHECK(class_allowed(method::send, c) == indication);
        CHECK(class_allowed(method::data, c) == indication);
        CHECK(class_allowed(method::connection_attempt, c) == indication);
        // The other TURN methods are never indications.
        CHECK(class_allowed(method::allocate, c) == !indication);
        CHECK(class_allowed(method::refresh, c) == !indication);
        CHECK(class_allowed(method::create_permission, c) == !indication);
        CHECK(class_allowed(method::channel_bind, c) == !indication);
        CHECK(class_allowed(method::connect, c) == !indication);
        CHECK(class_allowed(method::connection_bind, c) == !indication);
        // Unknown methods pass through with any class.
        CHECK(class_allowed(static_cast<method>(0x002), c));
        CHECK(class_allowed(static_cast<method>(0xFFF), c));
    }
}

// -------------------------------------------------------------------------------------------
// parse() framing checks (RFC 8489 §6.3)
// -------------------------------------------------------------------------------------------

TEST_CASE("parse rejects broken framing with the specific error", "[message][parse][errors]") {
    const byte_vector ok = make_message(0x0001, {{0x8022, bytes_of("abcd")}});
    REQUIRE(parse(view(ok)).has_value());

    SECTION("empty and short datagrams") {
        CHECK(error_of(parse(bytes_view())) == to_string(errc::too_short));
        CHECK(error_of(parse(bytes_view(ok.data(), 19))) == to_string(errc::too_short));
    }
    SECTION("top two bits must be zero") {
        for (const std::uint8_t top :
             {std::uint8_t{0x40}, std::uint8_t{0x80}, std::uint8_t{0xC0}}) {
            byte_vector m = ok;
            m[0] = static_cast<std::uint8_t>(m[0] | top);
            CHECK(error_of(parse(view(m))) == to_string(errc::not_stun));
        }
    }
    SECTION("length must be a multiple of 4") {
        byte_vector m = ok;
        m[3] = static_cast<std::uint8_t>(m[3] + 1);
        CHECK(error_of(parse(view(m))) == to_string(errc::unaligned_length));
    }
    SECTION("length must match the datagram") {
        byte_vector m = ok;
        m[3] = static_cast<std::uint8_t>(m[3] + 4);
        CHECK(error_of(parse(view(m))) == to_string(errc::length_mismatch));
        m[3] = static_cast<std::uint8_t>(m[3] - 8);
        CHECK(error_of(parse(view(m))) == to_string(errc::length_mismatch));
        byte_vector big = ok;
        big[2] = 0xFF;
        big[3] = 0xFC;
        CHECK(error_of(parse(view(big))) == to_string(errc::length_mismatch));
    }
    SECTION("magic cookie") {
        byte_vector m = ok;
        m[7] ^= 0x01;
        CHECK(error_of(parse(view(m))) == to_string(errc::bad_magic_cookie));
    }
    SECTION("a class the method never uses") {
        CHECK(error_of(parse(view(make_message(0x0006, {})))) ==
              to_string(errc::invalid_class));  // Send request
        CHECK(error_of(parse(view(make_message(0x0013, {})))) ==
              to_string(errc::invalid_class));  // Allocate ind.
        CHECK(error_of(parse(view(make_message(0x011C, {})))) ==
              to_string(errc::invalid_class));                     // ConnAttempt err
        CHECK(parse(view(make_message(0x0016, {}))).has_value());  // Send indication
        CHECK(parse(view(make_message(0x0113, {}))).has_value());  // Allocate error response
    }
    SECTION("attribute value running past the end") {
        byte_vector m = ok;
        m[23] = 5;  // SOFTWARE claims 5 bytes; only 4 are there
        CHECK(error_of(parse(view(m))) == to_string(errc::attribute_truncated));
        m[23] = 0xFF;
        m[22] = 0xFF;
        CHECK(error_of(parse(view(m))) == to_string(errc::attribute_truncated));
    }
    SECTION("FINGERPRINT must be last (RFC 8489 §14.7)") {
        const byte_vector m =
            make_message(0x0001, {{0x8028, fp_value()}, {0x8022, bytes_of("late")}});
        CHECK(error_of(parse(view(m))) == to_string(errc::fingerprint_not_last));
        const byte_vector twice =
            make_message(0x0001, {{0x8028, fp_value()}, {0x8028, fp_value()}});
        CHECK(error_of(parse(view(twice))) == to_string(errc::fingerprint_not_last));
    }
}

TEST_CASE("parse accepts a header-only message and zero-length attributes", "[message][parse]") {
    const byte_vector empty = make_message(0x0001, {});
    REQUIRE(empty.size() == 20);
    const auto m = parse(view(empty));
    REQUIRE(m.has_value());
    CHECK(m->attributes().empty());
    CHECK(m->all_attributes().count() == 0);
    CHECK(m->attributes().begin() == m->attributes().end());

    const byte_vector flags = make_message(0x0001, {{0x0025, {}}, {0x001A, {}}});
    const auto f = parse(view(flags));
    REQUIRE(f.has_value());
    CHECK(collect(f->attributes()) == std::vector<seen>{{0x0025, 20, 0}, {0x001A, 24, 0}});
    CHECK(f->get<attr::use_candidate>().has_value());
}

TEST_CASE("parse_options::max_attributes bounds the attribute count", "[message][parse][errors]") {
    byte_vector m = make_message(0x0001, {});
    const auto with_count = [&](std::size_t n) {
        byte_vector out(m.begin(), m.begin() + 20);
        for (std::size_t i = 0; i < n; ++i) out.insert(out.end(), {0x80, 0x30, 0x00, 0x00});
        const std::size_t length = out.size() - 20;
        out[2] = static_cast<std::uint8_t>(length >> 8);
        out[3] = static_cast<std::uint8_t>(length);
        return out;
    };
    const byte_vector at_default = with_count(128);
    const byte_vector over_default = with_count(129);
    CHECK(parse(view(at_default)).has_value());
    CHECK(error_of(parse(view(over_default))) == to_string(errc::too_many_attributes));

    parse_options two;
    two.max_attributes = 2;
    const byte_vector m2 = with_count(2);
    const byte_vector m3 = with_count(3);
    CHECK(parse(view(m2), two).has_value());
    CHECK(error_of(parse(view(m3), two)) == to_string(errc::too_many_attributes));
}

TEST_CASE("padding bytes may hold anything on receipt", "[message][parse]") {
    // RFC 5769 pads with spaces; RFC 8489 §14 says padding MUST be ignored on receipt.
    const byte_vector m =
        make_message(0x0001, {{0x0006, bytes_of("a")}, {0x8022, bytes_of("xyz")}}, 0xFF);
    const auto p = parse(view(m));
    REQUIRE(p.has_value());
    CHECK(*p->get<attr::username>() == "a");
    CHECK(*p->get<attr::software>() == "xyz");
}

TEST_CASE("get<Tag> reports the codec's error for a malformed value", "[message][get][errors]") {
    const byte_vector m = make_message(0x0001, {{0x0024, {1, 2, 3}}, {0x0006, {0xC0, 0xAF}}});
    const auto p = parse(view(m));
    REQUIRE(p.has_value());  // parse() does not decode values
    CHECK(error_of(p->get<attr::priority>()) == to_string(errc::bad_attribute_length));
    CHECK(error_of(p->get<attr::username>()) == to_string(errc::invalid_utf8));
    CHECK(p->has<attr::priority>());
}

// -------------------------------------------------------------------------------------------
// MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256, FINGERPRINT: what counts (RFC 8489 §14.5-14.7)
// -------------------------------------------------------------------------------------------

TEST_CASE("attributes after the integrity attributes are ignored, in every order",
          "[message][integrity]") {
    const byte_vector software = bytes_of("sw");
    const byte_vector priority = {0, 0, 0, 7};

    SECTION("MI, then MI-SHA256, then FINGERPRINT: all count") {
        const byte_vector m = make_message(0x0001, {{0x8022, software},
                                                    {0x0008, mi_value()},
                                                    {0x001C, mi256_value()},
                                                    {0x8028, fp_value()}});
        const auto p = parse(view(m));
        REQUIRE(p.has_value());
        CHECK(collect(p->attributes()) ==
              std::vector<seen>{
                  {0x8022, 20, 2}, {0x0008, 28, 20}, {0x001C, 52, 32}, {0x8028, 88, 4}});
        CHECK(p->message_integrity()->offset == 28);
        CHECK(p->message_integrity_sha256()->offset == 52);
        CHECK(p->fingerprint()->offset == 88);
        CHECK(p->get<attr::message_integrity_sha256>()->size() == 32);
        for (const attribute a : p->all_attributes()) CHECK_FALSE(p->is_ignored(a));
    }
    SECTION("MI, junk, MI-SHA256, junk, FINGERPRINT: the junk is ignored") {
        const byte_vector m = make_message(0x0001, {{0x8022, software},
                                                    {0x0008, mi_value()},
                                                    {0x0024, priority},
                                                    {0x001C, mi256_value()},
                                                    {0x0006, bytes_of("late")},
                                                    {0x8028, fp_value()}});
        const auto p = parse(view(m));
        REQUIRE(p.has_value());
        CHECK(types_of(p->attributes()) ==
              std::vector<std::uint16_t>{0x8022, 0x0008, 0x001C, 0x8028});
        CHECK(types_of(p->all_attributes()) ==
              std::vector<std::uint16_t>{0x8022, 0x0008, 0x0024, 0x001C, 0x0006, 0x8028});
        std::vector<std::uint16_t> ignored;
        for (const attribute a : p->all_attributes()) {
            if (p->is_ignored(a)) ignored.push_back(a.type);
        }
        CHECK(ignored == std::vector<std::uint16_t>{0x0024, 0x0006});
        CHECK(error_of(p->get<attr::priority>()) == to_string(errc::not_found));
        CHECK(error_of(p->get<attr::username>()) == to_string(errc::not_found));
        CHECK_FALSE(p->has<attr::priority>());
        CHECK(p->all_of(0x0024).empty());
        CHECK(p->message_integrity_sha256()->offset == 60);
        CHECK(p->fingerprint().has_value());
    }
    SECTION("MI-SHA256 only, then FINGERPRINT") {
        const byte_vector m = make_message(
            0x0001, {{0x8022, software}, {0x001C, byte_vector(16, 0x33)}, {0x8028, fp_value()}});
        const auto p = parse(view(m));
        REQUIRE(p.has_value());
        CHECK(types_of(p->attributes()) == std::vector<std::uint16_t>{0x8022, 0x001C, 0x8028});
        CHECK(error_of(p->message_integrity()) == to_string(errc::not_found));
        CHECK(p->message_integrity_sha256()->offset == 28);
        CHECK(p->get<attr::message_integrity_sha256>()->size() == 16);
    }
    SECTION("MI-SHA256, junk, FINGERPRINT") {
        const byte_vector m = make_message(
            0x0001, {{0x001C, mi256_value()}, {0x0024, priority}, {0x8028, fp_value()}});
        const auto p = parse(view(m));
        REQUIRE(p.has_value());
        CHECK(types_of(p->attributes()) == std::vector<std::uint16_t>{0x001C, 0x8028});
        CHECK(error_of(p->get<attr::priority>()) == to_string(errc::not_found));
    }
    SECTION("MI-SHA256 then MI: MI is ignored (RFC 8489 §14.6)") {
        const byte_vector m = make_message(0x0001, {{0x8022, software},
                                                    {0x001C, mi256_value()},
                                                    {0x0008, mi_value()},
                                                    {0x8028, fp_value()}});
        const auto p = parse(view(m));
        REQUIRE(p.has_value());
        CHECK(types_of(p->attributes()) == std::vector<std::uint16_t>{0x8022, 0x001C, 0x8028});
        CHECK(types_of(p->all_attributes()) ==
              std::vector<std::uint16_t>{0x8022, 0x001C, 0x0008, 0x8028});
        CHECK(error_of(p->message_integrity()) == to_string(errc::not_found));
        CHECK(error_of(p->get<attr::message_integrity>()) == to_string(errc::not_found));
        CHECK_FALSE(p->contains(0x0008));
        for (const attribute a : p->all_attributes()) CHECK(p->is_ignored(a) == (a.type == 0x0008));
    }
    SECTION("a second MI is ignored; the first counts") {
        const byte_vector other_mi(20, 0x99);
        const byte_vector m = make_message(0x0001, {{0x0008, mi_value()}, {0x0008, other_mi}});
        const auto p = parse(view(m));
        REQUIRE(p.has_value());
        CHECK(types_of(p->attributes()) == std::vector<std::uint16_t>{0x0008});
        CHECK(equal(*p->get<attr::message_integrity>(), mi_value()));
        CHECK(p->all_of(0x0008).count() == 1);
    }
    SECTION("a second MI-SHA256 is ignored; the first counts") {
        const byte_vector m =
            make_message(0x0001, {{0x001C, mi256_value()}, {0x001C, byte_vector(20, 0x44)}});
        const auto p = parse(view(m));
        REQUIRE(p.has_value());
        CHECK(types_of(p->attributes()) == std::vector<std::uint16_t>{0x001C});
        CHECK(p->get<attr::message_integrity_sha256>()->size() == 32);
    }
    SECTION("MI, MI-SHA256, MI: the second MI is ignored") {
        const byte_vector m = make_message(
            0x0001,
            {{0x0008, mi_value()}, {0x001C, mi256_value()}, {0x0008, byte_vector(20, 0x55)}});
        const auto p = parse(view(m));
        REQUIRE(p.has_value());
        CHECK(types_of(p->attributes()) == std::vector<std::uint16_t>{0x0008, 0x001C});
        CHECK(p->message_integrity()->offset == 20);
    }
    SECTION("an attribute before MI counts even when repeated after it") {
        const byte_vector m = make_message(0x0001, {{0x0024, {0, 0, 0, 1}},
                                                    {0x0008, mi_value()},
                                                    {0x0024, {0, 0, 0, 2}},
                                                    {0x8028, fp_value()}});
        const auto p = parse(view(m));
        REQUIRE(p.has_value());
        CHECK(*p->get<attr::priority>() == 1U);
        CHECK(p->all_of(0x0024).count() == 1);
    }
    SECTION("only FINGERPRINT: nothing is ignored") {
        const byte_vector m = make_message(0x0001, {{0x8022, software}, {0x8028, fp_value()}});
        const auto p = parse(view(m));
        REQUIRE(p.has_value());
        CHECK(types_of(p->attributes()) == std::vector<std::uint16_t>{0x8022, 0x8028});
        CHECK(error_of(p->message_integrity()) == to_string(errc::not_found));
        CHECK(error_of(p->message_integrity_sha256()) == to_string(errc::not_found));
        CHECK(*p->get<attr::fingerprint>() == 0x12345678U);
    }
}

// -------------------------------------------------------------------------------------------
// Repeated attributes
// -------------------------------------------------------------------------------------------

TEST_CASE("with duplicates the first one counts; all_of yields all of them in order",
          "[message][duplicates]") {
    const byte_vector m = make_message(0x0001, {{0x8022, bytes_of("first")},
                                                {0x0024, {0, 0, 0, 9}},
                                                {0x8022, bytes_of("second")},
                                                {0x8022, bytes_of("third")}});
    const auto p = parse(view(m));
    REQUIRE(p.has_value());
    CHECK(*p->get<attr::software>() == "first");
    CHECK(p->find(0x8022)->offset == 20);
    std::vector<std::string> all;
    for (const attribute a : p->all_of(0x8022)) {
        all.emplace_back(reinterpret_cast<const char*>(a.value.data()), a.value.size());
    }
    CHECK(all == std::vector<std::string>{"first", "second", "third"});
    CHECK(p->all_of(0x8022).count() == 3);
    CHECK(p->all_of(0x0024).count() == 1);
    CHECK(p->all_of(0x0020).empty());
}

TEST_CASE("all_of decodes every XOR-PEER-ADDRESS of a CreatePermission (RFC 8656 §9)",
          "[message][duplicates]") {
    // 192.0.2.1:32853, 192.0.2.2:32854, 192.0.2.3:32855, XORed with the magic cookie.
    const byte_vector m =
        make_message(0x0008, {{0x0012, {0x00, 0x01, 0xa1, 0x47, 0xe1, 0x12, 0xa6, 0x43}},
                              {0x0012, {0x00, 0x01, 0xa1, 0x44, 0xe1, 0x12, 0xa6, 0x40}},
                              {0x0012, {0x00, 0x01, 0xa1, 0x45, 0xe1, 0x12, 0xa6, 0x41}},
                              {0x0008, mi_value()},
                              {0x0012, {0x00, 0x01, 0xa1, 0x46, 0xe1, 0x12, 0xa6, 0x46}}});
    const auto p = parse(view(m));
    REQUIRE(p.has_value());
    CHECK(p->method() == method::create_permission);
    std::vector<transport_address> peers;
    for (const attribute a : p->all_of(turn::xor_peer_address::type)) {
        const auto peer = turn::xor_peer_address::decode(a.value, p->header());
        REQUIRE(peer.has_value());
        peers.push_back(*peer);
    }
    REQUIRE(peers.size() == 3);  // the fourth follows MESSAGE-INTEGRITY
    CHECK(peers[0] == transport_address{ip_address::v4(192, 0, 2, 1), 32853});
    CHECK(peers[1] == transport_address{ip_address::v4(192, 0, 2, 2), 32854});
    CHECK(peers[2] == transport_address{ip_address::v4(192, 0, 2, 3), 32855});
    CHECK(*p->get<turn::xor_peer_address>() == peers[0]);
}

// -------------------------------------------------------------------------------------------
// Unknown comprehension-required attributes (RFC 8489 §6.3.1, §14)
// -------------------------------------------------------------------------------------------

TEST_CASE("unknown_comprehension_required lists unknown 0x0000-0x7FFF attributes that count",
          "[message][unknown]") {
    const byte_vector m = make_message(0x0001, {{0x0024, {0, 0, 0, 1}},   // PRIORITY: known
                                                {0x0030, {1, 2}},         // unknown, required
                                                {0x8030, {3, 4}},         // unknown, optional
                                                {0x7FFF, {}},             // unknown, required
                                                {0xC057, {0, 1, 0, 10}},  // unknown, optional
                                                {0x0030, {5}},            // repeated
                                                {0x0008, mi_value()},
                                                {0x0031, {}},  // ignored after MI
                                                {0x8028, fp_value()}});
    const auto p = parse(view(m));
    REQUIRE(p.has_value());

    SECTION("without also_known") {
        CHECK(types_of(unknown_comprehension_required(*p)) ==
              std::vector<std::uint16_t>{0x0030, 0x7FFF, 0x0030});
    }
    SECTION("with also_known") {
        const std::array<std::uint16_t, 1> known = {0x0030};
        CHECK(types_of(unknown_comprehension_required(*p, known)) ==
              std::vector<std::uint16_t>{0x7FFF});
        const std::array<std::uint16_t, 3> all = {0x7FFF, 0x0030, 0x1234};
        CHECK(unknown_comprehension_required(*p, all).empty());
    }
    SECTION("comprehension bits") {
        for (const attribute a : p->all_attributes())
            CHECK(a.comprehension_required() == (a.type < 0x8000));
    }
}

TEST_CASE("no RFC 5769 vector carries an unknown comprehension-required attribute",
          "[message][unknown][rfc5769]") {
    for (const std::string& name : test_vectors::rfc5769_names()) {
        CAPTURE(name);
        const byte_vector bytes = test_vectors::load(name);
        const auto p = parse(view(bytes));
        REQUIRE(p.has_value());
        CHECK(unknown_comprehension_required(*p).empty());
    }
}

// -------------------------------------------------------------------------------------------
// Classic RFC 3489 messages
// -------------------------------------------------------------------------------------------

TEST_CASE("RFC 3489 messages need parse_options::allow_legacy", "[message][legacy]") {
    // An RFC 3489 §11.1 Binding Request with a 128-bit transaction id and CHANGE-REQUEST
    // (change IP and port), as a classic client sends it.
    const byte_vector m = {0x00, 0x01, 0x00, 0x08,  // Binding Request, length 8
                           0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,  // } 128-bit
                           0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,  // } transaction id
                           0x00, 0x03, 0x00, 0x04,                          // CHANGE-REQUEST
                           0x00, 0x00, 0x00, 0x06};
    CHECK(error_of(parse(view(m))) == to_string(errc::bad_magic_cookie));

    parse_options legacy;
    legacy.allow_legacy = true;
    const auto p = parse(view(m), legacy);
    REQUIRE(p.has_value());
    CHECK(p->legacy());
    CHECK(p->type() == message_type{method::binding, message_class::request});
    CHECK(p->legacy_transaction_id().bytes ==
          std::array<std::uint8_t, 16>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    CHECK(p->transaction_id().bytes ==
          std::array<std::uint8_t, 12>{5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    CHECK_FALSE(p->header().has_magic_cookie());
    const auto change = p->get<attr::change_request>();
    REQUIRE(change.has_value());
    CHECK(change->change_ip);
    CHECK(change->change_port);

    // The same option leaves modern messages modern.
    const byte_vector modern = test_vectors::rfc5769_request();
    const auto q = parse(view(modern), legacy);
    REQUIRE(q.has_value());
    CHECK_FALSE(q->legacy());
    CHECK(q->legacy_transaction_id().bytes[0] == 0x21);  // bytes 4-19 start with the cookie
}

TEST_CASE("an RFC 3489 Binding Response decodes its clear addresses", "[message][legacy]") {
    // MAPPED-ADDRESS 192.0.2.1:32853, SOURCE-ADDRESS 198.51.100.1:3478,
    // CHANGED-ADDRESS 198.51.100.2:3479 (RFC 3489 §11.2.1, §11.2.3, §11.2.5).
    const byte_vector m = {0x01, 0x01, 0x00, 0x24,  // Binding Response, length 36
                           0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,  // } 128-bit
                           0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,  // } transaction id
                           0x00, 0x01, 0x00, 0x08, 0x00, 0x01, 0x80, 0x55, 192, 0,  2,   1,
                           0x00, 0x04, 0x00, 0x08, 0x00, 0x01, 0x0d, 0x96, 198, 51, 100, 1,
                           0x00, 0x05, 0x00, 0x08, 0x00, 0x01, 0x0d, 0x97, 198, 51, 100, 2};
    parse_options legacy;
    legacy.allow_legacy = true;
    CHECK(error_of(parse(view(m))) == to_string(errc::bad_magic_cookie));
    const auto p = parse(view(m), legacy);
    REQUIRE(p.has_value());
    CHECK(p->legacy());
    CHECK(p->klass() == message_class::success_response);
    CHECK(*p->get<attr::mapped_address>() ==
          transport_address{ip_address::v4(192, 0, 2, 1), 32853});
    CHECK(*p->get<attr::source_address>() ==
          transport_address{ip_address::v4(198, 51, 100, 1), 3478});
    CHECK(*p->get<attr::changed_address>() ==
          transport_address{ip_address::v4(198, 51, 100, 2), 3479});
    CHECK(p->legacy_transaction_id().bytes[0] == 0xa0);
    CHECK(p->legacy_transaction_id().bytes[15] == 0xaf);
}

TEST_CASE("legacy parsing keeps every other check", "[message][legacy][errors]") {
    parse_options legacy;
    legacy.allow_legacy = true;
    byte_vector m = make_message(0x0001, {{0x8022, bytes_of("abcd")}}, 0, false);
    REQUIRE(parse(view(m), legacy).has_value());
    m[0] = 0x80;
    CHECK(error_of(parse(view(m), legacy)) == to_string(errc::not_stun));
    m[0] = 0x00;
    m[3] = 0x09;
    CHECK(error_of(parse(view(m), legacy)) == to_string(errc::unaligned_length));
}

// -------------------------------------------------------------------------------------------
// Ranges and iterators
// -------------------------------------------------------------------------------------------

TEST_CASE("attribute ranges and iterators outlive the message_view", "[message][iterator]") {
    const byte_vector bytes = test_vectors::rfc5769_request();
    auto holder = std::make_unique<message_view>(*parse(view(bytes)));
    const auto range = holder->attributes();
    const auto all = holder->all_attributes();
    const auto softwares = holder->all_of(attr::software::type);
    auto it = range.begin();
    ++it;  // PRIORITY
    const auto unknown = unknown_comprehension_required(*holder);
    // Destroy the view: the range copied the layout, so nothing dangles (ASan would say so).
    holder.reset();

    CHECK((*it).type == 0x0024);
    CHECK((*it).offset == 40);
    const auto before = it++;
    CHECK((*before).type == 0x0024);
    CHECK((*it).type == 0x8029);
    CHECK(types_of(range) ==
          std::vector<std::uint16_t>{0x8022, 0x0024, 0x8029, 0x0006, 0x0008, 0x8028});
    CHECK(all.count() == 6);
    CHECK(softwares.count() == 1);
    CHECK(unknown.empty());

    // Ranges copy and compare by position.
    const auto copy = range;
    CHECK(copy.begin() == range.begin());
    CHECK(copy.begin() != it);
    CHECK(std::distance(copy.begin(), copy.end()) == 6);
}

TEST_CASE("attributes_where filters with any predicate", "[message][iterator]") {
    const byte_vector bytes = test_vectors::rfc5769_request();
    const auto p = parse(view(bytes));
    REQUIRE(p.has_value());
    const auto optional =
        p->attributes_where([](const attribute& a) { return !a.comprehension_required(); });
    CHECK(types_of(optional) == std::vector<std::uint16_t>{0x8022, 0x8029, 0x8028});
    const auto none = p->attributes_where([](const attribute&) { return false; });
    CHECK(none.empty());
    CHECK(none.count() == 0);
}

TEST_CASE("message_header reads the raw header fields", "[message][header]") {
    const byte_vector bytes = test_vectors::rfc5769_ipv4_response();
    const message_header h(bytes.data());
    CHECK(h.type() == message_type{method::binding, message_class::success_response});
    CHECK(h.length() == 60);
    CHECK(h.has_magic_cookie());
    CHECK(h.transaction_id().bytes == rfc5769_id);
    CHECK(h.xor_pad() == bytes.data() + 4);
    CHECK(h.data() == bytes.data());
    CHECK(magic_cookie == 0x2112A442U);
    CHECK(header_size == 20);
}

TEST_CASE("attributes_where takes capturing predicates", "[message][iterator]") {
    const byte_vector bytes = test_vectors::rfc5769_request();
    const auto p = parse(view(bytes));
    REQUIRE(p.has_value());
    const std::uint32_t from = p->find(attr::ice_controlled::type)->offset;  // 48
    const auto later = p->attributes_where([from](const attribute& a) { return a.offset >= from; });
    CHECK(types_of(later) == std::vector<std::uint16_t>{0x8029, 0x0006, 0x0008, 0x8028});
}

TEST_CASE("a default-constructed message_view has empty attribute ranges", "[message][iterator]") {
    const message_view empty;
    CHECK(empty.size() == 0);
    CHECK(error_of(empty.find(0x0020)) == to_string(errc::not_found));
    CHECK(empty.attributes().empty());
    CHECK(empty.all_attributes().empty());
    CHECK(empty.all_of(0x0020).empty());
    CHECK(unknown_comprehension_required(empty).empty());
    CHECK(empty.attributes().count() == 0);
    for (const auto a : empty.all_attributes()) FAIL("unexpected attribute " << a.type);
}
