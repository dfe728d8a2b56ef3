// custom_attribute: defines a STUN attribute stunkit does not know, exactly the way stunkit
// defines its own (an empty tag with a type code, a name and a codec), puts it in a Binding
// request with message_builder::add<>(), parses the request back and reads it with
// message_view::get<>().
//
// The attribute mirrors WebRTC's GOOG-NETWORK-INFO (0xC057): a 16-bit network id followed by
// a 16-bit network cost. A second attribute shows the shortest form: an empty struct that
// inherits one of stunkit's codecs.
//
// Build: c++ -std=c++17 -Iinclude examples/custom_attribute.cpp -o custom_attribute
// Exit status: 0 when every step worked, 1 otherwise.
#include <stunkit/stunkit.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

namespace example {

/** The value of GOOG-NETWORK-INFO. */
struct network_info_value {
    std::uint16_t network_id = 0;    ///< Which of the agent's networks the candidate is on.
    std::uint16_t network_cost = 0;  ///< WebRTC's cost, 0 (cheap) to 999 (expensive).
};

/** GOOG-NETWORK-INFO with a codec of its own. */
struct goog_network_info {
    static constexpr std::uint16_t type = 0xC057;  // comprehension-optional
    static constexpr std::string_view name = "GOOG-NETWORK-INFO";
    using value_type = network_info_value;

    /** Exactly four bytes, or errc::bad_attribute_length. */
    static stunkit::result<value_type> decode(stunkit::bytes_view value) noexcept {
        if (value.size() != 4) return stunkit::errc::bad_attribute_length;
        return value_type{static_cast<std::uint16_t>((value[0] << 8) | value[1]),
                          static_cast<std::uint16_t>((value[2] << 8) | value[3])};
    }
    /** Always four bytes (a result<std::size_t> would let it refuse some values). */
    static constexpr std::size_t encoded_size(const value_type&) noexcept { return 4; }
    /** Big-endian id, then cost; the builder has already checked the space. */
    static void encode(stunkit::mutable_bytes out, const value_type& v) noexcept {
        out[0] = static_cast<std::uint8_t>(v.network_id >> 8);
        out[1] = static_cast<std::uint8_t>(v.network_id);
        out[2] = static_cast<std::uint8_t>(v.network_cost >> 8);
        out[3] = static_cast<std::uint8_t>(v.network_cost);
    }
};

/** An attribute that reuses stunkit's 32-bit codec: nothing to write but the tag. */
struct hop_count : stunkit::attr::u32_codec {
    static constexpr std::uint16_t type = 0xC0DE;  // a private, comprehension-optional code
    static constexpr std::string_view name = "EXAMPLE-HOP-COUNT";
};

}  // namespace example

int main() {
    using namespace stunkit;

    // The caller chooses the transaction id (normally from a CSPRNG); fixed here for output
    // that is the same on every run.
    const transaction_id id = {
        {0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae}};

    static_message<128> request(message_type{method::binding, message_class::request}, id);
    request.add<attr::software>(std::string_view("stunkit custom_attribute example"))
        .add<example::goog_network_info>(example::network_info_value{1, 10})
        .add<example::hop_count>(std::uint32_t{3});
    const result<bytes_view> built = request.finish();
    if (!built) {
        std::printf("building failed: %.*s\n", static_cast<int>(to_string(built.error()).size()),
                    to_string(built.error()).data());
        return 1;
    }
    std::printf("built a %zu-byte Binding request:\n", built->size());
    for (std::size_t i = 0; i < built->size(); ++i) {
        const char* separator = i == 0 ? "  " : (i % 16 == 0) ? "\n  " : (i % 4 == 0) ? " " : "";
        std::printf("%s%02x", separator, static_cast<unsigned>((*built)[i]));
    }
    std::printf("\n");

    const result<message_view> parsed = parse(*built);
    if (!parsed) {
        std::printf("parsing failed: %.*s\n", static_cast<int>(to_string(parsed.error()).size()),
                    to_string(parsed.error()).data());
        return 1;
    }
    for (const attribute a : parsed->attributes()) {
        // The registry knows only stunkit's own attributes; the tags know their own names.
        std::string_view name = attribute_name(a.type);
        if (a.type == example::goog_network_info::type) name = example::goog_network_info::name;
        if (a.type == example::hop_count::type) name = example::hop_count::name;
        std::printf("  attribute 0x%04x %-20.*s %zu bytes\n", static_cast<unsigned>(a.type),
                    static_cast<int>(name.size()), name.data(), a.value.size());
    }

    const auto info = parsed->get<example::goog_network_info>();
    const auto hops = parsed->get<example::hop_count>();
    const auto software = parsed->get<attr::software>();
    if (!info || !hops || !software) {
        std::printf("reading the attributes back failed\n");
        return 1;
    }
    std::printf("SOFTWARE          \"%.*s\"\n", static_cast<int>(software->size()),
                software->data());
    std::printf("GOOG-NETWORK-INFO network id %u, network cost %u\n",
                static_cast<unsigned>(info->network_id), static_cast<unsigned>(info->network_cost));
    std::printf("EXAMPLE-HOP-COUNT %u\n", static_cast<unsigned>(*hops));

    // A server that does not understand a comprehension-required attribute must answer 420;
    // these two are comprehension-optional (0x8000-0xFFFF), so nothing is reported.
    const bool must_refuse = !unknown_comprehension_required(*parsed).empty();
    std::printf("unknown comprehension-required attributes: %s\n", must_refuse ? "yes" : "none");

    const bool ok = info->network_id == 1 && info->network_cost == 10 && *hops == 3 && !must_refuse;
    std::printf("%s\n", ok ? "ok" : "MISMATCH");
    return ok ? 0 : 1;
}
