// Tests for builder.hpp: message_builder and static_message write headers, keep the length
// current, fail stickily, and reproduce the RFC 5769 vectors byte for byte.
#include <stunkit/builder.hpp>

#include <stunkit/attributes.hpp>
#include <stunkit/message.hpp>
#include <stunkit/turn/attributes.hpp>

#include <catch2/catch.hpp>

#include <type_traits>

#include "vectors.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace stunkit;
using byte_vector = std::vector<std::uint8_t>;

constexpr transaction_id rfc_id = {
    {0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae}};
constexpr transaction_id rfc_long_term_id = {
    {0x78, 0xad, 0x34, 0x33, 0xc6, 0xad, 0x72, 0xc0, 0x29, 0xda, 0x41, 0x2e}};
constexpr message_type binding_request{method::binding, message_class::request};
constexpr message_type binding_success{method::binding, message_class::success_response};

template <class T>
std::string_view error_of(const result<T>& r) {
    return r.has_value() ? std::string_view("ok") : to_string(r.error());
}

std::string hex(bytes_view b) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i != 0) out += (i % 4 == 0) ? " | " : " ";
        out += digits[b[i] >> 4U];
        out += digits[b[i] & 0xFU];
    }
    return out;
}
std::string hex(const byte_vector& b) { return hex(bytes_view(b.data(), b.size())); }

std::uint16_t length_field(bytes_view message) {
    return static_cast<std::uint16_t>((message[2] << 8) | message[3]);
}

bytes_view slice(const byte_vector& v, std::size_t offset, std::size_t size) {
    return bytes_view(v.data() + offset, size);
}

}  // namespace

TEST_CASE("the builder writes the RFC 8489 §5 header", "[builder][header]") {
    std::array<std::uint8_t, 64> buffer;
    buffer.fill(0xAA);
    message_builder b(buffer, binding_request, rfc_id);
    REQUIRE(b.ok());
    CHECK(b.size() == 20);
    const auto done = b.finish();
    REQUIRE(done.has_value());
    CHECK(done->data() == buffer.data());
    CHECK(hex(*done) == "00 01 00 00 | 21 12 a4 42 | b7 e7 a7 01 | bc 34 d6 86 | fa 87 df ae");
    CHECK(b.header().type() == binding_request);
    CHECK(b.header().transaction_id() == rfc_id);
    CHECK(b.written().size() == 20);
    CHECK(buffer[20] == 0xAA);  // nothing past the message is touched

    const auto m = parse(*done);
    REQUIRE(m.has_value());
    CHECK(m->attributes().empty());
    CHECK(m->transaction_id() == rfc_id);
}

TEST_CASE("every method and class lands in the header's type field", "[builder][header]") {
    std::array<std::uint8_t, 20> buffer{};
    const std::array<std::pair<message_type, std::uint16_t>, 6> cases = {{
        {{method::binding, message_class::indication}, 0x0011},
        {{method::binding, message_class::error_response}, 0x0111},
        {{method::allocate, message_class::request}, 0x0003},
        {{method::send, message_class::indication}, 0x0016},
        {{method::channel_bind, message_class::success_response}, 0x0109},
        {{static_cast<method>(0xFFF), message_class::error_response}, 0x3FFF},
    }};
    for (const auto& [type, wire] : cases) {
        CAPTURE(wire);
        message_builder b(buffer, type, rfc_id);
        CHECK(b.ok());
        CHECK(((buffer[0] << 8) | buffer[1]) == wire);
    }
}

TEST_CASE("the length field is current after every add", "[builder][length]") {
    std::array<std::uint8_t, 256> buffer{};
    message_builder b(buffer, binding_request, rfc_id);
    const auto step = [&](std::size_t expected_length) {
        REQUIRE(b.ok());
        CHECK(b.size() == 20 + expected_length);
        CHECK(length_field(b.written()) == expected_length);
        // The bytes written so far are always a whole, parseable message.
        CHECK(parse(b.written()).has_value());
    };
    step(0);
    b.add<attr::priority>(std::uint32_t{1});
    step(8);
    b.add<attr::software>(std::string_view("abc"));  // 3 bytes, padded to 4
    step(16);
    b.add<attr::use_candidate>();
    step(20);
    b.add<attr::ice_controlling>(std::uint64_t{5});
    step(32);
    b.add<attr::username>(std::string_view("12345"));  // 5 bytes, padded to 8
    step(44);
    b.add_raw(0x8030, bytes_view());
    step(48);
    static_cast<void>(b.append(0x8031, 9));
    step(64);
}

TEST_CASE("a buffer smaller than a header fails at construction", "[builder][no_space]") {
    std::array<std::uint8_t, 19> buffer;
    buffer.fill(0xAA);
    message_builder b(buffer, binding_request, rfc_id);
    CHECK_FALSE(b.ok());
    CHECK(b.error() == errc::no_space);
    CHECK(b.size() == 0);
    CHECK(error_of(b.finish()) == to_string(errc::no_space));
    // Later adds are harmless no-ops.
    b.add<attr::priority>(std::uint32_t{1}).add_raw(0x8030, bytes_view());
    CHECK(b.append(0x8031, 0).empty());
    CHECK(b.size() == 0);
    CHECK(error_of(b.finish()) == to_string(errc::no_space));
    for (const std::uint8_t byte : buffer) CHECK(byte == 0xAA);

    message_builder none(mutable_bytes(), binding_request, rfc_id);
    CHECK(error_of(none.finish()) == to_string(errc::no_space));

    std::array<std::uint8_t, 20> exact{};
    message_builder fits(exact, binding_request, rfc_id);
    CHECK(error_of(fits.finish()) == "ok");
}

TEST_CASE("running out of space mid-way is sticky", "[builder][no_space]") {
    std::array<std::uint8_t, 40> buffer;
    buffer.fill(0xAA);
    message_builder b(mutable_bytes(buffer.data(), 32), binding_request, rfc_id);
    b.add<attr::priority>(std::uint32_t{7});  // 28 bytes
    REQUIRE(b.ok());
    b.add<attr::ice_controlled>(std::uint64_t{1});  // 12 more: does not fit in 32
    CHECK_FALSE(b.ok());
    CHECK(b.error() == errc::no_space);
    // A 4-byte attribute would fit in the 4 bytes left, but the failure is sticky.
    b.add<attr::use_candidate>();
    b.add_raw(0x8030, bytes_view());
    CHECK(b.append(0x8031, 0).empty());
    CHECK(b.size() == 28);
    CHECK(length_field(bytes_view(buffer.data(), 4)) == 8);
    for (std::size_t i = 28; i < buffer.size(); ++i) CHECK(buffer[i] == 0xAA);
    CHECK(error_of(b.finish()) == to_string(errc::no_space));
    // What was written before the failure is still a well-formed message.
    CHECK(parse(bytes_view(buffer.data(), 28)).has_value());
}

TEST_CASE("an attribute that exactly fills the buffer fits", "[builder][no_space]") {
    std::array<std::uint8_t, 28> buffer{};
    message_builder b(buffer, binding_request, rfc_id);
    b.add<attr::priority>(std::uint32_t{7});
    CHECK(error_of(b.finish()) == "ok");
    b.add<attr::use_candidate>();
    CHECK(error_of(b.finish()) == to_string(errc::no_space));
}

TEST_CASE("finish() reports the first error, whichever came first", "[builder][errors]") {
    std::array<std::uint8_t, 32> buffer{};
    SECTION("codec error, then no_space") {
        message_builder b(buffer, binding_request, rfc_id);
        b.add<turn::channel_number>(std::uint16_t{0x1000});
        b.add_raw(0x8030, bytes_view(buffer.data(), 30));
        CHECK(b.error() == errc::bad_channel_number);
        CHECK(error_of(b.finish()) == to_string(errc::bad_channel_number));
        CHECK(b.size() == 20);
    }
    SECTION("no_space, then a codec error") {
        message_builder b(buffer, binding_request, rfc_id);
        b.add_raw(0x8030, bytes_view(buffer.data(), 30));
        b.add<turn::channel_number>(std::uint16_t{0x1000});
        CHECK(error_of(b.finish()) == to_string(errc::no_space));
    }
    SECTION("a codec error is sticky too") {
        message_builder b(buffer, binding_request, rfc_id);
        b.add<attr::username>(std::string_view("\xC0\xAF"));
        CHECK(b.error() == errc::invalid_utf8);
        b.add<attr::software>(std::string_view("fine"));
        b.add<attr::error_code>(attr::error_code_value{200, "no"});
        CHECK(b.size() == 20);
        CHECK(length_field(b.written()) == 0);
        CHECK(error_of(b.finish()) == to_string(errc::invalid_utf8));
    }
}

TEST_CASE("values and messages past 65535 bytes are value_too_large",
          "[builder][value_too_large]") {
    byte_vector buffer(70000);
    const byte_vector big(70000, 0x42);
    SECTION("one value longer than a length field") {
        message_builder b(mutable_bytes(buffer.data(), buffer.size()), binding_request, rfc_id);
        b.add_raw(0x8030, bytes_view(big.data(), 65536));
        CHECK(error_of(b.finish()) == to_string(errc::value_too_large));
        CHECK(b.size() == 20);
    }
    SECTION("a 65535-byte value does not fit a message either once padded") {
        message_builder b(mutable_bytes(buffer.data(), buffer.size()), binding_request, rfc_id);
        b.add<turn::data>(bytes_view(big.data(), 65535));
        CHECK(error_of(b.finish()) == to_string(errc::value_too_large));
    }
    SECTION("the largest message body is 65532 bytes") {
        message_builder b(mutable_bytes(buffer.data(), buffer.size()), binding_request, rfc_id);
        b.add<turn::data>(bytes_view(big.data(), 65528));
        REQUIRE(b.ok());
        CHECK(length_field(b.written()) == 65532);
        CHECK(parse(b.written()).has_value());
        b.add<attr::use_candidate>();
        CHECK(error_of(b.finish()) == to_string(errc::value_too_large));
        CHECK(b.size() == 65552);
    }
    SECTION("two values that fit alone overflow the message") {
        message_builder b(mutable_bytes(buffer.data(), buffer.size()), binding_request, rfc_id);
        b.add_raw(0x8030, bytes_view(big.data(), 40000));
        REQUIRE(b.ok());
        b.add_raw(0x8031, bytes_view(big.data(), 40000));
        CHECK(error_of(b.finish()) == to_string(errc::value_too_large));
        CHECK(b.size() == 40024);
    }
    SECTION("value_too_large is reported before no_space") {
        std::array<std::uint8_t, 32> small{};
        message_builder b(small, binding_request, rfc_id);
        CHECK(b.append(0x8030, 70000).empty());
        CHECK(error_of(b.finish()) == to_string(errc::value_too_large));
    }
}

TEST_CASE("add_raw copies any type and value with zero padding", "[builder][raw]") {
    std::array<std::uint8_t, 64> buffer;
    buffer.fill(0xAA);
    message_builder b(buffer, binding_request, rfc_id);
    const std::array<std::uint8_t, 5> value = {1, 2, 3, 4, 5};
    b.add_raw(0x0030, value)
        .add_raw(0xC057, bytes_view(value.data(), 2))
        .add_raw(0x8030, bytes_view());
    const auto done = b.finish();
    REQUIRE(done.has_value());
    CHECK(hex(done->subspan(20)) ==
          "00 30 00 05 | 01 02 03 04 | 05 00 00 00 | c0 57 00 02 | 01 02 00 00 | 80 30 00 00");
    const auto m = parse(*done);
    REQUIRE(m.has_value());
    CHECK(m->all_of(0x0030).count() == 1);
    CHECK(m->find(0xC057)->value.size() == 2);
}

TEST_CASE("append() reserves a value for the caller to fill", "[builder][append]") {
    std::array<std::uint8_t, 64> buffer;
    buffer.fill(0xAA);
    message_builder b(buffer, binding_request, rfc_id);
    const mutable_bytes value = b.append(attr::priority::type, 4);
    REQUIRE(value.size() == 4);
    CHECK(value.data() == buffer.data() + 24);
    value[0] = 0x6e;
    value[1] = 0x00;
    value[2] = 0x01;
    value[3] = 0xff;
    const mutable_bytes odd = b.append(attr::username::type, 3);
    REQUIRE(odd.size() == 3);
    odd[0] = 'a';
    odd[1] = 'b';
    odd[2] = 'c';
    CHECK(buffer[35] == 0);  // padding was zeroed by append()
    const mutable_bytes empty = b.append(attr::use_candidate::type, 0);
    CHECK(empty.empty());
    CHECK(b.ok());
    const auto m = parse(*b.finish());
    REQUIRE(m.has_value());
    CHECK(*m->get<attr::priority>() == 0x6e0001ffU);
    CHECK(*m->get<attr::username>() == "abc");
    CHECK(m->has<attr::use_candidate>());
    CHECK(length_field(b.written()) == 20);
}

TEST_CASE("the legacy builder writes a 128-bit RFC 3489 transaction id", "[builder][legacy]") {
    const legacy_transaction_id id = {{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
                                       0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10}};
    std::array<std::uint8_t, 64> buffer{};
    message_builder b(buffer, binding_request, id);
    b.add<attr::change_request>(attr::change_request_value{true, true});
    const auto done = b.finish();
    REQUIRE(done.has_value());
    // RFC 3489 §11.1: type, length, then 16 bytes of transaction id, no magic cookie.
    CHECK(hex(*done) ==
          "00 01 00 08 | 01 02 03 04 | 05 06 07 08 | 09 0a 0b 0c | 0d 0e 0f 10 | "
          "00 03 00 04 | 00 00 00 06");
    CHECK(error_of(parse(*done)) == to_string(errc::bad_magic_cookie));
    parse_options legacy;
    legacy.allow_legacy = true;
    const auto m = parse(*done, legacy);
    REQUIRE(m.has_value());
    CHECK(m->legacy());
    CHECK(m->legacy_transaction_id() == id);
    CHECK(m->get<attr::change_request>()->change_ip);

    static_message<64> s(binding_request, id);
    CHECK(hex(*s.finish()) ==
          "00 01 00 00 | 01 02 03 04 | 05 06 07 08 | 09 0a 0b 0c | 0d 0e 0f 10");
}

TEST_CASE("static_message brings its own buffer", "[builder][static_message]") {
    static_message<> m(binding_success, rfc_id);
    STATIC_REQUIRE(sizeof(static_message<>) >= 548);
    m.add<attr::xor_mapped_address>(transport_address{ip_address::v4(192, 0, 2, 1), 32853});
    const auto done = m.finish();
    REQUIRE(done.has_value());
    CHECK(hex(*done) ==
          "01 01 00 0c | 21 12 a4 42 | b7 e7 a7 01 | bc 34 d6 86 | fa 87 df ae | "
          "00 20 00 08 | 00 01 a1 47 | e1 12 a6 43");
    // The view points into the object itself.
    CHECK(static_cast<const void*>(done->data()) >= static_cast<const void*>(&m));
    CHECK(static_cast<const void*>(done->data()) < static_cast<const void*>(&m + 1));

    static_message<20> tiny(binding_request, rfc_id);
    CHECK(tiny.ok());
    tiny.add<attr::use_candidate>();
    CHECK(error_of(tiny.finish()) == to_string(errc::no_space));

    static_message<24> fits(binding_request, rfc_id);
    fits.add<attr::use_candidate>();
    CHECK(error_of(fits.finish()) == "ok");
}

// -------------------------------------------------------------------------------------------
// Reproducing the RFC 5769 vectors
// -------------------------------------------------------------------------------------------
//
// RFC 5769 pads SOFTWARE and USERNAME with spaces (0x20); RFC 8489 §14 has senders pad with
// zeros, which is what the builder writes. The tests below first check that the builder's
// output differs from the vector in exactly those padding bytes, then overwrite them with the
// RFC's spaces through written() and require the whole message to match byte for byte.

namespace {
// The positions where built and vector differ.
std::vector<std::size_t> differences(bytes_view built, const byte_vector& vector) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < built.size() && i < vector.size(); ++i) {
        if (built[i] != vector[i]) out.push_back(i);
    }
    return out;
}
}  // namespace

TEST_CASE("building RFC 5769 §2.2 reproduces the IPv4 response", "[builder][rfc5769]") {
    const byte_vector vector = test_vectors::rfc5769_ipv4_response();
    REQUIRE(vector.size() == 80);
    static_message<128> m(binding_success, rfc_id);
    m.add<attr::software>(std::string_view("test vector"));
    m.add<attr::xor_mapped_address>(transport_address{ip_address::v4(192, 0, 2, 1), 32853});
    REQUIRE(m.ok());

    // Up to (not including) MESSAGE-INTEGRITY at offset 48.
    REQUIRE(m.size() == 48);
    CHECK(length_field(m.written()) == 28);
    CHECK(differences(m.written(), vector) ==
          std::vector<std::size_t>{3, 35});  // length; SOFTWARE padding
    CHECK(m.written()[35] == 0x00);
    CHECK(vector[35] == 0x20);

    m.add_raw(attr::message_integrity::type, slice(vector, 52, 20));
    CHECK(length_field(m.written()) == 52);
    m.add_raw(attr::fingerprint::type, slice(vector, 76, 4));
    const auto done = m.finish();
    REQUIRE(done.has_value());
    REQUIRE(done->size() == vector.size());
    CHECK(differences(*done, vector) == std::vector<std::size_t>{35});

    m.written()[35] = 0x20;  // the RFC's padding
    CHECK(hex(*m.finish()) == hex(vector));
}

TEST_CASE("building RFC 5769 §2.3 reproduces the IPv6 response", "[builder][rfc5769]") {
    const byte_vector vector = test_vectors::rfc5769_ipv6_response();
    REQUIRE(vector.size() == 92);
    byte_vector buffer(92);
    message_builder m(mutable_bytes(buffer.data(), buffer.size()), binding_success, rfc_id);
    m.add<attr::software>(std::string_view("test vector"));
    m.add<attr::xor_mapped_address>(
        transport_address{ip_address::v6({0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56, 0x78, 0x00,
                                          0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77}),
                          32853});
    REQUIRE(m.size() == 60);  // MESSAGE-INTEGRITY follows at offset 60
    CHECK(length_field(m.written()) == 40);
    CHECK(differences(m.written(), vector) == std::vector<std::size_t>{3, 35});
    m.add_raw(attr::message_integrity::type, slice(vector, 64, 20));
    m.add_raw(attr::fingerprint::type, slice(vector, 88, 4));
    const auto done = m.finish();  // exactly fills the 92-byte buffer
    REQUIRE(done.has_value());
    CHECK(differences(*done, vector) == std::vector<std::size_t>{35});
    m.written()[35] = 0x20;
    CHECK(hex(*m.finish()) == hex(vector));
}

TEST_CASE("building RFC 5769 §2.1 reproduces the sample request", "[builder][rfc5769]") {
    const byte_vector vector = test_vectors::rfc5769_request();
    REQUIRE(vector.size() == 108);
    static_message<128> m(binding_request, rfc_id);
    m.add<attr::software>(std::string_view("STUN test client"))
        .add<attr::priority>(std::uint32_t{0x6e0001ff})
        .add<attr::ice_controlled>(std::uint64_t{0x932ff9b151263b36})
        .add<attr::username>(std::string_view("evtj:h6vY"));
    REQUIRE(m.size() == 76);  // MESSAGE-INTEGRITY follows at offset 76
    CHECK(differences(m.written(), vector) ==
          std::vector<std::size_t>{3, 73, 74, 75});  // USERNAME padding

    SECTION("with add_raw") {
        m.add_raw(attr::message_integrity::type, slice(vector, 80, 20));
        m.add_raw(attr::fingerprint::type, slice(vector, 104, 4));
    }
    SECTION("with the typed tags") {
        m.add<attr::message_integrity>(slice(vector, 80, 20));
        m.add<attr::fingerprint>(std::uint32_t{0xe57a3bcf});
    }
    const auto done = m.finish();
    REQUIRE(done.has_value());
    CHECK(differences(*done, vector) == std::vector<std::size_t>{73, 74, 75});
    m.written()[73] = m.written()[74] = m.written()[75] = 0x20;
    CHECK(hex(*m.finish()) == hex(vector));
}

TEST_CASE("building RFC 5769 §2.4 reproduces the long-term request exactly", "[builder][rfc5769]") {
    // This vector pads with zeros, so no patching is needed.
    const byte_vector vector = test_vectors::rfc5769_long_term_request();
    REQUIRE(vector.size() == 116);
    static_message<116> m(binding_request, rfc_long_term_id);
    m
        .add<attr::username>(std::string_view(
            "\xe3\x83\x9e\xe3\x83\x88\xe3\x83\xaa\xe3\x83\x83\xe3\x82\xaf\xe3\x82\xb9"))
        .add<attr::nonce>(std::string_view("f//499k954d6OL34oL9FSTvy64sA"))
        .add<attr::realm>(std::string_view("example.org"));
    REQUIRE(m.size() == 92);
    CHECK(differences(m.written(), vector) ==
          std::vector<std::size_t>{3});  // only the length so far
    m.add_raw(attr::message_integrity::type, slice(vector, 96, 20));
    const auto done = m.finish();
    REQUIRE(done.has_value());
    CHECK(hex(*done) == hex(vector));
}

TEST_CASE("nothing but the closing attributes may follow a MAC, and nothing FINGERPRINT",
          "[builder][integrity]") {
    const std::array<std::uint8_t, 20> mac{};
    {
        static_message<128> m({method::binding, message_class::request}, transaction_id{});
        m.add<attr::message_integrity>(bytes_view(mac)).add<attr::software>("late");
        REQUIRE_FALSE(m.ok());
        CHECK(m.error() == errc::invalid_argument);
    }
    {
        static_message<128> m({method::binding, message_class::request}, transaction_id{});
        m.add<attr::message_integrity>(bytes_view(mac))
            .add<attr::message_integrity_sha256>(bytes_view(mac.data(), 16))
            .add<attr::fingerprint>(0U);
        CHECK(m.ok());
        m.add<attr::fingerprint>(0U);
        REQUIRE_FALSE(m.ok());
        CHECK(m.error() == errc::invalid_argument);
    }
    {
        static_message<128> m({method::binding, message_class::request}, transaction_id{});
        m.add<attr::message_integrity_sha256>(bytes_view(mac.data(), 16)).add<attr::message_integrity>(bytes_view(mac));
        CHECK(m.error() == errc::invalid_argument);  // MI may not follow MI-SHA256
    }
    {
        // add_raw is the escape hatch for crafting messages: it may put anything anywhere.
        static_message<128> m({method::binding, message_class::request}, transaction_id{});
        m.add<attr::fingerprint>(0U).add_raw(attr::software::type, bytes_view(mac.data(), 4));
        CHECK(m.ok());
    }
}

TEST_CASE("a static_message's builder cannot be sliced off it", "[builder][lifetime]") {
    STATIC_REQUIRE_FALSE(std::is_constructible_v<message_builder, static_message<64>&>);
    STATIC_REQUIRE_FALSE(std::is_constructible_v<message_builder, static_message<64>&&>);
    STATIC_REQUIRE(std::is_constructible_v<message_builder, message_builder&>);
}

TEST_CASE("dereferencing a temporary result copies the value out", "[builder][lifetime]") {
    static_message<64> m({method::binding, message_class::request}, transaction_id{});
    const auto bytes = m.finish();
    REQUIRE(bytes);
    const message_view& view = *parse(*bytes);  // binds to a living copy, not a dead member
    CHECK(view.size() == 20);
    CHECK(view.method() == method::binding);
}
