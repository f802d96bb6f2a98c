// glean/core/src/rules/file_watcher.cpp - FileWatcher: notices edits to rule, lexicon and pipeline files
// SPDX-License-Identifier: Apache-2.0
#include "rules/file_watcher.hpp"

#include <thread>

namespace glean::rules {

namespace fs = std::filesystem;

std::map<fs::path, FileWatcher::Stamp> FileWatcher::snapshot() const {
  std::map<fs::path, Stamp> out;
  auto stamp = [&](const fs::path& p) {
    std::error_code e1, e2;
    Stamp s{fs::last_write_time(p, e1), fs::file_size(p, e2)};
    if (!e1 && !e2) out[p] = s;
  };
  for (const fs::path& p : paths_) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (fs::recursive_directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec)) stamp(it->path());
    } else {
      stamp(p);  // a missing file has no stamp: its appearance is a change
    }
  }
  return out;
}

void FileWatcher::watch(const std::vector<fs::path>& paths) {
  paths_ = paths;
  stamps_ = snapshot();
}

bool FileWatcher::changed() {
  auto now = snapshot();
  if (now == stamps_) return false;
  stamps_ = std::move(now);
  return true;
}

bool FileWatcher::waitForChange(std::chrono::milliseconds interval, const std::atomic<bool>* stop) {
  while (stop == nullptr || !stop->load()) {
    if (changed()) return true;
    std::this_thread::sleep_for(interval);
  }
  return false;
}

}  // namespace glean::rules
