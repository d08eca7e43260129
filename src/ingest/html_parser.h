// HTML parser for the National Guideline Clearinghouse summaries of the corpus
// (guidelines/ngc/ngc-N.html). One file is one Document, parsed with libxml2's forgiving HTML
// parser (no network, no error output; broken markup is recovered, not rejected).
//
// Metadata comes from <meta name=... content=...>: DC.identifier -> id ("ngc-10008", required),
// citation_title -> title (else <title>, else <h1>), DC.publisher -> source (the publisher list
// "Department of Defense - Federal Government Agency [U.S.]Department of Veterans Affairs - ..."
// becomes "Department of Defense; Department of Veterans Affairs"; the raw value is kept in
// attributes["publisher"]), DC.type -> kind (default kGuideline; raw value in
// attributes["kind"]), citation_publication_date -> year, DC.date ("2006 Feb (revised 2013 Sep
// 3)") -> date "2013-09-03" (the revision when there is one; raw value in
// attributes["dc_date"]), citation_pmid -> pmid and url https://pubmed.ncbi.nlm.nih.gov/N/ (the
// summary's own page is gone, so a guideline without PMID has no url). Audience "professional".
//
// Body: each <section> is a Section headed by its <h2>; the <h1> is the title and not body
// text. Paragraphs come from block elements (<p>, <li>, <div>, <h3>..<h6>, <br> ends a line), so
// a <p><strong>Heading</strong></p> becomes a short paragraph of its own; each table row becomes
// one paragraph "cell; cell; cell" (lists inside a cell joined the same way). Whitespace is
// collapsed, character references are decoded, all text is valid UTF-8.
//
// Bad input: a page without DC.identifier, or without title, or that libxml2 cannot parse at all
// (empty input) goes to sink.Error ("line N: ...") and yields no Document.
//
// Thread-safety: the functions keep no state between calls; concurrent calls with distinct sinks
// are safe (libxml2 is initialised once, thread-safely, on first use). Each call invokes `sink`
// from the calling thread only.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "ingest/document_sink.h"

namespace evident {

//! Parses one NGC guideline summary page (plain or gzip). Returns non-ok only if the file cannot
//! be read.
Status ParseGuidelineHtmlFile(const std::string& path, DocumentSink& sink);

//! Same over an in-memory page; `label` stands for the path in errors (tests, fuzzers).
Status ParseGuidelineHtmlBuffer(std::string_view html, const std::string& label,
                                DocumentSink& sink);

}  // namespace evident
