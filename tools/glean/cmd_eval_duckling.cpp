// glean/tools/glean/cmd_eval_duckling.cpp - `glean eval-duckling`: Duckling's time corpus as a check
// SPDX-License-Identifier: Apache-2.0
#include "cli.hpp"
#include "duckling_eval.hpp"

#include "pipeline.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <map>

namespace glean::cli {
namespace {

struct Tally {
  std::size_t total = 0;
  std::size_t reproduced = 0;
  double share() const { return total == 0 ? 0 : 100.0 * static_cast<double>(reproduced) / static_cast<double>(total); }
};

// The TIMEX3 annotation that covers most of the text (the whole string is the expression).
const Annotation* longestTimex(const Document& doc) {
  const Annotation* best = nullptr;
  for (const Annotation& a : doc.annotations())
    if (a.type == "TIMEX3" && (best == nullptr || a.length() > best->length())) best = &a;
  return best;
}

}  // namespace

int evalDucklingCommand(CliContext& ctx, ArgParser& args) {
  bool errors = args.flag({"--errors"});
  std::optional<std::string> json_file = args.value({"--json"});
  std::vector<std::string> positional = args.positionals();
  if (positional.size() != 2) throw UsageError("needs a pipeline and the examples file");
  Host host(ctx.logger);
  PluginLoader plugins = ctx.makePluginLoader();
  Pipeline pipeline = loadPipeline(positional[0], plugins, host, ctx.logger);
  std::ifstream in(positional[1]);
  if (!in) throw UsageError("cannot read '" + positional[1] + "'");

  std::map<std::string, Tally> by_grain, by_kind;
  Tally all;
  std::string line;
  std::size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    nlohmann::json example = nlohmann::json::parse(line, nullptr, false);
    if (example.is_discarded() || !example.is_object()) {
      std::fprintf(stderr, "glean eval-duckling: line %zu: not a JSON object\n", line_number);
      return kExitUsage;
    }
    std::optional<ExpectedTimex> expected = expectedTimex(example["expected"], example.value("ref", ""));
    if (!expected) {
      std::fprintf(stderr, "glean eval-duckling: line %zu: unreadable expected value\n", line_number);
      return kExitUsage;
    }
    std::string text = example.value("text", "");
    Document doc(std::to_string(line_number), positional[1], text);
    doc.meta().set("dct", example.value("ref", ""));
    for (auto& stage : pipeline.stages) {
      if (stage.stage->sequential()) continue;  // exporters: nothing to write here
      doc.setCurrentStage(stage.name);
      stage.stage->process(doc);
    }
    const Annotation* a = longestTimex(doc);
    bool ok = false;
    std::string got = "(none)";
    if (expected->kind == "null") {
      ok = a == nullptr;
    } else if (a != nullptr) {
      std::string value(a->features.str("value"));
      ok = reproduces(*expected, value, std::string(a->features.str("begin")),
                      std::string(a->features.str("end")));
      got = "'" + std::string(doc.slice(*a)) + "' " + (value.empty() ? "(no value)" : value);
    }
    std::string grain = expected->grain.empty() ? "none" : expected->grain;
    for (Tally* t : {&by_grain[grain], &by_kind[expected->kind], &all}) {
      ++t->total;
      if (ok) ++t->reproduced;
    }
    if (errors && !ok) {
      std::string want;
      for (const auto& v : expected->values) want += (want.empty() ? "" : " | ") + v;
      if (expected->kind == "null") want = "(none)";
      std::printf("%s\t%s\t%s\texpected %s\tgot %s\n", expected->kind.c_str(), grain.c_str(),
                  text.c_str(), want.c_str(), got.c_str());
    }
  }
  if (errors) std::printf("\n");
  std::printf("Duckling examples reproduced: %zu of %zu (%.1f%%)\n\n", all.reproduced, all.total,
              all.share());
  std::printf("%-14s %7s %7s %7s\n", "grain", "total", "same", "share");
  for (const char* g : {"year", "quarter", "month", "week", "day", "hour", "minute", "second", "none"})
    if (auto it = by_grain.find(g); it != by_grain.end())
      std::printf("%-14s %7zu %7zu %6.1f%%\n", g, it->second.total, it->second.reproduced, it->second.share());
  std::printf("\n%-14s %7s %7s %7s\n", "kind", "total", "same", "share");
  for (const auto& [k, t] : by_kind)
    std::printf("%-14s %7zu %7zu %6.1f%%\n", k.c_str(), t.total, t.reproduced, t.share());
  if (json_file) {
    nlohmann::json j;
    j["total"] = all.total;
    j["reproduced"] = all.reproduced;
    for (const auto& [g, t] : by_grain) j["by_grain"][g] = {{"total", t.total}, {"reproduced", t.reproduced}};
    for (const auto& [k, t] : by_kind) j["by_kind"][k] = {{"total", t.total}, {"reproduced", t.reproduced}};
    std::ofstream out(*json_file);
    out << j.dump(2) << "\n";
  }
  return kExitOk;
}

}  // namespace glean::cli
