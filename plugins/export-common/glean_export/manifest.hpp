// glean/plugins/export-common/glean_export/manifest.hpp - what an exporter wrote, for resumed runs
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <glean/sdk.hpp>

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace glean_export {

/// A small record of what an exporter wrote into its folder (which document went to which file,
/// the types seen, the documents that failed), kept as ".glean-manifest.tsv" in that folder so a
/// resumed run (`glean run --resume`) can add to the folder instead of starting it afresh: it
/// keeps the file names already given and rebuilds what summarizes the whole run (an index page,
/// a type list). One record a line, fields separated by tabs; backslash, tab, CR and LF inside a
/// field are escaped as \\, \t, \r, \n.
class Manifest {
 public:
  using Record = std::vector<std::string>;
  static constexpr const char* kFileName = ".glean-manifest.tsv";

  /// The records of `file`; none when it does not exist.
  static std::vector<Record> read(const std::filesystem::path& file) {
    std::vector<Record> out;
    std::FILE* f = std::fopen(file.c_str(), "rb");
    if (f == nullptr) return out;
    std::string text;
    char buf[1 << 16];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    std::fclose(f);
    Record record(1);
    for (std::size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (c == '\n') {
        out.push_back(std::move(record));
        record.assign(1, std::string());
      } else if (c == '\t') {
        record.emplace_back();
      } else if (c == '\\' && i + 1 < text.size()) {
        char e = text[++i];
        record.back().push_back(e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e);
      } else {
        record.back().push_back(c);
      }
    }
    return out;
  }

  static void appendRecord(std::string& out, const Record& record) {
    for (std::size_t f = 0; f < record.size(); ++f) {
      if (f != 0) out.push_back('\t');
      for (char c : record[f]) {
        switch (c) {
          case '\\': out += "\\\\"; break;
          case '\t': out += "\\t"; break;
          case '\n': out += "\\n"; break;
          case '\r': out += "\\r"; break;
          default: out.push_back(c);
        }
      }
    }
    out.push_back('\n');
  }

  /// Writes the records to `file` (temporary file, then rename).
  static void write(const std::filesystem::path& file, const std::vector<Record>& records) {
    std::string text;
    for (const Record& r : records) appendRecord(text, r);
    glean::AtomicFile out(file);
    out.write(text);
    out.commit();
  }
};

/// Copies the bytes of `from` (if it exists) into `to`; true when there was something to copy.
/// A resumed run keeps what the interrupted run wrote and appends to it.
inline bool copyExisting(const std::filesystem::path& from, glean::AtomicFile& to) {
  std::FILE* f = std::fopen(from.c_str(), "rb");
  if (f == nullptr) return false;
  char buf[1 << 16];
  std::size_t n;
  bool any = false;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    to.write(std::string_view(buf, n));
    any = true;
  }
  std::fclose(f);
  return any;
}

}  // namespace glean_export
