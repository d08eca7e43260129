// Fuzzes the answer's text handling of source passages: SentenceSplitter::Split, then
// CleanSentence and CitedNumbers on every sentence (and on the whole text). Checks what the
// splitter promises (answer/sentence_splitter.h): sentences in order, not overlapping, inside
// the text, never empty, without leading or trailing whitespace, `text` the bytes of `span`.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "answer/sentence_splitter.h"
#include "answer/text_cleanup.h"
#include "fuzz/fuzz_sink.h"

namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using evident::fuzz::Require;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t previous_end = 0;
  for (const auto& sentence : evident::SentenceSplitter().Split(text)) {
    const auto& span = sentence.span;
    Require(span.begin >= previous_end, "sentences overlap or are out of order");
    Require(span.begin < span.end && span.end <= text.size(), "empty or out-of-range sentence");
    Require(sentence.text == text.substr(span.begin, span.end - span.begin),
            "sentence text is not the bytes of its span");
    Require(!IsSpace(sentence.text.front()) && !IsSpace(sentence.text.back()),
            "sentence has leading or trailing whitespace");
    previous_end = span.end;
    std::string cleaned = evident::CleanSentence(sentence.text);
    Require(cleaned.empty() || (!IsSpace(cleaned.front()) && !IsSpace(cleaned.back())),
            "cleaned sentence is not trimmed");
    evident::CitedNumbers(sentence.text);
  }
  evident::CleanSentence(text);
  evident::CitedNumbers(text);
  return 0;
}
