/**
 * @file crypto/block_hash.hpp
 * @brief basic_hasher: the incremental Merkle-Damgard front end shared by SHA-1, SHA-256, MD5.
 */
#pragma once

#include "../config.hpp"
#include "../detail/wire.hpp"
#include "cpu.hpp"

#include <gsl/span>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

STUNKIT_BEGIN_NAMESPACE
namespace crypto {

/** @brief A read-only view of caller-owned bytes: the input of every primitive. */
using bytes_view = gsl::span<const std::uint8_t>;

/** @brief Implementation details of the crypto primitives; not part of the API. */
namespace detail {

/** @brief Rotates a 32-bit word left by `n` (1..31) bits. */
constexpr std::uint32_t rotl(std::uint32_t x, unsigned n) noexcept {
    return (x << n) | (x >> (32U - n));
}
/** @brief Rotates a 32-bit word right by `n` (1..31) bits. */
constexpr std::uint32_t rotr(std::uint32_t x, unsigned n) noexcept {
    return (x >> n) | (x << (32U - n));
}

// MD5 and CRC-32 are little-endian; byte order lives in detail/wire.hpp.
using ::stunkit::detail::load_u32_le;
using ::stunkit::detail::store_u32_le;

/**
 * @brief Overwrites key material on the stack; the volatile stores keep the compiler from
 * dropping them as dead.
 */
inline void wipe(std::uint8_t* p, std::size_t n) noexcept {
    volatile std::uint8_t* v = p;
    for (std::size_t i = 0; i < n; ++i) v[i] = 0;
}

}  // namespace detail

template <class Traits>
class basic_hmac_key;
template <class Traits>
class basic_hmac;

/**
 * @brief An incremental hash (init by construction, update, finish) over 64-byte blocks with
 * the FIPS 180-4 §5.1.1 / RFC 1321 §3.1-3.2 padding.
 *
 * `Traits` supplies the state, the compression function (portable and, where it exists, a
 * hardware one) and the byte order. The hardware choice is made once, at construction, from
 * a cpu_features value. No heap, no exceptions; the object is a plain value and may be copied
 * to fork a hash of a common prefix.
 */
template <class Traits>
class basic_hasher {
public:
    /** @brief The compression function's block size in bytes. */
    static constexpr std::size_t block_size = 64;
    /** @brief The digest size in bytes. */
    static constexpr std::size_t digest_size = Traits::digest_size;
    /** @brief The digest type. */
    using digest_type = std::array<std::uint8_t, Traits::digest_size>;

    /** @brief Starts a hash using default_cpu_features() (never runs CPUID). */
    basic_hasher() noexcept : basic_hasher(default_cpu_features()) {}
    /** @brief Starts a hash that may use the extensions in `features`. */
    explicit basic_hasher(cpu_features features) noexcept
        : state_(Traits::initial_state), hardware_(Traits::use_hardware(features)) {}

    /** @brief Appends `data` to the message. */
    void update(bytes_view data) noexcept { update(data.data(), data.size()); }

    /** @brief Appends `size` bytes at `data` to the message; `data` may be null when size is 0. */
    void update(const std::uint8_t* data, std::size_t size) noexcept {
        STUNKIT_ASSERT(data != nullptr || size == 0);
        if (size == 0) return;
        std::size_t used = static_cast<std::size_t>(length_ % block_size);
        length_ += size;
        if (used != 0) {
            const std::size_t take = size < block_size - used ? size : block_size - used;
            std::memcpy(buffer_.data() + used, data, take);
            data += take;
            size -= take;
            used += take;
            if (used < block_size) return;
            Traits::compress(state_, buffer_.data(), 1, hardware_);
        }
        // Whole blocks go straight from the caller's buffer: no copy, and one call lets the
        // hardware kernel keep its state in registers across blocks.
        const std::size_t blocks = size / block_size;
        if (blocks != 0) {
            Traits::compress(state_, data, blocks, hardware_);
            data += blocks * block_size;
            size -= blocks * block_size;
        }
        if (size != 0) std::memcpy(buffer_.data(), data, size);
    }

    /**
     * @brief Pads the message and returns its digest.
     *
     * The hasher is spent afterwards: call reset() before hashing another message.
     */
    digest_type finish() noexcept {
        std::size_t used = static_cast<std::size_t>(length_ % block_size);
        // FIPS 180-4 §5.1.1: a 1 bit, zeros, then the message length in bits in the last
        // 64 bits of the final block (RFC 1321 §3.2: little-endian for MD5).
        const std::uint64_t bits = length_ << 3U;
        buffer_[used++] = 0x80;
        if (used > block_size - 8) {
            std::memset(buffer_.data() + used, 0, block_size - used);
            Traits::compress(state_, buffer_.data(), 1, hardware_);
            used = 0;
        }
        std::memset(buffer_.data() + used, 0, block_size - 8 - used);
        std::uint8_t* tail = buffer_.data() + (block_size - 8);
        if constexpr (Traits::big_endian) {
            ::stunkit::detail::store_u64(tail, bits);
        } else {
            detail::store_u32_le(tail, static_cast<std::uint32_t>(bits));
            detail::store_u32_le(tail + 4, static_cast<std::uint32_t>(bits >> 32U));
        }
        Traits::compress(state_, buffer_.data(), 1, hardware_);
        return serialize(state_);
    }

    /** @brief Starts a new message, keeping the hardware choice. */
    void reset() noexcept {
        state_ = Traits::initial_state;
        length_ = 0;
    }

    /** @brief True when this hasher runs a hardware kernel rather than the portable code. */
    bool accelerated() const noexcept { return hardware_; }

private:
    using state_type = typename Traits::state_type;

    // The digest is the state words in the algorithm's byte order (FIPS 180-4 §6.1.2 step 4's
    // H0 || H1 || ..., RFC 1321 §3.5 low-order byte first).
    static digest_type serialize(const state_type& state) noexcept {
        digest_type out{};
        for (std::size_t i = 0; i < digest_size / 4; ++i) {
            if constexpr (Traits::big_endian) {
                ::stunkit::detail::store_u32(out.data() + 4 * i, state[i]);
            } else {
                detail::store_u32_le(out.data() + 4 * i, state[i]);
            }
        }
        return out;
    }

    // Resumes after `length` bytes (a whole number of blocks) that produced `state`: HMAC
    // keys store the states after the ipad and opad blocks (RFC 2104 §4).
    basic_hasher(const state_type& state, std::uint64_t length, bool hardware) noexcept
        : state_(state), length_(length), hardware_(hardware) {}

    friend class basic_hmac_key<Traits>;
    friend class basic_hmac<Traits>;

    state_type state_;
    std::uint64_t length_ = 0;
    std::array<std::uint8_t, block_size> buffer_{};
    bool hardware_ = false;
};

}  // namespace crypto
STUNKIT_END_NAMESPACE
