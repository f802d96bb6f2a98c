// glean/core/src/rules/compiled_rule_set.cpp - CompiledRuleSet: the engine's glean::RuleSet
// SPDX-License-Identifier: Apache-2.0
#include "rules/compiled_rule_set.hpp"

#include "rules/feature_template.hpp"
#include "rules/overlap_resolver.hpp"
#include "rules/pattern_expander.hpp"
#include "rules/regex.hpp"
#include "rules/text_util.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>

namespace glean::rules {
namespace {

namespace fs = std::filesystem;
constexpr std::size_t kNoLimit = std::numeric_limits<std::size_t>::max();
constexpr std::size_t kUnset = std::numeric_limits<std::size_t>::max();

bool isContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// One `features` entry, compiled.
struct Feature {
  std::string name;
  std::optional<FeatureValue> literal;
  std::optional<FeatureTemplate> value;
};

// Per-thread buffers of one match() call, reused between calls.
struct MatchScratch {
  ReportTable reports;
  std::vector<char> stopped;
};

MatchScratch& matchScratch() {
  thread_local MatchScratch s;
  return s;
}

}  // namespace

// ---- compiled pieces -------------------------------------------------------------------------

struct CompiledRule {
  std::string id;
  std::string ruleset;
  std::string name;  // ruleset:id
  std::string type;
  std::string scope;
  std::string source;  // file:line
  SourceLocation where;
  int priority = 0;
  bool veto = false;
  bool prefilter = true;
  unsigned flags = 0;
  std::uint32_t order = 0;
  std::size_t file = 0;
  std::string pattern;
  ExpandedPattern expanded;
  std::optional<Regex> regex;
  MatchLimits limits;
  std::vector<Feature> features;
  std::vector<std::pair<std::string, std::uint32_t>> auto_captures;
  std::vector<ExampleDef> examples;
  std::size_t group = 0;
  std::uint32_t slot = 0;  // index within its group (the Hyperscan id)

  mutable std::atomic<std::uint64_t> runs{0}, matches{0}, nanos{0};
};

struct RuleGroup {
  std::string scope;
  std::vector<std::uint32_t> rules;       // rule indices, by slot
  std::vector<std::uint32_t> unfiltered;  // slots that always run PCRE2 over the whole subject
  std::unique_ptr<Prefilter> prefilter;
  mutable std::atomic<std::uint64_t> runs{0}, nanos{0};
};

struct CompiledRuleSet::Impl {
  fs::path root;
  std::string name;
  std::vector<RuleFile> files;
  std::vector<std::vector<std::size_t>> includes;
  std::unique_ptr<PatternExpander> expander;
  std::vector<std::unique_ptr<CompiledRule>> rules;
  std::vector<RuleRank> ranks;
  std::vector<std::unique_ptr<RuleGroup>> groups;
  std::unordered_map<std::string, std::uint32_t> by_name;  // "ruleset:id" -> rule
  std::vector<std::string> emitted, scopes;
  mutable std::atomic<bool> profiling{false};

  // -- loading --
  void loadFiles(const fs::path& file);
  void compileRule(std::size_t file, const RuleDef& def, const CompileOptions& options);
  void buildGroups(const CompileOptions& options);

  // -- matching --
  struct Collected {
    std::vector<RawMatch> vetoes;
    std::vector<RawMatch> candidates;
    std::vector<std::size_t> captures;  // pairs of document offsets, per match (RawMatch::captures)
  };
  void collect(Document& doc, const MatchOptions& options, Collected& out) const;
  void runRule(const CompiledRule& rule, std::string_view subject, std::size_t base,
               const std::vector<Window>* windows, Document& doc, Collected& out,
               char& stopped) const;
  void emit(const CompiledRule& rule, std::size_t base, const Regex::Result& m,
            Collected& out) const;
  Features features(const CompiledRule& rule, std::string_view text, const RawMatch& m,
                    const Collected& c) const;
  const CompiledRule* find(std::string_view name) const;
};

// ---- loading ---------------------------------------------------------------------------------

void CompiledRuleSet::Impl::loadFiles(const fs::path& file) {
  std::map<fs::path, std::size_t> index;  // canonical path -> file index
  std::vector<std::size_t> stack;         // files being loaded, for cycle detection

  // Loads one file and, depth first, its includes; returns its index.
  std::function<std::size_t(const fs::path&, const IncludeRef*)> visit =
      [&](const fs::path& shown, const IncludeRef* via) -> std::size_t {
    fs::path canon = via ? via->resolved : fs::canonical(shown);
    if (auto it = index.find(canon); it != index.end()) {
      if (std::find(stack.begin(), stack.end(), it->second) != stack.end()) {
        std::string cycle;
        bool on = false;
        for (std::size_t f : stack) {
          if (f == it->second) on = true;
          if (on) cycle += files[f].source->path() + " -> ";
        }
        throw ConfigError(via->where, "include cycle: " + cycle + files[it->second].source->path());
      }
      return it->second;
    }
    RuleFile parsed = parseRuleFile(shown);
    std::size_t me = files.size();
    for (std::size_t f = 0; f < files.size(); ++f)
      if (files[f].name == parsed.name)
        throw ConfigError(parsed.name_where, "ruleset name '" + parsed.name +
                                                 "' is already used by " + files[f].source->path() +
                                                 " (names must be unique among included files)");
    files.push_back(std::move(parsed));
    includes.emplace_back();
    index.emplace(canon, me);
    stack.push_back(me);
    std::vector<IncludeRef> refs = files[me].includes;
    for (const IncludeRef& ref : refs) {
      std::size_t child = visit(ref.shown, &ref);
      includes[me].push_back(child);
    }
    stack.pop_back();
    return me;
  };
  root = fs::canonical(file);
  visit(file, nullptr);
  name = files.front().name;
}

void CompiledRuleSet::Impl::compileRule(std::size_t file, const RuleDef& def,
                                        const CompileOptions& options) {
  const RuleFile& rf = files[file];
  auto rule = std::make_unique<CompiledRule>();
  rule->id = def.id;
  rule->ruleset = rf.name;
  rule->name = rf.name + ":" + def.id;
  rule->type = def.type;
  rule->scope = def.scope;
  rule->where = def.where;
  rule->source = SourceLocation{def.where.file, def.where.line}.str();
  rule->priority = def.priority;
  rule->veto = def.veto;
  rule->prefilter = def.prefilter;
  rule->flags = def.flags;
  rule->order = static_cast<std::uint32_t>(rules.size());
  rule->file = file;
  rule->pattern = def.pattern;
  rule->limits = options.limits ? *options.limits : rf.limits.value_or(MatchLimits{});
  rule->examples = def.examples;
  rule->expanded = expander->expandRule(file, def);

  const ExpandedPattern& ep = rule->expanded;
  try {
    rule->regex.emplace(ep.text(), def.flags, options.jit);
  } catch (const RegexCompileError& e) {
    std::size_t off = e.offset();
    const ExpandedPattern::Segment* seg = ep.segmentAt(off);
    std::string msg = "rule '" + def.id + "': " + e.what();
    if (seg != nullptr && !seg->macro.empty())
      msg += " (in macro '" + seg->macro + "', used at " + seg->used_at.str() + ")";
    if (ep.expanded())
      msg += "\n  at offset " + std::to_string(off) + " of the expanded pattern:\n" +
             ep.caretDisplay(off);
    throw ConfigError(ep.locate(off), msg);
  }
  if (!rule->regex->jitted() && options.jit)
    spdlog::warn("{}: rule '{}': PCRE2 JIT compilation failed ({}); using the slower interpreter",
                 rule->source, rule->name, rule->regex->jitError());

  // Features: explicit ones first (file order), then named captures not overridden.
  auto named = rule->regex->namedGroups();
  std::vector<std::string> capture_names;
  for (const auto& [n, g] : named) capture_names.push_back(n);
  auto captures = [&](std::string_view n) -> std::optional<std::uint32_t> {
    for (const auto& [cn, g] : named)
      if (cn == n) return g;
    return std::nullopt;
  };
  std::string context = "rule '" + def.id + "'";
  auto lexicons = [&](std::string_view n, const SourceLocation& where) -> const Lexicon& {
    return expander->lexicon(file, n, where, context);
  };
  std::set<std::string> explicit_names;
  for (const FeatureDef& fd : def.features) {
    Feature f;
    f.name = fd.name;
    if (fd.is_template)
      f.value.emplace(std::get<std::string>(fd.value), fd.where, rule->regex->captureCount(),
                      captures, capture_names, lexicons,
                      "rule '" + def.id + "': feature '" + fd.name + "'");
    else
      f.literal = fd.value;
    explicit_names.insert(fd.name);
    rule->features.push_back(std::move(f));
  }
  if (!def.veto)
    for (const auto& [n, g] : named)
      if (n[0] != '_' && !explicit_names.count(n)) rule->auto_captures.emplace_back(n, g);

  ranks.push_back({def.priority, rule->order, rule->name});
  if (!by_name.emplace(rule->name, rule->order).second)
    throw ConfigError(def.where, "duplicate rule '" + rule->name + "'");
  rules.push_back(std::move(rule));
}

void CompiledRuleSet::Impl::buildGroups(const CompileOptions& options) {
  // The whole-text group first, then one group per scope type in order of first use.
  std::vector<std::string> order{""};
  for (const auto& r : rules)
    if (std::find(order.begin(), order.end(), r->scope) == order.end()) order.push_back(r->scope);
  for (const std::string& scope : order) {
    auto g = std::make_unique<RuleGroup>();
    g->scope = scope;
    std::vector<PrefilterInput> inputs;
    for (auto& r : rules) {
      if (r->scope != scope) continue;
      r->group = groups.size();
      r->slot = static_cast<std::uint32_t>(g->rules.size());
      g->rules.push_back(r->order);
      inputs.push_back({r->expanded.text(), r->flags, r->name, r->prefilter});
    }
    if (g->rules.empty()) continue;
    g->prefilter = std::make_unique<Prefilter>(inputs, options.prefilter);
    for (std::uint32_t slot = 0; slot < g->rules.size(); ++slot)
      if (g->prefilter->plan(slot).mode == FilterMode::Unfiltered) g->unfiltered.push_back(slot);
    groups.push_back(std::move(g));
  }
  for (auto& r : rules) {
    if (!r->veto && std::find(emitted.begin(), emitted.end(), r->type) == emitted.end())
      emitted.push_back(r->type);
    if (!r->scope.empty() && std::find(scopes.begin(), scopes.end(), r->scope) == scopes.end())
      scopes.push_back(r->scope);
  }
}

CompiledRuleSet::CompiledRuleSet() : impl_(std::make_unique<Impl>()) {}
CompiledRuleSet::~CompiledRuleSet() = default;

std::shared_ptr<CompiledRuleSet> CompiledRuleSet::load(const fs::path& file,
                                                       const CompileOptions& options) {
  std::shared_ptr<CompiledRuleSet> set(new CompiledRuleSet());
  Impl& d = *set->impl_;
  d.loadFiles(file);
  d.expander = std::make_unique<PatternExpander>(d.files, d.includes);
  // Rule order: a file's includes (depth first, in include order) before its own rules.
  std::vector<char> done(d.files.size(), 0);
  std::function<void(std::size_t)> emitRules = [&](std::size_t f) {
    if (done[f]) return;
    done[f] = 1;
    for (std::size_t child : d.includes[f]) emitRules(child);
    for (const RuleDef& def : d.files[f].rules) d.compileRule(f, def, options);
  };
  emitRules(0);
  d.buildGroups(options);
  std::size_t filtered = 0;
  for (const auto& g : d.groups) filtered += g->rules.size() - g->unfiltered.size();
  spdlog::debug("rules '{}': {} rules from {} files, {} prefiltered", d.name, d.rules.size(),
                d.files.size(), filtered);
  return set;
}

// ---- matching --------------------------------------------------------------------------------

void CompiledRuleSet::Impl::emit(const CompiledRule& rule, std::size_t base,
                                 const Regex::Result& m, Collected& out) const {
  RawMatch raw;
  raw.rule = rule.order;
  raw.begin = base + m.ovector[0];
  raw.end = base + m.ovector[1];
  raw.captures = static_cast<std::uint32_t>(out.captures.size());
  // Capture offsets only: the features are built for the winners (all candidates when traced).
  for (std::uint32_t k = 0; k < 2 * m.pairs; ++k)
    out.captures.push_back(m.ovector[k] == kUnset ? kUnset : base + m.ovector[k]);
  (rule.veto ? out.vetoes : out.candidates).push_back(raw);
}

Features CompiledRuleSet::Impl::features(const CompiledRule& rule, std::string_view text,
                                         const RawMatch& m, const Collected& c) const {
  Features f;
  const std::size_t* ovector = c.captures.data() + m.captures;
  std::uint32_t pairs = rule.regex->captureCount() + 1;
  for (const Feature& feature : rule.features) {
    if (feature.literal) {
      f.set(feature.name, *feature.literal);
    } else if (auto v = feature.value->evaluate(text, ovector, pairs)) {
      f.set(feature.name, FeatureValue(std::move(*v)));
    }
  }
  for (const auto& [n, g] : rule.auto_captures) {
    std::size_t b = ovector[2 * g], e = ovector[2 * g + 1];
    if (b == kUnset || e == kUnset || e < b) continue;
    f.set(n, text.substr(b, e - b));
  }
  return f;
}

void CompiledRuleSet::Impl::runRule(const CompiledRule& rule, std::string_view subject,
                                    std::size_t base, const std::vector<Window>* windows,
                                    Document& doc, Collected& out, char& stopped) const {
  const Regex& re = *rule.regex;
  std::size_t p = 0;
  // Handles one PCRE2 result; returns false when the rule must stop on this document.
  auto handle = [&](const Regex::Result& m, std::size_t at) -> bool {
    if (m.status == MatchStatus::LimitExceeded || m.status == MatchStatus::Error) {
      stopped = 1;
      std::string what = m.status == MatchStatus::LimitExceeded
                             ? "exceeded its PCRE2 resource limits (" + Regex::errorMessage(m.code) + ")"
                             : "failed (" + Regex::errorMessage(m.code) + ")";
      doc.addIssue("rule '" + rule.name + "' " + what + " searching from byte " +
                       std::to_string(base + at) + "; its matches from there on are dropped",
                   rule.name, base + at);
      return false;
    }
    std::size_t b = m.ovector[0], e = m.ovector[1];
    if (e > b) emit(rule, base, m, out);
    // NOTEMPTY guarantees progress; \K tricks could still report an end at or before p.
    if (e > p) {
      p = e;
    } else {
      ++p;
      while (p < subject.size() && isContinuation(subject[p])) ++p;
    }
    return true;
  };

  if (windows == nullptr) {
    while (p < subject.size()) {
      Regex::Result m = re.match(subject, p, kNoLimit, rule.limits);
      if (m.status == MatchStatus::NoMatch) break;
      if (!handle(m, p)) return;
    }
    return;
  }
  // Search only the start ranges the prefilter reported: a match starting at or after p must start
  // inside one of them (see prefilter.hpp), and PCRE2's offset limit keeps it from looking further.
  const std::vector<Window>& w = *windows;
  std::size_t i = 0;
  while (p < subject.size()) {
    while (i < w.size() && w[i].end <= p) ++i;
    if (i == w.size()) break;
    std::size_t from = std::max<std::size_t>(p, w[i].start);
    // An end window's start is computed in bytes: move it onto a character boundary (PCRE2 must
    // never start inside a UTF-8 sequence; no match starts there anyway).
    while (from < subject.size() && isContinuation(subject[from])) ++from;
    std::size_t until = w[i].end;  // starts are < until
    std::size_t j = i + 1;
    while (j < w.size() && w[j].start <= until) {
      until = std::max<std::size_t>(until, w[j].end);
      ++j;
    }
    Regex::Result m = re.match(subject, from, until - 1, rule.limits);
    if (m.status == MatchStatus::NoMatch) {
      p = until;
      i = j;
      continue;
    }
    if (!handle(m, from)) return;
  }
}

void CompiledRuleSet::Impl::collect(Document& doc, const MatchOptions& options,
                                    Collected& out) const {
  std::string_view text = doc.text();
  std::size_t lo = std::min(options.begin, text.size());
  std::size_t hi = std::min(options.end, text.size());
  while (lo < hi && isContinuation(text[lo])) ++lo;  // never start inside a character
  while (hi > lo && hi < text.size() && isContinuation(text[hi])) --hi;
  if (lo >= hi) return;
  // Documents from the reader were checked once on the way in; others (tests, stages that build
  // documents) are checked here, for every rule set.
  if (auto bad = doc.knownValidUtf8() ? std::nullopt : firstInvalidUtf8(text.substr(lo, hi - lo))) {
    doc.addIssue("text is not valid UTF-8 at byte " + std::to_string(lo + *bad) + "; rule set '" +
                     name + "' was not run",
                 {}, lo + *bad);
    return;
  }

  MatchScratch& scratch = matchScratch();
  scratch.stopped.assign(rules.size(), 0);
  std::vector<char> active(rules.size(), 1);
  if (!options.types.empty())
    for (const auto& r : rules)
      if (!r->veto && std::find(options.types.begin(), options.types.end(), r->type) ==
                          options.types.end())
        active[r->order] = 0;

  const bool profile = profiling.load(std::memory_order_relaxed);
  using Clock = std::chrono::steady_clock;
  auto since = [](Clock::time_point t) {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t).count());
  };

  bool scoped_overlap = false;
  for (const auto& g : groups) {
    bool any = false;
    for (std::uint32_t r : g->rules) any = any || active[r];
    if (!any) continue;

    std::vector<std::pair<std::size_t, std::size_t>> slices;
    if (g->scope.empty()) {
      slices.emplace_back(lo, hi);
    } else {
      for (const Annotation* a : doc.select(g->scope)) {
        std::size_t b = std::max(a->begin, lo), e = std::min(a->end, hi);
        if (b >= e) continue;
        if (isContinuation(text[b]) || (e < text.size() && isContinuation(text[e]))) continue;
        if (!slices.empty() && slices.back() == std::make_pair(b, e)) continue;
        if (!slices.empty() && b < slices.back().second) scoped_overlap = true;
        slices.emplace_back(b, e);
      }
    }

    for (const auto& slice : slices) {
      // Not a structured binding: clang before 16 cannot capture one in the lambda below.
      const std::size_t b = slice.first, e = slice.second;
      std::string_view subject = text.substr(b, e - b);
      Clock::time_point t0;
      if (profile) t0 = Clock::now();
      bool filtered = g->prefilter->active() && g->prefilter->scan(subject, scratch.reports);
      if (profile) {
        g->nanos.fetch_add(since(t0), std::memory_order_relaxed);
        g->runs.fetch_add(1, std::memory_order_relaxed);
      }
      auto run = [&](std::uint32_t slot, const std::vector<Window>* windows) {
        const CompiledRule& rule = *rules[g->rules[slot]];
        if (!active[rule.order] || scratch.stopped[rule.order]) return;
        if (!profile) {
          runRule(rule, subject, b, windows, doc, out, scratch.stopped[rule.order]);
          return;
        }
        std::size_t before = out.candidates.size() + out.vetoes.size();
        Clock::time_point t1 = Clock::now();
        runRule(rule, subject, b, windows, doc, out, scratch.stopped[rule.order]);
        rule.nanos.fetch_add(since(t1), std::memory_order_relaxed);
        rule.runs.fetch_add(1, std::memory_order_relaxed);
        rule.matches.fetch_add(out.candidates.size() + out.vetoes.size() - before,
                               std::memory_order_relaxed);
      };
      if (!filtered) {
        for (std::uint32_t slot = 0; slot < g->rules.size(); ++slot) run(slot, nullptr);
        continue;
      }
      // Rules without a report cost nothing here.
      for (std::uint32_t slot : scratch.reports.touched())
        run(slot, scratch.reports.saturated(slot) ? nullptr : &scratch.reports.windows(slot));
      for (std::uint32_t slot : g->unfiltered) run(slot, nullptr);
    }
  }

  if (scoped_overlap) {  // nested scope spans can find the same match twice
    for (auto* list : {&out.candidates, &out.vetoes}) {
      std::stable_sort(list->begin(), list->end(), [](const RawMatch& a, const RawMatch& b) {
        if (a.rule != b.rule) return a.rule < b.rule;
        if (a.begin != b.begin) return a.begin < b.begin;
        return a.end < b.end;
      });
      list->erase(std::unique(list->begin(), list->end(),
                              [](const RawMatch& a, const RawMatch& b) {
                                return a.rule == b.rule && a.begin == b.begin && a.end == b.end;
                              }),
                  list->end());
    }
  }
}

std::vector<RuleMatch> CompiledRuleSet::match(Document& doc, const MatchOptions& options) const {
  const Impl& d = *impl_;
  // Per-thread buffers, reused: a large rule set proposes hundreds of thousands of candidates per
  // megabyte, and growing fresh vectors for each document showed up as page faults and copies.
  thread_local Impl::Collected c;
  c.vetoes.clear();
  c.candidates.clear();
  c.captures.clear();
  d.collect(doc, options, c);
  const bool traced = doc.traced();
  Resolution res = resolveOverlaps(c.vetoes, c.candidates, d.ranks, options.keep_overlaps, traced);

  if (traced) {
    for (std::size_t v = 0; v < c.vetoes.size(); ++v) {
      const RawMatch& m = c.vetoes[v];
      const CompiledRule& r = *d.rules[m.rule];
      Candidate cand;
      cand.type = "(veto)";
      cand.begin = m.begin;
      cand.end = m.end;
      cand.rule = r.name;
      cand.source = r.source;
      cand.features = d.features(r, doc.text(), m, c);
      cand.won = false;
      cand.reason = "veto: suppressed " + std::to_string(res.suppressed[v]) +
                    " overlapping candidate" + (res.suppressed[v] == 1 ? "" : "s");
      doc.recordCandidate(std::move(cand));
    }
    for (std::size_t k = 0; k < c.candidates.size(); ++k) {
      const RawMatch& m = c.candidates[k];
      const CompiledRule& r = *d.rules[m.rule];
      Candidate cand;
      cand.type = r.type;
      cand.begin = m.begin;
      cand.end = m.end;
      cand.rule = r.name;
      cand.source = r.source;
      cand.features = d.features(r, doc.text(), m, c);
      cand.won = res.reasons[k].empty();
      cand.reason = res.reasons[k];
      doc.recordCandidate(std::move(cand));
    }
  }

  std::vector<RuleMatch> out;
  out.reserve(res.winners.size());
  for (std::size_t k : res.winners) {
    const RawMatch& m = c.candidates[k];
    const CompiledRule& r = *d.rules[m.rule];
    RuleMatch rm;
    rm.begin = m.begin;
    rm.end = m.end;
    rm.type = r.type;
    rm.rule = r.name;
    rm.priority = r.priority;
    rm.features = d.features(r, doc.text(), m, c);
    out.push_back(std::move(rm));
  }
  // One huge document must not pin its buffers for the life of the thread.
  if (c.captures.capacity() > (std::size_t{1} << 22)) c = Impl::Collected{};
  return out;
}

std::size_t CompiledRuleSet::annotate(Document& doc, const MatchOptions& options) const {
  std::vector<RuleMatch> matches = match(doc, options);
  for (RuleMatch& m : matches) {
    Annotation& a = doc.annotate(m.type, m.begin, m.end, m.rule);
    a.features = std::move(m.features);
  }
  return matches.size();
}

// ---- introspection ---------------------------------------------------------------------------

const std::string& CompiledRuleSet::name() const { return impl_->name; }
const fs::path& CompiledRuleSet::path() const { return impl_->root; }

std::optional<std::string> CompiledRuleSet::lookup(std::string_view lexicon,
                                                   std::string_view key) const {
  const Lexicon* lex = impl_->expander->findLexicon(0, lexicon);
  if (lex == nullptr) return std::nullopt;
  return lex->lookup(key);
}

std::vector<std::pair<std::string, std::string>> CompiledRuleSet::lexicon(
    std::string_view lexicon) const {
  const Lexicon* lex = impl_->expander->findLexicon(0, lexicon);
  if (lex == nullptr) return {};
  return lex->entries();
}

std::vector<std::string> CompiledRuleSet::emittedTypes() const { return impl_->emitted; }
std::vector<std::string> CompiledRuleSet::scopeTypes() const { return impl_->scopes; }

const CompiledRule* CompiledRuleSet::Impl::find(std::string_view rule_name) const {
  if (rule_name.find(':') != std::string_view::npos) {
    auto it = by_name.find(std::string(rule_name));
    return it == by_name.end() ? nullptr : rules[it->second].get();
  }
  const CompiledRule* found = nullptr;
  for (const auto& r : rules) {
    if (r->id != rule_name) continue;
    if (r->file == 0) return r.get();  // the root file's own rule wins
    if (found == nullptr) found = r.get();
  }
  return found;
}

std::string CompiledRuleSet::ruleSource(std::string_view rule_name) const {
  const CompiledRule* r = impl_->find(rule_name);
  return r == nullptr ? std::string() : r->source;
}

std::vector<fs::path> CompiledRuleSet::dependencies() const {
  std::vector<fs::path> out;
  for (const RuleFile& f : impl_->files) {
    out.push_back(f.path);
    for (const fs::path& p : f.data_files) out.push_back(p);
  }
  return out;
}

namespace {
RuleInfo describe(const CompiledRule& r, const Prefilter& prefilter) {
  RuleInfo info;
  info.name = r.name;
  info.ruleset = r.ruleset;
  info.id = r.id;
  info.type = r.type;
  info.scope = r.scope;
  info.priority = r.priority;
  info.veto = r.veto;
  info.flags = r.flags;
  info.where = r.where;
  info.pattern = r.pattern;
  info.expanded = r.expanded.text();
  info.jit = r.regex->jitted();
  info.filter = prefilter.plan(r.slot);
  info.examples = r.examples;
  return info;
}
}  // namespace

std::vector<RuleInfo> CompiledRuleSet::rules() const {
  std::vector<RuleInfo> out;
  for (const auto& r : impl_->rules) out.push_back(describe(*r, *impl_->groups[r->group]->prefilter));
  return out;
}

std::optional<RuleInfo> CompiledRuleSet::rule(std::string_view rule_name) const {
  const CompiledRule* r = impl_->find(rule_name);
  if (r == nullptr) return std::nullopt;
  return describe(*r, *impl_->groups[r->group]->prefilter);
}

void CompiledRuleSet::setProfiling(bool on) const {
  impl_->profiling.store(on, std::memory_order_relaxed);
}

std::vector<RuleProfile> CompiledRuleSet::profile() const {
  std::vector<RuleProfile> out;
  for (const auto& r : impl_->rules)
    out.push_back({r->name, r->source, r->runs.load(), r->matches.load(), r->nanos.load()});
  for (const auto& g : impl_->groups) {
    if (!g->prefilter->active()) continue;
    std::string label = impl_->name + ":(prefilter" + (g->scope.empty() ? "" : " in " + g->scope) + ")";
    out.push_back({label, impl_->files.front().source->path(), g->runs.load(), 0, g->nanos.load()});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const RuleProfile& a, const RuleProfile& b) { return a.nanos > b.nanos; });
  return out;
}

void CompiledRuleSet::resetProfile() const {
  for (const auto& r : impl_->rules) {
    r->runs = 0;
    r->matches = 0;
    r->nanos = 0;
  }
  for (const auto& g : impl_->groups) {
    g->runs = 0;
    g->nanos = 0;
  }
}

std::string expandedPattern(const glean::RuleSet& rules, std::string_view rule) {
  const auto* compiled = dynamic_cast<const CompiledRuleSet*>(&rules);
  if (compiled == nullptr) throw std::invalid_argument("not a rule set of this engine");
  auto info = compiled->rule(rule);
  if (!info)
    throw std::invalid_argument("no rule '" + std::string(rule) + "' in rule set '" +
                                compiled->name() + "'");
  return info->expanded;
}

}  // namespace glean::rules
