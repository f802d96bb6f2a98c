// glean/tests/test_support.cpp - helpers the test suites share
// SPDX-License-Identifier: Apache-2.0
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <sys/wait.h>

#include <fstream>
#include <sstream>

namespace glean::test {
namespace fs = std::filesystem;

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void writeFile(const fs::path& path, std::string_view content) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  REQUIRE_MESSAGE(out.good(), "cannot write " << path.string());
}

std::vector<nlohmann::json> readJsonl(const fs::path& path) {
  std::vector<nlohmann::json> out;
  std::istringstream in(readFile(path));
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

fs::path freshDir(const std::string& name) {
  fs::path dir = fs::path(GLEAN_TEST_TMP_DIR) / name;
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir);
  return dir;
}

fs::path seedReport() { return fs::path(GLEAN_SOURCE_DIR) / "samples" / "000_0bdeaacc15b1e0dc.txt"; }

fs::path sharedDir() {
  fs::path dir = GLEAN_SHARED_DIR;
  return fs::exists(dir / "corpus") ? dir : fs::path();
}

namespace {
std::string shellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out.push_back(c);
  }
  return out + "'";
}
}  // namespace

CommandResult runGlean(const std::vector<std::string>& args, const std::string& stdin_text) {
  std::vector<std::string> argv{GLEAN_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return runCommand(argv, stdin_text);
}

CommandResult runCommand(const std::vector<std::string>& argv, const std::string& stdin_text) {
  REQUIRE_FALSE(argv.empty());
  fs::path dir = fs::path(GLEAN_TEST_TMP_DIR) / "cmd";
  fs::create_directories(dir);
  static int counter = 0;
  std::string tag = std::to_string(::getpid()) + "-" + std::to_string(counter++);
  fs::path in = dir / ("in-" + tag), out = dir / ("out-" + tag), err = dir / ("err-" + tag);
  writeFile(in, stdin_text);
  std::string command;
  for (const auto& a : argv) command += (command.empty() ? "" : " ") + shellQuote(a);
  command += " <" + shellQuote(in.string()) + " >" + shellQuote(out.string()) + " 2>" +
             shellQuote(err.string());
  int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = readFile(out);
  result.err = readFile(err);
  fs::remove(in);
  fs::remove(out);
  fs::remove(err);
  return result;
}

}  // namespace glean::test
