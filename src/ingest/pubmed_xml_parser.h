// PubMed/MEDLINE XML parser: streams the citations of an NLM PubMed XML file into a
// DocumentSink, one Document per citation, without ever holding more than one citation in memory.
//
// Accepted inputs (plain or gzip-compressed, detected by magic bytes):
//   - PubmedArticleSet: E-utilities efetch output, the annual baseline and the daily update files.
//     Its PubmedArticle and PubmedBookArticle records become Documents; each DeleteCitation
//     becomes one sink.Delete("pmid:N") per PMID it lists.
//   - MedlineCitationSet: the pre-2017 MEDLINE distribution (bare MedlineCitation records, and
//     DeleteCitation as above).
//   - A file whose root element is itself one PubmedArticle, PubmedBookArticle or MedlineCitation.
// Any other root element (esearch, esummary, PMC JATS, ...) yields one sink.Error and no documents.
//
// Every Document gets id "pmid:N", pmid, title, url, kind kResearch, audience "professional";
// and, as far as the record has them: source (journal), year and date, authors, mesh, keywords,
// publication_types, doi, pmcid, one Section per AbstractText (heading = its Label), retracted
// (with attributes["retracted_by"] = "pmid:M[,...]", the notices its RetractionIn names), and
// attributes["retraction_of"] = "pmid:M[,pmid:K...]" for a retraction notice.
//
// Bad input never aborts the run: a record without PMID or title is reported through sink.Error
// with its ordinal ("record 12 (PMID 345)") and skipped; XML that is not well-formed (truncated
// file, garbage, bytes that are not valid UTF-8) is reported with the line libxml2 stopped at,
// and parsing of that file ends there, after everything before it was delivered. libxml2 prints
// nothing to stderr, loads no DTD and never touches the network.
//
// Thread-safety: the functions keep no state between calls; concurrent calls with distinct sinks
// are safe. Each call invokes `sink` from the calling thread only; an exception thrown by the
// sink ends the parse and propagates to the caller.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "ingest/document_sink.h"

namespace evident {

//! Parses a PubMed/MEDLINE XML file (plain or gzip) and streams its records to `sink`.
//! Returns non-ok only if the file cannot be opened; everything found wrong inside the file goes
//! to sink.Error with `path` and a position, and what could be read is delivered.
Status ParsePubmedXmlFile(const std::string& path, DocumentSink& sink);

//! Same over an in-memory document; `label` stands for the path in errors (tests, fuzzers).
Status ParsePubmedXmlBuffer(std::string_view xml, const std::string& label, DocumentSink& sink);

}  // namespace evident
