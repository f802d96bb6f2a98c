// glean/core/src/rules/overlap_resolver.cpp - vetoes and overlap resolution between rule matches
// SPDX-License-Identifier: Apache-2.0
#include "rules/overlap_resolver.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>

namespace glean::rules {
namespace {

std::string span(const RawMatch& m) {
  return "[" + std::to_string(m.begin) + "," + std::to_string(m.end) + ")";
}

std::string lossReason(const RawMatch& loser, const RawMatch& winner,
                       const std::vector<RuleRank>& rules) {
  const RuleRank& l = rules[loser.rule];
  const RuleRank& w = rules[winner.rule];
  std::string who = w.name + " " + span(winner);
  if (w.priority != l.priority)
    return "lower priority (" + std::to_string(l.priority) + " < " + std::to_string(w.priority) +
           ") than " + who;
  std::size_t ll = loser.end - loser.begin, wl = winner.end - winner.begin;
  if (wl != ll)
    return "shorter (" + std::to_string(ll) + " < " + std::to_string(wl) + " bytes) than " + who;
  if (winner.begin != loser.begin) return "starts after " + who + " (same priority and length)";
  return "same span as " + who + ", an earlier rule";
}

// One bit per byte of [lo, hi): which bytes the winners cover.
class CoveredBytes {
 public:
  CoveredBytes(std::size_t lo, std::size_t hi)
      : lo_(lo), bits_(hi > lo ? (hi - lo + 63) / 64 : 0, 0) {}
  // True when a byte of [b, e) is covered.
  bool any(std::size_t b, std::size_t e) const {
    for (std::size_t w = (b - lo_) / 64; b < e; ++w) {
      std::size_t from = (b - lo_) % 64, to = std::min<std::size_t>(64, from + (e - b));
      if (bits_[w] & mask(from, to)) return true;
      b += to - from;
    }
    return false;
  }
  void set(std::size_t b, std::size_t e) {
    for (std::size_t w = (b - lo_) / 64; b < e; ++w) {
      std::size_t from = (b - lo_) % 64, to = std::min<std::size_t>(64, from + (e - b));
      bits_[w] |= mask(from, to);
      b += to - from;
    }
  }

 private:
  // Bits [from, to) of a word, 0 <= from < to <= 64.
  static std::uint64_t mask(std::size_t from, std::size_t to) {
    std::uint64_t upper = to == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << to) - 1;
    return upper & ~((std::uint64_t{1} << from) - 1);
  }
  std::size_t lo_;
  std::vector<std::uint64_t> bits_;
};

}  // namespace

Resolution resolveOverlaps(const std::vector<RawMatch>& vetoes,
                           const std::vector<RawMatch>& candidates,
                           const std::vector<RuleRank>& rules, bool keep_overlaps, bool explain) {
  Resolution out;
  out.reasons.resize(explain ? candidates.size() : 0);
  out.suppressed.assign(vetoes.size(), 0);

  // Vetoes sorted by begin, with the running maximum of their ends, so the vetoes overlapping a
  // candidate are found by walking back from the last one that begins before its end.
  std::vector<std::size_t> vorder(vetoes.size());
  std::iota(vorder.begin(), vorder.end(), 0);
  std::sort(vorder.begin(), vorder.end(), [&](std::size_t a, std::size_t b) {
    if (vetoes[a].begin != vetoes[b].begin) return vetoes[a].begin < vetoes[b].begin;
    return rules[vetoes[a].rule].order < rules[vetoes[b].rule].order;
  });
  std::vector<std::size_t> max_end(vorder.size());
  for (std::size_t k = 0; k < vorder.size(); ++k)
    max_end[k] = std::max(k ? max_end[k - 1] : 0, vetoes[vorder[k]].end);

  std::vector<std::size_t> alive;
  alive.reserve(candidates.size());
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    const RawMatch& m = candidates[c];
    auto it = std::lower_bound(vorder.begin(), vorder.end(), m.end,
                               [&](std::size_t v, std::size_t end) { return vetoes[v].begin < end; });
    std::size_t k = static_cast<std::size_t>(it - vorder.begin());
    const RawMatch* veto = nullptr;
    std::size_t veto_index = 0;
    while (k > 0 && max_end[k - 1] > m.begin) {
      --k;
      if (vetoes[vorder[k]].end > m.begin) {
        veto = &vetoes[vorder[k]];
        veto_index = vorder[k];
        break;
      }
    }
    if (veto != nullptr) {
      ++out.suppressed[veto_index];
      if (explain) out.reasons[c] = "vetoed by " + rules[veto->rule].name + " " + span(*veto);
      continue;
    }
    alive.push_back(c);
  }

  // Sorting compact keys (rather than indices compared through the candidates and the rule
  // table) keeps the sorts cheap with a million candidates.
  struct Key {
    std::int64_t priority;   // higher first
    std::size_t length;      // longer first
    std::size_t begin;       // leftmost first
    std::size_t end;
    std::uint32_t order;     // earlier rule first
    std::uint32_t index;     // into candidates
  };
  std::vector<Key> keys;
  keys.reserve(alive.size());
  for (std::size_t c : alive) {
    const RawMatch& m = candidates[c];
    keys.push_back({rules[m.rule].priority, m.end - m.begin, m.begin, m.end, rules[m.rule].order,
                    static_cast<std::uint32_t>(c)});
  }
  auto byPosition = [](const Key& x, const Key& y) {
    if (x.begin != y.begin) return x.begin < y.begin;
    if (x.end != y.end) return x.end > y.end;
    return x.order < y.order;
  };
  auto indices = [](const std::vector<Key>& ks) {
    std::vector<std::size_t> list;
    list.reserve(ks.size());
    for (const Key& k : ks) list.push_back(k.index);
    return list;
  };
  if (keep_overlaps) {
    std::sort(keys.begin(), keys.end(), byPosition);
    out.winners = indices(keys);
    return out;
  }

  std::sort(keys.begin(), keys.end(), [](const Key& x, const Key& y) {
    if (x.priority != y.priority) return x.priority > y.priority;
    if (x.length != y.length) return x.length > y.length;
    if (x.begin != y.begin) return x.begin < y.begin;
    return x.order < y.order;
  });
  // The bytes covered by the winners so far, one bit each over the candidates' extent: a
  // candidate wins when none of its bytes is taken. (Checking costs its length / 64 words.)
  std::size_t lo = std::numeric_limits<std::size_t>::max(), hi = 0;
  for (const Key& k : keys) {
    lo = std::min(lo, k.begin);
    hi = std::max(hi, k.end);
  }
  CoveredBytes covered(lo, hi);
  // The winner that covers a byte is looked up only to explain a loss.
  std::map<std::size_t, std::size_t> accepted;  // begin -> candidate index (explain only)
  std::vector<Key> won;
  for (const Key& k : keys) {
    const RawMatch& m = candidates[k.index];
    if (covered.any(m.begin, m.end)) {
      if (explain) {
        auto it = accepted.lower_bound(m.end);
        const RawMatch& prev = candidates[std::prev(it)->second];
        out.reasons[k.index] = lossReason(m, prev, rules);
      }
      continue;
    }
    covered.set(m.begin, m.end);
    if (explain) accepted.emplace(m.begin, k.index);
    won.push_back(k);
  }
  std::sort(won.begin(), won.end(), byPosition);
  out.winners = indices(won);
  return out;
}

}  // namespace glean::rules
