// glean/tests/core/input_test.cpp - listing input folders and reading documents
// SPDX-License-Identifier: Apache-2.0
#include "input.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

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

  TEST_CASE("bad bytes become failures that name the byte offset") {
    fs::path dir = freshDir("input-bad");
    writeFile(dir / "invalid.txt", std::string("good text\xC3(bad", 14));
    writeFile(dir / "utf16.txt", std::string("\xFF\xFEh\0i\0", 6));
    writeFile(dir / "nul.txt", std::string("abc\0def", 7));
    writeFile(dir / "empty.txt", "");
    writeFile(dir / "bom.txt", "\xEF\xBB\xBFwith BOM\r\nand CRLF\r\n");
    auto read = [&](const char* name) {
      return glean::readFile({name, dir / name, ""}, glean::ReadLimits{});
    };
    auto invalid = read("invalid.txt");
    CHECK_FALSE(invalid.document.has_value());
    CHECK(invalid.failure.offset == 9);
    CHECK(invalid.failure.message == "invalid UTF-8 at byte offset 9");
    CHECK(invalid.failure.source == (dir / "invalid.txt").string());
    auto utf16 = read("utf16.txt");
    CHECK(utf16.failure.message.find("UTF-16") != std::string::npos);
    auto nul = read("nul.txt");
    CHECK(nul.failure.offset == 3);
    CHECK(nul.failure.message.find("NUL byte") != std::string::npos);
    auto empty = read("empty.txt");
    REQUIRE(empty.document.has_value());
    CHECK(empty.document->text().empty());
    auto bom = read("bom.txt");
    REQUIRE(bom.document.has_value());
    CHECK(bom.document->bodyBegin() == 3);
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
}
