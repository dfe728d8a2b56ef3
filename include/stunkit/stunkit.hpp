/**
 * @file stunkit.hpp
 * @brief The umbrella header: everything in stunkit that needs no optional dependency.
 *
 * Not included: crypto/openssl.hpp (needs OpenSSL) and prep.hpp (Unicode tables for
 * SASLprep/OpaqueString, which ASCII credentials never need).
 */
#pragma once

#include "attributes.hpp"
#include "builder.hpp"
#include "config.hpp"
#include "credentials.hpp"
#include "error.hpp"
#include "framing.hpp"
#include "integrity.hpp"
#include "message.hpp"
#include "registry.hpp"
#include "turn/attributes.hpp"
#include "turn/channel_data.hpp"
#include "types.hpp"
