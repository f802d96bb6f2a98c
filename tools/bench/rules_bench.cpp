// glean/tools/bench/rules_bench.cpp - rule engine throughput over the corpus for 10, 100, 1000 rules
// SPDX-License-Identifier: Apache-2.0
//
//   glean-rules-bench [CORPUS_DIR] [--rules 10,100,1000] [--max-mb N] [--no-prefilter]
//                     [--rules-file FILE] [--phrases] [--profile]
//
// --phrases: phrase rules only (pairs of content words) instead of the mixed kinds;
// --rules-file: one row for a given rule file instead of generated rules;
// --no-prefilter: PCRE2 alone, the baseline the prefilter is measured against.
//
// For each rule count, a child process generates that many rules from the corpus vocabulary
// (deterministically), compiles them, and runs them over every corpus document; the table gives
// compile time, throughput (MB of text per second of match() calls, reading excluded; by wall
// clock and by the thread's CPU time, the steadier figure on a shared machine; "vs first" compares
// CPU figures), winning matches, and the child's peak resident memory (getrusage). One process
// per row, so each peak is its own.
#include "default_corpus.hpp"

#include "rules/compiled_rule_set.hpp"
#include "synthetic_rules.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using glean::bench::corpusFiles;
using Clock = std::chrono::steady_clock;

namespace {

struct Config {
  fs::path corpus = glean::bench::defaultCorpus();
  std::vector<std::size_t> counts{10, 100, 1000};
  double max_mb = 0;  // 0: all
  bool prefilter = true;
  bool profile = false;
  bool phrases = false;
  fs::path rules_file;
  fs::path save_dir;  // --save-rules: keep each generated rule file here
};

struct Row {
  std::size_t rules = 0;
  double compile_s = 0, mb = 0, match_s = 0, cpu_s = 0;
  std::size_t matches = 0, prefiltered = 0, docs = 0;
};

double seconds(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// CPU time of this thread: unlike wall time, it does not count time other processes took on a
// busy machine, so rows stay comparable.
double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

Row runOne(const Config& cfg, const std::vector<fs::path>& files, std::size_t n,
           const glean::bench::Vocabulary& vocab) {
  Row row;
  row.rules = n;
  fs::path file = cfg.rules_file;
  if (file.empty()) {
    file = fs::temp_directory_path() / ("glean-bench-" + std::to_string(::getpid()) + ".toml");
    glean::bench::SyntheticOptions opt;
    opt.rules = n;
    opt.phrases_only = cfg.phrases;
    std::ofstream(file) << glean::bench::syntheticRuleFile(vocab, opt);
  }
  glean::rules::CompileOptions options;
  options.prefilter = cfg.prefilter;
  auto t0 = Clock::now();
  auto rules = glean::rules::CompiledRuleSet::load(file, options);
  row.compile_s = seconds(t0);
  if (cfg.rules_file.empty()) {
    if (!cfg.save_dir.empty())
      fs::copy_file(file, cfg.save_dir / ("rules-" + std::to_string(n) + ".toml"),
                    fs::copy_options::overwrite_existing);
    fs::remove(file);
  }
  auto infos = rules->rules();
  row.rules = infos.size();
  for (const auto& r : infos)
    if (r.filter.mode != glean::rules::FilterMode::Unfiltered) ++row.prefiltered;
  if (cfg.profile) rules->setProfiling(true);
  std::size_t bytes = 0;
  for (const fs::path& f : files) {
    std::string text = glean::bench::readFile(f);
    glean::Document doc(f.filename().string(), f.string(), std::move(text));
    auto t = Clock::now();
    double c = threadCpuSeconds();
    row.matches += rules->match(doc).size();
    row.cpu_s += threadCpuSeconds() - c;
    row.match_s += seconds(t);
    bytes += doc.text().size();
    ++row.docs;
    if (cfg.max_mb > 0 && static_cast<double>(bytes) >= cfg.max_mb * 1e6) break;
  }
  row.mb = static_cast<double>(bytes) / 1e6;
  if (cfg.profile) {
    auto prof = rules->profile();
    std::fprintf(stderr, "slowest rules of %zu:\n", infos.size());
    for (std::size_t k = 0; k < prof.size() && k < 12; ++k) {
      auto info = rules->rule(prof[k].rule);
      std::fprintf(stderr, "  %8.1f ms %8llu matches  %-22s %s\n      %s\n",
                   static_cast<double>(prof[k].nanos) / 1e6,
                   static_cast<unsigned long long>(prof[k].matches), prof[k].rule.c_str(),
                   info ? glean::rules::filterModeName(info->filter.mode) : "",
                   info ? info->pattern.c_str() : "");
    }
  }
  return row;
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  // The compile time column measures a compile: no cached databases (unless --cache).
  bool cache = false;
  for (int i = 1; i < argc; ++i) cache = cache || std::string(argv[i]) == "--cache";
  if (!cache) ::setenv("GLEAN_CACHE_DIR", "off", 1);
  Config cfg;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--rules") {
      cfg.counts.clear();
      std::stringstream ss(next());
      for (std::string item; std::getline(ss, item, ',');) cfg.counts.push_back(std::stoul(item));
    } else if (a == "--max-mb") {
      cfg.max_mb = std::stod(next());
    } else if (a == "--cache") {
      // handled above
    } else if (a == "--phrases") {
      cfg.phrases = true;
    } else if (a == "--profile") {
      cfg.profile = true;
    } else if (a == "--no-prefilter") {
      cfg.prefilter = false;
    } else if (a == "--save-rules") {
      cfg.save_dir = next();
    } else if (a == "--rules-file") {
      cfg.rules_file = next();
      cfg.counts = {0};
    } else if (a == "--help" || a == "-h") {
      std::cout << "usage: glean-rules-bench [CORPUS_DIR] [--rules 10,100,1000] [--max-mb N] "
                   "[--no-prefilter] [--rules-file FILE] [--profile] [--phrases] [--cache] [--save-rules DIR]\n";
      return 0;
    } else {
      cfg.corpus = a;
    }
  }
  std::vector<fs::path> files = corpusFiles(cfg.corpus);
  if (files.empty()) {
    std::cerr << "no .txt files under '" << cfg.corpus.string() << "'\n";
    return 1;
  }
  glean::bench::Vocabulary vocab;
  if (cfg.rules_file.empty()) vocab = glean::bench::buildVocabulary(files, 60);

  std::printf("corpus: %s (%zu files)%s%s\n", cfg.corpus.c_str(), files.size(),
              cfg.prefilter ? "" : ", prefilter OFF", cfg.phrases ? ", phrase rules only" : "");
  std::printf("%7s %11s %10s %9s %9s %9s %11s %12s %9s\n", "rules", "prefiltered", "compile s",
              "MB", "MB/s", "CPU MB/s", "matches", "peak RSS MB", "vs first");
  double first = 0;
  for (std::size_t n : cfg.counts) {
    int fds[2];
    if (::pipe(fds) != 0) return 1;
    pid_t pid = ::fork();
    if (pid == 0) {
      ::close(fds[0]);
      Row r;
      try {
        r = runOne(cfg, files, n, vocab);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        _exit(1);
      }
      char buf[512];
      int len = std::snprintf(buf, sizeof buf, "%zu %zu %f %f %f %zu %zu %f\n", r.rules,
                              r.prefiltered, r.compile_s, r.mb, r.match_s, r.matches, r.docs,
                              r.cpu_s);
      if (::write(fds[1], buf, static_cast<std::size_t>(len)) != len) _exit(1);
      _exit(0);
    }
    ::close(fds[1]);
    std::string out;
    char buf[512];
    for (ssize_t k; (k = ::read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(k));
    ::close(fds[0]);
    int status = 0;
    struct rusage ru {};
    ::wait4(pid, &status, 0, &ru);
    Row r;
    if (std::sscanf(out.c_str(), "%zu %zu %lf %lf %lf %zu %zu %lf", &r.rules, &r.prefiltered,
                    &r.compile_s, &r.mb, &r.match_s, &r.matches, &r.docs, &r.cpu_s) != 8) {
      std::fprintf(stderr, "run with %zu rules failed\n", n);
      return 1;
    }
    double mbps = r.mb / r.match_s;
    double cpu_mbps = r.mb / r.cpu_s;
    if (first == 0) first = cpu_mbps;
    std::printf("%7zu %11zu %10.2f %9.1f %9.1f %9.1f %11zu %12.1f %8.2fx\n", r.rules, r.prefiltered,
                r.compile_s, r.mb, mbps, cpu_mbps, r.matches,
                static_cast<double>(ru.ru_maxrss) / 1024.0, cpu_mbps / first);
    std::fflush(stdout);
  }
  return 0;
}
