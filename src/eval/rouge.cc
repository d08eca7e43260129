#include "eval/rouge.h"

#include <libstemmer.h>

#include <algorithm>
#include <map>

namespace evident {

namespace {

bool IsAsciiAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

RougeScore FromOverlap(double overlap, size_t candidate, size_t reference) {
  RougeScore s;
  if (candidate == 0 || reference == 0 || overlap == 0) return s;
  s.precision = overlap / static_cast<double>(candidate);
  s.recall = overlap / static_cast<double>(reference);
  s.f1 = 2 * s.precision * s.recall / (s.precision + s.recall);
  return s;
}

std::map<std::vector<std::string>, int> NGramCounts(const std::vector<std::string>& tokens,
                                                    size_t n) {
  std::map<std::vector<std::string>, int> counts;
  for (size_t i = 0; i + n <= tokens.size(); ++i) {
    ++counts[std::vector<std::string>(tokens.begin() + i, tokens.begin() + i + n)];
  }
  return counts;
}

}  // namespace

RougeTokenizer::RougeTokenizer(bool stem) {
  if (stem) stemmer_ = sb_stemmer_new("porter", "UTF_8");
}

RougeTokenizer::~RougeTokenizer() {
  if (stemmer_ != nullptr) sb_stemmer_delete(stemmer_);
}

std::vector<std::string> RougeTokenizer::Tokenize(std::string_view text) {
  std::vector<std::string> tokens;
  std::string token;
  auto flush = [&] {
    if (token.empty()) return;
    // ROUGE-1.5.5 stems only words longer than three characters.
    if (stemmer_ != nullptr && token.size() > 3) {
      const sb_symbol* stemmed =
          sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(token.data()),
                          static_cast<int>(token.size()));
      token.assign(reinterpret_cast<const char*>(stemmed), sb_stemmer_length(stemmer_));
    }
    tokens.push_back(std::move(token));
    token.clear();
  };
  for (char c : text) {
    char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (IsAsciiAlnum(lower)) {
      token += lower;
    } else {
      flush();
    }
  }
  flush();
  return tokens;
}

RougeScore RougeN(const std::vector<std::string>& candidate,
                  const std::vector<std::string>& reference, int n) {
  if (n < 1) return {};
  size_t len = static_cast<size_t>(n);
  if (candidate.size() < len || reference.size() < len) return {};
  auto candidate_counts = NGramCounts(candidate, len);
  auto reference_counts = NGramCounts(reference, len);
  double overlap = 0;
  for (const auto& [gram, count] : reference_counts) {
    auto it = candidate_counts.find(gram);
    if (it != candidate_counts.end()) overlap += std::min(count, it->second);
  }
  return FromOverlap(overlap, candidate.size() - len + 1, reference.size() - len + 1);
}

size_t LongestCommonSubsequence(const std::vector<std::string>& a,
                                const std::vector<std::string>& b) {
  // Dynamic programming over one row at a time: O(|a| |b|) time, O(|b|) memory.
  std::vector<size_t> row(b.size() + 1, 0);
  for (const std::string& x : a) {
    size_t diagonal = 0;  // row[j - 1] of the previous row
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = x == b[j - 1] ? diagonal + 1 : std::max(row[j], row[j - 1]);
      diagonal = above;
    }
  }
  return row[b.size()];
}

RougeScore RougeL(const std::vector<std::string>& candidate,
                  const std::vector<std::string>& reference) {
  return FromOverlap(static_cast<double>(LongestCommonSubsequence(candidate, reference)),
                     candidate.size(), reference.size());
}

}  // namespace evident
