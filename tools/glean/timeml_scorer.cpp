// glean/tools/glean/timeml_scorer.cpp - TimemlScorer: TempEval-3 TIMEX3 scores of TimeML files
// SPDX-License-Identifier: Apache-2.0
#include "timeml_scorer.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace glean::cli {
namespace {
namespace fs = std::filesystem;

bool isSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// The span without surrounding whitespace.
std::pair<std::size_t, std::size_t> trimmed(const std::string& text, const TimemlTimex& t) {
  std::size_t b = t.begin, e = std::min(t.end, text.size());
  while (b < e && isSpace(text[b])) ++b;
  while (e > b && isSpace(text[e - 1])) --e;
  return {b, e};
}

// Non-space characters two spans share.
std::size_t overlap(const std::string& text, std::pair<std::size_t, std::size_t> a,
                    std::pair<std::size_t, std::size_t> b) {
  std::size_t lo = std::max(a.first, b.first), hi = std::min(a.second, b.second), n = 0;
  for (std::size_t i = lo; i < hi; ++i)
    if (!isSpace(text[i])) ++n;
  return n;
}

std::string describe(const std::string& text, const TimemlTimex& t) {
  auto [b, e] = trimmed(text, t);
  std::string out = "'" + text.substr(b, e - b) + "' " + t.type + " " + t.value;
  if (!t.mod.empty()) out += " mod=" + t.mod;
  return out;
}

std::string context(const std::string& text, std::size_t b, std::size_t e) {
  std::size_t from = b > 60 ? b - 60 : 0, to = std::min(text.size(), e + 40);
  std::string out = text.substr(from, b - from) + "[" + text.substr(b, e - b) + "]" +
                    text.substr(e, to - e);
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read '" + p.string() + "'");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TimemlDocument load(const fs::path& p) {
  try {
    return parseTimeml(readAll(p));
  } catch (const TimemlError& e) {
    throw std::runtime_error("'" + p.string() + "': malformed TimeML at byte " +
                             std::to_string(e.offset()) + ": " + e.what());
  }
}

// "x.tml.TE3input", "x.tml" and "x" name the same document.
std::string stem(const fs::path& p) {
  std::string name = p.filename().string();
  for (const std::string suffix : {".TE3input", ".tml"})
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      name.resize(name.size() - suffix.size());
  return name;
}

std::vector<fs::path> timemlFiles(const fs::path& root) {
  std::vector<fs::path> out;
  if (fs::is_regular_file(root)) {
    out.push_back(root);
    return out;
  }
  if (!fs::is_directory(root)) throw std::runtime_error("no such file or folder: '" + root.string() + "'");
  for (const auto& entry : fs::recursive_directory_iterator(root))
    if (entry.is_regular_file() && isTimemlFile(entry.path())) out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

double ratio(std::size_t a, std::size_t b) { return b == 0 ? 0 : 100.0 * static_cast<double>(a) / static_cast<double>(b); }
double f1(double p, double r) { return p + r == 0 ? 0 : 2 * p * r / (p + r); }

}  // namespace

void TimexCounts::add(const TimexCounts& o) {
  gold += o.gold;
  system += o.system;
  relaxed += o.relaxed;
  strict += o.strict;
  value_ok += o.value_ok;
  type_ok += o.type_ok;
}

TimexScores scoresOf(const TimexCounts& c) {
  TimexScores s;
  s.strict_p = ratio(c.strict, c.system);
  s.strict_r = ratio(c.strict, c.gold);
  s.strict_f1 = f1(s.strict_p, s.strict_r);
  s.relaxed_p = ratio(c.relaxed, c.system);
  s.relaxed_r = ratio(c.relaxed, c.gold);
  s.relaxed_f1 = f1(s.relaxed_p, s.relaxed_r);
  s.value_accuracy = ratio(c.value_ok, c.relaxed);
  s.type_accuracy = ratio(c.type_ok, c.relaxed);
  s.value_f1 = s.value_accuracy * s.relaxed_f1 / 100.0;
  s.type_f1 = s.type_accuracy * s.relaxed_f1 / 100.0;
  return s;
}

TimexCounts compareTimexes(const TimemlDocument& gold, const TimemlDocument& system,
                           const std::string& file, std::vector<TimexDifference>* differences) {
  const std::string& text = gold.text;
  auto spans = [&](const TimemlDocument& d) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    std::vector<std::size_t> index;
    for (std::size_t i = 0; i < d.timexes.size(); ++i) {
      auto s = trimmed(d.text, d.timexes[i]);
      if (s.first == s.second) continue;  // blank: not scored
      out.push_back(s);
      index.push_back(i);
    }
    return std::make_pair(out, index);
  };
  auto [gs, gi] = spans(gold);
  auto [ss, si] = spans(system);
  TimexCounts c;
  c.gold = gs.size();
  c.system = ss.size();
  std::vector<bool> used(ss.size(), false);
  for (std::size_t g = 0; g < gs.size(); ++g) {
    std::size_t best = ss.size(), best_overlap = 0;
    for (std::size_t s = 0; s < ss.size(); ++s) {
      if (used[s]) continue;
      std::size_t o = overlap(text, gs[g], ss[s]);
      if (o > best_overlap) {
        best = s;
        best_overlap = o;
      }
    }
    const TimemlTimex& gt = gold.timexes[gi[g]];
    if (best == ss.size()) {
      if (differences)
        differences->push_back({file, "missed", describe(text, gt), "",
                                context(text, gs[g].first, gs[g].second)});
      continue;
    }
    used[best] = true;
    const TimemlTimex& st = system.timexes[si[best]];
    ++c.relaxed;
    bool strict = gs[g] == ss[best];
    bool value = gt.value == st.value;
    bool type = gt.type == st.type;
    c.strict += strict ? 1 : 0;
    c.value_ok += value ? 1 : 0;
    c.type_ok += type ? 1 : 0;
    if (differences != nullptr && (!strict || !value || !type)) {
      std::string kind = !value ? "value" : !type ? "type" : "extent";
      differences->push_back({file, kind, describe(text, gt), describe(text, st),
                              context(text, gs[g].first, gs[g].second)});
    }
  }
  if (differences != nullptr)
    for (std::size_t s = 0; s < ss.size(); ++s)
      if (!used[s])
        differences->push_back({file, "spurious", "", describe(text, system.timexes[si[s]]),
                                context(text, ss[s].first, ss[s].second)});
  return c;
}

ScoreReport scoreTimeml(const fs::path& gold_root, const fs::path& system_root,
                        bool collect_differences) {
  ScoreReport report;
  std::vector<fs::path> golds = timemlFiles(gold_root);
  std::vector<fs::path> systems = timemlFiles(system_root);
  std::map<std::string, std::size_t> by_stem;
  for (std::size_t i = 0; i < systems.size(); ++i) by_stem.emplace(stem(systems[i]), i);
  std::vector<bool> taken(systems.size(), false);
  std::vector<TimemlDocument> loaded(systems.size());
  std::vector<bool> is_loaded(systems.size(), false);
  auto system_doc = [&](std::size_t i) -> const TimemlDocument& {
    if (!is_loaded[i]) {
      loaded[i] = load(systems[i]);
      is_loaded[i] = true;
    }
    return loaded[i];
  };
  for (const fs::path& g : golds) {
    TimemlDocument gold = load(g);
    std::size_t match = systems.size();
    if (auto it = by_stem.find(stem(g)); it != by_stem.end() && !taken[it->second]) match = it->second;
    if (match == systems.size()) {
      // Names may differ (TE3's own nyt_..._sarcozy / _sarkozy): pair by identical text.
      for (std::size_t i = 0; i < systems.size() && match == systems.size(); ++i)
        if (!taken[i] && system_doc(i).text == gold.text) match = i;
    }
    std::string name = g.filename().string();
    TimexCounts counts;
    if (match == systems.size()) {
      report.missing.push_back(name);
      TimemlDocument empty;
      empty.text = gold.text;
      counts = compareTimexes(gold, empty, name, collect_differences ? &report.differences : nullptr);
    } else {
      taken[match] = true;
      const TimemlDocument& sys = system_doc(match);
      if (sys.text != gold.text)
        throw std::runtime_error("texts differ: '" + systems[match].string() + "' is not the text of '" +
                                 g.string() + "' (a system may only add TIMEX3 tags)");
      counts = compareTimexes(gold, sys, name, collect_differences ? &report.differences : nullptr);
    }
    report.total.add(counts);
    report.per_file.emplace_back(name, counts);
  }
  return report;
}

}  // namespace glean::cli
