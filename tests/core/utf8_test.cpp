// glean/tests/core/utf8_test.cpp - UTF-8 validation
// SPDX-License-Identifier: Apache-2.0
#include "test_support.hpp"
#include "rules/text_util.hpp"

#include <doctest/doctest.h>

using glean::rules::countCodePoints;
using glean::rules::firstInvalidUtf8;

TEST_SUITE("utf8") {
  TEST_CASE("the seed report is valid UTF-8") {
    std::string seed = glean::test::readFile(glean::test::seedReport());
    CHECK_FALSE(firstInvalidUtf8(seed).has_value());
    // It holds multi-byte characters: the bullet U+2022 and the no-break space U+00A0.
    CHECK(seed.find("\xE2\x80\xA2") != std::string::npos);
    CHECK(countCodePoints(seed) < seed.size());
  }

  TEST_CASE("invalid sequences are found at their byte offset") {
    CHECK(firstInvalidUtf8("plain ASCII text that is long enough for the fast path") == std::nullopt);
    CHECK(firstInvalidUtf8("abc\xFF") == 3);
    CHECK(firstInvalidUtf8("abcdefghijk\x80xyz") == 11);             // stray continuation byte
    CHECK(firstInvalidUtf8("ab\xC3") == 2);                          // truncated at the end
    CHECK(firstInvalidUtf8("ab\xC3(") == 2);                         // bad continuation
    CHECK(firstInvalidUtf8("\xC0\xAF") == 0);                        // overlong '/'
    CHECK(firstInvalidUtf8("x\xE0\x80\xAF") == 1);                   // overlong 3-byte
    CHECK(firstInvalidUtf8("xy\xED\xA0\x80") == 2);                  // UTF-16 surrogate
    CHECK(firstInvalidUtf8("\xF4\x90\x80\x80") == 0);                // above U+10FFFF
    CHECK(firstInvalidUtf8("\xF0\x9F\x98\x80 ok") == std::nullopt);  // emoji is fine
    CHECK(firstInvalidUtf8("caf\xC3\xA9 \xE2\x80\xA2") == std::nullopt);
  }

  TEST_CASE("code points are counted, not bytes") {
    CHECK(countCodePoints("caf\xC3\xA9") == 4);
    CHECK(countCodePoints("\xE2\x80\xA2 x") == 3);
  }
}
