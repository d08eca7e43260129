// ask_bench: latency of `evident ask` (AnswerComposer::Ask) over the dev questions, warm, one
// thread, nothing recorded: the p50 / p99 / max that issue 3 sets bars for (p50 <= 100 ms,
// p99 <= 300 ms). Wall time is what a user waits; thread CPU time is reported beside it because
// the benchmark machine is shared and wall time includes waiting for a core.
//
//   ask_bench --data-dir DIR [--bioasq FILE] [--pubmedqa FILE] [--every K] [--warmup N]
//             [--out FILE]
//
// The questions default to the shared data's dev sets (EVIDENT_DATA or the configured shared
// data); the vocabularies to its vocab/ folder, as `evident ask` uses them.
#include <time.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

#include "answer/answer_composer.h"
#include "cli/engine.h"
#include "eval/gold_set.h"
#include "eval/report_stats.h"

namespace evident {
namespace {

double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Latencies {
  std::vector<double> wall_ms, cpu_ms;
};

nlohmann::json Summary(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  double sum = 0;
  for (double v : ms) sum += v;
  return {{"p50", NearestRankPercentile(ms, 50)},
          {"p90", NearestRankPercentile(ms, 90)},
          {"p99", NearestRankPercentile(ms, 99)},
          {"max", NearestRankPercentile(ms, 100)},
          {"mean", ms.empty() ? 0.0 : sum / static_cast<double>(ms.size())}};
}

Result<Latencies> TimeQuestions(AnswerComposer& composer, Audience audience,
                                const std::vector<GoldQuestion>& gold, size_t warmup) {
  AskRequest request;
  request.audience = audience;
  request.record_turn = false;
  for (size_t i = 0; i < std::min(warmup, gold.size()); ++i) {
    request.question = gold[i].query;
    auto article = composer.Ask(request);
    if (!article.ok()) return article.status().WithContext("warm-up question " + gold[i].id);
  }
  Latencies latencies;
  for (const GoldQuestion& q : gold) {
    request.question = q.query;
    double cpu_start = ThreadCpuMs();
    auto start = std::chrono::steady_clock::now();
    auto article = composer.Ask(request);
    std::chrono::duration<double, std::milli> wall = std::chrono::steady_clock::now() - start;
    latencies.cpu_ms.push_back(ThreadCpuMs() - cpu_start);
    latencies.wall_ms.push_back(wall.count());
    if (!article.ok()) return article.status().WithContext("question " + q.id);
  }
  return latencies;
}

std::string SharedData() {
  const char* env = std::getenv("EVIDENT_DATA");
  return env != nullptr ? env : EVIDENT_DEFAULT_DATA;
}

int Main(int argc, char** argv) {
  CLI::App app{"Latency of AnswerComposer::Ask over the dev questions (warm, one thread)."};
  std::string data_dir, vocab_dir = SharedData() + "/vocab", out_path;
  std::string bioasq = SharedData() + "/eval/bioasq_dev.json";
  std::string pubmedqa = SharedData() + "/eval/pubmedqa_dev.json";
  size_t every = 1, warmup = 50;
  std::string audience_name = "physician";
  app.add_option("--data-dir", data_dir, "An ingested data directory")->required();
  app.add_option("--bioasq", bioasq, "BioASQ questions ('' = none)")->capture_default_str();
  app.add_option("--pubmedqa", pubmedqa, "PubMedQA questions ('' = none)")->capture_default_str();
  app.add_option("--vocab-dir", vocab_dir, "Vocabularies for question analysis")
      ->capture_default_str();
  app.add_option("--every", every, "Only every K-th question")->check(CLI::PositiveNumber);
  app.add_option("--warmup", warmup, "Questions asked before timing, per set")
      ->capture_default_str();
  app.add_option("--out", out_path, "Write the results as JSON here");
  app.add_option("--audience", audience_name, "physician, nurse, student or patient")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  std::optional<Audience> audience = ParseAudience(audience_name);
  if (!audience) {
    std::fprintf(stderr, "ask_bench: unknown audience %s\n", audience_name.c_str());
    return 2;
  }
  auto engine = cli::OpenEngine(data_dir);
  if (!engine.ok()) {
    cli::PrintError(engine.status());
    return 1;
  }
  ComposerOptions options;
  options.vocab_dir = vocab_dir;
  AnswerComposer composer(engine->index, engine->store.get(), options);

  nlohmann::json results = nlohmann::json::array();
  std::printf("%-10s %6s  %-28s  %-28s\n", "questions", "n", "wall ms p50 / p99 / max",
              "cpu ms p50 / p99 / max");
  for (const auto& [name, path] :
       {std::pair<std::string, std::string>{"bioasq", bioasq}, {"pubmedqa", pubmedqa}}) {
    if (path.empty()) continue;
    auto gold = name == "bioasq" ? LoadBioasq(path) : LoadPubmedqa(path);
    if (!gold.ok()) {
      cli::PrintError(gold.status());
      return 1;
    }
    std::vector<GoldQuestion> questions;
    for (size_t i = 0; i < gold->size(); i += every) questions.push_back((*gold)[i]);
    auto latencies = TimeQuestions(composer, *audience, questions, warmup);
    if (!latencies.ok()) {
      cli::PrintError(latencies.status().WithContext(name));
      return 1;
    }
    nlohmann::json wall = Summary(latencies->wall_ms), cpu = Summary(latencies->cpu_ms);
    std::printf("%-10s %6zu  %8.1f %8.1f %8.1f    %8.1f %8.1f %8.1f\n", name.c_str(),
                questions.size(), wall["p50"].get<double>(), wall["p99"].get<double>(),
                wall["max"].get<double>(), cpu["p50"].get<double>(), cpu["p99"].get<double>(),
                cpu["max"].get<double>());
    results.push_back({{"set", name},
                       {"questions", questions.size()},
                       {"warmup", warmup},
                       {"audience", audience_name},
                       {"wall_ms", wall},
                       {"cpu_ms", cpu}});
  }
  if (!out_path.empty()) std::ofstream(out_path) << results.dump(2) << "\n";
  return 0;
}

}  // namespace
}  // namespace evident

int main(int argc, char** argv) { return evident::Main(argc, argv); }
