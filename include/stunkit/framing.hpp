/**
 * @file framing.hpp
 * @brief Telling packets apart: RFC 7983 demultiplexing and STUN/ChannelData stream framing.
 */
#pragma once

#include "config.hpp"
#include "detail/wire.hpp"
#include "error.hpp"
#include "message.hpp"
#include "types.hpp"

#include <cstddef>
#include <cstdint>

STUNKIT_BEGIN_NAMESPACE

/** @brief What a datagram on a multiplexed port carries (RFC 7983 §7). */
enum class packet_kind : std::uint8_t {
    stun,          ///< First byte 0-3.
    zrtp,          ///< First byte 16-19.
    dtls,          ///< First byte 20-63.
    channel_data,  ///< First byte 64-79: TURN ChannelData.
    rtp_rtcp,      ///< First byte 128-191.
    unknown,       ///< Anything else, including an empty datagram.
};

/**
 * @brief Classifies a datagram by its first byte (RFC 7983 §7).
 *
 * RFC 7983 gives TURN ChannelData only 64-79, the first bytes of RFC 8656 channels
 * 0x4000-0x4FFF. RFC 5766 peers such as coturn may also use channels 0x5000-0x7FFF (first
 * bytes 80-127), which this returns as unknown; a TURN client or server that must accept them
 * should hand any datagram whose top two bits are 01 to turn::parse_channel_data() instead.
 */
constexpr packet_kind classify(std::uint8_t first_byte) noexcept {
    if (first_byte <= 3) return packet_kind::stun;
    if (first_byte >= 16 && first_byte <= 19) return packet_kind::zrtp;
    if (first_byte >= 20 && first_byte <= 63) return packet_kind::dtls;
    if (first_byte >= 64 && first_byte <= 79) return packet_kind::channel_data;
    if (first_byte >= 128 && first_byte <= 191) return packet_kind::rtp_rtcp;
    return packet_kind::unknown;
}

/** @brief Classifies a datagram by its first byte; an empty one is unknown. */
inline packet_kind classify(bytes_view datagram) noexcept {
    return datagram.empty() ? packet_kind::unknown : classify(datagram[0]);
}

/** @brief The kinds of frame a TURN/STUN byte stream carries. */
enum class frame_kind : std::uint8_t {
    stun,          ///< A STUN message.
    channel_data,  ///< A ChannelData frame, padded to 4 bytes.
};

/** @brief The next frame in a byte stream: its kind and its whole size in bytes. */
struct frame {
    frame_kind kind = frame_kind::stun;  ///< STUN or ChannelData.
    std::size_t size = 0;                ///< Header, body and (for ChannelData) padding.
};

/**
 * @brief Says how long the next frame of a TCP or TLS stream is (RFC 8489 §6.2.2, RFC 8656
 * §12.5), given the bytes received so far.
 *
 * Needs only the first 4 bytes: with fewer it returns errc::need_more_data. The frame is
 * complete once `stream.size() >= frame.size`. A stream whose next bytes are neither STUN nor
 * ChannelData is errc::unknown_frame and cannot be resynchronised: close the connection.
 * Sizes are computed in std::size_t, so a length of 0xFFFF cannot wrap.
 */
inline result<frame> next_frame(bytes_view stream) noexcept {
    if (stream.size() < 4) return errc::need_more_data;
    const std::size_t length = detail::load_u16(stream.data() + 2);
    switch (stream[0] >> 6U) {
    case 0:
        if ((length & 3U) != 0) return errc::unaligned_length;
        return frame{frame_kind::stun, header_size + length};
    case 1:
        return frame{frame_kind::channel_data, 4 + detail::pad4(length)};
    default:
        return errc::unknown_frame;
    }
}

STUNKIT_END_NAMESPACE
