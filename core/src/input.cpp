// glean/core/src/input.cpp - where documents come from: files, folders, JSONL on stdin
// SPDX-License-Identifier: Apache-2.0
#include "input.hpp"

#include "timeml.hpp"
#include "utf8.hpp"

#include "glean/error.hpp"

#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>

namespace glean {
namespace fs = std::filesystem;

namespace {

struct DirKey {
  dev_t dev;
  ino_t ino;
  bool operator<(const DirKey& o) const { return dev != o.dev ? dev < o.dev : ino < o.ino; }
};

std::string formatBytes(std::uint64_t n) {
  char buf[64];
  if (n >= (1ull << 30)) std::snprintf(buf, sizeof buf, "%.1f GiB", static_cast<double>(n) / (1ull << 30));
  else if (n >= (1ull << 20)) std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(n) / (1ull << 20));
  else std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(n));
  return buf;
}

/// Walks a folder depth-first in sorted order, following symlinks but never into a folder already
/// on the current path (a loop).
void walk(const fs::path& root, const fs::path& dir, std::vector<DirKey>& ancestors,
          std::vector<InputFile>& out) {
  std::vector<fs::path> entries;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    entries.push_back(it->path());
  if (ec) {
    out.push_back({fs::relative(dir, root).generic_string(), dir, "cannot list folder: " + ec.message()});
    return;
  }
  std::sort(entries.begin(), entries.end());
  for (const auto& path : entries) {
    std::string name = path.filename().string();
    if (!name.empty() && name[0] == '.') continue;  // hidden files and folders
    std::string id = path.lexically_relative(root).generic_string();
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      struct stat lst {};
      bool is_link = ::lstat(path.c_str(), &lst) == 0 && S_ISLNK(lst.st_mode);
      if (is_link && errno == ELOOP)
        out.push_back({id, path, "symbolic link loop"});
      else if (is_link)
        out.push_back({id, path, "dangling symbolic link (its target does not exist)"});
      else
        out.push_back({id, path, std::string("cannot read: ") + std::strerror(errno)});
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      DirKey key{st.st_dev, st.st_ino};
      if (std::find_if(ancestors.begin(), ancestors.end(), [&](const DirKey& k) {
            return !(k < key) && !(key < k);
          }) != ancestors.end()) {
        out.push_back({id, path, "symbolic link loop (leads back to a folder above it)"});
        continue;
      }
      ancestors.push_back(key);
      walk(root, path, ancestors, out);
      ancestors.pop_back();
    } else if (S_ISREG(st.st_mode)) {
      out.push_back({id, path, ""});
    } else {
      out.push_back({id, path, "not a regular file"});
    }
  }
}

}  // namespace

std::vector<InputFile> listInputFiles(const std::vector<std::string>& arguments) {
  std::vector<InputFile> out;
  for (const auto& arg : arguments) {
    fs::path path(arg);
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
      throw ConfigError({arg}, std::string("input not found: ") + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) {
      std::vector<DirKey> ancestors{{st.st_dev, st.st_ino}};
      walk(path, path, ancestors, out);
    } else {
      out.push_back({path.filename().string(), path, ""});
    }
  }
  return out;
}

std::string checkText(std::string_view bytes, std::size_t& offset) {
  offset = 0;
  if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') ||
                            (bytes[0] == '\xFE' && bytes[1] == '\xFF')))
    return "not UTF-8: the file starts with a UTF-16 byte order mark (convert it, e.g. iconv -f UTF-16 -t UTF-8)";
  if (auto bad = detail::firstInvalidUtf8(bytes)) {
    offset = *bad;
    return "invalid UTF-8 at byte offset " + std::to_string(*bad);
  }
  if (auto nul = bytes.find('\0'); nul != std::string_view::npos) {
    offset = nul;
    return "NUL byte at byte offset " + std::to_string(nul) + " (a binary file?)";
  }
  return {};
}

ReadResult readFile(const InputFile& input, const ReadLimits& limits) {
  ReadResult result;
  result.failure.id = input.id;
  result.failure.source = input.path.string();
  result.failure.stage = "reader";
  if (!input.error.empty()) {
    result.failure.message = input.error;
    return result;
  }
  std::FILE* f = std::fopen(input.path.c_str(), "rb");
  if (f == nullptr) {
    result.failure.message = std::string("cannot open: ") + std::strerror(errno);
    return result;
  }
  struct stat st {};
  if (::fstat(fileno(f), &st) == 0 && static_cast<std::uint64_t>(st.st_size) > limits.max_bytes) {
    std::fclose(f);
    result.bytes = static_cast<std::uint64_t>(st.st_size);
    result.failure.message = "file is " + formatBytes(result.bytes) + ", above the limit of " +
                             formatBytes(limits.max_bytes) + " (raise it with --max-file-size)";
    return result;
  }
  std::string bytes;
  bytes.resize(static_cast<std::size_t>(st.st_size));
  std::size_t got = bytes.empty() ? 0 : std::fread(bytes.data(), 1, bytes.size(), f);
  bool read_error = std::ferror(f) != 0;
  std::fclose(f);
  if (read_error) {
    result.failure.message = std::string("read error: ") + std::strerror(errno);
    return result;
  }
  bytes.resize(got);
  result.bytes = got;
  std::size_t offset = 0;
  if (std::string why = checkText(bytes, offset); !why.empty()) {
    result.failure.message = why;
    result.failure.offset = offset;
    return result;
  }
  if (isTimemlFile(input.path)) return readTimeml(input, bytes, std::move(result));
  result.document.emplace(input.id, input.path.string(), std::move(bytes));
  result.document->markValidUtf8();  // checkText above
  return result;
}

ReadResult readTimeml(const InputFile& input, std::string_view xml, ReadResult result) {
  TimemlDocument tml;
  try {
    tml = parseTimeml(xml);
  } catch (const TimemlError& e) {
    result.failure.message = std::string("malformed TimeML: ") + e.what();
    result.failure.offset = e.offset();
    return result;
  }
  // Character references may decode to anything: check the text as glean will see it.
  std::size_t offset = 0;
  if (std::string why = checkText(tml.text, offset); !why.empty()) {
    result.failure.message = "TimeML <TEXT> after decoding: " + why;
    return result;
  }
  Document doc(input.id, input.path.string(), std::move(tml.text));
  if (!tml.docid.empty()) doc.meta().set("docid", tml.docid);
  if (!tml.title.empty()) doc.meta().set("title", tml.title);
  if (!tml.dct.empty()) doc.meta().set("dct", tml.dct);
  if (!tml.dct_text.empty()) doc.meta().set("dct_text", tml.dct_text);
  result.document.emplace(std::move(doc));
  return result;
}

std::optional<ReadResult> JsonlReader::next() {
  std::string line;
  while (true) {
    if (!std::getline(in_, line)) return std::nullopt;
    ++line_number_;
    if (line.find_first_not_of(" \t\r") != std::string::npos) break;  // skip blank lines
  }
  ReadResult result;
  result.bytes = line.size() + 1;
  result.failure.id = source_ + ":" + std::to_string(line_number_);
  result.failure.source = source_;
  result.failure.stage = "reader";
  std::size_t offset = 0;
  if (std::string why = checkText(line, offset); !why.empty()) {
    result.failure.message = "line " + std::to_string(line_number_) + ": " + why;
    return result;
  }
  nlohmann::json object;
  try {
    object = nlohmann::json::parse(line);
  } catch (const nlohmann::json::parse_error& e) {
    result.failure.message = "line " + std::to_string(line_number_) + ": malformed JSON: " + e.what();
    result.failure.offset = e.byte > 0 ? e.byte - 1 : 0;
    return result;
  }
  if (!object.is_object()) {
    result.failure.message = "line " + std::to_string(line_number_) + ": expected a JSON object";
    return result;
  }
  std::string id = result.failure.id;
  if (auto it = object.find("id"); it != object.end()) {
    if (it->is_string()) id = it->get<std::string>();
    else if (it->is_number_integer()) id = std::to_string(it->get<long long>());
  }
  result.failure.id = id;
  auto text = object.find("text");
  if (text == object.end() || !text->is_string()) {
    result.failure.message = "line " + std::to_string(line_number_) + ": missing string field \"text\"";
    return result;
  }
  std::string bytes = text->get<std::string>();
  if (bytes.size() > limits_.max_bytes) {
    result.failure.message = "line " + std::to_string(line_number_) + ": text is " +
                             formatBytes(bytes.size()) + ", above the limit of " + formatBytes(limits_.max_bytes);
    return result;
  }
  if (std::string why = checkText(bytes, offset); !why.empty()) {
    result.failure.message = "line " + std::to_string(line_number_) + ": text has " + why;
    result.failure.offset = offset;
    return result;
  }
  Document doc(id, source_, std::move(bytes));
  doc.markValidUtf8();  // checkText above
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (it.key() == "id" || it.key() == "text") continue;
    const auto& v = it.value();
    if (v.is_string()) doc.meta().set(it.key(), v.get<std::string>());
    else if (v.is_boolean()) doc.meta().set(it.key(), FeatureValue(v.get<bool>()));
    else if (v.is_number_integer()) doc.meta().set(it.key(), FeatureValue(v.get<std::int64_t>()));
    else if (v.is_number()) doc.meta().set(it.key(), FeatureValue(v.get<double>()));
    else if (!v.is_null()) doc.meta().set(it.key(), v.dump());
  }
  result.document.emplace(std::move(doc));
  return result;
}

}  // namespace glean
