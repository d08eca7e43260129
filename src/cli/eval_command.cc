#include <cstdio>
#include <fstream>
#include <unordered_set>

#include "cli/commands.h"
#include "cli/engine.h"
#include "cli/progress_bar.h"
#include "eval/gold_set.h"
#include "eval/retrieval_evaluator.h"
#include "rank/searcher.h"

namespace evident::cli {

namespace {

struct EvalArgs {
  std::string bioasq, pubmedqa;
  int depth = 100;
  size_t limit = 0;
  bool json = false;
  std::string report_path;
  float part_weight = QueryAnalyzerOptions{}.part_weight;
};

void RunEvalRetrieval(const EvalArgs& args, GlobalOptions& global) {
  auto gold = !args.bioasq.empty() ? LoadBioasq(args.bioasq) : LoadPubmedqa(args.pubmedqa);
  if (!gold.ok()) {
    PrintError(gold.status());
    global.exit_code = 1;
    return;
  }
  if (args.limit > 0 && gold->size() > args.limit) gold->resize(args.limit);
  auto engine = OpenEngine(global.data_dir);
  if (!engine.ok()) {
    PrintError(engine.status());
    global.exit_code = 1;
    return;
  }
  Searcher searcher(engine->index, nullptr, {.part_weight = args.part_weight});
  const IndexReader& index = *engine->index;
  std::unordered_set<std::string> corpus_docs;
  for (uint32_t d = 0; d < index.num_documents(); ++d) corpus_docs.emplace(index.doc_id(d));

  ProgressBar bar(!global.quiet && StderrIsTerminal());
  EvalOptions options;
  options.depth = args.depth;
  options.in_corpus = [&](const std::string& id) { return corpus_docs.count(id) > 0; };
  options.progress = [&](size_t done, size_t total) {
    if (done % 50 == 0 || done == total) {
      bar.Update("eval", static_cast<double>(done) / total, std::to_string(done) + " questions");
    }
  };
  SearchOptions search_options;
  auto report = EvaluateRetrieval(
      *gold,
      [&](const std::string& query, int k) {
        search_options.k = k;
        std::vector<std::string> ids;
        for (const auto& hit : searcher.Retrieve(query, search_options)) {
          ids.emplace_back(index.doc_id(hit.doc));
        }
        return ids;
      },
      options);
  bar.Finish();
  if (!args.report_path.empty()) {
    std::ofstream(args.report_path) << ReportToJson(report).dump(2) << "\n";
  }
  if (args.json) {
    auto out = ReportToJson(report);
    out.erase("questions");
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    std::printf("%s", FormatReport(report).c_str());
  }
}

}  // namespace

void AddEvalCommand(CLI::App& app, GlobalOptions& global) {
  CLI::App* eval = app.add_subcommand("eval", "Measure the engine against gold sets.");
  eval->require_subcommand(1);
  auto args = std::make_shared<EvalArgs>();
  CLI::App* retrieval = eval->add_subcommand(
      "retrieval",
      "Recall@10, Recall@100, MAP@10, nDCG@10 and MRR of document retrieval against the gold\n"
      "documents of a BioASQ or PubMedQA file, over the whole ingested corpus.");
  auto* bioasq = retrieval->add_option("--bioasq", args->bioasq, "BioASQ Task B JSON file")
                     ->check(CLI::ExistingFile);
  auto* pubmedqa = retrieval->add_option("--pubmedqa", args->pubmedqa, "PubMedQA JSON file")
                       ->check(CLI::ExistingFile);
  bioasq->excludes(pubmedqa);
  retrieval->add_option("--depth", args->depth, "Documents retrieved per question")
      ->capture_default_str()
      ->check(CLI::Range(10, 1000));
  retrieval->add_option("--limit", args->limit, "Only the first N questions");
  retrieval->add_option("--report", args->report_path, "Write the full JSON report here");
  retrieval
      ->add_option("--part-weight", args->part_weight, "Query weight of compound parts (tuning)")
      ->capture_default_str();
  retrieval->add_flag("--json", args->json, "Print the summary as JSON");
  retrieval->callback([args, bioasq, pubmedqa, &global] {
    if (bioasq->count() + pubmedqa->count() != 1) {
      std::fprintf(stderr, "evident: eval retrieval needs --bioasq FILE or --pubmedqa FILE\n");
      global.exit_code = 2;
      return;
    }
    RunEvalRetrieval(*args, global);
  });
}

}  // namespace evident::cli
