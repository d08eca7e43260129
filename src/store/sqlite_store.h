// SqliteStore: the embedded Store, one SQLite database file holding documents, their passages,
// their numbered references and small key/value metadata.
//
// Schema (version kSchemaVersion, recorded in PRAGMA user_version; migrations run forward in order
// inside one transaction, so a later version only appends a migration):
//   documents(doc_rowid, id UNIQUE, the scalar Document fields, list fields and attributes as JSON
//             text, sections as JSON text, content_hash)
//   passages(passage_rowid, id UNIQUE, doc_rowid -> documents ON DELETE CASCADE, ordinal,
//            heading, text, cited_refs as JSON text); UNIQUE (doc_rowid, ordinal)
//   doc_references(doc_rowid -> documents ON DELETE CASCADE, position, number, pmid, citation)
//   retraction_links(doc_rowid -> documents ON DELETE CASCADE: the record stating the link,
//                    retracted_id, notice_id): Store::MarkRetractions
//   meta(key PRIMARY KEY, value)
//   conversation_turns, articles (latest content and review status per slug and audience),
//   article_versions, review_events (append-only: triggers refuse UPDATE and DELETE), reviewers,
//   reviewer_sessions, login_failures: the StateStore (store/state_store.h; sqlite_state.cc)
// Sections are kept as JSON on the document row so GetDocument returns exactly what was put;
// passages are a separate split of the same text and cannot always reproduce the sections.
//
// content_hash is FNV-1a 64 (Fowler/Noll/Vo) over a length-prefixed serialisation of every field
// of the document and its passages; it is stable across builds and platforms, unlike std::hash.
// PutDocuments compares it to skip unchanged documents without reading them back.
//
// Thread-safety: one SqliteStore per thread (the connection is opened without SQLite's mutexes).
// Several SqliteStores, in this or other processes, may open the same file: in WAL mode readers
// run beside the one writer, and a writer waits up to a busy timeout for another to finish.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/store.h"

struct sqlite3;

namespace evident {

class SqliteStore : public Store {
 public:
  //! The schema version this build creates and understands.
  static constexpr int kSchemaVersion = 6;

  //! Opens (creating if missing) the database at `path` and migrates it to kSchemaVersion.
  //! Refuses, with InvalidArgument, a database whose schema is newer than this build. In a
  //! directory this process cannot write (a read-only mount), an existing database is opened
  //! read-only (immutable): reads work, writes fail with an error.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);

  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  Status PutDocuments(const std::vector<DocumentRecord>& batch, PutCounts* counts) override;
  Status RunAtomically(const std::function<Status()>& body) override;
  Status DeleteDocuments(const std::vector<std::string>& ids, int64_t* deleted) override;

  using Store::GetDocument;
  Result<Document> GetDocument(const std::string& id, DocumentParts parts) override;
  Result<std::vector<Passage>> GetPassagesOfDocument(const std::string& doc_id) override;
  Result<std::vector<PassageView>> GetPassageViews(
      const std::vector<std::string>& passage_ids) override;
  Status ScanPassages(const std::function<bool(const PassageView&)>& fn) override;

  Result<StoreStats> Stats() override;

  Status SetMeta(const std::string& key, const std::string& value) override;
  Result<std::string> GetMeta(const std::string& key) override;
  Status MarkRetractions(int64_t* marked) override;
  Result<std::vector<std::string>> RetractedIds() override;
  Result<std::vector<std::string>> RetractionNoticesOf(const std::string& doc_id) override;

  // StateStore (sqlite_state.cc).
  Result<int> AppendConversationTurn(const ConversationTurn& turn) override;
  Result<std::vector<ConversationTurn>> GetConversation(const std::string& id) override;
  Status PutArticle(const StoredArticle& article, bool* changed) override;
  Result<StoredArticle> GetArticle(const std::string& slug, const std::string& audience) override;
  Result<std::vector<StoredArticle>> RecentArticles(int limit) override;
  Result<ArticleVersion> GetArticleVersion(const std::string& slug, const std::string& audience,
                                           int version) override;
  Result<ReviewState> GetReviewState(const std::string& slug, const std::string& audience) override;
  Result<std::vector<ReviewState>> ReviewQueue(const ReviewQueueFilter& filter) override;
  Result<ReviewEvent> Transition(const ReviewTransition& transition) override;
  Result<ReviewEvent> AddReviewComment(const std::string& slug, const std::string& audience,
                                       int version, const std::string& actor,
                                       const std::string& comment) override;
  Result<std::vector<ReviewEvent>> ReviewEvents(const std::string& slug,
                                                const std::string& audience) override;
  Result<std::vector<FlaggedArticle>> FlagArticlesCiting(
      const std::vector<WithdrawnEvidence>& withdrawn) override;
  Status AddReviewer(const ReviewerAccount& account) override;
  Result<ReviewerAccount> GetReviewer(const std::string& username) override;
  Result<std::vector<ReviewerAccount>> ListReviewers() override;
  Status SetReviewerDisabled(const std::string& username, bool disabled) override;
  Status SetReviewerPasswordHash(const std::string& username,
                                 const std::string& password_hash) override;
  Status CreateSession(const ReviewerSession& session) override;
  Result<ReviewerSession> GetSession(const std::string& token_hash, int64_t now_s) override;
  Status DeleteSession(const std::string& token_hash) override;
  Result<LoginFailures> GetLoginFailures(const std::string& username) override;
  Result<LoginFailures> RecordLoginFailure(const std::string& username, int64_t now_s) override;
  Status ClearLoginFailures(const std::string& username) override;

 private:
  struct Statements;       // prepared statements reused across calls, defined in the .cc
  struct StateStatements;  // the StateStore's, defined in sqlite_state.cc
  struct StateStatementsDeleter {
    void operator()(StateStatements* statements) const;
  };

  SqliteStore(sqlite3* db, std::string path);
  Status PutRecord(const DocumentRecord& record, PutCounts* counts);
  Status InsertRecord(const DocumentRecord& record, uint64_t content_hash);
  Status PrepareState();  // sqlite_state.cc
  Result<ReviewEvent> AppendEvent(const ReviewEvent& event);
  Result<ReviewState> ReadReviewState(const std::string& slug, const std::string& audience);

  sqlite3* db_;
  std::string path_;  // for error messages
  std::unique_ptr<Statements> statements_;
  std::unique_ptr<StateStatements, StateStatementsDeleter> state_;
};

}  // namespace evident
