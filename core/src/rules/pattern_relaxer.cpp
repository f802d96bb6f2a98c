// glean/core/src/rules/pattern_relaxer.cpp - rewrites a PCRE2 pattern into a looser Hyperscan one
// SPDX-License-Identifier: Apache-2.0
#include "rules/pattern_relaxer.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <vector>

namespace glean::rules {
namespace {

constexpr std::string_view kNonAscii = "\\x{80}-\\x{10FFFF}";
// Every non-ASCII character PCRE2 counts as white space (\s with UCP, \h, \v), over Unicode
// versions: this set (Z categories, NEL, and U+180E, which was Zs until Unicode 6.3) is stable, and
// keeping it narrow keeps \s and \w apart for Hyperscan (overlapping classes cost it dearly).
constexpr std::string_view kWideSpace =
    "\\x{85}\\x{A0}\\x{1680}\\x{180E}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}";
constexpr unsigned kUnboundedRepeat = ~0u;
// Open-ended repeats are bounded to this many for Hyperscan (longer runs are caught separately,
// by a pattern that stops right after them). One: a bounded repeat of a multi-byte class is what
// makes Hyperscan's compile slow and its database big (measured on 1,000 rules: 4 gave twice the
// compile time and a database 1.7 times larger; the second pattern, "word\s{2}", stays rare).
constexpr unsigned kSplitBound = 1;

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Thrown inside the relaxer for a construct it will not rewrite.
struct GiveUp {
  std::string why;
};

class Relaxer {
  enum class Atom { Literal, Class, Group, Zero, Option };
  // One top-level item: an atom with its quantifier.
  struct Item {
    std::size_t begin = 0, end = 0;  // in out_
    Atom atom = Atom::Literal;
    bool quantified = false;
    unsigned min = 1;
    unsigned max = 1;
    bool group_unbounded = false;     // a group holding an unbounded quantifier
    bool group_literal_free = false;  // a group (or atom) holding no literal character
    bool separator = false;           // a class of white space and punctuation ("\\s", "[\\s-]")
    bool broad = false;               // a broad class, or a group holding one
    unsigned min_len = 0;             // the shortest text the item matches (0: optional)
    std::size_t q_begin = 0;          // where its quantifier starts in out_ (when quantified)
    std::size_t src_begin = 0, src_end = 0;    // the item in the pattern
    std::size_t body_begin = 0, body_end = 0;  // a group's body in the pattern
    bool plain_group = false;  // (...), (?:...), (?<name>...) or (?>...): its body stands alone
  };

 public:
  Relaxer(std::string_view p, bool extended, bool caseless)
      : p_(p), extended_(extended), caseless_(caseless) {
    // An inline (?i) anywhere makes the whole pattern count as caseless here (conservative).
    for (std::size_t k = p_.find("(?"); k != std::string_view::npos; k = p_.find("(?", k + 2)) {
      std::size_t j = k + 2;
      while (j < p_.size() && std::string_view("imnsxJU-^").find(p_[j]) != std::string_view::npos) {
        if (p_[j] == 'i') caseless_ = true;
        ++j;
      }
      if (j > k + 2 && j < p_.size() && (p_[j] == ')' || p_[j] == ':')) inline_options_ = true;
    }
  }

  RelaxedPattern run() {
    std::size_t i = 0;
    sequence(i, /*depth=*/0);
    if (i != p_.size()) throw GiveUp{"unbalanced ')'"};
    std::string changes;
    for (const std::string& c : changes_) {
      if (!changes.empty()) changes += ", ";
      changes += c;
    }
    RelaxedPattern out{out_, changes, out_, false, {}, {}, false, false, {}, {}};
    prefix(out);
    return out;
  }

 private:
  // Copies one UTF-8 character.
  std::size_t copyChar(std::size_t i) {
    std::size_t n = 1;
    while (i + n < p_.size() && (static_cast<unsigned char>(p_[i + n]) & 0xC0) == 0x80) ++n;
    out_.append(p_.substr(i, n));
    return i + n;
  }

  // Parses until the end of the pattern or an unmatched ')' (left in place). At depth 0 it also
  // records the top-level items (atoms with their quantifiers) and branches, for prefix().
  void sequence(std::size_t& i, int depth) {
    bool all_end = true;  // every branch so far ends with a word character
    // The shortest match of the current branch and of the branches closed so far, and of the
    // last atom (for its quantifier): lets prefix() tell required items from optional ones.
    unsigned branch_min = 0, group_min = kUnboundedRepeat, last_atom_min = 0;
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
      if (c == ')') {
        if (depth == 0) throw GiveUp{"unbalanced ')'"};
        group_ends_word_ = all_end && ends_word_;
        group_min_len_ = std::min(group_min, branch_min);
        return;
      }
      if (c == '|') {
        out_.push_back('|');
        ++i;
        if (depth == 0) branches_.push_back(items_.size());
        all_end = all_end && ends_word_;
        ends_word_ = false;
        group_min = std::min(group_min, branch_min);
        branch_min = 0;
        last_atom_min = 0;
        continue;
      }
      bool quantifier = c == '*' || c == '+' || c == '?' || (c == '{' && quantifierEnd(i) != 0);
      if (quantifier) {
        std::size_t q_begin = out_.size();
        unsigned max = 1, min = 0;
        if (c == '{') {
          std::size_t end = quantifierEnd(i);
          std::string_view q = p_.substr(i + 1, end - i - 2);
          std::size_t comma = q.find(',');
          min = static_cast<unsigned>(
              std::min<unsigned long>(std::stoul(std::string(q.substr(0, comma))), 1000000));
          if (comma == std::string_view::npos)
            max = static_cast<unsigned>(std::min<unsigned long>(std::stoul(std::string(q)), 1000000));
          else if (comma + 1 == q.size())
            max = kUnboundedRepeat;
          else
            max = static_cast<unsigned>(
                std::min<unsigned long>(std::stoul(std::string(q.substr(comma + 1))), 1000000));
          out_.append(p_.substr(i, end - i));
          i = end;
        } else {
          max = c == '?' ? 1 : kUnboundedRepeat;
          min = c == '+' ? 1 : 0;
          out_.push_back(c);
          ++i;
        }
        quantifierSuffix(i);
        if (max == kUnboundedRepeat) ++unbounded_;
        if (min == 0) ends_word_ = false;
        unsigned repeated = static_cast<unsigned>(
            std::min<unsigned long long>(1u << 20, static_cast<unsigned long long>(last_atom_min) * min));
        branch_min = branch_min - last_atom_min + repeated;
        last_atom_min = repeated;
        if (depth == 0 && !items_.empty() && items_.back().end == q_begin) {
          items_.back().min_len = repeated;
          items_.back().end = out_.size();
          items_.back().q_begin = q_begin;
          items_.back().quantified = true;
          items_.back().min = min;
          items_.back().max = max;
        }
        continue;
      }
      Item item;
      item.begin = out_.size();
      separator_ = false;
      broad_ = false;
      const std::size_t broad_before = broad_count_;
      const bool ends_before = ends_word_;
      const std::size_t item_src_begin = i;
      group_plain_ = false;
      std::size_t literals_before = literals_, unbounded_before = unbounded_;
      switch (c) {
        case '\\': escape(i); break;
        case '[':
          charClass(i);
          atom_ = Atom::Class;
          break;
        case '(': group(i, depth); break;
        case '.':
          out_.push_back('.');
          ++i;
          atom_ = Atom::Class;
          broad_ = true;
          break;
        case '^':
        case '$':
          out_.push_back(c);
          ++i;
          atom_ = Atom::Zero;
          break;
        case '{':
          out_ += "\\{";  // a literal brace
          ++i;
          atom_ = Atom::Literal;
          break;
        case '}':
          out_ += "\\}";
          ++i;
          atom_ = Atom::Literal;
          break;
        default:
          i = copyChar(i);
          atom_ = Atom::Literal;
      }
      if (atom_ == Atom::Literal) ++literals_;
      if (broad_) ++broad_count_;
      last_atom_min = atom_ == Atom::Literal ? (out_.size() > item.begin ? 1u : 0u)
                      : atom_ == Atom::Class ? 1u
                      : atom_ == Atom::Group ? group_min_len_
                                             : 0u;
      branch_min = static_cast<unsigned>(std::min<unsigned long long>(1u << 20, branch_min + last_atom_min));
      switch (atom_) {
        case Atom::Literal: ends_word_ = c != '\\' && wordChar(c); break;
        case Atom::Class: ends_word_ = false; break;
        case Atom::Group: ends_word_ = group_ends_word_; break;
        case Atom::Zero:
        case Atom::Option: ends_word_ = ends_before; break;
      }
      if (depth == 0) {
        item.end = out_.size();
        item.atom = atom_;
        item.group_unbounded = unbounded_ > unbounded_before;
        item.group_literal_free = literals_ == literals_before;
        item.separator = separator_ && atom_ == Atom::Class;
        item.min_len = last_atom_min;
        item.src_begin = item_src_begin;
        item.src_end = i;
        item.body_begin = group_body_begin_;
        item.body_end = group_body_end_;
        item.plain_group = atom_ == Atom::Group && group_plain_;
        item.broad = atom_ == Atom::Class ? broad_ : broad_count_ > broad_before;
        items_.push_back(item);
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
        // Next to an ASCII word character, an ASCII \b holds wherever a Unicode one does (the
        // other side is then a non-word character in both senses, or a non-ASCII one), so it can
        // stay; elsewhere, and \B always, it goes.
        if (e == 'b' && (ends_word_ || startsWithWord(i + 2))) {
          out_ += "\\b";
        } else if (e == 'b' && out_.empty() && startsWithWord(i + 2, /*any_case=*/true)) {
          // At the very start, before a word that may begin with a caseless K or S (they also
          // match the Kelvin sign and the long s, word characters for PCRE2 but not for
          // Hyperscan's \b): PCRE2's \b there means the text starts, or a character that is not
          // a word character precedes, and every such character is outside ASCII \w. Consuming
          // it only moves the reported start one character earlier, which the windows allow for.
          // (Dropping the \b instead sends PCRE2 to every "men" in "government".)
          out_ += "(?:^|[^\\w])";
          changes_.insert("a leading \\b before a caseless k or s looked for as (?:^|[^\\w])");
        } else {
          changes_.insert("\\b and \\B dropped where not next to an ASCII word character");
        }
        i += 2;
        atom_ = Atom::Zero;
        return;
      case 'w':
      case 'd':
      case 's':
      case 'h':
      case 'v':
        out_ += "[\\";
        out_.push_back(e);
        out_ += (e == 'w' || e == 'd') ? kNonAscii : kWideSpace;
        out_ += "]";
        separator_ = e == 's' || e == 'h' || e == 'v';
        broad_ = e == 'w';
        changes_.insert("Unicode classes widened to all non-ASCII characters");
        i += 2;
        atom_ = Atom::Class;
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
        atom_ = Atom::Class;
        broad_ = true;
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
        atom_ = Atom::Literal;
        return;
      }
      case 'E':
        i += 2;
        atom_ = Atom::Zero;
        return;
      case 'x':
      case 'o':
      case 'N':
        if (i + 2 < p_.size() && p_[i + 2] == '{') {
          std::size_t end = p_.find('}', i + 3);
          if (end == std::string_view::npos) throw GiveUp{"unterminated \\" + std::string(1, e) + "{"};
          out_.append(p_.substr(i, end + 1 - i));
          i = end + 1;
          atom_ = Atom::Literal;
          return;
        }
        if (e == 'N') throw GiveUp{"\\N"};
        break;
      case 'c':
        if (i + 2 >= p_.size()) throw GiveUp{"\\c at the end"};
        out_.append(p_.substr(i, 3));
        i += 3;
        atom_ = Atom::Literal;
        return;
      case 'A':
      case 'z':
      case 'Z':
        out_.append(p_.substr(i, 2));
        i += 2;
        atom_ = Atom::Zero;
        return;
      case 'W':
      case 'D':
      case 'S':
      case 'H':
      case 'V':
        out_.append(p_.substr(i, 2));
        i += 2;
        atom_ = Atom::Class;
        broad_ = true;
        return;
      case 'g':
      case 'k': {
        // \k<name> \k'name' \k{name} \g{name} \g{N} \g{-N} \gN
        std::size_t j = i + 2;
        char open = j < p_.size() ? p_[j] : '\0';
        char close = open == '<' ? '>' : open == '\'' ? '\'' : open == '{' ? '}' : '\0';
        if (close != '\0') {
          std::size_t end = p_.find(close, j + 1);
          if (end == std::string_view::npos) throw GiveUp{"unterminated back-reference"};
          backReference(std::string(p_.substr(j + 1, end - j - 1)), i, end + 1);
          return;
        }
        if (e == 'g') {
          std::size_t k = j;
          if (k < p_.size() && p_[k] == '-') ++k;
          while (k < p_.size() && isDigit(p_[k])) ++k;
          if (k > j) {
            backReference(std::string(p_.substr(j, k - j)), i, k);
            return;
          }
        }
        throw GiveUp{"back-reference or subroutine call (\\" + std::string(1, e) + ")"};
      }
      case 'G':
      case 'K':
      case 'R':
      case 'X':
      case 'C': throw GiveUp{"\\" + std::string(1, e)};
      default: break;
    }
    if (isDigit(e) && e != '0') {
      std::size_t k = i + 1;
      while (k < p_.size() && isDigit(p_[k])) ++k;
      backReference(std::string(p_.substr(i + 1, k - i - 1)), i, k);
      return;
    }
    out_.push_back('\\');
    i = copyChar(i + 1);
    atom_ = Atom::Literal;
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
    bool unicode_positive = false;  // holds \w \d \p \P or a POSIX class
    bool unicode_space = false;     // holds \s \h \v, [:space:] or [:blank:]
    bool unicode_negative = false;  // holds \W \D \S \H \V or [:^...:]
    bool has_broad = false;         // holds \w, \p, \P or a POSIX class other than digits and spaces
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
        if (e == 'w' || e == 'd') unicode_positive = true;
        if (e == 'w') has_broad = true;
        if (e == 's' || e == 'h' || e == 'v') unicode_space = true;
        if (std::string_view("WDSHV").find(e) != std::string_view::npos) unicode_negative = true;
        if (e == 'p' || e == 'P') {
          unicode_positive = true;
          has_broad = true;
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
        std::string_view posix = p_.substr(i, end + 2 - i);
        if (p_[i + 2] == '^')
          unicode_negative = true;
        else if (posix == "[:space:]" || posix == "[:blank:]")
          unicode_space = true;
        else
          unicode_positive = true;
        if (posix != "[:space:]" && posix != "[:blank:]" && posix != "[:digit:]") has_broad = true;
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
    // A class of white space and punctuation only joins words ("[\\s-]+"): see prefix().
    separator_ = !negated && !unicode_positive &&
                 body.find_first_not_of(" \\shv-.,/\\t") == std::string::npos;
    broad_ = negated || has_broad;
    if (negated && unicode_negative)
      throw GiveUp{"negated class with a negated escape (" +
                   std::string(p_.substr(start, i - start)) + ")"};
    out_ += negated ? "[^" : "[";
    if (!negated && unicode_positive) {
      out_ += kNonAscii;
      changes_.insert("Unicode classes widened to all non-ASCII characters");
    } else if (!negated && unicode_space) {
      out_ += kWideSpace;
    }
    out_ += body;
    out_ += "]";
  }

  // Skips a group whose opener ends at `i` (the contents and the closing ')').
  void skipGroup(std::size_t& i) {
    std::string saved;
    saved.swap(out_);
    auto saved_changes = changes_;
    std::size_t literals = literals_, unbounded = unbounded_;
    sequence(i, 1);
    if (i >= p_.size()) throw GiveUp{"missing ')'"};
    ++i;
    out_.swap(saved);
    changes_ = saved_changes;
    literals_ = literals;
    unbounded_ = unbounded;
  }

  void group(std::size_t& i, int depth) {
    std::string_view rest = p_.substr(i);
    auto starts = [&](std::string_view s) { return rest.substr(0, s.size()) == s; };
    static constexpr std::string_view kLookarounds[] = {
        "(?=", "(?!", "(?<=", "(?<!", "(*pla:", "(*plb:", "(*nla:", "(*nlb:", "(*napla:",
        "(*naplb:", "(*positive_lookahead:", "(*negative_lookahead:", "(*positive_lookbehind:",
        "(*negative_lookbehind:", "(*non_atomic_positive_lookahead:",
        "(*non_atomic_positive_lookbehind:"};
    // A lookbehind that opens the pattern ("(?<=\\bbetween |\\bfrom )...") is looked for as text:
    // every match has that text right before it, and a literal is what makes Hyperscan fast (the
    // three "between" rules: 10-15% of the date rules' scan). The match then seems to start up to
    // the lookbehind's length earlier, which the windows allow for (their width includes it). It
    // stays a zero-width item for prefix(), cover() and startPieces(), so no cut ends right
    // after it (such a piece would end where the match starts, and point PCRE2 before it).
    if (starts("(?<=") && depth == 0 && out_.empty() && items_.empty()) {
      std::size_t end = i + 4;
      skipGroup(end);  // past the closing ')'
      Relaxer body(p_.substr(i + 4, end - 1 - (i + 4)), extended_, caseless_);
      try {
        RelaxedPattern r = body.run();
        out_ += "(?:" + r.pattern + ")";
        changes_.insert("a leading lookbehind looked for as text");
        i = end;
        atom_ = Atom::Zero;
        return;
      } catch (const GiveUp&) {
        // dropped below, like any other assertion
      }
    }
    for (std::string_view opener : kLookarounds) {
      if (starts(opener)) {
        i += opener.size();
        skipGroup(i);
        out_ += "(?:)";
        changes_.insert("lookaround assertions dropped");
        atom_ = Atom::Zero;
        return;
      }
    }
    if (starts("(?#")) {
      std::size_t end = p_.find(')', i);
      if (end == std::string_view::npos) throw GiveUp{"unterminated comment"};
      i = end + 1;
      atom_ = Atom::Zero;
      return;
    }
    std::size_t inner = 0;
    if (starts("(?|")) branch_reset_ = true;  // group numbers no longer follow the parentheses
    if (starts("(?>") || starts("(?|")) {
      inner = 3;
      changes_.insert(starts("(?>") ? "atomic groups made plain" : "branch reset made plain");
    } else if (starts("(*atomic:")) {
      inner = 9;
      changes_.insert("atomic groups made plain");
    } else if (starts("(?:")) {
      inner = 3;
    } else if (starts("(?P=")) {
      std::size_t end = p_.find(')', i);
      if (end == std::string_view::npos) throw GiveUp{"unterminated back-reference"};
      backReference(std::string(p_.substr(i + 4, end - i - 4)), i, end + 1);
      return;
    } else if (starts("(?<") || starts("(?P<") || starts("(?'")) {
      std::size_t name_start = i + (starts("(?P<") ? 4 : 3);
      char close = p_[name_start - 1] == '\'' ? '\'' : '>';
      std::size_t end = p_.find(close, name_start);
      if (end == std::string_view::npos) throw GiveUp{"unterminated group name"};
      out_.append(p_.substr(i, end + 1 - i));  // Hyperscan accepts named groups (and ignores them)
      std::string name(p_.substr(name_start, end - name_start));
      i = end + 1;
      captureGroup(i, depth, name);
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
        atom_ = Atom::Option;
        return;
      }
      if (j < p_.size() && p_[j] == ':') {
        out_ += kept.empty() ? "(?:" : "(?" + kept + ":";
        i = j + 1;
        sequence(i, depth + 1);
        markBody(0, 0, false);  // its options would be lost out of context
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
      captureGroup(i, depth, {});
      return;
    }
    out_ += "(?:";
    i += inner;
    std::size_t body = i;
    sequence(i, depth + 1);
    markBody(body, i, inner == 3 && !starts("(?|"));
    closeGroup(i);
  }

  // Records the body of the group just parsed, for prefix(): a plain group's body is a pattern of
  // its own, whose prefixes are prefixes of the group.
  void markBody(std::size_t begin, std::size_t end, bool plain) {
    group_body_begin_ = begin;
    group_body_end_ = end;
    group_plain_ = plain;
  }

  // The body of a capturing group: its loosened text is kept, so that a back-reference to it can
  // be loosened to a copy of it (the text a back-reference matches is a match of the group).
  void captureGroup(std::size_t& i, int depth, const std::string& name) {
    std::size_t number = ++captures_opened_;
    std::size_t body = out_.size();
    std::size_t src = i;
    sequence(i, depth + 1);
    group_text_[number] = out_.substr(body);
    if (!name.empty()) group_names_[name] = number;
    markBody(src, i, true);
    closeGroup(i);
  }

  // A back-reference (\1, \g{1}, \g{-1}, \k<name>, (?P=name)...) becomes a copy of its group,
  // when that group is closed and simple (no nested group, so no capture names or options).
  void backReference(const std::string& ref, std::size_t& i, std::size_t end) {
    if (branch_reset_ || inline_options_) throw GiveUp{"back-reference (" + ref + ")"};
    std::size_t number = 0;
    std::string key = ref;
    if (!key.empty() && (key[0] == '-' || isDigit(key[0]))) {
      long n = std::stol(key);
      if (n < 0) n = static_cast<long>(captures_opened_) + 1 + n;
      number = n > 0 ? static_cast<std::size_t>(n) : 0;
    } else if (auto it = group_names_.find(key); it != group_names_.end()) {
      number = it->second;
    }
    auto text = group_text_.find(number);
    if (number == 0 || text == group_text_.end() || text->second.find('(') != std::string::npos)
      throw GiveUp{"back-reference (" + ref + ")"};
    out_ += "(?:" + text->second + ")";
    changes_.insert("back-references replaced by a copy of their group");
    i = end;
    atom_ = Atom::Group;
    group_ends_word_ = false;
    group_min_len_ = 0;
    group_plain_ = false;
  }

  void closeGroup(std::size_t& i) {
    if (i >= p_.size()) throw GiveUp{"missing ')'"};
    out_.push_back(')');
    ++i;
    atom_ = Atom::Group;
  }

  // An ASCII word character whose caseless forms are all ASCII too (K and S also match the
  // Kelvin sign and the long s).
  // With `any_case`, the caseless K and S count too (see the leading \b in escape()).
  bool wordChar(char c, bool any_case = false) const {
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!word) return false;
    return any_case || !caseless_ || (c != 'k' && c != 'K' && c != 's' && c != 'S');
  }

  // True when at least one character must follow at `j` and every way to match starts with a
  // word character (see wordChar): a literal, or a group whose every branch starts with one.
  bool startsWithWord(std::size_t j, bool any_case = false) const {
    auto skipSpace = [&](std::size_t k) {
      while (extended_ && k < p_.size() && (p_[k] == ' ' || p_[k] == '\t' || p_[k] == '\n' || p_[k] == '\r')) ++k;
      return k;
    };
    auto optionalAfter = [&](std::size_t k) {
      k = skipSpace(k);
      if (k >= p_.size()) return false;
      if (p_[k] == '?' || p_[k] == '*') return true;
      if (p_[k] == '{' && quantifierEnd(k) != 0) return p_[k + 1] == '0';
      return false;
    };
    j = skipSpace(j);
    if (j >= p_.size()) return false;
    if (wordChar(p_[j], any_case)) return !optionalAfter(j + 1);
    if (p_[j] != '(') return false;
    // The group's opener: (, (?:, (?>, (?<name>, (?P<name>, (?'name', (?i:, (?-i:.
    std::size_t k = j + 1;
    if (k < p_.size() && p_[k] == '?') {
      ++k;
      if (k < p_.size() && (p_[k] == ':' || p_[k] == '>')) {
        ++k;
      } else if (k < p_.size() && (p_[k] == '<' || p_[k] == '\'' || p_[k] == 'P')) {
        if (p_[k] == 'P') ++k;
        if (k + 1 < p_.size() && (p_[k + 1] == '=' || p_[k + 1] == '!')) return false;
        char close = p_[k] == '\'' ? '\'' : '>';
        std::size_t end = p_.find(close, k + 1);
        if (end == std::string_view::npos) return false;
        k = end + 1;
      } else {
        while (k < p_.size() && std::string_view("imnsJU-").find(p_[k]) != std::string_view::npos) ++k;
        if (k >= p_.size() || p_[k] != ':') return false;
        ++k;
      }
    }
    // Every branch must start with a word character that is not optional.
    int depth = 1;
    bool at_branch_start = true;
    while (k < p_.size()) {
      if (at_branch_start) {
        k = skipSpace(k);
        if (k >= p_.size() || !startsWithWord(k, any_case)) return false;
        at_branch_start = false;
      }
      char c = p_[k];
      if (c == '\\') {
        k += 2;
      } else if (c == '[') {
        k = skipClassAt(k);
      } else if (c == '(') {
        ++depth;
        ++k;
      } else if (c == ')') {
        if (--depth == 0) return !optionalAfter(k + 1);
        ++k;
      } else if (c == '|' && depth == 1) {
        at_branch_start = true;
        ++k;
      } else {
        ++k;
      }
    }
    return false;
  }

  std::size_t skipClassAt(std::size_t k) const {
    ++k;
    if (k < p_.size() && p_[k] == '^') ++k;
    if (k < p_.size() && p_[k] == ']') ++k;
    while (k < p_.size() && p_[k] != ']') {
      if (p_[k] == '\\')
        k += 2;
      else if (p_[k] == '[' && k + 1 < p_.size() && p_[k + 1] == ':') {
        std::size_t e = p_.find(":]", k + 2);
        k = e == std::string_view::npos ? k + 1 : e + 2;
      } else
        ++k;
    }
    return k + 1;
  }

  // Builds the prefix patterns. For each top-level branch, the items are kept up to the first
  // costly or open-ended broad item ("(?:\\W+\\w+){0,3}", "\\w+", "(?<what>\\p{Lu}\\w+)"): Hyperscan
  // is fast on literals joined by separators and narrow classes, slow on open-ended classes after
  // them, which rarely make a match rarer anyway. A prefix may end after any required item (not a
  // separator) once a literal has been kept, and takes a \\b right after it along. The longest such
  // prefix is `prefix`; shorter ones (single-branch patterns) are the fallbacks. Sound because every
  // match of the pattern starts with a match of each prefix at the same start.
  void prefix(RelaxedPattern& out) const {
    for (const Item& it : items_)
      if (it.atom == Atom::Option) return;  // an inline option would change meaning when cut
    std::vector<std::size_t> bounds = branches_;
    bounds.insert(bounds.begin(), 0);
    bounds.push_back(items_.size());
    std::vector<std::string> parts;
    std::vector<std::size_t> shorter;  // alternative ends for a single branch, longest first
    bool cut = false;
    for (std::size_t b = 0; b + 1 < bounds.size(); ++b) {
      std::size_t first = bounds[b], last = bounds[b + 1];
      std::size_t stop = last;
      for (std::size_t k = first; k < last; ++k) {
        const Item& it = items_[k];
        bool open_broad = (it.atom == Atom::Class && it.broad && it.quantified && it.max > 1) ||
                          (it.atom == Atom::Group && it.group_literal_free &&
                           (it.group_unbounded || it.broad));
        if (costly(it) || open_broad) {
          stop = k;
          break;
        }
      }
      std::vector<std::size_t> ends;
      bool literal = false;
      for (std::size_t k = first; k < stop; ++k) {
        const Item& it = items_[k];
        bool required = it.min_len > 0;
        bool literal_like = it.atom == Atom::Literal || (it.atom == Atom::Group && !it.group_literal_free);
        if (required && literal_like) literal = true;
        if (!required || it.atom == Atom::Zero || it.atom == Atom::Option || it.separator || !literal)
          continue;
        // A run of literal characters is one unit: "word", not "w", "wo", "wor".
        if (it.atom == Atom::Literal && k + 1 < stop && items_[k + 1].atom == Atom::Literal &&
            !items_[k + 1].quantified)
          continue;
        std::size_t end = k + 1;
        if (end < stop && items_[end].atom == Atom::Zero &&
            out_.compare(items_[end].begin, items_[end].end - items_[end].begin, "\\b") == 0)
          ++end;
        ends.push_back(end);
      }
      std::size_t keep = ends.empty() ? last : ends.back();
      split_end_ = keep;
      // Only empty items (dropped assertions) after the end: nothing was cut.
      bool all_empty = true;
      for (std::size_t k = keep; k < last; ++k) all_empty = all_empty && items_[k].end == items_[k].begin;
      if (!all_empty) cut = true;
      if (bounds.size() == 2 && ends.size() > 1)
        for (std::size_t k = ends.size() - 1; k-- > 0;) shorter.push_back(ends[k]);
      std::string part;
      for (std::size_t k = first; k < keep; ++k)
        part.append(out_, items_[k].begin, items_[k].end - items_[k].begin);
      parts.push_back(std::move(part));
    }
    std::string joined;
    for (std::size_t k = 0; k < parts.size(); ++k) joined += (k ? "|" : "") + parts[k];
    if (parts.size() > 1) joined = "(?:" + joined + ")";
    if (cut) {
      out.prefix = joined;
      out.truncated = true;
    }
    if (bounds.size() == 2) split(split_end_, out.split);
    if (bounds.size() == 2) startPieces(split_end_, out.starts);
    for (std::size_t end : shorter) {
      std::string alt;
      for (std::size_t k = 0; k < end; ++k)
        alt.append(out_, items_[k].begin, items_[k].end - items_[k].begin);
      if (alt != out.prefix) out.shorter.push_back(std::move(alt));
    }
    cover(out.cover);
    for (const Item& it : items_) {
      if (it.atom == Atom::Zero) continue;
      out.starts_optional = it.min_len == 0;
      break;
    }
    out.som_anchored = bounds.size() == 2 && anchoredAfterOpenRepeat();
  }

  // True when a literal of 3 characters or more follows the first open-ended repeat: Hyperscan
  // then anchors its start-of-match tracking on that literal, which keeps it cheap.
  bool anchoredAfterOpenRepeat() const {
    std::size_t k = 0;
    while (k < items_.size() && !(items_[k].quantified && items_[k].max == kUnboundedRepeat) &&
           !items_[k].group_unbounded)
      ++k;
    std::size_t run = 0;
    for (++k; k < items_.size(); ++k) {
      const Item& it = items_[k];
      if (it.atom == Atom::Literal && it.min_len > 0 && !it.quantified) {
        if (++run >= 3) return true;
        continue;
      }
      run = 0;
      if (it.atom == Atom::Group && it.min_len > 0 && !it.group_literal_free) {
        // A group holding a plain word: "(?<what>Forensic)".
        std::string_view body(out_.data() + it.begin, it.end - it.begin);
        std::size_t letters = 0;
        bool plain = body.find('|') == std::string_view::npos;
        for (char c : body) letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (plain && letters >= 3) return true;
      }
    }
    return false;
  }

 public:
  // A start cover: patterns such that every match of this pattern starts with a match of one of
  // them, at the same place. In each top-level branch, leading optional items each give their own
  // piece (a match may start there); the first required item and what follows give the last
  // piece. Each piece lists candidate texts, longest first. Empty when there is none (a branch can
  // match the empty string, or an item cannot stand alone).
  void cover(std::vector<std::vector<std::string>>& pieces) const {
    pieces.clear();
    std::vector<std::size_t> bounds = branches_;
    bounds.insert(bounds.begin(), 0);
    bounds.push_back(items_.size());
    for (std::size_t b = 0; b + 1 < bounds.size(); ++b)
      if (!branchCover(bounds[b], bounds[b + 1], pieces)) return pieces.clear();
  }

 private:
  // The candidates a plain group's body offers as one piece: its prefixes, then (last, shortest)
  // its own cover joined, each piece at its shortest.
  std::optional<std::vector<std::string>> bodyCandidates(const Item& it) const {
    Relaxer body(p_.substr(it.body_begin, it.body_end - it.body_begin), extended_, caseless_);
    RelaxedPattern r;
    try {
      r = body.run();
    } catch (const GiveUp&) {
      return std::nullopt;
    }
    std::vector<std::string> texts{r.truncated ? r.prefix : r.pattern};
    texts.insert(texts.end(), r.shorter.begin(), r.shorter.end());
    if (!r.cover.empty()) {
      std::string joined;
      for (const auto& piece : r.cover) joined += (joined.empty() ? "" : "|") + piece.back();
      texts.push_back("(?:" + joined + ")");
    }
    return texts;
  }

  bool branchCover(std::size_t first, std::size_t last,
                   std::vector<std::vector<std::string>>& pieces) const {
    for (std::size_t k = first; k < last; ++k) {
      const Item& it = items_[k];
      if (it.atom == Atom::Option) return false;
      if (it.atom == Atom::Zero) continue;  // assertions only narrow where a match starts
      if (it.min_len > 0) {
        // The rest of the branch from here: its prefixes, longest first (prefix()'s cut points).
        std::vector<std::string> rest;
        bool literal = false;
        for (std::size_t e = k; e < last; ++e) {
          const Item& x = items_[e];
          bool open_broad = (x.atom == Atom::Class && x.broad && x.quantified && x.max > 1) ||
                            (x.atom == Atom::Group && x.group_literal_free &&
                             (x.group_unbounded || x.broad));
          if (costly(x) || open_broad || x.atom == Atom::Option) break;
          bool literal_like = x.atom == Atom::Literal || (x.atom == Atom::Group && !x.group_literal_free);
          if (x.min_len > 0 && literal_like) literal = true;
          if (x.min_len == 0 || x.separator || !literal) continue;
          if (x.atom == Atom::Literal && e + 1 < last && items_[e + 1].atom == Atom::Literal &&
              !items_[e + 1].quantified)
            continue;
          std::string text;
          for (std::size_t t = k; t <= e; ++t)
            text.append(out_, items_[t].begin, items_[t].end - items_[t].begin);
          rest.insert(rest.begin(), std::move(text));
        }
        // A required group first: every match also starts with a match of its body.
        if (it.atom == Atom::Group && it.plain_group && it.quantified == false) {
          if (auto more = bodyCandidates(it)) rest.insert(rest.end(), more->begin(), more->end());
        }
        if (rest.empty()) return false;
        pieces.push_back(std::move(rest));
        return true;
      }
      // An optional item: a match may start with it.
      if (it.atom == Atom::Literal || it.atom == Atom::Class) {
        // One occurrence of the atom starts it: the atom without its quantifier.
        Relaxer one(p_.substr(it.src_begin, atomEnd(it) - it.src_begin), extended_, caseless_);
        try {
          RelaxedPattern r = one.run();
          pieces.push_back({r.pattern});
        } catch (const GiveUp&) {
          return false;
        }
        continue;
      }
      if (it.atom != Atom::Group || !it.plain_group) return false;
      auto texts = bodyCandidates(it);
      if (!texts) return false;
      pieces.push_back(std::move(*texts));
    }
    return false;  // every item optional: the branch can match the empty string
  }

  // Where an optional literal or class atom ends in the pattern, its quantifier excluded.
  std::size_t atomEnd(const Item& it) const {
    std::size_t e = it.src_end;
    while (e > it.src_begin) {
      char c = p_[e - 1];
      if (c == '?' || c == '*' || c == '+') {
        --e;
        continue;
      }
      if (c == '}') {
        std::size_t open = p_.rfind('{', e - 1);
        if (open != std::string_view::npos && open > it.src_begin && quantifierEnd(open) == e) {
          e = open;
          continue;
        }
      }
      break;
    }
    return e;
  }

  // The prefix items_[0, end) with every open-ended class repeat X{m,} bounded to X{m,K}, then, for
  // each such repeat, the items before it (bounded likewise) followed by X{K+1}: a match whose
  // repeat is longer than K starts with that. Together these find every match start, and each has
  // a length bound, so Hyperscan needs no start-of-match tracking. Empty when an unbounded repeat
  // sits inside a group (it cannot be bounded from here).
  void split(std::size_t end, std::vector<std::string>& out) const {
    out.clear();
    std::vector<std::size_t> open;
    for (std::size_t k = 0; k < end; ++k) {
      const Item& it = items_[k];
      if (it.group_unbounded) return;
      if (it.quantified && it.max == kUnboundedRepeat) {
        if (it.atom != Atom::Class) return;
        open.push_back(k);
      }
    }
    if (open.empty()) return;
    // X{m,} becomes X{m,K} with K = max(m, kSplitBound) (plain X for X{1,1}).
    auto bound = [](const Item& it) { return std::max(it.min, kSplitBound); };
    auto bounded = [&](std::size_t upto) {
      std::string text;
      for (std::size_t k = 0; k < upto; ++k) {
        const Item& it = items_[k];
        if (it.quantified && it.max == kUnboundedRepeat) {
          text.append(out_, it.begin, it.q_begin - it.begin);
          if (it.min != 1 || bound(it) != 1)
            text.append("{" + std::to_string(it.min) + "," + std::to_string(bound(it)) + "}");
        } else {
          text.append(out_, it.begin, it.end - it.begin);
        }
      }
      return text;
    };
    out.push_back(bounded(end));
    for (std::size_t k : open) {
      const Item& it = items_[k];
      out.push_back(bounded(k) + out_.substr(it.begin, it.q_begin - it.begin) + "{" +
                    std::to_string(bound(it) + 1) + "}");
    }
  }

  // The text of items [from, to) as relaxed.
  std::string itemsText(const std::vector<Item>& items, std::size_t from, std::size_t to) const {
    std::string text;
    for (std::size_t k = from; k < to; ++k) text.append(out_, items[k].begin, items[k].end - items[k].begin);
    return text;
  }

  // One pattern per place a match of items_[0, end) can start, when the items begin with optional
  // ones: for each leading optional item, the item made to match something ("(?:about\s+)?" ->
  // "about\s+") followed by the rest; last, the first required item and the rest. A match whose
  // first non-empty item is k matches piece k from its start to its end. An end-window filter
  // using the pieces, each with its own length bound, gives the matches without the optional head
  // a window as narrow as the rest. Empty when there is no optional head, or an optional item
  // cannot be made to match something (a repeated group, an inline option).
  void startPieces(std::size_t end, std::vector<std::string>& out) const {
    out.clear();
    std::vector<std::string> pieces;
    std::size_t k = 0;
    for (; k < end; ++k) {
      const Item& it = items_[k];
      if (it.atom == Atom::Zero) continue;  // an assertion: dropping it only loosens
      if (it.atom == Atom::Option) return;
      if (it.min_len > 0) break;
      auto head = nonEmpty(*this, it);
      if (!head) return;
      pieces.push_back(*head + itemsText(items_, k + 1, end));
    }
    if (k == end || pieces.empty()) return;
    pieces.push_back(itemsText(items_, k, end));
    out = std::move(pieces);
  }

  // What an item of `owner` (this relaxer or one of a group body) matches when it matches a
  // non-empty text: the item itself when it cannot match the empty string, an optional atom or
  // group taken once, a group with its branches that can only match the empty string left out.
  // nullopt when that cannot be written down simply.
  std::optional<std::string> nonEmpty(const Relaxer& owner, const Item& it) const {
    const std::string& text = owner.out_;
    if (it.min_len > 0) return text.substr(it.begin, it.end - it.begin);
    if (it.atom == Atom::Zero || it.atom == Atom::Option) return std::nullopt;
    if (it.quantified && (it.min != 0 || it.max != 1)) return std::nullopt;
    std::size_t atom_end = it.quantified ? it.q_begin : it.end;
    if (it.atom == Atom::Literal || it.atom == Atom::Class) {
      if (atom_end == it.begin) return std::nullopt;
      return text.substr(it.begin, atom_end - it.begin);
    }
    if (it.atom != Atom::Group || !it.plain_group) return std::nullopt;
    Relaxer body(owner.p_.substr(it.body_begin, it.body_end - it.body_begin), owner.extended_,
                 owner.caseless_);
    try {
      body.run();
    } catch (const GiveUp&) {
      return std::nullopt;
    }
    std::vector<std::size_t> bounds = body.branches_;
    bounds.insert(bounds.begin(), 0);
    bounds.push_back(body.items_.size());
    std::string joined;
    std::size_t kept = 0;
    for (std::size_t b = 0; b + 1 < bounds.size(); ++b) {
      std::size_t first = bounds[b], last = bounds[b + 1];
      unsigned min = 0;
      for (std::size_t k = first; k < last; ++k) {
        if (body.items_[k].atom == Atom::Option) return std::nullopt;
        min += body.items_[k].min_len;
      }
      std::vector<std::string> alternatives;
      if (min > 0) {
        alternatives.push_back(body.itemsText(body.items_, first, last));
      } else {
        // Every item may be empty: one alternative per item that starts the non-empty part.
        for (std::size_t k = first; k < last; ++k) {
          const Item& x = body.items_[k];
          if (x.atom == Atom::Zero) continue;
          if (x.end == x.begin) continue;  // a dropped assertion or an empty group
          auto head = nonEmpty(body, x);
          if (!head) {
            // Only an empty text can be left out (a lookbehind's place holder such as "(?<ax>)").
            if (x.atom == Atom::Group && x.group_literal_free && x.min_len == 0 &&
                emptyOnly(body, x))
              continue;
            return std::nullopt;
          }
          alternatives.push_back(*head + body.itemsText(body.items_, k + 1, last));
        }
      }
      for (std::string& a : alternatives) {
        joined += (kept++ ? "|" : "") + a;
      }
    }
    if (kept == 0) return std::nullopt;
    return "(?:" + joined + ")";
  }

  // True when a group item can only match the empty string: its relaxed body has no characters
  // to match ("(?<name>)", "(?:)").
  static bool emptyOnly(const Relaxer& owner, const Item& it) {
    if (it.quantified) return false;
    std::string_view body(owner.p_.data() + it.body_begin, it.body_end - it.body_begin);
    return body.empty();
  }

  // A quantified group holding an unbounded repeat ("(?:\W+\w+){0,3}"), or a long repeat: costly
  // for Hyperscan (especially with start of match) and rarely what makes a match rare.
  static bool costly(const Item& it) {
    if (!it.quantified) return false;
    if (it.atom == Atom::Group && it.max > 1 &&
        (it.group_unbounded || (it.max > 8 && !it.group_literal_free)))
      return true;
    return it.max != kUnboundedRepeat && it.max > 64;
  }
  std::string_view p_;
  bool extended_;
  std::string out_;
  std::set<std::string> changes_;
  bool caseless_;
  mutable std::size_t split_end_ = 0;  // where the (single-branch) prefix ends, for split()
  bool inline_options_ = false;  // the pattern sets options inline: back-references give up
  bool branch_reset_ = false;
  std::size_t captures_opened_ = 0;
  std::map<std::size_t, std::string> group_text_;    // capture number -> loosened body
  std::map<std::string, std::size_t> group_names_;  // capture name -> number
  bool broad_ = false;         // the last atom was a broad class (\w, \p, ., a negated class)
  unsigned group_min_len_ = 0;   // set by sequence() when a group closes
  std::size_t group_body_begin_ = 0, group_body_end_ = 0;
  bool group_plain_ = false;
  std::size_t broad_count_ = 0;  // broad atoms seen (any depth)
  Atom atom_ = Atom::Literal;  // what the last handled atom was
  bool separator_ = false;     // the last atom was a separator class
  bool ends_word_ = false;     // what was emitted so far must end with a word character (wordChar)
  bool group_ends_word_ = false;  // set by sequence() when a group closes
  std::vector<Item> items_;    // top-level items
  std::vector<std::size_t> branches_;  // indices into items_ where a top-level branch starts
  std::size_t literals_ = 0;   // literal atoms seen (any depth)
  std::size_t unbounded_ = 0;  // unbounded quantifiers seen (any depth)
};

}  // namespace

std::optional<RelaxedPattern> relaxForHyperscan(std::string_view pattern, bool extended,
                                                bool caseless, std::string& why) {
  try {
    return Relaxer(pattern, extended, caseless).run();
  } catch (const GiveUp& g) {
    why = g.why;
    return std::nullopt;
  }
}

}  // namespace glean::rules
