#include "index/top_k.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace evident {

namespace {

// The k best entries seen so far; with one_per_document, at most one (the best) per document.
// threshold() is the score an entry must beat to get in: the k-th best once full.
class TopKCollector {
 public:
  TopKCollector(size_t k, bool one_per_document) : k_(k), one_per_document_(one_per_document) {}

  float threshold() const { return entries_.size() < k_ ? 0.0f : entries_[min_].score; }

  void Push(const ScoredPassage& c) {
    if (c.score <= threshold()) return;
    if (one_per_document_) {
      auto it = slot_of_doc_.find(c.doc);
      if (it != slot_of_doc_.end()) {
        ScoredPassage& e = entries_[it->second];
        if (c.score > e.score) {
          e = c;
          UpdateMin();
        }
        return;
      }
    }
    if (entries_.size() < k_) {
      entries_.push_back(c);
      if (one_per_document_) slot_of_doc_[c.doc] = entries_.size() - 1;
    } else {
      if (one_per_document_) {
        slot_of_doc_.erase(entries_[min_].doc);
        slot_of_doc_[c.doc] = min_;
      }
      entries_[min_] = c;
    }
    UpdateMin();
  }

  std::vector<ScoredPassage> Sorted() && {
    std::sort(entries_.begin(), entries_.end(), [](const auto& a, const auto& b) {
      return a.score != b.score ? a.score > b.score : a.passage < b.passage;
    });
    return std::move(entries_);
  }

 private:
  void UpdateMin() {
    min_ = 0;
    for (size_t i = 1; i < entries_.size(); ++i) {
      if (entries_[i].score < entries_[min_].score) min_ = i;
    }
  }
  size_t k_;
  bool one_per_document_;
  std::vector<ScoredPassage> entries_;
  size_t min_ = 0;
  std::unordered_map<uint32_t, size_t> slot_of_doc_;
};

struct TermState {
  PostingCursor cursor;
  float weight_idf;   // query weight * idf
  float upper_bound;  // weight_idf * max impact
};

bool Allowed(const IndexReader& reader, uint32_t passage, const TopKOptions& options) {
  const auto& e = reader.passage(passage);
  if (options.skip_retracted && (e.flags & 1)) return false;
  return (options.kind_mask >> e.kind) & 1;
}

std::vector<TermState> PrepareTerms(const IndexReader& reader,
                                    const std::vector<QueryTerm>& terms) {
  std::map<std::string, float> merged;
  for (const auto& t : terms) {
    if (t.weight > 0) merged[t.term] += t.weight;
  }
  std::vector<TermState> states;
  for (const auto& [term, weight] : merged) {
    const auto* entry = reader.Lookup(term);
    if (entry == nullptr || entry->doc_freq == 0) continue;
    float wi = weight * entry->idf;
    states.push_back({reader.Cursor(*entry), wi, wi * entry->max_impact});
  }
  // Ascending upper bounds: the cheapest-to-skip lists first (MaxScore's ordering).
  std::sort(states.begin(), states.end(),
            [](const auto& a, const auto& b) { return a.upper_bound < b.upper_bound; });
  return states;
}

std::vector<ScoredPassage> Exhaustive(const IndexReader& reader, std::vector<TermState>& terms,
                                      const TopKOptions& options, TopKStats* stats) {
  std::vector<float> scores(reader.num_passages(), 0.0f);
  std::vector<uint8_t> seen(reader.num_passages(), 0);
  for (auto& t : terms) {
    for (; t.cursor.passage() != PostingCursor::kEnd; t.cursor.Next()) {
      scores[t.cursor.passage()] += t.weight_idf * t.cursor.Impact();
      seen[t.cursor.passage()] = 1;
      if (stats) ++stats->postings_total;
    }
  }
  TopKCollector top(static_cast<size_t>(options.k), options.one_per_document);
  for (uint32_t p = 0; p < reader.num_passages(); ++p) {
    if (!seen[p] || !Allowed(reader, p, options)) continue;
    if (stats) ++stats->candidates_scored;
    top.Push({p, reader.passage(p).doc, scores[p]});
  }
  return std::move(top).Sorted();
}

std::vector<ScoredPassage> MaxScore(const IndexReader& reader, std::vector<TermState>& terms,
                                    const TopKOptions& options, TopKStats* stats) {
  const size_t n = terms.size();
  // prefix[i] = sum of upper bounds of terms[0..i], inflated a hair so that float rounding in
  // summation order never prunes a passage that exhaustive scoring would keep.
  std::vector<float> prefix(n);
  float sum = 0;
  for (size_t i = 0; i < n; ++i) {
    sum += terms[i].upper_bound;
    prefix[i] = sum * 1.0001f + 1e-6f;
  }
  TopKCollector top(static_cast<size_t>(options.k), options.one_per_document);
  size_t first_essential = 0;
  float threshold = 0;
  while (first_essential < n) {
    uint32_t current = PostingCursor::kEnd;
    for (size_t i = first_essential; i < n; ++i) {
      current = std::min(current, terms[i].cursor.passage());
    }
    if (current == PostingCursor::kEnd) break;

    float score = 0;
    for (size_t i = first_essential; i < n; ++i) {
      PostingCursor& c = terms[i].cursor;
      if (c.passage() == current) {
        score += terms[i].weight_idf * c.Impact();
        c.Next();
      }
    }
    if (!Allowed(reader, current, options)) continue;
    bool pruned = false;
    for (size_t i = first_essential; i-- > 0;) {
      float rest = i > 0 ? prefix[i - 1] : 0.0f;
      if (score + prefix[i] <= threshold) {
        pruned = true;
        break;
      }
      TermState& t = terms[i];
      float block_bound = t.weight_idf * t.cursor.BlockMaxImpact(current) * 1.0001f + 1e-6f;
      if (score + block_bound + rest <= threshold) {
        pruned = true;
        break;
      }
      t.cursor.NextGeq(current);
      if (t.cursor.passage() == current) score += t.weight_idf * t.cursor.Impact();
    }
    if (pruned) continue;
    if (stats) ++stats->candidates_scored;
    top.Push({current, reader.passage(current).doc, score});
    float new_threshold = top.threshold();
    if (new_threshold > threshold) {
      threshold = new_threshold;
      while (first_essential < n && prefix[first_essential] <= threshold) ++first_essential;
    }
  }
  return std::move(top).Sorted();
}

}  // namespace

std::vector<ScoredPassage> TopK(const IndexReader& reader, const std::vector<QueryTerm>& terms,
                                const TopKOptions& options, TopKStats* stats) {
  if (options.k <= 0) return {};
  std::vector<TermState> states = PrepareTerms(reader, terms);
  if (states.empty()) return {};
  return options.exhaustive ? Exhaustive(reader, states, options, stats)
                            : MaxScore(reader, states, options, stats);
}

}  // namespace evident
