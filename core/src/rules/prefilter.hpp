// glean/core/src/rules/prefilter.hpp - Prefilter: one Hyperscan pass that tells PCRE2 where to look
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace glean::rules {

/// How a rule's PCRE2 search is narrowed by the Hyperscan pass.
enum class FilterMode {
  /// Hyperscan reports each match end with its leftmost possible start; PCRE2 searches only the
  /// start ranges [start, end) that the reports cover.
  Start,
  /// Hyperscan reports match ends only; the pattern's matches are at most `width` bytes long, so
  /// PCRE2 searches the start ranges [end - width, end).
  EndWindow,
  /// PCRE2 runs over the whole text.
  Unfiltered,
};

const char* filterModeName(FilterMode mode);

/// What was decided for one rule, shown by `glean rules --expand`.
struct FilterPlan {
  FilterMode mode = FilterMode::Unfiltered;
  std::string hs_pattern;      ///< what Hyperscan compiles (empty when unfiltered)
  unsigned hs_flags = 0;
  std::uint32_t width = 0;     ///< EndWindow: the longest possible match, in bytes
  /// EndWindow: more patterns for the same rule (each with its own width), when open-ended repeats
  /// were bounded and their longer runs are looked for separately.
  std::vector<std::string> extra_patterns;
  std::vector<std::uint32_t> extra_widths;
  bool approximate = false;    ///< compiled with HS_FLAG_PREFILTER (Hyperscan's own loosening)
  std::string note;            ///< what was loosened, or why the rule runs unfiltered
};

/// One rule as the prefilter sees it.
struct PrefilterInput {
  std::string pattern;  ///< the expanded PCRE2 pattern
  unsigned flags = 0;   ///< RuleFlag bits
  std::string label;    ///< "ruleset:rule-id", for log lines
  bool enabled = true;  ///< false: the rule asked to run unfiltered (`prefilter = false`)
};

/// Candidate start ranges of one rule in one subject, from its Hyperscan reports. Entries are
/// (end, start) with both strictly increasing: a report whose range is inside a later one's is
/// dropped as it arrives, so memory stays proportional to the distinct match starts.
struct Window {
  std::uint32_t end;
  std::uint32_t start;
};

/// Reports of one scan, per rule. Reused between scans (per thread) to avoid allocations.
class ReportTable {
 public:
  /// Prepares for a scan of `subject_size` bytes over `rules` rules.
  void reset(std::size_t rules, std::size_t subject_size);
  void add(std::uint32_t rule, std::uint32_t start, std::uint32_t end);
  /// Sorts the rules whose reports arrived out of order; call once after the scan.
  void finish();

  /// The rules that got at least one report (or saturated), in first-report order.
  const std::vector<std::uint32_t>& touched() const { return touched_; }
  /// True when the rule had so many reports that it runs unfiltered on this subject instead.
  bool saturated(std::uint32_t rule) const { return state_[rule].saturated; }
  const std::vector<Window>& windows(std::uint32_t rule) const { return state_[rule].windows; }

 private:
  struct PerRule {
    std::vector<Window> windows;
    bool touched = false;
    bool unordered = false;
    bool saturated = false;
  };
  std::vector<PerRule> state_;
  std::vector<std::uint32_t> touched_;
  std::size_t total_ = 0;
  std::size_t per_rule_cap_ = 0;
  std::size_t total_cap_ = 0;
};

/// A Hyperscan database over a group of rules (those that share a scope), block mode.
class Prefilter {
 public:
  /// Plans every rule and compiles the ones that can be filtered. With `enabled` false, every rule
  /// is planned Unfiltered (the reference behaviour the exactness test compares against). Plans
  /// and database are reused from the on-disk cache (DatabaseCache) when the same patterns were
  /// compiled before by the same Hyperscan on the same kind of CPU.
  Prefilter(const std::vector<PrefilterInput>& rules, bool enabled);
  ~Prefilter();
  Prefilter(const Prefilter&) = delete;
  Prefilter& operator=(const Prefilter&) = delete;

  const FilterPlan& plan(std::size_t rule) const { return plans_[rule]; }
  /// True when at least one rule is filtered (so scan() does something).
  bool active() const;

  /// Scans `subject` once for all filtered rules and fills `table`. Returns false when the scan
  /// failed (the caller then runs every rule unfiltered).
  bool scan(std::string_view subject, ReportTable& table) const;

 private:
  void buildTables();
  bool loadCached(const std::string& key, std::size_t rules);
  void storeCached(const std::string& key) const;

  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<FilterPlan> plans_;
};

/// How many prefilters were loaded from the on-disk cache (see DatabaseCache) in this process.
std::uint64_t prefilterCacheHitsForTest();

}  // namespace glean::rules
