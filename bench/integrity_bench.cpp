// Integrity benchmarks against a floor measured in the same run (issue: integrity).
//
//   verify:  parse the RFC 5769 §2.1 request, check MESSAGE-INTEGRITY and FINGERPRINT.
//   build:   an ICE Binding request with USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE,
//            MESSAGE-INTEGRITY and FINGERPRINT.
//   floor:   OpenSSL's HMAC-SHA1 continued from saved inner and outer SHA_CTX states (the best
//            a verifier can do) over the same bytes, plus a slicing-by-8 CRC-32 over the bytes
//            FINGERPRINT covers.
// Each runs with stunkit's default crypto (SHA-NI where the CPU has it) and its portable code.
// OpenSSL picks SHA-NI itself; run with OPENSSL_ia32cap=":~0x20000000" for its portable floor.
#include <stunkit/stunkit.hpp>

#include "rfc5769_request.hpp"

#define OPENSSL_SUPPRESS_DEPRECATED  // SHA1_Init/Update/Final: plain structs, no allocation
#include <openssl/sha.h>

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <string_view>

namespace {

using namespace stunkit;

using bench::sample_request;
constexpr std::string_view password = bench::sample_password;
constexpr std::size_t integrity_offset = bench::sample_integrity_offset;
constexpr std::size_t fingerprint_offset = bench::sample_fingerprint_offset;

template <class Policy>
void verify_request(benchmark::State& state) {
    const basic_integrity_key<Policy> key(password);
    for (auto _ : state) {
        benchmark::DoNotOptimize(sample_request.data());
        const auto message = parse(bytes_view(sample_request));
        const bool ok = message && verify_message_integrity(*message, key) &&
                        verify_fingerprint<Policy>(*message);
        if (!ok) state.SkipWithError("the RFC 5769 request did not verify");
        benchmark::DoNotOptimize(ok);
    }
}
BENCHMARK_TEMPLATE(verify_request, crypto::default_policy)->Name("verify/stunkit_default");
BENCHMARK_TEMPLATE(verify_request, crypto::portable_policy)->Name("verify/stunkit_portable");

template <class Policy>
void build_ice_request(benchmark::State& state) {
    const basic_integrity_key<Policy> key(password);
    const transaction_id id{{0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae}};
    for (auto _ : state) {
        static_message<128> request({method::binding, message_class::request}, id);
        request.add<attr::username>("evtj:h6vY")
            .add<attr::priority>(0x6E0001FFU)
            .add<attr::ice_controlling>(0x932FF9B151263B36U)
            .add<attr::use_candidate>();
        const auto bytes = add_message_integrity(request, key).add_fingerprint();
        if (!bytes) state.SkipWithError("build failed");
        benchmark::DoNotOptimize(bytes);
    }
}
BENCHMARK_TEMPLATE(build_ice_request, crypto::default_policy)->Name("build/stunkit_default");
BENCHMARK_TEMPLATE(build_ice_request, crypto::portable_policy)->Name("build/stunkit_portable");

// The floor: HMAC-SHA1 from OpenSSL's saved key states, plus a portable slicing-by-8 CRC-32.
struct openssl_hmac_key {
    SHA_CTX inner{};
    SHA_CTX outer{};
    explicit openssl_hmac_key(std::string_view key) {
        std::array<unsigned char, 64> pad{};
        for (std::size_t i = 0; i < key.size(); ++i) pad[i] = static_cast<unsigned char>(key[i]);
        for (auto& b : pad) b ^= 0x36U;
        SHA1_Init(&inner);
        SHA1_Update(&inner, pad.data(), pad.size());
        for (auto& b : pad) b ^= 0x36U ^ 0x5CU;
        SHA1_Init(&outer);
        SHA1_Update(&outer, pad.data(), pad.size());
    }
    std::array<unsigned char, 20> mac(const unsigned char* data, std::size_t size) const {
        SHA_CTX ctx = inner;
        std::array<unsigned char, 20> digest{};
        SHA1_Update(&ctx, data, size);
        SHA1_Final(digest.data(), &ctx);
        ctx = outer;
        SHA1_Update(&ctx, digest.data(), digest.size());
        SHA1_Final(digest.data(), &ctx);
        return digest;
    }
};

void floor_openssl(benchmark::State& state) {
    const openssl_hmac_key key(password);
    for (auto _ : state) {
        benchmark::DoNotOptimize(sample_request.data());
        const auto mac = key.mac(sample_request.data(), integrity_offset);
        const std::uint32_t crc = crypto::crc32(bytes_view(sample_request.data(), fingerprint_offset),
                                                crypto::cpu_features::portable());
        benchmark::DoNotOptimize(mac);
        benchmark::DoNotOptimize(crc);
    }
}
BENCHMARK(floor_openssl)->Name("floor/openssl_hmac_sha1+crc32_slicing8");

}  // namespace

BENCHMARK_MAIN();
