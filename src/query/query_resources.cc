#include "query/query_resources.h"

#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>

namespace evident {

namespace {
double MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}
}  // namespace

Result<std::shared_ptr<const QueryResources>> QueryResources::Load(
    const QueryResourcesOptions& options) {
  if (options.vocab_dir.empty()) {
    return Status::InvalidArgument("loading query vocabularies: no vocab_dir given");
  }
  auto start = std::chrono::steady_clock::now();
  std::shared_ptr<QueryResources> r(new QueryResources());

  auto t = std::chrono::steady_clock::now();
  auto abbreviations = AbbreviationDictionary::Load(options.vocab_dir + "/abbreviations");
  if (!abbreviations.ok()) return abbreviations.status();
  r->abbreviations_ = std::move(*abbreviations);
  r->load_times_.abbreviations_ms = MsSince(t);

  t = std::chrono::steady_clock::now();
  std::string pages = options.drug_pages_dir;
  if (pages.empty()) {
    std::string sibling = options.vocab_dir + "/../corpus/guidelines/nci";
    std::error_code ec;
    if (std::filesystem::is_directory(sibling, ec)) pages = sibling;
  }
  auto drugs = DrugSynonyms::Load(options.vocab_dir + "/drug_vocab/drugbank_vocabulary.csv", pages);
  if (!drugs.ok()) return drugs.status();
  r->drugs_ = std::move(*drugs);
  r->load_times_.drugs_ms = MsSince(t);

  t = std::chrono::steady_clock::now();
  if (!options.hunspell_dir.empty()) {
    auto spelling = SpellingDictionary::Load(options.hunspell_dir);
    if (spelling.ok()) r->spelling_ = std::move(*spelling);
  }
  r->load_times_.spelling_ms = MsSince(t);

  t = std::chrono::steady_clock::now();
  const std::string mesh = options.vocab_dir + "/mesh_vocab/2017MeshTree.txt";
  std::error_code ec;
  if (std::filesystem::exists(mesh, ec)) {
    std::unique_ptr<SpellingDictionary> english;
    if (!options.hunspell_dir.empty()) {
      auto loaded = SpellingDictionary::Load(options.hunspell_dir, /*medical_words=*/false);
      if (loaded.ok()) english = std::move(*loaded);
    }
    std::unique_ptr<WordSenses> senses;
    if (!options.wordnet_dir.empty()) {
      auto loaded = WordSenses::Load(options.wordnet_dir);
      if (loaded.ok()) senses = std::make_unique<WordSenses>(std::move(*loaded));
    }
    auto medical = MedicalVocabulary::Load(mesh, std::move(english), std::move(senses));
    if (!medical.ok()) return medical.status();
    r->medical_ = std::make_unique<MedicalVocabulary>(std::move(*medical));
  }
  r->load_times_.medical_ms = MsSince(t);
  LayTermTable::BuiltIn();
  ConceptSynonymTable::BuiltIn();
  r->load_times_.total_ms = MsSince(start);
  return std::shared_ptr<const QueryResources>(std::move(r));
}

Result<std::shared_ptr<const QueryResources>> QueryResources::Shared(
    const QueryResourcesOptions& options) {
  static std::mutex mu;
  static auto* cache = new std::map<std::string, std::shared_ptr<const QueryResources>>();
  const std::string key = options.vocab_dir + '\n' + options.drug_pages_dir + '\n' +
                          options.hunspell_dir + '\n' + options.wordnet_dir;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache->find(key);
  if (it != cache->end()) return it->second;
  auto loaded = Load(options);
  if (!loaded.ok()) return loaded.status();
  cache->emplace(key, *loaded);
  return *loaded;
}

}  // namespace evident
