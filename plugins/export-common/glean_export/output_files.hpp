// glean/plugins/export-common/glean_export/output_files.hpp - output folders and per-document file names
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <glean/sdk.hpp>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>

namespace glean_export {

/// Resolves an OutputPath parameter naming a folder, creates it and checks that it can be written,
/// so a bad folder is one clear error when the run starts rather than a failure per document.
/// `value` is the parameter's value as the pipeline wrote it, for the message (default: `folder`).
inline std::filesystem::path prepareFolder(const glean::RunContext& run, const std::string& folder,
                                           const char* param, std::string value = {}) {
  if (value.empty()) value = folder;
  std::filesystem::path dir = run.outputPath(folder);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    throw glean::StageError("cannot create the output folder '" + dir.string() + "' (" + param +
                                " = '" + value + "'): " + ec.message(),
                            param);
  if (!std::filesystem::is_directory(dir))
    throw glean::StageError("the output folder '" + dir.string() + "' (" + param + " = '" + value +
                                "') is not a folder",
                            param);
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    throw glean::StageError("cannot write to the output folder '" + dir.string() + "' (" + param +
                                " = '" + value + "'): " + std::strerror(errno),
                            param);
  return dir;
}

/// Turns document ids into relative file names (without extension) that are safe and unique:
/// the id's folders are kept, "." / ".." / empty parts are dropped, characters that are awkward in
/// file names (controls, \ : * ? " < > | and spaces) become '_', a leading dot becomes '_', a
/// trailing ".txt" is dropped (so "a.txt" gives "a.html", "a.ann"), and a name already handed out
/// in this run gets "-2", "-3", ... appended.
class DocFileNamer {
 public:
  void clear() { used_.clear(); }
  /// Marks a name handed out by an earlier run as taken (resumed runs).
  void reserve(std::string stem) { used_.insert(std::move(stem)); }

  std::string stem(std::string_view doc_id) {
    std::string out = baseStem(doc_id);
    std::string candidate = out;
    for (int n = 2; !used_.insert(candidate).second; ++n) candidate = out + "-" + std::to_string(n);
    return candidate;
  }

  /// The name stem() starts from, before making it unique (which only appends "-N": the folders
  /// are the same).
  static std::string baseStem(std::string_view doc_id) {
    std::string out;
    out.reserve(doc_id.size());
    std::size_t start = 0;
    while (start <= doc_id.size()) {
      std::size_t slash = doc_id.find('/', start);
      if (slash == std::string_view::npos) slash = doc_id.size();
      std::string_view part = doc_id.substr(start, slash - start);
      start = slash + 1;
      if (part.empty() || part == "." || part == "..") continue;
      if (part.size() > 200) part = part.substr(0, 200);
      if (!out.empty()) out.push_back('/');
      for (std::size_t i = 0; i < part.size(); ++i) {
        auto c = static_cast<unsigned char>(part[i]);
        bool bad = c < 0x20 || c == 0x7F || c == '\\' || c == ':' || c == '*' || c == '?' ||
                   c == '"' || c == '<' || c == '>' || c == '|' || c == ' ' || (i == 0 && c == '.');
        out.push_back(bad ? '_' : static_cast<char>(c));
      }
    }
    if (out.size() > 4 && out.compare(out.size() - 4, 4, ".txt") == 0) out.resize(out.size() - 4);
    if (out.empty() || out.back() == '/') out += "document";
    return out;
  }

  /// "../" once per folder in `stem`: the way from a document's file back to the output folder.
  static std::string backToRoot(std::string_view stem) {
    std::string up;
    for (char c : stem)
      if (c == '/') up += "../";
    return up;
  }

 private:
  std::unordered_set<std::string> used_;
};

}  // namespace glean_export
