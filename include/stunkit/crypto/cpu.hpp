/**
 * @file crypto/cpu.hpp
 * @brief Which x86 instruction-set extensions the crypto primitives may use, and how to find out.
 *
 * Hardware paths are chosen per object (a hasher, an HMAC key) from a cpu_features value that
 * is captured once when the object is made. The default value never executes CPUID: it comes
 * from the compiler's target macros (-msha, -mpclmul) and from the feature flags the compiler
 * runtime already collected at program start (`__builtin_cpu_supports`). CPUID itself runs
 * only when the caller asks for detect_cpu_features(), because inside a virtual machine it
 * traps to the hypervisor and costs microseconds.
 */
#pragma once

#include "../config.hpp"

#if !defined(STUNKIT_CRYPTO_PORTABLE_ONLY) && (defined(__x86_64__) || defined(__i386__)) && \
    (defined(__GNUC__) || defined(__clang__))
/**
 * @brief 1 when the x86 kernels (SHA extensions, PCLMULQDQ) are compiled in, else 0.
 *
 * They need GCC or Clang for `__attribute__((target))`, which lets one function use SHA or
 * PCLMULQDQ instructions while the rest of the program is built for the baseline ISA. Define
 * STUNKIT_CRYPTO_PORTABLE_ONLY to leave them out entirely (firmware, unusual toolchains).
 */
#define STUNKIT_CRYPTO_X86 1
#include <cpuid.h>
#else
/** @brief 0: only the portable code is compiled (non-x86 target, or portable-only build). */
#define STUNKIT_CRYPTO_X86 0
#endif

#if STUNKIT_CRYPTO_X86
/** @brief Compiles one function for extra ISA extensions without -m flags for the whole build. */
#define STUNKIT_CRYPTO_TARGET(isa) __attribute__((target(isa)))
#endif

STUNKIT_BEGIN_NAMESPACE

/**
 * @brief Hashes, HMAC and CRC-32 for STUN integrity: SHA-1, SHA-256, MD5 (RFC 8489 §14.5,
 * §14.6, §9.2.2, §14.7), each portable with optional x86 fast paths.
 */
namespace crypto {

/**
 * @brief The instruction-set extensions a crypto object may use.
 *
 * A value-initialised cpu_features (cpu_features{} or cpu_features::portable()) forces the
 * portable code: use it in firmware and in tests. Setting a flag the CPU lacks makes the
 * program die with SIGILL, so only set flags that detect_cpu_features() reported. Flags are
 * ignored when STUNKIT_CRYPTO_X86 is 0.
 */
struct cpu_features {
    bool sha = false;     ///< SHA extensions with SSSE3 and SSE4.1: SHA-1 and SHA-256 kernels.
    bool pclmul = false;  ///< PCLMULQDQ (carry-less multiply): the CRC-32 folding kernel.

    /** @brief No extensions: every primitive runs its portable code. */
    static constexpr cpu_features portable() noexcept { return {}; }
};

/**
 * @brief Asks the CPU (CPUID leaves 1 and 7) which extensions it has.
 *
 * Costs a few microseconds inside a virtual machine: call it once at start-up and pass the
 * result to the objects you construct. Returns cpu_features{} on non-x86 targets.
 */
inline cpu_features detect_cpu_features() noexcept {
    cpu_features f{};
#if STUNKIT_CRYPTO_X86
    unsigned eax = 0;
    unsigned ebx = 0;
    unsigned ecx = 0;
    unsigned edx = 0;
    if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) return f;
    // Intel SDM vol. 2A, CPUID leaf 1: ECX.PCLMULQDQ[1], ECX.SSSE3[9], ECX.SSE4_1[19],
    // EDX.SSE2[26].
    const bool sse2 = ((edx >> 26U) & 1U) != 0;
    const bool ssse3 = ((ecx >> 9U) & 1U) != 0;
    const bool sse41 = ((ecx >> 19U) & 1U) != 0;
    f.pclmul = sse2 && ((ecx >> 1U) & 1U) != 0;
    // Leaf 7 sub-leaf 0: EBX.SHA[29]. __get_cpuid_count checks the maximum leaf first.
    if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) != 0) {
        f.sha = ssse3 && sse41 && ((ebx >> 29U) & 1U) != 0;
    }
#endif
    return f;
}

/**
 * @brief The extensions the default constructors use: cheap to call, never runs CPUID.
 *
 * A flag is set when the build targets the extension (e.g. -msha, -march=native), or when
 * the compiler runtime's start-up CPU probe reports it through `__builtin_cpu_supports`.
 * GCC 12 knows the "sha" and "pclmul" names; Clang 14 knows only "pclmul" (it rejects "sha"),
 * so a Clang build uses SHA-NI by default only when compiled with -msha; otherwise pass
 * detect_cpu_features() explicitly.
 */
inline cpu_features default_cpu_features() noexcept {
    cpu_features f{};
#if STUNKIT_CRYPTO_X86
#if defined(__SHA__) && defined(__SSSE3__) && defined(__SSE4_1__)
    f.sha = true;
#elif defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12
    f.sha = __builtin_cpu_supports("sha") && __builtin_cpu_supports("ssse3") &&
            __builtin_cpu_supports("sse4.1");
#endif
#if defined(__PCLMUL__) && defined(__SSE2__)
    f.pclmul = true;
#else
    f.pclmul = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse2");
#endif
#endif
    return f;
}

}  // namespace crypto
STUNKIT_END_NAMESPACE
