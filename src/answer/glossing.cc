#include "answer/glossing.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_set>

namespace evident {

namespace glossing_detail {

bool IsClaimBlock(const ArticleBlock& block) {
  return block.kind != ArticleBlock::Kind::kSubheading && !block.text.empty() &&
         !block.citations.empty();
}

// Whether the block's sentence defines the term itself: it opens with the term followed by
// "is", "are" or an explanation in parentheses ("Neuroblastoma is a cancer ...").
bool DefinesTerm(const ArticleBlock& block, const GlossedTerm& found) {
  if (found.span.begin != 0) return false;
  std::string_view rest = std::string_view(block.text).substr(found.span.end);
  return rest.starts_with(" is ") || rest.starts_with(" are ") || rest.starts_with(" (");
}

struct GlossCandidate {
  ArticleBlock* block;
  GlossedTerm found;
  const GlossaryEntry* entry;
  int order;  // reading order of first use
};

}  // namespace glossing_detail

Status GlossJargon(const Glossary& glossary, const CiteGlossSource& cite, Article* article) {
  using namespace glossing_detail;
  if (glossary.size() == 0 || !article->answerable) return Status::OK();
  std::unordered_set<std::string> quoted;  // the article's own sentences
  for (const ArticleSection& section : article->sections) {
    for (const ArticleBlock& block : section.blocks) quoted.insert(block.text);
  }
  std::unordered_set<std::string> met;  // terms met so far, glossable or not
  std::vector<GlossCandidate> candidates;
  for (ArticleSection& section : article->sections) {
    for (ArticleBlock& block : section.blocks) {
      if (!IsClaimBlock(block)) continue;
      for (GlossedTerm& found : glossary.Find(block.text)) {
        if (!met.insert(found.key).second) continue;  // not its first use
        const GlossaryEntry* entry = glossary.Entry(found.key);
        if (entry == nullptr || found.explained || DefinesTerm(block, found) ||
            quoted.count(entry->definition)) {
          continue;
        }
        int order = static_cast<int>(candidates.size());
        candidates.push_back({&block, std::move(found), entry, order});
      }
    }
  }
  // The most specialised terms, then in reading order.
  std::stable_sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    return std::tie(a.entry->consumer_rate, a.order) < std::tie(b.entry->consumer_rate, b.order);
  });
  if (candidates.size() > kMaxGlossesPerArticle) candidates.resize(kMaxGlossesPerArticle);
  std::sort(candidates.begin(), candidates.end(),
            [](const auto& a, const auto& b) { return a.order < b.order; });
  for (const GlossCandidate& c : candidates) {
    auto n = cite(*c.entry);
    if (!n.ok()) return n.status().WithContext("citing the definition of " + c.entry->term);
    c.block->glosses.push_back({c.found.term, c.found.span.begin, c.found.span.end, c.entry->gloss,
                                c.entry->definition, *n, c.entry->passage_id});
  }
  for (ArticleSection& section : article->sections) {
    for (ArticleBlock& block : section.blocks) {
      std::stable_sort(block.glosses.begin(), block.glosses.end(),
                       [](const auto& a, const auto& b) { return a.begin < b.begin; });
    }
  }
  NumberReferencesByFirstUse(article);
  return Status::OK();
}

void NumberReferencesByFirstUse(Article* article) {
  std::map<int, int> renumber;  // old -> new
  auto use = [&](int n) { renumber.emplace(n, static_cast<int>(renumber.size()) + 1); };
  for (const ArticleSection& section : article->sections) {
    for (const ArticleBlock& block : section.blocks) {
      for (int n : block.citations) use(n);
      for (const ArticleGloss& g : block.glosses) use(g.citation);
    }
  }
  for (const ArticleReference& r : article->references) use(r.n);
  auto now = [&](int n) {
    auto it = renumber.find(n);
    return it == renumber.end() ? n : it->second;
  };
  for (ArticleSection& section : article->sections) {
    for (ArticleBlock& block : section.blocks) {
      for (int& n : block.citations) n = now(n);
      for (ArticleGloss& g : block.glosses) g.citation = now(g.citation);
    }
  }
  for (ArticleReference& r : article->references) {
    r.n = now(r.n);
    if (r.cited_by) r.cited_by = now(*r.cited_by);
  }
  std::stable_sort(article->references.begin(), article->references.end(),
                   [](const auto& a, const auto& b) { return a.n < b.n; });
}

}  // namespace evident
