// LeadBaseline: the extractive baseline an answer is measured against. Summarisation's classic
// lead baseline (the first words of the top documents, as in DUC) is hard to beat with ROUGE,
// because authors put their point first; an answer composer earns its keep only if it does
// better than quoting the top-ranked documents from their beginning.
// The baseline text: the documents in rank order, each document's passages in order, split into
// sentences by SentenceSplitter and cleaned by CleanSentence (as the composer prepares its
// sentences), appended until `word_budget` words; the sentence that crosses the budget is cut
// at it. Words are whitespace-separated (CountWords).
// Thread-safety: uses the Store it is given (one thread at a time).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace evident {

//! Whitespace-separated words in `text`.
size_t CountWords(std::string_view text);

//! The lead of `doc_ids` (best first) within `word_budget` words; documents the store does not
//! hold are skipped. Errors only when the store fails.
Result<std::string> LeadBaseline(Store* store, const std::vector<std::string>& doc_ids,
                                 size_t word_budget);

}  // namespace evident
