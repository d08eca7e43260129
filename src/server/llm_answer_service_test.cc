#include "server/llm_answer_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>

#include "answer/fake_llm_server.h"
#include "common/testing.h"
#include "net/loopback_server.h"
#include "server/http_server.h"
#include "server/server_sent_events.h"

namespace evident {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

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

AnswerServiceFactory OneArticleFactory(const std::string& db) {
  return [db]() -> Result<std::unique_ptr<AnswerService>> {
    auto store = OpenStore(db);
    if (!store.ok()) return store.status();
    return std::unique_ptr<AnswerService>(std::make_unique<OneArticleService>(std::move(*store)));
  };
}

class LlmAnswerServiceTest : public ::testing::Test {
 protected:
  std::unique_ptr<AnswerService> Service(const std::string& reply) {
    reply_ = reply;
    LlmOptions options;
    options.url = llm_.Url("/v1");
    options.model = "m";
    std::string db = evident::testing::TempDir() + "/evident.db";
    auto factory =
        WithLlmComposer(OneArticleFactory(db), options,
                        [this](const ComposerReport& report) { reports_.push_back(report); });
    auto service = factory();
    EXPECT_TRUE(service.ok()) << service.status().ToString();
    return service.ok() ? std::move(*service) : nullptr;
  }

  std::string reply_;
  std::vector<ComposerReport> reports_;
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

// `evident serve --composer llm` on loopback, over the one-article engine and a fake model:
// what the page and API clients see.
class LlmServerTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(); }
  void TearDown() override {
    llm_.Release();
    StopServer();
  }

  void Start(int llm_timeout_ms = 5000) {
    LlmOptions llm;
    llm.url = llm_.url();
    llm.model = "m";
    llm.stream = true;  // as serve sets it
    llm.timeout_ms = llm_timeout_ms;
    ServerOptions options;
    options.port = 0;
    options.engines = 2;
    options.stream_drafts = true;
    options.stream_limit_s = 60;
    options.clock_s = [this] { return now_s_.load(); };
    options.access_log = [](std::string_view) {};
    server_ = std::make_unique<HttpServer>(
        options, WithLlmComposer(OneArticleFactory(testing::TempDir() + "/evident.db"), llm));
    ASSERT_TRUE(server_->Bind().ok());
    thread_ = std::thread([this] { served_ = server_->Serve(); });
  }
  void StopServer() {
    if (!server_) return;
    server_->Stop();
    thread_.join();
    server_.reset();
  }
  httplib::Client Client() {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(20, 0);
    return c;
  }
  // The events of the answer stream for `question`.
  std::vector<ServerSentEvent> Stream(const std::string& question) {
    auto r = Client().Get(
        ("/api/ask/stream?question=" + httplib::detail::encode_query_param(question)).c_str());
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->status, 200) << r->body;
    EXPECT_THAT(r->get_header_value("Content-Type"), HasSubstr("text/event-stream"));
    return ParseEventStream(r->body);
  }
  static std::vector<std::string> Names(const std::vector<ServerSentEvent>& events) {
    std::vector<std::string> names;
    for (const auto& e : events) names.push_back(e.event);
    return names;
  }
  static std::string Draft(const std::vector<ServerSentEvent>& events) {
    std::string draft;
    for (const auto& e : events) {
      if (e.event == "delta") draft += json::parse(e.data)["text"].get<std::string>();
    }
    return draft;
  }
  // The article of the stream's last event, which must be one.
  static json ArticleOf(const std::vector<ServerSentEvent>& events) {
    EXPECT_FALSE(events.empty());
    if (events.empty()) return json::object();
    EXPECT_EQ(events.back().event, "article") << events.back().data;
    return json::parse(events.back().data, nullptr, false);
  }

  testing::FakeLlmServer llm_;
  std::atomic<int64_t> now_s_{1'700'000'000};
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  Status served_;
};

const char* kFaithfulPieces[] = {"177Lu-Dotatate resulted in longer ",
                                 "progression-free survival than high-dose octreotide LAR [1]."};

TEST_F(LlmServerTest, AFaithfulDraftStreamsThenTheVerifiedArticleReplacesIt) {
  llm_.Stream({kFaithfulPieces[0], kFaithfulPieces[1]});
  auto events = Stream("Lu-177?");
  EXPECT_EQ(Names(events),
            (std::vector<std::string>{"progress", "progress", "delta", "delta", "article"}));
  EXPECT_EQ(json::parse(events[0].data)["stage"], "retrieving");
  EXPECT_EQ(json::parse(events[1].data)["stage"], "composing");
  EXPECT_EQ(Draft(events), std::string(kFaithfulPieces[0]) + kFaithfulPieces[1]);
  EXPECT_EQ(llm_.requests().at(0)["stream"], true);
  json article = ArticleOf(events);
  json composer = article["composer"];
  EXPECT_EQ(composer["composer"], "llm");
  EXPECT_EQ(composer["model"], "m");
  EXPECT_EQ(composer["fallback"], false);
  EXPECT_EQ(composer["reply_sentences"], 1);
  EXPECT_EQ(composer["kept"], 1);
  EXPECT_EQ(composer["dropped"], 0);
  EXPECT_EQ(article["sections"][0]["blocks"][0]["text"],
            "177Lu-Dotatate resulted in longer progression-free survival than high-dose "
            "octreotide LAR.");
  // Saved with its report: the article page and the API show the verified article.
  auto saved = Client().Get(("/api/articles/" + article["slug"].get<std::string>()).c_str());
  ASSERT_TRUE(saved);
  EXPECT_EQ(json::parse(saved->body)["composer"], composer);
}

TEST_F(LlmServerTest, AnInventedNumberInTheDraftIsDroppedFromTheArticleAndReported) {
  llm_.Stream({kFaithfulPieces[0], kFaithfulPieces[1], " It cures 90% of patients [1]."});
  auto events = Stream("Lu-177?");
  EXPECT_THAT(Draft(events), HasSubstr("90%"));  // the draft showed it, unverified
  json article = ArticleOf(events);
  json composer = article["composer"];
  EXPECT_EQ(composer["composer"], "llm");
  EXPECT_EQ(composer["kept"], 1);
  EXPECT_GT(composer["dropped"].get<int>(), 0);
  EXPECT_THAT(composer["dropped_sentences"][0]["text"].get<std::string>(), HasSubstr("90%"));
  EXPECT_THAT(composer["dropped_sentences"][0]["reason"].get<std::string>(), HasSubstr("90"));
  EXPECT_THAT(article["sections"].dump(), ::testing::Not(HasSubstr("90%")));
}

TEST_F(LlmServerTest, ADraftThatStallsPastTheTimeoutEndsWithTheExtractiveArticle) {
  StopServer();
  Start(/*llm_timeout_ms=*/300);
  llm_.Stream({kFaithfulPieces[0], kFaithfulPieces[1]});
  llm_.StallStreamAfter(1);
  auto events = Stream("Lu-177?");
  EXPECT_EQ(Draft(events), kFaithfulPieces[0]);
  json composer = ArticleOf(events)["composer"];
  EXPECT_EQ(composer["composer"], "extractive");
  EXPECT_EQ(composer["fallback"], true);
  EXPECT_THAT(composer["fallback_reason"].get<std::string>(), HasSubstr("the reply broke off"));
  EXPECT_EQ(ArticleOf(events)["sections"][0]["blocks"][0]["text"], kEvidence);
}

TEST_F(LlmServerTest, AMalformedDraftEndsWithTheExtractiveArticle) {
  llm_.StreamFrames({testing::ChatChunkFrame(kFaithfulPieces[0]), "data: {\"choices\": 7}\n\n"});
  json composer = ArticleOf(Stream("Lu-177?"))["composer"];
  EXPECT_EQ(composer["fallback"], true);
  EXPECT_THAT(composer["fallback_reason"].get<std::string>(), HasSubstr("malformed stream chunk"));
}

TEST_F(LlmServerTest, AnUnreachableModelEndsWithTheExtractiveArticle) {
  llm_.Reply("overloaded", 503);
  json composer = ArticleOf(Stream("Lu-177?"))["composer"];
  EXPECT_EQ(composer["composer"], "extractive");
  EXPECT_THAT(composer["fallback_reason"].get<std::string>(), HasSubstr("HTTP 503"));
}

TEST_F(LlmServerTest, ApiAskCarriesTheComposerReport) {
  llm_.Stream({kFaithfulPieces[0], kFaithfulPieces[1], " It cures 90% of patients [1]."});
  auto r = Client().Post("/api/ask", json{{"question", "Lu-177?"}}.dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json composer = json::parse(r->body)["composer"];
  for (const char* key : {"composer", "model", "fallback", "reply_sentences", "kept", "dropped",
                          "dropped_sentences"}) {
    EXPECT_TRUE(composer.contains(key)) << key;
  }
  EXPECT_EQ(composer["kept"], 1);
  EXPECT_EQ(composer["dropped"], 1);
}

TEST_F(LlmServerTest, ADraftGoingOnPastTheStreamLimitIsCutShort) {
  llm_.Stream({kFaithfulPieces[0], kFaithfulPieces[1]});
  llm_.StallStreamAfter(1);
  auto stream = std::async(std::launch::async, [this] { return Stream("Lu-177?"); });
  llm_.WaitUntilStalled();
  now_s_ += 61;  // past stream_limit_s on the server's clock
  llm_.Release();
  json composer = ArticleOf(stream.get())["composer"];
  EXPECT_EQ(composer["fallback"], true);
  EXPECT_THAT(composer["fallback_reason"].get<std::string>(),
              HasSubstr("the draft took longer than 60 s"));
}

TEST_F(LlmServerTest, TheServerKeepsServingWithAStreamOpenAndStopsGracefully) {
  llm_.Stream({kFaithfulPieces[0], kFaithfulPieces[1]});
  llm_.StallStreamAfter(1);
  auto stream = std::async(std::launch::async, [this] { return Stream("Lu-177?"); });
  llm_.WaitUntilStalled();
  auto health = Client().Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  server_->Stop();  // the stream is open: its draft is cut short at its next piece
  llm_.Release();
  auto events = stream.get();
  json composer = ArticleOf(events)["composer"];
  EXPECT_EQ(composer["composer"], "extractive");
  EXPECT_THAT(composer["fallback_reason"].get<std::string>(),
              HasSubstr("the server is shutting down"));
  thread_.join();
  server_.reset();
  EXPECT_TRUE(served_.ok());
}

}  // namespace
}  // namespace evident
