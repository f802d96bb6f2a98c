// glean/tools/glean/arg_parser.cpp - a small command-line option parser
// SPDX-License-Identifier: Apache-2.0
#include "arg_parser.hpp"

#include <algorithm>
#include <charconv>

namespace glean::cli {
namespace {

/// The index of "--": nothing after it is an option.
std::size_t optionsEnd(const std::vector<std::string>& args) {
  auto it = std::find(args.begin(), args.end(), "--");
  return static_cast<std::size_t>(it - args.begin());
}

}  // namespace

bool ArgParser::flag(std::initializer_list<std::string_view> names) { return count(names) > 0; }

int ArgParser::count(std::initializer_list<std::string_view> names) {
  int n = 0;
  for (std::size_t i = 0; i < optionsEnd(args_);) {
    if (std::find(names.begin(), names.end(), args_[i]) != names.end()) {
      args_.erase(args_.begin() + static_cast<std::ptrdiff_t>(i));
      ++n;
    } else {
      ++i;
    }
  }
  return n;
}

std::vector<std::string> ArgParser::values(std::initializer_list<std::string_view> names) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < optionsEnd(args_);) {
    const std::string& arg = args_[i];
    bool taken = false;
    for (std::string_view name : names) {
      if (arg == name) {
        if (i + 1 >= args_.size() || args_[i + 1] == "--")
          throw UsageError("option '" + std::string(name) + "' needs a value");
        out.push_back(args_[i + 1]);
        args_.erase(args_.begin() + static_cast<std::ptrdiff_t>(i),
                    args_.begin() + static_cast<std::ptrdiff_t>(i) + 2);
        taken = true;
        break;
      }
      bool long_form = name.size() > 2 && name.substr(0, 2) == "--";
      if (long_form && arg.size() > name.size() && arg.compare(0, name.size(), name) == 0 &&
          arg[name.size()] == '=') {
        out.push_back(arg.substr(name.size() + 1));
        args_.erase(args_.begin() + static_cast<std::ptrdiff_t>(i));
        taken = true;
        break;
      }
      if (!long_form && name.size() == 2 && arg.size() > 2 && arg.compare(0, 2, name) == 0) {
        out.push_back(arg.substr(2));  // -j4
        args_.erase(args_.begin() + static_cast<std::ptrdiff_t>(i));
        taken = true;
        break;
      }
    }
    if (!taken) ++i;
  }
  return out;
}

std::optional<std::string> ArgParser::value(std::initializer_list<std::string_view> names) {
  auto all = values(names);
  if (all.empty()) return std::nullopt;
  return all.back();
}

std::optional<long long> ArgParser::integer(std::initializer_list<std::string_view> names) {
  auto text = value(names);
  if (!text) return std::nullopt;
  long long v = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || ptr != text->data() + text->size())
    throw UsageError("option '" + std::string(*names.begin()) + "' needs a whole number, got '" +
                     *text + "'");
  return v;
}

std::optional<std::string> ArgParser::takeFirstPositional() {
  for (std::size_t i = 0; i < args_.size(); ++i) {
    const std::string& arg = args_[i];
    if (arg == "--") {
      if (i + 1 >= args_.size()) return std::nullopt;
      std::string out = args_[i + 1];
      args_.erase(args_.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      return out;
    }
    if (arg.size() > 1 && arg[0] == '-') continue;
    std::string out = arg;
    args_.erase(args_.begin() + static_cast<std::ptrdiff_t>(i));
    return out;
  }
  return std::nullopt;
}

std::vector<std::string> ArgParser::positionals() {
  std::vector<std::string> out;
  bool options_over = false;
  for (const auto& arg : args_) {
    if (!options_over && arg == "--") {
      options_over = true;
      continue;
    }
    if (!options_over && arg.size() > 1 && arg[0] == '-')
      throw UsageError("unknown option '" + arg + "'");
    out.push_back(arg);
  }
  args_.clear();
  return out;
}

}  // namespace glean::cli
