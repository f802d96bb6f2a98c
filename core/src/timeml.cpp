// glean/core/src/timeml.cpp - TimeML documents (TempEval-3 .tml / .tml.TE3input): text, DCT, TIMEX3
// SPDX-License-Identifier: Apache-2.0
#include "timeml.hpp"

#include "rules/text_util.hpp"

#include <cstdint>

namespace glean {
namespace {

// Decodes the character reference starting at s[pos] == '&' into `out`; returns the length
// consumed, or 0 when it is not a reference (the '&' is then kept as it is).
std::size_t decodeReference(std::string_view s, std::size_t pos, std::string& out) {
  std::size_t semi = s.find(';', pos);
  if (semi == std::string_view::npos || semi - pos > 10) return 0;
  std::string_view name = s.substr(pos + 1, semi - pos - 1);
  if (name == "amp") out.push_back('&');
  else if (name == "lt") out.push_back('<');
  else if (name == "gt") out.push_back('>');
  else if (name == "quot") out.push_back('"');
  else if (name == "apos") out.push_back('\'');
  else if (name.size() >= 2 && name[0] == '#') {
    std::uint32_t cp = 0;
    bool hex = name[1] == 'x' || name[1] == 'X';
    for (std::size_t i = hex ? 2 : 1; i < name.size(); ++i) {
      char c = name[i];
      int digit = (c >= '0' && c <= '9')   ? c - '0'
                  : (hex && c >= 'a' && c <= 'f') ? c - 'a' + 10
                  : (hex && c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                  : -1;
      if (digit < 0 || cp > 0x10FFFF) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit);
    }
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    rules::appendUtf8(out, static_cast<char32_t>(cp));
  } else {
    return 0;
  }
  return semi - pos + 1;
}

std::string decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      if (std::size_t n = decodeReference(s, i, out)) {
        i += n - 1;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

// The value of attribute `name` in a tag's text ("<TIMEX3 tid="t1" type="DATE">").
std::string attribute(std::string_view tag, std::string_view name) {
  std::size_t pos = 0;
  while ((pos = tag.find(name, pos)) != std::string_view::npos) {
    bool starts = pos > 0 && (tag[pos - 1] == ' ' || tag[pos - 1] == '\t' || tag[pos - 1] == '\n');
    std::size_t p = pos + name.size();
    while (p < tag.size() && tag[p] == ' ') ++p;
    if (starts && p < tag.size() && tag[p] == '=') {
      ++p;
      while (p < tag.size() && tag[p] == ' ') ++p;
      if (p < tag.size() && (tag[p] == '"' || tag[p] == '\'')) {
        char quote = tag[p];
        std::size_t close = tag.find(quote, p + 1);
        if (close != std::string_view::npos) return decode(tag.substr(p + 1, close - p - 1));
      }
    }
    pos += name.size();
  }
  return {};
}

// The name of the tag whose text is `tag` ("<TIMEX3 ...>" -> "TIMEX3", "</TEXT>" -> "TEXT").
std::string_view tagName(std::string_view tag) {
  std::size_t b = 1;
  if (b < tag.size() && tag[b] == '/') ++b;
  std::size_t e = b;
  while (e < tag.size() && tag[e] != ' ' && tag[e] != '>' && tag[e] != '/' && tag[e] != '\n' &&
         tag[e] != '\t')
    ++e;
  return tag.substr(b, e - b);
}

// The content of the first <name>...</name> element, raw; npos-begin when absent.
std::string_view element(std::string_view xml, std::string_view name, std::size_t& at) {
  std::string open = "<" + std::string(name);
  std::size_t pos = 0;
  while ((pos = xml.find(open, pos)) != std::string_view::npos) {
    std::size_t after = pos + open.size();
    if (after < xml.size() && (xml[after] == '>' || xml[after] == ' ')) break;
    pos = after;
  }
  at = std::string_view::npos;
  if (pos == std::string_view::npos) return {};
  std::size_t content = xml.find('>', pos);
  if (content == std::string_view::npos) return {};
  ++content;
  std::size_t close = xml.find("</" + std::string(name) + ">", content);
  if (close == std::string_view::npos) return {};
  at = content;
  return xml.substr(content, close - content);
}

std::string stripTags(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<') {
      std::size_t close = s.find('>', i);
      if (close == std::string_view::npos) break;
      i = close;
      continue;
    }
    out.push_back(s[i]);
  }
  return decode(out);
}

}  // namespace

TimemlDocument parseTimeml(std::string_view xml) {
  TimemlDocument doc;
  std::size_t at = 0;
  doc.docid = stripTags(element(xml, "DOCID", at));
  doc.title = stripTags(element(xml, "TITLE", at));
  std::string_view dct = element(xml, "DCT", at);
  if (at != std::string_view::npos) {
    std::size_t open = dct.find("<TIMEX3");
    if (open != std::string_view::npos) {
      std::size_t close = dct.find('>', open);
      if (close != std::string_view::npos) {
        doc.dct = attribute(dct.substr(open, close - open + 1), "value");
        doc.dct_text = stripTags(dct.substr(close + 1));
      }
    }
  }
  std::string_view text = element(xml, "TEXT", at);
  if (at == std::string_view::npos) throw TimemlError("no <TEXT> element", 0);
  const std::size_t base = at;
  doc.text.reserve(text.size());
  std::vector<std::size_t> open_timexes;  // indices into doc.timexes
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '&') {
      if (std::size_t n = decodeReference(text, i, doc.text)) {
        i += n - 1;
        continue;
      }
      doc.text.push_back(c);
      continue;
    }
    if (c != '<') {
      doc.text.push_back(c);
      continue;
    }
    std::size_t close = text.find('>', i);
    if (close == std::string_view::npos) throw TimemlError("unterminated tag", base + i);
    std::string_view tag = text.substr(i, close - i + 1);
    std::string_view name = tagName(tag);
    bool closing = tag.size() > 1 && tag[1] == '/';
    bool empty = tag.size() > 2 && tag[tag.size() - 2] == '/';
    if (name == "TIMEX3" && !empty) {
      if (!closing) {
        TimemlTimex t;
        t.begin = doc.text.size();
        t.tid = attribute(tag, "tid");
        t.type = attribute(tag, "type");
        t.value = attribute(tag, "value");
        t.mod = attribute(tag, "mod");
        open_timexes.push_back(doc.timexes.size());
        doc.timexes.push_back(std::move(t));
      } else {
        if (open_timexes.empty()) throw TimemlError("</TIMEX3> without <TIMEX3>", base + i);
        doc.timexes[open_timexes.back()].end = doc.text.size();
        open_timexes.pop_back();
      }
    }
    // Other tags (EVENT, SIGNAL) are dropped: only their text stays.
    i = close;
  }
  if (!open_timexes.empty()) throw TimemlError("<TIMEX3> without </TIMEX3>", base + text.size());
  return doc;
}

bool isTimemlFile(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  return ext == ".tml" || ext == ".TE3input";
}

}  // namespace glean
