#include "query/spelling_corrector.h"

#include <algorithm>
#include <filesystem>
#include <hunspell.hxx>
#include <set>

namespace evident {

namespace {

constexpr int kMaxEdits = 2;

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

bool IsAlphaWord(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
}

// Every string one edit (delete, transpose, replace, insert) away from `w` (Norvig 2007).
std::vector<std::string> EditsOne(const std::string& w) {
  std::vector<std::string> out;
  for (size_t i = 0; i < w.size(); ++i) out.push_back(w.substr(0, i) + w.substr(i + 1));
  for (size_t i = 0; i + 1 < w.size(); ++i) {
    std::string t = w;
    std::swap(t[i], t[i + 1]);
    out.push_back(std::move(t));
  }
  for (size_t i = 0; i < w.size(); ++i) {
    for (char c = 'a'; c <= 'z'; ++c) {
      if (c == w[i]) continue;
      std::string t = w;
      t[i] = c;
      out.push_back(std::move(t));
    }
  }
  for (size_t i = 0; i <= w.size(); ++i) {
    for (char c = 'a'; c <= 'z'; ++c) out.push_back(w.substr(0, i) + c + w.substr(i));
  }
  return out;
}

}  // namespace

int EditDistance(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      int cost = Lower(a[i - 1]) == Lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && Lower(a[i - 1]) == Lower(b[j - 2]) &&
          Lower(a[i - 2]) == Lower(b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

Result<std::unique_ptr<SpellingDictionary>> SpellingDictionary::Load(const std::string& dir,
                                                                     bool medical_words) {
  const std::string aff = dir + "/en_US.aff", dic = dir + "/en_US.dic";
  for (const auto& path : {aff, dic}) {
    if (!std::filesystem::exists(path)) {
      return Status::NotFound("loading spelling dictionary: " + path +
                              " missing (install hunspell-en-us; scripts/setup)");
    }
  }
  auto hunspell = std::make_unique<Hunspell>(aff.c_str(), dic.c_str());
  const std::string med = dir + "/en_med_glut.dic";
  if (medical_words && std::filesystem::exists(med)) hunspell->add_dic(med.c_str());
  return std::unique_ptr<SpellingDictionary>(new SpellingDictionary(std::move(hunspell)));
}

SpellingDictionary::SpellingDictionary(std::unique_ptr<Hunspell> hunspell)
    : hunspell_(std::move(hunspell)) {}

SpellingDictionary::~SpellingDictionary() = default;

bool SpellingDictionary::IsKnown(const std::string& word) const {
  std::lock_guard<std::mutex> lock(mu_);
  return hunspell_->spell(word);
}

std::vector<std::string> SpellingDictionary::Suggest(const std::string& word) const {
  std::lock_guard<std::mutex> lock(mu_);
  return hunspell_->suggest(word);
}

uint32_t SpellingCorrector::CorpusDocFreq(std::string_view word) const {
  if (stats_ == nullptr) return 0;
  std::string term = analyzer_->NormalizeWord(word);
  return term.empty() ? 0 : stats_->DocFreq(term);
}

std::optional<SpellingCorrection> SpellingCorrector::Correct(std::string_view word) {
  if (word.size() < kMinWordLength || !IsAlphaWord(word)) return std::nullopt;
  if (dictionary_ == nullptr && stats_ == nullptr) return std::nullopt;
  const std::string lower = LowerAscii(word);
  if (Analyzer::IsStopWord(lower)) return std::nullopt;
  const uint32_t original_df = CorpusDocFreq(lower);
  if (original_df >= kMinKnownDocFreq) return std::nullopt;
  if (dictionary_ != nullptr &&
      (dictionary_->IsKnown(std::string(word)) || dictionary_->IsKnown(lower))) {
    return std::nullopt;
  }

  std::set<std::string> candidates;
  if (dictionary_ != nullptr && dictionary_suggestions_ < kMaxDictionarySuggestions) {
    ++dictionary_suggestions_;
    for (const auto& s : dictionary_->Suggest(std::string(word))) {
      if (IsAlphaWord(s)) candidates.insert(LowerAscii(s));
    }
  }
  if (stats_ != nullptr) {
    for (auto& e : EditsOne(lower)) {
      if (CorpusDocFreq(e) >= kMinKnownDocFreq) candidates.insert(std::move(e));
    }
  }
  std::optional<SpellingCorrection> best;
  for (const auto& c : candidates) {
    if (c == lower) continue;
    const int edits = EditDistance(lower, c);
    if (edits > kMaxEdits) continue;
    const uint32_t df = CorpusDocFreq(c);
    // With a corpus, a correction must point at words it holds; without one, trust Hunspell.
    if (stats_ != nullptr && df < kMinKnownDocFreq) continue;
    // A word the corpus holds once may be a rare correct term ("nucleome", "scardica"): only a
    // one-edit neighbour far more frequent replaces it.
    if (original_df > 0 && (edits > 1 || df < kMinRatioOverRareOriginal * original_df)) continue;
    if (!best || edits < best->edits || (edits == best->edits && df > best->corrected_doc_freq)) {
      best = SpellingCorrection{std::string(word), c, df, original_df, edits};
    }
  }
  return best;
}

}  // namespace evident
