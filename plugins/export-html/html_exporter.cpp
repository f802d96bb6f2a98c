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
#include <mutex>
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
  bool changesDocuments() const override { return false; }  // it only reads them

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

  /// Builds the document's review page into doc.output(). Runs on the worker threads (see
  /// Stage::prepare): everything per document is in the PageBuilder, members are read only (the
  /// rule-source cache has its own lock).
  void prepare(glean::Document& doc) const override {
    if (!active_) return;
    std::string& page = doc.output();
    page.clear();
    page.reserve(doc.text().size() * 4 + 65536);
    PageBuilder(*this, doc, page).write();
  }

  /// Writes the page prepare() built under the document's file name (unique in the run, so
  /// given here, in input order) and keeps the document's row for the index page.
  void process(glean::Document& doc) override {
    if (!active_) return;
    if (doc.output().empty()) prepare(doc);  // a caller that does not prepare (a test harness)
    std::string stem = namer_.stem(doc.id());
    page_file_.open(dir_ / (stem + ".html"));
    page_file_.write(doc.output());
    page_file_.commit();
    std::string().swap(doc.output());  // the document may wait in the reorder buffer: free it now

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
    for (const PageType& t : pageTypes(doc, nullptr)) {
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
    std::string page;
    writeIndex(page, outcome);
    glean::AtomicFile index(index_path_);
    index.write(page);
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

  struct Ann {
    const glean::Annotation* ann;
    std::size_t type;  // index into the page's types
  };

  /// The page's types in legend order (dates, entities, segments, other; then by name), with
  /// their counts; when `anns` is given, also the annotations to draw, each with the index of its
  /// type. Safe to call from many threads.
  std::vector<PageType> pageTypes(const glean::Document& doc, std::vector<Ann>* anns) const {
    std::vector<PageType> types;
    std::vector<std::size_t> ann_types;  // per annotation drawn: its index into `types` as found
    glean_export::FamilyMap::Lookup families(families_);
    std::size_t last = 0;  // annotations of one type come in runs: try the last type first
    for (const glean::Annotation& a : doc.annotations()) {
      if (!types_.empty() && types_.count(a.type) == 0) continue;
      if (last >= types.size() || types[last].name != a.type) {
        last = 0;
        while (last < types.size() && types[last].name != a.type) ++last;
        if (last == types.size()) {
          Family f = families.of(a.type);
          types.push_back({a.type, f, 0, styleFor(a.type, f), hidden_.count(a.type) != 0});
        }
      }
      ++types[last].count;
      if (anns != nullptr) {
        anns->push_back({&a, 0});
        ann_types.push_back(last);
      }
    }
    // Legend order, then renumber the annotations' type indexes.
    std::vector<std::size_t> order(types.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
      int fx = familyRank(types[x].family), fy = familyRank(types[y].family);
      if (fx != fy) return fx < fy;
      return types[x].name < types[y].name;
    });
    std::vector<std::size_t> rank(order.size());
    std::vector<PageType> sorted;
    sorted.reserve(order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      rank[order[i]] = i;
      sorted.push_back(std::move(types[order[i]]));
    }
    if (anns != nullptr)
      for (std::size_t i = 0; i < anns->size(); ++i) (*anns)[i].type = rank[ann_types[i]];
    return sorted;
  }

  /// Builds one document's review page; lives for one prepare() call, on the thread that makes it.
  class PageBuilder {
   public:
    PageBuilder(const HtmlExporter& html, const glean::Document& doc, std::string& page)
        : html_(html), doc_(doc), page_(page) {}

    void write() {
      page_types_ = html_.pageTypes(doc_, &anns_);
      std::string_view text = doc_.text();
      items_.reserve(anns_.size());
      for (std::size_t i = 0; i < anns_.size(); ++i) {
        const glean::Annotation& a = *anns_[i].ann;
        std::size_t b = glean_export::floorToChar(text, a.begin);
        std::size_t e = std::max(b, glean_export::ceilToChar(text, a.end));
        items_.push_back({b, e, static_cast<std::uint32_t>(i)});
      }
      writePage();
    }

   private:
    void writePage() {
      const glean::Document& doc = doc_;
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
      if (!html_.index_name_.empty()) {
        // The page's file name is given in process() (it must be unique in the run), but its
        // folder, and so the way back to the index, is the id's.
        page_ += "<a href=\"";
        appendUrlPath(page_, glean_export::DocFileNamer::backToRoot(glean_export::DocFileNamer::baseStem(doc.id())) +
                                 html_.index_name_);
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
      glean_export::SpanNester nester;
      nester.run(items_, doc.text().size(), sink);
      page_ += "</div>\n<aside id=\"details\"><p class=\"hint\">Hover over a highlighted span to see "
               "its type, value and rule; click to keep it. The legend switches types on and off."
               "</p></aside>\n<script type=\"application/json\" id=\"glean-data\">";
      std::size_t json_start = page_.size();
      appendData();
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
    void appendData() {
      page_ += "{\"doc\":";
      glean::json::appendString(page_, doc_.id());
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

    /// "file:line" of a rule: the exporter's shared cache, asked once per rule and page.
    const std::string& ruleSource(const std::string& rule) {
      auto [it, inserted] = rule_sources_.try_emplace(rule, nullptr);
      if (inserted) it->second = &html_.ruleSource(rule);
      return *it->second;
    }

    /// Receives the nester's events and writes the marked-up text.
    struct PageSink {
      PageBuilder& self;
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

    const HtmlExporter& html_;
    const glean::Document& doc_;
    std::string& page_;
    std::vector<Ann> anns_;
    std::vector<glean_export::SpanItem> items_;
    std::vector<PageType> page_types_;
    std::unordered_map<std::string_view, const std::string*> rule_sources_;
    std::string scratch_;
  };

  /// "file:line" of a rule, from the rule files the pipeline gave; empty when unknown. Safe to
  /// call from many threads: the answers are cached under a lock (a map's elements stay where
  /// they are, so the reference outlives the lock).
  const std::string& ruleSource(const std::string& rule) const {
    static const std::string kUnknown;
    if (rule_sets_.empty()) return kUnknown;
    std::lock_guard lock(rule_sources_mutex_);
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

  void writeIndex(std::string& page, const glean::RunOutcome& outcome) const {
    // Columns: every type seen in the run, in legend order.
    std::vector<std::pair<std::string, AllType>> types(all_types_.begin(), all_types_.end());
    std::stable_sort(types.begin(), types.end(), [](const auto& x, const auto& y) {
      return familyRank(x.second.family) < familyRank(y.second.family);
    });
    page += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
             "<meta name=\"generator\" content=\"glean " GLEAN_VERSION_STRING "\">"
             "<title>glean review: ";
    glean::json::appendUInt(page, rows_.size());
    page += " documents</title>\n<style>";
    page += kIndexCss;
    page += "</style></head>\n<body>\n<h1>glean review pages</h1>\n<p class=\"run\">";
    glean::json::appendUInt(page, outcome.documents);
    page += " document(s) written, ";
    glean::json::appendUInt(page, outcome.failed);
    page += " failed";
    if (outcome.interrupted) page += ", run interrupted";
    page += "</p>\n<table id=\"documents\">\n<thead><tr><th>document</th><th>title</th>"
             "<th>country</th><th>year</th><th>report type</th><th>published</th>"
             "<th class=\"n\">bytes</th>";
    for (const auto& [name, t] : types) {
      page += "<th class=\"n\"><span class=\"sw\" style=\"background:";
      page += styleFor(name, t.family).color;
      page += "\"></span>";
      appendHtmlEscaped(page, name);
      page += "</th>";
    }
    page += "</tr></thead>\n<tbody>\n";
    for (const DocRow& r : rows_) {
      page += "<tr><td class=\"doc\"><a href=\"";
      appendUrlPath(page, r.href);
      page += "\">";
      appendHtmlEscaped(page, r.id);
      page += "</a></td><td>";
      appendHtmlEscaped(page, r.title);
      page += "</td>";
      for (const std::string& m : r.meta) {
        page += "<td>";
        appendHtmlEscaped(page, m);
        page += "</td>";
      }
      page += "<td class=\"n\">";
      glean::json::appendUInt(page, r.bytes);
      page += "</td>";
      for (const auto& [name, t] : types) {
        page += "<td class=\"n\" data-type=\"";
        appendHtmlEscaped(page, name);
        page += "\">";
        for (const auto& [n, count] : r.counts) {
          if (n != name) continue;
          glean::json::appendUInt(page, count);
          break;
        }
        page += "</td>";
      }
      page += "</tr>\n";
    }
    page += "</tbody>\n<tfoot><tr><td>";
    glean::json::appendUInt(page, rows_.size());
    page += " documents</td><td></td><td></td><td></td><td></td><td></td><td></td>";
    for (const auto& [name, t] : types) {
      page += "<td class=\"n\">";
      glean::json::appendUInt(page, t.total);
      page += "</td>";
    }
    page += "</tr></tfoot>\n</table>\n";
    if (!failures_.empty()) {
      page += "<h2>Failed documents</h2>\n<table id=\"failures\"><thead><tr><th>document</th>"
               "<th>stage</th><th>message</th></tr></thead><tbody>\n";
      for (const Failure& f : failures_) {
        page += "<tr><td class=\"doc\">";
        appendHtmlEscaped(page, f.id);
        page += "</td><td>";
        appendHtmlEscaped(page, f.stage);
        page += "</td><td>";
        appendHtmlEscaped(page, f.message);
        page += "</td></tr>\n";
      }
      page += "</tbody></table>\n";
    }
    page += "</body></html>\n";
  }

  std::string folder_;
  std::string index_name_;
  glean_export::FamilyMap families_;
  std::shared_ptr<spdlog::logger> logger_;
  std::set<std::string, std::less<>> types_;
  std::set<std::string, std::less<>> hidden_;
  std::vector<std::shared_ptr<const glean::RuleSet>> rule_sets_;
  mutable std::mutex rule_sources_mutex_;
  mutable std::unordered_map<std::string, std::string> rule_sources_;  // ruleSource()
  bool active_ = false;
  std::filesystem::path dir_;
  std::filesystem::path index_path_;
  glean_export::DocFileNamer namer_;
  std::vector<DocRow> rows_;
  std::vector<Failure> failures_;
  std::map<std::string, AllType> all_types_;
  glean::AtomicFile page_file_;  // reused between documents (process() is sequential)
};

}  // namespace
}  // namespace glean_html

GLEAN_DEFINE_PLUGIN(glean_html::HtmlExporter, "html", "1.0.0",
                    "HTML exporter: self-contained review pages with highlighted annotations, and an index")
