#include "ingest/response_cache.h"

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "common/input_file.h"

namespace evident {

namespace fs = std::filesystem;

namespace {

// FNV-1a, 64 bits (Fowler, Noll, Vo): a stable file name; collisions are caught by the .key.
std::string HashHex(const std::string& key) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

Status WriteAtomically(const std::string& path, const std::string& content) {
  std::string tmp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) return Status::IOError("writing " + tmp);
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Status::IOError("renaming " + tmp + " to " + path + ": " + ec.message());
  return Status::OK();
}

}  // namespace

ResponseCache::ResponseCache(std::string dir, std::string extension)
    : dir_(std::move(dir)), extension_(std::move(extension)) {}

std::string ResponseCache::PathOf(const std::string& key) const {
  return dir_ + "/" + HashHex(key) + "." + extension_;
}

std::optional<std::string> ResponseCache::Lookup(
    const std::string& key, std::optional<std::chrono::seconds> max_age) const {
  std::string path = PathOf(key);
  auto stored_key = ReadFileContents(dir_ + "/" + HashHex(key) + ".key");
  if (!stored_key.ok() || *stored_key != key) return std::nullopt;
  std::error_code ec;
  auto written = fs::last_write_time(path, ec);
  if (ec) return std::nullopt;
  if (max_age && fs::file_time_type::clock::now() - written > *max_age) return std::nullopt;
  return path;
}

Result<std::string> ResponseCache::Put(const std::string& key, const std::string& reply) const {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return Status::IOError("creating cache directory " + dir_ + ": " + ec.message());
  std::string path = PathOf(key);
  std::string key_path = dir_ + "/" + HashHex(key) + ".key";
  // Key out, reply in, key back: a key file only ever names a complete reply to that key.
  fs::remove(key_path, ec);
  EVIDENT_RETURN_IF_ERROR(WriteAtomically(path, reply));
  EVIDENT_RETURN_IF_ERROR(WriteAtomically(key_path, key));
  return path;
}

}  // namespace evident
