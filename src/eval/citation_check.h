// CitationCheck: whether an article's citations hold up against the store it was composed from.
// The composer promises that every sentence of an answer is a sentence of the source it cites;
// this checks the promise block by block, independently of how the composer works:
//   - every paragraph or bullet with text cites at least one reference ("uncited"),
//   - every citation number names a reference, and references are numbered in order of first
//     use,
//   - the block names the passage its sentence came from, that passage belongs to the block's
//     first cited reference, and it exists in the store,
//   - the block's text is one of that passage's sentences: SentenceSplitter over the passage's
//     stored text, each sentence cleaned by CleanSentence, exactly as the composer prepares
//     them, and compared byte for byte;
//   - each of the block's glosses (answer/glossing.h) marks its term at its position in the
//     text, cites a reference (numbered in order of first use after the block's own citations),
//     and its definition is, byte for byte, a sentence of its passage, which belongs to that
//     reference, with the gloss part of it. A bad gloss makes its block invalid.
// Sub-headings are structure, not claims, and are not checked; neither is the "not enough
// evidence" notice of an unanswerable article, which is the system's own text and cites nothing
// (any block of an unanswerable article that does cite is checked like the rest).
// Thread-safety: CheckCitations uses the Store it is given (one thread at a time); results are
// plain values.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "answer/article.h"
#include "common/status.h"
#include "store/store.h"

namespace evident {

struct CitationViolation {
  std::string text;    //!< the block's text
  std::string reason;  //!< "no citation", "not a sentence of its cited passage pmid:1#0", ...
};

struct CitationCheck {
  size_t blocks_checked = 0;                  //!< paragraphs and bullets that claim something
  size_t blocks_valid = 0;                    //!< of those, blocks without any violation
  size_t uncited = 0;                         //!< blocks with text and no citation
  size_t glosses_checked = 0;                 //!< glosses of the checked blocks
  std::vector<CitationViolation> violations;  //!< the first violation of each invalid block
};

//! Checks the citations of every text block of `article` against `store`. Errors only when the
//! store fails; what is wrong with the article is reported in the result.
Result<CitationCheck> CheckCitations(const Article& article, Store* store);

}  // namespace evident
