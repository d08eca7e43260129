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

std::vector<uint32_t> PassageNumbers(const std::vector<ScoredPassage>& ranked) {
  std::vector<uint32_t> out;
  out.reserve(ranked.size());
  for (const auto& r : ranked) out.push_back(r.passage);
  return out;
}

QueryAnalyzerOptions WithCorpusStats(QueryAnalyzerOptions options, const CorpusStats* stats) {
  if (options.corpus_stats == nullptr) options.corpus_stats = stats;
  return options;
}

}  // namespace

const char* SearchModeName(SearchMode mode) { return mode == SearchMode::kFast ? "fast" : "full"; }

Result<SearchMode> SearchModeFromName(std::string_view name) {
  if (name == "fast") return SearchMode::kFast;
  if (name == "full") return SearchMode::kFull;
  return Status::InvalidArgument("unknown search mode \"" + std::string(name) +
                                 "\" (expected fast or full)");
}

Searcher::Searcher(std::shared_ptr<const IndexReader> index, Store* store, SearcherOptions options)
    : index_(std::move(index)),
      store_(store),
      corpus_stats_(options.query.corpus_stats == nullptr
                        ? std::make_unique<IndexCorpusStats>(index_)
                        : nullptr),
      options_(std::move(options)),
      query_analyzer_(WithCorpusStats(options_.query, corpus_stats_.get())),
      reranker_(*index_, options_.rerank) {
  if (store_ != nullptr) {
    texts_ = std::make_unique<PassageTextCache>(*index_, *store_, query_analyzer_.analyzer());
  }
}

std::vector<ScoredPassage> Searcher::Retrieve(const std::string& question,
                                              const SearchOptions& options) {
  return TopK(*index_, query_analyzer_.Analyze(question), ToTopKOptions(options));
}

Result<std::vector<QueryTerm>> Searcher::ExpandWithFeedback(const std::vector<QueryTerm>& query,
                                                            const SearchOptions& options) {
  const Rm3Options& feedback = options_.feedback;
  if (!feedback.enabled()) return query;
  TopKOptions first = ToTopKOptions(options);
  first.k = feedback.fb_docs;
  first.one_per_document = true;
  std::vector<ScoredPassage> top = TopK(*index_, query, first);
  auto texts = texts_->Get(PassageNumbers(top));
  if (!texts.ok()) return texts.status();
  std::vector<FeedbackPassage> passages;
  for (size_t i = 0; i < top.size(); ++i) passages.push_back({(*texts)[i], top[i].score});
  return ExpandQueryRm3(query, passages, *index_, feedback);
}

Result<std::vector<RerankCandidate>> Searcher::Candidates(const std::string& question,
                                                          const SearchOptions& options) {
  if (texts_ == nullptr) {
    return Status::InvalidArgument("full search needs the store for passage text");
  }
  texts_->Clear();
  // The first stage searches every term of the analysis (the user's words, corrections,
  // abbreviation and synonym expansions); the features read the user's own words.
  const AnalyzedQuery analyzed = query_analyzer_.AnalyzeQuestion(question);
  RerankQuery query;
  for (const AnalyzedTerm& t : analyzed.terms) {
    if (t.source == TermSource::kUser || t.source == TermSource::kSpelling) {
      query.sequence.push_back(t.term);
    } else if (t.source != TermSource::kUserPart) {
      continue;
    }
    query.terms.push_back({t.term, t.weight});
  }
  auto expanded = ExpandWithFeedback(analyzed.QueryTerms(), options);
  if (!expanded.ok()) return expanded.status();
  TopKOptions second = ToTopKOptions(options);
  second.k = std::max(options.k, options_.rerank.depth);
  std::vector<ScoredPassage> candidates = TopK(*index_, *expanded, second);
  // Text features for the first `depth` candidates; the rest keep their first-stage order below.
  std::vector<ScoredPassage> head(
      candidates.begin(),
      candidates.begin() + std::min<size_t>(candidates.size(), options_.rerank.depth));
  auto texts = texts_->Get(PassageNumbers(head));
  if (!texts.ok()) return texts.status();
  texts->resize(candidates.size(), nullptr);
  return reranker_.Featurize(query, candidates, *texts);
}

Result<std::vector<ScoredPassage>> Searcher::Rank(const std::string& question,
                                                  const SearchOptions& options) {
  if (options.mode == SearchMode::kFast) return Retrieve(question, options);
  auto candidates = Candidates(question, options);
  if (!candidates.ok()) return candidates.status();
  reranker_.Score(&*candidates);
  std::vector<ScoredPassage> ranked;
  size_t k = std::min(candidates->size(), static_cast<size_t>(std::max(options.k, 0)));
  ranked.reserve(k);
  for (size_t i = 0; i < k; ++i) {
    ScoredPassage r = (*candidates)[i].first_stage;
    r.score = (*candidates)[i].score;
    ranked.push_back(r);
  }
  return ranked;
}

Result<std::vector<SearchHit>> Searcher::Search(const std::string& question,
                                                const SearchOptions& options) {
  auto ranked = Rank(question, options);
  if (!ranked.ok()) return ranked.status();
  std::vector<QueryTerm> terms = query_analyzer_.Analyze(question);

  std::vector<SearchHit> hits;
  std::vector<std::string> passage_ids;
  for (const auto& r : *ranked) {
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
