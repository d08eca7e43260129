#include "eval/retrieval_evaluator.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>

#include "eval/report_stats.h"
#include "eval/retrieval_metrics.h"

namespace evident {

namespace {

RetrievalMetrics Score(const std::vector<std::string>& ranking, const RelevantSet& relevant) {
  RetrievalMetrics m;
  m.recall_at_10 = RecallAt(ranking, relevant, 10);
  m.recall_at_100 = RecallAt(ranking, relevant, 100);
  m.map_at_10 = AveragePrecisionAt(ranking, relevant, 10);
  m.ndcg_at_10 = NdcgAt(ranking, relevant, 10);
  m.reciprocal_rank = ReciprocalRank(ranking, relevant);
  return m;
}

QuestionResult EvaluateQuestion(const GoldQuestion& question, const SearchFn& search,
                                const EvalOptions& options) {
  RelevantSet relevant(question.relevant.begin(), question.relevant.end());
  auto start = std::chrono::steady_clock::now();
  std::vector<std::string> ranking = search(question.query, options.depth);
  std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;

  QuestionResult result;
  result.id = question.id;
  result.type = question.type;
  result.relevant = relevant.size();
  result.retrieved = ranking.size();
  if (options.in_corpus) {
    result.relevant_in_corpus = std::count_if(relevant.begin(), relevant.end(), options.in_corpus);
  }
  result.metrics = Score(ranking, relevant);
  result.took_ms = took.count();
  return result;
}

RetrievalMetrics Mean(const std::vector<QuestionResult>& results) {
  RetrievalMetrics mean;
  if (results.empty()) return mean;
  for (const QuestionResult& r : results) {
    mean.recall_at_10 += r.metrics.recall_at_10;
    mean.recall_at_100 += r.metrics.recall_at_100;
    mean.map_at_10 += r.metrics.map_at_10;
    mean.ndcg_at_10 += r.metrics.ndcg_at_10;
    mean.reciprocal_rank += r.metrics.reciprocal_rank;
  }
  double n = static_cast<double>(results.size());
  mean.recall_at_10 /= n;
  mean.recall_at_100 /= n;
  mean.map_at_10 /= n;
  mean.ndcg_at_10 /= n;
  mean.reciprocal_rank /= n;
  return mean;
}

GoldCoverage Coverage(const std::vector<QuestionResult>& results) {
  GoldCoverage coverage;
  for (const QuestionResult& r : results) {
    size_t in_corpus = r.relevant_in_corpus.value_or(0);
    coverage.gold_docs += r.relevant;
    coverage.gold_docs_in_corpus += in_corpus;
    if (in_corpus > 0) ++coverage.questions_with_any_gold_in_corpus;
    if (in_corpus == r.relevant) ++coverage.questions_with_all_gold_in_corpus;
  }
  return coverage;
}

nlohmann::json MetricsToJson(const RetrievalMetrics& m) {
  return {{"recall_at_10", m.recall_at_10},
          {"recall_at_100", m.recall_at_100},
          {"map_at_10", m.map_at_10},
          {"ndcg_at_10", m.ndcg_at_10},
          {"reciprocal_rank", m.reciprocal_rank}};
}

}  // namespace

RetrievalReport EvaluateRetrieval(const std::vector<GoldQuestion>& gold, const SearchFn& search,
                                  const EvalOptions& options) {
  RetrievalReport report;
  report.depth = options.depth;
  for (size_t i = 0; i < gold.size(); ++i) {
    if (gold[i].relevant.empty()) {
      ++report.questions_skipped;
    } else {
      report.questions.push_back(EvaluateQuestion(gold[i], search, options));
    }
    if (options.progress) options.progress(i + 1, gold.size());
  }
  report.questions_evaluated = report.questions.size();
  report.mean = Mean(report.questions);
  if (options.in_corpus) report.coverage = Coverage(report.questions);

  std::vector<double> latencies_ms;
  for (const QuestionResult& r : report.questions) latencies_ms.push_back(r.took_ms);
  std::sort(latencies_ms.begin(), latencies_ms.end());
  report.latency_p50_ms = NearestRankPercentile(latencies_ms, 50);
  report.latency_p90_ms = NearestRankPercentile(latencies_ms, 90);
  report.latency_p99_ms = NearestRankPercentile(latencies_ms, 99);
  return report;
}

std::string FormatReport(const RetrievalReport& report) {
  std::vector<std::pair<std::string, std::string>> rows = {
      {"questions evaluated", std::to_string(report.questions_evaluated)},
      {"questions skipped", std::to_string(report.questions_skipped) + " (no gold documents)"},
      {"search depth", std::to_string(report.depth)},
      {"Recall@10", fmt::format("{:.4f}", report.mean.recall_at_10)},
      {"Recall@100", fmt::format("{:.4f}", report.mean.recall_at_100)},
      {"MAP@10", fmt::format("{:.4f}", report.mean.map_at_10)},
      {"nDCG@10", fmt::format("{:.4f}", report.mean.ndcg_at_10)},
      {"MRR", fmt::format("{:.4f}", report.mean.reciprocal_rank)},
  };
  if (report.coverage) {
    const GoldCoverage& c = *report.coverage;
    rows.emplace_back("gold docs in corpus", FormatRatio(c.gold_docs_in_corpus, c.gold_docs));
    rows.emplace_back("questions, any gold in corpus",
                      FormatRatio(c.questions_with_any_gold_in_corpus, report.questions_evaluated));
    rows.emplace_back("questions, all gold in corpus",
                      FormatRatio(c.questions_with_all_gold_in_corpus, report.questions_evaluated));
  }
  rows.emplace_back("latency p50", fmt::format("{:.2f} ms", report.latency_p50_ms));
  rows.emplace_back("latency p90", fmt::format("{:.2f} ms", report.latency_p90_ms));
  rows.emplace_back("latency p99", fmt::format("{:.2f} ms", report.latency_p99_ms));

  size_t width = 0;
  for (const auto& [label, value] : rows) width = std::max(width, label.size());
  std::string out;
  for (const auto& [label, value] : rows) out += fmt::format("{:<{}}  {}\n", label, width, value);
  return out;
}

nlohmann::json ReportToJson(const RetrievalReport& report) {
  nlohmann::json json = {
      {"depth", report.depth},
      {"questions_evaluated", report.questions_evaluated},
      {"questions_skipped", report.questions_skipped},
      {"mean", MetricsToJson(report.mean)},
      {"latency_ms",
       {{"p50", report.latency_p50_ms},
        {"p90", report.latency_p90_ms},
        {"p99", report.latency_p99_ms}}},
  };
  if (report.coverage) {
    const GoldCoverage& c = *report.coverage;
    json["gold_coverage"] = {
        {"gold_docs", c.gold_docs},
        {"gold_docs_in_corpus", c.gold_docs_in_corpus},
        {"questions_with_any_gold_in_corpus", c.questions_with_any_gold_in_corpus},
        {"questions_with_all_gold_in_corpus", c.questions_with_all_gold_in_corpus}};
  }
  nlohmann::json questions = nlohmann::json::array();
  for (const QuestionResult& r : report.questions) {
    nlohmann::json q = {{"id", r.id},
                        {"type", r.type},
                        {"relevant", r.relevant},
                        {"retrieved", r.retrieved},
                        {"metrics", MetricsToJson(r.metrics)},
                        {"took_ms", r.took_ms}};
    if (r.relevant_in_corpus) q["relevant_in_corpus"] = *r.relevant_in_corpus;
    questions.push_back(std::move(q));
  }
  json["questions"] = std::move(questions);
  return json;
}

}  // namespace evident
