// stun_sign: builds one STUN message from command-line options, signs it with
// MESSAGE-INTEGRITY (short-term or long-term credentials), optionally adds
// MESSAGE-INTEGRITY-SHA256 and FINGERPRINT, and prints it as one line of hex.
//
//   stun_sign --short-term PASSWORD --username alice:bob --fingerprint
//   stun_sign --long-term alice:example.org:secret --nonce abc --method allocate
//   stun_sign --short-term pw --class success --xor-mapped 192.0.2.1:32853 --sha256 16
//
// The output feeds `stunkit-dump --hex --key PASSWORD` (or `--long-term U:R:P`), a peer's own
// parser, or a packet generator. Attributes are written in a fixed order: USERNAME, REALM,
// NONCE, SOFTWARE, XOR-MAPPED-ADDRESS, --attr attributes in command-line order, then
// MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT (RFC 8489 §14.5-§14.7: nothing
// else may follow them).
//
// Passwords, usernames and realms are used as given: RFC 8489 §9 asks for OpaqueString
// preparation (stunkit/prep.hpp), which leaves ASCII unchanged.
//
// Exit status: 0 printed a message; 1 the message could not be built; 2 bad command line.
#include <stunkit/stunkit.hpp>

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr const char* usage_text =
    "usage: stun_sign [options]\n"
    "Prints one signed STUN message as a line of hex.\n"
    "\n"
    "  --method NAME|NUMBER      binding (default), allocate, refresh, send, data,\n"
    "                            createpermission, channelbind, ... or a number (0x003)\n"
    "  --class NAME              request (default), indication, success, error\n"
    "  --transaction-id HEX      24 hex digits (default: random)\n"
    "  --username U              USERNAME\n"
    "  --realm R                 REALM\n"
    "  --nonce N                 NONCE\n"
    "  --software S              SOFTWARE\n"
    "  --xor-mapped IP:PORT      XOR-MAPPED-ADDRESS ([v6]:port for IPv6)\n"
    "  --attr TYPE=HEX           an attribute of any type with raw value bytes (repeatable)\n"
    "  --short-term PASSWORD     MESSAGE-INTEGRITY keyed with the password (RFC 8489 §9.1)\n"
    "  --long-term U:R:PASSWORD  MESSAGE-INTEGRITY keyed with MD5(U:R:PASSWORD) (§9.2);\n"
    "                            also adds USERNAME U and REALM R unless given\n"
    "  --sha256 N                also MESSAGE-INTEGRITY-SHA256 truncated to N bytes (16-32)\n"
    "  --fingerprint             FINGERPRINT last\n"
    "  --help                    this text\n";

struct raw_attribute {
    std::uint16_t type = 0;
    std::vector<std::uint8_t> value;
};

struct options {
    stunkit::message_type type{stunkit::method::binding, stunkit::message_class::request};
    std::optional<stunkit::transaction_id> id;
    std::optional<std::string> username, realm, nonce, software;
    std::optional<stunkit::transport_address> xor_mapped;
    std::vector<raw_attribute> attributes;
    std::optional<std::string> short_term;
    std::optional<std::string> long_term_user, long_term_realm, long_term_password;
    std::size_t sha256 = 0;  // 0: no MESSAGE-INTEGRITY-SHA256
    bool fingerprint = false;
};

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<std::vector<std::uint8_t>> parse_hex(std::string_view text) {
    if (text.size() % 2 != 0) return std::nullopt;
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int high = hex_digit(text[i]);
        const int low = hex_digit(text[i + 1]);
        if (high < 0 || low < 0) return std::nullopt;
        out.push_back(static_cast<std::uint8_t>(high * 16 + low));
    }
    return out;
}

std::optional<unsigned long> parse_number(const std::string& text, unsigned long max) {
    if (text.empty()) return std::nullopt;
    char* end = nullptr;
    const unsigned long value = std::strtoul(text.c_str(), &end, 0);  // 0x... allowed
    if (*end != '\0' || value > max) return std::nullopt;
    return value;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::optional<stunkit::method> parse_method(const std::string& text) {
    // Every 12-bit method the registry names, compared without case or dashes.
    std::string wanted;
    for (const char c : lower(text)) {
        if (c != '-' && c != '_') wanted += c;
    }
    for (unsigned m = 1; m <= 0xFFF; ++m) {
        const auto method = static_cast<stunkit::method>(m);
        const std::string_view name = stunkit::method_name(method);
        if (!name.empty() && lower(name) == wanted) return method;
    }
    if (const auto number = parse_number(text, 0xFFF)) return static_cast<stunkit::method>(*number);
    return std::nullopt;
}

std::optional<stunkit::message_class> parse_class(const std::string& text) {
    for (unsigned c = 0; c < 4; ++c) {
        const auto klass = static_cast<stunkit::message_class>(c);
        if (stunkit::class_name(klass) == text) return klass;
    }
    return std::nullopt;
}

// "192.0.2.1:3478" or "[2001:db8::1]:3478".
std::optional<stunkit::transport_address> parse_address(const std::string& text) {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string::npos) return std::nullopt;
    std::string host = text.substr(0, colon);
    const auto port = parse_number(text.substr(colon + 1), 0xFFFF);
    if (!port) return std::nullopt;
    stunkit::transport_address out;
    out.port = static_cast<std::uint16_t>(*port);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        std::array<std::uint8_t, 16> bytes{};
        if (inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), bytes.data()) != 1)
            return std::nullopt;
        out.address = stunkit::ip_address::v6(bytes);
    } else {
        std::array<std::uint8_t, 4> b{};
        if (inet_pton(AF_INET, host.c_str(), b.data()) != 1) return std::nullopt;
        out.address = stunkit::ip_address::v4(b[0], b[1], b[2], b[3]);
    }
    return out;
}

// Returns an error message, or "" when the command line is good.
std::string parse_command_line(int argc, char** argv, options& opts, bool& help) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            help = true;
            return {};
        }
        if (arg == "--fingerprint") {
            opts.fingerprint = true;
            continue;
        }
        static constexpr std::string_view with_value[] = {
            "--method", "--class",      "--transaction-id", "--username",
            "--realm",  "--nonce",      "--software",       "--xor-mapped",
            "--attr",   "--short-term", "--long-term",      "--sha256"};
        bool known = false;
        for (const std::string_view name : with_value) known = known || arg == name;
        if (!known) return "unknown option " + arg;
        if (i + 1 >= argc) return arg + " needs a value";
        const std::string value = argv[++i];
        if (arg == "--method") {
            const auto m = parse_method(value);
            if (!m) return "unknown method " + value;
            opts.type.method = *m;
        } else if (arg == "--class") {
            const auto c = parse_class(value);
            if (!c) return "unknown class " + value + " (request, indication, success, error)";
            opts.type.klass = *c;
        } else if (arg == "--transaction-id") {
            const auto bytes = parse_hex(value);
            if (!bytes || bytes->size() != 12) return "--transaction-id needs 24 hex digits";
            stunkit::transaction_id id;
            for (std::size_t k = 0; k < 12; ++k) id.bytes[k] = (*bytes)[k];
            opts.id = id;
        } else if (arg == "--username") {
            opts.username = value;
        } else if (arg == "--realm") {
            opts.realm = value;
        } else if (arg == "--nonce") {
            opts.nonce = value;
        } else if (arg == "--software") {
            opts.software = value;
        } else if (arg == "--xor-mapped") {
            opts.xor_mapped = parse_address(value);
            if (!opts.xor_mapped) return "--xor-mapped needs IP:PORT or [IPv6]:PORT";
        } else if (arg == "--attr") {
            const std::size_t eq = value.find('=');
            const auto type = parse_number(value.substr(0, eq), 0xFFFF);
            const auto bytes =
                eq == std::string::npos ? std::nullopt : parse_hex(value.substr(eq + 1));
            if (!type || !bytes) return "--attr needs TYPE=HEX, e.g. 0x8050=cafe";
            opts.attributes.push_back({static_cast<std::uint16_t>(*type), *bytes});
        } else if (arg == "--short-term") {
            opts.short_term = value;
        } else if (arg == "--long-term") {
            // USER:REALM:PASSWORD; the password may itself contain ':'.
            const std::size_t first = value.find(':');
            const std::size_t second =
                first == std::string::npos ? first : value.find(':', first + 1);
            if (second == std::string::npos) return "--long-term needs USER:REALM:PASSWORD";
            opts.long_term_user = value.substr(0, first);
            opts.long_term_realm = value.substr(first + 1, second - first - 1);
            opts.long_term_password = value.substr(second + 1);
        } else if (arg == "--sha256") {
            const auto n = parse_number(value, 32);
            if (!n || !stunkit::attr::truncated_mac_codec::valid_size(*n)) {
                return "--sha256 needs a size of 16-32 bytes, a multiple of 4";
            }
            opts.sha256 = *n;
        }
    }
    if (opts.short_term && opts.long_term_user)
        return "--short-term and --long-term exclude each other";
    if (opts.sha256 != 0 && !opts.short_term && !opts.long_term_user) {
        return "--sha256 needs --short-term or --long-term";
    }
    if (opts.long_term_user) {
        if (!opts.username) opts.username = opts.long_term_user;
        if (!opts.realm) opts.realm = opts.long_term_realm;
    }
    return {};
}

stunkit::transaction_id random_transaction_id() {
    // RFC 8489 §5: uniformly random. std::random_device reads the kernel's CSPRNG on Linux.
    std::random_device device;
    stunkit::transaction_id id;
    for (auto& b : id.bytes) b = static_cast<std::uint8_t>(device());
    return id;
}

std::string to_hex(stunkit::bytes_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (const std::uint8_t b : bytes) {
        out += digits[b >> 4U];
        out += digits[b & 0x0FU];
    }
    return out;
}

int fail(std::string_view what, stunkit::errc e) {
    const std::string_view reason = stunkit::to_string(e);
    std::fprintf(stderr, "stun_sign: %.*s: %.*s\n", static_cast<int>(what.size()), what.data(),
                 static_cast<int>(reason.size()), reason.data());
    return 1;
}

int build(const options& opts) {
    using namespace stunkit;
    static_message<65535 + header_size> message(opts.type,
                                                opts.id ? *opts.id : random_transaction_id());
    if (opts.username) message.add<attr::username>(std::string_view(*opts.username));
    if (opts.realm) message.add<attr::realm>(std::string_view(*opts.realm));
    if (opts.nonce) message.add<attr::nonce>(std::string_view(*opts.nonce));
    if (opts.software) message.add<attr::software>(std::string_view(*opts.software));
    if (opts.xor_mapped) message.add<attr::xor_mapped_address>(*opts.xor_mapped);
    for (const raw_attribute& a : opts.attributes)
        message.add_raw(a.type, bytes_view(a.value.data(), a.value.size()));
    if (!message.ok()) return fail("building the message", message.error());

    std::optional<integrity_key> key;
    if (opts.short_term) {
        key.emplace(std::string_view(*opts.short_term));
    } else if (opts.long_term_user) {
        const auto bytes = long_term_key(attr::password_algorithm_id::md5, *opts.long_term_user,
                                         *opts.long_term_realm, *opts.long_term_password);
        if (!bytes) return fail("long-term key", bytes.error());
        // 16 or 32 bytes; bounding the view by the array also keeps GCC 12's -Warray-bounds
        // from imagining a key longer than an HMAC block inside the inlined HMAC.
        const long_term_key_bytes& digest = *bytes;
        key.emplace(bytes_view(digest.bytes.data(), std::min(digest.size, digest.bytes.size())));
    }

    result<bytes_view> done = errc::invalid_argument;
    if (key) {
        sealed_builder sealed = add_message_integrity(message, *key);
        if (opts.sha256 != 0) sealed.add_message_integrity_sha256(*key, opts.sha256);
        done = opts.fingerprint ? sealed.add_fingerprint() : sealed.finish();
    } else {
        done = opts.fingerprint ? add_fingerprint(message) : message.finish();
    }
    if (!done) return fail("signing the message", done.error());
    std::printf("%s\n", to_hex(*done).c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    options opts;
    bool help = false;
    const std::string error = parse_command_line(argc, argv, opts, help);
    if (help) {
        std::fputs(usage_text, stdout);
        return 0;
    }
    if (!error.empty()) {
        std::fprintf(stderr, "stun_sign: %s\n%s", error.c_str(), usage_text);
        return 2;
    }
    return build(opts);
}
