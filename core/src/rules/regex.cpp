// glean/core/src/rules/regex.cpp - Regex: one compiled PCRE2 pattern (UTF + UCP, JIT when possible)
// SPDX-License-Identifier: Apache-2.0
#include "rules/regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <cstring>
#include <limits>

namespace glean::rules {
namespace {

// The JIT stack grows up to this size per thread; deeper recursion reports JIT_STACKLIMIT, which
// the engine treats like any other limit.
constexpr std::size_t kJitStackStart = 32 * 1024;
constexpr std::size_t kJitStackMax = 1024 * 1024;

// Per-thread PCRE2 scratch: one match context (limits, JIT stack, offset limit are set per call),
// one JIT stack and one match data block big enough for the largest pattern seen on this thread.
struct ThreadScratch {
  pcre2_match_context* context = nullptr;
  pcre2_jit_stack* jit_stack = nullptr;
  pcre2_match_data* data = nullptr;
  std::uint32_t pairs = 0;

  ThreadScratch() {
    context = pcre2_match_context_create(nullptr);
    jit_stack = pcre2_jit_stack_create(kJitStackStart, kJitStackMax, nullptr);
    if (context != nullptr && jit_stack != nullptr)
      pcre2_jit_stack_assign(context, nullptr, jit_stack);
  }
  ~ThreadScratch() {
    if (data != nullptr) pcre2_match_data_free(data);
    if (jit_stack != nullptr) pcre2_jit_stack_free(jit_stack);
    if (context != nullptr) pcre2_match_context_free(context);
  }
  ThreadScratch(const ThreadScratch&) = delete;
  ThreadScratch& operator=(const ThreadScratch&) = delete;

  pcre2_match_data* dataFor(std::uint32_t needed) {
    if (data == nullptr || pairs < needed) {
      if (data != nullptr) pcre2_match_data_free(data);
      pairs = std::max<std::uint32_t>(needed, 32);
      data = pcre2_match_data_create(pairs, nullptr);
    }
    return data;
  }
};

ThreadScratch& scratch() {
  thread_local ThreadScratch s;
  return s;
}

}  // namespace

struct Regex::Impl {
  pcre2_code* code = nullptr;
  bool jitted = false;
  std::string jit_error;
  std::uint32_t captures = 0;
  ~Impl() {
    if (code != nullptr) pcre2_code_free(code);
  }
};

std::string Regex::errorMessage(int code) {
  PCRE2_UCHAR buf[256];
  int n = pcre2_get_error_message(code, buf, sizeof buf);
  if (n < 0) return "PCRE2 error " + std::to_string(code);
  return std::string(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
}

Regex::Regex(std::string_view pattern, unsigned flags, bool use_jit) : impl_(std::make_unique<Impl>()) {
  std::uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C | PCRE2_USE_OFFSET_LIMIT;
  if (flags & kCaseless) options |= PCRE2_CASELESS;
  if (flags & kMultiline) options |= PCRE2_MULTILINE;
  if (flags & kDotAll) options |= PCRE2_DOTALL;
  if (flags & kExtended) options |= PCRE2_EXTENDED;
  int error = 0;
  PCRE2_SIZE offset = 0;
  impl_->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options,
                              &error, &offset, nullptr);
  if (impl_->code == nullptr) throw RegexCompileError(errorMessage(error), offset);
  pcre2_pattern_info(impl_->code, PCRE2_INFO_CAPTURECOUNT, &impl_->captures);
  if (use_jit) {
    int rc = pcre2_jit_compile(impl_->code, PCRE2_JIT_COMPLETE);
    impl_->jitted = rc == 0;
    if (rc != 0) impl_->jit_error = errorMessage(rc);
  } else {
    impl_->jit_error = "JIT disabled";
  }
}

Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

bool Regex::jitted() const { return impl_->jitted; }
const std::string& Regex::jitError() const { return impl_->jit_error; }
std::uint32_t Regex::captureCount() const { return impl_->captures; }

std::vector<std::pair<std::string, std::uint32_t>> Regex::namedGroups() const {
  std::uint32_t count = 0, entry_size = 0;
  PCRE2_SPTR table = nullptr;
  pcre2_pattern_info(impl_->code, PCRE2_INFO_NAMECOUNT, &count);
  pcre2_pattern_info(impl_->code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
  pcre2_pattern_info(impl_->code, PCRE2_INFO_NAMETABLE, &table);
  std::vector<std::pair<std::string, std::uint32_t>> out;
  for (std::uint32_t i = 0; i < count; ++i) {
    PCRE2_SPTR e = table + static_cast<std::size_t>(i) * entry_size;
    std::uint32_t number = (static_cast<std::uint32_t>(e[0]) << 8) | e[1];
    out.emplace_back(reinterpret_cast<const char*>(e + 2), number);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  return out;
}

Regex::Result Regex::match(std::string_view subject, std::size_t start, std::size_t last_start,
                           const MatchLimits& limits) const {
  ThreadScratch& s = scratch();
  Result r;
  if (s.context == nullptr) {
    r.status = MatchStatus::Error;
    r.code = PCRE2_ERROR_NOMEMORY;
    return r;
  }
  pcre2_match_data* data = s.dataFor(impl_->captures + 1);
  if (data == nullptr) {
    r.status = MatchStatus::Error;
    r.code = PCRE2_ERROR_NOMEMORY;
    return r;
  }
  pcre2_set_match_limit(s.context, limits.match);
  pcre2_set_depth_limit(s.context, limits.depth);
  pcre2_set_heap_limit(s.context, limits.heap_kib);
  pcre2_set_offset_limit(s.context, last_start == std::numeric_limits<std::size_t>::max()
                                        ? PCRE2_UNSET
                                        : static_cast<PCRE2_SIZE>(last_start));
  int rc = pcre2_match(impl_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(),
                       start, PCRE2_NOTEMPTY | PCRE2_NO_UTF_CHECK, data, s.context);
  r.code = rc;
  if (rc > 0) {
    r.status = MatchStatus::Match;
    r.ovector = pcre2_get_ovector_pointer(data);
    r.pairs = std::min(pcre2_get_ovector_count(data), impl_->captures + 1);
  } else if (rc == 0) {
    // Cannot happen (the match data is large enough), but stay safe.
    r.status = MatchStatus::Match;
    r.ovector = pcre2_get_ovector_pointer(data);
    r.pairs = pcre2_get_ovector_count(data);
  } else if (rc == PCRE2_ERROR_NOMATCH) {
    r.status = MatchStatus::NoMatch;
  } else if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
             rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT) {
    r.status = MatchStatus::LimitExceeded;
  } else {
    r.status = MatchStatus::Error;
  }
  return r;
}

}  // namespace glean::rules
