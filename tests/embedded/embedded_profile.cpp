// The embedded profile: stunkit's whole public API compiled the way firmware compiles it
// (-Os -fno-exceptions -fno-rtti). check_symbols.py then inspects this translation unit's
// object file and fails on any heap, exception, RTTI, thread-safe-static or atexit symbol.
//
// use_api() has external linkage so the compiler must keep everything it reaches; its
// arguments come from the caller so nothing folds away. Extend it with every new entry point.
#include <stunkit/stunkit.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

int use_api(const std::uint8_t* data, std::size_t size, std::uint8_t* out, std::size_t out_size);

namespace {
using namespace stunkit;

// Every built-in attribute's decoder, through the registry.
int decode_everything(const message_view& message) {
    int score = 0;
    for (const attribute a : message.all_attributes()) {
        visit_attribute_tag(a.type, [&](auto tag) {
            using Tag = decltype(tag);
            if (message.decode<Tag>(a)) score += 1;
        });
        score += static_cast<int>(attribute_name(a.type).size());
    }
    for (const attribute a : unknown_comprehension_required(message)) score += a.type;
    for (const attribute a : message.all_of(turn::xor_peer_address::type)) score += a.type;
    return score;
}

// Every codec's encoder, then MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT.
int build_everything(const message_view& request, mutable_bytes buffer, const integrity_key& key) {
    message_builder b(buffer, {method::allocate, message_class::request}, request.transaction_id());
    const transport_address peer{ip_address::v4(192, 0, 2, 1), 32853};
    const std::array<std::uint16_t, 2> unknown{0x7F01, 0x7F02};
    const std::array<attr::password_algorithm_value, 1> algorithms{
        attr::password_algorithm_value{attr::password_algorithm_id::sha256, {}}};
    const std::array<std::uint8_t, 32> hash{};
    b.add<attr::mapped_address>(peer)
        .add<attr::xor_mapped_address>(peer)
        .add<attr::username>("user")
        .add<attr::userhash>(bytes_view(hash))
        .add<attr::error_code>({438, "Stale Nonce"})
        .add<attr::realm>("example.org")
        .add<attr::nonce>("obMatJos2AAAB")
        .add<attr::password_algorithms>(gsl::span<const attr::password_algorithm_value>(algorithms))
        .add<attr::password_algorithm>(algorithms[0])
        .add<attr::unknown_attributes>(gsl::span<const std::uint16_t>(unknown))
        .add<attr::change_request>({true, false})
        .add<attr::response_port>(std::uint16_t{3479})
        .add<attr::priority>(0x6E0001FFU)
        .add<attr::use_candidate>()
        .add<attr::ice_controlling>(std::uint64_t{42})
        .add<turn::channel_number>(std::uint16_t{0x4000})
        .add<turn::lifetime>(600U)
        .add<turn::xor_peer_address>(peer)
        .add<turn::data>(request.bytes().first(4))
        .add<turn::requested_address_family>(address_family::ipv6)
        .add<turn::even_port>(true)
        .add<turn::requested_transport>(turn::protocol::udp)
        .add<turn::dont_fragment>()
        .add<turn::address_error_code>({address_family::ipv6, 440, ""})
        .add<turn::icmp>({3, 4, 1280U});
    const auto built = add_message_integrity(b, key).add_message_integrity_sha256(key, 16).add_fingerprint();
    if (!built) return -1;
    const auto again = parse(*built);
    if (!again) return -2;
    int score = decode_everything(*again);
    if (verify_message_integrity(*again, key)) score += 1;
    if (verify_message_integrity_sha256(*again, key)) score += 1;
    if (verify_fingerprint(*again)) score += 1;
    return score;
}

// Long-term credentials, USERHASH, the nonce cookie, PASSWORD-ALGORITHMS and challenges.
int authenticate(const message_view& request, mutable_bytes buffer) {
    int score = 0;
    const auto md5 = long_term_key(attr::password_algorithm_id::md5, "user", "realm", "pass");
    const auto sha = long_term_key(attr::password_algorithm_id::sha256, "user", "realm", "pass");
    if (md5 && sha) score += static_cast<int>(md5->size + sha->size);
    score += userhash("user", "realm")[0];
    std::array<char, 64> nonce{};
    const auto cookie = format_nonce_cookie(nonce, {true, false}, "opaque");
    if (cookie && parse_nonce_cookie(*cookie)) score += 1;
    if (check_password_algorithms(request, bytes_view(password_algorithms_sha256_md5))) score += 1;
    const auto challenge = start_unauthenticated(
        buffer, request, {"example.org", cookie ? *cookie : std::string_view(), password_algorithms_sha256_md5});
    score += static_cast<int>(challenge.size());
    const auto refused = start_unknown_attribute(buffer, request, {});
    score += static_cast<int>(refused.size());
    return score;
}
}  // namespace

int use_api(const std::uint8_t* data, std::size_t size, std::uint8_t* out, std::size_t out_size) {
    const bytes_view datagram(data, size);
    const mutable_bytes buffer(out, out_size);

    // Framing first: RFC 7983 demultiplexing, the stream framer, ChannelData.
    int score = static_cast<int>(classify(datagram));
    if (const auto frame = next_frame(datagram)) score += static_cast<int>(frame->size);
    if (const auto channel = turn::parse_channel_data(datagram)) score += channel->channel;
    if (const auto framed = turn::build_channel_data(buffer, 0x4001, datagram, true)) {
        score += static_cast<int>(framed->size());
    }

    const auto message = parse(datagram, parse_options{true, 64});
    if (!message) return static_cast<int>(response_code_for(message.error())) + score;
    const integrity_key key(std::string_view("VOkJxbRl1RmTxUk/WvJxBt"));
    score += decode_everything(*message);
    if (verify_message_integrity(*message, key)) score += 1;
    score += build_everything(*message, buffer, key);
    score += authenticate(*message, buffer);

    static_message<64> legacy({method::binding, message_class::success_response}, message->legacy_transaction_id());
    legacy.add<attr::mapped_address>(transport_address{ip_address::v4(198, 51, 100, 1), 3478});
    if (const auto bytes = legacy.finish()) score += static_cast<int>(bytes->size());
    return score;
}
