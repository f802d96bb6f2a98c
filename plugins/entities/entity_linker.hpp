// glean/plugins/entities/entity_linker.hpp - EntityLinker: acronyms, surnames, the entity table
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "flat_map.hpp"
#include "mention.hpp"
#include "tokenizer.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace glean_entities {

/// One distinct entity of a document: what the `Entity` annotation carries. Its texts are those
/// of its mentions (valid while they are).
struct EntityRecord {
  std::string_view type;
  std::string_view canonical;
  std::string_view id;
  std::size_t mentions = 0;
  std::size_t first = 0;  ///< index of its first mention
};

/// The distinct entities of a document (mentions with the same type and canonical form are one),
/// built in a table kept from document to document.
class EntityTable {
 public:
  /// The distinct entities, in order of first mention; `entity_of[i]` is mention i's entity.
  const std::vector<EntityRecord>& build(const std::vector<Mention>& mentions,
                                         std::vector<std::size_t>& entity_of);

 private:
  std::vector<EntityRecord> records_;
  FlatMap index_;                    // hash of (type, canonical) -> a record with that hash
  std::vector<std::uint32_t> next_;  // the next record with the same hash, or kMissing
};

/// Document-level linking, after the mentions are settled:
///  - "National Security Committee (KNB)": the name gets `acronym`, "KNB" there and every later
///    "KNB" (also inside "then-KNB") becomes a mention of the committee;
///  - a person's last name alone ("Mueller") after the full name ("Robert Mueller") links to it;
///  - mentions with the same type and canonical form are one entity (gazetteer aliases already
///    share a canonical form: "U.S." and "the United States").
class EntityLinker {
 public:
  struct Options {
    bool acronyms = true;
    bool surnames = true;
  };
  explicit EntityLinker(Options options) : options_(options) {}

  /// `mentions` sorted by begin, not overlapping; adds linked mentions and keeps the order.
  void link(std::string_view text, const std::vector<Token>& tokens,
            std::vector<Mention>& mentions) const;

 private:
  Options options_;
};

}  // namespace glean_entities
