// The HTTP API and pages of `evident serve` on the whole shared corpus: an in-process HttpServer
// with the real answer engine over the index the `corpus_index` fixture built (and a copy of its
// store, so the articles saved here stay here).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "answer/audience.h"
#include "common/data_layout.h"
#include "index/index_directory.h"
#include "server/http_server.h"
#include "server/tidy_check.h"
#include "server_test_support.h"

namespace evident {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSeed = "What is the role of Lu-177 DOTATATE in liver metastases?";

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Everything an article says, lower-cased: for topic checks.
std::string ArticleText(const json& a) {
  std::string text;
  for (const auto& s : a["sections"]) {
    for (const auto& b : s["blocks"]) text += b["text"].get<std::string>() + "\n";
  }
  for (const auto& r : a["references"]) text += r["title"].get<std::string>() + "\n";
  return Lower(text);
}

class ServerApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    DataLayout layout{testing::DataDirCopy(EVIDENT_IT_DATA_DIR)};
    IndexDirectory dir(layout.index_root());
    auto index = IndexReader::Open(*dir.CurrentPath());
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    ServerOptions options;
    options.port = 0;
    options.engines = 2;
    options.index_generation = *dir.CurrentName();
    options.documents = (*index)->num_documents();
    options.access_log = [](std::string_view) {};
    ComposerOptions composer;  // as `evident serve` reads questions: with the vocabularies
    composer.vocab_dir = testing::DataDir() + "/vocab";
    server_ =
        new HttpServer(options, EngineAnswerServiceFactory(*index, layout.store_path(), composer));
    ASSERT_TRUE(server_->Bind().ok());
    thread_ = new std::thread([] { server_->Serve(); });
  }
  static void TearDownTestSuite() {
    server_->Stop();
    thread_->join();
    delete thread_;
    delete server_;
  }

  static httplib::Client Client() {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(60, 0);
    return c;
  }
  static json Ask(const json& body) {
    auto r = Client().Post("/api/ask", body.dump(), "application/json");
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body);
  }
  static json Get(const std::string& path, int status = 200) {
    auto r = Client().Get(path.c_str());
    EXPECT_TRUE(r);
    if (!r) return {};
    EXPECT_EQ(r->status, status) << path << ": " << r->body.substr(0, 500);
    return json::parse(r->body, nullptr, false);
  }

  static HttpServer* server_;
  static std::thread* thread_;
};
HttpServer* ServerApi::server_ = nullptr;
std::thread* ServerApi::thread_ = nullptr;

TEST_F(ServerApi, SeedQuestionGetsGuidelinesResearchAndNumberedReferences) {
  json a = Ask({{"question", kSeed}});
  EXPECT_TRUE(a["answerable"].get<bool>());
  EXPECT_EQ(a["audience"], "physician");
  ASSERT_GE(a["sections"].size(), 2u);
  EXPECT_EQ(a["sections"][0]["heading"], "From the Guidelines");
  EXPECT_EQ(a["sections"][1]["heading"], "From the Research");
  ASSERT_GE(a["references"].size(), 3u);
  std::set<int> numbers;
  for (const auto& r : a["references"]) numbers.insert(r["n"].get<int>());
  for (const auto& s : a["sections"]) {
    for (const auto& b : s["blocks"]) {
      if (b["kind"] == "subheading") continue;
      EXPECT_FALSE(b["citations"].empty()) << b["text"];
      for (int n : b["citations"]) EXPECT_TRUE(numbers.count(n)) << n;
    }
  }
  EXPECT_THAT(ArticleText(a), HasSubstr("neuroendocrine"));
  // Asked again (differently typed): the same saved article and slug.
  json again = Ask({{"question", "what is the role of lu-177 dotatate in liver metastases"}});
  EXPECT_EQ(again["slug"], a["slug"]);
  EXPECT_EQ(again["sections"], a["sections"]);
  EXPECT_EQ(again["references"], a["references"]);
  // And it is saved for visiting and sharing.
  json saved = Get("/api/articles/" + a["slug"].get<std::string>());
  EXPECT_EQ(saved["sections"], a["sections"]);
}

// The corpus holds nothing on the kidney toxicity of DOTATATE: the follow-up stays on the topic,
// either answered from the topic's sources or, honestly, with them as the nearest topics.
TEST_F(ServerApi, FollowUpStaysOnTheConversationsTopic) {
  json first = Ask({{"question", kSeed}});
  json follow = Ask(
      {{"question", "What about kidney toxicity?"}, {"conversation_id", first["conversation_id"]}});
  EXPECT_EQ(follow["conversation_id"], first["conversation_id"]);
  EXPECT_THAT(follow["resolved_question"].get<std::string>(), HasSubstr("DOTATATE"));
  EXPECT_NE(follow["slug"], first["slug"]);
  const std::regex topic("dotatate|lutetium|177lu|octreotate|neuroendocrine|somatostatin",
                         std::regex::icase);
  if (follow["answerable"].get<bool>()) {
    std::string text = ArticleText(follow);
    EXPECT_TRUE(std::regex_search(text, std::regex("kidney|renal|nephro"))) << text;
    EXPECT_TRUE(std::regex_search(text, topic)) << text;
  } else {
    ASSERT_TRUE(follow["nearest_topics"].is_array());
    ASSERT_FALSE(follow["nearest_topics"].empty());
    EXPECT_TRUE(std::regex_search(follow["nearest_topics"][0].get<std::string>(), topic))
        << follow["nearest_topics"];
  }
}

TEST_F(ServerApi, PatientVersionIsComposedOnDemandWithPatientSources) {
  json a = Ask({{"question", kSeed}});
  std::string slug = a["slug"];
  json patient = Get("/api/articles/" + slug + "?audience=patient");
  EXPECT_EQ(patient["slug"], slug);
  EXPECT_EQ(patient["audience"], "patient");
  EXPECT_EQ(patient["disclaimer"], Disclaimer(Audience::kPatient));
  bool patient_source = false;
  for (const auto& r : patient["references"]) {
    patient_source = patient_source || r["evidence_level"] == "patient_education";
  }
  EXPECT_TRUE(patient_source) << patient["references"].dump(1);
}

TEST_F(ServerApi, OffTopicQuestionSaysTheEvidenceIsThin) {
  json a = Ask({{"question", "What is the airspeed velocity of an unladen swallow?"}});
  EXPECT_FALSE(a["answerable"].get<bool>());
  auto page = Client().Get(("/q/" + a["slug"].get<std::string>()).c_str());
  ASSERT_TRUE(page);
  EXPECT_THAT(page->body, HasSubstr("Not enough evidence to answer"));
}

TEST_F(ServerApi, SearchFindsTheNciNeuroendocrinePage) {
  json out = Get("/api/search?q=lutetium%20octreotate%20neuroendocrine%20liver%20metastases&k=5");
  ASSERT_EQ(out["hits"].size(), 5u);
  std::vector<std::string> top3;
  for (int i = 0; i < 3; ++i) top3.push_back(out["hits"][i]["id"]);
  EXPECT_THAT(top3, ::testing::Contains(
                        "nci:types:gi-neuroendocrine-tumors:hp:gi-neuroendocrine-treatment-pdq"));
}

TEST_F(ServerApi, BadInputGetsJsonErrorsAndTheServerKeepsServing) {
  struct Case {
    std::function<httplib::Result()> send;
    int status;
    const char* code;
  };
  auto post = [](std::string body, std::string type = "application/json") {
    return [body, type] { return Client().Post("/api/ask", body, type.c_str()); };
  };
  std::vector<Case> cases = {
      {post("{}"), 400, "missing_question"},
      {post(json{{"question", std::string(3000, 'a')}}.dump()), 400, "question_too_long"},
      {post(R"({"question": "x", "audience": "vet"})"), 400, "bad_audience"},
      {post("{not json"), 400, "invalid_json"},
      {post(R"({"question": "x"})", "text/plain"), 415, "unsupported_media_type"},
      {post(std::string(100000, 'x')), 413, "payload_too_large"},
      {[] { return Client().Get("/api/articles/no-such-article-here"); }, 404, "not_found"},
      {[] { return Client().Get("/api/search?q="); }, 400, "missing_query"},
  };
  for (const auto& c : cases) {
    auto r = c.send();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, c.status) << c.code;
    json body = json::parse(r->body, nullptr, false);
    EXPECT_EQ(body["error"]["code"], c.code);
    EXPECT_EQ(Get("/healthz")["status"], "ok");
  }
}

TEST_F(ServerApi, EveryPageIsValidHtmlAndCarriesTheArticle) {
  json a = Ask({{"question", kSeed}});
  std::string slug = a["slug"];
  json off = Ask({{"question", "What is the airspeed velocity of an unladen swallow?"}});
  std::vector<std::pair<std::string, int>> pages = {
      {"/", 200},
      {"/q/" + slug, 200},
      {"/q/" + slug + "?audience=patient", 200},
      {"/q/" + slug + "?audience=nurse", 200},
      {"/q/" + off["slug"].get<std::string>(), 200},
      {"/search?q=lutetium%20liver%20metastases", 200},
      {"/search?q=", 200},
      {"/editorial-policy", 200},
      {"/q/no-such-article-here", 404},
      {"/nothing/here", 404},
  };
  for (const auto& [path, status] : pages) {
    SCOPED_TRACE(path);
    auto r = Client().Get(path.c_str());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status);
    auto tidy = testing::TidyCheck(r->body);
    if (!tidy.available) GTEST_SKIP() << "tidy is not installed (scripts/setup installs it)";
    EXPECT_TRUE(tidy.ok()) << tidy.errors;
  }
  auto page = Client().Get(("/q/" + slug).c_str());
  EXPECT_THAT(page->body, HasSubstr(">From the Guidelines</h2>"));
  EXPECT_THAT(page->body, HasSubstr(">From the Research</h2>"));
  EXPECT_THAT(page->body, HasSubstr("<li id=\"ref-1\""));
  EXPECT_THAT(page->body, HasSubstr("<a class=\"cite\" href=\"#ref-1\" title=\""));
  EXPECT_THAT(page->body, HasSubstr("Evidence overview"));
  EXPECT_THAT(page->body, HasSubstr("<svg"));
}

TEST_F(ServerApi, MetricsReportTheIndex) {
  Get("/healthz");
  auto r = Client().Get("/metrics");
  ASSERT_TRUE(r);
  EXPECT_THAT(r->body, HasSubstr("evident_index_info{generation=\"gen-"));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r->body, m, std::regex(R"(evident_index_documents (\d+))")));
  EXPECT_GT(std::stol(m[1]), 40000);
}

}  // namespace
}  // namespace evident
