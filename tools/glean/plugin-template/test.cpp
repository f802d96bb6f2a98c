// @name@/@ident@_test.cpp - runs glean with the @name@ plugin, as a pipeline author would
//
// CMake (glean_add_plugin_test) defines GLEAN_EXECUTABLE, GLEAN_TEST_PLUGIN_DIR (where
// glean-@name@.so is built), GLEAN_TEST_SOURCE_DIR and GLEAN_TEST_BINARY_DIR.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {
namespace fs = std::filesystem;

const fs::path kSource = GLEAN_TEST_SOURCE_DIR;

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void writeFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

/// An empty folder for one test case, under the build folder.
fs::path scratch(const std::string& name) {
  fs::path dir = fs::path(GLEAN_TEST_BINARY_DIR) / "test-scratch" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `glean --plugin-dir <this build> ARGS...`.
Result glean(const std::vector<std::string>& args) {
  fs::path dir = scratch("glean-output");
  // Appended piece by piece: GCC 12 warns wrongly (-Wrestrict) about "literal" + std::string.
  std::string command = quote(GLEAN_EXECUTABLE);
  command += " --plugin-dir ";
  command += quote(GLEAN_TEST_PLUGIN_DIR);
  for (const auto& a : args) {
    command += ' ';
    command += quote(a);
  }
  command += " >";
  command += quote((dir / "out").string());
  command += " 2>";
  command += quote((dir / "err").string());
  int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, readFile(dir / "out"),
          readFile(dir / "err")};
}

/// How often `needle` occurs in `haystack`.
std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1))
    ++n;
  return n;
}

/// The JSON object of the annotation whose text is `text` (the JSONL exporter writes the keys in
/// a fixed order: id, type, begin, end, text, features, stage, rule), or "" when there is none.
std::string annotationWithText(const std::string& jsonl, const std::string& text) {
  auto at = jsonl.find("\"text\":\"" + text + "\"");
  if (at == std::string::npos) return "";
  auto begin = jsonl.rfind("{\"id\":", at);
  auto end = jsonl.find('}', jsonl.find("\"rule\":", at));
  return jsonl.substr(begin, end + 1 - begin);
}

/// A copy of pipeline.toml in `dir` with the rule file's path made absolute and `extra` added
/// to the @name@ stage's parameters.
fs::path pipelineWith(const fs::path& dir, const std::string& extra) {
  std::string text = readFile(kSource / "pipeline.toml");
  const std::string rules = "rules = \"rules/@name@.toml\"";
  auto at = text.find(rules);
  REQUIRE(at != std::string::npos);
  text.replace(at, rules.size(),
               "rules = \"" + (kSource / "rules" / "@name@.toml").string() + "\"\n" + extra);
  writeFile(dir / "pipeline.toml", text);
  return dir / "pipeline.toml";
}

}  // namespace

TEST_CASE("glean describes the plugin and its parameters") {
  Result r = glean({"plugins", "@name@"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("Plugin       @name@\n") != std::string::npos);
  CHECK(r.out.find("rules                path, required") != std::string::npos);
  CHECK(r.out.find("min_count            integer, default 1") != std::string::npos);
}

TEST_CASE("the rule file's examples and counter-examples pass") {
  Result r = glean({"test", (kSource / "rules" / "@name@.toml").string()});
  INFO(r.out);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  // "N passed, 0 failed", with N > 0: a rule file whose examples were all lost would pass too.
  auto at = r.out.find(" passed, 0 failed");
  REQUIRE(at != std::string::npos);
  auto begin = r.out.rfind('\n', at);
  begin = begin == std::string::npos ? 0 : begin + 1;
  CHECK(std::stoi(r.out.substr(begin, at - begin)) > 0);
}

TEST_CASE("the example pipeline annotates every count in the sample, with integer counts") {
  fs::path out = scratch("example");
  Result r = glean({"run", (kSource / "pipeline.toml").string(), (kSource / "sample.txt").string(),
                    "-o", out.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::string jsonl = readFile(out / "documents.jsonl");
  INFO(jsonl);
  CHECK(count(jsonl, "\"stage\":\"@name@\"") == 3);
  std::string killed = annotationWithText(jsonl, "killed 12 people");
  CHECK(killed.find("\"type\":\"Casualties\"") != std::string::npos);
  CHECK(killed.find("\"count\":12") != std::string::npos);  // an integer, not "12"
  CHECK(killed.find("\"outcome\":\"killed\"") != std::string::npos);
  CHECK(killed.find("\"rule\":\"@name@:hurt-victims\"") != std::string::npos);
  std::string wounded = annotationWithText(jsonl, "Three soldiers were wounded");
  CHECK(wounded.find("\"count\":3") != std::string::npos);  // "Three", from the numbers lexicon
  CHECK(wounded.find("\"rule\":\"@name@:victims-were-hurt\"") != std::string::npos);
  CHECK(annotationWithText(jsonl, "One police officer was killed").find("\"count\":1") !=
        std::string::npos);
}

TEST_CASE("min_count leaves out smaller counts") {
  fs::path dir = scratch("min-count");
  Result r = glean({"run", pipelineWith(dir, "min_count = 3").string(),
                    (kSource / "sample.txt").string(), "-o", (dir / "out").string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::string jsonl = readFile(dir / "out" / "documents.jsonl");
  CHECK(count(jsonl, "\"stage\":\"@name@\"") == 2);
  CHECK(jsonl.find("One police officer") == std::string::npos);
}

TEST_CASE("a negative min_count is refused when the pipeline loads, pointing at its line") {
  fs::path dir = scratch("negative");
  fs::path pipeline = pipelineWith(dir, "min_count = -1");
  std::string text = readFile(pipeline);
  auto line = 1 + count(text.substr(0, text.find("min_count = -1")), "\n");
  Result r = glean({"validate", pipeline.string()});
  CHECK(r.exit_code == 2);
  // file:line:column of the value, because the stage named the parameter in its StageError.
  CHECK(r.err.find(pipeline.string() + ":" + std::to_string(line) +
                   ":13: error: stage '@name@': min_count must be 0 or more, not -1") !=
        std::string::npos);
}

TEST_CASE("a count the rules capture but cannot read is an issue; the document is still written") {
  fs::path dir = scratch("issue");
  writeFile(dir / "report.txt", "Dozens of people were killed. Four civilians were injured.\n");
  Result r = glean({"run", (kSource / "pipeline.toml").string(), (dir / "report.txt").string(),
                    "-o", (dir / "out").string()});
  INFO(r.err);
  CHECK(r.exit_code == 1);  // 1: the run went through, but with problems to look at
  std::string jsonl = readFile(dir / "out" / "documents.jsonl");
  CHECK(count(jsonl, "\"stage\":\"@name@\"") == 1);
  CHECK(jsonl.find("\"count\":4") != std::string::npos);
  std::string errors = readFile(dir / "out" / "errors.jsonl");
  CHECK(errors.find("cannot read the count 'Dozens'") != std::string::npos);
}
