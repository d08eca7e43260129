// FakeLlmServer: test support — an OpenAI-compatible chat-completions endpoint on loopback
// (POST /v1/chat/completions) that answers what the test sets: a plain completion (any body and
// status), or a streamed one (server-sent events, one chunk per piece, then "data: [DONE]"),
// written chunk by chunk; a stream can stall after some chunks until Release(), or carry raw
// frames such as a malformed chunk. It records every request body and Authorization header.
// Thread-safety: thread-safe (handlers run on the server's threads).
#pragma once

#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "net/loopback_server.h"

namespace evident::testing {

//! A chat completion whose message content is `content`.
inline std::string ChatCompletion(const std::string& content) {
  return nlohmann::json{
      {"id", "chatcmpl-1"},
      {"object", "chat.completion"},
      {"choices",
       nlohmann::json::array({{{"index", 0},
                               {"message", {{"role", "assistant"}, {"content", content}}},
                               {"finish_reason", "stop"}}})}}
      .dump();
}

//! The server-sent-events frame of one streamed chunk whose delta content is `piece`.
inline std::string ChatChunkFrame(const std::string& piece) {
  return "data: " +
         nlohmann::json{
             {"object", "chat.completion.chunk"},
             {"choices", nlohmann::json::array({{{"index", 0}, {"delta", {{"content", piece}}}}})}}
             .dump() +
         "\n\n";
}

class FakeLlmServer {
 public:
  FakeLlmServer()
      : server_([this](httplib::Server& s) {
          s.Post("/v1/chat/completions",
                 [this](const httplib::Request& req, httplib::Response& res) { Answer(req, res); });
        }) {}
  ~FakeLlmServer() { Release(); }
  FakeLlmServer(const FakeLlmServer&) = delete;
  FakeLlmServer& operator=(const FakeLlmServer&) = delete;

  //! Answer with `body` (a completion, or anything) and `status`.
  void Reply(std::string body, int status = 200) {
    std::lock_guard lock(mu_);
    body_ = std::move(body);
    status_ = status;
    frames_.clear();
  }
  //! Answer with a stream whose chunks carry `pieces`, then [DONE].
  void Stream(const std::vector<std::string>& pieces) {
    std::vector<std::string> frames;
    for (const auto& piece : pieces) frames.push_back(ChatChunkFrame(piece));
    frames.push_back("data: [DONE]\n\n");
    StreamFrames(std::move(frames));
  }
  //! Answer with a stream of these frames, written as they are.
  void StreamFrames(std::vector<std::string> frames) {
    std::lock_guard lock(mu_);
    frames_ = std::move(frames);
  }
  //! A stream stops after `frames` frames until Release() (or the server is destroyed).
  void StallStreamAfter(size_t frames) {
    std::lock_guard lock(mu_);
    stall_after_ = frames;
    stalled_ = true;
  }
  //! The reply waits, before anything is sent, until Release().
  void Hang() {
    std::lock_guard lock(mu_);
    hang_ = true;
  }
  void Release() {
    {
      std::lock_guard lock(mu_);
      hang_ = false;
      stalled_ = false;
    }
    released_.notify_all();
  }
  //! Blocks until a stream has stalled (its first frames are on the wire).
  void WaitUntilStalled() {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return waiting_in_stall_; });
  }

  std::vector<nlohmann::json> requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }
  std::string authorization() {
    std::lock_guard lock(mu_);
    return authorization_;
  }
  //! The API base to configure: "http://127.0.0.1:<port>/v1".
  std::string url() const { return server_.Url("/v1"); }

 private:
  void Answer(const httplib::Request& req, httplib::Response& res) {
    std::unique_lock lock(mu_);
    requests_.push_back(nlohmann::json::parse(req.body, nullptr, false));
    authorization_ = req.get_header_value("Authorization");
    released_.wait(lock, [&] { return !hang_; });
    res.status = status_;
    if (frames_.empty()) {
      res.set_content(body_, "application/json");
      return;
    }
    res.set_chunked_content_provider(
        "text/event-stream",
        [this, frames = frames_, stall_after = stall_after_](size_t, httplib::DataSink& sink) {
          for (size_t i = 0; i < frames.size(); ++i) {
            if (i == stall_after) {
              std::unique_lock wait(mu_);
              waiting_in_stall_ = true;
              changed_.notify_all();
              released_.wait(wait, [&] { return !stalled_; });
              waiting_in_stall_ = false;
            }
            if (!sink.write(frames[i].data(), frames[i].size())) return false;
          }
          sink.done();
          return true;
        });
  }

  std::mutex mu_;
  std::condition_variable released_;
  std::condition_variable changed_;
  std::string body_;
  int status_ = 200;
  bool hang_ = false;
  std::vector<std::string> frames_;
  size_t stall_after_ = SIZE_MAX;
  bool stalled_ = false;
  bool waiting_in_stall_ = false;
  std::vector<nlohmann::json> requests_;
  std::string authorization_;
  LoopbackServer server_;  // last: stops before the state above goes
};

}  // namespace evident::testing
