// glean/core/src/input.hpp - where documents come from: files, folders, JSONL on stdin
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/document.hpp"
#include "glean/stage.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace glean {

/// One input file found on the command line or in a folder.
struct InputFile {
  std::string id;               ///< path relative to the input root (the folder given, or the file's folder)
  std::filesystem::path path;   ///< the path to read
  std::string error;            ///< set when the entry cannot be read at all (dangling link, loop)
};

/// Lists the files to process: each file argument as is, each folder recursively (sorted by
/// path, hidden entries skipped). Dangling symlinks and symlink loops are kept as entries with an
/// error, so they reach the error report. A missing argument is a ConfigError.
std::vector<InputFile> listInputFiles(const std::vector<std::string>& arguments);

/// Limits and checks applied when reading a document.
struct ReadLimits {
  std::uint64_t max_bytes = 512ull << 20;  ///< larger files are refused with an error record
};

/// A document read from somewhere, or the reason it could not be.
struct ReadResult {
  std::optional<Document> document;
  DocumentFailure failure;  ///< meaningful when !document
  std::uint64_t bytes = 0;  ///< bytes consumed from the input
};

/// Checks that bytes are text glean can process: valid UTF-8, no NUL byte, not UTF-16.
/// Returns an empty string when fine, else the message (and sets `offset`).
std::string checkText(std::string_view bytes, std::size_t& offset);

/// Reads one file into a Document (or a failure naming the file and byte offset). TimeML files
/// (*.tml, *.TE3input: TempEval-3) are read with readTimeml.
ReadResult readFile(const InputFile& input, const ReadLimits& limits);

/// A TimeML file as a Document: the content of <TEXT> without its tags, character references
/// decoded, as the document's bytes; meta `docid`, `title`, `dct` (the creation time's value, the
/// anchor TempEval expects) and `dct_text`. The tags inside <TEXT> (gold TIMEX3, EVENT) are
/// dropped, so annotated files can be re-run. `result` carries the failure fields already set.
ReadResult readTimeml(const InputFile& input, std::string_view xml, ReadResult result);

/// Reads documents from JSONL, one object a line: {"id": ..., "text": ..., other keys -> meta}.
/// A malformed line becomes a failure with id "<source>:<line>".
class JsonlReader {
 public:
  JsonlReader(std::istream& in, std::string source_name, ReadLimits limits)
      : in_(in), source_(std::move(source_name)), limits_(limits) {}
  /// The next document or failure; nullopt at end of input.
  std::optional<ReadResult> next();

 private:
  std::istream& in_;
  std::string source_;
  ReadLimits limits_;
  std::size_t line_number_ = 0;
};

}  // namespace glean
