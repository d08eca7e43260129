#include "rank/passage_text.h"

#include <unordered_set>

namespace evident {

namespace {

void AnalyzeField(Analyzer& analyzer, std::string_view text, std::vector<Token>* scratch,
                  FieldTerms* out) {
  scratch->clear();
  analyzer.Analyze(text, scratch);
  out->terms.clear();
  out->positions.clear();
  out->terms.reserve(scratch->size());
  out->positions.reserve(scratch->size());
  uint32_t position = 0;
  for (size_t i = 0; i < scratch->size(); ++i) {
    Token& t = (*scratch)[i];
    if (!t.is_part && i > 0) ++position;
    out->terms.push_back(std::move(t.term));
    out->positions.push_back(position);
  }
}

}  // namespace

void AnalyzePassageView(Analyzer& analyzer, AnalyzedPassage* out) {
  const PassageView& v = out->view;
  std::vector<Token> scratch;
  std::string title = v.heading.empty() ? v.title : v.title + "\n" + v.heading;
  AnalyzeField(analyzer, title, &scratch, &out->fields[index_format::kTitle]);
  AnalyzeField(analyzer, v.text, &scratch, &out->fields[index_format::kBody]);
  AnalyzeField(analyzer, v.keywords, &scratch, &out->fields[index_format::kKeywords]);
}

Result<std::vector<const AnalyzedPassage*>> PassageTextCache::Get(
    const std::vector<uint32_t>& passages) {
  std::vector<std::string> missing_ids;
  std::unordered_map<std::string, uint32_t> number_of_id;
  std::unordered_set<uint32_t> asked;
  for (uint32_t p : passages) {
    if (cache_.count(p) || !asked.insert(p).second) continue;
    std::string id = index_->passage_id(p);
    number_of_id.emplace(id, p);
    missing_ids.push_back(std::move(id));
  }
  if (!missing_ids.empty()) {
    auto views = store_->GetPassageViews(missing_ids);
    if (!views.ok()) return views.status().WithContext("fetching passage text for reranking");
    for (PassageView& view : *views) {
      auto it = number_of_id.find(view.passage_id);
      if (it == number_of_id.end()) continue;
      AnalyzedPassage& a = cache_[it->second];
      a.passage = it->second;
      a.view = std::move(view);
      AnalyzePassageView(*analyzer_, &a);
    }
  }
  std::vector<const AnalyzedPassage*> out;
  out.reserve(passages.size());
  for (uint32_t p : passages) {
    auto it = cache_.find(p);
    out.push_back(it == cache_.end() ? nullptr : &it->second);
  }
  return out;
}

}  // namespace evident
