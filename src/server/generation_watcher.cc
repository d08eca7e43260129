#include "server/generation_watcher.h"

namespace evident {

GenerationWatcher::GenerationWatcher(std::string serving, Probe probe, Switch on_change,
                                     ErrorSink on_error)
    : probe_(std::move(probe)),
      on_change_(std::move(on_change)),
      on_error_(std::move(on_error)),
      serving_(std::move(serving)) {}

GenerationWatcher::~GenerationWatcher() { Stop(); }

Status GenerationWatcher::Check() {
  std::lock_guard check(check_mu_);
  auto wanted = probe_();
  if (!wanted.ok()) {
    Status failed = wanted.status().WithContext("looking for a new index generation");
    Report(failed);
    return failed;
  }
  if (*wanted == serving()) {
    last_error_.clear();
    return Status::OK();
  }
  Status switched = on_change_(*wanted);
  if (!switched.ok()) {
    Status failed = switched.WithContext("switching to index generation " + *wanted);
    Report(failed);
    return failed;
  }
  last_error_.clear();
  std::lock_guard lock(mu_);
  serving_ = *wanted;
  ++switches_;
  return Status::OK();
}

void GenerationWatcher::Report(const Status& status) {
  if (status.message() == last_error_) return;
  last_error_ = status.message();
  if (on_error_) on_error_(status);
}

std::string GenerationWatcher::serving() const {
  std::lock_guard lock(mu_);
  return serving_;
}

int GenerationWatcher::switches() const {
  std::lock_guard lock(mu_);
  return switches_;
}

void GenerationWatcher::Start(std::chrono::milliseconds interval) {
  Stop();
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this, interval] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      auto woken = [this] { return stopping_ || poked_; };
      if (interval.count() > 0) {
        wake_.wait_for(lock, interval, woken);
      } else {
        wake_.wait(lock, woken);
      }
      if (stopping_) break;
      poked_ = false;
      lock.unlock();
      Check();  // errors went to the sink; the old generation keeps serving
      lock.lock();
    }
  });
}

void GenerationWatcher::Poke() {
  {
    std::lock_guard lock(mu_);
    poked_ = true;
  }
  wake_.notify_all();
}

void GenerationWatcher::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace evident
