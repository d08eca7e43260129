// ConclusionMatch: whether an answer quotes a gold conclusion. PubMedQA's long answer is the
// conclusion of the abstract a question was written from; an extractive answer that found the
// abstract's point quotes those sentences. The rule:
//   - the conclusion is split into sentences by SentenceSplitter;
//   - a conclusion sentence is found when some single answer sentence has a ROUGE-L recall
//     against it of at least min_recall (default 0.8): LCS(answer sentence, conclusion
//     sentence) / |conclusion sentence|, in RougeTokenizer tokens. Recall, so that an answer
//     sentence that quotes the conclusion with a little more around it still counts; 0.8 so that
//     small differences between the benchmark's copy and the corpus's copy of the abstract
//     (markup, a dropped reference marker, "et al.") do not matter, while a sentence that only
//     shares the topic's words does not reach it;
//   - the conclusion appears in the answer when every one of its sentences is found
//     (ConclusionMatch::all()); any() is the weaker "at least one".
// One answer sentence at a time, never the answer as a whole: in a long answer the words of a
// short conclusion sentence occur in order by chance.
// Thread-safety: MatchConclusion uses the tokenizer it is given (not thread-safe).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "eval/rouge.h"

namespace evident {

struct ConclusionMatch {
  size_t sentences = 0;  //!< sentences of the conclusion
  size_t found = 0;      //!< of those, found in the answer

  bool all() const { return sentences > 0 && found == sentences; }
  bool any() const { return found > 0; }
};

constexpr double kConclusionMinRecall = 0.8;

//! Matches the sentences of `conclusion` against `answer_sentences` by the rule above.
ConclusionMatch MatchConclusion(const std::vector<std::string>& answer_sentences,
                                const std::string& conclusion, RougeTokenizer& tokenizer,
                                double min_recall = kConclusionMinRecall);

}  // namespace evident
