// glean/plugins/export-sqlite/sqlite_exporter.cpp - a SQLite database: documents, annotations, features
// SPDX-License-Identifier: Apache-2.0
#include <glean/sdk.hpp>

#include "glean_export/char_offsets.hpp"
#include "glean_export/families.hpp"
#include "glean_export/output_files.hpp"
#include "glean_export/sentence_index.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace glean_sqlite {
namespace {

/// The schema version, kept in PRAGMA user_version. Bump it when a table or view changes; a
/// database written with another version is refused rather than mixed.
constexpr int kSchemaVersion = 2;

// Tables and the full-text index. Offsets: `begin`/`end` are UTF-8 byte offsets (as in the
// JSONL output), `char_begin`/`char_end` character offsets (so substr(documents.text, char_begin +
// 1, char_end - char_begin) is the annotation's text). `sentence` is the id of the Sentence the
// annotation is in. `features` holds the annotation's features as JSON (as in the JSONL output);
// the `features` table has them one per row, typed, for indexed look-ups.
// The rows are in `annotation_rows`, whose `text` is NULL for an annotation longer than the
// `text_limit` parameter (Body, Section: storing their text would repeat each document several
// times over); the `annotations` view takes those from documents.text, so every query sees a text.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS runs(
  run INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, glean TEXT NOT NULL,
  documents INTEGER, failed INTEGER, interrupted INTEGER);
CREATE TABLE IF NOT EXISTS documents(
  doc_key INTEGER PRIMARY KEY, doc TEXT NOT NULL UNIQUE, source TEXT NOT NULL, bytes INTEGER NOT NULL,
  chars INTEGER NOT NULL, run INTEGER NOT NULL, meta TEXT NOT NULL, text TEXT);
CREATE TABLE IF NOT EXISTS meta(
  doc_key INTEGER NOT NULL, key TEXT NOT NULL, value, PRIMARY KEY (doc_key, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS annotation_rows(
  ann_key INTEGER PRIMARY KEY, doc_key INTEGER NOT NULL, id INTEGER NOT NULL, type TEXT NOT NULL,
  begin INTEGER NOT NULL, end INTEGER NOT NULL, char_begin INTEGER NOT NULL, char_end INTEGER NOT NULL,
  text TEXT, sentence INTEGER, stage TEXT NOT NULL, rule TEXT, features TEXT NOT NULL);
CREATE VIEW IF NOT EXISTS annotations AS
SELECT r.ann_key AS ann_key, r.doc_key AS doc_key, r.id AS id, r.type AS type, r.begin AS begin,
  r.end AS end, r.char_begin AS char_begin, r.char_end AS char_end,
  CASE WHEN r.text IS NOT NULL THEN r.text
       ELSE (SELECT substr(d.text, r.char_begin + 1, r.char_end - r.char_begin)
             FROM documents d WHERE d.doc_key = r.doc_key) END AS text,
  r.sentence AS sentence, r.stage AS stage, r.rule AS rule, r.features AS features
FROM annotation_rows r;
CREATE TABLE IF NOT EXISTS features(
  ann_key INTEGER NOT NULL, key TEXT NOT NULL, value, PRIMARY KEY (ann_key, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS families(type TEXT PRIMARY KEY, family TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS failures(
  doc TEXT PRIMARY KEY, run INTEGER NOT NULL, source TEXT NOT NULL, stage TEXT NOT NULL,
  message TEXT NOT NULL, offset INTEGER);
)sql";

// The full-text index over sentences (not made when `fts = false`).
constexpr const char* kFtsSchema = R"sql(
CREATE VIRTUAL TABLE IF NOT EXISTS sentences_fts USING fts5(
  text, content='annotations', content_rowid='ann_key', tokenize='unicode61 remove_diacritics 2');
)sql";

// The secondary indexes. A new database gets them at the end of the run (one sort per index is
// cheaper than keeping them up to date row by row); an existing one has them (or gets them when it
// is opened, after a run that was killed before its end).
constexpr const char* kIndexes = R"sql(
CREATE INDEX IF NOT EXISTS meta_key_value ON meta(key, value);
CREATE UNIQUE INDEX IF NOT EXISTS annotations_doc_id ON annotation_rows(doc_key, id);
CREATE INDEX IF NOT EXISTS annotations_doc_type ON annotation_rows(doc_key, type);
CREATE INDEX IF NOT EXISTS annotations_doc_sentence ON annotation_rows(doc_key, sentence);
CREATE INDEX IF NOT EXISTS features_key_value ON features(key, value);
)sql";

// One view per family, with the columns of the CSV tables of the same name, then join keys.
constexpr const char* kViews = R"sql(
CREATE VIEW IF NOT EXISTS dates AS
SELECT d.doc AS doc, a.begin AS begin, a.end AS end, a.text AS text,
  (SELECT value FROM features f WHERE f.ann_key = a.ann_key AND f.key = 'type') AS type,
  (SELECT value FROM features f WHERE f.ann_key = a.ann_key AND f.key = 'value') AS value,
  (SELECT value FROM features f WHERE f.ann_key = a.ann_key AND f.key = 'begin') AS range_begin,
  (SELECT value FROM features f WHERE f.ann_key = a.ann_key AND f.key = 'end') AS range_end,
  (SELECT value FROM features f WHERE f.ann_key = a.ann_key AND f.key = 'anchor') AS anchor,
  s.text AS sentence, a.rule AS rule, a.id AS ann, a.features AS features,
  a.doc_key AS doc_key, a.ann_key AS ann_key, a.sentence AS sentence_id
FROM annotations a JOIN documents d ON d.doc_key = a.doc_key
  LEFT JOIN annotations s ON s.doc_key = a.doc_key AND s.id = a.sentence AND s.type = 'Sentence'
WHERE a.type IN (SELECT type FROM families WHERE family = 'dates');

CREATE VIEW IF NOT EXISTS entities AS
SELECT d.doc AS doc, a.begin AS begin, a.end AS end, a.text AS text, a.type AS type,
  (SELECT value FROM features f WHERE f.ann_key = a.ann_key AND f.key = 'canonical') AS canonical,
  (SELECT value FROM features f WHERE f.ann_key = a.ann_key AND f.key = 'id') AS id,
  (SELECT value FROM features f WHERE f.ann_key = a.ann_key AND f.key = 'role') AS role,
  s.text AS sentence, a.rule AS rule, a.id AS ann, a.features AS features,
  a.doc_key AS doc_key, a.ann_key AS ann_key, a.sentence AS sentence_id
FROM annotations a JOIN documents d ON d.doc_key = a.doc_key
  LEFT JOIN annotations s ON s.doc_key = a.doc_key AND s.id = a.sentence AND s.type = 'Sentence'
WHERE a.type IN (SELECT type FROM families WHERE family = 'entities');

CREATE VIEW IF NOT EXISTS segments AS
SELECT d.doc AS doc, a.begin AS begin, a.end AS end, a.text AS text, a.type AS type,
  (SELECT value FROM features f WHERE f.ann_key = a.ann_key AND f.key = 'number') AS number,
  (SELECT value FROM features f WHERE f.ann_key = a.ann_key AND f.key = 'title') AS title,
  (SELECT value FROM features f WHERE f.ann_key = a.ann_key AND f.key = 'level') AS level,
  (SELECT value FROM features f WHERE f.ann_key = a.ann_key AND f.key = 'parent') AS parent,
  a.rule AS rule, a.id AS ann, a.features AS features,
  a.doc_key AS doc_key, a.ann_key AS ann_key
FROM annotations a JOIN documents d ON d.doc_key = a.doc_key
WHERE a.type IN (SELECT type FROM families WHERE family = 'segments');

-- From the entities stage's Entity annotations where a document has them, else counted from
-- the mentions.
CREATE VIEW IF NOT EXISTS entity_index AS
SELECT d.doc AS doc,
  (SELECT value FROM features f WHERE f.ann_key = a.ann_key AND f.key = 'canonical') AS canonical,
  (SELECT value FROM features f WHERE f.ann_key = a.ann_key AND f.key = 'entity_type') AS type,
  (SELECT value FROM features f WHERE f.ann_key = a.ann_key AND f.key = 'id') AS id,
  (SELECT value FROM features f WHERE f.ann_key = a.ann_key AND f.key = 'mentions') AS mentions,
  (SELECT value FROM features f WHERE f.ann_key = a.ann_key AND f.key = 'first') AS first,
  a.doc_key AS doc_key
FROM annotation_rows a JOIN documents d ON d.doc_key = a.doc_key
WHERE a.type = 'Entity'
UNION ALL
SELECT doc, canonical, type, id, count(*) AS mentions, min(begin) AS first, doc_key
FROM (SELECT e.doc AS doc, e.doc_key AS doc_key, e.type AS type, e.id AS id, e.begin AS begin,
             coalesce(nullif(e.canonical, ''), e.text) AS canonical
      FROM entities e
      WHERE NOT EXISTS (SELECT 1 FROM annotation_rows x WHERE x.doc_key = e.doc_key AND x.type = 'Entity'))
GROUP BY doc_key, canonical, type, id;
)sql";

/// A prepared statement, reset after each use.
class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { finalize(); }

  void prepare(sqlite3* db, const char* sql) {
    finalize();
    db_ = db;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK)
      throw glean::StageError(std::string("SQLite cannot prepare a statement: ") + sqlite3_errmsg(db));
  }
  void finalize() {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
    stmt_ = nullptr;
  }

  // Text is bound SQLITE_STATIC: callers keep it alive until run() (it points into the document).
  void bind(int i, std::string_view s) {
    check(sqlite3_bind_text64(stmt_, i, s.data(), s.size(), SQLITE_STATIC, SQLITE_UTF8));
  }
  void bind(int i, std::int64_t v) { check(sqlite3_bind_int64(stmt_, i, v)); }
  void bind(int i, std::size_t v) { bind(i, static_cast<std::int64_t>(v)); }
  void bind(int i, double v) { check(sqlite3_bind_double(stmt_, i, v)); }
  void bindNull(int i) { check(sqlite3_bind_null(stmt_, i)); }
  void bind(int i, const glean::FeatureValue& v) {
    if (const auto* s = std::get_if<std::string>(&v)) bind(i, std::string_view(*s));
    else if (const auto* n = std::get_if<std::int64_t>(&v)) bind(i, *n);
    else if (const auto* d = std::get_if<double>(&v)) bind(i, *d);
    else bind(i, std::int64_t{std::get<bool>(v) ? 1 : 0});  // SQLite has no boolean type
  }

  /// Runs the statement to completion (or to its first row, returned as true) and resets it.
  bool run() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) fail();
    reset();
    return false;
  }
  std::int64_t column(int i) const { return sqlite3_column_int64(stmt_, i); }
  /// Readies the statement for the next run. Bindings stay: every caller binds every parameter.
  void reset() { sqlite3_reset(stmt_); }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail();
  }
  [[noreturn]] void fail() {
    std::string message = sqlite3_errmsg(db_);
    reset();
    throw std::runtime_error("SQLite: " + message);
  }
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

/// A value waiting to be bound (text points into the document or the prepared data).
struct Value {
  enum class Kind { Null, Int, Real, Text } kind = Kind::Null;
  std::int64_t i = 0;
  double d = 0;
  std::string_view s;

  static Value of(std::int64_t v) { return {Kind::Int, v, 0, {}}; }
  static Value of(std::string_view v) { return {Kind::Text, 0, 0, v}; }
  static Value of(const glean::FeatureValue& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return of(std::string_view(*s));
    if (const auto* n = std::get_if<std::int64_t>(&v)) return of(*n);
    if (const auto* d = std::get_if<double>(&v)) return {Kind::Real, 0, *d, {}};
    return of(std::int64_t{std::get<bool>(v) ? 1 : 0});  // SQLite has no boolean type
  }
};

/// Inserts rows many at a time: one statement with up to `chunk` rows of VALUES runs where
/// single-row statements would run once per row (SQLite then opens the table's cursor once per
/// statement, not per row, which is most of the cost of a small row). Rows wait in a buffer until
/// the chunk is full or flush(); text values must stay alive until then.
class MultiInsert {
 public:
  /// `head`: "INSERT INTO t(a, b) VALUES"; `columns`: the number of columns.
  void prepare(sqlite3* db, std::string head, std::size_t columns, std::size_t chunk) {
    finalize();
    db_ = db;
    head_ = std::move(head);
    columns_ = columns;
    chunk_ = chunk;
    by_rows_.resize(chunk + 1);
    values_.clear();
    values_.reserve(columns * chunk);
  }
  void finalize() {
    for (auto& st : by_rows_)
      if (st) st->finalize();
    by_rows_.clear();
    values_.clear();
  }

  /// Adds a row: exactly `columns` values.
  void add(std::initializer_list<Value> row) {
    values_.insert(values_.end(), row.begin(), row.end());
    if (values_.size() == columns_ * chunk_) flush();
  }

  /// Drops the rows added since the last flush (their document is rolled back).
  void discard() { values_.clear(); }

  /// Inserts the rows added so far.
  void flush() {
    if (values_.empty()) return;
    Statement& st = statement(values_.size() / columns_);
    int i = 1;
    for (const Value& v : values_) {
      switch (v.kind) {
        case Value::Kind::Null: st.bindNull(i); break;
        case Value::Kind::Int: st.bind(i, v.i); break;
        case Value::Kind::Real: st.bind(i, v.d); break;
        case Value::Kind::Text: st.bind(i, v.s); break;
      }
      ++i;
    }
    values_.clear();
    st.run();
  }

 private:
  Statement& statement(std::size_t rows) {
    auto& st = by_rows_[rows];
    if (!st) {
      std::string sql = head_;
      for (std::size_t r = 0; r < rows; ++r) {
        sql += r == 0 ? "(" : ",(";
        for (std::size_t c = 0; c < columns_; ++c) sql += c == 0 ? "?" : ",?";
        sql += ')';
      }
      st = std::make_unique<Statement>();
      st->prepare(db_, sql.c_str());
    }
    return *st;
  }

  sqlite3* db_ = nullptr;
  std::string head_;
  std::size_t columns_ = 1, chunk_ = 1;
  std::vector<Value> values_;
  std::vector<std::unique_ptr<Statement>> by_rows_;  // [n]: the statement for n rows
};

/// What prepare() works out for process() to bind, packed into doc.output(): the document's
/// character count and metadata JSON, then for each annotation (in the document's order) its
/// character offsets, the id of its sentence (0: none) and its features as JSON.
class PackedDocument {
 public:
  struct Annotation {
    std::int64_t char_begin, char_end, sentence;
    std::string_view features;
  };

  static void pack(const glean::Document& doc, std::string& out) {
    glean_export::CharOffsets chars;
    chars.reset(doc.text());
    glean_export::SentenceIndex sentences;
    sentences.reset(doc);
    out.clear();
    out.reserve(64 + doc.annotations().size() * 48);
    put(out, static_cast<std::int64_t>(chars.toChar(doc.text().size())));
    putJson(out, [&](std::string& json) { glean::json::appendObject(json, doc.meta()); });
    for (const glean::Annotation& a : doc.annotations()) {
      put(out, static_cast<std::int64_t>(chars.toChar(a.begin)));
      put(out, static_cast<std::int64_t>(chars.toChar(a.end)));
      const glean::Annotation* s = sentences.containing(a);
      put(out, s != nullptr ? std::int64_t{s->id} : std::int64_t{0});
      putJson(out, [&](std::string& json) { glean::json::appendObject(json, a.features); });
    }
  }

  explicit PackedDocument(std::string_view packed) : rest_(packed) {}
  std::int64_t chars() { return get(); }
  std::string_view metaJson() { return getJson(); }
  Annotation next() {
    Annotation a{};
    a.char_begin = get();
    a.char_end = get();
    a.sentence = get();
    a.features = getJson();
    return a;
  }

 private:
  static void put(std::string& out, std::int64_t v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  /// A length (patched in once known) and the JSON `write` appends.
  template <class Write>
  static void putJson(std::string& out, Write&& write) {
    std::size_t at = out.size();
    put(out, 0);
    write(out);
    auto n = static_cast<std::int64_t>(out.size() - at - sizeof(std::int64_t));
    std::memcpy(out.data() + at, &n, sizeof n);
  }
  std::int64_t get() {
    if (rest_.size() < sizeof(std::int64_t)) throw std::logic_error("sqlite exporter: packed document cut short");
    std::int64_t v;
    std::memcpy(&v, rest_.data(), sizeof v);
    rest_.remove_prefix(sizeof v);
    return v;
  }
  std::string_view getJson() {
    auto n = static_cast<std::size_t>(get());
    std::string_view json = rest_.substr(0, n);
    rest_.remove_prefix(json.size());
    return json;
  }
  std::string_view rest_;
};

/// The SQLite exporter. Documents are keyed by their id: a document already in the database
/// (from an earlier run into the same file) has its rows replaced, never duplicated. Writes in one
/// transaction per `batch` documents, so an interrupted run leaves whole batches. A new database
/// is built under a temporary name, without a journal on disk, and renamed into place at the end
/// of the run.
class SqliteExporter : public glean::Stage {
 public:
  explicit SqliteExporter(const glean::StageArgs& args)
      : file_(args.params.str("file")), batch_(args.params.integer("batch")),
        with_text_(args.params.boolean("text")), with_fts_(args.params.boolean("fts")),
        families_(args.params), logger_(args.logger) {
    if (file_.empty()) throw glean::StageError("'file' must name a database file", "file");
    if (batch_ < 1) throw glean::StageError("batch must be at least 1", "batch");
    std::int64_t limit = args.params.integer("text_limit");
    if (limit < 0) throw glean::StageError("text_limit must be 0 or more", "text_limit");
    // Without the documents' text, every annotation keeps its own.
    text_limit_ = with_text_ ? static_cast<std::size_t>(limit) : SIZE_MAX;
  }
  ~SqliteExporter() override {
    close();
    if (fresh_) removeDatabase(path_);  // a run that did not reach endRun: drop the temporary
  }

  static void describe(glean::PluginDescription& d) {
    d.help =
        "Writes documents, annotations and features into a SQLite database, with indexes on "
        "(document, type) and on feature values, one view per annotation family (dates, entities, "
        "segments, entity_index: the CSV tables' columns) and an FTS5 full-text index over "
        "sentences (sentences_fts). A new database is written under a temporary name and renamed "
        "into place at the end of the run; into an existing one, one transaction per batch of "
        "documents, and a document already in the file is replaced, so a rerun into the same "
        "file does not duplicate. Idle in streaming mode.";
    using glean::ParamSpec;
    using glean::ParamType;
    d.params = {
        ParamSpec("file", ParamType::OutputPath, "database file, under the output folder")
            .byDefault("glean.sqlite"),
        ParamSpec("batch", ParamType::Integer, "documents per transaction").byDefault(std::int64_t{200}),
        ParamSpec("text", ParamType::Boolean, "store each document's text (documents.text)")
            .byDefault(true),
        ParamSpec("text_limit", ParamType::Integer,
                  "annotations longer than this many bytes take their text from documents.text "
                  "instead of storing it (when text = true)")
            .byDefault(std::int64_t{4096}),
        ParamSpec("fts", ParamType::Boolean,
                  "make the full-text index over sentences (sentences_fts) in a new database")
            .byDefault(true),
    };
    glean_export::addFamilyParams(d.params);
  }

  bool sequential() const override { return true; }
  bool changesDocuments() const override { return false; }  // it only reads them

  void beginRun(const glean::RunContext& run) override {
    active_ = !run.to_stdout;
    if (!active_) {
      logger_->debug("streaming mode: no database is written");
      return;
    }
    target_ = run.outputPath(file_);
    std::filesystem::path parent = std::filesystem::path(file_).parent_path();
    glean_export::prepareFolder(run, parent.empty() ? "." : parent.string(), "file", file_);
    // A new database (the usual case) is built under a temporary name and renamed into place at
    // the end of the run, so no half-built file is ever under the target's name; a killed run
    // leaves at most the temporary. An existing one (a rerun or --resume into the same folder)
    // is written in place, a batch of documents per transaction.
    std::error_code ec;
    fresh_ = !std::filesystem::exists(target_, ec) || std::filesystem::file_size(target_, ec) == 0;
    path_ = target_;
    if (fresh_) {
      path_ += ".tmp-" + std::to_string(static_cast<long>(::getpid()));
      removeDatabase(path_);
    }
    open();
    logger_->debug("writing {} (run {})", path_.string(), run_id_);
  }

  /// Works out everything process() binds (character offsets, sentences, JSON), on the worker
  /// threads (see Stage::prepare), so the ordered part only runs the statements.
  void prepare(glean::Document& doc) const override {
    if (!active_) return;
    PackedDocument::pack(doc, doc.output());
  }

  void process(glean::Document& doc) override {
    if (!active_) return;
    if (doc.output().empty()) prepare(doc);  // a caller that does not prepare (a test harness)
    beginBatch();
    exec("SAVEPOINT document");
    try {
      writeDocument(doc, PackedDocument(doc.output()));
      exec("RELEASE document");
    } catch (...) {
      for (MultiInsert* m : {&insert_annotation_, &insert_feature_, &insert_fts_}) m->discard();
      exec("ROLLBACK TO document");
      exec("RELEASE document");
      next_ann_key_ = nextAnnotationKey();
      throw;
    }
    std::string().swap(doc.output());  // the document may wait in the reorder buffer: free it now
    endBatchIfFull();
  }

  void documentFailed(const glean::DocumentFailure& f) override {
    if (!active_) return;
    // The runner does not expect this to throw: a database error here is logged, not raised.
    try {
      beginBatch();
      recordFailure(f);
      endBatchIfFull();
    } catch (const std::exception& e) {
      logger_->error("cannot record the failure of '{}' in {}: {}", f.id, path_.string(), e.what());
    }
  }

  void endRun(const glean::RunContext&, const glean::RunOutcome& outcome) override {
    if (!active_ || db_ == nullptr) return;
    if (in_transaction_) exec("COMMIT");
    in_transaction_ = false;
    Statement finish;
    finish.prepare(db_,
                   "UPDATE runs SET finished = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), "
                   "documents = ?1, failed = ?2, interrupted = ?3 WHERE run = ?4");
    finish.bind(1, outcome.documents);
    finish.bind(2, outcome.failed);
    finish.bind(3, std::int64_t{outcome.interrupted ? 1 : 0});
    finish.bind(4, run_id_);
    finish.run();
    finish.finalize();
    exec("BEGIN");
    if (fts_ && !fts_per_document_)
      exec("INSERT INTO sentences_fts(rowid, text) SELECT ann_key, text FROM annotations "
           "WHERE type = 'Sentence' ORDER BY ann_key");
    exec(kIndexes);
    exec("COMMIT");
    exec("PRAGMA optimize");
    close();
    if (fresh_) {
      std::error_code ec;
      std::filesystem::rename(path_, target_, ec);
      fresh_ = false;  // the temporary is the target now (or removed below)
      if (ec) {
        removeDatabase(path_);
        throw glean::StageError("cannot rename '" + path_.string() + "' to '" + target_.string() +
                                "': " + ec.message());
      }
    }
  }

 private:
  void open() {
    // One connection, used by one thread at a time (exporters are sequential): no mutexes needed.
    int rc = sqlite3_open_v2(path_.c_str(), &db_,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string why = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      int err = db_ != nullptr ? sqlite3_system_errno(db_) : 0;
      if (err != 0) why += std::string(" (") + std::strerror(err) + ")";
      close();
      throw glean::StageError("cannot open the database '" + path_.string() + "': " + why, "file");
    }
    try {
      sqlite3_extended_result_codes(db_, 1);
      // 16 MiB of page cache: the writes append (rows, then indexes sorted at the end), so a
      // larger cache buys little and costs its size in memory. Sorts that outgrow it (building
      // the indexes) spill to temporary files, not to memory.
      exec("PRAGMA cache_size = -16384");
      if (fresh_) {
        // A temporary file of this run's own, renamed into place only when complete: it needs
        // no crash safety of its own. The journal stays in memory (a document's SAVEPOINT can
        // still roll back), nothing is synced, and no other connection shares the file.
        exec("PRAGMA page_size = 16384");
        exec("PRAGMA journal_mode = MEMORY");
        exec("PRAGMA synchronous = OFF");
        exec("PRAGMA locking_mode = EXCLUSIVE");
      } else {
        exec("PRAGMA synchronous = NORMAL");
      }
      bool empty = checkSchema();
      exec("BEGIN");
      exec(kSchema);
      if (with_fts_ && empty) exec(kFtsSchema);
      fts_ = hasTable("sentences_fts");  // an existing index is kept up to date, also with fts = false
      // FTS5 writes its pending entries out as a new segment at every SAVEPOINT, that is for every
      // document, and then merges those small segments again and again: indexing a new database's
      // sentences in one statement at the end costs a fraction of that. An existing database
      // (whose replaced documents' entries must go) is indexed document by document.
      fts_per_document_ = fts_ && !fresh_;
      if (!empty) exec(kIndexes);
      exec(kViews);
      exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
      exec("DELETE FROM families");
      {
        Statement family;
        family.prepare(db_, "INSERT INTO families(type, family) VALUES(?1, ?2)");
        for (const auto& [type, fam] : families_.types()) {
          family.bind(1, std::string_view(type));
          family.bind(2, std::string_view(glean_export::familyName(fam)));
          family.run();
        }
      }
      {
        Statement start;
        start.prepare(db_,
                      "INSERT INTO runs(started, glean) VALUES(strftime('%Y-%m-%dT%H:%M:%SZ', "
                      "'now'), ?1)");
        start.bind(1, std::string_view("glean " GLEAN_VERSION_STRING));
        start.run();
        run_id_ = sqlite3_last_insert_rowid(db_);
      }
      {
        Statement max_key;
        max_key.prepare(db_, "SELECT coalesce(max(doc_key), 0) FROM documents");
        max_key.run();
        max_key_at_start_ = max_key.column(0);
        max_key.reset();
      }
      written_.clear();
      exec("COMMIT");
      prepareStatements();
    } catch (const std::exception& e) {
      close();
      throw glean::StageError("cannot use the database '" + path_.string() + "': " + e.what(),
                              "file");
    }
  }

  /// Refuses a file that is not a glean database of this schema version; true when the file is new
  /// (or empty).
  bool checkSchema() {
    Statement version;
    version.prepare(db_, "PRAGMA user_version");
    version.run();
    std::int64_t v = version.column(0);
    version.reset();
    Statement tables;
    tables.prepare(db_, "SELECT count(*) FROM sqlite_schema");
    tables.run();
    std::int64_t n = tables.column(0);
    tables.reset();
    if (n == 0) return true;
    if (v == 0)
      throw std::runtime_error("it holds tables but is not a glean database (user_version 0)");
    if (v != kSchemaVersion)
      throw std::runtime_error("it was written with glean database schema " + std::to_string(v) +
                               ", this exporter writes schema " + std::to_string(kSchemaVersion) +
                               "; write to a new file");
    return false;
  }

  bool hasTable(const char* name) {
    Statement q;
    q.prepare(db_, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1");
    q.bind(1, std::string_view(name));
    q.run();
    bool found = q.column(0) > 0;
    q.reset();
    return found;
  }

  /// Removes a database file this exporter owns (a temporary) and its journal.
  static void removeDatabase(const std::filesystem::path& file) {
    std::error_code ec;
    std::filesystem::remove(file, ec);
    std::filesystem::path journal = file;
    journal += "-journal";
    std::filesystem::remove(journal, ec);
  }

  /// The ann_key SQLite would give the next annotation row: one past the largest.
  std::int64_t nextAnnotationKey() {
    Statement q;
    q.prepare(db_, "SELECT coalesce(max(ann_key), 0) + 1 FROM annotation_rows");
    q.run();
    std::int64_t next = q.column(0);
    q.reset();
    return next;
  }

  void prepareStatements() {
    upsert_doc_.prepare(db_,
                        "INSERT INTO documents(doc, source, bytes, chars, run, meta, text) "
                        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(doc) DO UPDATE SET "
                        "source = excluded.source, bytes = excluded.bytes, chars = excluded.chars, "
                        "run = excluded.run, meta = excluded.meta, text = excluded.text "
                        "RETURNING doc_key");
    find_doc_.prepare(db_, "SELECT doc_key FROM documents WHERE doc = ?1");
    if (fts_) {
      delete_fts_.prepare(db_,
                          "INSERT INTO sentences_fts(sentences_fts, rowid, text) SELECT 'delete', "
                          "ann_key, text FROM annotations WHERE doc_key = ?1 AND type = 'Sentence'");
      insert_fts_.prepare(db_, "INSERT INTO sentences_fts(rowid, text) VALUES", 2, 64);
    }
    delete_features_.prepare(
        db_, "DELETE FROM features WHERE ann_key IN (SELECT ann_key FROM annotation_rows WHERE doc_key = ?1)");
    delete_annotations_.prepare(db_, "DELETE FROM annotation_rows WHERE doc_key = ?1");
    delete_meta_.prepare(db_, "DELETE FROM meta WHERE doc_key = ?1");
    delete_document_.prepare(db_, "DELETE FROM documents WHERE doc_key = ?1");
    delete_failure_.prepare(db_, "DELETE FROM failures WHERE doc = ?1");
    insert_meta_.prepare(db_, "INSERT INTO meta(doc_key, key, value) VALUES(?1, ?2, ?3)");
    insert_annotation_.prepare(
        db_,
        "INSERT INTO annotation_rows(ann_key, doc_key, id, type, begin, end, char_begin, char_end, "
        "text, sentence, stage, rule, features) VALUES",
        13, 64);
    insert_feature_.prepare(db_, "INSERT OR REPLACE INTO features(ann_key, key, value) VALUES", 3, 128);
    next_ann_key_ = nextAnnotationKey();
    insert_failure_.prepare(db_,
                            "INSERT OR REPLACE INTO failures(doc, run, source, stage, message, offset) "
                            "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
  }

  /// The document's rows from an earlier run would no longer match this run: remove them, and say
  /// why in `failures`.
  void recordFailure(const glean::DocumentFailure& f) {
    find_doc_.bind(1, std::string_view(f.id));
    if (find_doc_.run()) {
      std::int64_t key = find_doc_.column(0);
      find_doc_.reset();
      deleteRows(key);
      delete_document_.bind(1, key);
      delete_document_.run();
    }
    insert_failure_.bind(1, std::string_view(f.id));
    insert_failure_.bind(2, run_id_);
    insert_failure_.bind(3, std::string_view(f.source));
    insert_failure_.bind(4, std::string_view(f.stage));
    insert_failure_.bind(5, std::string_view(f.message));
    if (f.offset == glean::DocumentError::kNoOffset) insert_failure_.bindNull(6);
    else insert_failure_.bind(6, f.offset);
    insert_failure_.run();
  }

  void writeDocument(const glean::Document& doc, PackedDocument packed) {
    upsert_doc_.bind(1, std::string_view(doc.id()));
    upsert_doc_.bind(2, std::string_view(doc.source()));
    upsert_doc_.bind(3, doc.text().size());
    upsert_doc_.bind(4, packed.chars());
    upsert_doc_.bind(5, run_id_);
    upsert_doc_.bind(6, packed.metaJson());
    if (with_text_) upsert_doc_.bind(7, doc.text());
    else upsert_doc_.bindNull(7);
    if (!upsert_doc_.run()) throw std::runtime_error("SQLite: the document row was not written");
    std::int64_t key = upsert_doc_.column(0);
    upsert_doc_.run();  // finishes the statement (RETURNING yields one row) and resets it
    // A row this run created has nothing to replace; one from an earlier run (or, with repeated
    // ids, from earlier in this run) has its old rows removed first.
    if (key <= max_key_at_start_ || !written_.insert(key).second) {
      deleteRows(key);
      next_ann_key_ = nextAnnotationKey();  // the deleted rows may have held the largest keys
    }
    if (!fresh_) {  // a new database holds no failures of earlier runs
      delete_failure_.bind(1, std::string_view(doc.id()));
      delete_failure_.run();
    }

    for (const auto& [name, value] : doc.meta()) {
      insert_meta_.bind(1, key);
      insert_meta_.bind(2, std::string_view(name));
      insert_meta_.bind(3, value);
      insert_meta_.run();
    }
    // Rows go in many at a time, so each annotation's key is given here, as SQLite would give it
    // (one past the largest), for its features and full-text entry to refer to.
    for (const glean::Annotation& a : doc.annotations()) {
      PackedDocument::Annotation p = packed.next();
      std::string_view text = doc.slice(a);
      std::int64_t ann_key = next_ann_key_++;
      Value null;
      insert_annotation_.add({Value::of(ann_key), Value::of(key), Value::of(std::int64_t{a.id}),
                              Value::of(std::string_view(a.type)), Value::of(std::int64_t(a.begin)),
                              Value::of(std::int64_t(a.end)), Value::of(p.char_begin), Value::of(p.char_end),
                              // a long text is taken from documents.text by the annotations view
                              text.size() <= text_limit_ ? Value::of(text) : null,
                              p.sentence != 0 ? Value::of(p.sentence) : null,
                              Value::of(std::string_view(a.stage)),
                              a.rule.empty() ? null : Value::of(std::string_view(a.rule)),
                              Value::of(p.features)});
      for (const auto& [name, value] : a.features)
        insert_feature_.add({Value::of(ann_key), Value::of(std::string_view(name)), Value::of(value)});
      if (fts_per_document_ && a.type == "Sentence") insert_fts_.add({Value::of(ann_key), Value::of(text)});
    }
    // The values point into the document and the prepared data: in before process() returns.
    insert_annotation_.flush();
    insert_feature_.flush();
    if (fts_per_document_) insert_fts_.flush();
  }

  /// Removes a document's annotations, features, full-text entries and metadata (not its row).
  void deleteRows(std::int64_t key) {
    for (Statement* s : {&delete_fts_, &delete_features_, &delete_annotations_, &delete_meta_}) {
      // A new database's full-text index is made at the end of the run: it holds no entry to remove
      // yet (an FTS5 'delete' of an entry it never had corrupts the index).
      if (s == &delete_fts_ && !fts_per_document_) continue;
      s->bind(1, key);
      s->run();
    }
  }

  void beginBatch() {
    if (in_transaction_) return;
    exec("BEGIN");
    in_transaction_ = true;
    in_batch_ = 0;
  }
  void endBatchIfFull() {
    if (++in_batch_ < batch_) return;
    exec("COMMIT");
    in_transaction_ = false;
  }

  void exec(const std::string& sql) { exec(sql.c_str()); }
  void exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message != nullptr ? message : sqlite3_errmsg(db_);
      sqlite3_free(message);
      throw std::runtime_error("SQLite: " + text);
    }
  }

  void close() {
    for (Statement* s : {&upsert_doc_, &find_doc_, &delete_fts_, &delete_features_,
                         &delete_annotations_, &delete_meta_, &delete_document_, &delete_failure_,
                         &insert_meta_, &insert_failure_})
      s->finalize();
    for (MultiInsert* m : {&insert_annotation_, &insert_feature_, &insert_fts_}) m->finalize();
    if (db_ != nullptr) sqlite3_close_v2(db_);  // an open transaction is rolled back
    db_ = nullptr;
    in_transaction_ = false;
  }

  std::string file_;
  std::int64_t batch_;
  bool with_text_;
  bool with_fts_;  // the fts parameter
  std::size_t text_limit_;
  glean_export::FamilyMap families_;
  std::shared_ptr<spdlog::logger> logger_;
  bool active_ = false;
  std::filesystem::path target_;  // the database file the run leaves
  std::filesystem::path path_;    // the file being written: target_, or its temporary
  bool fresh_ = false;            // a new database, built under a temporary name
  bool fts_ = false;              // the database has sentences_fts (kept up to date)
  bool fts_per_document_ = false;  // ... indexed per document (else at the end of the run)
  sqlite3* db_ = nullptr;
  std::int64_t run_id_ = 0;
  bool in_transaction_ = false;
  std::int64_t in_batch_ = 0;
  std::int64_t next_ann_key_ = 1;             // the key of the next annotation row
  std::int64_t max_key_at_start_ = 0;        // documents.doc_key above this were added by this run
  std::unordered_set<std::int64_t> written_;  // ... and these were written by it
  Statement upsert_doc_, find_doc_, delete_fts_, delete_features_, delete_annotations_,
      delete_meta_, delete_document_, delete_failure_, insert_meta_, insert_failure_;
  MultiInsert insert_annotation_, insert_feature_, insert_fts_;
};

}  // namespace
}  // namespace glean_sqlite

GLEAN_DEFINE_PLUGIN(glean_sqlite::SqliteExporter, "sqlite", "1.0.0",
                    "SQLite exporter: documents, annotations, features, family views, FTS5 over sentences")
