// glean/core/include/glean/document.hpp - Document and Annotation: the data every stage works on
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/features.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace glean {

/// A typed span of the original text: [begin, end) in UTF-8 byte offsets of Document::text().
struct Annotation {
  /// Unique within its document, assigned by Document::annotate; features may refer to it.
  std::uint32_t id = 0;
  /// What the span is: "Sentence", "TIMEX3", "PERSON", ... (see docs/annotations.md).
  std::string type;
  /// First byte of the span in Document::text().
  std::size_t begin = 0;
  /// One past the last byte of the span.
  std::size_t end = 0;
  /// Key -> value details ("value" = "2009-01-10", "canonical", ids of other annotations, ...).
  Features features;
  /// Provenance: the stage (its pipeline name) that made the annotation...
  std::string stage;
  /// ...and, when a rule made it, "ruleset:rule-id" (empty otherwise).
  std::string rule;

  /// The span's length in bytes.
  std::size_t length() const { return end - begin; }
};

/// A problem with one document that did not stop it: a rule that hit its match limit, a date that
/// could not be normalized. Written to errors.jsonl; the document is still in the output.
struct DocumentIssue {
  std::string stage;    ///< the stage that recorded it
  std::string rule;     ///< "ruleset:rule-id" when a rule is at fault
  std::string message;  ///< what went wrong, one line
  std::size_t offset = static_cast<std::size_t>(-1);  ///< byte offset, or -1 when not known
};

/// A candidate annotation a rule proposed, and what became of it; recorded only when the document
/// is traced (`glean explain`).
struct Candidate {
  std::string type;      ///< the annotation type it would have had
  std::size_t begin = 0;  ///< its span in Document::text()
  std::size_t end = 0;
  std::string rule;      ///< "ruleset:rule-id"
  std::string source;    ///< "file:line" of the rule
  Features features;     ///< the features it would have had
  bool won = false;      ///< true when it became an annotation
  std::string reason;    ///< why it lost: "lower priority than ...", "vetoed by ...", ...
};

/// One input document: its original bytes (never modified), metadata and annotations.
///
/// A document is processed by one stage at a time; different documents may be processed by the
/// same stage concurrently.
class Document {
 public:
  /// An empty document.
  Document() = default;
  /// A document with its id, where it came from, and its bytes (valid UTF-8; glean's reader
  /// checks that before a stage sees it).
  Document(std::string id, std::string source, std::string bytes)
      : id_(std::move(id)), source_(std::move(source)), bytes_(std::move(bytes)) {
    // A UTF-8 byte order mark is skipped by offset: the bytes stay as they were.
    if (bytes_.size() >= 3 && bytes_.compare(0, 3, "\xEF\xBB\xBF") == 0) body_begin_ = 3;
  }

  /// The document's id: its path relative to the input root (or the id given on stdin).
  const std::string& id() const { return id_; }
  /// Where the document came from (a file path, or "-" for stdin).
  const std::string& source() const { return source_; }
  /// The original bytes, valid UTF-8. Annotation offsets index into this.
  std::string_view text() const { return bytes_; }
  /// True when the whole text is known to be valid UTF-8 (the reader checked it on the way in),
  /// so the rule engine need not scan it again for each rule set.
  bool knownValidUtf8() const { return known_valid_utf8_; }
  /// Records that the text was checked and is valid UTF-8; only whoever checked it may call this.
  void markValidUtf8() { known_valid_utf8_ = true; }
  /// Offset of the first byte after a byte order mark (0 when there is none).
  std::size_t bodyBegin() const { return body_begin_; }
  /// The text of [begin, end), clamped to the document.
  std::string_view slice(std::size_t begin, std::size_t end) const {
    begin = std::min(begin, bytes_.size());
    end = std::clamp(end, begin, bytes_.size());
    return std::string_view(bytes_).substr(begin, end - begin);
  }
  /// The text an annotation covers.
  std::string_view slice(const Annotation& a) const { return slice(a.begin, a.end); }

  /// Document metadata (title, report_year, country, ...), in insertion order.
  Features& meta() { return meta_; }
  const Features& meta() const { return meta_; }

  /// Adds an annotation made by the current stage and returns it. The reference is valid until the
  /// next call to annotate(); keep the id to find it again.
  Annotation& annotate(std::string_view type, std::size_t begin, std::size_t end,
                       std::string_view rule = {}) {
    Annotation& a = annotations_.emplace_back();
    a.id = next_id_++;
    a.type = type;
    a.begin = begin;
    a.end = end;
    a.stage = current_stage_;
    a.rule = rule;
    return a;
  }
  /// Every annotation, in the order they were added (earlier stages first).
  std::vector<Annotation>& annotations() { return annotations_; }
  const std::vector<Annotation>& annotations() const { return annotations_; }

  /// The annotations of `type`, ordered by begin (then longest first, then id).
  std::vector<const Annotation*> select(std::string_view type) const {
    std::vector<const Annotation*> out;
    for (const Annotation& a : annotations_)
      if (a.type == type) out.push_back(&a);
    std::sort(out.begin(), out.end(), [](const Annotation* x, const Annotation* y) {
      if (x->begin != y->begin) return x->begin < y->begin;
      if (x->end != y->end) return x->end > y->end;
      return x->id < y->id;
    });
    return out;
  }
  /// The annotation with `id`, or nullptr.
  const Annotation* byId(std::uint32_t id) const {
    for (const Annotation& a : annotations_)
      if (a.id == id) return &a;
    return nullptr;
  }
  /// Removes the annotations for which `pred` is true; returns how many went.
  template <typename Pred>
  std::size_t eraseIf(Pred pred) {
    auto it = std::remove_if(annotations_.begin(), annotations_.end(), pred);
    auto n = static_cast<std::size_t>(annotations_.end() - it);
    annotations_.erase(it, annotations_.end());
    return n;
  }

  /// Records a problem that did not stop the document (see DocumentIssue).
  void addIssue(std::string message, std::string rule = {},
                std::size_t offset = static_cast<std::size_t>(-1)) {
    issues_.push_back({current_stage_, std::move(rule), std::move(message), offset});
  }
  /// The problems recorded so far, by every stage.
  const std::vector<DocumentIssue>& issues() const { return issues_; }

  /// True when the run asked for an explanation of this document (`glean explain`): stages and the
  /// rule engine then record their candidates.
  bool traced() const { return traced_; }
  /// Set by the runner.
  void setTraced(bool on) { traced_ = on; }
  /// Keeps a candidate for `glean explain`; does nothing unless the document is traced.
  void recordCandidate(Candidate c) {
    if (traced_) candidates_.push_back(std::move(c));
  }
  /// The candidates recorded so far (empty unless traced).
  const std::vector<Candidate>& candidates() const { return candidates_; }

  /// The current stage's output buffer for this document. A sequential stage (an exporter) may
  /// fill it in Stage::prepare(), which runs concurrently with other documents, and write it out
  /// in process(), in input order; each stage has its own buffer, freed with the document. The
  /// reference is valid until another stage first asks for its own buffer.
  std::string& output() {
    for (auto& [stage, buffer] : outputs_)
      if (stage == current_stage_) return buffer;
    return outputs_.emplace_back(current_stage_, std::string()).second;
  }

  /// The name of the stage now processing the document; set by the runner.
  const std::string& currentStage() const { return current_stage_; }
  /// Set by the runner before each stage (a stage's own tests may set it too).
  void setCurrentStage(std::string_view stage) { current_stage_ = stage; }

 private:
  std::string id_;
  std::string source_;
  std::string bytes_;
  std::size_t body_begin_ = 0;
  bool known_valid_utf8_ = false;
  Features meta_;
  std::vector<Annotation> annotations_;
  std::uint32_t next_id_ = 1;
  std::vector<DocumentIssue> issues_;
  bool traced_ = false;
  std::vector<Candidate> candidates_;
  std::string current_stage_;
  std::vector<std::pair<std::string, std::string>> outputs_;  // stage name -> output()
};

}  // namespace glean
