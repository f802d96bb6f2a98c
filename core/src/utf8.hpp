// glean/core/src/utf8.hpp - UTF-8 validation and character offsets
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace glean::detail {

/// The byte offset of the first byte that does not start a valid UTF-8 sequence (overlong forms,
/// surrogates and code points above U+10FFFF are invalid), or nullopt when all of `text` is valid.
std::optional<std::size_t> firstInvalidUtf8(std::string_view text);

/// The number of code points in `text` (which must be valid UTF-8).
std::size_t countCodePoints(std::string_view text);

}  // namespace glean::detail
