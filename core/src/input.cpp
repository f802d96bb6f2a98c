// glean/core/src/input.cpp - where documents come from: files, folders, JSONL on stdin
// SPDX-License-Identifier: Apache-2.0
#include "input.hpp"

#include "timeml.hpp"
#include "rules/text_util.hpp"

#include "glean/error.hpp"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

namespace {

constexpr std::size_t kReadChunk = std::size_t{1} << 20;

/// What a file that is not text probably is, from its first bytes; empty when nothing is known.
std::string_view knownBinaryFormat(std::string_view bytes) {
  struct Signature {
    std::string_view magic;
    std::string_view what;
  };
  static constexpr Signature kSignatures[] = {
      {"\x89PNG\r\n\x1A\n", "a PNG image"},
      {"\xFF\xD8\xFF", "a JPEG image"},
      {"GIF87a", "a GIF image"},
      {"GIF89a", "a GIF image"},
      {"%PDF-", "a PDF document (extract its text first, e.g. pdftotext)"},
      {"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.odt document)"},
      {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "a legacy Microsoft Office document"},
      {"\x1F\x8B", "a gzip archive"},
      {"BZh", "a bzip2 archive"},
      {"\xFD" "7zXZ", "an xz archive"},
      {"\x7F" "ELF", "an executable (ELF)"},
  };
  for (const auto& s : kSignatures)
    if (bytes.substr(0, s.magic.size()) == s.magic) return s.what;
  // UTF-16 without a byte order mark: ASCII with a NUL beside every character.
  if (bytes.size() >= 4) {
    std::size_t n = std::min<std::size_t>(bytes.size() & ~std::size_t{1}, 64);
    bool le = true, be = true;
    for (std::size_t i = 0; i < n; i += 2) {
      auto a = static_cast<unsigned char>(bytes[i]), b = static_cast<unsigned char>(bytes[i + 1]);
      le = le && a != 0 && a < 0x80 && b == 0;
      be = be && b != 0 && b < 0x80 && a == 0;
    }
    if (le || be) return "UTF-16 text without a byte order mark (convert it, e.g. iconv -f UTF-16 -t UTF-8)";
  }
  return {};
}

/// The first problem in bytes[from, end): invalid UTF-8 or a NUL byte, whichever comes first.
/// `from` must start a character. Returns an empty string when there is none.
std::string firstProblem(std::string_view bytes, std::size_t from, std::size_t end,
                         std::size_t& offset) {
  std::string_view part = bytes.substr(from, end - from);
  std::optional<std::size_t> bad = rules::firstInvalidUtf8(part);
  std::size_t nul = part.substr(0, bad.value_or(part.size())).find('\0');
  std::string why;
  if (nul != std::string_view::npos) {
    offset = from + nul;
    why = "NUL byte at byte offset " + std::to_string(offset);
  } else if (bad) {
    offset = from + *bad;
    why = "invalid UTF-8 at byte offset " + std::to_string(offset);
  } else {
    return {};
  }
  if (std::string_view what = knownBinaryFormat(bytes); !what.empty())
    return "not text: looks like " + std::string(what) + " (" + why + ")";
  return nul != std::string_view::npos ? why + " (a binary file?)" : why;
}

/// The end of the part of `bytes` that holds whole characters only: a read may have cut the last
/// UTF-8 sequence, whose rest is still to come.
std::size_t completeEnd(std::string_view bytes) {
  std::size_t n = bytes.size();
  for (std::size_t back = 1; back <= 3 && back <= n; ++back) {
    auto c = static_cast<unsigned char>(bytes[n - back]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return len > back ? n - back : n;
  }
  return n;
}

const char* const kUtf16Bom =
    "not UTF-8: the file starts with a UTF-16 byte order mark (convert it, e.g. iconv -f UTF-16 -t UTF-8)";

bool startsWithUtf16Bom(std::string_view bytes) {
  return bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') ||
                               (bytes[0] == '\xFE' && bytes[1] == '\xFF'));
}

}  // namespace

std::string checkText(std::string_view bytes, std::size_t& offset) {
  offset = 0;
  if (startsWithUtf16Bom(bytes)) return kUtf16Bom;
  return firstProblem(bytes, 0, bytes.size(), offset);
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
  // O_NONBLOCK: opening a named pipe must not wait for a writer (it is refused just below); it
  // changes nothing for a regular file.
  int fd = ::open(input.path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  std::FILE* f = fd < 0 ? nullptr : ::fdopen(fd, "rb");
  if (f == nullptr) {
    result.failure.message = std::string("cannot open: ") + std::strerror(errno);
    if (fd >= 0) ::close(fd);
    return result;
  }
  struct Closer {
    std::FILE* f;
    ~Closer() { std::fclose(f); }
  } closer{f};
  struct stat st {};
  if (::fstat(fileno(f), &st) != 0) {
    result.failure.message = std::string("cannot read: ") + std::strerror(errno);
    return result;
  }
  if (!S_ISREG(st.st_mode)) {
    // A device or a pipe given by name: its size says nothing, and it may never end.
    result.failure.message = "not a regular file";
    return result;
  }
  // A file refused by its size was not read: it adds nothing to the bytes of the run (its speed).
  auto tooLarge = [&](std::uint64_t size) {
    result.failure.message = "file is " + formatBytes(size) + ", above the limit of " +
                             formatBytes(limits.max_bytes) + " (raise it with --max-file-size)";
  };
  if (static_cast<std::uint64_t>(st.st_size) > limits.max_bytes) {
    tooLarge(static_cast<std::uint64_t>(st.st_size));
    return result;
  }
  // Read in chunks and check each as it arrives: a binary file is refused at its first bad byte,
  // without reading (or keeping in memory) the rest. reserve() only maps memory; pages count
  // once they are read into. Reading goes on to the end of the file, whatever stat said.
  std::string bytes;
  bytes.reserve(static_cast<std::size_t>(st.st_size));
  std::size_t checked = 0;
  char spill[1 << 16];
  while (true) {
    std::size_t got = 0;
    if (bytes.size() < bytes.capacity()) {
      std::size_t old_size = bytes.size();
      std::size_t want = std::min(kReadChunk, bytes.capacity() - old_size);
      bytes.resize(old_size + want);
      got = std::fread(bytes.data() + old_size, 1, want, f);
      bytes.resize(old_size + got);
    } else {
      // Past the size stat gave: the file grew, or the system does not know its size (/proc).
      got = std::fread(spill, 1, sizeof spill, f);
      bytes.append(spill, got);
    }
    if (got == 0) {
      if (std::ferror(f) != 0) {
        result.bytes = bytes.size();
        result.failure.message = std::string("read error at byte offset ") +
                                 std::to_string(bytes.size()) + ": " + std::strerror(errno);
        result.failure.offset = bytes.size();
        return result;
      }
      break;
    }
    if (bytes.size() > limits.max_bytes) {  // the file grew while it was read
      result.bytes = bytes.size();
      tooLarge(bytes.size());
      return result;
    }
    if (checked == 0 && startsWithUtf16Bom(bytes)) {
      result.failure.message = kUtf16Bom;
      result.failure.offset = 0;
      return result;
    }
    std::size_t end = completeEnd(bytes);
    std::size_t offset = 0;
    if (std::string why = firstProblem(bytes, checked, end, offset); !why.empty()) {
      result.bytes = bytes.size();
      result.failure.message = why;
      result.failure.offset = offset;
      return result;
    }
    checked = end;
  }
  result.bytes = bytes.size();
  std::size_t offset = 0;
  if (std::string why = firstProblem(bytes, checked, bytes.size(), offset); !why.empty()) {
    result.failure.message = why;  // a sequence cut off by the end of the file
    result.failure.offset = offset;
    return result;
  }
  if (isTimemlFile(input.path)) return readTimeml(input, bytes, std::move(result));
  result.document.emplace(input.id, input.path.string(), std::move(bytes));
  result.document->markValidUtf8();  // firstProblem() checked every chunk above
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

namespace {

/// Reads one line (without its '\n') into `line`, keeping at most `cap` bytes of it; the rest of a
/// longer line is consumed and counted in `length` only. False at the end of input.
bool readLine(std::istream& in, std::string& line, std::uint64_t cap, std::uint64_t& length) {
  line.clear();
  length = 0;
  std::streambuf* buf = in.rdbuf();
  bool any = false;
  while (true) {
    int c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) {
      if (!any) in.setstate(std::ios::eofbit);
      return any;
    }
    any = true;
    if (c == '\n') return true;
    if (++length <= cap) line.push_back(static_cast<char>(c));
  }
}

}  // namespace

std::optional<ReadResult> JsonlReader::next() {
  // A JSON string may take more bytes than its text (escapes): a line gets twice the file limit.
  const std::uint64_t cap = limits_.max_bytes * 2 + (1u << 20);
  std::string line;
  std::uint64_t length = 0;
  while (true) {
    if (!readLine(in_, line, cap, length)) return std::nullopt;
    ++line_number_;
    if (length > cap || line.find_first_not_of(" \t\r") != std::string::npos) break;  // skip blank lines
  }
  ReadResult result;
  result.bytes = length + 1;
  result.failure.id = source_ + ":" + std::to_string(line_number_);
  result.failure.source = source_;
  result.failure.stage = "reader";
  if (length > cap) {
    result.failure.message = "line " + std::to_string(line_number_) + " is " + formatBytes(length) +
                             ", above the limit of " + formatBytes(cap) +
                             " for a line (twice --max-file-size, plus 1 MiB)";
    return result;
  }
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
