// glean/tests/core/input_test.cpp - listing input folders and reading documents
// SPDX-License-Identifier: Apache-2.0
#include "input.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <sstream>

namespace fs = std::filesystem;
using glean::test::freshDir;
using glean::test::writeFile;

TEST_SUITE("input") {
  TEST_CASE("folders are listed recursively, sorted, with ids relative to the folder given") {
    fs::path dir = freshDir("input-list");
    writeFile(dir / "b.txt", "b");
    writeFile(dir / "a.txt", "a");
    writeFile(dir / "sub" / "c.txt", "c");
    writeFile(dir / ".hidden", "h");
    auto files = glean::listInputFiles({dir.string()});
    REQUIRE(files.size() == 3);
    CHECK(files[0].id == "a.txt");
    CHECK(files[1].id == "b.txt");
    CHECK(files[2].id == "sub/c.txt");
    for (const auto& f : files) CHECK(f.error.empty());
    // A file argument keeps its own name as id.
    auto single = glean::listInputFiles({(dir / "sub" / "c.txt").string()});
    REQUIRE(single.size() == 1);
    CHECK(single[0].id == "c.txt");
  }

  TEST_CASE("dangling symlinks and symlink loops are listed with an error, not dropped") {
    fs::path dir = freshDir("input-links");
    writeFile(dir / "real.txt", "text");
    fs::create_symlink(dir / "nowhere.txt", dir / "dangling.txt");
    fs::create_directories(dir / "loop");
    fs::create_directory_symlink(dir, dir / "loop" / "back");
    auto files = glean::listInputFiles({dir.string()});
    REQUIRE(files.size() == 3);
    CHECK(files[0].id == "dangling.txt");
    CHECK(files[0].error.find("dangling") != std::string::npos);
    CHECK(files[1].id == "loop/back");
    CHECK(files[1].error.find("loop") != std::string::npos);
    CHECK(files[2].id == "real.txt");
    CHECK(files[2].error.empty());
  }

  TEST_CASE("a missing input argument is a configuration error naming it") {
    CHECK_THROWS_WITH_AS(glean::listInputFiles({"/no/such/input/folder"}),
                         doctest::Contains("/no/such/input/folder"), glean::ConfigError);
  }

  // Each kind of bad bytes (invalid UTF-8, UTF-16, NUL, images, PDF, ...) and the record it gets
  // are in the bad-input matrix (tests/hardening/bad_input_matrix_test.cpp), run through glean.
  TEST_CASE("an empty file is a document, a UTF-8 byte order mark is skipped by offset") {
    fs::path dir = freshDir("input-bom");
    writeFile(dir / "empty.txt", "");
    writeFile(dir / "bom.txt", "\xEF\xBB\xBFwith BOM\r\nand CRLF\r\n");
    auto read = [&](const char* name) {
      return glean::readFile({name, dir / name, ""}, glean::ReadLimits{});
    };
    auto empty = read("empty.txt");
    REQUIRE(empty.document.has_value());
    CHECK(empty.document->text().empty());
    auto bom = read("bom.txt");
    REQUIRE(bom.document.has_value());
    CHECK(bom.document->bodyBegin() == 3);
    CHECK(bom.document->text().size() == 23);
  }

  TEST_CASE("files are checked as they are read: chunk edges, late bad bytes, the earliest problem") {
    fs::path dir = freshDir("input-chunks");
    auto read = [&](const std::string& name) {
      return glean::readFile({name, dir / name, ""}, glean::ReadLimits{});
    };
    // A three-byte character across the 1 MiB read boundary is fine.
    std::string text(std::size_t{1} << 20, 'x');
    text.replace(text.size() - 1, 1, "\xE2\x82\xAC tail");  // the euro sign starts at 1 MiB - 1
    writeFile(dir / "edge.txt", text);
    auto edge = read("edge.txt");
    REQUIRE(edge.document.has_value());
    CHECK(edge.document->text() == text);
    CHECK(edge.bytes == text.size());
    // A bad byte in the third megabyte has its absolute offset.
    std::string late(std::size_t{3} << 20, 'y');
    late[(std::size_t{5} << 19) + 7] = '\xFF';
    writeFile(dir / "late.txt", late);
    auto bad = read("late.txt");
    CHECK_FALSE(bad.document.has_value());
    CHECK(bad.failure.offset == (std::size_t{5} << 19) + 7);
    CHECK(bad.failure.message == "invalid UTF-8 at byte offset " + std::to_string((std::size_t{5} << 19) + 7));
    // A character cut by the end of the file.
    writeFile(dir / "cut.txt", "abc\xE2\x82");
    CHECK(read("cut.txt").failure.message == "invalid UTF-8 at byte offset 3");
    // Whichever problem comes first is the one reported.
    writeFile(dir / "nul-first.txt", std::string("ab\0c\xFF", 5));
    CHECK(read("nul-first.txt").failure.message == "NUL byte at byte offset 2 (a binary file?)");
    writeFile(dir / "bad-first.txt", std::string("ab\xFF" "c\0", 5));
    CHECK(read("bad-first.txt").failure.message == "invalid UTF-8 at byte offset 2");
  }

  TEST_CASE("a named pipe or a device given by name is refused without waiting on it") {
    fs::path dir = freshDir("input-special");
    REQUIRE(::mkfifo((dir / "pipe").c_str(), 0644) == 0);
    auto listed = glean::listInputFiles({(dir / "pipe").string()});
    REQUIRE(listed.size() == 1);
    auto pipe = glean::readFile(listed[0], glean::ReadLimits{});  // would block in a plain open()
    CHECK_FALSE(pipe.document.has_value());
    CHECK(pipe.failure.message == "not a regular file");
    auto zero = glean::readFile({"zero", "/dev/zero", ""}, glean::ReadLimits{});
    CHECK(zero.failure.message == "not a regular file");
  }

  TEST_CASE("files above the size limit are refused before they are read") {
    fs::path dir = freshDir("input-big");
    writeFile(dir / "big.txt", std::string(4096, 'x'));
    glean::ReadLimits limits;
    limits.max_bytes = 1000;
    auto result = glean::readFile({"big.txt", dir / "big.txt", ""}, limits);
    CHECK_FALSE(result.document.has_value());
    CHECK(result.failure.message.find("above the limit of 1000 bytes") != std::string::npos);
  }

  TEST_CASE("JSONL input: id and text, other keys become metadata, bad lines become failures") {
    std::istringstream in(
        "{\"id\":\"r1\",\"text\":\"On January 10\",\"report_year\":2009,\"country\":\"KZ\"}\n"
        "\n"
        "{not json}\n"
        "{\"id\":7,\"text\":\"x\"}\n"
        "{\"id\":\"no-text\"}\n"
        "[1,2]\n");
    glean::JsonlReader reader(in, "stdin", glean::ReadLimits{});
    auto r1 = reader.next();
    REQUIRE(r1);
    REQUIRE(r1->document);
    CHECK(r1->document->id() == "r1");
    CHECK(r1->document->text() == "On January 10");
    CHECK(r1->document->meta().integer("report_year") == 2009);
    CHECK(r1->document->meta().str("country") == "KZ");
    auto bad = reader.next();  // the blank line is skipped; line 3 is malformed
    REQUIRE(bad);
    CHECK_FALSE(bad->document);
    CHECK(bad->failure.id == "stdin:3");
    CHECK(bad->failure.message.find("line 3: malformed JSON") == 0);
    auto numeric = reader.next();
    REQUIRE(numeric->document);
    CHECK(numeric->document->id() == "7");
    auto no_text = reader.next();
    CHECK(no_text->failure.id == "no-text");
    CHECK(no_text->failure.message.find("missing string field \"text\"") != std::string::npos);
    auto array = reader.next();
    CHECK(array->failure.message.find("expected a JSON object") != std::string::npos);
    CHECK_FALSE(reader.next().has_value());
  }

  TEST_CASE("JSONL input: a line far above the limit is refused without being kept, the next one reads") {
    glean::ReadLimits limits;
    limits.max_bytes = 1000;  // a line may hold 2 x 1000 + 1 MiB bytes
    std::string huge = "{\"id\":\"big\",\"text\":\"" + std::string(3u << 20, 'x') + "\"}";
    std::istringstream in(huge + "\n{\"id\":\"small\",\"text\":\"ok\"}\n" + huge);
    glean::JsonlReader reader(in, "stdin", limits);
    auto big = reader.next();
    REQUIRE(big);
    CHECK_FALSE(big->document);
    CHECK(big->failure.id == "stdin:1");
    CHECK(big->failure.message == "line 1 is 3.0 MiB, above the limit of 1.0 MiB for a line (twice "
                                  "--max-file-size, plus 1 MiB)");
    CHECK(big->bytes == huge.size() + 1);
    auto small = reader.next();
    REQUIRE(small);
    REQUIRE(small->document);
    CHECK(small->document->text() == "ok");
    auto last = reader.next();  // no final newline
    REQUIRE(last);
    CHECK(last->failure.id == "stdin:3");
    CHECK_FALSE(reader.next().has_value());
  }
}
