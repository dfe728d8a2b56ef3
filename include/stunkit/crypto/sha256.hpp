/**
 * @file crypto/sha256.hpp
 * @brief SHA-256 (FIPS 180-4 §6.2): portable code and an x86 SHA-extensions kernel.
 *
 * STUN uses it for MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6, inside HMAC), USERHASH
 * (§14.4) and the SHA-256 password algorithm (§18.5.1.2).
 */
#pragma once

#include "../config.hpp"
#include "../detail/wire.hpp"
#include "block_hash.hpp"
#include "cpu.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>

#if STUNKIT_CRYPTO_X86
#include <immintrin.h>
#endif

STUNKIT_BEGIN_NAMESPACE
namespace crypto {

/** @brief A SHA-256 digest (256 bits). */
using sha256_digest = std::array<std::uint8_t, 32>;

namespace detail {

/** @brief The SHA-256 state: the eight 32-bit words H0..H7 of FIPS 180-4 §6.2. */
using sha256_state = std::array<std::uint32_t, 8>;

/** @brief The 64 round constants K (FIPS 180-4 §4.2.2). */
inline constexpr std::array<std::uint32_t, 64> sha256_k{{
    0x428A2F98U, 0x71374491U, 0xB5C0FBCFU, 0xE9B5DBA5U, 0x3956C25BU, 0x59F111F1U, 0x923F82A4U,
    0xAB1C5ED5U, 0xD807AA98U, 0x12835B01U, 0x243185BEU, 0x550C7DC3U, 0x72BE5D74U, 0x80DEB1FEU,
    0x9BDC06A7U, 0xC19BF174U, 0xE49B69C1U, 0xEFBE4786U, 0x0FC19DC6U, 0x240CA1CCU, 0x2DE92C6FU,
    0x4A7484AAU, 0x5CB0A9DCU, 0x76F988DAU, 0x983E5152U, 0xA831C66DU, 0xB00327C8U, 0xBF597FC7U,
    0xC6E00BF3U, 0xD5A79147U, 0x06CA6351U, 0x14292967U, 0x27B70A85U, 0x2E1B2138U, 0x4D2C6DFCU,
    0x53380D13U, 0x650A7354U, 0x766A0ABBU, 0x81C2C92EU, 0x92722C85U, 0xA2BFE8A1U, 0xA81A664BU,
    0xC24B8B70U, 0xC76C51A3U, 0xD192E819U, 0xD6990624U, 0xF40E3585U, 0x106AA070U, 0x19A4C116U,
    0x1E376C08U, 0x2748774CU, 0x34B0BCB5U, 0x391C0CB3U, 0x4ED8AA4AU, 0x5B9CCA4FU, 0x682E6FF3U,
    0x748F82EEU, 0x78A5636FU, 0x84C87814U, 0x8CC70208U, 0x90BEFFFAU, 0xA4506CEBU, 0xBEF9A3F7U,
    0xC67178F2U,
}};

/**
 * @brief One SHA-256 round t (FIPS 180-4 §6.2.2 steps 1 and 3) on the working variables `v`.
 *
 * The roles a..h rotate through the array (a is v[(8 - t % 8) % 8]) instead of being moved
 * after each round; with t a template argument the indices are constants and `v` stays in
 * registers.
 */
template <std::size_t T>
inline void sha256_round(std::uint32_t (&v)[8], std::uint32_t (&w)[16]) noexcept {
    constexpr std::size_t s = 8 - T % 8;
    const std::uint32_t a = v[(s + 0) % 8];
    const std::uint32_t b = v[(s + 1) % 8];
    const std::uint32_t c = v[(s + 2) % 8];
    std::uint32_t& d = v[(s + 3) % 8];
    const std::uint32_t e = v[(s + 4) % 8];
    const std::uint32_t f = v[(s + 5) % 8];
    const std::uint32_t g = v[(s + 6) % 8];
    std::uint32_t& h = v[(s + 7) % 8];
    if constexpr (T >= 16) {
        // §6.2.2 step 1 in a 16-word ring: sigma1(W[t-2]) + W[t-7] + sigma0(W[t-15]) + W[t-16].
        const std::uint32_t w2 = w[(T + 14) % 16];
        const std::uint32_t w15 = w[(T + 1) % 16];
        const std::uint32_t s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10U);
        const std::uint32_t s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3U);
        w[T % 16] += s1 + w[(T + 9) % 16] + s0;
    }
    // §4.1.2: Sigma1, Ch, Sigma0, Maj.
    const std::uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + (g ^ (e & (f ^ g))) +
                             sha256_k[T] + w[T % 16];
    const std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) | (c & (a | b)));
    d += t1;
    h = t1 + t2;
}

/** @brief Runs rounds T... in order. */
template <std::size_t... T>
inline void sha256_rounds(std::uint32_t (&v)[8], std::uint32_t (&w)[16],
                          std::index_sequence<T...> /*rounds*/) noexcept {
    (sha256_round<T>(v, w), ...);
}

/** @brief The portable SHA-256 compression function over `blocks` 64-byte blocks. */
inline void sha256_compress_portable(sha256_state& state, const std::uint8_t* data,
                                     std::size_t blocks) noexcept {
    for (; blocks != 0; --blocks, data += 64) {
        std::uint32_t w[16];
        for (std::size_t i = 0; i < 16; ++i) w[i] = ::stunkit::detail::load_u32(data + 4 * i);
        std::uint32_t v[8];
        for (std::size_t i = 0; i < 8; ++i) v[i] = state[i];
        sha256_rounds(v, w, std::make_index_sequence<64>{});
        for (std::size_t i = 0; i < 8; ++i) state[i] += v[i];
    }
}

#if STUNKIT_CRYPTO_X86
/**
 * @brief Four SHA-256 rounds (group G of 16) with two SHA256RNDS2, and the message schedule
 * for group G + 4 with SHA256MSG1/SHA256MSG2.
 *
 * The state is split the way the instruction wants it: `abef` = {A, B, E, F} and
 * `cdgh` = {C, D, G, H}, A and C in the top lanes. `m[i % 4]` holds W[4i..4i+3], W[4i] in
 * the bottom lane.
 */
template <int G>
STUNKIT_CRYPTO_TARGET("sha,ssse3,sse4.1")
__attribute__((always_inline)) inline void sha256_ni_group(__m128i& abef, __m128i& cdgh,
                                                           __m128i (&m)[4]) noexcept {
    const __m128i k =
        _mm_set_epi32(static_cast<int>(sha256_k[4 * G + 3]), static_cast<int>(sha256_k[4 * G + 2]),
                      static_cast<int>(sha256_k[4 * G + 1]), static_cast<int>(sha256_k[4 * G]));
    const __m128i wk = _mm_add_epi32(m[G % 4], k);
    // SHA256RNDS2 does two rounds with the two low lanes of W+K and returns the new ABEF;
    // after two rounds the old ABEF is exactly the new CDGH.
    cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
    abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));
    if constexpr (G < 12) {
        // W[t] = sigma1(W[t-2]) + W[t-7] + sigma0(W[t-15]) + W[t-16] for group G+4: MSG1 adds
        // sigma0, ALIGNR picks W[t-7], MSG2 adds sigma1 (serially within the four words).
        const __m128i w7 = _mm_alignr_epi8(m[(G + 3) % 4], m[(G + 2) % 4], 4);
        m[G % 4] = _mm_sha256msg2_epu32(
            _mm_add_epi32(_mm_sha256msg1_epu32(m[G % 4], m[(G + 1) % 4]), w7), m[(G + 3) % 4]);
    }
}

/** @brief Runs groups G... in order. */
template <int... G>
STUNKIT_CRYPTO_TARGET("sha,ssse3,sse4.1")
__attribute__((always_inline)) inline void sha256_ni_groups(
    __m128i& abef, __m128i& cdgh, __m128i (&m)[4],
    std::integer_sequence<int, G...> /*g*/) noexcept {
    (sha256_ni_group<G>(abef, cdgh, m), ...);
}

/** @brief Loads 16 message bytes and reorders them with `order` (a PSHUFB mask). */
STUNKIT_CRYPTO_TARGET("sha,ssse3,sse4.1")
__attribute__((always_inline)) inline __m128i sha256_ni_load(const std::uint8_t* p,
                                                             __m128i order) noexcept {
    return _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), order);
}

/** @brief The SHA-256 compression function with the x86 SHA extensions. */
STUNKIT_CRYPTO_TARGET("sha,ssse3,sse4.1")
inline void sha256_compress_shani(sha256_state& state, const std::uint8_t* data,
                                  std::size_t blocks) noexcept {
    // Byte-swaps each 32-bit lane: FIPS 180-4 words are big-endian.
    const __m128i swap_words = _mm_set_epi64x(0x0C0D0E0F08090A0BLL, 0x0405060700010203LL);
    __m128i abef = _mm_set_epi32(static_cast<int>(state[0]), static_cast<int>(state[1]),
                                 static_cast<int>(state[4]), static_cast<int>(state[5]));
    __m128i cdgh = _mm_set_epi32(static_cast<int>(state[2]), static_cast<int>(state[3]),
                                 static_cast<int>(state[6]), static_cast<int>(state[7]));
    for (; blocks != 0; --blocks, data += 64) {
        const __m128i abef_saved = abef;
        const __m128i cdgh_saved = cdgh;
        __m128i m[4] = {sha256_ni_load(data, swap_words), sha256_ni_load(data + 16, swap_words),
                        sha256_ni_load(data + 32, swap_words),
                        sha256_ni_load(data + 48, swap_words)};
        sha256_ni_groups(abef, cdgh, m, std::make_integer_sequence<int, 16>{});
        abef = _mm_add_epi32(abef, abef_saved);
        cdgh = _mm_add_epi32(cdgh, cdgh_saved);
    }
    state[0] = static_cast<std::uint32_t>(_mm_extract_epi32(abef, 3));
    state[1] = static_cast<std::uint32_t>(_mm_extract_epi32(abef, 2));
    state[4] = static_cast<std::uint32_t>(_mm_extract_epi32(abef, 1));
    state[5] = static_cast<std::uint32_t>(_mm_extract_epi32(abef, 0));
    state[2] = static_cast<std::uint32_t>(_mm_extract_epi32(cdgh, 3));
    state[3] = static_cast<std::uint32_t>(_mm_extract_epi32(cdgh, 2));
    state[6] = static_cast<std::uint32_t>(_mm_extract_epi32(cdgh, 1));
    state[7] = static_cast<std::uint32_t>(_mm_extract_epi32(cdgh, 0));
}
#endif

/** @brief basic_hasher traits for SHA-256. */
struct sha256_traits {
    static constexpr std::size_t digest_size = 32;  ///< 256-bit digest.
    static constexpr bool big_endian = true;        ///< FIPS 180-4 words are big-endian.
    using state_type = sha256_state;                ///< H0..H7.
    /** @brief The initial hash value H(0) (FIPS 180-4 §5.3.3). */
    static constexpr state_type initial_state{{0x6A09E667U, 0xBB67AE85U, 0x3C6EF372U, 0xA54FF53AU,
                                               0x510E527FU, 0x9B05688CU, 0x1F83D9ABU, 0x5BE0CD19U}};

    /** @brief Whether `f` selects the SHA-extensions kernel (and it is compiled in). */
    static constexpr bool use_hardware(cpu_features f) noexcept {
        return STUNKIT_CRYPTO_X86 != 0 && f.sha;
    }
    /** @brief Compresses `blocks` 64-byte blocks into `state`. */
    static void compress(state_type& state, const std::uint8_t* data, std::size_t blocks,
                         bool hardware) noexcept {
#if STUNKIT_CRYPTO_X86
        if (hardware) {
            sha256_compress_shani(state, data, blocks);
            return;
        }
#else
        static_cast<void>(hardware);
#endif
        sha256_compress_portable(state, data, blocks);
    }
};

}  // namespace detail

/**
 * @brief Incremental SHA-256 (FIPS 180-4 §6.2).
 *
 * `sha256_hasher h; h.update(a); h.update(b); sha256_digest d = h.finish();`
 */
using sha256_hasher = basic_hasher<detail::sha256_traits>;

/** @brief The SHA-256 digest of `data`, using the extensions in `features`. */
inline sha256_digest sha256(bytes_view data,
                            cpu_features features = default_cpu_features()) noexcept {
    sha256_hasher h(features);
    h.update(data);
    return h.finish();
}

}  // namespace crypto
STUNKIT_END_NAMESPACE
