/**
 * @file detail/wire.hpp
 * @brief Byte-order loads and stores: the only place that touches byte order. STUN is
 * big-endian; MD5 and CRC-32 are little-endian.
 */
#pragma once

#include "../config.hpp"

#include <boost/endian/conversion.hpp>

#include <cstddef>
#include <cstdint>

STUNKIT_BEGIN_NAMESPACE
namespace detail {

/** @brief Reads a big-endian 16-bit value; `p` must point at two readable bytes. */
inline std::uint16_t load_u16(const std::uint8_t* p) noexcept { return boost::endian::load_big_u16(p); }
/** @brief Reads a big-endian 32-bit value; `p` must point at four readable bytes. */
inline std::uint32_t load_u32(const std::uint8_t* p) noexcept { return boost::endian::load_big_u32(p); }
/** @brief Reads a big-endian 64-bit value; `p` must point at eight readable bytes. */
inline std::uint64_t load_u64(const std::uint8_t* p) noexcept { return boost::endian::load_big_u64(p); }
/** @brief Writes a big-endian 16-bit value; `p` must point at two writable bytes. */
inline void store_u16(std::uint8_t* p, std::uint16_t v) noexcept { boost::endian::store_big_u16(p, v); }
/** @brief Writes a big-endian 32-bit value; `p` must point at four writable bytes. */
inline void store_u32(std::uint8_t* p, std::uint32_t v) noexcept { boost::endian::store_big_u32(p, v); }
/** @brief Writes a big-endian 64-bit value; `p` must point at eight writable bytes. */
inline void store_u64(std::uint8_t* p, std::uint64_t v) noexcept { boost::endian::store_big_u64(p, v); }
/** @brief Reads a little-endian 32-bit value (MD5, CRC-32); `p` must point at four readable bytes. */
inline std::uint32_t load_u32_le(const std::uint8_t* p) noexcept { return boost::endian::load_little_u32(p); }
/** @brief Writes a little-endian 32-bit value (MD5); `p` must point at four writable bytes. */
inline void store_u32_le(std::uint8_t* p, std::uint32_t v) noexcept { boost::endian::store_little_u32(p, v); }

/** @brief Rounds a length up to the 4-byte boundary STUN and ChannelData align to. */
constexpr std::size_t pad4(std::size_t n) noexcept { return (n + 3U) & ~std::size_t{3}; }

}  // namespace detail
STUNKIT_END_NAMESPACE
