// glean/fuzz/document_fuzz.cpp - fuzz target: the bundled pipeline over a document of arbitrary bytes
// SPDX-License-Identifier: Apache-2.0
//
// pipelines/country-reports.toml (every stage on it: segmenter, then whatever main adds, then the
// exporters) is loaded once. Each input goes through the reader's checks, as a file would; text
// that passes goes through every stage, as the runner drives them. A stage may fail the document
// with DocumentError; any other exception, a crash, a hang, a sanitizer report or an annotation
// that is not a proper span of the text is a finding. Exporters write into a scratch folder that
// is committed and started again every few hundred documents, so it stays small.
#include "fuzz_checks.hpp"
#include "fuzz_support.hpp"

#include "host_services.hpp"
#include "input.hpp"
#include "logging.hpp"
#include "pipeline.hpp"

#include <string>
#include <typeinfo>

namespace glean::fuzz {
namespace {
namespace fs = std::filesystem;

constexpr int kDocumentsPerRun = 256;

struct DocumentFuzzState {
  std::shared_ptr<spdlog::logger> logger = nullLogger();
  Host host{logger};
  PluginLoader plugins{{pluginDir()}};
  Pipeline pipeline;
  RunContext run;
  int documents_in_run = 0;

  DocumentFuzzState() {
    pipeline = loadPipeline(sourceDir() / "pipelines" / "country-reports.toml", plugins, host, logger);
    run.output_dir = scratchDir() / "out";
    fs::create_directories(run.output_dir);
    begin();
  }

  void begin() {
    for (auto& s : pipeline.stages) s.stage->beginRun(run);
    documents_in_run = 0;
  }

  /// Commits the exporters' files and starts them again once enough documents went through.
  void rotate() {
    if (++documents_in_run < kDocumentsPerRun) return;
    RunOutcome outcome{static_cast<std::size_t>(documents_in_run), 0, false};
    for (auto& s : pipeline.stages) s.stage->endRun(run, outcome);
    begin();
  }
};

DocumentFuzzState& state() {
  // Never destroyed: stages must go before the plugins that made them, and exit order is not ours.
  static auto* s = new DocumentFuzzState();
  return *s;
}

}  // namespace

int documentOneInput(const std::uint8_t* data, std::size_t size) {
  DocumentFuzzState& s = state();
  std::string bytes(reinterpret_cast<const char*>(data), size);
  std::size_t offset = 0;
  DocumentFailure failure{"fuzz.txt", "fuzz.txt", "reader", checkText(bytes, offset), offset};
  std::optional<Document> doc;
  if (failure.message.empty()) doc.emplace("fuzz.txt", "fuzz.txt", std::move(bytes));
  try {
    for (auto& stage : s.pipeline.stages) {
      if (!doc) {
        if (stage.stage->sequential()) stage.stage->documentFailed(failure);
        continue;
      }
      doc->setCurrentStage(stage.name);
      try {
        if (stage.stage->sequential()) stage.stage->prepare(*doc);  // as the runner does
        stage.stage->process(*doc);
      } catch (const DocumentError& e) {
        if (e.offset() != DocumentError::kNoOffset && e.offset() > doc->text().size())
          unexpected("document", "stage '" + stage.name + "' failed the document at offset " +
                                     std::to_string(e.offset()) + ", outside its text");
        failure = DocumentFailure{doc->id(), doc->source(), stage.name, e.what(), e.offset()};
        doc.reset();
        continue;
      }
      checkDocument("document", *doc);
    }
    s.rotate();
  } catch (const std::exception& e) {
    unexpected("document", std::string("a stage threw a ") + typeid(e).name() + ": " + e.what());
  }
  return 0;
}

}  // namespace glean::fuzz

GLEAN_FUZZ_ENTRY(glean::fuzz::documentOneInput)
