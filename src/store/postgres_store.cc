#include "store/postgres_store.h"

#include <algorithm>
#include <iterator>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

#include "store/state_rules.h"

namespace evident {

namespace rules = state_rules;

namespace {

// Advisory lock classes (pg_advisory_xact_lock(class, key)): schema migration, and appends to
// one conversation (key: hashtext of its id).
constexpr int kMigrationLock = 0x45760001;
constexpr int kConversationLock = 0x45760002;

// ISO-8601 UTC, second resolution, as the SQLite store writes them: the database's clock.
#define EVIDENT_PG_NOW "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

// Each entry migrates the schema from version i to i + 1. Append new versions; never edit a
// released entry (databases have run it).
constexpr const char* kPostgresMigrations[] = {
    // Version 1: everything the StateStore holds (state_store.h); the same tables as SQLite's
    // versions 2-4.
    R"sql(
      CREATE TABLE conversation_turns (
        conversation_id TEXT NOT NULL,
        turn INTEGER NOT NULL,
        question TEXT NOT NULL,
        resolved_question TEXT NOT NULL,
        slug TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (conversation_id, turn)
      );

      CREATE TABLE articles (
        slug TEXT NOT NULL,
        audience TEXT NOT NULL,
        question TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        content TEXT NOT NULL,
        latest_version INTEGER NOT NULL,
        status TEXT NOT NULL,
        status_changed_at TEXT NOT NULL,
        approved_version INTEGER NOT NULL,
        PRIMARY KEY (slug, audience)
      );
      CREATE INDEX articles_by_update ON articles(updated_at);
      CREATE INDEX articles_by_status ON articles(status, status_changed_at);

      CREATE TABLE article_versions (
        slug TEXT NOT NULL,
        audience TEXT NOT NULL,
        version INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        index_generation TEXT NOT NULL,
        cited_ids TEXT NOT NULL,
        created_at TEXT NOT NULL,
        content TEXT NOT NULL,
        PRIMARY KEY (slug, audience, version)
      );

      CREATE TABLE review_events (
        event_id BIGSERIAL PRIMARY KEY,
        slug TEXT NOT NULL,
        audience TEXT NOT NULL,
        version INTEGER NOT NULL,
        version_hash TEXT NOT NULL,
        action TEXT NOT NULL,
        actor TEXT NOT NULL,
        from_status TEXT NOT NULL,
        to_status TEXT NOT NULL,
        comment TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX review_events_by_article ON review_events(slug, audience, event_id);
      CREATE FUNCTION review_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'review_events is append-only'; END $$;
      CREATE TRIGGER review_events_no_change BEFORE UPDATE OR DELETE ON review_events
        FOR EACH ROW EXECUTE FUNCTION review_events_append_only();
      CREATE TRIGGER review_events_no_truncate BEFORE TRUNCATE ON review_events
        FOR EACH STATEMENT EXECUTE FUNCTION review_events_append_only();

      CREATE TABLE reviewers (
        username TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        disabled BOOLEAN NOT NULL,
        created_at TEXT NOT NULL
      );

      CREATE TABLE reviewer_sessions (
        token_hash TEXT PRIMARY KEY,
        username TEXT NOT NULL REFERENCES reviewers(username),
        created_s BIGINT NOT NULL,
        expires_s BIGINT NOT NULL
      );
      CREATE INDEX reviewer_sessions_by_user ON reviewer_sessions(username);

      CREATE TABLE login_failures (
        username TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        last_failure_s BIGINT NOT NULL
      );
    )sql",
    // Version 2: the index generation each article was last composed from, so a server notices
    // an article to compose again after the corpus changed.
    R"sql(
      ALTER TABLE articles ADD COLUMN index_generation TEXT NOT NULL DEFAULT '';
      UPDATE articles a SET index_generation = v.index_generation FROM article_versions v
        WHERE v.slug = a.slug AND v.audience = a.audience AND v.version = a.latest_version;
    )sql",
};
static_assert(std::size(kPostgresMigrations) == PostgresStore::kSchemaVersion,
              "one migration per schema version");

constexpr const char* kStateSelect =
    "SELECT a.slug, a.audience, a.question, a.status, a.latest_version, v.content_hash, "
    "a.approved_version, a.status_changed_at, a.updated_at FROM articles a "
    "JOIN article_versions v ON v.slug = a.slug AND v.audience = a.audience "
    "AND v.version = a.latest_version ";

constexpr const char* kEventColumns =
    "event_id, slug, audience, version, version_hash, action, actor, from_status, to_status, "
    "comment, created_at";

constexpr const char* kAccountColumns =
    "username, display_name, role, password_hash, disabled, created_at";

std::string FirstLine(const std::string& text) {
  std::string line = text.substr(0, text.find('\n'));
  return line.rfind("ERROR:  ", 0) == 0 ? line.substr(8) : line;
}

// Runs `fn`, turning libpqxx's exceptions into a Status that says what was being done.
template <typename F>
auto Guard(const std::string& context, F&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const pqxx::broken_connection& e) {
    return Status::Unavailable(context + ": no connection to PostgreSQL: " + FirstLine(e.what()));
  } catch (const pqxx::unique_violation& e) {
    return Status::InvalidArgument(context + ": " + FirstLine(e.what()));
  } catch (const pqxx::sql_error& e) {
    // Serialization failures and deadlocks are worth retrying; the caller decides.
    if (e.sqlstate() == "40001" || e.sqlstate() == "40P01") {
      return Status::Unavailable(context + ": " + FirstLine(e.what()));
    }
    return Status::IOError(context + ": " + FirstLine(e.what()));
  } catch (const std::exception& e) {
    return Status::IOError(context + ": " + FirstLine(e.what()));
  }
}

std::string Text(const pqxx::field& f) { return f.is_null() ? std::string() : f.c_str(); }
int64_t Int(const pqxx::field& f) { return f.is_null() ? 0 : f.as<int64_t>(); }

Status ReadState(const pqxx::row& r, ReviewState* state) {
  state->slug = Text(r[0]);
  state->audience = Text(r[1]);
  state->question = Text(r[2]);
  auto status = ParseReviewStatus(Text(r[3]));
  if (!status) return Status::Corruption("article " + state->slug + ": unknown status");
  state->status = *status;
  state->latest_version = static_cast<int>(Int(r[4]));
  state->latest_hash = Text(r[5]);
  state->approved_version = static_cast<int>(Int(r[6]));
  state->status_changed_at = Text(r[7]);
  state->updated_at = Text(r[8]);
  return Status::OK();
}

Status ReadEvent(const pqxx::row& r, ReviewEvent* e) {
  e->id = Int(r[0]);
  e->slug = Text(r[1]);
  e->audience = Text(r[2]);
  e->version = static_cast<int>(Int(r[3]));
  e->version_hash = Text(r[4]);
  e->action = Text(r[5]);
  e->actor = Text(r[6]);
  std::string from = Text(r[7]);
  auto to = ParseReviewStatus(Text(r[8]));
  if (!to || (!from.empty() && !ParseReviewStatus(from))) {
    return Status::Corruption("review event " + std::to_string(e->id) + ": unknown status");
  }
  e->from = from.empty() ? std::nullopt : ParseReviewStatus(from);
  e->to = *to;
  e->comment = Text(r[9]);
  e->created_at = Text(r[10]);
  return Status::OK();
}

Status ReadAccount(const pqxx::row& r, ReviewerAccount* a) {
  a->username = Text(r[0]);
  a->display_name = Text(r[1]);
  auto role = ParseReviewerRole(Text(r[2]));
  if (!role) return Status::Corruption("reviewer " + a->username + ": unknown role");
  a->role = *role;
  a->password_hash = Text(r[3]);
  a->disabled = r[4].as<bool>();
  a->created_at = Text(r[5]);
  return Status::OK();
}

// The review state of one article with who reviewed its approved version, read in `w`.
Result<ReviewState> ReadReviewState(pqxx::transaction_base& w, const std::string& slug,
                                    const std::string& audience) {
  pqxx::result r = w.exec_params(
      std::string(kStateSelect) + "WHERE a.slug = $1 AND a.audience = $2", slug, audience);
  if (r.empty()) return Status::NotFound("no article " + slug + " for " + audience);
  ReviewState state;
  EVIDENT_RETURN_IF_ERROR(ReadState(r[0], &state));
  if (state.approved_version > 0) {
    pqxx::result reviewers = w.exec_params(
        "SELECT e.actor, COALESCE(r.display_name, '') FROM review_events e "
        "LEFT JOIN reviewers r ON r.username = e.actor WHERE e.slug = $1 AND e.audience = $2 "
        "AND e.version = $3 AND e.action = 'transition' "
        "AND e.to_status IN ('under_review', 'approved') ORDER BY e.event_id",
        slug, audience, state.approved_version);
    std::vector<std::string> actors, names;
    for (const auto& row : reviewers) {
      actors.push_back(Text(row[0]));
      names.push_back(Text(row[1]));
    }
    state.reviewed_by = rules::DistinctNames(actors, names);
  }
  return state;
}

Result<ReviewEvent> AppendEvent(pqxx::transaction_base& w, const ReviewEvent& event) {
  pqxx::result r = w.exec_params(
      "INSERT INTO review_events (slug, audience, version, version_hash, action, actor, "
      "from_status, to_status, comment, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
      "$9, " EVIDENT_PG_NOW ") RETURNING event_id, created_at",
      event.slug, event.audience, event.version, event.version_hash, event.action, event.actor,
      std::string(event.from ? ReviewStatusName(*event.from) : ""),
      std::string(ReviewStatusName(event.to)), event.comment);
  ReviewEvent written = event;
  written.id = Int(r[0][0]);
  written.created_at = Text(r[0][1]);
  return written;
}

// Host, port and database of a URL, without user, password or options, for messages.
std::string Where(const std::string& url) {
  size_t scheme_end = url.find("://");
  std::string rest = scheme_end == std::string::npos ? url : url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find('?'));
  size_t at = rest.rfind('@');
  if (at != std::string::npos) rest = rest.substr(at + 1);
  return "postgresql://" + rest;
}

Status Migrate(pqxx::connection& conn, const std::string& where) {
  return Guard("migrating the schema of " + where, [&]() -> Status {
    pqxx::work w(conn);
    w.exec_params("SELECT pg_advisory_xact_lock($1, 0)", kMigrationLock);
    w.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "applied_at TEXT NOT NULL)");
    int version = static_cast<int>(
        Int(w.exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")[0][0]));
    if (version > PostgresStore::kSchemaVersion) {
      return Status::InvalidArgument(
          "schema version " + std::to_string(version) + " is newer than this build understands (" +
          std::to_string(PostgresStore::kSchemaVersion) + "); use a newer evident");
    }
    for (int v = version; v < PostgresStore::kSchemaVersion; ++v) {
      w.exec(kPostgresMigrations[v]);
      w.exec_params(
          "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, " EVIDENT_PG_NOW ")",
          v + 1);
    }
    w.commit();
    return Status::OK();
  });
}

}  // namespace

bool IsPostgresLocation(const std::string& location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

struct PostgresStore::Impl {
  std::string where;  // for messages: no credentials
  std::unique_ptr<pqxx::connection> conn;
};

PostgresStore::PostgresStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PostgresStore::~PostgresStore() = default;

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const std::string& url) {
  auto impl = std::make_unique<Impl>();
  impl->where = Where(url);
  std::string context = "connecting to " + impl->where;
  Status connected = Guard(context, [&]() -> Status {
    impl->conn = std::make_unique<pqxx::connection>(url);
    return Status::OK();
  });
  if (!connected.ok()) return connected;
  EVIDENT_RETURN_IF_ERROR(Migrate(*impl->conn, impl->where));
  return std::unique_ptr<PostgresStore>(new PostgresStore(std::move(impl)));
}

// --- Conversations ------------------------------------------------------------------------------

Result<int> PostgresStore::AppendConversationTurn(const ConversationTurn& turn) {
  if (turn.conversation_id.empty()) {
    return Status::InvalidArgument("conversation turn without a conversation id");
  }
  return Guard("appending to conversation " + turn.conversation_id, [&]() -> Result<int> {
    pqxx::work w(*impl_->conn);
    // Serialises appends to this conversation, so two cannot take the same number.
    w.exec_params("SELECT pg_advisory_xact_lock($1, hashtext($2))", kConversationLock,
                  turn.conversation_id);
    pqxx::result r = w.exec_params(
        "INSERT INTO conversation_turns (conversation_id, turn, question, resolved_question, "
        "slug, created_at) SELECT $1, COALESCE(MAX(turn) + 1, 0), $2, $3, $4, " EVIDENT_PG_NOW
        " FROM conversation_turns WHERE conversation_id = $1 RETURNING turn",
        turn.conversation_id, turn.question, turn.resolved_question, turn.slug);
    w.commit();
    return static_cast<int>(Int(r[0][0]));
  });
}

Result<std::vector<ConversationTurn>> PostgresStore::GetConversation(const std::string& id) {
  return Guard("reading conversation " + id, [&]() -> Result<std::vector<ConversationTurn>> {
    pqxx::work w(*impl_->conn);
    pqxx::result r = w.exec_params(
        "SELECT turn, question, resolved_question, slug, created_at FROM conversation_turns "
        "WHERE conversation_id = $1 ORDER BY turn",
        id);
    std::vector<ConversationTurn> turns;
    for (const auto& row : r) {
      ConversationTurn t;
      t.conversation_id = id;
      t.turn = static_cast<int>(Int(row[0]));
      t.question = Text(row[1]);
      t.resolved_question = Text(row[2]);
      t.slug = Text(row[3]);
      t.created_at = Text(row[4]);
      turns.push_back(std::move(t));
    }
    return turns;
  });
}

// --- Articles and versions ----------------------------------------------------------------------

Status PostgresStore::PutArticle(const StoredArticle& article, bool* changed) {
  EVIDENT_RETURN_IF_ERROR(rules::CheckArticleKey(article.slug, article.audience));
  std::string hash = ArticleContentHash(article.content);
  return Guard("saving article " + article.slug + " (" + article.audience + ")", [&]() -> Status {
    pqxx::work w(*impl_->conn);
    int latest = 0;
    ReviewStatus status = ReviewStatus::kSubmitted;
    // The article row, locked; a new article is inserted first (or, if another process inserts
    // it at the same moment, waited for and then locked).
    for (int attempt = 0; attempt < 2 && latest == 0; ++attempt) {
      pqxx::result r = w.exec_params(
          "SELECT a.latest_version, a.status, v.content_hash FROM articles a "
          "JOIN article_versions v ON v.slug = a.slug AND v.audience = a.audience "
          "AND v.version = a.latest_version WHERE a.slug = $1 AND a.audience = $2 "
          "FOR UPDATE OF a",
          article.slug, article.audience);
      if (!r.empty()) {
        if (Text(r[0][2]) == hash) {
          // The same answer: no version; only remember which generation composed it again.
          if (changed != nullptr) *changed = false;
          if (article.index_generation.empty()) return Status::OK();  // rolled back
          w.exec_params(
              "UPDATE articles SET index_generation = $3 WHERE slug = $1 AND audience = $2",
              article.slug, article.audience, article.index_generation);
          w.commit();
          return Status::OK();
        }
        latest = static_cast<int>(Int(r[0][0]));
        status = ParseReviewStatus(Text(r[0][1])).value_or(ReviewStatus::kSubmitted);
        break;
      }
      pqxx::result inserted = w.exec_params(
          "INSERT INTO articles (slug, audience, question, created_at, updated_at, content, "
          "latest_version, status, status_changed_at, approved_version, index_generation) "
          "VALUES ($1, $2, $3, " EVIDENT_PG_NOW ", " EVIDENT_PG_NOW
          ", $4, 1, 'submitted', " EVIDENT_PG_NOW
          ", 0, $5) ON CONFLICT (slug, audience) DO NOTHING RETURNING 1",
          article.slug, article.audience, article.question, article.content,
          article.index_generation);
      if (!inserted.empty()) break;  // ours: version 1 below
    }
    int version = latest + 1;
    if (latest != 0) {
      w.exec_params(
          "UPDATE articles SET question = $3, content = $4, latest_version = $5, "
          "index_generation = $6, status = 'submitted', updated_at = " EVIDENT_PG_NOW
          ", status_changed_at = " EVIDENT_PG_NOW " WHERE slug = $1 AND audience = $2",
          article.slug, article.audience, article.question, article.content, version,
          article.index_generation);
    }
    w.exec_params(
        "INSERT INTO article_versions (slug, audience, version, content_hash, index_generation, "
        "cited_ids, created_at, content) VALUES ($1, $2, $3, $4, $5, $6, " EVIDENT_PG_NOW ", $7)",
        article.slug, article.audience, version, hash, article.index_generation,
        rules::IdsToJson(article.cited_ids), article.content);
    ReviewEvent event = rules::VersionEvent(article, version, hash,
                                            latest == 0 ? std::nullopt : std::optional(status));
    EVIDENT_RETURN_IF_ERROR(AppendEvent(w, event).status());
    w.commit();
    if (changed != nullptr) *changed = true;
    return Status::OK();
  });
}

Result<StoredArticle> PostgresStore::GetArticle(const std::string& slug,
                                                const std::string& audience) {
  return Guard("reading article " + slug, [&]() -> Result<StoredArticle> {
    pqxx::work w(*impl_->conn);
    pqxx::result r = w.exec_params(
        "SELECT question, created_at, updated_at, content, latest_version, index_generation "
        "FROM articles WHERE slug = $1 AND audience = $2",
        slug, audience);
    if (r.empty()) return Status::NotFound("no article " + slug + " for " + audience);
    StoredArticle a;
    a.slug = slug;
    a.audience = audience;
    a.question = Text(r[0][0]);
    a.created_at = Text(r[0][1]);
    a.updated_at = Text(r[0][2]);
    a.content = Text(r[0][3]);
    a.version = static_cast<int>(Int(r[0][4]));
    a.index_generation = Text(r[0][5]);
    return a;
  });
}

Result<std::vector<StoredArticle>> PostgresStore::RecentArticles(int limit) {
  return Guard("listing recent articles", [&]() -> Result<std::vector<StoredArticle>> {
    pqxx::work w(*impl_->conn);
    pqxx::result r = w.exec_params(
        "SELECT slug, audience, question, created_at, updated_at, content, latest_version, "
        "index_generation FROM articles ORDER BY updated_at DESC, slug LIMIT $1",
        std::max(0, limit));
    std::vector<StoredArticle> out;
    for (const auto& row : r) {
      StoredArticle a;
      a.slug = Text(row[0]);
      a.audience = Text(row[1]);
      a.question = Text(row[2]);
      a.created_at = Text(row[3]);
      a.updated_at = Text(row[4]);
      a.content = Text(row[5]);
      a.version = static_cast<int>(Int(row[6]));
      a.index_generation = Text(row[7]);
      out.push_back(std::move(a));
    }
    return out;
  });
}

Result<ArticleVersion> PostgresStore::GetArticleVersion(const std::string& slug,
                                                        const std::string& audience, int version) {
  std::string context = "reading version " + std::to_string(version) + " of article " + slug;
  return Guard(context, [&]() -> Result<ArticleVersion> {
    pqxx::work w(*impl_->conn);
    pqxx::result r = w.exec_params(
        "SELECT content, content_hash, index_generation, cited_ids, created_at "
        "FROM article_versions WHERE slug = $1 AND audience = $2 AND version = $3",
        slug, audience, version);
    if (r.empty()) return rules::NoSuchVersion(slug, audience, version);
    ArticleVersion v;
    v.slug = slug;
    v.audience = audience;
    v.version = version;
    v.content = Text(r[0][0]);
    v.content_hash = Text(r[0][1]);
    v.index_generation = Text(r[0][2]);
    EVIDENT_RETURN_IF_ERROR(rules::IdsFromJson(Text(r[0][3]), &v.cited_ids));
    v.created_at = Text(r[0][4]);
    return v;
  });
}

// --- Review -------------------------------------------------------------------------------------

Result<ReviewState> PostgresStore::GetReviewState(const std::string& slug,
                                                  const std::string& audience) {
  return Guard("reading the review of " + slug, [&]() -> Result<ReviewState> {
    pqxx::work w(*impl_->conn);
    return ReadReviewState(w, slug, audience);
  });
}

Result<std::vector<ReviewState>> PostgresStore::ReviewQueue(const ReviewQueueFilter& filter) {
  return Guard("reading the review queue", [&]() -> Result<std::vector<ReviewState>> {
    // One snapshot for the list and the states read for it.
    pqxx::transaction<pqxx::isolation_level::repeatable_read> w(*impl_->conn);
    pqxx::result r = w.exec_params(
        "SELECT slug, audience FROM articles WHERE ($1::text = '' OR status = $1::text) "
        "AND ($2::text = '' OR status_changed_at < $2::text) "
        "ORDER BY status_changed_at, slug, audience "
        "LIMIT $3",
        std::string(filter.status ? ReviewStatusName(*filter.status) : ""), filter.changed_before,
        std::max(0, filter.limit));
    std::vector<ReviewState> out;
    for (const auto& row : r) {
      auto state = ReadReviewState(w, Text(row[0]), Text(row[1]));
      if (!state.ok()) return state.status();
      out.push_back(std::move(*state));
    }
    return out;
  });
}

Result<ReviewEvent> PostgresStore::Transition(const ReviewTransition& t) {
  EVIDENT_RETURN_IF_ERROR(rules::CheckTransition(t));
  return Guard("reviewing " + t.slug + " (" + t.audience + ")", [&]() -> Result<ReviewEvent> {
    pqxx::work w(*impl_->conn);
    // The compare-and-set: applies only if the article is still at the version and status the
    // reviewer saw. A concurrent transition of the same row makes this wait, then re-check.
    pqxx::result updated =
        w.exec_params("UPDATE articles SET status = $5, status_changed_at = " EVIDENT_PG_NOW
                      ", approved_version = CASE WHEN $5 = 'approved' THEN latest_version "
                      "ELSE approved_version END "
                      "WHERE slug = $1 AND audience = $2 AND latest_version = $3 AND status = $4",
                      t.slug, t.audience, t.version, std::string(ReviewStatusName(t.from)),
                      std::string(ReviewStatusName(t.to)));
    auto state = ReadReviewState(w, t.slug, t.audience);
    if (!state.ok()) return state.status();
    if (updated.affected_rows() == 0) return rules::StaleTransition(t, *state);
    ReviewEvent event = rules::TransitionEvent(t, state->latest_hash);
    auto written = AppendEvent(w, event);
    if (!written.ok()) return written.status();
    w.commit();
    return written;
  });
}

Result<ReviewEvent> PostgresStore::AddReviewComment(const std::string& slug,
                                                    const std::string& audience, int version,
                                                    const std::string& actor,
                                                    const std::string& comment) {
  EVIDENT_RETURN_IF_ERROR(rules::CheckArticleKey(slug, audience));
  if (actor.empty()) return Status::InvalidArgument("a comment needs its author");
  if (comment.empty()) return Status::InvalidArgument("the comment is empty");
  return Guard("commenting on " + slug + " (" + audience + ")", [&]() -> Result<ReviewEvent> {
    pqxx::work w(*impl_->conn);
    pqxx::result a = w.exec_params(
        "SELECT status FROM articles WHERE slug = $1 AND audience = $2 FOR SHARE", slug, audience);
    if (a.empty()) return Status::NotFound("no article " + slug + " for " + audience);
    pqxx::result v = w.exec_params(
        "SELECT content_hash FROM article_versions WHERE slug = $1 AND audience = $2 "
        "AND version = $3",
        slug, audience, version);
    if (v.empty()) return rules::NoSuchVersion(slug, audience, version);
    auto status = ParseReviewStatus(Text(a[0][0]));
    if (!status) return Status::Corruption("article " + slug + ": unknown status");
    ReviewEvent event =
        rules::CommentEvent(slug, audience, version, Text(v[0][0]), actor, *status, comment);
    auto written = AppendEvent(w, event);
    if (!written.ok()) return written.status();
    w.commit();
    return written;
  });
}

Result<std::vector<ReviewEvent>> PostgresStore::ReviewEvents(const std::string& slug,
                                                             const std::string& audience) {
  return Guard("reading the review log of " + slug, [&]() -> Result<std::vector<ReviewEvent>> {
    pqxx::work w(*impl_->conn);
    pqxx::result r =
        w.exec_params(std::string("SELECT ") + kEventColumns +
                          " FROM review_events WHERE slug = $1 AND audience = $2 ORDER BY event_id",
                      slug, audience);
    std::vector<ReviewEvent> events;
    for (const auto& row : r) {
      ReviewEvent e;
      EVIDENT_RETURN_IF_ERROR(ReadEvent(row, &e));
      events.push_back(std::move(e));
    }
    return events;
  });
}

Result<std::vector<FlaggedArticle>> PostgresStore::FlagArticlesCiting(
    const std::vector<WithdrawnEvidence>& withdrawn) {
  std::vector<FlaggedArticle> flagged;
  if (withdrawn.empty()) return flagged;
  return Guard("flagging articles that cite withdrawn evidence",
               [&]() -> Result<std::vector<FlaggedArticle>> {
                 pqxx::work w(*impl_->conn);
                 // Every article row locked: a reviewer's move waits for this transaction.
                 pqxx::result r = w.exec(
                     "SELECT a.slug, a.audience, a.status, a.latest_version, lv.content_hash, "
                     "lv.cited_ids, COALESCE(av.cited_ids, '[]') FROM articles a "
                     "JOIN article_versions lv ON lv.slug = a.slug AND lv.audience = a.audience "
                     "AND lv.version = a.latest_version "
                     "LEFT JOIN article_versions av ON av.slug = a.slug "
                     "AND av.audience = a.audience AND av.version = a.approved_version "
                     "ORDER BY a.slug, a.audience FOR UPDATE OF a");
                 for (const auto& row : r) {
                   rules::FlagCandidate c;
                   c.slug = Text(row[0]);
                   c.audience = Text(row[1]);
                   auto status = ParseReviewStatus(Text(row[2]));
                   if (!status) return Status::Corruption("article " + c.slug + ": unknown status");
                   c.status = *status;
                   c.latest_version = static_cast<int>(Int(row[3]));
                   c.latest_hash = Text(row[4]);
                   std::vector<std::string> approved;
                   EVIDENT_RETURN_IF_ERROR(rules::IdsFromJson(Text(row[5]), &c.cited_ids));
                   EVIDENT_RETURN_IF_ERROR(rules::IdsFromJson(Text(row[6]), &approved));
                   c.cited_ids.insert(c.cited_ids.end(), approved.begin(), approved.end());
                   if (rules::FlagComment(c.cited_ids, withdrawn, {}).empty()) continue;
                   std::vector<std::string> recorded;
                   for (const auto& e : w.exec_params(
                            "SELECT comment FROM review_events WHERE slug = $1 AND audience = $2 "
                            "AND version = $3 AND action = 'flagged' ORDER BY event_id",
                            c.slug, c.audience, c.latest_version)) {
                     recorded.push_back(Text(e[0]));
                   }
                   std::string comment = rules::FlagComment(c.cited_ids, withdrawn, recorded);
                   if (comment.empty()) continue;  // flagged for these reasons already
                   // Back to Submitted; an article already there keeps its place in the queue.
                   w.exec_params(
                       "UPDATE articles SET status = 'submitted', status_changed_at = CASE WHEN "
                       "status = 'submitted' THEN status_changed_at ELSE " EVIDENT_PG_NOW
                       " END WHERE slug = $1 AND audience = $2",
                       c.slug, c.audience);
                   auto event = AppendEvent(w, rules::FlagEvent(c, comment));
                   if (!event.ok()) return event.status();
                   flagged.push_back({c.slug, c.audience, c.latest_version, c.status, comment});
                 }
                 w.commit();
                 return flagged;
               });
}

// --- Reviewer accounts --------------------------------------------------------------------------

Status PostgresStore::AddReviewer(const ReviewerAccount& account) {
  EVIDENT_RETURN_IF_ERROR(rules::CheckReviewerAccount(account));
  return Guard("adding reviewer " + account.username, [&]() -> Status {
    pqxx::work w(*impl_->conn);
    pqxx::result r = w.exec_params(
        "INSERT INTO reviewers (username, display_name, role, password_hash, disabled, "
        "created_at) VALUES ($1, $2, $3, $4, $5, " EVIDENT_PG_NOW
        ") ON CONFLICT (username) DO NOTHING RETURNING 1",
        account.username, account.display_name, std::string(ReviewerRoleName(account.role)),
        account.password_hash, account.disabled);
    if (r.empty())
      return Status::InvalidArgument("reviewer " + account.username + " already exists");
    w.commit();
    return Status::OK();
  });
}

Result<ReviewerAccount> PostgresStore::GetReviewer(const std::string& username) {
  return Guard("reading reviewer " + username, [&]() -> Result<ReviewerAccount> {
    pqxx::work w(*impl_->conn);
    pqxx::result r = w.exec_params(
        std::string("SELECT ") + kAccountColumns + " FROM reviewers WHERE username = $1", username);
    if (r.empty()) return Status::NotFound("no reviewer " + username);
    ReviewerAccount a;
    EVIDENT_RETURN_IF_ERROR(ReadAccount(r[0], &a));
    return a;
  });
}

Result<std::vector<ReviewerAccount>> PostgresStore::ListReviewers() {
  return Guard("listing reviewers", [&]() -> Result<std::vector<ReviewerAccount>> {
    pqxx::work w(*impl_->conn);
    pqxx::result r =
        w.exec(std::string("SELECT ") + kAccountColumns + " FROM reviewers ORDER BY username");
    std::vector<ReviewerAccount> out;
    for (const auto& row : r) {
      ReviewerAccount a;
      EVIDENT_RETURN_IF_ERROR(ReadAccount(row, &a));
      out.push_back(std::move(a));
    }
    return out;
  });
}

namespace {

// Runs `update` ($1 the username, $2 `value`) and ends the user's sessions in one transaction;
// NotFound if no account has that username.
template <typename T>
Status UpdateReviewer(pqxx::connection& conn, const std::string& update,
                      const std::string& username, const T& value) {
  return Guard("updating reviewer " + username, [&]() -> Status {
    pqxx::work w(conn);
    if (w.exec_params(update, username, value).affected_rows() == 0) {
      return Status::NotFound("no reviewer " + username);
    }
    w.exec_params("DELETE FROM reviewer_sessions WHERE username = $1", username);
    w.commit();
    return Status::OK();
  });
}

}  // namespace

Status PostgresStore::SetReviewerDisabled(const std::string& username, bool disabled) {
  return UpdateReviewer(*impl_->conn, "UPDATE reviewers SET disabled = $2 WHERE username = $1",
                        username, disabled);
}

Status PostgresStore::SetReviewerPasswordHash(const std::string& username,
                                              const std::string& password_hash) {
  if (password_hash.empty()) return Status::InvalidArgument("empty password hash");
  return UpdateReviewer(*impl_->conn, "UPDATE reviewers SET password_hash = $2 WHERE username = $1",
                        username, password_hash);
}

// --- Sessions and sign-in back-off --------------------------------------------------------------

Status PostgresStore::CreateSession(const ReviewerSession& session) {
  if (session.token_hash.empty() || session.username.empty()) {
    return Status::InvalidArgument("a session needs a token hash and a username");
  }
  return Guard("starting a session for " + session.username, [&]() -> Status {
    pqxx::work w(*impl_->conn);
    w.exec_params("DELETE FROM reviewer_sessions WHERE expires_s <= $1", session.created_s);
    w.exec_params(
        "INSERT INTO reviewer_sessions (token_hash, username, created_s, expires_s) "
        "VALUES ($1, $2, $3, $4)",
        session.token_hash, session.username, session.created_s, session.expires_s);
    w.commit();
    return Status::OK();
  });
}

Result<ReviewerSession> PostgresStore::GetSession(const std::string& token_hash, int64_t now_s) {
  return Guard("reading a session", [&]() -> Result<ReviewerSession> {
    pqxx::work w(*impl_->conn);
    pqxx::result r = w.exec_params(
        "SELECT s.username, s.created_s, s.expires_s, r.display_name, r.role "
        "FROM reviewer_sessions s JOIN reviewers r ON r.username = s.username "
        "WHERE s.token_hash = $1 AND s.expires_s > $2 AND NOT r.disabled",
        token_hash, now_s);
    if (r.empty()) return Status::NotFound("no such session, or it has expired");
    ReviewerSession s;
    s.token_hash = token_hash;
    s.username = Text(r[0][0]);
    s.created_s = Int(r[0][1]);
    s.expires_s = Int(r[0][2]);
    s.display_name = Text(r[0][3]);
    auto role = ParseReviewerRole(Text(r[0][4]));
    if (!role) return Status::Corruption("reviewer " + s.username + ": unknown role");
    s.role = *role;
    return s;
  });
}

Status PostgresStore::DeleteSession(const std::string& token_hash) {
  return Guard("ending a session", [&]() -> Status {
    pqxx::work w(*impl_->conn);
    w.exec_params("DELETE FROM reviewer_sessions WHERE token_hash = $1", token_hash);
    w.commit();
    return Status::OK();
  });
}

Result<LoginFailures> PostgresStore::GetLoginFailures(const std::string& username) {
  return Guard("reading failed sign-ins of " + username, [&]() -> Result<LoginFailures> {
    pqxx::work w(*impl_->conn);
    pqxx::result r = w.exec_params(
        "SELECT failures, last_failure_s FROM login_failures WHERE username = $1", username);
    if (r.empty()) return LoginFailures{};
    return LoginFailures{static_cast<int>(Int(r[0][0])), Int(r[0][1])};
  });
}

Result<LoginFailures> PostgresStore::RecordLoginFailure(const std::string& username,
                                                        int64_t now_s) {
  return Guard("counting a failed sign-in of " + username, [&]() -> Result<LoginFailures> {
    pqxx::work w(*impl_->conn);
    pqxx::result r = w.exec_params(
        "INSERT INTO login_failures (username, failures, last_failure_s) VALUES ($1, 1, $2) "
        "ON CONFLICT (username) DO UPDATE SET failures = login_failures.failures + 1, "
        "last_failure_s = EXCLUDED.last_failure_s RETURNING failures, last_failure_s",
        username, now_s);
    w.commit();
    return LoginFailures{static_cast<int>(Int(r[0][0])), Int(r[0][1])};
  });
}

Status PostgresStore::ClearLoginFailures(const std::string& username) {
  return Guard("clearing failed sign-ins of " + username, [&]() -> Status {
    pqxx::work w(*impl_->conn);
    w.exec_params("DELETE FROM login_failures WHERE username = $1", username);
    w.commit();
    return Status::OK();
  });
}

#undef EVIDENT_PG_NOW

}  // namespace evident
