// glean/tests/hardening/bad_input_matrix_test.cpp - the bad-input matrix, run through the glean binary
// SPDX-License-Identifier: Apache-2.0
//
// Analysts point glean at folders they did not make. Each case here is one kind of bad input, run
// as a user runs it (`glean run`), with its asserted outcome: the exit code, the error record (file,
// stage, message, byte offset) or the located configuration error, and that every other document
// was still processed and written. Where a lower-level test already pins a detail, the case says
// which (input_test.cpp: folder listing; rules_format_test.cpp: every rule-file error's column;
// pipeline_test.cpp: every tests/data/bad_*.toml; plugin_loader_test.cpp: each loader refusal).
//
//   document-level (exit 1, an errors.jsonl record each, the rest written)
//     invalid UTF-8, Latin-1, a character cut by the end of the file, UTF-16 with a byte order mark
//     (LE, BE) and without one, NUL bytes, images (PNG, GIF), a PDF, a dangling symlink, symlink
//     loops (to itself, to a folder above), a named pipe, an unreadable file, a 1 GB file (refused
//     by size; and by content with the limit raised, reading only its first megabyte)
//   documents that are fine (written, no record)
//     an empty file, a BOM + CRLF file, a file of one 50 MB line, an empty folder (said so)
//   configuration (exit 2, one located error, nothing run)
//     a pipeline cut off mid-string and mid-table (and at every byte, in-process), rule files with
//     a broken pattern, an unknown macro, a macro cycle, a duplicated rule id, a TSV lexicon with a
//     malformed line, an entities-stage gazetteer with a malformed line or an unknown type, a
//     non-plugin library
//     on the plugin path (--plugin-dir and GLEAN_PLUGIN_PATH)
//   a rule that backtracks catastrophically (exit 1, the document is written with an issue naming
//     the rule; the run finishes)
// (SIGINT and SIGTERM in a -j4 run, then --resume: interrupt_test.cpp, which ThreadSanitizer runs too.)
#include "diagnostics.hpp"
#include "glean/version.hpp"
#include "host_services.hpp"
#include "logging.hpp"
#include "pipeline.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using glean::test::CommandResult;
using glean::test::readFile;
using glean::test::readJsonl;
using glean::test::runCommand;
using glean::test::runGlean;
using glean::test::writeFile;
using nlohmann::json;

namespace {

// The memory bounds below are for a normal build; under AddressSanitizer (shadow memory, quarantine)
// the same run takes two to three times as much.
#ifdef GLEAN_TEST_SANITIZED
constexpr std::uint64_t kMemorySlack = 3;
#else
constexpr std::uint64_t kMemorySlack = 1;
#endif

fs::path bundledPipeline() { return fs::path(GLEAN_SOURCE_DIR) / "pipelines" / "country-reports.toml"; }
fs::path hardeningData(const std::string& name) {
  return fs::path(GLEAN_TEST_DATA_DIR) / "hardening" / name;
}

const char* const kUtf16Bom =
    "not UTF-8: the file starts with a UTF-16 byte order mark (convert it, e.g. iconv -f UTF-16 -t UTF-8)";

/// What a `glean run` left behind.
struct RunResult {
  CommandResult command;
  std::vector<json> documents;  // documents.jsonl
  std::vector<json> errors;     // errors.jsonl
  std::optional<json> stats;    // --stats, when asked for
};

/// Runs `glean run PIPELINE INPUT -o OUT [extra...]` (behind `wrapper`, e.g. setpriv or env).
RunResult runFolder(const fs::path& pipeline, const fs::path& input, const fs::path& out,
                    std::vector<std::string> extra = {}, std::vector<std::string> wrapper = {}) {
  std::vector<std::string> argv = wrapper;
  argv.push_back(GLEAN_BINARY);
  for (std::string a : {std::string("run"), pipeline.string(), input.string(), std::string("-o"),
                        out.string(), std::string("--stats"), (out.parent_path() / "stats.json").string()})
    argv.push_back(a);
  argv.insert(argv.end(), extra.begin(), extra.end());
  RunResult r;
  r.command = runCommand(argv);
  if (fs::exists(out / "documents.jsonl")) r.documents = readJsonl(out / "documents.jsonl");
  if (fs::exists(out / "errors.jsonl")) r.errors = readJsonl(out / "errors.jsonl");
  if (fs::exists(out.parent_path() / "stats.json"))
    r.stats = json::parse(readFile(out.parent_path() / "stats.json"));
  return r;
}

std::vector<std::string> docIds(const std::vector<json>& lines) {
  std::vector<std::string> ids;
  for (const auto& l : lines) ids.push_back(l["doc"]);
  return ids;
}

/// The error record of `doc`; fails the test unless there is exactly one.
json errorOf(const RunResult& r, const std::string& doc) {
  std::vector<json> found;
  for (const auto& e : r.errors)
    if (e["doc"] == doc) found.push_back(e);
  REQUIRE_MESSAGE(found.size() == 1, "error records for '" << doc << "': " << found.size());
  return found[0];
}

/// One bad document: how to make it and the record it must get.
struct BadDocument {
  std::string name;  // path under the input folder
  std::string message;
  std::optional<std::size_t> offset;  // nullopt: the record's offset is null
};

/// Checks a reader failure record field by field.
void checkReaderRecord(const RunResult& r, const fs::path& input, const BadDocument& bad) {
  CAPTURE(bad.name);
  json e = errorOf(r, bad.name);
  CHECK(e["source"] == (input / bad.name).string());
  CHECK(e["stage"] == "reader");
  CHECK(e["message"] == bad.message);
  if (bad.offset) CHECK(e["offset"] == *bad.offset);
  else CHECK(e["offset"].is_null());
  CHECK(e["written"] == false);
  // The log names the file and the reason too.
  CHECK(r.command.err.find((input / bad.name).string() + ": " + bad.message) != std::string::npos);
}

/// Every document written must be whole: its byte count and every annotation's text match the file.
void checkWritten(const RunResult& r, const fs::path& input) {
  for (const auto& d : r.documents) {
    std::string text = readFile(input / d["doc"].get<std::string>());
    CAPTURE(d["doc"].get<std::string>());
    CHECK(d["bytes"] == text.size());
    for (const auto& a : d["annotations"]) {
      std::size_t b = a["begin"], e = a["end"];
      REQUIRE(e <= text.size());
      CHECK(a["text"] == text.substr(b, e - b));
    }
  }
}

/// The first bytes of a PNG image and of a GIF image (signature, header, a chunk), as an
/// analyst's scrape may hold.
std::string pngImage() {
  return std::string(
      "\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1F\x15\xC4\x89\0\0\0\r"
      "IDATx\x9C" "c\xF8\xFF\xFF?\0\x05\xFE\x02\xFE\xA7\x35\x81\x84\0\0\0\0IEND\xAE" "B`\x82",
      69);
}
std::string gifImage() {
  return std::string("GIF89a\x01\0\x01\0\x80\0\0\xFF\xFF\xFF\0\0\0!\xF9\x04\x01\0\0\0\0,\0\0\0\0"
                     "\x01\0\x01\0\0\x02\x02" "D\x01\0;",
                     43);
}

/// Can this process make a child that is refused a mode-000 file? As root, only without the
/// capabilities that bypass file permissions (setpriv drops them from the bounding set).
std::optional<std::vector<std::string>> unprivilegedWrapper() {
  if (::geteuid() != 0) return std::vector<std::string>{};
  std::vector<std::string> wrapper{"setpriv", "--bounding-set", "-dac_override,-dac_read_search"};
  fs::path probe = glean::test::freshDir("matrix-setpriv-probe") / "locked";
  writeFile(probe, "x");
  fs::permissions(probe, fs::perms::none);
  std::vector<std::string> argv = wrapper;
  argv.insert(argv.end(), {"cat", probe.string()});
  CommandResult r = runCommand(argv);
  if (r.exit_code != 0 && r.err.find("Permission denied") != std::string::npos) return wrapper;
  return std::nullopt;
}

/// The path of a shared library this process has loaded whose file name starts with `prefix`.
fs::path loadedLibrary(const std::string& prefix) {
  struct Search {
    std::string prefix;
    fs::path found;
  } search{prefix, {}};
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* data) {
        auto* s = static_cast<Search*>(data);
        if (info->dlpi_name != nullptr && *info->dlpi_name != '\0' && s->found.empty() &&
            fs::path(info->dlpi_name).filename().string().rfind(s->prefix, 0) == 0)
          s->found = info->dlpi_name;
        return 0;
      },
      &search);
  return search.found;
}

/// The located error a data file's first line announces: "# expect: LINE:COL: phrase" for an error
/// in the file itself, "# expect: OTHER:LINE: phrase" for one in a file beside it (a TSV lexicon).
std::string expectedError(const fs::path& file) {
  std::string first = readFile(file);
  first = first.substr(0, first.find('\n'));
  std::smatch m;
  static const std::regex pattern(R"(^# expect: (?:([^:\d][^:]*):)?(\d+(?::\d+)?): (.*)$)");
  REQUIRE_MESSAGE(std::regex_match(first, m, pattern), file.string() << " lacks an expect line");
  fs::path where = m[1].matched ? file.parent_path() / m[1].str() : file;
  return where.string() + ":" + m[2].str() + ": error: " + m[3].str();
}

/// Cuts the bundled pipeline at every byte n with n % parts == part (the cases below split the
/// cuts four ways so that ctest -j runs them side by side; under ASan all of them took 45 s): every
/// prefix of the file is either a pipeline or a list of errors, each naming the file and a line of
/// it; nothing else escapes. In-process: the glean binary would take a second per cut.
void checkCutsOfBundledPipeline(std::size_t part, std::size_t parts) {
  std::string whole = readFile(bundledPipeline());
  fs::path dir = glean::test::freshDir("matrix-every-cut-" + std::to_string(part));
  fs::path rules = fs::path(GLEAN_SOURCE_DIR) / "rules";
  // The copy sits where the original does, relative to rules/.
  fs::create_directory_symlink(rules, dir / "rules");
  fs::create_directories(dir / "pipelines");
  fs::path file = dir / "pipelines" / "cut.toml";
  glean::Host host(glean::nullLogger());
  glean::PluginLoader plugins({GLEAN_PLUGIN_DIR});
  std::size_t loaded = 0, refused = 0, cuts = 0;
  for (std::size_t n = part; n <= whole.size(); n += parts) {
    ++cuts;
    std::string prefix = whole.substr(0, n);
    writeFile(file, prefix);
    int lines = 1 + static_cast<int>(std::count(prefix.begin(), prefix.end(), '\n'));
    try {
      glean::loadPipeline(file, plugins, host, glean::nullLogger());
      ++loaded;
    } catch (const glean::detail::ConfigErrors& e) {
      ++refused;
      REQUIRE_FALSE(e.errors().empty());
      for (const auto& one : e.errors()) {
        CAPTURE(n);
        CAPTURE(std::string(one.what()));
        // Errors about the pipeline point into it; a stage's own (a rule file) name theirs.
        if (one.where().file != file.string()) continue;
        CHECK(one.where().line >= 1);
        CHECK(one.where().line <= lines);
      }
    }
  }
  // The whole file loads; most cuts do not.
  if (whole.size() % parts == part) CHECK(loaded >= 1);
  CHECK(refused >= cuts / 2);
}

}  // namespace

TEST_SUITE("bad_input_matrix") {
  TEST_CASE("a folder of bad documents: each gets a located error record, every other document is written") {
    fs::path dir = glean::test::freshDir("matrix-documents");
    fs::path in = dir / "in";
    // Documents that are fine.
    writeFile(in / "good-report.txt", readFile(glean::test::seedReport()));
    writeFile(in / "good-plain.txt", "The ministry announced the decision on Monday.\n");
    writeFile(in / "empty.txt", "");
    writeFile(in / "bom-crlf.txt", "\xEF\xBB\xBFWith a byte order mark\r\nand CRLF line ends.\r\n");
    writeFile(in / "sub" / "deeper" / "good-nested.txt", "Nested two folders down.\n");
    fs::create_directories(in / "empty-subfolder");
    // Documents that are not (each with the record it must get).
    std::vector<BadDocument> bad = {
        {"invalid-utf8.txt", "invalid UTF-8 at byte offset 9", 9},
        {"latin1.txt", "invalid UTF-8 at byte offset 3", 3},
        {"cut-character.txt", "invalid UTF-8 at byte offset 19", 19},
        {"utf16le-bom.txt", kUtf16Bom, 0},
        {"utf16be-bom.txt", kUtf16Bom, 0},
        {"utf16le-no-bom.txt",
         "not text: looks like UTF-16 text without a byte order mark (convert it, e.g. iconv -f "
         "UTF-16 -t UTF-8) (NUL byte at byte offset 1)",
         1},
        {"nul.txt", "NUL byte at byte offset 3 (a binary file?)", 3},
        {"image.png", "not text: looks like a PNG image (invalid UTF-8 at byte offset 0)", 0},
        {"image.gif", "not text: looks like a GIF image (NUL byte at byte offset 7)", 7},
        {"report.pdf",
         "not text: looks like a PDF document (extract its text first, e.g. pdftotext) (invalid "
         "UTF-8 at byte offset 10)",
         10},
        {"dangling.txt", "dangling symbolic link (its target does not exist)", std::nullopt},
        {"self-loop.txt", "symbolic link loop", std::nullopt},
        {"loop/back", "symbolic link loop (leads back to a folder above it)", std::nullopt},
        {"pipe.fifo", "not a regular file", std::nullopt},
    };
    writeFile(in / "invalid-utf8.txt", "good text\xC3(bad");
    writeFile(in / "latin1.txt", "caf\xE9 au lait");
    writeFile(in / "cut-character.txt", "ends mid-character \xE2\x82");
    writeFile(in / "utf16le-bom.txt", std::string("\xFF\xFEh\0i\0", 6));
    writeFile(in / "utf16be-bom.txt", std::string("\xFE\xFF\0h\0i", 6));
    writeFile(in / "utf16le-no-bom.txt", std::string("h\0e\0l\0l\0o\0", 10));
    writeFile(in / "nul.txt", std::string("abc\0def", 7));
    writeFile(in / "image.png", pngImage());
    writeFile(in / "image.gif", gifImage());
    writeFile(in / "report.pdf", "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n");
    fs::create_symlink(in / "nowhere.txt", in / "dangling.txt");
    fs::create_symlink("self-loop.txt", in / "self-loop.txt");
    fs::create_directories(in / "loop");
    fs::create_directory_symlink(in, in / "loop" / "back");
    REQUIRE(::mkfifo((in / "pipe.fifo").c_str(), 0644) == 0);

    RunResult r = runFolder(bundledPipeline(), in, dir / "out");
    INFO(r.command.err);
    CHECK(r.command.exit_code == 1);
    // Every good document is written, in input order, whole.
    CHECK(docIds(r.documents) == std::vector<std::string>{"bom-crlf.txt", "empty.txt", "good-plain.txt",
                                                         "good-report.txt", "sub/deeper/good-nested.txt"});
    checkWritten(r, in);
    // Every bad one has its record, and nothing else is in the error report.
    for (const auto& b : bad) checkReaderRecord(r, in, b);
    CHECK(r.errors.size() == bad.size());
    REQUIRE(r.stats.has_value());
    CHECK((*r.stats)["written"] == 5);
    CHECK((*r.stats)["failed"] == bad.size());
    CHECK(r.command.err.find(fmt::format("written 5, failed {}", bad.size())) != std::string::npos);
    // run.json lists every input exactly once: nothing lost, nothing twice.
    auto journal = json::parse(readFile(dir / "out" / "run.json"));
    std::multiset<std::string> completed(journal["completed"].begin(), journal["completed"].end());
    CHECK(completed.size() == 5 + bad.size());
    for (const auto& id : completed) CHECK(completed.count(id) == 1);
  }

  TEST_CASE("an unreadable file gets 'permission denied' and the folder's other documents are written") {
    auto wrapper = unprivilegedWrapper();
    if (!wrapper) {
      MESSAGE("SKIPPED: running as root and setpriv cannot drop CAP_DAC_OVERRIDE here, so no file "
              "is unreadable to glean; the unreadable-file case was not run");
      return;
    }
    fs::path dir = glean::test::freshDir("matrix-unreadable");
    fs::path in = dir / "in";
    writeFile(in / "a-readable.txt", "Readable text.\n");
    writeFile(in / "locked.txt", "Text nobody may read.\n");
    writeFile(in / "z-readable.txt", "More readable text.\n");
    fs::permissions(in / "locked.txt", fs::perms::none);
    RunResult r = runFolder(bundledPipeline(), in, dir / "out", {}, *wrapper);
    INFO(r.command.err);
    CHECK(r.command.exit_code == 1);
    CHECK(docIds(r.documents) == std::vector<std::string>{"a-readable.txt", "z-readable.txt"});
    checkReaderRecord(r, in, {"locked.txt", "cannot open: Permission denied", std::nullopt});
    CHECK(r.errors.size() == 1);
  }

  TEST_CASE("an empty input folder: nothing to do, the log says so, exit 0") {
    fs::path dir = glean::test::freshDir("matrix-empty-folder");
    fs::create_directories(dir / "in");
    writeFile(dir / "in" / ".hidden-only", "hidden files are skipped");
    RunResult r = runFolder(bundledPipeline(), dir / "in", dir / "out");
    INFO(r.command.err);
    CHECK(r.command.exit_code == 0);
    CHECK(r.command.err.find("input folder '" + (dir / "in").string() +
                             "' holds no files to read (hidden ones are skipped)") != std::string::npos);
    CHECK(r.command.err.find("glean: 0 document(s)") != std::string::npos);
    CHECK(fs::exists(dir / "out" / "documents.jsonl"));
    CHECK(r.documents.empty());
    CHECK(r.errors.empty());
  }

  TEST_CASE("a file of one 50 MB line is segmented and written whole, memory stays near its size") {
    fs::path dir = glean::test::freshDir("matrix-long-line");
    fs::path in = dir / "in";
    const std::size_t size = std::size_t{50} << 20;
    {
      // Words and commas, no full stop and no line break, for 50 MiB.
      fs::create_directories(in);
      std::ofstream out(in / "one-line.txt", std::ios::binary);
      const std::string words = "the committee noted, without further comment, that reports continued ";
      std::string block;
      while (block.size() < (1u << 20)) block += words;
      block.resize(1u << 20);
      for (std::size_t done = 0; done < size; done += block.size())
        out.write(block.data(), static_cast<std::streamsize>(block.size()));
      REQUIRE(out.good());
    }
    writeFile(in / "short.txt", "A short document beside it.\n");
    RunResult r = runFolder(bundledPipeline(), in, dir / "out", {"-j", "2"});
    INFO(r.command.err);
    CHECK(r.command.exit_code == 0);
    REQUIRE(docIds(r.documents) == std::vector<std::string>{"one-line.txt", "short.txt"});
    checkWritten(r, in);
    const json& big = r.documents[0];
    CHECK(big["bytes"] == size);
    // Sentences (cut where they grow too long) cover the line: only spaces lie between them.
    std::string text = readFile(in / "one-line.txt");
    std::size_t covered = 0, sentences = 0;
    auto onlySpaces = [&](std::size_t from, std::size_t to) {
      return text.find_first_not_of(' ', from) >= to;
    };
    for (const auto& a : big["annotations"]) {
      if (a["type"] != "Sentence") continue;
      ++sentences;
      std::size_t b = a["begin"], e = a["end"];
      CHECK(b >= covered);
      CHECK(onlySpaces(covered, b));
      covered = e;
    }
    CHECK(sentences > 1);
    CHECK(onlySpaces(covered, text.size()));
    REQUIRE(r.stats.has_value());
    std::uint64_t rss = (*r.stats)["peak_rss_bytes"];
    MESSAGE("peak RSS with a 50 MiB one-line document: " << rss / (1u << 20) << " MiB");
    CHECK(rss < 16 * size * kMemorySlack);
  }

  TEST_CASE("a 1 GB file is refused before it is read, raising the limit, it is refused at its first bad byte") {
    fs::path dir = glean::test::freshDir("matrix-huge");
    fs::path in = dir / "in";
    writeFile(in / "a-small.txt", "A small document.\n");
    {
      std::ofstream out(in / "huge.bin", std::ios::binary);
    }
    fs::resize_file(in / "huge.bin", std::uint64_t{1} << 30);  // sparse: no disk, all zero bytes
    RunResult r = runFolder(bundledPipeline(), in, dir / "out");
    INFO(r.command.err);
    CHECK(r.command.exit_code == 1);
    CHECK(docIds(r.documents) == std::vector<std::string>{"a-small.txt"});
    checkReaderRecord(r, in, {"huge.bin",
                              "file is 1.0 GiB, above the limit of 512.0 MiB (raise it with --max-file-size)",
                              std::nullopt});
    REQUIRE(r.stats.has_value());
    CHECK((*r.stats)["bytes"] == 18);  // only the small document's: the huge one was never read
    std::uint64_t refused_rss = (*r.stats)["peak_rss_bytes"];
    MESSAGE("peak RSS, 1 GiB file refused by size: " << refused_rss / (1u << 20) << " MiB");
    CHECK(refused_rss < (std::uint64_t{256} << 20) * kMemorySlack);

    // With the limit above the file's size the reader checks the bytes as they arrive: the first
    // megabyte already holds a NUL, so the rest is never read.
    RunResult raised = runFolder(bundledPipeline(), in, dir / "out-raised", {"--max-file-size", "2147483648"});
    INFO(raised.command.err);
    CHECK(raised.command.exit_code == 1);
    CHECK(docIds(raised.documents) == std::vector<std::string>{"a-small.txt"});
    checkReaderRecord(raised, in, {"huge.bin", "NUL byte at byte offset 0 (a binary file?)", 0});
    REQUIRE(raised.stats.has_value());
    std::uint64_t raised_rss = (*raised.stats)["peak_rss_bytes"];
    MESSAGE("peak RSS, 1 GiB binary file with the limit raised: " << raised_rss / (1u << 20) << " MiB");
    CHECK(raised_rss < (std::uint64_t{256} << 20) * kMemorySlack);
  }

  TEST_CASE("a pipeline cut off mid-string or mid-table: a located error, exit 2, nothing run") {
    fs::path dir = glean::test::freshDir("matrix-cut-pipeline");
    writeFile(dir / "in" / "a.txt", "Text.\n");
    // tests/data/bad_cut_off.toml (pipeline_test.cpp checks its position in-process).
    fs::path cut = fs::path(GLEAN_TEST_DATA_DIR) / "bad_cut_off.toml";
    RunResult r = runFolder(cut, dir / "in", dir / "out");
    CHECK(r.command.exit_code == 2);
    CHECK(r.command.err.find(cut.string() + ":5:21: error: Error while parsing string: encountered end-of-file") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(dir / "out"));
    // Cut inside a table header.
    std::string whole = readFile(bundledPipeline());
    std::size_t second_stage = whole.rfind("\n[[stage]]") + 1;  // the last table, not a commented one
    writeFile(dir / "mid-table.toml", whole.substr(0, second_stage + 5));
    RunResult t = runFolder(dir / "mid-table.toml", dir / "in", dir / "out");
    CHECK(t.command.exit_code == 2);
    int line = 1 + static_cast<int>(std::count(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(second_stage), '\n'));
    CHECK(t.command.err.find((dir / "mid-table.toml").string() + ":" + std::to_string(line) + ":") !=
          std::string::npos);
    CHECK(t.command.err.find(": error: ") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "out"));
  }

  // Four cases of a quarter of the cuts each (see checkCutsOfBundledPipeline).
  TEST_CASE("the bundled pipeline cut at every byte loads or gives located errors inside the file (cuts 1/4)") {
    checkCutsOfBundledPipeline(0, 4);
  }
  TEST_CASE("the bundled pipeline cut at every byte loads or gives located errors inside the file (cuts 2/4)") {
    checkCutsOfBundledPipeline(1, 4);
  }
  TEST_CASE("the bundled pipeline cut at every byte loads or gives located errors inside the file (cuts 3/4)") {
    checkCutsOfBundledPipeline(2, 4);
  }
  TEST_CASE("the bundled pipeline cut at every byte loads or gives located errors inside the file (cuts 4/4)") {
    checkCutsOfBundledPipeline(3, 4);
  }

  TEST_CASE("rule files with a broken pattern, an unknown macro, a macro cycle, a duplicate id, a malformed TSV lexicon line: located, exit 2, nothing run") {
    // rules_format_test.cpp checks each error's position in-process; here the user's view. The
    // lexicon case is the rule engine's TSV lexicon (bad_lexicon.tsv, a line with two TABs), named
    // as file:line; the entities stage's gazetteers have their own case below.
    fs::path dir = glean::test::freshDir("matrix-bad-rules");
    writeFile(dir / "in" / "a.txt", "The Ministry of Justice.\n");
    for (const char* name : {"bad_rule_pattern.toml", "bad_rule_unknown_macro.toml",
                             "bad_rule_macro_cycle.toml", "bad_rule_duplicate_id.toml",
                             "bad_lexicon.toml"}) {
      std::string file_name = name;
      CAPTURE(file_name);
      fs::path rules = hardeningData(name);
      fs::path pipeline = dir / (std::string(name) + ".pipeline.toml");
      writeFile(pipeline, "[[stage]]\nuse = \"rules\"\nfile = \"" + rules.string() +
                              "\"\n\n[[stage]]\nuse = \"jsonl\"\n");
      RunResult r = runFolder(pipeline, dir / "in", dir / "out");
      INFO(r.command.err);
      CHECK(r.command.exit_code == 2);
      CHECK(r.command.err.find(expectedError(rules)) != std::string::npos);
      CHECK_FALSE(fs::exists(dir / "out"));
    }
  }

  TEST_CASE("a gazetteer of the entities stage with a malformed line or an unknown type: file:line named, exit 2, nothing run") {
    // The pipeline a user writes: the bundled stages, the entities stage reading their own gazetteer.
    // A configuration error stops the run before any document: no output folder, no stats.
    fs::path dir = glean::test::freshDir("matrix-bad-gazetteer");
    writeFile(dir / "in" / "a.txt", "Kazakhstan's capital is Astana.\n");
    fs::path rules = fs::path(GLEAN_SOURCE_DIR) / "rules";
    for (const char* name : {"bad_gazetteer_columns.tsv", "bad_gazetteer_type.tsv"}) {
      std::string file_name = name;
      CAPTURE(file_name);
      fs::path gazetteer = hardeningData(name);
      fs::path pipeline = dir / (file_name + ".pipeline.toml");
      writeFile(pipeline, "[[stage]]\nuse = \"segmenter\"\nlayouts = \"" + (rules / "layout").string() +
                              "\"\nsentences = \"" + (rules / "sentences" / "en.toml").string() +
                              "\"\n\n[[stage]]\nuse = \"entities\"\ngazetteers = \"" +
                              gazetteer.string() + "\"\n\n[[stage]]\nuse = \"jsonl\"\n");
      RunResult r = runFolder(pipeline, dir / "in", dir / "out");
      INFO(r.command.err);
      CHECK(r.command.exit_code == 2);
      // The full path of the gazetteer, the line (and the type's column), the reason.
      CHECK(r.command.err.find(expectedError(gazetteer)) != std::string::npos);
      CHECK_FALSE(fs::exists(dir / "out"));
      CHECK_FALSE(fs::exists(dir / "stats.json"));
    }
    // The same gazetteer without its bad line runs: the error was that line, not the pipeline.
    std::string good = readFile(hardeningData("bad_gazetteer_type.tsv"));
    good.erase(good.find("Almaty\tCITY\n"), std::string("Almaty\tCITY\n").size());
    writeFile(dir / "good.tsv", good);
    writeFile(dir / "good.pipeline.toml",
              "[[stage]]\nuse = \"segmenter\"\nlayouts = \"" + (rules / "layout").string() +
                  "\"\nsentences = \"" + (rules / "sentences" / "en.toml").string() +
                  "\"\n\n[[stage]]\nuse = \"entities\"\ngazetteers = \"" + (dir / "good.tsv").string() +
                  "\"\n\n[[stage]]\nuse = \"jsonl\"\n");
    RunResult fine = runFolder(dir / "good.pipeline.toml", dir / "in", dir / "out");
    INFO(fine.command.err);
    CHECK(fine.command.exit_code == 0);
    REQUIRE(fine.documents.size() == 1);
    std::set<std::string> gpe;
    for (const auto& a : fine.documents[0]["annotations"])
      if (a["type"] == "GPE") gpe.insert(a["text"].get<std::string>());
    CHECK(gpe == std::set<std::string>{"Kazakhstan", "Astana"});
  }

  TEST_CASE("a non-plugin library on the plugin path is refused by name, a pipeline not using it runs") {
    fs::path dir = glean::test::freshDir("matrix-not-a-plugin");
    writeFile(dir / "in" / "a.txt", "Text.\n");
    fs::path library = loadedLibrary("libstdc++");
    REQUIRE_FALSE(library.empty());
    fs::create_directories(dir / "plugins");
    fs::copy_file(library, dir / "plugins" / "glean-stdcxx.so");
    writeFile(dir / "p.toml", "[[stage]]\nuse = \"stdcxx\"\n");
    std::string expected = (dir / "p.toml").string() + ":2:7: error: plugin '" +
                           (dir / "plugins" / "glean-stdcxx.so").string() +
                           "': no 'glean_plugin_info_v" GLEAN_PP_STR(GLEAN_PLUGIN_API_VERSION) "' entry point in section 'glean'; is this a "
                           "glean plugin?";
    RunResult not_on_path = runFolder(dir / "p.toml", dir / "in", dir / "out", {},
                                      {"env", "GLEAN_PLUGIN_PATH="});
    CHECK(not_on_path.command.exit_code == 2);
    CHECK(not_on_path.command.err.find("unknown plugin 'stdcxx'") != std::string::npos);
    std::vector<std::string> argv{GLEAN_BINARY, "--plugin-dir", (dir / "plugins").string(), "run",
                                  (dir / "p.toml").string(), (dir / "in").string(), "-o",
                                  (dir / "out").string()};
    CommandResult with_dir = runCommand(argv);
    CHECK(with_dir.exit_code == 2);
    CHECK(with_dir.err.find(expected) != std::string::npos);
    CommandResult with_env = runCommand({"env", "GLEAN_PLUGIN_PATH=" + (dir / "plugins").string(), GLEAN_BINARY,
                                         "run", (dir / "p.toml").string(), (dir / "in").string(), "-o",
                                         (dir / "out").string()});
    CHECK(with_env.exit_code == 2);
    CHECK(with_env.err.find(expected) != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "out"));
    // The junk library does not disturb a pipeline that does not name it.
    RunResult fine = runFolder(bundledPipeline(), dir / "in", dir / "out", {},
                               {"env", "GLEAN_PLUGIN_PATH=" + (dir / "plugins").string()});
    CHECK(fine.command.exit_code == 0);
    CHECK(docIds(fine.documents) == std::vector<std::string>{"a.txt"});
  }

  TEST_CASE("a user rule with catastrophic backtracking costs its document one issue naming the rule, the run finishes") {
    fs::path dir = glean::test::freshDir("matrix-catastrophic");
    fs::path in = dir / "in";
    writeFile(in / "a-ministry.txt", "The Ministry of Justice replied.\n");
    writeFile(in / "runaway.txt", "The Ministry said " + std::string(30000, 'a') + "b\n");
    writeFile(in / "z-ministry.txt", "Another Ministry statement.\n");
    fs::path layouts = fs::path(GLEAN_SOURCE_DIR) / "rules" / "layout";
    fs::path sentences = fs::path(GLEAN_SOURCE_DIR) / "rules" / "sentences" / "en.toml";
    writeFile(dir / "p.toml", "[[stage]]\nuse = \"segmenter\"\nlayouts = \"" + layouts.string() +
                                  "\"\nsentences = \"" + sentences.string() +
                                  "\"\n\n[[stage]]\nuse = \"rules\"\nname = \"analyst-rules\"\nfile = \"" +
                                  hardeningData("catastrophic_rule.toml").string() +
                                  "\"\n\n[[stage]]\nuse = \"jsonl\"\n");
    RunResult r = runFolder(dir / "p.toml", in, dir / "out", {"-j", "2"});
    INFO(r.command.err);
    CHECK(r.command.exit_code == 1);
    // Every document is written, the runaway one too, with the other rule's match.
    REQUIRE(docIds(r.documents) == std::vector<std::string>{"a-ministry.txt", "runaway.txt", "z-ministry.txt"});
    checkWritten(r, in);
    for (const auto& d : r.documents) {
      std::size_t mentions = 0;
      for (const auto& a : d["annotations"])
        if (a["rule"] == "analyst:ministry") ++mentions;
      CHECK(mentions == 1);
    }
    // One record, on the runaway document, naming the stage and the rule.
    REQUIRE(r.errors.size() == 1);
    const json& e = r.errors[0];
    CHECK(e["doc"] == "runaway.txt");
    CHECK(e["stage"] == "analyst-rules");
    CHECK(e["rule"] == "analyst:runaway");
    CHECK(e["written"] == true);
    CHECK(e["message"].get<std::string>().find("rule 'analyst:runaway' exceeded its PCRE2 resource limits") !=
          std::string::npos);
    CHECK(e["offset"].is_number());
    CHECK(r.command.err.find("with issues 1") != std::string::npos);
  }
}
