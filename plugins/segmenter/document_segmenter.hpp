// glean/plugins/segmenter/document_segmenter.hpp - DocumentSegmenter: one document -> segment annotations
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "layout_profile.hpp"
#include "sentence_splitter.hpp"

#include <glean/document.hpp>

namespace glean_segmenter {

/// Segments one document with one layout: header and metadata, body, section tree, paragraphs,
/// lists, footnotes and their references, navigation, sentences (the annotation types of
/// docs/annotations.md). Stateless; safe to use from several threads on different documents.
class DocumentSegmenter {
 public:
  DocumentSegmenter(const LayoutProfile& layout, const SentenceRules& sentences)
      : layout_(layout), sentences_(sentences) {}

  void run(glean::Document& doc) const;

 private:
  const LayoutProfile& layout_;
  const SentenceRules& sentences_;
};

}  // namespace glean_segmenter
