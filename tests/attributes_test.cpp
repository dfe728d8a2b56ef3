// Tests for attributes.hpp, turn/attributes.hpp and registry.hpp: every attribute tag is
// encoded with message_builder and compared byte for byte with wire bytes written by hand from
// the RFCs, then decoded back with message_view::get<Tag>(); every rule a codec enforces is
// exercised on both sides.
#include <stunkit/attributes.hpp>

#include <stunkit/builder.hpp>
#include <stunkit/message.hpp>
#include <stunkit/registry.hpp>
#include <stunkit/turn/attributes.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using namespace stunkit;
using byte_vector = std::vector<std::uint8_t>;

// RFC 5769 §2.1-2.3 transaction id.
constexpr transaction_id rfc_id = {
    {0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae}};
constexpr transaction_id zero_id = {};

std::uint8_t hex_digit(char c) {
    if (c >= '0' && c <= '9') return static_cast<std::uint8_t>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<std::uint8_t>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return static_cast<std::uint8_t>(c - 'A' + 10);
    throw std::invalid_argument(std::string("bad hex digit ") + c);
}

// Wire bytes written as hex, spaces ignored, with 'quoted' runs taken as ASCII:
// wire("0006 0003 'abc' 00") is 00 06 00 03 61 62 63 00.
byte_vector wire(std::string_view s) {
    byte_vector out;
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] == ' ') {
            ++i;
        } else if (s[i] == '\'') {
            const std::size_t end = s.find('\'', i + 1);
            if (end == std::string_view::npos) throw std::invalid_argument("unterminated quote");
            for (std::size_t k = i + 1; k < end; ++k)
                out.push_back(static_cast<std::uint8_t>(s[k]));
            i = end + 1;
        } else {
            if (i + 1 >= s.size()) throw std::invalid_argument("odd hex digits");
            out.push_back(static_cast<std::uint8_t>(hex_digit(s[i]) * 16 + hex_digit(s[i + 1])));
            i += 2;
        }
    }
    return out;
}

// Bytes as "00 20 00 08 ...", so mismatches print readably.
std::string hex(bytes_view b) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i != 0) out += ' ';
        out += digits[b[i] >> 4U];
        out += digits[b[i] & 0xFU];
    }
    return out;
}
std::string hex(const byte_vector& b) { return hex(bytes_view(b.data(), b.size())); }

template <class T>
std::string_view error_of(const result<T>& r) {
    return r.has_value() ? std::string_view("ok") : to_string(r.error());
}
std::string_view name_of(errc e) { return to_string(e); }

// --- Value comparison, for every value_type the codecs produce -------------------------------

bool same(bytes_view a, bytes_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i]) return false;
    }
    return true;
}
bool same(std::string_view a, std::string_view b) { return a == b; }
bool same(const transport_address& a, const transport_address& b) { return a == b; }
bool same(const attr::error_code_value& a, const attr::error_code_value& b) {
    return a.code == b.code && a.reason == b.reason;
}
bool same(const turn::address_error_code_value& a, const turn::address_error_code_value& b) {
    return a.family == b.family && a.code == b.code && a.reason == b.reason;
}
bool same(const attr::password_algorithm_value& a, const attr::password_algorithm_value& b) {
    return a.algorithm == b.algorithm && same(a.parameters, b.parameters);
}
template <std::size_t N>
bool same(const attr::attribute_type_list& a, const std::array<std::uint16_t, N>& b) {
    if (a.size() != N) return false;
    std::size_t i = 0;
    for (const std::uint16_t t : a) {
        if (t != b[i] || a[i] != b[i]) return false;
        ++i;
    }
    return i == N;
}
template <std::size_t N>
bool same(const attr::password_algorithm_list& a,
          const std::array<attr::password_algorithm_value, N>& b) {
    std::size_t i = 0;
    for (const attr::password_algorithm_value v : a) {
        if (i >= N || !same(v, b[i])) return false;
        ++i;
    }
    return i == N;
}
template <class A, class B>
bool same(const A& a, const B& b) {
    return a == b;
}

// --- Encoding and decoding one attribute -----------------------------------------------------

// The attribute bytes (header, value, padding) add<Tag>(value) writes into a Binding request.
template <class Tag, class V>
result<byte_vector> encode_one(const V& value, const transaction_id& id = rfc_id) {
    byte_vector buffer(70000, 0xEE);
    message_builder b(mutable_bytes(buffer.data(), buffer.size()),
                      {method::binding, message_class::request}, id);
    b.add<Tag>(value);
    const auto built = b.finish();
    if (!built) return built.error();
    return byte_vector(built->begin() + 20, built->end());
}

// A Binding request holding exactly the given attribute bytes, kept alive with its view.
class one_message {
public:
    explicit one_message(const byte_vector& attributes, const transaction_id& id = rfc_id) {
        bytes_ = {0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42};
        bytes_.insert(bytes_.end(), id.bytes.begin(), id.bytes.end());
        bytes_.insert(bytes_.end(), attributes.begin(), attributes.end());
        const std::size_t length = bytes_.size() - 20;
        bytes_[2] = static_cast<std::uint8_t>(length >> 8);
        bytes_[3] = static_cast<std::uint8_t>(length);
        const auto parsed = parse(bytes_view(bytes_.data(), bytes_.size()));
        if (!parsed)
            throw std::invalid_argument("test message does not parse: " +
                                        std::string(to_string(parsed.error())));
        view_ = *parsed;
    }
    one_message(const one_message&) = delete;
    one_message& operator=(const one_message&) = delete;
    const message_view& view() const { return view_; }
    template <class Tag>
    auto get() const {
        return view_.get<Tag>();
    }

private:
    byte_vector bytes_;
    message_view view_;
};

// An attribute with raw value bytes, padded with zeros.
byte_vector raw_attribute(std::uint16_t type, const byte_vector& value) {
    byte_vector out = {static_cast<std::uint8_t>(type >> 8), static_cast<std::uint8_t>(type),
                       static_cast<std::uint8_t>(value.size() >> 8),
                       static_cast<std::uint8_t>(value.size())};
    out.insert(out.end(), value.begin(), value.end());
    while (out.size() % 4 != 0) out.push_back(0);
    return out;
}

// The error get<Tag>() reports for an attribute of Tag's type with these value bytes.
template <class Tag>
std::string_view decode_error(const byte_vector& value, const transaction_id& id = rfc_id) {
    const one_message m(raw_attribute(Tag::type, value), id);
    return error_of(m.get<Tag>());
}

// The error message_builder reports for add<Tag>(value).
template <class Tag, class V>
std::string_view encode_error(const V& value) {
    return error_of(encode_one<Tag>(value));
}

// Checks add<Tag>(value) writes exactly `expected` (attribute header, value, zero padding),
// that get<Tag>() on those bytes gives `value` back, and that re-encoding the decoded value
// gives the same bytes again.
template <class Tag, class V>
void check_codec(const V& value, std::string_view expected, const transaction_id& id = rfc_id) {
    CAPTURE(Tag::name, expected);
    const byte_vector want = wire(expected);
    const auto encoded = encode_one<Tag>(value, id);
    REQUIRE(error_of(encoded) == "ok");
    CHECK(hex(*encoded) == hex(want));

    const one_message m(want, id);
    const auto decoded = m.get<Tag>();
    REQUIRE(error_of(decoded) == "ok");
    CHECK(same(*decoded, value));
    const auto again = encode_one<Tag>(*decoded, id);
    REQUIRE(error_of(again) == "ok");
    CHECK(hex(*again) == hex(want));
}

const transport_address v4_rfc5769 = {ip_address::v4(192, 0, 2, 1), 32853};
const transport_address v6_rfc5769 = {
    ip_address::v6({0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56, 0x78, 0x00, 0x11, 0x22, 0x33, 0x44,
                    0x55, 0x66, 0x77}),
    32853};
const transport_address v6_doc = {
    ip_address::v6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01}), 3478};

}  // namespace

// =============================================================================================
// Address codecs (RFC 8489 §14.1, §14.2)
// =============================================================================================

TEST_CASE("plain address attributes encode IPv4 and IPv6 in the clear", "[attributes][address]") {
    check_codec<attr::mapped_address>(v4_rfc5769, "0001 0008 00 01 8055 c0000201");
    check_codec<attr::mapped_address>(v6_doc,
                                      "0001 0014 00 02 0d96 20010db8 00000000 00000000 00000001");
    check_codec<attr::alternate_server>(transport_address{ip_address::v4(198, 51, 100, 2), 3479},
                                        "8023 0008 0001 0d97 c6336402");
    check_codec<attr::response_address>(transport_address{ip_address::v4(10, 0, 0, 1), 5000},
                                        "0002 0008 0001 1388 0a000001");
    check_codec<attr::source_address>(transport_address{ip_address::v4(198, 51, 100, 1), 3478},
                                      "0004 0008 0001 0d96 c6336401");
    check_codec<attr::changed_address>(transport_address{ip_address::v4(198, 51, 100, 2), 3479},
                                       "0005 0008 0001 0d97 c6336402");
    check_codec<attr::reflected_from>(v6_doc,
                                      "000b 0014 0002 0d96 20010db8 00000000 00000000 00000001");
    check_codec<attr::response_origin>(transport_address{ip_address::v4(203, 0, 113, 7), 65535},
                                       "802b 0008 0001 ffff cb007107");
    check_codec<attr::other_address>(transport_address{ip_address::v4(0x7F000001U), 0},
                                     "802c 0008 0001 0000 7f000001");
}

TEST_CASE("XOR address attributes encode the RFC 5769 values", "[attributes][address][xor]") {
    // RFC 5769 §2.2 and §2.3, with the RFC's transaction id.
    check_codec<attr::xor_mapped_address>(v4_rfc5769, "0020 0008 0001 a147 e112a643");
    check_codec<attr::xor_mapped_address>(
        v6_rfc5769, "0020 0014 0002 a147 0113a9fa a5d3f179 bc25f4b5 bed2b9d9");
    check_codec<turn::xor_peer_address>(v4_rfc5769, "0012 0008 0001 a147 e112a643");
    check_codec<turn::xor_relayed_address>(
        v6_rfc5769, "0016 0014 0002 a147 0113a9fa a5d3f179 bc25f4b5 bed2b9d9");
}

TEST_CASE("XOR addresses are XORed with the header of their own message",
          "[attributes][address][xor]") {
    // With an all-zero transaction id only the cookie changes the IPv6 address.
    check_codec<attr::xor_mapped_address>(
        v6_rfc5769, "0020 0014 0002 a147 0113a9fa 12345678 00112233 44556677", zero_id);
    // IPv4 depends on the cookie alone.
    check_codec<attr::xor_mapped_address>(v4_rfc5769, "0020 0008 0001 a147 e112a643", zero_id);

    // The RFC 5769 §2.3 bytes under another transaction id decode to another address.
    const byte_vector rfc_bytes = wire("0020 0014 0002 a147 0113a9fa a5d3f179 bc25f4b5 bed2b9d9");
    const one_message right(rfc_bytes, rfc_id);
    const one_message wrong(rfc_bytes, zero_id);
    CHECK(*right.get<attr::xor_mapped_address>() == v6_rfc5769);
    const auto other = wrong.get<attr::xor_mapped_address>();
    REQUIRE(other.has_value());
    CHECK(other->address != v6_rfc5769.address);
    CHECK(other->port == 32853);  // the port only depends on the cookie
    CHECK(other->address.bytes()[0] == 0x20);
    CHECK(other->address.bytes()[4] == 0xa5);  // a5d3f179 left as is
}

TEST_CASE("address codecs enforce length, family and the reserved byte",
          "[attributes][address][errors]") {
    const auto checks = [](auto tag) {
        using Tag = decltype(tag);
        CAPTURE(Tag::name);
        // Exact lengths: 8 for IPv4, 20 for IPv6.
        CHECK(decode_error<Tag>(wire("0001 8055 c0000201")) == "ok");
        CHECK(decode_error<Tag>(wire("0001 8055 c00002")) == name_of(errc::bad_attribute_length));
        CHECK(decode_error<Tag>(wire("0001 8055 c0000201 00")) ==
              name_of(errc::bad_attribute_length));
        CHECK(decode_error<Tag>(wire("0002 8055 20010db8 00000000 00000000 00000001")) == "ok");
        CHECK(decode_error<Tag>(wire("0002 8055 20010db8 00000000 00000000 000000")) ==
              name_of(errc::bad_attribute_length));
        CHECK(decode_error<Tag>(wire("0002 8055 20010db8 00000000 00000000 00000001 00")) ==
              name_of(errc::bad_attribute_length));
        // Family and length disagree.
        CHECK(decode_error<Tag>(wire("0001 8055 20010db8 00000000 00000000 00000001")) ==
              name_of(errc::bad_attribute_length));
        CHECK(decode_error<Tag>(wire("0002 8055 c0000201")) == name_of(errc::bad_attribute_length));
        // Unknown families.
        CHECK(decode_error<Tag>(wire("0000 8055 c0000201")) == name_of(errc::bad_address_family));
        CHECK(decode_error<Tag>(wire("0003 8055 c0000201")) == name_of(errc::bad_address_family));
        CHECK(decode_error<Tag>(wire("00ff 8055 c0000201")) == name_of(errc::bad_address_family));
        // The first byte is reserved (RFC 8489 §14.1).
        CHECK(decode_error<Tag>(wire("0101 8055 c0000201")) == name_of(errc::reserved_bits_set));
        CHECK(decode_error<Tag>(wire("8001 8055 c0000201")) == name_of(errc::reserved_bits_set));
        // Too short for the fixed part.
        CHECK(decode_error<Tag>(wire("")) == name_of(errc::bad_attribute_length));
        CHECK(decode_error<Tag>(wire("000180")) == name_of(errc::bad_attribute_length));
    };
    checks(attr::mapped_address{});
    checks(attr::xor_mapped_address{});
    checks(attr::alternate_server{});
    checks(attr::response_origin{});
    checks(attr::other_address{});
    checks(attr::response_address{});
    checks(attr::source_address{});
    checks(attr::changed_address{});
    checks(attr::reflected_from{});
    checks(turn::xor_peer_address{});
    checks(turn::xor_relayed_address{});
}

// =============================================================================================
// Integers and flags
// =============================================================================================

TEST_CASE("integer attributes encode big-endian", "[attributes][integer]") {
    // RFC 5769 §2.1 values.
    check_codec<attr::priority>(std::uint32_t{0x6e0001ff}, "0024 0004 6e0001ff");
    check_codec<attr::ice_controlled>(std::uint64_t{0x932ff9b151263b36},
                                      "8029 0008 932ff9b1 51263b36");
    check_codec<attr::ice_controlling>(std::uint64_t{0x932ff9b151263b36},
                                       "802a 0008 932ff9b1 51263b36");
    check_codec<attr::fingerprint>(std::uint32_t{0xe57a3bcf}, "8028 0004 e57a3bcf");
    // RFC 8656 §18.2: the default allocation lifetime is 600 s.
    check_codec<turn::lifetime>(std::uint32_t{600}, "000d 0004 00000258");
    check_codec<turn::lifetime>(std::uint32_t{0}, "000d 0004 00000000");
    check_codec<turn::connection_id>(std::uint32_t{0x12345678}, "002a 0004 12345678");
    check_codec<attr::priority>(std::uint32_t{0xFFFFFFFF}, "0024 0004 ffffffff");
    check_codec<attr::ice_controlling>(std::uint64_t{1}, "802a 0008 00000000 00000001");
    // RFC 5780 §7.5: a port and two zero bytes.
    check_codec<attr::response_port>(std::uint16_t{3478}, "0027 0004 0d96 0000");
}

TEST_CASE("RESPONSE-PORT requires its reserved half to be zero", "[attributes][integer][errors]") {
    CHECK(decode_error<attr::response_port>(wire("0d96 0001")) == name_of(errc::reserved_bits_set));
    CHECK(decode_error<attr::response_port>(wire("0d96 8000")) == name_of(errc::reserved_bits_set));
}

TEST_CASE("flag attributes are empty", "[attributes][flag]") {
    check_codec<attr::use_candidate>(attr::flag{}, "0025 0000");
    check_codec<turn::dont_fragment>(attr::flag{}, "001a 0000");
    // add<Tag>() with no value is the same.
    byte_vector buffer(64);
    message_builder b(mutable_bytes(buffer.data(), buffer.size()),
                      {method::binding, message_class::request}, rfc_id);
    b.add<attr::use_candidate>().add<turn::dont_fragment>();
    REQUIRE(b.ok());
    CHECK(hex(b.finish()->subspan(20)) == hex(wire("0025 0000 001a 0000")));
}

TEST_CASE("fixed-size codecs reject one byte less and one byte more",
          "[attributes][length][errors]") {
    const auto shorter_and_longer = [](auto tag, std::size_t size) {
        using Tag = decltype(tag);
        CAPTURE(Tag::name, size);
        if (size > 0)
            CHECK(decode_error<Tag>(byte_vector(size - 1, 0)) ==
                  name_of(errc::bad_attribute_length));
        CHECK(decode_error<Tag>(byte_vector(size + 1, 0)) == name_of(errc::bad_attribute_length));
    };
    shorter_and_longer(attr::priority{}, 4);
    shorter_and_longer(attr::fingerprint{}, 4);
    shorter_and_longer(turn::lifetime{}, 4);
    shorter_and_longer(turn::connection_id{}, 4);
    shorter_and_longer(attr::ice_controlled{}, 8);
    shorter_and_longer(attr::ice_controlling{}, 8);
    shorter_and_longer(attr::response_port{}, 4);
    shorter_and_longer(turn::channel_number{}, 4);
    shorter_and_longer(attr::change_request{}, 4);
    shorter_and_longer(turn::requested_address_family{}, 4);
    shorter_and_longer(turn::additional_address_family{}, 4);
    shorter_and_longer(turn::requested_transport{}, 4);
    shorter_and_longer(turn::even_port{}, 1);
    shorter_and_longer(turn::icmp{}, 8);
    shorter_and_longer(turn::reservation_token{}, 8);
    shorter_and_longer(attr::userhash{}, 32);
    shorter_and_longer(attr::message_integrity{}, 20);
    shorter_and_longer(attr::use_candidate{}, 0);
    shorter_and_longer(turn::dont_fragment{}, 0);
}

// =============================================================================================
// Opaque bytes
// =============================================================================================

TEST_CASE("opaque fixed-size attributes copy their bytes", "[attributes][bytes]") {
    // RFC 5769 §2.1 MESSAGE-INTEGRITY.
    const byte_vector mi = wire("9aeaa70c bfd8cb56 781ef2b5 b2d3f249 c1b571a2");
    check_codec<attr::message_integrity>(bytes_view(mi.data(), mi.size()),
                                         "0008 0014 9aeaa70c bfd8cb56 781ef2b5 b2d3f249 c1b571a2");
    // RFC 8489 Appendix B.1 USERHASH and MESSAGE-INTEGRITY-SHA256.
    const byte_vector userhash =
        wire("4a3cf38f ef6992bd a952c678 0417da0f 24819415 569e60b2 05c46e41 407f1704");
    check_codec<attr::userhash>(
        bytes_view(userhash.data(), userhash.size()),
        "001e 0020 4a3cf38f ef6992bd a952c678 0417da0f 24819415 569e60b2 05c46e41 407f1704");
    const byte_vector mac =
        wire("fd8c2738 60d2e18e bca4c89b 6973befa 7ee8ecc6 9e9642db 326fab65 a0b955ba");
    check_codec<attr::message_integrity_sha256>(
        bytes_view(mac.data(), mac.size()),
        "001c 0020 fd8c2738 60d2e18e bca4c89b 6973befa 7ee8ecc6 9e9642db 326fab65 a0b955ba");
    check_codec<attr::message_integrity_sha256>(bytes_view(mac.data(), 16),
                                                "001c 0010 fd8c2738 60d2e18e bca4c89b 6973befa");
    const byte_vector token = wire("0102030405060708");
    check_codec<turn::reservation_token>(bytes_view(token.data(), token.size()),
                                         "0022 0008 0102030405060708");
}

TEST_CASE("fixed-size byte codecs refuse to encode a view of another size",
          "[attributes][bytes][errors]") {
    const byte_vector bytes(40, 0x5A);
    CHECK(encode_error<attr::message_integrity>(bytes_view(bytes.data(), 19)) ==
          name_of(errc::invalid_argument));
    CHECK(encode_error<attr::message_integrity>(bytes_view(bytes.data(), 21)) ==
          name_of(errc::invalid_argument));
    CHECK(encode_error<attr::userhash>(bytes_view(bytes.data(), 31)) ==
          name_of(errc::invalid_argument));
    CHECK(encode_error<attr::userhash>(bytes_view(bytes.data(), 33)) ==
          name_of(errc::invalid_argument));
    CHECK(encode_error<turn::reservation_token>(bytes_view(bytes.data(), 7)) ==
          name_of(errc::invalid_argument));
    CHECK(encode_error<turn::reservation_token>(bytes_view(bytes.data(), 9)) ==
          name_of(errc::invalid_argument));
    CHECK(encode_error<turn::reservation_token>(bytes_view(bytes.data(), 8)) == "ok");
}

TEST_CASE("MESSAGE-INTEGRITY-SHA256 is 16 to 32 bytes in steps of 4 (RFC 8489 §14.6)",
          "[attributes][bytes]") {
    const byte_vector bytes(40, 0x5A);
    for (std::size_t n = 0; n <= 40; ++n) {
        CAPTURE(n);
        const bool valid = n >= 16 && n <= 32 && n % 4 == 0;
        CHECK(decode_error<attr::message_integrity_sha256>(byte_vector(n, 0x5A)) ==
              (valid ? std::string_view("ok") : name_of(errc::bad_attribute_length)));
        CHECK(encode_error<attr::message_integrity_sha256>(bytes_view(bytes.data(), n)) ==
              (valid ? std::string_view("ok") : name_of(errc::invalid_argument)));
    }
}

TEST_CASE("opaque variable-size attributes take any length", "[attributes][bytes]") {
    const byte_vector hello = wire("'hello'");
    check_codec<turn::data>(bytes_view(hello.data(), hello.size()), "0013 0005 'hello' 000000");
    check_codec<turn::data>(bytes_view(), "0013 0000");
    check_codec<attr::password>(bytes_view(hello.data(), 4), "0007 0004 'hell'");
    const byte_vector ff = wire("ffffff");
    check_codec<attr::padding>(bytes_view(ff.data(), ff.size()), "0026 0003 ffffff 00");
    const byte_vector big(1000, 0x42);
    const auto encoded = encode_one<turn::data>(bytes_view(big.data(), big.size()));
    REQUIRE(encoded.has_value());
    CHECK(encoded->size() == 1004);
}

// =============================================================================================
// Text
// =============================================================================================

TEST_CASE("text attributes carry UTF-8 unchanged", "[attributes][text]") {
    check_codec<attr::username>(std::string_view("evtj:h6vY"), "0006 0009 'evtj:h6vY' 000000");
    // RFC 5769 §2.4: U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9.
    check_codec<attr::username>(
        std::string_view(
            "\xe3\x83\x9e\xe3\x83\x88\xe3\x83\xaa\xe3\x83\x83\xe3\x82\xaf\xe3\x82\xb9"),
        "0006 0012 e3839ee3 8388e383 aae38383 e382afe3 82b9 0000");
    check_codec<attr::realm>(std::string_view("example.org"), "0014 000b 'example.org' 00");
    check_codec<attr::nonce>(std::string_view("f//499k954d6OL34oL9FSTvy64sA"),
                             "0015 001c 'f//499k954d6OL34oL9FSTvy64sA'");
    check_codec<attr::software>(std::string_view("STUN test client"),
                                "8022 0010 'STUN test client'");
    check_codec<attr::software>(std::string_view("test vector"), "8022 000b 'test vector' 00");
    check_codec<attr::alternate_domain>(std::string_view("turn.example.org"),
                                        "8003 0010 'turn.example.org'");
    check_codec<attr::username>(std::string_view(), "0006 0000");
    check_codec<attr::software>(std::string_view("a\0b", 3),
                                "8022 0003 610062 00");  // NUL is valid UTF-8
}

TEST_CASE("text limits on decode: USERNAME, REALM, NONCE, SOFTWARE and reasons 763 bytes",
          "[attributes][text][limits]") {
    const auto text = [](std::size_t n) { return byte_vector(n, 'a'); };
    const auto with_code = [](std::size_t n) {
        byte_vector v = wire("00000414");
        v.insert(v.end(), n, 'a');
        return v;
    };
    const auto with_family = [](std::size_t n) {
        byte_vector v = wire("02000428");
        v.insert(v.end(), n, 'a');
        return v;
    };
    const std::string_view too_long = name_of(errc::text_too_long);
    // RFC 8489 §14.3: fewer than 509 bytes are sent, but "a compliant implementation MUST be
    // able to parse a UTF-8-encoded sequence of 763 or fewer octets to be compatible with
    // [RFC5389]" - so 513 (over RFC 5389's own bound) is still accepted.
    CHECK(decode_error<attr::username>(text(512)) == "ok");
    CHECK(decode_error<attr::username>(text(513)) == "ok");
    CHECK(decode_error<attr::username>(text(763)) == "ok");
    CHECK(decode_error<attr::username>(text(764)) == too_long);
    CHECK(decode_error<attr::realm>(text(763)) == "ok");
    CHECK(decode_error<attr::realm>(text(764)) == too_long);
    CHECK(decode_error<attr::nonce>(text(763)) == "ok");
    CHECK(decode_error<attr::nonce>(text(764)) == too_long);
    CHECK(decode_error<attr::software>(text(763)) == "ok");
    CHECK(decode_error<attr::software>(text(764)) == too_long);
    CHECK(decode_error<attr::error_code>(with_code(763)) == "ok");
    CHECK(decode_error<attr::error_code>(with_code(764)) == too_long);
    CHECK(decode_error<turn::address_error_code>(with_family(763)) == "ok");
    CHECK(decode_error<turn::address_error_code>(with_family(764)) == too_long);
    CHECK(decode_error<attr::alternate_domain>(text(255)) == "ok");
    CHECK(decode_error<attr::alternate_domain>(text(256)) == too_long);

    const one_message m(raw_attribute(attr::username::type, text(763)));
    CHECK(m.get<attr::username>()->size() == 763);
}

TEST_CASE("text limits on encode: USERNAME 508, others 509 bytes", "[attributes][text][limits]") {
    const std::string long_text(2000, 'a');
    const auto text = [&](std::size_t n) { return std::string_view(long_text.data(), n); };
    const std::string_view too_long = name_of(errc::text_too_long);
    CHECK(encode_error<attr::username>(text(508)) == "ok");
    CHECK(encode_error<attr::username>(text(509)) == too_long);
    CHECK(encode_error<attr::realm>(text(509)) == "ok");
    CHECK(encode_error<attr::realm>(text(510)) == too_long);
    CHECK(encode_error<attr::nonce>(text(509)) == "ok");
    CHECK(encode_error<attr::nonce>(text(510)) == too_long);
    CHECK(encode_error<attr::software>(text(509)) == "ok");
    CHECK(encode_error<attr::software>(text(510)) == too_long);
    CHECK(encode_error<attr::error_code>(attr::error_code_value{400, text(509)}) == "ok");
    CHECK(encode_error<attr::error_code>(attr::error_code_value{400, text(510)}) == too_long);
    CHECK(encode_error<turn::address_error_code>(
              turn::address_error_code_value{address_family::ipv6, 440, text(509)}) == "ok");
    CHECK(encode_error<turn::address_error_code>(
              turn::address_error_code_value{address_family::ipv6, 440, text(510)}) == too_long);
    CHECK(encode_error<attr::alternate_domain>(text(255)) == "ok");
    CHECK(encode_error<attr::alternate_domain>(text(256)) == too_long);

    // Limits count bytes: 127 four-byte characters (RFC 8489's "fewer than 128 characters")
    // are 508 bytes, fine for USERNAME; 128 are too many to send but still accepted on receipt.
    std::string clefs;
    for (int i = 0; i < 128; ++i) clefs += "\xF0\x9D\x84\x9E";  // U+1D11E
    CHECK(encode_error<attr::username>(std::string_view(clefs.data(), 508)) == "ok");
    CHECK(encode_error<attr::username>(std::string_view(clefs)) == too_long);
    CHECK(decode_error<attr::username>(byte_vector(clefs.begin(), clefs.end())) == "ok");
}

namespace {
struct utf8_case {
    std::string_view text;
    const char* what;
};
const std::array<utf8_case, 20> invalid_utf8 = {{
    {"\xC0\xAF", "overlong 2-byte '/'"},
    {"\xC1\xBF", "overlong 2-byte U+007F"},
    {"\xE0\x80\xAF", "overlong 3-byte '/'"},
    {"\xE0\x9F\xBF", "overlong 3-byte U+07FF"},
    {"\xF0\x80\x80\xAF", "overlong 4-byte '/'"},
    {"\xF0\x8F\xBF\xBF", "overlong 4-byte U+FFFF"},
    {"\xED\xA0\x80", "surrogate U+D800"},
    {"\xED\xBF\xBF", "surrogate U+DFFF"},
    {"\xC3", "truncated 2-byte"},
    {"\xE2\x82", "truncated 3-byte"},
    {"a\xF0\x9D\x84", "truncated 4-byte"},
    {"\xF4\x90\x80\x80", "U+110000, above U+10FFFF"},
    {"\xF5\x80\x80\x80", "lead byte F5"},
    {"\xFF", "byte FF"},
    {"\x80", "lone continuation byte"},
    {"\xC3\x28", "bad continuation"},
    {"\xE2\x28\xA1", "bad second byte"},
    {"\xE2\x82\x28", "bad third byte"},
    {"\xF0\x9D\x84\x28", "bad fourth byte"},
    {"ok\xF8\x88\x80\x80\x80", "5-byte form"},
}};
const std::array<utf8_case, 12> valid_utf8 = {{
    {"\xC2\x80", "U+0080"},
    {"\xDF\xBF", "U+07FF"},
    {"\xE0\xA0\x80", "U+0800"},
    {"\xED\x9F\xBF", "U+D7FF"},
    {"\xEE\x80\x80", "U+E000"},
    {"\xEF\xBF\xBF", "U+FFFF"},
    {"\xF0\x90\x80\x80", "U+10000"},
    {"\xF4\x8F\xBF\xBF", "U+10FFFF"},
    {"caf\xC3\xA9", "cafe with e-acute"},
    {"\xE2\x82\xAC", "euro sign"},
    {"\xF0\x9D\x84\x9E", "musical G clef"},
    {"\x7F", "DEL"},
}};
}  // namespace

TEST_CASE("text codecs reject ill-formed UTF-8 both ways and accept every valid form",
          "[attributes][text][utf8]") {
    const auto checks = [](auto tag) {
        using Tag = decltype(tag);
        CAPTURE(Tag::name);
        for (const utf8_case& c : invalid_utf8) {
            CAPTURE(c.what);
            CHECK(decode_error<Tag>(byte_vector(c.text.begin(), c.text.end())) ==
                  name_of(errc::invalid_utf8));
            CHECK(encode_error<Tag>(c.text) == name_of(errc::invalid_utf8));
        }
        for (const utf8_case& c : valid_utf8) {
            CAPTURE(c.what);
            const one_message m(
                raw_attribute(Tag::type, byte_vector(c.text.begin(), c.text.end())));
            const auto decoded = m.get<Tag>();
            REQUIRE(error_of(decoded) == "ok");
            CHECK(*decoded == c.text);
            CHECK(encode_error<Tag>(c.text) == "ok");
        }
    };
    checks(attr::username{});
    checks(attr::realm{});
    checks(attr::nonce{});
    checks(attr::software{});
    checks(attr::alternate_domain{});

    for (const utf8_case& c : invalid_utf8) {
        CAPTURE(c.what);
        byte_vector value = wire("00000400");
        value.insert(value.end(), c.text.begin(), c.text.end());
        CHECK(decode_error<attr::error_code>(value) == name_of(errc::invalid_utf8));
        CHECK(encode_error<attr::error_code>(attr::error_code_value{400, c.text}) ==
              name_of(errc::invalid_utf8));
        value[0] = 0x01;
        CHECK(decode_error<turn::address_error_code>(value) == name_of(errc::invalid_utf8));
        CHECK(encode_error<turn::address_error_code>(turn::address_error_code_value{
                  address_family::ipv4, 400, c.text}) == name_of(errc::invalid_utf8));
    }
}

// =============================================================================================
// ERROR-CODE (RFC 8489 §14.8)
// =============================================================================================

TEST_CASE("ERROR-CODE splits the code into class and number", "[attributes][error_code]") {
    using value = attr::error_code_value;
    check_codec<attr::error_code>(value{420, "Unknown Attribute"},
                                  "0009 0015 00000414 'Unknown Attribute' 000000");
    check_codec<attr::error_code>(value{401, "Unauthenticated"},
                                  "0009 0013 00000401 'Unauthenticated' 00");
    check_codec<attr::error_code>(value{300, "Try Alternate"},
                                  "0009 0011 00000300 'Try Alternate' 000000");
    check_codec<attr::error_code>(value{438, "Stale Nonce"}, "0009 000f 00000426 'Stale Nonce' 00");
    check_codec<attr::error_code>(value{508, "Insufficient Capacity"},
                                  "0009 0019 00000508 'Insufficient Capacity' 000000");
    check_codec<attr::error_code>(value{699, ""}, "0009 0004 00000663");
    check_codec<attr::error_code>(value{600, "Global Failure"},
                                  "0009 0012 00000600 'Global Failure' 0000");
}

TEST_CASE("ERROR-CODE enforces class 3-6, number 0-99 and zero reserved bits",
          "[attributes][error_code][errors]") {
    const std::string_view bad_code = name_of(errc::bad_error_code);
    const std::string_view reserved = name_of(errc::reserved_bits_set);
    CHECK(decode_error<attr::error_code>(wire("00000214")) == bad_code);  // class 2
    CHECK(decode_error<attr::error_code>(wire("00000714")) == bad_code);  // class 7
    CHECK(decode_error<attr::error_code>(wire("00000000")) == bad_code);  // class 0
    CHECK(decode_error<attr::error_code>(wire("00000364")) == bad_code);  // number 100
    CHECK(decode_error<attr::error_code>(wire("000006ff")) == bad_code);  // number 255
    CHECK(decode_error<attr::error_code>(wire("00000363")) == "ok");      // 399
    CHECK(decode_error<attr::error_code>(wire("00000800")) == reserved);  // lowest reserved bit
    CHECK(decode_error<attr::error_code>(wire("00000c14")) == reserved);
    CHECK(decode_error<attr::error_code>(wire("00010414")) == reserved);
    CHECK(decode_error<attr::error_code>(wire("80000414")) == reserved);
    CHECK(decode_error<attr::error_code>(wire("000004")) == name_of(errc::bad_attribute_length));
    CHECK(decode_error<attr::error_code>(wire("")) == name_of(errc::bad_attribute_length));

    for (const std::uint16_t code :
         std::initializer_list<std::uint16_t>{0, 1, 99, 299, 700, 999, 1000, 65535}) {
        CAPTURE(code);
        CHECK(encode_error<attr::error_code>(attr::error_code_value{code, "x"}) == bad_code);
    }
    for (const std::uint16_t code :
         std::initializer_list<std::uint16_t>{300, 399, 400, 499, 500, 599, 600, 699}) {
        CAPTURE(code);
        const auto encoded = encode_one<attr::error_code>(attr::error_code_value{code, ""});
        REQUIRE(encoded.has_value());
        CHECK((*encoded)[6] == code / 100);
        CHECK((*encoded)[7] == code % 100);
    }
}

// =============================================================================================
// UNKNOWN-ATTRIBUTES (RFC 8489 §14.13)
// =============================================================================================

TEST_CASE("UNKNOWN-ATTRIBUTES lists 16-bit types; an odd count is padded",
          "[attributes][unknown_attributes]") {
    check_codec<attr::unknown_attributes>(std::array<std::uint16_t, 3>{0x0030, 0x0031, 0x7fff},
                                          "000a 0006 0030 0031 7fff 0000");
    check_codec<attr::unknown_attributes>(std::array<std::uint16_t, 1>{0x0030},
                                          "000a 0002 0030 0000");
    check_codec<attr::unknown_attributes>(std::array<std::uint16_t, 2>{0x0030, 0x0031},
                                          "000a 0004 0030 0031");
    check_codec<attr::unknown_attributes>(std::array<std::uint16_t, 0>{}, "000a 0000");

    const one_message m(wire("000a 0006 0030 0031 7fff 0000"));
    const auto list = m.get<attr::unknown_attributes>();
    REQUIRE(list.has_value());
    CHECK(list->size() == 3);
    CHECK_FALSE(list->empty());
    CHECK((*list)[0] == 0x0030);
    CHECK((*list)[2] == 0x7fff);
    CHECK(list->bytes().size() == 6);
}

TEST_CASE("UNKNOWN-ATTRIBUTES with an odd byte length is malformed",
          "[attributes][unknown_attributes][errors]") {
    CHECK(decode_error<attr::unknown_attributes>(wire("0030 00")) ==
          name_of(errc::bad_attribute_length));
    CHECK(decode_error<attr::unknown_attributes>(wire("00")) ==
          name_of(errc::bad_attribute_length));
    CHECK(decode_error<attr::unknown_attributes>(wire("0030 0031 7f")) ==
          name_of(errc::bad_attribute_length));
}

// =============================================================================================
// PASSWORD-ALGORITHMS and PASSWORD-ALGORITHM (RFC 8489 §14.11, §14.12)
// =============================================================================================

TEST_CASE("PASSWORD-ALGORITHMS encodes entries with padded parameters",
          "[attributes][password_algorithms]") {
    using entry = attr::password_algorithm_value;
    namespace id = attr::password_algorithm_id;
    STATIC_REQUIRE(id::md5 == 0x0001);
    STATIC_REQUIRE(id::sha256 == 0x0002);
    check_codec<attr::password_algorithms>(std::array<entry, 2>{{{id::md5, {}}, {id::sha256, {}}}},
                                           "8002 0008 0001 0000 0002 0000");
    const byte_vector params = wire("aabbcc");
    check_codec<attr::password_algorithms>(
        std::array<entry, 2>{
            {{id::sha256, {}}, {0x1234, bytes_view(params.data(), params.size())}}},
        "8002 000c 0002 0000 1234 0003 aabbcc00");
    check_codec<attr::password_algorithms>(
        std::array<entry, 2>{{{0x1234, bytes_view(params.data(), params.size())}, {id::md5, {}}}},
        "8002 000c 1234 0003 aabbcc00 0001 0000");

    const one_message m(wire("8002 0010 0001 0000 1234 0003 aabbcc00 0002 0000"));
    const auto list = m.get<attr::password_algorithms>();
    REQUIRE(list.has_value());
    CHECK(list->contains(id::md5));
    CHECK(list->contains(id::sha256));
    CHECK(list->contains(0x1234));
    CHECK_FALSE(list->contains(0x0003));
    CHECK_FALSE(list->empty());
    CHECK(std::distance(list->begin(), list->end()) == 3);
    CHECK(hex(list->bytes()) == hex(wire("0001 0000 1234 0003 aabbcc00 0002 0000")));
    auto it = list->begin();
    ++it;
    CHECK((*it).algorithm == 0x1234);
    CHECK(hex((*it).parameters) == "aa bb cc");
}

TEST_CASE("PASSWORD-ALGORITHMS rejects malformed entries",
          "[attributes][password_algorithms][errors]") {
    const std::string_view bad = name_of(errc::bad_attribute_length);
    CHECK(decode_error<attr::password_algorithms>(wire("0001")) == bad);  // half a header
    CHECK(decode_error<attr::password_algorithms>(wire("0001 0004 aabb")) ==
          bad);  // parameters cut short
    CHECK(decode_error<attr::password_algorithms>(wire("0001 0000 0002")) ==
          bad);  // trailing partial entry
    CHECK(decode_error<attr::password_algorithms>(wire("0001 0003 aabbcc")) ==
          bad);  // padding missing
    CHECK(decode_error<attr::password_algorithms>(wire("0001 0000 0002 0001")) ==
          bad);  // second entry cut short
    CHECK(decode_error<attr::password_algorithms>(wire("0001 ffff 00000000")) ==
          bad);  // huge parameter length
}

TEST_CASE("PASSWORD-ALGORITHM holds exactly one entry", "[attributes][password_algorithm]") {
    using entry = attr::password_algorithm_value;
    check_codec<attr::password_algorithm>(entry{attr::password_algorithm_id::sha256, {}},
                                          "001d 0004 0002 0000");
    const byte_vector five = wire("0102030405");
    check_codec<attr::password_algorithm>(entry{0x0001, bytes_view(five.data(), five.size())},
                                          "001d 000c 0001 0005 0102030405 000000");
    check_codec<attr::password_algorithm>(entry{0x0001, bytes_view(five.data(), 4)},
                                          "001d 0008 0001 0004 01020304");

    const std::string_view bad = name_of(errc::bad_attribute_length);
    CHECK(decode_error<attr::password_algorithm>(wire("000200")) == bad);
    CHECK(decode_error<attr::password_algorithm>(wire("")) == bad);
    CHECK(decode_error<attr::password_algorithm>(wire("0002 0004")) == bad);  // parameters missing
    CHECK(decode_error<attr::password_algorithm>(wire("0002 0000 0001 0000")) ==
          bad);  // two entries
    CHECK(decode_error<attr::password_algorithm>(wire("0001 0003 aabbcc")) ==
          bad);  // padding missing
    CHECK(decode_error<attr::password_algorithm>(wire("0001 0001 aa000000 00")) == bad);
}

// =============================================================================================
// CHANGE-REQUEST (RFC 5780 §7.2)
// =============================================================================================

TEST_CASE("CHANGE-REQUEST carries flag A (change IP, 0x4) and B (change port, 0x2)",
          "[attributes][change_request]") {
    using value = attr::change_request_value;
    check_codec<attr::change_request>(value{true, true}, "0003 0004 00000006");
    check_codec<attr::change_request>(value{true, false}, "0003 0004 00000004");
    check_codec<attr::change_request>(value{false, true}, "0003 0004 00000002");
    check_codec<attr::change_request>(value{false, false}, "0003 0004 00000000");
    const std::string_view reserved = name_of(errc::reserved_bits_set);
    CHECK(decode_error<attr::change_request>(wire("00000001")) == reserved);
    CHECK(decode_error<attr::change_request>(wire("00000008")) == reserved);
    CHECK(decode_error<attr::change_request>(wire("00000106")) == reserved);
    CHECK(decode_error<attr::change_request>(wire("80000000")) == reserved);
}

// =============================================================================================
// TURN (RFC 8656 §18, RFC 6062 §6.2)
// =============================================================================================

TEST_CASE("CHANNEL-NUMBER is 0x4000-0x4FFF with 16 zero RFFU bits", "[attributes][turn][channel]") {
    check_codec<turn::channel_number>(std::uint16_t{0x4000}, "000c 0004 4000 0000");
    check_codec<turn::channel_number>(std::uint16_t{0x4FFF}, "000c 0004 4fff 0000");
    check_codec<turn::channel_number>(std::uint16_t{0x4abc}, "000c 0004 4abc 0000");
    const std::string_view bad = name_of(errc::bad_channel_number);
    for (const std::uint16_t channel :
         std::initializer_list<std::uint16_t>{0x0000, 0x3FFF, 0x5000, 0x7FFF, 0x8000, 0xFFFF}) {
        CAPTURE(channel);
        const byte_vector value = {static_cast<std::uint8_t>(channel >> 8),
                                   static_cast<std::uint8_t>(channel), 0, 0};
        CHECK(decode_error<turn::channel_number>(value) == bad);
        CHECK(encode_error<turn::channel_number>(channel) == bad);
    }
    CHECK(decode_error<turn::channel_number>(wire("4000 0001")) ==
          name_of(errc::reserved_bits_set));
    CHECK(decode_error<turn::channel_number>(wire("4000 8000")) ==
          name_of(errc::reserved_bits_set));
    STATIC_REQUIRE(turn::min_channel == 0x4000);
    STATIC_REQUIRE(turn::max_channel == 0x4FFF);
}

TEST_CASE("EVEN-PORT is one byte holding the R bit", "[attributes][turn]") {
    check_codec<turn::even_port>(true, "0018 0001 80 000000");
    check_codec<turn::even_port>(false, "0018 0001 00 000000");
    CHECK(decode_error<turn::even_port>(wire("81")) == name_of(errc::reserved_bits_set));
    CHECK(decode_error<turn::even_port>(wire("01")) == name_of(errc::reserved_bits_set));
    CHECK(decode_error<turn::even_port>(wire("7f")) == name_of(errc::reserved_bits_set));
}

TEST_CASE("REQUESTED-TRANSPORT is a protocol number and 24 zero bits", "[attributes][turn]") {
    check_codec<turn::requested_transport>(turn::protocol::udp, "0019 0004 11000000");
    check_codec<turn::requested_transport>(turn::protocol::tcp, "0019 0004 06000000");
    STATIC_REQUIRE(turn::protocol::udp == 17);
    STATIC_REQUIRE(turn::protocol::tcp == 6);
    CHECK(decode_error<turn::requested_transport>(wire("11000001")) ==
          name_of(errc::reserved_bits_set));
    CHECK(decode_error<turn::requested_transport>(wire("11010000")) ==
          name_of(errc::reserved_bits_set));
}

TEST_CASE("address-family attributes are a family byte and 24 zero bits", "[attributes][turn]") {
    check_codec<turn::requested_address_family>(address_family::ipv4, "0017 0004 01000000");
    check_codec<turn::requested_address_family>(address_family::ipv6, "0017 0004 02000000");
    check_codec<turn::additional_address_family>(address_family::ipv6, "8000 0004 02000000");
    const auto checks = [](auto tag) {
        using Tag = decltype(tag);
        CAPTURE(Tag::name);
        CHECK(decode_error<Tag>(wire("00000000")) == name_of(errc::bad_address_family));
        CHECK(decode_error<Tag>(wire("03000000")) == name_of(errc::bad_address_family));
        CHECK(decode_error<Tag>(wire("01000100")) == name_of(errc::reserved_bits_set));
        CHECK(decode_error<Tag>(wire("02800000")) == name_of(errc::reserved_bits_set));
    };
    checks(turn::requested_address_family{});
    checks(turn::additional_address_family{});
}

TEST_CASE("ADDRESS-ERROR-CODE is a family, 13 reserved bits, class, number and reason",
          "[attributes][turn]") {
    using value = turn::address_error_code_value;
    // RFC 8656 §18.12 with RFC 8656 §19's 440 Address Family not Supported.
    check_codec<turn::address_error_code>(
        value{address_family::ipv6, 440, "Address Family not Supported"},
        "8001 0020 02000428 'Address Family not Supported'");
    check_codec<turn::address_error_code>(value{address_family::ipv4, 508, "Insufficient Capacity"},
                                          "8001 0019 01000508 'Insufficient Capacity' 000000");
    CHECK(decode_error<turn::address_error_code>(wire("00000428")) ==
          name_of(errc::bad_address_family));
    CHECK(decode_error<turn::address_error_code>(wire("03000428")) ==
          name_of(errc::bad_address_family));
    CHECK(decode_error<turn::address_error_code>(wire("02000228")) ==
          name_of(errc::bad_error_code));
    CHECK(decode_error<turn::address_error_code>(wire("02000464")) ==
          name_of(errc::bad_error_code));
    CHECK(decode_error<turn::address_error_code>(wire("02080428")) ==
          name_of(errc::reserved_bits_set));
    CHECK(decode_error<turn::address_error_code>(wire("02800428")) ==
          name_of(errc::reserved_bits_set));
    CHECK(decode_error<turn::address_error_code>(wire("020004")) ==
          name_of(errc::bad_attribute_length));
    CHECK(encode_error<turn::address_error_code>(value{address_family::ipv6, 200, ""}) ==
          name_of(errc::bad_error_code));
    CHECK(encode_error<turn::address_error_code>(value{address_family::ipv6, 700, ""}) ==
          name_of(errc::bad_error_code));
}

TEST_CASE("ICMP is 16 reserved bits, type, code and 32 bits of error data", "[attributes][turn]") {
    // ICMP destination unreachable, fragmentation needed, next-hop MTU 1400.
    check_codec<turn::icmp>(turn::icmp_value{3, 4, 1400}, "8004 0008 0000 0304 00000578");
    check_codec<turn::icmp>(turn::icmp_value{11, 0, 0}, "8004 0008 0000 0b00 00000000");
    CHECK(decode_error<turn::icmp>(wire("0001 0304 00000578")) == name_of(errc::reserved_bits_set));
    CHECK(decode_error<turn::icmp>(wire("8000 0304 00000578")) == name_of(errc::reserved_bits_set));
}

// =============================================================================================
// Padding and the whole set
// =============================================================================================

TEST_CASE("built messages always pad with zero bytes", "[attributes][padding]") {
    std::array<std::uint8_t, 512> buffer;
    buffer.fill(0xAA);  // whatever the caller's buffer held before
    message_builder b(buffer, {method::allocate, message_class::request}, rfc_id);
    const byte_vector three = wire("aabbcc");
    const byte_vector five = wire("0102030405");
    const std::array<std::uint16_t, 3> unknown = {0x0030, 0x0031, 0x0032};
    const std::array<attr::password_algorithm_value, 1> algorithms = {
        {{0x0009, bytes_view(five.data(), 5)}}};
    b.add<attr::username>(std::string_view("a"))
        .add<attr::realm>(std::string_view("ab"))
        .add<attr::nonce>(std::string_view("abc"))
        .add<attr::software>(std::string_view("abcde"))
        .add<turn::data>(bytes_view(three.data(), three.size()))
        .add<turn::even_port>(true)
        .add<attr::unknown_attributes>(unknown)
        .add<attr::password_algorithms>(algorithms)
        .add<attr::password_algorithm>(algorithms[0])
        .add<attr::error_code>(attr::error_code_value{487, "Role"})
        .add<attr::error_code>(attr::error_code_value{487, "Rol"})
        .add<turn::address_error_code>(
            turn::address_error_code_value{address_family::ipv4, 440, "X"})
        .add<attr::alternate_domain>(std::string_view("a.b"))
        .add<attr::password>(bytes_view(five.data(), 5))
        .add<attr::padding>(bytes_view(five.data(), 2))
        .add_raw(0x8030, bytes_view(five.data(), 1));
    const mutable_bytes extra = b.append(0x8031, 3);
    REQUIRE(extra.size() == 3);
    extra[0] = extra[1] = extra[2] = 0x77;
    const auto built = b.finish();
    REQUIRE(built.has_value());
    const auto m = parse(*built);
    REQUIRE(m.has_value());

    std::size_t padding_bytes = 0;
    std::size_t attributes = 0;
    for (const attribute a : m->all_attributes()) {
        ++attributes;
        const std::size_t end = a.offset + 4 + a.value.size();
        const std::size_t padded_end = a.offset + 4 + ((a.value.size() + 3) / 4) * 4;
        for (std::size_t i = end; i < padded_end; ++i) {
            CAPTURE(a.type, i);
            CHECK((*built)[i] == 0);
            ++padding_bytes;
        }
    }
    CHECK(attributes == 17);
    // USERNAME 3, REALM 2, NONCE 1, SOFTWARE 3, DATA 1, EVEN-PORT 3, UNKNOWN-ATTRIBUTES 2,
    // PASSWORD-ALGORITHMS 0, PASSWORD-ALGORITHM 0, ERROR-CODE 0 and 1, ADDRESS-ERROR-CODE 3,
    // ALTERNATE-DOMAIN 1, PASSWORD 3, PADDING 2, add_raw 3, append 1.
    CHECK(padding_bytes == 3 + 2 + 1 + 3 + 1 + 3 + 2 + 0 + 0 + 0 + 1 + 3 + 1 + 3 + 2 + 3 + 1);
    // PASSWORD-ALGORITHM(S) parameters are padded inside the value too (RFC 8489 §14.11).
    CHECK(hex(m->find(attr::password_algorithm::type).value().value) ==
          hex(wire("0009 0005 0102030405 000000")));
}

namespace {
template <class... Tags>
std::vector<std::uint16_t> builtin_types(type_list<Tags...>) {
    return {Tags::type...};
}
}  // namespace

TEST_CASE("every built-in attribute tag encodes and decodes in one message", "[attributes][all]") {
    const byte_vector b32(32, 0x32);
    const byte_vector b8 = wire("0102030405060708");
    const std::array<std::uint16_t, 2> unknown = {0x0030, 0x7FFF};
    const std::array<attr::password_algorithm_value, 2> algorithms = {{{0x0001, {}}, {0x0002, {}}}};

    std::vector<std::uint8_t> buffer(2048);
    message_builder b(mutable_bytes(buffer.data(), buffer.size()),
                      {method::allocate, message_class::success_response}, rfc_id);
    b.add<attr::mapped_address>(v4_rfc5769)
        .add<attr::response_address>(v6_doc)
        .add<attr::change_request>(attr::change_request_value{true, false})
        .add<attr::source_address>(v4_rfc5769)
        .add<attr::changed_address>(v4_rfc5769)
        .add<attr::username>(std::string_view("user"))
        .add<attr::password>(bytes_view(b8.data(), 8))
        .add<attr::error_code>(attr::error_code_value{437, "Allocation Mismatch"})
        .add<attr::unknown_attributes>(unknown)
        .add<attr::reflected_from>(v4_rfc5769)
        .add<turn::channel_number>(std::uint16_t{0x4001})
        .add<turn::lifetime>(std::uint32_t{3600})
        .add<turn::xor_peer_address>(v6_rfc5769)
        .add<turn::data>(bytes_view(b8.data(), 3))
        .add<attr::realm>(std::string_view("example.org"))
        .add<attr::nonce>(std::string_view("nonce"))
        .add<turn::xor_relayed_address>(v4_rfc5769)
        .add<turn::requested_address_family>(address_family::ipv4)
        .add<turn::even_port>(true)
        .add<turn::requested_transport>(turn::protocol::udp)
        .add<turn::dont_fragment>()
        .add<attr::password_algorithm>(algorithms[1])
        .add<attr::userhash>(bytes_view(b32.data(), 32))
        .add<attr::xor_mapped_address>(v6_rfc5769)
        .add<turn::reservation_token>(bytes_view(b8.data(), 8))
        .add<attr::priority>(std::uint32_t{0x6e0001ff})
        .add<attr::use_candidate>()
        .add<attr::padding>(bytes_view(b8.data(), 8))
        .add<attr::response_port>(std::uint16_t{3478})
        .add<turn::connection_id>(std::uint32_t{42})
        .add<turn::additional_address_family>(address_family::ipv6)
        .add<turn::address_error_code>(
            turn::address_error_code_value{address_family::ipv6, 440, "nope"})
        .add<attr::password_algorithms>(algorithms)
        .add<attr::alternate_domain>(std::string_view("alt.example.org"))
        .add<turn::icmp>(turn::icmp_value{3, 4, 1400})
        .add<attr::software>(std::string_view("stunkit"))
        .add<attr::alternate_server>(v4_rfc5769)
        .add<attr::ice_controlled>(std::uint64_t{1})
        .add<attr::ice_controlling>(std::uint64_t{2})
        .add<attr::response_origin>(v4_rfc5769)
        .add<attr::other_address>(v6_doc)
        .add<attr::message_integrity>(bytes_view(b32.data(), 20))
        .add<attr::message_integrity_sha256>(bytes_view(b32.data(), 32))
        .add<attr::fingerprint>(std::uint32_t{0xdeadbeef});
    const auto built = b.finish();
    REQUIRE(error_of(built) == "ok");
    const auto m = parse(*built);
    REQUIRE(error_of(m) == "ok");

    std::vector<std::uint16_t> seen_types;
    for (const attribute a : m->attributes()) {
        seen_types.push_back(a.type);
        const bool known = visit_attribute_tag(a.type, [&](auto tag) {
            using Tag = decltype(tag);
            CAPTURE(Tag::name);
            CHECK(error_of(m->get<Tag>()) == "ok");
        });
        CHECK(known);
    }
    std::vector<std::uint16_t> all = builtin_types(builtin_attributes{});
    std::sort(seen_types.begin(), seen_types.end());
    std::sort(all.begin(), all.end());
    CHECK(seen_types == all);
    CHECK(*m->get<turn::channel_number>() == 0x4001);
    CHECK(*m->get<turn::xor_peer_address>() == v6_rfc5769);
    CHECK(m->get<attr::error_code>()->code == 437);
    CHECK(m->get<turn::address_error_code>()->reason == "nope");
}

// =============================================================================================
// Registry (registry.hpp)
// =============================================================================================

namespace {
template <class... Tags>
constexpr bool strictly_ascending(type_list<Tags...>) {
    constexpr std::array<std::uint16_t, sizeof...(Tags)> types = {Tags::type...};
    for (std::size_t i = 1; i < types.size(); ++i) {
        if (types[i - 1] >= types[i]) return false;
    }
    return true;
}
template <class... Tags>
constexpr std::size_t count(type_list<Tags...>) {
    return sizeof...(Tags);
}
template <class... Tags>
bool names_match(type_list<Tags...>) {
    return ((attribute_name(Tags::type) == Tags::name && is_known_attribute(Tags::type)) && ...);
}
}  // namespace

TEST_CASE("registry lists every built-in tag once, in code point order", "[attributes][registry]") {
    STATIC_REQUIRE(count(builtin_attributes{}) == 44);
    STATIC_REQUIRE(strictly_ascending(builtin_attributes{}));
    CHECK(names_match(builtin_attributes{}));
    STATIC_REQUIRE(is_known_attribute(0x0020));
    STATIC_REQUIRE(attribute_name(0x8028) == "FINGERPRINT");
}

TEST_CASE("attribute_name gives the IANA STUN attribute names", "[attributes][registry]") {
    // IANA "STUN Attributes" registry, typed in independently of the headers.
    const std::array<std::pair<std::uint16_t, std::string_view>, 44> iana = {{
        {0x0001, "MAPPED-ADDRESS"},
        {0x0002, "RESPONSE-ADDRESS"},
        {0x0003, "CHANGE-REQUEST"},
        {0x0004, "SOURCE-ADDRESS"},
        {0x0005, "CHANGED-ADDRESS"},
        {0x0006, "USERNAME"},
        {0x0007, "PASSWORD"},
        {0x0008, "MESSAGE-INTEGRITY"},
        {0x0009, "ERROR-CODE"},
        {0x000A, "UNKNOWN-ATTRIBUTES"},
        {0x000B, "REFLECTED-FROM"},
        {0x000C, "CHANNEL-NUMBER"},
        {0x000D, "LIFETIME"},
        {0x0012, "XOR-PEER-ADDRESS"},
        {0x0013, "DATA"},
        {0x0014, "REALM"},
        {0x0015, "NONCE"},
        {0x0016, "XOR-RELAYED-ADDRESS"},
        {0x0017, "REQUESTED-ADDRESS-FAMILY"},
        {0x0018, "EVEN-PORT"},
        {0x0019, "REQUESTED-TRANSPORT"},
        {0x001A, "DONT-FRAGMENT"},
        {0x001C, "MESSAGE-INTEGRITY-SHA256"},
        {0x001D, "PASSWORD-ALGORITHM"},
        {0x001E, "USERHASH"},
        {0x0020, "XOR-MAPPED-ADDRESS"},
        {0x0022, "RESERVATION-TOKEN"},
        {0x0024, "PRIORITY"},
        {0x0025, "USE-CANDIDATE"},
        {0x0026, "PADDING"},
        {0x0027, "RESPONSE-PORT"},
        {0x002A, "CONNECTION-ID"},
        {0x8000, "ADDITIONAL-ADDRESS-FAMILY"},
        {0x8001, "ADDRESS-ERROR-CODE"},
        {0x8002, "PASSWORD-ALGORITHMS"},
        {0x8003, "ALTERNATE-DOMAIN"},
        {0x8004, "ICMP"},
        {0x8022, "SOFTWARE"},
        {0x8023, "ALTERNATE-SERVER"},
        {0x8028, "FINGERPRINT"},
        {0x8029, "ICE-CONTROLLED"},
        {0x802A, "ICE-CONTROLLING"},
        {0x802B, "RESPONSE-ORIGIN"},
        {0x802C, "OTHER-ADDRESS"},
    }};
    for (const auto& [type, name] : iana) {
        CAPTURE(type);
        CHECK(attribute_name(type) == name);
        CHECK(is_known_attribute(type));
    }
    for (const std::uint16_t type : std::initializer_list<std::uint16_t>{
             0x0000, 0x000E, 0x0010, 0x0011, 0x0030, 0x7FFF, 0x8021, 0xC057, 0xFFFF}) {
        CAPTURE(type);
        CHECK(attribute_name(type).empty());
        CHECK_FALSE(is_known_attribute(type));
        CHECK_FALSE(visit_attribute_tag(type, [](auto) {}));
    }
}

TEST_CASE("method_name, class_name and default_reason", "[attributes][registry]") {
    CHECK(method_name(method::binding) == "Binding");
    CHECK(method_name(method::allocate) == "Allocate");
    CHECK(method_name(method::refresh) == "Refresh");
    CHECK(method_name(method::send) == "Send");
    CHECK(method_name(method::data) == "Data");
    CHECK(method_name(method::create_permission) == "CreatePermission");
    CHECK(method_name(method::channel_bind) == "ChannelBind");
    CHECK(method_name(method::connect) == "Connect");
    CHECK(method_name(method::connection_bind) == "ConnectionBind");
    CHECK(method_name(method::connection_attempt) == "ConnectionAttempt");
    CHECK(method_name(static_cast<method>(0x002)).empty());  // RFC 3489 SharedSecret, retired
    CHECK(method_name(static_cast<method>(0xFFF)).empty());

    CHECK(class_name(message_class::request) == "request");
    CHECK(class_name(message_class::indication) == "indication");
    CHECK(class_name(message_class::success_response) == "success");
    CHECK(class_name(message_class::error_response) == "error");

    // RFC 8489 §14.8, RFC 8656 §19, RFC 6062 §6.3, RFC 8445 §7.3.1.1, RFC 8016.
    const std::array<std::pair<std::uint16_t, std::string_view>, 18> reasons = {{
        {300, "Try Alternate"},
        {400, "Bad Request"},
        {401, "Unauthenticated"},
        {403, "Forbidden"},
        {405, "Mobility Forbidden"},
        {420, "Unknown Attribute"},
        {437, "Allocation Mismatch"},
        {438, "Stale Nonce"},
        {440, "Address Family not Supported"},
        {441, "Wrong Credentials"},
        {442, "Unsupported Transport Protocol"},
        {443, "Peer Address Family Mismatch"},
        {446, "Connection Already Exists"},
        {447, "Connection Timeout or Failure"},
        {486, "Allocation Quota Reached"},
        {487, "Role Conflict"},
        {500, "Server Error"},
        {508, "Insufficient Capacity"},
    }};
    for (const auto& [code, reason] : reasons) {
        CAPTURE(code);
        CHECK(default_reason(code) == reason);
        // Every registered code and reason fits ERROR-CODE.
        CHECK(encode_error<attr::error_code>(attr::error_code_value{code, default_reason(code)}) ==
              "ok");
    }
    for (const std::uint16_t code :
         std::initializer_list<std::uint16_t>{0, 299, 402, 499, 600, 699})
        CHECK(default_reason(code).empty());
}

// =============================================================================================
// Codec contract edges
// =============================================================================================

// A family other than IPv4 or IPv6 cannot be expressed: encoded_size refuses it, so the
// builder fails stickily instead of writing a byte its own decoder would reject.
TEST_CASE("address-family codecs refuse to encode an unknown family",
          "[attributes][turn][errors]") {
    const auto bogus = static_cast<address_family>(3);
    CHECK(encode_error<turn::requested_address_family>(bogus) != "ok");
    CHECK(encode_error<turn::additional_address_family>(bogus) != "ok");
    CHECK(encode_error<turn::address_error_code>(turn::address_error_code_value{bogus, 440, ""}) !=
          "ok");
}

// "A value that decodes re-encodes to the same bytes" (attributes.hpp): the padding inside a
// PASSWORD-ALGORITHM(S) entry must therefore be zero, or the value does not decode.
TEST_CASE("PASSWORD-ALGORITHM re-encodes what it decodes byte for byte",
          "[attributes][password_algorithm]") {
    const byte_vector dirty = wire("001d 0008 0001 0001 aaffffff");
    CHECK(one_message(dirty).get<attr::password_algorithm>().error() == errc::reserved_bits_set);
    const byte_vector dirty_list = wire("8002 0008 0001 0001 aaffffff");
    CHECK(one_message(dirty_list).get<attr::password_algorithms>().error() == errc::reserved_bits_set);

    const byte_vector received = wire("001d 0008 0001 0001 aa000000");
    const one_message m(received);
    const auto decoded = m.get<attr::password_algorithm>();
    REQUIRE(decoded);
    const auto again = encode_one<attr::password_algorithm>(*decoded);
    REQUIRE(again.has_value());
    CHECK(hex(*again) == hex(received));
    const byte_vector list = wire("8002 0008 0001 0001 aa000000");
    const one_message l(list);
    const auto algorithms = l.get<attr::password_algorithms>();
    REQUIRE(algorithms.has_value());
    CHECK(hex(*encode_one<attr::password_algorithms>(*algorithms)) == hex(list));
}
