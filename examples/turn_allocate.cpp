// turn_allocate: a small UDP TURN client. It performs the long-term credential Allocate
// exchange with a TURN server, checks the server's MESSAGE-INTEGRITY, prints the relayed and
// mapped addresses, and releases the allocation again.
//
//   turn_allocate [options] HOST PORT USERNAME PASSWORD
//
//   1. Allocate (REQUESTED-TRANSPORT UDP)             -> 401 with REALM and NONCE
//   2. Allocate with USERNAME, REALM, NONCE, MESSAGE-INTEGRITY, FINGERPRINT
//                                                     -> success, whose MESSAGE-INTEGRITY must
//                                                        verify with the same key
//   3. Refresh with LIFETIME 0 (same credentials)     -> success: the allocation is gone
//
// A 438 Stale Nonce answer is retried with the new NONCE (RFC 8489 §9.2.4). A server that
// offers PASSWORD-ALGORITHMS (RFC 8489 §9.2.4) gets MD5 if it offers it, else SHA-256, and its
// list echoed back. Each request is sent up to --tries times, waiting --timeout-ms for an
// answer after each (poll(), no sleeping); datagrams that are not the answer are skipped.
//
// Output, one "name: value" line each: realm, xor-relayed-address, xor-mapped-address,
// lifetime, then "released: yes". Exit status: 0 success; 1 the server did not answer, refused,
// or answered with a MESSAGE-INTEGRITY that does not verify; 2 bad command line.
//
// Sockets live here, in an example, never in include/: stunkit itself only builds and parses.
#include <stunkit/stunkit.hpp>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace {

using namespace stunkit;

constexpr const char* usage_text =
    "usage: turn_allocate [options] HOST PORT USERNAME PASSWORD\n"
    "Allocates a UDP relay on a TURN server with long-term credentials, prints the\n"
    "XOR-RELAYED-ADDRESS and XOR-MAPPED-ADDRESS, then releases it (Refresh, LIFETIME 0).\n"
    "\n"
    "  --timeout-ms N    wait per transmission (default 500)\n"
    "  --tries N         transmissions per request (default 5)\n"
    "  --keep            do not release the allocation\n"
    "  --no-fingerprint  send requests without FINGERPRINT\n"
    "  --help            this text\n";

struct options {
    std::string host, port, username, password;
    int timeout_ms = 500;
    int tries = 5;
    bool keep = false;
    bool fingerprint = true;
};

// What a 401 taught us: everything an authenticated request needs.
struct credentials {
    std::string realm;
    std::string nonce;
    std::uint16_t algorithm = attr::password_algorithm_id::md5;
    std::string offered_algorithms;  // PASSWORD-ALGORITHMS as received, echoed back; "" if none
    std::optional<integrity_key> key;
};

constexpr std::size_t max_datagram = 65536;

struct datagram {
    std::array<std::uint8_t, max_datagram> bytes{};
    std::size_t size = 0;
};

std::string address_text(const transport_address& a) {
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(a.address.is_v4() ? AF_INET : AF_INET6, a.address.bytes().data(), text, sizeof text);
    return a.address.is_v4() ? std::string(text) + ":" + std::to_string(a.port)
                             : "[" + std::string(text) + "]:" + std::to_string(a.port);
}

void report(std::string_view what) {
    std::fprintf(stderr, "turn_allocate: %.*s\n", static_cast<int>(what.size()), what.data());
}

std::string errc_text(errc e) { return std::string(to_string(e)); }

transaction_id random_transaction_id(std::random_device& device) {
    transaction_id id;
    for (auto& b : id.bytes) b = static_cast<std::uint8_t>(device());
    return id;
}

// A UDP socket connect()ed to the server, so only the server's datagrams reach it.
int open_socket(const options& opts) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const int rc = getaddrinfo(opts.host.c_str(), opts.port.c_str(), &hints, &found);
    if (rc != 0) {
        report("cannot resolve " + opts.host + ":" + opts.port + ": " + gai_strerror(rc));
        return -1;
    }
    int fd = -1;
    for (const addrinfo* ai = found; ai != nullptr && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(found);
    if (fd < 0)
        report("cannot open a UDP socket to " + opts.host + ":" + opts.port + ": " +
               std::strerror(errno));
    return fd;
}

// Sends `request` up to opts.tries times and returns the response with its transaction id,
// or nullopt (reported) when none came. Every wait is bounded: at most tries * (1 + strays)
// poll() calls of at most timeout_ms each.
std::optional<message_view> transact(int fd, const options& opts, bytes_view request,
                                     const transaction_id& id, datagram& in) {
    constexpr int max_strays_per_try = 16;  // unrelated datagrams tolerated while waiting
    for (int attempt = 0; attempt < opts.tries; ++attempt) {
        if (send(fd, request.data(), request.size(), 0) < 0) {
            report(std::string("send failed: ") + std::strerror(errno));
            return std::nullopt;
        }
        for (int stray = 0; stray <= max_strays_per_try; ++stray) {
            pollfd p{fd, POLLIN, 0};
            const int ready = poll(&p, 1, opts.timeout_ms);
            if (ready < 0 && errno == EINTR) continue;
            if (ready < 0) {
                report(std::string("poll failed: ") + std::strerror(errno));
                return std::nullopt;
            }
            if (ready == 0) break;  // timed out: retransmit (RFC 8489 §6.2.1)
            const ssize_t n = recv(fd, in.bytes.data(), in.bytes.size(), 0);
            if (n < 0) {
                // A connected UDP socket reports the ICMP port unreachable of an earlier send.
                report(std::string("no TURN server there: ") + std::strerror(errno));
                return std::nullopt;
            }
            in.size = static_cast<std::size_t>(n);
            const auto view = parse(bytes_view(in.bytes.data(), in.size));
            if (!view || view->transaction_id() != id) continue;  // not our answer
            if (view->klass() != message_class::success_response &&
                view->klass() != message_class::error_response) {
                continue;
            }
            return *view;
        }
    }
    report("no answer after " + std::to_string(opts.tries) + " tries of " +
           std::to_string(opts.timeout_ms) + " ms");
    return std::nullopt;
}

// Builds a request of `m` with the credentials (when known) and `add_body` attributes, signed
// and fingerprinted. `add_body(message_builder&)` adds the method's own attributes.
template <class AddBody>
result<bytes_view> build_request(message_builder& b, const options& opts, const credentials* creds,
                                 AddBody add_body) {
    add_body(b);
    b.add<attr::software>(std::string_view("stunkit turn_allocate example"));
    if (creds == nullptr) return opts.fingerprint ? add_fingerprint(b) : b.finish();
    b.add<attr::username>(std::string_view(opts.username));
    b.add<attr::realm>(std::string_view(creds->realm));
    b.add<attr::nonce>(std::string_view(creds->nonce));
    if (!creds->offered_algorithms.empty()) {
        // RFC 8489 §9.2.4: name the algorithm used and echo the server's list unchanged.
        b.add<attr::password_algorithm>(attr::password_algorithm_value{creds->algorithm, {}});
        b.add_raw(
            attr::password_algorithms::type,
            bytes_view(reinterpret_cast<const std::uint8_t*>(creds->offered_algorithms.data()),
                       creds->offered_algorithms.size()));
    }
    sealed_builder sealed = add_message_integrity(b, *creds->key);
    return opts.fingerprint ? sealed.add_fingerprint() : sealed.finish();
}

// Learns REALM, NONCE and the password algorithm from a 401 or 438 answer.
bool learn_credentials(const message_view& answer, const options& opts, credentials& creds) {
    const auto realm = answer.get<attr::realm>();
    const auto nonce = answer.get<attr::nonce>();
    if (!realm || !nonce) {
        report("the server's challenge lacks REALM or NONCE");
        return false;
    }
    creds.realm = std::string(*realm);
    creds.nonce = std::string(*nonce);
    creds.offered_algorithms.clear();
    creds.algorithm = attr::password_algorithm_id::md5;
    if (const auto offered = answer.get<attr::password_algorithms>()) {
        if (!offered->contains(attr::password_algorithm_id::md5)) {
            if (!offered->contains(attr::password_algorithm_id::sha256)) {
                report("the server offers no password algorithm stunkit knows");
                return false;
            }
            creds.algorithm = attr::password_algorithm_id::sha256;
        }
        const bytes_view raw = offered->bytes();
        creds.offered_algorithms.assign(reinterpret_cast<const char*>(raw.data()), raw.size());
    }
    const auto key = long_term_key(creds.algorithm, opts.username, creds.realm, opts.password);
    if (!key) {
        report("cannot derive the long-term key: " + errc_text(key.error()));
        return false;
    }
    // The digest is 16 or 32 bytes; saying so (never more than the array) also keeps GCC 12's
    // -Warray-bounds from imagining a key longer than an HMAC block inside the inlined HMAC.
    const long_term_key_bytes& digest = *key;
    creds.key.emplace(bytes_view(digest.bytes.data(), std::min(digest.size, digest.bytes.size())));
    return true;
}

// Checks the integrity of an answer to an authenticated request (RFC 8489 §9.2.5).
bool answer_verifies(const message_view& answer, const credentials* creds, std::string_view what) {
    if (answer.fingerprint()) {
        if (const auto fp = verify_fingerprint(answer); !fp) {
            report(std::string(what) + ": FINGERPRINT: " + errc_text(fp.error()));
            return false;
        }
    }
    if (creds == nullptr) return true;
    const auto mac = verify_message_integrity(answer, *creds->key);
    if (!mac) {
        report(std::string(what) + ": MESSAGE-INTEGRITY of the answer: " + errc_text(mac.error()));
        return false;
    }
    return true;
}

std::string error_text(const message_view& answer) {
    const auto error = answer.get<attr::error_code>();
    if (!error) return "an error response without a valid ERROR-CODE";
    return std::to_string(error->code) + " " + std::string(error->reason);
}

std::uint16_t error_code_of(const message_view& answer) {
    const auto error = answer.get<attr::error_code>();
    return error ? error->code : 0;
}

// Runs one authenticated transaction of `m`, retrying once per 401/438 with the new NONCE.
// On return `creds` holds the credentials that worked (or the unauthenticated state, nullopt
// realm, when the server asked for none).
template <class AddBody>
std::optional<message_view> authenticated(int fd, const options& opts, std::random_device& device,
                                          method m, std::optional<credentials>& creds, datagram& in,
                                          std::string_view what, AddBody add_body) {
    constexpr int max_challenges = 3;  // the first 401, then at most two stale nonces
    for (int round = 0; round <= max_challenges; ++round) {
        const transaction_id id = random_transaction_id(device);
        static_message<1024> request(message_type{m, message_class::request}, id);
        const auto bytes = build_request(request, opts, creds ? &*creds : nullptr, add_body);
        if (!bytes) {
            report(std::string(what) + ": building the request: " + errc_text(bytes.error()));
            return std::nullopt;
        }
        const auto answer = transact(fd, opts, *bytes, id, in);
        if (!answer) return std::nullopt;
        if (answer->klass() == message_class::success_response) {
            if (!answer_verifies(*answer, creds ? &*creds : nullptr, what)) return std::nullopt;
            return answer;
        }
        const std::uint16_t code = error_code_of(*answer);
        // 401 answers the first, credential-less request; 438 a nonce that went stale.
        const bool challenge = (code == 401 && !creds) || code == 438;
        if (!challenge) {
            report(std::string(what) + " refused: " + error_text(*answer));
            return std::nullopt;
        }
        credentials learned;
        if (!learn_credentials(*answer, opts, learned)) return std::nullopt;
        creds = std::move(learned);
    }
    report(std::string(what) + ": too many challenges");
    return std::nullopt;
}

bool parse_int(const char* text, int low, int high, int& out) {
    char* end = nullptr;
    const long v = std::strtol(text, &end, 10);
    if (*end != '\0' || v < low || v > high) return false;
    out = static_cast<int>(v);
    return true;
}

int run(const options& opts) {
    const int fd = open_socket(opts);
    if (fd < 0) return 1;
    std::random_device device;  // transaction ids: the kernel's CSPRNG on Linux
    static datagram in;         // 64 KiB: not on the stack
    std::optional<credentials> creds;

    const auto allocated = authenticated(
        fd, opts, device, method::allocate, creds, in, "Allocate",
        [](message_builder& b) { b.add<turn::requested_transport>(turn::protocol::udp); });
    if (!allocated) {
        close(fd);
        return 1;
    }
    const auto relayed = allocated->get<turn::xor_relayed_address>();
    const auto mapped = allocated->get<attr::xor_mapped_address>();
    const auto lifetime = allocated->get<turn::lifetime>();
    if (!relayed || !mapped) {
        report("the Allocate success response lacks XOR-RELAYED-ADDRESS or XOR-MAPPED-ADDRESS");
        close(fd);
        return 1;
    }
    std::printf("realm: %s\n",
                creds ? creds->realm.c_str() : "(none: the server asked for no credentials)");
    std::printf("xor-relayed-address: %s\n", address_text(*relayed).c_str());
    std::printf("xor-mapped-address: %s\n", address_text(*mapped).c_str());
    if (lifetime) std::printf("lifetime: %u\n", static_cast<unsigned>(*lifetime));
    std::fflush(stdout);

    int status = 0;
    if (!opts.keep) {
        // RFC 8656 §7.2: a Refresh with LIFETIME 0 deletes the allocation.
        const auto refreshed =
            authenticated(fd, opts, device, method::refresh, creds, in, "Refresh",
                          [](message_builder& b) { b.add<turn::lifetime>(std::uint32_t{0}); });
        if (refreshed) {
            std::printf("released: yes\n");
        } else {
            status = 1;
        }
    }
    close(fd);
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    options opts;
    int positional = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::fputs(usage_text, stdout);
            return 0;
        }
        bool ok = true;
        if (arg == "--keep") {
            opts.keep = true;
        } else if (arg == "--no-fingerprint") {
            opts.fingerprint = false;
        } else if (arg == "--timeout-ms" && i + 1 < argc) {
            ok = parse_int(argv[++i], 1, 60000, opts.timeout_ms);
        } else if (arg == "--tries" && i + 1 < argc) {
            ok = parse_int(argv[++i], 1, 100, opts.tries);
        } else if (!arg.empty() && arg[0] == '-') {
            ok = false;
        } else {
            std::string* fields[] = {&opts.host, &opts.port, &opts.username, &opts.password};
            if (positional < 4) {
                *fields[positional++] = std::string(arg);
            } else {
                ok = false;
            }
        }
        if (!ok) {
            std::fprintf(stderr, "turn_allocate: bad argument %s\n%s", argv[i], usage_text);
            return 2;
        }
    }
    if (positional != 4) {
        std::fprintf(stderr, "turn_allocate: need HOST PORT USERNAME PASSWORD\n%s", usage_text);
        return 2;
    }
    return run(opts);
}
