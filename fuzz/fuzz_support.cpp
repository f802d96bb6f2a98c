// glean/fuzz/fuzz_support.cpp - what the fuzz targets share: a scratch folder, paths, the entry macro
// SPDX-License-Identifier: Apache-2.0
#include "fuzz_support.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace glean::fuzz {
namespace fs = std::filesystem;

namespace {

void removeScratch() {
  std::error_code ec;
  fs::remove_all(scratchDir(), ec);
}

fs::path makeScratch() {
  fs::path base;
  if (const char* env = std::getenv("GLEAN_FUZZ_TMP"); env != nullptr && *env != '\0') {
    base = env;
  } else {
    std::error_code ec;
    base = fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
  }
  fs::path dir = base / ("glean-fuzz-" + std::to_string(::getpid()));
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  std::atexit(removeScratch);
  return dir;
}

void copyFilesOf(const fs::path& from, const fs::path& to) {
  for (const auto& entry : fs::directory_iterator(from))
    if (entry.is_regular_file())
      fs::copy_file(entry.path(), to / entry.path().filename(), fs::copy_options::skip_existing);
}

}  // namespace

const fs::path& scratchDir() {
  static const fs::path dir = makeScratch();
  return dir;
}

const fs::path& rulesCopy() {
  static const fs::path dir = [] {
    fs::path copy = scratchDir() / "rules";
    fs::path rules = sourceDir() / "rules";
    fs::copy(rules, copy, fs::copy_options::recursive);
    copyFilesOf(rules / "examples" / "common", copy / "layout" / "common");
    copyFilesOf(rules / "sentences", copy / "layout");
    return copy;
  }();
  return dir;
}

fs::path sourceDir() { return GLEAN_SOURCE_DIR; }
fs::path pluginDir() { return GLEAN_PLUGIN_DIR; }

std::string_view seedText() {
  static const std::string text = [] {
    std::ifstream in(sourceDir() / "samples" / "000_0bdeaacc15b1e0dc.txt", std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }();
  return text;
}

void writeInput(const fs::path& file, const std::uint8_t* data, std::size_t size) {
  std::FILE* f = std::fopen(file.c_str(), "wb");
  if (f == nullptr) unexpected("fuzz support", "cannot write " + file.string());
  if (size > 0 && std::fwrite(data, 1, size, f) != size) unexpected("fuzz support", "short write");
  std::fclose(f);
}

void unexpected(std::string_view target, std::string_view what) {
  std::fprintf(stderr, "glean fuzz target '%.*s': %.*s\n", static_cast<int>(target.size()),
               target.data(), static_cast<int>(what.size()), what.data());
  std::abort();
}

}  // namespace glean::fuzz
