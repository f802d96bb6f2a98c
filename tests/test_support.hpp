// glean/tests/test_support.hpp - helpers the test suites share
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace glean::test {

/// Reads a whole file; fails the test when it cannot.
std::string readFile(const std::filesystem::path& path);
/// Writes a file, creating its folder.
void writeFile(const std::filesystem::path& path, std::string_view content);
/// Parses a JSONL file into one JSON value per line.
std::vector<nlohmann::json> readJsonl(const std::filesystem::path& path);

/// A fresh, empty folder under the build tree's tests/tmp, named after `name`.
std::filesystem::path freshDir(const std::string& name);

/// The seed report shipped in samples/.
std::filesystem::path seedReport();
/// The shared data folder (seed/, corpus/, bench/), or empty when it is not there.
std::filesystem::path sharedDir();

/// Result of running a command: exit code, stdout, stderr.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
/// Runs the glean binary with `args` (each quoted for the shell), optional stdin text.
CommandResult runGlean(const std::vector<std::string>& args, const std::string& stdin_text = {});
/// Runs any command (argv[0] looked up on PATH; each argument quoted for the shell), optional
/// stdin text: e.g. glean under `setpriv` or `env`.
CommandResult runCommand(const std::vector<std::string>& argv, const std::string& stdin_text = {});

}  // namespace glean::test
