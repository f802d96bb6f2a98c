// glean/plugins/export-csv/csv_exporter.cpp - CSV tables: dates, entities, segments, entity index
// SPDX-License-Identifier: Apache-2.0
#include <glean/sdk.hpp>

#include "glean_export/families.hpp"
#include "glean_export/manifest.hpp"
#include "glean_export/output_files.hpp"
#include "glean_export/sentence_index.hpp"
#include "glean_export/text_out.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

namespace glean_csv {
namespace {

using glean_export::appendCsvField;
using glean_export::Family;

/// One CSV file: its header, a write buffer and the temporary file it goes to.
struct Table {
  std::string param;  // the parameter naming the file
  std::string name;   // its value ("" = table disabled)
  const char* header = "";
  glean::AtomicFile file;
  std::string buf;

  bool enabled() const { return !name.empty(); }
  void flushIfLarge() {
    if (buf.size() >= (1u << 18)) flush();
  }
  void flush() {
    file.write(buf);
    buf.clear();
  }
};

constexpr const char* kDatesHeader =
    "doc,begin,end,text,type,value,range_begin,range_end,anchor,sentence,rule,ann,features\r\n";
constexpr const char* kEntitiesHeader =
    "doc,begin,end,text,type,canonical,id,role,sentence,rule,ann,features\r\n";
constexpr const char* kSegmentsHeader =
    "doc,begin,end,text,type,number,title,level,parent,rule,ann,features\r\n";
constexpr const char* kIndexHeader = "doc,canonical,type,id,mentions,first\r\n";

/// The CSV exporter: one table per annotation family, rows in input order of the documents and
/// by begin offset within a document (longest first, then id), RFC 4180 (CRLF line ends, fields
/// quoted when they hold a comma, quote, CR or LF), UTF-8 with a header row. Offsets are UTF-8
/// byte offsets, as in the JSONL output.
class CsvExporter : public glean::Stage {
 public:
  explicit CsvExporter(const glean::StageArgs& args)
      : folder_(args.params.str("folder")), bom_(args.params.boolean("bom")),
        families_(args.params), logger_(args.logger) {
    struct Spec {
      const char* param;
      const char* header;
    };
    const std::array<Spec, 4> specs{{{"dates", kDatesHeader},
                                     {"entities", kEntitiesHeader},
                                     {"segments", kSegmentsHeader},
                                     {"entity_index", kIndexHeader}}};
    for (std::size_t i = 0; i < specs.size(); ++i) {
      tables_[i].param = specs[i].param;
      tables_[i].name = args.params.str(specs[i].param);
      tables_[i].header = specs[i].header;
      for (std::size_t j = 0; j < i; ++j)
        if (tables_[i].enabled() && tables_[i].name == tables_[j].name)
          throw glean::StageError("'" + tables_[i].param + "' and '" + tables_[j].param +
                                      "' name the same file '" + tables_[i].name + "'",
                                  tables_[i].param);
    }
  }

  static void describe(glean::PluginDescription& d) {
    d.help =
        "Writes one CSV table per annotation family into a folder: dates.csv (TIMEX3 with value, "
        "range, anchor and sentence), entities.csv (with canonical form, id, role and sentence), "
        "segments.csv, and entity_index.csv (each document's distinct entities with their mention "
        "counts). RFC 4180, UTF-8, a header row, stable column order; offsets are UTF-8 byte "
        "offsets as in the JSONL output. Each file is written under a temporary name and renamed "
        "into place at the end of the run. Idle in streaming mode.";
    using glean::ParamSpec;
    using glean::ParamType;
    d.params = {
        ParamSpec("folder", ParamType::OutputPath, "folder for the tables, under the output folder")
            .byDefault("csv"),
        ParamSpec("dates", ParamType::String, "file name of the dates table (\"\": none)")
            .byDefault("dates.csv"),
        ParamSpec("entities", ParamType::String, "file name of the entities table (\"\": none)")
            .byDefault("entities.csv"),
        ParamSpec("segments", ParamType::String, "file name of the segments table (\"\": none)")
            .byDefault("segments.csv"),
        ParamSpec("entity_index", ParamType::String,
                  "file name of the per-document entity index (\"\": none)")
            .byDefault("entity_index.csv"),
        ParamSpec("bom", ParamType::Boolean,
                  "start each file with a UTF-8 byte order mark (for Excel)")
            .byDefault(false),
    };
    glean_export::addFamilyParams(d.params);
  }

  bool sequential() const override { return true; }
  bool changesDocuments() const override { return false; }  // it only reads them

  void beginRun(const glean::RunContext& run) override {
    active_ = !run.to_stdout;
    if (!active_) {
      logger_->debug("streaming mode: no CSV tables are written");
      return;
    }
    glean_export::prepareFolder(run, folder_, "folder");
    for (Table& t : tables_) {
      if (!t.enabled()) continue;
      std::filesystem::path target = run.outputPath((std::filesystem::path(folder_) / t.name).string());
      t.file.open(target);
      t.buf.clear();
      // A resumed run keeps the rows (and header) the interrupted run wrote and appends.
      if (run.resume && glean_export::copyExisting(target, t.file)) continue;
      if (bom_) t.buf += "\xEF\xBB\xBF";
      t.buf += t.header;
      logger_->debug("writing {}", t.file.target().string());
    }
  }

  /// Formats the document's rows of every table into doc.output(). Runs on the worker threads
  /// (see Stage::prepare), so everything it keeps per document is local; members are read only.
  void prepare(glean::Document& doc) const override {
    if (!active_) return;
    Rows rows;
    RowWriter(*this, doc, rows).write();
    rows.pack(doc.output());
  }

  /// Appends the rows prepare() made to the tables, in input order.
  void process(glean::Document& doc) override {
    if (!active_) return;
    if (doc.output().empty()) prepare(doc);  // a caller that does not prepare (a test harness)
    Rows::unpack(doc.output(), [this](std::size_t table, std::string_view rows) {
      Table& t = tables_[table];
      if (!t.enabled()) return;
      t.buf += rows;
      t.flushIfLarge();
    });
    std::string().swap(doc.output());  // the document may wait in the reorder buffer: free it now
  }

  void endRun(const glean::RunContext&, const glean::RunOutcome&) override {
    if (!active_) return;
    for (Table& t : tables_) {
      if (!t.enabled()) continue;
      t.flush();
      t.file.commit();
    }
  }

 private:
  /// One document's rows, a string per table, packed into doc.output() between prepare() and
  /// process(): the four lengths, then the four tables' rows.
  struct Rows {
    std::array<std::string, 4> table;

    void pack(std::string& out) const {
      out.clear();
      std::size_t total = 0;
      for (const std::string& t : table) total += t.size();
      out.reserve(sizeof(std::uint64_t) * table.size() + total);
      for (const std::string& t : table) {
        auto n = static_cast<std::uint64_t>(t.size());
        out.append(reinterpret_cast<const char*>(&n), sizeof n);
      }
      for (const std::string& t : table) out += t;
    }
    template <class Fn>
    static void unpack(std::string_view packed, Fn&& fn) {
      constexpr std::size_t kHeader = sizeof(std::uint64_t) * 4;
      if (packed.size() < kHeader) return;  // not prepared (the stage is idle)
      std::size_t at = kHeader;
      for (std::size_t i = 0; i < 4; ++i) {
        std::uint64_t n = 0;
        std::memcpy(&n, packed.data() + i * sizeof n, sizeof n);
        fn(i, packed.substr(at, n));
        at += n;
      }
    }
  };

  /// Formats one document's rows; lives for one prepare() call, on the thread that makes it.
  class RowWriter {
   public:
    RowWriter(const CsvExporter& csv, const glean::Document& doc, Rows& rows)
        : csv_(csv), doc_(doc), rows_(rows) {}

    void write() {
      glean_export::FamilyMap::Lookup families(csv_.families_);
      sentences_.reset(doc_);
      std::vector<const glean::Annotation*> order;
      for (const auto& a : doc_.annotations())
        if (families.of(a.type) != Family::None) order.push_back(&a);
      std::sort(order.begin(), order.end(), [](const glean::Annotation* x, const glean::Annotation* y) {
        if (x->begin != y->begin) return x->begin < y->begin;
        if (x->end != y->end) return x->end > y->end;
        return x->id < y->id;
      });
      bool with_index = enabled(kIndex);
      std::vector<const glean::Annotation*> table_entities;
      if (with_index)
        for (const auto& a : doc_.annotations())
          if (a.type == glean_export::kEntityTableType) table_entities.push_back(&a);
      for (const glean::Annotation* a : order) {
        switch (families.of(a->type)) {
          case Family::Date:
            if (enabled(kDates)) dateRow(*a);
            break;
          case Family::Entity:
            if (enabled(kEntities)) entityRow(*a);
            if (with_index && table_entities.empty()) countEntity(*a);
            break;
          case Family::Segment:
            if (enabled(kSegments)) segmentRow(*a);
            break;
          case Family::None: break;
        }
      }
      if (with_index) {
        if (table_entities.empty()) indexRows();
        else tableIndexRows(table_entities);
      }
    }

   private:
    static constexpr std::size_t kDates = 0, kEntities = 1, kSegments = 2, kIndex = 3;
    bool enabled(std::size_t table) const { return csv_.tables_[table].enabled(); }

    // The columns every family starts with: doc, begin, end, text.
    void lead(std::string& out, const glean::Annotation& a) {
      appendCsvField(out, doc_.id());
      out.push_back(',');
      glean::json::appendUInt(out, a.begin);
      out.push_back(',');
      glean::json::appendUInt(out, a.end);
      out.push_back(',');
      appendCsvField(out, doc_.slice(a));
      out.push_back(',');
    }

    /// A feature as a CSV field (empty when absent), then a comma.
    static void feature(std::string& out, const glean::Annotation& a, std::string_view key) {
      if (const glean::FeatureValue* v = a.features.find(key)) {
        if (const auto* s = std::get_if<std::string>(v)) {
          appendCsvField(out, *s);
        } else {
          glean_export::appendValueText(out, *v);  // numbers and booleans need no quoting
        }
      }
      out.push_back(',');
    }

    void sentence(std::string& out, const glean::Annotation& a) {
      if (const glean::Annotation* s = sentences_.containing(a)) appendCsvField(out, doc_.slice(*s));
      out.push_back(',');
    }

    // The columns every family ends with: rule, ann, features (JSON).
    void tail(std::string& out, const glean::Annotation& a) {
      appendCsvField(out, a.rule);
      out.push_back(',');
      glean::json::appendUInt(out, a.id);
      out.push_back(',');
      scratch_.clear();
      glean::json::appendObject(scratch_, a.features);
      appendCsvField(out, scratch_);
      out += "\r\n";
    }

    void dateRow(const glean::Annotation& a) {
      std::string& out = rows_.table[kDates];
      lead(out, a);
      feature(out, a, "type");
      feature(out, a, "value");
      feature(out, a, "begin");
      feature(out, a, "end");
      feature(out, a, "anchor");
      sentence(out, a);
      tail(out, a);
    }

    void entityRow(const glean::Annotation& a) {
      std::string& out = rows_.table[kEntities];
      lead(out, a);
      appendCsvField(out, a.type);
      out.push_back(',');
      feature(out, a, "canonical");
      feature(out, a, "id");
      feature(out, a, "role");
      sentence(out, a);
      tail(out, a);
    }

    void segmentRow(const glean::Annotation& a) {
      std::string& out = rows_.table[kSegments];
      lead(out, a);
      appendCsvField(out, a.type);
      out.push_back(',');
      feature(out, a, "number");
      feature(out, a, "title");
      feature(out, a, "level");
      feature(out, a, "parent");
      tail(out, a);
    }

    /// Entity index: one row per distinct (canonical form, type, id) in the document, where the
    /// canonical form is the mention's text when the entity stage gave none.
    void countEntity(const glean::Annotation& a) {
      std::string_view canonical = a.features.str("canonical");
      if (canonical.empty()) canonical = doc_.slice(a);
      key_.clear();
      key_ += canonical;
      key_.push_back('\x1F');
      key_ += a.type;
      key_.push_back('\x1F');
      const glean::FeatureValue* id = a.features.find("id");
      if (id != nullptr) glean_export::appendValueText(key_, *id);
      auto [it, inserted] = index_.try_emplace(key_, index_rows_.size());
      if (inserted) index_rows_.push_back({&a, canonical, 0, a.begin});
      ++index_rows_[it->second].mentions;
    }

    void indexRows() {
      std::string& out = rows_.table[kIndex];
      for (const IndexRow& r : index_rows_) {  // in order of first mention
        appendCsvField(out, doc_.id());
        out.push_back(',');
        appendCsvField(out, r.canonical);
        out.push_back(',');
        appendCsvField(out, r.first_mention->type);
        out.push_back(',');
        if (const glean::FeatureValue* id = r.first_mention->features.find("id")) {
          scratch_.clear();
          glean_export::appendValueText(scratch_, *id);
          appendCsvField(out, scratch_);
        }
        out.push_back(',');
        glean::json::appendUInt(out, r.mentions);
        out.push_back(',');
        glean::json::appendUInt(out, r.first);
        out += "\r\n";
      }
    }

    /// Entity index from the entities stage's Entity annotations, in order of first mention.
    void tableIndexRows(std::vector<const glean::Annotation*>& table_entities) {
      std::stable_sort(table_entities.begin(), table_entities.end(),
                       [](const glean::Annotation* x, const glean::Annotation* y) { return x->begin < y->begin; });
      std::string& out = rows_.table[kIndex];
      for (const glean::Annotation* e : table_entities) {
        appendCsvField(out, doc_.id());
        out.push_back(',');
        for (const char* key : {"canonical", "entity_type", "id", "mentions", "first"}) {
          if (const glean::FeatureValue* v = e->features.find(key)) {
            scratch_.clear();
            glean_export::appendValueText(scratch_, *v);
            appendCsvField(out, scratch_);
          }
          if (std::string_view(key) != "first") out.push_back(',');
        }
        out += "\r\n";
      }
    }

    struct IndexRow {
      const glean::Annotation* first_mention;
      std::string_view canonical;
      std::size_t mentions;
      std::size_t first;
    };

    const CsvExporter& csv_;
    const glean::Document& doc_;
    Rows& rows_;
    glean_export::SentenceIndex sentences_;
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<IndexRow> index_rows_;
    std::string key_;
    std::string scratch_;
  };

  std::string folder_;
  bool bom_;
  glean_export::FamilyMap families_;
  std::shared_ptr<spdlog::logger> logger_;
  bool active_ = false;
  std::array<Table, 4> tables_;
};

}  // namespace
}  // namespace glean_csv

GLEAN_DEFINE_PLUGIN(glean_csv::CsvExporter, "csv", "1.0.0",
                    "CSV exporter: dates, entities, segments and entity index tables")
