#include "server/answer_service.h"

#include <cassert>
#include <numeric>

namespace evident {

AnswerServicePool::AnswerServicePool(AnswerServiceFactory factory, int size)
    : factory_(std::move(factory)), slots_(static_cast<size_t>(size < 1 ? 1 : size)) {
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
  {
    std::unique_lock lock(mu_);
    if (!freed_.wait_for(lock, wait, [&] { return !free_.empty(); })) {
      return Status::Unavailable("all " + std::to_string(slots_.size()) +
                                 " answer engines are busy");
    }
    slot = free_.back();
    free_.pop_back();
  }
  // The slot is ours alone now: create its service outside the lock.
  if (slots_[slot] == nullptr) {
    auto made = factory_();
    if (!made.ok()) {
      Release(slot);
      return made.status();
    }
    slots_[slot] = std::move(*made);
  }
  return Lease(this, slot);
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
