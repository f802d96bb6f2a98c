// glean/core/src/runner.cpp - pushes documents through a pipeline and accounts for every input
// SPDX-License-Identifier: Apache-2.0
#include "runner.hpp"

#include "glean/atomic_file.hpp"
#include "glean/json.hpp"

#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

namespace glean {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double cpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto tv = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return tv(usage.ru_utime) + tv(usage.ru_stime);
}

/// CPU time of the calling thread, in nanoseconds. Stage times and the ordered part are measured
/// with it, not with the wall clock: on a machine shared with other work, the wall clock counts
/// the time the thread waited for a core.
std::int64_t threadCpuNanos() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

/// A document (or the failure that replaced it) on its way through the pipeline.
struct WorkItem {
  std::size_t seq = 0;
  ReadResult read;
};

/// Where documents come from, one at a time, in input order.
class DocumentSource {
 public:
  virtual ~DocumentSource() = default;
  virtual std::optional<ReadResult> next() = 0;
  virtual std::size_t total() const { return 0; }
  virtual std::uint64_t totalBytes() const { return 0; }
};

class FileSource : public DocumentSource {
 public:
  /// `done`: ids to skip (documents an interrupted run already finished).
  FileSource(std::vector<InputFile> files, ReadLimits limits, const std::set<std::string>& done,
             std::size_t& skipped)
      : limits_(limits) {
    for (auto& f : files) {
      if (done.count(f.id) != 0) {
        ++skipped;
        continue;
      }
      files_.push_back(std::move(f));
    }
    for (const auto& f : files_) {
      std::error_code ec;
      auto size = f.error.empty() ? fs::file_size(f.path, ec) : 0;
      if (!ec) total_bytes_ += size;
    }
  }
  std::optional<ReadResult> next() override {
    if (index_ >= files_.size()) return std::nullopt;
    return readFile(files_[index_++], limits_);
  }
  std::size_t total() const override { return files_.size(); }
  std::uint64_t totalBytes() const override { return total_bytes_; }

 private:
  std::vector<InputFile> files_;
  ReadLimits limits_;
  std::size_t index_ = 0;
  std::uint64_t total_bytes_ = 0;
};

class StdinSource : public DocumentSource {
 public:
  explicit StdinSource(ReadLimits limits) : reader_(std::cin, "stdin", limits) {}
  std::optional<ReadResult> next() override { return reader_.next(); }

 private:
  JsonlReader reader_;
};

/// Runs the stages over documents and keeps the books. The parallel part (stages before the first
/// sequential one) may run on many threads; the sequential part runs in input order, one document
/// at a time.
class Run {
 public:
  Run(Pipeline& pipeline, const RunOptions& options, spdlog::logger& logger)
      : pipeline_(pipeline), options_(options), logger_(logger),
        stage_nanos_(pipeline.stages.size()) {
    const std::size_t n = pipeline_.stages.size();
    split_ = n;
    for (std::size_t i = 0; i < n; ++i) {
      if (pipeline_.stages[i].stage->sequential()) {
        split_ = i;
        break;
      }
    }
    // The sequential stages whose prepare() may run on the worker threads, right after the
    // parallel part: those that see the document as it is then, because no stage between the
    // parallel part and them changes it (a parallel stage after a sequential one, or a
    // sequential stage that says it changes documents).
    early_end_ = split_;
    for (std::size_t i = split_; i < n; ++i) {
      const Stage& stage = *pipeline_.stages[i].stage;
      if (!stage.sequential()) break;
      early_end_ = i + 1;
      if (stage.changesDocuments()) break;
    }
  }

  RunSummary run() {
    if (options_.resume) loadJournal();
    std::unique_ptr<DocumentSource> source = openSource();
    context_.output_dir = options_.output_dir;
    context_.to_stdout = options_.to_stdout;
    context_.allow_outside_output = options_.allow_outside_output;
    context_.resume = resuming_;
    std::error_code ec;
    if (options_.write_error_report || !options_.to_stdout) {
      fs::create_directories(options_.output_dir, ec);
      if (ec)
        throw ConfigError({options_.output_dir.string()}, "cannot create the output folder: " + ec.message());
    }
    if (options_.write_error_report) {
      summary_.error_report = options_.output_dir / "errors.jsonl";
      errors_.open(summary_.error_report);
      if (resuming_) errors_.write(readWhole(summary_.error_report));
    }
    total_docs_ = source->total();
    total_bytes_ = source->totalBytes();
    for (auto& s : pipeline_.stages) {
      try {
        s.stage->beginRun(context_);
      } catch (const std::exception& e) {
        throw ConfigError(s.where, "stage '" + s.name + "' cannot start the run: " + e.what());
      }
    }

    start_ = Clock::now();
    double cpu_start = cpuSeconds();
    unsigned jobs = std::max(1u, options_.jobs);
    if (jobs == 1) runSerial(*source);
    else runParallel(*source, jobs);

    RunOutcome outcome{summary_.documents, summary_.failed, summary_.interrupted};
    std::string end_errors;
    // endRun (an exporter commits its files, builds its indexes) is part of the run's time, of
    // its stage's time and of the ordered part: one thread runs it, after the last document.
    for (std::size_t i = 0; i < pipeline_.stages.size(); ++i) {
      auto& s = pipeline_.stages[i];
      std::int64_t t0 = threadCpuNanos();
      try {
        s.stage->endRun(context_, outcome);
      } catch (const std::exception& e) {
        end_errors += (end_errors.empty() ? "" : "; ") + ("stage '" + s.name + "': " + e.what());
      }
      std::int64_t nanos = threadCpuNanos() - t0;
      stage_nanos_[i] += nanos;
      ordered_nanos_ += nanos;
    }
    summary_.wall_seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    summary_.jobs = jobs;
    summary_.read_seconds = static_cast<double>(read_nanos_.load()) / 1e9;
    summary_.ordered_seconds = static_cast<double>(ordered_nanos_) / 1e9;
    summary_.cpu_seconds = cpuSeconds() - cpu_start;
    if (errors_.isOpen()) errors_.commit();
    if (!options_.to_stdout) writeJournal();
    for (std::size_t i = 0; i < pipeline_.stages.size(); ++i)
      summary_.stages.push_back({pipeline_.stages[i].name,
                                 static_cast<double>(stage_nanos_[i].load()) / 1e9});
    summary_.peak_rss_bytes = peakRssBytes();
    reportProgress(true);
    if (!end_errors.empty()) throw ConfigError({}, "finishing the run failed: " + end_errors);
    return summary_;
  }

 private:
  static std::string readWhole(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  /// run.json in the output folder records what a run finished, so --resume can go on from there.
  fs::path journalPath() const { return options_.output_dir / "run.json"; }

  void loadJournal() {
    std::error_code ec;
    if (!fs::exists(journalPath(), ec)) {
      logger_.warn("--resume: no {} from an earlier run; starting from the beginning",
                   journalPath().string());
      return;
    }
    try {
      auto journal = nlohmann::json::parse(readWhole(journalPath()));
      for (const auto& id : journal.at("completed")) {
        completed_.push_back(id.get<std::string>());
        resumed_ids_.insert(completed_.back());
      }
    } catch (const std::exception& e) {
      throw ConfigError({journalPath().string()}, std::string("cannot resume: ") + e.what());
    }
    resuming_ = true;
    logger_.info("resuming: {} document(s) already done", resumed_ids_.size());
  }

  void writeJournal() {
    std::string text = "{\"pipeline\":";
    json::appendString(text, pipeline_.file.string());
    text += ",\"interrupted\":";
    text += summary_.interrupted ? "true" : "false";
    text += ",\"completed\":[";
    for (std::size_t i = 0; i < completed_.size(); ++i) {
      if (i > 0) text += ',';
      json::appendString(text, completed_[i]);
    }
    text += "]}\n";
    AtomicFile journal(journalPath());
    journal.write(text);
    journal.commit();
  }

  std::unique_ptr<DocumentSource> openSource() {
    if (options_.inputs.size() == 1 && options_.inputs[0] == "-") {
      if (options_.resume) throw ConfigError({}, "--resume works with files and folders, not stdin");
      return std::make_unique<StdinSource>(options_.limits);
    }
    for (const auto& in : options_.inputs)
      if (in == "-") throw ConfigError({}, "'-' (stdin) cannot be combined with other inputs");
    std::vector<InputFile> files;
    for (const auto& in : options_.inputs) {
      std::vector<InputFile> found = listInputFiles({in});
      if (found.empty())
        logger_.warn("input folder '{}' holds no files to read (hidden ones are skipped)", in);
      files.insert(files.end(), std::make_move_iterator(found.begin()),
                   std::make_move_iterator(found.end()));
    }
    return std::make_unique<FileSource>(std::move(files), options_.limits, resumed_ids_,
                                        summary_.skipped);
  }

  bool stopRequested() const { return options_.stop != nullptr && options_.stop->load(); }

  enum class Step { Prepare, Process, PrepareAndProcess };

  /// Runs stages [from, to) over the item's document; a throwing stage turns it into a failure.
  /// `step` says whether the stages' prepare() (sequential stages only), process() or both run
  /// (prepare() first).
  void runStages(WorkItem& item, std::size_t from, std::size_t to, Step step = Step::Process) {
    for (std::size_t i = from; i < to && item.read.document; ++i) {
      auto& s = pipeline_.stages[i];
      bool prepare = step != Step::Process && s.stage->sequential();
      if (step == Step::Prepare && !prepare) continue;
      Document& doc = *item.read.document;
      doc.setCurrentStage(s.name);
      std::int64_t t0 = threadCpuNanos();
      try {
        if (prepare) s.stage->prepare(doc);
        if (step != Step::Prepare) s.stage->process(doc);
      } catch (const DocumentError& e) {
        fail(item, s.name, e.what(), e.offset());
      } catch (const std::exception& e) {
        fail(item, s.name, e.what(), static_cast<std::size_t>(-1));
      }
      stage_nanos_[i] += threadCpuNanos() - t0;
    }
  }

  static void fail(WorkItem& item, const std::string& stage, const std::string& message,
                   std::size_t offset) {
    const Document& doc = *item.read.document;
    item.read.failure = DocumentFailure{doc.id(), doc.source(), stage, message, offset};
    item.read.document.reset();
  }

  void parallelPart(WorkItem& item) {
    if (item.read.document && options_.trace) item.read.document->setTraced(true);
    runStages(item, 0, split_);
    // The sequential stages up to early_end_ see the document exactly as it is now, so their
    // prepare() (an exporter's formatting) can run here, on the worker threads, instead of in the
    // ordered part. A prepare() that fails the document fails it before any of them wrote it.
    runStages(item, split_, early_end_, Step::Prepare);
  }

  /// The sequential part, in input order: remaining stages, then the books.
  void sequentialPart(WorkItem& item) {
    std::int64_t t0 = threadCpuNanos();
    sequentialStagesAndBooks(item);
    ordered_nanos_ += threadCpuNanos() - t0;
  }

  void sequentialStagesAndBooks(WorkItem& item) {
    runStages(item, split_, early_end_, Step::Process);
    runStages(item, early_end_, pipeline_.stages.size(), Step::PrepareAndProcess);
    summary_.bytes += item.read.bytes;
    if (!item.read.document) {
      ++summary_.failed;
      const DocumentFailure& f = item.read.failure;
      logger_.warn("{}: {}{}", f.source.empty() ? f.id : f.source,
                   f.stage == "reader" ? "" : "stage '" + f.stage + "': ", f.message);
      for (std::size_t i = split_; i < pipeline_.stages.size(); ++i)
        pipeline_.stages[i].stage->documentFailed(f);
      errors_.write(errorRecordJson(f, false));
    } else {
      const Document& doc = *item.read.document;
      ++summary_.documents;
      countAnnotations(doc);
      for (const auto& issue : doc.issues()) {
        ++summary_.issues;
        DocumentFailure f{doc.id(), doc.source(), issue.stage, issue.message, issue.offset};
        std::string line = errorRecordJson(f, true);
        if (!issue.rule.empty()) {
          // Name the rule as well: insert before the closing brace.
          line.pop_back();
          line.pop_back();
          line += ",\"rule\":";
          json::appendString(line, issue.rule);
          line += "}\n";
        }
        logger_.warn("{}: stage '{}'{}: {}", doc.source(), issue.stage,
                     issue.rule.empty() ? "" : " rule '" + issue.rule + "'", issue.message);
        errors_.write(line);
      }
      if (options_.on_document) options_.on_document(doc);
    }
    completed_.push_back(item.read.document ? item.read.document->id() : item.read.failure.id);
    ++done_;
    reportProgress(false);
  }

  /// Adds the document's annotations to the per-type counts. Runs in the ordered part of the run,
  /// so it counts through a small flat table (a handful of types, mostly in runs) and touches the
  /// summary's map once per type and document, not once per annotation.
  void countAnnotations(const Document& doc) {
    type_counts_.clear();
    std::size_t last = 0;
    for (const auto& a : doc.annotations()) {
      if (last >= type_counts_.size() || *type_counts_[last].first != a.type) {
        last = 0;
        while (last < type_counts_.size() && *type_counts_[last].first != a.type) ++last;
        if (last == type_counts_.size()) type_counts_.emplace_back(&a.type, 0);
      }
      ++type_counts_[last].second;
    }
    for (const auto& [type, count] : type_counts_) summary_.annotations[*type] += count;
  }

  void reportProgress(bool final) {
    if (!options_.on_progress) return;
    auto now = Clock::now();
    if (!final && now - last_progress_ < std::chrono::milliseconds(200)) return;
    last_progress_ = now;
    options_.on_progress(RunProgress{done_, total_docs_, summary_.bytes, total_bytes_,
                                     std::chrono::duration<double>(now - start_).count()});
  }

  std::optional<ReadResult> timedRead(DocumentSource& source) {
    auto t0 = Clock::now();
    std::optional<ReadResult> read = source.next();
    read_nanos_ += std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count();
    return read;
  }

  void runSerial(DocumentSource& source) {
    std::size_t seq = 0;
    while (!stopRequested()) {
      std::optional<ReadResult> read = timedRead(source);
      if (!read) return;
      WorkItem item{seq++, std::move(*read)};
      parallelPart(item);
      sequentialPart(item);
    }
    summary_.interrupted = true;
  }

  void runParallel(DocumentSource& source, unsigned jobs) {
    // The reader (this thread) stays at most `window` documents ahead of the sequential part, so
    // memory is bounded by the documents in flight, not by the size of the input.
    const std::size_t window = std::size_t{jobs} * 4;
    std::mutex mutex;
    std::condition_variable work_ready, room_ready;
    std::deque<WorkItem> queue;
    std::map<std::size_t, WorkItem> finished;  // reorder buffer
    std::size_t next_to_emit = 0, in_flight = 0;
    bool reading_done = false, emitting = false;

    auto worker = [&] {
      while (true) {
        WorkItem item;
        {
          std::unique_lock lock(mutex);
          work_ready.wait(lock, [&] { return !queue.empty() || reading_done; });
          if (queue.empty()) return;
          item = std::move(queue.front());
          queue.pop_front();
        }
        parallelPart(item);
        std::unique_lock lock(mutex);
        finished.emplace(item.seq, std::move(item));
        if (emitting) continue;  // the thread that is emitting will pick it up
        emitting = true;
        while (true) {
          auto it = finished.find(next_to_emit);
          if (it == finished.end()) break;
          WorkItem ready = std::move(it->second);
          finished.erase(it);
          lock.unlock();
          sequentialPart(ready);
          lock.lock();
          ++next_to_emit;
          --in_flight;
          room_ready.notify_one();
        }
        emitting = false;
      }
    };

    std::vector<std::thread> threads;
    for (unsigned i = 0; i < jobs; ++i) threads.emplace_back(worker);
    std::size_t seq = 0;
    while (true) {
      {
        std::unique_lock lock(mutex);
        room_ready.wait(lock, [&] { return in_flight < window; });
      }
      if (stopRequested()) {
        summary_.interrupted = true;
        break;
      }
      std::optional<ReadResult> read = timedRead(source);
      if (!read) break;
      std::lock_guard lock(mutex);
      queue.push_back(WorkItem{seq++, std::move(*read)});
      ++in_flight;
      work_ready.notify_one();
    }
    {
      std::lock_guard lock(mutex);
      reading_done = true;
    }
    work_ready.notify_all();
    for (auto& t : threads) t.join();
  }

  Pipeline& pipeline_;
  const RunOptions& options_;
  spdlog::logger& logger_;
  std::vector<std::atomic<std::int64_t>> stage_nanos_;
  std::atomic<std::int64_t> read_nanos_{0};
  std::int64_t ordered_nanos_ = 0;  // only the emitting thread adds to it
  std::size_t split_ = 0;      // the first sequential stage (the end of the parallel part)
  std::size_t early_end_ = 0;  // [split_, early_end_): sequential stages prepared in the parallel part
  RunContext context_;
  RunSummary summary_;
  AtomicFile errors_;
  std::size_t done_ = 0, total_docs_ = 0;
  std::set<std::string> resumed_ids_;  // done by the run being resumed
  bool resuming_ = false;              // --resume and the earlier run's journal was found
  std::vector<std::string> completed_;  // ids finished (written or failed), in order
  std::uint64_t total_bytes_ = 0;
  std::vector<std::pair<const std::string*, std::size_t>> type_counts_;  // countAnnotations
  Clock::time_point start_, last_progress_;
};

}  // namespace

std::string errorRecordJson(const DocumentFailure& failure, bool written) {
  std::string line = "{\"doc\":";
  json::appendString(line, failure.id);
  line += ",\"source\":";
  json::appendString(line, failure.source);
  line += ",\"stage\":";
  json::appendString(line, failure.stage);
  line += ",\"message\":";
  json::appendString(line, failure.message);
  line += ",\"offset\":";
  if (failure.offset == static_cast<std::size_t>(-1)) line += "null";
  else json::appendUInt(line, failure.offset);
  line += ",\"written\":";
  line += written ? "true" : "false";
  line += "}\n";
  return line;
}

std::uint64_t peakRssBytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

std::string summaryJson(const RunSummary& s) {
  std::string out = "{\"documents\":";
  json::appendUInt(out, s.documents + s.failed);
  out += ",\"written\":";
  json::appendUInt(out, s.documents);
  out += ",\"failed\":";
  json::appendUInt(out, s.failed);
  out += ",\"issues\":";
  json::appendUInt(out, s.issues);
  out += ",\"bytes\":";
  json::appendUInt(out, s.bytes);
  out += ",\"wall_seconds\":";
  json::appendDouble(out, s.wall_seconds);
  out += ",\"cpu_seconds\":";
  json::appendDouble(out, s.cpu_seconds);
  out += ",\"mb_per_second\":";
  json::appendDouble(out, s.wall_seconds > 0 ? static_cast<double>(s.bytes) / 1e6 / s.wall_seconds : 0.0);
  out += ",\"jobs\":";
  json::appendUInt(out, s.jobs);
  out += ",\"peak_rss_bytes\":";
  json::appendUInt(out, s.peak_rss_bytes);
  out += ",\"interrupted\":";
  out += s.interrupted ? "true" : "false";
  out += ",\"read_seconds\":";
  json::appendDouble(out, s.read_seconds);
  out += ",\"ordered_seconds\":";
  json::appendDouble(out, s.ordered_seconds);
  out += ",\"stages\":[";
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"name\":";
    json::appendString(out, s.stages[i].name);
    out += ",\"seconds\":";
    json::appendDouble(out, s.stages[i].seconds);
    out += '}';
  }
  out += "],\"annotations\":{";
  bool first = true;
  for (const auto& [type, count] : s.annotations) {
    if (!first) out += ',';
    first = false;
    json::appendString(out, type);
    out += ':';
    json::appendUInt(out, count);
  }
  out += "}}";
  return out;
}

RunSummary runPipeline(Pipeline& pipeline, const RunOptions& options, spdlog::logger& logger) {
  return Run(pipeline, options, logger).run();
}

}  // namespace glean
