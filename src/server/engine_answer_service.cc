// The real AnswerService: the engine's composer and searcher over the shared index (declared in
// answer_service.h; a file of its own so that tests of the server alone need not link the
// composer).
#include "server/answer_service.h"

namespace evident {

namespace {

class EngineAnswerService : public AnswerService {
 public:
  EngineAnswerService(const std::shared_ptr<const IndexReader>& index, std::unique_ptr<Store> store,
                      const ComposerOptions& options, std::string generation)
      : store_(std::move(store)),
        searcher_(index, store_.get()),
        composer_(index, store_.get(), options),
        generation_(std::move(generation)) {}

  Result<Article> Ask(const AskRequest& request) override { return composer_.Ask(request); }

  Result<std::vector<SearchHit>> Search(const std::string& query, int k) override {
    SearchOptions options;
    options.k = k;
    return searcher_.Search(query, options);
  }

  Store& store() override { return *store_; }
  std::string index_generation() const override { return generation_; }

 private:
  std::unique_ptr<Store> store_;
  Searcher searcher_;
  AnswerComposer composer_;
  std::string generation_;
};

}  // namespace

AnswerServiceFactory EngineAnswerServiceFactory(std::shared_ptr<const IndexReader> index,
                                                std::string store_location,
                                                ComposerOptions composer_options,
                                                std::string state_location,
                                                std::string index_generation) {
  return [index = std::move(index), location = std::move(store_location),
          options = std::move(composer_options), state = std::move(state_location),
          generation = std::move(index_generation)]() -> Result<std::unique_ptr<AnswerService>> {
    auto store = OpenStore(location, state);
    if (!store.ok()) return store.status().WithContext("opening store " + location);
    return std::unique_ptr<AnswerService>(
        std::make_unique<EngineAnswerService>(index, std::move(*store), options, generation));
  };
}

}  // namespace evident
