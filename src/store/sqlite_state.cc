// SqliteStore's StateStore: conversations, article versions, review, reviewer accounts, sessions
// and failed sign-ins (schema in sqlite_store.cc, versions 2-4). Writes that read before they
// write run under BEGIN IMMEDIATE, which takes SQLite's one write lock up front, so two
// connections cannot interleave between the read and the write.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "store/sqlite_statement.h"
#include "store/sqlite_store.h"
#include "store/state_rules.h"

namespace evident {

using sqlite::Statement;
using sqlite::StatementUse;
using sqlite::Transaction;
namespace rules = state_rules;

namespace {

// ISO-8601 UTC, second resolution: the store's clock for created/updated times.
#define EVIDENT_SQLITE_NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

constexpr const char* kStateColumns =
    "a.slug, a.audience, a.question, a.status, a.latest_version, v.content_hash, "
    "a.approved_version, a.status_changed_at, a.updated_at";
constexpr const char* kStateFrom =
    " FROM articles a JOIN article_versions v ON v.slug = a.slug AND v.audience = a.audience "
    "AND v.version = a.latest_version";

Status ReadState(const Statement& q, ReviewState* state) {
  state->slug = q.Text(0);
  state->audience = q.Text(1);
  state->question = q.Text(2);
  auto status = ParseReviewStatus(q.Text(3));
  if (!status) return Status::Corruption("article " + state->slug + ": unknown status");
  state->status = *status;
  state->latest_version = static_cast<int>(q.Int(4));
  state->latest_hash = q.Text(5);
  state->approved_version = static_cast<int>(q.Int(6));
  state->status_changed_at = q.Text(7);
  state->updated_at = q.Text(8);
  return Status::OK();
}

Status ReadEvent(const Statement& q, ReviewEvent* e) {
  e->id = q.Int(0);
  e->slug = q.Text(1);
  e->audience = q.Text(2);
  e->version = static_cast<int>(q.Int(3));
  e->version_hash = q.Text(4);
  e->action = q.Text(5);
  e->actor = q.Text(6);
  std::string from = q.Text(7);
  auto to = ParseReviewStatus(q.Text(8));
  if (!to || (!from.empty() && !ParseReviewStatus(from))) {
    return Status::Corruption("review event " + std::to_string(e->id) + ": unknown status");
  }
  e->from = from.empty() ? std::nullopt : ParseReviewStatus(from);
  e->to = *to;
  e->comment = q.Text(9);
  e->created_at = q.Text(10);
  return Status::OK();
}

Status ReadAccount(const Statement& q, ReviewerAccount* a) {
  a->username = q.Text(0);
  a->display_name = q.Text(1);
  auto role = ParseReviewerRole(q.Text(2));
  if (!role) return Status::Corruption("reviewer " + a->username + ": unknown role");
  a->role = *role;
  a->password_hash = q.Text(3);
  a->disabled = q.Int(4) != 0;
  a->created_at = q.Text(5);
  return Status::OK();
}

}  // namespace

struct SqliteStore::StateStatements {
  Statement begin_read, begin_write, commit, rollback;
  Statement append_turn, select_turns;
  Statement select_article, find_article, recent_articles, insert_article, update_article,
      touch_generation;
  Statement select_version, insert_version;
  Statement select_state, select_reviewers_of, review_queue, apply_transition;
  Statement insert_event, select_events;
  Statement flag_candidates, flag_comments, flag_article;
  Statement insert_reviewer, select_reviewer, list_reviewers, set_disabled, set_password;
  Statement delete_sessions_of, insert_session, delete_expired_sessions, select_session,
      delete_session;
  Statement select_failures, record_failure, clear_failures;

  Status PrepareAll(sqlite3* db) {
    std::pair<Statement*, std::string> all[] = {
        {&begin_read, "BEGIN"},
        {&begin_write, "BEGIN IMMEDIATE"},
        {&commit, "COMMIT"},
        {&rollback, "ROLLBACK"},
        // One statement, so concurrent appends to a conversation cannot take the same number.
        {&append_turn,
         "INSERT INTO conversation_turns (conversation_id, turn, question, resolved_question, "
         "slug, created_at) SELECT ?1, COALESCE(MAX(turn) + 1, 0), ?2, ?3, ?4, " EVIDENT_SQLITE_NOW
         " FROM conversation_turns WHERE conversation_id = ?1 RETURNING turn"},
        {&select_turns,
         "SELECT turn, question, resolved_question, slug, created_at FROM conversation_turns "
         "WHERE conversation_id = ?1 ORDER BY turn"},
        {&select_article,
         "SELECT question, created_at, updated_at, content, latest_version, index_generation "
         "FROM articles WHERE slug = ?1 AND audience = ?2"},
        {&find_article,
         "SELECT a.latest_version, a.status, v.content_hash FROM articles a "
         "JOIN article_versions v ON v.slug = a.slug AND v.audience = a.audience "
         "AND v.version = a.latest_version WHERE a.slug = ?1 AND a.audience = ?2"},
        {&recent_articles,
         "SELECT slug, audience, question, created_at, updated_at, content, latest_version, "
         "index_generation FROM articles ORDER BY updated_at DESC, slug LIMIT ?1"},
        {&insert_article,
         "INSERT INTO articles (slug, audience, question, created_at, updated_at, content, "
         "latest_version, status, status_changed_at, approved_version, index_generation) "
         "VALUES (?1, ?2, ?3, " EVIDENT_SQLITE_NOW ", " EVIDENT_SQLITE_NOW
         ", ?4, 1, 'submitted', " EVIDENT_SQLITE_NOW ", 0, ?6)"},
        {&update_article,
         "UPDATE articles SET question = ?3, content = ?4, latest_version = ?5, "
         "index_generation = ?6, status = 'submitted', updated_at = " EVIDENT_SQLITE_NOW
         ", status_changed_at = " EVIDENT_SQLITE_NOW " WHERE slug = ?1 AND audience = ?2"},
        {&touch_generation,
         "UPDATE articles SET index_generation = ?3 WHERE slug = ?1 AND audience = ?2"},
        {&select_version,
         "SELECT content, content_hash, index_generation, cited_ids, created_at "
         "FROM article_versions WHERE slug = ?1 AND audience = ?2 AND version = ?3"},
        {&insert_version,
         "INSERT INTO article_versions (slug, audience, version, content_hash, index_generation, "
         "cited_ids, created_at, content) VALUES (?1, ?2, ?3, ?4, ?5, ?6, " EVIDENT_SQLITE_NOW
         ", ?7)"},
        {&select_state, std::string("SELECT ") + kStateColumns + kStateFrom +
                            " WHERE a.slug = ?1 AND a.audience = ?2"},
        {&select_reviewers_of,
         "SELECT e.actor, COALESCE(r.display_name, '') FROM review_events e "
         "LEFT JOIN reviewers r ON r.username = e.actor WHERE e.slug = ?1 AND e.audience = ?2 "
         "AND e.version = ?3 AND e.action = 'transition' "
         "AND e.to_status IN ('under_review', 'approved') ORDER BY e.event_id"},
        {&review_queue, std::string("SELECT ") + kStateColumns + kStateFrom +
                            " WHERE (?1 = '' OR a.status = ?1) AND (?2 = '' OR "
                            "a.status_changed_at < ?2) ORDER BY a.status_changed_at, a.slug, "
                            "a.audience LIMIT ?3"},
        // The compare-and-set: applies only if the article is still at the version and status
        // the reviewer saw.
        {&apply_transition,
         "UPDATE articles SET status = ?5, status_changed_at = " EVIDENT_SQLITE_NOW
         ", approved_version = CASE WHEN ?5 = 'approved' THEN latest_version "
         "ELSE approved_version END "
         "WHERE slug = ?1 AND audience = ?2 AND latest_version = ?3 AND status = ?4"},
        {&insert_event,
         "INSERT INTO review_events (slug, audience, version, version_hash, action, actor, "
         "from_status, to_status, comment, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
         "?9, " EVIDENT_SQLITE_NOW ") RETURNING event_id, created_at"},
        {&select_events,
         "SELECT event_id, slug, audience, version, version_hash, action, actor, from_status, "
         "to_status, comment, created_at FROM review_events WHERE slug = ?1 AND audience = ?2 "
         "ORDER BY event_id"},
        // Each article with the cited ids of its latest and its approved version.
        {&flag_candidates,
         "SELECT a.slug, a.audience, a.status, a.latest_version, lv.content_hash, lv.cited_ids, "
         "COALESCE(av.cited_ids, '[]') FROM articles a "
         "JOIN article_versions lv ON lv.slug = a.slug AND lv.audience = a.audience "
         "AND lv.version = a.latest_version "
         "LEFT JOIN article_versions av ON av.slug = a.slug AND av.audience = a.audience "
         "AND av.version = a.approved_version ORDER BY a.slug, a.audience"},
        {&flag_comments,
         "SELECT comment FROM review_events WHERE slug = ?1 AND audience = ?2 AND version = ?3 "
         "AND action = 'flagged' ORDER BY event_id"},
        // Back to Submitted; an article already there keeps its place in the queue.
        {&flag_article,
         "UPDATE articles SET status = 'submitted', status_changed_at = CASE WHEN status = "
         "'submitted' THEN status_changed_at ELSE " EVIDENT_SQLITE_NOW
         " END WHERE slug = ?1 AND audience = ?2"},
        {&insert_reviewer,
         "INSERT INTO reviewers (username, display_name, role, password_hash, disabled, "
         "created_at) VALUES (?1, ?2, ?3, ?4, ?5, " EVIDENT_SQLITE_NOW ")"},
        {&select_reviewer,
         "SELECT username, display_name, role, password_hash, disabled, created_at "
         "FROM reviewers WHERE username = ?1"},
        {&list_reviewers,
         "SELECT username, display_name, role, password_hash, disabled, created_at "
         "FROM reviewers ORDER BY username"},
        {&set_disabled, "UPDATE reviewers SET disabled = ?2 WHERE username = ?1"},
        {&set_password, "UPDATE reviewers SET password_hash = ?2 WHERE username = ?1"},
        {&delete_sessions_of, "DELETE FROM reviewer_sessions WHERE username = ?1"},
        {&insert_session,
         "INSERT INTO reviewer_sessions (token_hash, username, created_s, expires_s) "
         "VALUES (?1, ?2, ?3, ?4)"},
        {&delete_expired_sessions, "DELETE FROM reviewer_sessions WHERE expires_s <= ?1"},
        {&select_session,
         "SELECT s.username, s.created_s, s.expires_s, r.display_name, r.role "
         "FROM reviewer_sessions s JOIN reviewers r ON r.username = s.username "
         "WHERE s.token_hash = ?1 AND s.expires_s > ?2 AND r.disabled = 0"},
        {&delete_session, "DELETE FROM reviewer_sessions WHERE token_hash = ?1"},
        {&select_failures,
         "SELECT failures, last_failure_s FROM login_failures WHERE username = ?1"},
        {&record_failure,
         "INSERT INTO login_failures (username, failures, last_failure_s) VALUES (?1, 1, ?2) "
         "ON CONFLICT (username) DO UPDATE SET failures = failures + 1, "
         "last_failure_s = excluded.last_failure_s RETURNING failures, last_failure_s"},
        {&clear_failures, "DELETE FROM login_failures WHERE username = ?1"},
    };
    return sqlite::PrepareEach(db, all);
  }
};

#undef EVIDENT_SQLITE_NOW

void SqliteStore::StateStatementsDeleter::operator()(StateStatements* statements) const {
  delete statements;
}

Status SqliteStore::PrepareState() {
  state_.reset(new StateStatements());
  return state_->PrepareAll(db_);
}

// --- Conversations ------------------------------------------------------------------------------

Result<int> SqliteStore::AppendConversationTurn(const ConversationTurn& turn) {
  if (turn.conversation_id.empty()) {
    return Status::InvalidArgument("conversation turn without a conversation id");
  }
  StatementUse q(state_->append_turn);
  q->Bind(1, turn.conversation_id);
  q->Bind(2, turn.question);
  q->Bind(3, turn.resolved_question);
  q->Bind(4, turn.slug);
  Result<bool> row = q->Step();
  if (!row.ok()) {
    return row.status().WithContext("appending to conversation " + turn.conversation_id);
  }
  if (!*row) return Status::Corruption("appending to a conversation returned no turn number");
  auto number = static_cast<int>(q->Int(0));
  Status done = q->Run();
  if (!done.ok()) return done.WithContext("appending to conversation " + turn.conversation_id);
  return number;
}

Result<std::vector<ConversationTurn>> SqliteStore::GetConversation(const std::string& id) {
  StatementUse q(state_->select_turns);
  q->Bind(1, id);
  std::vector<ConversationTurn> turns;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext("reading conversation " + id);
    if (!*row) break;
    ConversationTurn t;
    t.conversation_id = id;
    t.turn = static_cast<int>(q->Int(0));
    t.question = q->Text(1);
    t.resolved_question = q->Text(2);
    t.slug = q->Text(3);
    t.created_at = q->Text(4);
    turns.push_back(std::move(t));
  }
  return turns;
}

// --- Articles and versions ----------------------------------------------------------------------

Result<ReviewEvent> SqliteStore::AppendEvent(const ReviewEvent& event) {
  StatementUse q(state_->insert_event);
  q->Bind(1, event.slug);
  q->Bind(2, event.audience);
  q->Bind(3, int64_t{event.version});
  q->Bind(4, event.version_hash);
  q->Bind(5, event.action);
  q->Bind(6, event.actor);
  q->Bind(7, event.from ? ReviewStatusName(*event.from) : "");
  q->Bind(8, ReviewStatusName(event.to));
  q->Bind(9, event.comment);
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext("appending to the review log");
  if (!*row) return Status::Corruption("appending to the review log returned no event");
  ReviewEvent written = event;
  written.id = q->Int(0);
  written.created_at = q->Text(1);
  EVIDENT_RETURN_IF_ERROR(q->Run());
  return written;
}

Status SqliteStore::PutArticle(const StoredArticle& article, bool* changed) {
  EVIDENT_RETURN_IF_ERROR(rules::CheckArticleKey(article.slug, article.audience));
  StateStatements& st = *state_;
  std::string context = "saving article " + article.slug + " (" + article.audience + ")";
  std::string hash = ArticleContentHash(article.content);
  Transaction transaction(st.rollback);
  EVIDENT_RETURN_IF_ERROR(transaction.Begin(st.begin_write).WithContext(context));
  int latest = 0;
  bool unchanged = false;
  ReviewStatus status = ReviewStatus::kSubmitted;
  {
    StatementUse q(st.find_article);
    q->Bind(1, article.slug);
    q->Bind(2, article.audience);
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext(context);
    if (*row) {
      unchanged = q->Text(2) == hash;
      latest = static_cast<int>(q->Int(0));
      status = ParseReviewStatus(q->Text(1)).value_or(ReviewStatus::kSubmitted);
    }
  }
  if (unchanged) {
    // The same answer from this generation: no version; only remember it was composed again.
    if (changed != nullptr) *changed = false;
    if (article.index_generation.empty()) return Status::OK();  // rolled back: nothing written
    StatementUse q(st.touch_generation);
    q->Bind(1, article.slug);
    q->Bind(2, article.audience);
    q->Bind(3, article.index_generation);
    EVIDENT_RETURN_IF_ERROR(q->Run().WithContext(context));
    return transaction.Commit(st.commit).WithContext(context);
  }
  int version = latest + 1;
  {
    StatementUse q(latest == 0 ? st.insert_article : st.update_article);
    q->Bind(1, article.slug);
    q->Bind(2, article.audience);
    q->Bind(3, article.question);
    q->Bind(4, article.content);
    if (latest != 0) q->Bind(5, int64_t{version});
    q->Bind(6, article.index_generation);
    EVIDENT_RETURN_IF_ERROR(q->Run().WithContext(context));
  }
  {
    StatementUse q(st.insert_version);
    q->Bind(1, article.slug);
    q->Bind(2, article.audience);
    q->Bind(3, int64_t{version});
    q->Bind(4, hash);
    q->Bind(5, article.index_generation);
    q->Bind(6, rules::IdsToJson(article.cited_ids));
    q->Bind(7, article.content);
    EVIDENT_RETURN_IF_ERROR(q->Run().WithContext(context));
  }
  ReviewEvent event = rules::VersionEvent(article, version, hash,
                                          latest == 0 ? std::nullopt : std::optional(status));
  EVIDENT_RETURN_IF_ERROR(AppendEvent(event).status().WithContext(context));
  EVIDENT_RETURN_IF_ERROR(transaction.Commit(st.commit).WithContext(context));
  if (changed != nullptr) *changed = true;
  return Status::OK();
}

Result<StoredArticle> SqliteStore::GetArticle(const std::string& slug,
                                              const std::string& audience) {
  StatementUse q(state_->select_article);
  q->Bind(1, slug);
  q->Bind(2, audience);
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext("reading article " + slug);
  if (!*row) return Status::NotFound("no article " + slug + " for " + audience);
  StoredArticle a;
  a.slug = slug;
  a.audience = audience;
  a.question = q->Text(0);
  a.created_at = q->Text(1);
  a.updated_at = q->Text(2);
  a.content = q->Text(3);
  a.version = static_cast<int>(q->Int(4));
  a.index_generation = q->Text(5);
  return a;
}

Result<std::vector<StoredArticle>> SqliteStore::RecentArticles(int limit) {
  StatementUse q(state_->recent_articles);
  q->Bind(1, static_cast<int64_t>(std::max(0, limit)));
  std::vector<StoredArticle> out;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext("listing recent articles");
    if (!*row) break;
    StoredArticle a;
    a.slug = q->Text(0);
    a.audience = q->Text(1);
    a.question = q->Text(2);
    a.created_at = q->Text(3);
    a.updated_at = q->Text(4);
    a.content = q->Text(5);
    a.version = static_cast<int>(q->Int(6));
    a.index_generation = q->Text(7);
    out.push_back(std::move(a));
  }
  return out;
}

Result<ArticleVersion> SqliteStore::GetArticleVersion(const std::string& slug,
                                                      const std::string& audience, int version) {
  std::string context = "reading version " + std::to_string(version) + " of article " + slug;
  StatementUse q(state_->select_version);
  q->Bind(1, slug);
  q->Bind(2, audience);
  q->Bind(3, int64_t{version});
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext(context);
  if (!*row) return rules::NoSuchVersion(slug, audience, version);
  ArticleVersion v;
  v.slug = slug;
  v.audience = audience;
  v.version = version;
  v.content = q->Text(0);
  v.content_hash = q->Text(1);
  v.index_generation = q->Text(2);
  EVIDENT_RETURN_IF_ERROR(rules::IdsFromJson(q->Text(3), &v.cited_ids).WithContext(context));
  v.created_at = q->Text(4);
  return v;
}

// --- Review -------------------------------------------------------------------------------------

Result<ReviewState> SqliteStore::ReadReviewState(const std::string& slug,
                                                 const std::string& audience) {
  std::string context = "reading the review of " + slug + " (" + audience + ")";
  ReviewState state;
  {
    StatementUse q(state_->select_state);
    q->Bind(1, slug);
    q->Bind(2, audience);
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext(context);
    if (!*row) return Status::NotFound("no article " + slug + " for " + audience);
    EVIDENT_RETURN_IF_ERROR(ReadState(*q, &state).WithContext(context));
  }
  if (state.approved_version > 0) {
    StatementUse q(state_->select_reviewers_of);
    q->Bind(1, slug);
    q->Bind(2, audience);
    q->Bind(3, int64_t{state.approved_version});
    std::vector<std::string> actors, names;
    for (;;) {
      Result<bool> row = q->Step();
      if (!row.ok()) return row.status().WithContext(context);
      if (!*row) break;
      actors.push_back(q->Text(0));
      names.push_back(q->Text(1));
    }
    state.reviewed_by = rules::DistinctNames(actors, names);
  }
  return state;
}

Result<ReviewState> SqliteStore::GetReviewState(const std::string& slug,
                                                const std::string& audience) {
  StateStatements& st = *state_;
  Transaction transaction(st.rollback);  // the state and its reviewers from one snapshot
  EVIDENT_RETURN_IF_ERROR(transaction.Begin(st.begin_read));
  auto state = ReadReviewState(slug, audience);
  if (!state.ok()) return state.status();
  EVIDENT_RETURN_IF_ERROR(transaction.Commit(st.commit));
  return state;
}

Result<std::vector<ReviewState>> SqliteStore::ReviewQueue(const ReviewQueueFilter& filter) {
  StateStatements& st = *state_;
  Transaction transaction(st.rollback);
  EVIDENT_RETURN_IF_ERROR(transaction.Begin(st.begin_read));
  std::vector<std::pair<std::string, std::string>> keys;
  {
    StatementUse q(st.review_queue);
    q->Bind(1, filter.status ? ReviewStatusName(*filter.status) : "");
    q->Bind(2, filter.changed_before);
    q->Bind(3, static_cast<int64_t>(std::max(0, filter.limit)));
    for (;;) {
      Result<bool> row = q->Step();
      if (!row.ok()) return row.status().WithContext("reading the review queue");
      if (!*row) break;
      keys.emplace_back(q->Text(0), q->Text(1));
    }
  }
  std::vector<ReviewState> out;
  for (const auto& [slug, audience] : keys) {
    auto state = ReadReviewState(slug, audience);
    if (!state.ok()) return state.status();
    out.push_back(std::move(*state));
  }
  EVIDENT_RETURN_IF_ERROR(transaction.Commit(st.commit));
  return out;
}

Result<ReviewEvent> SqliteStore::Transition(const ReviewTransition& t) {
  EVIDENT_RETURN_IF_ERROR(rules::CheckTransition(t));
  StateStatements& st = *state_;
  std::string context = "reviewing " + t.slug + " (" + t.audience + ")";
  Transaction transaction(st.rollback);
  EVIDENT_RETURN_IF_ERROR(transaction.Begin(st.begin_write).WithContext(context));
  {
    StatementUse q(st.apply_transition);
    q->Bind(1, t.slug);
    q->Bind(2, t.audience);
    q->Bind(3, int64_t{t.version});
    q->Bind(4, ReviewStatusName(t.from));
    q->Bind(5, ReviewStatusName(t.to));
    EVIDENT_RETURN_IF_ERROR(q->Run().WithContext(context));
  }
  bool applied = sqlite3_changes(db_) > 0;
  auto state = ReadReviewState(t.slug, t.audience);
  if (!state.ok()) return state.status();
  if (!applied) return rules::StaleTransition(t, *state);
  ReviewEvent event = rules::TransitionEvent(t, state->latest_hash);
  auto written = AppendEvent(event);
  if (!written.ok()) return written.status().WithContext(context);
  EVIDENT_RETURN_IF_ERROR(transaction.Commit(st.commit).WithContext(context));
  return written;
}

Result<ReviewEvent> SqliteStore::AddReviewComment(const std::string& slug,
                                                  const std::string& audience, int version,
                                                  const std::string& actor,
                                                  const std::string& comment) {
  EVIDENT_RETURN_IF_ERROR(rules::CheckArticleKey(slug, audience));
  if (actor.empty()) return Status::InvalidArgument("a comment needs its author");
  if (comment.empty()) return Status::InvalidArgument("the comment is empty");
  StateStatements& st = *state_;
  std::string context = "commenting on " + slug + " (" + audience + ")";
  Transaction transaction(st.rollback);
  EVIDENT_RETURN_IF_ERROR(transaction.Begin(st.begin_write).WithContext(context));
  auto state = ReadReviewState(slug, audience);
  if (!state.ok()) return state.status().WithContext(context);
  auto v = GetArticleVersion(slug, audience, version);
  if (!v.ok()) return v.status().WithContext(context);
  ReviewEvent event =
      rules::CommentEvent(slug, audience, version, v->content_hash, actor, state->status, comment);
  auto written = AppendEvent(event);
  if (!written.ok()) return written.status().WithContext(context);
  EVIDENT_RETURN_IF_ERROR(transaction.Commit(st.commit).WithContext(context));
  return written;
}

Result<std::vector<ReviewEvent>> SqliteStore::ReviewEvents(const std::string& slug,
                                                           const std::string& audience) {
  StatementUse q(state_->select_events);
  q->Bind(1, slug);
  q->Bind(2, audience);
  std::vector<ReviewEvent> events;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext("reading the review log of " + slug);
    if (!*row) break;
    ReviewEvent e;
    EVIDENT_RETURN_IF_ERROR(ReadEvent(*q, &e));
    events.push_back(std::move(e));
  }
  return events;
}

Result<std::vector<FlaggedArticle>> SqliteStore::FlagArticlesCiting(
    const std::vector<WithdrawnEvidence>& withdrawn) {
  std::vector<FlaggedArticle> flagged;
  if (withdrawn.empty()) return flagged;
  StateStatements& st = *state_;
  const std::string context = "flagging articles that cite withdrawn evidence";
  Transaction transaction(st.rollback);
  EVIDENT_RETURN_IF_ERROR(transaction.Begin(st.begin_write).WithContext(context));
  std::vector<std::pair<rules::FlagCandidate, std::string>> to_flag;
  {
    StatementUse q(st.flag_candidates);
    for (;;) {
      Result<bool> row = q->Step();
      if (!row.ok()) return row.status().WithContext(context);
      if (!*row) break;
      rules::FlagCandidate c;
      c.slug = q->Text(0);
      c.audience = q->Text(1);
      auto status = ParseReviewStatus(q->Text(2));
      if (!status) return Status::Corruption("article " + c.slug + ": unknown status");
      c.status = *status;
      c.latest_version = static_cast<int>(q->Int(3));
      c.latest_hash = q->Text(4);
      std::vector<std::string> approved;
      EVIDENT_RETURN_IF_ERROR(rules::IdsFromJson(q->Text(5), &c.cited_ids).WithContext(context));
      EVIDENT_RETURN_IF_ERROR(rules::IdsFromJson(q->Text(6), &approved).WithContext(context));
      c.cited_ids.insert(c.cited_ids.end(), approved.begin(), approved.end());
      std::string comment = rules::FlagComment(c.cited_ids, withdrawn, {});
      if (!comment.empty()) to_flag.emplace_back(std::move(c), std::move(comment));
    }
  }
  for (auto& [candidate, comment] : to_flag) {
    std::vector<std::string> recorded;
    {
      StatementUse q(st.flag_comments);
      q->Bind(1, candidate.slug);
      q->Bind(2, candidate.audience);
      q->Bind(3, int64_t{candidate.latest_version});
      for (;;) {
        Result<bool> row = q->Step();
        if (!row.ok()) return row.status().WithContext(context);
        if (!*row) break;
        recorded.push_back(q->Text(0));
      }
    }
    comment = rules::FlagComment(candidate.cited_ids, withdrawn, recorded);
    if (comment.empty()) continue;  // flagged for these reasons already
    {
      StatementUse q(st.flag_article);
      q->Bind(1, candidate.slug);
      q->Bind(2, candidate.audience);
      EVIDENT_RETURN_IF_ERROR(q->Run().WithContext(context));
    }
    auto event = AppendEvent(rules::FlagEvent(candidate, comment));
    if (!event.ok()) return event.status().WithContext(context);
    flagged.push_back(
        {candidate.slug, candidate.audience, candidate.latest_version, candidate.status, comment});
  }
  EVIDENT_RETURN_IF_ERROR(transaction.Commit(st.commit).WithContext(context));
  return flagged;
}

// --- Reviewer accounts --------------------------------------------------------------------------

Status SqliteStore::AddReviewer(const ReviewerAccount& account) {
  EVIDENT_RETURN_IF_ERROR(rules::CheckReviewerAccount(account));
  StateStatements& st = *state_;
  std::string context = "adding reviewer " + account.username;
  Transaction transaction(st.rollback);
  EVIDENT_RETURN_IF_ERROR(transaction.Begin(st.begin_write).WithContext(context));
  {
    StatementUse q(st.select_reviewer);
    q->Bind(1, account.username);
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext(context);
    if (*row) return Status::InvalidArgument("reviewer " + account.username + " already exists");
  }
  {
    StatementUse q(st.insert_reviewer);
    q->Bind(1, account.username);
    q->Bind(2, account.display_name);
    q->Bind(3, ReviewerRoleName(account.role));
    q->Bind(4, account.password_hash);
    q->Bind(5, int64_t{account.disabled});
    EVIDENT_RETURN_IF_ERROR(q->Run().WithContext(context));
  }
  return transaction.Commit(st.commit).WithContext(context);
}

Result<ReviewerAccount> SqliteStore::GetReviewer(const std::string& username) {
  StatementUse q(state_->select_reviewer);
  q->Bind(1, username);
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext("reading reviewer " + username);
  if (!*row) return Status::NotFound("no reviewer " + username);
  ReviewerAccount a;
  EVIDENT_RETURN_IF_ERROR(ReadAccount(*q, &a));
  return a;
}

Result<std::vector<ReviewerAccount>> SqliteStore::ListReviewers() {
  StatementUse q(state_->list_reviewers);
  std::vector<ReviewerAccount> out;
  for (;;) {
    Result<bool> row = q->Step();
    if (!row.ok()) return row.status().WithContext("listing reviewers");
    if (!*row) break;
    ReviewerAccount a;
    EVIDENT_RETURN_IF_ERROR(ReadAccount(*q, &a));
    out.push_back(std::move(a));
  }
  return out;
}

namespace {

// Runs `update` (bound to the username as ?1 and `value` as ?2) and ends the user's sessions in
// one transaction; NotFound if no account has that username.
template <typename T>
Status UpdateReviewer(sqlite3* db, Statement& begin, Statement& commit, Statement& rollback,
                      Statement& update, Statement& delete_sessions, const std::string& username,
                      const T& value) {
  std::string context = "updating reviewer " + username;
  Transaction transaction(rollback);
  EVIDENT_RETURN_IF_ERROR(transaction.Begin(begin).WithContext(context));
  {
    StatementUse q(update);
    q->Bind(1, username);
    q->Bind(2, value);
    EVIDENT_RETURN_IF_ERROR(q->Run().WithContext(context));
  }
  if (sqlite3_changes(db) == 0) return Status::NotFound("no reviewer " + username);
  {
    StatementUse q(delete_sessions);
    q->Bind(1, username);
    EVIDENT_RETURN_IF_ERROR(q->Run().WithContext(context));
  }
  return transaction.Commit(commit).WithContext(context);
}

}  // namespace

Status SqliteStore::SetReviewerDisabled(const std::string& username, bool disabled) {
  StateStatements& st = *state_;
  return UpdateReviewer(db_, st.begin_write, st.commit, st.rollback, st.set_disabled,
                        st.delete_sessions_of, username, int64_t{disabled});
}

Status SqliteStore::SetReviewerPasswordHash(const std::string& username,
                                            const std::string& password_hash) {
  if (password_hash.empty()) return Status::InvalidArgument("empty password hash");
  StateStatements& st = *state_;
  return UpdateReviewer(db_, st.begin_write, st.commit, st.rollback, st.set_password,
                        st.delete_sessions_of, username, std::string_view(password_hash));
}

// --- Sessions and sign-in back-off --------------------------------------------------------------

Status SqliteStore::CreateSession(const ReviewerSession& session) {
  if (session.token_hash.empty() || session.username.empty()) {
    return Status::InvalidArgument("a session needs a token hash and a username");
  }
  StateStatements& st = *state_;
  std::string context = "starting a session for " + session.username;
  Transaction transaction(st.rollback);
  EVIDENT_RETURN_IF_ERROR(transaction.Begin(st.begin_write).WithContext(context));
  {
    StatementUse q(st.delete_expired_sessions);  // sessions expire; their rows go here
    q->Bind(1, session.created_s);
    EVIDENT_RETURN_IF_ERROR(q->Run().WithContext(context));
  }
  {
    StatementUse q(st.insert_session);
    q->Bind(1, session.token_hash);
    q->Bind(2, session.username);
    q->Bind(3, session.created_s);
    q->Bind(4, session.expires_s);
    EVIDENT_RETURN_IF_ERROR(q->Run().WithContext(context));
  }
  return transaction.Commit(st.commit).WithContext(context);
}

Result<ReviewerSession> SqliteStore::GetSession(const std::string& token_hash, int64_t now_s) {
  StatementUse q(state_->select_session);
  q->Bind(1, token_hash);
  q->Bind(2, now_s);
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext("reading a session");
  if (!*row) return Status::NotFound("no such session, or it has expired");
  ReviewerSession s;
  s.token_hash = token_hash;
  s.username = q->Text(0);
  s.created_s = q->Int(1);
  s.expires_s = q->Int(2);
  s.display_name = q->Text(3);
  auto role = ParseReviewerRole(q->Text(4));
  if (!role) return Status::Corruption("reviewer " + s.username + ": unknown role");
  s.role = *role;
  return s;
}

Status SqliteStore::DeleteSession(const std::string& token_hash) {
  StatementUse q(state_->delete_session);
  q->Bind(1, token_hash);
  return q->Run().WithContext("ending a session");
}

Result<LoginFailures> SqliteStore::GetLoginFailures(const std::string& username) {
  StatementUse q(state_->select_failures);
  q->Bind(1, username);
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext("reading failed sign-ins of " + username);
  if (!*row) return LoginFailures{};
  return LoginFailures{static_cast<int>(q->Int(0)), q->Int(1)};
}

Result<LoginFailures> SqliteStore::RecordLoginFailure(const std::string& username, int64_t now_s) {
  StatementUse q(state_->record_failure);
  q->Bind(1, username);
  q->Bind(2, now_s);
  Result<bool> row = q->Step();
  if (!row.ok()) return row.status().WithContext("counting a failed sign-in of " + username);
  if (!*row) return Status::Corruption("counting a failed sign-in returned no row");
  LoginFailures failures{static_cast<int>(q->Int(0)), q->Int(1)};
  EVIDENT_RETURN_IF_ERROR(q->Run());
  return failures;
}

Status SqliteStore::ClearLoginFailures(const std::string& username) {
  StatementUse q(state_->clear_failures);
  q->Bind(1, username);
  return q->Run().WithContext("clearing failed sign-ins of " + username);
}

}  // namespace evident
