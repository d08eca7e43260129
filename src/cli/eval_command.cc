#include <cstdio>
#include <fstream>
#include <unordered_map>
#include <unordered_set>

#include "answer/answer_composer.h"
#include "cli/commands.h"
#include "cli/engine.h"
#include "cli/progress_bar.h"
#include "eval/answer_evaluator.h"
#include "eval/gold_set.h"
#include "eval/lead_baseline.h"
#include "eval/retrieval_evaluator.h"
#include "rank/coordinate_ascent.h"
#include "rank/searcher.h"

namespace evident::cli {

namespace {

//! How kFull ranks, settable from the command line for tuning and ablations.
struct RankingArgs {
  std::string mode = "full";
  SearcherOptions searcher;
  std::vector<std::string> weights;  //!< "feature=value"
};

struct EvalArgs {
  std::string bioasq, pubmedqa;
  int depth = 100;
  size_t limit = 0;
  bool json = false;
  std::string report_path;
  RankingArgs ranking;
};

struct AnswerEvalArgs {
  std::string bioasq, pubmedqa;
  std::string questions;     //!< a plain question list (LoadQuestionList), e.g. off-topic questions
  ComposerOptions composer;  //!< the answerability settings (calibration)
  size_t every = 1;
  size_t limit = 0;
  std::string audience = "physician";
  int lead_documents = 10;
  bool json = false;
  std::string report_path;
};

struct TuneArgs {
  std::string bioasq, pubmedqa;
  std::string train = "all";  //!< "all", "even", "odd": which questions the weights are fitted on
  int depth = 100;
  bool allow_negative = false;
  RankingArgs ranking;
};

void AddRankingOptions(CLI::App* cmd, RankingArgs* args) {
  SearcherOptions& s = args->searcher;
  cmd->add_option("--part-weight", s.query.part_weight, "Query weight of compound parts (tuning)")
      ->capture_default_str();
  cmd->add_option("--generic-weight", s.query.generic_weight,
                  "Full mode's query weight of generic question words (tuning)")
      ->capture_default_str();
  cmd->add_option("--synonym-weight", s.query.weights.concept_synonym,
                  "Query weight of concept synonyms, times their word's (0 = none; tuning)")
      ->capture_default_str();
  cmd->add_option("--fb-docs", s.feedback.fb_docs, "RM3 feedback passages (0 = no feedback)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  cmd->add_option("--fb-terms", s.feedback.fb_terms, "RM3 expansion terms")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  cmd->add_option("--fb-weight", s.feedback.original_weight,
                  "RM3 lambda: weight of the original query (1 = no feedback)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--fb-max-df", s.feedback.max_doc_freq_ratio,
                  "RM3: no expansion terms in more than this fraction of passages")
      ->capture_default_str();
  cmd->add_option("--rerank-depth", s.rerank.depth, "Candidates reranked in full mode")
      ->capture_default_str()
      ->check(CLI::Range(1, 5000));
  cmd->add_option("--rerank-weight", args->weights,
                  "Rerank feature weight NAME=VALUE (first_stage, original_query, min_distance,\n"
                  "pair_proximity, window_coverage, ordered_pairs, unordered_pairs,\n"
                  "query_coverage, title_coverage, keyword_coverage); repeatable");
  cmd->add_option("--window-words", s.rerank.proximity.window_words,
                  "Width of the proximity window, in words")
      ->capture_default_str()
      ->check(CLI::Range(2, 1000));
}

// Applies the NAME=VALUE rerank weights to args->searcher.
Status ApplyRerankWeights(RankingArgs* args) {
  for (const std::string& w : args->weights) {
    size_t eq = w.find('=');
    bool found = false;
    for (int f = 0; f < kNumRerankFeatures && eq != std::string::npos; ++f) {
      if (w.compare(0, eq, RerankFeatureName(static_cast<RerankFeature>(f))) != 0) continue;
      try {
        args->searcher.rerank.weights[f] = std::stof(w.substr(eq + 1));
      } catch (const std::exception&) {
        return Status::InvalidArgument("--rerank-weight " + w + ": the value is not a number");
      }
      found = true;
    }
    if (!found) return Status::InvalidArgument("--rerank-weight " + w + ": expected FEATURE=VALUE");
  }
  return Status::OK();
}

Result<std::vector<GoldQuestion>> LoadGold(const std::string& bioasq, const std::string& pubmedqa,
                                           const std::string& questions) {
  if (!bioasq.empty()) return LoadBioasq(bioasq);
  return !pubmedqa.empty() ? LoadPubmedqa(pubmedqa) : LoadQuestionList(questions);
}

// Every `every`-th question (the 1st, the every+1-th, ...), then the first `limit` of those
// (0 = all).
void SelectQuestions(size_t every, size_t limit, std::vector<GoldQuestion>* gold) {
  if (every > 1) {
    std::vector<GoldQuestion> kept;
    for (size_t i = 0; i < gold->size(); i += every) kept.push_back(std::move((*gold)[i]));
    *gold = std::move(kept);
  }
  if (limit > 0 && gold->size() > limit) gold->resize(limit);
}

// Loads the selected questions of the gold set and opens the engine; on failure prints the error,
// sets exit code 1 and returns false.
bool LoadQuestionsAndEngine(const std::string& bioasq, const std::string& pubmedqa,
                            const std::string& questions, size_t every, size_t limit,
                            GlobalOptions& global, std::vector<GoldQuestion>* gold,
                            Engine* engine) {
  auto loaded = LoadGold(bioasq, pubmedqa, questions);
  Result<Engine> opened =
      loaded.ok() ? OpenEngine(global.data_dir) : Result<Engine>(loaded.status());
  if (!opened.ok()) {
    PrintError(opened.status());
    global.exit_code = 1;
    return false;
  }
  *gold = std::move(*loaded);
  SelectQuestions(every, limit, gold);
  *engine = std::move(*opened);
  return true;
}

// Registers --bioasq FILE and --pubmedqa FILE (one or the other) on `cmd`; the returned check
// says whether exactly one was given.
std::function<bool()> AddGoldSetOptions(CLI::App* cmd, std::string* bioasq, std::string* pubmedqa) {
  auto* b =
      cmd->add_option("--bioasq", *bioasq, "BioASQ Task B JSON file")->check(CLI::ExistingFile);
  auto* p =
      cmd->add_option("--pubmedqa", *pubmedqa, "PubMedQA JSON file")->check(CLI::ExistingFile);
  b->excludes(p);
  return [b, p] { return b->count() + p->count() == 1; };
}

std::string FormatWeights(const RerankFeatures& weights) {
  std::string out;
  for (int f = 0; f < kNumRerankFeatures; ++f) {
    char value[32];
    std::snprintf(value, sizeof value, "%.3f", weights[f]);
    out += std::string(out.empty() ? "" : " ") + "--rerank-weight " +
           std::string(RerankFeatureName(static_cast<RerankFeature>(f))) + "=" + value;
  }
  return out;
}

// The column names of eval retrieval's table.
const char* ModeLabel(SearchMode mode) {
  return mode == SearchMode::kFast ? "plain BM25F (fast)" : "full";
}

void RunEvalRetrieval(EvalArgs& args, GlobalOptions& global) {
  // "both": plain BM25F and the full pipeline over the same questions, side by side.
  std::vector<SearchMode> modes = {SearchMode::kFast, SearchMode::kFull};
  if (args.ranking.mode != "both") {
    auto mode = SearchModeFromName(args.ranking.mode);
    if (!mode.ok()) {
      PrintError(mode.status());
      global.exit_code = 2;
      return;
    }
    modes = {*mode};
  }
  Status weights = ApplyRerankWeights(&args.ranking);
  if (!weights.ok()) {
    PrintError(weights);
    global.exit_code = 2;
    return;
  }
  std::vector<GoldQuestion> gold;
  Engine engine;
  if (!LoadQuestionsAndEngine(args.bioasq, args.pubmedqa, "", 1, args.limit, global, &gold,
                              &engine)) {
    return;
  }
  args.ranking.searcher.query.vocab_dir = global.vocab_dir;
  Searcher searcher(engine.index, engine.store.get(), args.ranking.searcher);
  const IndexReader& index = *engine.index;
  std::unordered_set<std::string> corpus_docs;
  for (uint32_t d = 0; d < index.num_documents(); ++d) corpus_docs.emplace(index.doc_id(d));

  std::vector<RetrievalReport> reports;
  for (SearchMode mode : modes) {
    ProgressBar bar(!global.quiet && StderrIsTerminal());
    const std::string phase = std::string("eval ") + SearchModeName(mode);
    EvalOptions options;
    options.depth = args.depth;
    options.in_corpus = [&](const std::string& id) { return corpus_docs.count(id) > 0; };
    options.progress = [&](size_t done, size_t total) {
      if (done % 50 == 0 || done == total) {
        bar.Update(phase, static_cast<double>(done) / total, std::to_string(done) + " questions");
      }
    };
    SearchOptions search_options;
    search_options.mode = mode;
    Status failure;
    reports.push_back(EvaluateRetrieval(
        gold,
        [&](const std::string& query, int k) {
          search_options.k = k;
          std::vector<std::string> ids;
          auto ranked = searcher.Rank(query, search_options);
          if (!ranked.ok()) {
            if (failure.ok()) failure = ranked.status();
            return ids;
          }
          for (const auto& hit : *ranked) ids.emplace_back(index.doc_id(hit.doc));
          return ids;
        },
        options));
    bar.Finish();
    if (!failure.ok()) {
      PrintError(
          failure.WithContext(std::string("searching in ") + SearchModeName(mode) + " mode"));
      global.exit_code = 1;
      return;
    }
  }
  // JSON: one report per mode, keyed by its name.
  nlohmann::json by_mode = nlohmann::json::object();
  for (size_t m = 0; m < modes.size(); ++m) {
    by_mode[SearchModeName(modes[m])] = ReportToJson(reports[m]);
  }
  if (!args.report_path.empty()) std::ofstream(args.report_path) << by_mode.dump(2) << "\n";
  if (args.json) {
    for (auto& [name, report] : by_mode.items()) report.erase("questions");
    std::printf("%s\n", by_mode.dump(2).c_str());
  } else {
    std::vector<std::pair<std::string, const RetrievalReport*>> columns;
    for (size_t m = 0; m < modes.size(); ++m) {
      columns.emplace_back(ModeLabel(modes[m]), &reports[m]);
    }
    std::printf("%s", FormatReports(columns).c_str());
  }
}

void RunEvalAnswers(const AnswerEvalArgs& args, GlobalOptions& global) {
  auto audience = AudienceFromFlag(args.audience);
  if (!audience.ok()) {
    PrintError(audience.status());
    global.exit_code = 2;
    return;
  }
  std::vector<GoldQuestion> gold;
  Engine engine;
  if (!LoadQuestionsAndEngine(args.bioasq, args.pubmedqa, args.questions, args.every, args.limit,
                              global, &gold, &engine)) {
    return;
  }
  Store* store = engine.store.get();
  ComposerOptions composer_options = args.composer;
  composer_options.vocab_dir = global.vocab_dir;
  AnswerComposer composer(engine.index, store, composer_options);
  AnswerFn answer = [&](const GoldQuestion& q) {
    AskRequest request;
    request.question = q.query;
    request.audience = *audience;
    request.record_turn = false;
    return composer.Ask(request);
  };
  // The lead baseline quotes the documents `evident search` ranks first (full mode).
  SearcherOptions searcher_options;
  searcher_options.query.vocab_dir = global.vocab_dir;
  Searcher searcher(engine.index, store, searcher_options);
  SearchOptions search_options;
  search_options.k = args.lead_documents;
  BaselineFn lead = [&](const GoldQuestion& q, size_t word_budget) -> Result<std::string> {
    if (word_budget == 0) return std::string();
    auto hits = searcher.Rank(q.query, search_options);
    if (!hits.ok()) return hits.status().WithContext("lead baseline: searching");
    std::vector<std::string> doc_ids;
    for (const auto& hit : *hits) doc_ids.emplace_back(searcher.index().doc_id(hit.doc));
    return LeadBaseline(store, doc_ids, word_budget);
  };

  ProgressBar bar(!global.quiet && StderrIsTerminal());
  AnswerEvalOptions options;
  options.reference_is_conclusion = !args.pubmedqa.empty();
  options.progress = [&](size_t done, size_t total) {
    if (done % 10 == 0 || done == total) {
      bar.Update("answers", static_cast<double>(done) / total, std::to_string(done) + " questions");
    }
  };
  auto report = EvaluateAnswers(gold, answer, store, lead, options);
  bar.Finish();
  if (!report.ok()) {
    PrintError(report.status());
    global.exit_code = 1;
    return;
  }
  if (!args.report_path.empty()) {
    std::ofstream(args.report_path) << AnswerReportToJson(*report).dump(2) << "\n";
  }
  if (args.json) {
    auto out = AnswerReportToJson(*report);
    out.erase("results");
    out["gold_set"] = !args.bioasq.empty()     ? "bioasq"
                      : !args.pubmedqa.empty() ? "pubmedqa"
                                               : "questions";
    out["audience"] = AudienceName(*audience);
    std::printf("%s\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
  } else {
    std::printf("%s", FormatAnswerReport(*report).c_str());
  }
}

// One question's rerank candidates, reduced to what the weight search needs.
struct TuningCandidates {
  std::vector<RerankCandidate> candidates;  // texts dropped: features and first stage only
  std::vector<std::string> doc_ids;         // of the candidates
};

// A gold set split into the questions the weights are fitted on and those held out, with the
// candidates of each question (by question text).
struct TuningSet {
  std::string name;
  std::vector<GoldQuestion> train, held_out;
  std::unordered_map<std::string, TuningCandidates> by_query;
};

// The metrics of `questions` when their candidates are ranked by `weights`.
RetrievalMetrics Evaluate(const TuningSet& set, const std::vector<GoldQuestion>& questions,
                          const Reranker& reranker, const RerankFeatures& weights) {
  std::vector<std::pair<float, size_t>> order;
  auto rerank = [&](const std::string& query, int k) {
    std::vector<std::string> ranking;
    auto it = set.by_query.find(query);
    if (it == set.by_query.end()) return ranking;
    const TuningCandidates& tc = it->second;
    order.clear();
    for (size_t i = 0; i < tc.candidates.size(); ++i) {
      order.emplace_back(reranker.Combine(tc.candidates[i], weights), i);
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (size_t i = 0; i < order.size() && static_cast<int>(i) < k; ++i) {
      ranking.push_back(tc.doc_ids[order[i].second]);
    }
    return ranking;
  };
  return EvaluateRetrieval(questions, rerank).mean;
}

void PrintMetrics(const std::string& label, const RetrievalMetrics& m) {
  std::printf("%-28s nDCG@10 %.4f  R@100 %.4f  MAP@10 %.4f  MRR %.4f  R@10 %.4f\n", label.c_str(),
              m.ndcg_at_10, m.recall_at_100, m.map_at_10, m.reciprocal_rank, m.recall_at_10);
}

// The rerank candidates of every question of `gold`; with `train` "even" or "odd", the
// questions of the other parity (in file order) are held out.
Result<TuningSet> CollectCandidates(const std::string& name, std::vector<GoldQuestion> gold,
                                    const std::string& train, int depth, Searcher& searcher,
                                    ProgressBar& bar) {
  TuningSet set;
  set.name = name;
  SearchOptions options;
  options.mode = SearchMode::kFull;
  options.k = depth;
  for (size_t q = 0; q < gold.size(); ++q) {
    GoldQuestion& g = gold[q];
    if (!set.by_query.count(g.query)) {
      auto candidates = searcher.Candidates(g.query, options);
      if (!candidates.ok()) return candidates.status().WithContext(name + " question " + g.id);
      TuningCandidates& tc = set.by_query[g.query];
      tc.candidates = std::move(*candidates);
      for (RerankCandidate& c : tc.candidates) {
        c.text = nullptr;
        tc.doc_ids.emplace_back(searcher.index().doc_id(c.first_stage.doc));
      }
    }
    bool in_train = train == "all" || (train == "even") == (q % 2 == 0);
    (in_train ? set.train : set.held_out).push_back(std::move(g));
    if (q % 50 == 0) {
      bar.Update(name, static_cast<double>(q) / gold.size(), std::to_string(q) + " questions");
    }
  }
  return set;
}

void RunTuneRerank(TuneArgs& args, GlobalOptions& global) {
  Status weights = ApplyRerankWeights(&args.ranking);
  if (!weights.ok()) {
    PrintError(weights);
    global.exit_code = 2;
    return;
  }
  auto engine = OpenEngine(global.data_dir);
  if (!engine.ok()) {
    PrintError(engine.status());
    global.exit_code = 1;
    return;
  }
  args.ranking.searcher.query.vocab_dir = global.vocab_dir;
  Searcher searcher(engine->index, engine->store.get(), args.ranking.searcher);
  ProgressBar bar(!global.quiet && StderrIsTerminal());
  std::vector<TuningSet> sets;
  for (const auto& [name, path] :
       {std::pair<std::string, std::string>{"bioasq", args.bioasq}, {"pubmedqa", args.pubmedqa}}) {
    if (path.empty()) continue;
    auto gold = name == "bioasq" ? LoadBioasq(path) : LoadPubmedqa(path);
    Result<TuningSet> set =
        gold.ok() ? CollectCandidates(name, std::move(*gold), args.train, args.depth, searcher, bar)
                  : Result<TuningSet>(gold.status());
    if (!set.ok()) {
      bar.Finish();
      PrintError(set.status());
      global.exit_code = 1;
      return;
    }
    sets.push_back(std::move(*set));
  }
  bar.Finish();

  // The objective: nDCG@10 on the training questions, averaged over the gold sets, so that each
  // set counts alike whatever its size.
  const Reranker& reranker = searcher.reranker();
  auto objective = [&](const std::vector<double>& point) {
    RerankFeatures w;
    for (int f = 0; f < kNumRerankFeatures; ++f) w[f] = static_cast<float>(point[f]);
    double sum = 0;
    for (const TuningSet& set : sets) sum += Evaluate(set, set.train, reranker, w).ndcg_at_10;
    return sum / static_cast<double>(sets.size());
  };
  CoordinateAscentOptions ascent;
  ascent.frozen.assign(kNumRerankFeatures, false);
  ascent.frozen[kFirstStage] = true;  // the scale
  // Every feature is evidence for relevance; a negative weight can only learn a quirk of the gold
  // set (BioASQ's snippet-built gold documents carry no MeSH, so keyword matches would be
  // penalised).
  if (!args.allow_negative) ascent.lower_bound = 0;
  const RerankFeatures start = reranker.options().weights;
  CoordinateAscentResult result =
      MaximizeByCoordinateAscent(objective, {start.begin(), start.end()}, ascent);
  RerankFeatures tuned;
  for (int f = 0; f < kNumRerankFeatures; ++f) tuned[f] = static_cast<float>(result.point[f]);

  std::printf("train: %s questions; %d rounds, %d evaluations\n", args.train.c_str(), result.rounds,
              result.evaluations);
  std::printf("start: %s\n", FormatWeights(start).c_str());
  std::printf("tuned: %s\n", FormatWeights(tuned).c_str());
  for (const TuningSet& set : sets) {
    for (bool train : {true, false}) {
      const std::vector<GoldQuestion>& questions = train ? set.train : set.held_out;
      if (questions.empty()) continue;
      std::string part = set.name + (train ? ", train" : ", held out");
      PrintMetrics(part + ", start", Evaluate(set, questions, reranker, start));
      PrintMetrics(part + ", tuned", Evaluate(set, questions, reranker, tuned));
    }
  }
}

}  // namespace

void AddEvalCommand(CLI::App& app, GlobalOptions& global) {
  CLI::App* eval = app.add_subcommand("eval", "Measure the engine against gold sets.");
  eval->require_subcommand(1);
  auto args = std::make_shared<EvalArgs>();
  args->ranking.mode = "both";
  CLI::App* retrieval = eval->add_subcommand(
      "retrieval",
      "Recall@10, Recall@100, MAP@10, nDCG@10 and MRR of document retrieval against the gold\n"
      "documents of a BioASQ or PubMedQA file, over the whole ingested corpus.");
  auto one_gold_set = AddGoldSetOptions(retrieval, &args->bioasq, &args->pubmedqa);
  retrieval->add_option("--depth", args->depth, "Documents retrieved per question")
      ->capture_default_str()
      ->check(CLI::Range(10, 1000));
  retrieval->add_option("--limit", args->limit, "Only the first N questions");
  retrieval->add_option("--report", args->report_path, "Write the full JSON report here");
  retrieval
      ->add_option("--mode", args->ranking.mode,
                   "fast: plain BM25F over the question's own words (no expansion, proximity,\n"
                   "reranking or feedback); full: the search pipeline (question analysis,\n"
                   "reranking); both: the two side by side")
      ->capture_default_str()
      ->check(CLI::IsMember({"fast", "full", "both"}));
  AddRankingOptions(retrieval, &args->ranking);
  retrieval->add_flag("--json", args->json, "Print the summary as JSON");
  retrieval->callback([args, one_gold_set, &global] {
    if (!one_gold_set()) {
      std::fprintf(stderr, "evident: eval retrieval needs --bioasq FILE or --pubmedqa FILE\n");
      global.exit_code = 2;
      return;
    }
    RunEvalRetrieval(*args, global);
  });

  auto answers = std::make_shared<AnswerEvalArgs>();
  CLI::App* answers_cmd = eval->add_subcommand(
      "answers",
      "Answer every question of a BioASQ or PubMedQA file with `ask` (nothing recorded) and\n"
      "measure the articles: ROUGE-2 / ROUGE-L F1 against the reference answers beside a\n"
      "lead-sentences baseline of the same length, gold document cited, PubMedQA conclusion\n"
      "quoted, citation validity, answerable rate, confidence and latency (docs/answers.md).");
  auto one_answer_set = AddGoldSetOptions(answers_cmd, &answers->bioasq, &answers->pubmedqa);
  auto* question_list =
      answers_cmd
          ->add_option("--questions", answers->questions,
                       "A plain list of questions, one a line ('#' comments), without reference\n"
                       "answers: only answerable rate and confidence mean anything (e.g.\n"
                       "tests/data/off_topic_questions.txt, which should not be answerable)")
          ->check(CLI::ExistingFile);
  answers_cmd->add_option("--every", answers->every, "Only every K-th question (1st, K+1-th, ...)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  answers_cmd->add_option("--limit", answers->limit, "Only the first N questions (after --every)");
  answers_cmd
      ->add_option("--audience", answers->audience,
                   "Who the answers are for: physician, nurse, student, patient")
      ->capture_default_str();
  answers_cmd
      ->add_option("--lead-documents", answers->lead_documents,
                   "Top documents the lead baseline may quote from")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  answers_cmd
      ->add_option("--answerable-threshold", answers->composer.answerable_threshold,
                   "Confidence below which an article says there is no good evidence "
                   "(calibration; 0 answers every question and reports its confidence)")
      ->capture_default_str();
  answers_cmd
      ->add_option("--full-confidence-share", answers->composer.full_confidence_share,
                   "Medical share a question needs to keep its full confidence; below it the "
                   "confidence shrinks in proportion (calibration)")
      ->capture_default_str();
  answers_cmd->add_option("--report", answers->report_path,
                          "Write the full JSON report (per question) here");
  answers_cmd->add_flag("--json", answers->json, "Print the summary and violations as JSON");
  answers_cmd->callback([answers, one_answer_set, question_list, &global] {
    if (one_answer_set() == (question_list->count() > 0)) {
      std::fprintf(stderr,
                   "evident: eval answers needs one of --bioasq FILE, --pubmedqa FILE, "
                   "--questions FILE\n");
      global.exit_code = 2;
      return;
    }
    RunEvalAnswers(*answers, global);
  });

  auto tune = std::make_shared<TuneArgs>();
  CLI::App* tune_cmd = eval->add_subcommand(
      "tune-rerank",
      "Fit the rerank feature weights of full mode to gold sets by coordinate ascent on\n"
      "nDCG@10 (averaged over the sets given), starting from the current weights; prints the\n"
      "weights as flags, with the metrics on the questions fitted on and, with\n"
      "--train even|odd, on the other half of each set.");
  auto* tune_bioasq = tune_cmd->add_option("--bioasq", tune->bioasq, "BioASQ Task B JSON file")
                          ->check(CLI::ExistingFile);
  auto* tune_pubmedqa = tune_cmd->add_option("--pubmedqa", tune->pubmedqa, "PubMedQA JSON file")
                            ->check(CLI::ExistingFile);
  tune_cmd
      ->add_option("--train", tune->train,
                   "Fit on all questions, or on the even/odd-numbered half (the other held out)")
      ->capture_default_str()
      ->check(CLI::IsMember({"all", "even", "odd"}));
  tune_cmd->add_option("--depth", tune->depth, "Documents ranked per question")
      ->capture_default_str()
      ->check(CLI::Range(10, 1000));
  tune_cmd->add_flag("--allow-negative", tune->allow_negative,
                     "Let weights go below 0 (by default every feature may only add)");
  AddRankingOptions(tune_cmd, &tune->ranking);
  tune_cmd->callback([tune, tune_bioasq, tune_pubmedqa, &global] {
    if (tune_bioasq->count() + tune_pubmedqa->count() == 0) {
      std::fprintf(stderr,
                   "evident: eval tune-rerank needs --bioasq FILE and/or --pubmedqa FILE\n");
      global.exit_code = 2;
      return;
    }
    RunTuneRerank(*tune, global);
  });
}

}  // namespace evident::cli
