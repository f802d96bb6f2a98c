// glean/core/src/rules/pattern_expander.cpp - expands {MACRO} and {@lexicon} references in patterns
// SPDX-License-Identifier: Apache-2.0
#include "rules/pattern_expander.hpp"

#include "rules/text_util.hpp"

#include <algorithm>
#include <functional>

namespace glean::rules {
namespace {

bool isAlpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool isAlnum(char c) { return isAlpha(c) || (c >= '0' && c <= '9'); }

// A reference at text[i] == '{': "{NAME}", "{@NAME}", "{qualifier.NAME}", "{@qualifier.NAME}".
struct ParsedRef {
  bool lexicon = false;
  std::string name;  // possibly "qualifier.NAME"
  std::size_t length = 0;
};

std::optional<ParsedRef> parseRef(std::string_view text, std::size_t i) {
  std::size_t j = i + 1;
  ParsedRef ref;
  if (j < text.size() && text[j] == '@') {
    ref.lexicon = true;
    ++j;
  }
  std::size_t start = j;
  // Optional qualifier: a ruleset name (letters, digits, '_', '-') followed by '.'.
  std::size_t k = j;
  while (k < text.size() && (isAlnum(text[k]) || text[k] == '-')) ++k;
  if (k < text.size() && text[k] == '.' && k > j) j = k + 1;
  if (j >= text.size() || !isAlpha(text[j])) return std::nullopt;
  while (j < text.size() && isAlnum(text[j])) ++j;
  if (j >= text.size() || text[j] != '}') return std::nullopt;
  ref.name = std::string(text.substr(start, j - start));
  ref.length = j + 1 - i;
  return ref;
}

// Skips a character class starting at text[i] == '['; returns the index after its ']'.
std::size_t skipClass(std::string_view text, std::size_t i) {
  ++i;
  if (i < text.size() && text[i] == '^') ++i;
  if (i < text.size() && text[i] == ']') ++i;  // a leading ']' is literal
  while (i < text.size() && text[i] != ']') {
    if (text[i] == '\\' && i + 1 < text.size()) {
      if (text[i + 1] == 'Q') {
        std::size_t e = text.find("\\E", i + 2);
        i = e == std::string_view::npos ? text.size() : e + 2;
        continue;
      }
      i += 2;
    } else if (text[i] == '[' && i + 1 < text.size() && text[i + 1] == ':') {
      std::size_t e = text.find(":]", i + 2);
      i = e == std::string_view::npos ? i + 1 : e + 2;
    } else {
      ++i;
    }
  }
  return i < text.size() ? i + 1 : i;
}

}  // namespace

// ---- ExpandedPattern -----------------------------------------------------------------------

void ExpandedPattern::append(std::string_view text, const StringRef& origin,
                             std::size_t origin_offset, bool generated, const std::string& macro,
                             const SourceLocation& used_at) {
  if (text.empty()) return;
  Segment seg;
  seg.begin = text_.size();
  text_ += text;
  seg.end = text_.size();
  seg.origin = origin;
  seg.origin_offset = origin_offset;
  seg.generated = generated;
  seg.macro = macro;
  seg.used_at = used_at;
  segments_.push_back(std::move(seg));
}

const ExpandedPattern::Segment* ExpandedPattern::segmentAt(std::size_t offset) const {
  if (segments_.empty()) return nullptr;
  auto it = std::upper_bound(segments_.begin(), segments_.end(), offset,
                             [](std::size_t o, const Segment& s) { return o < s.end; });
  return it == segments_.end() ? &segments_.back() : &*it;
}

SourceLocation ExpandedPattern::locate(std::size_t offset) const {
  const Segment* seg = segmentAt(offset);
  if (seg == nullptr) return {};
  if (seg->generated) return seg->origin.locate(seg->origin_offset);
  std::size_t within = std::min(offset, seg->end) - seg->begin;
  return seg->origin.locate(seg->origin_offset + within);
}

std::string ExpandedPattern::caretDisplay(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  // Show at most ~70 characters either side of the offset, cut on character boundaries.
  constexpr std::size_t kSide = 70;
  std::size_t from = offset > kSide ? offset - kSide : 0;
  std::size_t to = std::min(text_.size(), offset + kSide);
  auto isCont = [&](std::size_t i) {
    return i < text_.size() && (static_cast<unsigned char>(text_[i]) & 0xC0) == 0x80;
  };
  while (from > 0 && isCont(from)) --from;
  while (to < text_.size() && isCont(to)) ++to;
  std::string prefix = from > 0 ? "..." : "";
  std::string shown = prefix + text_.substr(from, to - from) + (to < text_.size() ? "..." : "");
  for (char& c : shown)
    if (c == '\n' || c == '\t') c = ' ';
  std::size_t col = prefix.size() + countCodePoints(std::string_view(text_).substr(from, offset - from));
  return "    " + shown + "\n    " + std::string(col, ' ') + "^";
}

// ---- PatternExpander -----------------------------------------------------------------------

PatternExpander::PatternExpander(const std::vector<RuleFile>& files,
                                 const std::vector<std::vector<std::size_t>>& includes)
    : files_(files), visible_(files.size()) {
  for (std::size_t f = 0; f < files.size(); ++f) {
    std::vector<char> seen(files.size(), 0);
    std::vector<std::size_t> stack(includes[f].rbegin(), includes[f].rend());
    while (!stack.empty()) {
      std::size_t g = stack.back();
      stack.pop_back();
      if (seen[g] || g == f) continue;
      seen[g] = 1;
      visible_[f].push_back(g);
      for (auto it = includes[g].rbegin(); it != includes[g].rend(); ++it) stack.push_back(*it);
    }
  }
}

std::optional<PatternExpander::Ref> PatternExpander::resolve(std::size_t file,
                                                             std::string_view name, Kind kind,
                                                             const SourceLocation* where,
                                                             std::string_view context) const {
  const char* noun = kind == Kind::Macro ? "macro" : "lexicon";
  auto indexIn = [&](std::size_t f, std::string_view n) -> std::optional<std::size_t> {
    if (kind == Kind::Macro) {
      const auto& ms = files_[f].macros;
      for (std::size_t i = 0; i < ms.size(); ++i)
        if (ms[i].name == n) return i;
    } else {
      const auto& ls = files_[f].lexicons;
      for (std::size_t i = 0; i < ls.size(); ++i)
        if (ls[i].name() == n) return i;
    }
    return std::nullopt;
  };
  auto fail = [&](std::string msg) -> std::optional<Ref> {
    if (where == nullptr) return std::nullopt;
    throw ConfigError(*where, msg);
  };
  std::vector<std::size_t> scope{file};
  scope.insert(scope.end(), visible_[file].begin(), visible_[file].end());

  std::size_t dot = name.find('.');
  if (dot != std::string_view::npos) {
    std::string_view qualifier = name.substr(0, dot);
    std::string_view bare = name.substr(dot + 1);
    for (std::size_t f : scope) {
      if (files_[f].name != qualifier) continue;
      if (auto i = indexIn(f, bare)) return Ref{f, *i};
      return fail("unknown " + std::string(noun) + " '" + std::string(name) + "' in " +
                  std::string(context) + ": ruleset '" + std::string(qualifier) + "' (" +
                  files_[f].source->path() + ") defines no " + noun + " '" + std::string(bare) +
                  "'");
    }
    std::vector<std::string> names;
    for (std::size_t f : scope) names.push_back(files_[f].name);
    return fail("unknown ruleset '" + std::string(qualifier) + "' in '" + std::string(name) +
                "' (" + std::string(context) + "); visible rulesets: " + quotedList(names));
  }

  if (auto i = indexIn(file, name)) return Ref{file, *i};
  std::vector<Ref> found;
  for (std::size_t f : visible_[file])
    if (auto i = indexIn(f, name)) found.push_back({f, *i});
  if (found.size() == 1) return found.front();
  if (found.size() > 1) {
    std::string msg = "ambiguous " + std::string(noun) + " '" + std::string(name) + "' in " +
                      std::string(context) + ": defined in ";
    for (std::size_t k = 0; k < found.size(); ++k) {
      if (k) msg += " and ";
      msg += "'" + files_[found[k].file].name + "'";
    }
    msg += "; write {" + std::string(kind == Kind::Lexicon ? "@" : "") +
           files_[found.front().file].name + "." + std::string(name) + "}";
    return fail(msg);
  }
  std::vector<std::string> known;
  for (std::size_t f : scope) {
    if (kind == Kind::Macro)
      for (const auto& m : files_[f].macros) known.push_back(m.name);
    else
      for (const auto& l : files_[f].lexicons) known.push_back(l.name());
  }
  return fail("unknown " + std::string(noun) + " '" + std::string(name) + "' in " +
              std::string(context) + didYouMean(name, known));
}

const Lexicon& PatternExpander::lexicon(std::size_t file, std::string_view name,
                                        const SourceLocation& where,
                                        std::string_view context) const {
  Ref r = *resolve(file, name, Kind::Lexicon, &where, context);
  return files_[r.file].lexicons[r.index];
}

const Lexicon* PatternExpander::findLexicon(std::size_t file, std::string_view name) const {
  try {
    auto r = resolve(file, name, Kind::Lexicon, nullptr, "");
    if (!r) return nullptr;
    return &files_[r->file].lexicons[r->index];
  } catch (const ConfigError&) {
    return nullptr;
  }
}

void PatternExpander::expandInto(ExpandedPattern& out, std::size_t file, std::string_view text,
                                 const StringRef& origin, bool extended, const std::string& macro,
                                 const SourceLocation& used_at,
                                 std::vector<std::pair<std::size_t, std::string>>& chain,
                                 std::string_view context) const {
  std::size_t run = 0;  // start of the pending literal run
  std::size_t i = 0;
  auto flush = [&](std::size_t upto) {
    out.append(text.substr(run, upto - run), origin, run, false, macro, used_at);
  };
  while (i < text.size()) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      char e = text[i + 1];
      if (e == 'Q') {  // \Q...\E quotes everything, braces included
        std::size_t end = text.find("\\E", i + 2);
        i = end == std::string_view::npos ? text.size() : end + 2;
      } else if (std::string_view("pPxogkN").find(e) != std::string_view::npos &&
                 i + 2 < text.size() && text[i + 2] == '{') {
        std::size_t end = text.find('}', i + 3);  // \p{Lu}, \x{263A}, \g{1}: not references
        i = end == std::string_view::npos ? text.size() : end + 1;
      } else {
        i += 2;
      }
      continue;
    }
    if (c == '[') {
      i = skipClass(text, i);
      continue;
    }
    if (extended && c == '#') {  // a comment in extended mode: references in it are not expanded
      std::size_t end = text.find('\n', i);
      i = end == std::string_view::npos ? text.size() : end + 1;
      continue;
    }
    if (c != '{') {
      ++i;
      continue;
    }
    auto ref = parseRef(text, i);
    if (!ref) {
      ++i;
      continue;
    }
    flush(i);
    out.expanded_ = true;
    SourceLocation ref_at = origin.locate(i);
    SourceLocation outer_use = macro.empty() ? ref_at : used_at;
    if (ref->lexicon) {
      auto r = resolve(file, ref->name, Kind::Lexicon, &ref_at, context);
      out.append(files_[r->file].lexicons[r->index].alternation(), origin, i, true, macro,
                 used_at);
    } else {
      auto r = resolve(file, ref->name, Kind::Macro, &ref_at, context);
      const MacroDef& def = files_[r->file].macros[r->index];
      for (const auto& [f, n] : chain) {
        if (f == r->file && n == def.name) {
          std::string cycle;
          for (const auto& [cf, cn] : chain) cycle += cn + " -> ";
          throw ConfigError(ref_at, "macro cycle: " + cycle + def.name);
        }
      }
      chain.emplace_back(r->file, def.name);
      std::string inner_context = "macro '" + def.name + "'";
      out.append("(?:", origin, i, true, macro, used_at);
      expandInto(out, r->file, def.pattern, def.where, extended, def.name, outer_use, chain,
                 inner_context);
      out.append(")", origin, i, true, macro, used_at);
      chain.pop_back();
    }
    i += ref->length;
    run = i;
  }
  flush(text.size());
}

ExpandedPattern PatternExpander::expandRule(std::size_t file, const RuleDef& rule) const {
  ExpandedPattern out;
  std::vector<std::pair<std::size_t, std::string>> chain;
  expandInto(out, file, rule.pattern, rule.pattern_ref, (rule.flags & kExtended) != 0, "", {},
             chain, "rule '" + rule.id + "'");
  return out;
}

}  // namespace glean::rules
