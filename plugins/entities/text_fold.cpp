// glean/plugins/entities/text_fold.cpp - UTF-8 decoding, letter classes, case and diacritic folding
// SPDX-License-Identifier: Apache-2.0
#include "text_fold.hpp"

namespace glean_entities {
namespace {

// Base letters of U+00C0..U+00FF; '*' marks the two non-letters (multiplication, division sign).
// Case is that of the original letter.
constexpr std::string_view kLatin1 =
    "AAAAAAACEEEEIIIIDNOOOOO*OUUUUYTs"
    "aaaaaaaceeeeiiiidnooooo*ouuuuyty";
// Base letters of U+0100..U+017F (Latin Extended-A), case as the original letter.
constexpr std::string_view kLatinExtA =
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOo"
    "RrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
static_assert(kLatin1.size() == 64);
static_assert(kLatinExtA.size() == 128);

char32_t asciiLower(char32_t c) { return c + 32; }

bool isPunctuationBlock(char32_t cp) {
  return (cp >= 0x80 && cp <= 0xBF && cp != 0xAA && cp != 0xB5 && cp != 0xBA) ||
         (cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF0F) ||
         (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0x1F000 && cp <= 0x1FAFF) ||
         (cp >= 0x2E00 && cp <= 0x2E7F) || cp == 0xFEFF || (cp >= 0xE000 && cp <= 0xF8FF);
}

}  // namespace

CharInfo charInfo(char32_t cp) {
  CharInfo info;
  info.to_lower = cp;
  info.base = cp;
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z') {
      info.letter = info.upper = true;
      info.to_lower = info.base = asciiLower(cp);
    } else if (cp >= 'a' && cp <= 'z') {
      info.letter = info.lower = true;
    }
    return info;
  }
  if (cp >= 0xC0 && cp <= 0xFF) {
    char b = kLatin1[cp - 0xC0];
    if (b == '*') return info;
    info.letter = true;
    info.upper = b >= 'A' && b <= 'Z';
    info.lower = !info.upper;
    if (info.upper && cp != 0xDF) info.to_lower = cp + 0x20;
    info.base = static_cast<char32_t>(info.upper ? b + 32 : b);
    return info;
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    char b = kLatinExtA[cp - 0x100];
    info.letter = true;
    info.upper = b >= 'A' && b <= 'Z';
    info.lower = !info.upper;
    if (info.upper) info.to_lower = cp == 0x178 ? 0xFF : cp == 0x130 ? 'i' : cp + 1;
    info.base = static_cast<char32_t>(info.upper ? b + 32 : b);
    return info;
  }
  if (cp >= 0x218 && cp <= 0x21B) {  // Romanian comma-below S and T
    info.letter = true;
    info.upper = (cp % 2) == 0;
    info.lower = !info.upper;
    if (info.upper) info.to_lower = cp + 1;
    info.base = cp <= 0x219 ? 's' : 't';
    return info;
  }
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) {  // Greek capitals
    info.letter = info.upper = true;
    info.to_lower = cp + 0x20;
    return info;
  }
  if (cp >= 0x400 && cp <= 0x42F) {  // Cyrillic capitals
    info.letter = info.upper = true;
    info.to_lower = cp < 0x410 ? cp + 0x50 : cp + 0x20;
    return info;
  }
  if (cp >= 0x460 && cp <= 0x4FF && cp != 0x482 && !(cp >= 0x483 && cp <= 0x489)) {
    info.letter = true;
    info.upper = (cp % 2) == 0 && cp != 0x4CF;
    info.lower = !info.upper;
    if (info.upper) info.to_lower = cp + 1;
    return info;
  }
  if (isPunctuationBlock(cp)) return info;
  info.letter = true;  // caseless letters (Arabic, CJK, ...) and lower-case Greek/Cyrillic
  info.lower = (cp >= 0x3AC && cp <= 0x3CE) || (cp >= 0x430 && cp <= 0x45F);
  return info;
}

char32_t decodeUtf8(std::string_view s, std::size_t& pos) {
  auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  std::size_t need = b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : b0 >= 0xC0 ? 1 : 0;
  if (need == 0 || pos + need >= s.size()) {
    ++pos;
    return b0;
  }
  char32_t cp = b0 & (need == 1 ? 0x1Fu : need == 2 ? 0x0Fu : 0x07u);
  for (std::size_t k = 1; k <= need; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[pos + k]) & 0x3Fu);
  pos += need + 1;
  return cp;
}

void appendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void foldInto(std::string& out, std::string_view text, Fold fold) {
  bool fold_case = fold == Fold::Case || fold == Fold::Both;
  bool fold_marks = fold == Fold::Diacritics || fold == Fold::Both;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto c = static_cast<unsigned char>(text[pos]);
    if (c < 0x80) {  // the common case: ASCII
      out.push_back(static_cast<char>(fold_case && c >= 'A' && c <= 'Z' ? c + 32 : c));
      ++pos;
      continue;
    }
    char32_t cp = decodeUtf8(text, pos);
    if (cp == 0x2019 || cp == 0x2018) {
      out.push_back('\'');
      continue;
    }
    if (cp == 0xA0) {
      out.push_back(' ');
      continue;
    }
    if (fold == Fold::None) {
      appendUtf8(out, cp);
      continue;
    }
    CharInfo info = charInfo(cp);
    if (fold_marks && info.base != cp) {
      char32_t b = info.base;
      // base is lower case; restore the case unless it is being folded
      if (!fold_case && info.upper && b >= 'a' && b <= 'z') b -= 32;
      appendUtf8(out, b);
    } else if (fold_case) {
      appendUtf8(out, info.to_lower);
    } else {
      appendUtf8(out, cp);
    }
  }
}

}  // namespace glean_entities
