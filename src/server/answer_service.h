// AnswerService: what the server needs from the engine for one request — compose an article,
// search the corpus, and the store that saves articles and conversations. It is the seam that
// keeps the HTTP layer testable: the server is given a factory, and tests pass either the real
// engine over the shared corpus index or a small service of their own.
//
// Thread-safety: an AnswerService is used by one thread at a time (the composer, searcher and
// store connection inside it are not thread-safe). The server keeps a pool of them
// (AnswerServicePool), as many as it runs requests at once, all over one shared IndexReader.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "answer/answer_composer.h"
#include "answer/article.h"
#include "common/status.h"
#include "index/index_reader.h"
#include "rank/searcher.h"
#include "store/store.h"

namespace evident {

//! What an answer streamed to the page reports while it is composed (GET /api/ask/stream).
struct AskProgress {
  //! A stage begins: "composing" when a language model starts writing the draft.
  std::function<void(const std::string& stage)> on_stage;
  //! Each piece of the model's draft as it arrives, unverified (DraftObserver: a status that is
  //! not OK stops the draft and the answer falls back to the extractive article).
  std::function<Status(std::string_view piece)> on_draft;
};

class AnswerService {
 public:
  virtual ~AnswerService() = default;

  //! Composes the article for `request` (AnswerComposer::Ask).
  virtual Result<Article> Ask(const AskRequest& request) = 0;
  //! Ask, reporting `progress` on the way. Services without a draft to show only answer.
  virtual Result<Article> AskWithProgress(const AskRequest& request,
                                          const AskProgress& /*progress*/) {
    return Ask(request);
  }
  //! The best `k` documents for `query`, with titles and snippets.
  virtual Result<std::vector<SearchHit>> Search(const std::string& query, int k) = 0;
  //! Where articles and conversations are saved; this service's own connection.
  virtual Store& store() = 0;
  //! The index generation answers come from, recorded with each article version.
  virtual std::string index_generation() const { return ""; }
};

//! Makes one AnswerService; called once per pool slot, lazily, from the thread that needs it.
using AnswerServiceFactory = std::function<Result<std::unique_ptr<AnswerService>>()>;

//! The real engine: each service opens its own connection to the store at `store_location`
//! (with its state at `state_location` when that is given: OpenStore(corpus, state)) and owns an
//! AnswerComposer and a full-mode Searcher over the shared `index`, which is the generation
//! named `index_generation`.
AnswerServiceFactory EngineAnswerServiceFactory(std::shared_ptr<const IndexReader> index,
                                                std::string store_location,
                                                ComposerOptions composer_options = {},
                                                std::string state_location = "",
                                                std::string index_generation = "");

//! A fixed number of AnswerServices shared by the server's threads: a request borrows one for
//! its duration. Services are created on first need, so a pool costs nothing until used.
//! Replace swaps the factory (a new index generation) without stopping: requests in flight finish
//! on the service they hold, and every slot gets a service from the new factory when it is next
//! lent out. Thread-safety: thread-safe.
class AnswerServicePool {
 public:
  class Lease {
   public:
    Lease(AnswerServicePool* pool, size_t slot) : pool_(pool), slot_(slot) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), slot_(other.slot_) {
      other.pool_ = nullptr;
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    AnswerService& operator*() const;
    AnswerService* operator->() const { return &**this; }

   private:
    AnswerServicePool* pool_;
    size_t slot_;
  };

  AnswerServicePool(AnswerServiceFactory factory, int size);

  //! A free service, waiting at most `wait` for one; Unavailable when none came free in time
  //! (the server answers 503), or the factory's error.
  Result<Lease> Acquire(std::chrono::milliseconds wait);

  //! From now on services come from `factory`. Idle services of the old factory are dropped at
  //! once (releasing what they hold, such as an old index); lent ones when they come back.
  void Replace(AnswerServiceFactory factory);

  int size() const { return static_cast<int>(slots_.size()); }
  //! How many services are lent out right now.
  int in_use() const;
  //! How many times Replace was called.
  int64_t replacements() const;

 private:
  void Release(size_t slot);

  mutable std::mutex mu_;
  AnswerServiceFactory factory_;  // guarded by mu_
  int64_t epoch_ = 0;             // guarded by mu_: Replace calls so far
  std::condition_variable freed_;
  // A slot's service and the epoch of the factory that made it: the slot's own while lent out,
  // else guarded by mu_.
  std::vector<std::unique_ptr<AnswerService>> slots_;
  std::vector<int64_t> slot_epochs_;
  std::vector<size_t> free_;  // guarded by mu_: indices of slots not lent out
};

}  // namespace evident
