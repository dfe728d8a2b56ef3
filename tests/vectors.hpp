/**
 * @file tests/vectors.hpp
 * @brief Loads the RFC test vectors in tests/vectors/ at run time (test code only: it
 * allocates, which the library never does).
 *
 * The build defines STUNKIT_TEST_VECTOR_DIR to the absolute path of tests/vectors; a manual
 * build passes -DSTUNKIT_TEST_VECTOR_DIR=\"$PWD/tests/vectors\". Without it the relative path
 * tests/vectors is used, which works when the tests run from the repository root.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#ifndef STUNKIT_TEST_VECTOR_DIR
// Without the definition, tests must run from the repository root.
#define STUNKIT_TEST_VECTOR_DIR "tests/vectors"
#endif

namespace test_vectors {

/** @brief The directory the vectors live in. */
inline std::string directory() { return STUNKIT_TEST_VECTOR_DIR; }

/**
 * @brief The bytes of `directory()/name`. Throws std::runtime_error when the file cannot be
 * read, so a missing vector fails the test that needs it rather than passing vacuously.
 */
inline std::vector<std::uint8_t> load(const std::string& name) {
    const std::string path = directory() + "/" + name;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open test vector " + path);
    std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                    std::istreambuf_iterator<char>());
    if (in.bad()) throw std::runtime_error("cannot read test vector " + path);
    return bytes;
}

/** @brief RFC 5769 §2.1: sample request, short-term credentials (108 bytes). */
inline std::vector<std::uint8_t> rfc5769_request() { return load("rfc5769-request.bin"); }
/** @brief RFC 5769 §2.2: sample IPv4 response (80 bytes). */
inline std::vector<std::uint8_t> rfc5769_ipv4_response() {
    return load("rfc5769-ipv4-response.bin");
}
/** @brief RFC 5769 §2.3: sample IPv6 response (92 bytes). */
inline std::vector<std::uint8_t> rfc5769_ipv6_response() {
    return load("rfc5769-ipv6-response.bin");
}
/** @brief RFC 5769 §2.4: sample request with long-term authentication (116 bytes). */
inline std::vector<std::uint8_t> rfc5769_long_term_request() {
    return load("rfc5769-long-term-request.bin");
}

/** @brief The file names of all four RFC 5769 vectors, in RFC order. */
inline std::vector<std::string> rfc5769_names() {
    return {"rfc5769-request.bin", "rfc5769-ipv4-response.bin", "rfc5769-ipv6-response.bin",
            "rfc5769-long-term-request.bin"};
}

}  // namespace test_vectors
