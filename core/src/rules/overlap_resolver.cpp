// glean/core/src/rules/overlap_resolver.cpp - vetoes and overlap resolution between rule matches
// SPDX-License-Identifier: Apache-2.0
#include "rules/overlap_resolver.hpp"

#include <algorithm>
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

  auto byPosition = [&](std::size_t a, std::size_t b) {
    const RawMatch& x = candidates[a];
    const RawMatch& y = candidates[b];
    if (x.begin != y.begin) return x.begin < y.begin;
    if (x.end != y.end) return x.end > y.end;
    return rules[x.rule].order < rules[y.rule].order;
  };
  if (keep_overlaps) {
    std::sort(alive.begin(), alive.end(), byPosition);
    out.winners = std::move(alive);
    return out;
  }

  std::sort(alive.begin(), alive.end(), [&](std::size_t a, std::size_t b) {
    const RawMatch& x = candidates[a];
    const RawMatch& y = candidates[b];
    const RuleRank& rx = rules[x.rule];
    const RuleRank& ry = rules[y.rule];
    if (rx.priority != ry.priority) return rx.priority > ry.priority;
    if (x.end - x.begin != y.end - y.begin) return x.end - x.begin > y.end - y.begin;
    if (x.begin != y.begin) return x.begin < y.begin;
    return rx.order < ry.order;
  });
  // Accepted spans never overlap, so ordered by begin their ends are ordered too: the only one
  // that can overlap [b, e) is the last accepted span beginning before e.
  std::map<std::size_t, std::size_t> accepted;  // begin -> candidate index
  for (std::size_t c : alive) {
    const RawMatch& m = candidates[c];
    auto it = accepted.lower_bound(m.end);
    if (it != accepted.begin()) {
      const RawMatch& prev = candidates[std::prev(it)->second];
      if (prev.end > m.begin) {
        if (explain) out.reasons[c] = lossReason(m, prev, rules);
        continue;
      }
    }
    accepted.emplace(m.begin, c);
    out.winners.push_back(c);
  }
  std::sort(out.winners.begin(), out.winners.end(), byPosition);
  return out;
}

}  // namespace glean::rules
