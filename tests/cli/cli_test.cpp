// glean/tests/cli/cli_test.cpp - the glean command end to end, as a user runs it
// SPDX-License-Identifier: Apache-2.0
#include "test_support.hpp"

#include "glean/version.hpp"

#include <algorithm>
#include <string>
#include <vector>
#include <fmt/format.h>

#include <doctest/doctest.h>

#include <sstream>

namespace fs = std::filesystem;
using glean::test::readFile;
using glean::test::readJsonl;
using glean::test::runGlean;

namespace {
std::string pluginDirs() { return GLEAN_FIXTURE_PLUGIN_DIR; }
fs::path bundled(const char* name) { return fs::path(GLEAN_SOURCE_DIR) / "pipelines" / name; }
}  // namespace

TEST_SUITE("cli") {
  TEST_CASE("--version and --help") {
    auto v = runGlean({"--version"});
    CHECK(v.exit_code == 0);
    CHECK(v.out == "glean " GLEAN_VERSION_STRING " (plugin API " GLEAN_PP_STR(GLEAN_PLUGIN_API_VERSION) ")\n");
    auto h = runGlean({"--help"});
    CHECK(h.exit_code == 0);
    CHECK(h.out.find("run ") != std::string::npos);
    CHECK(h.out.find("validate ") != std::string::npos);
    auto none = runGlean({});
    CHECK(none.exit_code == 2);
    auto unknown = runGlean({"rnu"});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("unknown command 'rnu'; did you mean 'run'?") != std::string::npos);
  }

  TEST_CASE("glean plugins lists the JSONL exporter and describes its parameters") {
    auto list = runGlean({"plugins"});
    CHECK(list.exit_code == 0);
    CHECK(list.out.find("jsonl") != std::string::npos);
    CHECK(list.out.find("glean-jsonl.so") != std::string::npos);
    auto one = runGlean({"plugins", "jsonl"});
    CHECK(one.exit_code == 0);
    CHECK(one.out.find("API version  " GLEAN_PP_STR(GLEAN_PLUGIN_API_VERSION)) != std::string::npos);
    CHECK(one.out.find("file                 output path, default \"documents.jsonl\"") != std::string::npos);
    CHECK(one.out.find("text                 boolean, default true") != std::string::npos);
    auto missing = runGlean({"plugins", "nosuch"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("plugin 'nosuch' not found") != std::string::npos);
  }

  TEST_CASE("glean plugins refuses a plugin built for another API version, with both versions") {
    auto r = runGlean({"--plugin-dir", pluginDirs(), "plugins", "fixture-api1"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("built for plugin API 1, but this glean (" GLEAN_VERSION_STRING
                     ") supports plugin API " GLEAN_PP_STR(GLEAN_PLUGIN_API_VERSION) "; rebuild the plugin") != std::string::npos);
  }

  TEST_CASE("glean plugins keeps its columns aligned when a plugin name is long") {
    // The fixture folder holds names longer than the 14 characters the columns once assumed
    // (glean-fixture-undefined), so the listing must widen the name column for every row.
    auto r = runGlean({"--plugin-dir", pluginDirs(), "plugins"});
    std::istringstream in(r.out);
    std::string header;
    REQUIRE(std::getline(in, header));
    const size_t version_col = header.find("VERSION");
    const size_t file_col = header.find("FILE / SUMMARY");
    REQUIRE(version_col != std::string::npos);
    REQUIRE(file_col != std::string::npos);
    size_t longest_name = 0, rows = 0, summaries = 0;
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line.rfind("  error:", 0) == 0 || line.rfind("search path:", 0) == 0)
        continue;
      if (line[0] == ' ') {  // a summary line, under FILE / SUMMARY
        CHECK(line.find_first_not_of(' ') == file_col);
        ++summaries;
        continue;
      }
      INFO(line);
      const size_t name_end = line.find(' ');
      longest_name = std::max(longest_name, name_end);
      REQUIRE(line.size() > version_col);
      CHECK(line[version_col - 1] == ' ');
      CHECK(line[version_col] != ' ');
      ++rows;
    }
    CHECK(longest_name > 14);
    CHECK(rows > 5);
    CHECK(summaries > 5);
  }

  TEST_CASE("glean validate points at file:line:col with a suggestion") {
    fs::path bad = fs::path(GLEAN_TEST_DATA_DIR) / "bad_unknown_param.toml";
    auto r = runGlean({"validate", bad.string()});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(bad.string() + ":4:1: error: unknown key 'fiel' for plugin 'jsonl'") !=
          std::string::npos);
    CHECK(r.err.find("did you mean 'file'?") != std::string::npos);
    auto good = runGlean({"validate", bundled("country-reports.toml").string()});
    CHECK(good.exit_code == 0);
    CHECK(good.out.find(": ok (") != std::string::npos);
  }

  TEST_CASE("a bundled pipeline can be named instead of given as a file") {
    // build/share/glean/pipelines links to pipelines/, as <prefix>/share/glean/pipelines is
    // installed; a name without '/' that is not a file is looked up there.
    auto by_name = runGlean({"validate", "country-reports"});
    INFO(by_name.err);
    CHECK(by_name.exit_code == 0);
    CHECK(by_name.out.find("country-reports: ok (") != std::string::npos);
    CHECK(runGlean({"validate", "country-reports.toml"}).exit_code == 0);
    auto missing = runGlean({"validate", "no-such-pipeline"});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("no-such-pipeline: error: cannot read pipeline file") != std::string::npos);
  }

  TEST_CASE("glean run on the seed report writes one JSON line that matches the input") {
    fs::path out = glean::test::freshDir("cli-seed");
    auto r = runGlean({"run", bundled("country-reports.toml").string(),
                       (fs::path(GLEAN_SOURCE_DIR) / "samples").string(), "-o", out.string()});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("output in " + out.string()) != std::string::npos);
    auto lines = readJsonl(out / "documents.jsonl");
    std::string seed = readFile(glean::test::seedReport());
    REQUIRE(lines.size() == 1);
    const auto& doc = lines[0];
    CHECK(doc["doc"] == "000_0bdeaacc15b1e0dc.txt");
    CHECK(doc["source"] == (fs::path(GLEAN_SOURCE_DIR) / "samples" / "000_0bdeaacc15b1e0dc.txt").string());
    CHECK(doc["bytes"] == seed.size());
    CHECK(doc["meta"].is_object());
    REQUIRE(doc["annotations"].is_array());
    for (const auto& a : doc["annotations"]) {
      std::size_t b = a["begin"], e = a["end"];
      REQUIRE(e <= seed.size());
      CHECK(a["text"] == seed.substr(b, e - b));
      CHECK(a.contains("features"));
      CHECK(a.contains("stage"));
      CHECK(a.contains("rule"));
    }
    CHECK(fs::file_size(out / "errors.jsonl") == 0);
  }

  TEST_CASE("country-reports-jsonl writes the document text once and long annotations with offsets only") {
    fs::path full_out = glean::test::freshDir("cli-seed-full");
    fs::path out = glean::test::freshDir("cli-seed-compact");
    fs::path samples = fs::path(GLEAN_SOURCE_DIR) / "samples";
    auto full = runGlean({"run", bundled("country-reports.toml").string(), samples.string(), "-o",
                          full_out.string()});
    auto r = runGlean({"run", bundled("country-reports-jsonl.toml").string(), samples.string(), "-o",
                       out.string()});
    INFO(r.err);
    REQUIRE(full.exit_code == 0);
    REQUIRE(r.exit_code == 0);
    auto with_texts = readJsonl(full_out / "documents.jsonl");
    auto lines = readJsonl(out / "documents.jsonl");
    std::string seed = readFile(glean::test::seedReport());
    REQUIRE(lines.size() == 1);
    REQUIRE(with_texts.size() == 1);
    const auto& doc = lines[0];
    CHECK(doc["text"] == seed);
    CHECK(doc["meta"] == with_texts[0]["meta"]);
    REQUIRE(doc["annotations"].size() == with_texts[0]["annotations"].size());
    std::size_t kept = 0, left_out = 0;
    for (std::size_t i = 0; i < doc["annotations"].size(); ++i) {
      nlohmann::json a = doc["annotations"][i];
      nlohmann::json b = with_texts[0]["annotations"][i];
      std::size_t begin = a["begin"], end = a["end"];
      if (end - begin <= 100) {  // the pipeline's text_limit
        ++kept;
        CHECK(a["text"] == seed.substr(begin, end - begin));
      } else {
        ++left_out;
        CHECK_FALSE(a.contains("text"));
        a["text"] = seed.substr(begin, end - begin);  // what a reader takes from the document text
      }
      CHECK(a == b);  // otherwise the same annotation, in the same place
    }
    CHECK(kept > 20);      // dates, entities, short sentences
    CHECK(left_out > 20);  // Body, Sections, Paragraphs, long Sentences
    CHECK(fs::file_size(out / "documents.jsonl") < fs::file_size(full_out / "documents.jsonl"));
  }

  TEST_CASE("a run with failing documents exits 1, writes the rest and lists the failures") {
    fs::path dir = glean::test::freshDir("cli-failures");
    glean::test::writeFile(dir / "in" / "good.txt", "Some text.");
    glean::test::writeFile(dir / "in" / "bad.txt", std::string("caf\xE9 latin-1"));
    auto r = runGlean({"run", bundled("country-reports.toml").string(), (dir / "in").string(), "-o",
                       (dir / "out").string()});
    CHECK(r.exit_code == 1);
    CHECK(readJsonl(dir / "out" / "documents.jsonl").size() == 1);
    auto errors = readJsonl(dir / "out" / "errors.jsonl");
    REQUIRE(errors.size() == 1);
    CHECK(errors[0]["doc"] == "bad.txt");
    CHECK(errors[0]["offset"] == 3);
  }

  TEST_CASE("usage errors exit 2") {
    CHECK(runGlean({"run"}).exit_code == 2);
    CHECK(runGlean({"run", "x.toml"}).exit_code == 2);
    CHECK(runGlean({"run", "--jobs", "zero", "a", "b"}).exit_code == 2);
    auto missing_input = runGlean({"run", bundled("country-reports.toml").string(), "/no/such/dir"});
    CHECK(missing_input.exit_code == 2);
    CHECK(missing_input.err.find("/no/such/dir: error: input not found") != std::string::npos);
    CHECK(runGlean({"--log-level", "loud", "plugins"}).exit_code == 2);
  }

  TEST_CASE("streaming: JSONL on stdin, one output line per input line, errors in place") {
    std::string input =
        "{\"id\":\"a\",\"text\":\"Astana\",\"year\":2009}\n"
        "this is not json\n"
        "{\"id\":\"b\",\"text\":\"Aktau\"}\n";
    auto r = runGlean({"run", bundled("country-reports.toml").string(), "-"}, input);
    CHECK(r.exit_code == 1);
    std::vector<nlohmann::json> lines;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    REQUIRE(lines.size() == 3);
    CHECK(lines[0]["doc"] == "a");
    CHECK(lines[0]["meta"]["year"] == 2009);
    CHECK(lines[1]["doc"] == "stdin:2");
    CHECK(lines[1]["error"]["stage"] == "reader");
    CHECK(lines[2]["doc"] == "b");
  }

  TEST_CASE("streaming with -j 2 matches the file run and -j 1, with every kind of bad line in place") {
    std::string seed = readFile(glean::test::seedReport());
    std::string seed_line = "{\"id\":\"seed\",\"text\":" + nlohmann::json(seed).dump() + "}\n";
    std::string input = seed_line +
                        "{\"id\":\"cut\",\"text\":\"Astana\n"       // line 2: cut off mid-string
                        "{\"id\":\"notext\",\"title\":\"x\"}\n"      // line 3: no text field
                        "[1,2]\n"                                        // line 4: not an object
                        "{\"id\":\"latin\",\"text\":\"caf\xE9\"}\n"  // line 5: not UTF-8
                        "\n"                                             // blank: skipped
                        "{\"id\":7,\"text\":\"Aktau.\",\"n\":1.5}\n" + // line 7: fine, integer id
                        seed_line;
    auto r2 = runGlean({"run", bundled("country-reports.toml").string(), "-", "-j", "2"}, input);
    auto r1 = runGlean({"run", bundled("country-reports.toml").string(), "-", "-j", "1"}, input);
    INFO(r2.err);
    CHECK(r2.exit_code == 1);
    CHECK(r2.out == r1.out);  // same bytes, same order, whatever the job count
    std::vector<nlohmann::json> lines;
    std::istringstream in(r2.out);
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    REQUIRE(lines.size() == 7);
    std::vector<std::string> ids;
    for (const auto& l : lines) ids.push_back(l["doc"].get<std::string>());
    CHECK(ids == std::vector<std::string>{"seed", "stdin:2", "notext", "stdin:4", "stdin:5", "7", "seed"});
    for (int i : {1, 2, 3, 4}) {
      CHECK(lines[i]["error"]["stage"] == "reader");
      CHECK_FALSE(lines[i].contains("annotations"));
    }
    CHECK(lines[1]["error"]["message"].get<std::string>().find("line 2: malformed JSON") == 0);
    CHECK(lines[2]["error"]["message"] == "line 3: missing string field \"text\"");
    CHECK(lines[3]["error"]["message"] == "line 4: expected a JSON object");
    CHECK(lines[4]["error"]["message"].get<std::string>().find("line 5: invalid UTF-8") == 0);
    CHECK(lines[5]["meta"]["n"] == 1.5);
    CHECK(lines[5]["annotations"].size() > 0);

    // The seed through stdin gets the same metadata and annotations as the seed read from a file.
    fs::path out = glean::test::freshDir("cli-stream-vs-file");
    auto file_run = runGlean({"run", bundled("country-reports.toml").string(),
                              (fs::path(GLEAN_SOURCE_DIR) / "samples").string(), "-o", out.string()});
    REQUIRE(file_run.exit_code == 0);
    auto from_file = readJsonl(out / "documents.jsonl");
    REQUIRE(from_file.size() == 1);
    CHECK(lines[0]["bytes"] == seed.size());
    CHECK(lines[0]["meta"] == from_file[0]["meta"]);
    CHECK(lines[0]["annotations"].size() > 20);
    CHECK(lines[0]["annotations"] == from_file[0]["annotations"]);
    CHECK(lines[6]["annotations"] == from_file[0]["annotations"]);
  }
}

TEST_SUITE("cli") {
  TEST_CASE("--stats writes the run summary as JSON and the summary names the output folder") {
    fs::path dir = glean::test::freshDir("cli-stats");
    glean::test::writeFile(dir / "in" / "a.txt", "Alpha");
    glean::test::writeFile(dir / "in" / "b.txt", std::string("bad \xFF"));
    auto r = runGlean({"run", bundled("country-reports.toml").string(), (dir / "in").string(), "-o",
                       (dir / "out").string(), "-j", "2", "--stats", (dir / "stats.json").string()});
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("glean: 2 document(s)") != std::string::npos);
    CHECK(r.err.find("written 1, failed 1") != std::string::npos);
    auto stats = nlohmann::json::parse(readFile(dir / "stats.json"));
    CHECK(stats["documents"] == 2);
    CHECK(stats["written"] == 1);
    CHECK(stats["failed"] == 1);
    CHECK(stats["bytes"] == 10);
    CHECK(stats["jobs"] == 2);
    CHECK(stats["peak_rss_bytes"].get<std::uint64_t>() > 1000000);
    // one entry per stage of the bundled pipeline, in order
    const std::vector<std::string> expected_stages{"segmenter", "dates", "entities", "jsonl",
                                                   "csv", "sqlite", "html"};
    REQUIRE(stats["stages"].size() == expected_stages.size());
    for (std::size_t i = 0; i < expected_stages.size(); ++i)
      CHECK(stats["stages"][i]["name"] == expected_stages[i]);
  }

  TEST_CASE("glean bench measures -j1 and -jN in child processes and prints the table") {
    fs::path dir = glean::test::freshDir("cli-bench");
    for (int i = 0; i < 5; ++i)
      glean::test::writeFile(dir / "in" / ("d" + std::to_string(i) + ".txt"), std::string(2000, 'x'));
    auto r = runGlean({"bench", bundled("country-reports.toml").string(), (dir / "in").string(),
                       "--size", "1", "-j", "2"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("input    5 file(s) x 100 = 1.0 MB") != std::string::npos);
    CHECK(r.out.find("\n1 ") != std::string::npos);
    CHECK(r.out.find("\n2 ") != std::string::npos);
    CHECK(r.out.find("speed-up -j2 / -j1") != std::string::npos);
    CHECK(r.out.find("stage split") != std::string::npos);
    CHECK(r.out.find("      500 ") != std::string::npos);  // documents per run
  }
}

TEST_SUITE("cli") {
  TEST_CASE("SIGINT stops a run cleanly and --resume finishes it without duplicates") {
    fs::path dir = glean::test::freshDir("cli-sigint");
    for (int i = 0; i < 40; ++i)
      glean::test::writeFile(dir / "in" / fmt::format("d{:02}.txt", i), fmt::format("Document {} Astana", i));
    glean::test::writeFile(dir / "p.toml", "[[stage]]\nuse = \"fixture\"\nlabel = \"x\"\nsleep_ms = 25\n"
                                           "[[stage]]\nuse = \"jsonl\"\n");
    std::string command = fmt::format(
        "'{}' --plugin-dir '{}' run '{}' '{}' -o '{}' -j 1 2>'{}' & pid=$!; sleep 0.4; kill -INT $pid; wait $pid; echo $? > '{}'",
        GLEAN_BINARY, GLEAN_FIXTURE_PLUGIN_DIR, (dir / "p.toml").string(), (dir / "in").string(),
        (dir / "out").string(), (dir / "err").string(), (dir / "rc").string());
    REQUIRE(std::system(command.c_str()) == 0);
    CHECK(readFile(dir / "rc") == "1\n");
    std::string err = readFile(dir / "err");
    CHECK(err.find("INTERRUPTED") != std::string::npos);
    auto partial = readJsonl(dir / "out" / "documents.jsonl");
    CHECK(partial.size() > 0);
    CHECK(partial.size() < 40);
    for (const auto& entry : fs::directory_iterator(dir / "out"))
      CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);  // no half files

    auto resumed = runGlean({"--plugin-dir", GLEAN_FIXTURE_PLUGIN_DIR, "run", (dir / "p.toml").string(),
                             (dir / "in").string(), "-o", (dir / "out").string(), "--resume"});
    CHECK(resumed.exit_code == 0);
    CHECK(resumed.err.find(fmt::format("skipped {} done by the resumed run", partial.size())) != std::string::npos);
    auto all = readJsonl(dir / "out" / "documents.jsonl");
    REQUIRE(all.size() == 40);
    for (int i = 0; i < 40; ++i) CHECK(all[i]["doc"] == fmt::format("d{:02}.txt", i));
  }
}
