// glean/core/include/glean/atomic_file.hpp - AtomicFile: write a temporary file, rename into place
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "glean/error.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace glean {

/// An output file that appears under its final name only when commit() is called, so an
/// interrupted run never leaves half a file. Until then it is "<name>.tmp-<pid>" beside the target;
/// the destructor removes an uncommitted temporary.
class AtomicFile {
 public:
  /// A closed file; call open() before writing.
  AtomicFile() = default;
  /// Opens `target` at once (see open()).
  explicit AtomicFile(std::filesystem::path target) { open(std::move(target)); }
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile() { abandon(); }

  /// Creates the temporary file (and the target's folder). Throws StageError when it cannot.
  void open(std::filesystem::path target) {
    abandon();
    target_ = std::move(target);
    std::error_code ec;
    if (target_.has_parent_path()) std::filesystem::create_directories(target_.parent_path(), ec);
    temp_ = target_;
    temp_ += ".tmp-" + std::to_string(static_cast<long>(::getpid()));
    // A fresh file of our own: a leftover of the same name (or a link planted there) is removed,
    // not written through.
    std::remove(temp_.c_str());
    int fd = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    file_ = fd < 0 ? nullptr : ::fdopen(fd, "wb");
    if (file_ == nullptr) {
      int error = errno;
      if (fd >= 0) ::close(fd);
      throw StageError("cannot write '" + temp_.string() + "': " + std::strerror(error));
    }
  }
  /// True between open() and commit() / abandon().
  bool isOpen() const { return file_ != nullptr; }
  /// The temporary file's stdio handle, for writers that want one (nullptr when closed).
  std::FILE* handle() { return file_; }
  /// The final name the file gets on commit().
  const std::filesystem::path& target() const { return target_; }

  /// Appends bytes. A write error is remembered and reported by commit().
  void write(std::string_view bytes) {
    if (file_ != nullptr && !bytes.empty() &&
        std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size())
      failed_ = true;
  }
  /// Flushes stdio's buffer to the temporary file (errors are reported by commit()).
  void flush() {
    if (file_ != nullptr && std::fflush(file_) != 0) failed_ = true;
  }

  /// Closes the temporary and renames it over the target. Throws StageError on a write error.
  void commit() {
    if (file_ == nullptr) return;
    bool ok = std::fflush(file_) == 0 && !failed_;
    ok = (std::fclose(file_) == 0) && ok;
    file_ = nullptr;
    if (!ok) {
      std::remove(temp_.c_str());
      throw StageError("writing '" + target_.string() + "' failed: " + std::strerror(errno));
    }
    std::error_code ec;
    std::filesystem::rename(temp_, target_, ec);
    if (ec) {
      std::remove(temp_.c_str());
      throw StageError("cannot rename '" + temp_.string() + "' to '" + target_.string() +
                       "': " + ec.message());
    }
  }

  /// Drops the temporary without touching the target.
  void abandon() noexcept {
    if (file_ != nullptr) {
      std::fclose(file_);
      file_ = nullptr;
      std::remove(temp_.c_str());
    }
    failed_ = false;
  }

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::FILE* file_ = nullptr;
  bool failed_ = false;
};

}  // namespace glean
