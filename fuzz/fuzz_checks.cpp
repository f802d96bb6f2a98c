// glean/fuzz/fuzz_checks.cpp - invariants the fuzz targets check on every document they produce
// SPDX-License-Identifier: Apache-2.0
#include "fuzz_checks.hpp"

#include "fuzz_support.hpp"

#include <set>
#include <string>

namespace glean::fuzz {

bool onCharBoundary(std::string_view text, std::size_t offset) {
  if (offset >= text.size()) return offset == text.size();
  return (static_cast<unsigned char>(text[offset]) & 0xC0) != 0x80;
}

void checkDocument(std::string_view target, const Document& doc) {
  std::string_view text = doc.text();
  std::set<std::uint32_t> ids;
  for (const Annotation& a : doc.annotations()) {
    std::string where = "annotation " + std::to_string(a.id) + " '" + a.type + "' [" +
                        std::to_string(a.begin) + "," + std::to_string(a.end) + ") by " + a.stage +
                        (a.rule.empty() ? "" : " rule " + a.rule) + " in a text of " +
                        std::to_string(text.size()) + " bytes";
    if (a.begin > a.end || a.end > text.size()) unexpected(target, where + ": outside the text");
    if (!onCharBoundary(text, a.begin) || !onCharBoundary(text, a.end))
      unexpected(target, where + ": cuts a UTF-8 character");
    if (!ids.insert(a.id).second) unexpected(target, where + ": duplicate id");
  }
  for (const DocumentIssue& issue : doc.issues())
    if (issue.offset != static_cast<std::size_t>(-1) && issue.offset > text.size())
      unexpected(target, "issue '" + issue.message + "' at offset " + std::to_string(issue.offset) +
                             " outside a text of " + std::to_string(text.size()) + " bytes");
}

}  // namespace glean::fuzz
