// RetrievalEvaluator: runs every question of a gold set through a search function and measures
// how well the returned ranking finds the gold documents (Recall@10, Recall@100, MAP@10, nDCG@10,
// MRR; see retrieval_metrics.h), with the latency of each search. The search is a plain function,
// so the same evaluator measures the real index, a baseline, or a fake in tests.
// Thread-safety: EvaluateRetrieval calls `search` and the callbacks from the calling thread only,
// one question at a time; reports are plain values.
#pragma once

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "eval/gold_set.h"

namespace evident {

//! Returns up to `k` document ids ("pmid:N"), best first, for `query`.
using SearchFn = std::function<std::vector<std::string>(const std::string& query, int k)>;

struct EvalOptions {
  //! How many documents to ask `search` for. 100 so that Recall@100 is measured in full; with a
  //! smaller depth Recall@100 is effectively Recall@depth.
  int depth = 100;
  //! If set, called after each question with (questions done, questions total).
  std::function<void(size_t done, size_t total)> progress;
  //! If set, says whether a document is in the searched corpus; the report then counts how many
  //! gold documents the search could have found at all (GoldCoverage).
  std::function<bool(const std::string& doc_id)> in_corpus;
};

//! Metrics of one ranking (per question), or their means over questions (per report).
struct RetrievalMetrics {
  double recall_at_10 = 0;
  double recall_at_100 = 0;
  double map_at_10 = 0;  //!< AP@10 for one question; MAP@10 as a mean
  double ndcg_at_10 = 0;
  double reciprocal_rank = 0;  //!< MRR as a mean
};

struct QuestionResult {
  size_t position = 0;  //!< the question's index in the gold set (file order, from 0)
  std::string id;
  std::string type;
  size_t relevant = 0;                       //!< gold documents
  size_t retrieved = 0;                      //!< ids the search returned (repeats included)
  std::optional<size_t> relevant_in_corpus;  //!< set when EvalOptions::in_corpus is
  RetrievalMetrics metrics;
  double took_ms = 0;  //!< wall time of the search call (steady clock)
};

//! Which gold documents exist in the corpus: an upper bound on what any search can find.
//! Counts are over evaluated questions; a document gold for two questions counts twice.
struct GoldCoverage {
  size_t gold_docs = 0;
  size_t gold_docs_in_corpus = 0;
  size_t questions_with_any_gold_in_corpus = 0;
  size_t questions_with_all_gold_in_corpus = 0;
};

struct RetrievalReport {
  int depth = 0;
  size_t questions_evaluated = 0;
  size_t questions_skipped = 0;  //!< questions without gold documents (metrics undefined)
  RetrievalMetrics mean;         //!< macro-averaged over evaluated questions
  //! The same over the questions at even / odd positions of the gold set: the halves that
  //! `evident eval tune-rerank --train even|odd` fits rerank weights on and holds out.
  RetrievalMetrics mean_even, mean_odd;
  std::optional<GoldCoverage> coverage;
  //! Search latency percentiles (nearest-rank method) over evaluated questions.
  double latency_p50_ms = 0;
  double latency_p90_ms = 0;
  double latency_p99_ms = 0;
  std::vector<QuestionResult> questions;  //!< evaluated questions, in gold-set order
};

//! Searches every question with gold documents once (`search(query, options.depth)`) and scores
//! the ranking. Questions without gold documents are skipped and counted.
RetrievalReport EvaluateRetrieval(const std::vector<GoldQuestion>& gold, const SearchFn& search,
                                  const EvalOptions& options = {});

//! A small aligned two-column text table of the report's summary (no per-question rows).
std::string FormatReport(const RetrievalReport& report);

//! The summaries of several runs over the same gold set side by side: a header row with each
//! run's name, then FormatReport's rows with one column per run.
std::string FormatReports(const std::vector<std::pair<std::string, const RetrievalReport*>>& runs);

//! The whole report, per-question results included, as JSON whose keys are the field names
//! above ("mean": {"recall_at_10", ..., "reciprocal_rank"}, "mean_even", "mean_odd",
//! "latency_ms": {"p50", ...}).
nlohmann::json ReportToJson(const RetrievalReport& report);

}  // namespace evident
