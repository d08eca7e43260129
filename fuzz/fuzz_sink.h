// FuzzSink: the DocumentSink the ingest fuzzers parse into. It checks what every parser promises
// of a Document it delivers (ingest/document_sink.h, ingest/text_cleaning.h) and aborts, which
// libFuzzer reports as a crash with the input, when a promise is broken:
//   - the id is not empty, and title, headings, paragraphs and reference citations are valid
//     UTF-8 (every stored string passes through CleanText);
//   - an error names its position and says what is wrong.
// Each delivered Document is then cut into passages as ingest does next, so the PassageSplitter
// runs on every document a fuzzer reaches.
// Thread-safety: one per fuzzer process (libFuzzer runs inputs on one thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/status.h"
#include "ingest/document_sink.h"
#include "ingest/passage_splitter.h"
#include "ingest/text_cleaning.h"

namespace evident::fuzz {

//! Aborts with `what` when `ok` is false.
inline void Require(bool ok, std::string_view what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz invariant broken: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

inline void RequireValidUtf8(const std::string& text, std::string_view field) {
  Require(ToValidUtf8(text) == text, field);
}

class FuzzSink : public DocumentSink {
 public:
  void Add(Document doc) override {
    Require(!doc.id.empty(), "document without id");
    RequireValidUtf8(doc.title, "title is not valid UTF-8");
    for (const auto& section : doc.sections) {
      RequireValidUtf8(section.heading, "section heading is not valid UTF-8");
      RequireValidUtf8(section.text, "section text is not valid UTF-8");
    }
    for (const auto& reference : doc.references) {
      RequireValidUtf8(reference.citation, "reference citation is not valid UTF-8");
    }
    for (const auto& passage : splitter_.Split(doc)) {
      Require(passage.doc_id == doc.id, "passage of another document");
    }
    ++added;
  }
  void Delete(const std::string& doc_id) override { Require(!doc_id.empty(), "empty delete id"); }
  void Error(IngestError error) override {
    Require(!error.message.empty(), "error without message");
    ++errors;
  }

  int added = 0;
  int errors = 0;

 private:
  PassageSplitter splitter_;
};

//! A parser's entry point over an in-memory buffer (ParseMarkdownBuffer and its kind).
using BufferParser = Status (*)(std::string_view input, const std::string& label,
                                DocumentSink& sink);

//! Runs `parse` on one fuzz input into a FuzzSink: the body of every ingest fuzzer. A buffer
//! parser only fails where a file could not be read, so a failure here breaks its contract.
inline int ParseFuzzInput(BufferParser parse, const uint8_t* data, size_t size) {
  FuzzSink sink;
  Status status =
      parse(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz-input", sink);
  Require(status.ok(), "a buffer parser failed as if it could not read a file");
  return 0;
}

}  // namespace evident::fuzz
