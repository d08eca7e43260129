#include "eval/retrieval_metrics.h"

#include <algorithm>
#include <cmath>

namespace evident {

namespace {

// rel(i) for ranks 1..min(k, |ranking|) (index i - 1): true where the rank holds the first
// occurrence of a relevant document. Every metric is a function of this vector.
std::vector<bool> RelevantHits(const std::vector<std::string>& ranking, const RelevantSet& relevant,
                               size_t k) {
  std::vector<bool> hits(std::min(k, ranking.size()), false);
  RelevantSet found;
  for (size_t i = 0; i < hits.size(); ++i) {
    hits[i] = relevant.count(ranking[i]) > 0 && found.insert(ranking[i]).second;
  }
  return hits;
}

}  // namespace

double RecallAt(const std::vector<std::string>& ranking, const RelevantSet& relevant, int k) {
  if (relevant.empty() || k <= 0) return 0.0;
  std::vector<bool> hits = RelevantHits(ranking, relevant, static_cast<size_t>(k));
  return static_cast<double>(std::count(hits.begin(), hits.end(), true)) / relevant.size();
}

double AveragePrecisionAt(const std::vector<std::string>& ranking, const RelevantSet& relevant,
                          int k) {
  if (relevant.empty() || k <= 0) return 0.0;
  std::vector<bool> hits = RelevantHits(ranking, relevant, static_cast<size_t>(k));
  double sum = 0.0;
  int found = 0;
  for (size_t i = 0; i < hits.size(); ++i) {
    if (!hits[i]) continue;
    ++found;
    sum += static_cast<double>(found) / (i + 1);  // P@i at a relevant rank i
  }
  return sum / std::min(relevant.size(), static_cast<size_t>(k));
}

double NdcgAt(const std::vector<std::string>& ranking, const RelevantSet& relevant, int k) {
  if (relevant.empty() || k <= 0) return 0.0;
  std::vector<bool> hits = RelevantHits(ranking, relevant, static_cast<size_t>(k));
  double dcg = 0.0;
  for (size_t i = 0; i < hits.size(); ++i) {
    if (hits[i]) dcg += 1.0 / std::log2(i + 2.0);  // rank i + 1
  }
  double ideal = 0.0;
  size_t ideal_hits = std::min(relevant.size(), static_cast<size_t>(k));
  for (size_t i = 0; i < ideal_hits; ++i) ideal += 1.0 / std::log2(i + 2.0);
  return dcg / ideal;
}

double ReciprocalRank(const std::vector<std::string>& ranking, const RelevantSet& relevant) {
  for (size_t i = 0; i < ranking.size(); ++i) {
    if (relevant.count(ranking[i]) > 0) return 1.0 / (i + 1);
  }
  return 0.0;
}

}  // namespace evident
