// stunkit-dump: prints each STUN message or TURN ChannelData frame it reads as one line of JSON.
//
//   stunkit-dump [--hex] [--legacy] [--key PASSWORD | --long-term USER:REALM:PASSWORD] [FILE...]
//
// Binary input holds one message per file; with --hex every non-blank line is one message and
// lines starting with '#' are comments. Output and exit codes are described in README.md.
//
// The tool is a thin client of the public codec: parse() validates, the registry names things,
// and each attribute value is shown by decoding it with its own tag's codec, so the JSON shows
// exactly what a stunkit user would get. MACs and FINGERPRINTs are checked with integrity.hpp's
// verify_*() functions. Sockets APIs (inet_ntop) are fine here, never in include/.

#include <stunkit/stunkit.hpp>

#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <sys/socket.h>

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

// ordered_json keeps keys in insertion order, which is the documented output order.
using json = nlohmann::ordered_json;
using stunkit::bytes_view;

namespace attr = stunkit::attr;
namespace turn = stunkit::turn;

constexpr std::string_view usage_text =
    "usage: stunkit-dump [--hex] [--legacy] [--key PASSWORD | --long-term USER:REALM:PASSWORD]\n"
    "                    [FILE...]\n"
    "Prints each STUN message or TURN ChannelData frame as one line of JSON.\n"
    "\n"
    "  --hex        input is hex text: one message per line, whitespace ignored,\n"
    "               blank lines and lines starting with '#' skipped\n"
    "  --legacy     also decode classic RFC 3489 messages (no magic cookie)\n"
    "  --key PASSWORD\n"
    "               check MESSAGE-INTEGRITY(-SHA256) with a short-term password\n"
    "  --long-term USER:REALM:PASSWORD\n"
    "               check them with the long-term key MD5(USER:REALM:PASSWORD), or\n"
    "               SHA-256 when the message has PASSWORD-ALGORITHM SHA-256; split at\n"
    "               the first two ':', so only PASSWORD may contain ':'\n"
    "  --help       show this help\n"
    "\n"
    "Passwords are used byte for byte: pass them already prepared (SASLprep or\n"
    "OpaqueString); ASCII ones need nothing. FINGERPRINT is always checked.\n"
    "\n"
    "With no FILE, or when FILE is -, reads standard input. Binary input is one\n"
    "message per file. Exit status: 0; 2 if a FILE could not be read (the others\n"
    "are still dumped) or the command line is wrong.\n";

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

// What --key or --long-term gave: the text of a credential, never a derived key, because the
// long-term key's hash depends on each message's PASSWORD-ALGORITHM.
struct credentials {
    bool long_term = false;
    std::string username;  // long-term only
    std::string realm;     // long-term only
    std::string password;
};

struct options {
    bool hex = false;
    bool legacy = false;
    std::optional<credentials> key;  // MACs are checked only with one
    std::vector<std::string> files;  // "-" is standard input
};

// USER:REALM:PASSWORD split at the first two ':' (USERNAME and REALM rarely hold one; a
// password may).
std::optional<credentials> parse_long_term(std::string_view text) {
    const std::size_t first = text.find(':');
    if (first == std::string_view::npos) return std::nullopt;
    const std::size_t second = text.find(':', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    return credentials{true, std::string(text.substr(0, first)),
                       std::string(text.substr(first + 1, second - first - 1)), std::string(text.substr(second + 1))};
}

struct command_line {
    options opts;
    bool help = false;
    std::string error;  // non-empty when the arguments make no sense
};

command_line parse_command_line(int argc, char** argv) {
    command_line cmd;
    bool only_files = false;  // after "--", even "--hex" is a file name
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (only_files || arg == "-" || arg.empty() || arg[0] != '-') {
            cmd.opts.files.emplace_back(arg);
        } else if (arg == "--") {
            only_files = true;
        } else if (arg == "--hex") {
            cmd.opts.hex = true;
        } else if (arg == "--legacy") {
            cmd.opts.legacy = true;
        } else if (arg == "--key" || arg == "--long-term") {
            if (i + 1 == argc) {
                cmd.error = std::string(arg) + " needs a value";
            } else if (cmd.opts.key) {
                cmd.error = "give at most one --key or --long-term";
            } else if (arg == "--key") {
                cmd.opts.key = credentials{false, {}, {}, argv[++i]};
            } else {
                cmd.opts.key = parse_long_term(argv[++i]);
                if (!cmd.opts.key) cmd.error = "--long-term needs USER:REALM:PASSWORD";
            }
        } else if (arg == "--help" || arg == "-h") {
            cmd.help = true;
        } else {
            cmd.error = "unknown option " + std::string(arg);
        }
    }
    if (cmd.opts.files.empty()) cmd.opts.files.emplace_back("-");
    return cmd;
}

// ---------------------------------------------------------------------------------------------
// Reading input
// ---------------------------------------------------------------------------------------------

struct input {
    std::string bytes;
    std::string error;  // why the file could not be read; empty on success
};

// stdio rather than iostreams: ferror() reports what a failed read really was (EISDIR, EIO),
// where an ifstream on a directory opens fine and then just looks empty.
input read_stream(std::FILE* file) {
    input in;
    char buffer[65536];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) in.bytes.append(buffer, n);
    if (std::ferror(file) != 0) in.error = std::strerror(errno);
    return in;
}

input read_input(const std::string& name) {
    if (name == "-") return read_stream(stdin);
    std::FILE* file = std::fopen(name.c_str(), "rb");
    if (file == nullptr) return {{}, std::strerror(errno)};
    input in = read_stream(file);
    std::fclose(file);
    return in;
}

// ---------------------------------------------------------------------------------------------
// Hex text
// ---------------------------------------------------------------------------------------------

bool is_blank(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// Blank lines separate nothing and '#' lines describe the message below them (see
// tests/vectors/demo-messages.hex), so neither is a message.
bool is_message_line(std::string_view line) {
    for (const char c : line) {
        if (!is_blank(c)) return c != '#';
    }
    return false;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Whitespace anywhere is ignored so that hex can be pasted as RFCs print it ("00 01 00 58").
std::optional<std::vector<std::uint8_t>> decode_hex(std::string_view text) {
    std::vector<std::uint8_t> bytes;
    int high = -1;  // the first digit of a byte, while waiting for the second
    for (const char c : text) {
        if (is_blank(c)) continue;
        const int digit = hex_digit(c);
        if (digit < 0) return std::nullopt;
        if (high < 0) {
            high = digit;
        } else {
            bytes.push_back(static_cast<std::uint8_t>(high * 16 + digit));
            high = -1;
        }
    }
    if (high >= 0) return std::nullopt;  // an odd number of digits
    return bytes;
}

std::string to_hex(bytes_view bytes) {
    constexpr std::string_view digits = "0123456789abcdef";
    std::string out;
    out.reserve(2 * bytes.size());
    for (const std::uint8_t b : bytes) {
        out += digits[b >> 4U];
        out += digits[b & 0x0FU];
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Attribute values: one overload set, keyed on the tag and the codec's value type
// ---------------------------------------------------------------------------------------------

json hex_json(bytes_view raw) { return {{"hex", to_hex(raw)}}; }

const char* family_name(stunkit::address_family family) {
    return family == stunkit::address_family::ipv4 ? "IPv4" : "IPv6";
}

json address_json(const stunkit::transport_address& a) {
    char text[INET6_ADDRSTRLEN] = {};
    const int af = a.address.is_v4() ? AF_INET : AF_INET6;
    // inet_ntop cannot fail for AF_INET/AF_INET6 with a buffer this size.
    inet_ntop(af, a.address.bytes().data(), text, sizeof text);
    return {{"family", family_name(a.address.family())}, {"address", text}, {"port", a.port}};
}

// Fallback: values without a friendlier shape (MACs, FINGERPRINT, tokens, flags, PADDING,
// password algorithms, ICMP, ...) are shown as their wire bytes. The value still had to
// decode, so a malformed one is reported as an error rather than silently shown as hex.
template <class Tag, class Value>
json value_json(Tag, const Value&, bytes_view raw) {
    return hex_json(raw);
}

// By value type: every attribute whose codec yields the type gets the same shape.
template <class Tag>
json value_json(Tag, const stunkit::transport_address& address, bytes_view) {
    return address_json(address);  // XOR attributes arrive already un-XORed
}
template <class Tag>
json value_json(Tag, std::string_view text, bytes_view) {
    return {{"text", std::string(text)}};  // the codec checked it is UTF-8
}
template <class Tag>
json value_json(Tag, const attr::error_code_value& error, bytes_view) {
    return {{"code", error.code}, {"reason", std::string(error.reason)}};
}
template <class Tag>
json value_json(Tag, const attr::attribute_type_list& types, bytes_view) {
    json list = json::array();
    for (const std::uint16_t type : types) list.push_back(type);
    return {{"types", list}};
}
template <class Tag>
json value_json(Tag, const attr::change_request_value& change, bytes_view) {
    return {{"change_ip", change.change_ip}, {"change_port", change.change_port}};
}
template <class Tag>
json value_json(Tag, stunkit::address_family family, bytes_view) {
    return {{"family", family_name(family)}};
}

// By tag: plain integers, flags and bytes whose meaning depends on the attribute. Exact
// non-template matches win over the templates above.
json value_json(attr::priority, std::uint32_t priority, bytes_view) { return {{"priority", priority}}; }
json value_json(turn::lifetime, std::uint32_t seconds, bytes_view) { return {{"seconds", seconds}}; }
json value_json(turn::channel_number, std::uint16_t channel, bytes_view) { return {{"channel", channel}}; }
json value_json(turn::requested_transport, std::uint8_t protocol, bytes_view) {
    return {{"protocol", protocol}};
}
json value_json(turn::even_port, bool reserve_next, bytes_view) { return {{"reserve_next", reserve_next}}; }
json value_json(turn::data, bytes_view data, bytes_view) { return {{"length", data.size()}}; }
// The codec accepted exactly 8 bytes, so the wire bytes are the 64-bit value, big-endian.
json value_json(attr::ice_controlling, std::uint64_t, bytes_view raw) { return {{"tie_breaker", to_hex(raw)}}; }
json value_json(attr::ice_controlled, std::uint64_t, bytes_view raw) { return {{"tie_breaker", to_hex(raw)}}; }

struct decoded_value {
    json value;                         // null when the value does not decode
    std::optional<stunkit::errc> error;
};

// Decodes one attribute instance with its tag's codec. message_view::get<Tag>() decodes only
// the first counting instance, but a dump shows every instance (repeats, ignored ones).
decoded_value decode_value(const stunkit::attribute& a, const stunkit::message_view& message) {
    decoded_value out{hex_json(a.value), std::nullopt};  // types stunkit does not know stay hex
    stunkit::visit_attribute_tag(a.type, [&](auto tag) {
        using Tag = decltype(tag);
        const auto value = message.decode<Tag>(a);
        if (value) {
            out = {value_json(tag, *value, a.value), std::nullopt};
        } else {
            out = {json(nullptr), value.error()};
        }
    });
    return out;
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

json invalid_json(std::string_view error) { return {{"kind", "invalid"}, {"error", std::string(error)}}; }

// Unknown attribute types print "name":null rather than a made-up name, so a consumer can
// tell "stunkit has no codec for this" from a registered name.
json attribute_json(const stunkit::message_view& view, const stunkit::attribute& a) {
    const std::string_view name = stunkit::attribute_name(a.type);
    const decoded_value decoded = decode_value(a, view);
    json out = {{"type", a.type},
                {"name", name.empty() ? json(nullptr) : json(std::string(name))},
                {"length", a.value.size()},
                {"value", decoded.value}};
    if (decoded.error) out["error"] = std::string(stunkit::to_string(*decoded.error));
    // RFC 8489 §14.5, §14.6: shown, because a dump must not hide bytes, but flagged.
    if (view.is_ignored(a)) out["ignored"] = true;
    return out;
}

// The key of one message (RFC 8489 §9.1.1, §9.2.2): the password itself, or the long-term key,
// whose hash is SHA-256 when the message names it in PASSWORD-ALGORITHM and MD5 otherwise
// (RFC 5389 knew only MD5).
stunkit::integrity_key key_for(const stunkit::message_view& message, const credentials& c) {
    if (!c.long_term) return stunkit::integrity_key(std::string_view(c.password));
    const auto named = message.get<attr::password_algorithm>();
    const std::uint16_t algorithm = named && named->algorithm == attr::password_algorithm_id::sha256
                                        ? attr::password_algorithm_id::sha256
                                        : attr::password_algorithm_id::md5;
    // Both algorithms are built in, so this cannot fail.
    const auto key = stunkit::long_term_key(algorithm, c.username, c.realm, c.password);
    return stunkit::integrity_key(key->view());
}

// The verdicts of the integrity checks: nullopt means "not checked". A MAC is checked only
// with a key; a wrong-sized one is simply invalid. FINGERPRINT needs no key.
std::optional<bool> fingerprint_valid(const stunkit::message_view& message, const stunkit::attribute&) {
    return stunkit::verify_fingerprint(message).has_value();
}
std::optional<bool> mac_valid(const stunkit::message_view& message, const stunkit::attribute& mac,
                              const options& opts) {
    if (!opts.key) return std::nullopt;
    const stunkit::integrity_key key = key_for(message, *opts.key);
    if (mac.type == attr::message_integrity::type) return stunkit::verify_message_integrity(message, key).has_value();
    return stunkit::verify_message_integrity_sha256(message, key).has_value();
}

// "present" means present and counting: a MESSAGE-INTEGRITY that parse() ignores (it follows
// MESSAGE-INTEGRITY-SHA256) is not present here, though it is listed, flagged, in attributes.
template <class Verify>
json check_json(const stunkit::result<stunkit::attribute>& found, Verify verify) {
    std::optional<bool> valid;
    if (found) valid = verify(*found);
    return {{"present", found.has_value()}, {"valid", valid ? json(*valid) : json(nullptr)}};
}

std::string method_json_name(stunkit::method method) {
    std::string name(stunkit::method_name(method));  // one place for names: the registry
    if (name.empty()) return "unknown";
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return name;
}

std::string transaction_id_hex(const stunkit::message_view& view) {
    if (view.legacy()) return to_hex(view.legacy_transaction_id().bytes);  // RFC 3489: 128 bits
    return to_hex(view.transaction_id().bytes);
}

json message_json(const stunkit::message_view& view, const options& opts) {
    json attributes = json::array();
    for (const stunkit::attribute a : view.all_attributes()) attributes.push_back(attribute_json(view, a));
    const auto verify_mac = [&](const stunkit::attribute& mac) { return mac_valid(view, mac, opts); };
    const auto verify_fingerprint = [&](const stunkit::attribute& fp) { return fingerprint_valid(view, fp); };
    return {{"kind", "stun"},
            {"class", std::string(stunkit::class_name(view.klass()))},
            {"method", method_json_name(view.method())},
            {"method_code", static_cast<unsigned>(view.method())},
            {"transaction_id", transaction_id_hex(view)},
            {"legacy", view.legacy()},
            {"length", view.header().length()},
            {"attributes", attributes},
            {"integrity", check_json(view.message_integrity(), verify_mac)},
            {"integrity_sha256", check_json(view.message_integrity_sha256(), verify_mac)},
            {"fingerprint", check_json(view.fingerprint(), verify_fingerprint)}};
}

json channel_data_json(bytes_view datagram) {
    const auto frame = turn::parse_channel_data(datagram);
    if (!frame) return invalid_json(stunkit::to_string(frame.error()));
    return {{"kind", "channeldata"}, {"channel", frame->channel}, {"length", frame->data.size()}};
}

json stun_json(bytes_view datagram, const options& opts) {
    stunkit::parse_options parse_opts;
    parse_opts.allow_legacy = opts.legacy;
    const auto view = stunkit::parse(datagram, parse_opts);
    if (!view) return invalid_json(stunkit::to_string(view.error()));
    return message_json(*view, opts);
}

// Top bits 01 mean ChannelData (RFC 8656 §12: channels 0x4000-0x7FFF, the RFC 5766 range
// coturn still uses). classify() follows RFC 7983 and calls only 0x40-0x4F ChannelData, which
// would turn 0x5000-0x7FFF frames into unparsable STUN. Everything else goes to parse(),
// which explains what is wrong with it (not_stun, too_short, ...).
json datagram_json(bytes_view datagram, const options& opts) {
    if (!datagram.empty() && (datagram[0] >> 6U) == 1U) return channel_data_json(datagram);
    return stun_json(datagram, opts);
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

void print(const json& line) {
    // Text values are validated UTF-8, so "replace" never fires; it only makes sure no input can
    // make dump() throw.
    std::cout << line.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
}

bytes_view as_bytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

void dump_hex_text(std::string_view text, const options& opts) {
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (!is_message_line(line)) continue;
        const auto bytes = decode_hex(line);
        print(bytes ? datagram_json(*bytes, opts) : invalid_json("bad_hex"));
    }
}

void dump_input(const std::string& content, const options& opts) {
    if (opts.hex) {
        dump_hex_text(content, opts);
    } else {
        print(datagram_json(as_bytes(content), opts));
    }
}

int run(const options& opts) {
    int status = 0;
    for (const std::string& name : opts.files) {
        const input in = read_input(name);
        if (!in.error.empty()) {
            std::cerr << "stunkit-dump: " << (name == "-" ? "standard input" : name) << ": " << in.error << '\n';
            status = 2;  // reported at the end; the other files still get dumped
            continue;
        }
        dump_input(in.bytes, opts);
    }
    std::cout.flush();
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    const command_line cmd = parse_command_line(argc, argv);
    if (cmd.help) {
        std::cout << usage_text;
        return 0;
    }
    if (!cmd.error.empty()) {
        std::cerr << "stunkit-dump: " << cmd.error << '\n' << usage_text;
        return 2;
    }
    // No input can make the code above throw; this only turns an out-of-memory into a message.
    try {
        return run(cmd.opts);
    } catch (const std::exception& e) {
        std::cerr << "stunkit-dump: " << e.what() << '\n';
        return 1;
    }
}
