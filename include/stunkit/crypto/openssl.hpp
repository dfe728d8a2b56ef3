/**
 * @file crypto/openssl.hpp
 * @brief openssl_policy: a CryptoPolicy backed by OpenSSL's libcrypto (link -lcrypto).
 *
 * Not included by the umbrella header: only programs that opt in depend on OpenSSL.
 *
 * It uses the low-level SHA1_/SHA256_/MD5_ Init/Update/Final functions, which OpenSSL 3.0
 * deprecated, on purpose: their contexts are plain structs, so a precomputed HMAC key is two
 * copyable contexts and a MAC allocates nothing and cannot fail. The EVP_MAC replacement
 * allocates a context per MAC (or per duplicate) and reports failure through return codes
 * the CryptoPolicy shape has no room for. The functions still run OpenSSL's assembly,
 * including its SHA-extensions code. Builds of OpenSSL configured with no-deprecated (or
 * OPENSSL_API_COMPAT >= 3.0) lack them; this header then refuses to compile.
 */
#pragma once

#include "../config.hpp"
#include "block_hash.hpp"
#include "crc32.hpp"
#include "md5.hpp"
#include "sha1.hpp"
#include "sha256.hpp"

#include <openssl/md5.h>
#include <openssl/opensslconf.h>
#include <openssl/sha.h>

#include <array>
#include <cstddef>
#include <cstdint>

#if defined(OPENSSL_NO_DEPRECATED_3_0)
#error "stunkit/crypto/openssl.hpp needs OpenSSL's low-level digest API (SHA1_Init...)"
#endif

STUNKIT_BEGIN_NAMESPACE
namespace crypto {
namespace detail {

// The only calls into the deprecated API; silenced here, in non-template functions, so that
// the warnings are settled where they are written rather than wherever a template is used.
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif

/** @brief The OpenSSL SHA-1 context and its three calls. */
struct openssl_sha1 {
    using context = SHA_CTX;                       ///< OpenSSL's SHA-1 state.
    using digest_type = sha1_digest;               ///< 20 bytes.
    static constexpr std::size_t block_size = 64;  ///< SHA-1 block size.
    /** @brief SHA1_Init. */
    static void init(context& c) noexcept { static_cast<void>(SHA1_Init(&c)); }
    /** @brief SHA1_Update. */
    static void update(context& c, const std::uint8_t* p, std::size_t n) noexcept {
        static_cast<void>(SHA1_Update(&c, p, n));
    }
    /** @brief SHA1_Final. */
    static void finish(context& c, digest_type& out) noexcept {
        static_cast<void>(SHA1_Final(out.data(), &c));
    }
};

/** @brief The OpenSSL SHA-256 context and its three calls. */
struct openssl_sha256 {
    using context = SHA256_CTX;                    ///< OpenSSL's SHA-256 state.
    using digest_type = sha256_digest;             ///< 32 bytes.
    static constexpr std::size_t block_size = 64;  ///< SHA-256 block size.
    /** @brief SHA256_Init. */
    static void init(context& c) noexcept { static_cast<void>(SHA256_Init(&c)); }
    /** @brief SHA256_Update. */
    static void update(context& c, const std::uint8_t* p, std::size_t n) noexcept {
        static_cast<void>(SHA256_Update(&c, p, n));
    }
    /** @brief SHA256_Final. */
    static void finish(context& c, digest_type& out) noexcept {
        static_cast<void>(SHA256_Final(out.data(), &c));
    }
};

/** @brief The OpenSSL MD5 context and its three calls. */
struct openssl_md5 {
    using context = MD5_CTX;                       ///< OpenSSL's MD5 state.
    using digest_type = md5_digest;                ///< 16 bytes.
    static constexpr std::size_t block_size = 64;  ///< MD5 block size.
    /** @brief MD5_Init. */
    static void init(context& c) noexcept { static_cast<void>(MD5_Init(&c)); }
    /** @brief MD5_Update. */
    static void update(context& c, const std::uint8_t* p, std::size_t n) noexcept {
        static_cast<void>(MD5_Update(&c, p, n));
    }
    /** @brief MD5_Final. */
    static void finish(context& c, digest_type& out) noexcept {
        static_cast<void>(MD5_Final(out.data(), &c));
    }
};

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic pop
#endif

/** @brief An incremental hash over an OpenSSL context. */
template <class Md>
class openssl_hasher {
public:
    /** @brief Starts a hash. */
    openssl_hasher() noexcept { Md::init(ctx_); }
    /** @brief Appends `data`. */
    void update(bytes_view data) noexcept {
        if (!data.empty()) Md::update(ctx_, data.data(), data.size());
    }
    /** @brief The digest; the hasher is spent afterwards. */
    typename Md::digest_type finish() noexcept {
        typename Md::digest_type out{};
        Md::finish(ctx_, out);
        return out;
    }

private:
    typename Md::context ctx_{};
};

template <class Md>
class openssl_hmac;

/** @brief An HMAC key stored as the OpenSSL contexts after the ipad and opad blocks. */
template <class Md>
class openssl_hmac_key {
public:
    /** @brief Prepares `key` (RFC 2104 §2, long keys hashed first). */
    explicit openssl_hmac_key(bytes_view key) noexcept {
        std::array<std::uint8_t, Md::block_size> pad{};
        if (key.size() > Md::block_size) {
            openssl_hasher<Md> h;
            h.update(key);
            const auto k = h.finish();
            for (std::size_t i = 0; i < k.size(); ++i) pad[i] = k[i];
        } else {
            for (std::size_t i = 0; i < key.size(); ++i) pad[i] = key.data()[i];
        }
        for (auto& b : pad) b = static_cast<std::uint8_t>(b ^ 0x36U);
        Md::init(inner_);
        Md::update(inner_, pad.data(), pad.size());
        for (auto& b : pad) b = static_cast<std::uint8_t>(b ^ (0x36U ^ 0x5CU));
        Md::init(outer_);
        Md::update(outer_, pad.data(), pad.size());
        wipe(pad.data(), pad.size());
    }
    /** @brief HMAC(key, message). */
    typename Md::digest_type compute(bytes_view message) const noexcept {
        openssl_hmac<Md> mac(*this);
        mac.update(message);
        return mac.finish();
    }
    /** @brief HMAC(key, first || second), e.g. a patched header copy and the message body. */
    typename Md::digest_type compute(bytes_view first, bytes_view second) const noexcept {
        openssl_hmac<Md> mac(*this);
        mac.update(first);
        mac.update(second);
        return mac.finish();
    }

private:
    friend class openssl_hmac<Md>;
    typename Md::context inner_{};
    typename Md::context outer_{};
};

/** @brief An HMAC computation in progress over OpenSSL contexts. */
template <class Md>
class openssl_hmac {
public:
    /** @brief Starts a MAC with `key` (copies its two contexts). */
    explicit openssl_hmac(const openssl_hmac_key<Md>& key) noexcept
        : inner_(key.inner_), outer_(key.outer_) {}
    /** @brief Appends `data`. */
    void update(bytes_view data) noexcept {
        if (!data.empty()) Md::update(inner_, data.data(), data.size());
    }
    /** @brief The MAC; the object is spent afterwards. */
    typename Md::digest_type finish() noexcept {
        typename Md::digest_type digest{};
        Md::finish(inner_, digest);
        Md::update(outer_, digest.data(), digest.size());
        Md::finish(outer_, digest);
        return digest;
    }

private:
    typename Md::context inner_;
    typename Md::context outer_;
};

}  // namespace detail

/**
 * @brief A CryptoPolicy (see features_policy) backed by OpenSSL's libcrypto.
 *
 * OpenSSL has no CRC-32, so crc32() is stunkit's own with default_cpu_features().
 */
struct openssl_policy {
    /** @brief A precomputed HMAC-SHA1 key. */
    using hmac_sha1_key = detail::openssl_hmac_key<detail::openssl_sha1>;
    /** @brief An incremental HMAC-SHA1 computation. */
    using hmac_sha1 = detail::openssl_hmac<detail::openssl_sha1>;
    /** @brief A precomputed HMAC-SHA256 key. */
    using hmac_sha256_key = detail::openssl_hmac_key<detail::openssl_sha256>;
    /** @brief An incremental HMAC-SHA256 computation. */
    using hmac_sha256 = detail::openssl_hmac<detail::openssl_sha256>;
    /** @brief Incremental SHA-256. */
    using sha256_hasher = detail::openssl_hasher<detail::openssl_sha256>;
    /** @brief Incremental MD5. */
    using md5_hasher = detail::openssl_hasher<detail::openssl_md5>;
    /** @brief The CRC-32 of `data` (stunkit's implementation). */
    static std::uint32_t crc32(bytes_view data) noexcept { return crypto::crc32(data); }
};

}  // namespace crypto
STUNKIT_END_NAMESPACE
