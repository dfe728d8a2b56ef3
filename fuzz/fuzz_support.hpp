/**
 * @file fuzz_support.hpp
 * @brief What every fuzz target shares: the invariant check and a deterministic input splitter.
 *
 * Not a fuzz target itself (only fuzz/<name>_fuzz.cpp are). Builds with GCC and Clang alike, so the
 * replay binaries (GCC, no libFuzzer) see exactly what the libFuzzer binaries see.
 */
#pragma once

#include <stunkit/types.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace fuzz {

/** @brief Reports a broken invariant and aborts, which libFuzzer records as a crash. */
[[noreturn]] inline void invariant_failed(const char* condition, const char* file, int line) noexcept {
    std::fprintf(stderr, "%s:%d: fuzz invariant violated: %s\n", file, line, condition);
    std::fflush(stderr);
    std::abort();
}

/**
 * @brief Splits one fuzz input into fields, front to back, deterministically.
 *
 * libFuzzer's FuzzedDataProvider lives in Clang's resource directory, which GCC cannot see;
 * this small reader keeps the input format identical for the libFuzzer and the replay
 * binaries, and fuzz/make_corpus.py writes seeds in the same format. Reading past the end
 * yields zeros and empty views, never an error.
 */
class input_reader {
public:
    /** @brief Reads from the `size` bytes at `data`. */
    input_reader(const std::uint8_t* data, std::size_t size) noexcept : data_(data), size_(size) {}

    /** @brief The next byte, or 0 when the input is used up. */
    std::uint8_t byte() noexcept {
        if (offset_ == size_) return 0;
        return data_[offset_++];
    }
    /** @brief The next `n` bytes, or as many as remain. */
    stunkit::bytes_view take(std::size_t n) noexcept {
        const std::size_t left = size_ - offset_;
        const std::size_t count = n < left ? n : left;
        const stunkit::bytes_view out(data_ + offset_, count);
        offset_ += count;
        return out;
    }
    /** @brief A field of up to 255 bytes: one length byte, then that many bytes. */
    stunkit::bytes_view take_prefixed() noexcept { return take(byte()); }
    /** @brief take_prefixed() as text (any bytes, not necessarily UTF-8). */
    std::string_view take_prefixed_text() noexcept {
        const stunkit::bytes_view field = take_prefixed();
        return {reinterpret_cast<const char*>(field.data()), field.size()};
    }
    /** @brief Everything not read yet. */
    stunkit::bytes_view rest() noexcept { return take(size_ - offset_); }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t offset_ = 0;
};

/** @brief The bytes of `s`. */
inline stunkit::bytes_view bytes_of(std::string_view s) noexcept {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

/** @brief Byte-wise equality of two views. */
inline bool equal_bytes(stunkit::bytes_view a, stunkit::bytes_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i]) return false;
    }
    return true;
}

}  // namespace fuzz

/** @brief Checks an invariant of the code under test; aborts (a libFuzzer crash) when it fails. */
#define FUZZ_CHECK(condition) \
    ((condition) ? static_cast<void>(0) : ::fuzz::invariant_failed(#condition, __FILE__, __LINE__))
