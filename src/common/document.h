// Document and Passage: the normalised form every ingested source takes, whatever its format.
// A Document is one source (a PubMed abstract, an NCI PDQ page, a USPSTF recommendation, a
// MedQuAD answer); its Sections are its text in reading order; Passages are the answer-sized
// pieces (a paragraph or a short section) that get indexed and cited.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace evident {

//! What kind of source a document is. Drives evidence level and audience defaults.
enum class SourceKind {
  kResearch,   //!< journal article / abstract (PubMed, PMC)
  kGuideline,  //!< guideline or expert-reviewed summary (NCI PDQ, USPSTF, NGC)
  kConsumer,   //!< patient-facing health information (MedQuAD, NCI patient pages)
};

//! "research", "guideline", "consumer".
const char* SourceKindName(SourceKind kind);
//! Inverse of SourceKindName; unknown names map to kResearch.
SourceKind SourceKindFromName(const std::string& name);

//! One labelled piece of a document's text, in reading order. `heading` is the section label
//! ("BACKGROUND", "Treatment of Hepatic Metastases"); empty for unlabelled text. Paragraphs
//! inside `text` are separated by a blank line ("\n\n").
struct Section {
  std::string heading;
  std::string text;
};

//! One entry of a document's numbered reference list ("27. Kwekkeboom DJ, ... [PUBMED Abstract]").
struct Reference {
  int number = 0;        //!< the number used in the text: [27]
  std::string pmid;      //!< digits only, empty if the reference has no PubMed link
  std::string citation;  //!< the reference text without markup
};

struct Document {
  std::string id;  //!< stable id: pmid:N, pmc:PMCN, nci:..., ngc-N, uspstf:N, medquad:...
  std::string title;
  SourceKind kind = SourceKind::kResearch;
  std::string audience = "professional";  //!< "professional" or "patient"
  std::string source;  //!< journal, issuer or site ("J Clin Oncol", "National Cancer Institute")
  std::string url;
  int year = 0;      //!< publication / review year; 0 if unknown
  std::string date;  //!< most precise date known, ISO-like ("2025-12-30", "2013")
  std::string pmid, pmcid, doi;
  std::vector<std::string> authors;
  std::vector<std::string> mesh;               //!< MeSH headings (descriptor names)
  std::vector<std::string> keywords;           //!< author keywords, focus terms, synonyms
  std::vector<std::string> publication_types;  //!< PubMed publication types
  bool retracted = false;                      //!< a retracted publication (never cited as support)
  bool partial = false;                        //!< text is incomplete (e.g. merged from snippets)
  std::vector<Section> sections;
  std::vector<Reference> references;
  std::map<std::string, std::string> attributes;  //!< source-specific extras (grade, origin, ...)
};

//! An answer-sized piece of a document. Its id is "<doc id>#<ordinal>".
struct Passage {
  std::string id;
  std::string doc_id;
  int ordinal = 0;
  std::string heading;  //!< the section heading the passage falls under, may be empty
  std::string text;
  std::vector<int> cited_refs;  //!< numbers of the document's references cited in this passage
};

}  // namespace evident
