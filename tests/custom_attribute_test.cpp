// User-defined attributes are defined exactly like the built-in ones (attributes.hpp): an
// empty tag naming a type code and a codec, used through message_builder::add<Tag>() and
// message_view::get<Tag>() with no registration and no change to stunkit.
#include <stunkit/attributes.hpp>

#include <stunkit/builder.hpp>
#include <stunkit/message.hpp>
#include <stunkit/registry.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

// A named namespace of this file's own, so the tags stay distinct in the combined test binary.
namespace custom_attribute_test {

/** The value of a GOOG-NETWORK-INFO-like attribute: two 16-bit fields. */
struct network_info_value {
    std::uint16_t network_id = 0;
    std::uint16_t network_cost = 0;
    friend bool operator==(network_info_value a, network_info_value b) {
        return a.network_id == b.network_id && a.network_cost == b.network_cost;
    }
};

/**
 * A comprehension-optional attribute (0xC057, as WebRTC's GOOG-NETWORK-INFO) with its own
 * codec: exactly four bytes, network id then network cost, big-endian. encoded_size returns a
 * result so that values the attribute cannot carry (a cost above 999) are refused.
 */
struct network_info {
    static constexpr std::uint16_t type = 0xC057;
    static constexpr std::string_view name = "GOOG-NETWORK-INFO";
    using value_type = network_info_value;
    static constexpr std::uint16_t max_cost = 999;

    static stunkit::result<value_type> decode(stunkit::bytes_view value) noexcept {
        if (value.size() != 4) return stunkit::errc::bad_attribute_length;
        return value_type{static_cast<std::uint16_t>((value[0] << 8) | value[1]),
                          static_cast<std::uint16_t>((value[2] << 8) | value[3])};
    }
    static stunkit::result<std::size_t> encoded_size(const value_type& v) noexcept {
        if (v.network_cost > max_cost) return stunkit::errc::invalid_argument;
        return std::size_t{4};
    }
    static void encode(stunkit::mutable_bytes out, const value_type& v) noexcept {
        out[0] = static_cast<std::uint8_t>(v.network_id >> 8);
        out[1] = static_cast<std::uint8_t>(v.network_id);
        out[2] = static_cast<std::uint8_t>(v.network_cost >> 8);
        out[3] = static_cast<std::uint8_t>(v.network_cost);
    }
};

/** An attribute that reuses a built-in codec: an empty struct inheriting it. */
struct hop_count : stunkit::attr::u32_codec {
    static constexpr std::uint16_t type = 0xC0DE;
    static constexpr std::string_view name = "EXAMPLE-HOP-COUNT";
};

/** One that inherits the header-dependent XOR address codec. */
struct xor_backup_address : stunkit::attr::xor_address_codec {
    static constexpr std::uint16_t type = 0xC0DF;
    static constexpr std::string_view name = "EXAMPLE-XOR-BACKUP-ADDRESS";
};

/** One that inherits a text codec with its own limits. */
struct display_name : stunkit::attr::text_codec<16, 16> {
    static constexpr std::uint16_t type = 0xC0E0;
    static constexpr std::string_view name = "EXAMPLE-DISPLAY-NAME";
};

/**
 * A comprehension-required flag (0x0000-0x7FFF): an agent that does not know it must refuse
 * the request with 420 (RFC 8489 §6.3.1).
 */
struct must_understand : stunkit::attr::flag_codec {
    static constexpr std::uint16_t type = 0x7F01;
    static constexpr std::string_view name = "EXAMPLE-MUST-UNDERSTAND";
};

/**
 * A codec of its own whose value depends on the header, like XOR-MAPPED-ADDRESS: a 32-bit
 * token XORed with the first four bytes of the transaction id.
 */
struct masked_token {
    static constexpr std::uint16_t type = 0xC0E1;
    static constexpr std::string_view name = "EXAMPLE-MASKED-TOKEN";
    using value_type = std::uint32_t;

    static std::uint32_t mask(const stunkit::message_header& h) noexcept {
        const std::uint8_t* id = h.data() + 8;
        return (std::uint32_t{id[0]} << 24) | (std::uint32_t{id[1]} << 16) |
               (std::uint32_t{id[2]} << 8) | std::uint32_t{id[3]};
    }
    static stunkit::result<std::uint32_t> decode(stunkit::bytes_view value,
                                                 const stunkit::message_header& h) noexcept {
        if (value.size() != 4) return stunkit::errc::bad_attribute_length;
        const std::uint32_t raw = (std::uint32_t{value[0]} << 24) |
                                  (std::uint32_t{value[1]} << 16) | (std::uint32_t{value[2]} << 8) |
                                  std::uint32_t{value[3]};
        return raw ^ mask(h);
    }
    static constexpr std::size_t encoded_size(std::uint32_t) noexcept { return 4; }
    static void encode(stunkit::mutable_bytes out, std::uint32_t v,
                       const stunkit::message_header& h) noexcept {
        const std::uint32_t raw = v ^ mask(h);
        out[0] = static_cast<std::uint8_t>(raw >> 24);
        out[1] = static_cast<std::uint8_t>(raw >> 16);
        out[2] = static_cast<std::uint8_t>(raw >> 8);
        out[3] = static_cast<std::uint8_t>(raw);
    }
};

}  // namespace custom_attribute_test

namespace custom = custom_attribute_test;

namespace {

using namespace stunkit;

constexpr transaction_id rfc_id = {
    {0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae}};

template <class T>
std::string_view error_of(const result<T>& r) {
    return r.has_value() ? std::string_view("ok") : to_string(r.error());
}

std::string hex(bytes_view b) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i != 0 && i % 4 == 0) out += ' ';
        out += digits[b[i] >> 4U];
        out += digits[b[i] & 0xFU];
    }
    return out;
}

// A Binding request with the given raw attribute bytes after the header.
std::vector<std::uint8_t> message_with(const std::vector<std::uint8_t>& attributes) {
    std::vector<std::uint8_t> m = {0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42};
    m.insert(m.end(), rfc_id.bytes.begin(), rfc_id.bytes.end());
    m.insert(m.end(), attributes.begin(), attributes.end());
    m[3] = static_cast<std::uint8_t>(attributes.size());
    return m;
}

}  // namespace

TEST_CASE("a custom codec is added with add<>() and read with get<>()", "[custom_attribute]") {
    static_message<128> b(message_type{method::binding, message_class::request}, rfc_id);
    b.add<attr::software>(std::string_view("app"))
        .add<custom::network_info>(custom::network_info_value{1, 10})
        .add<custom::hop_count>(std::uint32_t{3});
    const auto built = b.finish();
    REQUIRE(error_of(built) == "ok");
    CHECK(hex(built->subspan(20)) == "80220003 61707000 c0570004 0001000a c0de0004 00000003");

    const auto m = parse(*built);
    REQUIRE(m.has_value());
    const auto info = m->get<custom::network_info>();
    REQUIRE(info.has_value());
    CHECK(info->network_id == 1);
    CHECK(info->network_cost == 10);
    CHECK(*info == custom::network_info_value{1, 10});
    CHECK(*m->get<custom::hop_count>() == 3U);
    CHECK(m->has<custom::network_info>());
    CHECK_FALSE(m->has<custom::display_name>());
    CHECK(error_of(m->get<custom::display_name>()) == to_string(errc::not_found));
}

TEST_CASE("custom codecs report their own errors on both sides", "[custom_attribute][errors]") {
    const auto short_one = message_with({0xc0, 0x57, 0x00, 0x03, 0x00, 0x01, 0x00, 0x00});
    const auto m = parse(bytes_view(short_one.data(), short_one.size()));
    REQUIRE(m.has_value());
    CHECK(error_of(m->get<custom::network_info>()) == to_string(errc::bad_attribute_length));

    static_message<128> b(message_type{method::binding, message_class::request}, rfc_id);
    b.add<custom::network_info>(custom::network_info_value{1, 1000});  // cost above 999
    b.add<custom::hop_count>(std::uint32_t{1});                        // sticky: not added
    CHECK(error_of(b.finish()) == to_string(errc::invalid_argument));
    CHECK(b.size() == 20);

    static_message<128> t(message_type{method::binding, message_class::request}, rfc_id);
    t.add<custom::display_name>(std::string_view("seventeen chars!!"));
    CHECK(error_of(t.finish()) == to_string(errc::text_too_long));
}

TEST_CASE("inherited header-dependent codecs XOR against the message's own header",
          "[custom_attribute][xor]") {
    static_message<128> b(message_type{method::binding, message_class::success_response}, rfc_id);
    b.add<custom::xor_backup_address>(transport_address{ip_address::v4(192, 0, 2, 1), 32853});
    b.add<custom::masked_token>(std::uint32_t{0x01020304});
    const auto built = b.finish();
    REQUIRE(built.has_value());
    // RFC 5769 §2.2's XOR-MAPPED-ADDRESS bytes under another type; the token XOR b7e7a701.
    CHECK(hex(built->subspan(20)) == "c0df0008 0001a147 e112a643 c0e10004 b6e5a405");
    const auto m = parse(*built);
    REQUIRE(m.has_value());
    CHECK(*m->get<custom::xor_backup_address>() ==
          transport_address{ip_address::v4(192, 0, 2, 1), 32853});
    CHECK(*m->get<custom::masked_token>() == 0x01020304U);
}

TEST_CASE("custom tags carry their own names, like the built-in ones", "[custom_attribute]") {
    STATIC_REQUIRE(custom::network_info::name == "GOOG-NETWORK-INFO");
    STATIC_REQUIRE(custom::hop_count::name == "EXAMPLE-HOP-COUNT");
    STATIC_REQUIRE(custom::xor_backup_address::name == "EXAMPLE-XOR-BACKUP-ADDRESS");
    STATIC_REQUIRE(custom::display_name::name == "EXAMPLE-DISPLAY-NAME");
    STATIC_REQUIRE(custom::must_understand::name == "EXAMPLE-MUST-UNDERSTAND");
    STATIC_REQUIRE(custom::masked_token::name == "EXAMPLE-MASKED-TOKEN");
    STATIC_REQUIRE(attr::xor_mapped_address::name == "XOR-MAPPED-ADDRESS");
    // Inheriting a codec gives the tag the codec's value type, exactly as for built-ins.
    STATIC_REQUIRE(std::is_same_v<custom::hop_count::value_type, attr::priority::value_type>);
    STATIC_REQUIRE(std::is_same_v<custom::xor_backup_address::value_type, transport_address>);
    STATIC_REQUIRE(std::is_empty_v<custom::network_info>);
    STATIC_REQUIRE(std::is_empty_v<custom::hop_count>);
}

TEST_CASE("custom attributes are unknown to the registry and follow the comprehension rules",
          "[custom_attribute][unknown]") {
    CHECK_FALSE(is_known_attribute(custom::network_info::type));
    CHECK(attribute_name(custom::network_info::type).empty());
    CHECK_FALSE(is_known_attribute(custom::must_understand::type));

    static_message<128> b(message_type{method::binding, message_class::request}, rfc_id);
    b.add<custom::network_info>(custom::network_info_value{2, 50}).add<custom::must_understand>();
    const auto built = b.finish();
    REQUIRE(built.has_value());
    CHECK(hex(built->subspan(20)) == "c0570004 00020032 7f010000");
    const auto m = parse(*built);
    REQUIRE(m.has_value());
    CHECK(m->get<custom::must_understand>().has_value());

    // 0xC057 is comprehension-optional and never reported; 0x7F01 is, until the caller says
    // it understands it.
    std::vector<std::uint16_t> unknown;
    for (const attribute a : unknown_comprehension_required(*m)) unknown.push_back(a.type);
    CHECK(unknown == std::vector<std::uint16_t>{0x7F01});
    const std::array<std::uint16_t, 1> known = {custom::must_understand::type};
    CHECK(unknown_comprehension_required(*m, known).empty());
}

TEST_CASE("custom attributes after MESSAGE-INTEGRITY are ignored like any other",
          "[custom_attribute][integrity]") {
    static_message<128> b(message_type{method::binding, message_class::request}, rfc_id);
    const std::array<std::uint8_t, 20> mac{};
    // Typed adds refuse to follow a MAC, so the attributes after it are crafted raw.
    const std::array<std::uint8_t, 4> info{0, 7, 0, 7};
    const std::array<std::uint8_t, 4> two{0, 0, 0, 2};
    b.add<custom::hop_count>(std::uint32_t{1})
        .add<attr::message_integrity>(bytes_view(mac))
        .add_raw(custom::network_info::type, info)
        .add_raw(custom::hop_count::type, two);
    const auto m = parse(*b.finish());
    REQUIRE(m.has_value());
    CHECK(*m->get<custom::hop_count>() == 1U);
    CHECK(m->all_of(custom::hop_count::type).count() == 1);
    CHECK(error_of(m->get<custom::network_info>()) == to_string(errc::not_found));
    CHECK(m->all_attributes().count() == 4);
}

TEST_CASE("repeated custom attributes are read with all_of()", "[custom_attribute][duplicates]") {
    static_message<128> b(message_type{method::binding, message_class::request}, rfc_id);
    for (std::uint16_t id = 1; id <= 3; ++id) {
        b.add<custom::network_info>(
            custom::network_info_value{id, static_cast<std::uint16_t>(id * 10)});
    }
    const auto m = parse(*b.finish());
    REQUIRE(m.has_value());
    std::vector<std::uint16_t> costs;
    for (const attribute a : m->all_of(custom::network_info::type)) {
        const auto v = custom::network_info::decode(a.value);
        REQUIRE(v.has_value());
        costs.push_back(v->network_cost);
    }
    CHECK(costs == std::vector<std::uint16_t>{10, 20, 30});
    CHECK(m->get<custom::network_info>()->network_id == 1);  // the first one counts
}
