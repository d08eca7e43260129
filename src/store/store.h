// Store: the durable home of documents, their passages, metadata and reference links. The index
// is built from it and search results are resolved through it. It is SQLite (store/sqlite_store.h),
// kept beside the index. A Store is also a StateStore (store/state_store.h): articles,
// conversations and review live in the same SQLite file by default, or in PostgreSQL shared by
// several servers (store/split_store.h).
// Thread-safety: a Store object may be used from one thread at a time; open one per thread for
// concurrent readers (SQLite WAL lets readers run beside the writer).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/document.h"
#include "common/status.h"
#include "store/state_store.h"

namespace evident {

//! A document with the passages it was split into, written together.
struct DocumentRecord {
  Document doc;
  std::vector<Passage> passages;
};

//! The parts of a document GetDocument reads besides its scalar fields (id, title, kind,
//! audience, source, url, year, date, pmid, pmcid, doi, retracted, partial), which it always
//! reads. A part not asked for stays empty. Leaving out the sections and references of a long
//! guideline page (hundreds of references) saves most of the cost of reading it.
struct DocumentParts {
  bool lists = true;       //!< mesh, keywords, publication_types, authors, attributes
  bool sections = true;    //!< the text
  bool references = true;  //!< the numbered reference list
};

//! What PutDocuments did with each document of a batch.
struct PutCounts {
  int64_t added = 0;      //!< new id
  int64_t updated = 0;    //!< id existed with different content; replaced with its passages
  int64_t unchanged = 0;  //!< id existed with identical content; nothing written
};

//! A passage with the document fields the index and search results need.
struct PassageView {
  std::string passage_id;
  std::string doc_id;
  std::string title;    //!< the document's title
  std::string heading;  //!< the passage's section heading
  std::string text;
  std::string keywords;  //!< the document's MeSH headings and keywords, joined by "; "
  SourceKind kind = SourceKind::kResearch;
  std::string audience;
  int year = 0;
  bool retracted = false;
};

struct StoreStats {
  int64_t documents = 0;
  int64_t passages = 0;
  int64_t references = 0;
  int64_t retracted = 0;
  std::vector<std::pair<std::string, int64_t>> documents_by_kind;  //!< ("research", 40783), ...
};

//! The corpus store: documents, passages, references and metadata, with the StateStore (articles,
//! conversations, review) of a single-process deployment in the same database.
class Store : public StateStore {
 public:
  ~Store() override = default;

  //! Upserts a batch in one transaction: a document whose content (all fields and passages) is
  //! unchanged is left alone, a changed one is replaced whole. On error nothing of the batch is
  //! written.
  virtual Status PutDocuments(const std::vector<DocumentRecord>& batch, PutCounts* counts) = 0;
  //! Runs `body` in one write transaction: the corpus writes it makes (PutDocuments,
  //! DeleteDocuments, SetMeta) become visible to other connections together when it returns OK,
  //! and none of them is kept when it returns an error or the process dies first. Readers keep
  //! seeing the previous state meanwhile; other writers wait (busy timeout) until it ends.
  virtual Status RunAtomically(const std::function<Status()>& body) = 0;
  //! Removes documents with their passages and references; unknown ids are ignored.
  //! `deleted` (may be null) receives how many existed.
  virtual Status DeleteDocuments(const std::vector<std::string>& ids, int64_t* deleted) = 0;

  //! The whole document.
  Result<Document> GetDocument(const std::string& id) { return GetDocument(id, DocumentParts{}); }
  //! The document's scalar fields and the `parts` asked for. NotFound for an unknown id.
  virtual Result<Document> GetDocument(const std::string& id, DocumentParts parts) = 0;
  virtual Result<std::vector<Passage>> GetPassagesOfDocument(const std::string& doc_id) = 0;
  //! Views of the given passages, in the order asked; unknown ids are skipped.
  virtual Result<std::vector<PassageView>> GetPassageViews(
      const std::vector<std::string>& passage_ids) = 0;
  //! Calls `fn` for every passage ordered by (doc id, ordinal); stops early if `fn` returns false.
  virtual Status ScanPassages(const std::function<bool(const PassageView&)>& fn) = 0;

  virtual Result<StoreStats> Stats() = 0;

  // --- Retractions -----------------------------------------------------------------------------
  // A retraction is stated by a stored record: a retraction notice lists what it retracts
  // (attributes["retraction_of"] = "pmid:M[,pmid:K...]"), a retracted paper may name its notice
  // (attributes["retracted_by"]). The store keeps these links with the record that states them,
  // so a notice ingested before the paper it retracts still marks it once it arrives.

  //! Marks retracted every stored document that a stored link names and that is not marked yet.
  //! The mark is not part of the document's content (its content hash stays), so re-ingesting
  //! the same record keeps it, and a changed record is stored as given and marked again by the
  //! next call. `marked` (may be null) receives how many documents were marked.
  virtual Status MarkRetractions(int64_t* marked) = 0;
  //! The ids of every document marked retracted, sorted.
  virtual Result<std::vector<std::string>> RetractedIds() = 0;
  //! The retraction notices that name `doc_id` (held or not), sorted; empty if none.
  virtual Result<std::vector<std::string>> RetractionNoticesOf(const std::string& doc_id) = 0;

  //! Small key/value metadata (e.g. "corpus_generation").
  virtual Status SetMeta(const std::string& key, const std::string& value) = 0;
  //! NotFound if the key was never set.
  virtual Result<std::string> GetMeta(const std::string& key) = 0;
};

//! Opens the SQLite store at `location` (created if missing). The corpus is always in SQLite,
//! beside the index; a "postgresql://..." location is refused with a pointer to OpenStore below.
Result<std::unique_ptr<Store>> OpenStore(const std::string& location);

//! The corpus store at `corpus_path` with its StateStore at `state_location`: when that is empty
//! or the same path, the SQLite store alone; otherwise (e.g. "postgresql://...") a SplitStore
//! that sends state to that store and corpus reads and writes to SQLite.
Result<std::unique_ptr<Store>> OpenStore(const std::string& corpus_path,
                                         const std::string& state_location);

}  // namespace evident
