// Rouge: n-gram and longest-common-subsequence overlap between a candidate text and a reference
// (Lin 2004, "ROUGE: A Package for Automatic Evaluation of Summaries"), the measure BioASQ and
// summarisation papers report for ideal answers.
//
// Tokens follow ROUGE-1.5.5 as Google's rouge_score reimplements it: the text is lower-cased,
// every character other than an ASCII letter or digit separates tokens, and with stemming
// (ROUGE-1.5.5 `-m`) tokens longer than three characters are reduced by the original Porter
// stemmer (Porter 1980; Snowball's "porter" algorithm). No stop words are removed.
//   ROUGE-N: clipped n-gram overlap; P = overlap / candidate n-grams, R = overlap / reference
//            n-grams, F1 = 2PR / (P + R).
//   ROUGE-L: the longest common subsequence of the two whole token sequences (rouge_score's
//            "rougeL", no sentence split); P = LCS / |candidate|, R = LCS / |reference|.
// With several references a caller takes the best F1 over them (rouge_score's score_multi).
// Empty candidate or reference gives 0.
//
// Thread-safety: RougeTokenizer holds a Snowball stemmer and is not thread-safe (one per
// thread); the scoring functions are pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

struct sb_stemmer;

namespace evident {

struct RougeScore {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

class RougeTokenizer {
 public:
  explicit RougeTokenizer(bool stem = true);
  ~RougeTokenizer();
  RougeTokenizer(const RougeTokenizer&) = delete;
  RougeTokenizer& operator=(const RougeTokenizer&) = delete;

  //! The ROUGE tokens of `text`: "Lu-177 DOTATATE's effects" -> lu 177 dotatat s effect.
  std::vector<std::string> Tokenize(std::string_view text);

 private:
  sb_stemmer* stemmer_ = nullptr;  // null without stemming
};

//! ROUGE-N of `candidate` against `reference` (token sequences), n >= 1.
RougeScore RougeN(const std::vector<std::string>& candidate,
                  const std::vector<std::string>& reference, int n);

//! ROUGE-L of `candidate` against `reference` (token sequences).
RougeScore RougeL(const std::vector<std::string>& candidate,
                  const std::vector<std::string>& reference);

//! Length of the longest common subsequence of `a` and `b`.
size_t LongestCommonSubsequence(const std::vector<std::string>& a,
                                const std::vector<std::string>& b);

}  // namespace evident
