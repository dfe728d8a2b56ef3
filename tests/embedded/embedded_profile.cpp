// The embedded profile: stunkit's API compiled the way firmware compiles it
// (-Os -fno-exceptions -fno-rtti). check_symbols.py then inspects this translation unit's
// object file and fails on any heap, exception, RTTI, thread-safe-static or atexit symbol.
//
// use_api() has external linkage so the compiler must keep everything it reaches. Extend it
// to exercise every public entry point as the library grows.
#include <stunkit/stunkit.hpp>

#include <cstddef>
#include <cstdint>

int use_api(const std::uint8_t* data, std::size_t size, std::uint8_t* out, std::size_t out_size);

int use_api(const std::uint8_t* data, std::size_t size, std::uint8_t* out, std::size_t out_size) {
    using namespace stunkit;
    const bytes_view datagram(data, size);
    int score = 0;

    // Wire codec: parse, look at attributes, build a response into the caller's buffer.
    const auto message = parse(datagram);
    if (!message) return static_cast<int>(response_code_for(message.error()));
    for (const auto a : message->attributes()) score += a.type;
    if (const auto software = message->get<attr::software>()) score += 1;
    if (const auto priority = message->get<attr::priority>()) score += 2;
    if (message->message_integrity()) score += 4;

    message_builder response(mutable_bytes(out, out_size),
                             {method::binding, message_class::success_response},
                             message->transaction_id());
    response.add<attr::xor_mapped_address>(transport_address{ip_address::v4(192, 0, 2, 1), 32853});
    response.add<attr::software>("stunkit");
    const auto built = response.finish();
    if (!built) return -static_cast<int>(to_string(built.error()).size());
    score += static_cast<int>(built->size());

    // Framing and TURN ChannelData.
    if (const auto frame = next_frame(datagram)) score += 8;
    if (const auto channel = turn::parse_channel_data(datagram)) score += 16;
    score += static_cast<int>(classify(datagram));
    return score;
}
