// glean/tools/glean/cmd_score_timeml.cpp - `glean score-timeml`: TempEval-3 TIMEX3 figures
// SPDX-License-Identifier: Apache-2.0
#include "cli.hpp"
#include "timeml_scorer.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

namespace glean::cli {
namespace {

nlohmann::json toJson(const TimexCounts& c) {
  TimexScores s = scoresOf(c);
  return {{"gold", c.gold},
          {"system", c.system},
          {"strict_matches", c.strict},
          {"relaxed_matches", c.relaxed},
          {"value_matches", c.value_ok},
          {"type_matches", c.type_ok},
          {"strict", {{"precision", s.strict_p}, {"recall", s.strict_r}, {"f1", s.strict_f1}}},
          {"relaxed", {{"precision", s.relaxed_p}, {"recall", s.relaxed_r}, {"f1", s.relaxed_f1}}},
          {"value_accuracy", s.value_accuracy},
          {"type_accuracy", s.type_accuracy},
          {"value_f1", s.value_f1},
          {"type_f1", s.type_f1}};
}

void printScores(const TimexCounts& c) {
  TimexScores s = scoresOf(c);
  std::printf("%-16s %8s %8s %8s\n", "", "P", "R", "F1");
  std::printf("%-16s %8.2f %8.2f %8.2f   (%zu matches)\n", "strict", s.strict_p, s.strict_r,
              s.strict_f1, c.strict);
  std::printf("%-16s %8.2f %8.2f %8.2f   (%zu matches)\n", "relaxed", s.relaxed_p, s.relaxed_r,
              s.relaxed_f1, c.relaxed);
  std::printf("%-16s %8.2f %8.2f %8.2f   (value accuracy %.2f: %zu of %zu)\n", "value",
              s.value_accuracy * s.relaxed_p / 100, s.value_accuracy * s.relaxed_r / 100,
              s.value_f1, s.value_accuracy, c.value_ok, c.relaxed);
  std::printf("%-16s %8.2f %8.2f %8.2f   (type accuracy %.2f: %zu of %zu)\n", "type",
              s.type_accuracy * s.relaxed_p / 100, s.type_accuracy * s.relaxed_r / 100, s.type_f1,
              s.type_accuracy, c.type_ok, c.relaxed);
}

}  // namespace

int scoreTimemlCommand(CliContext& /*ctx*/, ArgParser& args) {
  bool errors = args.flag({"--errors"});
  bool per_file = args.flag({"--per-file"});
  std::optional<std::string> json_file = args.value({"--json"});
  std::vector<std::string> positional = args.positionals();
  if (positional.size() != 2) throw UsageError("needs a gold and a system file or folder");
  ScoreReport report;
  try {
    report = scoreTimeml(positional[0], positional[1], errors);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "glean score-timeml: error: %s\n", e.what());
    return kExitUsage;
  }
  if (errors) {
    for (const auto& d : report.differences)
      std::printf("%s\t%s\tgold: %s\tsystem: %s\t| %s\n", d.file.c_str(), d.kind.c_str(),
                  d.gold.c_str(), d.system.c_str(), d.context.c_str());
    std::printf("\n");
  }
  if (per_file) {
    std::printf("%-40s %5s %5s %8s %8s %8s\n", "file", "gold", "sys", "strict", "relaxed", "value");
    for (const auto& [name, c] : report.per_file) {
      TimexScores s = scoresOf(c);
      std::printf("%-40s %5zu %5zu %8.2f %8.2f %8.2f\n", name.c_str(), c.gold, c.system,
                  s.strict_f1, s.relaxed_f1, s.value_f1);
    }
    std::printf("\n");
  }
  for (const auto& m : report.missing)
    std::fprintf(stderr, "glean score-timeml: warning: no system file for '%s' (its timexes count as missed)\n",
                 m.c_str());
  std::printf("TempEval-3 TIMEX3 scores: %zu file(s), %zu gold and %zu system timexes\n",
              report.per_file.size(), report.total.gold, report.total.system);
  printScores(report.total);
  if (json_file) {
    nlohmann::json j = toJson(report.total);
    j["files"] = report.per_file.size();
    j["missing_files"] = report.missing;
    std::ofstream out(*json_file);
    out << j.dump(2) << "\n";
    if (!out) {
      std::fprintf(stderr, "glean score-timeml: error: cannot write '%s'\n", json_file->c_str());
      return kExitUsage;
    }
  }
  return kExitOk;
}

}  // namespace glean::cli
