#include "rank/proximity.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace evident {

std::vector<WeightedTerm> WeightQueryTerms(const std::vector<QueryTerm>& query,
                                           const IndexReader& index) {
  std::vector<WeightedTerm> out;
  std::unordered_map<std::string, size_t> slot;
  for (const QueryTerm& t : query) {
    if (t.weight <= 0) continue;
    const auto* entry = index.Lookup(t.term);
    if (entry == nullptr || entry->doc_freq == 0) continue;
    auto [it, inserted] = slot.emplace(t.term, out.size());
    if (inserted) out.push_back({t.term, 0.0f});
    out[it->second].weight += t.weight * entry->idf;
  }
  return out;
}

ProximityScorer::ProximityScorer(const std::vector<WeightedTerm>& query,
                                 const std::vector<std::string>& sequence, ProximityOptions options)
    : options_(options) {
  for (const WeightedTerm& t : query) {
    auto [it, inserted] = term_index_.emplace(t.term, static_cast<uint32_t>(weights_.size()));
    if (inserted) {
      weights_.push_back(t.weight);
    } else {
      weights_[it->second] += t.weight;
    }
  }
  for (float w : weights_) {
    total_weight_ += w;
    pair_norm_ += std::min(1.0f, w);
  }
  int64_t previous = -1;
  for (const std::string& word : sequence) {
    auto it = term_index_.find(word);
    if (it == term_index_.end()) continue;
    uint32_t t = it->second;
    if (previous >= 0 && static_cast<uint32_t>(previous) != t) {
      auto a = static_cast<uint32_t>(previous);
      pairs_.emplace_back(a, t);
      pair_weights_.push_back(std::min(weights_[a], weights_[t]));
      pair_weight_total_ += pair_weights_.back();
    }
    previous = t;
  }
}

void ProximityScorer::ScorePairs(const std::vector<Occurrence>& occurrences,
                                 ProximityScores* scores) const {
  if (pairs_.empty() || pair_weight_total_ <= 0) return;
  // Positions of each term, ascending (occurrences are in position order).
  std::vector<std::vector<uint32_t>> positions(weights_.size());
  for (const Occurrence& o : occurrences) positions[o.term].push_back(o.position);
  const auto window = static_cast<uint32_t>(std::max(1, options_.pair_window_words));
  double ordered = 0, unordered = 0;
  for (size_t i = 0; i < pairs_.size(); ++i) {
    const auto& a = positions[pairs_[i].first];
    const auto& b = positions[pairs_[i].second];
    if (a.empty() || b.empty()) continue;
    // #1: a at p, b at p + 1. #uw: a at p with some b at distance below the window.
    int ordered_count = 0, unordered_count = 0;
    size_t j = 0, k = 0;
    for (uint32_t p : a) {
      while (j < b.size() && b[j] < p + 1) ++j;
      if (j < b.size() && b[j] == p + 1) ++ordered_count;
      while (k < b.size() && b[k] + window <= p) ++k;    // b[k] > p - window
      size_t m = k < b.size() && b[k] == p ? k + 1 : k;  // the same word is no pair
      if (m < b.size() && b[m] < p + window) ++unordered_count;
    }
    ordered += pair_weights_[i] * ordered_count / (ordered_count + 1.0);
    unordered += pair_weights_[i] * unordered_count / (unordered_count + 1.0);
  }
  scores->ordered_pairs = static_cast<float>(ordered / pair_weight_total_);
  scores->unordered_pairs = static_cast<float>(unordered / pair_weight_total_);
}

void ProximityScorer::CollectOccurrences(const AnalyzedPassage& passage,
                                         std::vector<Occurrence>* out) const {
  uint32_t offset = 0;
  for (int f : {index_format::kTitle, index_format::kBody}) {
    const FieldTerms& field = passage.fields[f];
    for (size_t i = 0; i < field.terms.size(); ++i) {
      auto it = term_index_.find(field.terms[i]);
      if (it != term_index_.end()) out->push_back({offset + field.positions[i], it->second});
    }
    if (!field.positions.empty()) offset += field.positions.back() + 1 + kFieldGap;
  }
}

ProximityScores ProximityScorer::Score(const AnalyzedPassage& passage) const {
  ProximityScores scores;
  if (weights_.empty() || total_weight_ <= 0) return scores;
  std::vector<Occurrence> occ;
  CollectOccurrences(passage, &occ);
  if (occ.empty()) return scores;

  // Groups of occurrences at one position (a word and its parts), in position order.
  const size_t n_terms = weights_.size();
  std::vector<int64_t> last_position(n_terms, -1);
  std::vector<double> accumulator(n_terms, 0.0);
  uint32_t min_distance = std::numeric_limits<uint32_t>::max();
  size_t prev_begin = 0, prev_end = 0;  // the previous group
  for (size_t begin = 0; begin < occ.size();) {
    size_t end = begin;
    while (end < occ.size() && occ[end].position == occ[begin].position) ++end;
    const uint32_t pos = occ[begin].position;
    for (size_t i = begin; i < end; ++i) {
      // Tao & Zhai MinDist: nearest earlier occurrence of every other term.
      for (size_t u = 0; u < n_terms; ++u) {
        if (u == occ[i].term || last_position[u] < 0) continue;
        min_distance = std::min(min_distance, pos - static_cast<uint32_t>(last_position[u]));
      }
      // Büttcher: pairs with the neighbouring group of earlier occurrences.
      for (size_t j = prev_begin; j < prev_end; ++j) {
        if (occ[j].term == occ[i].term) continue;
        double d = static_cast<double>(pos - occ[j].position);
        accumulator[occ[i].term] += weights_[occ[j].term] / (d * d);
        accumulator[occ[j].term] += weights_[occ[i].term] / (d * d);
      }
    }
    for (size_t i = begin; i < end; ++i) last_position[occ[i].term] = pos;
    prev_begin = begin;
    prev_end = end;
    begin = end;
  }
  if (min_distance != std::numeric_limits<uint32_t>::max()) {
    scores.min_distance = static_cast<float>(
        std::log(1.0 + std::exp(-static_cast<double>(min_distance)) / options_.min_distance_alpha));
  }
  if (pair_norm_ > 0) {
    double k1 = options_.pair_k1, sum = 0;
    for (size_t t = 0; t < n_terms; ++t) {
      double a = accumulator[t];
      sum += std::min(1.0f, weights_[t]) * a * (k1 + 1.0) / (a + k1);
    }
    scores.pair_score = static_cast<float>(sum / pair_norm_);
  }

  // Window coverage: two pointers over occurrences, window = positions [left, left + W).
  std::vector<int> count(n_terms, 0);
  double covered = 0, best = 0;
  const auto window = static_cast<uint32_t>(std::max(1, options_.window_words));
  for (size_t left = 0, right = 0; right < occ.size(); ++right) {
    if (count[occ[right].term]++ == 0) covered += weights_[occ[right].term];
    while (occ[right].position - occ[left].position >= window) {
      if (--count[occ[left].term] == 0) covered -= weights_[occ[left].term];
      ++left;
    }
    best = std::max(best, covered);
  }
  scores.window_coverage = static_cast<float>(std::min(1.0, best / total_weight_));
  ScorePairs(occ, &scores);
  return scores;
}

}  // namespace evident
