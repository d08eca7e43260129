#include "server/llm_answer_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing.h"
#include "net/loopback_server.h"

namespace evident {
namespace {

using nlohmann::json;

const char* kEvidence =
    "Treatment with 177Lu-Dotatate resulted in markedly longer "
    "progression-free survival than high-dose octreotide LAR.";

// An engine stand-in: one extractive article whose one evidence sentence cites [1].
class OneArticleService : public AnswerService {
 public:
  explicit OneArticleService(std::unique_ptr<Store> store) : store_(std::move(store)) {}
  Result<Article> Ask(const AskRequest& request) override {
    Article a;
    a.question = request.question;
    a.audience = "physician";
    a.answerable = true;
    a.sections = {{"From the Research",
                   {{ArticleBlock::Kind::kBullet, "", kEvidence, {1}, "pmid:28076709#1"}}}};
    ArticleReference r;
    r.n = 1;
    r.id = "pmid:28076709";
    a.references = {r};
    return a;
  }
  Result<std::vector<SearchHit>> Search(const std::string&, int) override {
    ++searches;
    return std::vector<SearchHit>{};
  }
  Store& store() override { return *store_; }
  int searches = 0;

 private:
  std::unique_ptr<Store> store_;
};

class LlmAnswerServiceTest : public ::testing::Test {
 protected:
  std::unique_ptr<AnswerService> Service(const std::string& reply) {
    reply_ = reply;
    LlmOptions options;
    options.url = llm_.Url("/v1");
    options.model = "m";
    std::string db = evident::testing::TempDir() + "/evident.db";
    auto factory = WithLlmComposer(
        [db]() -> Result<std::unique_ptr<AnswerService>> {
          auto store = OpenStore(db);
          if (!store.ok()) return store.status();
          return std::unique_ptr<AnswerService>(
              std::make_unique<OneArticleService>(std::move(*store)));
        },
        options, [this](const LlmReport& report) { reports_.push_back(report); });
    auto service = factory();
    EXPECT_TRUE(service.ok()) << service.status().ToString();
    return service.ok() ? std::move(*service) : nullptr;
  }

  std::string reply_;
  std::vector<LlmReport> reports_;
  evident::testing::LoopbackServer llm_{[this](httplib::Server& s) {
    s.Post("/v1/chat/completions", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(json{{"choices", json::array({{{"message", {{"content", reply_}}}}})}}.dump(),
                      "application/json");
    });
  }};
};

TEST_F(LlmAnswerServiceTest, AnswersWithTheVerifiedRewrite) {
  auto service = Service(
      "177Lu-Dotatate resulted in longer progression-free survival than high-dose octreotide "
      "LAR [1].");
  ASSERT_NE(service, nullptr);
  AskRequest request;
  request.question = "Lu-177?";
  auto article = service->Ask(request);
  ASSERT_TRUE(article.ok());
  ASSERT_EQ(article->sections.size(), 1u);
  EXPECT_EQ(article->sections[0].blocks[0].text,
            "177Lu-Dotatate resulted in longer progression-free survival than high-dose "
            "octreotide LAR.");
  ASSERT_EQ(reports_.size(), 1u);
  EXPECT_EQ(reports_[0].composer, "llm");
  ASSERT_TRUE(service->Search("x", 5).ok());
  EXPECT_EQ(dynamic_cast<OneArticleService*>(&*service), nullptr);  // wrapped
}

TEST_F(LlmAnswerServiceTest, AnUnsupportedReplyLeavesTheEnginesArticle) {
  auto service = Service("177Lu-Dotatate cures 90% of patients [1].");
  ASSERT_NE(service, nullptr);
  AskRequest request;
  request.question = "Lu-177?";
  auto article = service->Ask(request);
  ASSERT_TRUE(article.ok());
  EXPECT_EQ(article->sections[0].blocks[0].text, kEvidence);
  ASSERT_EQ(reports_.size(), 1u);
  EXPECT_EQ(reports_[0].composer, "extractive");
  EXPECT_THAT(reports_[0].fallback_reason, ::testing::HasSubstr("0 of 1"));
}

}  // namespace
}  // namespace evident
