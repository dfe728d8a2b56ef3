// Tests for include/stunkit/crypto/: published vectors (FIPS 180-4 examples, RFC 1321,
// RFC 2202, RFC 4231, the CRC-32 check value) and differential tests against OpenSSL's
// libcrypto, each run on the portable code and, when the CPU has it, on the x86 kernels.
// Link with -lcrypto.
#include <stunkit/crypto/openssl.hpp>
#include <stunkit/crypto/policy.hpp>

#include <catch2/catch.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace crypto = stunkit::crypto;
using crypto::bytes_view;
using crypto::cpu_features;

namespace {

bytes_view view(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
bytes_view view(const std::vector<std::uint8_t>& v) { return {v.data(), v.size()}; }

template <std::size_t N>
std::string hex(const std::array<std::uint8_t, N>& a, std::size_t n = N) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
        s += digits[a[i] >> 4U];
        s += digits[a[i] & 0xFU];
    }
    return s;
}

std::vector<std::uint8_t> repeat(std::uint8_t byte, std::size_t n) {
    return std::vector<std::uint8_t>(n, byte);
}

// splitmix64: a fixed seed makes every run see the same lengths, contents and split points.
struct prng {
    std::uint64_t s;
    std::uint64_t next() {
        std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31U);
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    std::vector<std::uint8_t> bytes(std::size_t n) {
        std::vector<std::uint8_t> v(n);
        for (auto& b : v) b = static_cast<std::uint8_t>(next());
        return v;
    }
};

// Each entry: a name and the cpu_features a test passes explicitly. The portable entry is
// always there; the hardware entry only when CPUID reports the extension.
struct path {
    const char* name;
    cpu_features features;
};

std::vector<path> sha_paths() {
    std::vector<path> p{{"portable", cpu_features::portable()}};
    cpu_features hw{};
    hw.sha = crypto::detect_cpu_features().sha;
    if (hw.sha && STUNKIT_CRYPTO_X86) {
        p.push_back({"sha-ni", hw});
    } else {
        WARN("SHA extensions unavailable (CPU or build): hardware SHA path not tested");
    }
    return p;
}

std::vector<path> crc_paths() {
    std::vector<path> p{{"portable", cpu_features::portable()}};
    cpu_features hw{};
    hw.pclmul = crypto::detect_cpu_features().pclmul;
    if (hw.pclmul && STUNKIT_CRYPTO_X86) {
        p.push_back({"pclmul", hw});
    } else {
        WARN("PCLMULQDQ unavailable (CPU or build): hardware CRC-32 path not tested");
    }
    return p;
}

// The lengths the brief calls boundary cases (padding fits or spills at 55/56, block edges
// at 64/128), some longer, and random ones, all below ~2000 bytes.
std::vector<std::size_t> test_lengths() {
    std::vector<std::size_t> v{0,   1,   2,   3,   4,    7,    8,    15,   16,   17,   31,
                               32,  33,  47,  48,  55,   56,   57,   63,   64,   65,   95,
                               96,  100, 119, 120, 127,  128,  129,  191,  192,  255,  256,
                               257, 511, 512, 513, 1000, 1023, 1024, 1025, 1500, 1999, 2000};
    prng r{42};
    for (int i = 0; i < 24; ++i) v.push_back(r.below(2048));
    return v;
}

template <std::size_t N>
std::array<std::uint8_t, N> openssl_digest(const EVP_MD* md, bytes_view data) {
    std::array<std::uint8_t, N> out{};
    unsigned len = 0;
    const std::uint8_t dummy = 0;
    REQUIRE(EVP_Digest(data.empty() ? &dummy : data.data(), data.size(), out.data(), &len, md,
                       nullptr) == 1);
    REQUIRE(len == N);
    return out;
}

template <std::size_t N>
std::array<std::uint8_t, N> openssl_hmac(const EVP_MD* md, bytes_view key, bytes_view data) {
    std::array<std::uint8_t, N> out{};
    unsigned len = 0;
    const std::uint8_t dummy = 0;
    REQUIRE(HMAC(md, key.empty() ? &dummy : key.data(), static_cast<int>(key.size()),
                 data.empty() ? &dummy : data.data(), data.size(), out.data(), &len) != nullptr);
    REQUIRE(len == N);
    return out;
}

// Feeds `data` to `h` in pieces cut at `cuts` random points (possibly empty pieces).
template <class Hasher>
void update_split(Hasher& h, bytes_view data, prng& r, int cuts) {
    std::vector<std::size_t> points{0, data.size()};
    for (int i = 0; i < cuts; ++i) points.push_back(data.empty() ? 0 : r.below(data.size() + 1));
    std::sort(points.begin(), points.end());
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
        h.update(data.subspan(points[i], points[i + 1] - points[i]));
    }
}

// Bit-at-a-time CRC-32 straight from the definition: the reference the fast code must match.
std::uint32_t crc32_bitwise(bytes_view data) {
    std::uint32_t c = 0xFFFFFFFFU;
    for (const std::uint8_t b : data) {
        c ^= b;
        for (int i = 0; i < 8; ++i) c = (c & 1U) != 0 ? (c >> 1U) ^ 0xEDB88320U : c >> 1U;
    }
    return ~c;
}

const std::string_view fips_448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const std::string_view fips_896 =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopq"
    "rsmnopqrstnopqrstu";

// One million 'a' fed as 1000 updates of a 1000-byte buffer: no megabyte allocation.
template <class Hasher>
typename Hasher::digest_type million_a(cpu_features f) {
    const std::vector<std::uint8_t> chunk(1000, 'a');
    Hasher h(f);
    for (int i = 0; i < 1000; ++i) h.update(view(chunk));
    return h.finish();
}

}  // namespace

TEST_CASE("cpu feature detection", "[crypto][cpu]") {
    const cpu_features detected = crypto::detect_cpu_features();
    const cpu_features defaults = crypto::default_cpu_features();
    // The cheap default must never claim an extension CPUID denies.
    CHECK((!defaults.sha || detected.sha));
    CHECK((!defaults.pclmul || detected.pclmul));
    CHECK_FALSE(crypto::sha1_hasher(cpu_features::portable()).accelerated());
    CHECK(crypto::sha1_hasher(detected).accelerated() == (detected.sha && STUNKIT_CRYPTO_X86));
    CHECK(crypto::hmac_sha256_key(view("k"), detected).accelerated() ==
          (detected.sha && STUNKIT_CRYPTO_X86));
    CHECK_FALSE(crypto::md5_hasher(detected).accelerated());
#if defined(__x86_64__) && (defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12)
    // GCC's runtime probe knows "sha", so the default equals CPUID here.
    CHECK(defaults.sha == detected.sha);
#endif
}

TEST_CASE("SHA-1 FIPS 180-4 examples", "[crypto][sha1]") {
    for (const path& p : sha_paths()) {
        INFO(p.name);
        CHECK(hex(crypto::sha1(view(""), p.features)) ==
              "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        CHECK(hex(crypto::sha1(view("abc"), p.features)) ==
              "a9993e364706816aba3e25717850c26c9cd0d89d");
        CHECK(hex(crypto::sha1(view(fips_448), p.features)) ==
              "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
        CHECK(hex(crypto::sha1(view(fips_896), p.features)) ==
              "a49b2446a02c645bf419f995b67091253a04a259");
        CHECK(hex(million_a<crypto::sha1_hasher>(p.features)) ==
              "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    }
}

TEST_CASE("SHA-256 FIPS 180-4 examples", "[crypto][sha256]") {
    for (const path& p : sha_paths()) {
        INFO(p.name);
        CHECK(hex(crypto::sha256(view(""), p.features)) ==
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        CHECK(hex(crypto::sha256(view("abc"), p.features)) ==
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        CHECK(hex(crypto::sha256(view(fips_448), p.features)) ==
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        CHECK(hex(crypto::sha256(view(fips_896), p.features)) ==
              "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
        CHECK(hex(million_a<crypto::sha256_hasher>(p.features)) ==
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }
}

TEST_CASE("MD5 RFC 1321 test suite", "[crypto][md5]") {
    // RFC 1321 appendix A.5.
    CHECK(hex(crypto::md5(view(""))) == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(hex(crypto::md5(view("a"))) == "0cc175b9c0f1b6a831c399e269772661");
    CHECK(hex(crypto::md5(view("abc"))) == "900150983cd24fb0d6963f7d28e17f72");
    CHECK(hex(crypto::md5(view("message digest"))) == "f96b697d7cb7938d525a2f31aaf161d0");
    CHECK(hex(crypto::md5(view("abcdefghijklmnopqrstuvwxyz"))) ==
          "c3fcd3d76192e4007dfb496cca67e13b");
    CHECK(
        hex(crypto::md5(view("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"))) ==
        "d174ab98d277d9f5a5611c2c9f419d9f");
    CHECK(
        hex(crypto::md5(view(
            "12345678901234567890123456789012345678901234567890123456789012345678901234567890"))) ==
        "57edf4a22be3c955ac49da2e2107b67a");
}

namespace {

struct hmac_case {
    std::vector<std::uint8_t> key;
    std::vector<std::uint8_t> data;
    const char* mac;
};

std::vector<std::uint8_t> bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

std::vector<std::uint8_t> counting_key() {  // 0x01, 0x02, ..., 0x19
    std::vector<std::uint8_t> k;
    for (std::uint8_t i = 1; i <= 25; ++i) k.push_back(i);
    return k;
}

template <class Key, class Mac>
void check_hmac_cases(const std::vector<hmac_case>& cases, std::size_t truncated_case = 0,
                      std::size_t truncated_bytes = 0) {
    for (const path& p : sha_paths()) {
        INFO(p.name);
        for (std::size_t i = 0; i < cases.size(); ++i) {
            INFO("test case " << i + 1);
            const hmac_case& c = cases[i];
            const std::size_t n = i + 1 == truncated_case ? truncated_bytes : 0;
            const Key key(view(c.key), p.features);
            const auto one_shot = key.compute(view(c.data));
            const std::size_t shown = n != 0 ? n : one_shot.size();
            CHECK(hex(one_shot, shown) == c.mac);
            // The same MAC through the incremental object and the two-part form.
            Mac mac(key);
            const std::size_t half = c.data.size() / 2;
            mac.update(view(c.data).first(half));
            mac.update(view(c.data).subspan(half));
            CHECK(hex(mac.finish(), shown) == c.mac);
            CHECK(hex(key.compute(view(c.data).first(half), view(c.data).subspan(half)), shown) ==
                  c.mac);
        }
    }
}

}  // namespace

TEST_CASE("HMAC-SHA1 RFC 2202 test cases 1-7", "[crypto][hmac][sha1]") {
    const std::vector<hmac_case> cases{
        {repeat(0x0B, 20), bytes_of("Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00"},
        {bytes_of("Jefe"), bytes_of("what do ya want for nothing?"),
         "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
        {repeat(0xAA, 20), repeat(0xDD, 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3"},
        {counting_key(), repeat(0xCD, 50), "4c9007f4026250c6bc8414f9bf50c86c2d7235da"},
        {repeat(0x0C, 20), bytes_of("Test With Truncation"),
         "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"},
        {repeat(0xAA, 80), bytes_of("Test Using Larger Than Block-Size Key - Hash Key First"),
         "aa4ae5e15272d00e95705637ce8a3b55ed402112"},
        {repeat(0xAA, 80),
         bytes_of("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"),
         "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"},
    };
    check_hmac_cases<crypto::hmac_sha1_key, crypto::hmac_sha1>(cases);
}

TEST_CASE("HMAC-SHA256 RFC 4231 test cases 1-7", "[crypto][hmac][sha256]") {
    const std::vector<hmac_case> cases{
        {repeat(0x0B, 20), bytes_of("Hi There"),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
        {bytes_of("Jefe"), bytes_of("what do ya want for nothing?"),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
        {repeat(0xAA, 20), repeat(0xDD, 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
        {counting_key(), repeat(0xCD, 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
        // RFC 4231 §4.6: test case 5 is truncated to 128 bits.
        {repeat(0x0C, 20), bytes_of("Test With Truncation"), "a3b6167473100ee06e0c796c2955552b"},
        {repeat(0xAA, 131), bytes_of("Test Using Larger Than Block-Size Key - Hash Key First"),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
        {repeat(0xAA, 131),
         bytes_of("This is a test using a larger than block-size key and a larger than block-size "
                  "data. The key needs to be hashed before being used by the HMAC algorithm."),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
    };
    check_hmac_cases<crypto::hmac_sha256_key, crypto::hmac_sha256>(cases, 5, 16);
}

TEST_CASE("HMAC over a patched header and the body", "[crypto][hmac]") {
    // The MESSAGE-INTEGRITY pattern (RFC 8489 §14.5): a 20-byte header copy whose length
    // field is adjusted, then the message after the header, with no concatenated copy.
    prng r{7};
    const std::vector<std::uint8_t> message = r.bytes(96);
    std::vector<std::uint8_t> header(message.begin(), message.begin() + 20);
    header[2] = 0x00;
    header[3] = 0x54;
    std::vector<std::uint8_t> joined = header;
    joined.insert(joined.end(), message.begin() + 20, message.end());
    const bytes_view body = view(message).subspan(20);
    const crypto::hmac_sha1_key key(view("VOkJxbRl1RmTxUk/WvJxBt"));
    crypto::hmac_sha1 h(key);
    h.update(view(header));
    h.update(body);
    CHECK(hex(h.finish()) == hex(key.compute(view(joined))));
    CHECK(hex(key.compute(view(header), body)) == hex(key.compute(view(joined))));
    const crypto::hmac_sha256_key key256(view("VOkJxbRl1RmTxUk/WvJxBt"));
    CHECK(hex(key256.compute(view(header), body)) == hex(key256.compute(view(joined))));
}

TEST_CASE("CRC-32 check value and tables", "[crypto][crc32]") {
    // The constexpr tables and folding constants against published values: the classic table
    // entries, and the Intel PCLMULQDQ white paper's k1..k4 for this polynomial.
    STATIC_REQUIRE(crypto::detail::crc32_tables[0][1] == 0x77073096U);
    STATIC_REQUIRE(crypto::detail::crc32_tables[0][255] == 0x2D02EF8DU);
    STATIC_REQUIRE(crypto::detail::crc32_k512_lo == 0x154442BD4ULL);
    STATIC_REQUIRE(crypto::detail::crc32_k512_hi == 0x1C6E41596ULL);
    STATIC_REQUIRE(crypto::detail::crc32_k128_lo == 0x1751997D0ULL);
    STATIC_REQUIRE(crypto::detail::crc32_k128_hi == 0x0CCAA009EULL);
    for (const path& p : crc_paths()) {
        INFO(p.name);
        CHECK(crypto::crc32(view("123456789"), p.features) == 0xCBF43926U);
        CHECK(crypto::crc32(view(""), p.features) == 0U);
        CHECK(crypto::crc32(bytes_view{}, p.features) == 0U);
    }
}

TEST_CASE("CRC-32 against a bitwise reference", "[crypto][crc32][differential]") {
    prng r{2024};
    const std::vector<std::uint8_t> buffer = r.bytes(2100);
    for (const path& p : crc_paths()) {
        INFO(p.name);
        for (const std::size_t n : test_lengths()) {
            // Offsets 0..3 exercise unaligned loads in both kernels.
            for (std::size_t offset = 0; offset < 4; ++offset) {
                const bytes_view data = view(buffer).subspan(offset, n);
                INFO("length " << n << " offset " << offset);
                const std::uint32_t expected = crc32_bitwise(data);
                CHECK(crypto::crc32(data, p.features) == expected);
                // Continuing across random split points gives the same CRC.
                const std::size_t cut = n == 0 ? 0 : r.below(n + 1);
                const std::uint32_t first = crypto::crc32_update(0, data.first(cut), p.features);
                CHECK(crypto::crc32_update(first, data.subspan(cut), p.features) == expected);
            }
        }
    }
}

TEST_CASE("SHA-1, SHA-256, MD5 against OpenSSL", "[crypto][differential]") {
    prng r{1};
    const std::vector<std::uint8_t> buffer = r.bytes(2100);
    for (const path& p : sha_paths()) {
        INFO(p.name);
        for (const std::size_t n : test_lengths()) {
            INFO("length " << n);
            const bytes_view data = view(buffer).subspan(r.below(64), n);
            const auto sha1_ref = openssl_digest<20>(EVP_sha1(), data);
            const auto sha256_ref = openssl_digest<32>(EVP_sha256(), data);
            CHECK(hex(crypto::sha1(data, p.features)) == hex(sha1_ref));
            CHECK(hex(crypto::sha256(data, p.features)) == hex(sha256_ref));

            crypto::sha1_hasher h1(p.features);
            update_split(h1, data, r, 3);
            CHECK(hex(h1.finish()) == hex(sha1_ref));
            crypto::sha256_hasher h256(p.features);
            update_split(h256, data, r, 3);
            CHECK(hex(h256.finish()) == hex(sha256_ref));
            // reset() starts over and keeps the kernel choice.
            h256.reset();
            CHECK(h256.accelerated() == crypto::sha256_hasher(p.features).accelerated());
            h256.update(data);
            CHECK(hex(h256.finish()) == hex(sha256_ref));
        }
    }
    for (const std::size_t n : test_lengths()) {
        INFO("length " << n);
        const bytes_view data = view(buffer).subspan(r.below(64), n);
        const auto md5_ref = openssl_digest<16>(EVP_md5(), data);
        CHECK(hex(crypto::md5(data)) == hex(md5_ref));
        crypto::md5_hasher h;
        update_split(h, data, r, 3);
        CHECK(hex(h.finish()) == hex(md5_ref));
    }
}

TEST_CASE("HMAC-SHA1 and HMAC-SHA256 against OpenSSL", "[crypto][hmac][differential]") {
    prng r{99};
    const std::vector<std::uint8_t> buffer = r.bytes(2100);
    // Key lengths around the 64-byte block, where RFC 2104 switches to hashing the key.
    const std::size_t key_lengths[] = {0, 1, 16, 20, 32, 63, 64, 65, 100, 128, 129, 200};
    for (const path& p : sha_paths()) {
        INFO(p.name);
        std::size_t k = 0;
        for (const std::size_t n : test_lengths()) {
            const std::size_t key_length = key_lengths[k++ % std::size(key_lengths)];
            INFO("length " << n << " key length " << key_length);
            const std::vector<std::uint8_t> key = r.bytes(key_length);
            const bytes_view data = view(buffer).subspan(r.below(64), n);
            const auto ref1 = openssl_hmac<20>(EVP_sha1(), view(key), data);
            const auto ref256 = openssl_hmac<32>(EVP_sha256(), view(key), data);

            const crypto::hmac_sha1_key key1(view(key), p.features);
            CHECK(hex(key1.compute(data)) == hex(ref1));
            crypto::hmac_sha1 m1(key1);
            update_split(m1, data, r, 2);
            CHECK(hex(m1.finish()) == hex(ref1));

            const crypto::hmac_sha256_key key256(view(key), p.features);
            CHECK(hex(key256.compute(data)) == hex(ref256));
            crypto::hmac_sha256 m256(key256);
            update_split(m256, data, r, 2);
            CHECK(hex(m256.finish()) == hex(ref256));
        }
    }
}

TEST_CASE("portable and hardware paths agree", "[crypto][differential]") {
    const cpu_features hw = crypto::detect_cpu_features();
    if (!STUNKIT_CRYPTO_X86 || (!hw.sha && !hw.pclmul)) {
        WARN("no hardware path on this CPU");
        return;
    }
    prng r{5};
    for (int i = 0; i < 64; ++i) {
        const std::vector<std::uint8_t> data = r.bytes(r.below(1500));
        const std::vector<std::uint8_t> key = r.bytes(r.below(100));
        INFO("length " << data.size());
        CHECK(crypto::crc32(view(data), hw) == crypto::crc32(view(data), cpu_features{}));
        CHECK(hex(crypto::sha1(view(data), hw)) == hex(crypto::sha1(view(data), cpu_features{})));
        CHECK(hex(crypto::sha256(view(data), hw)) ==
              hex(crypto::sha256(view(data), cpu_features{})));
        CHECK(hex(crypto::hmac_sha1_key(view(key), hw).compute(view(data))) ==
              hex(crypto::hmac_sha1_key(view(key), cpu_features{}).compute(view(data))));
        CHECK(hex(crypto::hmac_sha256_key(view(key), hw).compute(view(data))) ==
              hex(crypto::hmac_sha256_key(view(key), cpu_features{}).compute(view(data))));
    }
}

namespace {

// Everything the integrity layer will call, through the CryptoPolicy shape only.
template <class P>
void exercise_policy(bytes_view key, bytes_view a, bytes_view b,
                     std::vector<std::uint8_t>& joined) {
    joined.assign(a.begin(), a.end());
    joined.insert(joined.end(), b.begin(), b.end());
    const typename P::hmac_sha1_key k1(key);
    const typename P::hmac_sha1_key k1_copy = k1;  // keys are plain values
    typename P::hmac_sha1 m1(k1_copy);
    m1.update(a);
    m1.update(b);
    CHECK(hex(m1.finish()) == hex(openssl_hmac<20>(EVP_sha1(), key, view(joined))));
    CHECK(hex(k1.compute(a, b)) == hex(openssl_hmac<20>(EVP_sha1(), key, view(joined))));
    CHECK(hex(k1.compute(view(joined))) == hex(openssl_hmac<20>(EVP_sha1(), key, view(joined))));

    const typename P::hmac_sha256_key k256(key);
    typename P::hmac_sha256 m256(k256);
    m256.update(a);
    m256.update(b);
    CHECK(hex(m256.finish()) == hex(openssl_hmac<32>(EVP_sha256(), key, view(joined))));
    CHECK(hex(k256.compute(a, b)) == hex(openssl_hmac<32>(EVP_sha256(), key, view(joined))));

    typename P::sha256_hasher s;
    s.update(a);
    s.update(b);
    CHECK(hex(s.finish()) == hex(openssl_digest<32>(EVP_sha256(), view(joined))));
    typename P::md5_hasher m;
    m.update(a);
    m.update(b);
    CHECK(hex(m.finish()) == hex(openssl_digest<16>(EVP_md5(), view(joined))));
    CHECK(P::crc32(view(joined)) == crc32_bitwise(view(joined)));
}

}  // namespace

TEST_CASE("CryptoPolicy implementations", "[crypto][policy]") {
    STATIC_REQUIRE(std::is_nothrow_copy_constructible_v<crypto::default_policy::hmac_sha1_key>);
    STATIC_REQUIRE(std::is_trivially_copyable_v<crypto::hmac_sha256_key>);
    STATIC_REQUIRE(std::is_trivially_copyable_v<crypto::openssl_policy::hmac_sha1_key>);
    CHECK_FALSE(crypto::portable_policy::hmac_sha1_key(view("k")).accelerated());
    CHECK_FALSE(crypto::portable_policy::sha256_hasher().accelerated());
    prng r{3};
    std::vector<std::uint8_t> joined;
    for (int i = 0; i < 40; ++i) {
        const std::vector<std::uint8_t> key = r.bytes(r.below(150));
        const std::vector<std::uint8_t> a = r.bytes(r.below(2) == 0 ? 20 : r.below(200));
        const std::vector<std::uint8_t> b = r.bytes(r.below(600));
        exercise_policy<crypto::default_policy>(view(key), view(a), view(b), joined);
        exercise_policy<crypto::portable_policy>(view(key), view(a), view(b), joined);
        exercise_policy<crypto::openssl_policy>(view(key), view(a), view(b), joined);
    }
}

TEST_CASE("constant-time comparison", "[crypto][compare]") {
    const std::array<std::uint8_t, 4> a{1, 2, 3, 4};
    const std::array<std::uint8_t, 4> same{1, 2, 3, 4};
    const std::array<std::uint8_t, 4> last{1, 2, 3, 5};
    const std::array<std::uint8_t, 4> first{0, 2, 3, 4};
    const std::array<std::uint8_t, 3> shorter{1, 2, 3};
    CHECK(crypto::equal_constant_time(a, same));
    CHECK_FALSE(crypto::equal_constant_time(a, last));
    CHECK_FALSE(crypto::equal_constant_time(a, first));
    CHECK_FALSE(crypto::equal_constant_time(a, shorter));
    CHECK_FALSE(crypto::equal_constant_time(shorter, a));
    CHECK(crypto::equal_constant_time(bytes_view{}, bytes_view{}));
    const crypto::hmac_sha1_key key(view("pass"));
    const auto mac = key.compute(view("message"));
    auto forged = mac;
    forged[19] ^= 1U;
    CHECK(crypto::equal_constant_time(mac, key.compute(view("message"))));
    CHECK_FALSE(crypto::equal_constant_time(mac, forged));
}
