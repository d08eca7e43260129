// AnswerEvaluator: runs every question of a gold set through an answer function (the
// AnswerComposer in `evident eval answers`, a fake in tests) and measures the articles:
//   - ROUGE-2 and ROUGE-L F1 (rouge.h: Porter-stemmed tokens) of the answer text against the
//     reference answers (BioASQ ideal answers, PubMedQA long answer); with several references,
//     the best F1 over them. Answer text = the text of every paragraph and bullet of an
//     answerable article, in order (AnswerSentences); an unanswerable article has no answer text
//     and scores 0. Reported for all questions with reference answers, by question type, and
//     for the focus types (BioASQ summary and yes/no, as issue 3 asks).
//   - The same ROUGE for a lead baseline of the same length (lead_baseline.h), when a baseline
//     function is given, so that the answer is compared with quoting the top documents.
//   - Gold document cited: the answer quotes a gold document, i.e. some block's first citation
//     (the source its sentence was taken from) is a reference whose id is relevant. References a
//     guideline sentence merely carries through do not count.
//   - Conclusion appears (when the references are the source abstract's conclusion, as in
//     PubMedQA): conclusion_match.h.
//   - Citation validity: citation_check.h, over every block of every answer.
//   - Answerable rate, mean confidence, and the latency of each answer call (nearest-rank
//     percentiles).
// Thread-safety: EvaluateAnswers calls the functions and the store from the calling thread only,
// one question at a time; reports are plain values.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "answer/article.h"
#include "common/status.h"
#include "eval/citation_check.h"
#include "eval/conclusion_match.h"
#include "eval/gold_set.h"
#include "eval/rouge.h"
#include "store/store.h"

namespace evident {

//! The article answering `question` (errors abort the evaluation).
using AnswerFn = std::function<Result<Article>(const GoldQuestion& question)>;
//! The baseline text for `question` within `word_budget` words (errors abort the evaluation).
using BaselineFn =
    std::function<Result<std::string>(const GoldQuestion& question, size_t word_budget)>;

struct AnswerEvalOptions {
  //! The question types the headline ROUGE figures are for. Issue 3 asks for BioASQ summary and
  //! yes/no questions, whose ideal answers are paragraphs; factoid and list ideal answers are
  //! short and judged mainly by their exact answers. PubMedQA questions are all "yesno".
  std::vector<std::string> focus_types = {"summary", "yesno"};
  //! The reference answer is the source abstract's conclusion (PubMedQA): measure whether the
  //! answer quotes it (MatchConclusion).
  bool reference_is_conclusion = false;
  bool stem = true;  //!< Porter stemming of ROUGE tokens (ROUGE-1.5.5 -m)
  //! If set, called after each question with (questions done, questions total).
  std::function<void(size_t done, size_t total)> progress;
};

struct AnswerResult {
  std::string id;
  std::string type;
  bool answerable = false;
  double confidence = 0;
  double took_ms = 0;  //!< wall time of the answer call (steady clock)
  size_t words = 0;    //!< words of the answer text
  //! The answer's sentences, as scored, and the baseline's text (in the report, for reading
  //! where the two differ).
  std::vector<std::string> sentences;
  std::string lead_text;
  bool has_reference = false;
  RougeScore rouge_2, rouge_l;            //!< best F1 over the references
  RougeScore lead_rouge_2, lead_rouge_l;  //!< the baseline's, when there is one
  bool gold_cited = false;
  std::optional<ConclusionMatch> conclusion;  //!< with reference_is_conclusion and a reference
  CitationCheck citations;
};

//! Mean ROUGE F1 over a group of questions with reference answers.
struct RougeSummary {
  size_t questions = 0;
  double rouge_2_f1 = 0;
  double rouge_l_f1 = 0;
  double lead_rouge_2_f1 = 0;
  double lead_rouge_l_f1 = 0;
  size_t beats_lead = 0;  //!< questions whose answer's ROUGE-2 F1 is above the baseline's
};

struct AnswerReport {
  size_t questions = 0;
  size_t answerable = 0;
  double mean_confidence = 0;
  size_t gold_cited = 0;
  bool has_baseline = false;
  std::vector<std::string> focus_types;
  RougeSummary rouge_all;    //!< every question with a reference answer
  RougeSummary rouge_focus;  //!< those of the focus types
  std::map<std::string, RougeSummary> rouge_by_type;
  //! Conclusion matching (reference_is_conclusion): questions measured, conclusion all found,
  //! at least one sentence found, and conclusion sentences found / total.
  size_t conclusions = 0;
  size_t conclusion_all = 0;
  size_t conclusion_any = 0;
  size_t conclusion_sentences = 0;
  size_t conclusion_sentences_found = 0;
  //! Citation validity, summed over answers.
  size_t blocks_checked = 0;
  size_t blocks_valid = 0;
  size_t uncited_blocks = 0;
  size_t glosses_checked = 0;  //!< glosses of the checked blocks (patient answers)
  size_t answers_with_violations = 0;
  //! Answer latency over all questions (nearest-rank percentiles).
  double latency_p50_ms = 0;
  double latency_p99_ms = 0;
  double latency_max_ms = 0;
  std::vector<AnswerResult> results;  //!< in gold-set order
};

//! The claims of an answerable article: the text of its paragraphs and bullets, in order;
//! empty for an unanswerable one (its notice is no answer).
std::vector<std::string> AnswerSentences(const Article& article);

//! Answers every question of `gold` and measures the articles; `store` is where the cited
//! passages are checked; `baseline` may be empty (no baseline).
Result<AnswerReport> EvaluateAnswers(const std::vector<GoldQuestion>& gold, const AnswerFn& answer,
                                     Store* store, const BaselineFn& baseline,
                                     const AnswerEvalOptions& options = {});

//! A readable summary: counts, rates and ROUGE tables, and the citation violations (each with
//! its question id), without per-question rows.
std::string FormatAnswerReport(const AnswerReport& report);

//! The whole report as JSON, per-question results and violations included.
nlohmann::json AnswerReportToJson(const AnswerReport& report);

}  // namespace evident
