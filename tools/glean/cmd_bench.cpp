// glean/tools/glean/cmd_bench.cpp - `glean bench`: MB/s, peak memory and stage split of a pipeline
// SPDX-License-Identifier: Apache-2.0
//
// Each measurement is a separate `glean run` child process, so its peak RSS is its own and the
// numbers are what a user sees. The input can be repeated (through symlinks) to reach a size.
#include "cli.hpp"

#include "input.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace glean::cli {
namespace {
namespace fs = std::filesystem;

struct Measurement {
  unsigned jobs = 1;
  nlohmann::json stats;
  std::uint64_t peak_rss = 0;
};

/// Runs `glean run` in a child process and returns its stats and peak RSS.
Measurement measure(const fs::path& self, const std::string& pipeline, const fs::path& input,
                    const fs::path& work, unsigned jobs, const CliContext& ctx) {
  fs::path out = work / ("out-j" + std::to_string(jobs));
  fs::path stats = work / ("stats-j" + std::to_string(jobs) + ".json");
  std::vector<std::string> args = {self.string(), "-q"};
  for (const auto& d : ctx.plugin_dirs) {
    args.push_back("--plugin-dir");
    args.push_back(d.string());
  }
  for (const char* a : {"run", pipeline.c_str(), input.c_str(), "-o", out.c_str(), "-j"})
    args.emplace_back(a);
  args.push_back(std::to_string(jobs));
  args.push_back("--stats");
  args.push_back(stats.string());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, self.c_str(), nullptr, nullptr, argv.data(), environ) != 0)
    throw std::runtime_error("cannot start " + self.string());
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  if (!WIFEXITED(status) || WEXITSTATUS(status) == kExitUsage)
    throw std::runtime_error(fmt::format("the run with -j{} failed (exit status {})", jobs,
                                         WIFEXITED(status) ? WEXITSTATUS(status) : -1));
  std::ifstream in(stats);
  std::stringstream text;
  text << in.rdbuf();
  Measurement m;
  m.jobs = jobs;
  m.stats = nlohmann::json::parse(text.str());
  m.peak_rss = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
  fs::remove_all(out);
  return m;
}

/// A folder of symlinks repeating the input files until they reach `min_bytes`.
fs::path repeatedInput(const std::vector<InputFile>& files, std::uint64_t min_bytes,
                       const fs::path& work, std::uint64_t& total, int& copies) {
  fs::path dir = work / "input";
  fs::create_directories(dir);
  total = 0;
  copies = 0;
  std::uint64_t one = 0;
  for (const auto& f : files) {
    std::error_code ec;
    if (f.error.empty()) one += fs::file_size(f.path, ec);
  }
  if (one == 0) throw std::runtime_error("the input holds no readable bytes");
  do {
    ++copies;
    fs::path copy = dir / fmt::format("copy{:04}", copies);
    for (const auto& f : files) {
      if (!f.error.empty()) continue;
      fs::create_directories((copy / f.id).parent_path());
      fs::create_symlink(fs::absolute(f.path), copy / f.id);
    }
    total += one;
  } while (total < min_bytes);
  return dir;
}

std::string stageSplit(const nlohmann::json& stats) {
  double total = stats.value("read_seconds", 0.0);
  for (const auto& st : stats["stages"]) total += st["seconds"].get<double>();
  if (total <= 0) return "-";
  std::string out = fmt::format("read {:.0f}%", 100.0 * stats.value("read_seconds", 0.0) / total);
  for (const auto& st : stats["stages"])
    out += fmt::format(", {} {:.0f}%", st["name"].get<std::string>(), 100.0 * st["seconds"].get<double>() / total);
  return out;
}

}  // namespace

int benchCommand(CliContext& ctx, ArgParser& args) {
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  if (auto j = args.integer({"-j", "--jobs"})) {
    if (*j < 1) throw UsageError("--jobs must be at least 1");
    jobs = static_cast<unsigned>(*j);
  }
  std::uint64_t min_bytes = 0;
  if (auto mb = args.integer({"--size"})) min_bytes = static_cast<std::uint64_t>(*mb) * 1000000;
  std::vector<std::string> positional = args.positionals();
  if (positional.empty()) throw UsageError("needs a pipeline file");
  std::string pipeline = positional[0];
  std::vector<std::string> inputs(positional.begin() + 1, positional.end());
  if (inputs.empty()) {
    const char* shared = std::getenv("GLEAN_SHARED_DIR");
    if (shared == nullptr)
      throw UsageError("give the folder to measure on (for example the corpus folder), or set GLEAN_SHARED_DIR");
    inputs.push_back((fs::path(shared) / "corpus").string());
  }

  std::vector<InputFile> files = listInputFiles(inputs);
  fs::path work = fs::temp_directory_path() / fmt::format("glean-bench-{}", ::getpid());
  fs::create_directories(work);
  std::uint64_t total = 0;
  int copies = 0;
  fs::path input = repeatedInput(files, min_bytes, work, total, copies);
  fs::path self = fs::read_symlink("/proc/self/exe");

  std::printf("pipeline %s\ninput    %zu file(s) x %d = %.1f MB\n\n", pipeline.c_str(), files.size(),
              copies, static_cast<double>(total) / 1e6);
  std::vector<unsigned> job_counts = {1};
  if (jobs > 1) job_counts.push_back(jobs);
  std::vector<Measurement> results;
  try {
    for (unsigned j : job_counts) results.push_back(measure(self, pipeline, input, work, j, ctx));
  } catch (...) {
    fs::remove_all(work);
    throw;
  }
  fs::remove_all(work);

  std::printf("%-5s %9s %8s %8s %13s %9s %7s\n", "jobs", "MB/s", "wall s", "CPU s", "peak RSS MB",
              "docs", "failed");
  for (const auto& m : results) {
    std::printf("%-5u %9.1f %8.2f %8.2f %13.0f %9zu %7zu\n", m.jobs,
                m.stats["mb_per_second"].get<double>(), m.stats["wall_seconds"].get<double>(),
                m.stats["cpu_seconds"].get<double>(), static_cast<double>(m.peak_rss) / 1e6,
                m.stats["documents"].get<std::size_t>(), m.stats["failed"].get<std::size_t>());
  }
  if (results.size() == 2) {
    double speedup = results[1].stats["mb_per_second"].get<double>() /
                     std::max(1e-9, results[0].stats["mb_per_second"].get<double>());
    std::printf("\nspeed-up -j%u / -j1: %.2fx\n", results[1].jobs, speedup);
  }
  std::printf("\nstage split (-j1, share of summed stage time): %s\n",
              stageSplit(results[0].stats).c_str());
  return kExitOk;
}

}  // namespace glean::cli
