// @name@/@ident@_stage.cpp - the @name@ stage: annotates casualty counts its rule file finds
#include <glean/sdk.hpp>

#include <charconv>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace glean_@ident@ {
namespace {

/// Runs the rules of `rules` (rules/@name@.toml finds phrases such as "12 people were killed"),
/// reads the number each match captured as `count` (digits, or a word the rule file's `numbers`
/// lexicon knows), and annotates the matches whose count is at least `min_count`.
///
/// Thread safety: glean calls process() from several threads at once on different documents, so
/// the stage keeps no per-document state; everything it holds is set in the constructor and only
/// read afterwards (a RuleSet is safe to share).
class @Class@Stage : public glean::Stage {
 public:
  explicit @Class@Stage(const glean::StageArgs& args)
      : rules_(args.host->loadRules(args.params.path("rules"))),
        min_count_(args.params.integer("min_count")), logger_(args.logger) {
    // Refuse a configuration here, once, rather than per document. Naming the parameter makes
    // glean point the error at its line in the pipeline file.
    if (min_count_ < 0)
      throw glean::StageError("min_count must be 0 or more, not " + std::to_string(min_count_),
                              "min_count");
    options_.types = args.params.list("types");
    logger_->debug("rule set '{}', counts from {} up", rules_->name(), min_count_);
  }

  /// What `glean plugins @name@` shows, and the schema glean checks pipelines against.
  static void describe(glean::PluginDescription& d) {
    using glean::ParamSpec;
    using glean::ParamType;
    d.help =
        "Finds casualty counts (\"12 people were killed\", \"three soldiers were wounded\") with "
        "the rules of a rule file and annotates them with the count as an integer. A count the "
        "rules capture but cannot read is recorded as an issue.";
    d.params = {
        ParamSpec("rules", ParamType::Path, "the rule file (relative to the pipeline file)")
            .require(),
        ParamSpec("min_count", ParamType::Integer, "smallest count annotated")
            .byDefault(1),
        ParamSpec("types", ParamType::StringList,
                  "only the rules that emit these annotation types (empty: all)")
            .byDefault(std::vector<std::string>{}),
    };
    d.provides = {"Casualties"};
  }

  std::vector<std::string> provides() const override { return rules_->emittedTypes(); }
  std::vector<std::string> needs() const override { return rules_->scopeTypes(); }

  void process(glean::Document& doc) override {
    for (glean::RuleMatch& match : rules_->match(doc, options_)) {
      std::string_view written = match.features.str("count");
      std::optional<std::int64_t> count = readCount(written);
      if (!count) {
        // Not worth failing the document for: it is still written, and the issue is listed in
        // errors.jsonl with this rule and offset.
        doc.addIssue("cannot read the count '" + std::string(written) + "'", match.rule,
                     match.begin);
        continue;
      }
      if (*count < min_count_) continue;
      glean::Annotation& a = doc.annotate(match.type, match.begin, match.end, match.rule);
      a.features = std::move(match.features);
      a.features.set("count", *count);  // the integer replaces the text the rule captured
    }
  }

 private:
  /// "12" -> 12; "three" -> what the rule file's `numbers` lexicon says; else nullopt.
  std::optional<std::int64_t> readCount(std::string_view text) const {
    if (auto value = parseInteger(text)) return value;
    if (auto word = rules_->lookup("numbers", text)) return parseInteger(*word);
    return std::nullopt;
  }

  static std::optional<std::int64_t> parseInteger(std::string_view text) {
    std::int64_t value = 0;
    const char* last = text.data() + text.size();
    auto [end, error] = std::from_chars(text.data(), last, value);
    if (text.empty() || error != std::errc() || end != last) return std::nullopt;
    return value;
  }

  std::shared_ptr<const glean::RuleSet> rules_;
  std::int64_t min_count_;
  glean::MatchOptions options_;
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace
}  // namespace glean_@ident@

GLEAN_DEFINE_PLUGIN(glean_@ident@::@Class@Stage, "@name@", "0.1.0",
                    "casualty counts (\"12 people were killed\") from a rule file")
