// glean/core/src/rules/database_cache.cpp - DatabaseCache: compiled prefilter databases on disk
// SPDX-License-Identifier: Apache-2.0
#include "rules/database_cache.hpp"

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace glean::rules {
namespace {

namespace fs = std::filesystem;

constexpr char kMagic[] = "glean-prefilter-cache-1\n";

std::string fileName(const std::string& key) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kHex[(h >> shift) & 0xF]);
  return out + ".db";
}

}  // namespace

std::optional<fs::path> DatabaseCache::folder() {
  if (const char* dir = std::getenv("GLEAN_CACHE_DIR")) {
    std::string d = dir;
    if (d == "off" || d.empty()) return std::nullopt;
    return fs::path(d) / "prefilter";
  }
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0')
    return fs::path(xdg) / "glean" / "prefilter";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
    return fs::path(home) / ".cache" / "glean" / "prefilter";
  return std::nullopt;
}

std::optional<std::string> DatabaseCache::load(const std::string& key) {
  auto dir = folder();
  if (!dir) return std::nullopt;
  std::ifstream in(*dir / fileName(key), std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream buf;
  buf << in.rdbuf();
  std::string data = buf.str();
  // magic, key length (8 bytes), key, blob
  std::size_t at = sizeof kMagic - 1;
  if (data.size() < at + 8 || data.compare(0, at, kMagic) != 0) return std::nullopt;
  std::uint64_t key_size = 0;
  for (int k = 0; k < 8; ++k) key_size |= static_cast<std::uint64_t>(static_cast<unsigned char>(data[at + k])) << (8 * k);
  at += 8;
  if (data.size() - at < key_size || data.compare(at, key_size, key) != 0) return std::nullopt;
  return data.substr(at + key_size);
}

void DatabaseCache::store(const std::string& key, const std::string& blob) {
  auto dir = folder();
  if (!dir) return;
  std::error_code ec;
  fs::create_directories(*dir, ec);
  if (ec) return;
  fs::path target = *dir / fileName(key);
  fs::path temp = target;
  temp += ".tmp-" + std::to_string(static_cast<long>(::getpid()));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return;
    out.write(kMagic, sizeof kMagic - 1);
    std::uint64_t key_size = key.size();
    for (int k = 0; k < 8; ++k) out.put(static_cast<char>((key_size >> (8 * k)) & 0xFF));
    out.write(key.data(), static_cast<std::streamsize>(key.size()));
    out.write(blob.data(), static_cast<std::streamsize>(blob.size()));
    if (!out) {
      out.close();
      fs::remove(temp, ec);
      return;
    }
  }
  fs::rename(temp, target, ec);
  if (ec) fs::remove(temp, ec);
}

}  // namespace glean::rules
