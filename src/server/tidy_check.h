// TidyCheck: runs HTML Tidy (`tidy -errors -q`) over a page, for tests that every page is valid
// HTML. Test support only; not part of the library.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "common/testing.h"

namespace evident::testing {

struct TidyResult {
  bool available = false;  //!< tidy is installed
  int exit_code = 0;       //!< 0 clean, 1 warnings only, 2 errors
  std::string errors;      //!< what tidy printed (errors only)
  bool ok() const { return exit_code < 2 && errors.empty(); }
};

inline bool TidyAvailable() { return access("/usr/bin/tidy", X_OK) == 0; }

inline TidyResult TidyCheck(const std::string& html) {
  TidyResult r;
  r.available = TidyAvailable();
  if (!r.available) return r;
  std::string path = TempDir() + "/page.html";
  std::ofstream(path, std::ios::binary) << html;
  FILE* p = popen(("/usr/bin/tidy -errors -q '" + path + "' 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) r.errors.append(buf, n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace evident::testing
