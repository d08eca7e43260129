#include "query/corpus_stats.h"

#include <algorithm>
#include <set>

#include "index/analyzer.h"

namespace evident {

uint32_t IndexCorpusStats::DocFreq(const std::string& term) const {
  const auto* entry = index_->Lookup(term);
  return entry == nullptr ? 0 : entry->doc_freq;
}

uint32_t IndexCorpusStats::CoFreq(const std::vector<std::string>& a_terms,
                                  const std::vector<std::string>& b_terms) const {
  if (a_terms.empty()) return 0;
  std::vector<PostingCursor> all;
  for (const auto& t : a_terms) {
    const auto* entry = index_->Lookup(t);
    if (entry == nullptr) return 0;
    all.push_back(index_->Cursor(*entry));
  }
  std::vector<PostingCursor> any;
  for (const auto& t : b_terms) {
    const auto* entry = index_->Lookup(t);
    if (entry != nullptr) any.push_back(index_->Cursor(*entry));
  }
  if (!b_terms.empty() && any.empty()) return 0;
  std::sort(all.begin(), all.end(), [](const PostingCursor& x, const PostingCursor& y) {
    return x.doc_freq() < y.doc_freq();
  });

  PostingCursor& driver = all.front();
  uint32_t walked = 0, count = 0;
  for (; driver.passage() != PostingCursor::kEnd && walked < max_postings_walked_;
       driver.Next(), ++walked) {
    const uint32_t p = driver.passage();
    bool in_all = true;
    for (size_t i = 1; i < all.size() && in_all; ++i) {
      all[i].NextGeq(p);
      in_all = all[i].passage() == p;
    }
    if (!in_all) continue;
    bool in_any = any.empty();
    for (auto& c : any) {
      if (c.passage() < p) c.NextGeq(p);
      if (c.passage() == p) {
        in_any = true;
        break;
      }
    }
    if (in_any) ++count;
  }
  if (driver.passage() == PostingCursor::kEnd || walked == 0) return count;
  // Capped: extrapolate from the walked prefix of the driving list.
  return static_cast<uint32_t>(static_cast<uint64_t>(count) * driver.doc_freq() / walked);
}

InMemoryCorpusStats::InMemoryCorpusStats(const std::vector<std::string>& passages)
    : num_passages_(static_cast<uint32_t>(passages.size())) {
  Analyzer analyzer;
  for (uint32_t p = 0; p < passages.size(); ++p) {
    std::set<std::string> terms;
    for (auto& token : analyzer.Analyze(passages[p])) terms.insert(std::move(token.term));
    for (const auto& t : terms) postings_[t].push_back(p);
  }
}

uint32_t InMemoryCorpusStats::DocFreq(const std::string& term) const {
  auto it = postings_.find(term);
  return it == postings_.end() ? 0 : static_cast<uint32_t>(it->second.size());
}

uint32_t InMemoryCorpusStats::CoFreq(const std::vector<std::string>& a_terms,
                                     const std::vector<std::string>& b_terms) const {
  if (a_terms.empty()) return 0;
  auto list = [&](const std::string& t) -> const std::vector<uint32_t>* {
    auto it = postings_.find(t);
    return it == postings_.end() ? nullptr : &it->second;
  };
  std::vector<uint32_t> result;
  for (size_t i = 0; i < a_terms.size(); ++i) {
    const auto* l = list(a_terms[i]);
    if (l == nullptr) return 0;
    if (i == 0) {
      result = *l;
      continue;
    }
    std::vector<uint32_t> next;
    std::set_intersection(result.begin(), result.end(), l->begin(), l->end(),
                          std::back_inserter(next));
    result.swap(next);
  }
  if (b_terms.empty()) return static_cast<uint32_t>(result.size());
  std::set<uint32_t> any;
  for (const auto& t : b_terms) {
    if (const auto* l = list(t)) any.insert(l->begin(), l->end());
  }
  return static_cast<uint32_t>(
      std::count_if(result.begin(), result.end(), [&](uint32_t p) { return any.count(p) > 0; }));
}

}  // namespace evident
