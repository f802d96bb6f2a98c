// glean/plugins/export-brat/brat_exporter.cpp - brat standoff: .txt + .ann per document
// SPDX-License-Identifier: Apache-2.0
#include <glean/sdk.hpp>

#include "glean_export/char_offsets.hpp"
#include "glean_export/families.hpp"
#include "glean_export/manifest.hpp"
#include "glean_export/output_files.hpp"
#include "glean_export/palette.hpp"
#include "glean_export/text_out.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace glean_brat {
namespace {

std::vector<std::string> defaultTypes() {
  std::vector<std::string> out = glean_export::defaultDateTypes();
  for (auto& t : glean_export::defaultEntityTypes()) out.push_back(std::move(t));
  return out;
}

/// Appends `s` with tabs, CR and LF turned into spaces (an .ann line holds three tab-separated
/// fields and ends at the line end).
void appendOneLine(std::string& out, std::string_view s) {
  for (char c : s) out.push_back(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
}

/// The brat exporter: for each document `<name>.txt` (the original bytes, unchanged) and
/// `<name>.ann` with one text-bound annotation per glean annotation (`T<id>`, the glean id) at
/// CHARACTER offsets (Unicode code points, as brat and INCEpTION count them), and the features
/// (normalized value, canonical form, ...) and the rule as an AnnotatorNotes line (`#<id>`).
/// A span that crosses line ends is written as discontinuous fragments, one per line, as brat
/// requires. annotation.conf and visual.conf declare the types written.
class BratExporter : public glean::Stage {
 public:
  explicit BratExporter(const glean::StageArgs& args)
      : folder_(args.params.str("folder")), conf_(args.params.boolean("conf")),
        families_(args.params), logger_(args.logger) {
    for (const auto& t : args.params.list("types")) {
      if (t.empty() || t.find_first_of(" \t\n\r") != std::string::npos)
        throw glean::StageError("type '" + t + "' cannot be a brat type (no spaces)", "types");
      types_.insert(t);
    }
  }

  static void describe(glean::PluginDescription& d) {
    d.help =
        "Writes brat standoff files: <name>.txt (the document, byte for byte) and <name>.ann "
        "per document, with character (code point) offsets, the normalized values and "
        "canonical forms as AnnotatorNotes, and annotation.conf / visual.conf declaring the types, "
        "so the output can be opened and corrected in brat or INCEpTION. Idle in streaming mode.";
    using glean::ParamSpec;
    using glean::ParamType;
    d.params = {
        ParamSpec("folder", ParamType::OutputPath, "folder for the files, under the output folder")
            .byDefault("brat"),
        ParamSpec("types", ParamType::StringList, "annotation types to write (empty: all)")
            .byDefault(defaultTypes()),
        ParamSpec("conf", ParamType::Boolean, "write annotation.conf and visual.conf").byDefault(true),
    };
    glean_export::addFamilyParams(d.params);
  }

  bool sequential() const override { return true; }
  bool changesDocuments() const override { return false; }  // it only reads them

  void beginRun(const glean::RunContext& run) override {
    active_ = !run.to_stdout;
    if (!active_) {
      logger_->debug("streaming mode: no brat files are written");
      return;
    }
    dir_ = glean_export::prepareFolder(run, folder_, "folder");
    namer_.clear();
    namer_.stem("annotation");  // keep the conf files' names free
    namer_.stem("visual");
    seen_.clear();
    written_.clear();
    if (run.resume) {
      // Keep the file names the interrupted run gave and the types it wrote.
      for (auto& rec : glean_export::Manifest::read(dir_ / glean_export::Manifest::kFileName)) {
        if (rec[0] == "D" && rec.size() == 3) {
          namer_.reserve(rec[2]);
          written_.push_back({rec[1], rec[2]});
        } else if (rec[0] == "T" && rec.size() == 2) {
          seen_.insert(rec[1]);
        }
      }
    }
    logger_->debug("writing brat files into {}", dir_.string());
  }

  void process(glean::Document& doc) override {
    if (!active_) return;
    std::string stem = namer_.stem(doc.id());
    std::string_view text = doc.text();
    chars_.reset(text);
    order_.clear();
    for (const auto& a : doc.annotations())
      if (types_.empty() || types_.count(a.type) != 0) order_.push_back(&a);
    std::sort(order_.begin(), order_.end(), [](const glean::Annotation* x, const glean::Annotation* y) {
      if (x->begin != y->begin) return x->begin < y->begin;
      if (x->end != y->end) return x->end > y->end;
      return x->id < y->id;
    });
    ann_.clear();
    for (const glean::Annotation* a : order_) appendAnnotation(text, *a);

    txt_file_.open(dir_ / (stem + ".txt"));
    txt_file_.write(text);
    ann_file_.open(dir_ / (stem + ".ann"));
    ann_file_.write(ann_);
    txt_file_.commit();
    ann_file_.commit();
    written_.push_back({doc.id(), std::move(stem)});
  }

  void endRun(const glean::RunContext&, const glean::RunOutcome&) override {
    if (!active_) return;
    // Which document went to which files and the types written, for a resumed run.
    std::vector<glean_export::Manifest::Record> records;
    for (const auto& [id, stem] : written_) records.push_back({"D", id, stem});
    for (const auto& t : seen_) records.push_back({"T", t});
    glean_export::Manifest::write(dir_ / glean_export::Manifest::kFileName, records);
    if (!conf_) return;
    // Types in the order of their families, then by name.
    std::vector<std::string> types(seen_.begin(), seen_.end());
    std::stable_sort(types.begin(), types.end(), [&](const std::string& x, const std::string& y) {
      return static_cast<int>(families_.of(x)) < static_cast<int>(families_.of(y));
    });
    std::string conf =
        "# brat annotation configuration, written by glean: the types of this export\n"
        "[entities]\n";
    for (const auto& t : types) conf += t + "\n";
    conf += "\n[relations]\n\n[events]\n\n[attributes]\n";
    glean::AtomicFile annotation_conf(dir_ / "annotation.conf");
    annotation_conf.write(conf);
    annotation_conf.commit();

    std::string visual = "# brat visual configuration, written by glean\n[labels]\n\n[drawing]\n";
    for (const auto& t : types) {
      std::string hex = glean_export::opaqueHex(glean_export::styleFor(t, families_.of(t)).color);
      if (!hex.empty()) visual += t + "\tbgColor:" + hex + "\n";
    }
    glean::AtomicFile visual_conf(dir_ / "visual.conf");
    visual_conf.write(visual);
    visual_conf.commit();
  }

 private:
  void appendAnnotation(std::string_view text, const glean::Annotation& a) {
    std::size_t begin = glean_export::floorToChar(text, a.begin);
    std::size_t end = std::max(begin, glean_export::ceilToChar(text, a.end));
    // Fragments: the runs of the span between line ends.
    fragments_.clear();
    std::size_t i = begin;
    while (i < end) {
      while (i < end && (text[i] == '\n' || text[i] == '\r')) ++i;
      std::size_t j = i;
      while (j < end && text[j] != '\n' && text[j] != '\r') ++j;
      if (j > i) fragments_.push_back({i, j});
      i = j;
    }
    if (fragments_.empty()) fragments_.push_back({begin, begin});  // empty span: zero width
    seen_.insert(a.type);

    ann_.push_back('T');
    glean::json::appendUInt(ann_, a.id);
    ann_.push_back('\t');
    ann_ += a.type;
    for (std::size_t f = 0; f < fragments_.size(); ++f) {
      ann_.push_back(f == 0 ? ' ' : ';');
      glean::json::appendUInt(ann_, chars_.toChar(fragments_[f].first));
      ann_.push_back(' ');
      glean::json::appendUInt(ann_, chars_.toChar(fragments_[f].second));
    }
    ann_.push_back('\t');
    for (std::size_t f = 0; f < fragments_.size(); ++f) {
      if (f != 0) ann_.push_back(' ');
      // Fragments hold no line ends, and a tab in the last field is kept (brat splits only twice).
      ann_ += text.substr(fragments_[f].first, fragments_[f].second - fragments_[f].first);
    }
    ann_.push_back('\n');

    if (a.features.empty() && a.rule.empty()) return;
    ann_.push_back('#');
    glean::json::appendUInt(ann_, a.id);
    ann_ += "\tAnnotatorNotes T";
    glean::json::appendUInt(ann_, a.id);
    ann_.push_back('\t');
    bool first = true;
    for (const auto& [key, value] : a.features) {
      if (!first) ann_ += "; ";
      first = false;
      appendOneLine(ann_, key);
      ann_.push_back('=');
      scratch_.clear();
      glean_export::appendValueText(scratch_, value);
      appendOneLine(ann_, scratch_);
    }
    if (!a.rule.empty()) {
      if (!first) ann_ += "; ";
      ann_ += "rule=";
      appendOneLine(ann_, a.rule);
    }
    ann_.push_back('\n');
  }

  std::string folder_;
  bool conf_;
  glean_export::FamilyMap families_;
  std::shared_ptr<spdlog::logger> logger_;
  std::set<std::string, std::less<>> types_;
  bool active_ = false;
  std::filesystem::path dir_;
  glean_export::DocFileNamer namer_;
  std::set<std::string, std::less<>> seen_;
  std::vector<std::pair<std::string, std::string>> written_;  // document id, file name stem
  // Reused between documents (exporters are sequential).
  glean_export::CharOffsets chars_;
  std::vector<const glean::Annotation*> order_;
  std::vector<std::pair<std::size_t, std::size_t>> fragments_;
  std::string ann_;
  std::string scratch_;
  glean::AtomicFile txt_file_;
  glean::AtomicFile ann_file_;
};

}  // namespace
}  // namespace glean_brat

GLEAN_DEFINE_PLUGIN(glean_brat::BratExporter, "brat", "1.0.0",
                    "brat standoff exporter: .txt + .ann per document, character offsets")
