// The StateStore's conformance tests, run unchanged against every backend: SQLite (a file in a
// temporary directory) and PostgreSQL (a fresh schema per test in the server that ctest starts,
// tests/postgres; its URL comes from EVIDENT_TEST_POSTGRES_URL or the file named by
// EVIDENT_TEST_POSTGRES_URL_FILE). With neither set (a test binary run by hand) the PostgreSQL
// tests are skipped; when ctest names a file and the server is not there, they fail.
#include "store/state_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>
#include <random>
#include <thread>

#include "common/testing.h"
#include "store/postgres_store.h"

namespace evident {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class SqliteBackend {
 public:
  static constexpr const char* kName = "SQLite";

  //! Empty when ready, else why the backend cannot run here.
  std::string SetUp() {
    static std::atomic<int> counter{0};
    path_ = testing::TempDir() + "/state-" + std::to_string(counter++) + ".db";
    return "";
  }
  void TearDown() {}
  std::string location() const { return path_; }

  //! Runs SQL on the database directly, as someone with a database client would.
  Status ExecRaw(const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(path_.c_str(), &db);
    char* error = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    return rc == SQLITE_OK ? Status::OK() : Status::IOError(message);
  }

 private:
  std::string path_;
};

class PostgresBackend {
 public:
  static constexpr const char* kName = "PostgreSQL";

  //! Empty when ready, "skip: ..." when no server was asked for, else what went wrong.
  std::string SetUp() {
    if (std::getenv("EVIDENT_TEST_POSTGRES_URL") == nullptr &&
        std::getenv("EVIDENT_TEST_POSTGRES_URL_FILE") == nullptr) {
      return "skip: no PostgreSQL server (EVIDENT_TEST_POSTGRES_URL[_FILE] not set)";
    }
    base_url_ = BaseUrl();
    if (base_url_.empty()) return "the PostgreSQL test server did not start (no URL)";
    std::random_device random;
    schema_ = "test_" + std::to_string(getpid()) + "_" + std::to_string(random() % 1000000);
    Status created = ExecOn(base_url_, "CREATE SCHEMA " + schema_);
    if (!created.ok()) return "cannot create a schema: " + created.ToString();
    return "";
  }
  void TearDown() {
    if (!schema_.empty()) ExecOn(base_url_, "DROP SCHEMA " + schema_ + " CASCADE");
  }
  std::string location() const {
    return base_url_ + (base_url_.find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + schema_;
  }
  Status ExecRaw(const std::string& sql) { return ExecOn(location(), sql); }

 private:
  static std::string BaseUrl() {
    if (const char* url = std::getenv("EVIDENT_TEST_POSTGRES_URL"); url != nullptr && *url) {
      return url;
    }
    const char* file = std::getenv("EVIDENT_TEST_POSTGRES_URL_FILE");
    if (file == nullptr || *file == '\0') return "";
    std::ifstream in(file);
    std::string url;
    std::getline(in, url);
    return url;
  }
  static Status ExecOn(const std::string& url, const std::string& sql) {
    try {
      pqxx::connection c(url);
      pqxx::work w(c);
      w.exec(sql);
      w.commit();
      return Status::OK();
    } catch (const std::exception& e) {
      return Status::IOError(e.what());
    }
  }

  std::string base_url_;
  std::string schema_;
};

template <typename Backend>
class StateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string unavailable = backend_.SetUp();
    if (unavailable.rfind("skip: ", 0) == 0) GTEST_SKIP() << unavailable.substr(6);
    ASSERT_EQ(unavailable, "");
    store_ = Open();
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    store_.reset();
    backend_.TearDown();
  }

  //! Another connection to the same database.
  std::unique_ptr<StateStore> Open() {
    auto store = OpenStateStore(backend_.location());
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }

  //! Saves `content` as the article "role-of-x" for physicians; true if a version was written.
  bool Put(const std::string& content, const std::string& slug = "role-of-x",
           const std::string& generation = "gen-1") {
    StoredArticle a;
    a.slug = slug;
    a.audience = "physician";
    a.question = "What is the role of X?";
    a.content = content;
    a.index_generation = generation;
    a.cited_ids = {"pmid:1", "nci:x"};
    bool changed = false;
    Status s = store_->PutArticle(a, &changed);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return changed;
  }

  ReviewState State(const std::string& slug = "role-of-x") {
    auto state = store_->GetReviewState(slug, "physician");
    EXPECT_TRUE(state.ok()) << state.status().ToString();
    return state.ok() ? *state : ReviewState{};
  }

  Result<ReviewEvent> Move(ReviewStatus from, ReviewStatus to, int version = 1,
                           const std::string& actor = "alice",
                           const std::string& slug = "role-of-x") {
    ReviewTransition t;
    t.slug = slug;
    t.audience = "physician";
    t.version = version;
    t.from = from;
    t.to = to;
    t.actor = actor;
    t.comment = "checked against the sources";
    return store_->Transition(t);
  }

  //! Brings the new article `slug` (version 1) to `status` through allowed transitions.
  void Reach(ReviewStatus status, const std::string& slug) {
    Put("{\"article\":\"" + slug + "\"}", slug);
    if (status == ReviewStatus::kSubmitted) return;
    ASSERT_TRUE(Move(ReviewStatus::kSubmitted, ReviewStatus::kUnderReview, 1, "alice", slug).ok());
    if (status == ReviewStatus::kUnderReview) return;
    ASSERT_TRUE(Move(ReviewStatus::kUnderReview, status, 1, "alice", slug).ok());
  }

  void AddAccount(const std::string& username, const std::string& name,
                  ReviewerRole role = ReviewerRole::kReviewer) {
    ReviewerAccount a;
    a.username = username;
    a.display_name = name;
    a.role = role;
    a.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    Status s = store_->AddReviewer(a);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  Backend backend_;
  std::unique_ptr<StateStore> store_;
};

struct BackendName {
  template <typename T>
  static std::string GetName(int) {
    return T::kName;
  }
};
using Backends = ::testing::Types<SqliteBackend, PostgresBackend>;
TYPED_TEST_SUITE(StateStoreTest, Backends, BackendName);

constexpr ReviewStatus kStatuses[] = {ReviewStatus::kSubmitted, ReviewStatus::kUnderReview,
                                      ReviewStatus::kApproved, ReviewStatus::kChangesRequested};

// --- Conversations ------------------------------------------------------------------------------

TYPED_TEST(StateStoreTest, ConversationTurnsAreNumberedInOrderAndPersist) {
  StateStore& store = *this->store_;
  EXPECT_TRUE(store.GetConversation("c1")->empty());
  ConversationTurn t{"c1", 0, "What is X?", "What is X?", "what-is-x", ""};
  EXPECT_EQ(*store.AppendConversationTurn(t), 0);
  t.question = "What about Y?";
  t.resolved_question = "What about Y? (X)";
  EXPECT_EQ(*store.AppendConversationTurn(t), 1);
  t.conversation_id = "c2";
  EXPECT_EQ(*store.AppendConversationTurn(t), 0);
  t.conversation_id = "";
  EXPECT_FALSE(store.AppendConversationTurn(t).ok());

  auto reopened = this->Open();
  auto turns = reopened->GetConversation("c1");
  ASSERT_TRUE(turns.ok());
  ASSERT_EQ(turns->size(), 2u);
  EXPECT_EQ((*turns)[1].turn, 1);
  EXPECT_EQ((*turns)[1].resolved_question, "What about Y? (X)");
  EXPECT_EQ((*turns)[1].created_at.size(), 20u) << (*turns)[1].created_at;  // ISO-8601 UTC
}

TYPED_TEST(StateStoreTest, ConcurrentAppendsToOneConversationTakeDistinctTurns) {
  constexpr int kThreads = 4, kEach = 5;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([this] {
      auto store = this->Open();
      for (int j = 0; j < kEach; ++j) {
        EXPECT_TRUE(store->AppendConversationTurn({"shared", 0, "q", "q", "s", ""}).ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  auto turns = this->store_->GetConversation("shared");
  ASSERT_TRUE(turns.ok());
  ASSERT_EQ(turns->size(), size_t{kThreads * kEach});
  for (int i = 0; i < kThreads * kEach; ++i) EXPECT_EQ((*turns)[i].turn, i);
}

// --- Articles and versions ----------------------------------------------------------------------

TYPED_TEST(StateStoreTest, ArticlesSaveReplaceAndList) {
  StateStore& store = *this->store_;
  EXPECT_TRUE(store.GetArticle("role-of-x", "physician").status().IsNotFound());
  EXPECT_TRUE(this->Put(R"({"v":1})"));
  EXPECT_FALSE(this->Put(R"({"v":1})"));
  EXPECT_TRUE(this->Put(R"({"v":2})"));
  StoredArticle patient{"role-of-x", "patient", "What is the role of X?", R"({"p":1})", "", ""};
  ASSERT_TRUE(store.PutArticle(patient, nullptr).ok());
  auto got = store.GetArticle("role-of-x", "physician");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->content, R"({"v":2})");
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->question, "What is the role of X?");
  EXPECT_FALSE(got->created_at.empty());
  auto recent = store.RecentArticles(10);
  ASSERT_TRUE(recent.ok());
  EXPECT_EQ(recent->size(), 2u);
  EXPECT_FALSE(store.PutArticle(StoredArticle{}, nullptr).ok());
}

TYPED_TEST(StateStoreTest, ANewArticleIsVersionOneSubmitted) {
  ASSERT_TRUE(this->Put(R"({"text":"first"})"));
  ReviewState state = this->State();
  EXPECT_EQ(state.status, ReviewStatus::kSubmitted);
  EXPECT_EQ(state.latest_version, 1);
  EXPECT_EQ(state.approved_version, 0);
  EXPECT_EQ(state.latest_hash, ArticleContentHash(R"({"text":"first"})"));
  EXPECT_TRUE(state.reviewed_by.empty());
  EXPECT_EQ(state.question, "What is the role of X?");

  auto version = this->store_->GetArticleVersion("role-of-x", "physician", 1);
  ASSERT_TRUE(version.ok()) << version.status().ToString();
  EXPECT_EQ(version->content, R"({"text":"first"})");
  EXPECT_EQ(version->content_hash, state.latest_hash);
  EXPECT_EQ(version->index_generation, "gen-1");
  EXPECT_THAT(version->cited_ids, ElementsAre("pmid:1", "nci:x"));
  EXPECT_TRUE(this->store_->GetArticleVersion("role-of-x", "physician", 2).status().IsNotFound());
  EXPECT_TRUE(this->store_->GetReviewState("nope", "physician").status().IsNotFound());

  auto events = this->store_->ReviewEvents("role-of-x", "physician");
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].action, "created");
  EXPECT_EQ((*events)[0].actor, "system");
  EXPECT_FALSE((*events)[0].from.has_value());
  EXPECT_EQ((*events)[0].to, ReviewStatus::kSubmitted);
  EXPECT_EQ((*events)[0].version_hash, state.latest_hash);
}

TYPED_TEST(StateStoreTest, OnlyChangedContentMakesANewVersion) {
  ASSERT_TRUE(this->Put("one", "role-of-x", "gen-1"));
  EXPECT_EQ(this->store_->GetArticle("role-of-x", "physician")->index_generation, "gen-1");
  // Re-answered from a new index generation with the same words: no version, but the article
  // remembers it was composed from gen-2.
  EXPECT_FALSE(this->Put("one", "role-of-x", "gen-2"));
  EXPECT_EQ(this->State().latest_version, 1);
  EXPECT_EQ(this->store_->GetArticle("role-of-x", "physician")->index_generation, "gen-2");
  EXPECT_EQ(this->store_->GetArticleVersion("role-of-x", "physician", 1)->index_generation,
            "gen-1");
  EXPECT_TRUE(this->Put("two", "role-of-x", "gen-3"));
  ReviewState state = this->State();
  EXPECT_EQ(state.latest_version, 2);
  auto v2 = this->store_->GetArticleVersion("role-of-x", "physician", 2);
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2->index_generation, "gen-3");
  EXPECT_EQ(this->store_->GetArticle("role-of-x", "physician")->index_generation, "gen-3");
  EXPECT_EQ(this->store_->GetArticleVersion("role-of-x", "physician", 1)->content, "one");
  EXPECT_EQ(this->store_->ReviewEvents("role-of-x", "physician")->size(), 2u);
}

// --- Review -------------------------------------------------------------------------------------

TYPED_TEST(StateStoreTest, TheWorkflowRecordsEveryStepAndWhoApproved) {
  this->AddAccount("alice", "Dr Alice Adams");
  this->AddAccount("bob", "Dr Bob Brown", ReviewerRole::kEditor);
  ASSERT_TRUE(this->Put("content"));
  ASSERT_TRUE(this->Move(ReviewStatus::kSubmitted, ReviewStatus::kUnderReview, 1, "alice").ok());
  ASSERT_TRUE(
      this->Move(ReviewStatus::kUnderReview, ReviewStatus::kChangesRequested, 1, "bob").ok());
  ASSERT_TRUE(
      this->Move(ReviewStatus::kChangesRequested, ReviewStatus::kUnderReview, 1, "bob").ok());
  auto approved = this->Move(ReviewStatus::kUnderReview, ReviewStatus::kApproved, 1, "alice");
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  EXPECT_EQ(approved->to, ReviewStatus::kApproved);
  EXPECT_EQ(approved->version_hash, ArticleContentHash("content"));

  ReviewState state = this->State();
  EXPECT_EQ(state.status, ReviewStatus::kApproved);
  EXPECT_EQ(state.approved_version, 1);
  EXPECT_THAT(state.reviewed_by, ElementsAre("Dr Alice Adams", "Dr Bob Brown"));

  auto events = this->store_->ReviewEvents("role-of-x", "physician");
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 5u);
  const ReviewStatus expected_to[] = {ReviewStatus::kSubmitted, ReviewStatus::kUnderReview,
                                      ReviewStatus::kChangesRequested, ReviewStatus::kUnderReview,
                                      ReviewStatus::kApproved};
  for (size_t i = 0; i < events->size(); ++i) {
    const ReviewEvent& e = (*events)[i];
    EXPECT_EQ(e.to, expected_to[i]) << i;
    if (i > 0) {
      EXPECT_EQ(e.from, expected_to[i - 1]) << i;
      EXPECT_EQ(e.action, "transition");
      EXPECT_EQ(e.comment, "checked against the sources");
      EXPECT_GT(e.id, (*events)[i - 1].id);
    }
    EXPECT_EQ(e.version, 1);
    EXPECT_EQ(e.version_hash, ArticleContentHash("content"));
    EXPECT_FALSE(e.created_at.empty());
  }
  EXPECT_EQ((*events)[4].actor, "alice");
}

TYPED_TEST(StateStoreTest, EveryTransitionNotAllowedIsRefusedWithAClearMessage) {
  int refused = 0;
  for (ReviewStatus from : kStatuses) {
    for (ReviewStatus to : kStatuses) {
      if (CheckReviewTransition(from, to).ok()) continue;
      std::string slug = std::string("a-") + ReviewStatusName(from) + "-" + ReviewStatusName(to);
      std::replace(slug.begin(), slug.end(), '_', '-');
      this->Reach(from, slug);
      size_t events_before = this->store_->ReviewEvents(slug, "physician")->size();
      auto moved = this->Move(from, to, 1, "alice", slug);
      ASSERT_FALSE(moved.ok()) << slug;
      EXPECT_EQ(moved.status().code(), Status::Code::kFailedPrecondition) << slug;
      EXPECT_THAT(moved.status().message(), HasSubstr(ReviewStatusLabel(from)));
      EXPECT_THAT(moved.status().message(), HasSubstr(ReviewStatusLabel(to)));
      EXPECT_EQ(this->State(slug).status, from) << slug;
      EXPECT_EQ(this->store_->ReviewEvents(slug, "physician")->size(), events_before) << slug;
      ++refused;
    }
  }
  EXPECT_EQ(refused, 12);  // 16 pairs, 4 allowed
}

TYPED_TEST(StateStoreTest, ATransitionFromAStatusTheArticleIsNotInIsRefused) {
  ASSERT_TRUE(this->Put("content"));
  auto moved = this->Move(ReviewStatus::kUnderReview, ReviewStatus::kApproved);
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_THAT(moved.status().message(), HasSubstr("Submitted now, not Under review"));
  EXPECT_EQ(this->State().status, ReviewStatus::kSubmitted);
  EXPECT_TRUE(this->Move(ReviewStatus::kSubmitted, ReviewStatus::kUnderReview, 1, "alice", "nope")
                  .status()
                  .IsNotFound());
  EXPECT_EQ(this->Move(ReviewStatus::kSubmitted, ReviewStatus::kUnderReview, 1, "").status().code(),
            Status::Code::kInvalidArgument);
}

TYPED_TEST(StateStoreTest, ANewVersionOfAnApprovedArticleGoesBackToReview) {
  this->AddAccount("alice", "Dr Alice Adams");
  this->Reach(ReviewStatus::kApproved, "role-of-x");
  ASSERT_TRUE(this->Put("updated after the corpus changed", "role-of-x", "gen-2"));
  ReviewState state = this->State();
  EXPECT_EQ(state.status, ReviewStatus::kSubmitted);
  EXPECT_EQ(state.latest_version, 2);
  EXPECT_EQ(state.approved_version, 1);  // still what readers see
  EXPECT_THAT(state.reviewed_by, ElementsAre("Dr Alice Adams"));
  auto events = *this->store_->ReviewEvents("role-of-x", "physician");
  EXPECT_EQ(events.back().action, "new_version");
  EXPECT_EQ(events.back().from, ReviewStatus::kApproved);
  EXPECT_EQ(events.back().to, ReviewStatus::kSubmitted);
  EXPECT_EQ(events.back().version, 2);

  // A reviewer still looking at version 1 cannot act on it.
  auto stale = this->Move(ReviewStatus::kSubmitted, ReviewStatus::kUnderReview, 1);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_THAT(stale.status().message(), HasSubstr("version 1 is no longer the latest"));

  ASSERT_TRUE(this->Move(ReviewStatus::kSubmitted, ReviewStatus::kUnderReview, 2, "bob").ok());
  ASSERT_TRUE(this->Move(ReviewStatus::kUnderReview, ReviewStatus::kApproved, 2, "bob").ok());
  state = this->State();
  EXPECT_EQ(state.approved_version, 2);
  EXPECT_THAT(state.reviewed_by, ElementsAre("bob"));  // no account: the username
}

TYPED_TEST(StateStoreTest, ConcurrentApprovalsOfOneVersionApplyOnce) {
  this->Reach(ReviewStatus::kUnderReview, "role-of-x");
  constexpr int kReviewers = 6;
  std::atomic<int> approved{0}, refused{0};
  std::vector<std::unique_ptr<StateStore>> connections;
  for (int i = 0; i < kReviewers; ++i) connections.push_back(this->Open());
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kReviewers; ++i) {
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      ReviewTransition t{"role-of-x",
                         "physician",
                         1,
                         ReviewStatus::kUnderReview,
                         ReviewStatus::kApproved,
                         "reviewer" + std::to_string(i),
                         ""};
      auto moved = connections[i]->Transition(t);
      if (moved.ok()) {
        ++approved;
      } else {
        EXPECT_EQ(moved.status().code(), Status::Code::kFailedPrecondition)
            << moved.status().ToString();
        ++refused;
      }
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(approved, 1);
  EXPECT_EQ(refused, kReviewers - 1);
  int approvals = 0;
  for (const auto& e : *this->store_->ReviewEvents("role-of-x", "physician")) {
    approvals += e.to == ReviewStatus::kApproved && e.action == "transition";
  }
  EXPECT_EQ(approvals, 1);
}

TYPED_TEST(StateStoreTest, ConcurrentSavesOfOneContentWriteOneVersion) {
  constexpr int kWriters = 4;
  std::atomic<int> written{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kWriters; ++i) {
    threads.emplace_back([&] {
      auto store = this->Open();
      StoredArticle a{"shared", "physician", "Q?", "same content", "", ""};
      bool changed = false;
      Status s = store->PutArticle(a, &changed);
      EXPECT_TRUE(s.ok()) << s.ToString();
      written += changed;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(written, 1);
  EXPECT_EQ(this->State("shared").latest_version, 1);
  EXPECT_EQ(this->store_->ReviewEvents("shared", "physician")->size(), 1u);
}

TYPED_TEST(StateStoreTest, TheAuditLogRefusesUpdateAndDelete) {
  this->Reach(ReviewStatus::kApproved, "role-of-x");
  auto before = *this->store_->ReviewEvents("role-of-x", "physician");
  Status updated = this->backend_.ExecRaw("UPDATE review_events SET actor = 'mallory'");
  Status deleted = this->backend_.ExecRaw("DELETE FROM review_events");
  EXPECT_FALSE(updated.ok());
  EXPECT_THAT(updated.message(), HasSubstr("append-only"));
  EXPECT_FALSE(deleted.ok());
  EXPECT_THAT(deleted.message(), HasSubstr("append-only"));
  auto after = *this->store_->ReviewEvents("role-of-x", "physician");
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) EXPECT_EQ(after[i].actor, before[i].actor);
}

TYPED_TEST(StateStoreTest, CommentsAreAppendedWithoutChangingTheStatus) {
  this->Reach(ReviewStatus::kUnderReview, "role-of-x");
  auto comment =
      this->store_->AddReviewComment("role-of-x", "physician", 1, "alice", "Dose in [3] is old.");
  ASSERT_TRUE(comment.ok()) << comment.status().ToString();
  EXPECT_EQ(comment->action, "comment");
  EXPECT_EQ(comment->from, ReviewStatus::kUnderReview);
  EXPECT_EQ(comment->to, ReviewStatus::kUnderReview);
  EXPECT_EQ(this->State().status, ReviewStatus::kUnderReview);
  EXPECT_EQ(this->store_->ReviewEvents("role-of-x", "physician")->back().comment,
            "Dose in [3] is old.");
  EXPECT_TRUE(this->store_->AddReviewComment("role-of-x", "physician", 9, "alice", "x")
                  .status()
                  .IsNotFound());
  EXPECT_EQ(
      this->store_->AddReviewComment("role-of-x", "physician", 1, "alice", "").status().code(),
      Status::Code::kInvalidArgument);
}

TYPED_TEST(StateStoreTest, TheQueueFiltersByStatusAndAgeOldestFirst) {
  this->Reach(ReviewStatus::kSubmitted, "first");
  this->Reach(ReviewStatus::kUnderReview, "second");
  this->Reach(ReviewStatus::kApproved, "third");
  auto all = this->store_->ReviewQueue({});
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_LE((*all)[0].status_changed_at, (*all)[1].status_changed_at);
  EXPECT_LE((*all)[1].status_changed_at, (*all)[2].status_changed_at);

  ReviewQueueFilter under_review;
  under_review.status = ReviewStatus::kUnderReview;
  auto queue = this->store_->ReviewQueue(under_review);
  ASSERT_TRUE(queue.ok());
  ASSERT_EQ(queue->size(), 1u);
  EXPECT_EQ((*queue)[0].slug, "second");

  ReviewQueueFilter old;
  old.changed_before = "2000-01-01T00:00:00Z";
  EXPECT_TRUE(this->store_->ReviewQueue(old)->empty());
  old.changed_before = "2999-01-01T00:00:00Z";
  EXPECT_EQ(this->store_->ReviewQueue(old)->size(), 3u);
  ReviewQueueFilter one;
  one.limit = 1;
  EXPECT_EQ(this->store_->ReviewQueue(one)->size(), 1u);
}

// --- Accounts, sessions, sign-in back-off -------------------------------------------------------

TYPED_TEST(StateStoreTest, ReviewerAccounts) {
  StateStore& store = *this->store_;
  this->AddAccount("carol", "Dr Carol", ReviewerRole::kAdmin);
  this->AddAccount("alice", "Dr Alice");
  ReviewerAccount dup{"alice", "Other", ReviewerRole::kEditor, "$argon2id$x", false, ""};
  EXPECT_THAT(store.AddReviewer(dup).message(), HasSubstr("already exists"));
  ReviewerAccount bad = dup;
  bad.username = "Robert'); DROP TABLE reviewers;--";
  EXPECT_EQ(store.AddReviewer(bad).code(), Status::Code::kInvalidArgument);
  bad.username = "robert";
  bad.password_hash = "";
  EXPECT_EQ(store.AddReviewer(bad).code(), Status::Code::kInvalidArgument);

  auto list = store.ListReviewers();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].username, "alice");
  EXPECT_EQ((*list)[1].role, ReviewerRole::kAdmin);
  auto alice = store.GetReviewer("alice");
  ASSERT_TRUE(alice.ok());
  EXPECT_EQ(alice->display_name, "Dr Alice");
  EXPECT_FALSE(alice->disabled);
  EXPECT_TRUE(store.GetReviewer("nobody").status().IsNotFound());

  ASSERT_TRUE(store.SetReviewerPasswordHash("alice", "$argon2id$new").ok());
  EXPECT_EQ(store.GetReviewer("alice")->password_hash, "$argon2id$new");
  ASSERT_TRUE(store.SetReviewerDisabled("alice", true).ok());
  EXPECT_TRUE(store.GetReviewer("alice")->disabled);
  EXPECT_TRUE(store.SetReviewerDisabled("nobody", true).IsNotFound());
  EXPECT_TRUE(store.SetReviewerPasswordHash("nobody", "$x").IsNotFound());
}

TYPED_TEST(StateStoreTest, SessionsExpireEndOnSignOutAndWithTheAccount) {
  StateStore& store = *this->store_;
  this->AddAccount("alice", "Dr Alice", ReviewerRole::kEditor);
  ASSERT_TRUE(store.CreateSession({"hash-1", "alice", 1000, 2000, "", {}}).ok());
  auto session = store.GetSession("hash-1", 1500);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_EQ(session->username, "alice");
  EXPECT_EQ(session->display_name, "Dr Alice");
  EXPECT_EQ(session->role, ReviewerRole::kEditor);
  EXPECT_EQ(session->expires_s, 2000);
  EXPECT_TRUE(store.GetSession("hash-1", 2000).status().IsNotFound());  // expired
  EXPECT_TRUE(store.GetSession("other", 1500).status().IsNotFound());
  ASSERT_TRUE(store.DeleteSession("hash-1").ok());
  EXPECT_TRUE(store.GetSession("hash-1", 1500).status().IsNotFound());

  ASSERT_TRUE(store.CreateSession({"hash-2", "alice", 1000, 2000, "", {}}).ok());
  ASSERT_TRUE(store.SetReviewerPasswordHash("alice", "$argon2id$new").ok());
  EXPECT_TRUE(store.GetSession("hash-2", 1500).status().IsNotFound());  // a new password ends it
  ASSERT_TRUE(store.CreateSession({"hash-3", "alice", 1000, 2000, "", {}}).ok());
  ASSERT_TRUE(store.SetReviewerDisabled("alice", true).ok());
  EXPECT_TRUE(store.GetSession("hash-3", 1500).status().IsNotFound());
  EXPECT_FALSE(store.CreateSession({"", "alice", 1000, 2000, "", {}}).ok());
}

TYPED_TEST(StateStoreTest, FailedSignInsAreCountedAtomicallyAndCleared) {
  EXPECT_EQ(this->store_->GetLoginFailures("alice")->count, 0);
  constexpr int kThreads = 4, kEach = 5;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto store = this->Open();
      for (int j = 0; j < kEach; ++j) EXPECT_TRUE(store->RecordLoginFailure("alice", 100 + i).ok());
    });
  }
  for (auto& t : threads) t.join();
  auto failures = this->store_->GetLoginFailures("alice");
  ASSERT_TRUE(failures.ok());
  EXPECT_EQ(failures->count, kThreads * kEach);
  EXPECT_GE(failures->last_failure_s, 100);
  auto next = this->store_->RecordLoginFailure("alice", 500);
  EXPECT_EQ(next->count, kThreads * kEach + 1);
  EXPECT_EQ(next->last_failure_s, 500);
  ASSERT_TRUE(this->store_->ClearLoginFailures("alice").ok());
  EXPECT_EQ(this->store_->GetLoginFailures("alice")->count, 0);
}

// --- Withdrawn evidence -------------------------------------------------------------------------

TYPED_TEST(StateStoreTest, ArticlesCitingWithdrawnEvidenceGoBackToReviewOnce) {
  StateStore& store = *this->store_;
  auto put = [&](const std::string& slug, const std::string& content,
                 std::vector<std::string> cited) {
    StoredArticle a{slug, "physician", "Q " + slug, content, "", "", "gen-1", std::move(cited)};
    ASSERT_TRUE(store.PutArticle(a, nullptr).ok());
  };
  auto approve = [&](const std::string& slug, int version) {
    ASSERT_TRUE(
        this->Move(ReviewStatus::kSubmitted, ReviewStatus::kUnderReview, version, "alice", slug)
            .ok());
    ASSERT_TRUE(
        this->Move(ReviewStatus::kUnderReview, ReviewStatus::kApproved, version, "alice", slug)
            .ok());
  };
  put("approved-cites-retracted", "a1", {"pmid:1", "pmid:2"});
  approve("approved-cites-retracted", 1);
  put("reviewing-cites-deleted", "b1", {"pmid:5"});
  ASSERT_TRUE(this->Move(ReviewStatus::kSubmitted, ReviewStatus::kUnderReview, 1, "alice",
                         "reviewing-cites-deleted")
                  .ok());
  put("submitted-cites-both", "c1", {"pmid:2", "pmid:5"});
  put("only-approved-version-cites", "d1", {"pmid:2"});
  approve("only-approved-version-cites", 1);
  put("only-approved-version-cites", "d2", {"pmid:7"});
  ASSERT_TRUE(this->Move(ReviewStatus::kSubmitted, ReviewStatus::kUnderReview, 2, "alice",
                         "only-approved-version-cites")
                  .ok());
  put("unaffected", "e1", {"pmid:1", "nci:x"});
  approve("unaffected", 1);
  std::string submitted_at = this->State("submitted-cites-both").status_changed_at;
  size_t unaffected_events = store.ReviewEvents("unaffected", "physician")->size();

  std::vector<WithdrawnEvidence> withdrawn = {{"pmid:2", "retracted by pmid:9"},
                                              {"pmid:5", "deleted by update file u1.xml"}};
  auto flagged = store.FlagArticlesCiting(withdrawn);
  ASSERT_TRUE(flagged.ok()) << flagged.status().ToString();
  ASSERT_EQ(flagged->size(), 4u);
  EXPECT_EQ((*flagged)[0].slug, "approved-cites-retracted");
  EXPECT_EQ((*flagged)[0].from, ReviewStatus::kApproved);
  EXPECT_EQ((*flagged)[0].comment, "cites pmid:2, retracted by pmid:9");
  EXPECT_EQ((*flagged)[1].slug, "only-approved-version-cites");
  EXPECT_EQ((*flagged)[1].version, 2);
  EXPECT_EQ((*flagged)[2].slug, "reviewing-cites-deleted");
  EXPECT_EQ((*flagged)[2].comment, "cites pmid:5, deleted by update file u1.xml");
  EXPECT_EQ((*flagged)[3].comment,
            "cites pmid:2, retracted by pmid:9; cites pmid:5, deleted by update file u1.xml");

  for (const char* slug : {"approved-cites-retracted", "reviewing-cites-deleted",
                           "submitted-cites-both", "only-approved-version-cites"}) {
    SCOPED_TRACE(slug);
    EXPECT_EQ(this->State(slug).status, ReviewStatus::kSubmitted);
    auto events = *store.ReviewEvents(slug, "physician");
    const ReviewEvent& e = events.back();
    EXPECT_EQ(e.action, "flagged");
    EXPECT_EQ(e.actor, "system");
    EXPECT_EQ(e.to, ReviewStatus::kSubmitted);
    EXPECT_EQ(e.version, this->State(slug).latest_version);
    EXPECT_EQ(e.version_hash, this->State(slug).latest_hash);
  }
  // Approval is kept for its version (readers are warned), and a reviewer starts again.
  EXPECT_EQ(this->State("approved-cites-retracted").approved_version, 1);
  EXPECT_EQ(this->State("only-approved-version-cites").approved_version, 1);
  EXPECT_EQ(store.ReviewEvents("approved-cites-retracted", "physician")->back().from,
            ReviewStatus::kApproved);
  EXPECT_TRUE(this->Move(ReviewStatus::kSubmitted, ReviewStatus::kUnderReview, 1, "bob",
                         "approved-cites-retracted")
                  .ok());
  // Already Submitted: the event, and its place in the queue kept.
  EXPECT_EQ(this->State("submitted-cites-both").status_changed_at, submitted_at);
  EXPECT_EQ(store.ReviewEvents("submitted-cites-both", "physician")->back().from,
            ReviewStatus::kSubmitted);
  // Untouched.
  EXPECT_EQ(this->State("unaffected").status, ReviewStatus::kApproved);
  EXPECT_EQ(store.ReviewEvents("unaffected", "physician")->size(), unaffected_events);

  // The same update applied again (another server's corpus): nothing new to record.
  auto again = this->Open()->FlagArticlesCiting(withdrawn);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->empty());
  EXPECT_TRUE(store.FlagArticlesCiting({})->empty());
  // A new reason for an article flagged before is recorded.
  auto more = store.FlagArticlesCiting({{"pmid:1", "retracted by pmid:10"}});
  ASSERT_TRUE(more.ok());
  ASSERT_EQ(more->size(), 2u);
  EXPECT_EQ((*more)[0].slug, "approved-cites-retracted");
  EXPECT_EQ((*more)[1].slug, "unaffected");
}

TYPED_TEST(StateStoreTest, ReopeningMigratesNothingTwice) {
  ASSERT_TRUE(this->Put("content"));
  this->store_.reset();
  auto again = this->Open();
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->GetArticle("role-of-x", "physician")->content, "content");
}

TEST(ReviewStatus, NamesRoundTripAndTransitionsAreTheWorkflow) {
  for (ReviewStatus s : kStatuses) EXPECT_EQ(ParseReviewStatus(ReviewStatusName(s)), s);
  EXPECT_FALSE(ParseReviewStatus("approved ").has_value());
  EXPECT_TRUE(CheckReviewTransition(ReviewStatus::kSubmitted, ReviewStatus::kUnderReview).ok());
  EXPECT_TRUE(CheckReviewTransition(ReviewStatus::kUnderReview, ReviewStatus::kApproved).ok());
  EXPECT_TRUE(
      CheckReviewTransition(ReviewStatus::kUnderReview, ReviewStatus::kChangesRequested).ok());
  EXPECT_TRUE(
      CheckReviewTransition(ReviewStatus::kChangesRequested, ReviewStatus::kUnderReview).ok());
  EXPECT_EQ(CheckReviewTransition(ReviewStatus::kSubmitted, ReviewStatus::kApproved).message(),
            "an article cannot go from Submitted to Approved; from Submitted it can only go to "
            "Under review");
  EXPECT_THAT(CheckReviewTransition(ReviewStatus::kApproved, ReviewStatus::kUnderReview).message(),
              HasSubstr("until a new version returns the article to Submitted"));
  EXPECT_EQ(ArticleContentHash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");  // FIPS 180-2
}

}  // namespace
}  // namespace evident
