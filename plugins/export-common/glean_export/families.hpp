// glean/plugins/export-common/glean_export/families.hpp - annotation families: dates, entities, segments
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <glean/sdk.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace glean_export {

/// The family an annotation type belongs to, which decides the table (CSV file, SQLite view) it
/// goes to. The default types are those of docs/annotations.md.
enum class Family { None, Date, Entity, Segment };

/// The entities stage's per-document entity table: one annotation of this type per distinct
/// entity, with features canonical, entity_type, id, mentions, first (docs/annotations.md). When a
/// document has them, the entity index is taken from them rather than counted from the mentions.
inline constexpr std::string_view kEntityTableType = "Entity";

inline const char* familyName(Family f) {
  switch (f) {
    case Family::Date: return "dates";
    case Family::Entity: return "entities";
    case Family::Segment: return "segments";
    case Family::None: break;
  }
  return "";
}

inline std::vector<std::string> defaultDateTypes() { return {"TIMEX3"}; }
inline std::vector<std::string> defaultEntityTypes() {
  return {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "LAW"};
}
inline std::vector<std::string> defaultSegmentTypes() {
  return {"Header",    "Title",     "MetaField", "Body",       "Section",    "Heading", "Paragraph",
          "List",      "ListItem",  "FootnoteRef", "Footnote", "Navigation", "Sentence"};
}

/// The three parameters every exporter with families accepts (date_types, entity_types,
/// segment_types), with the defaults above.
inline void addFamilyParams(std::vector<glean::ParamSpec>& params) {
  using glean::ParamSpec;
  using glean::ParamType;
  params.push_back(ParamSpec("date_types", ParamType::StringList,
                             "annotation types that are dates (the dates table)")
                       .byDefault(defaultDateTypes()));
  params.push_back(ParamSpec("entity_types", ParamType::StringList,
                             "annotation types that are entities (the entities table)")
                       .byDefault(defaultEntityTypes()));
  params.push_back(ParamSpec("segment_types", ParamType::StringList,
                             "annotation types that are segments (the segments table)")
                       .byDefault(defaultSegmentTypes()));
}

/// Type -> family, from the family parameters. A type listed twice is refused.
class FamilyMap {
 public:
  FamilyMap() {
    add(defaultDateTypes(), Family::Date, "date_types");
    add(defaultEntityTypes(), Family::Entity, "entity_types");
    add(defaultSegmentTypes(), Family::Segment, "segment_types");
  }
  explicit FamilyMap(const glean::Params& params) {
    add(params.list("date_types"), Family::Date, "date_types");
    add(params.list("entity_types"), Family::Entity, "entity_types");
    add(params.list("segment_types"), Family::Segment, "segment_types");
  }

  /// The family of `type` (None for a type in no family). Safe to call from many threads.
  Family of(std::string_view type) const {
    auto it = families_.find(type);
    return it == families_.end() ? Family::None : it->second;
  }

  /// of() that remembers its last answer: documents hold few distinct types and annotations of
  /// one type come in runs. Not shared between threads: make one per document (or per call).
  class Lookup {
   public:
    explicit Lookup(const FamilyMap& map) : map_(map) {}
    Family of(std::string_view type) {
      if (type == last_type_) return last_family_;
      last_type_ = type;
      last_family_ = map_.of(type);
      return last_family_;
    }

   private:
    const FamilyMap& map_;
    std::string last_type_{"\x01"};
    Family last_family_ = Family::None;
  };

  const std::map<std::string, Family, std::less<>>& types() const { return families_; }

 private:
  void add(const std::vector<std::string>& types, Family family, const char* param) {
    for (const auto& t : types) {
      auto [it, inserted] = families_.emplace(t, family);
      if (!inserted && it->second != family)
        throw glean::StageError("type '" + t + "' is in two families (" + familyName(it->second) +
                                    " and " + familyName(family) + ")",
                                param);
    }
  }
  std::map<std::string, Family, std::less<>> families_;
};

}  // namespace glean_export
