#include "eval/retrieval_evaluator.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
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

QuestionResult EvaluateQuestion(size_t position, const GoldQuestion& question,
                                const SearchFn& search, const EvalOptions& options) {
  RelevantSet relevant(question.relevant.begin(), question.relevant.end());
  auto start = std::chrono::steady_clock::now();
  std::vector<std::string> ranking = search(question.query, options.depth);
  std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;

  QuestionResult result;
  result.position = position;
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
      report.questions.push_back(EvaluateQuestion(i, gold[i], search, options));
    }
    if (options.progress) options.progress(i + 1, gold.size());
  }
  report.questions_evaluated = report.questions.size();
  report.mean = Mean(report.questions);
  std::vector<QuestionResult> halves[2];
  for (const QuestionResult& r : report.questions) halves[r.position % 2].push_back(r);
  report.mean_even = Mean(halves[0]);
  report.mean_odd = Mean(halves[1]);
  if (options.in_corpus) report.coverage = Coverage(report.questions);

  std::vector<double> latencies_ms;
  for (const QuestionResult& r : report.questions) latencies_ms.push_back(r.took_ms);
  std::sort(latencies_ms.begin(), latencies_ms.end());
  report.latency_p50_ms = NearestRankPercentile(latencies_ms, 50);
  report.latency_p90_ms = NearestRankPercentile(latencies_ms, 90);
  report.latency_p99_ms = NearestRankPercentile(latencies_ms, 99);
  return report;
}

std::string FormatReport(const RetrievalReport& report) { return FormatReports({{"", &report}}); }

std::string FormatReports(const std::vector<std::pair<std::string, const RetrievalReport*>>& runs) {
  if (runs.empty()) return "";
  // Rows of a label and one value per run; a header row names the runs.
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  if (runs.size() > 1 || !runs.front().first.empty()) {
    rows.emplace_back("", std::vector<std::string>{});
    for (const auto& run : runs) rows.back().second.push_back(run.first);
  }
  auto add = [&](std::string label, const std::function<std::string(const RetrievalReport&)>& f) {
    rows.emplace_back(std::move(label), std::vector<std::string>{});
    for (const auto& run : runs) rows.back().second.push_back(f(*run.second));
  };
  auto metric = [](double RetrievalMetrics::*m, RetrievalMetrics RetrievalReport::*mean) {
    return [m, mean](const RetrievalReport& r) { return fmt::format("{:.4f}", (r.*mean).*m); };
  };
  auto coverage = [](const std::function<std::string(const GoldCoverage&, size_t)>& f) {
    return [f](const RetrievalReport& r) {
      return r.coverage ? f(*r.coverage, r.questions_evaluated) : std::string("-");
    };
  };
  add("questions evaluated", [](const auto& r) { return std::to_string(r.questions_evaluated); });
  add("questions skipped",
      [](const auto& r) { return std::to_string(r.questions_skipped) + " (no gold documents)"; });
  add("search depth", [](const auto& r) { return std::to_string(r.depth); });
  add("Recall@10", metric(&RetrievalMetrics::recall_at_10, &RetrievalReport::mean));
  add("Recall@100", metric(&RetrievalMetrics::recall_at_100, &RetrievalReport::mean));
  add("MAP@10", metric(&RetrievalMetrics::map_at_10, &RetrievalReport::mean));
  add("nDCG@10", metric(&RetrievalMetrics::ndcg_at_10, &RetrievalReport::mean));
  add("nDCG@10, even questions",
      metric(&RetrievalMetrics::ndcg_at_10, &RetrievalReport::mean_even));
  add("nDCG@10, odd questions", metric(&RetrievalMetrics::ndcg_at_10, &RetrievalReport::mean_odd));
  add("MRR", metric(&RetrievalMetrics::reciprocal_rank, &RetrievalReport::mean));
  if (runs.front().second->coverage) {
    add("gold docs in corpus", coverage([](const GoldCoverage& c, size_t) {
          return FormatRatio(c.gold_docs_in_corpus, c.gold_docs);
        }));
    add("questions, any gold in corpus", coverage([](const GoldCoverage& c, size_t n) {
          return FormatRatio(c.questions_with_any_gold_in_corpus, n);
        }));
    add("questions, all gold in corpus", coverage([](const GoldCoverage& c, size_t n) {
          return FormatRatio(c.questions_with_all_gold_in_corpus, n);
        }));
  }
  add("latency p50", [](const auto& r) { return fmt::format("{:.2f} ms", r.latency_p50_ms); });
  add("latency p90", [](const auto& r) { return fmt::format("{:.2f} ms", r.latency_p90_ms); });
  add("latency p99", [](const auto& r) { return fmt::format("{:.2f} ms", r.latency_p99_ms); });

  size_t label_width = 0;
  std::vector<size_t> widths(runs.size(), 0);
  for (const auto& [label, values] : rows) {
    label_width = std::max(label_width, label.size());
    for (size_t i = 0; i < values.size(); ++i) widths[i] = std::max(widths[i], values[i].size());
  }
  std::string out;
  for (const auto& [label, values] : rows) {
    out += fmt::format("{:<{}}", label, label_width);
    for (size_t i = 0; i < values.size(); ++i) {
      // No padding after the last column.
      out += "  " + fmt::format("{:<{}}", values[i], i + 1 < values.size() ? widths[i] : 0);
    }
    out += "\n";
  }
  return out;
}

nlohmann::json ReportToJson(const RetrievalReport& report) {
  nlohmann::json json = {
      {"depth", report.depth},
      {"questions_evaluated", report.questions_evaluated},
      {"questions_skipped", report.questions_skipped},
      {"mean", MetricsToJson(report.mean)},
      {"mean_even", MetricsToJson(report.mean_even)},
      {"mean_odd", MetricsToJson(report.mean_odd)},
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
    nlohmann::json q = {{"position", r.position},   {"id", r.id},
                        {"type", r.type},           {"relevant", r.relevant},
                        {"retrieved", r.retrieved}, {"metrics", MetricsToJson(r.metrics)},
                        {"took_ms", r.took_ms}};
    if (r.relevant_in_corpus) q["relevant_in_corpus"] = *r.relevant_in_corpus;
    questions.push_back(std::move(q));
  }
  json["questions"] = std::move(questions);
  return json;
}

}  // namespace evident
