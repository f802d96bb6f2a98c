// glean/plugins/dates/anchor_chooser.hpp - AnchorChooser: the document anchor from metadata
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "resolver.hpp"

#include <glean/features.hpp>

#include <optional>
#include <string>
#include <vector>

namespace glean_dates {

/// Picks a document's anchor: the first source in the pipeline's list that the document has.
/// A source is a metadata key holding an ISO 8601 date or a year ("dct", "publication_date",
/// "report_year", or any key a stage sets), or "fixed" for the pipeline's own date.
class AnchorChooser {
 public:
  /// Throws std::invalid_argument when `fixed` is needed but is not a date or year, or a source
  /// name is empty.
  AnchorChooser(std::vector<std::string> sources, const std::string& fixed);

  /// The anchor for a document with metadata `meta`, or nullopt when none of the sources is there
  /// (or holds something that is not a date).
  std::optional<Reference> choose(const glean::Features& meta) const;

 private:
  std::vector<std::string> sources_;
  std::optional<Reference> fixed_;
};

}  // namespace glean_dates
