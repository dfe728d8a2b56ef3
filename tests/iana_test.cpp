// Cross-check of everything stunkit knows by number against the IANA registry
// "Session Traversal Utilities for NAT (STUN) Parameters":
//   https://www.iana.org/assignments/stun-parameters/stun-parameters.xhtml
// transcribed by hand below as the registry stands (page "Last Updated 2024-12-20").
//
// Registry references: RFC 8489 §18 (STUN Methods, Attributes, Error Codes, Password
// Algorithms; §18.3.1 renamed 0x0002/0x0004/0x0005/0x0007/0x000B to "Reserved; was ...",
// §18.4 renamed 401 from "Unauthorized" to "Unauthenticated"), RFC 8656 §17 (TURN methods,
// attributes, error codes and the TURN Channel Numbers registry; supersedes RFC 5766 and
// RFC 6156), RFC 5780 §9 (CHANGE-REQUEST, PADDING, RESPONSE-PORT, CACHE-TIMEOUT,
// RESPONSE-ORIGIN, OTHER-ADDRESS), RFC 8445 §16 (PRIORITY, USE-CANDIDATE, ICE-CONTROLLED,
// ICE-CONTROLLING, 487 Role Conflict), RFC 6062 §6 (Connect, ConnectionBind,
// ConnectionAttempt, CONNECTION-ID, 446, 447), RFC 7983 (method range 0x100-0xFFF),
// RFC 7635, RFC 7982, RFC 6679, RFC 8016 (other attributes), RFC Errata 4233 (0x0003).
//
// Provenance of the transcription: the STUN Methods table and the STUN Attributes table up to
// 0x000D were checked against a stored copy of the registry page itself. The remaining
// attribute rows were checked against two independent transcriptions of the registry's CSV
// (cisco/mercury src/libmerc/stun_params.h, generated from the IANA CSV, and a Rust table
// citing stun-parameters-4) plus the IANA Considerations sections listed above. The error
// code phrases were checked against an earlier transcription of the registry and RFC 8489
// §14.8/§18.4 (401 "Unauthenticated") and RFC 8656 §17.
#include <stunkit/registry.hpp>

#include <stunkit/attributes.hpp>
#include <stunkit/message.hpp>
#include <stunkit/turn/attributes.hpp>

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace sk = stunkit;

/** One row of an IANA table: a value or a range of values, its name and reference. */
struct iana_row {
    std::uint32_t first;
    std::uint32_t last;
    std::string_view name;
    std::string_view reference;
};

constexpr std::string_view unassigned = "Unassigned";

// STUN Methods (stun-parameters-2). 0x000-0x07F IETF Review, 0x080-0x0FF Expert Review.
const std::vector<iana_row> iana_methods = {
    {0x000, 0x000, "Reserved", "[RFC8489]"},
    {0x001, 0x001, "Binding", "[RFC8489]"},
    {0x002, 0x002, "Reserved; was SharedSecret prior to [RFC5389]", "[RFC8489]"},
    {0x003, 0x003, "Allocate", "[RFC8656]"},
    {0x004, 0x004, "Refresh", "[RFC8656]"},
    {0x005, 0x005, "Unassigned", ""},
    {0x006, 0x006, "Send", "[RFC8656]"},
    {0x007, 0x007, "Data", "[RFC8656]"},
    {0x008, 0x008, "CreatePermission", "[RFC8656]"},
    {0x009, 0x009, "ChannelBind", "[RFC8656]"},
    {0x00A, 0x00A, "Connect", "[RFC6062]"},
    {0x00B, 0x00B, "ConnectionBind", "[RFC6062]"},
    {0x00C, 0x00C, "ConnectionAttempt", "[RFC6062]"},
    {0x00D, 0x07F, "Unassigned", ""},
    {0x080, 0x080, "GOOG-PING", "[Jonas_Oreland]"},
    {0x081, 0x0FF, "Unassigned", ""},
    {0x100, 0xFFF,
     "Reserved (For DTLS-SRTP multiplexing collision avoidance, see [RFC7983]. "
     "Cannot be made available for assignment without IETF Review.)",
     "[RFC7983]"},
};

// STUN Attributes (stun-parameters-4). 0x0000-0x3FFF IETF Review and 0x4000-0x7FFF Expert
// Review are comprehension-required; 0x8000-0xBFFF IETF Review and 0xC000-0xFFFF Expert
// Review are comprehension-optional.
const std::vector<iana_row> iana_attributes = {
    {0x0000, 0x0000, "Reserved", "[RFC8489]"},
    {0x0001, 0x0001, "MAPPED-ADDRESS", "[RFC8489]"},
    {0x0002, 0x0002, "Reserved; was RESPONSE-ADDRESS prior to [RFC5389]", "[RFC8489]"},
    {0x0003, 0x0003, "Reserved; was CHANGE-REQUEST prior to [RFC5389]",
     "[RFC5780][RFC Errata 4233]"},
    {0x0004, 0x0004, "Reserved; was SOURCE-ADDRESS prior to [RFC5389]", "[RFC8489]"},
    {0x0005, 0x0005, "Reserved; was CHANGED-ADDRESS prior to [RFC5389]", "[RFC8489]"},
    {0x0006, 0x0006, "USERNAME", "[RFC8489]"},
    {0x0007, 0x0007, "Reserved; was PASSWORD prior to [RFC5389]", "[RFC8489]"},
    {0x0008, 0x0008, "MESSAGE-INTEGRITY", "[RFC8489]"},
    {0x0009, 0x0009, "ERROR-CODE", "[RFC8489]"},
    {0x000A, 0x000A, "UNKNOWN-ATTRIBUTES", "[RFC8489]"},
    {0x000B, 0x000B, "Reserved; was REFLECTED-FROM prior to [RFC5389]", "[RFC8489]"},
    {0x000C, 0x000C, "CHANNEL-NUMBER", "[RFC8656]"},
    {0x000D, 0x000D, "LIFETIME", "[RFC8656]"},
    {0x000E, 0x000F, "Reserved", ""},
    {0x0010, 0x0010, "Reserved (was BANDWIDTH)", "[RFC8656]"},
    {0x0011, 0x0011, "Reserved", ""},
    {0x0012, 0x0012, "XOR-PEER-ADDRESS", "[RFC8656]"},
    {0x0013, 0x0013, "DATA", "[RFC8656]"},
    {0x0014, 0x0014, "REALM", "[RFC8489]"},
    {0x0015, 0x0015, "NONCE", "[RFC8489]"},
    {0x0016, 0x0016, "XOR-RELAYED-ADDRESS", "[RFC8656]"},
    {0x0017, 0x0017, "REQUESTED-ADDRESS-FAMILY", "[RFC8656]"},
    {0x0018, 0x0018, "EVEN-PORT", "[RFC8656]"},
    {0x0019, 0x0019, "REQUESTED-TRANSPORT", "[RFC8656]"},
    {0x001A, 0x001A, "DONT-FRAGMENT", "[RFC8656]"},
    {0x001B, 0x001B, "ACCESS-TOKEN", "[RFC7635]"},
    {0x001C, 0x001C, "MESSAGE-INTEGRITY-SHA256", "[RFC8489]"},
    {0x001D, 0x001D, "PASSWORD-ALGORITHM", "[RFC8489]"},
    {0x001E, 0x001E, "USERHASH", "[RFC8489]"},
    {0x001F, 0x001F, "Unassigned", ""},
    {0x0020, 0x0020, "XOR-MAPPED-ADDRESS", "[RFC8489]"},
    {0x0021, 0x0021, "Reserved (was TIMER-VAL)", "[RFC8656]"},
    {0x0022, 0x0022, "RESERVATION-TOKEN", "[RFC8656]"},
    {0x0023, 0x0023, "Reserved", ""},
    {0x0024, 0x0024, "PRIORITY", "[RFC8445]"},
    {0x0025, 0x0025, "USE-CANDIDATE", "[RFC8445]"},
    {0x0026, 0x0026, "PADDING", "[RFC5780]"},
    {0x0027, 0x0027, "RESPONSE-PORT", "[RFC5780]"},
    {0x0028, 0x0029, "Reserved", ""},
    {0x002A, 0x002A, "CONNECTION-ID", "[RFC6062]"},
    {0x002B, 0x002F, "Unassigned", ""},
    {0x0030, 0x0030, "Reserved", ""},
    {0x0031, 0x7FFF, "Unassigned", ""},
    {0x8000, 0x8000, "ADDITIONAL-ADDRESS-FAMILY", "[RFC8656]"},
    {0x8001, 0x8001, "ADDRESS-ERROR-CODE", "[RFC8656]"},
    {0x8002, 0x8002, "PASSWORD-ALGORITHMS", "[RFC8489]"},
    {0x8003, 0x8003, "ALTERNATE-DOMAIN", "[RFC8489]"},
    {0x8004, 0x8004, "ICMP", "[RFC8656]"},
    {0x8005, 0x8021, "Unassigned", ""},
    {0x8022, 0x8022, "SOFTWARE", "[RFC8489]"},
    {0x8023, 0x8023, "ALTERNATE-SERVER", "[RFC8489]"},
    {0x8024, 0x8024, "Reserved", ""},
    {0x8025, 0x8025, "TRANSACTION_TRANSMIT_COUNTER", "[RFC7982]"},
    {0x8026, 0x8026, "Reserved", ""},
    {0x8027, 0x8027, "CACHE-TIMEOUT", "[RFC5780]"},
    {0x8028, 0x8028, "FINGERPRINT", "[RFC8489]"},
    {0x8029, 0x8029, "ICE-CONTROLLED", "[RFC8445]"},
    {0x802A, 0x802A, "ICE-CONTROLLING", "[RFC8445]"},
    {0x802B, 0x802B, "RESPONSE-ORIGIN", "[RFC5780]"},
    {0x802C, 0x802C, "OTHER-ADDRESS", "[RFC5780]"},
    {0x802D, 0x802D, "ECN-CHECK STUN", "[RFC6679]"},
    {0x802E, 0x802E, "THIRD-PARTY-AUTHORIZATION", "[RFC7635]"},
    {0x802F, 0x802F, "Unassigned", ""},
    {0x8030, 0x8030, "MOBILITY-TICKET", "[RFC8016]"},
    {0x8031, 0xBFFF, "Unassigned", ""},
    {0xC000, 0xC000, "CISCO-STUN-FLOWDATA", "[Dan_Wing]"},
    {0xC001, 0xC001, "ENF-FLOW-DESCRIPTION", "[Pål_Erik_Martinsen]"},
    {0xC002, 0xC002, "ENF-NETWORK-STATUS", "[Pål_Erik_Martinsen]"},
    {0xC003, 0xC003, "CISCO-WEBEX-FLOW-INFO", "[Stefano_Giorcelli]"},
    {0xC004, 0xC055, "Unassigned", ""},
    {0xC056, 0xC056, "CITRIX-TRANSACTION-ID", "[Paras_Babbar]"},
    {0xC057, 0xC057, "GOOG-NETWORK-INFO", "[Jonas_Oreland]"},
    {0xC058, 0xC058, "GOOG-LAST-ICE-CHECK-RECEIVED", "[Jonas_Oreland]"},
    {0xC059, 0xC059, "GOOG-MISC-INFO", "[Jonas_Oreland]"},
    {0xC05A, 0xC05A, "GOOG-OBSOLETE-1", "[Jonas_Oreland]"},
    {0xC05B, 0xC05B, "GOOG-CONNECTION-ID", "[Jonas_Oreland]"},
    {0xC05C, 0xC05C, "GOOG-DELTA", "[Jonas_Oreland]"},
    {0xC05D, 0xC05D, "GOOG-DELTA-ACK", "[Jonas_Oreland]"},
    {0xC05E, 0xC05E, "GOOG-DELTA-SYNC-REQ", "[Jonas_Oreland]"},
    {0xC05F, 0xC05F, "Unassigned", ""},
    {0xC060, 0xC060, "GOOG-MESSAGE-INTEGRITY-32", "[Jonas_Oreland]"},
    {0xC061, 0xFFFF, "Unassigned", ""},
};

// STUN Error Codes (stun-parameters-6): the registered codes and their reason phrases.
// 0-299 are Reserved; every other code from 300 to 699 is Unassigned.
const std::vector<iana_row> iana_error_codes = {
    {300, 300, "Try Alternate", "[RFC8489]"},
    {400, 400, "Bad Request", "[RFC8489]"},
    {401, 401, "Unauthenticated", "[RFC8489]"},
    {403, 403, "Forbidden", "[RFC8656]"},
    {405, 405, "Mobility Forbidden", "[RFC8016]"},
    {420, 420, "Unknown Attribute", "[RFC8489]"},
    {437, 437, "Allocation Mismatch", "[RFC8656]"},
    {438, 438, "Stale Nonce", "[RFC8489]"},
    {440, 440, "Address Family not Supported", "[RFC8656]"},
    {441, 441, "Wrong Credentials", "[RFC8656]"},
    {442, 442, "Unsupported Transport Protocol", "[RFC8656]"},
    {443, 443, "Peer Address Family Mismatch", "[RFC8656]"},
    {446, 446, "Connection Already Exists", "[RFC6062]"},
    {447, 447, "Connection Timeout or Failure", "[RFC6062]"},
    {486, 486, "Allocation Quota Reached", "[RFC8656]"},
    {487, 487, "Role Conflict", "[RFC8445]"},
    {500, 500, "Server Error", "[RFC8489]"},
    {508, 508, "Insufficient Capacity", "[RFC8656]"},
};

// STUN Password Algorithms (RFC 8489 §18.5).
const std::vector<iana_row> iana_password_algorithms = {
    {0x0000, 0x0000, "Reserved", "[RFC8489]"},
    {0x0001, 0x0001, "MD5", "[RFC8489]"},
    {0x0002, 0x0002, "SHA-256", "[RFC8489]"},
    {0x0003, 0xFFFF, "Unassigned", ""},
};

/** The row holding `value`, or nullptr. */
const iana_row* find_row(const std::vector<iana_row>& table, std::uint32_t value) {
    for (const auto& row : table) {
        if (value >= row.first && value <= row.last) return &row;
    }
    return nullptr;
}

constexpr std::string_view was_prefix = "Reserved; was ";
constexpr std::string_view was_suffix = " prior to [RFC5389]";

/** True for a row that names one assignment (not Reserved, not Unassigned). */
bool is_assignment(const iana_row& row) {
    return row.first == row.last && row.name != unassigned && row.name.substr(0, 8) != "Reserved";
}

/**
 * For "Reserved; was X prior to [RFC5389]" the historical name X (RFC 3489's attributes,
 * which stunkit keeps for classic STUN); otherwise the row's name.
 */
std::string_view historical_name(const iana_row& row) {
    const std::string_view n = row.name;
    if (n.size() > was_prefix.size() + was_suffix.size() &&
        n.substr(0, was_prefix.size()) == was_prefix &&
        n.substr(n.size() - was_suffix.size()) == was_suffix) {
        return n.substr(was_prefix.size(), n.size() - was_prefix.size() - was_suffix.size());
    }
    return n;
}

template <class F, class... Tags>
void for_each_tag(sk::type_list<Tags...>, F&& f) {
    (f(Tags{}), ...);
}

/** Checks that a table's rows are in order and cover [0, last] without gaps or overlaps. */
void check_covers(const std::vector<iana_row>& table, std::uint32_t last) {
    std::uint32_t next = 0;
    for (const auto& row : table) {
        INFO(row.name);
        CHECK(row.first == next);
        CHECK(row.last >= row.first);
        next = row.last + 1;
    }
    CHECK(next == last + 1);
}

}  // namespace

TEST_CASE("the transcribed IANA tables are complete and ordered", "[iana][registry]") {
    check_covers(iana_methods, 0xFFF);
    check_covers(iana_attributes, 0xFFFF);
    check_covers(iana_password_algorithms, 0xFFFF);
    std::uint32_t previous = 299;
    for (const auto& row : iana_error_codes) {
        CHECK(row.first > previous);
        CHECK(row.first <= 699);
        previous = row.first;
    }
}

TEST_CASE("every built-in attribute tag has its IANA code point", "[iana][attributes]") {
    std::map<std::uint16_t, std::string_view> seen;
    std::uint32_t previous = 0;
    bool first = true;
    for_each_tag(sk::builtin_attributes{}, [&](auto tag) {
        using Tag = decltype(tag);
        INFO(Tag::name << " = " << Tag::type);
        // No two tags share a code point, and the list is in code point order.
        CHECK(seen.count(Tag::type) == 0);
        seen.emplace(Tag::type, Tag::name);
        CHECK((first || Tag::type > previous));
        first = false;
        previous = Tag::type;

        const iana_row* row = find_row(iana_attributes, Tag::type);
        REQUIRE(row != nullptr);
        INFO("IANA: " << row->name << " " << row->reference);
        CHECK(row->first == row->last);
        CHECK(row->name != unassigned);
        // Current assignments by their registered name; the RFC 3489 attributes that RFC 8489
        // turned into "Reserved; was X prior to [RFC5389]" by their historical name X.
        CHECK(Tag::name == historical_name(*row));
        // The lookups built on the tag list agree with the tag.
        CHECK(sk::is_known_attribute(Tag::type));
        CHECK(sk::attribute_name(Tag::type) == Tag::name);
    });
    CHECK(seen.size() == 44);
}

TEST_CASE("every IANA attribute stunkit knows maps to the same name", "[iana][attributes]") {
    std::size_t known = 0;
    for (std::uint32_t t = 0; t <= 0xFFFF; ++t) {
        const auto type = static_cast<std::uint16_t>(t);
        const bool visited = sk::visit_attribute_tag(type, [](auto) {});
        const iana_row* row = find_row(iana_attributes, t);
        REQUIRE(row != nullptr);
        if (sk::is_known_attribute(type) != visited) FAIL("is_known_attribute disagrees at " << t);
        if (!visited) {
            if (!sk::attribute_name(type).empty()) FAIL("a name for unknown type " << t);
            continue;
        }
        ++known;
        INFO("type " << t << ", IANA: " << row->name);
        // Known code points are never unassigned or anonymous reserved ranges.
        CHECK(row->first == row->last);
        CHECK(row->name != unassigned);
        CHECK(row->name != "Reserved");
        CHECK(sk::attribute_name(type) == historical_name(*row));
    }
    CHECK(known == 44);

    // Every current IANA assignment stunkit knows, by the registry's own name.
    for (const auto& row : iana_attributes) {
        if (!is_assignment(row)) continue;
        const auto type = static_cast<std::uint16_t>(row.first);
        if (!sk::is_known_attribute(type)) continue;
        INFO(row.name);
        CHECK(sk::attribute_name(type) == row.name);
    }
    // The code points parse() itself recognises.
    CHECK(sk::attribute_name(sk::attribute_type::message_integrity) == "MESSAGE-INTEGRITY");
    CHECK(sk::attribute_name(sk::attribute_type::message_integrity_sha256) ==
          "MESSAGE-INTEGRITY-SHA256");
    CHECK(sk::attribute_name(sk::attribute_type::fingerprint) == "FINGERPRINT");
    CHECK(find_row(iana_attributes, sk::attribute_type::fingerprint)->name == "FINGERPRINT");
}

TEST_CASE("regression: SOFTWARE, NONCE and their neighbours", "[iana][attributes]") {
    // SOFTWARE is 0x8022, not 0x0022 (RESERVATION-TOKEN); NONCE is 0x0015, not 0x0016
    // (XOR-RELAYED-ADDRESS).
    STATIC_REQUIRE(sk::attr::software::type == 0x8022);
    STATIC_REQUIRE(sk::turn::reservation_token::type == 0x0022);
    STATIC_REQUIRE(sk::attr::nonce::type == 0x0015);
    STATIC_REQUIRE(sk::turn::xor_relayed_address::type == 0x0016);
    STATIC_REQUIRE(sk::attr::realm::type == 0x0014);
    STATIC_REQUIRE(sk::attr::alternate_server::type == 0x8023);
    STATIC_REQUIRE(sk::attribute_name(0x8022) == "SOFTWARE");
    STATIC_REQUIRE(sk::attribute_name(0x0022) == "RESERVATION-TOKEN");
    STATIC_REQUIRE(sk::attribute_name(0x0015) == "NONCE");
    STATIC_REQUIRE(sk::attribute_name(0x0016) == "XOR-RELAYED-ADDRESS");
    CHECK(find_row(iana_attributes, 0x8022)->name == "SOFTWARE");
    CHECK(find_row(iana_attributes, 0x0022)->name == "RESERVATION-TOKEN");
    CHECK(find_row(iana_attributes, 0x0015)->name == "NONCE");
    CHECK(find_row(iana_attributes, 0x0016)->name == "XOR-RELAYED-ADDRESS");
}

TEST_CASE("every method and its name equal IANA", "[iana][methods]") {
    const sk::method all[] = {sk::method::binding,
                              sk::method::allocate,
                              sk::method::refresh,
                              sk::method::send,
                              sk::method::data,
                              sk::method::create_permission,
                              sk::method::channel_bind,
                              sk::method::connect,
                              sk::method::connection_bind,
                              sk::method::connection_attempt};
    for (const auto m : all) {
        const auto value = static_cast<std::uint16_t>(m);
        const iana_row* row = find_row(iana_methods, value);
        REQUIRE(row != nullptr);
        INFO("method " << value << ", IANA: " << row->name);
        CHECK(is_assignment(*row));
        CHECK(sk::method_name(m) == row->name);
    }
    STATIC_REQUIRE(static_cast<std::uint16_t>(sk::method::binding) == 0x001);
    STATIC_REQUIRE(static_cast<std::uint16_t>(sk::method::create_permission) == 0x008);
    STATIC_REQUIRE(static_cast<std::uint16_t>(sk::method::channel_bind) == 0x009);
    STATIC_REQUIRE(static_cast<std::uint16_t>(sk::method::connection_attempt) == 0x00C);

    // Over the whole 12-bit space: a name only where IANA assigns one, and the same name.
    std::size_t named = 0;
    for (std::uint32_t v = 0; v <= 0xFFF; ++v) {
        const auto name = sk::method_name(static_cast<sk::method>(v));
        if (name.empty()) continue;
        ++named;
        const iana_row* row = find_row(iana_methods, v);
        REQUIRE(row != nullptr);
        INFO("method " << v);
        CHECK(is_assignment(*row));
        CHECK(name == row->name);
    }
    CHECK(named == 10);
}

TEST_CASE("every default reason phrase equals IANA's", "[iana][error_codes]") {
    for (std::uint32_t code = 0; code <= 999; ++code) {
        const auto c = static_cast<std::uint16_t>(code);
        const iana_row* row = find_row(iana_error_codes, code);
        INFO("code " << code);
        if (row == nullptr) {
            if (!sk::default_reason(c).empty()) FAIL("a reason for unregistered code " << code);
        } else {
            CHECK(sk::default_reason(c) == row->name);
        }
    }
    // RFC 8489 §18.4 renamed 401 from RFC 5389's "Unauthorized".
    STATIC_REQUIRE(sk::default_reason(401) == "Unauthenticated");
    STATIC_REQUIRE(sk::default_reason(440) == "Address Family not Supported");
}

TEST_CASE("password algorithms and channel numbers equal IANA", "[iana][registry]") {
    // STUN Password Algorithms (RFC 8489 §18.5).
    CHECK(find_row(iana_password_algorithms, sk::attr::password_algorithm_id::md5)->name == "MD5");
    CHECK(find_row(iana_password_algorithms, sk::attr::password_algorithm_id::sha256)->name ==
          "SHA-256");
    // TURN Channel Numbers (RFC 8656 §17): 0x0000-0x3FFF reserved (they collide with STUN),
    // 0x4000-0x4FFF available, 0x5000-0xFFFF reserved for RFC 7983 multiplexing.
    STATIC_REQUIRE(sk::turn::min_channel == 0x4000);
    STATIC_REQUIRE(sk::turn::max_channel == 0x4FFF);
}
