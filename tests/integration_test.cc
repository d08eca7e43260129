// Integration tests: the `evident` binary against the whole shared corpus, ingested once by the
// `ingest_corpus` CTest fixture into EVIDENT_IT_DATA_DIR.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/testing.h"

namespace evident {
namespace {

using ::testing::HasSubstr;

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout and stderr
};

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

CommandResult Evident(const std::string& args, const std::string& data_dir = EVIDENT_IT_DATA_DIR,
                      bool merge_stderr = false) {
  std::string cmd = std::string(EVIDENT_BINARY) + " --quiet --data-dir " + Quote(data_dir) + " " +
                    args + (merge_stderr ? " 2>&1" : " 2>/dev/null");
  CommandResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) r.out.append(buf, n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

nlohmann::json Json(const CommandResult& r) {
  EXPECT_EQ(r.exit_code, 0) << r.out;
  try {
    return nlohmann::json::parse(r.out);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not JSON: " << e.what() << "\n" << r.out.substr(0, 2000);
    return {};
  }
}

TEST(Corpus, WholeCorpusIsInTheStoreAndIndex) {
  auto stats = Json(Evident("stats --json"));
  // Shared data counts.json: 23,285 research abstracts, 1,378 NCI + 137 USPSTF + 116 NGC
  // guideline pages, 15,848 MedQuAD answers, plus the PubMed XML fixtures.
  EXPECT_GE(stats["store"]["documents"].get<int64_t>(), 23285 + 1378 + 137 + 116 + 15848);
  EXPECT_EQ(stats["store"]["documents"], stats["index"]["documents"]);
  EXPECT_EQ(stats["store"]["passages"], stats["index"]["passages"]);
  EXPECT_GT(stats["store"]["references"].get<int64_t>(), 10000);  // PDQ reference lists
}

TEST(Search, SeedQuestionFindsTheNciNeuroendocrineTreatmentPage) {
  auto out = Json(Evident("search --json \"lutetium octreotate neuroendocrine liver metastases\""));
  ASSERT_TRUE(out["hits"].is_array());
  ASSERT_GE(out["hits"].size(), 3u);
  std::vector<std::string> top3;
  for (int i = 0; i < 3; ++i) top3.push_back(out["hits"][i]["id"]);
  EXPECT_THAT(top3, ::testing::Contains(
                        "nci:types:gi-neuroendocrine-tumors:hp:gi-neuroendocrine-treatment-pdq"));
  for (const auto& hit : out["hits"]) {
    for (const char* key : {"id", "passage_id", "score", "title", "snippet", "kind", "year"}) {
      EXPECT_TRUE(hit.contains(key)) << key;
    }
    EXPECT_THAT(hit["passage_id"].get<std::string>(),
                HasSubstr(hit["id"].get<std::string>() + "#"));
  }
  EXPECT_TRUE(out["took_ms"].is_number());
}

TEST(Search, NoDocumentTwiceAndKHonoured) {
  auto out = Json(Evident("search --json -k 50 \"breast cancer screening mammography\""));
  ASSERT_EQ(out["hits"].size(), 50u);
  std::set<std::string> ids;
  for (const auto& hit : out["hits"]) EXPECT_TRUE(ids.insert(hit["id"]).second) << hit["id"];
}

TEST(Search, BadInputGetsClearErrors) {
  EXPECT_EQ(Evident("search").exit_code, 2);
  EXPECT_EQ(Evident("search -k 0 x").exit_code, 2);
  auto missing = Evident("search x", testing::TempDir() + "/nothing-here", true);
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.out, HasSubstr("evident ingest"));
  auto nothing = Json(Evident("search --json \"the of and\""));
  EXPECT_EQ(nothing["hits"].size(), 0u);
}

// By default eval retrieval runs plain BM25F (fast) and the full pipeline side by side.
TEST(Eval, BioasqDevRetrievalMeetsTheBar) {
  auto report = Json(Evident("eval retrieval --json --bioasq " +
                             Quote(testing::DataDir() + "/eval/bioasq_dev.json")));
  const nlohmann::json &full = report["full"], &plain = report["fast"];
  EXPECT_EQ(full["questions_evaluated"], 1983);
  EXPECT_EQ(plain["questions_evaluated"], 1983);
  double ndcg = full["mean"]["ndcg_at_10"], recall100 = full["mean"]["recall_at_100"];
  double plain_ndcg = plain["mean"]["ndcg_at_10"];
  RecordProperty("ndcg_at_10", std::to_string(ndcg));
  RecordProperty("recall_at_100", std::to_string(recall100));
  RecordProperty("plain_bm25f_ndcg_at_10", std::to_string(plain_ndcg));
  // Issue 3: nDCG@10 >= 0.80 with query analysis and reranking. Measured 0.805 (even-numbered
  // questions 0.808, odd 0.802) / Recall@100 0.918; plain BM25F 0.791 / 0.915.
  EXPECT_GE(ndcg, 0.80);
  EXPECT_GE(recall100, 0.90);
  EXPECT_GE(full["mean_odd"]["ndcg_at_10"].get<double>(), 0.795);  // the held-out half
  EXPECT_GT(ndcg, plain_ndcg + 0.005);
}

TEST(Eval, PubmedqaDevFindsTheSourceAbstract) {
  auto report = Json(Evident("eval retrieval --json --mode full --pubmedqa " +
                             Quote(testing::DataDir() + "/eval/pubmedqa_dev.json")));
  ASSERT_FALSE(report.contains("fast"));
  EXPECT_EQ(report["full"]["questions_evaluated"], 500);
  EXPECT_GE(report["full"]["mean"]["recall_at_10"].get<double>(), 0.85);
  // Measured 0.965 (plain BM25F 0.959).
  EXPECT_GE(report["full"]["mean"]["ndcg_at_10"].get<double>(), 0.95);
}

// `evident eval answers --json` on every `every`-th question of a dev set ("bioasq" or
// "pubmedqa"): a cheap subset, the full sets are measured in docs/answers.md.
nlohmann::json EvalAnswers(const std::string& set, int every) {
  return Json(Evident("eval answers --json --every " + std::to_string(every) + " --" + set + " " +
                      Quote(testing::DataDir() + "/eval/" + set + "_dev.json")));
}

// Issue 3: citation validity 100%, no sentence without a citation.
void ExpectEveryCitationValid(const nlohmann::json& report) {
  const nlohmann::json& citations = report["citations"];
  EXPECT_GT(citations["blocks_checked"].get<int>(), 0);
  EXPECT_EQ(citations["blocks_valid"], citations["blocks_checked"]);
  EXPECT_EQ(citations["uncited_blocks"], 0);
  EXPECT_EQ(citations["answers_with_violations"], 0);
  EXPECT_TRUE(report["violations"].empty()) << report["violations"].dump(2);
}

TEST(EvalAnswers, BioasqSubsetEveryCitationValid) {
  auto report = EvalAnswers("bioasq", 20);
  EXPECT_EQ(report["questions"], 100);
  ExpectEveryCitationValid(report);
  EXPECT_GE(report["answerable_rate"].get<double>(), 0.85);
  // ROUGE is measured for the summary and yes/no questions, beside the lead baseline.
  EXPECT_GT(report["rouge_focus"]["questions"].get<int>(), 30);
  EXPECT_GT(report["rouge_focus"]["rouge_2_f1"].get<double>(), 0.0);
  EXPECT_GT(report["rouge_focus"]["lead_rouge_2_f1"].get<double>(), 0.0);
  RecordProperty("rouge_2_f1", std::to_string(report["rouge_focus"]["rouge_2_f1"].get<double>()));
}

// Issue 3: "ROUGE-2 F1 ... above a lead-sentences baseline of the top documents computed in the
// same run", on the summary and yes/no questions. The margin is a few percent (full dev set
// 0.182 vs 0.179, every 2nd question 0.190 vs 0.185; docs/answers.md), and a 50-question
// subset is too small to show it reliably (every 20th: 0.190 vs 0.192), so this runs every 2nd
// question (479 summary and yes/no). A measurement of quality, not of memory safety: the
// sanitized run (EVIDENT_SANITIZED, the asan test preset) skips it, the release run keeps it.
TEST(EvalAnswers, BioasqRouge2AboveTheLeadBaseline) {
  if (std::getenv("EVIDENT_SANITIZED") != nullptr) GTEST_SKIP() << "measured in the release run";
  auto report = EvalAnswers("bioasq", 2);
  EXPECT_GT(report["rouge_focus"]["questions"].get<int>(), 400);
  EXPECT_GT(report["rouge_focus"]["rouge_2_f1"].get<double>(),
            report["rouge_focus"]["lead_rouge_2_f1"].get<double>());
  RecordProperty("rouge_2_f1", std::to_string(report["rouge_focus"]["rouge_2_f1"].get<double>()));
  RecordProperty("lead_rouge_2_f1",
                 std::to_string(report["rouge_focus"]["lead_rouge_2_f1"].get<double>()));
}

TEST(EvalAnswers, PubmedqaSubsetCitesTheSourceAbstract) {
  auto report = EvalAnswers("pubmedqa", 10);
  EXPECT_EQ(report["questions"], 50);
  ExpectEveryCitationValid(report);
  // Issue 3: the source abstract cited in >= 90% of answers (measured 48 / 50 at ef6431b).
  EXPECT_GE(report["gold_cited_rate"].get<double>(), 0.90);
}

// Issue 3: "the gold conclusion sentence(s) appear in >= 60%" (every sentence of the conclusion
// quoted; rule in eval/conclusion_match.h). Was 15 / 50 at ef6431b; with conclusions of
// structured abstracts preferred (ComposerOptions::conclusion_bonus) every 5th question of the
// dev set measured 71 / 100.
TEST(EvalAnswers, PubmedqaSubsetQuotesTheConclusion) {
  auto report = EvalAnswers("pubmedqa", 10);
  EXPECT_GE(report["conclusion"]["all_rate"].get<double>(), 0.60);
  RecordProperty("conclusion_all_rate",
                 std::to_string(report["conclusion"]["all_rate"].get<double>()));
}

TEST(Ingest, ReingestingChangesNothing) {
  auto r = Evident("ingest " + Quote(testing::DataDir() + "/corpus/guidelines/uspstf"),
                   EVIDENT_IT_DATA_DIR);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("0 added, 0 updated, 137 unchanged"));
  EXPECT_THAT(r.out, HasSubstr("is up to date"));
}

// A directory with good files and bad ones: every bad record is reported with its file and
// position, every good one is ingested, and the run succeeds.
TEST(Ingest, MalformedRecordsAreReportedWithLocationAndSkipped) {
  std::string dir = testing::TempDir();
  std::string in = dir + "/in";
  std::filesystem::create_directories(in);
  {
    std::ofstream f(in + "/abstracts.jsonl");
    f << R"({"id": "pmid:1", "title": "Good one", "sections": [{"label": "", "text": "Aspirin lowers fever."}], "year": 2001, "mesh": [], "publication_types": [], "partial": false, "origin": "test"})"
      << "\n{not json at all\n"
      << R"({"id": "pmid:2", "title": "Good two", "sections": [{"label": "", "text": "Ibuprofen lowers fever."}], "year": 2002, "mesh": [], "publication_types": [], "partial": false, "origin": "test"})"
      << "\n";
  }
  {
    gzFile gz = gzopen((in + "/cut.xml.gz").c_str(), "wb");
    std::string xml =
        "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>77</PMID><Article>"
        "<ArticleTitle>Fever in children</ArticleTitle></Article></MedlineCitation>"
        "</PubmedArticle><PubmedArticle><MedlineCitation><PMID>78</PMID><Art";
    gzwrite(gz, xml.data(), static_cast<unsigned>(xml.size()));
    gzclose(gz);
  }
  std::ofstream(in + "/page.md") << "no front matter here\n";
  auto r = Evident("ingest " + Quote(in), dir + "/data", true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("abstracts.jsonl: line 2"));
  EXPECT_THAT(r.out, HasSubstr("cut.xml.gz"));
  EXPECT_THAT(r.out, HasSubstr("page.md"));
  auto out = Json(Evident("search --json fever", dir + "/data"));
  std::set<std::string> ids;
  for (const auto& hit : out["hits"]) ids.insert(hit["id"]);
  EXPECT_EQ(ids, (std::set<std::string>{"pmid:1", "pmid:2", "pmid:77"}));
}

TEST(Ingest, MissingPathIsAnErrorAndLeavesTheIndexServing) {
  auto r = Evident("ingest /nonexistent/corpus", EVIDENT_IT_DATA_DIR, true);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("/nonexistent/corpus"));
  EXPECT_EQ(Evident("search --json aspirin").exit_code, 0);
}

}  // namespace
}  // namespace evident
