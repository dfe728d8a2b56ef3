// Tests for integrity.hpp: MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT on the
// RFC 5769 vectors with every crypto policy (built-in default and portable, openssl_policy),
// byte-exact rebuilds, tampering, the RFC 8489 Appendix B.1 vector and its erratum, the
// RFC 3489 MAC variant, long-term keys and USERHASH, the sealed builder's type state, and a
// cross-check of every MAC and FINGERPRINT computed from first principles with OpenSSL's
// libcrypto (HMAC(), EVP_Digest()) and a bitwise CRC-32 written here. Link with -lcrypto.
#include <stunkit/integrity.hpp>

#include <stunkit/attributes.hpp>
#include <stunkit/builder.hpp>
#include <stunkit/crypto/openssl.hpp>
#include <stunkit/crypto/policy.hpp>
#include <stunkit/message.hpp>
#include <stunkit/prep.hpp>

#include <catch2/catch.hpp>

#include "vectors.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using namespace stunkit;
using byte_vector = std::vector<std::uint8_t>;

// ---------------------------------------------------------------------------------------------
// Helpers, none of which use stunkit's crypto
// ---------------------------------------------------------------------------------------------

bytes_view view(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }
bytes_view view(const byte_vector& v) { return {v.data(), v.size()}; }

std::string hex(bytes_view b) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (const std::uint8_t x : b) {
        out += digits[x >> 4U];
        out += digits[x & 0xFU];
    }
    return out;
}
template <std::size_t N>
std::string hex(const std::array<std::uint8_t, N>& a, std::size_t n = N) {
    return hex(bytes_view(a.data(), n));
}

byte_vector from_hex(std::string_view text) {
    byte_vector out;
    for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
        const auto digit = [](char c) {
            return static_cast<unsigned>(c <= '9' ? c - '0' : c - 'a' + 10);
        };
        out.push_back(static_cast<std::uint8_t>(digit(text[i]) * 16U + digit(text[i + 1])));
    }
    return out;
}

template <class T>
std::string_view error_of(const result<T>& r) {
    return r.has_value() ? std::string_view("ok") : to_string(r.error());
}

template <std::size_t N>
std::array<std::uint8_t, N> openssl_digest(const EVP_MD* md, bytes_view data) {
    std::array<std::uint8_t, N> out{};
    unsigned len = 0;
    const std::uint8_t dummy = 0;
    REQUIRE(EVP_Digest(data.empty() ? &dummy : data.data(), data.size(), out.data(), &len, md, nullptr) == 1);
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

// CRC-32 (ISO-HDLC, the one FINGERPRINT uses), bit by bit: independent of stunkit's tables.
std::uint32_t reference_crc32(bytes_view data) {
    std::uint32_t crc = 0xFFFFFFFFU;
    for (const std::uint8_t b : data) {
        crc ^= b;
        for (int i = 0; i < 8; ++i) crc = (crc >> 1U) ^ (0xEDB88320U & (0U - (crc & 1U)));
    }
    return ~crc;
}

// An attribute found by walking the raw bytes (RFC 8489 §14), without parse().
struct raw_attribute {
    std::uint16_t type;
    std::size_t offset;  // of the attribute header
    bytes_view value;
};

std::vector<raw_attribute> walk(const byte_vector& m) {
    std::vector<raw_attribute> out;
    std::size_t offset = 20;
    while (offset + 4 <= m.size()) {
        const auto type = static_cast<std::uint16_t>((m[offset] << 8U) | m[offset + 1]);
        const std::size_t length = static_cast<std::size_t>((m[offset + 2] << 8U) | m[offset + 3]);
        REQUIRE(offset + 4 + length <= m.size());
        out.push_back({type, offset, bytes_view(m.data() + offset + 4, length)});
        offset += 4 + ((length + 3U) & ~std::size_t{3});
    }
    REQUIRE(offset == m.size());
    return out;
}

raw_attribute find_raw(const byte_vector& m, std::uint16_t type) {
    for (const raw_attribute& a : walk(m)) {
        if (a.type == type) return a;
    }
    FAIL("attribute " << type << " not in the message");
    return {};
}

// The bytes a MAC at `offset` of `size` bytes covers (RFC 8489 §14.5, §14.6): the message up to
// the attribute, with the header's length field set as if the MAC attribute ended the message.
byte_vector covered_by_mac(const byte_vector& m, std::size_t offset, std::size_t size) {
    byte_vector covered(m.begin(), m.begin() + static_cast<std::ptrdiff_t>(offset));
    const std::size_t length = offset - 20 + 4 + size;
    covered[2] = static_cast<std::uint8_t>(length >> 8U);
    covered[3] = static_cast<std::uint8_t>(length & 0xFFU);
    return covered;
}

byte_vector copy(bytes_view b) { return byte_vector(b.begin(), b.end()); }

// ---------------------------------------------------------------------------------------------
// The RFC 5769 vectors and their keys
// ---------------------------------------------------------------------------------------------

constexpr std::string_view short_term_password = "VOkJxbRl1RmTxUk/WvJxBt";  // RFC 5769 §2.1-§2.3
// RFC 5769 §2.4: U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9.
constexpr std::string_view long_term_username =
    "\xE3\x83\x9E\xE3\x83\x88\xE3\x83\xAA\xE3\x83\x83\xE3\x82\xAF\xE3\x82\xB9";
constexpr std::string_view long_term_realm = "example.org";
// "The<U+00AD>M<U+00AA>tr<U+2168>", which SASLprep turns into "TheMatrIX".
constexpr std::string_view long_term_password_raw = "The\xC2\xAD" "M\xC2\xAA" "tr\xE2\x85\xA8";

// SASLprep as RFC 5769 §2.4 prescribes (RFC 8489 would use OpaqueString, which keeps U+00AD).
std::string prepared_long_term_password() {
    std::array<char, 64> out{};
    const auto n = saslprep(long_term_password_raw, out);
    REQUIRE(n.has_value());
    return std::string(out.data(), *n);
}

enum class credential { short_term, long_term };

struct rfc5769_vector {
    const char* section;
    std::string file;
    credential kind;
    bool has_fingerprint;
    std::uint8_t padding;  // §2.1-§2.3 pad with spaces; §2.4 pads with zeros
};

std::vector<rfc5769_vector> rfc5769_vectors() {
    return {{"§2.1", "rfc5769-request.bin", credential::short_term, true, 0x20},
            {"§2.2", "rfc5769-ipv4-response.bin", credential::short_term, true, 0x20},
            {"§2.3", "rfc5769-ipv6-response.bin", credential::short_term, true, 0x20},
            {"§2.4", "rfc5769-long-term-request.bin", credential::long_term, false, 0x00}};
}

template <class Policy>
basic_integrity_key<Policy> key_for(credential kind, std::string_view password) {
    if (kind == credential::short_term) return basic_integrity_key<Policy>(password);
    const auto key = long_term_key<Policy>(attr::password_algorithm_id::md5, long_term_username, long_term_realm,
                                           password);
    REQUIRE(key.has_value());
    return basic_integrity_key<Policy>(key->view());
}

template <class Policy>
basic_integrity_key<Policy> key_for(const rfc5769_vector& v) {
    return key_for<Policy>(v.kind, v.kind == credential::short_term ? std::string(short_term_password)
                                                                     : prepared_long_term_password());
}

// Rebuilds a parsed RFC 5769 vector from its decoded attribute values, computing
// MESSAGE-INTEGRITY and FINGERPRINT with Policy.
template <class Policy>
byte_vector rebuild(const message_view& m, const rfc5769_vector& v) {
    std::array<std::uint8_t, 256> buffer{};
    message_builder b(buffer, m.type(), m.transaction_id());
    b.set_padding_byte(v.padding);
    for (const attribute a : m.attributes()) {
        switch (a.type) {
        case attr::software::type: b.add<attr::software>(*m.decode<attr::software>(a)); break;
        case attr::priority::type: b.add<attr::priority>(*m.decode<attr::priority>(a)); break;
        case attr::ice_controlled::type: b.add<attr::ice_controlled>(*m.decode<attr::ice_controlled>(a)); break;
        case attr::username::type: b.add<attr::username>(*m.decode<attr::username>(a)); break;
        case attr::nonce::type: b.add<attr::nonce>(*m.decode<attr::nonce>(a)); break;
        case attr::realm::type: b.add<attr::realm>(*m.decode<attr::realm>(a)); break;
        case attr::xor_mapped_address::type:
            b.add<attr::xor_mapped_address>(*m.decode<attr::xor_mapped_address>(a));
            break;
        case attr::message_integrity::type:
        case attr::fingerprint::type: break;  // computed below
        default: FAIL("unexpected attribute " << a.type); break;
        }
    }
    auto sealed = add_message_integrity(b, key_for<Policy>(v));
    const auto done = v.has_fingerprint ? sealed.add_fingerprint() : sealed.finish();
    REQUIRE(done.has_value());
    return copy(*done);
}

template <class Policy>
void check_rfc5769_with() {
    for (const rfc5769_vector& v : rfc5769_vectors()) {
        INFO(v.section);
        const byte_vector bytes = test_vectors::load(v.file);
        const auto m = parse(view(bytes));
        REQUIRE(m.has_value());

        CHECK(error_of(verify_message_integrity(*m, key_for<Policy>(v))) == "ok");
        CHECK(error_of(verify_message_integrity_sha256(*m, key_for<Policy>(v))) == "not_found");
        CHECK(error_of(verify_fingerprint<Policy>(*m)) == (v.has_fingerprint ? "ok" : "not_found"));

        const std::string wrong = v.kind == credential::short_term ? "VOkJxbRl1RmTxUk/WvJxBu" : "TheMatrIx";
        CHECK(error_of(verify_message_integrity(*m, key_for<Policy>(v.kind, wrong))) == "integrity_mismatch");

        CHECK(hex(view(rebuild<Policy>(*m, v))) == hex(view(bytes)));
    }
}

// ---------------------------------------------------------------------------------------------
// Compile-time properties of the sealed builder
// ---------------------------------------------------------------------------------------------

template <class T, class = void>
struct has_add : std::false_type {};
template <class T>
struct has_add<T, std::void_t<decltype(std::declval<T&>().template add<attr::software>(std::string_view()))>>
    : std::true_type {};
template <class T, class = void>
struct has_add_raw : std::false_type {};
template <class T>
struct has_add_raw<T, std::void_t<decltype(std::declval<T&>().add_raw(std::uint16_t{}, bytes_view()))>>
    : std::true_type {};
template <class T, class = void>
struct has_append : std::false_type {};
template <class T>
struct has_append<T, std::void_t<decltype(std::declval<T&>().append(std::uint16_t{}, std::size_t{}))>>
    : std::true_type {};
template <class T, class = void>
struct has_add_fingerprint : std::false_type {};
template <class T>
struct has_add_fingerprint<T, std::void_t<decltype(std::declval<T&>().add_fingerprint())>> : std::true_type {};
template <class T, class = void>
struct has_add_mi256 : std::false_type {};
template <class T>
struct has_add_mi256<T, std::void_t<decltype(std::declval<T&>().add_message_integrity_sha256(
                            std::declval<const integrity_key&>(), std::size_t{}))>> : std::true_type {};

constexpr transaction_id test_id = {{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}};
constexpr message_type binding_request{method::binding, message_class::request};

}  // namespace

// ---------------------------------------------------------------------------------------------
// RFC 5769
// ---------------------------------------------------------------------------------------------

TEST_CASE("RFC 5769 vectors verify and rebuild byte-exact with the default policy", "[integrity][rfc5769]") {
    check_rfc5769_with<crypto::default_policy>();
}

TEST_CASE("RFC 5769 vectors verify and rebuild byte-exact with the portable policy", "[integrity][rfc5769]") {
    check_rfc5769_with<crypto::portable_policy>();
}

TEST_CASE("RFC 5769 vectors verify and rebuild byte-exact with openssl_policy", "[integrity][rfc5769]") {
    check_rfc5769_with<crypto::openssl_policy>();
}

TEST_CASE("RFC 5769 §2.4: the key is MD5(username:realm:SASLprep(password))", "[integrity][rfc5769][keys]") {
    CHECK(prepared_long_term_password() == "TheMatrIX");
    const auto key = long_term_key(attr::password_algorithm_id::md5, long_term_username, long_term_realm, "TheMatrIX");
    REQUIRE(key.has_value());
    const std::string text = std::string(long_term_username) + ":example.org:TheMatrIX";
    CHECK(hex(key->view()) == hex(openssl_digest<16>(EVP_md5(), view(text))));
}

TEST_CASE("tampering with any byte an RFC 5769 MAC or FINGERPRINT covers is detected",
          "[integrity][rfc5769][tamper]") {
    for (const rfc5769_vector& v : rfc5769_vectors()) {
        INFO(v.section);
        const byte_vector bytes = test_vectors::load(v.file);
        const auto key = key_for<crypto::default_policy>(v);
        const std::size_t mi_offset = find_raw(bytes, attr::message_integrity::type).offset;
        const std::size_t fp_offset = v.has_fingerprint ? find_raw(bytes, attr::fingerprint::type).offset : 0;
        std::size_t mismatches = 0;
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            for (const std::uint8_t flip : {std::uint8_t{0x01}, std::uint8_t{0x80}}) {
                INFO("byte " << i << " xor " << unsigned{flip});
                byte_vector t = bytes;
                t[i] = static_cast<std::uint8_t>(t[i] ^ flip);
                const auto m = parse(view(t));
                if (!m) continue;  // no longer a well-framed message: rejected before any MAC
                const auto mi = m->message_integrity();
                const bool same_layout = mi && mi->offset == mi_offset;
                if (i < mi_offset + 24) {
                    // Before and inside MESSAGE-INTEGRITY: the MAC no longer matches. A flipped
                    // attribute type can move or hide MESSAGE-INTEGRITY: still a failure.
                    const auto r = verify_message_integrity(*m, key);
                    REQUIRE_FALSE(r.has_value());
                    if (same_layout) {
                        CHECK(to_string(r.error()) == "integrity_mismatch");
                        ++mismatches;
                    }
                } else {
                    // After it (FINGERPRINT): MESSAGE-INTEGRITY does not cover these bytes.
                    CHECK(error_of(verify_message_integrity(*m, key)) == "ok");
                }
                if (v.has_fingerprint && m->fingerprint() && m->fingerprint()->offset == fp_offset) {
                    CHECK(error_of(verify_fingerprint(*m)) == "fingerprint_mismatch");
                }
            }
        }
        // Every byte of the transaction id, the attribute values and the MAC itself keeps the
        // layout, so most of the 2 * (mi_offset + 24) flips must have reached the MAC check.
        CHECK(mismatches >= (mi_offset + 24));
    }
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

TEST_CASE("malformed and absent MACs and FINGERPRINTs", "[integrity][errors]") {
    const integrity_key key("password");
    std::array<std::uint8_t, 128> buffer{};

    SECTION("absent: not_found") {
        message_builder b(buffer, binding_request, test_id);
        b.add<attr::software>("no MAC");
        const auto m = parse(*b.finish());
        REQUIRE(m.has_value());
        CHECK(error_of(verify_message_integrity(*m, key)) == "not_found");
        CHECK(error_of(verify_message_integrity_sha256(*m, key)) == "not_found");
        CHECK(error_of(verify_fingerprint(*m)) == "not_found");
    }
    SECTION("MESSAGE-INTEGRITY of 16 bytes: bad_attribute_length") {
        message_builder b(buffer, binding_request, test_id);
        b.add_raw(attr::message_integrity::type, bytes_view(buffer.data() + 100, 16));
        const auto m = parse(*b.finish());
        REQUIRE(m.has_value());
        CHECK(error_of(verify_message_integrity(*m, key)) == "bad_attribute_length");
    }
    SECTION("MESSAGE-INTEGRITY of 24 bytes: bad_attribute_length") {
        message_builder b(buffer, binding_request, test_id);
        b.add_raw(attr::message_integrity::type, bytes_view(buffer.data() + 100, 24));
        const auto m = parse(*b.finish());
        REQUIRE(m.has_value());
        CHECK(error_of(verify_message_integrity(*m, key)) == "bad_attribute_length");
    }
    SECTION("MESSAGE-INTEGRITY-SHA256 of 12 and 18 bytes: bad_attribute_length") {
        for (const std::size_t n : {std::size_t{12}, std::size_t{18}}) {
            message_builder b(buffer, binding_request, test_id);
            b.add_raw(attr::message_integrity_sha256::type, bytes_view(buffer.data() + 100, n));
            const auto m = parse(*b.finish());
            REQUIRE(m.has_value());
            CHECK(error_of(verify_message_integrity_sha256(*m, key)) == "bad_attribute_length");
        }
    }
    SECTION("FINGERPRINT of 3 bytes: bad_attribute_length") {
        message_builder b(buffer, binding_request, test_id);
        b.add_raw(attr::fingerprint::type, bytes_view(buffer.data() + 100, 3));
        const auto m = parse(*b.finish());
        REQUIRE(m.has_value());
        CHECK(error_of(verify_fingerprint(*m)) == "bad_attribute_length");
    }
}

// ---------------------------------------------------------------------------------------------
// MESSAGE-INTEGRITY-SHA256
// ---------------------------------------------------------------------------------------------

TEST_CASE("MESSAGE-INTEGRITY-SHA256: every truncation builds, verifies and matches OpenSSL",
          "[integrity][sha256]") {
    const integrity_key key("a short-term password");
    for (std::size_t n = 16; n <= 32; n += 4) {
        INFO("size " << n);
        std::array<std::uint8_t, 128> buffer{};
        message_builder b(buffer, binding_request, test_id);
        b.add<attr::username>("alice");
        const auto done = add_message_integrity_sha256(b, key, n).finish();
        REQUIRE(done.has_value());
        const byte_vector bytes = copy(*done);
        const raw_attribute mac = find_raw(bytes, attr::message_integrity_sha256::type);
        REQUIRE(mac.value.size() == n);
        const auto expected = openssl_hmac<32>(EVP_sha256(), view("a short-term password"),
                                               view(covered_by_mac(bytes, mac.offset, n)));
        CHECK(hex(mac.value) == hex(expected, n));

        const auto m = parse(view(bytes));
        REQUIRE(m.has_value());
        CHECK(error_of(verify_message_integrity_sha256(*m, key)) == "ok");
        CHECK(error_of(verify_message_integrity_sha256(*m, integrity_key("another password"))) ==
              "integrity_mismatch");
        CHECK(error_of(verify_message_integrity(*m, key)) == "not_found");
    }
}

TEST_CASE("MESSAGE-INTEGRITY-SHA256 sizes other than 16-32 in steps of 4 are invalid_argument",
          "[integrity][sha256][errors]") {
    const integrity_key key("k");
    for (const std::size_t n : {std::size_t{0}, std::size_t{12}, std::size_t{18}, std::size_t{36}}) {
        INFO("size " << n);
        std::array<std::uint8_t, 128> buffer{};
        {
            message_builder b(buffer, binding_request, test_id);
            CHECK(error_of(add_message_integrity_sha256(b, key, n).add_fingerprint()) == "invalid_argument");
            CHECK(b.size() == 20);  // nothing was appended
        }
        {
            message_builder b(buffer, binding_request, test_id);
            auto sealed = add_message_integrity(b, key);
            CHECK(error_of(sealed.add_message_integrity_sha256(key, n).finish()) == "invalid_argument");
        }
    }
    // A second MESSAGE-INTEGRITY-SHA256 is refused too.
    std::array<std::uint8_t, 128> buffer{};
    message_builder b(buffer, binding_request, test_id);
    CHECK(error_of(add_message_integrity_sha256(b, key).add_message_integrity_sha256(key).finish()) ==
          "invalid_argument");
    message_builder b2(buffer, binding_request, test_id);
    CHECK(error_of(add_message_integrity(b2, key)
                       .add_message_integrity_sha256(key)
                       .add_message_integrity_sha256(key, 16)
                       .finish()) == "invalid_argument");
}

TEST_CASE("MI, then MI-SHA256, then FINGERPRINT: all verify and match OpenSSL from first principles",
          "[integrity][sha256][differential]") {
    const std::string_view password = "The quick brown fox";
    const integrity_key key(password);
    std::array<std::uint8_t, 256> buffer{};
    message_builder b(buffer, binding_request, test_id);
    b.add<attr::username>("user:with odd length").add<attr::software>("stunkit");
    const auto done = add_message_integrity(b, key).add_message_integrity_sha256(key).add_fingerprint();
    REQUIRE(done.has_value());
    const byte_vector bytes = copy(*done);

    const raw_attribute mi = find_raw(bytes, attr::message_integrity::type);
    const raw_attribute mi256 = find_raw(bytes, attr::message_integrity_sha256::type);
    const raw_attribute fp = find_raw(bytes, attr::fingerprint::type);
    REQUIRE(mi.offset < mi256.offset);
    REQUIRE(mi256.offset < fp.offset);
    REQUIRE(fp.offset + 8 == bytes.size());
    CHECK(hex(mi.value) ==
          hex(openssl_hmac<20>(EVP_sha1(), view(password), view(covered_by_mac(bytes, mi.offset, 20)))));
    // MESSAGE-INTEGRITY-SHA256 covers MESSAGE-INTEGRITY too (RFC 8489 §14.6).
    CHECK(hex(mi256.value) ==
          hex(openssl_hmac<32>(EVP_sha256(), view(password), view(covered_by_mac(bytes, mi256.offset, 32)))));
    const std::uint32_t crc = reference_crc32(bytes_view(bytes.data(), fp.offset)) ^ 0x5354554EU;
    CHECK(hex(fp.value) == hex(std::array<std::uint8_t, 4>{static_cast<std::uint8_t>(crc >> 24U),
                                                           static_cast<std::uint8_t>(crc >> 16U),
                                                           static_cast<std::uint8_t>(crc >> 8U),
                                                           static_cast<std::uint8_t>(crc)}));

    const auto m = parse(view(bytes));
    REQUIRE(m.has_value());
    CHECK(error_of(verify_message_integrity(*m, key)) == "ok");
    CHECK(error_of(verify_message_integrity_sha256(*m, key)) == "ok");
    CHECK(error_of(verify_fingerprint(*m)) == "ok");
    CHECK(error_of(verify_fingerprint<crypto::portable_policy>(*m)) == "ok");
    CHECK(error_of(verify_fingerprint<crypto::openssl_policy>(*m)) == "ok");
}

TEST_CASE("MI-SHA256 alone, then FINGERPRINT: verify and match OpenSSL", "[integrity][sha256][differential]") {
    const std::string_view password = "pw";
    const basic_integrity_key<crypto::openssl_policy> key(password);
    std::array<std::uint8_t, 128> buffer{};
    message_builder b(buffer, message_type{method::allocate, message_class::request}, test_id);
    b.add<attr::realm>("example.org");
    const auto done = add_message_integrity_sha256(b, key, 24).add_fingerprint();
    REQUIRE(done.has_value());
    const byte_vector bytes = copy(*done);
    const raw_attribute mi256 = find_raw(bytes, attr::message_integrity_sha256::type);
    CHECK(hex(mi256.value) ==
          hex(openssl_hmac<32>(EVP_sha256(), view(password), view(covered_by_mac(bytes, mi256.offset, 24))), 24));

    const auto m = parse(view(bytes));
    REQUIRE(m.has_value());
    CHECK(error_of(verify_message_integrity_sha256(*m, key)) == "ok");
    CHECK(error_of(verify_message_integrity_sha256(*m, integrity_key(password))) == "ok");
    CHECK(error_of(verify_message_integrity(*m, key)) == "not_found");
    CHECK(error_of(verify_fingerprint(*m)) == "ok");
}

// ---------------------------------------------------------------------------------------------
// Keys and USERHASH
// ---------------------------------------------------------------------------------------------

template <class Policy>
void check_long_term_keys() {
    const std::string_view user = "user";
    const std::string_view realm = "realm";
    const std::string_view pass = "pass";
    const auto md5 = long_term_key<Policy>(attr::password_algorithm_id::md5, user, realm, pass);
    REQUIRE(md5.has_value());
    CHECK(md5->size == 16);
    CHECK(hex(md5->view()) == hex(openssl_digest<16>(EVP_md5(), view("user:realm:pass"))));
    const auto sha256 = long_term_key<Policy>(attr::password_algorithm_id::sha256, user, realm, pass);
    REQUIRE(sha256.has_value());
    CHECK(sha256->size == 32);
    CHECK(hex(sha256->view()) == hex(openssl_digest<32>(EVP_sha256(), view("user:realm:pass"))));
    for (const std::uint16_t unknown : {std::uint16_t{0}, std::uint16_t{3}, std::uint16_t{0xFFFF}}) {
        CHECK(error_of(long_term_key<Policy>(unknown, user, realm, pass)) == "unknown_algorithm");
    }
    CHECK(hex(userhash<Policy>(user, realm)) == hex(openssl_digest<32>(EVP_sha256(), view("user:realm"))));
}

TEST_CASE("long-term keys and USERHASH match OpenSSL's MD5 and SHA-256", "[integrity][keys][differential]") {
    check_long_term_keys<crypto::default_policy>();
    check_long_term_keys<crypto::portable_policy>();
    check_long_term_keys<crypto::openssl_policy>();
}

// ---------------------------------------------------------------------------------------------
// RFC 8489 Appendix B.1
// ---------------------------------------------------------------------------------------------

namespace {
// RFC 8489 Appendix B.1, byte for byte: USERHASH, NONCE, REALM, MESSAGE-INTEGRITY-SHA256.
const byte_vector rfc8489_b1 = from_hex(
    "0001009c2112a44278ad3433c6ad72c029da412e001e00204a3cf38fef6992bda952c6780417da0f24819415569e60b205c46e4140"
    "7f1704001500296f624d61744a6f73324141414366"
    "2f2f3439396b39353464364f4c33346f4c394653547679363473410000000014000b6578616d706c652e6f726700001c0020e4686c"
    "8f0edeb59013e07090010a93efccbccc544c0a45d9f830aa6d6f735a01");
}  // namespace

TEST_CASE("RFC 8489 Appendix B.1: USERHASH, the erratum, and how its MAC was computed", "[integrity][rfc8489]") {
    REQUIRE(rfc8489_b1.size() == 156);
    const std::string password = prepared_long_term_password();  // the vector uses "TheMatrIX"

    SECTION("USERHASH is SHA-256(username:realm)") {
        CHECK(hex(userhash(long_term_username, long_term_realm)) ==
              "4a3cf38fef6992bda952c6780417da0f24819415569e60b205c46e41407f1704");
        CHECK(hex(userhash(long_term_username, long_term_realm)) == hex(find_raw(rfc8489_b1, 0x001E).value));
    }

    SECTION("the length field counts the header too: parse() refuses it") {
        // 0x9c = 156 is the size of the whole message; the body is 136 bytes (a known erratum).
        CHECK(error_of(parse(view(rfc8489_b1))) == "length_mismatch");
    }

    SECTION("its MAC is HMAC-SHA256 over the first 120 bytes as they are, length 0x9c unpatched") {
        const auto key = long_term_key(attr::password_algorithm_id::sha256, long_term_username, long_term_realm,
                                       password);
        REQUIRE(key.has_value());
        const std::string text = std::string(long_term_username) + ":example.org:TheMatrIX";
        CHECK(hex(key->view()) == hex(openssl_digest<32>(EVP_sha256(), view(text))));

        const raw_attribute mac = find_raw(rfc8489_b1, attr::message_integrity_sha256::type);
        REQUIRE(mac.offset == 120);
        const bytes_view first_120(rfc8489_b1.data(), 120);
        CHECK(hex(mac.value) == hex(openssl_hmac<32>(EVP_sha256(), key->view(), first_120)));
        // The same with stunkit's HMAC: the vector's MAC is not the RFC 8489 §14.6 one, which
        // covers a header whose length field is patched to end at the MAC (0x88 here).
        const integrity_key ikey(key->view());
        CHECK(hex(ikey.sha256().compute(first_120)) == hex(mac.value));
        CHECK(hex(mac.value) != hex(openssl_hmac<32>(EVP_sha256(), key->view(),
                                                     view(covered_by_mac(rfc8489_b1, 120, 32)))));

        // With the length corrected the message parses, but its MAC does not verify.
        byte_vector fixed = rfc8489_b1;
        fixed[3] = 0x88;
        const auto m = parse(view(fixed));
        REQUIRE(m.has_value());
        CHECK(error_of(verify_message_integrity_sha256(*m, ikey)) == "integrity_mismatch");
        CHECK(*m->get<attr::nonce>() == "obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA");

        // stunkit rebuilds the same attributes with the RFC 8489 MAC, which verifies.
        std::array<std::uint8_t, 256> buffer{};
        message_builder b(buffer, m->type(), m->transaction_id());
        b.add<attr::userhash>(*m->get<attr::userhash>())
            .add<attr::nonce>(*m->get<attr::nonce>())
            .add<attr::realm>(*m->get<attr::realm>());
        const auto rebuilt = add_message_integrity_sha256(b, ikey).finish();
        REQUIRE(rebuilt.has_value());
        REQUIRE(rebuilt->size() == 156);
        CHECK(hex(rebuilt->subspan(4, 116)) == hex(bytes_view(fixed.data() + 4, 116)));
        CHECK(hex(rebuilt->subspan(0, 4)) == "0001" "0088");
        const auto again = parse(*rebuilt);
        REQUIRE(again.has_value());
        CHECK(error_of(verify_message_integrity_sha256(*again, ikey)) == "ok");
    }
}

// ---------------------------------------------------------------------------------------------
// RFC 3489
// ---------------------------------------------------------------------------------------------

TEST_CASE("RFC 3489 MESSAGE-INTEGRITY: HMAC-SHA1 over the message zero-padded to 64 bytes",
          "[integrity][legacy][differential]") {
    constexpr legacy_transaction_id legacy_id = {{0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}};
    const std::string_view password = "legacy password";
    const integrity_key key(password);
    // USERNAME values of 9 bytes (MESSAGE-INTEGRITY at offset 36: padded to 64) and of 40
    // bytes (at offset 64: no padding at all).
    for (const std::string_view username :
         {std::string_view("classic:9"), std::string_view("0123456789012345678901234567890123456789")}) {
        INFO("USERNAME of " << username.size() << " bytes");
        std::array<std::uint8_t, 128> buffer{};
        message_builder b(buffer, binding_request, legacy_id);
        REQUIRE(b.legacy());
        b.add<attr::username>(username);
        const auto done = add_message_integrity(b, key).finish();
        REQUIRE(done.has_value());
        const byte_vector bytes = copy(*done);
        const raw_attribute mi = find_raw(bytes, attr::message_integrity::type);
        REQUIRE(mi.offset + 24 == bytes.size());

        // RFC 3489 §11.2.8: the text up to MESSAGE-INTEGRITY, header as it is, zero-padded.
        byte_vector text(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(mi.offset));
        while (text.size() % 64 != 0) text.push_back(0);
        CHECK(hex(mi.value) == hex(openssl_hmac<20>(EVP_sha1(), view(password), view(text))));
        // With MESSAGE-INTEGRITY last, the header as it is equals the RFC 8489 patched one, so
        // the two MACs differ exactly when there was padding to add.
        const bool padded = mi.offset % 64 != 0;
        CHECK((hex(mi.value) ==
               hex(openssl_hmac<20>(EVP_sha1(), view(password), view(covered_by_mac(bytes, mi.offset, 20))))) ==
              !padded);

        CHECK(error_of(parse(*done)) == "bad_magic_cookie");
        parse_options legacy;
        legacy.allow_legacy = true;
        const auto m = parse(*done, legacy);
        REQUIRE(m.has_value());
        REQUIRE(m->legacy());
        CHECK(m->legacy_transaction_id() == legacy_id);
        CHECK(error_of(verify_message_integrity(*m, key)) == "ok");
        CHECK(error_of(verify_message_integrity(*m, basic_integrity_key<crypto::openssl_policy>(password))) == "ok");
        CHECK(error_of(verify_message_integrity(*m, integrity_key("wrong"))) == "integrity_mismatch");
    }

    // RFC 3489 has no FINGERPRINT, but some dialects append one. Its length field then no longer
    // ends at MESSAGE-INTEGRITY; the MAC still covers a header that does (as libnice computes
    // it), so what stunkit builds it also verifies.
    std::array<std::uint8_t, 128> buffer{};
    message_builder b(buffer, binding_request, legacy_id);
    b.add<attr::username>("classic:9");
    const auto done = add_message_integrity(b, key).add_fingerprint();
    REQUIRE(done.has_value());
    const byte_vector bytes = copy(*done);
    const raw_attribute mi = find_raw(bytes, attr::message_integrity::type);
    byte_vector text = covered_by_mac(bytes, mi.offset, 20);
    while (text.size() % 64 != 0) text.push_back(0);
    CHECK(hex(mi.value) == hex(openssl_hmac<20>(EVP_sha1(), view(password), view(text))));
    parse_options legacy;
    legacy.allow_legacy = true;
    const auto m = parse(*done, legacy);
    REQUIRE(m.has_value());
    CHECK(error_of(verify_message_integrity(*m, key)) == "ok");
    CHECK(error_of(verify_fingerprint(*m)) == "ok");
}

// ---------------------------------------------------------------------------------------------
// The builder
// ---------------------------------------------------------------------------------------------

TEST_CASE("a sealed builder offers nothing but MI-SHA256, FINGERPRINT and finish()", "[integrity][builder]") {
    // Sanity: the detectors see message_builder's members.
    STATIC_REQUIRE(has_add<message_builder>::value);
    STATIC_REQUIRE(has_add_raw<message_builder>::value);
    STATIC_REQUIRE(has_append<message_builder>::value);
    // RFC 8489 §14.5-§14.7: nothing but these may follow a MAC, and the type says so.
    using sealed =
        decltype(add_message_integrity(std::declval<message_builder&>(), std::declval<const integrity_key&>()));
    STATIC_REQUIRE(std::is_same<sealed, sealed_builder>::value);
    STATIC_REQUIRE_FALSE(has_add<sealed>::value);
    STATIC_REQUIRE_FALSE(has_add_raw<sealed>::value);
    STATIC_REQUIRE_FALSE(has_append<sealed>::value);
    STATIC_REQUIRE(has_add_mi256<sealed>::value);
    STATIC_REQUIRE(has_add_fingerprint<sealed>::value);
    using sealed256 = decltype(add_message_integrity_sha256(std::declval<message_builder&>(),
                                                            std::declval<const integrity_key&>(), std::size_t{}));
    STATIC_REQUIRE(std::is_same<sealed256, sealed_builder>::value);
    STATIC_REQUIRE_FALSE(has_add<basic_sealed_builder<crypto::openssl_policy>>::value);
    STATIC_REQUIRE(std::is_same<decltype(std::declval<sealed&>().add_fingerprint()), result<bytes_view>>::value);
    STATIC_REQUIRE(std::is_same<decltype(std::declval<const sealed&>().finish()), result<bytes_view>>::value);
}

TEST_CASE("no_space while adding MESSAGE-INTEGRITY(-SHA256) or FINGERPRINT is sticky", "[integrity][builder]") {
    const integrity_key key("k");
    // Header 20 + USERNAME 8 = 28; MESSAGE-INTEGRITY needs 24 more, FINGERPRINT 8 more.
    const auto start = [](gsl::span<std::uint8_t> buffer) {
        message_builder b(buffer, binding_request, test_id);
        b.add<attr::username>("user");
        REQUIRE(b.ok());
        return b;
    };
    std::array<std::uint8_t, 128> storage{};

    SECTION("MESSAGE-INTEGRITY does not fit") {
        message_builder b = start(gsl::span<std::uint8_t>(storage.data(), 51));
        auto sealed = add_message_integrity(b, key);
        CHECK(b.size() == 28);
        CHECK(error_of(sealed.finish()) == "no_space");
        CHECK(error_of(sealed.add_fingerprint()) == "no_space");
        CHECK(error_of(b.finish()) == "no_space");
    }
    SECTION("MESSAGE-INTEGRITY fits, FINGERPRINT does not") {
        message_builder b = start(gsl::span<std::uint8_t>(storage.data(), 52 + 7));
        auto sealed = add_message_integrity(b, key);
        CHECK(error_of(sealed.finish()) == "ok");
        CHECK(error_of(sealed.add_fingerprint()) == "no_space");
        CHECK(b.size() == 52);
        CHECK(error_of(sealed.finish()) == "no_space");
        CHECK(error_of(sealed.add_fingerprint()) == "no_space");
    }
    SECTION("MESSAGE-INTEGRITY fits, MESSAGE-INTEGRITY-SHA256 does not") {
        message_builder b = start(gsl::span<std::uint8_t>(storage.data(), 52 + 35));
        CHECK(error_of(add_message_integrity(b, key).add_message_integrity_sha256(key).add_fingerprint()) ==
              "no_space");
        CHECK(b.size() == 52);
    }
    SECTION("MESSAGE-INTEGRITY-SHA256 alone does not fit") {
        message_builder b = start(gsl::span<std::uint8_t>(storage.data(), 28 + 35));
        CHECK(error_of(add_message_integrity_sha256(b, key).add_fingerprint()) == "no_space");
        CHECK(b.size() == 28);
    }
    SECTION("FINGERPRINT alone does not fit") {
        message_builder b = start(gsl::span<std::uint8_t>(storage.data(), 28 + 7));
        CHECK(error_of(add_fingerprint(b)) == "no_space");
        CHECK(error_of(add_fingerprint(b)) == "no_space");
        CHECK(error_of(b.finish()) == "no_space");
    }
    SECTION("an earlier error is kept") {
        message_builder b = start(storage);
        b.add<attr::error_code>(attr::error_code_value{200, "not an error code"});
        CHECK(error_of(add_message_integrity(b, key).add_fingerprint()) == "bad_error_code");
        CHECK(b.size() == 28);
    }
    SECTION("everything fits exactly") {
        message_builder b = start(gsl::span<std::uint8_t>(storage.data(), 28 + 24 + 36 + 8));
        const auto done = add_message_integrity(b, key).add_message_integrity_sha256(key).add_fingerprint();
        REQUIRE(done.has_value());
        CHECK(done->size() == 96);
        const auto m = parse(*done);
        REQUIRE(m.has_value());
        CHECK(error_of(verify_message_integrity(*m, key)) == "ok");
        CHECK(error_of(verify_message_integrity_sha256(*m, key)) == "ok");
        CHECK(error_of(verify_fingerprint(*m)) == "ok");
    }
}
