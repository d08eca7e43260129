#include "eval/lead_baseline.h"

#include "answer/sentence_splitter.h"
#include "answer/text_cleanup.h"

namespace evident {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Appends the first `budget` words of `sentence` to `out` (space-separated) and returns how many
// it took.
size_t AppendWords(std::string_view sentence, size_t budget, std::string* out) {
  size_t taken = 0;
  size_t i = 0;
  while (taken < budget) {
    while (i < sentence.size() && IsSpace(sentence[i])) ++i;
    if (i == sentence.size()) break;
    size_t end = i;
    while (end < sentence.size() && !IsSpace(sentence[end])) ++end;
    if (!out->empty()) *out += ' ';
    out->append(sentence.substr(i, end - i));
    ++taken;
    i = end;
  }
  return taken;
}

}  // namespace

size_t CountWords(std::string_view text) {
  size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    if (!IsSpace(c) && !in_word) ++words;
    in_word = !IsSpace(c);
  }
  return words;
}

Result<std::string> LeadBaseline(Store* store, const std::vector<std::string>& doc_ids,
                                 size_t word_budget) {
  std::string lead;
  size_t words = 0;
  const SentenceSplitter splitter;
  for (const std::string& id : doc_ids) {
    if (words >= word_budget) break;
    auto passages = store->GetPassagesOfDocument(id);
    if (!passages.ok()) {
      if (passages.status().code() == Status::Code::kNotFound) continue;
      return passages.status().WithContext("lead baseline of " + id);
    }
    for (const Passage& passage : *passages) {
      for (const Sentence& sentence : splitter.Split(passage.text)) {
        if (words >= word_budget) return lead;
        words += AppendWords(CleanSentence(sentence.text), word_budget - words, &lead);
      }
    }
  }
  return lead;
}

}  // namespace evident
