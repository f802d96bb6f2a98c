// glean/core/include/glean/sdk.hpp - everything a plugin includes
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/atomic_file.hpp"
#include "glean/document.hpp"
#include "glean/error.hpp"
#include "glean/features.hpp"
#include "glean/host.hpp"
#include "glean/json.hpp"
#include "glean/params.hpp"
#include "glean/plugin_abi.hpp"
#include "glean/rules.hpp"
#include "glean/stage.hpp"
#include "glean/version.hpp"
