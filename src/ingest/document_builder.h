// Helpers for assembling a Document from the fields of a source record, shared by the parsers.
//   - SectionBuilder collects paragraphs under headings in reading order and yields the
//     Document's Sections: paragraphs joined by a blank line, every string cleaned with
//     CleanText, headings without text dropped.
//   - SourceKindFromLabel and YearFromDate map the sources' own vocabulary onto the Document's.
// Thread-safety: a SectionBuilder is used by one thread; the functions are pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/document.h"

namespace evident {

class SectionBuilder {
 public:
  //! Paragraphs added from now on belong to a new section headed `heading` (cleaned; may be
  //! empty). A section that receives no paragraph is never emitted.
  void StartSection(std::string_view heading);
  //! Appends one paragraph to the current section; text that cleans to nothing is ignored.
  void AddParagraph(std::string_view text);
  bool empty() const { return sections_.empty(); }
  //! The sections built so far, in order; the builder is left empty.
  std::vector<Section> Take();

 private:
  std::vector<Section> sections_;
  std::string heading_;
  bool section_open_ = false;  //!< the last section in sections_ takes further paragraphs
};

//! Sets doc->attributes[key] to CleanText(value), unless that is empty.
void SetCleanAttribute(const std::string& key, std::string_view value, Document* doc);

//! Maps a source's own kind label onto SourceKind: "guideline", "recommendation", "summary" ->
//! kGuideline; "education", "consumer", "patient" -> kConsumer; "research", "article",
//! "abstract" -> kResearch (case-insensitive). Anything else -> `fallback`.
SourceKind SourceKindFromLabel(std::string_view label, SourceKind fallback);

//! The first plausible year (four digits, 1000-2999, not part of a longer number) in `date`
//! ("2025-12-30" -> 2025, "2006 Feb (revised 2013)" -> 2006); 0 if none.
int YearFromDate(std::string_view date);

}  // namespace evident
