// glean/tests/hardening/interrupt_test.cpp - SIGINT / SIGTERM in a multi-threaded run, then --resume
// SPDX-License-Identifier: Apache-2.0
//
// Issue 9, item 4: a signal mid-run stops cleanly (the documents in flight are finished and written,
// no half-written file is left, the summary says how many were done) and --resume continues where
// it stopped without duplicating output. The fixture stage sends the signal to glean itself while it
// processes one document, so the signal arrives at a known point of the run whatever the machine's
// speed (tests/cli/cli_test.cpp also kills a -j1 run from outside, on a timer). tools/setup runs
// this file under ThreadSanitizer too (glean_parallel_tests), where a race between the signal and
// the worker threads fails it.
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

namespace fs = std::filesystem;
using glean::test::CommandResult;
using glean::test::readFile;
using glean::test::readJsonl;
using glean::test::runGlean;
using glean::test::writeFile;
using nlohmann::json;

TEST_SUITE("interrupt") {
  TEST_CASE("SIGTERM or SIGINT in a -j4 run stops cleanly, --resume completes the output without duplicates") {
    for (const char* signal : {"TERM", "INT"}) {
      CAPTURE(signal);
      fs::path dir = glean::test::freshDir(std::string("interrupt-") + signal);
      for (int i = 0; i < 60; ++i)
        writeFile(dir / "in" / fmt::format("d{:02}.txt", i),
                  fmt::format("Document {} from Astana{}.\n", i, i == 12 ? " STOPHERE" : ""));
      writeFile(dir / "stop.toml", fmt::format("[[stage]]\nuse = \"fixture\"\nlabel = \"x\"\nsignal_on = \"STOPHERE\"\n"
                                               "signal = \"{}\"\n[[stage]]\nuse = \"jsonl\"\n",
                                               signal));
      writeFile(dir / "plain.toml", "[[stage]]\nuse = \"fixture\"\nlabel = \"x\"\n[[stage]]\nuse = \"jsonl\"\n");
      auto run = [&](const char* pipeline, const char* out, std::vector<std::string> extra) {
        std::vector<std::string> args{"--plugin-dir", GLEAN_FIXTURE_PLUGIN_DIR};
        args.insert(args.end(), {"run", (dir / pipeline).string(), (dir / "in").string(), "-o",
                                 (dir / out).string(), "-j", "4"});
        args.insert(args.end(), extra.begin(), extra.end());
        return runGlean(args);
      };
      CommandResult reference = run("plain.toml", "reference", {});
      REQUIRE(reference.exit_code == 0);

      CommandResult stopped = run("stop.toml", "out", {});
      INFO(stopped.err);
      CHECK(stopped.exit_code == 1);
      CHECK(stopped.err.find("INTERRUPTED: finish with --resume") != std::string::npos);
      auto partial = readJsonl(dir / "out" / "documents.jsonl");  // every line parses: none is cut
      CHECK(partial.size() >= 13);  // d00..d12 at least: documents in flight are finished
      CHECK(partial.size() < 60);
      for (std::size_t i = 0; i < partial.size(); ++i) CHECK(partial[i]["doc"] == fmt::format("d{:02}.txt", i));
      // The summary says how many were done: exactly the documents in the output.
      CHECK(stopped.err.find(fmt::format("glean: {} document(s)", partial.size())) != std::string::npos);
      CHECK(stopped.err.find(fmt::format("written {}, failed 0", partial.size())) != std::string::npos);
      // No half-written file: no temporary left, and the error report (nothing failed) is empty.
      for (const auto& entry : fs::recursive_directory_iterator(dir / "out"))
        CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
      auto journal = json::parse(readFile(dir / "out" / "run.json"));
      CHECK(journal["interrupted"] == true);
      CHECK(journal["completed"].size() == partial.size());

      CommandResult resumed = run("stop.toml", "out", {"--resume"});
      INFO(resumed.err);
      CHECK(resumed.exit_code == 0);
      CHECK(resumed.err.find(fmt::format("skipped {} done by the resumed run", partial.size())) != std::string::npos);
      CHECK(resumed.err.find(fmt::format("written {}, failed 0", 60 - partial.size())) != std::string::npos);
      // The output is byte for byte what an uninterrupted run writes: nothing missing, nothing twice.
      CHECK(readFile(dir / "out" / "documents.jsonl") == readFile(dir / "reference" / "documents.jsonl"));
      auto done = json::parse(readFile(dir / "out" / "run.json"));
      CHECK(done["interrupted"] == false);
      CHECK(done["completed"].size() == 60);
    }
  }
}
