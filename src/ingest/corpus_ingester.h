// CorpusIngester: the ingest stage end to end. Finds the input files under the given paths,
// recognises each format (PubMed/MEDLINE XML, JSON Lines research abstracts or MedQuAD,
// Markdown with front matter, guideline HTML; .gz or not), parses files on all cores, splits
// documents into passages, writes them to the store in batched transactions, and then rebuilds
// the index as a new generation from the store and publishes it atomically.
//
// Order and duplicates: files are committed in a fixed order — PubMed XML first (authoritative
// full records; baseline before update files, by path), then everything else by path — however
// the parsing is spread over threads. A document id met a second time in one run is skipped as
// superseded, so the first (most authoritative) version wins and re-ingesting the same input
// changes nothing.
//
// Crash safety: a run's store writes and the index generation built from them commit together.
// Everything is written in one store transaction (Store::RunAtomically); the new generation is
// built from inside it (ScanPassages sees the uncommitted writes), sealed (renamed from .tmp),
// and the transaction commits with the generation's name in the store's meta
// (kIndexGenerationMetaKey); only then is CURRENT switched. Killed before the commit, the store
// is as before and the sealed generation is never served (the next build removes it); killed
// after it, readers follow the store's meta (ServingGeneration) and the next ingest switches
// CURRENT. Readers of the store (in WAL mode) see the previous state until the commit, so store
// and index are always both the previous or both the new ones. The price: another process's
// writes to the same database (a server saving articles) wait for the run's commit.
//
// PubMed updates: a daily update file is ingested like any other PubMed XML — a new version of a
// citation replaces the stored one, a DeleteCitation removes it. Retractions stated by stored
// records (a notice's "retraction_of", a paper's "retracted_by") are then applied to every
// stored document they name (Store::MarkRetractions), so a retracted paper is never indexed as
// citable. The documents the run deleted or newly marked retracted are reported, and every saved
// article citing one goes back to review (StateStore::FlagArticlesCiting on the store's state),
// after the index is built and before the commit: a run that cannot flag them commits nothing.
// With the state in the same SQLite file the flags commit with the run; in PostgreSQL they
// commit first, and a run that dies after them flags nothing twice when it is run again.
//
// Bad input never aborts a run: malformed records and unreadable files are reported through
// `on_error` with their path and position and skipped.
// Thread-safety: one ingest per data directory at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"
#include "index/index_builder.h"
#include "ingest/document_sink.h"
#include "ingest/generation_sidecar.h"
#include "ingest/passage_splitter.h"
#include "store/store.h"

namespace evident {

//! Store meta key naming the index generation built from the store's committed content.
inline constexpr const char* kIndexGenerationMetaKey = "index_generation";

//! The input formats the ingester recognises.
enum class InputFormat { kPubmedXml, kJsonLines, kMarkdown, kGuidelineHtml, kUnknown };

//! Format of a file from its name (".xml", ".jsonl", ".md", ".html", each optionally ".gz").
InputFormat DetectFormat(const std::string& path);

struct IngestProgress {
  size_t files_done = 0;
  size_t files_total = 0;
  uint64_t bytes_done = 0;
  uint64_t bytes_total = 0;
  int64_t documents = 0;
  const char* phase = "parsing";  //!< "parsing", "indexing"
};

struct IngestOptions {
  int threads = 0;  //!< parser threads; 0 = all cores
  size_t batch_documents = 1000;
  PassageSplitterOptions passages;
  IndexBuildOptions index;
  //! Files built beside the index into each generation (the patient glossary).
  std::vector<GenerationSidecarFactory> sidecars;
  bool rebuild_index = true;  //!< false: only write the store
  //! Send saved articles citing what the run deleted or retracted back to review.
  bool flag_articles = true;
  std::function<void(const IngestError&)> on_error;
  std::function<void(const IngestProgress&)> on_progress;  //!< called a few times a second
};

struct IngestSummary {
  int64_t files_read = 0;
  int64_t files_skipped = 0;  //!< not an input format (licences, READMEs, other XML)
  int64_t errors = 0;         //!< malformed records and unreadable files
  int64_t documents_parsed = 0;
  int64_t superseded = 0;  //!< duplicates of an id already ingested in this run
  PutCounts put;
  int64_t deleted = 0;
  int64_t passages_written = 0;
  double parse_store_seconds = 0;
  bool index_rebuilt = false;
  IndexBuildStats index;
  double index_seconds = 0;
  std::string generation;  //!< serving index generation after the run
  //! Documents the run removed (DeleteCitation), each with the file that deleted it
  //! ("deleted by update file pubmed24n1234.xml.gz"), in the order they were deleted.
  std::vector<WithdrawnEvidence> deleted_documents;
  //! Documents marked retracted by the run, each with its notice ("retracted by pmid:M"), by id.
  std::vector<WithdrawnEvidence> newly_retracted;
  //! Saved articles citing one of them, sent back to review by the run.
  std::vector<FlaggedArticle> flagged;
};

//! Ingests every file under `paths` into `store` and rebuilds the index under `index_root`.
//! Returns a non-ok Status only for fatal problems (a path that does not exist, a store write
//! failure, an index that cannot be written); the previous index keeps serving then.
Result<IngestSummary> IngestPaths(const std::vector<std::string>& paths, Store& store,
                                  const std::string& index_root, const IngestOptions& options);

//! How a stored passage becomes the index's three fields: title = document title + "\n" +
//! section heading, body = text, keywords = MeSH and keywords. The one place this is decided.
IndexablePassage ToIndexablePassage(const PassageView& view);

//! Name of the generation that serves `store`: the one its meta names if that exists under
//! `index_root` (it may be ahead of CURRENT after a crash between commit and switch), otherwise
//! CURRENT's (data directories written before the meta key). NotFound if there is none.
Result<std::string> ServingGeneration(Store& store, const std::string& index_root);

//! Builds a new index generation from every passage in `store`, with the `sidecars`' files, and
//! publishes it (committing its name to the store's meta, then switching CURRENT).
Result<std::string> RebuildIndex(Store& store, const std::string& index_root,
                                 const IndexBuildOptions& options, IndexBuildStats* stats,
                                 const std::function<void(int64_t passages)>& on_progress = {},
                                 const std::vector<GenerationSidecarFactory>& sidecars = {});

}  // namespace evident
