// Proves that the wire codec never touches the heap (ARCHITECTURE.md: "Heap allocation in the
// library" is never allowed): every global operator new/delete is replaced by a counting one,
// and so are malloc/calloc/realloc/free where that can be done safely, and the whole codec
// runs with counting on.
//
// The replacements apply to the whole test binary. They forward to malloc/free and count only
// while `counting` is set on the current thread, so the rest of the test suite is unaffected.
#include <stunkit/stunkit.hpp>

#include <catch2/catch.hpp>

#include "vectors.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>
#include <string_view>
#include <vector>

// ---------------------------------------------------------------------------------------------
// Counting allocation functions
// ---------------------------------------------------------------------------------------------

// Sanitizers (ASan, TSan, MSan, HWASan) interpose malloc themselves: replacing it too would
// fight their runtime, so only operator new/delete are counted there.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define STUNKIT_TEST_SANITIZED_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer) || __has_feature(hwaddress_sanitizer)
#define STUNKIT_TEST_SANITIZED_MALLOC 1
#endif
#endif

// malloc can be replaced robustly only on glibc, which exports its allocator under the
// __libc_* names to forward to.
#if defined(__GLIBC__) && !defined(STUNKIT_TEST_SANITIZED_MALLOC)
#define STUNKIT_TEST_COUNT_MALLOC 1
#else
#define STUNKIT_TEST_COUNT_MALLOC 0
#endif

namespace {
// thread_local: allocations made by other threads never count. Constant-initialised, so
// reading them from inside malloc needs no allocation.
thread_local bool counting = false;
thread_local std::size_t new_calls = 0;
thread_local std::size_t malloc_calls = 0;

// Counts only while counting is on; the allocation itself goes to malloc below.
void* counted_new(std::size_t size) noexcept {
    if (counting) ++new_calls;
    return std::malloc(size == 0 ? 1 : size);
}
void* counted_aligned_new(std::size_t size, std::align_val_t alignment) noexcept {
    if (counting) ++new_calls;
    std::size_t align = static_cast<std::size_t>(alignment);
    if (align < sizeof(void*)) align = sizeof(void*);
    void* p = nullptr;
    if (posix_memalign(&p, align, size == 0 ? 1 : size) != 0) return nullptr;
    return p;
}
}  // namespace

void* operator new(std::size_t size) {
    void* p = counted_new(size);
    if (p == nullptr) throw std::bad_alloc();
    return p;
}
void* operator new[](std::size_t size) {
    void* p = counted_new(size);
    if (p == nullptr) throw std::bad_alloc();
    return p;
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return counted_new(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return counted_new(size); }
void* operator new(std::size_t size, std::align_val_t alignment) {
    void* p = counted_aligned_new(size, alignment);
    if (p == nullptr) throw std::bad_alloc();
    return p;
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
    void* p = counted_aligned_new(size, alignment);
    if (p == nullptr) throw std::bad_alloc();
    return p;
}
void* operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
    return counted_aligned_new(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
    return counted_aligned_new(size, alignment);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

#if STUNKIT_TEST_COUNT_MALLOC
// glibc lets a program replace malloc by defining malloc, free, calloc and realloc; forwarding
// to glibc's own allocator under its __libc_* names keeps every pointer compatible with the
// functions not replaced here (memalign, posix_memalign...), which free() below releases.
extern "C" {
void* __libc_malloc(std::size_t size);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* p, std::size_t size);
void __libc_free(void* p);

void* malloc(std::size_t size) noexcept {
    if (counting) ++malloc_calls;
    return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) noexcept {
    if (counting) ++malloc_calls;
    return __libc_calloc(count, size);
}
void* realloc(void* p, std::size_t size) noexcept {
    if (counting) ++malloc_calls;
    return __libc_realloc(p, size);
}
void free(void* p) noexcept { __libc_free(p); }
}
#endif

namespace {

using namespace stunkit;

/** Counts allocations between construction and stop(); never allocates itself. */
class allocation_scope {
public:
    allocation_scope() noexcept {
        new_calls = 0;
        malloc_calls = 0;
        counting = true;
    }
    ~allocation_scope() { counting = false; }
    allocation_scope(const allocation_scope&) = delete;
    allocation_scope& operator=(const allocation_scope&) = delete;
    void stop() noexcept { counting = false; }
    std::size_t news() const noexcept { return new_calls; }
    std::size_t mallocs() const noexcept { return malloc_calls; }
};

// Keeps results observable so the optimiser cannot drop the work being measured.
volatile std::uint64_t sink = 0;
void* volatile pointer_sink = nullptr;

constexpr transaction_id rfc_id = {
    {0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae}};

// get<Tag>() for every built-in tag; returns how many were present and valid.
template <class... Tags>
std::size_t get_every_tag(const message_view& m, type_list<Tags...>) noexcept {
    std::size_t found = 0;
    ((found += m.get<Tags>().has_value() ? 1U : 0U), ...);
    return found;
}

// Decodes every attribute with the tag registered for its type; returns how many decoded.
std::size_t decode_every_attribute(const message_view& m) noexcept {
    std::size_t decoded = 0;
    for (const attribute a : m.all_attributes()) {
        visit_attribute_tag(a.type, [&](auto tag) {
            using Tag = decltype(tag);
            if (m.get<Tag>().has_value()) ++decoded;
        });
        sink = sink + a.type + a.value.size() + (m.is_ignored(a) ? 1U : 0U);
    }
    return decoded;
}

struct walk_result {
    std::size_t attributes = 0;
    std::size_t every_tag = 0;
    std::size_t decoded = 0;
    std::size_t unknown = 0;
};

walk_result walk(const message_view& m) noexcept {
    walk_result r;
    for (const attribute a : m.attributes()) {
        ++r.attributes;
        sink = sink + a.offset;
    }
    r.every_tag = get_every_tag(m, builtin_attributes{});
    r.decoded = decode_every_attribute(m);
    r.unknown = unknown_comprehension_required(m).count();
    const std::array<std::uint16_t, 2> also_known = {0x0030, 0x7FFF};
    r.unknown += unknown_comprehension_required(m, also_known).count();
    r.unknown += m.attributes_where([](const attribute& a) { return a.type == 0x0030; }).count();
    sink = sink + m.all_of(attr::software::type).count() + m.type().encode() +
           m.transaction_id().bytes[0];
    if (const auto software = m.get<attr::software>()) sink = sink + software->size();
    if (const auto list = m.get<attr::unknown_attributes>()) {
        for (const std::uint16_t t : *list) sink = sink + t;
    }
    if (const auto algorithms = m.get<attr::password_algorithms>()) {
        for (const attr::password_algorithm_value v : *algorithms)
            sink = sink + v.algorithm + v.parameters.size();
    }
    if (const auto error = m.get<attr::error_code>())
        sink = sink + error->code + error->reason.size();
    return r;
}

// Adds every built-in attribute once, MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT last.
void add_everything(message_builder& b) noexcept {
    static constexpr std::array<std::uint8_t, 32> b32 = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                                         12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                                                         23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
    static constexpr std::array<std::uint16_t, 2> unknown = {0x0030, 0x7FFF};
    const bytes_view bytes(b32);
    const std::array<attr::password_algorithm_value, 2> algorithms = {
        {{0x0001, {}}, {0x0002, bytes.first(3)}}};
    const transport_address v4{ip_address::v4(192, 0, 2, 1), 32853};
    const transport_address v6{ip_address::v6({0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56, 0x78, 0x00,
                                               0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77}),
                               32853};
    b.add<attr::mapped_address>(v4)
        .add<attr::response_address>(v6)
        .add<attr::change_request>(attr::change_request_value{true, false})
        .add<attr::source_address>(v4)
        .add<attr::changed_address>(v4)
        .add<attr::username>(std::string_view("evtj:h6vY"))
        .add<attr::password>(bytes.first(8))
        .add<attr::error_code>(attr::error_code_value{420, "Unknown Attribute"})
        .add<attr::unknown_attributes>(unknown)
        .add<attr::reflected_from>(v4)
        .add<turn::channel_number>(std::uint16_t{0x4001})
        .add<turn::lifetime>(std::uint32_t{600})
        .add<turn::xor_peer_address>(v6)
        .add<turn::data>(bytes.first(5))
        .add<attr::realm>(std::string_view("example.org"))
        .add<attr::nonce>(std::string_view("f//499k954d6OL34oL9FSTvy64sA"))
        .add<turn::xor_relayed_address>(v4)
        .add<turn::requested_address_family>(address_family::ipv4)
        .add<turn::even_port>(true)
        .add<turn::requested_transport>(turn::protocol::udp)
        .add<turn::dont_fragment>()
        .add<attr::password_algorithm>(algorithms[1])
        .add<attr::userhash>(bytes)
        .add<attr::xor_mapped_address>(v6)
        .add<turn::reservation_token>(bytes.first(8))
        .add<attr::priority>(std::uint32_t{0x6e0001ff})
        .add<attr::use_candidate>()
        .add<attr::padding>(bytes.first(7))
        .add<attr::response_port>(std::uint16_t{3478})
        .add<turn::connection_id>(std::uint32_t{42})
        .add<turn::additional_address_family>(address_family::ipv6)
        .add<turn::address_error_code>(
            turn::address_error_code_value{address_family::ipv6, 440, "nope"})
        .add<attr::password_algorithms>(algorithms)
        .add<attr::alternate_domain>(std::string_view("alt.example.org"))
        .add<turn::icmp>(turn::icmp_value{3, 4, 1400})
        .add<attr::software>(std::string_view("STUN test client"))
        .add<attr::alternate_server>(v4)
        .add<attr::ice_controlled>(std::uint64_t{0x932ff9b151263b36})
        .add<attr::ice_controlling>(std::uint64_t{2})
        .add<attr::response_origin>(v4)
        .add<attr::other_address>(v6)
        .add_raw(0x0030, bytes.first(2))  // unknown, comprehension-required
        .add<attr::message_integrity>(bytes.first(20))
        .add<attr::message_integrity_sha256>(bytes)
        .add<attr::fingerprint>(std::uint32_t{0xe57a3bcf});
}

}  // namespace

TEST_CASE("the counters see allocations (positive control)", "[allocation][control]") {
    std::size_t news = 0;
    std::size_t mallocs = 0;
    {
        allocation_scope scope;
        pointer_sink = ::operator new(16);
        ::operator delete(pointer_sink);
        pointer_sink = ::operator new[](16);
        ::operator delete[](pointer_sink);
        pointer_sink = ::operator new(16, std::nothrow);
        ::operator delete(pointer_sink, std::nothrow);
        pointer_sink = ::operator new (64, std::align_val_t{64});
        ::operator delete (pointer_sink, std::align_val_t{64});
        pointer_sink = ::operator new[](64, std::align_val_t{128}, std::nothrow);
        ::operator delete[](pointer_sink, std::align_val_t{128}, std::nothrow);
        scope.stop();
        news = scope.news();
    }
    CHECK(news == 5);
    CHECK((reinterpret_cast<std::uintptr_t>(pointer_sink) & 127U) == 0);

    {
        allocation_scope scope;
        pointer_sink = std::malloc(16);
        pointer_sink = std::realloc(pointer_sink, 32);
        std::free(pointer_sink);
        pointer_sink = std::calloc(4, 4);
        std::free(pointer_sink);
        scope.stop();
        mallocs = scope.mallocs();
    }
#if STUNKIT_TEST_COUNT_MALLOC
    CHECK(mallocs == 3);
#else
    CHECK(mallocs == 0);
    WARN(
        "malloc/calloc/realloc are not counted in this build (sanitizer or non-glibc); operator "
        "new is");
#endif

    {
        allocation_scope scope;
        std::vector<int> v(100);
        sink = sink + static_cast<std::uint64_t>(v[50]);
        scope.stop();
        news = scope.news();
    }
    CHECK(news == 1);
}

TEST_CASE("parsing and reading the RFC 5769 vectors allocates nothing", "[allocation][parse]") {
    // Loading the files allocates; it happens before counting starts.
    const std::vector<std::vector<std::uint8_t>> vectors = {
        test_vectors::rfc5769_request(), test_vectors::rfc5769_ipv4_response(),
        test_vectors::rfc5769_ipv6_response(), test_vectors::rfc5769_long_term_request()};
    std::array<walk_result, 4> results{};
    std::array<bool, 4> parsed{};
    std::size_t failures = 0;
    std::size_t news = 0;
    std::size_t mallocs = 0;
    {
        allocation_scope scope;
        for (std::size_t i = 0; i < vectors.size(); ++i) {
            const bytes_view bytes(vectors[i].data(), vectors[i].size());
            const auto m = parse(bytes);
            parsed[i] = m.has_value();
            if (m) results[i] = walk(*m);
            // Error paths too: every truncation of the vector.
            for (std::size_t n = 0; n < bytes.size(); ++n) {
                if (!parse(bytes.first(n))) ++failures;
            }
            parse_options legacy;
            legacy.allow_legacy = true;
            if (const auto again = parse(bytes, legacy)) sink = sink + (again->legacy() ? 1U : 0U);
        }
        scope.stop();
        news = scope.news();
        mallocs = scope.mallocs();
    }
    CHECK(news == 0);
    CHECK(mallocs == 0);
    CHECK(parsed == std::array<bool, 4>{true, true, true, true});
    CHECK(failures == 108 + 80 + 92 + 116);
    // §2.1: SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, MESSAGE-INTEGRITY, FINGERPRINT.
    CHECK(results[0].attributes == 6);
    CHECK(results[0].every_tag == 6);
    CHECK(results[0].decoded == 6);
    CHECK(results[0].unknown == 0);
    // §2.2, §2.3: SOFTWARE, XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY, FINGERPRINT.
    CHECK(results[1].every_tag == 4);
    CHECK(results[2].every_tag == 4);
    // §2.4: USERNAME, NONCE, REALM, MESSAGE-INTEGRITY.
    CHECK(results[3].every_tag == 4);
    CHECK(results[3].decoded == 4);
}

TEST_CASE("building every attribute allocates nothing", "[allocation][build]") {
    std::size_t news = 0;
    std::size_t mallocs = 0;
    bool built = false;
    bool static_built = false;
    walk_result from_builder{};
    walk_result from_static{};
    std::size_t size = 0;
    std::array<errc, 6> errors{};
    {
        allocation_scope scope;
        std::array<std::uint8_t, 1024> buffer{};
        message_builder b(buffer, {method::allocate, message_class::success_response}, rfc_id);
        add_everything(b);
        if (const auto done = b.finish()) {
            built = true;
            size = done->size();
            if (const auto m = parse(*done)) from_builder = walk(*m);
        }

        static_message<1024> s(message_type{method::allocate, message_class::success_response},
                               rfc_id);
        add_everything(s);
        if (const auto done = s.finish()) {
            static_built = true;
            if (const auto m = parse(*done)) from_static = walk(*m);
        }

        // Failure paths: too small at construction, full mid-way, codec errors, too large.
        static_message<20> tiny(message_type{method::binding, message_class::request}, rfc_id);
        tiny.add<attr::priority>(std::uint32_t{1});
        errors[0] = tiny.finish().error();
        std::array<std::uint8_t, 10> too_small{};
        message_builder none(too_small, {method::binding, message_class::request}, rfc_id);
        add_everything(none);
        errors[1] = none.finish().error();
        static_message<64> bad_channel(message_type{method::channel_bind, message_class::request},
                                       rfc_id);
        bad_channel.add<turn::channel_number>(std::uint16_t{0x3FFF});
        errors[2] = bad_channel.finish().error();
        static_message<64> bad_text(message_type{method::binding, message_class::request}, rfc_id);
        bad_text.add<attr::username>(std::string_view("\xED\xA0\x80"));
        errors[3] = bad_text.finish().error();
        static_message<64> legacy(message_type{method::binding, message_class::request},
                                  legacy_transaction_id{});
        legacy.add<attr::change_request>(attr::change_request_value{true, true});
        sink = sink + legacy.size();
        static_message<64> big(message_type{method::binding, message_class::request}, rfc_id);
        static_cast<void>(big.append(0x8030, 70000));
        errors[4] = big.finish().error();
        static_message<64> bad_code(message_type{method::binding, message_class::error_response},
                                    rfc_id);
        bad_code.add<attr::error_code>(attr::error_code_value{700, ""});
        errors[5] = bad_code.finish().error();

        scope.stop();
        news = scope.news();
        mallocs = scope.mallocs();
    }
    CHECK(news == 0);
    CHECK(mallocs == 0);
    REQUIRE(built);
    REQUIRE(static_built);
    CHECK(size > 500);
    // Every built-in tag is present and decodes; the extra 0x0030 is the one unknown.
    CHECK(from_builder.attributes == 45);
    CHECK(from_builder.every_tag == 44);
    CHECK(from_builder.decoded == 44);
    CHECK(from_builder.unknown == 1 + 0 + 1);
    CHECK(from_static.every_tag == 44);
    CHECK(errors == std::array<errc, 6>{errc::no_space, errc::no_space, errc::bad_channel_number,
                                        errc::invalid_utf8, errc::value_too_large,
                                        errc::bad_error_code});
}

TEST_CASE("ChannelData, framing and the lookup tables allocate nothing", "[allocation][framing]") {
    const std::vector<std::uint8_t> stun = test_vectors::rfc5769_request();
    std::size_t news = 0;
    std::size_t mallocs = 0;
    std::array<bool, 4> ok{};
    std::size_t channel_bytes = 0;
    std::size_t frame_size = 0;
    std::size_t kinds = 0;
    {
        allocation_scope scope;
        const std::array<std::uint8_t, 5> payload = {'h', 'e', 'l', 'l', 'o'};
        std::array<std::uint8_t, 16> out{};
        const auto padded = turn::build_channel_data(out, 0x4000, payload, true);
        ok[0] = padded.has_value();
        if (padded) {
            channel_bytes = padded->size();
            const auto view = turn::parse_channel_data(*padded);
            ok[1] = view.has_value() && view->channel == 0x4000 && view->data.size() == 5;
            const auto frame = next_frame(*padded);
            if (frame) frame_size = frame->size;
        }
        const auto unpadded = turn::build_channel_data(out, 0x4FFF, payload, false);
        ok[2] = unpadded.has_value() && turn::parse_channel_data(*unpadded).has_value();
        ok[3] = !turn::build_channel_data(out, 0x3FFF, payload, true).has_value() &&
                !turn::parse_channel_data(bytes_view(out.data(), 3)).has_value();
        const auto stun_frame = next_frame(bytes_view(stun.data(), stun.size()));
        if (stun_frame) frame_size += stun_frame->size;
        sink = sink + (next_frame(bytes_view(stun.data(), 2)).has_value() ? 1U : 0U);

        for (unsigned byte = 0; byte < 256; ++byte) {
            if (classify(static_cast<std::uint8_t>(byte)) != packet_kind::unknown) ++kinds;
        }
        sink = sink + static_cast<std::uint64_t>(classify(bytes_view(stun.data(), stun.size())));
        sink = sink + static_cast<std::uint64_t>(classify(bytes_view()));

        for (std::uint16_t type = 0; type < 0x100; ++type) {
            sink = sink + attribute_name(type).size() + (is_known_attribute(type) ? 1U : 0U);
            sink = sink + attribute_name(static_cast<std::uint16_t>(0x8000U + type)).size();
        }
        for (std::uint16_t m = 0; m < 16; ++m)
            sink = sink + method_name(static_cast<method>(m)).size();
        for (std::uint16_t code = 300; code < 700; ++code)
            sink = sink + default_reason(code).size();
        for (std::uint8_t e = 1; e < 40; ++e) {
            sink = sink + to_string(static_cast<errc>(e)).size() +
                   response_code_for(static_cast<errc>(e));
        }
        scope.stop();
        news = scope.news();
        mallocs = scope.mallocs();
    }
    CHECK(news == 0);
    CHECK(mallocs == 0);
    CHECK(ok == std::array<bool, 4>{true, true, true, true});
    CHECK(channel_bytes == 12);
    CHECK(frame_size == 12 + 108);
    // RFC 7983 §7: 0-3 STUN, 16-19 ZRTP, 20-63 DTLS, 64-79 ChannelData, 128-191 RTP/RTCP.
    CHECK(kinds == 4 + 4 + 44 + 16 + 64);
}
