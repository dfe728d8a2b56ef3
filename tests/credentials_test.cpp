// Tests for credentials.hpp: the nonce cookie (RFC 8489 §9.2, Errata 6290), PASSWORD-ALGORITHMS
// bid-down protection on the server (§9.2.4) and the client (§9.2.5), and the error responses
// a server challenges or refuses requests with, each parsed back and checked field by field.
#include <stunkit/credentials.hpp>

#include <stunkit/attributes.hpp>
#include <stunkit/builder.hpp>
#include <stunkit/integrity.hpp>
#include <stunkit/message.hpp>
#include <stunkit/registry.hpp>

#include <catch2/catch.hpp>

#include "vectors.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace stunkit;
using byte_vector = std::vector<std::uint8_t>;
namespace alg = attr::password_algorithm_id;

template <class T>
std::string_view error_of(const result<T>& r) {
    return r.has_value() ? std::string_view("ok") : to_string(r.error());
}

bytes_view view(const byte_vector& v) { return {v.data(), v.size()}; }
byte_vector copy(bytes_view b) { return byte_vector(b.begin(), b.end()); }

std::string hex(bytes_view b) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (const std::uint8_t x : b) {
        out += digits[x >> 4U];
        out += digits[x & 0xFU];
    }
    return out;
}

std::vector<std::uint16_t> types_of(const attr::attribute_type_list& list) {
    return std::vector<std::uint16_t>(list.begin(), list.end());
}

std::vector<std::uint16_t> attribute_types(const message_view& m) {
    std::vector<std::uint16_t> out;
    for (const attribute a : m.all_attributes()) out.push_back(a.type);
    return out;
}

constexpr transaction_id test_id = {{0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b}};
constexpr message_type allocate_request{method::allocate, message_class::request};

const attr::password_algorithm_value sha256_entry{alg::sha256, {}};
const attr::password_algorithm_value md5_entry{alg::md5, {}};

// Bytes of PASSWORD-ALGORITHMS values (RFC 8489 §14.11) written out by hand.
const byte_vector md5_then_sha256 = {0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00};
const byte_vector sha256_only = {0x00, 0x02, 0x00, 0x00};
const byte_vector md5_only = {0x00, 0x01, 0x00, 0x00};

// A request carrying what `fill` adds, as owned bytes.
template <class Fill>
byte_vector request_with(Fill fill, message_type type = allocate_request) {
    std::array<std::uint8_t, 512> buffer{};
    message_builder b(buffer, type, test_id);
    fill(b);
    const auto done = b.finish();
    REQUIRE(done.has_value());
    return copy(*done);
}

message_view parsed(const byte_vector& bytes, bool legacy = false) {
    parse_options options;
    options.allow_legacy = legacy;
    const auto m = parse(view(bytes), options);
    REQUIRE(m.has_value());
    return *m;
}

attr::password_algorithm_list list_of(const byte_vector& bytes) {
    const auto list = attr::password_algorithm_list::from_bytes(view(bytes));
    REQUIRE(list.has_value());
    return *list;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Nonce cookie
// ---------------------------------------------------------------------------------------------

TEST_CASE("nonce cookie constants", "[credentials][nonce]") {
    STATIC_REQUIRE(nonce_cookie_prefix == "obMatJos2");
    STATIC_REQUIRE(nonce_cookie_size == 13);
    // Errata 6290: bit 0 is the least significant.
    STATIC_REQUIRE(security_feature_bit::password_algorithms == 1);
    STATIC_REQUIRE(security_feature_bit::username_anonymity == 2);
    STATIC_REQUIRE(security_features{true, false}.bits() == 1);
    STATIC_REQUIRE(security_features{false, true}.bits() == 2);
    STATIC_REQUIRE(security_features::from_bits(3) == security_features{true, true});
    STATIC_REQUIRE(security_features::from_bits(0xFFFFFC) == security_features{});
}

TEST_CASE("nonce cookies round-trip", "[credentials][nonce]") {
    const std::string_view suffix = "f//499k954d6OL34oL9FSTvy64sA";
    const struct {
        security_features features;
        std::string_view text;
    } cases[] = {
        {{false, false}, "obMatJos2AAAAf//499k954d6OL34oL9FSTvy64sA"},
        {{true, false}, "obMatJos2AAABf//499k954d6OL34oL9FSTvy64sA"},
        {{false, true}, "obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA"},
        {{true, true}, "obMatJos2AAADf//499k954d6OL34oL9FSTvy64sA"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        std::array<char, 64> out{};
        const auto nonce = format_nonce_cookie(out, c.features, suffix);
        REQUIRE(nonce.has_value());
        CHECK(*nonce == c.text);
        CHECK(nonce->data() == out.data());
        const auto cookie = parse_nonce_cookie(*nonce);
        REQUIRE(cookie.has_value());
        CHECK(cookie->features == c.features);
        CHECK(cookie->bits == c.features.bits());
        CHECK(cookie->opaque == suffix);
        CHECK(cookie->opaque.data() == nonce->data() + 13);
    }
    // An empty suffix is allowed: the cookie alone is a nonce.
    std::array<char, 13> exact{};
    const auto bare = format_nonce_cookie(exact, security_features{true, true}, "");
    REQUIRE(bare.has_value());
    CHECK(*bare == "obMatJos2AAAD");
    CHECK(parse_nonce_cookie(*bare)->opaque.empty());
}

TEST_CASE("the RFC 8489 B.1 nonce announces username anonymity", "[credentials][nonce][rfc8489]") {
    const auto cookie = parse_nonce_cookie("obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA");
    REQUIRE(cookie.has_value());
    CHECK(cookie->bits == 2);
    CHECK(cookie->features.username_anonymity);
    CHECK_FALSE(cookie->features.password_algorithms);
    CHECK(cookie->opaque == "f//499k954d6OL34oL9FSTvy64sA");
    // RFC 5769's nonce is the same without the cookie: an RFC 5389 server.
    const byte_vector rfc5769 = test_vectors::rfc5769_long_term_request();
    const auto nonce = parsed(rfc5769).get<attr::nonce>();
    REQUIRE(nonce.has_value());
    CHECK(*nonce == "f//499k954d6OL34oL9FSTvy64sA");
    CHECK(error_of(parse_nonce_cookie(*nonce)) == "not_found");
}

TEST_CASE("nonce cookie base64 and feature bits", "[credentials][nonce]") {
    constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (std::size_t i = 0; i < alphabet.size(); ++i) {
        INFO(alphabet[i]);
        const std::string last = std::string("obMatJos2AAA") + alphabet[i];
        CHECK(parse_nonce_cookie(last)->bits == i);
        const std::string first = std::string("obMatJos2") + alphabet[i] + "AAAxyz";
        CHECK(parse_nonce_cookie(first)->bits == i << 18U);
    }
    // Unassigned bits are kept in `bits` and do not set the named flags.
    const auto all = parse_nonce_cookie("obMatJos2////");
    REQUIRE(all.has_value());
    CHECK(all->bits == 0xFFFFFF);
    CHECK(all->features == security_features{true, true});
    const auto high = parse_nonce_cookie("obMatJos2gAAA");
    REQUIRE(high.has_value());
    CHECK(high->bits == 0x800000);
    CHECK(high->features == security_features{});
}

TEST_CASE("nonce cookie errors", "[credentials][nonce][errors]") {
    CHECK(error_of(parse_nonce_cookie("")) == "not_found");
    CHECK(error_of(parse_nonce_cookie("obMatJos")) == "not_found");
    CHECK(error_of(parse_nonce_cookie("OBMATJOS2AAAA")) == "not_found");
    CHECK(error_of(parse_nonce_cookie(" obMatJos2AAAA")) == "not_found");
    CHECK(error_of(parse_nonce_cookie("obMatJos2")) == "invalid_argument");
    CHECK(error_of(parse_nonce_cookie("obMatJos2AAA")) == "invalid_argument");
    CHECK(error_of(parse_nonce_cookie("obMatJos2AA=A")) == "invalid_argument");
    CHECK(error_of(parse_nonce_cookie("obMatJos2AA==")) == "invalid_argument");
    CHECK(error_of(parse_nonce_cookie("obMatJos2AA A")) == "invalid_argument");
    CHECK(error_of(parse_nonce_cookie("obMatJos2-AAA")) == "invalid_argument");
    CHECK(error_of(parse_nonce_cookie(std::string_view("obMatJos2AA\0A", 13))) == "invalid_argument");

    std::array<char, 512> out{};
    CHECK(error_of(format_nonce_cookie(gsl::span<char>(out.data(), 12), {}, "")) == "output_too_small");
    CHECK(error_of(format_nonce_cookie(gsl::span<char>(out.data(), 15), {}, "abc")) == "output_too_small");
    // NONCE carries at most 509 bytes when sent (RFC 8489 §14.10).
    const std::string longest(509 - 13, 'n');
    CHECK(format_nonce_cookie(out, {}, longest)->size() == 509);
    CHECK(error_of(format_nonce_cookie(out, {}, longest + "n")) == "text_too_long");
    CHECK(error_of(format_nonce_cookie(out, {}, "caf\xC3")) == "invalid_utf8");
}

// ---------------------------------------------------------------------------------------------
// PASSWORD-ALGORITHMS: the server's check
// ---------------------------------------------------------------------------------------------

TEST_CASE("check_password_algorithms accepts an exact echo and a listed choice", "[credentials][algorithms]") {
    const byte_vector offered(password_algorithms_sha256_md5.begin(), password_algorithms_sha256_md5.end());
    CHECK(hex(view(offered)) == "0002000000010000");
    for (const auto& chosen : {sha256_entry, md5_entry}) {
        INFO("algorithm " << chosen.algorithm);
        const byte_vector request = request_with([&](message_builder& b) {
            b.add<attr::username>("user")
                .add<attr::password_algorithms>(list_of(offered))
                .add<attr::password_algorithm>(chosen);
        });
        const auto selected = check_password_algorithms(parsed(request), view(offered));
        REQUIRE(selected.has_value());
        CHECK(*selected == chosen.algorithm);
    }
    // Algorithms stunkit has no key for are still matched; long_term_key() refuses them later.
    const byte_vector odd = {0x00, 0x07, 0x00, 0x02, 0xAB, 0xCD, 0x00, 0x00};
    const byte_vector request = request_with([&](message_builder& b) {
        b.add<attr::password_algorithms>(list_of(odd))
            .add<attr::password_algorithm>(attr::password_algorithm_value{7, bytes_view(odd.data() + 4, 2)});
    });
    CHECK(*check_password_algorithms(parsed(request), view(odd)) == 7);
}

TEST_CASE("check_password_algorithms refuses every bid-down", "[credentials][algorithms][errors]") {
    const byte_vector offered(password_algorithms_sha256_md5.begin(), password_algorithms_sha256_md5.end());
    const auto check = [&](const byte_vector& request, const byte_vector& offer) {
        return error_of(check_password_algorithms(parsed(request), view(offer)));
    };
    const auto both = [](const byte_vector& echo, attr::password_algorithm_value chosen) {
        return request_with([&](message_builder& b) {
            b.add<attr::password_algorithms>(list_of(echo)).add<attr::password_algorithm>(chosen);
        });
    };

    SECTION("the echo must be byte-exact") {
        CHECK(check(both(md5_then_sha256, sha256_entry), offered) == "algorithm_mismatch");  // reordered
        CHECK(check(both(md5_only, md5_entry), offered) == "algorithm_mismatch");            // trimmed
        CHECK(check(both(sha256_only, sha256_entry), offered) == "algorithm_mismatch");
        CHECK(check(both(offered, sha256_entry), sha256_only) == "algorithm_mismatch");      // extended
        CHECK(check(both(offered, sha256_entry), {}) == "algorithm_mismatch");               // never offered
    }
    SECTION("the choice must be one of the entries, parameters included") {
        CHECK(check(both(offered, attr::password_algorithm_value{3, {}}), offered) == "algorithm_mismatch");
        const std::array<std::uint8_t, 1> parameter = {1};
        CHECK(check(both(offered, attr::password_algorithm_value{alg::sha256, parameter}), offered) ==
              "algorithm_mismatch");
        CHECK(check(both(md5_only, sha256_entry), md5_only) == "algorithm_mismatch");
    }
    SECTION("one attribute without the other") {
        const byte_vector echo_only =
            request_with([&](message_builder& b) { b.add<attr::password_algorithms>(list_of(offered)); });
        const byte_vector choice_only =
            request_with([&](message_builder& b) { b.add<attr::password_algorithm>(sha256_entry); });
        CHECK(check(echo_only, offered) == "algorithm_mismatch");
        CHECK(check(choice_only, offered) == "algorithm_mismatch");
        CHECK(check(choice_only, {}) == "algorithm_mismatch");
    }
    SECTION("attributes after MESSAGE-INTEGRITY do not count") {
        const integrity_key key("k");
        std::array<std::uint8_t, 256> buffer{};
        message_builder b(buffer, allocate_request, test_id);
        b.add<attr::password_algorithm>(sha256_entry);
        static_cast<void>(add_message_integrity(b, key).finish());
        b.add_raw(attr::password_algorithms::type, view(offered));  // crafted after the MAC
        const byte_vector request = copy(*b.finish());
        CHECK(check(request, offered) == "algorithm_mismatch");
    }
    SECTION("neither attribute: an RFC 5389 client, MD5 if the server allows it") {
        const byte_vector plain = request_with([](message_builder& b) { b.add<attr::username>("user"); });
        CHECK(*check_password_algorithms(parsed(plain), {}) == alg::md5);
        CHECK(*check_password_algorithms(parsed(plain), view(offered)) == alg::md5);
        CHECK(*check_password_algorithms(parsed(plain), view(md5_only)) == alg::md5);
        CHECK(check(plain, sha256_only) == "algorithm_mismatch");  // the server refuses MD5
        CHECK(check(plain, byte_vector{0x00, 0x02, 0x00}) == "invalid_argument");
    }
    SECTION("malformed attributes are their decoding errors") {
        const byte_vector bad_choice = request_with([&](message_builder& b) {
            b.add<attr::password_algorithms>(list_of(offered))
                .add_raw(attr::password_algorithm::type, bytes_view(md5_only.data(), 2));
        });
        CHECK(check(bad_choice, offered) == "bad_attribute_length");
        const byte_vector bad_list = request_with([&](message_builder& b) {
            b.add_raw(attr::password_algorithms::type, bytes_view(offered.data(), 6))
                .add<attr::password_algorithm>(md5_entry);
        });
        CHECK(check(bad_list, offered) == "bad_attribute_length");
    }
    CHECK(response_code_for(errc::algorithm_mismatch) == 400);
}

// ---------------------------------------------------------------------------------------------
// PASSWORD-ALGORITHMS: the client's choice
// ---------------------------------------------------------------------------------------------

TEST_CASE("select_password_algorithm prefers SHA-256 over MD5", "[credentials][algorithms]") {
    CHECK(select_password_algorithm(list_of(byte_vector(password_algorithms_sha256_md5.begin(),
                                                        password_algorithms_sha256_md5.end())))
              ->algorithm == alg::sha256);
    CHECK(select_password_algorithm(list_of(md5_then_sha256))->algorithm == alg::sha256);
    CHECK(select_password_algorithm(list_of(md5_only))->algorithm == alg::md5);
    CHECK(select_password_algorithm(list_of(sha256_only))->algorithm == alg::sha256);
    const byte_vector unknown = {0x00, 0x03, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00};
    CHECK(error_of(select_password_algorithm(list_of(unknown))) == "unknown_algorithm");
    CHECK(error_of(select_password_algorithm(attr::password_algorithm_list{})) == "unknown_algorithm");
    // The entry is returned as it is, parameters included, ready to send back.
    const byte_vector with_parameters = {0x00, 0x02, 0x00, 0x01, 0x5A, 0x00, 0x00, 0x00};
    const auto chosen = select_password_algorithm(list_of(with_parameters));
    REQUIRE(chosen.has_value());
    CHECK(hex(chosen->parameters) == "5a");
}

namespace {
// A 401 as a server would send it, then parsed.
byte_vector challenge_with(std::string_view nonce, bytes_view algorithms) {
    const byte_vector request = request_with([](message_builder& b) { b.add<attr::username>("user"); });
    std::array<std::uint8_t, 512> buffer{};
    auto b = start_unauthenticated(buffer, parsed(request), auth_challenge{"example.org", nonce, algorithms});
    const auto done = b.finish();
    REQUIRE(done.has_value());
    return copy(*done);
}
}  // namespace

TEST_CASE("select_password_algorithm reads a challenge with bid-down protection", "[credentials][algorithms]") {
    const bytes_view offered(password_algorithms_sha256_md5);
    SECTION("cookie with the bit and the list: SHA-256, echo the list") {
        const byte_vector c = challenge_with("obMatJos2AAABserver-data", offered);
        const auto choice = select_password_algorithm(parsed(c));
        REQUIRE(choice.has_value());
        CHECK(choice->negotiated);
        CHECK(choice->algorithm.algorithm == alg::sha256);
        CHECK(hex(choice->offered.bytes()) == hex(offered));
    }
    SECTION("cookie with the bit, list stripped: the client must not retry") {
        const byte_vector c = challenge_with("obMatJos2AAABserver-data", {});
        CHECK(error_of(select_password_algorithm(parsed(c))) == "algorithm_mismatch");
    }
    SECTION("no cookie, no list: an RFC 5389 server, MD5 without echo") {
        for (const std::string_view nonce : {std::string_view("f//499k954d6OL34oL9FSTvy64sA"),
                                             std::string_view("obMatJos2AAACserver-data")}) {
            INFO(nonce);
            const byte_vector c = challenge_with(nonce, {});
            const auto choice = select_password_algorithm(parsed(c));
            REQUIRE(choice.has_value());
            CHECK_FALSE(choice->negotiated);
            CHECK(choice->algorithm.algorithm == alg::md5);
            CHECK(choice->offered.empty());
        }
    }
    SECTION("errors") {
        CHECK(error_of(select_password_algorithm(parsed(challenge_with("obMatJos2A!AA", offered)))) ==
              "invalid_argument");
        const byte_vector unknown = {0x00, 0x09, 0x00, 0x00};
        CHECK(error_of(select_password_algorithm(parsed(challenge_with("obMatJos2AAAB", unknown)))) ==
              "unknown_algorithm");
        const byte_vector no_nonce =
            request_with([](message_builder& b) { b.add<attr::realm>("example.org"); },
                         message_type{method::allocate, message_class::error_response});
        CHECK(error_of(select_password_algorithm(parsed(no_nonce))) == "not_found");
    }
}

TEST_CASE("long-term authentication end to end: challenge, choice, echo, check, MAC", "[credentials][algorithms]") {
    const std::string_view username = "user";
    const std::string_view realm = "example.org";
    const std::string_view password = "secret";
    const bytes_view offer(password_algorithms_sha256_md5);

    // Server: 401 with a nonce cookie announcing PASSWORD-ALGORITHMS.
    std::array<char, 64> nonce_text{};
    const auto nonce = format_nonce_cookie(nonce_text, security_features{true, false}, "n0nce");
    REQUIRE(nonce.has_value());
    const byte_vector first = request_with([](message_builder&) {});
    std::array<std::uint8_t, 256> challenge_buffer{};
    auto cb = start_unauthenticated(challenge_buffer, parsed(first), auth_challenge{realm, *nonce, offer});
    const byte_vector challenge = copy(*add_fingerprint(cb));

    // Client: reads it, picks SHA-256, authenticates the retry.
    const message_view challenge_view = parsed(challenge);
    CHECK(error_of(verify_fingerprint(challenge_view)) == "ok");
    const auto choice = select_password_algorithm(challenge_view);
    REQUIRE(choice.has_value());
    REQUIRE(choice->negotiated);
    const auto client_key =
        long_term_key(choice->algorithm.algorithm, username, *challenge_view.get<attr::realm>(), password);
    REQUIRE(client_key.has_value());
    CHECK(client_key->size == 32);
    std::array<std::uint8_t, 256> request_buffer{};
    message_builder rb(request_buffer, allocate_request, test_id);
    rb.add<attr::username>(username)
        .add<attr::realm>(*challenge_view.get<attr::realm>())
        .add<attr::nonce>(*challenge_view.get<attr::nonce>())
        .add<attr::password_algorithms>(choice->offered)
        .add<attr::password_algorithm>(choice->algorithm);
    const byte_vector request = copy(*add_message_integrity(rb, integrity_key(client_key->view())).add_fingerprint());

    // Server: checks the echo, derives the same key, verifies.
    const message_view request_view = parsed(request);
    const auto algorithm = check_password_algorithms(request_view, offer);
    REQUIRE(algorithm.has_value());
    CHECK(*algorithm == alg::sha256);
    const auto server_key = long_term_key(*algorithm, username, realm, password);
    REQUIRE(server_key.has_value());
    CHECK(error_of(verify_message_integrity(request_view, integrity_key(server_key->view()))) == "ok");
    CHECK(parse_nonce_cookie(*request_view.get<attr::nonce>())->opaque == "n0nce");
}

// ---------------------------------------------------------------------------------------------
// Error responses
// ---------------------------------------------------------------------------------------------

TEST_CASE("start_error_response answers a request with its method and transaction id", "[credentials][responses]") {
    const byte_vector rfc = test_vectors::rfc5769_request();
    const message_view request = parsed(rfc);
    std::array<std::uint8_t, 128> buffer{};

    SECTION("registered reason phrase by default") {
        auto b = start_error_response(buffer, request, 400);
        const byte_vector bytes = copy(*b.finish());
        const message_view m = parsed(bytes);
        CHECK(m.klass() == message_class::error_response);
        CHECK(m.method() == method::binding);
        CHECK(m.transaction_id() == request.transaction_id());
        const auto error = m.get<attr::error_code>();
        REQUIRE(error.has_value());
        CHECK(error->code == 400);
        CHECK(error->reason == "Bad Request");
        CHECK(attribute_types(m) == std::vector<std::uint16_t>{attr::error_code::type});
    }
    SECTION("own reason, more attributes, FINGERPRINT") {
        auto b = start_error_response(buffer, request, 403, "Go away");
        b.add<attr::software>("stunkit");
        const byte_vector bytes = copy(*add_fingerprint(b));
        const message_view m = parsed(bytes);
        CHECK(m.get<attr::error_code>()->code == 403);
        CHECK(m.get<attr::error_code>()->reason == "Go away");
        CHECK(*m.get<attr::software>() == "stunkit");
        CHECK(error_of(verify_fingerprint(m)) == "ok");
    }
    SECTION("an unregistered code has an empty reason unless given one") {
        auto b = start_error_response(buffer, request, 499);
        CHECK(parsed(copy(*b.finish())).get<attr::error_code>()->reason.empty());
    }
    SECTION("methods stunkit does not know are answered too") {
        const byte_vector unknown =
            request_with([](message_builder&) {}, message_type{static_cast<method>(0x020), message_class::request});
        auto b = start_error_response(buffer, parsed(unknown), 400);
        CHECK(static_cast<unsigned>(parsed(copy(*b.finish())).method()) == 0x020U);
    }
    SECTION("a legacy request gets a legacy response with the 128-bit id") {
        constexpr legacy_transaction_id legacy_id = {{9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6}};
        std::array<std::uint8_t, 64> request_buffer{};
        message_builder rb(request_buffer, message_type{method::binding, message_class::request}, legacy_id);
        const byte_vector legacy_request = copy(*rb.finish());
        auto b = start_error_response(buffer, parsed(legacy_request, true), 400);
        const byte_vector bytes = copy(*b.finish());
        const message_view m = parsed(bytes, true);
        CHECK(m.legacy());
        CHECK(m.legacy_transaction_id() == legacy_id);
    }
    SECTION("only requests are answered") {
        for (const message_class klass :
             {message_class::indication, message_class::success_response, message_class::error_response}) {
            const byte_vector not_request =
                request_with([](message_builder&) {}, message_type{method::binding, klass});
            auto b = start_error_response(buffer, parsed(not_request), 400);
            CHECK(error_of(b.finish()) == "invalid_argument");
        }
    }
    SECTION("errors are sticky builder errors") {
        auto bad_code = start_error_response(buffer, request, 299);
        CHECK(error_of(bad_code.finish()) == "bad_error_code");
        auto tiny = start_error_response(gsl::span<std::uint8_t>(buffer.data(), 19), request, 400);
        CHECK(error_of(tiny.finish()) == "no_space");
        auto small = start_error_response(gsl::span<std::uint8_t>(buffer.data(), 30), request, 400);
        CHECK(error_of(small.finish()) == "no_space");
    }
}

TEST_CASE("401 and 438 challenges carry ERROR-CODE, REALM, NONCE and PASSWORD-ALGORITHMS",
          "[credentials][responses]") {
    const byte_vector rfc = test_vectors::rfc5769_long_term_request();
    const message_view request = parsed(rfc);
    const bytes_view offer(password_algorithms_sha256_md5);
    std::array<char, 64> nonce_text{};
    const std::string_view nonce = *format_nonce_cookie(nonce_text, security_features{true, true}, "abc");
    std::array<std::uint8_t, 256> buffer{};

    for (const std::uint16_t code : {std::uint16_t{401}, std::uint16_t{438}}) {
        INFO(code);
        const auth_challenge challenge{"example.org", nonce, offer};
        auto b = code == 401 ? start_unauthenticated(buffer, request, challenge)
                             : start_stale_nonce(buffer, request, challenge);
        const byte_vector bytes = copy(*add_fingerprint(b));
        const message_view m = parsed(bytes);
        CHECK(m.klass() == message_class::error_response);
        CHECK(m.method() == method::binding);
        CHECK(m.transaction_id() == request.transaction_id());
        CHECK(attribute_types(m) == std::vector<std::uint16_t>{attr::error_code::type, attr::realm::type,
                                                               attr::nonce::type, attr::password_algorithms::type,
                                                               attr::fingerprint::type});
        CHECK(m.get<attr::error_code>()->code == code);
        CHECK(m.get<attr::error_code>()->reason == (code == 401 ? "Unauthenticated" : "Stale Nonce"));
        CHECK(*m.get<attr::realm>() == "example.org");
        CHECK(*m.get<attr::nonce>() == "obMatJos2AAADabc");
        CHECK(hex(m.get<attr::password_algorithms>()->bytes()) == hex(offer));
        CHECK(error_of(verify_fingerprint(m)) == "ok");
        // §9.2.4: no USERNAME, USERHASH or MAC in a challenge.
        CHECK_FALSE(m.has<attr::username>());
        CHECK_FALSE(m.has<attr::message_integrity>());
    }

    SECTION("without PASSWORD-ALGORITHMS") {
        auto b = start_unauthenticated(buffer, request, auth_challenge{"example.org", "plain-nonce", {}});
        const byte_vector bytes = copy(*b.finish());
        CHECK(attribute_types(parsed(bytes)) ==
              std::vector<std::uint16_t>{attr::error_code::type, attr::realm::type, attr::nonce::type});
    }
    SECTION("errors") {
        const std::array<std::uint8_t, 3> broken = {0x00, 0x02, 0x00};
        CHECK(error_of(start_unauthenticated(buffer, request, auth_challenge{"r", "n", broken}).finish()) ==
              "invalid_argument");
        CHECK(error_of(start_stale_nonce(buffer, request, auth_challenge{"caf\xC3", "n", {}}).finish()) ==
              "invalid_utf8");
        CHECK(error_of(start_unauthenticated(gsl::span<std::uint8_t>(buffer.data(), 60), request,
                                             auth_challenge{"example.org", nonce, offer})
                           .finish()) == "no_space");
    }
}

TEST_CASE("400 Bad Request", "[credentials][responses]") {
    const byte_vector rfc = test_vectors::rfc5769_request();
    std::array<std::uint8_t, 128> buffer{};
    const byte_vector plain = copy(*start_bad_request(buffer, parsed(rfc)).finish());
    CHECK(parsed(plain).get<attr::error_code>()->code == 400);
    CHECK(parsed(plain).get<attr::error_code>()->reason == "Bad Request");
    const byte_vector reasoned = copy(*start_bad_request(buffer, parsed(rfc), "PRIORITY is 2 bytes").finish());
    CHECK(parsed(reasoned).get<attr::error_code>()->reason == "PRIORITY is 2 bytes");
}

TEST_CASE("420 Unknown Attribute lists the unknown comprehension-required attributes", "[credentials][responses]") {
    const byte_vector request = request_with([](message_builder& b) {
        b.add<attr::username>("user")
            .add_raw(0x0031, {})                                    // unknown, required
            .add_raw(0x8031, {})                                    // unknown, optional: not listed
            .add_raw(0x0777, std::array<std::uint8_t, 3>{1, 2, 3})  // unknown, required
            .add_raw(0x0031, {});                                   // repeated
        static_cast<void>(add_message_integrity(b, integrity_key("k")).finish());
        b.add_raw(0x0032, {});  // after MESSAGE-INTEGRITY: ignored, not listed
    }, message_type{method::binding, message_class::request});
    const message_view m = parsed(request);
    std::array<std::uint8_t, 128> buffer{};

    const auto response = [&](gsl::span<const std::uint16_t> also_known) {
        auto b = start_unknown_attribute(buffer, m, also_known);
        const auto done = add_fingerprint(b);
        REQUIRE(done.has_value());
        return copy(*done);
    };
    const byte_vector all = response({});
    const message_view r = parsed(all);
    CHECK(r.klass() == message_class::error_response);
    CHECK(r.transaction_id() == test_id);
    CHECK(r.get<attr::error_code>()->code == 420);
    CHECK(r.get<attr::error_code>()->reason == "Unknown Attribute");
    CHECK(types_of(*r.get<attr::unknown_attributes>()) == std::vector<std::uint16_t>{0x0031, 0x0777, 0x0031});
    CHECK(attribute_types(r) == std::vector<std::uint16_t>{attr::error_code::type, attr::unknown_attributes::type,
                                                           attr::fingerprint::type});
    CHECK(error_of(verify_fingerprint(r)) == "ok");

    const std::array<std::uint16_t, 1> known = {0x0777};
    const byte_vector some = response(known);
    CHECK(types_of(*parsed(some).get<attr::unknown_attributes>()) == std::vector<std::uint16_t>{0x0031, 0x0031});

    const std::array<std::uint16_t, 2> everything = {0x0031, 0x0777};
    const byte_vector none = response(everything);
    const auto empty = parsed(none).get<attr::unknown_attributes>();
    REQUIRE(empty.has_value());
    CHECK(empty->empty());

    auto tiny = start_unknown_attribute(gsl::span<std::uint8_t>(buffer.data(), 48), m);
    CHECK(error_of(tiny.finish()) == "no_space");
}
