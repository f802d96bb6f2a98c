// glean/fuzz/fuzz_checks.hpp - invariants the fuzz targets check on every document they produce
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/document.hpp"

#include <string_view>

namespace glean::fuzz {

/// Aborts (through unexpected()) unless every annotation of `doc` is a non-inverted span inside
/// the text that starts and ends on UTF-8 character boundaries (so its text is valid UTF-8 in
/// every export), ids are unique, and every issue's offset is inside the text or unset.
void checkDocument(std::string_view target, const Document& doc);

/// True when `offset` is the start of a UTF-8 character of `text` or its end.
bool onCharBoundary(std::string_view text, std::size_t offset);

}  // namespace glean::fuzz
