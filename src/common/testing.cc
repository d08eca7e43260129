#include "common/testing.h"

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <vector>

namespace evident::testing {

std::string DataDir() {
  const char* env = std::getenv("EVIDENT_DATA");
  std::string dir = (env != nullptr && *env != '\0') ? env : EVIDENT_DEFAULT_DATA;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir;
}

namespace {
std::vector<std::string>* TempDirs() {
  static auto* dirs = new std::vector<std::string>();
  return dirs;
}
void RemoveTempDirs() {
  for (const auto& d : *TempDirs()) {
    std::error_code ec;
    std::filesystem::remove_all(d, ec);
  }
}
}  // namespace

std::string TempDir() {
  static std::once_flag once;
  std::call_once(once, [] { std::atexit(RemoveTempDirs); });
  std::string templ = (std::filesystem::temp_directory_path() / "evident-test-XXXXXX").string();
  char* made = mkdtemp(templ.data());
  if (made == nullptr) std::abort();  // programmer/environment error in tests only
  TempDirs()->push_back(templ);
  return templ;
}

}  // namespace evident::testing
