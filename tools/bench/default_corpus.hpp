// glean/tools/bench/default_corpus.hpp - where the benchmarks look for the corpus when given none
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdlib>
#include <filesystem>

namespace glean::bench {

/// $GLEAN_SHARED_DIR/corpus, as `glean bench` uses; empty when the variable is not set (the corpus
/// is benchmark data, not part of glean: the caller then asks for CORPUS_DIR).
inline std::filesystem::path defaultCorpus() {
  const char* shared = std::getenv("GLEAN_SHARED_DIR");
  return shared != nullptr && *shared != '\0' ? std::filesystem::path(shared) / "corpus"
                                              : std::filesystem::path();
}

}  // namespace glean::bench
