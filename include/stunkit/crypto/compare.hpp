/**
 * @file crypto/compare.hpp
 * @brief Constant-time comparison of MACs.
 */
#pragma once

#include "../config.hpp"
#include "block_hash.hpp"

#include <cstddef>
#include <cstdint>

STUNKIT_BEGIN_NAMESPACE
namespace crypto {

/**
 * @brief True when `a` and `b` hold the same bytes, in time that depends only on their length.
 *
 * A MAC check that stops at the first differing byte tells an attacker, through timing, how
 * many leading bytes of a forged MESSAGE-INTEGRITY are right (RFC 8489 §14.5 values are
 * compared whole). Every byte is visited and the differences are OR-ed together, with no
 * data-dependent branch. Lengths are public: a length mismatch returns false at once.
 */
inline bool equal_constant_time(bytes_view a, bytes_view b) noexcept {
    if (a.size() != b.size()) return false;
    const std::uint8_t* pa = a.data();
    const std::uint8_t* pb = b.data();
    unsigned diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned>(pa[i] ^ pb[i]);
#if defined(__GNUC__) || defined(__clang__)
    // An empty asm that claims to change `diff` stops the optimiser from reasoning about its
    // value, so it cannot turn the loop into an early exit.
    __asm__("" : "+r"(diff));
#endif
    return diff == 0;
}

}  // namespace crypto
STUNKIT_END_NAMESPACE
