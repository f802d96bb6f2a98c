// glean/tests/hardening/security_test.cpp - outputs stay in the output folder; plugins come from the search path
// SPDX-License-Identifier: Apache-2.0
//
// Output paths: a pipeline's output paths resolve under the run's output folder and may not leave
// it, not by "..", not as an absolute path, not through a folder inside it that is a symbolic link
// to elsewhere, unless the user passes --allow-outside-output (runner_test.cpp has the ".." case
// in-process). A link planted where an output file or its temporary goes is replaced, never
// written through.
//
// Plugins: a pipeline names plugins, never paths: `use = "x"` loads glean-x.so from the search path
// (--plugin-dir, $GLEAN_PLUGIN_PATH, glean's own folder) and nothing else; a name holding a path is
// refused where it is written. Relative search folders are made absolute once, at start-up, and a
// plugin from outside glean's own folder is announced in the log with its file (and where a link
// to it leads).
#include "test_support.hpp"

#include "glean/atomic_file.hpp"
#include "glean/stage.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

namespace fs = std::filesystem;
using glean::test::CommandResult;
using glean::test::readFile;
using glean::test::runCommand;
using glean::test::runGlean;
using glean::test::writeFile;

namespace {

fs::path bundledPipeline() { return fs::path(GLEAN_SOURCE_DIR) / "pipelines" / "country-reports.toml"; }

/// A pipeline whose JSONL exporter writes to `file`.
fs::path jsonlPipeline(const fs::path& dir, const std::string& file) {
  writeFile(dir / "p.toml", "[[stage]]\nuse = \"jsonl\"\nfile = \"" + file + "\"\n");
  return dir / "p.toml";
}

CommandResult run(const fs::path& pipeline, const fs::path& in, const fs::path& out,
                  std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"run", pipeline.string(), in.string(), "-o", out.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return runGlean(args);
}

}  // namespace

TEST_SUITE("security") {
  TEST_CASE("an output path through a symlinked folder inside the output folder is refused") {
    fs::path dir = glean::test::freshDir("security-symlinked-output");
    writeFile(dir / "in" / "a.txt", "The KNB said so.\n");
    fs::create_directories(dir / "elsewhere");
    fs::create_directories(dir / "out");
    fs::create_directory_symlink(dir / "elsewhere", dir / "out" / "reports");
    fs::path pipeline = jsonlPipeline(dir, "reports/documents.jsonl");
    CommandResult refused = run(pipeline, dir / "in", dir / "out");
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("output path 'reports/documents.jsonl' leaves the output folder '" +
                           (dir / "out").string() + "' through a symbolic link (it leads to '" +
                           (dir / "elsewhere").string() + "'") != std::string::npos);
    CHECK(fs::is_empty(dir / "elsewhere"));
    // Asked for, it is allowed.
    CommandResult allowed = run(pipeline, dir / "in", dir / "out", {"--allow-outside-output"});
    CHECK(allowed.exit_code == 0);
    CHECK(fs::exists(dir / "elsewhere" / "documents.jsonl"));
    // A link inside the output folder that stays inside it is fine.
    fs::create_directories(dir / "out2" / "real");
    fs::create_directory_symlink("real", dir / "out2" / "alias");
    CommandResult inside = run(jsonlPipeline(dir, "alias/documents.jsonl"), dir / "in", dir / "out2");
    CHECK(inside.exit_code == 0);
    CHECK(fs::exists(dir / "out2" / "real" / "documents.jsonl"));
  }

  TEST_CASE("absolute and '..' output paths are refused unless allowed") {
    fs::path dir = glean::test::freshDir("security-outside-output");
    writeFile(dir / "in" / "a.txt", "Text.\n");
    CommandResult absolute = run(jsonlPipeline(dir, (dir / "abs.jsonl").string()), dir / "in", dir / "out");
    CHECK(absolute.exit_code == 2);
    CHECK(absolute.err.find("output path '" + (dir / "abs.jsonl").string() + "' leaves the output folder") !=
          std::string::npos);
    CommandResult dotdot = run(jsonlPipeline(dir, "sub/../../up.jsonl"), dir / "in", dir / "out");
    CHECK(dotdot.exit_code == 2);
    CHECK(dotdot.err.find("output path 'sub/../../up.jsonl' leaves the output folder") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "abs.jsonl"));
    CHECK_FALSE(fs::exists(dir / "up.jsonl"));
    CommandResult allowed = run(jsonlPipeline(dir, (dir / "abs.jsonl").string()), dir / "in", dir / "out",
                                {"--allow-outside-output"});
    CHECK(allowed.exit_code == 0);
    CHECK(fs::exists(dir / "abs.jsonl"));
  }

  TEST_CASE("a link planted at an output file's name is replaced, its target untouched") {
    fs::path dir = glean::test::freshDir("security-planted-output");
    writeFile(dir / "in" / "a.txt", "The KNB said so.\n");
    writeFile(dir / "precious.txt", "do not overwrite\n");
    fs::create_directories(dir / "out");
    fs::create_symlink(dir / "precious.txt", dir / "out" / "documents.jsonl");
    fs::create_symlink(dir / "precious.txt", dir / "out" / "errors.jsonl");
    CommandResult r = run(bundledPipeline(), dir / "in", dir / "out");
    CHECK(r.exit_code == 0);
    CHECK(readFile(dir / "precious.txt") == "do not overwrite\n");
    CHECK_FALSE(fs::is_symlink(dir / "out" / "documents.jsonl"));
    CHECK(glean::test::readJsonl(dir / "out" / "documents.jsonl").size() == 1);
  }

  TEST_CASE("an AtomicFile does not write through a link planted at its temporary name") {
    fs::path dir = glean::test::freshDir("security-planted-temp");
    writeFile(dir / "precious.txt", "do not overwrite\n");
    fs::path target = dir / "out.jsonl";
    fs::path temp = target;
    temp += ".tmp-" + std::to_string(static_cast<long>(::getpid()));
    fs::create_symlink(dir / "precious.txt", temp);
    glean::AtomicFile file(target);
    file.write("new content\n");
    file.commit();
    CHECK(readFile(dir / "precious.txt") == "do not overwrite\n");
    CHECK(readFile(target) == "new content\n");
    CHECK_FALSE(fs::exists(fs::symlink_status(temp)));
  }

  TEST_CASE("RunContext::outputPath: inside, '..', absolute and through links") {
    fs::path dir = glean::test::freshDir("security-output-path");
    fs::create_directories(dir / "out" / "sub");
    fs::create_directories(dir / "other");
    fs::create_directory_symlink(dir / "other", dir / "out" / "away");
    glean::RunContext run;
    run.output_dir = dir / "out";
    CHECK(run.outputPath("a.jsonl") == dir / "out" / "a.jsonl");
    CHECK(run.outputPath("sub/../b.jsonl") == dir / "out" / "b.jsonl");
    CHECK(run.outputPath("new/folder/c.jsonl") == dir / "out" / "new" / "folder" / "c.jsonl");
    CHECK_THROWS_WITH_AS(run.outputPath("../x"), doctest::Contains("leaves the output folder"), glean::StageError);
    CHECK_THROWS_WITH_AS(run.outputPath("/tmp/x"), doctest::Contains("leaves the output folder"), glean::StageError);
    CHECK_THROWS_WITH_AS(run.outputPath("away/x"), doctest::Contains("through a symbolic link"), glean::StageError);
    CHECK_THROWS_WITH_AS(run.outputPath("away/new/x"), doctest::Contains("through a symbolic link"),
                         glean::StageError);
    run.allow_outside_output = true;
    CHECK(run.outputPath("away/x") == dir / "out" / "away" / "x");
    CHECK(run.outputPath("../x") == dir / "x");
  }

  TEST_CASE("a pipeline names plugins, never paths: a path in 'use' is refused where it is written") {
    fs::path dir = glean::test::freshDir("security-plugin-path");
    writeFile(dir / "in" / "a.txt", "Text.\n");
    // The fixture plugin exists at this relative path from the pipeline's folder and from the
    // plugin folder: neither way may load it.
    fs::path relative = fs::relative(fs::path(GLEAN_FIXTURE_PLUGIN_DIR) / "glean-fixture", dir);
    for (std::string name : {relative.string(), std::string("../fixture-plugins/glean-fixture"),
                             std::string("/tmp/glean-x"), std::string(".hidden"), std::string("")}) {
      CAPTURE(name);
      writeFile(dir / "p.toml", "[[stage]]\nuse = \"" + name + "\"\nlabel = \"x\"\n");
      CommandResult r = runGlean({"--plugin-dir", GLEAN_FIXTURE_PLUGIN_DIR, "run", (dir / "p.toml").string(),
                                  (dir / "in").string(), "-o", (dir / "out").string()});
      CHECK(r.exit_code == 2);
      CHECK(r.err.find((dir / "p.toml").string() + ":2:7: error: '" + name +
                       "' is not a plugin name: pipelines name plugins (letters, digits, '_', '-', "
                       "'.'), never paths") != std::string::npos);
      CHECK_FALSE(fs::exists(dir / "out"));
    }
  }

  TEST_CASE("a plugin from outside glean's own folder is announced in the log with its file") {
    fs::path dir = glean::test::freshDir("security-plugin-log");
    writeFile(dir / "in" / "a.txt", "Text.\n");
    writeFile(dir / "p.toml", "[[stage]]\nuse = \"fixture\"\nlabel = \"x\"\n[[stage]]\nuse = \"jsonl\"\n");
    fs::path fixture_dir = GLEAN_FIXTURE_PLUGIN_DIR;
    CommandResult r = runGlean({"--plugin-dir", fixture_dir.string(), "run", (dir / "p.toml").string(),
                                (dir / "in").string(), "-o", (dir / "out").string()});
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("stage 'fixture': plugin 'fixture' 0.0.1 from " + (fixture_dir / "glean-fixture.so").string() +
                     ", outside glean's own plugin folder") != std::string::npos);
    // glean's own plugins are not announced at the default level.
    CHECK(r.err.find("plugin 'jsonl'") == std::string::npos);

    // A relative --plugin-dir is taken from the current folder and logged absolute; a plugin file
    // that is a link says where it leads.
    fs::create_directories(dir / "my-plugins");
    fs::create_symlink(fixture_dir / "glean-fixture.so", dir / "my-plugins" / "glean-fixture.so");
    CommandResult linked = runCommand({"env", "-C", dir.string(), GLEAN_BINARY, "--plugin-dir", "my-plugins",
                                       "run", "p.toml", "in", "-o", "out-linked"});
    CHECK(linked.exit_code == 0);
    CHECK(linked.err.find("stage 'fixture': plugin 'fixture' 0.0.1 from " +
                          (dir / "my-plugins" / "glean-fixture.so").string() + " (a link to " +
                          fs::canonical(fixture_dir / "glean-fixture.so").string() +
                          "), outside glean's own plugin folder") != std::string::npos);
  }
}
