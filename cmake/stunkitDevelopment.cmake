# Settings for the code stunkit compiles itself (tests, tools, examples, fuzzers, benchmarks).
# Nothing here reaches consumers of the stunkit INTERFACE target.
include_guard(GLOBAL)

# Warnings as errors. Third-party headers (GSL, Boost, Catch2, benchmark, nlohmann_json,
# OpenSSL) come in through imported targets, whose include directories CMake passes as
# SYSTEM, so their own warnings cannot fail our build.
add_library(stunkit_warnings INTERFACE)
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(stunkit_warnings INTERFACE
        -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow
        $<$<BOOL:${STUNKIT_WERROR}>:-Werror>)
elseif(MSVC)
    target_compile_options(stunkit_warnings INTERFACE /W4 /permissive- $<$<BOOL:${STUNKIT_WERROR}>:/WX>)
endif()

# STUNKIT_SANITIZE=address,undefined: no recovery, so any report fails the test that caused it.
add_library(stunkit_sanitizers INTERFACE)
if(STUNKIT_SANITIZE)
    set(_stunkit_sanitize_flags -fsanitize=${STUNKIT_SANITIZE} -fno-sanitize-recover=all)
    target_compile_options(stunkit_sanitizers INTERFACE ${_stunkit_sanitize_flags} -fno-omit-frame-pointer)
    target_link_options(stunkit_sanitizers INTERFACE ${_stunkit_sanitize_flags})
    # Environment for every test that runs sanitized code.
    set(STUNKIT_SANITIZER_TEST_ENVIRONMENT
        "ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1"
        "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1")
else()
    set(STUNKIT_SANITIZER_TEST_ENVIRONMENT "")
endif()

# stunkit_configure_target(<target> [NO_SANITIZE])
#   C++ standard (STUNKIT_CXX_STANDARD, no extensions), warnings, and sanitizers unless
#   NO_SANITIZE (the embedded-profile object must contain only the library's own code).
function(stunkit_configure_target target)
    cmake_parse_arguments(PARSE_ARGV 1 arg "NO_SANITIZE" "" "")
    set_target_properties(${target} PROPERTIES
        CXX_STANDARD ${STUNKIT_CXX_STANDARD}
        CXX_STANDARD_REQUIRED ON
        CXX_EXTENSIONS OFF)
    target_link_libraries(${target} PRIVATE stunkit_warnings)
    if(NOT arg_NO_SANITIZE)
        target_link_libraries(${target} PRIVATE stunkit_sanitizers)
    endif()
endfunction()
