// LoopbackServer: test support — a cpp-httplib server on a free 127.0.0.1 port, serving from a
// thread of its own until destroyed, for tests of clients that talk HTTP (E-utilities, the LLM
// composer). Nothing in a test ever leaves the machine.
// Thread-safety: handlers run on the server's threads; share state with them under a lock.
#pragma once

#include <httplib.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace evident::testing {

class LoopbackServer {
 public:
  //! `routes` registers the handlers before the server starts.
  explicit LoopbackServer(const std::function<void(httplib::Server&)>& routes) {
    routes(server_);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() only reaches a server that is running: wait until it is.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~LoopbackServer() {
    server_.stop();
    thread_.join();
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  int port() const { return port_; }
  //! "http://127.0.0.1:<port><path>"
  std::string Url(const std::string& path = "") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace evident::testing
