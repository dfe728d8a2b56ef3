// TURN ChannelData (RFC 8656 §12.4, §12.5), CHANNEL-NUMBER (§18.1), stream framing
// (RFC 8489 §6.2.2, RFC 8656 §12.5) and RFC 7983 demultiplexing.
#include <stunkit/turn/channel_data.hpp>

#include <stunkit/builder.hpp>
#include <stunkit/error.hpp>
#include <stunkit/framing.hpp>
#include <stunkit/message.hpp>
#include <stunkit/turn/attributes.hpp>
#include <stunkit/types.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string_view>
#include <vector>

namespace {

namespace sk = stunkit;
using sk::errc;
using buffer = std::vector<std::uint8_t>;

/** The outcome of an operation: errc{} for success, else the error. Prints by name. */
struct outcome {
    errc e{};
    friend bool operator==(outcome a, outcome b) { return a.e == b.e; }
    friend bool operator!=(outcome a, outcome b) { return a.e != b.e; }
    friend std::ostream& operator<<(std::ostream& os, outcome o) {
        return os << (o.e == errc{} ? std::string_view("ok") : sk::to_string(o.e));
    }
};
constexpr outcome ok{};
constexpr outcome is(errc e) { return outcome{e}; }
template <class T>
outcome outcome_of(const sk::result<T>& r) {
    return r ? ok : outcome{r.error()};
}

sk::bytes_view view(const buffer& b) { return {b.data(), b.size()}; }
sk::mutable_bytes span_of(buffer& b) { return {b.data(), b.size()}; }
std::size_t pad4(std::size_t n) { return (n + 3U) & ~std::size_t{3}; }

/** A ChannelData frame written by hand: channel, length field, then `body` verbatim. */
buffer frame_bytes(std::uint16_t channel, std::uint16_t length, const buffer& body) {
    buffer b = {static_cast<std::uint8_t>(channel >> 8U), static_cast<std::uint8_t>(channel),
                static_cast<std::uint8_t>(length >> 8U), static_cast<std::uint8_t>(length)};
    b.insert(b.end(), body.begin(), body.end());
    return b;
}
buffer payload(std::size_t n) {
    buffer b(n);
    for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(0x30U + i % 64U);
    return b;
}

/** A STUN message of `body` bytes: a header and PADDING attributes (RFC 5780 §7.6). */
buffer stun_message(std::uint16_t type, std::size_t body) {
    buffer b(sk::header_size + body, 0);
    b[0] = static_cast<std::uint8_t>(type >> 8U);
    b[1] = static_cast<std::uint8_t>(type);
    b[2] = static_cast<std::uint8_t>(body >> 8U);
    b[3] = static_cast<std::uint8_t>(body);
    b[4] = 0x21;
    b[5] = 0x12;
    b[6] = 0xA4;
    b[7] = 0x42;
    for (std::size_t i = 8; i < sk::header_size; ++i) b[i] = static_cast<std::uint8_t>(i);
    if (body >= 4) {
        b[20] = 0x00;
        b[21] = 0x26;
        b[22] = static_cast<std::uint8_t>((body - 4) >> 8U);
        b[23] = static_cast<std::uint8_t>(body - 4);
        for (std::size_t i = 24; i < b.size(); ++i) b[i] = 0xEE;
    }
    return b;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// parse_channel_data
// ---------------------------------------------------------------------------------------------

TEST_CASE("ChannelData accepts channels 0x4000-0x7FFF only", "[turn][channel_data]") {
    const buffer data = payload(4);
    std::size_t accepted = 0;
    std::size_t rejected = 0;
    for (unsigned channel = 0; channel <= 0xFFFF; ++channel) {
        const auto c = static_cast<std::uint16_t>(channel);
        const buffer frame = frame_bytes(c, 4, data);
        const auto parsed = sk::turn::parse_channel_data(view(frame));
        const bool valid = channel >= 0x4000 && channel <= 0x7FFF;
        if (valid) {
            if (parsed && parsed->channel == c && parsed->data.size() == 4) ++accepted;
        } else if (!parsed && parsed.error() == errc::bad_channel_number) {
            ++rejected;
        }
        CHECK(sk::turn::is_channel_data_channel(c) == valid);
    }
    CHECK(accepted == 0x4000);
    CHECK(rejected == 0x10000 - 0x4000);

    CHECK(outcome_of(sk::turn::parse_channel_data(view(frame_bytes(0x3FFF, 4, data)))) ==
          is(errc::bad_channel_number));
    CHECK(outcome_of(sk::turn::parse_channel_data(view(frame_bytes(0x8000, 4, data)))) ==
          is(errc::bad_channel_number));
    CHECK(outcome_of(sk::turn::parse_channel_data(view(frame_bytes(0x4000, 4, data)))) == ok);
    CHECK(outcome_of(sk::turn::parse_channel_data(view(frame_bytes(0x7FFF, 4, data)))) == ok);
}

TEST_CASE("ChannelData over UDP may be padded or not", "[turn][channel_data]") {
    for (std::size_t n = 0; n <= 9; ++n) {
        INFO("length " << n);
        const buffer data = payload(n);
        const auto length = static_cast<std::uint16_t>(n);

        const buffer unpadded = frame_bytes(0x4001, length, data);
        const auto u = sk::turn::parse_channel_data(view(unpadded));
        REQUIRE(u);
        CHECK(u->channel == 0x4001);
        CHECK(buffer(u->data.begin(), u->data.end()) == data);
        CHECK(u->data.data() == unpadded.data() + 4);

        buffer padded_body = data;
        padded_body.resize(pad4(n), 0xAB);  // padding content is not checked
        const buffer padded = frame_bytes(0x4001, length, padded_body);
        const auto p = sk::turn::parse_channel_data(view(padded));
        REQUIRE(p);
        CHECK(buffer(p->data.begin(), p->data.end()) == data);

        // Any other size: extra bytes beyond the padding, or a partial padding.
        for (std::size_t extra = 1; extra <= 8; ++extra) {
            buffer body = data;
            body.resize(n + extra, 0);
            if (n + extra == pad4(n)) continue;  // that is the padded form
            INFO("extra " << extra);
            CHECK(outcome_of(sk::turn::parse_channel_data(
                      view(frame_bytes(0x4001, length, body)))) == is(errc::length_mismatch));
        }
    }
}

TEST_CASE("ChannelData framing errors", "[turn][channel_data]") {
    SECTION("fewer than 4 bytes is too_short") {
        const buffer full = frame_bytes(0x4000, 0, {});
        for (std::size_t n = 0; n < 4; ++n) {
            INFO("size " << n);
            const buffer cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
            CHECK(outcome_of(sk::turn::parse_channel_data(view(cut))) == is(errc::too_short));
            const buffer junk(n, 0xFF);  // even a bad channel is only too_short
            CHECK(outcome_of(sk::turn::parse_channel_data(view(junk))) == is(errc::too_short));
        }
        CHECK(outcome_of(sk::turn::parse_channel_data(sk::bytes_view())) == is(errc::too_short));
        CHECK(outcome_of(sk::turn::parse_channel_data(view(full))) == ok);
    }
    SECTION("a length past the end is channel_data_truncated") {
        for (const unsigned length : {1U, 5U, 8U, 100U, 0xFFFFU}) {
            INFO("length " << length);
            const buffer frame =
                frame_bytes(0x4ABC, static_cast<std::uint16_t>(length), payload(length - 1));
            CHECK(outcome_of(sk::turn::parse_channel_data(view(frame))) ==
                  is(errc::channel_data_truncated));
        }
        // Header only with a non-zero length.
        CHECK(outcome_of(sk::turn::parse_channel_data(view(frame_bytes(0x4000, 4, {})))) ==
              is(errc::channel_data_truncated));
    }
    SECTION("extra trailing bytes beyond the padding are length_mismatch") {
        CHECK(outcome_of(sk::turn::parse_channel_data(view(frame_bytes(0x4000, 0, payload(4))))) ==
              is(errc::length_mismatch));
        CHECK(outcome_of(sk::turn::parse_channel_data(view(frame_bytes(0x4000, 5, payload(9))))) ==
              is(errc::length_mismatch));
        CHECK(outcome_of(sk::turn::parse_channel_data(view(frame_bytes(0x4000, 8, payload(12))))) ==
              is(errc::length_mismatch));
    }
    SECTION("the largest frame") {
        const buffer frame = frame_bytes(0x7FFF, 0xFFFF, payload(0xFFFF));
        const auto p = sk::turn::parse_channel_data(view(frame));
        REQUIRE(p);
        CHECK(p->data.size() == 0xFFFF);
        const buffer padded = frame_bytes(0x7FFF, 0xFFFF, payload(0x10000));
        CHECK(outcome_of(sk::turn::parse_channel_data(view(padded))) == ok);
    }
}

// ---------------------------------------------------------------------------------------------
// build_channel_data
// ---------------------------------------------------------------------------------------------

TEST_CASE("build_channel_data with and without padding", "[turn][channel_data]") {
    for (std::size_t n = 0; n <= 9; ++n) {
        INFO("length " << n);
        const buffer data = payload(n);
        for (const bool padded : {false, true}) {
            INFO("padded " << padded);
            buffer out(64, 0xCC);  // poison: padding must be written as zeros
            const auto built =
                sk::turn::build_channel_data(span_of(out), 0x4567, view(data), padded);
            REQUIRE(built);
            const std::size_t expected_size = 4 + (padded ? pad4(n) : n);
            CHECK(built->size() == expected_size);
            CHECK(built->data() == out.data());
            CHECK(out[0] == 0x45);
            CHECK(out[1] == 0x67);
            CHECK(out[2] == 0x00);
            CHECK(out[3] == n);
            CHECK(buffer(out.begin() + 4, out.begin() + 4 + static_cast<std::ptrdiff_t>(n)) ==
                  data);
            for (std::size_t i = 4 + n; i < expected_size; ++i) CHECK(out[i] == 0);
            CHECK(out[expected_size] == 0xCC);  // nothing written past the frame

            // Round trip.
            const auto parsed = sk::turn::parse_channel_data(*built);
            REQUIRE(parsed);
            CHECK(parsed->channel == 0x4567);
            CHECK(buffer(parsed->data.begin(), parsed->data.end()) == data);
        }
    }
}

TEST_CASE("build_channel_data failures", "[turn][channel_data]") {
    const buffer data = payload(5);
    SECTION("no_space") {
        for (const bool padded : {false, true}) {
            const std::size_t needed = 4 + (padded ? 8U : 5U);
            buffer exact(needed);
            CHECK(outcome_of(sk::turn::build_channel_data(span_of(exact), 0x4000, view(data),
                                                          padded)) == ok);
            for (std::size_t size = 0; size < needed; ++size) {
                INFO("padded " << padded << ", buffer " << size);
                buffer out(size, 0xCC);
                CHECK(outcome_of(sk::turn::build_channel_data(span_of(out), 0x4000, view(data),
                                                              padded)) == is(errc::no_space));
                for (const auto byte : out) CHECK(byte == 0xCC);  // untouched
            }
        }
        CHECK(outcome_of(sk::turn::build_channel_data(sk::mutable_bytes(), 0x4000, {}, false)) ==
              is(errc::no_space));
    }
    SECTION("value_too_large") {
        buffer big(0x10000, 1);
        buffer out(0x10010);
        CHECK(outcome_of(sk::turn::build_channel_data(span_of(out), 0x4000, view(big), false)) ==
              is(errc::value_too_large));
        CHECK(outcome_of(sk::turn::build_channel_data(span_of(out), 0x4000, view(big), true)) ==
              is(errc::value_too_large));
        big.pop_back();  // 0xFFFF bytes is the largest
        const auto built = sk::turn::build_channel_data(span_of(out), 0x4000, view(big), true);
        REQUIRE(built);
        CHECK(built->size() == 4 + 0x10000);
    }
    SECTION("bad_channel_number") {
        buffer out(64);
        for (const unsigned channel : {0x0000U, 0x3FFFU, 0x8000U, 0xFFFFU}) {
            INFO("channel " << channel);
            CHECK(outcome_of(sk::turn::build_channel_data(
                      span_of(out), static_cast<std::uint16_t>(channel), view(data), true)) ==
                  is(errc::bad_channel_number));
        }
        CHECK(outcome_of(sk::turn::build_channel_data(span_of(out), 0x7FFF, view(data), true)) ==
              ok);
    }
}

// ---------------------------------------------------------------------------------------------
// CHANNEL-NUMBER attribute
// ---------------------------------------------------------------------------------------------

TEST_CASE("CHANNEL-NUMBER is limited to 0x4000-0x4FFF on decode", "[turn][channel_number]") {
    STATIC_REQUIRE(sk::turn::channel_number::type == 0x000C);
    STATIC_REQUIRE(sk::turn::min_channel == 0x4000);
    STATIC_REQUIRE(sk::turn::max_channel == 0x4FFF);
    std::size_t accepted = 0;
    std::size_t rejected = 0;
    for (unsigned channel = 0; channel <= 0xFFFF; ++channel) {
        const buffer value = {static_cast<std::uint8_t>(channel >> 8U),
                              static_cast<std::uint8_t>(channel), 0, 0};
        const auto decoded = sk::turn::channel_number::decode(view(value));
        if (channel >= 0x4000 && channel <= 0x4FFF) {
            if (decoded && *decoded == channel) ++accepted;
        } else if (!decoded && decoded.error() == errc::bad_channel_number) {
            ++rejected;
        }
    }
    CHECK(accepted == 0x1000);
    CHECK(rejected == 0x10000 - 0x1000);

    // Through a parsed message, and the other ways the value can be wrong.
    const auto decode_in_message = [](const buffer& value) {
        buffer msg = {0x00, 0x09, 0x00, 0x00, 0x21, 0x12,
                      0xA4, 0x42, 1,    2,    3,    4,
                      5,    6,    7,    8,    9,    10,
                      11,   12,   0x00, 0x0C, 0x00, static_cast<std::uint8_t>(value.size())};
        msg.insert(msg.end(), value.begin(), value.end());
        msg.resize(24 + pad4(value.size()), 0);
        msg[3] = static_cast<std::uint8_t>(msg.size() - 20);
        const auto m = sk::parse(view(msg));
        REQUIRE(m);
        return outcome_of(m->get<sk::turn::channel_number>());
    };
    CHECK(decode_in_message({0x40, 0x00, 0, 0}) == ok);
    CHECK(decode_in_message({0x4F, 0xFF, 0, 0}) == ok);
    CHECK(decode_in_message({0x3F, 0xFF, 0, 0}) == is(errc::bad_channel_number));
    CHECK(decode_in_message({0x50, 0x00, 0, 0}) == is(errc::bad_channel_number));
    CHECK(decode_in_message({0x7F, 0xFF, 0, 0}) ==
          is(errc::bad_channel_number));  // ChannelData-only range
    CHECK(decode_in_message({0x40, 0x00, 0}) == is(errc::bad_attribute_length));
    CHECK(decode_in_message({0x40, 0x00, 0, 0, 0}) == is(errc::bad_attribute_length));
    // A non-zero RFFU field is rejected on decode (docs/design.md, "Strict by default").
    CHECK(decode_in_message({0x40, 0x00, 0, 1}) == is(errc::reserved_bits_set));
}

TEST_CASE("CHANNEL-NUMBER is limited to 0x4000-0x4FFF on encode", "[turn][channel_number]") {
    for (const unsigned channel : {0x0000U, 0x3FFFU, 0x5000U, 0x7FFFU, 0x8000U, 0xFFFFU}) {
        INFO("channel " << channel);
        const auto c = static_cast<std::uint16_t>(channel);
        CHECK(outcome_of(sk::turn::channel_number::encoded_size(c)) ==
              is(errc::bad_channel_number));
        sk::static_message<64> msg({sk::method::channel_bind, sk::message_class::request},
                                   sk::transaction_id{});
        msg.add<sk::turn::channel_number>(c);
        CHECK(outcome_of(msg.finish()) == is(errc::bad_channel_number));
    }
    for (const unsigned channel : {0x4000U, 0x4321U, 0x4FFFU}) {
        INFO("channel " << channel);
        const auto c = static_cast<std::uint16_t>(channel);
        CHECK(outcome_of(sk::turn::channel_number::encoded_size(c)) == ok);
        sk::static_message<64> msg({sk::method::channel_bind, sk::message_class::request},
                                   sk::transaction_id{});
        msg.add<sk::turn::channel_number>(c);
        const auto bytes = msg.finish();
        REQUIRE(bytes);
        REQUIRE(bytes->size() == 28);
        CHECK((*bytes)[20] == 0x00);
        CHECK((*bytes)[21] == 0x0C);
        CHECK((*bytes)[23] == 4);
        CHECK((*bytes)[24] == (channel >> 8U));
        CHECK((*bytes)[25] == (channel & 0xFFU));
        CHECK((*bytes)[26] == 0);
        CHECK((*bytes)[27] == 0);
        const auto m = sk::parse(*bytes);
        REQUIRE(m);
        CHECK(*m->get<sk::turn::channel_number>() == c);
    }
}

// ---------------------------------------------------------------------------------------------
// next_frame: STUN / ChannelData over TCP and TLS
// ---------------------------------------------------------------------------------------------

TEST_CASE("next_frame needs 4 bytes", "[turn][framing]") {
    for (std::size_t n = 0; n < 4; ++n) {
        INFO("size " << n);
        for (const std::uint8_t first :
             {std::uint8_t{0x00}, std::uint8_t{0x40}, std::uint8_t{0xFF}}) {
            buffer b(n, 0);
            if (n > 0) b[0] = first;
            CHECK(outcome_of(sk::next_frame(view(b))) == is(errc::need_more_data));
        }
    }
    CHECK(outcome_of(sk::next_frame(sk::bytes_view())) == is(errc::need_more_data));
}

TEST_CASE("next_frame sizes", "[turn][framing]") {
    const auto size_of = [](std::uint8_t b0, std::uint8_t b1, std::uint16_t length) {
        const buffer b = {b0, b1, static_cast<std::uint8_t>(length >> 8U),
                          static_cast<std::uint8_t>(length)};
        return sk::next_frame(view(b));
    };
    SECTION("STUN: 20 + length") {
        for (unsigned length = 0; length <= 0xFFFF; ++length) {
            const auto f = size_of(0x00, 0x01, static_cast<std::uint16_t>(length));
            if (length % 4 != 0) {
                if (outcome_of(f) != is(errc::unaligned_length))
                    FAIL("length " << length << ": " << outcome_of(f));
            } else if (!f || f->kind != sk::frame_kind::stun || f->size != 20 + length) {
                FAIL("length " << length);
            }
        }
        // 0xFFFF would be 0x10013 bytes, but an unaligned STUN length is an error.
        CHECK(outcome_of(size_of(0x00, 0x01, 0xFFFF)) == is(errc::unaligned_length));
        const auto largest = size_of(0x01, 0x13, 0xFFFC);
        REQUIRE(largest);
        CHECK(largest->size == 65552);
        // Every first byte 0x00-0x3F is STUN.
        for (unsigned b0 = 0; b0 < 0x40; ++b0) {
            const auto f = size_of(static_cast<std::uint8_t>(b0), 0, 8);
            REQUIRE(f);
            CHECK(f->kind == sk::frame_kind::stun);
        }
    }
    SECTION("ChannelData: 4 + pad4(length)") {
        for (unsigned length = 0; length <= 0xFFFF; ++length) {
            const auto f = size_of(0x40, 0x00, static_cast<std::uint16_t>(length));
            if (!f || f->kind != sk::frame_kind::channel_data || f->size != 4 + pad4(length)) {
                FAIL("length " << length);
            }
        }
        const auto largest = size_of(0x7F, 0xFF, 0xFFFF);
        REQUIRE(largest);
        CHECK(largest->size == 0x10004);  // no 16-bit wrap
        for (unsigned b0 = 0x40; b0 < 0x80; ++b0) {
            const auto f = size_of(static_cast<std::uint8_t>(b0), 0, 1);
            REQUIRE(f);
            CHECK(f->kind == sk::frame_kind::channel_data);
            CHECK(f->size == 8);
        }
    }
    SECTION("first bits 10 or 11 are unknown_frame") {
        for (unsigned b0 = 0x80; b0 <= 0xFF; ++b0) {
            INFO("first byte " << b0);
            CHECK(outcome_of(size_of(static_cast<std::uint8_t>(b0), 0, 4)) ==
                  is(errc::unknown_frame));
        }
    }
}

TEST_CASE("a TCP stream reassembled from chunks of every size", "[turn][framing]") {
    // Several STUN messages and padded ChannelData frames back to back, as over TCP.
    std::vector<buffer> frames;
    frames.push_back(stun_message(0x0001, 0));     // 20 bytes
    frames.push_back(frame_bytes(0x4000, 0, {}));  // 4 bytes
    for (const std::size_t n : {1U, 2U, 3U, 4U, 5U, 13U, 64U}) {
        buffer out(4 + pad4(n));
        const buffer data = payload(n);
        REQUIRE(sk::turn::build_channel_data(span_of(out), static_cast<std::uint16_t>(0x4000 + n),
                                             view(data), true));
        frames.push_back(out);
    }
    frames.push_back(stun_message(0x0101, 12));
    frames.push_back(stun_message(0x0113, 100));
    {
        buffer out(4 + 8);
        const buffer data = payload(7);
        REQUIRE(sk::turn::build_channel_data(span_of(out), 0x7FFF, view(data), true));
        frames.push_back(out);
    }
    frames.push_back(stun_message(0x0017, 4));

    buffer stream;
    for (const auto& f : frames) stream.insert(stream.end(), f.begin(), f.end());
    const std::size_t total = stream.size();

    for (std::size_t chunk = 1; chunk <= total; ++chunk) {
        INFO("chunk " << chunk);
        buffer pending;
        std::size_t fed = 0;
        std::size_t consumed = 0;
        std::vector<buffer> got;
        bool broken = false;
        while (fed < total && !broken) {
            const std::size_t n = std::min(chunk, total - fed);
            pending.insert(pending.end(), stream.begin() + static_cast<std::ptrdiff_t>(fed),
                           stream.begin() + static_cast<std::ptrdiff_t>(fed + n));
            fed += n;
            for (;;) {
                const auto f = sk::next_frame(view(pending));
                if (!f) {
                    if (f.error() != errc::need_more_data) broken = true;
                    break;
                }
                if (pending.size() < f->size) break;
                got.emplace_back(pending.begin(),
                                 pending.begin() + static_cast<std::ptrdiff_t>(f->size));
                consumed += f->size;
                pending.erase(pending.begin(),
                              pending.begin() + static_cast<std::ptrdiff_t>(f->size));
            }
        }
        REQUIRE_FALSE(broken);
        CHECK(pending.empty());
        CHECK(consumed == total);
        REQUIRE(got == frames);
    }

    // Each reassembled frame is what its kind's parser accepts.
    for (const auto& f : frames) {
        const auto kind = sk::next_frame(view(f));
        REQUIRE(kind);
        CHECK(kind->size == f.size());
        if (kind->kind == sk::frame_kind::stun) {
            CHECK(outcome_of(sk::parse(view(f))) == ok);
        } else {
            CHECK(outcome_of(sk::turn::parse_channel_data(view(f))) == ok);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// RFC 7983 demultiplexing
// ---------------------------------------------------------------------------------------------

TEST_CASE("classify follows RFC 7983 §7 for every first byte", "[turn][demux]") {
    // RFC 7983 §7: [0..3] STUN, [16..19] ZRTP, [20..63] DTLS, [64..79] TURN Channel,
    // [128..191] RTP/RTCP; everything else is dropped.
    for (unsigned b = 0; b <= 255; ++b) {
        sk::packet_kind expected = sk::packet_kind::unknown;
        if (b <= 3) {
            expected = sk::packet_kind::stun;
        } else if (b >= 16 && b <= 19) {
            expected = sk::packet_kind::zrtp;
        } else if (b >= 20 && b <= 63) {
            expected = sk::packet_kind::dtls;
        } else if (b >= 64 && b <= 79) {
            expected = sk::packet_kind::channel_data;
        } else if (b >= 128 && b <= 191) {
            expected = sk::packet_kind::rtp_rtcp;
        }
        INFO("first byte " << b);
        const auto byte = static_cast<std::uint8_t>(b);
        CHECK(sk::classify(byte) == expected);
        const buffer datagram = {byte, 0, 0, 0};
        CHECK(sk::classify(view(datagram)) == expected);
    }
    CHECK(sk::classify(sk::bytes_view()) == sk::packet_kind::unknown);
    STATIC_REQUIRE(sk::classify(std::uint8_t{0}) == sk::packet_kind::stun);
    STATIC_REQUIRE(sk::classify(std::uint8_t{79}) == sk::packet_kind::channel_data);
    STATIC_REQUIRE(sk::classify(std::uint8_t{80}) == sk::packet_kind::unknown);
}
