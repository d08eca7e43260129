// `evident serve` as a process: source text with markup in it is escaped on every page (a small
// corpus with <script> and "onmouseover= in titles and text, ingested with `evident ingest`),
// access logs are JSON lines on stderr, and SIGTERM stops the server cleanly.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

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
    if (entry["route"] == "/search") EXPECT_EQ(entry["path"], "/search");
    EXPECT_THAT(line, Not(HasSubstr("fatigue")));
    EXPECT_THAT(line, Not(HasSubstr("alert")));
    ++lines;
  }
  EXPECT_EQ(lines, 5);
}

}  // namespace
}  // namespace evident
