// glean/core/src/rules/feature_template.cpp - FeatureTemplate: "$cap", "@lex($cap)" and literal text
// SPDX-License-Identifier: Apache-2.0
#include "rules/feature_template.hpp"

#include "glean/error.hpp"
#include "rules/text_util.hpp"

#include <limits>

namespace glean::rules {
namespace {

bool isAlpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAlnum(char c) { return isAlpha(c) || isDigit(c); }

constexpr std::size_t kUnset = std::numeric_limits<std::size_t>::max();

}  // namespace

FeatureTemplate::FeatureTemplate(std::string_view text, const StringRef& where,
                                 std::uint32_t capture_count, const CaptureResolver& captures,
                                 const std::vector<std::string>& capture_names,
                                 const LexiconResolver& lexicons, std::string_view context) {
  auto error = [&](std::size_t at, const std::string& msg) {
    throw ConfigError(where.locate(at), std::string(context) + ": " + msg);
  };
  auto addText = [&](std::string_view t) {
    if (t.empty()) return;
    if (!parts_.empty() && parts_.back().kind == Part::Kind::Text)
      parts_.back().text += t;
    else
      parts_.push_back({Part::Kind::Text, std::string(t), 0, nullptr});
  };
  // Parses a capture reference at text[i] == '$'; returns its group and advances i.
  auto captureRef = [&](std::size_t& i) -> std::uint32_t {
    std::size_t at = i++;
    std::string name;
    bool braced = i < text.size() && text[i] == '{';
    if (braced) {
      std::size_t end = text.find('}', i);
      if (end == std::string_view::npos) error(at, "missing '}' after '${'");
      name = std::string(text.substr(i + 1, end - i - 1));
      i = end + 1;
    } else if (i < text.size() && isDigit(text[i])) {
      while (i < text.size() && isDigit(text[i])) name.push_back(text[i++]);
    } else if (i < text.size() && isAlpha(text[i])) {
      while (i < text.size() && isAlnum(text[i])) name.push_back(text[i++]);
    } else {
      error(at, "'$' must be followed by a capture name, a group number, '{name}' or '$' (for a "
                "literal '$')");
    }
    if (!name.empty() && isDigit(name[0])) {
      unsigned long n = std::stoul(name);
      if (n > capture_count)
        error(at, "group $" + name + " does not exist (the pattern has " +
                      std::to_string(capture_count) + " capturing groups)");
      return static_cast<std::uint32_t>(n);
    }
    auto g = captures(name);
    if (!g) {
      std::string known = capture_names.empty() ? "the pattern has no named captures"
                                                 : "named captures: " + quotedList(capture_names);
      error(at, "unknown capture '" + name + "'" + didYouMean(name, capture_names) + " (" +
                    known + ")");
    }
    return *g;
  };

  std::size_t run = 0, i = 0;
  while (i < text.size()) {
    char c = text[i];
    if ((c == '$' || c == '@') && i + 1 < text.size() && text[i + 1] == c) {
      addText(text.substr(run, i - run));
      addText(std::string_view(&text[i], 1));
      i += 2;
      run = i;
      continue;
    }
    if (c == '$') {
      addText(text.substr(run, i - run));
      std::uint32_t g = captureRef(i);
      parts_.push_back({Part::Kind::Capture, {}, g, nullptr});
      run = i;
      continue;
    }
    if (c == '@') {
      // "@name(" or "@ruleset.name(" starts a look-up; any other '@' is text.
      std::size_t j = i + 1;
      while (j < text.size() && (isAlnum(text[j]) || text[j] == '-' || text[j] == '.')) ++j;
      if (j > i + 1 && j < text.size() && text[j] == '(' && isAlnum(text[j - 1])) {
        std::string_view lex_name = text.substr(i + 1, j - i - 1);
        std::size_t k = j + 1;
        if (k >= text.size() || text[k] != '$')
          error(k, "a look-up takes a capture: write @" + std::string(lex_name) + "($name)");
        const Lexicon& lex = lexicons(lex_name, where.locate(i + 1));
        std::uint32_t g = captureRef(k);
        if (k >= text.size() || text[k] != ')')
          error(k, "missing ')' after the capture in @" + std::string(lex_name) + "(...)");
        addText(text.substr(run, i - run));
        parts_.push_back({Part::Kind::Lookup, {}, g, &lex});
        i = k + 1;
        run = i;
        continue;
      }
    }
    ++i;
  }
  addText(text.substr(run));
}

std::optional<std::string> FeatureTemplate::evaluate(std::string_view subject,
                                                     const std::size_t* ovector,
                                                     std::uint32_t pairs) const {
  std::string out;
  for (const Part& p : parts_) {
    if (p.kind == Part::Kind::Text) {
      out += p.text;
      continue;
    }
    if (p.group >= pairs) return std::nullopt;
    std::size_t b = ovector[2 * p.group], e = ovector[2 * p.group + 1];
    if (b == kUnset || e == kUnset || e < b) return std::nullopt;
    std::string_view captured = subject.substr(b, e - b);
    if (p.kind == Part::Kind::Capture) {
      out += captured;
    } else {
      auto v = p.lexicon->lookup(captured);
      if (!v) return std::nullopt;
      out += *v;
    }
  }
  return out;
}

}  // namespace glean::rules
