// PostgresStore: the StateStore in PostgreSQL (libpqxx), shared by several `evident serve`
// processes: conversations, articles and their versions, review and its audit log, reviewer
// accounts, sessions and failed sign-ins. Each process keeps its own corpus and index.
//
// Selected by a location "postgresql://user@host:port/db" (libpq's URI syntax; options such as
// "?options=-csearch_path%3Dname" pass through). Every statement is parameterised; no value is
// ever spliced into SQL text.
//
// Schema: versioned migrations run forward automatically on Open, in one transaction under an
// advisory lock, so processes starting together migrate once; the versions applied are rows of
// schema_migrations. A database migrated by a newer build is refused.
//
// Concurrency: writes that read first lock the article row (SELECT ... FOR UPDATE) or
// compare-and-set in a single UPDATE ... WHERE status = $from AND latest_version = $v, which
// under READ COMMITTED waits for a concurrent writer and then re-checks the row, so two
// approvals of one version cannot both apply.
//
// Thread-safety: one PostgresStore per thread (one connection each).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/state_store.h"

namespace evident {

//! True for "postgresql://..." and "postgres://..." locations.
bool IsPostgresLocation(const std::string& location);

class PostgresStore : public StateStore {
 public:
  //! The schema version this build creates and understands.
  static constexpr int kSchemaVersion = 2;

  //! Connects to `url` and migrates the schema to kSchemaVersion. Unavailable if the server
  //! cannot be reached; InvalidArgument if its schema is newer than this build.
  static Result<std::unique_ptr<PostgresStore>> Open(const std::string& url);

  ~PostgresStore() override;
  PostgresStore(const PostgresStore&) = delete;
  PostgresStore& operator=(const PostgresStore&) = delete;

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
  struct Impl;  // the libpqxx connection, kept out of this header
  explicit PostgresStore(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
};

}  // namespace evident
