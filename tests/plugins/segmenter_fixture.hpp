// glean/tests/plugins/segmenter_fixture.hpp - the segmenter stage as pipelines configure it, for tests
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/document.hpp"
#include "glean/stage.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace glean::test {

/// The segmenter stage of the bundled pipelines/country-reports.toml (loaded once per process).
Stage& bundledSegmenter();

/// The first segmenter stage of `pipeline` (loaded once per file and process).
Stage& segmenterOf(const std::filesystem::path& pipeline);

/// Runs `stage` over `text` as the document `id`, as the runner would.
Document segment(Stage& stage, std::string text, std::string id = "test.txt");

/// The annotations of `type`, in text order.
std::vector<const Annotation*> ofType(const Document& doc, std::string_view type);

/// The text of an annotation.
inline std::string textOf(const Document& doc, const Annotation& a) { return std::string(doc.slice(a)); }

/// The texts of the annotations of `type`, in text order.
std::vector<std::string> textsOf(const Document& doc, std::string_view type);

/// The integer feature `key` of `a` (fails the test when absent).
std::int64_t intFeature(const Annotation& a, std::string_view key);

}  // namespace glean::test
