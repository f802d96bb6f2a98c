// glean/plugins/segmenter/sentence_splitter.cpp - SentenceSplitter: sentence boundaries inside a paragraph
// SPDX-License-Identifier: Apache-2.0
#include "sentence_splitter.hpp"

#include "rule_types.hpp"
#include "text_scan.hpp"

#include <glean/error.hpp>

#include <algorithm>
#include <charconv>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace glean_segmenter {
namespace {

std::u32string decodeAll(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = 1;
    out.push_back(decodeAt(s, i, &n));
    i += n;
  }
  return out;
}

// First span in sorted `spans` that ends after `pos`.
const Span* firstEndingAfter(const std::vector<Span>* spans, std::size_t pos) {
  if (spans == nullptr || spans->empty()) return nullptr;
  auto it = std::upper_bound(spans->begin(), spans->end(), pos,
                             [](std::size_t p, const Span& s) { return p < s.second; });
  // Spans are sorted by begin; with nested spans a later one may end earlier, which overlap
  // resolution in the rule engine rules out for one rule set.
  return it == spans->end() ? nullptr : &*it;
}

// The offset of the first byte in [pos, end) whose lead_ entry is set. Sixteen bytes at a time
// where SSE2 is there and the terminators start with at most four distinct bytes (".!?…": 4).
std::size_t findLead(const unsigned char* bytes, std::size_t pos, std::size_t end,
                     const std::array<bool, 256>& lead, const std::vector<unsigned char>& leads) {
#ifdef __SSE2__
  if (leads.size() <= 4 && !leads.empty()) {
    __m128i want[4];
    for (std::size_t i = 0; i < 4; ++i)
      want[i] = _mm_set1_epi8(static_cast<char>(leads[i < leads.size() ? i : 0]));
    while (pos + 16 <= end) {
      __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + pos));
      __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, want[0]), _mm_cmpeq_epi8(chunk, want[1])),
                                 _mm_or_si128(_mm_cmpeq_epi8(chunk, want[2]), _mm_cmpeq_epi8(chunk, want[3])));
      auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
      if (mask != 0) return pos + static_cast<std::size_t>(__builtin_ctz(mask));
      pos += 16;
    }
  }
#else
  (void)leads;
#endif
  while (pos < end && !lead[bytes[pos]]) ++pos;
  return pos;
}

}  // namespace

SentenceRules::SentenceRules(std::shared_ptr<const glean::RuleSet> rules, const std::string& file)
    : rules_(std::move(rules)) {
  const glean::RuleSet& r = *rules_;
  auto fail = [&](const std::string& what) {
    throw glean::StageError("sentence rules '" + file + "': " + what, "sentences");
  };
  if (auto v = r.lookup("sentence", "terminators")) terminators_ = decodeAll(*v);
  if (auto v = r.lookup("sentence", "closers")) closers_ = decodeAll(*v);
  if (auto v = r.lookup("sentence", "openers")) openers_ = decodeAll(*v);
  if (auto v = r.lookup("sentence", "long_breaks")) long_breaks_ = decodeAll(*v);
  if (auto v = r.lookup("sentence", "max_bytes")) {
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), max_bytes_);
    if (ec != std::errc() || ptr != v->data() + v->size() || max_bytes_ < 16)
      fail("setting 'max_bytes' must be a whole number of at least 16, not '" + *v + "'");
  }
  if (auto v = r.lookup("sentence", "initials")) {
    if (*v != "true" && *v != "false") fail("setting 'initials' is '" + *v + "' (allowed: true, false)");
    initials_ = *v == "true";
  }
  if (terminators_.empty()) fail("setting 'terminators' is empty");
  auto entries = r.lexicon("abbreviations");
  std::vector<AbbreviationKind> kinds;
  abbreviation_keys_.reserve(entries.size());
  for (const auto& [token, kind] : entries) {
    if (kind == "never") kinds.push_back(AbbreviationKind::Never);
    else if (kind == "before-number") kinds.push_back(AbbreviationKind::BeforeNumber);
    else fail("abbreviation '" + token + "' has kind '" + kind + "' (allowed: never, before-number)");
    abbreviation_keys_.push_back(token);
    longest_ = std::max(longest_, token.size());
    if (!token.empty() && token.size() < 64)
      shapes_[static_cast<unsigned char>(token[0])] |= std::uint64_t{1} << token.size();
  }
  // The views point into abbreviation_keys_, which no longer grows.
  for (std::size_t i = 0; i < kinds.size(); ++i) abbreviations_.emplace(abbreviation_keys_[i], kinds[i]);
  for (char32_t t : terminators_) {
    unsigned char lead = t < 0x80 ? static_cast<unsigned char>(t)
                         : t < 0x800 ? static_cast<unsigned char>(0xC0 | (t >> 6))
                         : t < 0x10000 ? static_cast<unsigned char>(0xE0 | (t >> 12))
                                       : static_cast<unsigned char>(0xF0 | (t >> 18));
    if (!lead_[lead]) lead_bytes_.push_back(lead);
    lead_[lead] = true;
    if (t < 0x80) ascii_[t] |= kTerminator;
  }
  for (char32_t c : closers_)
    if (c < 0x80) ascii_[c] |= kCloser;
  for (char32_t c : openers_)
    if (c < 0x80) ascii_[c] |= kOpener;
  for (const std::string& type : r.emittedTypes())
    if (type == kNoBreak || type == kBreak) pattern_rules_ = true;
}

const AbbreviationKind* SentenceRules::abbreviation(std::string_view token) const {
  // Most tokens before a full stop are ordinary words: the (first byte, length) filter turns them
  // away without hashing (the look-up ran for every sentence end).
  if (token.empty()) return nullptr;
  if (token.size() < 64 &&
      (shapes_[static_cast<unsigned char>(token[0])] >> token.size() & 1) == 0)
    return nullptr;
  auto it = abbreviations_.find(token);
  return it == abbreviations_.end() ? nullptr : &it->second;
}

bool SentenceSplitter::abbreviationBlocks(std::string_view text, std::size_t begin,
                                          std::size_t stop, char32_t next) const {
  // The token the full stop ends: back to whitespace or an opening bracket or quote.
  std::size_t start = stop;
  while (start > begin) {
    auto byte = static_cast<unsigned char>(text[start - 1]);
    if (byte < 0x80) {
      if (isAsciiSpace(static_cast<char>(byte)) || rules_.isOpener(byte)) break;
      --start;
      continue;
    }
    std::size_t p = previousStart(text, start);
    char32_t c = decodeAt(text, p);
    if (isSpaceCodepoint(c) || rules_.isOpener(c)) break;
    start = p;
  }
  std::string_view token = text.substr(start, stop + 1 - start);
  if (token.size() <= rules_.longestAbbreviation())
    if (const AbbreviationKind* kind = rules_.abbreviation(token))
      return *kind == AbbreviationKind::Never || isDigitCodepoint(next);
  // "J. Smith": a lone capital is an initial.
  if (rules_.initials() && token.size() == 2 && token[0] >= 'A' && token[0] <= 'Z') return true;
  // "U.A.E.": capitals with stops between them abbreviate a name. (Lower-case ones such as "a.m."
  // end sentences often enough: "... until 6 a.m. Children ...".)
  if (token.size() >= 4 && token.size() % 2 == 0) {
    bool dotted = true;
    for (std::size_t i = 0; i < token.size() && dotted; i += 2)
      dotted = token[i + 1] == '.' && token[i] >= 'A' && token[i] <= 'Z';
    if (dotted) return true;
  }
  return false;
}

void SentenceSplitter::emit(std::string_view text, std::size_t begin, std::size_t end,
                            std::vector<SentenceSpan>& out) const {
  trimSpan(text, begin, end);
  if (begin >= end) return;
  const std::size_t max = rules_.maxBytes();
  bool forced = false;
  while (end - begin > max) {
    // Cut at the last preferred break that leaves the first piece within max_bytes.
    std::size_t cut = 0;
    std::size_t limit = begin + max;
    for (char32_t sep : rules_.longBreaks()) {
      for (std::size_t p = previousStart(text, limit); p > begin; p = previousStart(text, p)) {
        std::size_t n = 1;
        if (decodeAt(text, p, &n) == sep && p + n < end && isSpaceCodepoint(decodeAt(text, p + n))) {
          cut = p + n;
          break;
        }
      }
      if (cut != 0) break;
    }
    if (cut == 0) {
      for (std::size_t p = previousStart(text, limit); p > begin; p = previousStart(text, p))
        if (isSpaceCodepoint(decodeAt(text, p))) {
          cut = p;
          break;
        }
    }
    if (cut == 0) {  // one unbroken token: cut at a character boundary
      cut = limit;
      while (cut > begin && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    }
    std::size_t piece_end = cut;
    std::size_t piece_begin = begin;
    trimSpan(text, piece_begin, piece_end);
    if (piece_begin < piece_end) out.push_back({piece_begin, piece_end, true});
    begin = cut;
    trimSpan(text, begin, end);
    forced = true;
  }
  if (begin < end) out.push_back({begin, end, forced});
}

void SentenceSplitter::split(std::string_view text, std::size_t begin, std::size_t end,
                             const Hints& hints, std::vector<SentenceSpan>& out) const {
  std::size_t start = begin;  // of the current sentence
  // Forced breaks inside this unit, in order.
  auto next_break = hints.breaks != nullptr
                        ? std::upper_bound(hints.breaks->begin(), hints.breaks->end(), begin)
                        : std::vector<std::size_t>::const_iterator{};
  auto breakBefore = [&](std::size_t limit) -> std::size_t {
    if (hints.breaks == nullptr) return 0;
    while (next_break != hints.breaks->end() && *next_break <= start) ++next_break;
    if (next_break != hints.breaks->end() && *next_break < limit && *next_break < end) return *next_break;
    return 0;
  };

  // The scan for terminators is the hot loop: a local table and pointer keep it tight.
  const std::array<bool, 256>& lead = rules_.leadTable();
  const std::vector<unsigned char>& leads = rules_.leadBytes();
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t pos = begin;
  while (pos < end) {
    pos = findLead(bytes, pos, end, lead, leads);
    if (pos >= end) break;
    unsigned char byte = bytes[pos];
    std::size_t n = 1;
    char32_t c = byte < 0x80 ? byte : decodeAt(text, pos, &n);
    if (!rules_.isTerminator(c)) {
      pos += n;
      continue;
    }
    if (std::size_t b = breakBefore(pos)) {  // a Break rule fired before this stop
      emit(text, start, b, out);
      start = b;
      continue;
    }
    // The stop runs on over further terminators ("?!", "..."), closing quotes and brackets, and
    // reference marks attached to it ("Aktau.[2]").
    std::size_t q = pos + n;
    while (q < end) {
      std::size_t m = 1;
      char32_t d = decodeAt(text, q, &m);
      if (rules_.isTerminator(d) || rules_.isCloser(d)) {
        q += m;
        continue;
      }
      const Span* ref = firstEndingAfter(hints.attached, q);
      if (ref != nullptr && ref->first == q) {
        q = ref->second;
        continue;
      }
      break;
    }
    if (q >= end) break;
    std::size_t m = 1;
    if (!isSpaceCodepoint(decodeAt(text, q, &m))) {
      pos = q;
      continue;
    }
    std::size_t r = q;
    while (r < end) {
      char32_t d = decodeAt(text, r, &m);
      if (!isSpaceCodepoint(d)) break;
      r += m;
    }
    if (r >= end) break;
    char32_t next = decodeAt(text, r);
    bool boundary = isUpperCodepoint(next) || isDigitCodepoint(next) || rules_.isOpener(next);
    if (boundary && c == '.' && abbreviationBlocks(text, start, pos, next))
      boundary = false;
    if (boundary) {
      const Span* veto = firstEndingAfter(hints.no_break, pos);
      if (veto != nullptr && veto->first < q) boundary = false;
    }
    if (boundary) {
      if (std::size_t b = breakBefore(q)) {
        emit(text, start, b, out);
        start = b;
      }
      emit(text, start, q, out);
      start = r;
    }
    pos = r;
  }
  while (std::size_t b = breakBefore(end)) {
    emit(text, start, b, out);
    start = b;
  }
  emit(text, start, end, out);
}

}  // namespace glean_segmenter
