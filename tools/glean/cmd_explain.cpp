// glean/tools/glean/cmd_explain.cpp - `glean explain`: why each annotation is there
// SPDX-License-Identifier: Apache-2.0
#include "cli.hpp"

#include "input.hpp"
#include "pipeline.hpp"

#include <algorithm>
#include <cstdio>

namespace glean::cli {
namespace {

struct Span {
  std::size_t begin, end;
};

bool overlaps(std::size_t b1, std::size_t e1, std::size_t b2, std::size_t e2) {
  return b1 < e2 && b2 < e1 && e1 > b1;
}

std::string quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text.substr(0, 120)) out += (c == '\n' ? ' ' : c);
  if (text.size() > 120) out += "...";
  return out + "'";
}

std::string featureText(const Features& f) {
  std::string out;
  for (const auto& [k, v] : f) out += (out.empty() ? "" : ", ") + k + "=" + toString(v);
  return out;
}

std::string spanText(std::size_t b, std::size_t e) {
  return "[" + std::to_string(b) + "," + std::to_string(e) + ")";
}

}  // namespace

int explainCommand(CliContext& ctx, ArgParser& args) {
  std::optional<long long> at = args.integer({"--at"});
  std::optional<std::string> grep = args.value({"--grep"});
  std::vector<std::string> pos = args.positionals();
  if (pos.size() != 2) throw UsageError("needs a pipeline and one input file");
  if (at && grep) throw UsageError("--at and --grep exclude each other");
  if (at && *at < 0) throw UsageError("--at needs a byte offset (0 or more)");

  // One document: the prefilter would only cost compile time (the matches are the same).
  rules::CompileOptions options;
  options.prefilter = false;
  Host host(ctx.logger, options);
  PluginLoader plugins = ctx.makePluginLoader();
  Pipeline pipeline = loadPipeline(pos[0], plugins, host, ctx.logger);
  auto inputs = listInputFiles({pos[1]});
  if (inputs.size() != 1) throw UsageError("'" + pos[1] + "' is not one file");
  ReadResult read = readFile(inputs.front(), ReadLimits{});
  if (!read.document) {
    std::fprintf(stderr, "%s: %s\n", pos[1].c_str(), read.failure.message.c_str());
    return kExitFailures;
  }
  Document& doc = *read.document;
  doc.setTraced(true);
  // Every stage but the exporters (sequential stages write output; explain writes none).
  for (auto& stage : pipeline.stages) {
    if (stage.stage->sequential()) continue;
    doc.setCurrentStage(stage.name);
    try {
      stage.stage->process(doc);
    } catch (const DocumentError& e) {
      std::printf("stage '%s' failed the document: %s\n", stage.name.c_str(), e.what());
      return kExitFailures;
    }
  }

  std::vector<Span> ranges;
  std::string_view text = doc.text();
  if (at) {
    auto off = static_cast<std::size_t>(*at);
    if (off >= text.size()) throw UsageError("--at " + std::to_string(off) + " is past the end (" +
                                             std::to_string(text.size()) + " bytes)");
    ranges.push_back({off, off + 1});
  } else if (grep) {
    if (grep->empty()) throw UsageError("--grep needs some text");
    for (std::size_t p = text.find(*grep); p != std::string_view::npos; p = text.find(*grep, p + 1))
      ranges.push_back({p, p + grep->size()});
    if (ranges.empty()) {
      std::printf("'%s' does not occur in %s\n", grep->c_str(), pos[1].c_str());
      return kExitFailures;
    }
  } else {
    ranges.push_back({0, text.size()});
  }
  auto inRange = [&](std::size_t b, std::size_t e) {
    for (const Span& r : ranges)
      if (overlaps(b, std::max(e, b + 1), r.begin, r.end)) return true;
    return false;
  };
  auto sourceOf = [&](const std::string& rule) -> std::string {
    for (const auto& set : host.rules().loaded())
      if (auto s = set->ruleSource(rule); !s.empty()) return s;
    return {};
  };

  std::vector<const Annotation*> shown;
  for (const Annotation& a : doc.annotations())
    if (inRange(a.begin, a.end)) shown.push_back(&a);
  std::sort(shown.begin(), shown.end(), [](const Annotation* x, const Annotation* y) {
    return x->begin != y->begin ? x->begin < y->begin : x->end > y->end;
  });
  std::vector<char> told(doc.candidates().size(), 0);
  for (const Annotation* a : shown) {
    std::printf("%s %s %s\n", spanText(a->begin, a->end).c_str(), a->type.c_str(),
                quoted(doc.slice(*a)).c_str());
    if (a->rule.empty())
      std::printf("  made by   stage '%s'\n", a->stage.c_str());
    else
      std::printf("  made by   stage '%s', rule %s (%s)\n", a->stage.c_str(), a->rule.c_str(),
                  sourceOf(a->rule).c_str());
    if (!a->features.empty()) std::printf("  features  %s\n", featureText(a->features).c_str());
    for (std::size_t k = 0; k < doc.candidates().size(); ++k) {
      const Candidate& c = doc.candidates()[k];
      if (c.won || !overlaps(c.begin, c.end, a->begin, a->end)) continue;
      if (c.type == "(veto)" && c.reason.find("suppressed 0 ") != std::string::npos) continue;
      told[k] = 1;
      std::printf("  %s %s %s %s: %s\n", c.type == "(veto)" ? "veto     " : "beat     ",
                  c.rule.c_str(), spanText(c.begin, c.end).c_str(),
                  quoted(doc.slice(c.begin, c.end)).c_str(), c.reason.c_str());
    }
  }
  // Candidates in range that left no annotation behind (vetoed, or beaten by one out of range).
  bool header = false;
  for (std::size_t k = 0; k < doc.candidates().size(); ++k) {
    const Candidate& c = doc.candidates()[k];
    if (c.won || told[k] || !inRange(c.begin, c.end)) continue;
    if (!header) std::printf("candidates that made no annotation here:\n");
    header = true;
    std::printf("  %s %s %s (%s): %s\n", spanText(c.begin, c.end).c_str(), c.rule.c_str(),
                quoted(doc.slice(c.begin, c.end)).c_str(), c.source.c_str(), c.reason.c_str());
  }
  for (const DocumentIssue& issue : doc.issues())
    if (issue.offset == static_cast<std::size_t>(-1) || inRange(issue.offset, issue.offset + 1))
      std::printf("issue (stage '%s'%s): %s\n", issue.stage.c_str(),
                  issue.rule.empty() ? "" : (", rule " + issue.rule).c_str(), issue.message.c_str());
  if (shown.empty() && !header) std::printf("no annotation there\n");
  return kExitOk;
}

}  // namespace glean::cli
