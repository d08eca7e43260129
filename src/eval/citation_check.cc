#include "eval/citation_check.h"

#include <unordered_map>
#include <unordered_set>

#include "answer/sentence_splitter.h"
#include "answer/text_cleanup.h"

namespace evident {

namespace {

// The document a passage id belongs to: "pmid:1#3" -> "pmid:1".
std::string DocumentOfPassage(const std::string& passage_id) {
  return passage_id.substr(0, passage_id.rfind('#'));
}

// A passage's sentences as the composer shows them, for exact comparison.
std::unordered_set<std::string> CleanSentencesOf(const std::string& text) {
  std::unordered_set<std::string> sentences;
  for (const Sentence& s : SentenceSplitter().Split(text)) sentences.insert(CleanSentence(s.text));
  return sentences;
}

bool IsClaim(const Article& article, const ArticleBlock& block) {
  if (block.kind == ArticleBlock::Kind::kSubheading || block.text.empty()) return false;
  return article.answerable || !block.citations.empty() || !block.passage_id.empty();
}

using SentencesByPassage = std::unordered_map<std::string, std::unordered_set<std::string>>;

// What is wrong with a gloss of `block`, or empty: it must mark the term in the block's text,
// cite a reference, quote a sentence of a passage of that reference, and explain the term with
// part of that sentence. `next_new` as for FindViolation.
std::string FindGlossViolation(const Article& article, const ArticleBlock& block,
                               const ArticleGloss& gloss, const SentencesByPassage& sentences_of,
                               int* next_new) {
  if (gloss.begin >= gloss.end || gloss.end > block.text.size() ||
      block.text.compare(gloss.begin, gloss.end - gloss.begin, gloss.term) != 0) {
    return "the term is not at its position in the text";
  }
  int n = gloss.citation;
  if (n < 1 || n > static_cast<int>(article.references.size())) {
    return "citation [" + std::to_string(n) + "] names no reference";
  }
  if (n > *next_new) {
    return "reference [" + std::to_string(n) + "] cited before [" + std::to_string(*next_new) + "]";
  }
  if (n == *next_new) ++*next_new;
  const ArticleReference& ref = article.references[n - 1];
  if (DocumentOfPassage(gloss.passage_id) != ref.id) {
    return "passage " + gloss.passage_id + " is not of its cited reference [" + std::to_string(n) +
           "] " + ref.id;
  }
  auto passage = sentences_of.find(gloss.passage_id);
  if (passage == sentences_of.end()) {
    return "cited passage " + gloss.passage_id + " is not in the store";
  }
  if (!passage->second.count(gloss.definition)) {
    return "the definition is not a sentence of its cited passage " + gloss.passage_id;
  }
  if (gloss.gloss.empty() || gloss.definition.find(gloss.gloss) == std::string::npos) {
    return "the gloss is not part of its definition";
  }
  return "";
}

// What is wrong with one claim block, or empty. `next_new` is the number the next reference
// cited for the first time must have; it advances past the references this block introduces.
std::string FindViolation(const Article& article, const ArticleBlock& block,
                          const SentencesByPassage& sentences_of, int* next_new) {
  if (block.citations.empty()) return "no citation";
  for (int n : block.citations) {
    if (n < 1 || n > static_cast<int>(article.references.size())) {
      return "citation [" + std::to_string(n) + "] names no reference";
    }
    if (n > *next_new) {
      return "reference [" + std::to_string(n) + "] cited before [" + std::to_string(*next_new) +
             "]";
    }
    if (n == *next_new) ++*next_new;
  }
  if (block.passage_id.empty()) return "no source passage";
  const ArticleReference& first = article.references[block.citations[0] - 1];
  if (DocumentOfPassage(block.passage_id) != first.id) {
    return "passage " + block.passage_id + " is not of its first cited reference [" +
           std::to_string(first.n) + "] " + first.id;
  }
  auto passage = sentences_of.find(block.passage_id);
  if (passage == sentences_of.end()) {
    return "cited passage " + block.passage_id + " is not in the store";
  }
  if (!passage->second.count(block.text)) {
    return "not a sentence of its cited passage " + block.passage_id;
  }
  for (const ArticleGloss& gloss : block.glosses) {
    std::string reason = FindGlossViolation(article, block, gloss, sentences_of, next_new);
    if (!reason.empty()) return "gloss of \"" + gloss.term + "\": " + reason;
  }
  return "";
}

}  // namespace

Result<CitationCheck> CheckCitations(const Article& article, Store* store) {
  std::vector<std::string> passage_ids;
  for (const ArticleSection& section : article.sections) {
    for (const ArticleBlock& block : section.blocks) {
      if (IsClaim(article, block) && !block.passage_id.empty()) {
        passage_ids.push_back(block.passage_id);
      }
      for (const ArticleGloss& gloss : block.glosses) passage_ids.push_back(gloss.passage_id);
    }
  }
  auto views = store->GetPassageViews(passage_ids);
  if (!views.ok()) return views.status().WithContext("checking citations");
  SentencesByPassage sentences_of;
  for (const PassageView& view : *views)
    sentences_of[view.passage_id] = CleanSentencesOf(view.text);

  CitationCheck check;
  int next_new = 1;
  for (const ArticleSection& section : article.sections) {
    for (const ArticleBlock& block : section.blocks) {
      if (!IsClaim(article, block)) continue;
      ++check.blocks_checked;
      check.glosses_checked += block.glosses.size();
      if (block.citations.empty()) ++check.uncited;
      std::string reason = FindViolation(article, block, sentences_of, &next_new);
      if (reason.empty()) {
        ++check.blocks_valid;
      } else {
        check.violations.push_back({block.text, std::move(reason)});
      }
    }
  }
  return check;
}

}  // namespace evident
