// glean/core/include/glean/features.hpp - Features: an ordered key -> value table
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace glean {

/// A feature or metadata value: text, integer, floating point number or boolean.
using FeatureValue = std::variant<std::string, std::int64_t, double, bool>;

/// Key -> value pairs kept in insertion order (so output is stable and reads in the order a stage
/// wrote it). Tables are small (a handful of keys), so a flat vector beats a map here.
class Features {
 public:
  /// One key and its value.
  using Item = std::pair<std::string, FeatureValue>;

  /// Sets `key` to `value`, replacing an existing value in place.
  void set(std::string_view key, FeatureValue value) {
    for (auto& item : items_) {
      if (item.first == key) {
        item.second = std::move(value);
        return;
      }
    }
    // Room for a few keys at the first one: annotations mostly carry 1-6 features, and growing
    // 1 -> 2 -> 4 -> 8 cost an allocation, a move of every item and a free at each step.
    if (items_.capacity() == 0) items_.reserve(kInitialCapacity);
    items_.emplace_back(std::string(key), std::move(value));
  }
  /// Makes room for `n` keys in all (a stage that knows how many it will set).
  void reserve(std::size_t n) { items_.reserve(n); }
  /// Convenience overloads, so that a string literal does not turn into a bool and every integer
  /// type (int, std::int64_t, std::size_t, ...) becomes a 64-bit integer without narrowing.
  void set(std::string_view key, const char* value) { set(key, FeatureValue(std::string(value))); }
  void set(std::string_view key, std::string_view value) {
    set(key, FeatureValue(std::string(value)));
  }
  void set(std::string_view key, std::string value) { set(key, FeatureValue(std::move(value))); }
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  void set(std::string_view key, T value) {
    set(key, FeatureValue(static_cast<std::int64_t>(value)));
  }

  /// The value of `key`, or nullptr.
  const FeatureValue* find(std::string_view key) const {
    for (const auto& item : items_)
      if (item.first == key) return &item.second;
    return nullptr;
  }
  /// True when `key` is set.
  bool contains(std::string_view key) const { return find(key) != nullptr; }

  /// The string value of `key`; empty when absent or not a string.
  std::string_view str(std::string_view key) const {
    const FeatureValue* v = find(key);
    if (v == nullptr) return {};
    if (const auto* s = std::get_if<std::string>(v)) return *s;
    return {};
  }
  /// The integer value of `key` (a string holding an integer also counts).
  std::optional<std::int64_t> integer(std::string_view key) const {
    const FeatureValue* v = find(key);
    if (v == nullptr) return std::nullopt;
    if (const auto* i = std::get_if<std::int64_t>(v)) return *i;
    if (const auto* s = std::get_if<std::string>(v)) {
      if (s->empty()) return std::nullopt;
      std::int64_t out = 0;
      std::size_t pos = 0;
      bool negative = (*s)[0] == '-';
      if (negative) pos = 1;
      if (pos == s->size()) return std::nullopt;
      for (; pos < s->size(); ++pos) {
        char c = (*s)[pos];
        if (c < '0' || c > '9') return std::nullopt;
        out = out * 10 + (c - '0');
      }
      return negative ? -out : out;
    }
    return std::nullopt;
  }
  /// Removes `key`; false when it was not set.
  bool erase(std::string_view key) {
    for (auto it = items_.begin(); it != items_.end(); ++it) {
      if (it->first == key) {
        items_.erase(it);
        return true;
      }
    }
    return false;
  }

  /// Iteration over the Items, in insertion order.
  auto begin() const { return items_.begin(); }
  auto end() const { return items_.end(); }
  /// The number of keys.
  std::size_t size() const { return items_.size(); }
  /// True when no key is set.
  bool empty() const { return items_.empty(); }
  /// Removes every key.
  void clear() { items_.clear(); }
  /// Same keys with the same values in the same order.
  bool operator==(const Features&) const = default;

 private:
  static constexpr std::size_t kInitialCapacity = 4;
  std::vector<Item> items_;
};

/// Renders a value as plain text (integers in decimal, booleans as true/false).
inline std::string toString(const FeatureValue& value) {
  struct Visitor {
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const {
      std::string s = std::to_string(d);
      while (s.size() > 1 && s.back() == '0') s.pop_back();
      if (!s.empty() && s.back() == '.') s.push_back('0');
      return s;
    }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
  };
  return std::visit(Visitor{}, value);
}

}  // namespace glean
