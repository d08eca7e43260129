// `evident serve` as a process: source text with markup in it is escaped on every page (a small
// corpus with <script> and "onmouseover= in titles and text, ingested with `evident ingest`),
// access logs are JSON lines on stderr, SIGTERM stops the server cleanly, and an ingest beside
// the running server is swapped in without a restart.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "server/tidy_check.h"
#include "server_test_support.h"

namespace evident {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

// A research abstract and a patient page, both with markup in title and text.
void WriteHostileCorpus(const std::string& dir) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/abstracts.jsonl")
      << R"({"id": "pmid:900001", "title": "Zorblatinib <script>alert(1)</script> trial \"onmouseover=alert(1) x", )"
      << R"("sections": [{"label": "", "text": "Zorblatinib improved overall survival in adults with glioblastoma <script>alert(1)</script> in a randomized trial of 120 patients. Zorblatinib caused \"onmouseover=alert(1) fatigue in some patients with glioblastoma."}], )"
      << R"("year": 2021, "mesh": ["Glioblastoma"], "publication_types": ["Randomized Controlled Trial"], "partial": false, "origin": "test"})"
      << "\n";
  std::ofstream(dir + "/consumer.jsonl")
      << R"({"id": "medquad:zorb-1", "question": "What is zorblatinib <script>alert(1)</script> for glioblastoma?", "qtype": "treatment", )"
      << R"("answer": "Zorblatinib is a medicine for glioblastoma <script>alert(1)</script>. Zorblatinib may improve survival in adults with glioblastoma \"onmouseover=alert(1) and can cause fatigue.", )"
      << R"("focus": "Glioblastoma", "synonyms": [], "site": "CancerGov", "url": "https://www.cancer.gov/x"})"
      << "\n";
}

int RunShell(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(ServeBinary, SourceMarkupIsEscapedOnEveryPageAndSigtermStopsCleanly) {
  std::string dir = testing::TempDir();
  WriteHostileCorpus(dir + "/in");
  ASSERT_EQ(RunShell(std::string(EVIDENT_BINARY) + " --quiet --data-dir '" + dir +
                     "/data' ingest '" + dir + "/in' > /dev/null 2>&1"),
            0);
  testing::ServeProcess serve(EVIDENT_BINARY, dir + "/data");
  ASSERT_GT(serve.port(), 0) << serve.Log();
  httplib::Client client("127.0.0.1", serve.port());
  client.set_read_timeout(30, 0);

  // Asked through the form, as a patient: the answer cites both hostile documents.
  auto asked = client.Post("/ask", httplib::Params{{"q",
                                                    "Does zorblatinib improve survival in "
                                                    "glioblastoma?"},
                                                   {"audience", "patient"}});
  ASSERT_TRUE(asked);
  ASSERT_EQ(asked->status, 303) << asked->body;
  std::string location = asked->get_header_value("Location");
  auto page = client.Get(location.c_str(), {{"Cookie", "evident_audience=patient"}});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  const std::string& html = page->body;
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(html, HasSubstr("&quot;onmouseover=alert(1)"));
  EXPECT_THAT(html, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(html, Not(HasSubstr("\"onmouseover")));
  EXPECT_THAT(html, HasSubstr("<cite>What is zorblatinib &lt;script&gt;alert(1)&lt;/script&gt; for "
                              "glioblastoma?</cite>"));
  auto tidy = testing::TidyCheck(html);
  if (tidy.available) {
    EXPECT_TRUE(tidy.ok()) << tidy.errors;
  }
  // The physician version, the search page and the JSON (raw text, JSON-escaped) too.
  auto physician = client.Get((location + "?audience=physician").c_str());
  ASSERT_TRUE(physician);
  EXPECT_THAT(physician->body, Not(HasSubstr("<script>alert")));
  EXPECT_THAT(physician->body, Not(HasSubstr("\"onmouseover")));
  auto search = client.Get("/search?q=zorblatinib%20%3Cscript%3E");
  ASSERT_TRUE(search);
  EXPECT_THAT(search->body, HasSubstr("zorblatinib &lt;script&gt;"));
  EXPECT_THAT(search->body, Not(HasSubstr("<script>alert")));
  auto api = client.Get(("/api/articles" + location.substr(2) + "?audience=patient").c_str());
  ASSERT_TRUE(api);
  EXPECT_THAT(json::parse(api->body).dump(), HasSubstr("<script>alert(1)</script>"));

  EXPECT_EQ(serve.Terminate(), 0);
  std::string log = serve.Log();
  EXPECT_THAT(log, HasSubstr("SIGTERM received"));
  EXPECT_THAT(log, HasSubstr("evident: stopped"));
  int lines = 0;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] != '{') continue;
    json entry = json::parse(line, nullptr, false);
    ASSERT_FALSE(entry.is_discarded()) << line;
    EXPECT_TRUE(entry.contains("route") && entry.contains("status") && entry.contains("ms"));
    // Paths without query strings; nothing of a body.
    EXPECT_EQ(entry["path"].get<std::string>().find('?'), std::string::npos) << line;
    if (entry["route"] == "/search") {
      EXPECT_EQ(entry["path"], "/search");
    }
    EXPECT_THAT(line, Not(HasSubstr("fatigue")));
    EXPECT_THAT(line, Not(HasSubstr("alert")));
    ++lines;
  }
  EXPECT_EQ(lines, 5);
}

// The generation /healthz reports, or "" if it did not answer.
std::string HealthzGeneration(httplib::Client& client) {
  auto health = client.Get("/healthz");
  if (!health || health->status != 200) return "";
  return json::parse(health->body).value("index_generation", "");
}

int SearchHits(httplib::Client& client, const std::string& query) {
  auto found = client.Get(("/api/search?q=" + query).c_str());
  if (!found || found->status != 200) return -1;
  return static_cast<int>(json::parse(found->body)["hits"].size());
}

TEST(ServeBinary, AnIngestBesideTheServerIsSwappedInOnSighupWithoutARestart) {
  std::string dir = testing::TempDir();
  WriteHostileCorpus(dir + "/in");
  std::string ingest =
      std::string(EVIDENT_BINARY) + " --quiet --data-dir '" + dir + "/data' ingest ";
  ASSERT_EQ(RunShell(ingest + "'" + dir + "/in' > /dev/null 2>&1"), 0);
  // Looks only when told (SIGHUP), so that the test knows when the switch may happen.
  testing::ServeProcess serve(EVIDENT_BINARY, dir + "/data", {}, {"--reload-interval-ms", "0"});
  ASSERT_GT(serve.port(), 0) << serve.Log();
  httplib::Client client("127.0.0.1", serve.port());
  client.set_read_timeout(30, 0);
  std::string before = HealthzGeneration(client);
  ASSERT_FALSE(before.empty());
  EXPECT_EQ(SearchHits(client, "quorvexitant"), 0);

  // The update: one new abstract, ingested while the server runs.
  std::filesystem::create_directories(dir + "/update");
  std::ofstream(dir + "/update/new.jsonl")
      << R"({"id": "pmid:900002", "title": "Quorvexitant for migraine prevention", )"
      << R"("sections": [{"label": "", "text": "Quorvexitant reduced monthly migraine days in adults with episodic migraine in a randomized trial of 300 patients."}], )"
      << R"("year": 2024, "mesh": ["Migraine Disorders"], "publication_types": ["Randomized Controlled Trial"], "partial": false, "origin": "test"})"
      << "\n";
  ASSERT_EQ(RunShell(ingest + "'" + dir + "/update' > /dev/null 2>&1"), 0);
  // Committed, but not yet looked for: the server still answers from the old generation.
  EXPECT_EQ(HealthzGeneration(client), before);
  EXPECT_EQ(SearchHits(client, "quorvexitant"), 0);

  ASSERT_EQ(kill(serve.pid(), SIGHUP), 0);
  std::string after = before;
  for (int i = 0; i < 600 && after == before; ++i) {  // waits for the switch, not timed
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    after = HealthzGeneration(client);
  }
  EXPECT_NE(after, before) << serve.Log();
  EXPECT_GE(SearchHits(client, "quorvexitant"), 1);
  auto asked = client.Post("/api/ask", R"({"question": "Does quorvexitant prevent migraine?"})",
                           "application/json");
  ASSERT_TRUE(asked);
  ASSERT_EQ(asked->status, 200) << asked->body;
  // Composed over the new generation: the new abstract is cited, or named as the nearest topic.
  EXPECT_THAT(asked->body, HasSubstr("Quorvexitant for migraine prevention"));
  EXPECT_THAT(serve.Log(), HasSubstr("now serving " + after));
  // SIGHUP did not stop it; SIGTERM still does, cleanly.
  EXPECT_EQ(serve.Terminate(), 0);
}

}  // namespace
}  // namespace evident
