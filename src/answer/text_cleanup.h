// TextCleanup: turns a source sentence into the form an answer shows, without changing what it
// says. The answer cites with its own numbers, so the source's in-text reference markers go;
// markup that survived ingest goes; every word stays.
//   - Reference markers: bracket groups of numbers ("[27]", "[5,6]", "[5-8]", "[33,34,51–54]"),
//     and parenthesised ones only where they cannot be anything else: glued to the end of a
//     sentence (".(27)", ".(5,6)"). A parenthesised number elsewhere may be a count, a year or
//     a range ("(n = 131)", "cancers (15);", "(2005)", "6 days (5-8)") and is kept.
//     Other bracket groups are kept ("[Level of evidence C3]", "[MRSA]").
//   - Markup: Markdown links keep their text ("[chemotherapy](/def/chemotherapy)" ->
//     "chemotherapy"), images go, emphasis asterisks ("*in situ*", "**Grade I**") and backticks
//     go, a leading heading "## " goes. HTML tags go (a tag is recognised by a known element
//     name, so "p<0.05" and "<or = 6" stay), "<sup>" after a digit becomes "^" so that
//     "10<sup>9</sup>/L" reads "10^9/L"; common character references are decoded.
//     An asterisk between letters or digits is text ("CYP2D6*4") and stays.
//   - Whitespace: runs collapse to one space, the ends are trimmed, and no space is left before
//     punctuation where a marker was removed ("load [27]." -> "load.").
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace evident {

//! `sentence` with reference markers and leftover markup removed and whitespace collapsed.
std::string CleanSentence(std::string_view sentence);

//! The reference numbers cited by the markers CleanSentence removes, in order of appearance,
//! without repeats; ranges are expanded ("[5-8]" -> 5, 6, 7, 8; a range of more than
//! kMaxCitationRange numbers yields its two ends only).
std::vector<int> CitedNumbers(std::string_view sentence);

constexpr int kMaxCitationRange = 50;

}  // namespace evident
