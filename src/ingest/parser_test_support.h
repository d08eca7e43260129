// Test support shared by the ingest parser tests: a DocumentSink that records what it is given,
// and checks that stored text is clean (valid UTF-8, no markup, tidy whitespace).
// Thread-safety: a RecordingSink is used by one thread.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/document_sink.h"
#include "ingest/text_cleaning.h"

namespace evident::testing {

class RecordingSink : public DocumentSink {
 public:
  void Add(Document doc) override { docs.push_back(std::move(doc)); }
  void Delete(const std::string& doc_id) override { deleted.push_back(doc_id); }
  void Error(IngestError error) override { errors.push_back(std::move(error)); }

  //! The document with `id`, or nullptr.
  const Document* Find(const std::string& id) const {
    for (const auto& doc : docs) {
      if (doc.id == id) return &doc;
    }
    return nullptr;
  }

  //! The document with `id`; fails the test if there is none.
  const Document& Doc(const std::string& id) const {
    if (const Document* doc = Find(id)) return *doc;
    ADD_FAILURE() << "no document " << id;
    static const Document kMissing;
    return kMissing;
  }

  //! The ids of the documents, in the order they were added.
  std::vector<std::string> Ids() const {
    std::vector<std::string> ids;
    for (const auto& doc : docs) ids.push_back(doc.id);
    return ids;
  }

  //! Every error as "parsing <path>: <position>: <message>", one per line (for failure output).
  std::string ErrorSummary() const {
    std::string out;
    for (const auto& error : errors) out += error.ToString() + "\n";
    return out;
  }

  std::vector<Document> docs;
  std::vector<std::string> deleted;
  std::vector<IngestError> errors;
};

//! The whole file at `path`, or "" if it cannot be read.
inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

//! The headings of the sections of `doc`, in order.
inline std::vector<std::string> Headings(const Document& doc) {
  std::vector<std::string> headings;
  for (const auto& section : doc.sections) headings.push_back(section.heading);
  return headings;
}

//! The first paragraph of any section of `doc` that contains `needle`, or "".
inline std::string ParagraphContaining(const Document& doc, const std::string& needle) {
  for (const auto& section : doc.sections) {
    size_t at = section.text.find(needle);
    if (at == std::string::npos) continue;
    size_t start = section.text.rfind("\n\n", at);
    start = start == std::string::npos ? 0 : start + 2;
    size_t end = section.text.find("\n\n", at);
    return section.text.substr(start, end == std::string::npos ? end : end - start);
  }
  return "";
}

//! Describes what is wrong with `text` as stored text, or returns "" if it is clean: valid
//! UTF-8, no HTML tag, no character reference, no stray whitespace.
inline std::string TextProblem(const std::string& text) {
  if (ToValidUtf8(text) != text) return "invalid UTF-8";
  if (DecodeEntities(text) != text) return "undecoded character reference";
  for (size_t i = text.find('<'); i != std::string::npos; i = text.find('<', i + 1)) {
    if (HtmlTagLength(text, i) > 0) return "HTML tag at byte " + std::to_string(i);
  }
  if (text.find("\n\n\n") != std::string::npos || text.find(" \n") != std::string::npos ||
      text.find("\n ") != std::string::npos || text.find("  ") != std::string::npos) {
    return "stray whitespace";
  }
  if (!text.empty() && (text.front() == ' ' || text.back() == ' ')) return "untrimmed";
  return "";
}

//! Expects every stored string of `doc` to be clean text (see TextProblem).
inline void ExpectCleanDocument(const Document& doc) {
  auto check = [&doc](const std::string& what, const std::string& text) {
    std::string problem = TextProblem(text);
    EXPECT_EQ(problem, "") << doc.id << ": " << what << ": " << text.substr(0, 300);
  };
  check("title", doc.title);
  for (const auto& section : doc.sections) {
    check("heading", section.heading);
    check("section text", section.text);
    EXPECT_FALSE(section.text.empty()) << doc.id << ": empty section " << section.heading;
  }
  for (const auto& reference : doc.references) check("reference", reference.citation);
  for (const auto& [key, value] : doc.attributes) check("attribute " + key, value);
}

}  // namespace evident::testing
