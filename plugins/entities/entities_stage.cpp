// glean/plugins/entities/entities_stage.cpp - the entities stage: gazetteers, rules, guesses, links
// SPDX-License-Identifier: Apache-2.0
#include "entity_linker.hpp"
#include "gazetteer.hpp"
#include "mention.hpp"
#include "name_guesser.hpp"
#include "tokenizer.hpp"

#include <glean/sdk.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>

namespace glean_entities {
namespace {

namespace fs = std::filesystem;

/// The files a `gazetteers` or `cues` entry names: the file itself, or every *.tsv directly in a
/// folder, sorted by name (so the first entry of a name is the same everywhere).
std::vector<fs::path> tsvFiles(const std::vector<std::string>& entries, const char* param) {
  std::vector<fs::path> out;
  for (const std::string& entry : entries) {
    fs::path p(entry);
    if (!fs::is_directory(p)) {
      out.push_back(p);
      continue;
    }
    std::vector<fs::path> found;
    for (const auto& e : fs::directory_iterator(p))
      if (e.is_regular_file() && e.path().extension() == ".tsv") found.push_back(e.path());
    std::sort(found.begin(), found.end());
    if (found.empty()) throw glean::StageError("no *.tsv files in '" + entry + "'", param);
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

const std::vector<std::string> kEntityTypes = {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "LAW"};
// A rule emitting this type marks text that is no entity (a heading, a month, a phrase such as
// "Cite as"): gazetteer names and guesses overlapping it are dropped.
constexpr std::string_view kNotEntity = "NotEntity";
// Words whose possessive belongs to an organization's name: "Kazakhstan People's Assembly".
const std::set<std::string> kPossessiveNames = {"people", "women", "children", "men", "workers",
                                                "veterans", "farmers", "journalists", "lawyers"};

bool isEntityType(std::string_view t) {
  return std::find(kEntityTypes.begin(), kEntityTypes.end(), t) != kEntityTypes.end();
}

CaseMode parseCase(const std::string& s) {
  if (s == "exact") return CaseMode::Exact;
  if (s == "ignore") return CaseMode::Ignore;
  return CaseMode::Smart;
}

/// What one document's run needs besides the stage's read-only tables: vectors kept from document
/// to document (with their capacity), so a document allocates next to nothing for them.
struct Scratch {
  std::vector<Token> tokens;
  std::vector<Mention> candidates;
  std::vector<Mention> blockers;
  std::vector<Mention> accepted;
  std::vector<Mention> guesses;
  std::vector<GazetteerMatch> gaz;
  std::vector<std::uint8_t> taken;
  std::vector<std::uint32_t> order;
  std::vector<std::uint32_t> holder;
  std::vector<std::uint32_t> kept;
  std::vector<std::pair<std::size_t, std::size_t>> blocked;
  std::vector<std::size_t> entity_of;
  std::vector<std::uint32_t> entity_ids;
  GuessScratch guess;
  EntityTable table;
};

/// The entity tagger. Per document: tokenize; find gazetteer names (one trie walk per token);
/// run the contextual rules; settle overlaps (longest first; on equal length rules before
/// gazetteers); guess the type of the remaining runs of capitalized words from cue words; link
/// acronyms and surnames; emit the mentions and one `Entity` annotation per distinct entity.
class EntitiesStage : public glean::Stage {
 public:
  explicit EntitiesStage(const glean::StageArgs& args)
      : logger_(args.logger), gazetteer_(args.params.boolean("fold_diacritics")),
        guesser_(cues_, guessOptions(args.params)),
        linker_({args.params.boolean("link_acronyms"), args.params.boolean("link_surnames")}),
        use_sentences_(args.params.boolean("sentences")), guess_(args.params.boolean("guess")),
        table_(args.params.boolean("table")) {
    CaseMode mode = parseCase(args.params.str("case"));
    for (const fs::path& file : tsvFiles(args.params.list("gazetteers"), "gazetteers"))
      gazetteer_.loadTsv(file, mode, kEntityTypes);  // an unknown type: file:line:col
    for (const fs::path& file : tsvFiles(args.params.list("cues"), "cues")) cues_.loadTsv(file);
    if (args.host == nullptr && !args.params.list("rules").empty())
      throw glean::StageError("no rule engine available", "rules");
    for (const std::string& file : args.params.list("rules")) {
      auto rules = args.host->loadRules(file);
      for (const std::string& type : rules->emittedTypes())
        if (!isEntityType(type) && type != kNotEntity)
          throw glean::StageError("rule file '" + file + "' emits '" + type +
                                      "' (allowed: PERSON, ORG, GPE, LOC, NORP, EVENT, LAW, NotEntity)",
                                  "rules");
      for (const std::string& scope : rules->scopeTypes()) rule_scopes_.insert(scope);
      rules_.push_back(std::move(rules));
    }
    for (const std::string& s : args.params.list("skip")) skip_.push_back(s);
    logger_->debug("{} gazetteer entries ({} names), {} cue words, {} rule files",
                   gazetteer_.entryCount(), gazetteer_.nameCount(), cues_.size(), rules_.size());
  }

  static void describe(glean::PluginDescription& d) {
    d.help =
        "Tags PERSON, ORG, GPE, LOC, NORP, EVENT and LAW mentions: names from gazetteers (TSV "
        "files matched in one pass with a token trie), contextual rules (rule files: titles "
        "before names, 'Ministry of ...', events, vetoes), and runs of capitalized words typed "
        "from cue words; then links acronyms to their definitions and surnames to full names, "
        "and adds one 'Entity' annotation per distinct entity (canonical form, type, id, "
        "mention count, first offset).";
    using glean::ParamSpec;
    using glean::ParamType;
    using Strings = std::vector<std::string>;
    d.params = {
        ParamSpec("gazetteers", ParamType::PathList,
                  "gazetteer TSV files (a folder: every *.tsv in it): name, type, canonical, id, "
                  "aliases, features")
            .byDefault(Strings{}),
        ParamSpec("rules", ParamType::PathList, "rule files with the contextual rules")
            .byDefault(Strings{}),
        ParamSpec("cues", ParamType::PathList,
                  "cue word TSV files (a folder: every *.tsv in it) for typing runs of capitalized "
                  "words")
            .byDefault(Strings{}),
        ParamSpec("case", ParamType::String, "how gazetteer names compare with the text's case")
            .byDefault("smart")
            .oneOf({"exact", "smart", "ignore"}),
        ParamSpec("fold_diacritics", ParamType::Boolean,
                  "compare names without diacritics ('Julia' finds 'Julià')")
            .byDefault(true),
        ParamSpec("sentences", ParamType::Boolean,
                  "use the Sentence annotations of an earlier stage (else lines and end "
                  "punctuation mark sentence starts)")
            .byDefault(true),
        ParamSpec("skip", ParamType::StringList, "annotation types whose text is not tagged")
            .byDefault(Strings{"Navigation", "Heading"}),
        ParamSpec("guess", ParamType::Boolean, "type runs of capitalized words from cue words")
            .byDefault(true),
        ParamSpec("min_score", ParamType::Integer, "cue score a guessed type needs").byDefault(std::int64_t{2}),
        ParamSpec("unknown_multi", ParamType::String,
                  "type of a run of capitalized words without enough cues (empty: none)")
            .byDefault(""),
        ParamSpec("unknown_single", ParamType::String,
                  "type of a lone capitalized word without enough cues (empty: none)")
            .byDefault(""),
        ParamSpec("unknown_acronym", ParamType::String,
                  "type of a lone word in capitals ('NYMEX') without enough cues (empty: none)")
            .byDefault(""),
        ParamSpec("link_acronyms", ParamType::Boolean, "link 'Name (ACR)' and later uses of ACR")
            .byDefault(true),
        ParamSpec("link_surnames", ParamType::Boolean, "link a surname alone to the full name")
            .byDefault(true),
        ParamSpec("table", ParamType::Boolean, "add one 'Entity' annotation per distinct entity")
            .byDefault(true),
    };
    d.provides = {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "LAW", "Entity"};
    d.needs = {"Sentence"};
  }

  std::vector<std::string> needs() const override {
    std::vector<std::string> out(rule_scopes_.begin(), rule_scopes_.end());
    if (use_sentences_ && rule_scopes_.count("Sentence") == 0) out.emplace_back("Sentence");
    return out;
  }
  std::vector<std::string> provides() const override {
    std::vector<std::string> out = kEntityTypes;
    if (table_) out.emplace_back("Entity");
    return out;
  }

  void process(glean::Document& doc) override {
    ScratchLease lease(*this);
    Scratch& sc = *lease.scratch;
    std::string_view text = doc.text();
    std::vector<Token>& tokens = sc.tokens;
    tokens.clear();
    tokens.reserve(text.size() / 4);
    tokenizer_.tokenize(text, tokens, doc.bodyBegin());
    markSentenceStarts(doc, text, tokens);
    gazetteer_.assignWords(text, tokens);

    std::vector<Mention>& candidates = sc.candidates;
    std::vector<Mention>& blockers = sc.blockers;
    candidates.clear();
    blockers.clear();
    collectRuleMatches(doc, tokens, candidates, blockers);
    sc.gaz.clear();
    gazetteer_.match(text, tokens, sc.gaz);
    for (const GazetteerMatch& g : sc.gaz) {
      // A lone gazetteer word that is no name by itself ("Most", a Czech town, opening "Most
      // notably") is dropped.
      if (g.last == g.first + 1 && cues_.has(tokens[g.first].key, CueWhere::NotName)) continue;
      // Only the type now: the canonical form, id and features are copied once the mention is
      // accepted (most candidates are, but copying them before settling costs as much again).
      Mention& m = candidates.emplace_back();
      m.first = g.first;
      m.last = g.last;
      m.begin = tokens[g.first].begin;
      m.end = tokens[g.last - 1].end;
      m.type = gazetteer_.entry(g.entry).type;
      m.entry = g.entry;
      m.source = Source::Gazetteer;
    }
    // Skipped segments (page navigation) act as blockers.
    for (const std::string& type : skip_)
      for (const glean::Annotation* a : doc.select(type)) {
        Mention& b = blockers.emplace_back();
        b.begin = a->begin;
        b.end = a->end;
      }

    std::vector<Mention>& accepted = sc.accepted;
    accepted.clear();
    settle(candidates, blockers, tokens.size(), sc, accepted);
    for (Mention& m : accepted)
      if (m.source == Source::Gazetteer) lendIdentity(m, m.entry, true);

    auto byBegin = [](const Mention& a, const Mention& b) { return a.begin < b.begin; };
    if (guess_) {
      std::vector<std::uint8_t>& taken = sc.taken;
      taken.assign(tokens.size(), 0);
      for (const Mention& m : accepted)
        for (std::uint32_t k = m.first; k < m.last; ++k)
          taken[k] = m.source == Source::Rule ? 2 : 1;
      markBlocked(tokens, sc.blocked, taken);  // (settle left the blockers merged and sorted)
      std::vector<Mention>& guesses = sc.guesses;
      guesses.clear();
      guesser_.guess(text, tokens, taken, sc.guess, guesses);
      if (!guesses.empty()) {
        // A guess typed by a cue outside a gazetteer name swallows it ("Bank of England").
        std::size_t gi = 0;
        accepted.erase(std::remove_if(accepted.begin(), accepted.end(),
                                      [&](const Mention& m) {
                                        while (gi < guesses.size() && guesses[gi].end <= m.begin) ++gi;
                                        return gi < guesses.size() && guesses[gi].overlaps(m);
                                      }),
                       accepted.end());
        // Both in text order (the guesses come left to right) and disjoint: merged, not sorted.
        std::sort(guesses.begin(), guesses.end(), byBegin);  // (already so; cheap to make sure)
        std::size_t before = accepted.size();
        for (Mention& g : guesses) accepted.push_back(std::move(g));
        std::inplace_merge(accepted.begin(), accepted.begin() + static_cast<std::ptrdiff_t>(before),
                           accepted.end(), byBegin);
      }
    }
    linker_.link(text, tokens, accepted);
    emit(doc, accepted, sc);
  }

 private:
  static GuessOptions guessOptions(const glean::Params& p) {
    GuessOptions o;
    o.min_score = static_cast<int>(p.integer("min_score"));
    o.unknown_multi = p.str("unknown_multi");
    o.unknown_single = p.str("unknown_single");
    o.unknown_acronym = p.str("unknown_acronym");
    return o;
  }

  // Marks (2) every token overlapping a span of `spans` (sorted and disjoint): one walk.
  static void markBlocked(const std::vector<Token>& tokens,
                          const std::vector<std::pair<std::size_t, std::size_t>>& spans,
                          std::vector<std::uint8_t>& taken) {
    std::size_t k = 0, n = tokens.size();
    for (const auto& [begin, end] : spans) {
      while (k < n && tokens[k].end <= begin) ++k;
      for (std::size_t j = k; j < n && tokens[j].begin < end; ++j) taken[j] = 2;
    }
  }

  void markSentenceStarts(const glean::Document& doc, std::string_view text,
                          std::vector<Token>& tokens) const {
    // The sentences come in text order: one walk over the tokens finds each one's first token.
    std::size_t cursor = 0;
    auto firstWordFrom = [&](std::size_t offset) {
      while (cursor < tokens.size() && tokens[cursor].begin < offset) ++cursor;
      auto it = tokens.begin() + static_cast<std::ptrdiff_t>(cursor);
      // Skip opening quotes, brackets and bullets to the sentence's first word.
      for (int guard = 0; it != tokens.end() && guard < 4 && !it->has(kWord); ++guard) ++it;
      if (it != tokens.end() && it->has(kWord)) it->flags |= kSentenceStart;
    };
    std::vector<const glean::Annotation*> sentences;
    if (use_sentences_) sentences = doc.select("Sentence");
    if (!sentences.empty()) {
      for (const glean::Annotation* s : sentences) firstWordFrom(s->begin);
      return;
    }
    // No sentences from a segmenter: a line's first word, and the word after . ! ? or a colon.
    bool next_starts = true;
    for (Token& t : tokens) {
      if (t.has(kLineStart)) next_starts = true;
      if (t.has(kWord)) {
        if (next_starts) t.flags |= kSentenceStart;
        next_starts = false;
        continue;
      }
      std::string_view p = text.substr(t.begin, t.length());
      if (p == "." || p == "!" || p == "?" || p == ":" || p == "\xE2\x80\xA2") next_starts = true;
    }
  }

  void collectRuleMatches(glean::Document& doc, const std::vector<Token>& tokens,
                          std::vector<Mention>& out, std::vector<Mention>& blockers) const {
    for (const auto& rules : rules_) {
      for (glean::RuleMatch& r : rules->match(doc)) {
        Mention m;
        m.begin = r.begin;
        m.end = r.end;
        m.type = r.type;
        m.rule = r.rule;
        m.priority = r.priority;
        m.source = Source::Rule;
        if (r.type == kNotEntity) {
          blockers.push_back(std::move(m));
          continue;
        }
        std::string title(r.features.str("title"));
        if (!title.empty()) {
          // "then-KNB Chairman Amangeldy Shabdarbayev": the agency and "then-" join the title.
          Mention whole = m;
          if (tokenSpan(tokens, whole)) {
            std::uint32_t k = extendTitleLeft(doc.text(), tokens, whole.first);
            if (k < whole.first) {
              m.begin = tokens[k].begin;
              title = normalizeName(doc.text().substr(m.begin, tokens[whole.first].begin - m.begin)) +
                      " " + title;
            }
          }
        }
        // "President Nursultan Nazarbayev": the mention is the `name` capture, the title a feature.
        narrowToName(doc.text(), m, r.features.str("name"), title);
        if (!tokenSpan(tokens, m)) continue;
        // "... Committee", "... Workshop on ...": the rule starts at its literal head word (cheap
        // for the prefilter); the name words before it are taken here.
        std::string_view extend = r.features.str("extend_left");
        if (!extend.empty()) {
          std::uint32_t k = extendNameLeft(doc.text(), tokens, m.first);
          if (k == m.first && extend == "required") continue;
          m.first = k;
          m.begin = tokens[k].begin;
        }
        std::string list(r.features.str("list"));
        std::string head(r.features.str("list_head"));
        for (const auto& [k, v] : r.features) {
          if (k == "list" || k == "list_head" || k == "canonical" || k == "id" || k == "name" ||
              k == "extend_left")
            continue;
          m.features.set(k, v);
        }
        if (!title.empty()) m.features.set("title", title);
        m.canonical = r.features.str("canonical");
        m.id = r.features.str("id");
        if (!list.empty() && !head.empty()) {
          expandList(doc.text(), tokens, m, head, list, out);
          continue;
        }
        if (m.canonical.empty()) m.canonical = normalizeName(doc.slice(m.begin, m.end));
        out.push_back(std::move(m));
      }
    }
  }

  // The first token of the name words right before token `first`: capitalized words (or words in
  // capitals) on the same line, separated by spaces, with inner hyphens ("Nur-Sultan") and the
  // possessives of organization names ("People's"); not titles, sentence openers or months (cue
  // words of kind `before` and `not-name`). At most six words.
  std::uint32_t extendNameLeft(std::string_view text, const std::vector<Token>& tokens,
                               std::uint32_t first) const {
    auto isNameWord = [&](std::uint32_t k) {
      const Token& t = tokens[k];
      return t.has(kWord) && (t.has(kCapitalized) || t.has(kAllCaps)) && !t.has(kDigit) &&
             !cues_.has(t.key, CueWhere::NotName) && !cues_.has(t.key, CueWhere::Before);
    };
    auto textOf = [&](std::uint32_t k) { return text.substr(tokens[k].begin, tokens[k].length()); };
    std::uint32_t k = first;
    for (int words = 0; words < 6 && k > 0; ++words) {
      const Token& next = tokens[k];
      if (!next.has(kSpaceBefore) || next.has(kLineStart)) break;
      std::uint32_t p = k - 1;
      std::string_view pt = textOf(p);
      // "People's Assembly", "Workers' Party"
      if ((pt == "'s" || pt == "\xE2\x80\x99s") && p > 0 && !tokens[p].has(kSpaceBefore) &&
          kPossessiveNames.count(folded(textOf(p - 1), Fold::Both)) != 0) {
        k = p - 1;
        continue;
      }
      if (!isNameWord(p)) break;
      // "Nur-Sultan", "Jed-Forest": a hyphenated pair is one word
      while (p >= 2 && !tokens[p].has(kSpaceBefore) && textOf(p - 1) == "-" &&
             !tokens[p - 1].has(kSpaceBefore) && isNameWord(p - 2))
        p -= 2;
      k = p;
    }
    return k;
  }

  // The first token of what joins a title on its left: an agency in capitals ("FBI Director",
  // "KNB Chairman") and "then-", "ex-", "former", "acting" before either.
  static std::uint32_t extendTitleLeft(std::string_view text, const std::vector<Token>& tokens,
                                       std::uint32_t first) {
    auto textOf = [&](std::uint32_t k) { return text.substr(tokens[k].begin, tokens[k].length()); };
    std::uint32_t k = first;
    if (k > 0 && tokens[k].has(kSpaceBefore) && !tokens[k].has(kLineStart)) {
      const Token& a = tokens[k - 1];
      if (a.has(kWord) && a.has(kAllCaps) && !a.has(kInitialism) && !a.has(kDigit) &&
          a.length() >= 2 && a.length() <= 8)
        k -= 1;
    }
    if (k >= 2 && textOf(k - 1) == "-" && !tokens[k].has(kSpaceBefore) &&
        !tokens[k - 1].has(kSpaceBefore)) {
      std::string_view w = textOf(k - 2);
      if (w == "then" || w == "ex" || w == "Then" || w == "Ex") k -= 2;
    } else if (k >= 1 && k < first && tokens[k].has(kSpaceBefore)) {
      std::string_view w = textOf(k - 1);
      if (w == "former" || w == "acting" || w == "Former" || w == "Acting") k -= 1;
    }
    return k;
  }

  // Narrows a rule match to its `name` capture: the first occurrence of the name's text after the
  // title (the feature values are texts; the rule engine gives no capture offsets).
  static void narrowToName(std::string_view text, Mention& m, std::string_view name,
                           std::string_view title) {
    if (name.empty()) return;
    std::string_view span = text.substr(m.begin, m.end - m.begin);
    std::size_t from = 0;
    if (!title.empty()) {
      std::size_t t = span.find(title);
      if (t != std::string_view::npos) from = t + title.size();
    }
    std::size_t at = span.find(name, from);
    if (at == std::string_view::npos) at = span.find(name);
    if (at == std::string_view::npos) return;
    m.begin += at;
    m.end = m.begin + name.size();
  }

  // Maps a byte span onto tokens; false when it holds none.
  static bool tokenSpan(const std::vector<Token>& tokens, Mention& m) {
    auto first = std::lower_bound(tokens.begin(), tokens.end(), m.begin,
                                  [](const Token& t, std::size_t b) { return t.end <= b; });
    auto last = std::lower_bound(first, tokens.end(), m.end,
                                 [](const Token& t, std::size_t e) { return t.begin < e; });
    if (first == last) return false;
    m.first = static_cast<std::uint32_t>(first - tokens.begin());
    m.last = static_cast<std::uint32_t>(last - tokens.begin());
    return true;
  }

  // "the Ministries of the Interior, Defense, and Emergency Situations" with list_head "Ministry
  // of" and list "the Interior, Defense, and Emergency Situations": one ORG per item, canonical
  // "Ministry of Interior", ...; the first item's mention starts where the match starts.
  static void expandList(std::string_view text, const std::vector<Token>& tokens,
                         const Mention& whole, const std::string& head, const std::string& list,
                         std::vector<Mention>& out) {
    std::string_view span = text.substr(whole.begin, whole.end - whole.begin);
    std::size_t at = span.rfind(list);
    if (at == std::string_view::npos) return;
    std::size_t base = whole.begin + at;
    std::string_view l = list;
    std::size_t pos = 0;
    bool first_item = true;
    while (pos < l.size()) {
      // items are separated by ",", "and", "or" (also ", and")
      std::size_t end = l.size();
      std::size_t sep_len = 0;
      for (std::size_t k = pos; k < l.size(); ++k) {
        if (l[k] == ',') {
          end = k;
          sep_len = 1;
          break;
        }
        for (std::string_view w : {std::string_view(" and "), std::string_view(" or ")})
          if (l.compare(k, w.size(), w) == 0) {
            end = k;
            sep_len = w.size();
            break;
          }
        if (sep_len != 0) break;
      }
      std::size_t b = pos, e = end;
      while (b < e && (l[b] == ' ')) ++b;
      for (std::string_view w : {std::string_view("and "), std::string_view("or ")})
        if (l.compare(b, w.size(), w) == 0) b += w.size();
      std::size_t item_b = b;
      if (l.compare(item_b, 4, "the ") == 0) item_b += 4;
      while (e > b && l[e - 1] == ' ') --e;
      if (item_b < e) {
        Mention m = whole;
        m.begin = first_item ? whole.begin : base + b;
        m.end = base + e;
        m.canonical = head + " " + normalizeName(l.substr(item_b, e - item_b));
        if (tokenSpan(tokens, m)) out.push_back(std::move(m));
        first_item = false;
      }
      pos = end + sep_len;
    }
  }

  // Longest first; on equal length rules before gazetteer names, then higher priority, then
  // leftmost. Nothing overlapping a blocker or an accepted mention gets in. A gazetteer name with
  // exactly the span and type of an accepted rule mention lends it its identity (canonical form,
  // id, features): the rule knows the context, the list knows the entity. The candidates are
  // sorted by index (a Mention is large); the accepted ones are moved into `accepted`, in text
  // order.
  static void settle(std::vector<Mention>& candidates, const std::vector<Mention>& blockers,
                     std::size_t token_count, Scratch& sc, std::vector<Mention>& accepted,
                     const EntitiesStage& stage) {
    std::vector<std::uint32_t>& order = sc.order;
    order.resize(candidates.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
      const Mention& a = candidates[x];
      const Mention& b = candidates[y];
      if (a.length() != b.length()) return a.length() > b.length();
      if (a.source != b.source) return a.source < b.source;
      if (a.priority != b.priority) return a.priority > b.priority;
      if (a.begin != b.begin) return a.begin < b.begin;
      return x < y;  // (what std::sort left to chance before; candidates come in a fixed order)
    });
    using Span = std::pair<std::size_t, std::size_t>;
    // The blockers as sorted, disjoint spans (merged), so a look-up is one binary search.
    std::vector<Span>& blocked = sc.blocked;
    blocked.clear();
    for (const Mention& b : blockers) blocked.emplace_back(b.begin, b.end);
    std::sort(blocked.begin(), blocked.end());
    std::size_t kept = 0;
    for (const Span& s : blocked) {
      if (kept > 0 && s.first <= blocked[kept - 1].second)
        blocked[kept - 1].second = std::max(blocked[kept - 1].second, s.second);
      else
        blocked[kept++] = s;
    }
    blocked.resize(kept);
    // Whether [begin, end) overlaps a span of the sorted, disjoint `spans`.
    auto overlapsBlocker = [&](const Mention& m) {
      auto it = std::lower_bound(blocked.begin(), blocked.end(), Span(m.begin, 0));
      if (it != blocked.end() && it->first < m.end) return true;
      return it != blocked.begin() && std::prev(it)->second > m.begin;
    };
    // taken[k]: 1 + index of the accepted candidate holding token k (0: free)
    std::vector<std::uint32_t>& taken = sc.holder;
    taken.assign(token_count, 0);
    std::vector<std::uint32_t>& kept_ones = sc.kept;
    kept_ones.clear();
    for (std::uint32_t index : order) {
      const Mention& m = candidates[index];
      if (overlapsBlocker(m)) continue;
      std::uint32_t holder = 0;
      for (std::uint32_t k = m.first; k < m.last && holder == 0; ++k) holder = taken[k];
      if (holder != 0) {
        Mention& rule = candidates[holder - 1];
        if (m.source == Source::Gazetteer && rule.source == Source::Rule && rule.begin == m.begin &&
            rule.end == m.end && rule.type == m.type)
          stage.lendIdentity(rule, m.entry, false);
        continue;
      }
      kept_ones.push_back(index);
      for (std::uint32_t k = m.first; k < m.last; ++k) taken[k] = index + 1;
    }
    // In text order (accepted mentions do not overlap, so their starts differ).
    std::sort(kept_ones.begin(), kept_ones.end(), [&](std::uint32_t x, std::uint32_t y) {
      return candidates[x].begin < candidates[y].begin;
    });
    for (std::uint32_t index : kept_ones) accepted.push_back(std::move(candidates[index]));
  }
  void settle(std::vector<Mention>& candidates, const std::vector<Mention>& blockers,
              std::size_t token_count, Scratch& sc, std::vector<Mention>& accepted) const {
    settle(candidates, blockers, token_count, sc, accepted, *this);
  }

  // Gives mention `m` the canonical form, id and features of gazetteer entry `entry`: a gazetteer
  // mention its own (`own`), a rule mention with the name's exact span and type the list's
  // identity (its id and features only where the rule set none).
  void lendIdentity(Mention& m, std::uint32_t entry, bool own) const {
    const GazetteerEntry& e = gazetteer_.entry(entry);
    m.canonical = e.canonical;
    if (own) {
      m.id = e.id;
      for (const auto& [k, v] : e.features) m.features.set(k, v);
      return;
    }
    if (m.id.empty()) m.id = e.id;
    // Only keys the rule did not set; of a key given twice in the line, the last value.
    auto own_keys = static_cast<std::ptrdiff_t>(m.features.size());
    for (const auto& feature : e.features) {  // no structured binding: clang 14 cannot capture one
      const auto& key = feature.first;
      auto mine = std::find_if(m.features.begin(), m.features.begin() + own_keys,
                               [&](const glean::Features::Item& item) { return item.first == key; });
      if (mine == m.features.begin() + own_keys) m.features.set(key, feature.second);
    }
  }

  void emit(glean::Document& doc, const std::vector<Mention>& mentions, Scratch& sc) const {
    std::vector<std::size_t>& entity_of = sc.entity_of;
    const std::vector<EntityRecord>& entities = sc.table.build(mentions, entity_of);
    std::vector<std::uint32_t>& entity_ids = sc.entity_ids;
    entity_ids.assign(entities.size(), 0);
    if (table_) {
      for (std::size_t e = 0; e < entities.size(); ++e) {
        const EntityRecord& r = entities[e];
        const Mention& first = mentions[r.first];
        glean::Annotation& a = doc.annotate("Entity", first.begin, first.end);
        a.features.set("canonical", r.canonical);
        a.features.set("entity_type", r.type);
        if (!r.id.empty()) a.features.set("id", r.id);
        a.features.set("mentions", glean::FeatureValue(static_cast<std::int64_t>(r.mentions)));
        a.features.set("first", glean::FeatureValue(static_cast<std::int64_t>(first.begin)));
        entity_ids[e] = a.id;
      }
    }
    for (std::size_t i = 0; i < mentions.size(); ++i) {
      const Mention& m = mentions[i];
      glean::Annotation& a = doc.annotate(m.type, m.begin, m.end, m.rule);
      a.features.set("canonical", m.canonical);
      std::string_view id = m.id.empty() ? entities[entity_of[i]].id : std::string_view(m.id);
      if (!id.empty()) a.features.set("id", id);
      a.features.set("source", sourceName(m.source));
      for (const auto& [k, v] : m.features) a.features.set(k, v);
      if (table_) a.features.set("entity", glean::FeatureValue(std::int64_t{entity_ids[entity_of[i]]}));
    }
  }

  // Documents run concurrently: each takes a Scratch from the pool (or a new one) and puts it
  // back, so there are as many as documents in flight, each reused.
  struct ScratchLease {
    explicit ScratchLease(const EntitiesStage& owner) : stage(owner) {
      std::lock_guard<std::mutex> lock(stage.pool_mutex_);
      if (stage.pool_.empty()) {
        scratch = std::make_unique<Scratch>();
      } else {
        scratch = std::move(stage.pool_.back());
        stage.pool_.pop_back();
      }
    }
    ~ScratchLease() {
      std::lock_guard<std::mutex> lock(stage.pool_mutex_);
      stage.pool_.push_back(std::move(scratch));
    }
    ScratchLease(const ScratchLease&) = delete;
    ScratchLease& operator=(const ScratchLease&) = delete;
    const EntitiesStage& stage;
    std::unique_ptr<Scratch> scratch;
  };

  std::shared_ptr<spdlog::logger> logger_;
  mutable std::mutex pool_mutex_;
  mutable std::vector<std::unique_ptr<Scratch>> pool_;
  Tokenizer tokenizer_;
  Gazetteer gazetteer_;
  CueLexicon cues_;
  NameGuesser guesser_;
  EntityLinker linker_;
  std::vector<std::shared_ptr<const glean::RuleSet>> rules_;
  std::set<std::string> rule_scopes_;
  std::vector<std::string> skip_;
  bool use_sentences_;
  bool guess_;
  bool table_;
};

}  // namespace
}  // namespace glean_entities

GLEAN_DEFINE_PLUGIN(glean_entities::EntitiesStage, "entities", "0.1.0",
                    "entity tagger: gazetteers, contextual rules, acronym and surname linking")
