#include "rank/reranker.h"

#include <algorithm>
#include <unordered_map>

#include "index/scoring.h"

namespace evident {

namespace {

// The index keeps title and keyword tf up to 15 (index_format.h); the recomputed BM25F must too.
constexpr uint32_t kMaxPackedTf = 15;

}  // namespace

std::string_view RerankFeatureName(RerankFeature feature) {
  switch (feature) {
    case kFirstStage:
      return "first_stage";
    case kOriginalQuery:
      return "original_query";
    case kMinDistance:
      return "min_distance";
    case kPairProximity:
      return "pair_proximity";
    case kWindowCoverage:
      return "window_coverage";
    case kOrderedPairs:
      return "ordered_pairs";
    case kUnorderedPairs:
      return "unordered_pairs";
    case kQueryCoverage:
      return "query_coverage";
    case kTitleCoverage:
      return "title_coverage";
    case kKeywordCoverage:
      return "keyword_coverage";
    case kRareCoverage:
      return "rare_coverage";
    case kNumRerankFeatures:
      break;
  }
  return "";
}

std::vector<RerankCandidate> Reranker::Featurize(
    const RerankQuery& query, const std::vector<ScoredPassage>& candidates,
    const std::vector<const AnalyzedPassage*>& texts) const {
  namespace fmt = index_format;
  const std::vector<WeightedTerm> terms = WeightQueryTerms(query.terms, *index_);
  const ProximityScorer proximity(terms, query.sequence, options_.proximity);
  std::unordered_map<std::string_view, size_t> term_index;
  double total_weight = 0, total_rare_weight = 0;
  std::vector<double> rare_weight(terms.size());  // weight · idf²
  for (size_t t = 0; t < terms.size(); ++t) {
    term_index.emplace(terms[t].term, t);
    total_weight += terms[t].weight;
    rare_weight[t] = static_cast<double>(terms[t].weight) * index_->Lookup(terms[t].term)->idf;
    total_rare_weight += rare_weight[t];
  }
  const ScoringParams& params = index_->params();

  std::vector<RerankCandidate> out(candidates.size());
  std::vector<std::array<uint32_t, fmt::kNumFields>> tf(terms.size());
  float max_first = 0, max_original = 0;
  for (size_t i = 0; i < candidates.size(); ++i) {
    RerankCandidate& c = out[i];
    c.first_stage = candidates[i];
    c.text = i < texts.size() ? texts[i] : nullptr;
    c.features[kFirstStage] = candidates[i].score;
    max_first = std::max(max_first, candidates[i].score);
    c.priors.assign(options_.priors.size(), 0.0f);
    if (c.text == nullptr) continue;

    for (auto& counts : tf) counts.fill(0);
    for (int f = 0; f < fmt::kNumFields; ++f) {
      for (const std::string& term : c.text->fields[f].terms) {
        auto it = term_index.find(term);
        if (it != term_index.end()) ++tf[it->second][f];
      }
    }
    const auto& entry = index_->passage(candidates[i].passage);
    double original = 0, anywhere = 0, in_title = 0, in_keywords = 0, rare = 0;
    for (size_t t = 0; t < terms.size(); ++t) {
      uint32_t field_tf[fmt::kNumFields] = {std::min(tf[t][fmt::kTitle], kMaxPackedTf),
                                            tf[t][fmt::kBody],
                                            std::min(tf[t][fmt::kKeywords], kMaxPackedTf)};
      if (field_tf[0] + field_tf[1] + field_tf[2] == 0) continue;
      original += terms[t].weight * Bm25fImpact(params, field_tf, entry.inv_norm);
      anywhere += terms[t].weight;
      rare += rare_weight[t];
      if (field_tf[fmt::kTitle] > 0) in_title += terms[t].weight;
      if (field_tf[fmt::kKeywords] > 0) in_keywords += terms[t].weight;
    }
    c.features[kOriginalQuery] = static_cast<float>(original);
    max_original = std::max(max_original, c.features[kOriginalQuery]);
    if (total_weight > 0) {
      c.features[kQueryCoverage] = static_cast<float>(anywhere / total_weight);
      c.features[kTitleCoverage] = static_cast<float>(in_title / total_weight);
      c.features[kKeywordCoverage] = static_cast<float>(in_keywords / total_weight);
      c.features[kRareCoverage] = static_cast<float>(rare / total_rare_weight);
    }
    ProximityScores p = proximity.Score(*c.text);
    c.features[kMinDistance] = p.min_distance;
    c.features[kPairProximity] = p.pair_score;
    c.features[kWindowCoverage] = p.window_coverage;
    c.features[kOrderedPairs] = p.ordered_pairs;
    c.features[kUnorderedPairs] = p.unordered_pairs;
    for (size_t j = 0; j < options_.priors.size(); ++j) {
      c.priors[j] = options_.priors[j].prior->Score(*index_, *c.text);
    }
  }
  for (RerankCandidate& c : out) {
    if (max_first > 0) c.features[kFirstStage] /= max_first;
    if (max_original > 0) c.features[kOriginalQuery] /= max_original;
  }
  return out;
}

float Reranker::Combine(const RerankCandidate& candidate, const RerankFeatures& weights) const {
  float score = 0;
  for (int f = 0; f < kNumRerankFeatures; ++f) score += weights[f] * candidate.features[f];
  for (size_t j = 0; j < options_.priors.size() && j < candidate.priors.size(); ++j) {
    score += options_.priors[j].weight * candidate.priors[j];
  }
  return score;
}

void Reranker::Score(std::vector<RerankCandidate>* candidates) const {
  for (RerankCandidate& c : *candidates) c.score = Combine(c, options_.weights);
  std::stable_sort(candidates->begin(), candidates->end(),
                   [](const auto& a, const auto& b) { return a.score > b.score; });
}

}  // namespace evident
