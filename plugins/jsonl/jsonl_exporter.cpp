// glean/plugins/jsonl/jsonl_exporter.cpp - writes one JSON line per document
// SPDX-License-Identifier: Apache-2.0
#include <glean/sdk.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <set>

namespace glean_jsonl {
namespace {

/// An annotation's place in the output.
struct OrderKey {
  std::size_t begin, end;
  std::uint32_t id;
  const glean::Annotation* annotation;
  bool operator<(const OrderKey& o) const {
    if (begin != o.begin) return begin < o.begin;
    if (end != o.end) return end > o.end;
    return id < o.id;
  }
};

/// Sorts the keys. Stages add annotations in passes (sections, then paragraphs, then sentences),
/// each pass in text order, so the keys are a few sorted runs: merging those, pairwise, costs
/// n log(runs) instead of n log(n) comparisons. Many runs fall back to a plain sort.
void sortKeys(std::vector<OrderKey>& keys) {
  std::vector<std::size_t> bounds{0};
  for (std::size_t i = 1; i < keys.size(); ++i)
    if (keys[i] < keys[i - 1]) bounds.push_back(i);
  bounds.push_back(keys.size());
  if (bounds.size() > 64) {
    std::sort(keys.begin(), keys.end());
    return;
  }
  auto at = [&](std::size_t i) { return keys.begin() + static_cast<std::ptrdiff_t>(i); };
  while (bounds.size() > 2) {  // bounds.size() - 1 runs
    std::vector<std::size_t> merged{0};
    for (std::size_t r = 0; r + 2 < bounds.size(); r += 2) {
      std::inplace_merge(at(bounds[r]), at(bounds[r + 1]), at(bounds[r + 2]));
      merged.push_back(bounds[r + 2]);
    }
    if ((bounds.size() - 1) % 2 == 1) merged.push_back(bounds.back());  // odd run out: carried
    bounds = std::move(merged);
  }
}

/// The JSONL exporter. One line per input document, in input order:
/// {"doc","source","bytes","text","meta","annotations":[{"id","type","begin","end","text",
/// "features","stage","rule"}]}; the document's "text" only with `document_text`, an annotation's
/// "text" only with `text` and when it is not longer than `text_limit`. Writes to a temporary file
/// renamed into place at the end of the run, or to stdout (flushed per document) in streaming mode.
class JsonlExporter : public glean::Stage {
 public:
  explicit JsonlExporter(const glean::StageArgs& args)
      : file_(args.params.str("file")), with_text_(args.params.boolean("text")),
        document_text_(args.params.boolean("document_text")), logger_(args.logger) {
    for (const auto& t : args.params.list("types")) types_.insert(t);
    std::int64_t limit = args.params.integer("text_limit");
    if (limit < -1)
      throw glean::StageError("text_limit must be -1 (no limit) or a number of bytes", "text_limit");
    text_limit_ = limit < 0 ? SIZE_MAX : static_cast<std::size_t>(limit);
  }

  static void describe(glean::PluginDescription& d) {
    d.help =
        "Writes one JSON object per document and line, in input order: the document id, source, "
        "size, metadata and every annotation with its offsets, text, features and provenance "
        "(or the document's text once and offsets only: document_text, text_limit). "
        "In streaming mode (glean run PIPELINE -) it writes to stdout, flushed per document, and "
        "a failed document becomes an error line in its place.";
    using glean::ParamSpec;
    using glean::ParamType;
    d.params = {
        ParamSpec("file", ParamType::OutputPath, "output file, relative to the run's output folder")
            .byDefault("documents.jsonl"),
        ParamSpec("text", ParamType::Boolean, "include each annotation's text").byDefault(true),
        ParamSpec("document_text", ParamType::Boolean,
                  "include the document's text (\"text\" in the line, before \"meta\")")
            .byDefault(false),
        ParamSpec("text_limit", ParamType::Integer,
                  "an annotation longer than this many bytes leaves out its text (its offsets "
                  "index the document's text); -1: no limit")
            .byDefault(std::int64_t{-1}),
        ParamSpec("types", ParamType::StringList, "only these annotation types (empty: all)")
            .byDefault(std::vector<std::string>{}),
    };
  }

  bool sequential() const override { return true; }
  bool changesDocuments() const override { return false; }  // it only reads them

  void beginRun(const glean::RunContext& run) override {
    to_stdout_ = run.to_stdout;
    if (!to_stdout_) {
      std::filesystem::path target = run.outputPath(file_);
      out_.open(target);
      if (run.resume) keepExisting(target);
      logger_->debug("writing {}", out_.target().string());
    }
  }

  /// Formats the document's line into doc.output(). Runs on the worker threads (see
  /// Stage::prepare), so it touches no member but the read-only options. A large document is left
  /// to process(), which writes it in pieces.
  void prepare(glean::Document& doc) const override {
    if (large(doc)) return;
    std::string& line = doc.output();
    line.clear();
    format(doc, line, [](LineWriter&) {});
  }

  /// Writes the line prepare() made, in input order; formats and writes a large document's line
  /// here, a piece at a time.
  void process(glean::Document& doc) override {
    if (large(doc)) {
      line_.clear();
      format(doc, line_, [this](LineWriter& out) {
        if (out.size() < kPieceBytes) return;
        write(out.view());
        out.clear();
      });
      write(line_);
      std::string().swap(line_);  // its last piece held a whole annotation's text: do not keep it
      return;
    }
    write(doc.output());
    std::string().swap(doc.output());  // the document may wait in the reorder buffer: free it now
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
    write(line_);
  }

  void endRun(const glean::RunContext&, const glean::RunOutcome&) override {
    if (to_stdout_) std::fflush(stdout);
    else out_.commit();
  }

 private:
  /// A document larger than this is formatted in process() and written in pieces of about
  /// kPieceBytes: its line (every annotation carries its text; Section, Paragraph and Sentence
  /// texts nest) would otherwise be held whole, several times its size. Smaller ones (every
  /// report of the corpus) are formatted whole in prepare(), on the worker threads.
  static constexpr std::size_t kLargeDocument = std::size_t{8} << 20;
  static constexpr std::size_t kPieceBytes = std::size_t{1} << 20;
  static bool large(const glean::Document& doc) { return doc.text().size() > kLargeDocument; }

  /// Appends the document's line to `line`; calls `flush(writer)` after each annotation, which may
  /// write out and clear what is there so far. Returns with `line` holding what is left.
  template <class Flush>
  void format(const glean::Document& doc, std::string& line, Flush&& flush) const {
    // Output order: by begin, longer first, then id. Sorting compact keys (not pointers to the
    // annotations) keeps the comparisons in cache.
    std::vector<OrderKey> keys;
    keys.reserve(doc.annotations().size());
    std::size_t text_bytes = 0;  // of the annotation texts written, for the size estimate
    for (const auto& a : doc.annotations())
      if (types_.empty() || types_.count(a.type) != 0) {
        keys.push_back({a.begin, a.end, a.id, &a});
        std::size_t length = a.end > a.begin ? a.end - a.begin : 0;
        if (with_text_ && length <= text_limit_) text_bytes += length;
      }
    sortKeys(keys);

    LineWriter out(line);
    // Room for about all of it (texts, then some 150 bytes of offsets, features and provenance
    // per annotation), so that the line rarely grows; a large document's pieces are written as
    // they fill, so room for two of them does.
    std::size_t estimate = text_bytes + text_bytes / 16 + keys.size() * 160 +
                           (document_text_ ? doc.text().size() * 17 / 16 : 0) + 4096;
    out.expect(large(doc) ? std::min(estimate, 2 * kPieceBytes) : estimate);
    out.raw("{\"doc\":");
    out.string(doc.id());
    out.raw(",\"source\":");
    out.string(doc.source());
    out.raw(",\"bytes\":");
    out.uint(doc.text().size());
    // The texts written come from one escaped copy of the document: nested annotations (Body,
    // Section, Paragraph, Sentence) would otherwise escape each byte once per level.
    glean::json::EscapedText escaped;
    if (document_text_ || (with_text_ && text_limit_ > 0)) escaped.assign(doc.text());
    if (document_text_) {
      out.raw(",\"text\":\"");
      out.bytes(escaped.slice(0, doc.text().size()));
      out.put('"');
    }
    out.raw(",\"meta\":");
    out.object(doc.meta(), nullptr);
    out.raw(",\"annotations\":[");
    bool first = true;
    EscapedCache types, stages, rules, keys_seen;  // the annotations outlive the caches
    for (const OrderKey& k : keys) {
      if (!first) out.put(',');
      first = false;
      writeAnnotation(out, escaped, *k.annotation, types, stages, rules, keys_seen);
      flush(out);
    }
    out.raw("]}\n");
    out.finish();
  }

  /// The JSON forms of the first few distinct strings seen: a document's types, stages, rules and
  /// feature keys are a few dozen strings repeated thousands of times, so most annotations copy
  /// the escaped form instead of escaping it again (a cache of one would miss at every change).
  struct EscapedCache {
    static constexpr std::size_t kEntries = 48;
    std::vector<std::pair<std::string_view, std::string>> entries;  // views into the annotations
    std::size_t last = 0;  // the entry found last: annotations come in runs of one type
    /// The JSON string for `s` (with quotes), or nullptr when the cache is full.
    const std::string* find(std::string_view s) {
      if (last < entries.size() && entries[last].first == s) return &entries[last].second;
      for (std::size_t i = 0; i < entries.size(); ++i)
        if (entries[i].first == s) {
          last = i;
          return &entries[i].second;
        }
      if (entries.size() == kEntries) return nullptr;
      std::string json;
      glean::json::appendString(json, s);
      entries.emplace_back(s, std::move(json));
      last = entries.size() - 1;
      return &entries.back().second;
    }
  };

  /// Builds a line in a std::string without std::string::append's per-call work: each write makes
  /// room for itself (one comparison; the buffer grows by doubling) and copies. The buffer's size
  /// runs ahead of what was written; finish() cuts it back.
  class LineWriter {
   public:
    explicit LineWriter(std::string& buffer) : buf_(buffer), n_(buffer.size()) {}
    std::size_t size() const { return n_; }
    std::string_view view() const { return std::string_view(buf_.data(), n_); }
    void clear() { n_ = 0; }
    /// Cuts the buffer back to what was written.
    void finish() { buf_.resize(n_); }
    /// Makes room for about `bytes` more (a hint; writes still check).
    void expect(std::size_t bytes) { room(bytes); }

    template <std::size_t N>
    void raw(const char (&literal)[N]) {
      std::memcpy(room(N - 1), literal, N - 1);
      n_ += N - 1;
    }
    void bytes(std::string_view s) {
      std::memcpy(room(s.size()), s.data(), s.size());
      n_ += s.size();
    }
    void put(char c) {
      *room(1) = c;
      ++n_;
    }
    void uint(std::uint64_t v) {
      char* p = room(24);
      n_ += static_cast<std::size_t>(std::to_chars(p, p + 24, v).ptr - p);
    }
    void sint(std::int64_t v) {
      char* p = room(24);
      n_ += static_cast<std::size_t>(std::to_chars(p, p + 24, v).ptr - p);
    }
    /// A JSON string literal (quotes included), as glean::json::appendString writes it.
    void string(std::string_view s) {
      char* p = room(s.size() * 6 + 2);
      char* begin = p;
      *p++ = '"';
      p = glean::json::writeEscaped(p, s);
      *p++ = '"';
      n_ += static_cast<std::size_t>(p - begin);
    }
    /// A cached JSON string, or `s` escaped when the cache is full.
    void string(std::string_view s, EscapedCache& cache) {
      if (const std::string* json = cache.find(s)) bytes(*json);
      else string(s);
    }
    /// A feature value, as glean::json::appendValue writes it.
    void value(const glean::FeatureValue& v) {
      if (const auto* s = std::get_if<std::string>(&v)) return string(*s);
      if (const auto* i = std::get_if<std::int64_t>(&v)) return sint(*i);
      if (const auto* d = std::get_if<double>(&v)) {
        std::string number;  // rare: the shortest round-trip form, or null
        glean::json::appendDouble(number, *d);
        return bytes(number);
      }
      if (std::get<bool>(v)) raw("true");
      else raw("false");
    }
    /// A Features table, as glean::json::appendObject writes it; keys from `cache` when given.
    void object(const glean::Features& features, EscapedCache* cache) {
      put('{');
      bool first = true;
      for (const auto& [key, v] : features) {
        if (!first) put(',');
        first = false;
        if (cache != nullptr) string(key, *cache);
        else string(key);
        put(':');
        value(v);
      }
      put('}');
    }

   private:
    char* room(std::size_t bytes) {
      if (buf_.size() - n_ < bytes) grow(bytes);
      return buf_.data() + n_;
    }
    void grow(std::size_t bytes) { buf_.resize(std::max(n_ + bytes, buf_.size() * 2)); }

    std::string& buf_;
    std::size_t n_;
  };

  void writeAnnotation(LineWriter& out, const glean::json::EscapedText& escaped,
                       const glean::Annotation& a, EscapedCache& types, EscapedCache& stages,
                       EscapedCache& rules, EscapedCache& keys) const {
    out.raw("{\"id\":");
    out.uint(a.id);
    out.raw(",\"type\":");
    out.string(a.type, types);
    out.raw(",\"begin\":");
    out.uint(a.begin);
    out.raw(",\"end\":");
    out.uint(a.end);
    if (with_text_ && (a.end > a.begin ? a.end - a.begin : 0) <= text_limit_) {
      out.raw(",\"text\":\"");
      out.bytes(escaped.slice(a.begin, a.end));
      out.put('"');
    }
    out.raw(",\"features\":");
    out.object(a.features, &keys);
    out.raw(",\"stage\":");
    out.string(a.stage, stages);
    out.raw(",\"rule\":");
    if (a.rule.empty()) out.raw("null");
    else out.string(a.rule, rules);
    out.put('}');
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

  void write(std::string_view line) {
    if (to_stdout_) {
      std::fwrite(line.data(), 1, line.size(), stdout);
      std::fflush(stdout);  // a mapper's consumer must see each document as soon as it is done
    } else {
      out_.write(line);
    }
  }

  std::string file_;
  bool with_text_;
  bool document_text_;
  std::size_t text_limit_;
  std::set<std::string, std::less<>> types_;
  std::shared_ptr<spdlog::logger> logger_;
  bool to_stdout_ = false;
  glean::AtomicFile out_;
  // Error lines (documentFailed) and large documents' pieces (process), reused: both are called
  // in order, one at a time.
  std::string line_;
};

}  // namespace
}  // namespace glean_jsonl

GLEAN_DEFINE_PLUGIN(glean_jsonl::JsonlExporter, "jsonl", "1.0.0",
                    "JSONL exporter: one JSON line per document with all annotations")
