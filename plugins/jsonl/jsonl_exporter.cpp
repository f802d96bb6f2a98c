// glean/plugins/jsonl/jsonl_exporter.cpp - writes one JSON line per document
// SPDX-License-Identifier: Apache-2.0
#include <glean/sdk.hpp>

#include <algorithm>
#include <cstdio>
#include <set>

namespace glean_jsonl {
namespace {

/// The JSONL exporter. One line per input document, in input order:
/// {"doc","source","bytes","meta","annotations":[{"id","type","begin","end","text","features",
/// "stage","rule"}]}. Writes to a temporary file renamed into place at the end of the run, or to
/// stdout (flushed per document) in streaming mode.
class JsonlExporter : public glean::Stage {
 public:
  explicit JsonlExporter(const glean::StageArgs& args)
      : file_(args.params.str("file")), with_text_(args.params.boolean("text")),
        logger_(args.logger) {
    for (const auto& t : args.params.list("types")) types_.insert(t);
  }

  static void describe(glean::PluginDescription& d) {
    d.help =
        "Writes one JSON object per document and line, in input order: the document id, source, "
        "size, metadata and every annotation with its offsets, text, features and provenance. "
        "In streaming mode (glean run PIPELINE -) it writes to stdout, flushed per document, and "
        "a failed document becomes an error line in its place.";
    using glean::ParamSpec;
    using glean::ParamType;
    d.params = {
        ParamSpec("file", ParamType::OutputPath, "output file, relative to the run's output folder")
            .byDefault("documents.jsonl"),
        ParamSpec("text", ParamType::Boolean, "include each annotation's text").byDefault(true),
        ParamSpec("types", ParamType::StringList, "only these annotation types (empty: all)")
            .byDefault(std::vector<std::string>{}),
    };
  }

  bool sequential() const override { return true; }

  void beginRun(const glean::RunContext& run) override {
    to_stdout_ = run.to_stdout;
    if (!to_stdout_) {
      std::filesystem::path target = run.outputPath(file_);
      out_.open(target);
      if (run.resume) keepExisting(target);
      logger_->debug("writing {}", out_.target().string());
    }
  }

  void process(glean::Document& doc) override {
    line_.clear();
    line_ += "{\"doc\":";
    glean::json::appendString(line_, doc.id());
    line_ += ",\"source\":";
    glean::json::appendString(line_, doc.source());
    line_ += ",\"bytes\":";
    glean::json::appendUInt(line_, doc.text().size());
    line_ += ",\"meta\":";
    glean::json::appendObject(line_, doc.meta());
    line_ += ",\"annotations\":[";
    order_.clear();
    for (const auto& a : doc.annotations())
      if (types_.empty() || types_.count(a.type) != 0) order_.push_back(&a);
    std::sort(order_.begin(), order_.end(), [](const glean::Annotation* x, const glean::Annotation* y) {
      if (x->begin != y->begin) return x->begin < y->begin;
      if (x->end != y->end) return x->end > y->end;
      return x->id < y->id;
    });
    bool first = true;
    for (const glean::Annotation* a : order_) {
      if (!first) line_.push_back(',');
      first = false;
      appendAnnotation(doc, *a);
      // A huge document's line (every annotation carries its text) goes out in pieces, so memory
      // stays at the document plus one piece rather than several copies of its text.
      if (line_.size() >= kPieceBytes) {
        write();
        line_.clear();
      }
    }
    line_ += "]}\n";
    write();
  }

  void documentFailed(const glean::DocumentFailure& f) override {
    if (!to_stdout_) return;  // errors.jsonl has it
    line_.clear();
    line_ += "{\"doc\":";
    glean::json::appendString(line_, f.id);
    line_ += ",\"source\":";
    glean::json::appendString(line_, f.source);
    line_ += ",\"error\":{\"stage\":";
    glean::json::appendString(line_, f.stage);
    line_ += ",\"message\":";
    glean::json::appendString(line_, f.message);
    line_ += ",\"offset\":";
    if (f.offset == static_cast<std::size_t>(-1)) line_ += "null";
    else glean::json::appendUInt(line_, f.offset);
    line_ += "}}\n";
    write();
  }

  void endRun(const glean::RunContext&, const glean::RunOutcome&) override {
    if (to_stdout_) std::fflush(stdout);
    else out_.commit();
  }

 private:
  void appendAnnotation(const glean::Document& doc, const glean::Annotation& a) {
    line_ += "{\"id\":";
    glean::json::appendUInt(line_, a.id);
    line_ += ",\"type\":";
    glean::json::appendString(line_, a.type);
    line_ += ",\"begin\":";
    glean::json::appendUInt(line_, a.begin);
    line_ += ",\"end\":";
    glean::json::appendUInt(line_, a.end);
    if (with_text_) {
      line_ += ",\"text\":";
      glean::json::appendString(line_, doc.slice(a));
    }
    line_ += ",\"features\":";
    glean::json::appendObject(line_, a.features);
    line_ += ",\"stage\":";
    glean::json::appendString(line_, a.stage);
    line_ += ",\"rule\":";
    if (a.rule.empty()) line_ += "null";
    else glean::json::appendString(line_, a.rule);
    line_.push_back('}');
  }

  /// Copies what an interrupted run already wrote into the new file, so resuming appends.
  void keepExisting(const std::filesystem::path& target) {
    std::FILE* old = std::fopen(target.c_str(), "rb");
    if (old == nullptr) return;
    char buffer[1 << 16];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, old)) > 0) out_.write(std::string_view(buffer, n));
    std::fclose(old);
  }

  void write() {
    if (to_stdout_) {
      std::fwrite(line_.data(), 1, line_.size(), stdout);
      std::fflush(stdout);  // a mapper's consumer must see each document as soon as it is done
    } else {
      out_.write(line_);
    }
  }

  static constexpr std::size_t kPieceBytes = std::size_t{1} << 20;

  std::string file_;
  bool with_text_;
  std::set<std::string, std::less<>> types_;
  std::shared_ptr<spdlog::logger> logger_;
  bool to_stdout_ = false;
  glean::AtomicFile out_;
  std::string line_;  // reused between documents: exporters are sequential
  std::vector<const glean::Annotation*> order_;
};

}  // namespace
}  // namespace glean_jsonl

GLEAN_DEFINE_PLUGIN(glean_jsonl::JsonlExporter, "jsonl", "1.0.0",
                    "JSONL exporter: one JSON line per document with all annotations")
