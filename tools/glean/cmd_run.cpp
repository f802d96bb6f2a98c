// glean/tools/glean/cmd_run.cpp - `glean run`: a pipeline over files, folders or stdin
// SPDX-License-Identifier: Apache-2.0
#include "cli.hpp"

#include "diagnostics.hpp"
#include "runner.hpp"
#include "rules/file_watcher.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include "glean/atomic_file.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

namespace glean::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void onStopSignal(int sig) {
  g_stop.store(true);
  std::signal(sig, SIG_DFL);  // a second signal ends the process at once
}

double megabytes(std::uint64_t bytes) { return static_cast<double>(bytes) / 1e6; }

void printProgress(const RunProgress& p) {
  double mbps = p.seconds > 0 ? megabytes(p.bytes_done) / p.seconds : 0;
  std::string line = fmt::format("\r\033[K{}", p.documents_done);
  if (p.documents_total > 0) line += fmt::format("/{}", p.documents_total);
  line += fmt::format(" documents, {:.1f} MB, {:.1f} MB/s", megabytes(p.bytes_done), mbps);
  if (p.bytes_total > 0 && p.bytes_done > 0 && p.bytes_done < p.bytes_total && mbps > 0)
    line += fmt::format(", ETA {:.0f} s", megabytes(p.bytes_total - p.bytes_done) / mbps + 0.5);
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

std::string formatCount(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

/// The closing summary: what was done, how fast, where the time went, what was found.
void printSummary(const RunSummary& s, const RunOptions& options) {
  double mbps = s.wall_seconds > 0 ? megabytes(s.bytes) / s.wall_seconds : 0;
  std::string text = fmt::format(
      "glean: {} document(s), {:.2f} MB in {:.2f} s: {:.1f} MB/s with {} thread(s), CPU {:.2f} s, "
      "peak memory {:.0f} MB{}\n",
      formatCount(s.documents + s.failed), megabytes(s.bytes), s.wall_seconds, mbps, s.jobs,
      s.cpu_seconds, megabytes(s.peak_rss_bytes), s.interrupted ? " (INTERRUPTED: finish with --resume)" : "");
  text += fmt::format("  written {}, failed {}, with issues {}", formatCount(s.documents),
                      formatCount(s.failed), formatCount(s.issues));
  if (s.skipped > 0) text += fmt::format(", skipped {} done by the resumed run", formatCount(s.skipped));
  if (s.failed + s.issues > 0 && !s.error_report.empty())
    text += fmt::format(" (see {})", s.error_report.string());
  text += '\n';
  double total = s.read_seconds;
  for (const auto& st : s.stages) total += st.seconds;
  if (total > 0) {
    text += fmt::format("  time: read {:.0f}%", 100.0 * s.read_seconds / total);
    for (const auto& st : s.stages) text += fmt::format(", {} {:.0f}%", st.name, 100.0 * st.seconds / total);
    text += '\n';
  }
  if (!s.annotations.empty()) {
    std::vector<std::pair<std::size_t, std::string>> by_count;
    for (const auto& [type, n] : s.annotations) by_count.emplace_back(n, type);
    std::sort(by_count.rbegin(), by_count.rend());
    text += "  annotations:";
    for (const auto& [n, type] : by_count) text += fmt::format(" {} {}", type, formatCount(n));
    text += '\n';
  }
  if (!options.to_stdout) text += fmt::format("  output in {}\n", options.output_dir.string());
  std::fputs(text.c_str(), stderr);
}

/// `--profile`: where the rules spent their time, slowest first.
void printProfile(const std::vector<rules::RuleProfile>& profile) {
  std::uint64_t total = 0;
  for (const auto& p : profile) total += p.nanos;
  std::string text = "rule profile (slowest first; time summed over threads):\n";
  text += fmt::format("  {:>10} {:>6} {:>10} {:>9}  {}\n", "ms", "%", "matches", "runs", "rule");
  for (const auto& p : profile) {
    if (p.nanos == 0 && p.matches == 0) continue;
    text += fmt::format("  {:>10.2f} {:>5.1f}% {:>10} {:>9}  {} ({})\n", static_cast<double>(p.nanos) / 1e6,
                        total > 0 ? 100.0 * static_cast<double>(p.nanos) / static_cast<double>(total) : 0.0,
                        formatCount(p.matches), formatCount(p.runs), p.rule, p.source);
  }
  std::fputs(text.c_str(), stderr);
}

}  // namespace

int runCommand(CliContext& ctx, ArgParser& args) {
  RunOptions options;
  auto output = args.value({"-o", "--output"});
  if (output) options.output_dir = *output;
  options.jobs = std::max(1u, std::thread::hardware_concurrency());
  if (auto jobs = args.integer({"-j", "--jobs"})) {
    if (*jobs < 1 || *jobs > 1024) throw UsageError("--jobs must be between 1 and 1024");
    options.jobs = static_cast<unsigned>(*jobs);
  }
  if (auto max = args.integer({"--max-file-size"})) {
    if (*max < 1) throw UsageError("--max-file-size must be positive");
    options.limits.max_bytes = static_cast<std::uint64_t>(*max);
  }
  options.allow_outside_output = args.flag({"--allow-outside-output"});
  std::optional<std::string> stats_file = args.value({"--stats"});
  options.resume = args.flag({"--resume"});
  bool profile = args.flag({"--profile"});
  bool watch = args.flag({"--watch"});
  std::vector<std::string> positional = args.positionals();
  if (positional.size() < 2) throw UsageError("needs a pipeline file and at least one input");
  std::filesystem::path pipeline_file = findPipeline(positional[0]);
  options.inputs.assign(positional.begin() + 1, positional.end());
  bool streaming = options.inputs.size() == 1 && options.inputs[0] == "-";
  options.to_stdout = streaming;
  options.write_error_report = !streaming || output.has_value();

  bool show_progress = !ctx.quiet && ::isatty(STDERR_FILENO) != 0;
  if (show_progress) options.on_progress = printProgress;
  options.stop = &g_stop;
  std::signal(SIGINT, onStopSignal);
  std::signal(SIGTERM, onStopSignal);

  rules::FileWatcher watcher;
  std::vector<std::filesystem::path> last_good_files{pipeline_file};
  int status = kExitOk;
  while (true) {
    std::vector<std::filesystem::path> watched = last_good_files;
    try {
      Host host(ctx.logger);
      if (profile) host.rules().setProfiling(true);
      PluginLoader plugins = ctx.makePluginLoader();
      Pipeline pipeline = loadPipeline(pipeline_file, plugins, host, ctx.logger);
      ctx.logger->info("pipeline '{}': {} stage(s) from {}", pipeline.name, pipeline.stages.size(),
                       pipeline_file.string());
      last_good_files = {pipeline_file};
      for (const auto& set : host.rules().loaded())
        for (const auto& dep : set->dependencies()) last_good_files.push_back(dep);
      watched = last_good_files;

      RunSummary summary = runPipeline(pipeline, options, *ctx.logger);
      if (show_progress) std::fprintf(stderr, "\n");

      if (!ctx.quiet) printSummary(summary, options);
      if (profile) printProfile(host.rules().profile());
      if (stats_file) {
        AtomicFile stats(*stats_file);
        stats.write(summaryJson(summary) + "\n");
        stats.commit();
      }
      status = summary.exitCode();
    } catch (const ConfigError& e) {
      // In watch mode an invalid edit is reported and watched until it is fixed; the output of the
      // last good run stays as it was.
      if (!watch) throw;
      std::fprintf(stderr, "%s\n", e.what());
      if (!e.where().file.empty()) watched.emplace_back(e.where().file);
      status = kExitUsage;
    } catch (const detail::ConfigErrors& e) {
      if (!watch) throw;
      std::fprintf(stderr, "%s\n", e.what());
      for (const auto& err : e.errors())
        if (!err.where().file.empty()) watched.emplace_back(err.where().file);
      status = kExitUsage;
    }
    if (!watch || g_stop.load()) return status;
    watcher.watch(watched);
    std::fprintf(stderr, "glean: watching %zu files for changes (Ctrl-C to stop)\n", watcher.size());
    if (!watcher.waitForChange(std::chrono::milliseconds(300), &g_stop)) return status;
    std::fprintf(stderr, "glean: files changed: running again\n");
  }
}

}  // namespace glean::cli
