#include "rank/pseudo_relevance_feedback.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace evident {

namespace {

bool IsNumber(std::string_view term) {
  return std::all_of(term.begin(), term.end(),
                     [](char c) { return (c >= '0' && c <= '9') || c == '.' || c == '-'; });
}

// The original query merged into distinct terms in question order, with summed weights.
std::vector<QueryTerm> MergeTerms(const std::vector<QueryTerm>& query) {
  std::vector<QueryTerm> merged;
  std::unordered_map<std::string_view, size_t> slot;
  for (const QueryTerm& t : query) {
    if (t.weight <= 0) continue;
    auto [it, inserted] = slot.emplace(t.term, merged.size());
    if (inserted) {
      merged.push_back(t);
    } else {
      merged[it->second].weight += t.weight;
    }
  }
  return merged;
}

}  // namespace

std::vector<QueryTerm> ExpandQueryRm3(const std::vector<QueryTerm>& query,
                                      const std::vector<FeedbackPassage>& feedback,
                                      const IndexReader& index, const Rm3Options& options) {
  std::vector<QueryTerm> merged = MergeTerms(query);
  double query_mass = 0;
  for (const QueryTerm& t : merged) query_mass += t.weight;
  if (!options.enabled() || merged.empty()) return merged;

  // RM1: P(w|R) ∝ Σ_D P(w|D) P(Q|D), over the first fb_docs passages with a positive score.
  double score_mass = 0;
  size_t used = std::min(feedback.size(), static_cast<size_t>(options.fb_docs));
  for (size_t i = 0; i < used; ++i) {
    if (feedback[i].text != nullptr && feedback[i].score > 0) score_mass += feedback[i].score;
  }
  if (score_mass <= 0) return merged;
  std::unordered_map<std::string_view, double> relevance;
  for (size_t i = 0; i < used; ++i) {
    const FeedbackPassage& f = feedback[i];
    if (f.text == nullptr || f.score <= 0) continue;
    size_t length = 0;
    for (const FieldTerms& field : f.text->fields) length += field.terms.size();
    if (length == 0) continue;
    double weight = f.score / score_mass / static_cast<double>(length);
    for (const FieldTerms& field : f.text->fields) {
      for (const std::string& term : field.terms) relevance[term] += weight;
    }
  }

  std::unordered_map<std::string_view, size_t> original;
  for (size_t i = 0; i < merged.size(); ++i) original.emplace(merged[i].term, i);
  const double max_doc_freq = options.max_doc_freq_ratio * index.num_passages();
  std::vector<std::pair<std::string_view, double>> candidates;
  for (const auto& [term, p] : relevance) {
    if (!original.count(term)) {
      if (options.skip_numbers && IsNumber(term)) continue;
      const auto* entry = index.Lookup(term);
      if (entry == nullptr || entry->doc_freq > max_doc_freq) continue;
    }
    candidates.emplace_back(term, p);
  }
  size_t keep = std::min(candidates.size(), static_cast<size_t>(options.fb_terms));
  std::partial_sort(candidates.begin(), candidates.begin() + keep, candidates.end(),
                    [](const auto& a, const auto& b) {
                      return a.second != b.second ? a.second > b.second : a.first < b.first;
                    });
  candidates.resize(keep);
  double kept_mass = 0;
  for (const auto& c : candidates) kept_mass += c.second;
  if (kept_mass <= 0) return merged;

  // RM3: λ P(w|Q) + (1 - λ) P(w|R), scaled by the original query's mass.
  const double lambda = options.original_weight;
  std::vector<QueryTerm> expanded;
  for (const QueryTerm& t : merged) {
    expanded.push_back({t.term, static_cast<float>(lambda * t.weight)});
  }
  for (const auto& [term, p] : candidates) {
    float w = static_cast<float>((1.0 - lambda) * p / kept_mass * query_mass);
    auto it = original.find(term);
    if (it != original.end()) {
      expanded[it->second].weight += w;
    } else {
      expanded.push_back({std::string(term), w});
    }
  }
  return expanded;
}

}  // namespace evident
