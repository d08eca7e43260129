#include "query/medical_vocabulary.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "common/ascii.h"
#include "common/input_file.h"
#include "index/analyzer.h"

namespace evident {

namespace {

enum class TreeDomain { kMedical, kOther, kNeither };

// The domain of a MeSH tree number ("C04.557.470"): by its top-level category, with the
// exceptions of the file comment.
TreeDomain DomainOf(std::string_view tree) {
  if (tree.empty()) return TreeDomain::kNeither;
  const std::string_view branch = tree.substr(0, 3);
  if (branch == "B01" || branch == "G01" || branch == "G17") return TreeDomain::kOther;
  switch (tree[0]) {
    case 'A':
    case 'B':  // B02-B05: archaea, bacteria, viruses and other organisms that cause disease
    case 'C':
    case 'D':
    case 'E':
    case 'F':
    case 'G':
    case 'N':
      return TreeDomain::kMedical;
    case 'M':
      return TreeDomain::kNeither;
    default:
      return TreeDomain::kOther;
  }
}

// "CAR", "PPI", "HapMap", "TAMs": two capitals or more.
bool IsAcronym(std::string_view word) {
  return std::count_if(word.begin(), word.end(), ascii::IsUpper) >= 2;
}

bool IsNumber(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

void MedicalVocabulary::AddHeading(std::string_view tree_number, std::string_view heading) {
  const TreeDomain domain = DomainOf(tree_number);
  if (domain == TreeDomain::kNeither) return;
  static thread_local Analyzer analyzer;
  std::unordered_set<std::string> seen;
  for (auto& token : analyzer.Analyze(heading)) {
    if (token.is_part || IsNumber(token.term) || !seen.insert(token.term).second) continue;
    Counts& c = headings_[token.term];
    (domain == TreeDomain::kMedical ? c.medical : c.other) += 1;
  }
}

MedicalVocabulary MedicalVocabulary::FromHeadings(
    const std::vector<std::pair<std::string, std::string>>& headings,
    std::unique_ptr<SpellingDictionary> english, std::unique_ptr<WordSenses> senses) {
  MedicalVocabulary v;
  for (const auto& [tree, heading] : headings) v.AddHeading(tree, heading);
  v.english_ = std::move(english);
  v.senses_ = std::move(senses);
  return v;
}

Result<MedicalVocabulary> MedicalVocabulary::Load(const std::string& mesh_tree_path,
                                                  std::unique_ptr<SpellingDictionary> english,
                                                  std::unique_ptr<WordSenses> senses) {
  auto text = ReadFileContents(mesh_tree_path);
  if (!text.ok()) return text.status().WithContext("loading the MeSH tree");
  MedicalVocabulary v;
  std::string_view rest(*text);
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);
  size_t line_no = 0;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line_no == 1) continue;  // the header
    const size_t tab1 = line.find('\t');
    const size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 == std::string_view::npos) {
      return Status::Corruption(mesh_tree_path + ": line " + std::to_string(line_no) +
                                ": expected \"tree number<TAB>descriptor<TAB>heading\"")
          .WithContext("loading the MeSH tree");
    }
    v.AddHeading(line.substr(0, tab1), line.substr(tab2 + 1));
  }
  v.english_ = std::move(english);
  v.senses_ = std::move(senses);
  return v;
}

double MedicalVocabulary::WordScore(const DomainWord& word, const CorpusStats* stats) const {
  if (word.known_medical) return 1.0;
  if (word.word.find('-') != std::string::npos && headings_.count(word.term) == 0) {
    static thread_local Analyzer analyzer;
    double best = -1;
    size_t start = 0;
    while (start <= word.word.size()) {
      size_t end = word.word.find('-', start);
      if (end == std::string::npos) end = word.word.size();
      const std::string part = word.word.substr(start, end - start);
      start = end + 1;
      const bool has_letter = std::any_of(part.begin(), part.end(), ascii::IsAlpha);
      std::string term = has_letter ? analyzer.NormalizeWord(part) : std::string();
      if (!term.empty()) best = std::max(best, WordScore({part, std::move(term)}, stats));
    }
    if (best >= 0) return best;
  }
  const std::optional<SenseDomains> d =
      senses_ != nullptr && !IsAcronym(word.word) ? senses_->Of(word.word) : std::nullopt;
  const double judged = JudgedScore(word, d.has_value(), stats);
  if (!d) return judged;
  return std::clamp(d->medical + (1.0 - d->medical - d->everyday) * judged, 0.0, 1.0);
}

double MedicalVocabulary::JudgedScore(const DomainWord& word, bool in_wordnet,
                                      const CorpusStats* stats) const {
  auto it = headings_.find(word.term);
  if (it != headings_.end()) {
    return static_cast<double>(it->second.medical) / (it->second.medical + it->second.other);
  }
  const bool has_corpus = stats != nullptr && stats->NumPassages() > 0;
  if (english_ != nullptr && !in_wordnet && !english_->IsKnown(word.word)) {
    return has_corpus && stats->DocFreq(word.term) == 0 ? 0.5 : 1.0;
  }
  if (!has_corpus) return 0.0;
  const double share = static_cast<double>(stats->DocFreq(word.term)) / stats->NumPassages();
  if (share <= kRareShare) return 0.0;
  if (share >= kCommonShare) return 1.0;
  return std::log(share / kRareShare) / std::log(kCommonShare / kRareShare);
}

double MedicalVocabulary::MedicalShare(const std::vector<DomainWord>& words,
                                       const CorpusStats* stats) const {
  double weighted = 0, total = 0;
  for (const DomainWord& w : words) {
    double idf = 1.0;
    if (stats != nullptr) {
      // BM25's idf (Robertson & Zaragoza 2009), never negative; a word the corpus lacks gets
      // the largest.
      const double n = stats->NumPassages(), df = stats->DocFreq(w.term);
      idf = std::log(1.0 + (n - df + 0.5) / (df + 0.5));
    }
    weighted += idf * WordScore(w, stats);
    total += idf;
  }
  return total > 0 ? weighted / total : 0.0;
}

}  // namespace evident
