// glean/tools/glean/cmd_run.cpp - `glean run`: a pipeline over files, folders or stdin
// SPDX-License-Identifier: Apache-2.0
#include "cli.hpp"

#include "runner.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>

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

}  // namespace

int runCommand(CliContext& ctx, ArgParser& args) {
  RunOptions options;
  auto output = args.value({"-o", "--output"});
  if (output) options.output_dir = *output;
  if (auto jobs = args.integer({"-j", "--jobs"})) {
    if (*jobs < 1 || *jobs > 1024) throw UsageError("--jobs must be between 1 and 1024");
    options.jobs = static_cast<unsigned>(*jobs);
  }
  if (auto max = args.integer({"--max-file-size"})) {
    if (*max < 1) throw UsageError("--max-file-size must be positive");
    options.limits.max_bytes = static_cast<std::uint64_t>(*max);
  }
  options.allow_outside_output = args.flag({"--allow-outside-output"});
  std::vector<std::string> positional = args.positionals();
  if (positional.size() < 2) throw UsageError("needs a pipeline file and at least one input");
  std::filesystem::path pipeline_file = findPipeline(positional[0]);
  options.inputs.assign(positional.begin() + 1, positional.end());
  bool streaming = options.inputs.size() == 1 && options.inputs[0] == "-";
  options.to_stdout = streaming;
  options.write_error_report = !streaming || output.has_value();

  Host host(ctx.logger);
  PluginLoader plugins = ctx.makePluginLoader();
  Pipeline pipeline = loadPipeline(pipeline_file, plugins, host, ctx.logger);
  ctx.logger->info("pipeline '{}': {} stage(s) from {}", pipeline.name, pipeline.stages.size(),
                   pipeline_file.string());

  bool show_progress = !ctx.quiet && ::isatty(STDERR_FILENO) != 0;
  if (show_progress) options.on_progress = printProgress;
  options.stop = &g_stop;
  std::signal(SIGINT, onStopSignal);
  std::signal(SIGTERM, onStopSignal);

  RunSummary summary = runPipeline(pipeline, options, *ctx.logger);
  if (show_progress) std::fprintf(stderr, "\n");

  double mbps = summary.wall_seconds > 0 ? megabytes(summary.bytes) / summary.wall_seconds : 0;
  ctx.logger->info("{} document(s), {:.2f} MB in {:.2f} s ({:.1f} MB/s, {:.2f} s CPU): {} written, {} failed, {} issue(s){}",
                   summary.documents + summary.failed, megabytes(summary.bytes),
                   summary.wall_seconds, mbps, summary.cpu_seconds, summary.documents,
                   summary.failed, summary.issues, summary.interrupted ? ", INTERRUPTED" : "");
  if (!streaming) ctx.logger->info("output in {}", options.output_dir.string());
  if (summary.failed + summary.issues > 0 && !summary.error_report.empty())
    ctx.logger->warn("error report: {}", summary.error_report.string());
  return summary.exitCode();
}

}  // namespace glean::cli
