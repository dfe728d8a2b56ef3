// The Catch2 v2 main, compiled once and shared by stunkit_tests and stunkit_tests_single.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
