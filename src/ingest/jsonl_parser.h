// JSON Lines parsers for the corpus's prepared record files, one JSON object per line (plain or
// gzip-compressed, detected by magic bytes). Each good line becomes one Document delivered to the
// sink as soon as it is read; a bad line (not JSON, not an object, a field of the wrong type, no
// id, no text) goes to sink.Error with position "line N" (and the record id when known) and is
// skipped. Blank lines are ignored.
//
// Research records (research/abstracts.jsonl.gz):
//   {"id": "pmid:N" | "pmc:PMCN", "pmid", "pmcid", "title", "sections": [{"label", "text"}],
//    "year" (may be null), "mesh", "publication_types", "partial", "origin", "note"}
// become kResearch Documents with the id as given, url https://pubmed.ncbi.nlm.nih.gov/N/ (or
// https://www.ncbi.nlm.nih.gov/pmc/articles/PMCN/ without a pmid), one Section per label
// (heading = label without a trailing ':'), retracted if publication_types contains
// "Retracted Publication", attributes "origin" and "note". Text is stripped of the markup
// PubMed left in it (<sub>, <b>, <br>, <AbstractText ...>, double-escaped entities); a structured
// abstract flattened into one section ("BACKGROUND: ...\nMETHODS: ...", or a label alone on its
// line) is split back into one Section per label ("UNLABELLED" -> no heading). Many records have
// no title (null): that is accepted, a record needs a title or some section text. A title that
// runs on into the abstract (after "<AbstractText>", or any title longer than 300 characters)
// keeps what precedes the first sentence end (or else its first 300 characters and an
// ellipsis) and gives the rest to the body, unless the sections already hold that text.
//
// MedQuAD records (consumer/medquad.jsonl.gz):
//   {"id", "question", "qtype", "answer", "focus", "synonyms", "site", "url"}
// become kConsumer Documents for audience "patient": title = question, source = the issuing
// site's name ("CancerGov" -> "National Cancer Institute"), keywords = focus + synonyms,
// attributes "qtype", "focus", "site", and one unlabelled Section with the answer, whose
// paragraphs are recovered from the whitespace the source XML left: a line break or a run of 3+
// spaces ends a paragraph, and each "- " bullet item becomes a paragraph of its own (an item
// marker is a "-" or "--" after 2+ spaces or at a paragraph start, or every " - " of a
// paragraph that has at least two, as in GARD's "Short ribs - Stillbirth - Polydactyly" runs).
//
// Thread-safety: the functions keep no state between calls; concurrent calls with distinct sinks
// are safe. Each call invokes `sink` from the calling thread only.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "ingest/document_sink.h"

namespace evident {

//! Parses a research abstracts JSON Lines file. Returns non-ok only if the file cannot be opened;
//! a read error part-way (truncated gzip) is reported to sink.Error after the records before it.
Status ParseResearchJsonl(const std::string& path, DocumentSink& sink);

//! Same over in-memory JSON Lines; `label` stands for the path in errors (tests, fuzzers).
Status ParseResearchJsonlBuffer(std::string_view jsonl, const std::string& label,
                                DocumentSink& sink);

//! Parses a MedQuAD JSON Lines file; same contract as ParseResearchJsonl.
Status ParseMedquadJsonl(const std::string& path, DocumentSink& sink);

//! Same over in-memory JSON Lines; `label` stands for the path in errors (tests, fuzzers).
Status ParseMedquadJsonlBuffer(std::string_view jsonl, const std::string& label,
                               DocumentSink& sink);

}  // namespace evident
