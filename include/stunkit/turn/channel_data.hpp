/**
 * @file turn/channel_data.hpp
 * @brief TURN ChannelData frames (RFC 8656 §12.4, §12.5).
 */
#pragma once

#include "../config.hpp"
#include "../detail/wire.hpp"
#include "../error.hpp"
#include "../types.hpp"
#include "attributes.hpp"

#include <cstddef>
#include <cstdint>

STUNKIT_BEGIN_NAMESPACE
namespace turn {

/** @brief The size of a ChannelData header: channel number and length. */
inline constexpr std::size_t channel_data_header_size = 4;

/** @brief A parsed ChannelData frame. Lifetime: `data` borrows the datagram. */
struct channel_data_view {
    std::uint16_t channel = 0;  ///< 0x4000-0x7FFF.
    bytes_view data;            ///< The application data, without padding.
};

/** @brief True for a channel number that may appear in ChannelData (0x4000-0x7FFF). */
constexpr bool is_channel_data_channel(std::uint16_t channel) noexcept {
    return channel >= min_channel && channel <= max_channel_rfc5766;
}

/**
 * @brief Parses one ChannelData datagram (RFC 8656 §12.4, §12.6).
 *
 * Accepts channels 0x4000-0x7FFF, since RFC 5766 peers such as coturn use the upper range.
 * Over UDP the padding is optional, so the datagram may end right after the data or after
 * its padding to 4 bytes; any other size is errc::length_mismatch.
 *
 * Lifetime: the view borrows `datagram`.
 */
inline result<channel_data_view> parse_channel_data(bytes_view datagram) noexcept {
    if (datagram.size() < channel_data_header_size) return errc::too_short;
    const std::uint16_t channel = detail::load_u16(datagram.data());
    if (!is_channel_data_channel(channel)) return errc::bad_channel_number;
    const std::size_t length = detail::load_u16(datagram.data() + 2);
    const std::size_t room = datagram.size() - channel_data_header_size;
    if (length > room) return errc::channel_data_truncated;
    if (room != length && room != detail::pad4(length)) return errc::length_mismatch;
    return channel_data_view{channel, datagram.subspan(channel_data_header_size, length)};
}

/**
 * @brief Writes a ChannelData frame into `out` and returns the bytes written.
 *
 * `padded` adds the zero padding to 4 bytes that stream transports require (RFC 8656
 * §12.5); over UDP it may be left out. Lifetime: the result views `out`.
 */
inline result<bytes_view> build_channel_data(mutable_bytes out, std::uint16_t channel, bytes_view data,
                                             bool padded) noexcept {
    if (!is_channel_data_channel(channel)) return errc::bad_channel_number;
    if (data.size() > max_length_field) return errc::value_too_large;
    const std::size_t body = padded ? detail::pad4(data.size()) : data.size();
    const std::size_t size = channel_data_header_size + body;
    if (out.size() < size) return errc::no_space;
    std::uint8_t* p = out.data();
    detail::store_u16(p, channel);
    detail::store_u16(p + 2, static_cast<std::uint16_t>(data.size()));
    for (std::size_t i = 0; i < body; ++i) p[channel_data_header_size + i] = i < data.size() ? data[i] : 0;
    return bytes_view(p, size);
}

}  // namespace turn
STUNKIT_END_NAMESPACE
