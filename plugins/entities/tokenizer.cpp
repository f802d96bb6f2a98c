// glean/plugins/entities/tokenizer.cpp - Tokenizer: words, initialisms and punctuation with offsets
// SPDX-License-Identifier: Apache-2.0
#include "tokenizer.hpp"

#include "text_fold.hpp"

#include <algorithm>
#include <bit>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace glean_entities {
namespace {

enum class Kind : std::uint8_t { Space, Newline, Letter, Digit, Apostrophe, Other };

struct Char {
  Kind kind = Kind::Other;
  bool upper = false;
  bool lower = false;
  std::size_t next = 0;  // offset after the character
};

// ASCII characters: the Char of each byte below 0x80, built once (the common case is one table
// read instead of a chain of comparisons).
struct AsciiTable {
  Char chars[128];
  constexpr AsciiTable() : chars() {
    for (int b = 0; b < 128; ++b) {
      Char& c = chars[b];
      if (b >= 'a' && b <= 'z') {
        c.kind = Kind::Letter;
        c.lower = true;
      } else if (b >= 'A' && b <= 'Z') {
        c.kind = Kind::Letter;
        c.upper = true;
      } else if (b >= '0' && b <= '9') {
        c.kind = Kind::Digit;
      } else if (b == '\n') {
        c.kind = Kind::Newline;
      } else if (b == ' ' || b == '\t' || b == '\r' || b == '\f' || b == '\v') {
        c.kind = Kind::Space;
      } else if (b == '\'') {
        c.kind = Kind::Apostrophe;
      } else {
        c.kind = Kind::Other;
      }
    }
  }
};
constexpr AsciiTable kAscii;

Char readNonAscii(std::string_view text, std::size_t pos);

inline Char readChar(std::string_view text, std::size_t pos) {
  auto b = static_cast<unsigned char>(text[pos]);
  if (b < 0x80) {
    Char c = kAscii.chars[b];
    c.next = pos + 1;
    return c;
  }
  return readNonAscii(text, pos);
}

Char readNonAscii(std::string_view text, std::size_t pos) {
  Char c;
  std::size_t p = pos;
  char32_t cp = decodeUtf8(text, p);
  c.next = p;
  if (cp == 0xA0 || cp == 0x2009 || cp == 0x202F || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A)) {
    c.kind = Kind::Space;
  } else if (cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
    c.kind = Kind::Newline;
  } else if (cp == 0x2019 || cp == 0x2018) {
    c.kind = Kind::Apostrophe;
  } else if (cp == 0xAD || cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xFEFF) {
    c.kind = Kind::Space;  // soft hyphen, zero-width characters, BOM
  } else {
    CharInfo info = charInfo(cp);
    if (info.letter) {
      c.kind = Kind::Letter;
      c.upper = info.upper;
      c.lower = info.lower;
    }
  }
  return c;
}

}  // namespace

namespace {

// Classes of ASCII bytes for the word loop: one table read per byte.
enum : std::uint8_t { kClsAlnum = 1, kClsUpper = 2, kClsLower = 4 };
struct AsciiClass {
  std::uint8_t cls[128];
  constexpr AsciiClass() : cls() {
    for (int b = 0; b < 128; ++b) {
      if (b >= 'a' && b <= 'z') cls[b] = kClsAlnum | kClsLower;
      else if (b >= 'A' && b <= 'Z') cls[b] = kClsAlnum | kClsUpper;
      else if (b >= '0' && b <= '9') cls[b] = kClsAlnum;
    }
  }
};
constexpr AsciiClass kClass;

#ifdef __SSE2__
// The ASCII letters and digits at the start of 16 bytes: how many, how many of them capitals and
// how many small letters.
struct AlnumRun {
  unsigned length;
  unsigned upper;
  unsigned lower;
};
// Set bits of a 16-bit mask by table (x86-64's baseline has no popcnt instruction).
struct BitCounts {
  std::uint8_t n[256];
  constexpr BitCounts() : n() {
    for (int i = 0; i < 256; ++i) n[i] = static_cast<std::uint8_t>((i & 1) + n[i / 2]);
  }
};
constexpr BitCounts kBitCounts;
inline unsigned bitCount16(unsigned m) { return kBitCounts.n[m & 0xFF] + kBitCounts.n[(m >> 8) & 0xFF]; }

inline AlnumRun asciiAlnumRun(const unsigned char* p) {
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // Signed compares on the bytes shifted by 0x80: bytes of 0x80 and above end up positive,
  // outside every range below.
  __m128i x = _mm_xor_si128(v, _mm_set1_epi8(static_cast<char>(0x80)));
  auto in = [&](unsigned char lo, unsigned char hi) {
    __m128i l = _mm_set1_epi8(static_cast<char>((lo ^ 0x80) - 1));
    __m128i h = _mm_set1_epi8(static_cast<char>((hi ^ 0x80) + 1));
    return _mm_and_si128(_mm_cmpgt_epi8(x, l), _mm_cmplt_epi8(x, h));
  };
  __m128i up = in('A', 'Z'), lo = in('a', 'z'), digit = in('0', '9');
  auto alnum = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(up, lo), digit)));
  unsigned length = static_cast<unsigned>(std::countr_zero(~alnum));  // 16 when all are
  unsigned run = length >= 16 ? 0xFFFFu : (1u << length) - 1;
  return {length, bitCount16(static_cast<unsigned>(_mm_movemask_epi8(up)) & run),
          bitCount16(static_cast<unsigned>(_mm_movemask_epi8(lo)) & run)};
}
#endif

// Token::key of text[begin, end): hashed in place when it is ASCII, else folded first.
inline std::uint64_t tokenKey(std::string_view text, std::size_t begin, std::size_t end, bool ascii,
                              std::string& scratch) {
  if (ascii) return asciiFoldedKey(text, begin, end);
  return foldedKey(text.substr(begin, end - begin), Fold::Both, scratch);
}

}  // namespace

void Tokenizer::tokenize(std::string_view text, std::vector<Token>& out, std::size_t begin,
                         std::size_t end) const {
  end = std::min(end, text.size());
  std::size_t pos = begin;
  bool space_before = true;
  bool line_start = true;
  std::size_t line_first = out.size();  // index of the first token on the current line
  std::size_t line_upper = 0, line_lower = 0;
  std::string scratch;  // folding buffer for the keys of non-ASCII tokens (rare)
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  auto closeLine = [&]() {
    // A line written in capitals ("SOCCER - JAPAN GET LUCKY WIN") gives no case evidence.
    if (line_upper >= 4 && line_lower * 4 < line_upper)
      for (std::size_t i = line_first; i < out.size(); ++i) out[i].flags |= kHeadline;
    line_first = out.size();
    line_upper = line_lower = 0;
  };
  auto push = [&](std::size_t b, std::size_t e, std::uint16_t flags, bool ascii) {
    Token& t = out.emplace_back();
    t.begin = static_cast<std::uint32_t>(b);
    t.end = static_cast<std::uint32_t>(e);
    t.flags = flags;
    t.key = tokenKey(text, b, e, ascii, scratch);
  };
  while (pos < end) {
    // The common case, an ASCII byte, classified by one table read.
    unsigned char b0 = bytes[pos];
    Char c;
    if (b0 < 0x80) {
      if (b0 == ' ') {
        space_before = true;
        ++pos;
        continue;
      }
      c = kAscii.chars[b0];
      c.next = pos + 1;
    } else {
      c = readNonAscii(text, pos);
    }
    if (c.kind == Kind::Space) {
      space_before = true;
      pos = c.next;
      continue;
    }
    if (c.kind == Kind::Newline) {
      space_before = true;
      line_start = true;
      closeLine();
      pos = c.next;
      continue;
    }
    std::uint16_t flags = 0;
    if (space_before) flags |= kSpaceBefore;
    if (line_start) flags |= kLineStart;
    space_before = line_start = false;
    bool ascii = b0 < 0x80;
    if (c.kind == Kind::Letter || c.kind == Kind::Digit) {
      flags |= kWord;
      if (c.kind == Kind::Digit) flags |= kDigit;
      if (c.upper) flags |= kCapitalized;
      std::size_t upper = c.upper ? 1 : 0, lower = c.lower ? 1 : 0;
      std::size_t p = c.next;
      // Initialism: single letters each followed by a period ("U.S.", "U.N.", "e.g.").
      if (c.kind == Kind::Letter && p < end && text[p] == '.') {
        std::size_t q = p + 1;
        std::size_t letters = 1;
        bool q_ascii = ascii;
        while (q < end) {
          Char d = readChar(text, q);
          if (d.kind != Kind::Letter || d.next >= end || text[d.next] != '.') break;
          q_ascii = q_ascii && bytes[q] < 0x80;
          upper += d.upper ? 1 : 0;
          lower += d.lower ? 1 : 0;
          q = d.next + 1;
          ++letters;
        }
        if (letters >= 2) {
          flags |= kInitialism;
          if (lower == 0) flags |= kAllCaps;
          else flags |= kHasLower;
          push(pos, q, flags, q_ascii);
          line_upper += upper;
          line_lower += lower;
          pos = q;
          continue;
        }
      }
      while (p < end) {
#ifdef __SSE2__
        // 16 bytes at a time: the run of ASCII letters and digits from p, its capitals and
        // small letters counted from bit masks (most words end within the first block).
        if (p + 16 <= end) {
          AlnumRun r = asciiAlnumRun(bytes + p);
          upper += r.upper;
          lower += r.lower;
          p += r.length;
          if (r.length == 16) continue;
          if (p >= end) break;
        }
#endif
        unsigned char b = bytes[p];
        if (b < 0x80) {
          std::uint8_t k = kClass.cls[b];
          if (k & kClsAlnum) {
            upper += (k >> 1) & 1;
            lower += (k >> 2) & 1;
            ++p;
            continue;
          }
          if (b != '\'') break;
        }
        Char d = readChar(text, p);
        if (d.kind == Kind::Letter || d.kind == Kind::Digit) {
          ascii = false;  // (ASCII letters and digits took the branch above)
          upper += d.upper ? 1 : 0;
          lower += d.lower ? 1 : 0;
          p = d.next;
          continue;
        }
        if (d.kind == Kind::Apostrophe && d.next < end) {
          // "O'Brien", "Qur'an" stay one word; "People's" and "Jones'" split off the apostrophe.
          Char e = readChar(text, d.next);
          if (e.kind != Kind::Letter) break;
          bool possessive = (text[d.next] == 's' || text[d.next] == 'S') &&
                            (e.next >= end || readChar(text, e.next).kind != Kind::Letter);
          if (possessive) break;
          if (b >= 0x80 || bytes[d.next] >= 0x80) ascii = false;
          upper += e.upper ? 1 : 0;
          lower += e.lower ? 1 : 0;
          p = e.next;
          continue;
        }
        break;
      }
      if (upper > 0 && lower == 0) flags |= kAllCaps;
      if (lower > 0) flags |= kHasLower;
      line_upper += upper;
      line_lower += lower;
      push(pos, p, flags, ascii);
      pos = p;
      continue;
    }
    if (c.kind == Kind::Apostrophe && c.next < end) {
      // The possessive "'s" is one token.
      Char e = readChar(text, c.next);
      if (e.kind == Kind::Letter && (text[c.next] == 's' || text[c.next] == 'S') &&
          (e.next >= end || readChar(text, e.next).kind != Kind::Letter)) {
        push(pos, e.next, static_cast<std::uint16_t>(flags | kWord | kHasLower), ascii);
        pos = e.next;
        continue;
      }
    }
    push(pos, c.next, flags, ascii);
    pos = c.next;
  }
  closeLine();
}

void keyTokens(std::string_view text, std::vector<Token>& tokens) {
  std::string scratch;
  for (Token& t : tokens) {
    bool ascii = true;
    for (std::size_t i = t.begin; i < t.end && ascii; ++i)
      ascii = static_cast<unsigned char>(text[i]) < 0x80;
    t.key = tokenKey(text, t.begin, t.end, ascii, scratch);
  }
}

}  // namespace glean_entities
