#include "server/answer_service.h"

#include <cassert>
#include <numeric>

namespace evident {

AnswerServicePool::AnswerServicePool(AnswerServiceFactory factory, int size)
    : factory_(std::move(factory)), slots_(static_cast<size_t>(size < 1 ? 1 : size)) {
  slot_epochs_.assign(slots_.size(), 0);
  free_.resize(slots_.size());
  // Hand out low slots first so that a lightly loaded server creates few services.
  std::iota(free_.rbegin(), free_.rend(), size_t{0});
}

AnswerServicePool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->Release(slot_);
}

AnswerService& AnswerServicePool::Lease::operator*() const {
  assert(pool_ != nullptr);
  return *pool_->slots_[slot_];
}

Result<AnswerServicePool::Lease> AnswerServicePool::Acquire(std::chrono::milliseconds wait) {
  size_t slot;
  AnswerServiceFactory factory;
  int64_t epoch;
  {
    std::unique_lock lock(mu_);
    if (!freed_.wait_for(lock, wait, [&] { return !free_.empty(); })) {
      return Status::Unavailable("all " + std::to_string(slots_.size()) +
                                 " answer engines are busy");
    }
    slot = free_.back();
    free_.pop_back();
    epoch = epoch_;
    if (slots_[slot] == nullptr || slot_epochs_[slot] != epoch) factory = factory_;
  }
  // The slot is ours alone now: create (or renew) its service outside the lock. A service the
  // factory cannot make leaves the slot as it was, so an old service keeps serving until a new
  // one can be made.
  if (factory) {
    auto made = factory();
    if (!made.ok()) {
      if (slots_[slot] == nullptr) {
        Release(slot);
        return made.status();
      }
    } else {
      slots_[slot] = std::move(*made);
      slot_epochs_[slot] = epoch;
    }
  }
  return Lease(this, slot);
}

void AnswerServicePool::Replace(AnswerServiceFactory factory) {
  std::vector<std::unique_ptr<AnswerService>> dropped;
  {
    std::lock_guard lock(mu_);
    factory_ = std::move(factory);
    ++epoch_;
    for (size_t slot : free_) {
      if (slots_[slot] != nullptr) dropped.push_back(std::move(slots_[slot]));
    }
  }
  // `dropped` is destroyed here, outside the lock.
}

int64_t AnswerServicePool::replacements() const {
  std::lock_guard lock(mu_);
  return epoch_;
}

int AnswerServicePool::in_use() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(slots_.size() - free_.size());
}

void AnswerServicePool::Release(size_t slot) {
  {
    std::lock_guard lock(mu_);
    free_.push_back(slot);
  }
  freed_.notify_one();
}

}  // namespace evident
