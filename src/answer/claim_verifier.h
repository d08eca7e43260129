// ClaimVerifier: checks that a sentence someone else wrote (the LLM composer's) says nothing its
// cited sources do not. Support is lexical and numeric, and strict by design:
//   - every number of the sentence (digits, decimals, "1,234", and the words two..twenty) must
//     occur in the cited sources, so an invented or altered figure is caught;
//   - every content word (the index Analyzer's terms: stemmed, stop words left out) must occur
//     in the cited sources, except a closed list of reporting and linking words ("showed",
//     "however", "evidence"); a compound such as "177Lu-DOTATATE" is found whole or by all of
//     its parts;
//   - words that flip or bound a claim but are stop words to the index ("not", "no", "more",
//     "only", "before", ...) must occur in the cited sources too.
// What it cannot see: a sentence that recombines words of its sources into a claim they do not
// make ("X improved survival" from "Y improved survival; X did not"). Citing sources that hold
// the words is necessary, not sufficient; the verifier narrows what a model can invent.
// Citation markers are those TextCleanup removes: "[n]", "[n, m]", "[n-m]", runs of them.
// Thread-safety: not thread-safe (it owns an Analyzer); one per thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "index/analyzer.h"

namespace evident {

//! A sentence and the source numbers it cites, its markers taken out.
struct Claim {
  std::string text;
  std::vector<int> citations;  //!< in order of appearance, each once
};

//! "Lu-177 prolonged PFS [1, 3] and OS [2]." -> {"Lu-177 prolonged PFS and OS.", {1, 3, 2}}
Claim ParseClaim(std::string_view sentence);

struct ClaimCheck {
  bool supported = false;
  //! Why not, for the report: "cites [7], which is not a source", "number 42 is not in [1]",
  //! "words not in [1, 2]: cures, diabetes".
  std::string reason;
};

struct ClaimVerifierOptions {
  //! Share of the content words that must be found. 1.0 (all) is what makes the check worth
  //! having: a single swapped word ("pancreatic" for "midgut") is a different claim.
  double min_word_support = 1.0;
};

class ClaimVerifier {
 public:
  //! `sources[i]` is the text of source number i + 1.
  explicit ClaimVerifier(std::vector<std::string> sources, ClaimVerifierOptions options = {});
  ~ClaimVerifier();
  ClaimVerifier(const ClaimVerifier&) = delete;
  ClaimVerifier& operator=(const ClaimVerifier&) = delete;

  ClaimCheck Check(const Claim& claim);

  int num_sources() const { return static_cast<int>(sources_.size()); }

 private:
  struct SourceTerms;
  const SourceTerms& TermsOf(int n);

  std::vector<std::string> sources_;
  ClaimVerifierOptions options_;
  Analyzer analyzer_;
  std::vector<std::unique_ptr<SourceTerms>> terms_;  // by source, analysed on first use
};

}  // namespace evident
