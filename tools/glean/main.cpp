// glean/tools/glean/main.cpp - the glean CLI: global options, logging, command dispatch
// SPDX-License-Identifier: Apache-2.0
#include "cli.hpp"

#include "diagnostics.hpp"
#include "logging.hpp"

#include "glean/version.hpp"

#include <cstdio>
#include <iostream>

namespace glean::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"run", "glean run PIPELINE INPUT... [-o DIR] [-j N] [options]",
       "run a pipeline over files, folders (recursively) or JSONL on stdin ('-')",
       "  -o, --output DIR        output folder (default: glean-out)\n"
       "  -j, --jobs N            documents processed in parallel (default: all cores)\n"
       "  --stats FILE            write the run summary as JSON\n"
       "  --resume                continue an interrupted run in the same output folder\n"
       "  --max-file-size BYTES   refuse larger inputs with an error record (default: 512 MiB)\n"
       "  --allow-outside-output  let pipeline output paths leave the output folder\n"
       "  --profile               print the rules' match counts and time, slowest first\n"
       "  --watch                 run again whenever a rule, lexicon or pipeline file changes\n"
       "  INPUT '-'               read {\"id\",\"text\",...} lines from stdin, write JSONL to stdout\n"
       "  PIPELINE                a pipeline file, or the name of one shipped with glean\n"
       "                          (e.g. country-reports, from <prefix>/share/glean/pipelines)\n",
       runCommand},
      {"validate", "glean validate PIPELINE...",
       "check pipelines, their plugins, parameters and rule files without running them",
       "  PIPELINE                a pipeline file, or the name of one shipped with glean\n",
       validateCommand},
      {"test", "glean test [FILE|DIR|PIPELINE]... [--watch]",
       "run the examples and counter-examples of rule files (folders: every rule file below)",
       "  FILE                    a rule file (with its includes)\n"
       "  DIR                     every rule file below it\n"
       "  PIPELINE                the rule files its stages load\n"
       "  --watch                 test again whenever one of the files changes\n"
       "prints one line per failure, then 'N passed, N failed'; exit code 1 on any failure\n",
       testCommand},
      {"explain", "glean explain PIPELINE FILE [--at OFFSET | --grep TEXT]",
       "show, for each annotation, the rule and file:line that made it and the candidates it beat",
       "  --at OFFSET             only annotations covering this byte offset\n"
       "  --grep TEXT             only annotations overlapping occurrences of TEXT\n",
       explainCommand},
      {"rules", "glean rules FILE|PIPELINE... [--expand RULE]",
       "list the rules of rule files (or of a pipeline's stages) with how each is prefiltered",
       "  --expand RULE           print RULE ('ruleset:rule-id' or 'rule-id') fully expanded, with\n"
       "                          what Hyperscan looks for\n",
       rulesCommand},
      {"plugins", "glean plugins [NAME]",
       "list the plugins on the search path, or describe one with its parameters", "",
       pluginsCommand},
      {"bench", "glean bench PIPELINE [INPUT...] [--size MB] [-j N] [--repeat N]",
       "measure a pipeline: MB/s at -j1 and -jN, peak memory, time per stage",
       "  --size MB               repeat the input until it reaches this size\n"
       "  -j, --jobs N            the parallel run's thread count (default: all cores)\n"
       "  --repeat N              run each job count N times and keep the fastest run\n"
       "  INPUT                   default: $GLEAN_SHARED_DIR/corpus\n",
       benchCommand},
      {"score-timeml", "glean score-timeml GOLD SYSTEM [--errors] [--per-file] [--json FILE]",
       "score TimeML TIMEX3 tags against gold files as the TempEval-3 scorer does",
       "  GOLD, SYSTEM            .tml files or folders of them (paired by name, else by text)\n"
       "  --errors                list every missed, spurious or differing timex\n"
       "  --per-file              the figures of each file\n"
       "  --json FILE             write the figures as JSON\n",
       scoreTimemlCommand},
      {"eval-duckling", "glean eval-duckling PIPELINE EXAMPLES.jsonl [--errors] [--json FILE]",
       "run a date pipeline over Duckling's time examples; share of values reproduced, by grain",
       "  PIPELINE                a pipeline with a dates stage anchored on 'dct' (pipelines/duckling.toml)\n"
       "  EXAMPLES.jsonl          {\"text\",\"ref\",\"expected\"} lines (Duckling's corpus, converted)\n"
       "  --errors                list every example not reproduced\n"
       "  --json FILE             write the counts as JSON\n",
       evalDucklingCommand},
      {"new-plugin", "glean new-plugin NAME [DIR]",
       "create a plugin project (stage, rule file, test, CMake) in DIR (default: ./NAME)",
       "  NAME                    the plugin name: lowercase letters, digits, '-' and '_'\n"
       "  DIR                     a folder that does not exist yet, or is empty\n"
       "The project builds with CMake against an installed glean (find_package(glean)); its\n"
       "README and docs/writing-plugins.md say how.\n",
       newPluginCommand},
  };
  return table;
}

namespace {

void printHelp() {
  std::printf("glean %s - rule-based pipelines that turn country reports into structured data\n\n",
              GLEAN_VERSION_STRING);
  std::printf("usage: glean [global options] COMMAND [ARGS]\n\ncommands:\n");
  for (const auto& c : commands()) std::printf("  %-10s %s\n", c.name, c.summary);
  std::printf(
      "\nglobal options:\n"
      "  -v, --verbose           more log output (-vv for trace)\n"
      "  -q, --quiet             only errors\n"
      "  --log-level LEVEL       trace, debug, info, warn, error, critical or off\n"
      "  --plugin-dir DIR        look for plugins in DIR first (repeatable); then\n"
      "                          $GLEAN_PLUGIN_PATH, <exe>/../lib/glean/plugins, the install prefix\n"
      "  --version               print the version\n"
      "  -h, --help              this help; 'glean COMMAND --help' for a command's options\n"
      "\nexit codes: 0 all documents went through; 1 some failed (see errors.jsonl); 2 usage or\n"
      "configuration error\n");
}

int dispatch(int argc, char** argv) {
  ArgParser args(std::vector<std::string>(argv + 1, argv + argc));
  CliContext ctx;
  std::optional<spdlog::level::level_enum> level;
  try {
    int verbose = args.count({"-v", "--verbose"}) + 2 * args.count({"-vv"});
    ctx.quiet = args.flag({"-q", "--quiet"});
    if (verbose == 1) level = spdlog::level::debug;
    if (verbose >= 2) level = spdlog::level::trace;
    if (ctx.quiet) level = spdlog::level::err;
    if (auto name = args.value({"--log-level"})) {
      auto parsed = spdlog::level::from_str(*name);
      if (parsed == spdlog::level::off && *name != "off")
        throw UsageError("unknown log level '" + *name +
                         "' (allowed: trace, debug, info, warn, error, critical, off)");
      level = parsed;
    }
    for (auto& dir : args.values({"--plugin-dir"})) ctx.plugin_dirs.emplace_back(dir);
    if (args.flag({"--version"})) {
      std::printf("glean %s (plugin API %d)\n", GLEAN_VERSION_STRING, GLEAN_PLUGIN_API_VERSION);
      return kExitOk;
    }
  } catch (const UsageError& e) {
    std::fprintf(stderr, "glean: %s\n", e.what());
    return kExitUsage;
  }
  ctx.logger = setUpLogging(level);

  std::optional<std::string> name = args.takeFirstPositional();
  if (!name) {
    bool help = args.flag({"-h", "--help"});
    if (!help) std::fprintf(stderr, "glean: no command given\n\n");
    printHelp();
    return help ? kExitOk : kExitUsage;
  }
  const Command* command = nullptr;
  std::vector<std::string> names;
  for (const auto& c : commands()) {
    names.emplace_back(c.name);
    if (*name == c.name) command = &c;
  }
  if (command == nullptr) {
    std::fprintf(stderr, "glean: unknown command '%s'%s (commands: %s)\n", name->c_str(),
                 detail::didYouMean(*name, names).c_str(), detail::joinList(names).c_str());
    return kExitUsage;
  }
  if (args.flag({"-h", "--help"})) {
    std::printf("usage: %s\n\n%s\n%s", command->usage, command->summary, command->help);
    return kExitOk;
  }
  try {
    return command->run(ctx, args);
  } catch (const UsageError& e) {
    std::fprintf(stderr, "glean %s: %s\nusage: %s\n", command->name, e.what(), command->usage);
    return kExitUsage;
  } catch (const detail::ConfigErrors& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return kExitUsage;
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return kExitUsage;
  } catch (const PluginLoadError& e) {
    std::fprintf(stderr, "glean: error: %s\n", e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "glean: error: %s\n", e.what());
    return kExitUsage;
  }
}

}  // namespace
}  // namespace glean::cli

int main(int argc, char** argv) { return glean::cli::dispatch(argc, argv); }
