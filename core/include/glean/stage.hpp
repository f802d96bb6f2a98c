// glean/core/include/glean/stage.hpp - Stage: the unit a pipeline is made of
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/document.hpp"
#include "glean/error.hpp"
#include "glean/host.hpp"
#include "glean/params.hpp"

#include <boost/config.hpp>
#include <spdlog/logger.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace glean {

/// What a plugin's factory receives: everything a stage needs to configure itself.
struct StageArgs {
  /// The stage's name in the pipeline (its `name` key, else the plugin name); provenance uses it.
  std::string name;
  /// Parameter values, validated against the plugin's schema, defaults filled in.
  Params params;
  /// The stage's own logger ("glean.<name>"), sharing glean's sinks. Use only this one.
  std::shared_ptr<spdlog::logger> logger;
  /// Host services (rule engine); valid for the stage's whole life.
  HostServices* host = nullptr;
  /// The folder of the pipeline file.
  std::filesystem::path pipeline_dir;
};

/// The run a stage takes part in; given to beginRun and endRun.
struct RunContext {
  /// The folder outputs go to (created by the runner).
  std::filesystem::path output_dir;
  /// Streaming mode (`glean run PIPELINE -`): the JSONL exporter writes to stdout.
  bool to_stdout = false;
  /// Output paths in pipelines may leave the output folder only when the user allowed it.
  bool allow_outside_output = false;
  /// Resuming an interrupted run (`glean run --resume`): the documents already done are skipped,
  /// and exporters keep what their output files already hold, appending the rest.
  bool resume = false;

  /// Resolves an OutputPath parameter against the output folder. Throws StageError when the path
  /// leaves the output folder (absolute, through "..", or through a folder inside it that is a
  /// symbolic link to elsewhere) and that was not allowed.
  std::filesystem::path outputPath(const std::string& relative) const {
    namespace fs = std::filesystem;
    fs::path p(relative);
    fs::path joined = (output_dir / p).lexically_normal();
    if (!allow_outside_output) {
      auto outside = [](const fs::path& path, const fs::path& base) {
        fs::path rel = path.lexically_relative(base);
        return rel.empty() || *rel.begin() == "..";
      };
      fs::path base = output_dir.lexically_normal();
      if (p.is_absolute() || outside(joined, base))
        throw StageError("output path '" + relative + "' leaves the output folder '" +
                         output_dir.string() + "' (pass --allow-outside-output to permit it)");
      // Where the file's folder really is, links followed as far as the folders exist. (The file
      // itself is replaced, not followed, when an AtomicFile commits over a link.)
      std::error_code ec;
      fs::path real_base = fs::weakly_canonical(base, ec);
      fs::path real_dir = ec ? fs::path() : fs::weakly_canonical(joined.parent_path(), ec);
      if (!ec && real_dir != real_base && outside(real_dir, real_base))
        throw StageError("output path '" + relative + "' leaves the output folder '" +
                         output_dir.string() + "' through a symbolic link (it leads to '" +
                         real_dir.string() + "'; pass --allow-outside-output to permit it)");
    }
    return joined;
  }
};

/// A document that did not make it through the pipeline.
struct DocumentFailure {
  std::string id;       ///< the document's id
  std::string source;   ///< where it came from
  std::string stage;    ///< the stage that failed it ("reader" for unreadable or invalid input)
  std::string message;  ///< the error, one line
  std::size_t offset = static_cast<std::size_t>(-1);  ///< byte offset the error is about, or -1
};

/// How a run ended, for endRun.
struct RunOutcome {
  std::size_t documents = 0;  ///< documents written
  std::size_t failed = 0;     ///< documents in the error report
  bool interrupted = false;   ///< stopped early (signal); what was written is complete
};

/// A pipeline stage. Configured once by its plugin's factory from StageArgs (throw StageError for a
/// configuration it cannot accept), then process() is called for many documents.
///
/// Thread-safety contract: unless sequential() is true, process() is called concurrently from
/// several threads on different documents, so a stage keeps no per-document state in members.
/// A sequential stage (exporters) sees documents one at a time, in input order.
class BOOST_SYMBOL_VISIBLE Stage {
 public:
  virtual ~Stage() = default;

  /// Adds annotations (or metadata) to one document. Throw DocumentError to fail this document
  /// alone; record lesser problems with Document::addIssue.
  virtual void process(Document& doc) = 0;

  /// True when process() must see documents one at a time, in input order (exporters).
  virtual bool sequential() const { return false; }
  /// For a sequential stage: the part of its work that may run concurrently, on any thread, before
  /// the document's turn in process() - an exporter formats the document into doc.output() here
  /// and process() only writes it, so formatting does not hold up the ordered part of the run.
  /// The document is as process() will see it: the runner calls this on the worker threads, after
  /// the parallel stages, for every sequential stage that no earlier sequential stage can change
  /// the document for (see changesDocuments()); for a later one, right before its process().
  /// Throwing DocumentError fails the document, as from process(). Not called for other stages.
  virtual void prepare(Document& /*doc*/) const {}
  /// For a sequential stage: true when its process() may change documents (add, remove or edit
  /// annotations, features or metadata). The default is the safe answer, true; an exporter, which
  /// only reads documents, returns false, and the runner then calls the prepare() of the
  /// sequential stages after it early, on the worker threads. A stage returning true has the later
  /// sequential stages' prepare() wait for its process(), in the ordered part of the run.
  virtual bool changesDocuments() const { return true; }
  /// Annotation types this stage reads; a pipeline where no earlier stage provides one is refused.
  virtual std::vector<std::string> needs() const { return {}; }
  /// Annotation types this stage adds.
  virtual std::vector<std::string> provides() const { return {}; }

  /// Called once before the first document (open output files here).
  virtual void beginRun(const RunContext& /*run*/) {}
  /// Called, in input order among the documents, for each document that failed (sequential stages
  /// only), so streaming output can say so in place.
  virtual void documentFailed(const DocumentFailure& /*failure*/) {}
  /// Called once after the last document, also after an interrupted run (commit output files).
  virtual void endRun(const RunContext& /*run*/, const RunOutcome& /*outcome*/) {}
};

}  // namespace glean
