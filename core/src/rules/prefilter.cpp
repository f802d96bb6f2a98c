// glean/core/src/rules/prefilter.cpp - Prefilter: one Hyperscan pass that tells PCRE2 where to look
// SPDX-License-Identifier: Apache-2.0
#include "rules/prefilter.hpp"

#include "rules/pattern_relaxer.hpp"
#include "rules/rule_file.hpp"

#include <hs/hs.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <limits>
#include <optional>

namespace glean::rules {
namespace {

constexpr unsigned kUnbounded = std::numeric_limits<unsigned>::max();
// Reports kept at most, over all rules of one scan (8 bytes each): beyond this, the rule adding a
// report runs unfiltered on that subject instead, so a pathological pattern cannot eat memory.
constexpr std::size_t kTotalReportCap = std::size_t{1} << 22;

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

}  // namespace

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
  // Per rule (indexed by Hyperscan id = rule index): true for Start mode, and the width.
  std::vector<char> start_mode;
  std::vector<std::uint32_t> width;
  ~Impl() {
    if (db != nullptr) hs_free_database(db);
  }
};

Prefilter::Prefilter(const std::vector<PrefilterInput>& rules, bool enabled)
    : impl_(std::make_unique<Impl>()) {
  std::vector<std::vector<FilterPlan>> options(rules.size());
  std::vector<std::size_t> choice(rules.size(), 0);
  for (std::size_t i = 0; i < rules.size(); ++i) {
    options[i] = enabled ? planOptions(rules[i])
                         : std::vector<FilterPlan>{unfiltered("prefilter disabled")};
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
  while (true) {
    std::vector<const char*> exprs;
    std::vector<unsigned> flags, ids;
    for (std::size_t i = 0; i < plans_.size(); ++i) {
      if (plans_[i].mode == FilterMode::Unfiltered) continue;
      exprs.push_back(plans_[i].hs_pattern.c_str());
      flags.push_back(plans_[i].hs_flags);
      ids.push_back(static_cast<unsigned>(i));
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
    if (which >= 0 && static_cast<std::size_t>(which) < ids.size()) {
      next(ids[static_cast<std::size_t>(which)], message);
      continue;
    }
    // The failure names no expression: compile each alone to find the culprits.
    bool any = false;
    for (std::size_t i : ids) {
      hs_database_t* one = nullptr;
      hs_compile_error_t* e1 = nullptr;
      if (hs_compile(plans_[i].hs_pattern.c_str(), plans_[i].hs_flags, HS_MODE_BLOCK, nullptr,
                     &one, &e1) == HS_SUCCESS) {
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
      break;
    }
  }
  impl_->serial = g_next_serial.fetch_add(1);
  impl_->start_mode.resize(plans_.size());
  impl_->width.resize(plans_.size());
  for (std::size_t i = 0; i < plans_.size(); ++i) {
    impl_->start_mode[i] = plans_[i].mode == FilterMode::Start;
    impl_->width[i] = plans_[i].width;
    if (plans_[i].mode == FilterMode::Unfiltered)
      spdlog::debug("rule {} runs unfiltered: {}", rules[i].label, plans_[i].note);
  }
}

Prefilter::~Prefilter() = default;

bool Prefilter::active() const { return impl_->db != nullptr; }

namespace {
struct ScanContext {
  ReportTable* table;
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
  c->table->add(id, start, end);
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
  ScanContext ctx{&table, impl_->start_mode.data(), impl_->width.data()};
  hs_error_t rc = hs_scan(impl_->db, subject.data(), static_cast<unsigned>(subject.size()), 0,
                          s.scratch, &onMatch, &ctx);
  if (rc != HS_SUCCESS) return false;
  table.finish();
  return true;
}

}  // namespace glean::rules
