// Store: the durable home of documents, their passages, metadata and reference links. The index
// is built from it and search results are resolved through it. SQLite is the embedded default
// (store/sqlite_store.h); a PostgreSQL store implements the same interface.
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

namespace evident {

//! A document with the passages it was split into, written together.
struct DocumentRecord {
  Document doc;
  std::vector<Passage> passages;
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

//! One question of a conversation, for interpreting follow-ups in context.
struct ConversationTurn {
  std::string conversation_id;
  int turn = 0;                   //!< 0-based position, assigned by AppendConversationTurn
  std::string question;           //!< as asked
  std::string resolved_question;  //!< with the conversation's context applied
  std::string slug;               //!< the article that answered it
  std::string created_at;         //!< ISO-8601 UTC, set by the store
};

//! A composed answer article, saved so its page can be visited, shared and reviewed.
struct StoredArticle {
  std::string slug;
  std::string audience;  //!< "physician", "nurse", "student", "patient"
  std::string question;
  std::string content;     //!< the article's JSON (ArticleToJson)
  std::string created_at;  //!< ISO-8601 UTC, set by the store on first save
  std::string updated_at;  //!< ISO-8601 UTC, set by the store when the content changes
};

class Store {
 public:
  virtual ~Store() = default;

  //! Upserts a batch in one transaction: a document whose content (all fields and passages) is
  //! unchanged is left alone, a changed one is replaced whole. On error nothing of the batch is
  //! written.
  virtual Status PutDocuments(const std::vector<DocumentRecord>& batch, PutCounts* counts) = 0;
  //! Removes documents with their passages and references; unknown ids are ignored.
  //! `deleted` (may be null) receives how many existed.
  virtual Status DeleteDocuments(const std::vector<std::string>& ids, int64_t* deleted) = 0;

  virtual Result<Document> GetDocument(const std::string& id) = 0;
  virtual Result<std::vector<Passage>> GetPassagesOfDocument(const std::string& doc_id) = 0;
  //! Views of the given passages, in the order asked; unknown ids are skipped.
  virtual Result<std::vector<PassageView>> GetPassageViews(
      const std::vector<std::string>& passage_ids) = 0;
  //! Calls `fn` for every passage ordered by (doc id, ordinal); stops early if `fn` returns false.
  virtual Status ScanPassages(const std::function<bool(const PassageView&)>& fn) = 0;

  virtual Result<StoreStats> Stats() = 0;

  //! Appends a turn to its conversation (creating it) and returns the turn's number.
  virtual Result<int> AppendConversationTurn(const ConversationTurn& turn) = 0;
  //! The turns of a conversation in order; empty if the conversation is unknown.
  virtual Result<std::vector<ConversationTurn>> GetConversation(const std::string& id) = 0;

  //! Saves an article under (slug, audience): inserts it, or replaces its content if that
  //! changed (updated_at moves only then). `changed` (may be null) says whether it did.
  virtual Status PutArticle(const StoredArticle& article, bool* changed) = 0;
  //! NotFound if no article has that slug and audience.
  virtual Result<StoredArticle> GetArticle(const std::string& slug,
                                           const std::string& audience) = 0;
  //! The most recently updated articles, newest first.
  virtual Result<std::vector<StoredArticle>> RecentArticles(int limit) = 0;

  //! Small key/value metadata (e.g. "corpus_generation").
  virtual Status SetMeta(const std::string& key, const std::string& value) = 0;
  //! NotFound if the key was never set.
  virtual Result<std::string> GetMeta(const std::string& key) = 0;
};

//! Opens the store named by `location`: a file path (SQLite, created if missing) for now;
//! "postgresql://..." is reserved for the PostgreSQL store.
Result<std::unique_ptr<Store>> OpenStore(const std::string& location);

}  // namespace evident
