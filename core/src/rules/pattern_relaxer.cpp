// glean/core/src/rules/pattern_relaxer.cpp - rewrites a PCRE2 pattern into a looser Hyperscan one
// SPDX-License-Identifier: Apache-2.0
#include "rules/pattern_relaxer.hpp"

#include <set>

namespace glean::rules {
namespace {

constexpr std::string_view kNonAscii = "\\x{80}-\\x{10FFFF}";

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Thrown inside the relaxer for a construct it will not rewrite.
struct GiveUp {
  std::string why;
};

class Relaxer {
 public:
  Relaxer(std::string_view p, bool extended) : p_(p), extended_(extended) {}

  RelaxedPattern run() {
    std::size_t i = 0;
    sequence(i, /*depth=*/0);
    if (i != p_.size()) throw GiveUp{"unbalanced ')'"};
    std::string changes;
    for (const std::string& c : changes_) {
      if (!changes.empty()) changes += ", ";
      changes += c;
    }
    return {out_, changes};
  }

 private:
  // Copies one UTF-8 character.
  std::size_t copyChar(std::size_t i) {
    std::size_t n = 1;
    while (i + n < p_.size() && (static_cast<unsigned char>(p_[i + n]) & 0xC0) == 0x80) ++n;
    out_.append(p_.substr(i, n));
    return i + n;
  }

  // Parses until the end of the pattern or an unmatched ')' (left in place).
  void sequence(std::size_t& i, int depth) {
    while (i < p_.size()) {
      char c = p_[i];
      if (extended_ && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')) {
        ++i;
        continue;
      }
      if (extended_ && c == '#') {
        std::size_t e = p_.find('\n', i);
        i = e == std::string_view::npos ? p_.size() : e + 1;
        continue;
      }
      switch (c) {
        case '\\': escape(i); break;
        case '[': charClass(i); break;
        case '(': group(i, depth); break;
        case ')':
          if (depth == 0) throw GiveUp{"unbalanced ')'"};
          return;
        case '*':
        case '+':
        case '?':
          out_.push_back(c);
          ++i;
          quantifierSuffix(i);
          break;
        case '{': {
          std::size_t end = quantifierEnd(i);
          if (end != 0) {
            out_.append(p_.substr(i, end - i));
            i = end;
            quantifierSuffix(i);
          } else {
            out_ += "\\{";  // a literal brace
            ++i;
          }
          break;
        }
        case '}':
          out_ += "\\}";
          ++i;
          break;
        default: i = copyChar(i);
      }
    }
  }

  // {n}, {n,}, {n,m}: returns the index after '}', or 0 when this '{' is a literal.
  std::size_t quantifierEnd(std::size_t i) const {
    std::size_t j = i + 1;
    std::size_t d = j;
    while (j < p_.size() && isDigit(p_[j])) ++j;
    if (j == d) return 0;
    if (j < p_.size() && p_[j] == ',') {
      ++j;
      while (j < p_.size() && isDigit(p_[j])) ++j;
    }
    return j < p_.size() && p_[j] == '}' ? j + 1 : 0;
  }

  // After a quantifier: '?' (lazy) is kept, '+' (possessive) is dropped.
  void quantifierSuffix(std::size_t& i) {
    if (i < p_.size() && p_[i] == '?') {
      out_.push_back('?');
      ++i;
    } else if (i < p_.size() && p_[i] == '+') {
      changes_.insert("possessive quantifiers made greedy");
      ++i;
    }
  }

  void escape(std::size_t& i) {
    if (i + 1 >= p_.size()) throw GiveUp{"trailing backslash"};
    char e = p_[i + 1];
    switch (e) {
      case 'b':
      case 'B':
        changes_.insert("\\b and \\B dropped");
        i += 2;
        return;
      case 'w':
      case 'd':
      case 's':
      case 'h':
      case 'v':
        out_ += "[\\";
        out_.push_back(e);
        out_ += kNonAscii;
        out_ += "]";
        changes_.insert("Unicode classes widened to all non-ASCII characters");
        i += 2;
        return;
      case 'p':
      case 'P': {
        std::size_t end = propertyEnd(i);
        out_ += "[";
        out_.append(p_.substr(i, end - i));
        out_ += kNonAscii;
        out_ += "]";
        changes_.insert("Unicode classes widened to all non-ASCII characters");
        i = end;
        return;
      }
      case 'Q': {
        std::size_t end = p_.find("\\E", i + 2);
        std::size_t stop = end == std::string_view::npos ? p_.size() : end;
        // Hyperscan supports \Q...\E, but escaping each character keeps the output simple to check.
        for (std::size_t k = i + 2; k < stop;) {
          auto u = static_cast<unsigned char>(p_[k]);
          bool alnum = (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
          if (u < 0x80 && !alnum) out_.push_back('\\');
          k = copyChar(k);
        }
        i = end == std::string_view::npos ? p_.size() : end + 2;
        return;
      }
      case 'E': i += 2; return;
      case 'x':
      case 'o':
      case 'N':
        if (i + 2 < p_.size() && p_[i + 2] == '{') {
          std::size_t end = p_.find('}', i + 3);
          if (end == std::string_view::npos) throw GiveUp{"unterminated \\" + std::string(1, e) + "{"};
          out_.append(p_.substr(i, end + 1 - i));
          i = end + 1;
          return;
        }
        if (e == 'N') throw GiveUp{"\\N"};
        break;
      case 'c':
        if (i + 2 >= p_.size()) throw GiveUp{"\\c at the end"};
        out_.append(p_.substr(i, 3));
        i += 3;
        return;
      case 'g':
      case 'k': throw GiveUp{"back-reference or subroutine call (\\" + std::string(1, e) + ")"};
      case 'G':
      case 'K':
      case 'R':
      case 'X':
      case 'C': throw GiveUp{"\\" + std::string(1, e)};
      default: break;
    }
    if (isDigit(e) && e != '0') throw GiveUp{"back-reference (\\" + std::string(1, e) + ")"};
    out_.push_back('\\');
    i = copyChar(i + 1);
  }

  // \pL, \p{Lu}, \P{^Greek}: returns the index after the property.
  std::size_t propertyEnd(std::size_t i) const {
    if (i + 2 >= p_.size()) throw GiveUp{"incomplete \\p"};
    if (p_[i + 2] != '{') return i + 3;
    std::size_t end = p_.find('}', i + 3);
    if (end == std::string_view::npos) throw GiveUp{"unterminated \\p{"};
    return end + 1;
  }

  void charClass(std::size_t& i) {
    std::size_t start = i++;
    bool negated = i < p_.size() && p_[i] == '^';
    if (negated) ++i;
    std::string body;
    bool unicode_positive = false;  // holds \w \d \s \h \v \p \P or a POSIX class
    bool unicode_negative = false;  // holds \W \D \S \H \V or [:^...:]
    bool first = true;
    while (true) {
      if (i >= p_.size()) throw GiveUp{"unterminated character class"};
      char c = p_[i];
      if (c == ']' && !first) break;
      first = false;
      if (c == ']') {  // a leading ']' is literal
        body += "\\]";
        ++i;
      } else if (c == '\\' && i + 1 < p_.size()) {
        char e = p_[i + 1];
        if (e == 'Q') {
          std::size_t end = p_.find("\\E", i + 2);
          std::size_t stop = end == std::string_view::npos ? p_.size() : end;
          for (std::size_t k = i + 2; k < stop; ++k) {
            auto u = static_cast<unsigned char>(p_[k]);
            bool alnum = (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
            if (u < 0x80 && !alnum) body.push_back('\\');
            body.push_back(p_[k]);
          }
          i = end == std::string_view::npos ? p_.size() : end + 2;
          continue;
        }
        if (e == 'E') {
          i += 2;
          continue;
        }
        if (std::string_view("wdshv").find(e) != std::string_view::npos) unicode_positive = true;
        if (std::string_view("WDSHV").find(e) != std::string_view::npos) unicode_negative = true;
        if (e == 'p' || e == 'P') {
          unicode_positive = true;
          std::size_t end = propertyEnd(i);
          body.append(p_.substr(i, end - i));
          i = end;
          continue;
        }
        if ((e == 'x' || e == 'o' || e == 'N') && i + 2 < p_.size() && p_[i + 2] == '{') {
          std::size_t end = p_.find('}', i + 3);
          if (end == std::string_view::npos) throw GiveUp{"unterminated escape in class"};
          body.append(p_.substr(i, end + 1 - i));
          i = end + 1;
          continue;
        }
        if (e == 'c' && i + 2 < p_.size()) {
          body.append(p_.substr(i, 3));
          i += 3;
          continue;
        }
        std::size_t n = 2;
        while (i + n < p_.size() && (static_cast<unsigned char>(p_[i + n]) & 0xC0) == 0x80) ++n;
        body.append(p_.substr(i, n));
        i += n;
      } else if (c == '[' && i + 1 < p_.size() && p_[i + 1] == ':') {
        std::size_t end = p_.find(":]", i + 2);
        if (end == std::string_view::npos) {
          body.push_back('[');
          ++i;
          continue;
        }
        if (p_[i + 2] == '^')
          unicode_negative = true;
        else
          unicode_positive = true;
        body.append(p_.substr(i, end + 2 - i));
        i = end + 2;
      } else {
        std::size_t n = 1;
        while (i + n < p_.size() && (static_cast<unsigned char>(p_[i + n]) & 0xC0) == 0x80) ++n;
        body.append(p_.substr(i, n));
        i += n;
      }
    }
    ++i;  // the closing ']'
    if (negated && unicode_negative)
      throw GiveUp{"negated class with a negated escape (" +
                   std::string(p_.substr(start, i - start)) + ")"};
    out_ += negated ? "[^" : "[";
    if (!negated && unicode_positive) {
      out_ += kNonAscii;
      changes_.insert("Unicode classes widened to all non-ASCII characters");
    }
    out_ += body;
    out_ += "]";
  }

  // Skips a group whose opener ends at `i` (the contents and the closing ')').
  void skipGroup(std::size_t& i) {
    std::string saved;
    saved.swap(out_);
    auto saved_changes = changes_;
    sequence(i, 1);
    if (i >= p_.size()) throw GiveUp{"missing ')'"};
    ++i;
    out_.swap(saved);
    changes_ = saved_changes;
  }

  void group(std::size_t& i, int depth) {
    std::string_view rest = p_.substr(i);
    auto starts = [&](std::string_view s) { return rest.substr(0, s.size()) == s; };
    static constexpr std::string_view kLookarounds[] = {
        "(?=", "(?!", "(?<=", "(?<!", "(*pla:", "(*plb:", "(*nla:", "(*nlb:", "(*napla:",
        "(*naplb:", "(*positive_lookahead:", "(*negative_lookahead:", "(*positive_lookbehind:",
        "(*negative_lookbehind:", "(*non_atomic_positive_lookahead:",
        "(*non_atomic_positive_lookbehind:"};
    for (std::string_view opener : kLookarounds) {
      if (starts(opener)) {
        i += opener.size();
        skipGroup(i);
        out_ += "(?:)";
        changes_.insert("lookaround assertions dropped");
        return;
      }
    }
    if (starts("(?#")) {
      std::size_t end = p_.find(')', i);
      if (end == std::string_view::npos) throw GiveUp{"unterminated comment"};
      i = end + 1;
      return;
    }
    std::size_t inner = 0;
    if (starts("(?>") || starts("(?|")) {
      inner = 3;
      changes_.insert(starts("(?>") ? "atomic groups made plain" : "branch reset made plain");
    } else if (starts("(*atomic:")) {
      inner = 9;
      changes_.insert("atomic groups made plain");
    } else if (starts("(?:")) {
      inner = 3;
    } else if (starts("(?<") || starts("(?P<") || starts("(?'")) {
      std::size_t name_start = i + (starts("(?P<") ? 4 : 3);
      char close = p_[name_start - 1] == '\'' ? '\'' : '>';
      std::size_t end = p_.find(close, name_start);
      if (end == std::string_view::npos) throw GiveUp{"unterminated group name"};
      out_.append(p_.substr(i, end + 1 - i));  // Hyperscan accepts named groups (and ignores them)
      i = end + 1;
      sequence(i, depth + 1);
      closeGroup(i);
      return;
    } else if (starts("(?")) {
      // Option settings: (?i) (?-i) (?i:...) (?^) ...
      std::size_t j = i + 2;
      std::string kept;
      while (j < p_.size() && std::string_view("imnsxJU-^").find(p_[j]) != std::string_view::npos) {
        char o = p_[j];
        if (o == 'x') throw GiveUp{"inline (?x)"};
        if (o == '^') throw GiveUp{"(?^)"};
        if (o == 'i' || o == 'm' || o == 's' || o == '-') kept.push_back(o);
        ++j;
      }
      while (!kept.empty() && kept.back() == '-') kept.pop_back();
      if (j < p_.size() && p_[j] == ')') {
        if (!kept.empty()) out_ += "(?" + kept + ")";
        i = j + 1;
        return;
      }
      if (j < p_.size() && p_[j] == ':') {
        out_ += kept.empty() ? "(?:" : "(?" + kept + ":";
        i = j + 1;
        sequence(i, depth + 1);
        closeGroup(i);
        return;
      }
      throw GiveUp{"group construct '" + std::string(rest.substr(0, std::min<std::size_t>(4, rest.size()))) +
                   "' (recursion, subroutine, conditional or callout)"};
    } else if (starts("(*")) {
      throw GiveUp{"verb or special group '" +
                   std::string(rest.substr(0, std::min<std::size_t>(8, rest.size()))) + "'"};
    } else {
      out_ += "(";
      ++i;
      sequence(i, depth + 1);
      closeGroup(i);
      return;
    }
    out_ += "(?:";
    i += inner;
    sequence(i, depth + 1);
    closeGroup(i);
  }

  void closeGroup(std::size_t& i) {
    if (i >= p_.size()) throw GiveUp{"missing ')'"};
    out_.push_back(')');
    ++i;
  }

  std::string_view p_;
  bool extended_;
  std::string out_;
  std::set<std::string> changes_;
};

}  // namespace

std::optional<RelaxedPattern> relaxForHyperscan(std::string_view pattern, bool extended,
                                                std::string& why) {
  try {
    return Relaxer(pattern, extended).run();
  } catch (const GiveUp& g) {
    why = g.why;
    return std::nullopt;
  }
}

}  // namespace glean::rules
