#include "server/http_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <future>
#include <map>
#include <mutex>
#include <regex>
#include <thread>

#include "common/testing.h"
#include "server/cookie_jar.h"
#include "server/fake_answer_service.h"
#include "server/password_hasher.h"
#include "server/server_sent_events.h"
#include "server/tidy_check.h"

namespace evident {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

using testing::kSeed;

// The server over FakeAnswerServices, on a free loopback port, serving from a thread.
class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override { Start({}); }
  void TearDown() override { StopServer(); }

  void Start(ServerOptions options) {
    options.bind_address = "127.0.0.1";
    options.port = 0;
    options.engines = 2;
    options.index_generation = "gen-000007";
    options.documents = 42;
    options.access_log = [this](std::string_view line) {
      std::lock_guard lock(log_mu_);
      log_.emplace_back(line);
    };
    store_path_ = testing::TempDir() + "/evident.db";
    server_ = std::make_unique<HttpServer>(options,
                                           testing::FakeAnswerServiceFactory(store_path_, &stats_));
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
  httplib::Result PostJson(const std::string& path, const std::string& body) {
    return Client().Post(path.c_str(), body, "application/json");
  }
  json Json(const httplib::Result& r) {
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_THAT(r->get_header_value("Content-Type"), HasSubstr("application/json"));
    return json::parse(r->body, nullptr, false);
  }
  // A 4xx with the JSON error body, and the server still healthy afterwards.
  void ExpectJsonError(const httplib::Result& r, int status, const std::string& code) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    json body = Json(r);
    EXPECT_EQ(body["error"]["code"], code) << r->body;
    EXPECT_TRUE(body["error"]["message"].is_string());
    auto health = Client().Get("/healthz");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
  }
  std::vector<std::string> Log() {
    std::lock_guard lock(log_mu_);
    return log_;
  }

  testing::FakeAnswerStats stats_;
  std::string store_path_;  // the server's store
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  Status served_;
  std::mutex log_mu_;
  std::vector<std::string> log_;
};

TEST_F(HttpServerTest, ApiAskAnswersAndTheSameQuestionGetsTheSameArticle) {
  auto r = PostJson("/api/ask", json{{"question", kSeed}}.dump());
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  json a = Json(r);
  EXPECT_EQ(a["slug"], "role-of-lu-177-dotatate-in-liver-metastases");
  EXPECT_EQ(a["audience"], "physician");
  EXPECT_EQ(a["sections"][0]["heading"], "From the Guidelines");
  EXPECT_TRUE(a["conversation_id"].is_string());
  auto again = Json(PostJson(
      "/api/ask",
      json{{"question", "what is the role of lu-177 dotatate in liver metastases"}}.dump()));
  EXPECT_EQ(again["slug"], a["slug"]);
  EXPECT_EQ(again["sections"], a["sections"]);
  EXPECT_EQ(stats_.asks, 1);
}

TEST_F(HttpServerTest, ApiFollowUpContinuesTheConversation) {
  json first = Json(PostJson("/api/ask", json{{"question", kSeed}}.dump()));
  json follow = Json(PostJson("/api/ask", json{{"question", "What about kidney toxicity?"},
                                               {"conversation_id", first["conversation_id"]}}
                                              .dump()));
  EXPECT_EQ(follow["conversation_id"], first["conversation_id"]);
  EXPECT_THAT(follow["resolved_question"].get<std::string>(), HasSubstr("Lu-177 DOTATATE"));
}

TEST_F(HttpServerTest, ApiAskSaysWhichComposerWroteTheArticle) {
  json a = Json(PostJson("/api/ask", json{{"question", kSeed}}.dump()));
  EXPECT_EQ(a["composer"], json({{"composer", "extractive"}}));
  // The same from the store, for a saved article.
  json saved = Json(Client().Get(("/api/articles/" + a["slug"].get<std::string>()).c_str()));
  EXPECT_EQ(saved["composer"], json({{"composer", "extractive"}}));
}

TEST_F(HttpServerTest, TheExtractiveAnswerStreamSendsTheArticle) {
  httplib::Headers headers = {{"Accept-Encoding", "gzip, br"}};
  auto r = Client().Get(
      ("/api/ask/stream?question=" + httplib::detail::encode_query_param(kSeed)).c_str(), headers);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(r->get_header_value("Content-Type"), HasSubstr("text/event-stream"));
  EXPECT_EQ(r->get_header_value("Content-Encoding"), "");  // events go out as they come
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
  auto events = ParseEventStream(r->body);
  ASSERT_EQ(events.size(), 2u) << r->body;
  EXPECT_EQ(events[0].event, "progress");
  EXPECT_EQ(json::parse(events[0].data)["stage"], "retrieving");
  EXPECT_EQ(events[1].event, "article");
  json article = json::parse(events[1].data);
  EXPECT_EQ(article["slug"], "role-of-lu-177-dotatate-in-liver-metastases");
  EXPECT_EQ(article["composer"], json({{"composer", "extractive"}}));
  // The conversation is the cookie's, so that the article page continues it.
  EXPECT_THAT(r->get_header_value("Set-Cookie"),
              HasSubstr("evident_conversation=" + article["conversation_id"].get<std::string>()));
  // Saved like any answer.
  EXPECT_EQ(Json(PostJson("/api/ask", json{{"question", kSeed}}.dump()))["slug"], article["slug"]);
  EXPECT_EQ(stats_.asks, 1);
}

TEST_F(HttpServerTest, AFollowUpStreamedOnAnArticlePageContinuesItsConversation) {
  json first = Json(PostJson("/api/ask", json{{"question", kSeed}}.dump()));
  auto r = Client().Get(
      ("/api/ask/stream?question=What%20about%20kidney%20toxicity%3F&audience=nurse&context=" +
       first["slug"].get<std::string>() +
       "&conversation_id=" + first["conversation_id"].get<std::string>())
          .c_str());
  ASSERT_TRUE(r);
  auto events = ParseEventStream(r->body);
  ASSERT_FALSE(events.empty());
  ASSERT_EQ(events.back().event, "article") << r->body;
  json follow = json::parse(events.back().data);
  EXPECT_EQ(follow["conversation_id"], first["conversation_id"]);
  EXPECT_EQ(follow["audience"], "nurse");
  EXPECT_THAT(follow["resolved_question"].get<std::string>(), HasSubstr("Lu-177 DOTATATE"));
}

TEST_F(HttpServerTest, TheAnswerStreamRefusesBadRequestsWithJsonErrors) {
  ExpectJsonError(Client().Get("/api/ask/stream"), 400, "missing_question");
  ExpectJsonError(Client().Get(("/api/ask/stream?question=" + std::string(3000, 'a')).c_str()), 400,
                  "question_too_long");
  ExpectJsonError(Client().Get("/api/ask/stream?question=x&audience=robot"), 400, "bad_audience");
  ExpectJsonError(Client().Get("/api/ask/stream?question=x&conversation_id=a%20b"), 400,
                  "bad_conversation_id");
  ExpectJsonError(Client().Get("/api/ask/stream?question=x&context=..%2Fetc"), 400, "bad_context");
  ExpectJsonError(Client().Get("/api/ask/stream?question=x&context=no-such-article"), 404,
                  "not_found");
  EXPECT_EQ(stats_.asks, 0);
}

TEST_F(HttpServerTest, TheAskFormsOfferTheStreamOnlyWhenDraftsAreStreamed) {
  EXPECT_THAT(Client().Get("/")->body, Not(HasSubstr("data-stream")));
  StopServer();
  ServerOptions options;
  options.stream_drafts = true;
  Start(options);
  json a = Json(PostJson("/api/ask", json{{"question", kSeed}}.dump()));
  std::string article_path = "/q/" + a["slug"].get<std::string>();
  for (const std::string& path : {std::string("/"), article_path}) {
    auto r = Client().Get(path.c_str());
    ASSERT_TRUE(r);
    EXPECT_THAT(r->body, HasSubstr("data-stream=\"/api/ask/stream\"")) << path;
    auto tidy = testing::TidyCheck(r->body);
    if (tidy.available) {
      EXPECT_TRUE(tidy.ok()) << tidy.errors;
    }
  }
}

TEST_F(HttpServerTest, ApiArticleServesSavedArticlesForEveryAudience) {
  json asked = Json(PostJson("/api/ask", json{{"question", kSeed}}.dump()));
  std::string path = "/api/articles/" + asked["slug"].get<std::string>();
  json physician = Json(Client().Get(path.c_str()));
  EXPECT_EQ(physician["sections"], asked["sections"]);
  EXPECT_FALSE(physician.contains("conversation_id"));
  json patient = Json(Client().Get((path + "?audience=patient").c_str()));
  EXPECT_EQ(patient["audience"], "patient");
  EXPECT_EQ(patient["slug"], asked["slug"]);
  EXPECT_EQ(patient["disclaimer"], Disclaimer(Audience::kPatient));
}

TEST_F(HttpServerTest, ApiSearch) {
  json out = Json(Client().Get("/api/search?q=liver%20metastases&k=2"));
  EXPECT_EQ(out["query"], "liver metastases");
  ASSERT_EQ(out["hits"].size(), 2u);
  for (const char* key : {"id", "passage_id", "score", "title", "snippet", "kind", "year"}) {
    EXPECT_TRUE(out["hits"][0].contains(key)) << key;
  }
  EXPECT_TRUE(out["took_ms"].is_number());
}

TEST_F(HttpServerTest, ApiRejectsBadInputWithJsonErrorsAndKeepsServing) {
  ExpectJsonError(PostJson("/api/ask", "{}"), 400, "missing_question");
  ExpectJsonError(PostJson("/api/ask", R"({"question": "  "})"), 400, "missing_question");
  ExpectJsonError(PostJson("/api/ask", R"({"question": 7})"), 400, "missing_question");
  ExpectJsonError(
      PostJson("/api/ask", json{{"question", std::string(kMaxQuestionBytes + 1, 'a')}}.dump()), 400,
      "question_too_long");
  ExpectJsonError(PostJson("/api/ask", R"({"question": "x", "audience": "martian"})"), 400,
                  "bad_audience");
  ExpectJsonError(PostJson("/api/ask", R"({"question": "x", "conversation_id": "a b"})"), 400,
                  "bad_conversation_id");
  ExpectJsonError(PostJson("/api/ask", "{\"question\": "), 400, "invalid_json");
  ExpectJsonError(PostJson("/api/ask", "[1, 2]"), 400, "invalid_json");
  ExpectJsonError(Client().Post("/api/ask", "question=x", "application/x-www-form-urlencoded"), 415,
                  "unsupported_media_type");
  ExpectJsonError(PostJson("/api/ask", std::string(200 * 1024, ' ')), 413, "payload_too_large");
  ExpectJsonError(Client().Get("/api/articles/never-asked"), 404, "not_found");
  ExpectJsonError(Client().Get("/api/articles/Bad%20Slug"), 404, "not_found");
  ExpectJsonError(Client().Get("/api/articles/x?audience=martian"), 400, "bad_audience");
  ExpectJsonError(Client().Get("/api/search"), 400, "missing_query");
  ExpectJsonError(Client().Get("/api/search?q=x&k=0"), 400, "bad_k");
  ExpectJsonError(Client().Get("/api/search?q=x&k=abc"), 400, "bad_k");
  ExpectJsonError(Client().Get("/api/nothing-here"), 404, "not_found");
  ExpectJsonError(Client().Get("/api/ask"), 405, "method_not_allowed");
  EXPECT_EQ(stats_.asks, 0);
}

TEST_F(HttpServerTest, OpenApiDocumentDescribesEveryApiRoute) {
  json doc = Json(Client().Get("/api/openapi.json"));
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  for (const char* path : {"/api/ask", "/api/ask/stream", "/api/articles/{slug}", "/api/search",
                           "/api/openapi.json", "/healthz", "/metrics"}) {
    EXPECT_TRUE(doc["paths"].contains(path)) << path;
  }
  EXPECT_TRUE(doc["components"]["schemas"].contains("Error"));
  EXPECT_TRUE(doc["components"]["schemas"].contains("ComposerReport"));
}

TEST_F(HttpServerTest, HealthAndMetrics) {
  json health = Json(Client().Get("/healthz"));
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["index_generation"], "gen-000007");
  Client().Get("/q/never-asked");
  // A request is counted when its access log line is written, just after its response.
  std::string metrics;
  for (int i = 0; i < 100 && metrics.find("code=\"404\"") == std::string::npos; ++i) {
    if (i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    auto r = Client().Get("/metrics");
    ASSERT_TRUE(r);
    EXPECT_THAT(r->get_header_value("Content-Type"), HasSubstr("text/plain; version=0.0.4"));
    metrics = r->body;
  }
  EXPECT_THAT(metrics, HasSubstr("evident_http_requests_total{route=\"/healthz\",method=\"GET\","
                                 "code=\"200\"} 1"));
  EXPECT_THAT(metrics, HasSubstr("evident_http_requests_total{route=\"/q/{slug}\",method=\"GET\","
                                 "code=\"404\"} 1"));
  EXPECT_THAT(metrics,
              HasSubstr("evident_http_request_duration_seconds_bucket{route=\"/healthz\""));
  EXPECT_THAT(metrics, HasSubstr("evident_index_info{generation=\"gen-000007\"} 1"));
  EXPECT_THAT(metrics, HasSubstr("evident_index_documents 42"));
  EXPECT_THAT(metrics, HasSubstr("evident_engines 2"));
}

TEST_F(HttpServerTest, AskFormRedirectsToTheArticlePageAndRemembersTheConversation) {
  auto c = Client();
  auto r = c.Post("/ask", httplib::Params{{"q", kSeed}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 303);
  EXPECT_EQ(r->get_header_value("Location"), "/q/role-of-lu-177-dotatate-in-liver-metastases");
  std::string cookie = r->get_header_value("Set-Cookie");
  EXPECT_THAT(cookie, HasSubstr("evident_conversation="));
  EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(cookie, HasSubstr("SameSite=Lax"));
  std::string conversation = cookie.substr(21, cookie.find(';') - 21);
  auto page = c.Get("/q/role-of-lu-177-dotatate-in-liver-metastases",
                    {{"Cookie", "evident_conversation=" + conversation}});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_THAT(page->body, HasSubstr("name=\"conversation_id\" value=\"" + conversation + "\""));
  // The follow-up box on that page continues the conversation.
  auto follow =
      c.Post("/ask", httplib::Params{{"q", "What about kidney toxicity?"},
                                     {"context", "role-of-lu-177-dotatate-in-liver-metastases"},
                                     {"conversation_id", conversation}});
  ASSERT_TRUE(follow);
  EXPECT_EQ(follow->status, 303);
  EXPECT_THAT(follow->get_header_value("Set-Cookie"),
              HasSubstr("evident_conversation=" + conversation + ";"));
  auto follow_page = c.Get(follow->get_header_value("Location").c_str());
  ASSERT_TRUE(follow_page);
  EXPECT_THAT(follow_page->body, HasSubstr("Understood as: What about kidney toxicity? (in the "
                                           "context of: What is the role of Lu-177"));
}

TEST_F(HttpServerTest, AskWithoutAQuestionShowsTheFormAgain) {
  auto r = Client().Post("/ask", httplib::Params{{"q", "  "}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(r->body, HasSubstr("Please type a question."));
  auto get = Client().Get("/ask");
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 303);
  EXPECT_EQ(get->get_header_value("Location"), "/");
}

TEST_F(HttpServerTest, AudienceIsChosenByLinkAndRememberedInACookie) {
  auto c = Client();
  ASSERT_EQ(
      c.Get(("/ask?q=" + std::string("How%20is%20hepatitis%20C%20treated%3F")).c_str())->status,
      303);
  auto patient = c.Get("/q/hepatitis-c-treated?audience=patient");
  ASSERT_TRUE(patient);
  EXPECT_EQ(patient->status, 200);
  EXPECT_THAT(patient->get_header_value("Set-Cookie"), HasSubstr("evident_audience=patient"));
  EXPECT_THAT(patient->body, HasSubstr("value=\"patient\" checked"));
  EXPECT_THAT(patient->body, HasSubstr("your doctor, nurse or pharmacist"));
  auto remembered = c.Get("/q/hepatitis-c-treated", {{"Cookie", "evident_audience=patient"}});
  ASSERT_TRUE(remembered);
  EXPECT_THAT(remembered->body, HasSubstr("value=\"patient\" checked"));
  auto physician = c.Get("/q/hepatitis-c-treated");
  EXPECT_THAT(physician->body, HasSubstr("value=\"physician\" checked"));
}

TEST_F(HttpServerTest, EveryPageIsValidHtmlWithSecurityHeaders) {
  auto c = Client();
  c.Get("/ask?q=What%20is%20the%20role%20of%20Lu-177%20DOTATATE%20in%20liver%20metastases%3F");
  c.Get("/ask?q=an%20unanswerable%20question");
  std::vector<std::pair<std::string, int>> pages = {
      {"/", 200},
      {"/q/role-of-lu-177-dotatate-in-liver-metastases", 200},
      {"/q/role-of-lu-177-dotatate-in-liver-metastases?audience=patient", 200},
      {"/q/unanswerable-question", 200},
      {"/search?q=liver%20%3Cmetastases%3E", 200},
      {"/search", 200},
      {"/editorial-policy", 200},
      {"/q/never-asked", 404},
      {"/no/such/page", 404},
  };
  for (const auto& [path, status] : pages) {
    SCOPED_TRACE(path);
    auto r = c.Get(path.c_str());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status);
    EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_THAT(r->get_header_value("Content-Security-Policy"),
                HasSubstr("script-src 'self'; style-src 'self'"));
    EXPECT_THAT(r->get_header_value("Content-Security-Policy"),
                HasSubstr("frame-ancestors 'none'"));
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r->get_header_value("Referrer-Policy"), "no-referrer");
    EXPECT_THAT(r->body, Not(HasSubstr("<script>alert")));
    auto tidy = testing::TidyCheck(r->body);
    if (tidy.available) {
      EXPECT_TRUE(tidy.ok()) << tidy.errors;
    }
  }
}

TEST_F(HttpServerTest, StaticAssetsHaveETagsCacheHeadersAndCompression) {
  auto c = Client();
  auto css = c.Get("/static/style.css", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(css);
  EXPECT_EQ(css->status, 200);
  EXPECT_EQ(css->get_header_value("Content-Encoding"), "gzip");
  EXPECT_THAT(css->get_header_value("Content-Type"), HasSubstr("text/css"));
  EXPECT_THAT(css->body, HasSubstr(".evidence-chart"));  // the client decompressed it
  std::string etag = css->get_header_value("ETag");
  EXPECT_EQ(etag.size(), 18u);
  auto again = c.Get("/static/style.css", {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_THAT(css->get_header_value("Cache-Control"), HasSubstr("max-age="));
  // Pages link assets with their version: cached for good.
  auto home = c.Get("/");
  std::string marker = "/static/app.js?v=";
  size_t at = home->body.find(marker);
  ASSERT_NE(at, std::string::npos);
  std::string url = home->body.substr(at, marker.size() + 10);
  auto js = c.Get(url.c_str());
  EXPECT_EQ(js->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_THAT(js->get_header_value("Content-Type"), HasSubstr("application/javascript"));
  EXPECT_EQ(c.Get("/static/nothing.css")->status, 404);
  EXPECT_EQ(c.Get("/static/..%2Fopenapi.json")->status, 404);
}

TEST_F(HttpServerTest, PagesAreCompressedWhenTheClientAsks) {
  auto r = Client().Get("/editorial-policy", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Content-Encoding"), "gzip");
  EXPECT_THAT(r->body, HasSubstr("Editorial policy"));
}

TEST_F(HttpServerTest, AccessLogHasOneJsonLinePerRequestWithoutQueryStrings) {
  Client().Get("/search?q=secret%20words");
  PostJson("/api/ask", json{{"question", "private question body"}}.dump());
  StopServer();  // the log line is written after the response
  auto log = Log();
  ASSERT_EQ(log.size(), 2u);
  // Each line is written once its response is sent: the two may come in either order.
  json search = json::parse(log[0]), ask = json::parse(log[1]);
  if (search["route"] != "/search") std::swap(search, ask);
  EXPECT_EQ(search["path"], "/search");
  EXPECT_EQ(search["route"], "/search");
  EXPECT_EQ(search["status"], 200);
  EXPECT_EQ(search["method"], "GET");
  for (const char* key : {"ts", "remote", "bytes", "ms"}) EXPECT_TRUE(search.contains(key)) << key;
  EXPECT_EQ(ask["route"], "/api/ask");
  for (const auto& line : log) {
    EXPECT_THAT(line, Not(HasSubstr("secret")));
    EXPECT_THAT(line, Not(HasSubstr("private")));
  }
}

TEST_F(HttpServerTest, StopLetsRequestsInFlightFinish) {
  stats_.delay_ms = 800;
  auto in_flight = std::async(std::launch::async, [this] {
    return PostJson("/api/ask", json{{"question", kSeed}}.dump());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto start = std::chrono::steady_clock::now();
  StopServer();  // returns only once the request in flight has been answered
  auto r = in_flight.get();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(Json(r)["slug"], "role-of-lu-177-dotatate-in-liver-metastases");
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(400));
  EXPECT_TRUE(served_.ok());
}

TEST(HttpServer, BusyEnginesAnswer503WithRetryAfter) {
  testing::FakeAnswerStats stats;
  stats.delay_ms = 700;
  ServerOptions options;
  options.port = 0;
  options.engines = 1;
  options.engine_wait_ms = 100;
  options.access_log = [](std::string_view) {};
  HttpServer server(options,
                    testing::FakeAnswerServiceFactory(testing::TempDir() + "/e.db", &stats));
  ASSERT_TRUE(server.Bind().ok());
  std::thread serving([&] { server.Serve(); });
  auto ask = [&](const std::string& q) {
    httplib::Client c("127.0.0.1", server.port());
    c.set_read_timeout(10, 0);
    return c.Post("/api/ask", json{{"question", q}}.dump(), "application/json");
  };
  auto slow = std::async(std::launch::async, [&] { return ask("first question"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto busy = ask("second question");
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->status, 503);
  EXPECT_EQ(busy->get_header_value("Retry-After"), "2");
  EXPECT_EQ(json::parse(busy->body)["error"]["code"], "unavailable");
  EXPECT_EQ(slow.get()->status, 200);
  server.Stop();
  serving.join();
}

// --- Editorial workflow ---------------------------------------------------------------------

using testing::kReviewerPassword;

using testing::CookieJar;
using testing::CsrfOf;

void ExpectValidHtmlIfTidyIsInstalled(const std::string& html) {
  auto tidy = testing::TidyCheck(html);
  if (tidy.available) {
    EXPECT_TRUE(tidy.ok()) << tidy.errors;
  }
}

// The server over the fake engine with reviewer accounts in its store and a clock of its own.
class ReviewWebTest : public HttpServerTest {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.clock_s = [this] { return now_s_.load(); };
    Start(options);
    auto store = OpenStore(store_path_);
    ASSERT_TRUE(store.ok());
    store_ = std::move(*store);
    AddAccount("alice", "Dr Alice Adams", ReviewerRole::kReviewer);
    AddAccount("bob", "Dr Bob Brown", ReviewerRole::kReviewer);
    AddAccount("erin", "Dr Erin Editor", ReviewerRole::kEditor);
    json asked = Json(PostJson("/api/ask", json{{"question", kSeed}}.dump()));
    slug_ = asked["slug"];
    review_path_ = "/review/" + slug_ + "?audience=physician";
  }

  void AddAccount(const std::string& username, const std::string& name, ReviewerRole role) {
    auto hash = HashPassword(kReviewerPassword, PasswordCost::Minimum());
    ASSERT_TRUE(hash.ok());
    ASSERT_TRUE(store_->AddReviewer({username, name, role, *hash, false, ""}).ok());
  }

  httplib::Result Get(CookieJar& jar, const std::string& path) {
    auto client = Client();
    return jar.Get(client, path);
  }
  httplib::Result Post(CookieJar& jar, const std::string& path, const httplib::Params& form) {
    auto client = Client();
    return jar.Post(client, path, form);
  }

  //! Signs `username` in through the sign-in page; the response to the form.
  httplib::Result SignIn(CookieJar& jar, const std::string& username,
                         const std::string& password = kReviewerPassword) {
    auto page = Get(jar, "/login?next=%2Freview%2F" + slug_ + "%3Faudience%3Dphysician");
    EXPECT_TRUE(page && page->status == 200) << (page ? page->body : "no response");
    return Post(jar, "/login",
                {{"csrf", CsrfOf(page->body)},
                 {"username", username},
                 {"password", password},
                 {"next", "/review/" + slug_ + "?audience=physician"}});
  }

  //! The reviewer `jar` moves the article from `from` to `to` through the review page's form.
  httplib::Result Act(CookieJar& jar, const std::string& from, const std::string& to,
                      const std::string& comment = "") {
    auto page = Get(jar, review_path_);
    EXPECT_TRUE(page && page->status == 200);
    return Post(
        jar, "/review/" + slug_ + "/transition",
        {{"csrf", CsrfOf(page->body)},
         {"audience", "physician"},
         {"version", std::to_string(store_->GetReviewState(slug_, "physician")->latest_version)},
         {"from", from},
         {"to", to},
         {"comment", comment}});
  }

  std::atomic<int64_t> now_s_{1'800'000'000};
  std::unique_ptr<Store> store_;
  std::string slug_;
  std::string review_path_;
};

TEST_F(ReviewWebTest, AReviewerSignsInApprovesAndThePublicPageSaysSo) {
  auto before = Client().Get(("/q/" + slug_).c_str());
  ASSERT_TRUE(before);
  EXPECT_THAT(before->body, HasSubstr("content is pending human review"));
  EXPECT_EQ(Json(Client().Get(("/api/articles/" + slug_).c_str()))["status"], "submitted");

  CookieJar alice;
  auto signed_in = SignIn(alice, "alice");
  ASSERT_TRUE(signed_in);
  EXPECT_EQ(signed_in->status, 303) << signed_in->body;
  EXPECT_EQ(signed_in->get_header_value("Location"), review_path_);
  std::string cookie = alice.SetCookie("evident_session");
  EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(cookie, HasSubstr("SameSite=Strict"));
  EXPECT_THAT(cookie, HasSubstr("Secure"));
  EXPECT_THAT(cookie, HasSubstr("Max-Age=28800"));

  auto queue = Get(alice, "/review?status=submitted");
  ASSERT_TRUE(queue);
  EXPECT_EQ(queue->status, 200);
  EXPECT_EQ(queue->get_header_value("Cache-Control"), "no-store");
  EXPECT_THAT(queue->body, HasSubstr(kSeed));
  ExpectValidHtmlIfTidyIsInstalled(queue->body);
  auto none = Get(alice, "/review?status=approved");
  EXPECT_THAT(none->body, HasSubstr("No articles match."));

  auto page = Get(alice, review_path_);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_THAT(page->body, HasSubstr("Start review"));
  EXPECT_THAT(page->body, HasSubstr("Its sources"));
  ExpectValidHtmlIfTidyIsInstalled(page->body);

  auto started = Act(alice, "submitted", "under_review");
  ASSERT_TRUE(started);
  EXPECT_EQ(started->status, 303) << started->body;
  auto approved = Act(alice, "under_review", "approved", "Checked every sentence.");
  ASSERT_TRUE(approved);
  EXPECT_EQ(approved->status, 303) << approved->body;
  EXPECT_THAT(approved->get_header_value("Location"), HasSubstr("done=approved"));

  auto after = Client().Get(("/q/" + slug_).c_str());
  ASSERT_TRUE(after);
  EXPECT_THAT(after->body, Not(HasSubstr("content is pending human review")));
  EXPECT_THAT(after->body, HasSubstr("Reviewed by Dr Alice Adams"));
  EXPECT_THAT(after->body, Not(HasSubstr("Checked every sentence.")));  // comments stay inside
  ExpectValidHtmlIfTidyIsInstalled(after->body);
  json article = Json(Client().Get(("/api/articles/" + slug_).c_str()));
  EXPECT_EQ(article["status"], "approved");
  EXPECT_EQ(article["reviewed_by"], json::array({"Dr Alice Adams"}));
  EXPECT_EQ(article["approved_version"], 1);
  EXPECT_EQ(article["version"], 1);
  EXPECT_EQ(article["update_under_review"], false);
  EXPECT_EQ(article["last_updated"].get<std::string>().size(), 10u);

  auto signed_out = Post(alice, "/logout", {{"csrf", CsrfOf(Get(alice, review_path_)->body)}});
  ASSERT_TRUE(signed_out);
  EXPECT_EQ(signed_out->status, 303);
  EXPECT_FALSE(alice.Has("evident_session"));
  EXPECT_EQ(Get(alice, "/review")->status, 303);
}

TEST_F(ReviewWebTest, FormsWithoutTheirCsrfTokenAreRefused) {
  CookieJar alice;
  auto login_page = Get(alice, "/login");
  auto forged_login =
      Post(alice, "/login", {{"username", "alice"}, {"password", kReviewerPassword}});
  ASSERT_TRUE(forged_login);
  EXPECT_EQ(forged_login->status, 403);
  EXPECT_FALSE(alice.Has("evident_session"));

  ASSERT_EQ(SignIn(alice, "alice")->status, 303);
  auto forged = Post(
      alice, "/review/" + slug_ + "/transition",
      {{"audience", "physician"}, {"version", "1"}, {"from", "submitted"}, {"to", "under_review"}});
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 403);
  EXPECT_THAT(forged->body, HasSubstr("did not come from this site"));
  // A token from another browser's sign-in page is no better.
  auto wrong = Post(alice, "/review/" + slug_ + "/transition",
                    {{"csrf", CsrfOf(login_page->body)},
                     {"audience", "physician"},
                     {"version", "1"},
                     {"from", "submitted"},
                     {"to", "under_review"}});
  EXPECT_EQ(wrong->status, 403);
  EXPECT_EQ(Post(alice, "/logout", {})->status, 403);
  EXPECT_EQ(store_->GetReviewState(slug_, "physician")->status, ReviewStatus::kSubmitted);
  EXPECT_EQ(store_->ReviewEvents(slug_, "physician")->size(), 1u);
}

TEST_F(ReviewWebTest, NobodySignedInCanSeeTheQueueOrAct) {
  CookieJar visitor;
  auto queue = Get(visitor, "/review");
  ASSERT_TRUE(queue);
  EXPECT_EQ(queue->status, 303);
  EXPECT_EQ(queue->get_header_value("Location"), "/login?next=/review");
  EXPECT_EQ(Get(visitor, review_path_)->status, 303);
  auto act = Post(visitor, "/review/" + slug_ + "/transition",
                  {{"csrf", std::string(64, 'a')},
                   {"audience", "physician"},
                   {"version", "1"},
                   {"from", "submitted"},
                   {"to", "under_review"}});
  ASSERT_TRUE(act);
  EXPECT_EQ(act->status, 403);
  EXPECT_THAT(act->body, HasSubstr("Sign in as a reviewer"));
  // A made-up session token is nobody.
  auto forged_session = Client().Post(("/review/" + slug_ + "/comment").c_str(),
                                      {{"Cookie", "evident_session=" + std::string(64, 'b')}},
                                      httplib::Params{{"csrf", CsrfTokenFor(std::string(64, 'b'))},
                                                      {"audience", "physician"},
                                                      {"version", "1"},
                                                      {"comment", "hello"}});
  EXPECT_EQ(forged_session->status, 403);
  // A disabled account neither signs in nor keeps its session.
  CookieJar bob;
  ASSERT_EQ(SignIn(bob, "bob")->status, 303);
  std::string bobs_csrf = CsrfOf(Get(bob, review_path_)->body);
  ASSERT_TRUE(store_->SetReviewerDisabled("bob", true).ok());
  auto after_disable = Post(bob, "/review/" + slug_ + "/transition",
                            {{"csrf", bobs_csrf},
                             {"audience", "physician"},
                             {"version", "1"},
                             {"from", "submitted"},
                             {"to", "under_review"}});
  EXPECT_EQ(after_disable->status, 403);
  auto disabled = SignIn(bob, "bob");
  EXPECT_EQ(disabled->status, 403);
  EXPECT_THAT(disabled->body, HasSubstr("This account is disabled."));
  EXPECT_EQ(store_->ReviewEvents(slug_, "physician")->size(), 1u);
}

TEST_F(ReviewWebTest, RepeatedFailedSignInsPauseSignIn) {
  CookieJar mallory;
  for (int i = 1; i < 5; ++i) {
    auto r = SignIn(mallory, "alice", "guess number " + std::to_string(i));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    EXPECT_THAT(r->body, HasSubstr("Wrong username or password."));
  }
  auto fifth = SignIn(mallory, "alice", "guess number 5");
  EXPECT_EQ(fifth->status, 429);
  EXPECT_EQ(fifth->get_header_value("Retry-After"), "30");
  CookieJar alice;
  auto paused = SignIn(alice, "alice");
  EXPECT_EQ(paused->status, 429);
  EXPECT_THAT(paused->body, HasSubstr("try again in 1 minute"));
  EXPECT_FALSE(alice.Has("evident_session"));
  now_s_ += 31;
  EXPECT_EQ(SignIn(alice, "alice")->status, 303);
  EXPECT_TRUE(alice.Has("evident_session"));
}

TEST_F(ReviewWebTest, ATransitionNotAllowedIsRefusedWithItsReason) {
  CookieJar alice;
  ASSERT_EQ(SignIn(alice, "alice")->status, 303);
  auto skip = Act(alice, "submitted", "approved");
  ASSERT_TRUE(skip);
  EXPECT_EQ(skip->status, 409);
  EXPECT_THAT(skip->body,
              HasSubstr("cannot go from Submitted to Approved; from Submitted it can only go to "
                        "Under review"));
  ASSERT_EQ(Act(alice, "submitted", "under_review")->status, 303);
  // Two reviewers approve what they both saw: the second is told it moved on.
  CookieJar bob;
  ASSERT_EQ(SignIn(bob, "bob")->status, 303);
  auto bob_page = Get(bob, review_path_);
  ASSERT_EQ(Act(alice, "under_review", "approved")->status, 303);
  auto late = Post(bob, "/review/" + slug_ + "/transition",
                   {{"csrf", CsrfOf(bob_page->body)},
                    {"audience", "physician"},
                    {"version", "1"},
                    {"from", "under_review"},
                    {"to", "approved"}});
  EXPECT_EQ(late->status, 409);
  EXPECT_THAT(late->body, HasSubstr("Approved now, not Under review"));
  int approvals = 0;
  auto events = store_->ReviewEvents(slug_, "physician");  // kept alive for the loop
  ASSERT_TRUE(events.ok());
  for (const auto& e : *events) {
    approvals += e.to == ReviewStatus::kApproved && e.action == "transition";
  }
  EXPECT_EQ(approvals, 1);
}

TEST_F(ReviewWebTest, ReviewersCommentsAreShownToEditorsOnlyAndEscaped) {
  CookieJar alice, bob, erin;
  ASSERT_EQ(SignIn(alice, "alice")->status, 303);
  ASSERT_EQ(SignIn(bob, "bob")->status, 303);
  ASSERT_EQ(SignIn(erin, "erin")->status, 303);
  auto page = Get(alice, review_path_);
  auto commented = Post(alice, "/review/" + slug_ + "/comment",
                        {{"csrf", CsrfOf(page->body)},
                         {"audience", "physician"},
                         {"version", "1"},
                         {"comment", "Dose <script>alert(1)</script> is outdated"}});
  ASSERT_TRUE(commented);
  EXPECT_EQ(commented->status, 303) << commented->body;
  EXPECT_THAT(Get(alice, review_path_)->body,
              HasSubstr("Dose &lt;script&gt;alert(1)&lt;/script&gt; is outdated"));
  std::string bobs = Get(bob, review_path_)->body;
  EXPECT_THAT(bobs, Not(HasSubstr("is outdated")));
  EXPECT_THAT(bobs, HasSubstr("(for editors)"));
  std::string erins = Get(erin, review_path_)->body;
  EXPECT_THAT(erins, HasSubstr("Dose &lt;script&gt;alert(1)&lt;/script&gt; is outdated"));
  EXPECT_THAT(erins, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(Client().Get(("/q/" + slug_).c_str())->body, Not(HasSubstr("is outdated")));
}

TEST_F(ReviewWebTest, ANewVersionGoesBackToReviewWhileReadersKeepTheApprovedOne) {
  CookieJar alice;
  ASSERT_EQ(SignIn(alice, "alice")->status, 303);
  ASSERT_EQ(Act(alice, "submitted", "under_review")->status, 303);
  ASSERT_EQ(Act(alice, "under_review", "approved")->status, 303);
  // The answer is composed again after the corpus changed, and reads differently.
  auto latest = store_->GetArticle(slug_, "physician");
  ASSERT_TRUE(latest.ok());
  json changed = json::parse(latest->content);
  changed["sections"][0]["blocks"][0]["text"] = "A sentence from the updated guideline.";
  StoredArticle update = *latest;
  update.content = changed.dump();
  update.index_generation = "gen-000008";
  ASSERT_TRUE(store_->PutArticle(update, nullptr).ok());

  json article = Json(Client().Get(("/api/articles/" + slug_).c_str()));
  EXPECT_EQ(article["status"], "approved");
  EXPECT_EQ(article["version"], 1);
  EXPECT_EQ(article["approved_version"], 1);
  EXPECT_EQ(article["update_under_review"], true);
  auto page = Client().Get(("/q/" + slug_).c_str());
  EXPECT_THAT(page->body, HasSubstr("An update to this article is under review"));
  EXPECT_THAT(page->body, Not(HasSubstr("updated guideline")));
  ExpectValidHtmlIfTidyIsInstalled(page->body);

  auto review = Get(alice, review_path_);
  EXPECT_THAT(review->body, HasSubstr("updated guideline"));
  EXPECT_THAT(review->body, HasSubstr("New version: back to Submitted"));
  ASSERT_EQ(Act(alice, "submitted", "under_review")->status, 303);
  ASSERT_EQ(Act(alice, "under_review", "approved")->status, 303);
  article = Json(Client().Get(("/api/articles/" + slug_).c_str()));
  EXPECT_EQ(article["version"], 2);
  EXPECT_EQ(article["update_under_review"], false);
  EXPECT_THAT(Client().Get(("/q/" + slug_).c_str())->body, HasSubstr("updated guideline"));
}

TEST(HttpServer, BindFailsClearlyWhenThePortIsTaken) {
  ServerOptions options;
  options.port = 0;
  HttpServer first(options, nullptr);
  ASSERT_TRUE(first.Bind().ok());
  options.port = first.port();
  HttpServer second(options, nullptr);
  Status s = second.Bind();
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("cannot listen on 127.0.0.1:" + std::to_string(first.port())));
}

}  // namespace
}  // namespace evident
