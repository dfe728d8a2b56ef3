/**
 * @file crypto/policy.hpp
 * @brief The CryptoPolicy concept and the built-in policies default_policy and portable_policy.
 */
#pragma once

#include "../config.hpp"
#include "block_hash.hpp"
#include "compare.hpp"
#include "cpu.hpp"
#include "crc32.hpp"
#include "hmac.hpp"
#include "md5.hpp"
#include "sha1.hpp"
#include "sha256.hpp"

#include <cstdint>

STUNKIT_BEGIN_NAMESPACE
namespace crypto {

/**
 * @brief Built-in CryptoPolicy whose objects use the extensions `FeatureSource::get()` names.
 *
 * A **CryptoPolicy** is what the integrity layer is templated on: a class type P providing
 * (all members noexcept, all types plain copyable values with no heap):
 *
 * - `P::hmac_sha1_key`: `explicit hmac_sha1_key(bytes_view key)`;
 *   `compute(bytes_view) const` and `compute(bytes_view first, bytes_view second) const`
 *   return sha1_digest (MESSAGE-INTEGRITY, RFC 8489 §14.5).
 * - `P::hmac_sha1`: `explicit hmac_sha1(const P::hmac_sha1_key&)`; `update(bytes_view)`;
 *   `finish()` returns sha1_digest.
 * - `P::hmac_sha256_key`, `P::hmac_sha256`: the same with sha256_digest (§14.6).
 * - `P::sha256_hasher`: default-constructible; `update(bytes_view)`; `finish()` returns
 *   sha256_digest (USERHASH, §14.4; SHA-256 long-term keys, §9.2.2).
 * - `P::md5_hasher`: default-constructible; `update(bytes_view)`; `finish()` returns
 *   md5_digest (MD5 long-term keys, §9.2.2).
 * - `static std::uint32_t P::crc32(bytes_view)`: plain CRC-32; FINGERPRINT XORs 0x5354554E
 *   itself (§14.7).
 *
 * Keys are made once per credential and reused; the incremental forms let MESSAGE-INTEGRITY
 * cover a patched header copy and the message body without copying the message. MACs are
 * compared with equal_constant_time(), which is not part of the policy.
 *
 * Firmware plugs in a hardware HMAC engine by writing its own P with this shape.
 * `FeatureSource` is a type with `static cpu_features get() noexcept`, read each time a key
 * or hasher is constructed (never per message block), so it must be cheap.
 */
template <class FeatureSource>
struct features_policy {
    /** @brief A precomputed HMAC-SHA1 key whose kernel FeatureSource chooses. */
    class hmac_sha1_key : public crypto::hmac_sha1_key {
    public:
        /** @brief Prepares `key` (RFC 2104 §2). */
        explicit hmac_sha1_key(bytes_view key) noexcept
            : crypto::hmac_sha1_key(key, FeatureSource::get()) {}
    };
    /** @brief An incremental HMAC-SHA1 computation over one of this policy's keys. */
    using hmac_sha1 = crypto::hmac_sha1;

    /** @brief A precomputed HMAC-SHA256 key whose kernel FeatureSource chooses. */
    class hmac_sha256_key : public crypto::hmac_sha256_key {
    public:
        /** @brief Prepares `key` (RFC 2104 §2). */
        explicit hmac_sha256_key(bytes_view key) noexcept
            : crypto::hmac_sha256_key(key, FeatureSource::get()) {}
    };
    /** @brief An incremental HMAC-SHA256 computation over one of this policy's keys. */
    using hmac_sha256 = crypto::hmac_sha256;

    /** @brief Incremental SHA-256 whose kernel FeatureSource chooses. */
    class sha256_hasher : public crypto::sha256_hasher {
    public:
        /** @brief Starts a hash. */
        sha256_hasher() noexcept : crypto::sha256_hasher(FeatureSource::get()) {}
    };
    /** @brief Incremental MD5 (portable only). */
    using md5_hasher = crypto::md5_hasher;

    /** @brief The CRC-32 of `data`. */
    static std::uint32_t crc32(bytes_view data) noexcept {
        return crypto::crc32(data, FeatureSource::get());
    }
};

/** @brief FeatureSource for default_policy: default_cpu_features(), which never runs CPUID. */
struct default_features {
    /** @brief The compile-time and compiler-runtime view of the CPU. */
    static cpu_features get() noexcept { return default_cpu_features(); }
};

/** @brief FeatureSource for portable_policy: no extensions. */
struct portable_features {
    /** @brief No extensions. */
    static constexpr cpu_features get() noexcept { return cpu_features::portable(); }
};

/**
 * @brief The default CryptoPolicy: built-in code, hardware kernels where the CPU is known to
 * have them (see default_cpu_features()).
 */
struct default_policy : features_policy<default_features> {};

/** @brief A CryptoPolicy that never uses ISA extensions: firmware, tests, reproducibility. */
struct portable_policy : features_policy<portable_features> {};

}  // namespace crypto
STUNKIT_END_NAMESPACE
