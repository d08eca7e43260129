// GenerationWatcher: notices that another index generation was committed (an `evident ingest`
// run beside the server) and has the server switch to it, without a restart and without
// refusing a request (HttpServer::SwapIndex). It looks every `interval`, and at once when poked
// (`evident serve` pokes it on SIGHUP).
//
// A failed look or switch (the store busy, the new index unreadable) leaves the old generation
// serving; the next look tries again. The same error is reported once, not at every look.
//
// Thread-safety: thread-safe; `probe` and `on_change` are called from one thread at a time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "common/status.h"

namespace evident {

class GenerationWatcher {
 public:
  //! The generation that should serve now (e.g. ServingGeneration of the data directory).
  using Probe = std::function<Result<std::string>()>;
  //! Starts serving `generation`.
  using Switch = std::function<Status(const std::string& generation)>;
  //! Told of each new error (not repeated while the same error persists).
  using ErrorSink = std::function<void(const Status&)>;

  GenerationWatcher(std::string serving, Probe probe, Switch on_change, ErrorSink on_error);
  ~GenerationWatcher();
  GenerationWatcher(const GenerationWatcher&) = delete;
  GenerationWatcher& operator=(const GenerationWatcher&) = delete;

  //! One look: switches if the probe names a generation other than the one serving. Returns
  //! the probe's or the switch's error (also given to the error sink).
  Status Check();
  //! The generation serving now.
  std::string serving() const;
  //! How many switches succeeded.
  int switches() const;

  //! Looks every `interval` (0: only when poked) on a thread of its own until Stop (or
  //! destruction).
  void Start(std::chrono::milliseconds interval);
  //! Makes the watching thread look now rather than at the end of its interval.
  void Poke();
  //! Stops the watching thread; returns once it has ended. Idempotent.
  void Stop();

 private:
  void Report(const Status& status);

  Probe probe_;
  Switch on_change_;
  ErrorSink on_error_;
  std::mutex check_mu_;  // one look at a time
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::string serving_;     // guarded by mu_
  int switches_ = 0;        // guarded by mu_
  std::string last_error_;  // guarded by check_mu_
  bool poked_ = false;      // guarded by mu_
  bool stopping_ = false;   // guarded by mu_
  std::thread thread_;
};

}  // namespace evident
