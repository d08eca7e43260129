// Fuzzes QueryAnalyzer::AnalyzeQuestion, the path every typed question takes (search, ask, the
// web app). LLVMFuzzerInitialize loads the vocabularies (abbreviations, drug synonyms, Hunspell)
// from the shared data's vocab/ folder (EVIDENT_DATA) and builds corpus statistics from the
// first research abstracts, so that spelling correction and abbreviation expansion run too;
// without the shared data it runs with the built-in lay terms only. Checks that every term is
// non-empty with a positive finite weight.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/input_file.h"
#include "common/testing.h"
#include "fuzz/fuzz_sink.h"
#include "ingest/jsonl_parser.h"
#include "query/corpus_stats.h"
#include "query/query_analyzer.h"

namespace {

// Abstract sections the corpus statistics are built from: enough for common words and
// abbreviations to be supported, few enough to load in seconds under the sanitizers.
constexpr int kStatsPassages = 3000;

// Collects the section text of research records.
class PassageCollector : public evident::DocumentSink {
 public:
  void Add(evident::Document doc) override {
    for (auto& section : doc.sections) {
      if (passages.size() < kStatsPassages) passages.push_back(std::move(section.text));
    }
  }
  void Delete(const std::string&) override {}
  void Error(evident::IngestError) override {}
  std::vector<std::string> passages;
};

std::unique_ptr<evident::QueryAnalyzer> analyzer;
std::unique_ptr<evident::InMemoryCorpusStats> stats;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  evident::QueryAnalyzerOptions options;
  const std::string data = evident::testing::DataDir();
  std::error_code ec;
  if (std::filesystem::is_directory(data + "/vocab", ec)) {
    options.vocab_dir = data + "/vocab";
    PassageCollector collector;
    auto file = evident::InputFile::Open(data + "/corpus/research/abstracts.jsonl.gz");
    std::string line;
    while (file.ok() && collector.passages.size() < kStatsPassages && (*file)->ReadLine(&line)) {
      evident::ParseResearchJsonlBuffer(line, "abstracts.jsonl.gz", collector);
    }
    stats = std::make_unique<evident::InMemoryCorpusStats>(collector.passages);
    options.corpus_stats = stats.get();
  }
  analyzer = std::make_unique<evident::QueryAnalyzer>(options);
  std::fprintf(stderr, "query_analyzer_fuzz: vocabularies %s, corpus statistics over %u passages\n",
               analyzer->resources() ? "loaded" : "not loaded (no shared data)",
               stats ? stats->NumPassages() : 0u);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using evident::fuzz::Require;
  std::string question(reinterpret_cast<const char*>(data), size);
  evident::AnalyzedQuery analyzed = analyzer->AnalyzeQuestion(question);
  for (const auto& term : analyzed.terms) {
    Require(!term.term.empty(), "empty query term");
    Require(std::isfinite(term.weight) && term.weight > 0, "query term weight not positive");
  }
  return 0;
}
