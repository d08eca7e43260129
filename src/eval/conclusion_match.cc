#include "eval/conclusion_match.h"

#include <algorithm>

#include "answer/sentence_splitter.h"

namespace evident {

ConclusionMatch MatchConclusion(const std::vector<std::string>& answer_sentences,
                                const std::string& conclusion, RougeTokenizer& tokenizer,
                                double min_recall) {
  std::vector<std::vector<std::string>> answer;
  for (const std::string& s : answer_sentences) answer.push_back(tokenizer.Tokenize(s));
  ConclusionMatch match;
  for (const Sentence& sentence : SentenceSplitter().Split(conclusion)) {
    std::vector<std::string> gold = tokenizer.Tokenize(sentence.text);
    if (gold.empty()) continue;
    ++match.sentences;
    bool found = std::any_of(answer.begin(), answer.end(),
                             [&](const auto& a) { return RougeL(a, gold).recall >= min_recall; });
    if (found) ++match.found;
  }
  return match;
}

}  // namespace evident
