// micro_bench: Google Benchmark micro-benchmarks of the index's hot loops.
//   BM_Analyzer      analyzer throughput (bytes/s) on real abstract text
//   BM_VarbyteDecode postings decode speed (values/s) on passage-like gaps
//   BM_TopK          top-k retrieval of the BioASQ questions on a real index, MaxScore with
//                    block-max bounds ("pruned") against scoring every posting ("exhaustive")
// Text comes from the store of $EVIDENT_BENCH_DATA_DIR when set, else from the research
// abstracts of the shared data ($EVIDENT_DATA, default set at build time). BM_TopK needs
// $EVIDENT_BENCH_DATA_DIR (an ingested data directory) and is skipped without it.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "common/data_layout.h"
#include "common/input_file.h"
#include "eval/gold_set.h"
#include "index/analyzer.h"
#include "index/index_directory.h"
#include "index/index_reader.h"
#include "index/top_k.h"
#include "index/varbyte.h"
#include "query/query_analyzer.h"
#include "store/store.h"

namespace evident::bench {
namespace {

constexpr size_t kSampleTextBytes = 8 << 20;  // enough text for stable analyzer timings

const char* BenchDataDir() { return std::getenv("EVIDENT_BENCH_DATA_DIR"); }

std::string SharedData() {
  const char* env = std::getenv("EVIDENT_DATA");
  return env != nullptr ? env : EVIDENT_DEFAULT_DATA;
}

// About kSampleTextBytes of passage texts: from the benchmark store if there is one, else the
// section texts of the shared research abstracts.
std::vector<std::string> LoadSampleTexts() {
  std::vector<std::string> texts;
  size_t bytes = 0;
  if (const char* dir = BenchDataDir()) {
    auto store = OpenStore(DataLayout{dir}.store_path());
    if (store.ok()) {
      (void)(*store)->ScanPassages([&](const PassageView& v) {
        texts.push_back(v.text);
        bytes += v.text.size();
        return bytes < kSampleTextBytes;
      });
      if (!texts.empty()) return texts;
    }
  }
  auto file = InputFile::Open(SharedData() + "/corpus/research/abstracts.jsonl.gz");
  if (!file.ok()) return texts;
  std::string line;
  while (bytes < kSampleTextBytes && (*file)->ReadLine(&line)) {
    auto record = nlohmann::json::parse(line, nullptr, false);
    if (record.is_discarded() || !record.contains("sections")) continue;
    for (const auto& section : record["sections"]) {
      if (!section.is_object() || !section.contains("text") || !section["text"].is_string()) {
        continue;
      }
      texts.push_back(section["text"].get<std::string>());
      bytes += texts.back().size();
    }
  }
  return texts;
}

const std::vector<std::string>& SampleTexts() {
  static const std::vector<std::string> texts = LoadSampleTexts();
  return texts;
}

void BM_Analyzer(benchmark::State& state) {
  const auto& texts = SampleTexts();
  if (texts.empty()) {
    state.SkipWithError("no sample text (set EVIDENT_DATA or EVIDENT_BENCH_DATA_DIR)");
    return;
  }
  Analyzer analyzer;
  std::vector<Token> tokens;
  size_t bytes = 0, terms = 0;
  for (auto _ : state) {
    for (const std::string& text : texts) {
      tokens.clear();
      analyzer.Analyze(text, &tokens);
      bytes += text.size();
      terms += tokens.size();
    }
    benchmark::DoNotOptimize(tokens.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["terms/s"] =
      benchmark::Counter(static_cast<double>(terms), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Analyzer)->Unit(benchmark::kMillisecond);

// Gaps between passage numbers of a mid-frequency term (geometric, mean 1/p), interleaved with
// body term frequencies (mostly 1 or 2), as the postings lay them out.
void BM_VarbyteDecode(benchmark::State& state) {
  const double p = 1.0 / static_cast<double>(state.range(0));
  std::mt19937 random(42);
  std::geometric_distribution<uint32_t> gap(p);
  std::geometric_distribution<uint32_t> tf(0.6);
  constexpr size_t kValues = 1 << 20;
  std::string encoded;
  for (size_t i = 0; i < kValues / 2; ++i) {
    varbyte::Append(gap(random) + 1, &encoded);
    varbyte::Append(tf(random) + 1, &encoded);
  }
  const auto* begin = reinterpret_cast<const uint8_t*>(encoded.data());
  for (auto _ : state) {
    const uint8_t* in = begin;
    uint32_t sum = 0;
    for (size_t i = 0; i < kValues; ++i) sum += varbyte::Decode(in);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kValues));
  state.counters["bytes/value"] = static_cast<double>(encoded.size()) / kValues;
}
BENCHMARK(BM_VarbyteDecode)->Arg(4)->Arg(64)->Arg(4096);

struct TopKFixture {
  std::shared_ptr<IndexReader> index;
  std::vector<std::vector<QueryTerm>> queries;
  std::string error;
};

const TopKFixture& LoadTopKFixture() {
  static const TopKFixture fixture = [] {
    TopKFixture f;
    const char* dir = BenchDataDir();
    if (dir == nullptr) {
      f.error = "EVIDENT_BENCH_DATA_DIR not set";
      return f;
    }
    auto current = IndexDirectory(DataLayout{dir}.index_root()).CurrentPath();
    if (!current.ok()) {
      f.error = current.status().ToString();
      return f;
    }
    auto reader = IndexReader::Open(*current);
    if (!reader.ok()) {
      f.error = reader.status().ToString();
      return f;
    }
    f.index = std::move(*reader);
    auto gold = LoadBioasq(SharedData() + "/eval/bioasq_dev.json");
    if (!gold.ok()) {
      f.error = gold.status().ToString();
      return f;
    }
    QueryAnalyzer analyzer;
    for (const GoldQuestion& q : *gold) f.queries.push_back(analyzer.Analyze(q.query));
    return f;
  }();
  return fixture;
}

// Every BioASQ question once per iteration; range(0) = k. "time/query" is the mean per question.
void BM_TopK(benchmark::State& state, bool exhaustive) {
  const TopKFixture& f = LoadTopKFixture();
  if (!f.error.empty()) {
    state.SkipWithError(f.error.c_str());
    return;
  }
  TopKOptions options;
  options.k = static_cast<int>(state.range(0));
  options.exhaustive = exhaustive;
  TopKStats stats;
  for (auto _ : state) {
    for (const auto& query : f.queries) {
      auto top = TopK(*f.index, query, options, &stats);
      benchmark::DoNotOptimize(top.data());
    }
  }
  const auto queries = static_cast<double>(state.iterations() * f.queries.size());
  state.SetItemsProcessed(static_cast<int64_t>(queries));
  state.counters["time/query"] = benchmark::Counter(
      static_cast<double>(f.queries.size()),
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["scored/query"] = static_cast<double>(stats.candidates_scored) / queries;
  if (exhaustive)
    state.counters["postings/query"] = static_cast<double>(stats.postings_total) / queries;
}
BENCHMARK_CAPTURE(BM_TopK, pruned, false)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TopK, exhaustive, true)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace evident::bench

BENCHMARK_MAIN();
