// glean/plugins/entities/entity_linker.cpp - EntityLinker: acronyms, surnames, the entity table
// SPDX-License-Identifier: Apache-2.0
#include "entity_linker.hpp"

#include "flat_map.hpp"
#include "text_fold.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace glean_entities {
namespace {

bool isAcronym(std::string_view text, const Token& t) {
  if (!t.has(kWord) || !t.has(kAllCaps) || t.has(kInitialism)) return false;
  return t.length() >= 2 && t.length() <= 10 && !text.empty();
}

// Index of the mention covering token k, or -1 (mentions sorted, not overlapping).
long coveringMention(const std::vector<Mention>& mentions, std::uint32_t k) {
  auto it = std::upper_bound(mentions.begin(), mentions.end(), k,
                             [](std::uint32_t tok, const Mention& m) { return tok < m.first; });
  if (it == mentions.begin()) return -1;
  --it;
  return k < it->last ? static_cast<long>(it - mentions.begin()) : -1;
}

}  // namespace

void EntityLinker::link(std::string_view text, const std::vector<Token>& tokens,
                        std::vector<Mention>& mentions) const {
  auto textOf = [&](std::uint32_t k) { return text.substr(tokens[k].begin, tokens[k].length()); };
  auto n = static_cast<std::uint32_t>(tokens.size());
  std::vector<Mention> added;
  // A linked mention replaces a guess (or nothing), never a rule's or a gazetteer's mention.
  // A surname also overrides a lone gazetteer word ("Lara" the Venezuelan state, after "Brian
  // Lara"): the document's own evidence beats the list.
  auto linkAt = [&](std::uint32_t k, const Mention& target, const std::string& acronym) {
    long c = coveringMention(mentions, k);
    if (c >= 0) {
      Mention& m = mentions[static_cast<std::size_t>(c)];
      bool replaceable = m.source == Source::Guess ||
                         (acronym.empty() && m.source == Source::Gazetteer);
      if (!replaceable || m.first != k || m.last != k + 1) return;
      m.features = glean::Features();
      m.source = Source::Link;
      m.type = target.type;
      m.canonical = target.canonical;
      m.id = target.id;
      if (!acronym.empty()) m.features.set("acronym", acronym);
      return;
    }
    Mention m;
    m.first = k;
    m.last = k + 1;
    m.begin = tokens[k].begin;
    m.end = tokens[k].end;
    m.type = target.type;
    m.canonical = target.canonical;
    m.id = target.id;
    m.source = Source::Link;
    if (!acronym.empty()) m.features.set("acronym", acronym);
    added.push_back(std::move(m));
  };

  if (options_.acronyms) {
    // Definitions: a mention followed by "(ACR)". Later uses are found by token key (one probe
    // per word in capitals, no string built).
    std::unordered_map<std::string, std::size_t> defined;  // acronym -> defining mention
    FlatMap defined_keys;                                  // token key -> defining mention
    for (std::size_t i = 0; i < mentions.size(); ++i) {
      Mention& m = mentions[i];
      std::uint32_t k = m.last;
      if (k + 2 >= n || textOf(k) != "(" || textOf(k + 2) != ")" || !isAcronym(text, tokens[k + 1]))
        continue;
      std::string acronym(textOf(k + 1));
      if (!m.features.contains("acronym")) m.features.set("acronym", acronym);
      if (defined.count(acronym) == 0) {
        defined.emplace(acronym, i);
        defined_keys.insert(tokens[k + 1].key, static_cast<std::uint32_t>(i));
      }
    }
    if (!defined.empty()) {
      for (std::uint32_t k = 0; k < n; ++k) {
        if (!isAcronym(text, tokens[k])) continue;
        std::uint32_t d = defined_keys.find(tokens[k].key);
        if (d == FlatMap::kMissing) continue;
        const Mention& def = mentions[d];
        std::string acronym(textOf(k));  // in capitals, as the definition (isAcronym)
        if (tokens[k].begin < def.begin) continue;  // only uses after the definition
        linkAt(k, def, acronym);
      }
    }
  }
  auto mergeAdded = [&]() {
    if (added.empty()) return;
    // Both in text order and disjoint (a link goes where no mention is): merged, not sorted.
    auto byBegin = [](const Mention& a, const Mention& b) { return a.begin < b.begin; };
    std::sort(added.begin(), added.end(), byBegin);
    std::size_t before = mentions.size();
    for (Mention& m : added) mentions.push_back(std::move(m));
    added.clear();
    std::inplace_merge(mentions.begin(), mentions.begin() + static_cast<std::ptrdiff_t>(before),
                       mentions.end(), byBegin);
  };
  mergeAdded();

  if (options_.surnames) {
    // A person's last word, once the full name was seen, names that person.
    FlatMap surnames;  // key of the last word -> the person's mention
    for (std::size_t i = 0; i < mentions.size(); ++i) {
      const Mention& m = mentions[i];
      if (m.type == "PERSON" && m.source != Source::Link) {
        std::uint32_t words = 0;
        std::uint32_t last_word = m.first;
        for (std::uint32_t k = m.first; k < m.last; ++k)
          if (tokens[k].has(kWord) && tokens[k].length() > 1) {
            ++words;
            last_word = k;
          }
        if (words >= 2) surnames.insert(tokens[last_word].key, static_cast<std::uint32_t>(i));
      }
    }
    if (surnames.size() != 0) {
      for (std::uint32_t k = 0; k < n; ++k) {
        if (!tokens[k].has(kCapitalized)) continue;
        std::uint32_t p = surnames.find(tokens[k].key);
        if (p == FlatMap::kMissing) continue;
        const Mention& person = mentions[p];
        if (tokens[k].begin < person.end) continue;
        linkAt(k, person, {});
      }
    }
  }
  mergeAdded();
}

const std::vector<EntityRecord>& EntityTable::build(const std::vector<Mention>& mentions,
                                                    std::vector<std::size_t>& entity_of) {
  records_.clear();
  next_.clear();
  index_.clear();
  entity_of.assign(mentions.size(), 0);
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    const Mention& m = mentions[i];
    std::uint64_t h = textKey(m.canonical) ^ (textKey(m.type) * 0x9E3779B97F4A7C15ULL);
    auto fresh = static_cast<std::uint32_t>(records_.size());
    std::uint32_t r = index_.insert(h, fresh);
    if (r != fresh) {
      // The hash was seen: the record with the same texts, if any (two entities sharing a hash
      // are chained).
      std::uint32_t head = r;
      while (r != FlatMap::kMissing && (records_[r].type != m.type || records_[r].canonical != m.canonical))
        r = next_[r];
      if (r == FlatMap::kMissing) {
        r = fresh;
        std::uint32_t after = next_[head];
        next_.push_back(after);
        next_[head] = fresh;
      }
    }
    if (r == fresh) {
      if (r == next_.size()) next_.push_back(FlatMap::kMissing);
      EntityRecord& rec = records_.emplace_back();
      rec.type = m.type;
      rec.canonical = m.canonical;
      rec.first = i;
    }
    EntityRecord& rec = records_[r];
    ++rec.mentions;
    if (rec.id.empty()) rec.id = m.id;
    entity_of[i] = r;
  }
  return records_;
}

}  // namespace glean_entities
