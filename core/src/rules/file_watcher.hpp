// glean/core/src/rules/file_watcher.hpp - FileWatcher: notices edits to rule, lexicon and pipeline files
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <vector>

namespace glean::rules {

/// Polls a set of files for changes, for `--watch`. A folder stands for every file below it, so a
/// new or deleted file counts as a change. Polling (size and modification time) is portable and
/// costs nothing for the few dozen files a pipeline uses.
class FileWatcher {
 public:
  /// Starts watching `paths` (files or folders) as they are now.
  void watch(const std::vector<std::filesystem::path>& paths);
  /// True when any watched file changed, appeared or vanished since watch() or the last true.
  bool changed();
  /// Polls every `interval` until changed() or `stop` is set; returns changed().
  bool waitForChange(std::chrono::milliseconds interval, const std::atomic<bool>* stop = nullptr);
  /// The files being watched (folders expanded).
  std::size_t size() const { return stamps_.size(); }

 private:
  struct Stamp {
    std::filesystem::file_time_type mtime{};
    std::uintmax_t size = 0;
    bool operator==(const Stamp&) const = default;
  };
  std::map<std::filesystem::path, Stamp> snapshot() const;

  std::vector<std::filesystem::path> paths_;
  std::map<std::filesystem::path, Stamp> stamps_;
};

}  // namespace glean::rules
