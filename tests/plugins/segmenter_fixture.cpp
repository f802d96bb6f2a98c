// glean/tests/plugins/segmenter_fixture.cpp - the segmenter stage as pipelines configure it, for tests
// SPDX-License-Identifier: Apache-2.0
#include "segmenter_fixture.hpp"

#include "host_services.hpp"
#include "logging.hpp"
#include "pipeline.hpp"

#include <doctest/doctest.h>

#include <map>
#include <memory>

namespace glean::test {
namespace fs = std::filesystem;

namespace {

// Everything a loaded pipeline needs to stay alive, in construction order.
struct LoadedPipeline {
  Host host{nullLogger()};
  PluginLoader plugins{{GLEAN_PLUGIN_DIR}};
  Pipeline pipeline;
  explicit LoadedPipeline(const fs::path& file)
      : pipeline(loadPipeline(file, plugins, host, nullLogger())) {}
};

}  // namespace

Stage& segmenterOf(const fs::path& pipeline) {
  static std::map<fs::path, std::unique_ptr<LoadedPipeline>> loaded;
  auto& slot = loaded[pipeline];
  if (!slot) slot = std::make_unique<LoadedPipeline>(pipeline);
  for (auto& s : slot->pipeline.stages)
    if (s.plugin == "segmenter") return *s.stage;
  FAIL("no segmenter stage in " << pipeline.string());
  throw std::logic_error("unreachable");
}

Stage& bundledSegmenter() {
  return segmenterOf(fs::path(GLEAN_SOURCE_DIR) / "pipelines" / "country-reports.toml");
}

Document segment(Stage& stage, std::string text, std::string id) {
  Document doc(id, id, std::move(text));
  doc.setCurrentStage("segmenter");
  stage.process(doc);
  return doc;
}

std::vector<const Annotation*> ofType(const Document& doc, std::string_view type) {
  return doc.select(type);
}

std::vector<std::string> textsOf(const Document& doc, std::string_view type) {
  std::vector<std::string> out;
  for (const Annotation* a : doc.select(type)) out.push_back(textOf(doc, *a));
  return out;
}

std::int64_t intFeature(const Annotation& a, std::string_view key) {
  auto v = a.features.integer(key);
  REQUIRE_MESSAGE(v.has_value(), a.type << " " << a.id << " has no integer feature '" << key << "'");
  return *v;
}

}  // namespace glean::test
