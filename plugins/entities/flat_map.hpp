// glean/plugins/entities/flat_map.hpp - FlatMap: an open-addressing uint64 -> uint32 hash table
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace glean_entities {

/// The trie's transition table: (node << 32 | word) -> child node. Linear probing in one flat
/// array, so a look-up is one multiply and usually one cache line, whatever the table's size.
class FlatMap {
 public:
  static constexpr std::uint32_t kMissing = 0xFFFFFFFFu;

  std::uint32_t find(std::uint64_t key) const {
    if (slots_.empty()) return kMissing;
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.value == kMissing) return kMissing;
      if (s.key == key) return s.value;
    }
  }

  /// The value stored for `key`, to be changed in place, or nullptr.
  std::uint32_t* findValue(std::uint64_t key) {
    if (slots_.empty()) return nullptr;
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.value == kMissing) return nullptr;
      if (s.key == key) return &s.value;
    }
  }

  /// Inserts `key` -> `value` unless the key is there; returns the value now stored.
  std::uint32_t insert(std::uint64_t key, std::uint32_t value) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.value == kMissing) {
        s.key = key;
        s.value = value;
        ++size_;
        return value;
      }
      if (s.key == key) return s.value;
    }
  }

  /// Removes every key and keeps the table's capacity (for a table reused from document to
  /// document).
  void clear() {
    if (size_ == 0) return;
    std::fill(slots_.begin(), slots_.end(), Slot{});
    size_ = 0;
  }

  std::size_t size() const { return size_; }
  std::size_t bytes() const { return slots_.size() * sizeof(Slot); }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t value = kMissing;
  };
  static std::size_t hash(std::uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return static_cast<std::size_t>(k);
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    size_ = 0;
    for (const Slot& s : old)
      if (s.value != kMissing) insert(s.key, s.value);
  }
  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace glean_entities
