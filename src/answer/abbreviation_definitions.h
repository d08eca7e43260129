// AbbreviationDefinitions: the abbreviations a text defines for itself, so that a sentence
// using the short form ("UCEs are enriched within contact domains") can be read as speaking of
// the long form ("ultraconserved elements") that the question names. Abstracts define an
// abbreviation once and then use it; without this a sentence that answers the question looks
// as if it did not mention its subject.
//
// Two patterns, after Schwartz & Hearst (2003), "A simple algorithm for identifying
// abbreviation definitions in biomedical text":
//  - "long form (SF)": the shortest run of the words before the parenthesis (at most
//    min(|SF| + 5, 2|SF|) of them) in which the short form's letters and digits occur in order,
//    its first character starting a word; a leading "the" is dropped;
//  - "SF (long form)": a word of at least two capitals before a parenthesis of at least two words
//    whose first word starts with the short form's first letter, the same letters in order.
#pragma once

#include <string>
#include <vector>

namespace evident {

struct AbbreviationDefinition {
  std::string long_form;   //!< "Systemic Lupus Erythematosus"
  std::string short_form;  //!< "SLE"
};

//! The definitions in `text`, in order of appearance.
std::vector<AbbreviationDefinition> FindAbbreviationDefinitions(const std::string& text);

}  // namespace evident
