/**
 * @file crypto/crc32.hpp
 * @brief CRC-32 of ISO/IEC 3309 / ITU-T V.42 / IEEE 802.3 (reflected polynomial 0xEDB88320),
 * the CRC that STUN's FINGERPRINT uses (RFC 8489 §14.7, which then XORs 0x5354554E).
 *
 * Portable code is slicing-by-8 over constexpr tables. On x86 with PCLMULQDQ, inputs of 64
 * bytes or more are folded 128 bits at a time with carry-less multiplication (the method of
 * Gopal et al., "Fast CRC Computation for Generic Polynomials Using PCLMULQDQ", Intel 2009).
 */
#pragma once

#include "../config.hpp"
#include "block_hash.hpp"
#include "cpu.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

#if STUNKIT_CRYPTO_X86
#include <immintrin.h>
#endif

STUNKIT_BEGIN_NAMESPACE
namespace crypto {
namespace detail {

/** @brief The reflected CRC-32 generator polynomial, x^32 implied. */
inline constexpr std::uint32_t crc32_polynomial = 0xEDB88320U;

/**
 * @brief Builds the eight slicing-by-8 tables: table[0] is the classic byte-at-a-time table,
 * table[k][b] is the CRC contribution of byte b followed by k zero bytes.
 */
constexpr std::array<std::array<std::uint32_t, 256>, 8> make_crc32_tables() noexcept {
    std::array<std::array<std::uint32_t, 256>, 8> t{};
    for (std::uint32_t b = 0; b < 256; ++b) {
        std::uint32_t r = b;
        for (int bit = 0; bit < 8; ++bit)
            r = (r & 1U) != 0 ? (r >> 1U) ^ crc32_polynomial : r >> 1U;
        t[0][b] = r;
    }
    for (std::size_t k = 1; k < 8; ++k) {
        for (std::size_t b = 0; b < 256; ++b) {
            const std::uint32_t prev = t[k - 1][b];
            t[k][b] = (prev >> 8U) ^ t[0][prev & 0xFFU];
        }
    }
    return t;
}

/** @brief The slicing-by-8 tables (8 KiB, computed at compile time). */
inline constexpr std::array<std::array<std::uint32_t, 256>, 8> crc32_tables = make_crc32_tables();

/**
 * @brief Advances the raw CRC register (no pre/post inversion) over `size` bytes, eight at a
 * time with one lookup per byte in independent tables.
 */
inline std::uint32_t crc32_slice8(std::uint32_t crc, const std::uint8_t* p,
                                  std::size_t size) noexcept {
    const auto& t = crc32_tables;
    for (; size >= 8; size -= 8, p += 8) {
        const std::uint32_t lo = load_u32_le(p) ^ crc;
        const std::uint32_t hi = load_u32_le(p + 4);
        crc = t[7][lo & 0xFFU] ^ t[6][(lo >> 8U) & 0xFFU] ^ t[5][(lo >> 16U) & 0xFFU] ^
              t[4][lo >> 24U] ^ t[3][hi & 0xFFU] ^ t[2][(hi >> 8U) & 0xFFU] ^
              t[1][(hi >> 16U) & 0xFFU] ^ t[0][hi >> 24U];
    }
    for (; size != 0; --size, ++p) crc = (crc >> 8U) ^ t[0][(crc ^ *p) & 0xFFU];
    return crc;
}

/**
 * @brief x^n mod P, bit-reflected and multiplied by x, as a carry-less multiplier.
 *
 * In the reflected domain bit i of a 32-bit value is the coefficient of x^(31-i);
 * multiplying by x is a right shift with reduction by P when x^31 falls out. The extra
 * factor x (the left shift) compensates for PCLMULQDQ's product of two reflected operands
 * coming out one bit position short.
 */
constexpr std::uint64_t crc32_fold_constant(unsigned n) noexcept {
    std::uint32_t v = 0x80000000U;  // x^0
    for (unsigned i = 0; i < n; ++i) v = (v & 1U) != 0 ? (v >> 1U) ^ crc32_polynomial : v >> 1U;
    return static_cast<std::uint64_t>(v) << 1U;
}

// Folding a 128-bit remainder forward by D bits multiplies its low (earlier, higher-degree)
// 64 bits by x^(D+32) mod P and its high 64 bits by x^(D-32) mod P: the extra x^(+-32)
// converts between the 64-bit halves and the 32-bit CRC. D = 512 folds four lanes in
// parallel, D = 128 folds one lane into the next.
/** @brief Multiplier for the low half when folding by 512 bits: x^544 mod P. */
inline constexpr std::uint64_t crc32_k512_lo = crc32_fold_constant(512 + 32);
/** @brief Multiplier for the high half when folding by 512 bits: x^480 mod P. */
inline constexpr std::uint64_t crc32_k512_hi = crc32_fold_constant(512 - 32);
/** @brief Multiplier for the low half when folding by 128 bits: x^160 mod P. */
inline constexpr std::uint64_t crc32_k128_lo = crc32_fold_constant(128 + 32);
/** @brief Multiplier for the high half when folding by 128 bits: x^96 mod P. */
inline constexpr std::uint64_t crc32_k128_hi = crc32_fold_constant(128 - 32);

#if STUNKIT_CRYPTO_X86
/** @brief Loads 16 unaligned bytes. */
STUNKIT_CRYPTO_TARGET("pclmul,sse2")
__attribute__((always_inline)) inline __m128i crc32_load(const std::uint8_t* p) noexcept {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

/** @brief Folds the 128-bit remainder `x` forward over the next 128-bit block `next`. */
STUNKIT_CRYPTO_TARGET("pclmul,sse2")
__attribute__((always_inline)) inline __m128i crc32_fold(__m128i x, __m128i k,
                                                         __m128i next) noexcept {
    // Selector 0x00 multiplies the low halves, 0x11 the high halves.
    return _mm_xor_si128(
        _mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11)), next);
}

/**
 * @brief Advances the raw CRC register over `size` bytes (at least 64) with PCLMULQDQ.
 *
 * The invariant: the 128-bit remainder is congruent, modulo P, to everything consumed so far,
 * so the CRC of the remainder alone, with a zero register, is the CRC so far. That makes the
 * final 128-to-32-bit reduction a 16-byte slicing-by-8 step instead of a Barrett reduction.
 */
STUNKIT_CRYPTO_TARGET("pclmul,sse2")
inline std::uint32_t crc32_pclmul(std::uint32_t crc, const std::uint8_t* p,
                                  std::size_t size) noexcept {
    const __m128i k128 = _mm_set_epi64x(static_cast<long long>(crc32_k128_hi),
                                        static_cast<long long>(crc32_k128_lo));
    // The register enters as the XOR into the first 32 message bits.
    __m128i x0 = _mm_xor_si128(crc32_load(p), _mm_cvtsi32_si128(static_cast<int>(crc)));
    __m128i x1 = crc32_load(p + 16);
    __m128i x2 = crc32_load(p + 32);
    __m128i x3 = crc32_load(p + 48);
    p += 64;
    size -= 64;
    if (size >= 64) {
        const __m128i k512 = _mm_set_epi64x(static_cast<long long>(crc32_k512_hi),
                                            static_cast<long long>(crc32_k512_lo));
        // Four independent lanes hide the multiplier latency on long inputs.
        for (; size >= 64; size -= 64, p += 64) {
            x0 = crc32_fold(x0, k512, crc32_load(p));
            x1 = crc32_fold(x1, k512, crc32_load(p + 16));
            x2 = crc32_fold(x2, k512, crc32_load(p + 32));
            x3 = crc32_fold(x3, k512, crc32_load(p + 48));
        }
    }
    __m128i x = crc32_fold(x0, k128, x1);
    x = crc32_fold(x, k128, x2);
    x = crc32_fold(x, k128, x3);
    for (; size >= 16; size -= 16, p += 16) x = crc32_fold(x, k128, crc32_load(p));

    std::array<std::uint8_t, 16> rest{};
    _mm_storeu_si128(reinterpret_cast<__m128i*>(rest.data()), x);
    crc = crc32_slice8(0, rest.data(), rest.size());
    return crc32_slice8(crc, p, size);
}
#endif

/** @brief Below this size the folding set-up costs more than it saves. */
inline constexpr std::size_t crc32_pclmul_threshold = 64;

}  // namespace detail

/**
 * @brief Continues a CRC-32: the CRC of A || `data` given `crc` = the CRC of A.
 *
 * Start from 0 for a new message (the standard pre- and post-inversion by 0xFFFFFFFF happen
 * inside), so crc32_update(crc32_update(0, a), b) == crc32(a || b). Uses the PCLMULQDQ kernel
 * when `features.pclmul` is set and the input is long enough.
 */
inline std::uint32_t crc32_update(std::uint32_t crc, bytes_view data,
                                  cpu_features features = default_cpu_features()) noexcept {
    const std::uint8_t* p = data.data();
    const std::size_t size = data.size();
    std::uint32_t reg = ~crc;
#if STUNKIT_CRYPTO_X86
    if (features.pclmul && size >= detail::crc32_pclmul_threshold) {
        return ~detail::crc32_pclmul(reg, p, size);
    }
#else
    static_cast<void>(features);
#endif
    return ~detail::crc32_slice8(reg, p, size);
}

/**
 * @brief The CRC-32 of `data` (check value: "123456789" gives 0xCBF43926).
 *
 * STUN's FINGERPRINT value is this CRC XORed with 0x5354554E (RFC 8489 §14.7).
 */
inline std::uint32_t crc32(bytes_view data,
                           cpu_features features = default_cpu_features()) noexcept {
    return crc32_update(0, data, features);
}

}  // namespace crypto
STUNKIT_END_NAMESPACE
