#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/engine.h"
#include "rank/searcher.h"

namespace evident::cli {

namespace {

constexpr size_t kMaxQueryBytes = 4096;

struct SearchArgs {
  std::string query;
  int k = 10;
  bool json = false;
  bool passages = false;
  std::string mode = "full";
};

void RunSearch(const SearchArgs& args, GlobalOptions& global) {
  Status valid = args.query.size() > kMaxQueryBytes
                     ? Status::InvalidArgument("query is longer than 4096 bytes")
                     : RequireUtf8(args.query, "the query");
  if (!valid.ok()) {
    PrintError(valid);
    global.exit_code = 2;
    return;
  }
  auto engine = OpenEngine(global.data_dir);
  if (!engine.ok()) {
    PrintError(engine.status());
    global.exit_code = 1;
    return;
  }
  SearcherOptions searcher_options;
  searcher_options.query.vocab_dir = global.vocab_dir;
  Searcher searcher(engine->index, engine->store.get(), searcher_options);
  SearchOptions options;
  options.k = args.k;
  options.one_per_document = !args.passages;
  options.mode = *SearchModeFromName(args.mode);  // CLI11 checked the name
  auto start = std::chrono::steady_clock::now();
  auto hits = searcher.Search(args.query, options);
  double took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!hits.ok()) {
    PrintError(hits.status());
    global.exit_code = 1;
    return;
  }
  if (args.json) {
    nlohmann::json out = {
        {"query", args.query}, {"took_ms", took_ms}, {"hits", nlohmann::json::array()}};
    for (const auto& h : *hits) {
      out["hits"].push_back(
          {{"id", h.doc_id},
           {"passage_id", h.passage_id},
           {"score", h.score},
           {"title", h.title},
           {"snippet", h.snippet},
           {"kind", h.kind},
           {"year", h.year == 0 ? nlohmann::json(nullptr) : nlohmann::json(h.year)}});
    }
    std::printf("%s\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return;
  }
  if (hits->empty()) {
    std::printf("No results for \"%s\".\n", args.query.c_str());
    return;
  }
  int n = 0;
  for (const auto& h : *hits) {
    std::printf("%2d. %s\n    %s · %s%s · score %.2f\n    %s\n\n", ++n, h.title.c_str(),
                h.passage_id.c_str(), h.kind.c_str(),
                h.year ? (" " + std::to_string(h.year)).c_str() : "", h.score, h.snippet.c_str());
  }
  std::printf("%zu results in %.2f ms (index %s)\n", hits->size(), took_ms,
              engine->generation.c_str());
}

}  // namespace

void AddSearchCommand(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<SearchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "search", "Search the corpus: the best documents for a query, each by its best passage.");
  cmd->add_option("query", args->query, "What to look for, in plain words")->required();
  cmd->add_option("-k", args->k, "Number of results")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd->add_flag("--json", args->json, "Print JSON");
  cmd->add_flag("--passages", args->passages, "Rank passages, not documents");
  cmd->add_option("--mode", args->mode,
                  "fast: BM25F alone; full: with pseudo-relevance feedback and reranking")
      ->capture_default_str()
      ->check(CLI::IsMember({"fast", "full"}));
  cmd->callback([args, &global] { RunSearch(*args, global); });
}

}  // namespace evident::cli
