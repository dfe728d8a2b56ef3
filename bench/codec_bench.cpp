// Wire-codec benchmarks: parse the RFC 5769 sample request (§2.1) and look at every
// attribute, and build a Binding success response. Heap allocations per operation are
// counted by replacing the global allocation functions and reported as a counter.
#include <stunkit/stunkit.hpp>

#include "rfc5769_request.hpp"

#include <benchmark/benchmark.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace {

std::atomic<std::uint64_t> allocations{0};

using bench::sample_request;

// Reports how many heap allocations one iteration made, on average.
class allocation_counter {
public:
    explicit allocation_counter(benchmark::State& state) : state_(state), start_(allocations.load()) {}
    ~allocation_counter() {
        const auto made = allocations.load() - start_;
        state_.counters["allocs/op"] = benchmark::Counter(static_cast<double>(made),
                                                          benchmark::Counter::kAvgIterations);
    }
    allocation_counter(const allocation_counter&) = delete;
    allocation_counter& operator=(const allocation_counter&) = delete;

private:
    benchmark::State& state_;
    std::uint64_t start_;
};

// (a) in the performance plan: parse and find every attribute the request carries.
void parse_sample_request(benchmark::State& state) {
    using namespace stunkit;
    const bytes_view datagram(sample_request);
    allocation_counter counter(state);
    for (auto _ : state) {
        benchmark::DoNotOptimize(datagram.data());
        const auto message = parse(datagram);
        if (!message) state.SkipWithError("parse failed");
        const auto software = message->get<attr::software>();
        const auto priority = message->get<attr::priority>();
        const auto controlled = message->get<attr::ice_controlled>();
        const auto user = message->get<attr::username>();
        const auto integrity = message->message_integrity();
        const auto fingerprint = message->get<attr::fingerprint>();
        benchmark::DoNotOptimize(software);
        benchmark::DoNotOptimize(priority);
        benchmark::DoNotOptimize(controlled);
        benchmark::DoNotOptimize(user);
        benchmark::DoNotOptimize(integrity);
        benchmark::DoNotOptimize(fingerprint);
    }
}
BENCHMARK(parse_sample_request);

// Structure validation alone, the cost every received datagram pays.
void parse_only(benchmark::State& state) {
    const stunkit::bytes_view datagram(sample_request);
    allocation_counter counter(state);
    for (auto _ : state) {
        benchmark::DoNotOptimize(datagram.data());
        auto message = stunkit::parse(datagram);
        benchmark::DoNotOptimize(message);
    }
}
BENCHMARK(parse_only);

// Iterate every attribute once.
void iterate_attributes(benchmark::State& state) {
    const auto message = *stunkit::parse(stunkit::bytes_view(sample_request));
    allocation_counter counter(state);
    for (auto _ : state) {
        std::uint32_t sum = 0;
        for (const auto a : message.attributes()) sum += a.type;
        benchmark::DoNotOptimize(sum);
    }
}
BENCHMARK(iterate_attributes);

// A Binding success response with XOR-MAPPED-ADDRESS and SOFTWARE (no integrity yet).
void build_binding_response(benchmark::State& state) {
    using namespace stunkit;
    const transaction_id id{{0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae}};
    const transport_address mapped{ip_address::v4(192, 0, 2, 1), 32853};
    allocation_counter counter(state);
    for (auto _ : state) {
        static_message<128> response({method::binding, message_class::success_response}, id);
        response.add<attr::xor_mapped_address>(mapped).add<attr::software>("stunkit");
        auto bytes = response.finish();
        benchmark::DoNotOptimize(bytes);
    }
}
BENCHMARK(build_binding_response);

}  // namespace

// Counting replacements of the global allocation functions: the library must never call them.
// Kept out of line so GCC's -Wmismatched-new-delete does not pair malloc with free across them.
[[gnu::noinline]] void* operator new(std::size_t size) {
    allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return operator new(size); }
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

BENCHMARK_MAIN();
