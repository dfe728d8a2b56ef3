/**
 * @file config.hpp
 * @brief Version, namespace macros, STUNKIT_ASSERT and feature detection.
 */
#pragma once

#include <cstdlib>

/** @brief Major version of stunkit. */
#define STUNKIT_VERSION_MAJOR 0
/** @brief Minor version of stunkit. */
#define STUNKIT_VERSION_MINOR 1
/** @brief Patch version of stunkit. */
#define STUNKIT_VERSION_PATCH 0

/**
 * @brief Opens stunkit's namespace.
 *
 * Everything lives in an inline, versioned namespace so that two vendored copies of different
 * versions can be linked into one program without violating the one-definition rule.
 */
#define STUNKIT_BEGIN_NAMESPACE \
    namespace stunkit {         \
    inline namespace v0 {
/** @brief Closes the namespace opened by STUNKIT_BEGIN_NAMESPACE. */
#define STUNKIT_END_NAMESPACE \
    }                         \
    }

#ifndef STUNKIT_ASSERT
/**
 * @brief Checks a precondition that only a bug in the calling program can break.
 *
 * Wire data never reaches this macro: malformed input is reported as an `errc`. Define
 * STUNKIT_ASSERT before including stunkit to route violations to your own handler.
 */
#define STUNKIT_ASSERT(condition) ((condition) ? static_cast<void>(0) : std::abort())
#endif

#if defined(__GNUC__) || defined(__clang__)
/** @brief Branch-prediction hint for conditions that well-formed input never meets. */
#define STUNKIT_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define STUNKIT_UNLIKELY(x) (x)
#endif
