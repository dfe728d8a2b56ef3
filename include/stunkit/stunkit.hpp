/**
 * @file stunkit.hpp
 * @brief The umbrella header: everything in stunkit that needs no optional dependency.
 */
#pragma once

#include "attributes.hpp"
#include "builder.hpp"
#include "config.hpp"
#include "error.hpp"
#include "framing.hpp"
#include "message.hpp"
#include "registry.hpp"
#include "turn/attributes.hpp"
#include "turn/channel_data.hpp"
#include "types.hpp"
