// glean/fuzz/fuzz_support.hpp - what the fuzz targets share: a scratch folder, paths, the entry macro
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string_view>

namespace glean::fuzz {

/// The fuzz targets' entry points: each takes one input and returns 0 (libFuzzer's convention).
/// They are plain functions so the normal test suite can replay fuzz/regressions/ through them;
/// the libFuzzer build wraps each in LLVMFuzzerTestOneInput (GLEAN_FUZZ_ENTRY).
int ruleFileOneInput(const std::uint8_t* data, std::size_t size);
int pipelineOneInput(const std::uint8_t* data, std::size_t size);
int documentOneInput(const std::uint8_t* data, std::size_t size);

/// A folder of this process's own for the files a target writes (on /dev/shm when there is one,
/// else the temporary folder; $GLEAN_FUZZ_TMP overrides). Made on first use, removed at exit.
const std::filesystem::path& scratchDir();

/// A copy of the repository's rules/ under the scratch folder, laid out so that the includes and
/// lexicon files of every shipped rule file resolve from `rulesCopy() / "layout"` as well: the
/// files of rules/examples/common/ and rules/sentences/ are copied beside those of layout/.
const std::filesystem::path& rulesCopy();

/// The repository (for rules/, pipelines/, samples/) and the bundled plugins of this build.
std::filesystem::path sourceDir();
std::filesystem::path pluginDir();

/// The seed report shipped in samples/, read once.
std::string_view seedText();

/// Writes `size` bytes to `file` (replacing it).
void writeInput(const std::filesystem::path& file, const std::uint8_t* data, std::size_t size);

/// An exception the code under test must never let out: prints what and where, then aborts, so
/// libFuzzer (or the replay test) reports the input.
[[noreturn]] void unexpected(std::string_view target, std::string_view what);

}  // namespace glean::fuzz

/// Defines LLVMFuzzerTestOneInput for `fn` in the libFuzzer build (GLEAN_LIBFUZZER defined), and
/// LLVMFuzzerInitialize, which runs `fn` once on an empty input so that plugins are loaded and
/// rule files compiled before fuzzing starts (libFuzzer then sees the plugins' coverage from the
/// first input on). The prefilter's disk cache is turned off: every fuzzed rule set would
/// otherwise leave a compiled database in the user's cache folder.
#ifdef GLEAN_LIBFUZZER
#define GLEAN_FUZZ_ENTRY(fn)                                                                   \
  extern "C" int LLVMFuzzerInitialize(int*, char***) {                                         \
    ::setenv("GLEAN_CACHE_DIR", "off", 1);                                                     \
    static const std::uint8_t kEmpty[1] = {0};                                                 \
    return fn(kEmpty, 0);                                                                      \
  }                                                                                            \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {         \
    return fn(data, size);                                                                     \
  }
#else
#define GLEAN_FUZZ_ENTRY(fn)
#endif
