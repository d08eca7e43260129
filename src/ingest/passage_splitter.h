// PassageSplitter: cuts a Document into Passages, the answer-sized units that are indexed,
// retrieved and cited. A passage is a paragraph or a short section: paragraphs of one section are
// packed together up to a target length, a paragraph longer than the maximum is cut at sentence
// ends, and guideline passages never cross a heading (the heading is part of what a passage is
// about). Short consecutive sections of abstracts and consumer answers are packed together.
// Citation markers in the text ("[5]", "[5,6]", "[5-8]") become Passage::cited_refs.
// Thread-safety: stateless apart from its options; safe to share.
#pragma once

#include <vector>

#include "common/document.h"

namespace evident {

struct PassageSplitterOptions {
  int target_words = 180;  //!< pack paragraphs until a passage reaches about this many words
  int max_words = 320;     //!< cut a longer paragraph at sentence ends
};

class PassageSplitter {
 public:
  explicit PassageSplitter(PassageSplitterOptions options = {}) : options_(options) {}

  //! Passages of `doc` with ids "<doc id>#0", "#1", ... in reading order. A document whose
  //! sections hold no text yields one passage made of its title.
  std::vector<Passage> Split(const Document& doc) const;

 private:
  PassageSplitterOptions options_;
};

//! Reference numbers cited in `text` by markers "[5]", "[5,6]", "[5-8]", in order, no repeats.
std::vector<int> ExtractCitationNumbers(const std::string& text);

}  // namespace evident
