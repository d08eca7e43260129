// SentenceSplitter: cuts passage text into sentences, the units the answer composer scores,
// selects and cites. Biomedical text breaks naive splitters, so a period ends a sentence only
// when nothing says otherwise:
//   - abbreviations: "et al.", "e.g.", "i.e.", "vs.", "approx.", "cf.", "Dr.", "Fig. 2",
//     "No. 5", "Ref.", month and volume abbreviations before a number;
//   - numbers: "2.5 mg", "p < 0.001", "p < .05" (no space after the period: never an end);
//   - genus names and initials: "E. coli", "S. aureus", "C. F. M. Saint", "the U.S. FDA";
//   - a period inside a short (...) or [...] group: "(Fig. 2. Left panel)";
//   - the next word must look like a sentence start (capital, digit, "mRNA", "p53", bullet).
// What follows an end stays with its sentence: closing quotes and parentheses, bracket groups
// such as citations and PDQ levels ("...tumor load.[27][Level of evidence C3] In ..."), and
// parenthesised citation numbers glued to the period ("...was durable.(27) Relapse ...").
// Paragraph breaks ("\n\n", a blank line) always end a sentence; so does a list item: a line
// starting with a bullet ("- ", "* ", "•") or a number ("1. ", "2) ", "(a) ") is a sentence
// of its own, and the marker is not part of it. Labelled abstract sections ("RESULTS: ...",
// "Materials and methods: ...", "Results. ...", a line "BACKGROUND") are not sentences: the
// label is cut off and exposed as the section_label of every sentence after it, until the next
// label. A piece without a letter or digit (a stray "." of a clipped snippet) is no sentence.
// Sentences are views into the text passed to Split, which must outlive them. Offsets are bytes.
// Thread-safety: stateless; one splitter may be shared by any number of threads.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace evident {

//! Half-open byte range [begin, end) of the text passed to SentenceSplitter::Split.
struct SentenceSpan {
  size_t begin = 0;
  size_t end = 0;
};

struct Sentence {
  SentenceSpan span;               //!< no leading or trailing whitespace, never empty
  std::string_view text;           //!< the bytes of `span`
  std::string_view section_label;  //!< "RESULTS", "Conclusions"; empty when unlabelled
};

class SentenceSplitter {
 public:
  //! The sentences of `text` in order. Their spans do not overlap; what lies between them is
  //! whitespace, list markers and section labels.
  std::vector<Sentence> Split(std::string_view text) const;
};

}  // namespace evident
