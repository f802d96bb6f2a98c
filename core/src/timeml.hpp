// glean/core/src/timeml.hpp - TimeML documents (TempEval-3 .tml / .tml.TE3input): text, DCT, TIMEX3
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace glean {

/// A TIMEX3 tag inside <TEXT>, with offsets into TimemlDocument::text.
struct TimemlTimex {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string tid;
  std::string type;
  std::string value;
  std::string mod;
};

/// What glean reads from a TimeML file: the content of <TEXT> with every tag removed and XML
/// character references decoded (the document's bytes), the TIMEX3 tags that were in it, and the
/// header elements (DOCID, DCT, TITLE).
struct TimemlDocument {
  std::string docid;
  std::string dct;       ///< the creation-time TIMEX3's value ("1998-01-08"), empty when absent
  std::string dct_text;  ///< the text inside that TIMEX3 ("19980108")
  std::string title;
  std::string text;
  std::vector<TimemlTimex> timexes;
};

/// A malformed TimeML file; `offset` is the byte offset in the file.
class TimemlError : public std::runtime_error {
 public:
  TimemlError(const std::string& message, std::size_t offset)
      : std::runtime_error(message), offset_(offset) {}
  std::size_t offset() const noexcept { return offset_; }

 private:
  std::size_t offset_;
};

/// Parses a TimeML file. Throws TimemlError when there is no <TEXT> element or a tag inside it is
/// unterminated or unbalanced.
TimemlDocument parseTimeml(std::string_view xml);

/// True for the names TempEval-3 uses: "*.tml" and "*.TE3input".
bool isTimemlFile(const std::filesystem::path& path);

}  // namespace glean
