// glean/tools/glean/cmd_test.cpp - `glean test`: run the examples of rule files, folders, pipelines
// SPDX-License-Identifier: Apache-2.0
#include "cli.hpp"

#include "diagnostics.hpp"
#include "pipeline.hpp"
#include "rules/file_watcher.hpp"
#include "rules/rule_tester.hpp"

#include <cstdio>

namespace glean::cli {
namespace {

namespace fs = std::filesystem;

struct TestRound {
  rules::TestReport report;
  std::vector<fs::path> watched;  // what a change to should rerun the tests
};

TestRound runTests(CliContext& ctx, const std::vector<std::string>& inputs) {
  TestRound round;
  // Example texts are tiny: the prefilter would only cost compile time (the results are the same).
  rules::CompileOptions options;
  options.prefilter = false;
  Host host(ctx.logger, options);
  PluginLoader plugins = ctx.makePluginLoader();
  std::vector<fs::path> rule_inputs;
  for (const std::string& input : inputs) {
    fs::path p(input);
    round.watched.push_back(p);
    std::error_code ec;
    if (fs::is_directory(p, ec) || rules::looksLikeRuleFile(p)) {
      rule_inputs.push_back(p);
    } else if (fs::is_regular_file(p, ec)) {
      // A pipeline: the rule files its stages load are the ones to test.
      try {
        loadPipeline(p, plugins, host, ctx.logger);
      } catch (const detail::ConfigErrors& e) {
        round.report.errors.emplace_back(e.what());
      } catch (const ConfigError& e) {
        round.report.errors.emplace_back(e.what());
      }
    } else {
      round.report.errors.push_back(input + ": no such file or folder");
    }
  }
  rules::TestReport files = rules::runExampleFiles(rule_inputs, host.rules());
  round.report.errors.insert(round.report.errors.end(), files.errors.begin(), files.errors.end());
  // Every rule set loaded (by the files and by the pipelines), each example once.
  rules::TestReport all = rules::runExampleSets(host.rules().loaded());
  round.report.results = std::move(all.results);
  for (const auto& set : host.rules().loaded())
    for (const fs::path& dep : set->dependencies()) round.watched.push_back(dep);
  return round;
}

}  // namespace

int testCommand(CliContext& ctx, ArgParser& args) {
  bool watch = args.flag({"--watch"});
  std::vector<std::string> inputs = args.positionals();
  if (inputs.empty()) throw UsageError("needs rule files, folders of rule files or pipelines");
  rules::FileWatcher watcher;
  while (true) {
    TestRound round = runTests(ctx, inputs);
    for (const auto& r : round.report.results)
      if (!r.passed) std::printf("%s\n", r.describe().c_str());
    for (const auto& e : round.report.errors) std::printf("%s\n", e.c_str());
    std::printf("%s\n", round.report.summary().c_str());
    std::fflush(stdout);
    if (!watch) return round.report.failed() == 0 ? kExitOk : kExitFailures;
    watcher.watch(round.watched);
    std::printf("watching %zu files for changes (Ctrl-C to stop)\n", watcher.size());
    std::fflush(stdout);
    watcher.waitForChange(std::chrono::milliseconds(300));
    std::printf("\n--- files changed: testing again\n");
  }
}

}  // namespace glean::cli
