// glean/core/src/rules/prefilter.cpp - Prefilter: one Hyperscan pass that tells PCRE2 where to look
// SPDX-License-Identifier: Apache-2.0
#include "rules/prefilter.hpp"

#include "rules/database_cache.hpp"
#include "rules/pattern_relaxer.hpp"
#include "rules/rule_file.hpp"

#include <hs/hs.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <limits>
#include <optional>

namespace glean::rules {
namespace {

constexpr unsigned kUnbounded = std::numeric_limits<unsigned>::max();
// The shortest piece a start cover may use (see planOptions).
constexpr unsigned kMinPieceWidth = 3;
// Reports kept at most, over all rules of one scan (8 bytes each): beyond this, the rule adding a
// report runs unfiltered on that subject instead, so a pathological pattern cannot eat memory.
constexpr std::size_t kTotalReportCap = std::size_t{1} << 22;
// How much narrower (bytes) the window of the matches without an optional head must get for the
// optional head to be looked for apart (see planOptions).
constexpr std::uint32_t kMinNarrowing = 64;

std::atomic<std::uint64_t> g_next_serial{1};

struct HsScratch {
  hs_scratch_t* scratch = nullptr;
  std::vector<std::uint64_t> ready;  // databases this scratch was sized for
  HsScratch() = default;
  HsScratch(const HsScratch&) = delete;
  HsScratch& operator=(const HsScratch&) = delete;
  ~HsScratch() {
    if (scratch != nullptr) hs_free_scratch(scratch);
  }
};

HsScratch& hsScratch() {
  thread_local HsScratch s;
  return s;
}

struct ExprInfo {
  bool ok = false;
  unsigned min_width = 0;
  unsigned max_width = kUnbounded;
  std::string error;
};

ExprInfo expressionInfo(const std::string& pattern, unsigned flags) {
  ExprInfo out;
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_expression_info(pattern.c_str(), flags, &info, &err) == HS_SUCCESS && info != nullptr) {
    out.ok = true;
    out.min_width = info->min_width;
    out.max_width = info->max_width;
  } else {
    out.error = err != nullptr ? err->message : "hs_expression_info failed";
  }
  if (err != nullptr) hs_free_compile_error(err);
  std::free(info);
  return out;
}

unsigned baseFlags(unsigned rule_flags) {
  unsigned f = HS_FLAG_UTF8;
  if (rule_flags & kCaseless) f |= HS_FLAG_CASELESS;
  if (rule_flags & kMultiline) f |= HS_FLAG_MULTILINE;
  if (rule_flags & kDotAll) f |= HS_FLAG_DOTALL;
  return f;
}

FilterPlan unfiltered(std::string why) {
  FilterPlan p;
  p.mode = FilterMode::Unfiltered;
  p.note = std::move(why);
  return p;
}

// Hyperscan's own approximation of a pattern it cannot take as written, usable only when the
// approximation has a bounded match length.
FilterPlan approximatePlan(const PrefilterInput& rule, const std::string& why) {
  FilterPlan p;
  p.hs_pattern = ((rule.flags & kExtended) ? "(?x)" : "") + rule.pattern;
  p.hs_flags = baseFlags(rule.flags) | HS_FLAG_UCP | HS_FLAG_PREFILTER;
  ExprInfo info = expressionInfo(p.hs_pattern, p.hs_flags);
  if (!info.ok) return unfiltered(why + "; Hyperscan: " + info.error);
  if (info.max_width == kUnbounded)
    return unfiltered(why + "; Hyperscan's approximation has no length bound");
  if (info.min_width == 0) p.hs_flags |= HS_FLAG_ALLOWEMPTY;
  p.mode = FilterMode::EndWindow;
  p.width = info.max_width;
  p.approximate = true;
  p.note = why + "; Hyperscan approximation, matches at most " + std::to_string(info.max_width) +
           " bytes";
  return p;
}

// The ways to filter one rule, best first: the Prefilter uses the first one Hyperscan compiles in
// the database. A rule whose options all fail runs unfiltered.
std::vector<FilterPlan> planOptions(const PrefilterInput& rule) {
  std::string why;
  auto relaxed = relaxForHyperscan(rule.pattern, (rule.flags & kExtended) != 0,
                                  (rule.flags & kCaseless) != 0, why);
  // \G and \K make a match depend on where the search starts: only a search from the start of
  // the text gives the right answer.
  if (!relaxed && (why == "\\G" || why == "\\K"))
    return {unfiltered(why + ": the match depends on where the search starts")};
  if (!relaxed) return {approximatePlan(rule, "not relaxable: " + why)};
  unsigned flags = baseFlags(rule.flags);
  std::string hs_error;
  // One option from a text: an end window when the length is bounded (no start-of-match
  // tracking, which costs Hyperscan dearly), else start of match.
  auto option = [&](const std::string& text, bool is_prefix,
                    const char* cut) -> std::optional<FilterPlan> {
    FilterPlan p;
    p.hs_pattern = text;
    p.note = relaxed->changes.empty() ? "as written" : relaxed->changes;
    if (is_prefix) p.note += cut;
    ExprInfo info = expressionInfo(p.hs_pattern, flags);
    if (!info.ok) {
      hs_error = info.error;
      return std::nullopt;
    }
    if (info.min_width == 0) {
      if (is_prefix) return std::nullopt;  // a prefix must not match the empty string
      // Hyperscan has no start of match for patterns that match the empty string.
      if (info.max_width == kUnbounded)
        return unfiltered("can match the empty string and has no length bound");
      p.mode = FilterMode::EndWindow;
      p.hs_flags = flags | HS_FLAG_ALLOWEMPTY;
      p.width = info.max_width;
    } else if (info.max_width != kUnbounded) {
      p.mode = FilterMode::EndWindow;
      p.hs_flags = flags;
      p.width = info.max_width;
    } else {
      p.mode = FilterMode::Start;
      p.hs_flags = flags | HS_FLAG_SOM_LEFTMOST;
    }
    return p;
  };
  std::vector<FilterPlan> options;
  if (auto first = option(relaxed->truncated ? relaxed->prefix : relaxed->pattern,
                          relaxed->truncated, "; cut to a prefix"))
    options.push_back(*first);
  // Bounding the open-ended repeats (plus one pattern per repeat for longer runs) gives the same
  // places without start-of-match tracking, which costs Hyperscan dearly: prefer it.
  if (!options.empty() && options.front().mode == FilterMode::Start && relaxed->split.size() > 1) {
    FilterPlan p = options.front();
    p.mode = FilterMode::EndWindow;
    p.hs_flags &= ~static_cast<unsigned>(HS_FLAG_SOM_LEFTMOST);
    p.note += "; open-ended repeats bounded (X+ looked for as X), longer runs looked for apart";
    bool ok = true;
    for (std::size_t k = 0; k < relaxed->split.size() && ok; ++k) {
      ExprInfo info = expressionInfo(relaxed->split[k], p.hs_flags);
      ok = info.ok && info.min_width > 0 && info.max_width != kUnbounded;
      if (!ok) break;
      if (k == 0) {
        p.hs_pattern = relaxed->split[k];
        p.width = info.max_width;
      } else {
        p.extra_patterns.push_back(relaxed->split[k]);
        p.extra_widths.push_back(info.max_width);
      }
    }
    if (ok) options.insert(options.begin(), std::move(p));
  }

  // An end window as wide as the longest match is wasted on the matches without the optional head
  // ("(?:not more than\s{1,8})?{NUMBER}\s{1,8}years": PCRE2 searched 175 bytes before every
  // "3 years"): one pattern per place a match can start, each with its own width, instead.
  if (!options.empty() && options.front().mode == FilterMode::EndWindow &&
      options.front().extra_patterns.empty() && relaxed->starts.size() > 1) {
    FilterPlan p = options.front();
    p.extra_patterns.clear();
    p.extra_widths.clear();
    bool ok = true;
    std::uint32_t widest = 0;
    for (std::size_t k = 0; k < relaxed->starts.size() && ok; ++k) {
      ExprInfo info = expressionInfo(relaxed->starts[k], p.hs_flags);
      ok = info.ok && info.min_width > 0 && info.max_width != kUnbounded;
      if (!ok) break;
      widest = std::max<std::uint32_t>(widest, info.max_width);
      if (k == 0) {
        p.hs_pattern = relaxed->starts[k];
        p.width = info.max_width;
      } else {
        p.extra_patterns.push_back(relaxed->starts[k]);
        p.extra_widths.push_back(info.max_width);
      }
    }
    // Only worth it when the last piece (no optional head, the usual match) gets a much narrower
    // window: each piece is one more pattern for Hyperscan. Measured on the date rules (16 with an
    // optional head): all of them made the scan 10-25% slower for little PCRE2 time saved; the one
    // narrowed by 97 bytes (duration, 175 -> 78) saved PCRE2 about three times what it cost.
    if (ok && p.extra_widths.back() + kMinNarrowing <= widest) {
      p.note += "; one pattern per place a match can start (optional head), each with its own window";
      options.insert(options.begin(), std::move(p));
    }
  }

  // Start-of-match tracking costs Hyperscan dearly (measured: 5 to 20 times a plain scan) over an
  // optional head, or when no literal follows the first open-ended repeat to anchor it. Then look
  // instead for where any match can start: each optional part and the required rest, each cut to a
  // piece with a length bound. (A phrase such as "alpha\s+beta" keeps start of match: it is cheap
  // there, and more selective than "alpha" alone.)
  if (!options.empty() && options.front().mode == FilterMode::Start &&
      (relaxed->starts_optional || !relaxed->som_anchored) && !relaxed->cover.empty()) {
    std::string joined;
    for (const auto& piece : relaxed->cover) {
      std::string chosen;
      // The longest candidate with a length bound, and at least 3 bytes long: shorter pieces
      // ("a", a digit) would send PCRE2 almost everywhere.
      for (const std::string& text : piece) {
        ExprInfo info = expressionInfo(text, flags);
        if (info.ok && info.min_width >= kMinPieceWidth && info.max_width != kUnbounded) {
          chosen = text;
          break;
        }
      }
      if (chosen.empty()) {
        joined.clear();
        break;
      }
      joined += (joined.empty() ? "" : "|") + chosen;
    }
    if (!joined.empty()) {
      if (auto o = option("(?:" + joined + ")", true, "; the places a match can start");
          o && o->mode == FilterMode::EndWindow)
        options.insert(options.begin(), *o);
    }
  }
  // Fallbacks for when start of match does not compile: the longest shorter prefix with a length
  // bound, then the shortest one.
  if (options.empty() || options.front().mode == FilterMode::Start) {
    std::optional<FilterPlan> bounded, shortest;
    for (const std::string& text : relaxed->shorter) {
      auto o = option(text, true, "; cut to a shorter prefix");
      if (!o || o->mode == FilterMode::Unfiltered) continue;
      if (!bounded && o->mode == FilterMode::EndWindow) bounded = o;
      shortest = o;
    }
    if (bounded) options.push_back(*bounded);
    if (shortest && shortest->mode == FilterMode::Start) options.push_back(*shortest);
  }
  if (options.empty())
    return {approximatePlan(rule, "Hyperscan refused the relaxed pattern: " + hs_error)};
  return options;
}

// Little-endian, length-prefixed fields for the cache blob.
void putU32(std::string& out, std::uint32_t v) {
  for (int k = 0; k < 4; ++k) out.push_back(static_cast<char>((v >> (8 * k)) & 0xFF));
}
void putStr(std::string& out, const std::string& s) {
  putU32(out, static_cast<std::uint32_t>(s.size()));
  out += s;
}
struct Reader {
  std::string_view data;
  std::size_t at = 0;
  bool ok = true;
  std::uint32_t u32() {
    if (data.size() - at < 4) {
      ok = false;
      return 0;
    }
    std::uint32_t v = 0;
    for (int k = 0; k < 4; ++k) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(data[at + k])) << (8 * k);
    at += 4;
    return v;
  }
  std::string str() {
    std::uint32_t n = u32();
    if (!ok || data.size() - at < n) {
      ok = false;
      return {};
    }
    std::string s(data.substr(at, n));
    at += n;
    return s;
  }
};

// What a cached database depends on: Hyperscan's version and target, the planner's revision, and
// every rule's pattern and flags. (Stored plans are sound for these inputs whatever the revision;
// bumping it only makes a newer planner's better choices take effect.)
constexpr int kPlannerRevision = 8;

std::string cacheKey(const std::vector<PrefilterInput>& rules) {
  std::string key = "hyperscan ";
  key += hs_version();
  hs_platform_info_t platform{};
  if (hs_populate_platform(&platform) == HS_SUCCESS) {
    key += " tune " + std::to_string(platform.tune) + " features " +
           std::to_string(platform.cpu_features);
  }
  key += " planner " + std::to_string(kPlannerRevision) + "\n";
  for (const PrefilterInput& r : rules) {
    putU32(key, r.flags | (r.enabled ? 0u : 0x80000000u));
    putStr(key, r.pattern);
  }
  return key;
}

std::atomic<std::uint64_t> g_cache_hits{0};

}  // namespace

std::uint64_t prefilterCacheHitsForTest() { return g_cache_hits.load(); }

const char* filterModeName(FilterMode mode) {
  switch (mode) {
    case FilterMode::Start: return "prefiltered (start of match)";
    case FilterMode::EndWindow: return "prefiltered (end of match and length bound)";
    case FilterMode::Unfiltered: return "unfiltered";
  }
  return "?";
}

// ---- ReportTable ---------------------------------------------------------------------------

void ReportTable::reset(std::size_t rules, std::size_t subject_size) {
  for (std::uint32_t r : touched_) {
    PerRule& s = state_[r];
    s.windows.clear();
    if (s.windows.capacity() > (std::size_t{1} << 16)) s.windows.shrink_to_fit();
    s.touched = s.unordered = s.saturated = false;
  }
  touched_.clear();
  if (state_.size() < rules) state_.resize(rules);
  total_ = 0;
  total_cap_ = kTotalReportCap;
  per_rule_cap_ = std::min(kTotalReportCap, std::max<std::size_t>(1024, subject_size / 8));
}

void ReportTable::add(std::uint32_t rule, std::uint32_t start, std::uint32_t end) {
  PerRule& r = state_[rule];
  if (r.saturated) return;
  if (!r.touched) {
    r.touched = true;
    touched_.push_back(rule);
  }
  std::vector<Window>& w = r.windows;
  if (!w.empty()) {
    if (end >= w.back().end) {
      // A range inside the new one adds nothing: drop it.
      while (!w.empty() && w.back().start >= start && w.back().end <= end) {
        w.pop_back();
        --total_;
      }
    } else {
      r.unordered = true;
    }
  }
  w.push_back({end, start});
  ++total_;
  if (w.size() > per_rule_cap_ || total_ > total_cap_) {
    total_ -= w.size();
    w.clear();
    r.saturated = true;
  }
}

void ReportTable::finish() {
  for (std::uint32_t rule : touched_) {
    PerRule& r = state_[rule];
    if (!r.unordered || r.saturated) continue;
    std::vector<Window>& w = r.windows;
    std::sort(w.begin(), w.end(), [](const Window& a, const Window& b) {
      return a.end != b.end ? a.end < b.end : a.start < b.start;
    });
    std::vector<Window> kept;
    kept.reserve(w.size());
    for (const Window& x : w) {
      while (!kept.empty() && kept.back().start >= x.start) kept.pop_back();
      kept.push_back(x);
    }
    w.swap(kept);
    r.unordered = false;
  }
}

// ---- Prefilter -----------------------------------------------------------------------------

struct Prefilter::Impl {
  hs_database_t* db = nullptr;
  std::uint64_t serial = 0;
  // Per Hyperscan expression id: its rule, start mode or not, and its width.
  std::vector<std::uint32_t> rule;
  std::vector<char> start_mode;
  std::vector<std::uint32_t> width;
  ~Impl() {
    if (db != nullptr) hs_free_database(db);
  }
};

Prefilter::Prefilter(const std::vector<PrefilterInput>& rules, bool enabled)
    : impl_(std::make_unique<Impl>()) {
  using Clock = std::chrono::steady_clock;
  auto t0 = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - t0).count(); };
  std::string key;
  if (enabled && !rules.empty()) {
    key = cacheKey(rules);
    if (loadCached(key, rules.size())) {
      ++g_cache_hits;
      spdlog::debug("prefilter: {} rules from the cache in {:.2f} s", rules.size(), elapsed());
      return;
    }
  }
  std::vector<std::vector<FilterPlan>> options(rules.size());
  std::vector<std::size_t> choice(rules.size(), 0);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (!enabled)
      options[i] = {unfiltered("prefilter disabled")};
    else if (!rules[i].enabled)
      options[i] = {unfiltered("prefilter = false in the rule")};
    else
      options[i] = planOptions(rules[i]);
    plans_.push_back(options[i].front());
  }
  // A pattern Hyperscan refuses (start of match is often "too large") moves to its next option, or
  // runs unfiltered. Start-of-match patterns are tried alone first, so that such refusals do not
  // each cost a compile of the whole database.
  auto next = [&](std::size_t i, const std::string& message) {
    spdlog::debug("rule {}: Hyperscan refused '{}': {}", rules[i].label, plans_[i].hs_pattern,
                  message);
    if (++choice[i] < options[i].size()) {
      plans_[i] = options[i][choice[i]];
      plans_[i].note += " (Hyperscan could not compile a longer one: " + message + ")";
    } else {
      plans_[i] = unfiltered("Hyperscan: " + message);
    }
  };
  spdlog::debug("prefilter: planned {} rules in {:.2f} s", rules.size(), elapsed());
  for (std::size_t i = 0; i < plans_.size(); ++i) {
    while (plans_[i].mode == FilterMode::Start) {
      hs_database_t* one = nullptr;
      hs_compile_error_t* err = nullptr;
      bool ok = hs_compile(plans_[i].hs_pattern.c_str(), plans_[i].hs_flags, HS_MODE_BLOCK,
                           nullptr, &one, &err) == HS_SUCCESS;
      std::string message = err != nullptr ? err->message : "compile failed";
      if (one != nullptr) hs_free_database(one);
      if (err != nullptr) hs_free_compile_error(err);
      if (ok) break;
      next(i, message);
    }
  }
  spdlog::debug("prefilter: start-of-match patterns checked at {:.2f} s", elapsed());
  while (true) {
    std::vector<const char*> exprs;
    std::vector<unsigned> flags, ids;
    std::vector<std::size_t> owner;  // expression -> rule
    impl_->rule.clear();
    impl_->start_mode.clear();
    impl_->width.clear();
    auto add = [&](std::size_t i, const std::string& text, std::uint32_t width) {
      ids.push_back(static_cast<unsigned>(exprs.size()));
      exprs.push_back(text.c_str());
      flags.push_back(plans_[i].hs_flags);
      owner.push_back(i);
      impl_->rule.push_back(static_cast<std::uint32_t>(i));
      impl_->start_mode.push_back(plans_[i].mode == FilterMode::Start);
      impl_->width.push_back(width);
    };
    for (std::size_t i = 0; i < plans_.size(); ++i) {
      if (plans_[i].mode == FilterMode::Unfiltered) continue;
      add(i, plans_[i].hs_pattern, plans_[i].width);
      for (std::size_t k = 0; k < plans_[i].extra_patterns.size(); ++k)
        add(i, plans_[i].extra_patterns[k], plans_[i].extra_widths[k]);
    }
    if (exprs.empty()) break;
    hs_compile_error_t* err = nullptr;
    hs_database_t* db = nullptr;
    hs_error_t rc = hs_compile_multi(exprs.data(), flags.data(), ids.data(),
                                     static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK, nullptr,
                                     &db, &err);
    if (rc == HS_SUCCESS) {
      impl_->db = db;
      break;
    }
    std::string message = err != nullptr ? err->message : "compile failed";
    int which = err != nullptr ? err->expression : -1;
    if (err != nullptr) hs_free_compile_error(err);
    if (which >= 0 && static_cast<std::size_t>(which) < owner.size()) {
      next(owner[static_cast<std::size_t>(which)], message);
      continue;
    }
    // The failure names no expression: compile each alone to find the culprits.
    bool any = false;
    for (std::size_t k = 0; k < exprs.size(); ++k) {
      std::size_t i = owner[k];
      if (plans_[i].mode == FilterMode::Unfiltered) continue;  // already moved on
      hs_database_t* one = nullptr;
      hs_compile_error_t* e1 = nullptr;
      if (hs_compile(exprs[k], flags[k], HS_MODE_BLOCK, nullptr, &one, &e1) == HS_SUCCESS) {
        hs_free_database(one);
      } else {
        next(i, e1 != nullptr ? e1->message : message);
        any = true;
      }
      if (e1 != nullptr) hs_free_compile_error(e1);
    }
    if (!any) {  // nothing to blame: give up on the prefilter for this group
      for (FilterPlan& p : plans_)
        if (p.mode != FilterMode::Unfiltered) p = unfiltered("Hyperscan database: " + message);
      impl_->rule.clear();
      impl_->start_mode.clear();
      impl_->width.clear();
      break;
    }
  }
  spdlog::debug("prefilter: database of {} expressions compiled at {:.2f} s", impl_->rule.size(),
                elapsed());
  impl_->serial = g_next_serial.fetch_add(1);
  if (!key.empty()) storeCached(key);
  for (std::size_t i = 0; i < plans_.size(); ++i) {
    if (plans_[i].mode == FilterMode::Unfiltered)
      spdlog::debug("rule {} runs unfiltered: {}", rules[i].label, plans_[i].note);
  }
}

// The expression tables (per Hyperscan id: rule, mode, width) follow from the plans, in the order
// the database was compiled in.
void Prefilter::buildTables() {
  impl_->rule.clear();
  impl_->start_mode.clear();
  impl_->width.clear();
  for (std::size_t i = 0; i < plans_.size(); ++i) {
    if (plans_[i].mode == FilterMode::Unfiltered) continue;
    std::size_t n = 1 + plans_[i].extra_patterns.size();
    for (std::size_t k = 0; k < n; ++k) {
      impl_->rule.push_back(static_cast<std::uint32_t>(i));
      impl_->start_mode.push_back(plans_[i].mode == FilterMode::Start);
      impl_->width.push_back(k == 0 ? plans_[i].width : plans_[i].extra_widths[k - 1]);
    }
  }
}

bool Prefilter::loadCached(const std::string& key, std::size_t rules) {
  auto blob = DatabaseCache::load(key);
  if (!blob) return false;
  Reader in{*blob};
  if (in.u32() != rules || !in.ok) return false;
  std::vector<FilterPlan> plans(rules);
  for (FilterPlan& p : plans) {
    std::uint32_t mode = in.u32();
    if (mode > static_cast<std::uint32_t>(FilterMode::Unfiltered)) return false;
    p.mode = static_cast<FilterMode>(mode);
    p.hs_flags = in.u32();
    p.width = in.u32();
    p.approximate = in.u32() != 0;
    p.hs_pattern = in.str();
    p.note = in.str();
    std::uint32_t extras = in.u32();
    for (std::uint32_t k = 0; k < extras && in.ok; ++k) {
      p.extra_patterns.push_back(in.str());
      p.extra_widths.push_back(in.u32());
    }
    if (!in.ok) return false;
  }
  std::string db = in.str();
  if (!in.ok) return false;
  hs_database_t* database = nullptr;
  if (!db.empty() && hs_deserialize_database(db.data(), db.size(), &database) != HS_SUCCESS)
    return false;
  plans_ = std::move(plans);
  impl_->db = database;
  impl_->serial = g_next_serial.fetch_add(1);
  buildTables();
  return true;
}

void Prefilter::storeCached(const std::string& key) const {
  std::string blob;
  putU32(blob, static_cast<std::uint32_t>(plans_.size()));
  for (const FilterPlan& p : plans_) {
    putU32(blob, static_cast<std::uint32_t>(p.mode));
    putU32(blob, p.hs_flags);
    putU32(blob, p.width);
    putU32(blob, p.approximate ? 1 : 0);
    putStr(blob, p.hs_pattern);
    putStr(blob, p.note);
    putU32(blob, static_cast<std::uint32_t>(p.extra_patterns.size()));
    for (std::size_t k = 0; k < p.extra_patterns.size(); ++k) {
      putStr(blob, p.extra_patterns[k]);
      putU32(blob, p.extra_widths[k]);
    }
  }
  std::string db;
  if (impl_->db != nullptr) {
    char* bytes = nullptr;
    std::size_t size = 0;
    if (hs_serialize_database(impl_->db, &bytes, &size) != HS_SUCCESS) return;
    db.assign(bytes, size);
    std::free(bytes);
  }
  putStr(blob, db);
  DatabaseCache::store(key, blob);
}

Prefilter::~Prefilter() = default;

bool Prefilter::active() const { return impl_->db != nullptr; }

namespace {
struct ScanContext {
  ReportTable* table;
  const std::uint32_t* rule;
  const char* start_mode;
  const std::uint32_t* width;
};

int onMatch(unsigned id, unsigned long long from, unsigned long long to, unsigned /*flags*/,
            void* ctx) {
  auto* c = static_cast<ScanContext*>(ctx);
  auto end = static_cast<std::uint32_t>(to);
  if (end == 0) return 0;  // no non-empty match ends at 0
  std::uint32_t start;
  if (c->start_mode[id]) {
    if (from >= to) return 0;  // an empty match: PCRE2 never reports one
    start = static_cast<std::uint32_t>(from);
  } else {
    std::uint32_t w = c->width[id];
    start = end > w ? end - w : 0;
  }
  c->table->add(c->rule[id], start, end);
  return 0;
}
}  // namespace

bool Prefilter::scan(std::string_view subject, ReportTable& table) const {
  table.reset(plans_.size(), subject.size());
  if (impl_->db == nullptr) return true;
  if (subject.size() > std::numeric_limits<unsigned>::max()) return false;
  HsScratch& s = hsScratch();
  if (std::find(s.ready.begin(), s.ready.end(), impl_->serial) == s.ready.end()) {
    if (hs_alloc_scratch(impl_->db, &s.scratch) != HS_SUCCESS) return false;
    if (s.ready.size() > 64) s.ready.clear();
    s.ready.push_back(impl_->serial);
  }
  ScanContext ctx{&table, impl_->rule.data(), impl_->start_mode.data(), impl_->width.data()};
  hs_error_t rc = hs_scan(impl_->db, subject.data(), static_cast<unsigned>(subject.size()), 0,
                          s.scratch, &onMatch, &ctx);
  if (rc != HS_SUCCESS) return false;
  table.finish();
  return true;
}

}  // namespace glean::rules
