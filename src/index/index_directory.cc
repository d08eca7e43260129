#include "index/index_directory.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

namespace evident {

namespace fs = std::filesystem;

namespace {

constexpr const char* kPrefix = "gen-";

// Generation number of "gen-000012" (or "gen-000012.tmp" when `tmp`), -1 if not one.
long GenerationNumber(const std::string& name, bool tmp) {
  if (name.rfind(kPrefix, 0) != 0) return -1;
  std::string rest = name.substr(std::strlen(kPrefix));
  bool has_tmp = rest.size() > 4 && rest.compare(rest.size() - 4, 4, ".tmp") == 0;
  if (has_tmp != tmp) return -1;
  if (tmp) rest.resize(rest.size() - 4);
  if (rest.empty() || !std::all_of(rest.begin(), rest.end(), ::isdigit)) return -1;
  return std::stol(rest);
}

std::string GenerationName(long number) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%s%06ld", kPrefix, number);
  return buf;
}

Status SyncPath(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("opening " + path + ": " + std::strerror(errno));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return Status::IOError("fsync " + path + ": " + std::strerror(err));
  return Status::OK();
}

}  // namespace

Result<std::string> IndexDirectory::StartGeneration() const {
  std::error_code ec;
  fs::create_directories(root_, ec);
  if (ec) return Status::IOError("creating " + root_ + ": " + ec.message());
  auto current = CurrentName();
  long serving = current.ok() ? GenerationNumber(*current, false) : 0;
  long max_gen = 0;
  for (const auto& entry : fs::directory_iterator(root_, ec)) {
    std::string name = entry.path().filename().string();
    long sealed = GenerationNumber(name, false), tmp = GenerationNumber(name, true);
    max_gen = std::max({max_gen, sealed, tmp});
    // An abandoned build, or a sealed one whose ingest never committed.
    if (tmp >= 0 || sealed > serving) fs::remove_all(entry.path(), ec);
  }
  if (ec) return Status::IOError("listing " + root_ + ": " + ec.message());
  return root_ + "/" + GenerationName(max_gen + 1) + ".tmp";
}

Result<std::string> IndexDirectory::Seal(const std::string& build_dir) const {
  std::string name = fs::path(build_dir).filename().string();
  long number = GenerationNumber(name, true);
  if (number < 0) return Status::InvalidArgument(build_dir + " is not a build directory");
  std::string final_name = GenerationName(number);
  std::string final_path = root_ + "/" + final_name;
  EVIDENT_RETURN_IF_ERROR(SyncPath(build_dir));
  if (std::rename(build_dir.c_str(), final_path.c_str()) != 0) {
    return Status::IOError("renaming " + build_dir + ": " + std::strerror(errno));
  }
  EVIDENT_RETURN_IF_ERROR(SyncPath(root_));
  return final_name;
}

Result<std::string> IndexDirectory::SwitchTo(const std::string& name, int keep) const {
  if (GenerationNumber(name, false) < 0) {
    return Status::InvalidArgument("'" + name + "' is not a generation name");
  }
  std::string final_path = root_ + "/" + name;
  if (!fs::is_directory(final_path)) return Status::NotFound("no generation " + final_path);
  std::string tmp = root_ + "/CURRENT.tmp";
  {
    errno = 0;
    std::ofstream out(tmp, std::ios::trunc);
    out << name << "\n";
    if (!out.flush()) {
      return Status::IOError("writing " + tmp + ": " +
                             (errno != 0 ? std::strerror(errno) : "write failed"));
    }
  }
  EVIDENT_RETURN_IF_ERROR(SyncPath(tmp));
  if (std::rename(tmp.c_str(), (root_ + "/CURRENT").c_str()) != 0) {
    return Status::IOError("replacing " + root_ + "/CURRENT: " + std::strerror(errno));
  }
  EVIDENT_RETURN_IF_ERROR(SyncPath(root_));

  // Old generations: keep the newest `keep`; readers that still map older files keep their
  // mappings valid after unlink (POSIX), so removal is safe.
  std::vector<long> generations;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root_, ec)) {
    long g = GenerationNumber(entry.path().filename().string(), false);
    if (g >= 0) generations.push_back(g);
  }
  std::sort(generations.rbegin(), generations.rend());
  for (size_t i = static_cast<size_t>(std::max(keep, 1)); i < generations.size(); ++i) {
    fs::remove_all(root_ + "/" + GenerationName(generations[i]), ec);
  }
  return final_path;
}

Result<std::string> IndexDirectory::Publish(const std::string& build_dir, int keep) const {
  auto name = Seal(build_dir);
  if (!name.ok()) return name.status();
  return SwitchTo(*name, keep);
}

Result<std::string> IndexDirectory::CurrentName() const {
  std::ifstream in(root_ + "/CURRENT");
  if (!in) return Status::NotFound("no index at " + root_ + " (run `evident ingest` first)");
  std::string name;
  std::getline(in, name);
  if (GenerationNumber(name, false) < 0) {
    return Status::Corruption(root_ + "/CURRENT names no generation: '" + name + "'");
  }
  return name;
}

Result<std::string> IndexDirectory::CurrentPath() const {
  auto name = CurrentName();
  if (!name.ok()) return name.status();
  return root_ + "/" + *name;
}

}  // namespace evident
