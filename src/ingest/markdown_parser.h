// Markdown parser for the guideline pages of the corpus (guidelines/nci/*.md, NCI PDQ summaries
// and cancer.gov pages; guidelines/uspstf/*.md, USPSTF recommendations). One file is one
// Document.
//
// Front matter: the file starts with a block between two "---" lines of simple YAML
// ("key: \"value\"", "key: [a, b]", bare values; anything else is skipped). id (required), title,
// issuer -> source, kind -> SourceKind ("guideline" -> kGuideline, "education" -> kConsumer; the
// raw value is kept in attributes["kind"]), audience ("patient"/"professional"; NCI's patient PDQ
// pages stay kGuideline with audience "patient"), url, last_reviewed -> date and year. Every
// other key (grade, sex, age_range, license, ...) goes to attributes, lists as "18, 100".
// USPSTF pages have no url and get none.
//
// Body: ATX headings (# .. ######) start Sections. A Section's heading is its own heading text,
// prefixed with its parent heading ("Imaging: PET", "Treatment of Gastric Neuroendocrine
// Tumors: Current Clinical Trials") when the parent is level 2 or deeper and the combined
// heading stays within 80 characters; otherwise just the nearest heading. Text under the H1
// title lines is headed by the H1 text; the H1 lines themselves are never body text.
// Paragraphs are separated by "\n\n"; each list item is a paragraph of its own (its "- " or
// "1." marker removed); each table row becomes one paragraph "cell; cell; cell" (separator and
// empty rows dropped). Markup is removed: links keep their text, images vanish, emphasis markers,
// backslash escapes and HTML tags go, character references are decoded, autolinks keep the URL,
// and navigation lines ("[Go to Patient Version](...)") are dropped.
//
// References (PDQ): a heading "References" (any level) opens a numbered list, which becomes
// Document::references and is not body text (text after the list, past a blank line, is). PDQ
// numbers references afresh in each level-2 section, and in-text citations point at
// "#cit/section_S.N" (S = ordinal of the level-2 section, N = number in its list). The parser
// numbers every reference of the document 1, 2, 3, ... in order of appearance and rewrites each
// citation group to plain text with those numbers:
// "[[1](#cit/section_4.1),[2](#cit/section_4.2)-[4](#cit/section_4.4)]" -> "[31,32-34]". A
// Reference keeps the PMID from its PubMed link (list_uids=N) and its citation text without
// links or markup. A citation group naming a reference that does not exist is dropped.
//
// Bad input: a file without front matter, or whose front matter has no id, or with neither
// title nor body text, goes to sink.Error ("line 1: ...") and yields no Document.
//
// Thread-safety: the functions keep no state between calls; concurrent calls with distinct sinks
// are safe. Each call invokes `sink` from the calling thread only.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "ingest/document_sink.h"

namespace evident {

//! Parses one Markdown page (plain or gzip). Returns non-ok only if the file cannot be read.
Status ParseMarkdownFile(const std::string& path, DocumentSink& sink);

//! Same over an in-memory page; `label` stands for the path in errors (tests, fuzzers).
Status ParseMarkdownBuffer(std::string_view markdown, const std::string& label, DocumentSink& sink);

}  // namespace evident
