#include "rank/searcher.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

namespace evident {

namespace {
TopKOptions ToTopKOptions(const SearchOptions& options) {
  TopKOptions top;
  top.k = options.k;
  top.one_per_document = options.one_per_document;
  top.exhaustive = options.exhaustive;
  top.kind_mask = options.kind_mask;
  return top;
}
}  // namespace

Searcher::Searcher(std::shared_ptr<const IndexReader> index, Store* store,
                   QueryAnalyzerOptions query_options)
    : index_(std::move(index)), store_(store), query_analyzer_(query_options) {}

std::vector<ScoredPassage> Searcher::Retrieve(const std::string& question,
                                              const SearchOptions& options) {
  return TopK(*index_, query_analyzer_.Analyze(question), ToTopKOptions(options));
}

Result<std::vector<SearchHit>> Searcher::Search(const std::string& question,
                                                const SearchOptions& options) {
  std::vector<QueryTerm> terms = query_analyzer_.Analyze(question);
  std::vector<ScoredPassage> ranked = TopK(*index_, terms, ToTopKOptions(options));

  std::vector<SearchHit> hits;
  std::vector<std::string> passage_ids;
  for (const auto& r : ranked) {
    SearchHit hit;
    hit.doc_id = std::string(index_->doc_id(r.doc));
    hit.passage_id = index_->passage_id(r.passage);
    hit.score = r.score;
    const auto& entry = index_->passage(r.passage);
    hit.kind = SourceKindName(static_cast<SourceKind>(entry.kind));
    hit.year = entry.year;
    passage_ids.push_back(hit.passage_id);
    hits.push_back(std::move(hit));
  }
  if (store_ == nullptr || hits.empty()) return hits;
  auto views = store_->GetPassageViews(passage_ids);
  if (!views.ok()) return views.status().WithContext("resolving search hits");
  for (size_t i = 0, j = 0; i < hits.size() && j < views->size(); ++i) {
    const PassageView& v = (*views)[j];
    if (v.passage_id != hits[i].passage_id) continue;  // passage gone from the store since
    hits[i].title = v.title;
    hits[i].snippet = MakeSnippet(v.text, terms, query_analyzer_.analyzer());
    ++j;
  }
  return hits;
}

std::string MakeSnippet(const std::string& text, const std::vector<QueryTerm>& terms,
                        Analyzer& analyzer, size_t max_chars) {
  // Word spans of the text.
  std::vector<std::pair<size_t, size_t>> words;
  for (size_t i = 0; i < text.size();) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) words.emplace_back(start, i);
  }
  if (words.empty()) return "";
  std::unordered_set<std::string> wanted;
  for (const auto& t : terms) wanted.insert(t.term);
  std::vector<int> hit(words.size(), 0);
  std::vector<Token> tokens;
  for (size_t w = 0; w < words.size(); ++w) {
    tokens.clear();
    analyzer.Analyze(
        std::string_view(text).substr(words[w].first, words[w].second - words[w].first), &tokens);
    for (const auto& t : tokens) {
      if (wanted.count(t.term)) {
        hit[w] = 1;
        break;
      }
    }
  }
  // The window of words fitting max_chars with the most hits (two pointers).
  size_t best_start = 0, best_end = 0, start = 0;
  int best_hits = -1, hits = 0;
  for (size_t end = 0; end < words.size(); ++end) {
    hits += hit[end];
    while (words[end].second - words[start].first > max_chars) hits -= hit[start++];
    if (hits > best_hits) {
      best_hits = hits;
      best_start = start;
      best_end = end;
    }
  }
  // Start the window a little before the first hit for context, if there is room.
  std::string out;
  if (best_start > 0) out += "\u2026";
  out += text.substr(words[best_start].first, words[best_end].second - words[best_start].first);
  if (best_end + 1 < words.size()) out += "\u2026";
  for (char& c : out) {
    if (c == '\n') c = ' ';
  }
  return out;
}

}  // namespace evident
