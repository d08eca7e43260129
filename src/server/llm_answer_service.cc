#include "server/llm_answer_service.h"

namespace evident {

namespace {

class LlmAnswerService : public AnswerService {
 public:
  LlmAnswerService(std::unique_ptr<AnswerService> inner, const LlmOptions& options,
                   const std::function<void(const ComposerReport&)>& on_report)
      : inner_(std::move(inner)),
        composer_(options, PassageTextsFrom(&inner_->store())),
        on_report_(on_report) {}

  Result<Article> Ask(const AskRequest& request) override { return AskWithProgress(request, {}); }

  Result<Article> AskWithProgress(const AskRequest& request, const AskProgress& progress) override {
    auto article = inner_->Ask(request);
    if (!article.ok()) return article;
    if (progress.on_stage) progress.on_stage("composing");
    Article rewritten = composer_.Rewrite(*article, progress.on_draft);
    if (on_report_) on_report_(rewritten.composer);
    return rewritten;
  }

  Result<std::vector<SearchHit>> Search(const std::string& query, int k) override {
    return inner_->Search(query, k);
  }

  Store& store() override { return inner_->store(); }
  std::string index_generation() const override { return inner_->index_generation(); }

 private:
  std::unique_ptr<AnswerService> inner_;
  LlmComposer composer_;
  std::function<void(const ComposerReport&)> on_report_;
};

}  // namespace

AnswerServiceFactory WithLlmComposer(AnswerServiceFactory inner, LlmOptions options,
                                     std::function<void(const ComposerReport&)> on_report) {
  return [inner = std::move(inner), options = std::move(options),
          on_report = std::move(on_report)]() -> Result<std::unique_ptr<AnswerService>> {
    auto service = inner();
    if (!service.ok()) return service.status();
    return std::unique_ptr<AnswerService>(
        std::make_unique<LlmAnswerService>(std::move(*service), options, on_report));
  };
}

}  // namespace evident
