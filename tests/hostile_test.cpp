// Hostile input against the wire codec: every malformed datagram must produce exactly the
// errc the contract names, and nothing worse (no abort, no out-of-bounds read: run this file
// under -fsanitize=address,undefined too). Datagrams live in exactly-sized std::vectors so
// that ASan's redzones sit right after the last byte.
#include <stunkit/message.hpp>

#include <stunkit/attributes.hpp>
#include <stunkit/detail/text.hpp>
#include <stunkit/error.hpp>
#include <stunkit/registry.hpp>
#include <stunkit/turn/attributes.hpp>
#include <stunkit/types.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace sk = stunkit;
using sk::errc;
using buffer = std::vector<std::uint8_t>;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** The outcome of an operation: errc{} for success, else the error. Prints by name. */
struct outcome {
    errc e{};
    friend bool operator==(outcome a, outcome b) { return a.e == b.e; }
    friend bool operator!=(outcome a, outcome b) { return a.e != b.e; }
    friend std::ostream& operator<<(std::ostream& os, outcome o) {
        return os << (o.e == errc{} ? std::string_view("ok") : sk::to_string(o.e));
    }
};
constexpr outcome ok{};
constexpr outcome is(errc e) { return outcome{e}; }
template <class T>
outcome outcome_of(const sk::result<T>& r) {
    return r ? ok : outcome{r.error()};
}

sk::bytes_view view(const buffer& b) { return {b.data(), b.size()}; }

void put16(buffer& b, std::size_t at, std::uint16_t v) {
    b[at] = static_cast<std::uint8_t>(v >> 8U);
    b[at + 1] = static_cast<std::uint8_t>(v);
}
void put32(buffer& b, std::size_t at, std::uint32_t v) {
    put16(b, at, static_cast<std::uint16_t>(v >> 16U));
    put16(b, at + 2, static_cast<std::uint16_t>(v));
}
std::uint16_t get16(const buffer& b, std::size_t at) {
    return static_cast<std::uint16_t>((static_cast<unsigned>(b[at]) << 8U) | b[at + 1]);
}
std::size_t pad4(std::size_t n) { return (n + 3U) & ~std::size_t{3}; }

buffer text(std::string_view s) { return buffer(s.begin(), s.end()); }
buffer zeros(std::size_t n) { return buffer(n, 0); }
buffer filled(std::size_t n, std::uint8_t v) { return buffer(n, v); }

/**
 * Assembles a datagram by hand, independent of message_builder, so that it can also write
 * what no builder would: wrong lengths, missing padding, missing cookie.
 */
class raw {
public:
    explicit raw(std::uint16_t type = 0x0001) : b_(sk::header_size, 0) {
        put16(b_, 0, type);
        put32(b_, 4, sk::magic_cookie);
        for (std::size_t i = 8; i < sk::header_size; ++i)
            b_[i] = static_cast<std::uint8_t>(0xB0U + i);
    }
    /** Replaces the magic cookie with other bytes: a classic RFC 3489 header. */
    raw& no_cookie() {
        put32(b_, 4, 0x01020304U);
        return *this;
    }
    /** Appends an attribute whose length field says value.size(), padded with `pad`. */
    raw& attr(std::uint16_t type, const buffer& value, std::uint8_t pad = 0) {
        return attr_declared(type, static_cast<std::uint16_t>(value.size()), value, pad);
    }
    /** Appends an attribute header with any length field, then `value` padded to 4 bytes. */
    raw& attr_declared(std::uint16_t type, std::uint16_t declared, const buffer& value,
                       std::uint8_t pad = 0) {
        const std::size_t at = b_.size();
        b_.resize(at + 4);
        put16(b_, at, type);
        put16(b_, at + 2, declared);
        b_.insert(b_.end(), value.begin(), value.end());
        b_.resize(at + 4 + pad4(value.size()), pad);
        return *this;
    }
    /** Appends bytes verbatim. */
    raw& bytes(const buffer& more) {
        b_.insert(b_.end(), more.begin(), more.end());
        return *this;
    }
    /** The datagram with a correct length field. */
    buffer done() const {
        return done_with_length(static_cast<std::uint16_t>(b_.size() - sk::header_size));
    }
    /** The datagram with the given length field. */
    buffer done_with_length(std::uint16_t length) const {
        buffer out = b_;
        put16(out, 2, length);
        return out;
    }

private:
    buffer b_;
};

/** Parses a message holding the one attribute `type` = `value` and decodes it as Tag. */
template <class Tag>
outcome decode_single(const buffer& value) {
    const buffer msg = raw().attr(Tag::type, value).done();
    const auto m = sk::parse(view(msg));
    REQUIRE(m);
    return outcome_of(m->template get<Tag>());
}

template <class F, class... Tags>
void for_each_tag(sk::type_list<Tags...>, F&& f) {
    (f(Tags{}), ...);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Framing: size, first bits, length field
// ---------------------------------------------------------------------------------------------

TEST_CASE("datagrams shorter than the header are too_short", "[hostile][framing]") {
    const buffer full = raw().done();
    for (std::size_t n = 0; n < sk::header_size; ++n) {
        INFO("size " << n);
        const buffer cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
        CHECK(outcome_of(sk::parse(view(cut))) == is(errc::too_short));
        // Bytes that would fail every later check still only report too_short.
        const buffer junk = filled(n, 0xFF);
        CHECK(outcome_of(sk::parse(view(junk))) == is(errc::too_short));
    }
    // A view with no storage at all.
    CHECK(outcome_of(sk::parse(sk::bytes_view())) == is(errc::too_short));
    CHECK(outcome_of(sk::parse(view(full))) == ok);
}

TEST_CASE("a set top bit in the first byte is not_stun", "[hostile][framing]") {
    for (unsigned first = 0x40; first <= 0xFF; ++first) {
        INFO("first byte " << first);
        buffer msg = raw().done();
        msg[0] = static_cast<std::uint8_t>(first);
        CHECK(outcome_of(sk::parse(view(msg))) == is(errc::not_stun));
    }
}

TEST_CASE("a length field that is not a multiple of 4 is unaligned_length", "[hostile][framing]") {
    for (const unsigned length : {1U, 2U, 3U, 5U, 6U, 7U, 9U, 0x101U, 0xFFFDU, 0xFFFEU, 0xFFFFU}) {
        INFO("length " << length);
        const auto l = static_cast<std::uint16_t>(length);
        // Datagram exactly as long as the header claims: alignment is still checked first.
        const buffer exact = raw().bytes(zeros(length)).done_with_length(l);
        CHECK(outcome_of(sk::parse(view(exact))) == is(errc::unaligned_length));
        const buffer header_only = raw().done_with_length(l);
        CHECK(outcome_of(sk::parse(view(header_only))) == is(errc::unaligned_length));
    }
}

TEST_CASE("a length field that disagrees with the datagram size is length_mismatch",
          "[hostile][framing]") {
    const buffer body_of_8 = raw().attr(0x0024, zeros(4)).done();  // PRIORITY, body 8
    SECTION("length beyond the datagram") {
        for (const unsigned length : {12U, 16U, 0x100U, 0xFFFCU}) {
            INFO("length " << length);
            buffer msg = body_of_8;
            put16(msg, 2, static_cast<std::uint16_t>(length));
            CHECK(outcome_of(sk::parse(view(msg))) == is(errc::length_mismatch));
        }
    }
    SECTION("length shorter than the datagram") {
        for (const unsigned length : {0U, 4U}) {
            INFO("length " << length);
            buffer msg = body_of_8;
            put16(msg, 2, static_cast<std::uint16_t>(length));
            CHECK(outcome_of(sk::parse(view(msg))) == is(errc::length_mismatch));
        }
    }
    SECTION("trailing bytes after a complete message") {
        buffer msg = body_of_8;
        msg.resize(msg.size() + 4, 0);
        CHECK(outcome_of(sk::parse(view(msg))) == is(errc::length_mismatch));
    }
    CHECK(outcome_of(sk::parse(view(body_of_8))) == ok);
}

TEST_CASE("length fields 0xFFEC-0xFFFF never wrap", "[hostile][framing]") {
    // 20 + length overflows 16 bits for every value from 0xFFEC up. A parser that added in
    // 16 bits would compare against (length + 20) mod 65536, a value from 0 to 19.
    for (unsigned length = 0xFFEC; length <= 0xFFFF; ++length) {
        const auto l = static_cast<std::uint16_t>(length);
        const bool aligned = length % 4 == 0;
        const outcome expected = aligned ? is(errc::length_mismatch) : is(errc::unaligned_length);
        INFO("length " << length);

        CHECK(outcome_of(sk::parse(view(raw().done_with_length(l)))) == expected);
        CHECK(outcome_of(sk::parse(view(raw().bytes(zeros(44)).done_with_length(l)))) == expected);

        // One word short of and one word beyond what the header claims.
        const buffer short_one = raw().bytes(zeros(length - 4)).done_with_length(l);
        CHECK(outcome_of(sk::parse(view(short_one))) == expected);
        const buffer long_one = raw().bytes(zeros(length + 4)).done_with_length(l);
        CHECK(outcome_of(sk::parse(view(long_one))) == expected);

        // The wrapped size itself is below 20 bytes.
        const std::size_t wrapped = (length + sk::header_size) & 0xFFFFU;
        const buffer tiny = filled(wrapped, 0);
        CHECK(outcome_of(sk::parse(view(tiny))) == is(errc::too_short));

        // Exactly 20 + length bytes (a TCP-sized message): aligned ones are valid messages.
        buffer exact = raw().attr(0x0026, zeros(length - 4)).done_with_length(l);  // PADDING
        exact.resize(sk::header_size + length, 0);
        const auto m = sk::parse(view(exact));
        if (aligned) {
            REQUIRE(m);
            CHECK(m->size() == sk::header_size + length);
            const auto padding = m->get<sk::attr::padding>();
            REQUIRE(padding);
            CHECK(padding->size() == length - 4);
        } else {
            CHECK(outcome_of(m) == is(errc::unaligned_length));
        }
    }
}

TEST_CASE("a missing magic cookie is bad_magic_cookie unless legacy parsing is allowed",
          "[hostile][framing]") {
    const buffer legacy =
        raw().no_cookie().attr(0x0001, buffer{0, 1, 0x12, 0x34, 10, 0, 0, 1}).done();
    CHECK(outcome_of(sk::parse(view(legacy))) == is(errc::bad_magic_cookie));

    sk::parse_options options;
    options.allow_legacy = true;
    const auto m = sk::parse(view(legacy), options);
    REQUIRE(m);
    CHECK(m->legacy());
    CHECK(m->legacy_transaction_id().bytes[0] == 0x01);
    CHECK(m->legacy_transaction_id().bytes[4] == 0xB8);
    const auto mapped = m->get<sk::attr::mapped_address>();
    REQUIRE(mapped);
    CHECK(mapped->port == 0x1234);
    CHECK(mapped->address == sk::ip_address::v4(10, 0, 0, 1));

    // The cookie-bearing message is not legacy even when legacy parsing is allowed.
    const buffer modern = raw().done();
    const auto m2 = sk::parse(view(modern), options);
    REQUIRE(m2);
    CHECK_FALSE(m2->legacy());
}

TEST_CASE("a known method with a class it never uses is invalid_class", "[hostile][framing]") {
    // Wire type = method bits interleaved with C0 (0x0010) and C1 (0x0100), RFC 8489 §5.
    struct row {
        std::uint16_t wire;
        const char* what;
        bool valid;
    };
    const row rows[] = {
        {0x0006, "Send request", false},
        {0x0106, "Send success response", false},
        {0x0116, "Send error response", false},
        {0x0016, "Send indication", true},
        {0x0007, "Data request", false},
        {0x0107, "Data success response", false},
        {0x0117, "Data error response", false},
        {0x0017, "Data indication", true},
        {0x000C, "ConnectionAttempt request", false},
        {0x010C, "ConnectionAttempt success response", false},
        {0x001C, "ConnectionAttempt indication", true},
        {0x0013, "Allocate indication", false},
        {0x0003, "Allocate request", true},
        {0x0113, "Allocate error response", true},
        {0x0014, "Refresh indication", false},
        {0x0018, "CreatePermission indication", false},
        {0x0019, "ChannelBind indication", false},
        {0x001A, "Connect indication", false},
        {0x001B, "ConnectionBind indication", false},
        {0x0011, "Binding indication", true},
        {0x0111, "Binding error response", true},
        {0x3EFF, "unknown method 0xFFF indication", true},
    };
    for (const auto& r : rows) {
        INFO(r.what);
        const buffer msg = raw(r.wire).done();
        CHECK(outcome_of(sk::parse(view(msg))) == (r.valid ? ok : is(errc::invalid_class)));
    }
}

// ---------------------------------------------------------------------------------------------
// Attribute structure
// ---------------------------------------------------------------------------------------------

TEST_CASE("an attribute length beyond the message is attribute_truncated", "[hostile][structure]") {
    // One attribute header and 4 value bytes: room for a value of at most 4 bytes.
    for (const unsigned declared : {5U, 8U, 9U, 0x100U, 0xFFFFU}) {
        INFO("declared " << declared);
        const buffer msg =
            raw().attr_declared(0x0006, static_cast<std::uint16_t>(declared), text("abcd")).done();
        CHECK(outcome_of(sk::parse(view(msg))) == is(errc::attribute_truncated));
    }
    // The same in the last of several attributes.
    const buffer last = raw().attr(0x0024, zeros(4)).attr_declared(0x0006, 12, text("abcd")).done();
    CHECK(outcome_of(sk::parse(view(last))) == is(errc::attribute_truncated));
    // Declared lengths whose padded size is exactly the 4 bytes written.
    for (const unsigned declared : {1U, 2U, 3U, 4U}) {
        const buffer msg =
            raw().attr_declared(0x0006, static_cast<std::uint16_t>(declared), text("abcd")).done();
        CHECK(outcome_of(sk::parse(view(msg))) == ok);
    }
}

TEST_CASE("an attribute placed at an odd offset (a sender that forgot padding)",
          "[hostile][structure]") {
    // USERNAME "alice" (length 5) is followed by SOFTWARE "abc" right after the value, at body
    // offset 9 instead of 12, and the sender's header length counts the bytes it wrote (16):
    //
    //   body  0: 00 06 00 05       USERNAME, length 5
    //   body  4: 61 6c 69 63 65    "alice"
    //   body  9: 80 22 00 03       SOFTWARE, length 3   (should have been at 12)
    //   body 13: 61 62 63          "abc"
    //
    // The parser trusts the padding rule: after USERNAME it skips to body offset 4 + pad4(5)
    // = 12 and reads an attribute header from bytes 12-15, "03 61 62 63": type 0x0361, length
    // 0x6263 = 25187. Only 0 bytes remain after that header, so the message is rejected with
    // attribute_truncated. It never reads past the datagram and never sees "SOFTWARE".
    const buffer msg = raw()
                           .bytes({0x00, 0x06, 0x00, 0x05, 'a', 'l', 'i', 'c', 'e'})
                           .bytes({0x80, 0x22, 0x00, 0x03, 'a', 'b', 'c'})
                           .done();
    REQUIRE(msg.size() == 36);
    REQUIRE(get16(msg, 2) == 16);
    CHECK(outcome_of(sk::parse(view(msg))) == is(errc::attribute_truncated));

    // When the unpadded bytes leave the body unaligned (here USERNAME "alice" then an empty
    // USE-CANDIDATE: 9 + 4 = 13 bytes) the header check already fails.
    const buffer unaligned =
        raw()
            .bytes({0x00, 0x06, 0x00, 0x05, 'a', 'l', 'i', 'c', 'e', 0x00, 0x25, 0x00, 0x00})
            .done();
    REQUIRE(get16(unaligned, 2) == 13);
    CHECK(outcome_of(sk::parse(view(unaligned))) == is(errc::unaligned_length));
}

TEST_CASE("thousands of empty attributes are too_many_attributes", "[hostile][structure]") {
    // A 65532-byte body of 16383 zero-length attributes: the most a 16-bit length allows.
    raw r;
    for (std::size_t i = 0; i < 16383; ++i)
        r.attr(i % 2 == 0 ? std::uint16_t{0x0025} : std::uint16_t{0xC0DE}, {});
    const buffer msg = r.done();
    REQUIRE(msg.size() == sk::header_size + 65532);
    REQUIRE(get16(msg, 2) == 65532);

    CHECK(outcome_of(sk::parse(view(msg))) == is(errc::too_many_attributes));

    sk::parse_options options;
    options.max_attributes = 16382;
    CHECK(outcome_of(sk::parse(view(msg), options)) == is(errc::too_many_attributes));

    options.max_attributes = 16383;
    const auto m = sk::parse(view(msg), options);
    REQUIRE(m);
    CHECK(m->all_attributes().count() == 16383);
    CHECK(m->attributes().count() == 16383);
    CHECK(outcome_of(m->get<sk::attr::use_candidate>()) == ok);
    CHECK(outcome_of(m->get<sk::attr::username>()) == is(errc::not_found));

    options.max_attributes = 0xFFFF;
    CHECK(outcome_of(sk::parse(view(msg), options)) == ok);
}

TEST_CASE("parse_options::max_attributes lowers the limit too", "[hostile][structure]") {
    const buffer three = raw().attr(0x0025, {}).attr(0x0025, {}).attr(0x0025, {}).done();
    sk::parse_options options;
    CHECK(outcome_of(sk::parse(view(three), options)) == ok);  // default 128
    options.max_attributes = 3;
    CHECK(outcome_of(sk::parse(view(three), options)) == ok);
    options.max_attributes = 2;
    CHECK(outcome_of(sk::parse(view(three), options)) == is(errc::too_many_attributes));
    options.max_attributes = 0;
    CHECK(outcome_of(sk::parse(view(three), options)) == is(errc::too_many_attributes));
    CHECK(outcome_of(sk::parse(view(raw().done()), options)) == ok);  // no attributes at all

    // Exactly 128 pass by default, 129 do not.
    raw r128;
    for (int i = 0; i < 128; ++i) r128.attr(0x0025, {});
    CHECK(outcome_of(sk::parse(view(r128.done()))) == ok);
    r128.attr(0x0025, {});
    CHECK(outcome_of(sk::parse(view(r128.done()))) == is(errc::too_many_attributes));
}

TEST_CASE("FINGERPRINT followed by anything is fingerprint_not_last", "[hostile][structure]") {
    const buffer fp = {0xDE, 0xAD, 0xBE, 0xEF};
    CHECK(outcome_of(sk::parse(view(raw().attr(0x8028, fp).attr(0x0006, text("bob")).done()))) ==
          is(errc::fingerprint_not_last));
    CHECK(outcome_of(sk::parse(view(raw().attr(0x8028, fp).attr(0x8028, fp).done()))) ==
          is(errc::fingerprint_not_last));
    CHECK(outcome_of(sk::parse(
              view(raw().attr(0x0006, text("bob")).attr(0x8028, fp).attr(0x0025, {}).done()))) ==
          is(errc::fingerprint_not_last));
    // Even when what follows is itself broken, the position rule is reported first.
    CHECK(outcome_of(
              sk::parse(view(raw().attr(0x8028, fp).attr_declared(0x0006, 0xFFFF, {}).done()))) ==
          is(errc::fingerprint_not_last));

    const buffer good = raw().attr(0x0006, text("bob")).attr(0x8028, fp).done();
    const auto m = sk::parse(view(good));
    REQUIRE(m);
    REQUIRE(m->fingerprint());
    CHECK(m->fingerprint()->offset == 28);
    CHECK(*m->get<sk::attr::fingerprint>() == 0xDEADBEEFU);
}

TEST_CASE("attributes after MESSAGE-INTEGRITY are ignored", "[hostile][structure]") {
    const buffer msg = raw()
                           .attr(0x0006, text("user"))        // USERNAME         offset 20
                           .attr(0x0008, filled(20, 0x11))    // MESSAGE-INTEGRITY offset 28
                           .attr(0x0024, buffer{0, 0, 0, 7})  // PRIORITY (ignored) offset 52
                           .attr(0x8022, text("late"))        // SOFTWARE (ignored) offset 60
                           .attr(0x0006, text("evil"))        // USERNAME (ignored) offset 68
                           .attr(0x8028, buffer{1, 2, 3, 4})  // FINGERPRINT       offset 76
                           .done();
    const auto m = sk::parse(view(msg));
    REQUIRE(m);
    CHECK(outcome_of(m->get<sk::attr::priority>()) == is(errc::not_found));
    CHECK(outcome_of(m->get<sk::attr::software>()) == is(errc::not_found));
    CHECK_FALSE(m->has<sk::attr::priority>());
    CHECK(*m->get<sk::attr::username>() == "user");
    CHECK(m->all_of(0x0006).count() == 1);
    CHECK(m->message_integrity()->offset == 28);
    CHECK(*m->get<sk::attr::fingerprint>() == 0x01020304U);

    std::vector<std::uint16_t> all;
    std::vector<bool> ignored;
    for (const auto a : m->all_attributes()) {
        all.push_back(a.type);
        ignored.push_back(m->is_ignored(a));
    }
    CHECK(all == std::vector<std::uint16_t>{0x0006, 0x0008, 0x0024, 0x8022, 0x0006, 0x8028});
    CHECK(ignored == std::vector<bool>{false, false, true, true, true, false});

    std::vector<std::uint16_t> counted;
    for (const auto a : m->attributes()) counted.push_back(a.type);
    CHECK(counted == std::vector<std::uint16_t>{0x0006, 0x0008, 0x8028});

    SECTION("MESSAGE-INTEGRITY-SHA256 after MESSAGE-INTEGRITY still counts") {
        const buffer both = raw()
                                .attr(0x0008, filled(20, 0x11))
                                .attr(0x0024, buffer{0, 0, 0, 7})
                                .attr(0x001C, filled(32, 0x22))
                                .done();
        const auto mb = sk::parse(view(both));
        REQUIRE(mb);
        CHECK(outcome_of(mb->get<sk::attr::priority>()) == is(errc::not_found));
        CHECK(outcome_of(mb->get<sk::attr::message_integrity_sha256>()) == ok);
    }
    SECTION("after MESSAGE-INTEGRITY-SHA256 alone only FINGERPRINT counts") {
        const buffer sha = raw()
                               .attr(0x001C, filled(16, 0x22))
                               .attr(0x0008, filled(20, 0x11))
                               .attr(0x0024, buffer{0, 0, 0, 7})
                               .attr(0x8028, buffer{1, 2, 3, 4})
                               .done();
        const auto ms = sk::parse(view(sha));
        REQUIRE(ms);
        CHECK(outcome_of(ms->get<sk::attr::message_integrity>()) == is(errc::not_found));
        CHECK(outcome_of(ms->get<sk::attr::priority>()) == is(errc::not_found));
        CHECK(outcome_of(ms->get<sk::attr::fingerprint>()) == ok);
        CHECK(ms->attributes().count() == 2);
        CHECK(ms->all_attributes().count() == 4);
    }
}

TEST_CASE("duplicate singleton attributes: the first one counts", "[hostile][structure]") {
    const buffer msg =
        raw()
            .attr(0x0006, text("alice"))
            .attr(0x0006, text("bob"))
            .attr(0x0020, buffer{0, 1, 0x21, 0x13, 0x2B, 0x12, 0xA4, 0x43})  // port 1, 10.0.0.1
            .attr(0x0020, buffer{0, 1, 0x21, 0x10, 0x2B, 0x12, 0xA4, 0x40})  // port 2, 10.0.0.2
            .attr(0x0009, buffer{0, 0, 4, 1, 'x', 'x', 'x', 'x'})            // 401
            .attr(0x0009, buffer{0, 0, 5, 0, 'y', 'y', 'y', 'y'})            // 500
            .attr(0x0024, buffer{0xFF, 0xFF, 0xFF, 0xFF, 0})                 // bad length first
            .attr(0x0024, buffer{0, 0, 0, 1})                                // valid second
            .done();
    const auto m = sk::parse(view(msg));
    REQUIRE(m);
    CHECK(*m->get<sk::attr::username>() == "alice");
    CHECK(m->all_of(0x0006).count() == 2);
    const auto xma = m->get<sk::attr::xor_mapped_address>();
    REQUIRE(xma);
    CHECK(xma->port == 1);  // X-Port 0x2113 ^ 0x2112
    CHECK(xma->address == sk::ip_address::v4(10, 0, 0, 1));
    CHECK(m->get<sk::attr::error_code>()->code == 401);
    // A malformed first occurrence is what counts, even with a valid one behind it.
    CHECK(outcome_of(m->get<sk::attr::priority>()) == is(errc::bad_attribute_length));

    const buffer two_mi = raw().attr(0x0008, filled(20, 1)).attr(0x0008, filled(20, 2)).done();
    const auto mi = sk::parse(view(two_mi));
    REQUIRE(mi);
    CHECK(mi->message_integrity()->offset == 20);
    CHECK((*mi->get<sk::attr::message_integrity>())[0] == 1);
    CHECK(mi->attributes().count() == 1);
}

// ---------------------------------------------------------------------------------------------
// Attribute values
// ---------------------------------------------------------------------------------------------

TEST_CASE("fixed-size attributes with a shorter or longer value are bad_attribute_length",
          "[hostile][value]") {
    const auto wrong_sizes = [](std::size_t good, std::size_t up_to) {
        std::vector<std::size_t> sizes;
        for (std::size_t n = 0; n <= up_to; ++n) {
            if (n != good) sizes.push_back(n);
        }
        sizes.push_back(100);
        sizes.push_back(0xFFF0);
        return sizes;
    };
    SECTION("32-bit values (exactly 4 bytes)") {
        using four =
            sk::type_list<sk::attr::fingerprint, sk::attr::priority, sk::turn::lifetime,
                          sk::turn::connection_id, sk::attr::change_request,
                          sk::turn::channel_number, sk::attr::response_port,
                          sk::turn::requested_address_family, sk::turn::additional_address_family,
                          sk::turn::requested_transport>;
        for_each_tag(four{}, [&](auto tag) {
            using Tag = decltype(tag);
            for (const std::size_t n : wrong_sizes(4, 12)) {
                INFO(Tag::name << " with " << n << " bytes");
                CHECK(decode_single<Tag>(zeros(n)) == is(errc::bad_attribute_length));
            }
        });
    }
    SECTION("64-bit values (exactly 8 bytes)") {
        using eight = sk::type_list<sk::attr::ice_controlled, sk::attr::ice_controlling,
                                    sk::turn::icmp, sk::turn::reservation_token>;
        for_each_tag(eight{}, [&](auto tag) {
            using Tag = decltype(tag);
            for (const std::size_t n : wrong_sizes(8, 16)) {
                INFO(Tag::name << " with " << n << " bytes");
                CHECK(decode_single<Tag>(zeros(n)) == is(errc::bad_attribute_length));
            }
            CHECK(decode_single<Tag>(zeros(8)) == ok);
        });
    }
    SECTION("flags (exactly 0 bytes)") {
        for_each_tag(sk::type_list<sk::attr::use_candidate, sk::turn::dont_fragment>{},
                     [&](auto tag) {
                         using Tag = decltype(tag);
                         for (const std::size_t n : wrong_sizes(0, 8)) {
                             INFO(Tag::name << " with " << n << " bytes");
                             CHECK(decode_single<Tag>(zeros(n)) == is(errc::bad_attribute_length));
                         }
                         CHECK(decode_single<Tag>({}) == ok);
                     });
    }
    SECTION("EVEN-PORT (exactly 1 byte)") {
        for (const std::size_t n : wrong_sizes(1, 8)) {
            INFO(n << " bytes");
            CHECK(decode_single<sk::turn::even_port>(zeros(n)) == is(errc::bad_attribute_length));
        }
        CHECK(decode_single<sk::turn::even_port>(buffer{0x80}) == ok);
    }
    SECTION("MESSAGE-INTEGRITY (20), USERHASH (32)") {
        for (const std::size_t n : wrong_sizes(20, 40)) {
            INFO(n << " bytes");
            CHECK(decode_single<sk::attr::message_integrity>(zeros(n)) ==
                  is(errc::bad_attribute_length));
        }
        for (const std::size_t n : wrong_sizes(32, 40)) {
            INFO(n << " bytes");
            CHECK(decode_single<sk::attr::userhash>(zeros(n)) == is(errc::bad_attribute_length));
        }
    }
    SECTION("MESSAGE-INTEGRITY-SHA256 (16-32 in steps of 4)") {
        for (std::size_t n = 0; n <= 40; ++n) {
            INFO(n << " bytes");
            const bool valid = n >= 16 && n <= 32 && n % 4 == 0;
            CHECK(decode_single<sk::attr::message_integrity_sha256>(zeros(n)) ==
                  (valid ? ok : is(errc::bad_attribute_length)));
        }
    }
    SECTION("ERROR-CODE, ADDRESS-ERROR-CODE and PASSWORD-ALGORITHM shorter than 4 bytes") {
        for (std::size_t n = 0; n < 4; ++n) {
            INFO(n << " bytes");
            CHECK(decode_single<sk::attr::error_code>(zeros(n)) == is(errc::bad_attribute_length));
            CHECK(decode_single<sk::turn::address_error_code>(zeros(n)) ==
                  is(errc::bad_attribute_length));
            CHECK(decode_single<sk::attr::password_algorithm>(zeros(n)) ==
                  is(errc::bad_attribute_length));
        }
    }
}

TEST_CASE("malformed addresses", "[hostile][value]") {
    using addresses =
        sk::type_list<sk::attr::mapped_address, sk::attr::xor_mapped_address,
                      sk::attr::alternate_server, sk::attr::response_address,
                      sk::attr::source_address, sk::attr::changed_address, sk::attr::reflected_from,
                      sk::attr::response_origin, sk::attr::other_address,
                      sk::turn::xor_peer_address, sk::turn::xor_relayed_address>;
    const buffer v4 = {0, 0x01, 0x12, 0x34, 192, 0, 2, 1};
    buffer v6 = {0, 0x02, 0x12, 0x34};
    for (std::uint8_t i = 0; i < 16; ++i) v6.push_back(i);

    for_each_tag(addresses{}, [&](auto tag) {
        using Tag = decltype(tag);
        INFO(Tag::name);
        // 0, 1, 3 and 7 bytes: never a whole address.
        CHECK(decode_single<Tag>({}) == is(errc::bad_attribute_length));
        CHECK(decode_single<Tag>(buffer{0}) == is(errc::bad_attribute_length));
        CHECK(decode_single<Tag>(buffer{0, 0x01, 0x12}) == is(errc::bad_attribute_length));
        CHECK(decode_single<Tag>(buffer(v4.begin(), v4.end() - 1)) ==
              is(errc::bad_attribute_length));
        // IPv6 family with an IPv4-sized value, and the reverse.
        buffer v6_short = v4;
        v6_short[1] = 0x02;
        CHECK(decode_single<Tag>(v6_short) == is(errc::bad_attribute_length));
        buffer v4_long = v6;
        v4_long[1] = 0x01;
        CHECK(decode_single<Tag>(v4_long) == is(errc::bad_attribute_length));
        // Families other than 1 and 2, at both sizes.
        for (const std::uint8_t family :
             {std::uint8_t{0x00}, std::uint8_t{0x03}, std::uint8_t{0xFF}}) {
            INFO("family " << unsigned{family});
            buffer a = v4;
            a[1] = family;
            CHECK(decode_single<Tag>(a) == is(errc::bad_address_family));
            buffer b = v6;
            b[1] = family;
            CHECK(decode_single<Tag>(b) == is(errc::bad_address_family));
        }
        CHECK(decode_single<Tag>(v4) == ok);
        CHECK(decode_single<Tag>(v6) == ok);
    });

    SECTION("address-family attributes") {
        for_each_tag(sk::type_list<sk::turn::requested_address_family,
                                   sk::turn::additional_address_family>{},
                     [&](auto tag) {
                         using Tag = decltype(tag);
                         INFO(Tag::name);
                         for (const std::uint8_t family :
                              {std::uint8_t{0x00}, std::uint8_t{0x03}, std::uint8_t{0xFF}}) {
                             CHECK(decode_single<Tag>(buffer{family, 0, 0, 0}) ==
                                   is(errc::bad_address_family));
                         }
                         CHECK(decode_single<Tag>(buffer{0x01, 0, 0, 0}) == ok);
                         CHECK(decode_single<Tag>(buffer{0x02, 0, 0, 0}) == ok);
                     });
        for (const std::uint8_t family :
             {std::uint8_t{0x00}, std::uint8_t{0x03}, std::uint8_t{0xFF}}) {
            CHECK(decode_single<sk::turn::address_error_code>(buffer{family, 0, 4, 40}) ==
                  is(errc::bad_address_family));
        }
    }
}

TEST_CASE("non-zero reserved fields are reserved_bits_set", "[hostile][value]") {
    // RFC 8489 §14.1 and RFC 8656 §18.1/§18.8 tell receivers to ignore these bits; stunkit
    // rejects them on decode so that every value that decodes re-encodes to the same bytes
    // (docs/design.md, "Strict by default"). The message itself still parses.
    const auto check_rejected = [](auto tag, const buffer& value) {
        using Tag = decltype(tag);
        INFO(Tag::name);
        CHECK(decode_single<Tag>(value) == is(errc::reserved_bits_set));
    };
    check_rejected(sk::attr::mapped_address{}, buffer{0x80, 0x01, 0x12, 0x34, 192, 0, 2, 1});
    check_rejected(sk::attr::xor_mapped_address{}, buffer{0xFF, 0x01, 0x12, 0x34, 192, 0, 2, 1});
    check_rejected(sk::turn::channel_number{}, buffer{0x40, 0x00, 0x00, 0x01});
    check_rejected(sk::turn::requested_transport{}, buffer{17, 0x00, 0x00, 0x01});
    check_rejected(sk::turn::even_port{}, buffer{0x81});
    check_rejected(sk::turn::requested_address_family{}, buffer{0x01, 0x00, 0x01, 0x00});
    check_rejected(sk::turn::icmp{}, buffer{0x00, 0x01, 3, 4, 0, 0, 0, 0});
}

TEST_CASE("ERROR-CODE with reserved bits set is reserved_bits_set", "[hostile][value]") {
    // RFC 8489 §14.8 says "Receivers MUST ignore these bits"; stunkit's strict codec rejects
    // them instead (docs/design.md, "Strict by default").
    for (unsigned bit = 11; bit < 32; ++bit) {
        INFO("bit " << bit);
        buffer value = {0, 0, 4, 20, 'N', 'o', 'p', 'e'};
        put32(value, 0, (1U << bit) | 0x0414U);
        CHECK(decode_single<sk::attr::error_code>(value) == is(errc::reserved_bits_set));
    }
    // The same 13 reserved bits in ADDRESS-ERROR-CODE (the family takes the top 8).
    for (unsigned bit = 11; bit < 24; ++bit) {
        INFO("bit " << bit);
        buffer value = {0, 0, 0, 0};
        put32(value, 0, 0x01000000U | (1U << bit) | 0x0414U);
        CHECK(decode_single<sk::turn::address_error_code>(value) == is(errc::reserved_bits_set));
    }
    // Class and number outside 3-6 and 0-99.
    CHECK(decode_single<sk::attr::error_code>(buffer{0, 0, 2, 0}) == is(errc::bad_error_code));
    CHECK(decode_single<sk::attr::error_code>(buffer{0, 0, 7, 0}) == is(errc::bad_error_code));
    CHECK(decode_single<sk::attr::error_code>(buffer{0, 0, 4, 100}) == is(errc::bad_error_code));
    CHECK(decode_single<sk::attr::error_code>(buffer{0, 0, 6, 99}) == ok);
    CHECK(decode_single<sk::attr::error_code>(buffer{0, 0, 3, 0}) == ok);
}

TEST_CASE("UNKNOWN-ATTRIBUTES with an odd byte length", "[hostile][value]") {
    for (const std::size_t n : {1U, 3U, 5U, 7U, 101U}) {
        INFO(n << " bytes");
        CHECK(decode_single<sk::attr::unknown_attributes>(filled(n, 0x7F)) ==
              is(errc::bad_attribute_length));
    }
    // An odd count of entries (6 bytes, 3 types) is fine: RFC 8489 dropped RFC 3489's rule.
    const buffer msg = raw().attr(0x000A, buffer{0x00, 0x31, 0x7F, 0xFF, 0x00, 0x02}).done();
    const auto m = sk::parse(view(msg));
    REQUIRE(m);
    const auto list = m->get<sk::attr::unknown_attributes>();
    REQUIRE(list);
    CHECK(list->size() == 3);
    CHECK(std::vector<std::uint16_t>(list->begin(), list->end()) ==
          std::vector<std::uint16_t>{0x0031, 0x7FFF, 0x0002});
    CHECK(decode_single<sk::attr::unknown_attributes>({}) == ok);
}

TEST_CASE("over-long text attributes are text_too_long", "[hostile][value]") {
    // USERNAME: RFC 8489 §14.3 requires accepting up to 763 bytes (checked below).
    CHECK(decode_single<sk::attr::username>(filled(512, 'u')) == ok);
    CHECK(decode_single<sk::attr::username>(filled(764, 'u')) == is(errc::text_too_long));
    CHECK(decode_single<sk::attr::username>(filled(0xFFF0, 'u')) == is(errc::text_too_long));
    // REALM, NONCE, SOFTWARE: RFC 8489 allows up to 763 bytes on receipt.
    for_each_tag(sk::type_list<sk::attr::realm, sk::attr::nonce, sk::attr::software>{},
                 [](auto tag) {
                     using Tag = decltype(tag);
                     INFO(Tag::name);
                     CHECK(decode_single<Tag>(filled(763, 'r')) == ok);
                     CHECK(decode_single<Tag>(filled(764, 'r')) == is(errc::text_too_long));
                     CHECK(decode_single<Tag>(filled(0xFFF0, 'r')) == is(errc::text_too_long));
                 });
    CHECK(decode_single<sk::attr::alternate_domain>(filled(255, 'd')) == ok);
    CHECK(decode_single<sk::attr::alternate_domain>(filled(256, 'd')) == is(errc::text_too_long));
    // The reason phrase of ERROR-CODE has the same 763-byte bound.
    buffer reason = {0, 0, 4, 0};
    reason.resize(4 + 763, 'e');
    CHECK(decode_single<sk::attr::error_code>(reason) == ok);
    reason.push_back('e');
    CHECK(decode_single<sk::attr::error_code>(reason) == is(errc::text_too_long));
}

TEST_CASE("USERNAME accepts the 763 bytes RFC 8489 §14.3 requires", "[hostile][value]") {
    // RFC 8489 §14.3: USERNAME "MUST contain a UTF-8-encoded sequence of fewer than 509 bytes
    // ... A compliant implementation MUST be able to parse a UTF-8-encoded sequence of 763 or
    // fewer octets to be compatible with [RFC5389]." 764 and beyond: checked above.
    CHECK(decode_single<sk::attr::username>(filled(513, 'u')) == ok);
    CHECK(decode_single<sk::attr::username>(filled(763, 'u')) == ok);
}

TEST_CASE("text with NULs and format specifiers is decoded byte for byte", "[hostile][value]") {
    const std::string_view nasty("a\0%s%n%x\0\0\xC3\xA9%%", 14);
    const buffer msg =
        raw().attr(0x0006, text(nasty)).attr(0x8022, text(std::string_view("\0", 1))).done();
    const auto m = sk::parse(view(msg));
    REQUIRE(m);
    const auto user = m->get<sk::attr::username>();
    REQUIRE(user);
    CHECK(user->size() == 14);
    CHECK(*user == nasty);
    CHECK(user->data() == reinterpret_cast<const char*>(msg.data() + 24));  // a view, not a copy
    const auto software = m->get<sk::attr::software>();
    REQUIRE(software);
    CHECK(software->size() == 1);
    CHECK((*software)[0] == '\0');
}

TEST_CASE("text that is not UTF-8 is invalid_utf8", "[hostile][value]") {
    const std::vector<buffer> bad = {
        {0x80},                    // lone continuation byte
        {0xC0, 0x80},              // overlong NUL
        {0xC1, 0xBF},              // overlong
        {0xE0, 0x80, 0x80},        // overlong three-byte
        {0xED, 0xA0, 0x80},        // UTF-16 surrogate U+D800
        {0xF0, 0x80, 0x80, 0x80},  // overlong four-byte
        {0xF4, 0x90, 0x80, 0x80},  // above U+10FFFF
        {0xF5, 0x80, 0x80, 0x80},  // invalid lead byte
        {0xFE},
        {0xFF},
        {'o', 'k', 0xE2, 0x82},  // truncated at the end
        {0xE2, 0x28, 0xA1},      // bad continuation
    };
    for (const auto& value : bad) {
        INFO("first byte " << unsigned{value[0]} << ", " << value.size() << " bytes");
        CHECK(decode_single<sk::attr::software>(value) == is(errc::invalid_utf8));
        CHECK(decode_single<sk::attr::username>(value) == is(errc::invalid_utf8));
        CHECK(decode_single<sk::attr::realm>(value) == is(errc::invalid_utf8));
    }
    // RFC 5769 §2.4's username, and the largest code point, are fine.
    CHECK(decode_single<sk::attr::username>(text(
              "\xE3\x83\x9E\xE3\x83\x88\xE3\x83\xAA\xE3\x83\x83\xE3\x82\xAF\xE3\x82\xB9")) == ok);
    CHECK(decode_single<sk::attr::software>(buffer{0xF4, 0x8F, 0xBF, 0xBF}) == ok);
}

// ---------------------------------------------------------------------------------------------
// Deterministic mutation loop
// ---------------------------------------------------------------------------------------------

namespace {

// RFC 5769 §2.1, sample request (108 bytes), laid out as in the RFC.
// clang-format off
const buffer rfc5769_request = {
    0x00, 0x01, 0x00, 0x58,  // Binding request, length 88
    0x21, 0x12, 0xa4, 0x42,  // magic cookie
    0xb7, 0xe7, 0xa7, 0x01,  // transaction id
    0xbc, 0x34, 0xd6, 0x86,
    0xfa, 0x87, 0xdf, 0xae,
    0x80, 0x22, 0x00, 0x10,  // SOFTWARE "STUN test client"
    0x53, 0x54, 0x55, 0x4e,
    0x20, 0x74, 0x65, 0x73,
    0x74, 0x20, 0x63, 0x6c,
    0x69, 0x65, 0x6e, 0x74,
    0x00, 0x24, 0x00, 0x04,  // PRIORITY
    0x6e, 0x00, 0x01, 0xff,
    0x80, 0x29, 0x00, 0x08,  // ICE-CONTROLLED
    0x93, 0x2f, 0xf9, 0xb1,
    0x51, 0x26, 0x3b, 0x36,
    0x00, 0x06, 0x00, 0x09,  // USERNAME "evtj:h6vY" and 3 bytes of padding
    0x65, 0x76, 0x74, 0x6a,
    0x3a, 0x68, 0x36, 0x76,
    0x59, 0x20, 0x20, 0x20,
    0x00, 0x08, 0x00, 0x14,  // MESSAGE-INTEGRITY
    0x9a, 0xea, 0xa7, 0x0c,
    0xbf, 0xd8, 0xcb, 0x56,
    0x78, 0x1e, 0xf2, 0xb5,
    0xb2, 0xd3, 0xf2, 0x49,
    0xc1, 0xb5, 0x71, 0xa2,
    0x80, 0x28, 0x00, 0x04,  // FINGERPRINT
    0xe5, 0x7a, 0x3b, 0xcf,
};
// clang-format on
// Where its attribute headers start.
constexpr std::array<std::size_t, 6> rfc5769_offsets = {20, 40, 48, 60, 76, 100};

/** splitmix64: a fixed, portable sequence (std:: distributions are implementation-defined). */
class prng {
public:
    explicit prng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31U);
    }
    /** A value in [0, n). */
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    std::uint8_t byte() { return static_cast<std::uint8_t>(next()); }
    std::uint16_t u16() { return static_cast<std::uint16_t>(next()); }

private:
    std::uint64_t state_;
};

/** Every built-in attribute type code, for retyping attributes into other codecs. */
std::vector<std::uint16_t> builtin_types() {
    std::vector<std::uint16_t> types;
    for_each_tag(sk::builtin_attributes{}, [&](auto tag) { types.push_back(decltype(tag)::type); });
    return types;
}

/** Applies one random structural or byte-level mutation. */
void mutate(buffer& b, prng& rng, const std::vector<std::uint16_t>& types) {
    switch (rng.below(9)) {
    case 0:  // flip a bit
        if (!b.empty()) b[rng.below(b.size())] ^= static_cast<std::uint8_t>(1U << rng.below(8));
        break;
    case 1:  // overwrite a byte
        if (!b.empty()) b[rng.below(b.size())] = rng.byte();
        break;
    case 2:  // truncate
        b.resize(rng.below(b.size() + 1));
        break;
    case 3:  // append a few bytes
        for (std::size_t n = rng.below(9); n > 0; --n) b.push_back(rng.byte());
        break;
    case 4: {  // edit the header length field
        if (b.size() < 4) break;
        static constexpr std::uint16_t special[] = {0, 1, 4, 0x54, 0x58, 0x5C, 0xFFFC, 0xFFFF};
        put16(b, 2, rng.below(2) == 0 ? special[rng.below(8)] : rng.u16());
        break;
    }
    case 5:
    case 6: {  // edit an attribute length field at an original attribute boundary
        const std::size_t at = rfc5769_offsets[rng.below(rfc5769_offsets.size())] + 2;
        if (at + 2 > b.size()) break;
        const std::uint16_t old = get16(b, at);
        const std::uint16_t choices[] = {0,
                                         1,
                                         static_cast<std::uint16_t>(old + 1),
                                         static_cast<std::uint16_t>(old - 1),
                                         static_cast<std::uint16_t>(old + 4),
                                         static_cast<std::uint16_t>(old - 4),
                                         0xFFFF,
                                         rng.u16()};
        put16(b, at, choices[rng.below(8)]);
        break;
    }
    case 7: {  // retype an attribute into another built-in codec
        const std::size_t at = rfc5769_offsets[rng.below(rfc5769_offsets.size())];
        if (at + 2 > b.size()) break;
        put16(b, at, types[rng.below(types.size())]);
        break;
    }
    default: {  // insert an empty or short attribute of a built-in type
        const std::size_t at = rfc5769_offsets[rng.below(rfc5769_offsets.size())];
        if (at > b.size()) break;
        buffer ins(4 + 4 * rng.below(3), 0);
        put16(ins, 0, types[rng.below(types.size())]);
        put16(ins, 2, static_cast<std::uint16_t>(rng.below(ins.size() - 3)));
        for (std::size_t i = 4; i < ins.size(); ++i) ins[i] = rng.byte();
        b.insert(b.begin() + static_cast<std::ptrdiff_t>(at), ins.begin(), ins.end());
        break;
    }
    }
}

/** The errc an independent reading of RFC 8489 §6.3, §14 and parse()'s documented order gives. */
outcome reference_parse(const buffer& b, const sk::parse_options& options) {
    if (b.size() < 20) return is(errc::too_short);
    if ((b[0] & 0xC0U) != 0) return is(errc::not_stun);
    const std::size_t length = get16(b, 2);
    if (length % 4 != 0) return is(errc::unaligned_length);
    if (length + 20 != b.size()) return is(errc::length_mismatch);
    const bool cookie = b[4] == 0x21 && b[5] == 0x12 && b[6] == 0xA4 && b[7] == 0x42;
    if (!cookie && !options.allow_legacy) return is(errc::bad_magic_cookie);
    const unsigned t = get16(b, 0);
    const unsigned method = (t & 0x000FU) | ((t & 0x00E0U) >> 1U) | ((t & 0x3E00U) >> 2U);
    const unsigned klass = ((t >> 4U) & 1U) | ((t >> 7U) & 2U);
    const bool indication_only = method == 0x006 || method == 0x007 || method == 0x00C;
    const bool never_indication = method == 0x003 || method == 0x004 || method == 0x008 ||
                                  method == 0x009 || method == 0x00A || method == 0x00B;
    if ((indication_only && klass != 1) || (never_indication && klass == 1))
        return is(errc::invalid_class);
    std::size_t offset = 20;
    std::size_t count = 0;
    bool fingerprint_seen = false;
    while (offset < b.size()) {
        if (fingerprint_seen) return is(errc::fingerprint_not_last);
        if (++count > options.max_attributes) return is(errc::too_many_attributes);
        const std::size_t value_length = get16(b, offset + 2);
        if (value_length > b.size() - offset - 4) return is(errc::attribute_truncated);
        if (get16(b, offset) == 0x8028) fingerprint_seen = true;
        offset += 4 + pad4(value_length);
    }
    return ok;
}

bool is_value_error(errc e) {
    switch (e) {
    case errc::not_found:
    case errc::bad_attribute_length:
    case errc::bad_address_family:
    case errc::reserved_bits_set:
    case errc::bad_error_code:
    case errc::text_too_long:
    case errc::invalid_utf8:
    case errc::bad_channel_number: return true;
    default: return false;
    }
}

// Reads every byte a decoded value refers to, so that ASan sees any bad view.
std::uint64_t touch(sk::bytes_view v) {
    std::uint64_t sum = 0;
    for (const auto byte : v) sum += byte;
    return sum;
}
std::uint64_t touch(std::string_view v) {
    std::uint64_t sum = 0;
    for (const char c : v) sum += static_cast<unsigned char>(c);
    return sum + (sk::detail::is_valid_utf8(v) ? 0U : 1000000U);
}
std::uint64_t touch(const sk::transport_address& a) { return touch(a.address.octets()) + a.port; }
std::uint64_t touch(const sk::attr::error_code_value& v) { return v.code + touch(v.reason); }
std::uint64_t touch(const sk::turn::address_error_code_value& v) {
    return v.code + touch(v.reason);
}
std::uint64_t touch(const sk::attr::attribute_type_list& list) {
    std::uint64_t sum = 0;
    for (const auto t : list) sum += t;
    return sum + touch(list.bytes());
}
std::uint64_t touch(const sk::attr::password_algorithm_value& v) {
    return v.algorithm + touch(v.parameters);
}
std::uint64_t touch(const sk::attr::password_algorithm_list& list) {
    std::uint64_t sum = 0;
    for (const auto entry : list) sum += touch(entry);
    return sum;
}
std::uint64_t touch(const sk::attr::change_request_value& v) {
    return (v.change_ip ? 1U : 0U) + (v.change_port ? 2U : 0U);
}
std::uint64_t touch(const sk::turn::icmp_value& v) { return v.type + v.code + v.error_data; }
std::uint64_t touch(sk::address_family f) { return static_cast<std::uint64_t>(f); }
std::uint64_t touch(sk::attr::flag) { return 1; }
std::uint64_t touch(bool b) { return b ? 1U : 0U; }
std::uint64_t touch(std::uint8_t v) { return v; }
std::uint64_t touch(std::uint16_t v) { return v; }
std::uint64_t touch(std::uint32_t v) { return v; }
std::uint64_t touch(std::uint64_t v) { return v; }

struct loop_stats {
    std::size_t parsed = 0;
    std::size_t rejected = 0;
    std::size_t decoded_values = 0;
    std::size_t decode_errors = 0;
    std::size_t failures = 0;
    std::string first_failure;
    std::uint64_t checksum = 0;

    void fail(const std::string& what) {
        if (failures++ == 0) first_failure = what;
    }
};

/** Parses `b` and checks every property the contract promises for hostile input. */
void check_datagram(const buffer& input, const sk::parse_options& options, loop_stats& stats) {
    // A fresh exact-size heap copy: any read past the end hits ASan's redzone.
    const buffer b(input.begin(), input.end());
    const auto m = sk::parse(view(b), options);
    const outcome expected = reference_parse(b, options);
    if (outcome_of(m) != expected) {
        std::ostringstream os;
        os << "parse gave " << outcome_of(m) << ", reference " << expected << ", size " << b.size();
        stats.fail(os.str());
    }
    if (!m) {
        ++stats.rejected;
        return;
    }
    ++stats.parsed;

    // Structural invariants of a successful parse.
    std::size_t sum = 0;
    std::size_t all = 0;
    std::size_t counted_by_flag = 0;
    std::size_t last_offset = 0;
    for (const auto a : m->all_attributes()) {
        ++all;
        sum += 4 + pad4(a.value.size());
        if (a.offset < 20 || a.offset + 4 + a.value.size() > b.size() ||
            a.value.data() != b.data() + a.offset + 4 || (a.offset % 4) != 0) {
            stats.fail("attribute out of place");
        }
        if (!m->is_ignored(a)) ++counted_by_flag;
        last_offset = a.offset;
        // Decode this very attribute with its codec, whichever occurrence it is.
        sk::visit_attribute_tag(a.type, [&](auto tag) {
            using Tag = decltype(tag);
            const auto value = m->template decode<Tag>(a);
            if (value) {
                ++stats.decoded_values;
                stats.checksum += touch(*value);
            } else if (!is_value_error(value.error()) || value.error() == errc::not_found) {
                stats.fail(std::string("decode of ") + std::string(Tag::name) + " gave " +
                           std::string(sk::to_string(value.error())));
            } else {
                ++stats.decode_errors;
            }
        });
    }
    if (sum != m->size() - sk::header_size) stats.fail("attribute sizes do not add up to the body");
    if (m->size() != b.size() || m->bytes().data() != b.data())
        stats.fail("view does not cover the datagram");
    if (all > options.max_attributes) stats.fail("more attributes than max_attributes");
    if (m->attributes().count() != counted_by_flag)
        stats.fail("attributes() disagrees with is_ignored()");
    if (const auto fp = m->fingerprint()) {
        if (fp->offset != last_offset) stats.fail("FINGERPRINT is not last");
    }

    // get<> for every built-in tag: a value or an attribute-value errc, never anything else.
    for_each_tag(sk::builtin_attributes{}, [&](auto tag) {
        using Tag = decltype(tag);
        const auto value = m->get<Tag>();
        if (value) {
            stats.checksum += touch(*value);
        } else if (!is_value_error(value.error())) {
            stats.fail(std::string("get<") + std::string(Tag::name) + "> gave " +
                       std::string(sk::to_string(value.error())));
        }
        if (m->has<Tag>() != (value || value.error() != errc::not_found))
            stats.fail("has<> disagrees with get<>");
    });
    stats.checksum += touch(m->transaction_id().bytes[0]) +
                      static_cast<std::uint64_t>(m->method()) +
                      static_cast<std::uint64_t>(m->klass()) + sk::method_name(m->method()).size();
    for (const auto a : sk::unknown_comprehension_required(*m)) stats.checksum += a.type;
}

void run_mutations(const buffer& seed_message, std::uint64_t seed, std::size_t iterations,
                   loop_stats& stats) {
    prng rng(seed);
    const auto types = builtin_types();
    sk::parse_options strict;
    sk::parse_options lenient;
    lenient.allow_legacy = true;
    lenient.max_attributes = 6;
    for (std::size_t i = 0; i < iterations; ++i) {
        buffer b = seed_message;
        const std::size_t edits = 1 + rng.below(4);
        for (std::size_t k = 0; k < edits; ++k) mutate(b, rng, types);
        // Half the time repair the header length so that parsing reaches the attributes.
        if (rng.below(2) == 0 && b.size() >= 20)
            put16(b, 2, static_cast<std::uint16_t>(b.size() - 20));
        check_datagram(b, strict, stats);
        check_datagram(b, lenient, stats);
    }
}

}  // namespace

TEST_CASE("mutations of the RFC 5769 request never crash and keep the invariants",
          "[hostile][fuzz]") {
    REQUIRE(rfc5769_request.size() == 108);
    loop_stats stats;
    check_datagram(rfc5769_request, sk::parse_options{}, stats);
    REQUIRE(stats.parsed == 1);
    REQUIRE(stats.failures == 0);

    run_mutations(rfc5769_request, 0x5354554E, 20000, stats);
    INFO("first failure: " << stats.first_failure);
    CHECK(stats.failures == 0);
    // The loop must exercise the deep paths, not only the header checks.
    CHECK(stats.parsed > 4000);
    CHECK(stats.rejected > 4000);
    CHECK(stats.decoded_values > 10000);
    CHECK(stats.decode_errors > 1000);
    CHECK(stats.checksum != 0);
}

TEST_CASE("mutations of a TURN error response with every kind of value", "[hostile][fuzz]") {
    // Same attribute boundaries as the RFC 5769 request for the first six, so mutate() finds
    // them: 20 (len 16), 40 (len 4), 48 (len 8), 60 (len 12), 76 (len 20), 100 (len 4)...
    buffer alg = {0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x03, 'a', 'b', 'c', 0x00};  // 12 bytes
    buffer xra = {0x00, 0x02, 0x12, 0x34};
    for (std::uint8_t i = 0; i < 16; ++i) xra.push_back(static_cast<std::uint8_t>(i * 7));
    const buffer seed_message = raw(0x0113)
                                    .attr(0x8022, text("stunkit fuzzing!"))          // 20, len 16
                                    .attr(0x000A, buffer{0x00, 0x31, 0x7F, 0xFF})    // 40, len 4
                                    .attr(0x8004, buffer{0, 0, 3, 4, 0, 0, 5, 220})  // 48, len 8
                                    .attr(0x8002, alg)                               // 60, len 12
                                    .attr(0x0016, xra)                               // 76, len 20
                                    .attr(0x000C, buffer{0x40, 0x00, 0, 0})          // 100, len 4
                                    .attr(0x0009, buffer{0, 0, 4, 1, 'n', 'o', 'p', 'e'})
                                    .attr(0x8001, buffer{2, 0, 4, 40, 'v', '6'})
                                    .attr(0x0014, text("example.org"))
                                    .attr(0x0015, text("obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA"))
                                    .attr(0x001D, buffer{0, 1, 0, 0})
                                    .attr(0x0012, buffer{0, 1, 0x21, 0x13, 0x2B, 0x12, 0xA4, 0x43})
                                    .attr(0x0018, buffer{0x80})
                                    .attr(0x001C, filled(32, 0x5A))
                                    .attr(0x8028, buffer{1, 2, 3, 4})
                                    .done();
    loop_stats stats;
    check_datagram(seed_message, sk::parse_options{}, stats);
    REQUIRE(stats.failures == 0);
    REQUIRE(stats.parsed == 1);

    run_mutations(seed_message, 0x7475726E, 10000, stats);
    INFO("first failure: " << stats.first_failure);
    CHECK(stats.failures == 0);
    CHECK(stats.parsed > 2000);
    CHECK(stats.decoded_values > 10000);
}
