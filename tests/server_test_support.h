// Support for the server's integration tests: a data directory that shares the corpus index
// but has its own copy of the store (articles and conversations written by one test stay out of
// the others), and `evident serve` run as a child process on a free loopback port.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/testing.h"

namespace evident::testing {

//! A fresh data directory: a copy of `source_dir`'s store, and its index by symlink.
inline std::string DataDirCopy(const std::string& source_dir) {
  namespace fs = std::filesystem;
  std::string dir = TempDir() + "/data";
  fs::create_directories(dir);
  fs::copy_file(source_dir + "/evident.db", dir + "/evident.db");
  for (const char* extra : {"-wal", "-shm"}) {
    if (fs::exists(source_dir + "/evident.db" + extra)) {
      fs::copy_file(source_dir + "/evident.db" + extra, dir + "/evident.db" + extra);
    }
  }
  fs::create_directory_symlink(fs::absolute(source_dir + "/index"), dir + "/index");
  return dir;
}

//! `evident serve --port 0` on a data directory, its stderr (access log and messages) in a file.
//! `global_args` go before `serve` (e.g. {"--store", "postgresql://..."}).
class ServeProcess {
 public:
  //! `global_args` go before the command, `serve_args` after `serve --port 0 --bind 127.0.0.1`.
  ServeProcess(const std::string& binary, const std::string& data_dir,
               const std::vector<std::string>& global_args = {},
               const std::vector<std::string>& serve_args = {}) {
    log_path_ = TempDir() + "/serve.log";
    std::vector<std::string> args = {binary, "--data-dir", data_dir};
    args.insert(args.end(), global_args.begin(), global_args.end());
    for (const char* a : {"serve", "--port", "0", "--bind", "127.0.0.1"}) args.push_back(a);
    args.insert(args.end(), serve_args.begin(), serve_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = fork();
    if (pid_ == 0) {
      FILE* log = std::fopen(log_path_.c_str(), "w");
      if (log != nullptr) dup2(fileno(log), STDERR_FILENO);
      execv(binary.c_str(), argv.data());
      _exit(127);
    }
    // The server says where it listens once it is ready.
    std::regex listening(R"(on http://127\.0\.0\.1:(\d+)/)");
    for (int i = 0; i < 600 && port_ == 0; ++i) {
      std::smatch m;
      std::string log = Log();
      if (std::regex_search(log, m, listening)) port_ = std::stoi(m[1]);
      if (port_ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~ServeProcess() {
    if (pid_ > 0 && exit_code_ == -2) Terminate();
  }

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string Log() const {
    std::ifstream f(log_path_);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
  }
  //! SIGTERM, then the exit code (-1 if it did not exit normally).
  int Terminate() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return exit_code_;
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_code_ = -2;
  std::string log_path_;
};

}  // namespace evident::testing
