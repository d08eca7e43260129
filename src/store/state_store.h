// StateStore: the state the web app writes and shares between its processes — conversations,
// saved answer articles with their versions, the editorial review of each article (status and an
// append-only audit log), reviewer accounts, their sessions and failed sign-ins. The corpus
// (documents and passages) is not part of it: it stays beside each process's read-only index.
//
// SQLite is the embedded default (SqliteStore implements StateStore as part of Store); several
// `evident serve` processes share one PostgresStore (store/postgres_store.h). Both run the same
// conformance tests (state_store_test.cc).
//
// Articles are kept per (slug, audience). Every change of content is a new version (1, 2, ...):
// its content, the evidence it cites, the index generation that composed it, when, and the
// SHA-256 of its content. The review status belongs to the article and is about its latest
// version; the approved version (if any) is remembered apart, so a newer version can be under
// review while readers keep seeing the approved one.
//
// Audit events are only ever appended: there is no method that changes or removes one, and both
// backends refuse UPDATE and DELETE on the table with a trigger.
//
// Times written by the store are ISO-8601 UTC ("2026-11-27T10:15:00Z") from the database's clock,
// so several processes agree. Session and sign-in times are Unix seconds given by the caller
// (the server's clock, a seam for tests).
//
// Thread-safety: one object per thread (each holds one database connection); objects in any
// number of threads and processes may share one database.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/review_status.h"

namespace evident {

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
  std::string content;     //!< the article's JSON (ArticleToJson); its latest version
  std::string created_at;  //!< ISO-8601 UTC, set by the store on first save
  std::string updated_at;  //!< ISO-8601 UTC, set by the store when the content changes
  //! The index generation that composed it: written with a new version, and remembered (without
  //! a version) when the same content is composed again; read: the last one that composed it.
  std::string index_generation;
  //! Written with a new version: the ids of the evidence it cites (its references' documents).
  std::vector<std::string> cited_ids;
  int version = 0;  //!< read: the latest version's number (1 for a new article)
};

//! One saved version of an article; never changed once written.
struct ArticleVersion {
  std::string slug;
  std::string audience;
  int version = 0;
  std::string content;
  std::string content_hash;  //!< ArticleContentHash(content)
  std::string index_generation;
  std::vector<std::string> cited_ids;
  std::string created_at;
};

//! An article's place in review.
struct ReviewState {
  std::string slug;
  std::string audience;
  std::string question;
  ReviewStatus status = ReviewStatus::kSubmitted;  //!< of the latest version
  int latest_version = 0;
  std::string latest_hash;
  int approved_version = 0;  //!< 0: no version approved yet
  std::string status_changed_at;
  std::string updated_at;  //!< when the latest version was saved
  //! Who reviewed the approved version: display names of the reviewers who moved it to Under
  //! review or Approved, in the order they acted. Empty when nothing is approved.
  std::vector<std::string> reviewed_by;
};

struct ReviewQueueFilter {
  std::optional<ReviewStatus> status;  //!< none: every status
  //! Only articles whose status changed before this ISO-8601 time (empty: any age).
  std::string changed_before;
  int limit = 200;
};

//! A reviewer's move of an article, applied only if the article is still at `version` and
//! `from` (compare-and-set): two reviewers acting on what they both saw cannot both succeed.
struct ReviewTransition {
  std::string slug;
  std::string audience;
  int version = 0;
  ReviewStatus from = ReviewStatus::kSubmitted;
  ReviewStatus to = ReviewStatus::kUnderReview;
  std::string actor;  //!< reviewer username
  std::string comment;
};

//! One entry of the audit log.
struct ReviewEvent {
  int64_t id = 0;  //!< increasing in the order events were written
  std::string slug;
  std::string audience;
  int version = 0;
  std::string version_hash;  //!< content hash of that version
  //! "created" (first version), "new_version" (content changed; back to Submitted),
  //! "transition" (a reviewer's move), "comment" (a note; status unchanged) or "flagged" (evidence
  //! it cites was deleted or retracted; back to Submitted, FlagArticlesCiting).
  std::string action;
  std::string actor;                 //!< reviewer username, or "system"
  std::optional<ReviewStatus> from;  //!< none for "created"
  ReviewStatus to = ReviewStatus::kSubmitted;
  std::string comment;
  std::string created_at;
};

//! Evidence that left the corpus (a document deleted or retracted) and why, for
//! FlagArticlesCiting.
struct WithdrawnEvidence {
  std::string doc_id;  //!< "pmid:123"
  std::string reason;  //!< "retracted by pmid:456", "deleted by update file pubmed24n1234.xml.gz"
};

//! An article FlagArticlesCiting returned to review.
struct FlaggedArticle {
  std::string slug;
  std::string audience;
  int version = 0;  //!< its latest version, which the event applies to
  ReviewStatus from = ReviewStatus::kSubmitted;
  //! The event's comment: "cites pmid:123, retracted by pmid:456; cites pmid:7, deleted by ..."
  std::string comment;
};

enum class ReviewerRole { kReviewer, kEditor, kAdmin };
const char* ReviewerRoleName(ReviewerRole role);  //!< "reviewer", "editor", "admin"
std::optional<ReviewerRole> ParseReviewerRole(const std::string& name);

struct ReviewerAccount {
  std::string username;  //!< 1-64 of [a-z0-9._-]
  std::string display_name;
  ReviewerRole role = ReviewerRole::kReviewer;
  std::string password_hash;  //!< crypto_pwhash_str (argon2id) output; never the password
  bool disabled = false;
  std::string created_at;
};

//! A signed-in reviewer's session. Only a hash of the cookie's token is stored.
struct ReviewerSession {
  std::string token_hash;
  std::string username;
  int64_t created_s = 0;
  int64_t expires_s = 0;
  // Read with the session, from the account:
  std::string display_name;
  ReviewerRole role = ReviewerRole::kReviewer;
};

//! Consecutive failed sign-ins of a username (known or not), for back-off.
struct LoginFailures {
  int count = 0;
  int64_t last_failure_s = 0;
};

class StateStore {
 public:
  virtual ~StateStore() = default;

  // --- Conversations --------------------------------------------------------------------------

  //! Appends a turn to its conversation (creating it) and returns the turn's number.
  virtual Result<int> AppendConversationTurn(const ConversationTurn& turn) = 0;
  //! The turns of a conversation in order; empty if the conversation is unknown.
  virtual Result<std::vector<ConversationTurn>> GetConversation(const std::string& id) = 0;

  // --- Articles and their versions ------------------------------------------------------------

  //! Saves an article under (slug, audience). A new article becomes version 1, Submitted. If the
  //! content differs from the latest version, it becomes the next version and the article
  //! returns to Submitted (the approved version, if any, stays approved). Unchanged content
  //! writes no version, only the article's index_generation. `changed` (may be null) says
  //! whether a version was written.
  virtual Status PutArticle(const StoredArticle& article, bool* changed) = 0;
  //! The latest version; NotFound if no article has that slug and audience.
  virtual Result<StoredArticle> GetArticle(const std::string& slug,
                                           const std::string& audience) = 0;
  //! The most recently updated articles, newest first.
  virtual Result<std::vector<StoredArticle>> RecentArticles(int limit) = 0;
  //! NotFound if the article or that version does not exist.
  virtual Result<ArticleVersion> GetArticleVersion(const std::string& slug,
                                                   const std::string& audience, int version) = 0;

  // --- Review ---------------------------------------------------------------------------------

  virtual Result<ReviewState> GetReviewState(const std::string& slug,
                                             const std::string& audience) = 0;
  //! Articles matching `filter`, longest waiting (oldest status change) first.
  virtual Result<std::vector<ReviewState>> ReviewQueue(const ReviewQueueFilter& filter) = 0;
  //! Applies a reviewer's transition atomically with its audit event, and returns the event.
  //! FailedPrecondition when the transition is not allowed (CheckReviewTransition) or the article
  //! is no longer at `version` and `from`; NotFound for an unknown article; InvalidArgument
  //! without an actor.
  virtual Result<ReviewEvent> Transition(const ReviewTransition& transition) = 0;
  //! Appends a comment on `version` (which must exist) without changing the status.
  virtual Result<ReviewEvent> AddReviewComment(const std::string& slug, const std::string& audience,
                                               int version, const std::string& actor,
                                               const std::string& comment) = 0;
  //! The article's audit log, oldest first.
  virtual Result<std::vector<ReviewEvent>> ReviewEvents(const std::string& slug,
                                                        const std::string& audience) = 0;
  //! Returns to review every article whose latest or approved version cites a document of
  //! `withdrawn`: its status becomes Submitted (as for a new version: fixing it takes one), with
  //! a "flagged" event by "system" on its latest version whose comment names each such document
  //! and why ("cites pmid:1, retracted by pmid:2; cites pmid:3, deleted by update file F"). An
  //! article already Submitted keeps its status and gets the event. The approved version stays
  //! approved: readers are warned on the page (server/article_library.h), not sent elsewhere.
  //! A reason already recorded on the article's latest version is not recorded again, so
  //! servers applying the same update to corpora of their own flag a shared article once.
  //! One transaction; returns the articles flagged.
  virtual Result<std::vector<FlaggedArticle>> FlagArticlesCiting(
      const std::vector<WithdrawnEvidence>& withdrawn) = 0;

  // --- Reviewer accounts ----------------------------------------------------------------------

  //! InvalidArgument if the username is taken or not of [a-z0-9._-]{1,64}.
  virtual Status AddReviewer(const ReviewerAccount& account) = 0;
  //! NotFound for an unknown username.
  virtual Result<ReviewerAccount> GetReviewer(const std::string& username) = 0;
  //! All accounts by username.
  virtual Result<std::vector<ReviewerAccount>> ListReviewers() = 0;
  //! Both end the reviewer's sessions (in the same transaction). NotFound for an unknown
  //! username.
  virtual Status SetReviewerDisabled(const std::string& username, bool disabled) = 0;
  virtual Status SetReviewerPasswordHash(const std::string& username,
                                         const std::string& password_hash) = 0;

  // --- Sessions and sign-in back-off ----------------------------------------------------------

  virtual Status CreateSession(const ReviewerSession& session) = 0;
  //! The session with that token hash if it has not expired at `now_s` and its account is not
  //! disabled; NotFound otherwise.
  virtual Result<ReviewerSession> GetSession(const std::string& token_hash, int64_t now_s) = 0;
  //! Ends a session (sign-out); unknown hashes are ignored.
  virtual Status DeleteSession(const std::string& token_hash) = 0;

  //! Zero counts for a username that has not failed.
  virtual Result<LoginFailures> GetLoginFailures(const std::string& username) = 0;
  //! Counts one more failure at `now_s` atomically and returns the new totals.
  virtual Result<LoginFailures> RecordLoginFailure(const std::string& username, int64_t now_s) = 0;
  virtual Status ClearLoginFailures(const std::string& username) = 0;
};

//! True for usernames of 1-64 characters from [a-z0-9._-].
bool IsValidReviewerUsername(const std::string& username);

//! Opens the StateStore at `location`: "postgresql://..." (or "postgres://...") for PostgreSQL,
//! otherwise a SQLite file path (created if missing).
Result<std::unique_ptr<StateStore>> OpenStateStore(const std::string& location);

}  // namespace evident
