// glean/plugins/export-common/glean_export/sentence_index.hpp - the sentence an annotation is in
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <glean/sdk.hpp>

#include <algorithm>
#include <string_view>
#include <vector>

namespace glean_export {

/// Finds the Sentence annotation that contains a span. Sentences do not overlap (the segmenter's
/// contract), so after sorting by begin the candidate is the last sentence that begins at or
/// before the span; a binary search per look-up.
class SentenceIndex {
 public:
  void reset(const glean::Document& doc, std::string_view type = "Sentence") {
    sentences_.clear();
    for (const glean::Annotation& a : doc.annotations())
      if (a.type == type) sentences_.push_back(&a);
    std::sort(sentences_.begin(), sentences_.end(),
              [](const glean::Annotation* x, const glean::Annotation* y) {
                if (x->begin != y->begin) return x->begin < y->begin;
                if (x->end != y->end) return x->end > y->end;
                return x->id < y->id;
              });
  }

  /// The sentence containing [begin, end), or nullptr.
  const glean::Annotation* containing(std::size_t begin, std::size_t end) const {
    auto it = std::upper_bound(sentences_.begin(), sentences_.end(), begin,
                               [](std::size_t b, const glean::Annotation* s) { return b < s->begin; });
    // Walk back over the few sentences that begin at or before the span (more than one only when a
    // stage broke the no-overlap contract).
    for (int steps = 0; it != sentences_.begin() && steps < 8; ++steps) {
      --it;
      if ((*it)->end >= end) return *it;
    }
    return nullptr;
  }
  const glean::Annotation* containing(const glean::Annotation& a) const {
    return containing(a.begin, a.end);
  }

  bool empty() const { return sentences_.empty(); }

 private:
  std::vector<const glean::Annotation*> sentences_;
};

}  // namespace glean_export
