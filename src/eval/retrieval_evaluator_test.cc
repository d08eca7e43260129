#include "eval/retrieval_evaluator.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <map>
#include <sstream>
#include <thread>

#include "common/testing.h"

namespace evident {
namespace {

using Ids = std::vector<std::string>;

// Two questions; each has two relevant documents and eight distractors. The oracle ranking puts
// the relevant ones first: q1 -> a b x1..x8, q2 -> c d y1..y8.
std::vector<GoldQuestion> TwoQuestions() {
  return {{"q1", "first query", "factoid", {"pmid:a", "pmid:b"}, {}},
          {"q2", "second query", "list", {"pmid:c", "pmid:d"}, {}}};
}

Ids OracleRanking(const std::string& query) {
  std::string prefix = query == "first query" ? "x" : "y";
  Ids ranking = query == "first query" ? Ids{"pmid:a", "pmid:b"} : Ids{"pmid:c", "pmid:d"};
  for (int i = 1; i <= 8; ++i) ranking.push_back(fmt::format("pmid:{}{}", prefix, i));
  return ranking;
}

void ExpectMetrics(const RetrievalMetrics& m, double recall10, double recall100, double map10,
                   double ndcg10, double rr) {
  EXPECT_NEAR(m.recall_at_10, recall10, 1e-9);
  EXPECT_NEAR(m.recall_at_100, recall100, 1e-9);
  EXPECT_NEAR(m.map_at_10, map10, 1e-9);
  EXPECT_NEAR(m.ndcg_at_10, ndcg10, 1e-9);
  EXPECT_NEAR(m.reciprocal_rank, rr, 1e-9);
}

TEST(EvaluateRetrieval, PerfectOracleScoresOneEverywhere) {
  SearchFn oracle = [](const std::string& query, int k) { return OracleRanking(query); };
  RetrievalReport report = EvaluateRetrieval(TwoQuestions(), oracle, {});
  EXPECT_EQ(report.questions_evaluated, 2u);
  EXPECT_EQ(report.questions_skipped, 0u);
  ExpectMetrics(report.mean, 1, 1, 1, 1, 1);
  ASSERT_EQ(report.questions.size(), 2u);
  EXPECT_EQ(report.questions[1].id, "q2");
  EXPECT_EQ(report.questions[1].type, "list");
  EXPECT_EQ(report.questions[1].relevant, 2u);
  EXPECT_EQ(report.questions[1].retrieved, 10u);
  EXPECT_FALSE(report.coverage.has_value());
}

TEST(EvaluateRetrieval, ReversedOracleGivesKnownNumbers) {
  // Reversed: x8..x1 b a, so the relevant documents sit at ranks 9 and 10.
  //   Recall@10 = Recall@100 = 2/2 = 1.
  //   AP@10 = (P@9 + P@10) / min(2, 10) = (1/9 + 2/10) / 2 = 0.155556.
  //   nDCG@10 = (1/log2(10) + 1/log2(11)) / (1/log2(2) + 1/log2(3))
  //           = (0.301030 + 0.289065) / 1.630930 = 0.361815.
  //   RR = 1/9.
  SearchFn reversed = [](const std::string& query, int k) {
    Ids ranking = OracleRanking(query);
    return Ids(ranking.rbegin(), ranking.rend());
  };
  RetrievalReport report = EvaluateRetrieval(TwoQuestions(), reversed, {});
  double ndcg = (1 / std::log2(10.0) + 1 / std::log2(11.0)) / (1 + 1 / std::log2(3.0));
  EXPECT_NEAR(ndcg, 0.361815, 1e-6);
  ExpectMetrics(report.mean, 1, 1, (1.0 / 9 + 2.0 / 10) / 2, ndcg, 1.0 / 9);
  ExpectMetrics(report.questions[0].metrics, 1, 1, (1.0 / 9 + 2.0 / 10) / 2, ndcg, 1.0 / 9);
}

TEST(EvaluateRetrieval, MeansAreMacroAveragedOverQuestions) {
  // q1 is answered perfectly (all 1), q2 gets nothing relevant (all 0): every mean is 0.5.
  SearchFn half = [](const std::string& query, int k) {
    return query == "first query" ? OracleRanking(query) : Ids{"pmid:z"};
  };
  RetrievalReport report = EvaluateRetrieval(TwoQuestions(), half, {});
  ExpectMetrics(report.mean, 0.5, 0.5, 0.5, 0.5, 0.5);
  ExpectMetrics(report.questions[1].metrics, 0, 0, 0, 0, 0);
}

TEST(EvaluateRetrieval, AsksForDepthAndSkipsQuestionsWithoutGold) {
  std::vector<GoldQuestion> gold = TwoQuestions();
  gold.insert(gold.begin() + 1, GoldQuestion{"q0", "no gold", "summary", {}, {}});
  std::vector<std::string> queries;
  std::vector<int> depths;
  SearchFn recording = [&](const std::string& query, int k) {
    queries.push_back(query);
    depths.push_back(k);
    return OracleRanking(query);
  };
  std::vector<std::pair<size_t, size_t>> progress;
  EvalOptions options;
  options.depth = 20;
  options.progress = [&](size_t done, size_t total) { progress.emplace_back(done, total); };
  RetrievalReport report = EvaluateRetrieval(gold, recording, options);

  EXPECT_EQ(queries, (Ids{"first query", "second query"}));
  EXPECT_EQ(depths, (std::vector<int>{20, 20}));
  EXPECT_EQ(report.depth, 20);
  EXPECT_EQ(report.questions_evaluated, 2u);
  EXPECT_EQ(report.questions_skipped, 1u);
  EXPECT_EQ((std::vector<std::pair<size_t, size_t>>{{1, 3}, {2, 3}, {3, 3}}), progress);
  ExpectMetrics(report.mean, 1, 1, 1, 1, 1);  // the skipped question does not drag means down
}

TEST(EvaluateRetrieval, EmptyGoldSetGivesZeroReport) {
  int calls = 0;
  SearchFn search = [&](const std::string&, int) {
    ++calls;
    return Ids{};
  };
  RetrievalReport report = EvaluateRetrieval({}, search, {});
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(report.questions_evaluated, 0u);
  ExpectMetrics(report.mean, 0, 0, 0, 0, 0);
  EXPECT_EQ(report.latency_p99_ms, 0.0);
}

TEST(EvaluateRetrieval, ReportsGoldCoverageWhenCorpusIsKnown) {
  // Corpus holds a, b (both of q1's gold) and c (one of q2's two).
  EvalOptions options;
  options.in_corpus = [](const std::string& id) {
    return id == "pmid:a" || id == "pmid:b" || id == "pmid:c";
  };
  SearchFn oracle = [](const std::string& query, int k) { return OracleRanking(query); };
  RetrievalReport report = EvaluateRetrieval(TwoQuestions(), oracle, options);
  ASSERT_TRUE(report.coverage.has_value());
  EXPECT_EQ(report.coverage->gold_docs, 4u);
  EXPECT_EQ(report.coverage->gold_docs_in_corpus, 3u);
  EXPECT_EQ(report.coverage->questions_with_any_gold_in_corpus, 2u);
  EXPECT_EQ(report.coverage->questions_with_all_gold_in_corpus, 1u);
  EXPECT_EQ(report.questions[0].relevant_in_corpus, 2u);
  EXPECT_EQ(report.questions[1].relevant_in_corpus, 1u);
}

TEST(EvaluateRetrieval, TimesEachSearchAndReportsNearestRankPercentiles) {
  // Ten questions; only the last search sleeps. Nearest rank: p50 = 5th fastest, p90 = 9th,
  // p99 = ceil(9.9) = 10th, the slow one.
  std::vector<GoldQuestion> gold;
  gold.reserve(10);
  for (int i = 0; i < 10; ++i) {
    gold.push_back({fmt::format("q{}", i), fmt::format("{}", i), "factoid", {"pmid:1"}, {}});
  }
  SearchFn search = [](const std::string& query, int k) {
    if (query == "9") std::this_thread::sleep_for(std::chrono::milliseconds(30));
    return Ids{"pmid:1"};
  };
  RetrievalReport report = EvaluateRetrieval(gold, search, {});
  EXPECT_GE(report.questions[9].took_ms, 30.0);
  EXPECT_LT(report.latency_p50_ms, 30.0);
  EXPECT_LT(report.latency_p90_ms, 30.0);
  EXPECT_EQ(report.latency_p99_ms, report.questions[9].took_ms);
  EXPECT_LE(report.latency_p50_ms, report.latency_p90_ms);
}

TEST(EvaluateRetrieval, OracleOverTheRealPubmedqaSetScoresOne) {
  auto gold = LoadPubmedqa(testing::DataDir() + "/eval/pubmedqa_dev.json");
  ASSERT_TRUE(gold.ok()) << gold.status().ToString();
  std::map<std::string, Ids> relevant_by_query;
  for (const GoldQuestion& q : *gold) relevant_by_query[q.query] = q.relevant;
  SearchFn oracle = [&](const std::string& query, int k) { return relevant_by_query[query]; };
  RetrievalReport report = EvaluateRetrieval(*gold, oracle, {});
  EXPECT_EQ(report.questions_evaluated, 500u);
  ExpectMetrics(report.mean, 1, 1, 1, 1, 1);
}

TEST(FormatReport, AlignsLabelsAndShowsMetrics) {
  SearchFn half = [](const std::string& query, int k) {
    return query == "first query" ? OracleRanking(query) : Ids{};
  };
  EvalOptions options;
  options.in_corpus = [](const std::string&) { return true; };
  std::string text = FormatReport(EvaluateRetrieval(TwoQuestions(), half, options));
  EXPECT_NE(text.find("MAP@10"), std::string::npos) << text;
  EXPECT_NE(text.find("0.5000"), std::string::npos) << text;
  EXPECT_NE(text.find("4 / 4 (100.0%)"), std::string::npos) << text;
  // Every value starts in the same column: two spaces after the longest label.
  std::istringstream lines(text);
  std::string line;
  size_t value_column = std::string::npos;
  int rows = 0;
  while (std::getline(lines, line)) {
    size_t gap = line.find("  ");
    ASSERT_NE(gap, std::string::npos) << line;
    size_t column = line.find_first_not_of(' ', gap);
    if (value_column == std::string::npos) value_column = column;
    EXPECT_EQ(column, value_column) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 16);  // 10 summary + 3 coverage + 3 latency rows
}

TEST(FormatReports, PutsRunsSideBySideUnderTheirNames) {
  SearchFn oracle = [](const std::string& query, int k) { return OracleRanking(query); };
  SearchFn nothing = [](const std::string&, int) { return Ids{}; };
  RetrievalReport good = EvaluateRetrieval(TwoQuestions(), oracle, {});
  RetrievalReport bad = EvaluateRetrieval(TwoQuestions(), nothing, {});
  std::string text = FormatReports({{"plain", &bad}, {"full", &good}});
  std::istringstream lines(text);
  std::string header, line;
  ASSERT_TRUE(std::getline(lines, header));
  const size_t plain = header.find("plain"), full = header.find("full");
  ASSERT_NE(plain, std::string::npos) << text;
  ASSERT_NE(full, std::string::npos) << text;
  EXPECT_LT(plain, full);
  bool found = false;
  while (std::getline(lines, line)) {
    if (line.rfind("nDCG@10 ", 0) != 0) continue;
    found = true;
    // Each run's value sits under its name.
    EXPECT_EQ(line.substr(plain, 6), "0.0000") << text;
    EXPECT_EQ(line.substr(full, 6), "1.0000") << text;
  }
  EXPECT_TRUE(found) << text;
}

TEST(EvaluateRetrieval, MeansOverEvenAndOddPositionsOfTheGoldSet) {
  // q1 at position 0 is answered perfectly, q2 not at all.
  SearchFn half = [](const std::string& query, int k) {
    return query == "first query" ? OracleRanking(query) : Ids{"pmid:z"};
  };
  RetrievalReport report = EvaluateRetrieval(TwoQuestions(), half, {});
  EXPECT_EQ(report.questions[1].position, 1u);
  ExpectMetrics(report.mean_even, 1, 1, 1, 1, 1);
  ExpectMetrics(report.mean_odd, 0, 0, 0, 0, 0);
  // Positions count every question of the file, skipped ones too: q2 moves to position 2.
  std::vector<GoldQuestion> gold = TwoQuestions();
  gold.insert(gold.begin() + 1, GoldQuestion{"q0", "no gold", "summary", {}, {}});
  report = EvaluateRetrieval(gold, half, {});
  EXPECT_EQ(report.questions[1].position, 2u);
  ExpectMetrics(report.mean_even, 0.5, 0.5, 0.5, 0.5, 0.5);
  ExpectMetrics(report.mean_odd, 0, 0, 0, 0, 0);
  nlohmann::json json = ReportToJson(report);
  EXPECT_EQ(json["mean_even"]["ndcg_at_10"], 0.5);
  EXPECT_EQ(json["questions"][1]["position"], 2);
}

TEST(ReportToJson, CarriesSummaryAndPerQuestionResults) {
  SearchFn oracle = [](const std::string& query, int k) { return OracleRanking(query); };
  EvalOptions options;
  options.in_corpus = [](const std::string&) { return false; };
  nlohmann::json json = ReportToJson(EvaluateRetrieval(TwoQuestions(), oracle, options));
  EXPECT_EQ(json["depth"], 100);
  EXPECT_EQ(json["questions_evaluated"], 2);
  EXPECT_EQ(json["mean"]["map_at_10"], 1.0);
  EXPECT_EQ(json["mean"]["reciprocal_rank"], 1.0);
  EXPECT_EQ(json["gold_coverage"]["gold_docs_in_corpus"], 0);
  EXPECT_TRUE(json["latency_ms"].contains("p99"));
  ASSERT_EQ(json["questions"].size(), 2u);
  EXPECT_EQ(json["questions"][0]["id"], "q1");
  EXPECT_EQ(json["questions"][0]["metrics"]["ndcg_at_10"], 1.0);
  EXPECT_EQ(json["questions"][0]["relevant_in_corpus"], 0);
  EXPECT_TRUE(json["questions"][0].contains("took_ms"));
}

}  // namespace
}  // namespace evident
