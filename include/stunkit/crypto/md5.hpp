/**
 * @file crypto/md5.hpp
 * @brief MD5 (RFC 1321), portable only.
 *
 * STUN needs MD5 for one thing: the long-term credential key
 * MD5(username ":" realm ":" password) of RFC 8489 §9.2.2, computed once per credential.
 * That is never hot, so there is no hardware path.
 */
#pragma once

#include "../config.hpp"
#include "block_hash.hpp"
#include "cpu.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>

STUNKIT_BEGIN_NAMESPACE
namespace crypto {

/** @brief An MD5 digest (128 bits). */
using md5_digest = std::array<std::uint8_t, 16>;

namespace detail {

/** @brief The MD5 state: the four 32-bit words A, B, C, D of RFC 1321 §3.3. */
using md5_state = std::array<std::uint32_t, 4>;

/** @brief T[1..64] of RFC 1321 §3.4: floor(2^32 * abs(sin(i))), here indexed from 0. */
inline constexpr std::array<std::uint32_t, 64> md5_t{{
    0xD76AA478U, 0xE8C7B756U, 0x242070DBU, 0xC1BDCEEEU, 0xF57C0FAFU, 0x4787C62AU, 0xA8304613U,
    0xFD469501U, 0x698098D8U, 0x8B44F7AFU, 0xFFFF5BB1U, 0x895CD7BEU, 0x6B901122U, 0xFD987193U,
    0xA679438EU, 0x49B40821U, 0xF61E2562U, 0xC040B340U, 0x265E5A51U, 0xE9B6C7AAU, 0xD62F105DU,
    0x02441453U, 0xD8A1E681U, 0xE7D3FBC8U, 0x21E1CDE6U, 0xC33707D6U, 0xF4D50D87U, 0x455A14EDU,
    0xA9E3E905U, 0xFCEFA3F8U, 0x676F02D9U, 0x8D2A4C8AU, 0xFFFA3942U, 0x8771F681U, 0x6D9D6122U,
    0xFDE5380CU, 0xA4BEEA44U, 0x4BDECFA9U, 0xF6BB4B60U, 0xBEBFBC70U, 0x289B7EC6U, 0xEAA127FAU,
    0xD4EF3085U, 0x04881D05U, 0xD9D4D039U, 0xE6DB99E5U, 0x1FA27CF8U, 0xC4AC5665U, 0xF4292244U,
    0x432AFF97U, 0xAB9423A7U, 0xFC93A039U, 0x655B59C3U, 0x8F0CCC92U, 0xFFEFF47DU, 0x85845DD1U,
    0x6FA87E4FU, 0xFE2CE6E0U, 0xA3014314U, 0x4E0811A1U, 0xF7537E82U, 0xBD3AF235U, 0x2AD7D2BBU,
    0xEB86D391U,
}};

/** @brief The left-rotation amounts of RFC 1321 §3.4, four per round. */
inline constexpr std::array<unsigned, 16> md5_shift{
    {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21}};

/**
 * @brief One MD5 step i (RFC 1321 §3.4): a = b + ((a + F(b,c,d) + X[k] + T[i]) <<< s).
 *
 * The roles a..d rotate through `v` (a is v[(4 - i % 4) % 4]), as the spec's step listing
 * does by renaming, so no values move between steps.
 */
template <std::size_t I>
inline void md5_step(std::uint32_t (&v)[4], const std::uint32_t (&x)[16]) noexcept {
    constexpr std::size_t s = 4 - I % 4;
    std::uint32_t& a = v[(s + 0) % 4];
    const std::uint32_t b = v[(s + 1) % 4];
    const std::uint32_t c = v[(s + 2) % 4];
    const std::uint32_t d = v[(s + 3) % 4];
    std::uint32_t f = 0;
    std::size_t k = 0;
    if constexpr (I < 16) {
        f = d ^ (b & (c ^ d));  // F = XY v not(X)Z
        k = I;
    } else if constexpr (I < 32) {
        f = c ^ (d & (b ^ c));  // G = XZ v Y not(Z)
        k = (5 * I + 1) % 16;
    } else if constexpr (I < 48) {
        f = b ^ c ^ d;  // H = X xor Y xor Z
        k = (3 * I + 5) % 16;
    } else {
        f = c ^ (b | ~d);  // I = Y xor (X v not(Z))
        k = (7 * I) % 16;
    }
    a = b + rotl(a + f + x[k] + md5_t[I], md5_shift[(I / 16) * 4 + I % 4]);
}

/** @brief Runs steps I... in order. */
template <std::size_t... I>
inline void md5_steps(std::uint32_t (&v)[4], const std::uint32_t (&x)[16],
                      std::index_sequence<I...> /*steps*/) noexcept {
    (md5_step<I>(v, x), ...);
}

/** @brief The MD5 compression function over `blocks` 64-byte blocks (RFC 1321 §3.4). */
inline void md5_compress(md5_state& state, const std::uint8_t* data, std::size_t blocks) noexcept {
    for (; blocks != 0; --blocks, data += 64) {
        std::uint32_t x[16];
        for (std::size_t i = 0; i < 16; ++i) x[i] = load_u32_le(data + 4 * i);
        std::uint32_t v[4] = {state[0], state[1], state[2], state[3]};
        md5_steps(v, x, std::make_index_sequence<64>{});
        for (std::size_t i = 0; i < 4; ++i) state[i] += v[i];
    }
}

/** @brief basic_hasher traits for MD5. */
struct md5_traits {
    static constexpr std::size_t digest_size = 16;  ///< 128-bit digest.
    static constexpr bool big_endian = false;       ///< RFC 1321 is little-endian throughout.
    using state_type = md5_state;                   ///< A, B, C, D.
    /** @brief The initial buffer of RFC 1321 §3.3. */
    static constexpr state_type initial_state{{0x67452301U, 0xEFCDAB89U, 0x98BADCFEU, 0x10325476U}};

    /** @brief Always false: MD5 has no hardware path. */
    static constexpr bool use_hardware(cpu_features /*f*/) noexcept { return false; }
    /** @brief Compresses `blocks` 64-byte blocks into `state`. */
    static void compress(state_type& state, const std::uint8_t* data, std::size_t blocks,
                         bool /*hardware*/) noexcept {
        md5_compress(state, data, blocks);
    }
};

}  // namespace detail

/**
 * @brief Incremental MD5 (RFC 1321).
 *
 * Feed the parts of a long-term credential without concatenating them:
 * `md5_hasher h; h.update(user); h.update(colon); h.update(realm); ... h.finish();`
 */
using md5_hasher = basic_hasher<detail::md5_traits>;

/** @brief The MD5 digest of `data`. */
inline md5_digest md5(bytes_view data) noexcept {
    md5_hasher h(cpu_features::portable());
    h.update(data);
    return h.finish();
}

}  // namespace crypto
STUNKIT_END_NAMESPACE
