/**
 * @file detail/text.hpp
 * @brief UTF-8 validation for text attributes.
 */
#pragma once

#include "../config.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

STUNKIT_BEGIN_NAMESPACE
namespace detail {

/**
 * @brief True when `s` is well-formed UTF-8 (RFC 3629 §4): no overlong forms, no surrogates,
 * nothing above U+10FFFF, no truncated sequence.
 */
constexpr bool is_valid_utf8(std::string_view s) noexcept {
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        const auto b0 = static_cast<std::uint8_t>(s[i]);
        if (b0 < 0x80U) {
            ++i;
            continue;
        }
        // The allowed range of the second byte depends on the first (RFC 3629 §4 table).
        std::size_t length = 0;
        std::uint8_t low = 0x80U;
        std::uint8_t high = 0xBFU;
        if (b0 >= 0xC2U && b0 <= 0xDFU) {
            length = 2;
        } else if (b0 >= 0xE0U && b0 <= 0xEFU) {
            length = 3;
            if (b0 == 0xE0U) low = 0xA0U;   // overlong
            if (b0 == 0xEDU) high = 0x9FU;  // surrogates
        } else if (b0 >= 0xF0U && b0 <= 0xF4U) {
            length = 4;
            if (b0 == 0xF0U) low = 0x90U;   // overlong
            if (b0 == 0xF4U) high = 0x8FU;  // above U+10FFFF
        } else {
            return false;
        }
        if (n - i < length) return false;
        const auto b1 = static_cast<std::uint8_t>(s[i + 1]);
        if (b1 < low || b1 > high) return false;
        for (std::size_t k = 2; k < length; ++k) {
            const auto b = static_cast<std::uint8_t>(s[i + k]);
            if (b < 0x80U || b > 0xBFU) return false;
        }
        i += length;
    }
    return true;
}

}  // namespace detail
STUNKIT_END_NAMESPACE
