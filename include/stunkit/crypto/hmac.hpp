/**
 * @file crypto/hmac.hpp
 * @brief HMAC (RFC 2104) over SHA-1 and SHA-256 with precomputed keys, one-shot and
 * incremental, for MESSAGE-INTEGRITY and MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.5, §14.6).
 */
#pragma once

#include "../config.hpp"
#include "block_hash.hpp"
#include "cpu.hpp"
#include "sha1.hpp"
#include "sha256.hpp"

#include <array>
#include <cstddef>
#include <cstdint>

STUNKIT_BEGIN_NAMESPACE
namespace crypto {

/**
 * @brief An HMAC key with the inner and outer hash states precomputed (RFC 2104 §4).
 *
 * HMAC(K, m) = H((K ^ opad) || H((K ^ ipad) || m)). The two 64-byte key blocks are compressed
 * once here, so a MAC costs only the compressions of the message and of the outer digest
 * block: for a 100-byte STUN message, three instead of five. The object holds no copy of the
 * key, only the two chaining states (which are as secret as the key). It is a plain value:
 * copy it freely; it owns nothing.
 */
template <class Traits>
class basic_hmac_key {
public:
    /** @brief The digest (and MAC) type. */
    using digest_type = typename basic_hasher<Traits>::digest_type;

    /** @brief Prepares `key`, choosing the hash kernel from default_cpu_features(). */
    explicit basic_hmac_key(bytes_view key) noexcept
        : basic_hmac_key(key, default_cpu_features()) {}

    /** @brief Prepares `key`, with the hash kernel chosen from `features` once, here. */
    basic_hmac_key(bytes_view key, cpu_features features) noexcept
        : hardware_(Traits::use_hardware(features)) {
        constexpr std::size_t block = basic_hasher<Traits>::block_size;
        std::array<std::uint8_t, block> pad{};
        if (key.size() > block) {
            // RFC 2104 §2: keys longer than B bytes are first hashed with H.
            basic_hasher<Traits> h(features);
            h.update(key);
            const digest_type k = h.finish();
            for (std::size_t i = 0; i < k.size(); ++i) pad[i] = k[i];
        } else {
            for (std::size_t i = 0; i < key.size(); ++i) pad[i] = key.data()[i];
        }
        // RFC 2104 §2 steps (2) and (5): K ^ ipad (0x36...) and K ^ opad (0x5C...).
        for (auto& b : pad) b = static_cast<std::uint8_t>(b ^ 0x36U);
        inner_ = Traits::initial_state;
        Traits::compress(inner_, pad.data(), 1, hardware_);
        for (auto& b : pad) b = static_cast<std::uint8_t>(b ^ (0x36U ^ 0x5CU));
        outer_ = Traits::initial_state;
        Traits::compress(outer_, pad.data(), 1, hardware_);
        detail::wipe(pad.data(), pad.size());
    }

    /** @brief HMAC(key, message). */
    digest_type compute(bytes_view message) const noexcept;

    /**
     * @brief HMAC(key, first || second) without concatenating them.
     *
     * MESSAGE-INTEGRITY covers the 20-byte header with its length patched (RFC 8489 §14.5)
     * followed by the attributes before MESSAGE-INTEGRITY: pass a patched copy of the header
     * as `first` and a view of the rest of the message as `second`.
     */
    digest_type compute(bytes_view first, bytes_view second) const noexcept;

    /** @brief True when MACs with this key run a hardware hash kernel. */
    bool accelerated() const noexcept { return hardware_; }

private:
    friend class basic_hmac<Traits>;

    typename Traits::state_type inner_{};
    typename Traits::state_type outer_{};
    bool hardware_ = false;
};

/**
 * @brief An HMAC computation in progress (RFC 2104): construct from a key, update() any
 * number of times, finish() once.
 *
 * Copies the key's two states, so it does not refer to the key afterwards.
 */
template <class Traits>
class basic_hmac {
public:
    /** @brief The digest (and MAC) type. */
    using digest_type = typename basic_hasher<Traits>::digest_type;

    /** @brief Starts a MAC with `key`. */
    explicit basic_hmac(const basic_hmac_key<Traits>& key) noexcept
        : inner_(key.inner_, basic_hasher<Traits>::block_size, key.hardware_), outer_(key.outer_) {}

    /** @brief Appends `data` to the authenticated message. */
    void update(bytes_view data) noexcept { inner_.update(data.data(), data.size()); }
    /** @brief Appends `size` bytes at `data`; `data` may be null when size is 0. */
    void update(const std::uint8_t* data, std::size_t size) noexcept { inner_.update(data, size); }

    /** @brief The MAC of everything passed to update(); the object is spent afterwards. */
    digest_type finish() noexcept {
        // RFC 2104 §2 steps (6)-(7): H(K ^ opad || inner digest), resumed after the opad block.
        // The inner digest always fits one padded block, so it is built here directly.
        constexpr std::size_t block = basic_hasher<Traits>::block_size;
        static_assert(Traits::digest_size + 9 <= block, "the outer hash must be one block");
        const digest_type inner_digest = inner_.finish();
        std::array<std::uint8_t, block> last{};
        for (std::size_t i = 0; i < inner_digest.size(); ++i) last[i] = inner_digest[i];
        last[Traits::digest_size] = 0x80;
        const std::uint64_t bits = (block + Traits::digest_size) * 8U;
        if constexpr (Traits::big_endian) {
            ::stunkit::detail::store_u64(last.data() + (block - 8), bits);
        } else {
            detail::store_u32_le(last.data() + (block - 8), static_cast<std::uint32_t>(bits));
        }
        Traits::compress(outer_, last.data(), 1, inner_.hardware_);
        return basic_hasher<Traits>::serialize(outer_);
    }

private:
    basic_hasher<Traits> inner_;
    typename Traits::state_type outer_;
};

template <class Traits>
inline typename basic_hmac_key<Traits>::digest_type basic_hmac_key<Traits>::compute(
    bytes_view message) const noexcept {
    basic_hmac<Traits> mac(*this);
    mac.update(message);
    return mac.finish();
}

template <class Traits>
inline typename basic_hmac_key<Traits>::digest_type basic_hmac_key<Traits>::compute(
    bytes_view first, bytes_view second) const noexcept {
    basic_hmac<Traits> mac(*this);
    mac.update(first);
    mac.update(second);
    return mac.finish();
}

/** @brief A precomputed HMAC-SHA1 key (RFC 2104 with FIPS 180-4 SHA-1; RFC 8489 §14.5). */
using hmac_sha1_key = basic_hmac_key<detail::sha1_traits>;
/** @brief An incremental HMAC-SHA1 computation. */
using hmac_sha1 = basic_hmac<detail::sha1_traits>;
/** @brief A precomputed HMAC-SHA256 key (RFC 2104 with SHA-256; RFC 8489 §14.6). */
using hmac_sha256_key = basic_hmac_key<detail::sha256_traits>;
/** @brief An incremental HMAC-SHA256 computation. */
using hmac_sha256 = basic_hmac<detail::sha256_traits>;

}  // namespace crypto
STUNKIT_END_NAMESPACE
