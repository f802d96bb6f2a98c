// glean/plugins/export-html/html_exporter.cpp - self-contained HTML review pages and an index page
// SPDX-License-Identifier: Apache-2.0
#include <glean/sdk.hpp>

#include "glean_export/char_offsets.hpp"
#include "glean_export/families.hpp"
#include "glean_export/manifest.hpp"
#include "glean_export/output_files.hpp"
#include "glean_export/palette.hpp"
#include "glean_export/span_nester.hpp"
#include "glean_export/text_out.hpp"
#include "page_assets.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace glean_html {
namespace {

using glean_export::appendHtmlEscaped;
using glean_export::Family;
using glean_export::styleFor;
using glean_export::TypeStyle;

int familyRank(Family f) {
  switch (f) {
    case Family::Date: return 0;
    case Family::Entity: return 1;
    case Family::Segment: return 2;
    case Family::None: break;
  }
  return 3;
}

/// The feature the details panel shows first for a family: a date's value, an entity's canonical form.
const char* mainFeature(Family f) {
  if (f == Family::Date) return "value";
  if (f == Family::Entity) return "canonical";
  return "";
}

/// Appends `s` as a URL path, percent-encoding every byte outside the unreserved set and '/'.
void appendUrlPath(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (plain) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
}

/// Appends at most `limit` bytes of `s` (cut at a character boundary, with an ellipsis), escaped.
void appendShortEscaped(std::string& out, std::string_view s, std::size_t limit) {
  if (s.size() <= limit) return appendHtmlEscaped(out, s);
  appendHtmlEscaped(out, s.substr(0, glean_export::floorToChar(s, limit)));
  out += "\xE2\x80\xA6";
}

/// The HTML exporter: one self-contained review page per document (inline CSS and JavaScript, no
/// external assets) and an index page. See README.md.
class HtmlExporter : public glean::Stage {
 public:
  explicit HtmlExporter(const glean::StageArgs& args)
      : folder_(args.params.str("folder")), index_name_(args.params.str("index")),
        families_(args.params), logger_(args.logger) {
    // The index links to the pages by relative paths from the folder itself.
    if (index_name_.find('/') != std::string::npos || index_name_ == "." || index_name_ == "..")
      throw glean::StageError("index must be a file name in the folder, not a path: '" + index_name_ + "'",
                              "index");
    for (const auto& t : args.params.list("types")) types_.insert(t);
    for (const auto& t : args.params.list("hidden_types")) hidden_.insert(t);
    for (const auto& file : args.params.list("rules")) {
      if (args.host == nullptr) throw glean::StageError("no rule engine to load rule files", "rules");
      rule_sets_.push_back(args.host->loadRules(file));
    }
  }

  static void describe(glean::PluginDescription& d) {
    d.help =
        "Writes one self-contained HTML review page per document (no external assets): the text "
        "with its annotations highlighted by type, a legend that switches types on and off, and "
        "on hover or click the annotation's type, features (value, canonical form, ...), the rule "
        "that made it and, when the rule files are given, the rule's file:line. Also an index "
        "page listing the documents with their metadata and counts per type. Idle in streaming mode.";
    using glean::ParamSpec;
    using glean::ParamType;
    d.params = {
        ParamSpec("folder", ParamType::OutputPath, "folder for the pages, under the output folder")
            .byDefault("html"),
        ParamSpec("index", ParamType::String, "file name of the index page in the folder (\"\": none)")
            .byDefault("index.html"),
        ParamSpec("types", ParamType::StringList, "only these annotation types (empty: all)")
            .byDefault(std::vector<std::string>{}),
        ParamSpec("hidden_types", ParamType::StringList,
                  "types listed in the legend but not highlighted until switched on")
            .byDefault(std::vector<std::string>{"Header", "Body", "Section", "Paragraph", "List",
                                                "ListItem", "Sentence", "Navigation", "Entity"}),
        ParamSpec("rules", ParamType::PathList,
                  "rule files of the pipeline, to show each rule's file:line")
            .byDefault(std::vector<std::string>{}),
    };
    glean_export::addFamilyParams(d.params);
  }

  bool sequential() const override { return true; }

  void beginRun(const glean::RunContext& run) override {
    active_ = !run.to_stdout;
    if (!active_) {
      logger_->debug("streaming mode: no HTML pages are written");
      return;
    }
    dir_ = glean_export::prepareFolder(run, folder_, "folder");
    if (!index_name_.empty()) index_path_ = run.outputPath((std::filesystem::path(folder_) / index_name_).string());
    namer_.clear();
    if (!index_name_.empty()) namer_.stem(std::filesystem::path(index_name_).replace_extension().string());
    rows_.clear();
    failures_.clear();
    all_types_.clear();
    if (run.resume) loadManifest();
    logger_->debug("writing review pages into {}", dir_.string());
  }

  void process(glean::Document& doc) override {
    if (!active_) return;
    std::string stem = namer_.stem(doc.id());
    collect(doc);
    page_.clear();
    writePage(doc, stem);
    page_file_.open(dir_ / (stem + ".html"));
    page_file_.write(page_);
    page_file_.commit();

    DocRow row;
    row.id = doc.id();
    row.href = stem + ".html";
    row.bytes = doc.text().size();
    if (auto t = doc.meta().str("title"); !t.empty()) row.title = t;
    for (const char* key : {"country", "report_year", "report_type", "publication_date"}) {
      std::string v;
      if (const glean::FeatureValue* value = doc.meta().find(key)) glean_export::appendValueText(v, *value);
      row.meta.push_back(std::move(v));
    }
    for (const PageType& t : page_types_) {
      auto [it, inserted] = all_types_.try_emplace(t.name, AllType{t.family, 0});
      it->second.total += t.count;
      row.counts.emplace_back(t.name, t.count);
    }
    rows_.push_back(std::move(row));
  }

  void documentFailed(const glean::DocumentFailure& f) override {
    if (active_) failures_.push_back({f.id, f.stage, f.message});
  }

  void endRun(const glean::RunContext&, const glean::RunOutcome& outcome) override {
    if (!active_) return;
    saveManifest();
    if (index_name_.empty()) return;
    page_.clear();
    writeIndex(outcome);
    glean::AtomicFile index(index_path_);
    index.write(page_);
    index.commit();
  }

 private:
  struct PageType {
    std::string name;
    Family family;
    std::size_t count;
    TypeStyle style;
    bool hidden;
  };
  struct DocRow {
    std::string id, href, title;
    std::size_t bytes = 0;
    std::vector<std::string> meta;  // country, report_year, report_type, publication_date
    std::vector<std::pair<std::string, std::size_t>> counts;
  };
  struct AllType {
    Family family;
    std::size_t total;
  };
  struct Failure {
    std::string id, stage, message;
  };

  /// What the pages of this folder are (documents, file names, counts, failures), for a resumed
  /// run: it keeps the earlier documents' file names and lists them on the index page.
  void saveManifest() {
    std::vector<glean_export::Manifest::Record> records;
    for (const DocRow& r : rows_) {
      glean_export::Manifest::Record rec = {"D", r.id, r.href, r.title};
      rec.insert(rec.end(), r.meta.begin(), r.meta.end());
      rec.push_back(std::to_string(r.bytes));
      for (const auto& [type, count] : r.counts) {
        rec.push_back(type);
        rec.push_back(std::to_string(count));
      }
      records.push_back(std::move(rec));
    }
    for (const Failure& f : failures_) records.push_back({"F", f.id, f.stage, f.message});
    glean_export::Manifest::write(dir_ / glean_export::Manifest::kFileName, records);
  }

  void loadManifest() {
    for (auto& rec : glean_export::Manifest::read(dir_ / glean_export::Manifest::kFileName)) {
      if (rec[0] == "D" && rec.size() >= 9 && rec.size() % 2 == 1) {
        DocRow row;
        row.id = rec[1];
        row.href = rec[2];
        row.title = rec[3];
        row.meta.assign(rec.begin() + 4, rec.begin() + 8);
        row.bytes = std::stoull(rec[8]);
        for (std::size_t i = 9; i + 1 < rec.size(); i += 2) {
          std::size_t count = std::stoull(rec[i + 1]);
          row.counts.emplace_back(rec[i], count);
          auto [it, inserted] = all_types_.try_emplace(rec[i], AllType{families_.of(rec[i]), 0});
          it->second.total += count;
        }
        std::string stem = row.href.substr(0, row.href.size() - 5);  // without ".html"
        namer_.reserve(std::move(stem));
        rows_.push_back(std::move(row));
      } else if (rec[0] == "F" && rec.size() == 4) {
        failures_.push_back({rec[1], rec[2], rec[3]});
      }
    }
    logger_->debug("resuming: {} document(s) already on review pages", rows_.size());
  }

  /// The annotations to draw and the page's types (legend order: dates, entities, segments, other;
  /// then by name), each annotation's span key being its index in `anns_`.
  void collect(const glean::Document& doc) {
    anns_.clear();
    items_.clear();
    page_types_.clear();
    type_index_.clear();
    std::string_view text = doc.text();
    for (const glean::Annotation& a : doc.annotations()) {
      if (!types_.empty() && types_.count(a.type) == 0) continue;
      auto [it, inserted] = type_index_.try_emplace(a.type, page_types_.size());
      if (inserted) {
        Family f = families_.of(a.type);
        page_types_.push_back({a.type, f, 0, styleFor(a.type, f), hidden_.count(a.type) != 0});
      }
      ++page_types_[it->second].count;
      anns_.push_back({&a, it->second});
    }
    // Legend order, then renumber the annotations' type indexes.
    std::vector<std::size_t> order(page_types_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
      int fx = familyRank(page_types_[x].family), fy = familyRank(page_types_[y].family);
      if (fx != fy) return fx < fy;
      return page_types_[x].name < page_types_[y].name;
    });
    std::vector<std::size_t> rank(order.size());
    std::vector<PageType> sorted;
    sorted.reserve(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      rank[order[i]] = i;
      sorted.push_back(std::move(page_types_[order[i]]));
    }
    page_types_ = std::move(sorted);
    for (std::size_t i = 0; i < anns_.size(); ++i) {
      anns_[i].type = rank[anns_[i].type];
      const glean::Annotation& a = *anns_[i].ann;
      std::size_t b = glean_export::floorToChar(text, a.begin);
      std::size_t e = std::max(b, glean_export::ceilToChar(text, a.end));
      items_.push_back({b, e, static_cast<std::uint32_t>(i)});
    }
  }

  void writePage(const glean::Document& doc, const std::string& stem) {
    std::string_view title = doc.meta().str("title");
    if (title.empty()) title = doc.id();
    page_ += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
             "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
             "<meta name=\"generator\" content=\"glean " GLEAN_VERSION_STRING "\"><title>";
    appendHtmlEscaped(page_, title);
    page_ += " \xE2\x80\x94 glean review</title>\n<style>";
    page_ += kPageCss;
    appendTypeStyles();
    page_ += "</style></head>\n<body>\n<header>\n<div class=\"doc\">";
    if (!index_name_.empty()) {
      page_ += "<a href=\"";
      appendUrlPath(page_, glean_export::DocFileNamer::backToRoot(stem) + index_name_);
      page_ += "\">\xE2\x86\x90 all documents</a> \xC2\xB7 ";
    }
    appendHtmlEscaped(page_, doc.id());
    page_ += "</div>\n<h1>";
    appendHtmlEscaped(page_, title);
    page_ += "</h1>\n<ul id=\"meta\">";
    for (const auto& [key, value] : doc.meta()) {
      if (key == "title") continue;
      page_ += "<li><b>";
      appendHtmlEscaped(page_, key);
      page_ += "</b> ";
      scratch_.clear();
      glean_export::appendValueText(scratch_, value);
      appendShortEscaped(page_, scratch_, 160);
      page_ += "</li>";
    }
    page_ += "<li><b>source</b> ";
    appendHtmlEscaped(page_, doc.source());
    page_ += "</li><li><b>bytes</b> ";
    glean::json::appendUInt(page_, doc.text().size());
    page_ += "</li></ul>\n<div id=\"legend\">";
    for (std::size_t i = 0; i < page_types_.size(); ++i) {
      const PageType& t = page_types_[i];
      page_ += "<label><input type=\"checkbox\" data-t=\"";
      glean::json::appendUInt(page_, i);
      page_ += t.hidden ? "\">" : "\" checked>";
      page_ += "<span class=\"sw t";
      glean::json::appendUInt(page_, i);
      page_ += "\"></span>";
      appendHtmlEscaped(page_, t.name);
      page_ += " <small>";
      glean::json::appendUInt(page_, t.count);
      page_ += "</small></label>";
    }
    page_ += "</div>\n</header>\n<div id=\"text\" class=\"";
    for (std::size_t i = 0; i < page_types_.size(); ++i) {
      if (!page_types_[i].hidden) continue;
      page_ += " hide-t";
      glean::json::appendUInt(page_, i);
    }
    page_ += "\">";
    PageSink sink{*this, doc.text()};
    nester_.run(items_, doc.text().size(), sink);
    page_ += "</div>\n<aside id=\"details\"><p class=\"hint\">Hover over a highlighted span to see "
             "its type, value and rule; click to keep it. The legend switches types on and off."
             "</p></aside>\n<script type=\"application/json\" id=\"glean-data\">";
    std::size_t json_start = page_.size();
    appendData(doc);
    glean_export::escapeJsonForScript(page_, json_start);
    page_ += "</script>\n<script>";
    page_ += kPageJs;
    page_ += "</script>\n</body></html>\n";
  }

  void appendTypeStyles() {
    for (std::size_t i = 0; i < page_types_.size(); ++i) {
      const PageType& t = page_types_[i];
      std::string n = std::to_string(i);
      if (t.style.underline) {
        page_ += ".t" + n + "{box-shadow:inset 0 -2px 0 " + t.style.color + "}";
      } else {
        page_ += ".t" + n + "{background:" + t.style.color + "}";
      }
      page_ += ".sw.t" + n + "{background:" + t.style.color + "}";
      page_ += "#text.hide-t" + n + " .t" + n + "{background:none;box-shadow:none;cursor:auto}";
    }
  }

  /// {"doc", "types": [{"name", "family", "main"}], "a": {"<id>": [type, begin, end, features,
  /// rule, "file:line", stage]}}
  void appendData(const glean::Document& doc) {
    page_ += "{\"doc\":";
    glean::json::appendString(page_, doc.id());
    page_ += ",\"types\":[";
    for (std::size_t i = 0; i < page_types_.size(); ++i) {
      if (i != 0) page_.push_back(',');
      page_ += "{\"name\":";
      glean::json::appendString(page_, page_types_[i].name);
      page_ += ",\"family\":";
      glean::json::appendString(page_, glean_export::familyName(page_types_[i].family));
      page_ += ",\"main\":";
      glean::json::appendString(page_, mainFeature(page_types_[i].family));
      page_.push_back('}');
    }
    page_ += "],\"a\":{";
    for (std::size_t i = 0; i < anns_.size(); ++i) {
      const glean::Annotation& a = *anns_[i].ann;
      if (i != 0) page_.push_back(',');
      page_.push_back('"');
      glean::json::appendUInt(page_, a.id);
      page_ += "\":[";
      glean::json::appendUInt(page_, anns_[i].type);
      page_.push_back(',');
      glean::json::appendUInt(page_, a.begin);
      page_.push_back(',');
      glean::json::appendUInt(page_, a.end);
      page_.push_back(',');
      glean::json::appendObject(page_, a.features);
      page_.push_back(',');
      if (a.rule.empty()) {
        page_ += "null,\"\"";
      } else {
        glean::json::appendString(page_, a.rule);
        page_.push_back(',');
        glean::json::appendString(page_, ruleSource(a.rule));
      }
      page_.push_back(',');
      glean::json::appendString(page_, a.stage);
      page_.push_back(']');
    }
    page_ += "}}";
  }

  /// "file:line" of a rule, from the rule files the pipeline gave; empty when unknown.
  const std::string& ruleSource(const std::string& rule) {
    static const std::string kUnknown;
    if (rule_sets_.empty()) return kUnknown;
    auto [it, inserted] = rule_sources_.try_emplace(rule);
    if (inserted) {
      for (const auto& rs : rule_sets_) {
        std::string where = rs->ruleSource(rule);
        if (!where.empty()) {
          it->second = std::move(where);
          break;
        }
      }
    }
    return it->second;
  }

  /// Receives the nester's events and writes the marked-up text.
  struct PageSink {
    HtmlExporter& self;
    std::string_view source;
    void text(std::size_t b, std::size_t e) { appendHtmlEscaped(self.page_, source.substr(b, e - b)); }
    void open(const glean_export::SpanItem& item, bool continued) {
      const Ann& ann = self.anns_[item.key];
      std::string& out = self.page_;
      out += "<span class=\"a t";
      glean::json::appendUInt(out, ann.type);
      if (continued) out += " c";
      if (item.begin == item.end) out += " z";
      out += "\" data-a=\"";
      glean::json::appendUInt(out, ann.ann->id);
      out += "\">";
    }
    void close(const glean_export::SpanItem&) { self.page_ += "</span>"; }
  };

  void writeIndex(const glean::RunOutcome& outcome) {
    // Columns: every type seen in the run, in legend order.
    std::vector<std::pair<std::string, AllType>> types(all_types_.begin(), all_types_.end());
    std::stable_sort(types.begin(), types.end(), [](const auto& x, const auto& y) {
      return familyRank(x.second.family) < familyRank(y.second.family);
    });
    page_ += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
             "<meta name=\"generator\" content=\"glean " GLEAN_VERSION_STRING "\">"
             "<title>glean review: ";
    glean::json::appendUInt(page_, rows_.size());
    page_ += " documents</title>\n<style>";
    page_ += kIndexCss;
    page_ += "</style></head>\n<body>\n<h1>glean review pages</h1>\n<p class=\"run\">";
    glean::json::appendUInt(page_, outcome.documents);
    page_ += " document(s) written, ";
    glean::json::appendUInt(page_, outcome.failed);
    page_ += " failed";
    if (outcome.interrupted) page_ += ", run interrupted";
    page_ += "</p>\n<table id=\"documents\">\n<thead><tr><th>document</th><th>title</th>"
             "<th>country</th><th>year</th><th>report type</th><th>published</th>"
             "<th class=\"n\">bytes</th>";
    for (const auto& [name, t] : types) {
      page_ += "<th class=\"n\"><span class=\"sw\" style=\"background:";
      page_ += styleFor(name, t.family).color;
      page_ += "\"></span>";
      appendHtmlEscaped(page_, name);
      page_ += "</th>";
    }
    page_ += "</tr></thead>\n<tbody>\n";
    for (const DocRow& r : rows_) {
      page_ += "<tr><td class=\"doc\"><a href=\"";
      appendUrlPath(page_, r.href);
      page_ += "\">";
      appendHtmlEscaped(page_, r.id);
      page_ += "</a></td><td>";
      appendHtmlEscaped(page_, r.title);
      page_ += "</td>";
      for (const std::string& m : r.meta) {
        page_ += "<td>";
        appendHtmlEscaped(page_, m);
        page_ += "</td>";
      }
      page_ += "<td class=\"n\">";
      glean::json::appendUInt(page_, r.bytes);
      page_ += "</td>";
      for (const auto& [name, t] : types) {
        page_ += "<td class=\"n\" data-type=\"";
        appendHtmlEscaped(page_, name);
        page_ += "\">";
        for (const auto& [n, count] : r.counts) {
          if (n != name) continue;
          glean::json::appendUInt(page_, count);
          break;
        }
        page_ += "</td>";
      }
      page_ += "</tr>\n";
    }
    page_ += "</tbody>\n<tfoot><tr><td>";
    glean::json::appendUInt(page_, rows_.size());
    page_ += " documents</td><td></td><td></td><td></td><td></td><td></td><td></td>";
    for (const auto& [name, t] : types) {
      page_ += "<td class=\"n\">";
      glean::json::appendUInt(page_, t.total);
      page_ += "</td>";
    }
    page_ += "</tr></tfoot>\n</table>\n";
    if (!failures_.empty()) {
      page_ += "<h2>Failed documents</h2>\n<table id=\"failures\"><thead><tr><th>document</th>"
               "<th>stage</th><th>message</th></tr></thead><tbody>\n";
      for (const Failure& f : failures_) {
        page_ += "<tr><td class=\"doc\">";
        appendHtmlEscaped(page_, f.id);
        page_ += "</td><td>";
        appendHtmlEscaped(page_, f.stage);
        page_ += "</td><td>";
        appendHtmlEscaped(page_, f.message);
        page_ += "</td></tr>\n";
      }
      page_ += "</tbody></table>\n";
    }
    page_ += "</body></html>\n";
  }

  struct Ann {
    const glean::Annotation* ann;
    std::size_t type;  // index into page_types_
  };

  std::string folder_;
  std::string index_name_;
  glean_export::FamilyMap families_;
  std::shared_ptr<spdlog::logger> logger_;
  std::set<std::string, std::less<>> types_;
  std::set<std::string, std::less<>> hidden_;
  std::vector<std::shared_ptr<const glean::RuleSet>> rule_sets_;
  std::unordered_map<std::string, std::string> rule_sources_;
  bool active_ = false;
  std::filesystem::path dir_;
  std::filesystem::path index_path_;
  glean_export::DocFileNamer namer_;
  std::vector<DocRow> rows_;
  std::vector<Failure> failures_;
  std::map<std::string, AllType> all_types_;
  // Reused between documents (exporters are sequential).
  std::string page_;
  std::string scratch_;
  glean::AtomicFile page_file_;
  std::vector<Ann> anns_;
  std::vector<glean_export::SpanItem> items_;
  std::vector<PageType> page_types_;
  std::unordered_map<std::string, std::size_t> type_index_;
  glean_export::SpanNester nester_;
};

}  // namespace
}  // namespace glean_html

GLEAN_DEFINE_PLUGIN(glean_html::HtmlExporter, "html", "1.0.0",
                    "HTML exporter: self-contained review pages with highlighted annotations, and an index")
