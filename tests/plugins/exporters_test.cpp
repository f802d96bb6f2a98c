// glean/tests/plugins/exporters_test.cpp - the CSV, SQLite, HTML and brat exporters as a user runs them
// SPDX-License-Identifier: Apache-2.0
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <unistd.h>

#include <algorithm>
#include <set>

namespace fs = std::filesystem;
using glean::test::freshDir;
using glean::test::readFile;
using glean::test::runGlean;
using glean::test::writeFile;

namespace {

const char* kFixtureStage =
    "[[stage]]\nuse = \"fixture-report\"\ngazetteer = \"" GLEAN_TEST_DATA_DIR "/fixture_gazetteer.tsv\"\n";

/// Writes a pipeline of the fixture-report stage followed by `stages` (TOML [[stage]] tables).
fs::path pipeline(const fs::path& dir, const std::string& stages) {
  writeFile(dir / "pipeline.toml", std::string(kFixtureStage) + "\n" + stages);
  return dir / "pipeline.toml";
}

glean::test::CommandResult run(const fs::path& pipeline_file, const std::vector<std::string>& inputs,
                               const fs::path& out, const std::string& stdin_text = {}) {
  std::vector<std::string> args = {"--plugin-dir", GLEAN_EXPORT_FIXTURE_PLUGIN_DIR, "--plugin-dir",
                                   GLEAN_FIXTURE_PLUGIN_DIR, "run", pipeline_file.string()};
  args.insert(args.end(), inputs.begin(), inputs.end());
  if (!out.empty()) {
    args.push_back("-o");
    args.push_back(out.string());
  }
  return runGlean(args, stdin_text);
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::set<std::string> filesUnder(const fs::path& dir) {
  std::set<std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out.insert(fs::relative(e.path(), dir).string());
  return out;
}

/// A read-only look into a database the sqlite exporter wrote.
class Db {
 public:
  explicit Db(const fs::path& file) {
    REQUIRE(sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  }
  ~Db() { sqlite3_close(db_); }
  /// Every row of a query, a line each, columns separated by '|' (NULL as "NULL").
  std::string all(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    REQUIRE_MESSAGE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK,
                    sqlite3_errmsg(db_));
    std::string out;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
        if (i > 0) out += '|';
        const unsigned char* text = sqlite3_column_text(stmt, i);
        out += text != nullptr ? reinterpret_cast<const char*>(text) : "NULL";
      }
      out += '\n';
    }
    sqlite3_finalize(stmt);
    return out;
  }
  /// The first column of the first row, as text ("" for NULL or no row).
  std::string one(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    REQUIRE_MESSAGE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK,
                    sqlite3_errmsg(db_));
    std::string out;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_type(stmt, 0) != SQLITE_NULL)
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace

TEST_SUITE("exporters") {
  TEST_CASE("an output folder that cannot be written stops the run before any document, naming it") {
    fs::path dir = freshDir("export-unwritable");
    fs::path out = dir / "out";
    struct Case {
      std::string stage, blocker, message;
    };
    // A file where the exporter's folder should be: even root cannot create a folder there.
    const std::vector<Case> cases = {
        {"[[stage]]\nuse = \"csv\"\n", "csv",
         "stage 'csv' cannot start the run: cannot create the output folder '" + (out / "csv").string() +
             "' (folder = 'csv'): "},
        {"[[stage]]\nuse = \"html\"\nfolder = \"pages/review\"\n", "pages",
         "stage 'html' cannot start the run: cannot create the output folder '" +
             (out / "pages/review").string() + "' (folder = 'pages/review'): "},
        {"[[stage]]\nuse = \"brat\"\n", "brat",
         "stage 'brat' cannot start the run: cannot create the output folder '" + (out / "brat").string() +
             "' (folder = 'brat'): "},
        {"[[stage]]\nuse = \"sqlite\"\nfile = \"db/x.sqlite\"\n", "db",
         "stage 'sqlite' cannot start the run: cannot create the output folder '" + (out / "db").string() +
             "' (file = 'db/x.sqlite'): "},
    };
    for (const Case& c : cases) {
      CAPTURE(c.stage);
      fs::remove_all(out);
      writeFile(out / c.blocker, "not a folder");
      auto r = run(pipeline(dir, c.stage), {glean::test::seedReport().string()}, out);
      CHECK(r.exit_code == 2);
      CHECK_MESSAGE(contains(r.err, c.message), r.err);
    }
    // The database path is a folder: SQLite cannot open it, and says so with the path.
    fs::remove_all(out);
    fs::create_directories(out / "glean.sqlite");
    auto r = run(pipeline(dir, "[[stage]]\nuse = \"sqlite\"\n"), {glean::test::seedReport().string()}, out);
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, "cannot open the database '" + (out / "glean.sqlite").string() + "'"), r.err);
    // Without write permission (meaningful only when the tests do not run as root).
    if (::geteuid() != 0) {
      fs::remove_all(out);
      fs::create_directories(out / "csv");
      fs::permissions(out / "csv", fs::perms::owner_read | fs::perms::owner_exec);
      auto denied = run(pipeline(dir, "[[stage]]\nuse = \"csv\"\n"), {glean::test::seedReport().string()}, out);
      fs::permissions(out / "csv", fs::perms::owner_all);
      CHECK(denied.exit_code == 2);
      CHECK_MESSAGE(contains(denied.err, "cannot write to the output folder '" + (out / "csv").string() +
                                             "' (folder = 'csv'): Permission denied"),
                    denied.err);
    }
  }

  TEST_CASE("exporter output paths may not leave the output folder") {
    fs::path dir = freshDir("export-outside");
    for (const char* stage :
         {"[[stage]]\nuse = \"csv\"\nfolder = \"../escape\"\n", "[[stage]]\nuse = \"sqlite\"\nfile = \"/tmp/x.sqlite\"\n",
          "[[stage]]\nuse = \"html\"\nfolder = \"a/../../escape\"\n", "[[stage]]\nuse = \"brat\"\nfolder = \"../b\"\n",
          "[[stage]]\nuse = \"csv\"\ndates = \"../../d.csv\"\n"}) {
      CAPTURE(stage);
      auto r = run(pipeline(dir, stage), {glean::test::seedReport().string()}, dir / "out");
      CHECK(r.exit_code == 2);
      CHECK_MESSAGE(contains(r.err, "leaves the output folder"), r.err);
    }
    CHECK_FALSE(fs::exists(dir / "escape"));
  }

  TEST_CASE("folder and file names are configurable, a table can be left out, no temporary file remains") {
    fs::path dir = freshDir("export-names");
    fs::path p = pipeline(dir,
                          "[[stage]]\nuse = \"csv\"\nfolder = \"tables\"\ndates = \"d.csv\"\nsegments = \"\"\n"
                          "entity_index = \"idx/entities-per-doc.csv\"\n"
                          "[[stage]]\nuse = \"sqlite\"\nfile = \"db/reports.sqlite\"\n"
                          "[[stage]]\nuse = \"html\"\nfolder = \"review\"\nindex = \"all.html\"\n"
                          "[[stage]]\nuse = \"brat\"\nfolder = \"standoff\"\nconf = false\n");
    auto r = run(p, {glean::test::seedReport().string()}, dir / "out");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(filesUnder(dir / "out") ==
          std::set<std::string>{"errors.jsonl", "tables/d.csv", "tables/entities.csv",
                                "tables/idx/entities-per-doc.csv", "db/reports.sqlite",
                                "review/all.html", "review/000_0bdeaacc15b1e0dc.html", "review/.glean-manifest.tsv",
                                "standoff/000_0bdeaacc15b1e0dc.txt", "standoff/000_0bdeaacc15b1e0dc.ann",
                                "standoff/.glean-manifest.tsv", "run.json"});
    CHECK(contains(readFile(dir / "out/review/000_0bdeaacc15b1e0dc.html"), "<a href=\"all.html\">"));
    CHECK(contains(readFile(dir / "out/review/all.html"), "<a href=\"000_0bdeaacc15b1e0dc.html\">"));
  }

  TEST_CASE("the HTML and brat exporters write the types asked for; HTML hides some until switched on") {
    fs::path dir = freshDir("export-types");
    fs::path p = pipeline(dir,
                          "[[stage]]\nuse = \"html\"\ntypes = [\"TIMEX3\", \"GPE\", \"Sentence\"]\n"
                          "hidden_types = [\"GPE\"]\n[[stage]]\nuse = \"brat\"\n");
    REQUIRE(run(p, {glean::test::seedReport().string()}, dir / "out").exit_code == 0);
    std::string page = readFile(dir / "out/html/000_0bdeaacc15b1e0dc.html");
    // Legend order: dates, entities, segments; GPE listed but not highlighted (t1), Sentence shown.
    CHECK(contains(page, "<label><input type=\"checkbox\" data-t=\"0\" checked><span class=\"sw t0\"></span>TIMEX3 <small>21</small></label>"
                         "<label><input type=\"checkbox\" data-t=\"1\"><span class=\"sw t1\"></span>GPE <small>26</small></label>"
                         "<label><input type=\"checkbox\" data-t=\"2\" checked><span class=\"sw t2\"></span>Sentence <small>29</small></label>"));
    CHECK(contains(page, "<div id=\"text\" class=\" hide-t1\">"));
    CHECK_FALSE(contains(page, "\"name\":\"ORG\""));
    CHECK_FALSE(contains(page, "\"name\":\"Paragraph\""));
    // brat by default: dates and entities, no segments.
    std::string ann = readFile(dir / "out/brat/000_0bdeaacc15b1e0dc.ann");
    CHECK(contains(ann, "\tTIMEX3 "));
    CHECK(contains(ann, "\tORG "));
    CHECK_FALSE(contains(ann, "\tSentence "));
    CHECK_FALSE(contains(ann, "\tParagraph "));
  }

  TEST_CASE("the HTML index must be a file in the pages' folder") {
    fs::path dir = freshDir("export-html-index");
    auto r = run(pipeline(dir, "[[stage]]\nuse = \"html\"\nindex = \"sub/index.html\"\n"),
                 {glean::test::seedReport().string()}, dir / "out");
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(contains(r.err, "index must be a file name in the folder, not a path: 'sub/index.html'"), r.err);
  }

  TEST_CASE("the CSV exporter refuses two tables in one file, and writes a BOM when asked") {
    fs::path dir = freshDir("export-csv-options");
    auto same = run(pipeline(dir, "[[stage]]\nuse = \"csv\"\ndates = \"x.csv\"\nentities = \"x.csv\"\n"),
                    {glean::test::seedReport().string()}, dir / "out");
    CHECK(same.exit_code == 2);
    CHECK_MESSAGE(contains(same.err, "'entities' and 'dates' name the same file 'x.csv'"), same.err);
    auto bom = run(pipeline(dir, "[[stage]]\nuse = \"csv\"\nbom = true\n"), {glean::test::seedReport().string()},
                   dir / "out");
    REQUIRE(bom.exit_code == 0);
    for (const char* name : {"dates.csv", "entities.csv", "segments.csv", "entity_index.csv"}) {
      std::string content = readFile(dir / "out/csv" / name);
      CHECK(content.compare(0, 7, "\xEF\xBB\xBF" "doc,") == 0);
    }
  }

  TEST_CASE("the SQLite exporter replaces a document on rerun, and removes one that now fails") {
    fs::path dir = freshDir("export-sqlite-rerun");
    writeFile(dir / "in/a.txt", "On January 10 officials in Astana met. Kazakhstan agreed.\n");
    writeFile(dir / "in/b.txt", "In August the KNB met in Aktau.\n");
    std::string stages =
        "[[stage]]\nuse = \"fixture\"\nlabel = \"x\"\nfail_on = \"BROKEN\"\n"
        "[[stage]]\nuse = \"sqlite\"\nbatch = 1\n[[stage]]\nuse = \"html\"\n";
    fs::path p = pipeline(dir, stages);
    auto first = run(p, {(dir / "in").string()}, dir / "out");
    REQUIRE(first.exit_code == 0);
    std::string a_key, a_annotations;
    {
      Db db(dir / "out/glean.sqlite");
      CHECK(db.one("SELECT count(*) FROM documents") == "2");
      a_key = db.one("SELECT doc_key FROM documents WHERE doc = 'a.txt'");
      a_annotations = db.one("SELECT count(*) FROM annotations a JOIN documents d USING (doc_key) WHERE d.doc = 'a.txt'");
      CHECK(db.one("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'aktau'") == "1");
    }
    // a.txt changes, b.txt now fails: a is replaced (same key), b leaves documents for failures.
    writeFile(dir / "in/a.txt", "On March 3 officials in Astana met.\n");
    writeFile(dir / "in/b.txt", "In August the KNB met in Aktau. BROKEN\n");
    auto second = run(p, {(dir / "in").string()}, dir / "out");
    CHECK(second.exit_code == 1);
    Db db(dir / "out/glean.sqlite");
    CHECK(db.one("SELECT count(*) FROM documents") == "1");
    CHECK(db.one("SELECT doc_key FROM documents WHERE doc = 'a.txt'") == a_key);
    CHECK(db.one("SELECT text FROM documents WHERE doc = 'a.txt'") == "On March 3 officials in Astana met.\n");
    CHECK(db.one("SELECT count(*) FROM annotations WHERE text = 'January 10'") == "0");
    CHECK(db.one("SELECT value FROM dates WHERE doc = 'a.txt'") == "2009-03-03");
    CHECK(db.one("SELECT count(*) FROM annotations WHERE doc_key NOT IN (SELECT doc_key FROM documents)") == "0");
    CHECK(db.one("SELECT count(*) FROM features WHERE ann_key NOT IN (SELECT ann_key FROM annotations)") == "0");
    CHECK(db.one("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'aktau'") == "0");
    CHECK(db.one("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'kazakhstan'") == "0");
    CHECK(db.one("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'march'") == "1");
    CHECK(db.one("SELECT stage || ': ' || message FROM failures WHERE doc = 'b.txt'") == "fixture: found 'BROKEN'");
    CHECK(db.one("SELECT group_concat(documents || '/' || failed, ' ') FROM runs") == "2/0 1/1");
    CHECK(db.one("SELECT run FROM documents WHERE doc = 'a.txt'") == "2");
    // The HTML index lists the failure.
    std::string index = readFile(dir / "out/html/index.html");
    CHECK(contains(index, "<h2>Failed documents</h2>"));
    CHECK(contains(index, "<td class=\"doc\">b.txt</td><td>fixture</td><td>found &#39;BROKEN&#39;</td>"));
  }

  TEST_CASE("the SQLite exporter stores long annotations' text once, in documents.text") {
    fs::path dir = freshDir("export-sqlite-text-limit");
    // Non-ASCII before and inside the annotations: the view's substr() counts characters.
    writeFile(dir / "in/a.txt", "\xC3\x96skemen \xE2\x80\x94 On January 10 officials in Astana met. "
                                "Kazakhstan agreed in \xC3\x96skemen.\n");
    auto stages = [](const std::string& options) {
      return "[[stage]]\nuse = \"sqlite\"\n" + options + "\n";
    };
    auto texts = [](const fs::path& file) {
      Db db(file);
      std::string mismatches = db.one(
          "SELECT count(*) FROM annotations a JOIN documents d USING (doc_key) WHERE a.text IS NOT "
          "substr(d.text, a.char_begin + 1, a.char_end - a.char_begin)");
      return std::make_pair(db.one("SELECT count(*) FROM annotation_rows WHERE text IS NULL"), mismatches);
    };
    auto limited = run(pipeline(dir, stages("text_limit = 8")), {(dir / "in").string()}, dir / "limited");
    REQUIRE(limited.exit_code == 0);
    auto [stored_null, bad] = texts(dir / "limited/glean.sqlite");
    CHECK(std::stoi(stored_null) > 0);
    CHECK(bad == "0");
    {
      Db db(dir / "limited/glean.sqlite");
      CHECK(db.one("SELECT text FROM annotations WHERE type = 'Sentence' ORDER BY begin LIMIT 1") ==
            db.one("SELECT text FROM sentences_fts WHERE sentences_fts MATCH 'january'"));
    }
    // Without the documents' text, every annotation keeps its own.
    auto no_text = run(pipeline(dir, stages("text_limit = 8\ntext = false")), {(dir / "in").string()},
                       dir / "no-text");
    REQUIRE(no_text.exit_code == 0);
    Db db(dir / "no-text/glean.sqlite");
    CHECK(db.one("SELECT count(*) FROM annotation_rows WHERE text IS NULL") == "0");
    CHECK(db.one("SELECT count(*) FROM documents WHERE text IS NULL") == "1");
    CHECK(db.one("SELECT text FROM annotations WHERE type = 'GPE' ORDER BY begin LIMIT 1") == "\xC3\x96skemen");
    auto negative = run(pipeline(dir, stages("text_limit = -1")), {(dir / "in").string()}, dir / "bad");
    CHECK(negative.exit_code == 2);
    CHECK_MESSAGE(contains(negative.err, "text_limit must be 0 or more"), negative.err);
  }

  TEST_CASE("the entity index comes from the entities stage's Entity annotations when there are some") {
    fs::path dir = freshDir("export-entity-table");
    // Two names for one entity, only one with an id: counted from the mentions they are two rows
    // (canonical, type, id differ); the entities stage's table has one entity with three mentions.
    writeFile(dir / "gazetteer.tsv", "Kazakhstan\tGPE\tKazakhstan\tKZ\nRK\tGPE\tKazakhstan\t\n");
    writeFile(dir / "in/a.txt", "On January 10 Kazakhstan and RK agreed. RK said so.\n");
    auto pipeline_with = [&](bool table) {
      fs::path p = dir / (table ? "table.toml" : "counted.toml");
      writeFile(p, "[[stage]]\nuse = \"fixture-report\"\ngazetteer = \"gazetteer.tsv\"\nentity_table = " +
                       std::string(table ? "true" : "false") +
                       "\n[[stage]]\nuse = \"csv\"\n[[stage]]\nuse = \"sqlite\"\n[[stage]]\nuse = \"html\"\n");
      return p;
    };
    const std::string header = "doc,canonical,type,id,mentions,first\r\n";
    auto counted = run(pipeline_with(false), {(dir / "in").string()}, dir / "counted");
    REQUIRE(counted.exit_code == 0);
    CHECK(readFile(dir / "counted/csv/entity_index.csv") ==
          header + "a.txt,Kazakhstan,GPE,KZ,1,14\r\na.txt,Kazakhstan,GPE,,2,29\r\n");
    auto table = run(pipeline_with(true), {(dir / "in").string()}, dir / "table");
    REQUIRE(table.exit_code == 0);
    CHECK(readFile(dir / "table/csv/entity_index.csv") == header + "a.txt,Kazakhstan,GPE,KZ,3,14\r\n");
    // The entities table keeps the mentions (with the entity they belong to), not the Entity rows.
    std::string entities = readFile(dir / "table/csv/entities.csv");
    CHECK(std::count(entities.begin(), entities.end(), '\n') == 4);
    CHECK(contains(entities, "\"\"entity\"\":"));  // in the features JSON (quotes doubled)
    Db counted_db(dir / "counted/glean.sqlite");
    CHECK(counted_db.one("SELECT group_concat(x, ' ') FROM (SELECT coalesce(id, '') || '/' || mentions AS x "
                         "FROM entity_index ORDER BY first)") == "KZ/1 /2");
    Db db(dir / "table/glean.sqlite");
    CHECK(db.one("SELECT group_concat(canonical || '/' || type || '/' || id || '/' || mentions || '/' || first, ' ') "
                 "FROM entity_index") == "Kazakhstan/GPE/KZ/3/14");
    CHECK(db.one("SELECT count(*) FROM entities") == "3");
    // On the review page the Entity rows are listed but not highlighted until switched on.
    std::string page = readFile(dir / "table/html/a.html");
    CHECK(contains(page, "</span>Entity <small>1</small>"));
  }

  TEST_CASE("the SQLite exporter refuses a file that is not its database") {
    fs::path dir = freshDir("export-sqlite-foreign");
    fs::path p = pipeline(dir, "[[stage]]\nuse = \"sqlite\"\n");
    writeFile(dir / "out/glean.sqlite", std::string(4096, 'x'));
    auto garbage = run(p, {glean::test::seedReport().string()}, dir / "out");
    CHECK(garbage.exit_code == 2);
    CHECK_MESSAGE(contains(garbage.err, "cannot use the database '" + (dir / "out/glean.sqlite").string() +
                                            "': SQLite: file is not a database"),
                  garbage.err);
    fs::remove(dir / "out/glean.sqlite");
    {
      sqlite3* db = nullptr;
      REQUIRE(sqlite3_open((dir / "out/glean.sqlite").c_str(), &db) == SQLITE_OK);
      sqlite3_exec(db, "CREATE TABLE mine(x)", nullptr, nullptr, nullptr);
      sqlite3_close(db);
    }
    auto foreign = run(p, {glean::test::seedReport().string()}, dir / "out");
    CHECK(foreign.exit_code == 2);
    CHECK_MESSAGE(contains(foreign.err, "it holds tables but is not a glean database"), foreign.err);
  }

  TEST_CASE("a report containing markup appears as text on its review page") {
    fs::path dir = freshDir("export-html-escaping");
    writeFile(dir / "in/x.txt",
              "Kazakhstan <script>alert(\"x\")</script> & <b>bold</b>\n\nSee </div><!-- \"q\" 'a'.\n");
    auto r = run(pipeline(dir, "[[stage]]\nuse = \"html\"\n"), {(dir / "in").string()}, dir / "out");
    REQUIRE(r.exit_code == 0);
    std::string page = readFile(dir / "out/html/x.html");
    CHECK(contains(page, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"));
    CHECK(contains(page, "See &lt;/div&gt;&lt;!-- &quot;q&quot; &#39;a&#39;."));
    CHECK_FALSE(contains(page, "<script>alert"));
    CHECK_FALSE(contains(page, "<b>bold"));
    // Two script elements, both the page's own; the data one holds no "<".
    std::size_t scripts = 0;
    for (std::size_t at = page.find("<script"); at != std::string::npos; at = page.find("<script", at + 1))
      ++scripts;
    CHECK(scripts == 2);
    std::size_t data = page.find("<script type=\"application/json\" id=\"glean-data\">");
    REQUIRE(data != std::string::npos);
    std::size_t data_end = page.find("</script>", data);
    std::string json = page.substr(data + 48, data_end - data - 48);
    CHECK(json.find('<') == std::string::npos);
    CHECK(nlohmann::json::parse(json)["doc"] == "x.txt");
    // The title comes from the text: escaped too.
    CHECK(contains(page, "<title>Kazakhstan &lt;script&gt;"));
  }

  TEST_CASE("every exporter writes exactly the same at -j1 and -j3") {
    // The exporters format in prepare(), on the worker threads, in any order; process() writes in
    // input order. Documents of many sizes, two whose page names collide (a.txt and a), one that
    // fails (its place in the tables and the failures list), and one that is empty.
    fs::path dir = freshDir("export-jobs");
    std::string seed = readFile(glean::test::seedReport());
    for (int i = 0; i < 14; ++i)
      writeFile(dir / "in" / ("part-" + std::to_string(10 + i) + ".txt"), seed.substr(0, seed.size() * (i + 1) / 14));
    writeFile(dir / "in/a.txt", "On January 10 it rained in Astana.\n");
    writeFile(dir / "in/a", "On March 3 it snowed.\n");
    writeFile(dir / "in/sub/bad.txt", "bad \xFF byte");
    writeFile(dir / "in/sub/empty.txt", "");
    fs::path p = pipeline(dir,
                          "[[stage]]\nuse = \"jsonl\"\n[[stage]]\nuse = \"csv\"\n[[stage]]\nuse = \"sqlite\"\n"
                          "[[stage]]\nuse = \"html\"\n[[stage]]\nuse = \"brat\"\n");
    for (const char* jobs : {"1", "3"}) {
      std::vector<std::string> args = {"--plugin-dir", GLEAN_EXPORT_FIXTURE_PLUGIN_DIR, "run", p.string(),
                                       (dir / "in").string(), "-o", (dir / (std::string("j") + jobs)).string(),
                                       "-j", jobs};
      auto r = runGlean(args);
      INFO(r.err);
      CHECK(r.exit_code == 1);  // the invalid file
      CHECK(contains(r.err, "written 17, failed 1"));
    }
    std::set<std::string> files = filesUnder(dir / "j1");
    CHECK(files == filesUnder(dir / "j3"));
    CHECK(files.count("html/a.html") == 1);
    CHECK(files.count("html/a-2.html") == 1);
    for (const std::string& f : files) {
      if (f == "glean.sqlite" || f == "run.json") continue;
      CHECK_MESSAGE(readFile(dir / "j1" / f) == readFile(dir / "j3" / f), f);
    }
    Db one(dir / "j1/glean.sqlite"), three(dir / "j3/glean.sqlite");
    for (const char* table : {"documents", "meta", "annotation_rows", "features", "families", "failures"}) {
      std::string sql = std::string("SELECT * FROM ") + table;
      CHECK_MESSAGE(one.all(sql) == three.all(sql), table);
    }
    CHECK(one.all("SELECT doc, stage FROM failures") == "sub/bad.txt|reader\n");
    std::string fts = "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH 'astana OR kazakhstan' ORDER BY rowid";
    CHECK(one.all(fts) == three.all(fts));
    CHECK(one.all(fts).size() > 10);
    CHECK(three.one("PRAGMA integrity_check") == "ok");
  }

  TEST_CASE("a document id given twice in one run into a new database: the last one stays, its index right") {
    // Two input folders holding the same file name give two documents with one id. A new database
    // makes its full-text index at the end of the run, so the first one's entries must not be
    // deleted from the index before they are in it (FTS5 then calls the file malformed).
    fs::path dir = freshDir("export-sqlite-same-id");
    writeFile(dir / "a/x.txt", "On January 10 officials in Astana met.\n");
    writeFile(dir / "b/x.txt", "In August the KNB met in Aktau.\n");
    fs::path p = pipeline(dir, "[[stage]]\nuse = \"sqlite\"\n");
    auto r = run(p, {(dir / "a").string(), (dir / "b").string()}, dir / "out");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    Db db(dir / "out/glean.sqlite");
    CHECK(db.one("PRAGMA integrity_check") == "ok");
    CHECK(db.one("SELECT count(*) FROM documents") == "1");
    CHECK(db.one("SELECT text FROM documents WHERE doc = 'x.txt'") == "In August the KNB met in Aktau.\n");
    CHECK(db.one("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'aktau'") == "1");
    CHECK(db.one("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'astana'") == "0");
    CHECK(db.one("SELECT count(*) FROM annotations WHERE doc_key NOT IN (SELECT doc_key FROM documents)") == "0");
  }

  TEST_CASE("with fts = false a new database has no full-text index, an existing one keeps its index right") {
    fs::path dir = freshDir("export-nofts");
    writeFile(dir / "in/a.txt", "On January 10 it rained in Astana.\n");
    fs::path with = pipeline(dir, "[[stage]]\nuse = \"sqlite\"\n");
    fs::path without = dir / "nofts.toml";
    writeFile(without, readFile(with) + "fts = false\n");
    REQUIRE(run(without, {(dir / "in").string()}, dir / "new").exit_code == 0);
    {
      Db db(dir / "new/glean.sqlite");
      CHECK(db.one("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'sentences_fts%'") == "0");
      CHECK(db.one("SELECT text FROM dates") == "January 10");
    }
    // A database made with the index, rerun with fts = false after the document changed: the
    // replaced document's entries go, the new ones come.
    REQUIRE(run(with, {(dir / "in").string()}, dir / "old").exit_code == 0);
    writeFile(dir / "in/a.txt", "On March 3 it snowed in Aktau.\n");
    REQUIRE(run(without, {(dir / "in").string()}, dir / "old").exit_code == 0);
    Db db(dir / "old/glean.sqlite");
    CHECK(db.one("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'astana'") == "0");
    CHECK(db.one("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'aktau'") == "1");
  }

  TEST_CASE("a resumed run adds to what the interrupted run exported, under new names where needed") {
    fs::path dir = freshDir("export-resume");
    fs::path p = pipeline(dir,
                          "[[stage]]\nuse = \"csv\"\n[[stage]]\nuse = \"sqlite\"\n[[stage]]\nuse = \"html\"\n"
                          "[[stage]]\nuse = \"brat\"\n");
    // The "interrupted" run saw a.txt only (dates, no entity); the resumed one finds two more
    // documents: "a" (whose file name would be a.html, a.ann) and b.txt (an entity, no date).
    writeFile(dir / "in/a.txt", "On January 10 it rained.\n");
    auto first = run(p, {(dir / "in").string()}, dir / "out");
    REQUIRE(first.exit_code == 0);
    std::string a_page = readFile(dir / "out/html/a.html");
    writeFile(dir / "in/a", "On March 3 it snowed.\n");
    writeFile(dir / "in/b.txt", "Astana is far.\n");
    std::vector<std::string> args = {"--plugin-dir", GLEAN_EXPORT_FIXTURE_PLUGIN_DIR, "run", p.string(),
                                     (dir / "in").string(), "-o", (dir / "out").string(), "--resume"};
    auto resumed = runGlean(args);
    INFO(resumed.err);
    REQUIRE(resumed.exit_code == 0);
    CHECK(contains(resumed.err, "skipped 1 done by the resumed run"));
    std::string dates = readFile(dir / "out/csv/dates.csv");
    CHECK(dates.find("doc,begin,end") == 0);
    CHECK(dates.find("doc,begin,end", 1) == std::string::npos);  // one header
    CHECK(contains(dates, "a.txt,3,13,January 10,DATE,2009-01-10"));
    CHECK(contains(dates, "a,3,10,March 3,DATE,2009-03-03"));
    CHECK(contains(readFile(dir / "out/csv/entities.csv"), "b.txt,0,6,Astana,GPE"));
    CHECK(readFile(dir / "out/html/a.html") == a_page);  // a.txt's page kept, "a" went elsewhere
    CHECK(contains(readFile(dir / "out/html/a-2.html"), "March 3"));
    std::string index = readFile(dir / "out/html/index.html");
    for (const char* link : {"<a href=\"a.html\">a.txt</a>", "<a href=\"a-2.html\">a</a>", "<a href=\"b.html\">b.txt</a>"})
      CHECK_MESSAGE(contains(index, link), link);
    CHECK(contains(readFile(dir / "out/brat/a.ann"), "January 10"));
    CHECK(contains(readFile(dir / "out/brat/a-2.ann"), "March 3"));
    std::string conf = readFile(dir / "out/brat/annotation.conf");
    CHECK(contains(conf, "[entities]\nTIMEX3\nGPE\n"));  // the types of both runs
    Db db(dir / "out/glean.sqlite");
    CHECK(db.one("SELECT group_concat(doc, ' ') FROM (SELECT doc FROM documents ORDER BY doc)") == "a a.txt b.txt");
  }

  TEST_CASE("given the pipeline's rule files, a review page shows where each rule is defined") {
    fs::path dir = freshDir("export-html-rules");
    fs::path rules = fs::path(GLEAN_SOURCE_DIR) / "rules/examples/dates.toml";
    writeFile(dir / "pipeline.toml", "[[stage]]\nuse = \"rules\"\nname = \"dates\"\nfile = \"" + rules.string() +
                                         "\"\n[[stage]]\nuse = \"html\"\nrules = [\"" + rules.string() + "\"]\n");
    auto r = runGlean({"run", (dir / "pipeline.toml").string(), glean::test::seedReport().string(), "-o",
                       (dir / "out").string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    // The line of the rule's [[rule]] table in the rule file, found here rather than written down.
    std::string text = readFile(rules);
    std::size_t id = text.find("id = \"day-month-year\"");
    REQUIRE(id != std::string::npos);
    std::size_t at = text.rfind("[[rule]]", id);
    REQUIRE(at != std::string::npos);
    auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
    std::string page = readFile(dir / "out/html/000_0bdeaacc15b1e0dc.html");
    CHECK_MESSAGE(contains(page, "\"dates-example:day-month-year\",\"" + rules.string() + ":" + std::to_string(line) + "\""),
                  page.substr(page.find("\"a\":{"), 600));
    // Without the rule files, the rule id alone.
    writeFile(dir / "pipeline.toml", "[[stage]]\nuse = \"rules\"\nname = \"dates\"\nfile = \"" + rules.string() +
                                         "\"\n[[stage]]\nuse = \"html\"\n");
    REQUIRE(runGlean({"run", (dir / "pipeline.toml").string(), glean::test::seedReport().string(), "-o",
                      (dir / "out").string()}).exit_code == 0);
    page = readFile(dir / "out/html/000_0bdeaacc15b1e0dc.html");
    CHECK(contains(page, "\"dates-example:day-month-year\",\"\""));
  }

  TEST_CASE("in streaming mode the file exporters write nothing") {
    fs::path dir = freshDir("export-streaming");
    fs::path p = pipeline(dir, "[[stage]]\nuse = \"jsonl\"\n[[stage]]\nuse = \"csv\"\n[[stage]]\nuse = \"sqlite\"\n"
                               "[[stage]]\nuse = \"html\"\n[[stage]]\nuse = \"brat\"\n");
    auto r = run(p, {"-"}, dir / "out", "{\"id\":\"a\",\"text\":\"On May 1 in Astana.\"}\n");
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "\"doc\":\"a\""));
    CHECK(filesUnder(dir / "out") == std::set<std::string>{"errors.jsonl"});
  }

  TEST_CASE("glean plugins describes every exporter with its options") {
    for (const char* name : {"csv", "sqlite", "html", "brat"}) {
      CAPTURE(name);
      auto r = runGlean({"plugins", name});
      CHECK(r.exit_code == 0);
      CHECK(contains(r.out, "glean-" + std::string(name) + ".so"));
      CHECK(contains(r.out, "date_types"));
    }
    CHECK(contains(runGlean({"plugins", "csv"}).out, "dates.csv"));
    CHECK(contains(runGlean({"plugins", "sqlite"}).out, "glean.sqlite"));
    CHECK(contains(runGlean({"plugins", "html"}).out, "hidden_types"));
    CHECK(contains(runGlean({"plugins", "brat"}).out, "annotation.conf"));
  }
}
