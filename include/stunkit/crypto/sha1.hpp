/**
 * @file crypto/sha1.hpp
 * @brief SHA-1 (FIPS 180-4 §6.1): portable code and an x86 SHA-extensions kernel.
 *
 * STUN needs SHA-1 only inside HMAC-SHA1 for MESSAGE-INTEGRITY (RFC 8489 §14.5), where its
 * known collision attacks do not apply.
 */
#pragma once

#include "../config.hpp"
#include "../detail/wire.hpp"
#include "block_hash.hpp"
#include "cpu.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#if STUNKIT_CRYPTO_X86
#include <immintrin.h>
#endif

STUNKIT_BEGIN_NAMESPACE
namespace crypto {

/** @brief A SHA-1 digest (160 bits). */
using sha1_digest = std::array<std::uint8_t, 20>;

namespace detail {

/** @brief The SHA-1 state: the five 32-bit words H0..H4 of FIPS 180-4 §6.1. */
using sha1_state = std::array<std::uint32_t, 5>;

/** @brief Ch, the round function of SHA-1 rounds 0-19 (FIPS 180-4 §4.1.1). */
struct sha1_ch {
    /** @brief Ch(x, y, z), written with one fewer operation than the spec's form. */
    static constexpr std::uint32_t f(std::uint32_t x, std::uint32_t y, std::uint32_t z) noexcept {
        return z ^ (x & (y ^ z));
    }
    static constexpr std::uint32_t k = 0x5A827999U;  ///< K for rounds 0-19 (§4.2.1).
};
/** @brief Parity, the round function of SHA-1 rounds 20-39 (FIPS 180-4 §4.1.1). */
struct sha1_parity {
    /** @brief Parity(x, y, z). */
    static constexpr std::uint32_t f(std::uint32_t x, std::uint32_t y, std::uint32_t z) noexcept {
        return x ^ y ^ z;
    }
    static constexpr std::uint32_t k = 0x6ED9EBA1U;  ///< K for rounds 20-39 (§4.2.1).
};
/** @brief Maj, the round function of SHA-1 rounds 40-59 (FIPS 180-4 §4.1.1). */
struct sha1_maj {
    /** @brief Maj(x, y, z). */
    static constexpr std::uint32_t f(std::uint32_t x, std::uint32_t y, std::uint32_t z) noexcept {
        return (x & y) | (z & (x | y));
    }
    static constexpr std::uint32_t k = 0x8F1BBCDCU;  ///< K for rounds 40-59 (§4.2.1).
};
/** @brief Parity again for rounds 60-79, with the last round constant. */
struct sha1_parity2 : sha1_parity {
    static constexpr std::uint32_t k = 0xCA62C1D6U;  ///< K for rounds 60-79 (§4.2.1).
};

/**
 * @brief One SHA-1 round t (FIPS 180-4 §6.1.2 step 4) on the working variables `v`.
 *
 * Instead of shuffling a..e after every round, the roles rotate through the array: the
 * variable playing `a` in round t is v[(5 - t % 5) % 5]. With t a template argument every
 * index is a constant, so the array lives in registers.
 */
template <std::size_t T>
inline void sha1_round(std::uint32_t (&v)[5], std::uint32_t (&w)[16]) noexcept {
    using round_function = std::conditional_t<
        (T < 20), sha1_ch,
        std::conditional_t<(T < 40), sha1_parity,
                           std::conditional_t<(T < 60), sha1_maj, sha1_parity2>>>;
    constexpr std::size_t s = 5 - T % 5;
    std::uint32_t& a = v[(s + 0) % 5];
    std::uint32_t& b = v[(s + 1) % 5];
    std::uint32_t& c = v[(s + 2) % 5];
    std::uint32_t& d = v[(s + 3) % 5];
    std::uint32_t& e = v[(s + 4) % 5];
    if constexpr (T >= 16) {
        // §6.1.2 step 1, kept in a 16-word ring: W[t-3], W[t-8], W[t-14], W[t-16].
        w[T % 16] = rotl(w[(T + 13) % 16] ^ w[(T + 8) % 16] ^ w[(T + 2) % 16] ^ w[T % 16], 1);
    }
    e += rotl(a, 5) + round_function::f(b, c, d) + round_function::k + w[T % 16];
    b = rotl(b, 30);
}

/** @brief Runs rounds T... in order. */
template <std::size_t... T>
inline void sha1_rounds(std::uint32_t (&v)[5], std::uint32_t (&w)[16],
                        std::index_sequence<T...> /*rounds*/) noexcept {
    (sha1_round<T>(v, w), ...);
}

/** @brief The portable SHA-1 compression function over `blocks` 64-byte blocks. */
inline void sha1_compress_portable(sha1_state& state, const std::uint8_t* data,
                                   std::size_t blocks) noexcept {
    for (; blocks != 0; --blocks, data += 64) {
        std::uint32_t w[16];
        for (std::size_t i = 0; i < 16; ++i) w[i] = ::stunkit::detail::load_u32(data + 4 * i);
        std::uint32_t v[5] = {state[0], state[1], state[2], state[3], state[4]};
        sha1_rounds(v, w, std::make_index_sequence<80>{});
        for (std::size_t i = 0; i < 5; ++i) state[i] += v[i];
    }
}

#if STUNKIT_CRYPTO_X86
/**
 * @brief Four SHA-1 rounds (group G of 20) with SHA1RNDS4, and the message schedule for
 * group G + 4 with SHA1MSG1/SHA1MSG2.
 *
 * `m[i % 4]` holds schedule words 4i..4i+3 (W[4i] in the top lane). `prev` is the ABCD value
 * before the previous group, from which SHA1NEXTE derives this group's E.
 */
template <int G>
STUNKIT_CRYPTO_TARGET("sha,ssse3,sse4.1")
__attribute__((always_inline)) inline void sha1_ni_group(__m128i& abcd, __m128i& e, __m128i& prev,
                                                         __m128i (&m)[4]) noexcept {
    if constexpr (G == 0) {
        e = _mm_add_epi32(e, m[0]);
    } else {
        e = _mm_sha1nexte_epu32(prev, m[G % 4]);
    }
    prev = abcd;
    abcd = _mm_sha1rnds4_epu32(abcd, e, G / 5);
    if constexpr (G < 16) {
        // W[t] = ROTL1(W[t-3] ^ W[t-8] ^ W[t-14] ^ W[t-16]) for the four words of group G+4.
        m[G % 4] = _mm_sha1msg2_epu32(
            _mm_xor_si128(_mm_sha1msg1_epu32(m[G % 4], m[(G + 1) % 4]), m[(G + 2) % 4]),
            m[(G + 3) % 4]);
    }
}

/** @brief Runs groups G... in order. */
template <int... G>
STUNKIT_CRYPTO_TARGET("sha,ssse3,sse4.1")
__attribute__((always_inline)) inline void sha1_ni_groups(
    __m128i& abcd, __m128i& e, __m128i& prev, __m128i (&m)[4],
    std::integer_sequence<int, G...> /*g*/) noexcept {
    (sha1_ni_group<G>(abcd, e, prev, m), ...);
}

/** @brief Loads 16 message bytes and reorders them with `order` (a PSHUFB mask). */
STUNKIT_CRYPTO_TARGET("sha,ssse3,sse4.1")
__attribute__((always_inline)) inline __m128i sha1_ni_load(const std::uint8_t* p,
                                                           __m128i order) noexcept {
    return _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), order);
}

/** @brief The SHA-1 compression function with the x86 SHA extensions. */
STUNKIT_CRYPTO_TARGET("sha,ssse3,sse4.1")
inline void sha1_compress_shani(sha1_state& state, const std::uint8_t* data,
                                std::size_t blocks) noexcept {
    // SHA1RNDS4 wants A in the top lane and E alone in the top lane of a second register.
    const __m128i reverse_bytes =
        _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    __m128i abcd = _mm_set_epi32(static_cast<int>(state[0]), static_cast<int>(state[1]),
                                 static_cast<int>(state[2]), static_cast<int>(state[3]));
    __m128i e0 = _mm_set_epi32(static_cast<int>(state[4]), 0, 0, 0);
    for (; blocks != 0; --blocks, data += 64) {
        const __m128i abcd_saved = abcd;
        const __m128i e_saved = e0;
        __m128i m[4] = {sha1_ni_load(data, reverse_bytes), sha1_ni_load(data + 16, reverse_bytes),
                        sha1_ni_load(data + 32, reverse_bytes),
                        sha1_ni_load(data + 48, reverse_bytes)};
        __m128i e = e0;
        __m128i prev = abcd;
        sha1_ni_groups(abcd, e, prev, m, std::make_integer_sequence<int, 20>{});
        // E after the last group is ROTL30 of A before it, plus the saved E (§6.1.2 step 4).
        e0 = _mm_sha1nexte_epu32(prev, e_saved);
        abcd = _mm_add_epi32(abcd, abcd_saved);
    }
    state[0] = static_cast<std::uint32_t>(_mm_extract_epi32(abcd, 3));
    state[1] = static_cast<std::uint32_t>(_mm_extract_epi32(abcd, 2));
    state[2] = static_cast<std::uint32_t>(_mm_extract_epi32(abcd, 1));
    state[3] = static_cast<std::uint32_t>(_mm_extract_epi32(abcd, 0));
    state[4] = static_cast<std::uint32_t>(_mm_extract_epi32(e0, 3));
}
#endif

/** @brief basic_hasher traits for SHA-1. */
struct sha1_traits {
    static constexpr std::size_t digest_size = 20;  ///< 160-bit digest.
    static constexpr bool big_endian = true;        ///< FIPS 180-4 words are big-endian.
    using state_type = sha1_state;                  ///< H0..H4.
    /** @brief The initial hash value H(0) (FIPS 180-4 §5.3.1). */
    static constexpr state_type initial_state{
        {0x67452301U, 0xEFCDAB89U, 0x98BADCFEU, 0x10325476U, 0xC3D2E1F0U}};

    /** @brief Whether `f` selects the SHA-extensions kernel (and it is compiled in). */
    static constexpr bool use_hardware(cpu_features f) noexcept {
        return STUNKIT_CRYPTO_X86 != 0 && f.sha;
    }
    /** @brief Compresses `blocks` 64-byte blocks into `state`. */
    static void compress(state_type& state, const std::uint8_t* data, std::size_t blocks,
                         bool hardware) noexcept {
#if STUNKIT_CRYPTO_X86
        if (hardware) {
            sha1_compress_shani(state, data, blocks);
            return;
        }
#else
        static_cast<void>(hardware);
#endif
        sha1_compress_portable(state, data, blocks);
    }
};

}  // namespace detail

/**
 * @brief Incremental SHA-1 (FIPS 180-4 §6.1).
 *
 * `sha1_hasher h; h.update(a); h.update(b); sha1_digest d = h.finish();`
 */
using sha1_hasher = basic_hasher<detail::sha1_traits>;

/** @brief The SHA-1 digest of `data`, using the extensions in `features`. */
inline sha1_digest sha1(bytes_view data, cpu_features features = default_cpu_features()) noexcept {
    sha1_hasher h(features);
    h.update(data);
    return h.finish();
}

}  // namespace crypto
STUNKIT_END_NAMESPACE
