// glean/core/src/rules/rule_file.cpp - RuleFile: one parsed rule file, checked but not compiled
// SPDX-License-Identifier: Apache-2.0
#include "rules/rule_file.hpp"

#include "rules/text_util.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <unordered_map>

namespace glean::rules {
namespace {

namespace fs = std::filesystem;

bool isIdentifier(std::string_view s) {
  if (s.empty()) return false;
  auto head = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  auto tail = [&](char c) { return head(c) || (c >= '0' && c <= '9'); };
  if (!head(s[0])) return false;
  return std::all_of(s.begin() + 1, s.end(), tail);
}

// Rule ids and ruleset names appear in provenance ("ruleset:rule-id") and qualified references
// ("ruleset.NAME"), so they may not contain ':' or '.' (rule ids may contain '.').
bool isName(std::string_view s, bool allow_dot) {
  if (s.empty()) return false;
  auto ok = [&](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-' || (allow_dot && c == '.');
  };
  return std::all_of(s.begin(), s.end(), ok) && s[0] != '-' && s[0] != '.';
}

const char* typeName(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "a date or time";
  }
}

// Reads one TOML table with a fixed set of keys; every error names the key's file:line:col.
class TableReader {
 public:
  TableReader(const toml::table& table, const SourceText& src, std::string what,
              std::vector<std::string> allowed)
      : table_(table), src_(src), what_(std::move(what)) {
    for (auto&& [key, value] : table) {
      if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
      std::string msg = "unknown key '" + std::string(key.str()) + "' in " + what_ +
                        didYouMean(key.str(), allowed);
      msg += " (allowed: " + join(allowed) + ")";
      throw ConfigError(locate(key.source()), msg);
    }
  }

  SourceLocation locate(const toml::source_region& r) const {
    return src_.at(static_cast<int>(r.begin.line), static_cast<int>(r.begin.column));
  }
  SourceLocation tableLocation() const { return locate(table_.source()); }
  const std::string& what() const { return what_; }

  const toml::node* get(std::string_view key) const { return table_.get(key); }
  SourceLocation keyLocation(std::string_view key) const {
    for (auto&& [k, v] : table_)
      if (k.str() == key) return locate(k.source());
    return tableLocation();
  }
  SourceLocation valueLocation(std::string_view key) const {
    const toml::node* n = get(key);
    return n ? locate(n->source()) : tableLocation();
  }

  [[noreturn]] void wrongType(std::string_view key, const char* expected) const {
    throw ConfigError(valueLocation(key), "'" + std::string(key) + "' in " + what_ +
                                              " must be " + expected + ", not " +
                                              typeName(*get(key)));
  }

  std::optional<std::string> string(std::string_view key) const {
    const toml::node* n = get(key);
    if (!n) return std::nullopt;
    if (!n->is_string()) wrongType(key, "a string");
    return n->as_string()->get();
  }
  std::string requiredString(std::string_view key) const {
    auto s = string(key);
    if (!s)
      throw ConfigError(tableLocation(), "missing key '" + std::string(key) + "' in " + what_);
    return *s;
  }
  StringRef stringRef(std::string_view key, const std::shared_ptr<const SourceText>& src) const {
    const toml::node* n = get(key);
    return {src, static_cast<int>(n->source().begin.line),
            static_cast<int>(n->source().begin.column)};
  }
  std::optional<std::int64_t> integer(std::string_view key) const {
    const toml::node* n = get(key);
    if (!n) return std::nullopt;
    if (!n->is_integer()) wrongType(key, "an integer");
    return n->as_integer()->get();
  }
  std::optional<bool> boolean(std::string_view key) const {
    const toml::node* n = get(key);
    if (!n) return std::nullopt;
    if (!n->is_boolean()) wrongType(key, "a boolean");
    return n->as_boolean()->get();
  }
  const toml::table* table(std::string_view key) const {
    const toml::node* n = get(key);
    if (!n) return nullptr;
    if (!n->is_table()) wrongType(key, "a table");
    return n->as_table();
  }
  // A list of strings, each with its location.
  std::vector<std::pair<std::string, SourceLocation>> stringList(std::string_view key) const {
    std::vector<std::pair<std::string, SourceLocation>> out;
    const toml::node* n = get(key);
    if (!n) return out;
    if (!n->is_array()) wrongType(key, "an array of strings");
    for (const toml::node& item : *n->as_array()) {
      if (!item.is_string())
        throw ConfigError(locate(item.source()), "'" + std::string(key) + "' in " + what_ +
                                                     " must hold strings, not " + typeName(item));
      out.emplace_back(item.as_string()->get(), locate(item.source()));
    }
    return out;
  }

  static std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& s : items) {
      if (!out.empty()) out += ", ";
      out += s;
    }
    return out;
  }

 private:
  const toml::table& table_;
  const SourceText& src_;
  std::string what_;
};

// Table entries in file order (toml++ keeps tables sorted by key).
std::vector<std::pair<const toml::key*, const toml::node*>> inFileOrder(const toml::table& t) {
  std::vector<std::pair<const toml::key*, const toml::node*>> items;
  for (auto&& [k, v] : t) items.emplace_back(&k, &v);
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    const auto& x = a.first->source().begin;
    const auto& y = b.first->source().begin;
    return x.line != y.line ? x.line < y.line : x.column < y.column;
  });
  return items;
}

class Parser {
 public:
  Parser(fs::path path, std::shared_ptr<const SourceText> src)
      : path_(std::move(path)), src_(std::move(src)),
        dir_(fs::path(src_->path()).parent_path()) {}

  RuleFile parse(const toml::table& root) {
    RuleFile out;
    out.path = path_;
    out.source = src_;
    TableReader top(root, *src_, "the rule file", {"ruleset", "macros", "lexicons", "rule"});
    const toml::table* header = top.table("ruleset");
    if (!header)
      throw ConfigError(src_->at(1, 1),
                        "missing [ruleset] table (every rule file starts with [ruleset] and a name)");
    parseHeader(*header, out);
    if (const toml::table* macros = top.table("macros")) parseMacros(*macros, out);
    if (const toml::table* lexicons = top.table("lexicons")) parseLexicons(*lexicons, out);
    if (const toml::node* rules = top.get("rule")) {
      if (!rules->is_array_of_tables()) top.wrongType("rule", "an array of tables ([[rule]])");
      for (const toml::node& r : *rules->as_array()) parseRule(*r.as_table(), out);
    }
    return out;
  }

 private:
  SourceLocation at(const toml::source_region& r) const {
    return src_->at(static_cast<int>(r.begin.line), static_cast<int>(r.begin.column));
  }

  void parseHeader(const toml::table& t, RuleFile& out) {
    TableReader r(t, *src_, "[ruleset]",
                  {"name", "version", "description", "include", "type", "match_limit",
                   "depth_limit", "heap_limit_kib"});
    out.name = r.requiredString("name");
    out.name_where = r.valueLocation("name");
    if (!isName(out.name, false))
      throw ConfigError(out.name_where, "ruleset name '" + out.name +
                                            "' may hold only letters, digits, '_' and '-'");
    out.version = r.string("version").value_or("");
    out.description = r.string("description").value_or("");
    out.default_type = r.string("type").value_or("");
    for (auto& [written, where] : r.stringList("include")) {
      fs::path p = fs::path(written).is_absolute() ? fs::path(written) : dir_ / written;
      std::error_code ec;
      fs::path canon = fs::canonical(p, ec);
      if (ec || !fs::is_regular_file(canon))
        throw ConfigError(where, "include '" + written + "': no such file (looked for '" +
                                     p.lexically_normal().string() + "')");
      out.includes.push_back({written, canon, (p.lexically_normal()), where});
    }
    auto limit = [&](std::string_view key, std::uint32_t& field) {
      auto v = r.integer(key);
      if (!v) return;
      if (*v <= 0 || *v > std::numeric_limits<std::uint32_t>::max())
        throw ConfigError(r.valueLocation(key),
                          "'" + std::string(key) + "' must be a positive 32-bit integer");
      if (!out.limits) out.limits = MatchLimits{};
      field = static_cast<std::uint32_t>(*v);
    };
    MatchLimits limits;
    limit("match_limit", limits.match);
    limit("depth_limit", limits.depth);
    limit("heap_limit_kib", limits.heap_kib);
    if (out.limits) out.limits = limits;
  }

  void parseMacros(const toml::table& t, RuleFile& out) {
    for (auto [key, node] : inFileOrder(t)) {
      std::string name(key->str());
      if (!isIdentifier(name))
        throw ConfigError(at(key->source()),
                          "macro name '" + name + "' must be an identifier ([A-Za-z_][A-Za-z0-9_]*)");
      if (!node->is_string())
        throw ConfigError(at(node->source()), "macro '" + name + "' must be a string (a pattern), not " +
                                                  typeName(*node));
      out.macros.push_back({name, node->as_string()->get(),
                            StringRef{src_, static_cast<int>(node->source().begin.line),
                                      static_cast<int>(node->source().begin.column)}});
    }
  }

  void parseLexicons(const toml::table& t, RuleFile& out) {
    for (auto [key, node] : inFileOrder(t)) {
      std::string name(key->str());
      if (!isIdentifier(name))
        throw ConfigError(at(key->source()), "lexicon name '" + name +
                                                 "' must be an identifier ([A-Za-z_][A-Za-z0-9_]*)");
      if (!node->is_table())
        throw ConfigError(at(node->source()),
                          "lexicon '" + name + "' must be a table ([lexicons." + name + "])");
      TableReader r(*node->as_table(), *src_, "[lexicons." + name + "]",
                    {"entries", "file", "case_insensitive"});
      Lexicon lex(name, r.boolean("case_insensitive").value_or(false), at(key->source()));
      const toml::table* entries = r.table("entries");
      auto file = r.string("file");
      if (entries && file)
        throw ConfigError(r.keyLocation("file"), "lexicon '" + name +
                                                     "' has both 'entries' and 'file'; use one");
      if (!entries && !file)
        throw ConfigError(r.tableLocation(), "lexicon '" + name +
                                                 "' needs 'entries = { ... }' or 'file = \"x.tsv\"'");
      if (entries) {
        for (auto [k, v] : inFileOrder(*entries)) {
          std::string value;
          if (v->is_string())
            value = v->as_string()->get();
          else if (v->is_integer())
            value = std::to_string(v->as_integer()->get());
          else
            throw ConfigError(at(v->source()), "lexicon '" + name + "': value of '" +
                                                   std::string(k->str()) +
                                                   "' must be a string or an integer, not " +
                                                   typeName(*v));
          if (k->str().empty())
            throw ConfigError(at(k->source()), "lexicon '" + name + "': empty key");
          if (!lex.add(std::string(k->str()), value))
            throw ConfigError(at(k->source()), "lexicon '" + name + "': duplicate key '" +
                                                   std::string(k->str()) +
                                                   "' (keys are case-insensitive here)");
        }
      } else {
        fs::path p = fs::path(*file).is_absolute() ? fs::path(*file) : dir_ / *file;
        if (!fs::is_regular_file(p))
          throw ConfigError(r.valueLocation("file"), "lexicon '" + name + "': file '" + *file +
                                                         "' not found (looked for '" +
                                                         p.lexically_normal().string() + "')");
        lex.loadTsv(p.lexically_normal());
        out.data_files.push_back(p.lexically_normal());
      }
      out.lexicons.push_back(std::move(lex));
    }
  }

  unsigned parseFlags(const TableReader& r) {
    unsigned flags = 0;
    for (auto& [f, where] : r.stringList("flags")) {
      if (f == "i")
        flags |= kCaseless;
      else if (f == "m")
        flags |= kMultiline;
      else if (f == "s")
        flags |= kDotAll;
      else if (f == "x")
        flags |= kExtended;
      else
        throw ConfigError(where, "unknown flag '" + f +
                                     "' (allowed: i = case-insensitive, m = multi-line, s = dot "
                                     "matches newline, x = extended)");
    }
    return flags;
  }

  std::vector<std::pair<std::string, FeatureValue>> literalFeatures(const toml::table& t,
                                                                    std::string_view what) {
    std::vector<std::pair<std::string, FeatureValue>> out;
    for (auto [k, v] : inFileOrder(t)) {
      std::string key(k->str());
      if (v->is_string())
        out.emplace_back(key, FeatureValue(v->as_string()->get()));
      else if (v->is_integer())
        out.emplace_back(key, FeatureValue(v->as_integer()->get()));
      else if (v->is_floating_point())
        out.emplace_back(key, FeatureValue(v->as_floating_point()->get()));
      else if (v->is_boolean())
        out.emplace_back(key, FeatureValue(v->as_boolean()->get()));
      else
        throw ConfigError(at(v->source()), std::string(what) + ": feature '" + key +
                                               "' must be a string, integer, float or boolean, not " +
                                               typeName(*v));
    }
    return out;
  }

  ExampleDef parseExample(const toml::table& t, bool counter, const std::string& rule_id) {
    std::string what = counter ? "[[rule.counter]] of rule '" + rule_id + "'"
                               : "[[rule.example]] of rule '" + rule_id + "'";
    TableReader r(t, *src_, what,
                  counter ? std::vector<std::string>{"text"}
                          : std::vector<std::string>{"text", "match", "features"});
    ExampleDef ex;
    ex.counter = counter;
    ex.where = r.tableLocation();
    ex.text = r.requiredString("text");
    if (counter) return ex;
    const toml::node* m = r.get("match");
    const toml::table* features = r.table("features");
    if (m == nullptr) {
      if (features) {
        ex.matches = std::vector<ExpectedMatch>{};  // filled below from the first match
      }
    } else if (m->is_string()) {
      ex.matches = std::vector<ExpectedMatch>{{m->as_string()->get(), {}}};
    } else if (m->is_array()) {
      ex.matches = std::vector<ExpectedMatch>{};
      for (const toml::node& item : *m->as_array()) {
        if (item.is_string()) {
          ex.matches->push_back({item.as_string()->get(), {}});
        } else if (item.is_table()) {
          TableReader ir(*item.as_table(), *src_, "a 'match' entry of rule '" + rule_id + "'",
                         {"text", "features"});
          ExpectedMatch em{ir.requiredString("text"), {}};
          if (const toml::table* f = ir.table("features")) em.features = literalFeatures(*f, what);
          ex.matches->push_back(std::move(em));
        } else {
          throw ConfigError(at(item.source()), "'match' entries in " + what +
                                                   " must be strings or tables { text, features }");
        }
      }
    } else {
      r.wrongType("match", "a string or an array");
    }
    if (features) {
      if (!ex.matches || ex.matches->size() > 1)
        throw ConfigError(r.keyLocation("features"),
                          "'features' in " + what +
                              " needs exactly one expected 'match'; with several, give each its "
                              "own: match = [{ text = \"...\", features = {...} }, ...]");
      if (ex.matches->empty())
        throw ConfigError(r.keyLocation("features"),
                          "'features' in " + what + " needs the expected 'match' text too");
      ex.matches->front().features = literalFeatures(*features, what);
    }
    return ex;
  }

  void parseRule(const toml::table& t, RuleFile& out) {
    TableReader r(t, *src_, "[[rule]]",
                  {"id", "type", "priority", "flags", "scope", "pattern", "features", "veto",
                   "prefilter", "example", "counter"});
    RuleDef rule;
    rule.where = r.tableLocation();
    rule.id = r.requiredString("id");
    if (!isName(rule.id, true))
      throw ConfigError(r.valueLocation("id"),
                        "rule id '" + rule.id + "' may hold only letters, digits, '_', '-' and '.'");
    for (const RuleDef& other : out.rules)
      if (other.id == rule.id)
        throw ConfigError(r.valueLocation("id"), "duplicate rule id '" + rule.id +
                                                     "' (first defined at " + other.where.str() +
                                                     ")");
    std::string what = "rule '" + rule.id + "'";
    rule.veto = r.boolean("veto").value_or(false);
    rule.prefilter = r.boolean("prefilter").value_or(true);
    rule.type = r.string("type").value_or(rule.veto ? "" : out.default_type);
    if (!rule.veto && rule.type.empty())
      throw ConfigError(rule.where, what + " has no 'type' (set it, or a default 'type' in [ruleset])");
    if (auto p = r.integer("priority")) {
      if (*p < std::numeric_limits<int>::min() || *p > std::numeric_limits<int>::max())
        throw ConfigError(r.valueLocation("priority"), what + ": priority out of range");
      rule.priority = static_cast<int>(*p);
    }
    rule.flags = parseFlags(r);
    rule.scope = r.string("scope").value_or("");
    rule.pattern = r.requiredString("pattern");
    rule.pattern_ref = r.stringRef("pattern", src_);
    if (rule.pattern.empty())
      throw ConfigError(r.valueLocation("pattern"), what + ": empty pattern");
    if (const toml::table* f = r.table("features")) {
      if (rule.veto)
        throw ConfigError(r.keyLocation("features"),
                          what + " is a veto rule: it makes no annotation, so it has no features");
      for (auto [k, v] : inFileOrder(*f)) {
        FeatureDef fd;
        fd.name = std::string(k->str());
        fd.where = StringRef{src_, static_cast<int>(v->source().begin.line),
                             static_cast<int>(v->source().begin.column)};
        if (v->is_string()) {
          fd.value = v->as_string()->get();
          fd.is_template = true;
        } else if (v->is_integer()) {
          fd.value = v->as_integer()->get();
        } else if (v->is_floating_point()) {
          fd.value = v->as_floating_point()->get();
        } else if (v->is_boolean()) {
          fd.value = v->as_boolean()->get();
        } else {
          throw ConfigError(at(v->source()), what + ": feature '" + fd.name +
                                                 "' must be a string, integer, float or boolean, "
                                                 "not " + typeName(*v));
        }
        rule.features.push_back(std::move(fd));
      }
    }
    for (std::string_view kind : {"example", "counter"}) {
      const toml::node* n = r.get(kind);
      if (!n) continue;
      if (!n->is_array_of_tables())
        r.wrongType(kind, kind == "example" ? "an array of tables ([[rule.example]])"
                                            : "an array of tables ([[rule.counter]])");
      for (const toml::node& e : *n->as_array())
        rule.examples.push_back(parseExample(*e.as_table(), kind == "counter", rule.id));
    }
    // Examples and counters were collected by kind; keep them in file order.
    std::stable_sort(rule.examples.begin(), rule.examples.end(),
                     [](const ExampleDef& a, const ExampleDef& b) {
                       return a.where.line != b.where.line ? a.where.line < b.where.line
                                                           : a.where.column < b.where.column;
                     });
    out.rules.push_back(std::move(rule));
  }

  fs::path path_;
  std::shared_ptr<const SourceText> src_;
  fs::path dir_;  // the folder of the file as the user named it: relative paths resolve here
};

std::string readFile(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError({file.string()}, "cannot read rule file: no such file");
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace

RuleFile parseRuleFile(const fs::path& file) {
  std::error_code ec;
  fs::path canon = fs::canonical(file, ec);
  if (ec || !fs::is_regular_file(canon))
    throw ConfigError({file.string()}, "cannot read rule file: no such file");
  // Messages name the file as the user wrote it (relative paths stay relative), and so do the
  // paths of its includes and lexicon files.
  std::string shown = file.lexically_normal().string();
  auto src = std::make_shared<SourceText>(shown, readFile(canon));
  toml::table root;
  try {
    root = toml::parse(src->bytes(), std::string_view{shown});
  } catch (const toml::parse_error& e) {
    throw ConfigError(src->at(static_cast<int>(e.source().begin.line),
                              static_cast<int>(e.source().begin.column)),
                      std::string(e.description()));
  }
  return Parser(canon, src).parse(root);
}

bool looksLikeRuleFile(const fs::path& file) {
  std::string bytes;
  try {
    bytes = readFile(file);
  } catch (...) {
    return false;
  }
  try {
    toml::table root = toml::parse(bytes, std::string_view{file.string()});
    return root.get("ruleset") != nullptr && root.get("ruleset")->is_table();
  } catch (...) {
    // A rule file with a syntax error is still a rule file: its error must be reported, not
    // skipped. Recognise it by its header line.
    return bytes.rfind("[ruleset]", 0) == 0 || bytes.find("\n[ruleset]") != std::string::npos;
  }
}

}  // namespace glean::rules
