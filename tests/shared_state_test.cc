// Two `evident serve` processes on one PostgreSQL (started by ctest, fixture `postgres`), each
// with its own copy of the corpus and index (fixture `corpus_index`): what one writes, the other
// serves at once — articles, reviewer sessions, review decisions — and two approvals of the same
// version made at the same moment on the two servers apply once. Reviewer accounts are made with
// `evident reviewer add`, the password on stdin.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <random>

#include "server/cookie_jar.h"
#include "server_test_support.h"
#include "store/postgres_store.h"

namespace evident {
namespace {

using nlohmann::json;
using testing::CookieJar;
using testing::CsrfOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSeed = "What is the role of Lu-177 DOTATATE in liver metastases?";
constexpr const char* kPassword = "correct horse battery staple";

// Runs `args` with `input` on stdin; its exit code, and stdout + stderr in `output`.
int RunProcess(const std::vector<std::string>& args, const std::string& input,
               std::string* output) {
  int in[2], out[2];
  if (pipe(in) != 0 || pipe(out) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], STDIN_FILENO);
    dup2(out[1], STDOUT_FILENO);
    dup2(out[1], STDERR_FILENO);
    close(in[1]);
    close(out[0]);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  ssize_t written = write(in[1], input.data(), input.size());
  (void)written;
  close(in[1]);
  char buf[4096];
  ssize_t n;
  while ((n = read(out[0], buf, sizeof(buf))) > 0) output->append(buf, n);
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class SharedStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* file = std::getenv("EVIDENT_TEST_POSTGRES_URL_FILE");
    ASSERT_NE(file, nullptr) << "run through ctest, which starts PostgreSQL";
    std::ifstream in(file);
    std::getline(in, base_url_);
    ASSERT_FALSE(base_url_.empty()) << "the PostgreSQL test server did not start";
    // A schema of this test's own, so reruns and other tests start empty.
    schema_ = "shared_" + std::to_string(getpid()) + "_" +
              std::to_string(std::random_device()() % 100000);
    Exec("CREATE SCHEMA " + schema_);
    url_ = base_url_ + "?options=-csearch_path%3D" + schema_;
    data_dir_ = testing::DataDirCopy(EVIDENT_IT_DATA_DIR);
  }
  void TearDown() override { Exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE"); }

  void Exec(const std::string& sql) {
    pqxx::connection c(base_url_);
    pqxx::work w(c);
    w.exec(sql);
    w.commit();
  }

  int Evident(const std::vector<std::string>& args, const std::string& input, std::string* output) {
    std::vector<std::string> all = {EVIDENT_BINARY, "--data-dir", data_dir_, "--store", url_};
    all.insert(all.end(), args.begin(), args.end());
    return RunProcess(all, input, output);
  }

  //! Signs `username` in on the server at `port`; the response to the sign-in form.
  httplib::Result SignIn(CookieJar& jar, int port, const std::string& username) {
    httplib::Client c("127.0.0.1", port);
    auto page = jar.Get(c, "/login");
    EXPECT_TRUE(page && page->status == 200);
    return jar.Post(c, "/login",
                    {{"csrf", CsrfOf(page ? page->body : "")},
                     {"username", username},
                     {"password", kPassword},
                     {"next", "/review"}});
  }

  std::string base_url_, schema_, url_, data_dir_;
};

TEST_F(SharedStateTest, TwoServersShareArticlesSessionsAndReviewDecisions) {
  std::string out;
  ASSERT_EQ(Evident({"reviewer", "add", "alice", "--name", "Dr Alice Adams"},
                    kPassword + std::string("\n"), &out),
            0)
      << out;
  ASSERT_EQ(Evident({"reviewer", "add", "bob", "--name", "Dr Bob Brown", "--role", "editor"},
                    kPassword + std::string("\n"), &out),
            0)
      << out;
  out.clear();
  ASSERT_EQ(Evident({"reviewer", "list"}, "", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("alice"));
  EXPECT_THAT(out, HasSubstr("editor"));
  EXPECT_THAT(out, Not(HasSubstr(kPassword)));
  EXPECT_THAT(out, Not(HasSubstr("$argon2id")));
  out.clear();
  EXPECT_EQ(Evident({"reviewer", "add", "carol"}, "short\n", &out), 2) << out;
  EXPECT_THAT(out, HasSubstr("at least 12 characters"));

  testing::ServeProcess a(EVIDENT_BINARY, data_dir_, {"--store", url_});
  testing::ServeProcess b(EVIDENT_BINARY, data_dir_, {"--store", url_});
  ASSERT_GT(a.port(), 0) << a.Log();
  ASSERT_GT(b.port(), 0) << b.Log();
  httplib::Client ca("127.0.0.1", a.port()), cb("127.0.0.1", b.port());
  ca.set_read_timeout(120, 0);
  cb.set_read_timeout(120, 0);

  // Asked on A, served by B from the shared store.
  auto asked = ca.Post("/api/ask", json{{"question", kSeed}}.dump(), "application/json");
  ASSERT_TRUE(asked);
  ASSERT_EQ(asked->status, 200) << asked->body;
  std::string slug = json::parse(asked->body)["slug"];
  auto on_b = cb.Get(("/api/articles/" + slug).c_str());
  ASSERT_TRUE(on_b);
  ASSERT_EQ(on_b->status, 200);
  EXPECT_EQ(json::parse(on_b->body)["status"], "submitted");
  EXPECT_EQ(json::parse(on_b->body)["sections"], json::parse(asked->body)["sections"]);

  // A session begun on A is good on B.
  CookieJar alice;
  auto signed_in = SignIn(alice, a.port(), "alice");
  ASSERT_TRUE(signed_in);
  ASSERT_EQ(signed_in->status, 303) << signed_in->body;
  auto queue_on_b = alice.Get(cb, "/review");
  ASSERT_TRUE(queue_on_b);
  EXPECT_EQ(queue_on_b->status, 200);
  EXPECT_THAT(queue_on_b->body, HasSubstr(kSeed));

  // Alice takes it into review on B; Bob signs in on A. Both approve what they see, at once,
  // each on a different server: one approval applies, the other is told the article moved on.
  std::string review = "/review/" + slug + "?audience=physician";
  auto start = alice.Post(cb, "/review/" + slug + "/transition",
                          {{"csrf", CsrfOf(alice.Get(cb, review)->body)},
                           {"audience", "physician"},
                           {"version", "1"},
                           {"from", "submitted"},
                           {"to", "under_review"}});
  ASSERT_EQ(start->status, 303) << start->body;
  CookieJar bob;
  ASSERT_EQ(SignIn(bob, a.port(), "bob")->status, 303);
  std::string alice_csrf = CsrfOf(alice.Get(cb, review)->body);
  std::string bob_csrf = CsrfOf(bob.Get(ca, review)->body);
  auto approve = [&](CookieJar& jar, int port, const std::string& csrf) {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(60, 0);
    auto r = c.Post(("/review/" + slug + "/transition").c_str(), jar.Headers(),
                    httplib::Params{{"csrf", csrf},
                                    {"audience", "physician"},
                                    {"version", "1"},
                                    {"from", "under_review"},
                                    {"to", "approved"}});
    return r ? r->status : -1;
  };
  auto by_alice =
      std::async(std::launch::async, [&] { return approve(alice, b.port(), alice_csrf); });
  auto by_bob = std::async(std::launch::async, [&] { return approve(bob, a.port(), bob_csrf); });
  std::vector<int> codes = {by_alice.get(), by_bob.get()};
  std::sort(codes.begin(), codes.end());
  EXPECT_EQ(codes, (std::vector<int>{303, 409}));

  // Approved on one server: the other shows it at once.
  for (httplib::Client* c : {&ca, &cb}) {
    auto page = c->Get(("/q/" + slug).c_str());
    ASSERT_TRUE(page);
    EXPECT_THAT(page->body, Not(HasSubstr("content is pending human review")));
    EXPECT_THAT(page->body, HasSubstr("Reviewed by Dr Alice Adams"));
    json article = json::parse(c->Get(("/api/articles/" + slug).c_str())->body);
    EXPECT_EQ(article["status"], "approved");
    EXPECT_EQ(article["approved_version"], 1);
  }

  // The audit log in PostgreSQL has one approval, by whichever reviewer won; the asker's
  // conversation is there too, for a follow-up on either server.
  auto store = PostgresStore::Open(url_);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto turns = (*store)->GetConversation(json::parse(asked->body)["conversation_id"]);
  ASSERT_TRUE(turns.ok());
  ASSERT_EQ(turns->size(), 1u);
  EXPECT_EQ((*turns)[0].slug, slug);
  auto events = (*store)->ReviewEvents(slug, "physician");
  ASSERT_TRUE(events.ok());
  int approvals = 0;
  for (const auto& e : *events) {
    approvals += e.action == "transition" && e.to == ReviewStatus::kApproved;
    EXPECT_EQ(e.version_hash, (*events)[0].version_hash);
  }
  EXPECT_EQ(approvals, 1);
  // Disabling an account from the command line ends its sessions on every server.
  out.clear();
  ASSERT_EQ(Evident({"reviewer", "disable", "alice"}, "", &out), 0) << out;
  EXPECT_EQ(alice.Get(ca, "/review")->status, 303);
  EXPECT_EQ(alice.Get(cb, "/review")->status, 303);
  EXPECT_EQ(a.Terminate(), 0);
  EXPECT_EQ(b.Terminate(), 0);
}

}  // namespace
}  // namespace evident
