// Fuzz target: TURN ChannelData (turn/channel_data.hpp) and stream framing (framing.hpp).
//
// The input is used three ways (a violation of any invariant aborts):
//   1. as one datagram: parse_channel_data() succeeds exactly when a reference model of
//      RFC 8656 §12.5 says so, with the error the model predicts; on success the view points
//      into the input, and build_channel_data() with the same channel, data and padding
//      reproduces the input byte for byte except padding, which it writes as zero; the other
//      padding choice parses back to the same channel and data. classify() agrees.
//   2. as channel (first two bytes) and data (the rest) for build_channel_data(): it succeeds
//      exactly for channels 0x4000-0x7FFF, in a buffer of exactly the right size and never in
//      a smaller one, and what it writes parses back to the same channel and data.
//   3. as a TCP/TLS byte stream walked with next_frame(): each frame is at least 4 bytes, its
//      kind follows the top two bits, a STUN frame's size is 20 plus its header's length field,
//      a ChannelData frame's is 4 plus its padded length; a complete frame never exceeds what
//      is available, a complete ChannelData frame parses with parse_channel_data(), and a
//      complete STUN frame never fails parse() on framing (size or length); the complete frame
//      sizes plus the unconsumed rest add up exactly to the input size; errors are exactly
//      need_more_data (fewer than 4 bytes), unknown_frame (top bits 10 or 11) and
//      unaligned_length (a STUN length not a multiple of 4).

#include <stunkit/framing.hpp>
#include <stunkit/message.hpp>
#include <stunkit/turn/channel_data.hpp>

#include "fuzz_support.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

namespace {

namespace sk = stunkit;
namespace turn = stunkit::turn;

constexpr std::size_t max_frame = turn::channel_data_header_size + sk::max_length_field + 3;
std::array<std::uint8_t, max_frame + 8> out_buffer;

// RFC 8656 §12.5 as a few lines: what parse_channel_data() must return.
sk::errc expected_channel_data_error(sk::bytes_view d) {
    if (d.size() < 4) return sk::errc::too_short;
    const unsigned channel = static_cast<unsigned>(d[0]) << 8U | d[1];
    if (channel < 0x4000U || channel > 0x7FFFU) return sk::errc::bad_channel_number;
    const std::size_t length = static_cast<std::size_t>(d[2]) << 8U | d[3];
    const std::size_t room = d.size() - 4;
    if (length > room) return sk::errc::channel_data_truncated;
    if (room != length && room != ((length + 3) & ~std::size_t{3})) return sk::errc::length_mismatch;
    return sk::errc{};
}

void check_datagram(sk::bytes_view input) {
    const auto parsed = turn::parse_channel_data(input);
    const sk::errc expected = expected_channel_data_error(input);
    // RFC 7983's first bytes 64-79 are ChannelData channels 0x4000-0x4FFF.
    if (sk::classify(input) == sk::packet_kind::channel_data && input.size() >= 4) {
        FUZZ_CHECK(expected != sk::errc::bad_channel_number);
    }
    if (expected != sk::errc{}) {
        FUZZ_CHECK(!parsed && parsed.error() == expected);
        return;
    }
    FUZZ_CHECK(parsed.has_value());
    FUZZ_CHECK(parsed->channel == sk::detail::load_u16(input.data()));
    FUZZ_CHECK(turn::is_channel_data_channel(parsed->channel));
    FUZZ_CHECK(parsed->data.data() == input.data() + 4);
    FUZZ_CHECK(parsed->data.size() == sk::detail::load_u16(input.data() + 2));
    FUZZ_CHECK(sk::classify(input) == (input[0] <= 79 ? sk::packet_kind::channel_data : sk::packet_kind::unknown));

    const bool padded = input.size() != 4 + parsed->data.size() || parsed->data.size() % 4 == 0;
    const auto built = turn::build_channel_data(sk::mutable_bytes(out_buffer), parsed->channel, parsed->data, padded);
    FUZZ_CHECK(built.has_value());
    FUZZ_CHECK(built->size() == input.size());
    const std::size_t value_end = 4 + parsed->data.size();
    for (std::size_t i = 0; i < value_end; ++i) FUZZ_CHECK((*built)[i] == input[i]);
    for (std::size_t i = value_end; i < built->size(); ++i) FUZZ_CHECK((*built)[i] == 0);

    const auto other = turn::build_channel_data(sk::mutable_bytes(out_buffer), parsed->channel, parsed->data, !padded);
    FUZZ_CHECK(other.has_value());
    const auto reparsed = turn::parse_channel_data(*other);
    FUZZ_CHECK(reparsed.has_value());
    FUZZ_CHECK(reparsed->channel == parsed->channel);
    FUZZ_CHECK(fuzz::equal_bytes(reparsed->data, parsed->data));
}

void check_build(sk::bytes_view input) {
    if (input.size() < 2) return;
    const std::uint16_t channel = sk::detail::load_u16(input.data());
    const sk::bytes_view data = input.subspan(2);
    const bool padded = (channel & 1U) != 0;
    const std::size_t needed = 4 + (padded ? sk::detail::pad4(data.size()) : data.size());
    const auto built = turn::build_channel_data(sk::mutable_bytes(out_buffer), channel, data, padded);
    if (channel < 0x4000U || channel > 0x7FFFU) {
        FUZZ_CHECK(!built && built.error() == sk::errc::bad_channel_number);
        return;
    }
    if (data.size() > sk::max_length_field) {
        FUZZ_CHECK(!built && built.error() == sk::errc::value_too_large);
        return;
    }
    FUZZ_CHECK(built.has_value());
    FUZZ_CHECK(built->data() == out_buffer.data() && built->size() == needed);
    const auto parsed = turn::parse_channel_data(*built);
    FUZZ_CHECK(parsed.has_value());
    FUZZ_CHECK(parsed->channel == channel);
    FUZZ_CHECK(fuzz::equal_bytes(parsed->data, data));
    // A buffer one byte short is refused, not overrun (ASan watches the exact-size view).
    const auto tight = turn::build_channel_data(sk::mutable_bytes(out_buffer.data(), needed), channel, data, padded);
    FUZZ_CHECK(tight.has_value() && tight->size() == needed);
    const auto short_by_one =
        turn::build_channel_data(sk::mutable_bytes(out_buffer.data(), needed - 1), channel, data, padded);
    FUZZ_CHECK(!short_by_one && short_by_one.error() == sk::errc::no_space);
}

void check_stream(sk::bytes_view input) {
    std::size_t consumed = 0;
    std::size_t frames = 0;
    while (true) {
        const sk::bytes_view rest = input.subspan(consumed);
        const auto f = sk::next_frame(rest);
        if (!f) {
            if (rest.size() < 4) {
                FUZZ_CHECK(f.error() == sk::errc::need_more_data);
            } else if ((rest[0] >> 6U) >= 2) {
                FUZZ_CHECK(f.error() == sk::errc::unknown_frame);
            } else {
                FUZZ_CHECK((rest[0] >> 6U) == 0 && f.error() == sk::errc::unaligned_length);
                FUZZ_CHECK(sk::detail::load_u16(rest.data() + 2) % 4 != 0);
            }
            break;
        }
        FUZZ_CHECK(rest.size() >= 4);
        const std::size_t length = sk::detail::load_u16(rest.data() + 2);
        FUZZ_CHECK(f->size >= 4);
        if ((rest[0] >> 6U) == 0) {
            FUZZ_CHECK(f->kind == sk::frame_kind::stun);
            FUZZ_CHECK(f->size == sk::header_size + length);
        } else {
            FUZZ_CHECK((rest[0] >> 6U) == 1);
            FUZZ_CHECK(f->kind == sk::frame_kind::channel_data);
            FUZZ_CHECK(f->size == 4 + sk::detail::pad4(length));
        }
        if (rest.size() < f->size) break;  // incomplete: wait for more bytes

        const sk::bytes_view whole = rest.first(f->size);
        FUZZ_CHECK(whole.size() == f->size && whole.size() <= rest.size());
        if (f->kind == sk::frame_kind::channel_data) {
            const auto cd = turn::parse_channel_data(whole);
            FUZZ_CHECK(cd.has_value());
            FUZZ_CHECK(cd->data.size() == length);
        } else {
            sk::parse_options options;
            options.allow_legacy = true;
            const auto m = sk::parse(whole, options);
            // The header's length matches the frame, so framing errors are impossible.
            FUZZ_CHECK(m || (m.error() != sk::errc::too_short && m.error() != sk::errc::not_stun &&
                             m.error() != sk::errc::unaligned_length && m.error() != sk::errc::length_mismatch));
            if (m) FUZZ_CHECK(m->size() == f->size);
        }
        consumed += f->size;
        ++frames;
        FUZZ_CHECK(consumed <= input.size());
    }
    FUZZ_CHECK(consumed + input.subspan(consumed).size() == input.size());
    FUZZ_CHECK(frames * 4 <= consumed);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const sk::bytes_view input(data, size);
    check_datagram(input);
    check_build(input);
    check_stream(input);
    return 0;
}
