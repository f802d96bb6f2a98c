// glean/plugins/export-timeml/timeml_exporter.cpp - writes each document as TimeML with its TIMEX3s
// SPDX-License-Identifier: Apache-2.0
#include <glean/sdk.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <vector>

namespace glean_timeml {
namespace {

namespace fs = std::filesystem;

/// Escapes &, < and > (and " inside attributes). Text content is escaped no more than that, so a
/// document read from a TempEval-3 file is written back with the same text (the official scorer
/// compares texts after removing tags).
void appendEscaped(std::string& out, std::string_view text, bool attribute = false) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"':
        if (attribute) out += "&quot;";
        else out.push_back(c);
        break;
      default: out.push_back(c);
    }
  }
}

void appendAttribute(std::string& out, std::string_view name, std::string_view value) {
  out.push_back(' ');
  out += name;
  out += "=\"";
  appendEscaped(out, value, true);
  out.push_back('"');
}

/// The TimeML exporter: one `<name>.tml` per document in the output folder, with the document's
/// text inside <TEXT> and a TIMEX3 tag around every TIMEX3 annotation (tid, type, value, mod).
/// TimeML tags cannot overlap, so an annotation overlapping one already written is left out. The
/// DCT element is written from meta `dct` (and `dct_text`), which the TimeML reader sets.
class TimemlExporter : public glean::Stage {
 public:
  explicit TimemlExporter(const glean::StageArgs& args)
      : dir_(args.params.str("dir")), ages_(args.params.boolean("ages")), logger_(args.logger) {}

  static void describe(glean::PluginDescription& d) {
    d.help =
        "Writes each document as a TimeML file (<dir>/<docid or id>.tml): its text inside <TEXT> "
        "with the TIMEX3 annotations as TIMEX3 tags (tid, type, value, mod), and the creation "
        "time from meta 'dct' as the DCT. Overlapping TIMEX3 annotations are left out after the "
        "first (TimeML tags nest, they cannot overlap). Together with the TimeML reader, this is "
        "what the TempEval-3 scorer ('glean score-timeml') compares.";
    using glean::ParamSpec;
    using glean::ParamType;
    d.params = {
        ParamSpec("dir", ParamType::OutputPath, "output folder, relative to the run's output folder")
            .byDefault("timeml"),
        ParamSpec("ages", ParamType::Boolean,
                  "also write ages ('a 23-year-old': TIMEX3 with age=true); TimeBank and TempEval "
                  "leave them out")
            .byDefault(false),
    };
  }

  bool sequential() const override { return true; }
  bool changesDocuments() const override { return false; }  // it only reads them

  void beginRun(const glean::RunContext& run) override {
    out_dir_ = run.outputPath(dir_);
    std::error_code ec;
    fs::create_directories(out_dir_, ec);
    if (ec) throw glean::StageError("cannot create '" + out_dir_.string() + "': " + ec.message());
    written_.clear();
  }

  void process(glean::Document& doc) override {
    fs::path target = out_dir_ / fileName(doc);
    if (!written_.insert(target.string()).second)
      doc.addIssue("two documents map to '" + target.string() + "'; the later one replaced it");
    glean::AtomicFile file(target);
    file.write(render(doc));
    file.commit();
  }

 private:
  static std::string fileName(const glean::Document& doc) {
    std::string name(doc.meta().str("docid"));
    if (name.empty()) {
      name = doc.id();
      const std::string te3 = ".TE3input";
      if (name.size() > te3.size() && name.compare(name.size() - te3.size(), te3.size(), te3) == 0)
        name.resize(name.size() - te3.size());
    }
    if (name.size() < 4 || name.compare(name.size() - 4, 4, ".tml") != 0) name += ".tml";
    return name;
  }

  std::string render(const glean::Document& doc) {
    std::string out;
    std::string_view text = doc.text();
    out.reserve(text.size() + 4096);
    out +=
        "<?xml version=\"1.0\" ?>\n<TimeML xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "xsi:noNamespaceSchemaLocation=\"http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd\">\n\n";
    out += "<DOCID>";
    std::string docid(doc.meta().str("docid"));
    appendEscaped(out, docid.empty() ? doc.id() : docid);
    out += "</DOCID>\n\n";
    if (std::string_view dct = doc.meta().str("dct"); !dct.empty()) {
      out += "<DCT><TIMEX3";
      appendAttribute(out, "tid", "t0");
      appendAttribute(out, "type", dct.find('T') != std::string_view::npos ? "TIME" : "DATE");
      appendAttribute(out, "value", dct);
      appendAttribute(out, "temporalFunction", "false");
      appendAttribute(out, "functionInDocument", "CREATION_TIME");
      out.push_back('>');
      std::string_view dct_text = doc.meta().str("dct_text");
      appendEscaped(out, dct_text.empty() ? dct : dct_text);
      out += "</TIMEX3></DCT>\n\n";
    }
    if (std::string_view title = doc.meta().str("title"); !title.empty()) {
      out += "<TITLE>";
      appendEscaped(out, title);
      out += "</TITLE>\n\n";
    }
    out += "<TEXT>";
    std::vector<const glean::Annotation*> timexes = doc.select("TIMEX3");
    std::size_t pos = doc.bodyBegin();
    std::size_t tid = 1;
    for (const glean::Annotation* a : timexes) {
      if (a->begin < pos || a->end > text.size() || a->end <= a->begin) continue;  // overlaps
      if (!ages_ && a->features.contains("age")) continue;
      appendEscaped(out, text.substr(pos, a->begin - pos));
      out += "<TIMEX3";
      appendAttribute(out, "tid", "t" + std::to_string(tid++));
      std::string_view type = a->features.str("type");
      appendAttribute(out, "type", type.empty() ? "DATE" : type);
      appendAttribute(out, "value", a->features.str("value"));
      if (std::string_view mod = a->features.str("mod"); !mod.empty())
        appendAttribute(out, "mod", mod);
      out.push_back('>');
      appendEscaped(out, text.substr(a->begin, a->end - a->begin));
      out += "</TIMEX3>";
      pos = a->end;
    }
    appendEscaped(out, text.substr(pos));
    out += "</TEXT>\n\n</TimeML>\n";
    return out;
  }

  std::string dir_;
  bool ages_;
  std::shared_ptr<spdlog::logger> logger_;
  fs::path out_dir_;
  std::set<std::string> written_;
};

}  // namespace
}  // namespace glean_timeml

GLEAN_DEFINE_PLUGIN(glean_timeml::TimemlExporter, "timeml", "1.0.0",
                    "TimeML exporter: one .tml file per document with its TIMEX3 annotations")
