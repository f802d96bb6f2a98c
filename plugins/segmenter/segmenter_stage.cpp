// glean/plugins/segmenter/segmenter_stage.cpp - the segmenter stage: layout detection, segments, sentences
// SPDX-License-Identifier: Apache-2.0
#include "document_segmenter.hpp"
#include "layout_profile.hpp"
#include "sentence_splitter.hpp"

#include <glean/sdk.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace glean_segmenter {
namespace {

namespace fs = std::filesystem;

/// The layout files a `layouts` entry names: the file itself, or every *.toml directly in a folder
/// (sorted by name, so detection ties break the same way everywhere).
std::vector<fs::path> layoutFiles(const std::vector<std::string>& entries) {
  std::vector<fs::path> out;
  for (const std::string& entry : entries) {
    fs::path p(entry);
    if (!fs::is_directory(p)) {
      out.push_back(p);
      continue;
    }
    std::vector<fs::path> found;
    for (const auto& e : fs::directory_iterator(p))
      if (e.is_regular_file() && e.path().extension() == ".toml") found.push_back(e.path());
    std::sort(found.begin(), found.end());
    if (found.empty()) throw glean::StageError("no layout files (*.toml) in '" + entry + "'", "layouts");
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

/// Splits each document into its report layout's segments: header and metadata, body, sections,
/// headings, paragraphs, lists, footnotes, navigation and sentences. The layout is chosen by the
/// Detect rules of the layout files; what a layout looks like lives entirely in its rule file.
class SegmenterStage : public glean::Stage {
 public:
  explicit SegmenterStage(const glean::StageArgs& args) : logger_(args.logger) {
    if (args.host == nullptr) throw glean::StageError("the segmenter needs the host's rule engine");
    for (const fs::path& file : layoutFiles(args.params.list("layouts"))) {
      auto profile = std::make_unique<LayoutProfile>(args.host->loadRules(file), file);
      for (const auto& other : layouts_)
        if (other->name() == profile->name())
          throw glean::StageError("layout '" + profile->name() + "' is defined twice: in '" +
                                      other->file().string() + "' and '" + file.string() + "'",
                                  "layouts");
      layouts_.push_back(std::move(profile));
    }
    auto byName = [&](const std::string& name) -> const LayoutProfile* {
      for (const auto& p : layouts_)
        if (p->name() == name) return p.get();
      return nullptr;
    };
    auto names = [&] {
      std::string s;
      for (const auto& p : layouts_) s += (s.empty() ? "" : ", ") + p->name();
      return s;
    };
    const std::string& forced = args.params.str("layout");
    if (!forced.empty()) {
      forced_ = byName(forced);
      if (forced_ == nullptr)
        throw glean::StageError("no layout named '" + forced + "' (have: " + names() + ")", "layout");
    }
    fallback_ = byName(args.params.str("fallback"));
    if (fallback_ == nullptr)
      throw glean::StageError("fallback layout '" + args.params.str("fallback") +
                                  "' is not among the layouts (have: " + names() + ")",
                              "fallback");
    fs::path sentence_file = args.params.str("sentences");
    sentences_ = std::make_unique<SentenceRules>(args.host->loadRules(sentence_file),
                                                 sentence_file.string());
    logger_->debug("{} layouts ({}), fallback '{}', sentence rules '{}'", layouts_.size(), names(),
                   fallback_->name(), sentence_file.string());
  }

  static void describe(glean::PluginDescription& d) {
    d.help =
        "Segments country reports. The first lines of a document decide its layout (the Detect "
        "rules of each layout file; a document no layout claims gets the fallback layout and a "
        "warning). The layout's rules then find the header and its metadata (title, report type "
        "and year, country and ISO code, publisher, dates, normalized), the headings and the "
        "section tree, list items, footnotes and their references, and navigation; the segmenter "
        "joins the remaining lines into paragraphs and splits paragraphs into sentences with the "
        "sentence rules and their abbreviation lexicon. All knowledge about layouts lives in the "
        "rule files (rules/layout/README.md).";
    using glean::ParamSpec;
    using glean::ParamType;
    d.params = {
        ParamSpec("layouts", ParamType::PathList,
                  "layout rule files, or folders whose *.toml files are layout rule files")
            .require(),
        ParamSpec("sentences", ParamType::Path, "the sentence rule file").require(),
        ParamSpec("fallback", ParamType::String,
                  "the layout used, with a warning, when no layout's Detect rules match")
            .byDefault("generic"),
        ParamSpec("layout", ParamType::String,
                  "use this layout for every document instead of detecting it (empty: detect)")
            .byDefault(""),
    };
    d.provides = kProvides;
  }

  std::vector<std::string> provides() const override { return kProvides; }

  void process(glean::Document& doc) override {
    const LayoutProfile* layout = forced_ != nullptr ? forced_ : detect(doc);
    DocumentSegmenter(*layout, *sentences_).run(doc);
  }

 private:
  inline static const std::vector<std::string> kProvides = {
      "Header", "Title",  "MetaField", "Body",     "Section",    "Heading",    "Paragraph",
      "List",   "ListItem", "FootnoteRef", "Footnote", "Navigation", "Sentence"};

  const LayoutProfile* detect(glean::Document& doc) const {
    const LayoutProfile* best = nullptr;
    long best_score = 0;
    for (const auto& p : layouts_) {
      if (p.get() == fallback_) continue;
      long score = p->detectScore(doc);
      if (score >= p->settings().detect_min_score && score > best_score) {
        best = p.get();
        best_score = score;
      }
    }
    if (best != nullptr) return best;
    logger_->warn("{}: no layout recognized; using the fallback layout '{}'", doc.id(),
                  fallback_->name());
    return fallback_;
  }

  std::shared_ptr<spdlog::logger> logger_;
  std::vector<std::unique_ptr<LayoutProfile>> layouts_;
  const LayoutProfile* forced_ = nullptr;
  const LayoutProfile* fallback_ = nullptr;
  std::unique_ptr<SentenceRules> sentences_;
};

}  // namespace
}  // namespace glean_segmenter

GLEAN_DEFINE_PLUGIN(glean_segmenter::SegmenterStage, "segmenter", "0.1.0",
                    "Segmenter: report layout, header metadata, sections, paragraphs, lists, "
                    "footnotes, sentences")
