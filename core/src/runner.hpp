// glean/core/src/runner.hpp - pushes documents through a pipeline and accounts for every input
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "input.hpp"
#include "pipeline.hpp"

#include <spdlog/logger.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace glean {

/// Progress as the runner reports it (roughly every 200 ms and once at the end).
struct RunProgress {
  std::size_t documents_done = 0;
  std::size_t documents_total = 0;  ///< 0 when unknown (stdin)
  std::uint64_t bytes_done = 0;
  std::uint64_t bytes_total = 0;    ///< 0 when unknown (stdin)
  double seconds = 0;
};

struct RunOptions {
  /// Files and folders, or a single "-" for JSONL documents on stdin.
  std::vector<std::string> inputs;
  std::filesystem::path output_dir = "glean-out";
  /// Write the JSONL output to stdout (streaming mode).
  bool to_stdout = false;
  /// Write errors.jsonl into the output folder.
  bool write_error_report = true;
  unsigned jobs = 1;
  ReadLimits limits;
  bool allow_outside_output = false;
  /// Continue an interrupted run in the same output folder: skip the documents its run.json lists
  /// as done and append to the outputs (see RunContext::resume).
  bool resume = false;
  /// Record rule candidates for every document (glean explain).
  bool trace = false;
  /// Called for every finished document, in input order, after the last stage.
  std::function<void(const Document&)> on_document;
  /// Called with progress now and then, from the thread that finishes documents.
  std::function<void(const RunProgress&)> on_progress;
  /// When it becomes true (a signal), no new document is started; the run finishes the documents
  /// in flight and ends as interrupted.
  const std::atomic<bool>* stop = nullptr;
};

struct StageTiming {
  std::string name;
  double seconds = 0;  ///< CPU time summed over threads: prepare(), process() and endRun()
};

/// What a run did: every input is either in `documents` or in `failed`.
struct RunSummary {
  std::size_t documents = 0;  ///< went through every stage and were written
  std::size_t failed = 0;     ///< in the error report instead of the output
  std::size_t issues = 0;     ///< problems recorded on documents that were still written
  std::size_t skipped = 0;    ///< already done by the run being resumed
  std::uint64_t bytes = 0;
  double wall_seconds = 0;
  double cpu_seconds = 0;
  bool interrupted = false;
  double read_seconds = 0;      ///< listing, reading and checking inputs (wall clock)
  /// CPU time in the ordered part (sequential stages, books, and the stages' endRun at the end),
  /// which one thread at a time runs: with N jobs the run takes at least this long, so it bounds
  /// the speed-up.
  double ordered_seconds = 0;
  std::uint64_t peak_rss_bytes = 0;
  unsigned jobs = 1;
  std::vector<StageTiming> stages;
  std::map<std::string, std::size_t> annotations;  ///< per type
  std::filesystem::path error_report;              ///< errors.jsonl, when written

  /// 0 when every document went through cleanly, 1 when any failed or had issues.
  int exitCode() const { return (failed > 0 || issues > 0 || interrupted) ? 1 : 0; }
};

/// Runs the pipeline over the inputs. Input and configuration problems that stop the whole run
/// (an input argument that does not exist, an output folder that cannot be made) throw
/// ConfigError; everything about a single document ends up in its error record.
RunSummary runPipeline(Pipeline& pipeline, const RunOptions& options, spdlog::logger& logger);

/// The summary as a JSON object (for --stats): documents, bytes, MB/s, wall and CPU time, peak
/// memory, time per stage, annotations per type.
std::string summaryJson(const RunSummary& summary);

/// Peak resident memory of this process so far, in bytes.
std::uint64_t peakRssBytes();

/// One line of errors.jsonl for a failed document.
std::string errorRecordJson(const DocumentFailure& failure, bool written);

}  // namespace glean
