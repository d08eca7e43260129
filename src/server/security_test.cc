// The security review of the web app (docs/reliability.md, "Security review"): one test per
// area — session cookies, CSRF, password storage, escaping, security headers, rate limits and
// secrets in logs — each against the real HttpServer on a loopback port, over the fake answer
// engine, with clocks of the test's own (nothing sleeps).
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <sstream>

#include "answer/fake_llm_server.h"
#include "common/testing.h"
#include "server/cookie_jar.h"
#include "server/fake_answer_service.h"
#include "server/html_safety_check.h"
#include "server/http_server.h"
#include "server/llm_answer_service.h"
#include "server/password_hasher.h"
#include "server/server_sent_events.h"
#include "server/url.h"
#include "store/review_status.h"

namespace evident {
namespace {

using nlohmann::json;
using testing::CookieJar;
using testing::CsrfOf;
using ::testing::HasSubstr;
using ::testing::Not;

using testing::kReviewerPassword;
using testing::kSeed;
constexpr const char* kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
// The document of the passages the fake's third reference is quoted from (WithPassageIds), with
// source text written to break a page.
constexpr const char* kHostileDocId = "test:ref-3";
constexpr const char* kHostileTitle = "<script>alert(1)</script> \"onmouseover=alert(1) x='y'";
constexpr const char* kHostilePassage = "<img src=x onerror=alert(1)> a 'quoted' \"passage\" &amp;";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Blocks that cite a reference carry a passage id, as the engine's do — "test:ref-N#0" for a
// first citation [N], in a document the test may store — so that the review page shows source
// passages and the LLM composer has evidence to send.
class WithPassageIds : public AnswerService {
 public:
  explicit WithPassageIds(std::unique_ptr<AnswerService> inner) : inner_(std::move(inner)) {}
  Result<Article> Ask(const AskRequest& request) override {
    auto a = inner_->Ask(request);
    if (!a.ok()) return a;
    for (auto& section : a->sections) {
      for (auto& block : section.blocks) {
        if (!block.citations.empty()) {
          block.passage_id = "test:ref-" + std::to_string(block.citations.front()) + "#0";
        }
      }
    }
    return a;
  }
  Result<std::vector<SearchHit>> Search(const std::string& q, int k) override {
    return inner_->Search(q, k);
  }
  Store& store() override { return inner_->store(); }

 private:
  std::unique_ptr<AnswerService> inner_;
};

AnswerServiceFactory PassageIdFactory(AnswerServiceFactory inner) {
  return [inner]() -> Result<std::unique_ptr<AnswerService>> {
    auto service = inner();
    if (!service.ok()) return service.status();
    return std::unique_ptr<AnswerService>(std::make_unique<WithPassageIds>(std::move(*service)));
  };
}

// What the process writes to stderr while it lives (the server's error lines), in a file.
class StderrCapture {
 public:
  StderrCapture() : path_(testing::TempDir() + "/stderr.txt") {
    std::fflush(stderr);
    saved_ = dup(2);
    FILE* f = std::fopen(path_.c_str(), "w");
    dup2(fileno(f), 2);
    std::fclose(f);
  }
  ~StderrCapture() { Restore(); }
  //! Stops capturing and returns what was written.
  std::string Finish() {
    Restore();
    return ReadFile(path_);
  }

 private:
  void Restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    dup2(saved_, 2);
    close(saved_);
    saved_ = -1;
  }
  std::string path_;
  int saved_ = -1;
};

struct RawResponse {
  int status = 0;
  std::string text;  // status line, headers and body
};

// One request over a socket bound to `source` (another loopback address: Linux routes all of
// 127.0.0.0/8 to lo), so that the server sees another client address.
RawResponse RequestFrom(const std::string& source, int port, const std::string& request) {
  RawResponse out;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  if (bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof(from)) != 0 ||
      connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof(to)) != 0) {
    close(fd);
    return out;
  }
  for (size_t sent = 0; sent < request.size();) {
    ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  // Until the server closes, or the body its Content-Length announces has come: after a request
  // it could not parse, it keeps the connection open for the next.
  char buf[4096];
  for (ssize_t n; (n = recv(fd, buf, sizeof(buf), 0)) > 0;) {
    out.text.append(buf, n);
    size_t end = out.text.find("\r\n\r\n");
    size_t length = out.text.find("\r\nContent-Length: ");
    if (end != std::string::npos && length != std::string::npos && length < end &&
        out.text.size() >= end + 4 + std::stoul(out.text.substr(length + 18))) {
      break;
    }
  }
  close(fd);
  if (out.text.rfind("HTTP/1.1 ", 0) == 0) out.status = std::atoi(out.text.c_str() + 9);
  return out;
}

std::string PostRequest(const std::string& path, const std::string& type, const std::string& body,
                        const std::string& cookie = "") {
  return "POST " + path +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: " + type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" +
         (cookie.empty() ? "" : "Cookie: " + cookie + "\r\n") + "\r\n" + body;
}

class SecurityTest : public ::testing::Test {
 protected:
  void SetUp() override { Start({}); }
  void TearDown() override { StopServer(); }

  //! The server with `options` over `services` (default: the fake engine with passage ids),
  //! with accounts alice and bob (reviewers) made at the policy's cost.
  void Start(ServerOptions options, AnswerServiceFactory services = nullptr) {
    options.bind_address = "127.0.0.1";
    options.port = 0;
    options.engines = 2;
    options.clock_s = [this] { return now_s_.load(); };
    options.clock = &clock_;
    options.auth.password_cost = password_cost_;
    options.access_log = [this](std::string_view line) {
      std::lock_guard lock(log_mu_);
      access_log_ += std::string(line) + "\n";
    };
    if (store_path_.empty()) store_path_ = testing::TempDir() + "/evident.db";
    if (!services) {
      services = PassageIdFactory(testing::FakeAnswerServiceFactory(store_path_, &stats_));
    }
    server_ = std::make_unique<HttpServer>(options, std::move(services));
    ASSERT_TRUE(server_->Bind().ok());
    thread_ = std::thread([this] { server_->Serve(); });
    if (!store_) {
      auto store = OpenStore(store_path_);
      ASSERT_TRUE(store.ok()) << store.status().ToString();
      store_ = std::move(*store);
      AddAccount("alice", PasswordCost::Minimum());
      AddAccount("bob", PasswordCost::Minimum());
    }
  }
  void StopServer() {
    if (!server_) return;
    server_->Stop();
    thread_.join();
    server_.reset();
  }
  void AddAccount(const std::string& username, const PasswordCost& cost) {
    auto hash = HashPassword(kReviewerPassword, cost);
    ASSERT_TRUE(hash.ok());
    ASSERT_TRUE(
        store_->AddReviewer({username, "Dr " + username, ReviewerRole::kReviewer, *hash, false, ""})
            .ok());
  }

  httplib::Client Client() {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(20, 0);
    return c;
  }
  httplib::Result Get(CookieJar& jar, const std::string& path) {
    auto c = Client();
    return jar.Get(c, path);
  }
  httplib::Result Post(CookieJar& jar, const std::string& path, const httplib::Params& form) {
    auto c = Client();
    return jar.Post(c, path, form);
  }
  httplib::Result AskApi(const std::string& question) {
    return Client().Post("/api/ask", json{{"question", question}}.dump(), "application/json");
  }
  //! Signs in through the sign-in page; the response to the form.
  httplib::Result SignIn(CookieJar& jar, const std::string& username,
                         const std::string& password = kReviewerPassword) {
    auto page = Get(jar, "/login");
    EXPECT_TRUE(page && page->status == 200);
    return Post(
        jar, "/login",
        {{"csrf", page ? CsrfOf(page->body) : ""}, {"username", username}, {"password", password}});
  }
  //! The slug of the seed question's article, asked once.
  std::string SeedSlug() {
    if (slug_.empty()) {
      auto r = AskApi(kSeed);
      EXPECT_TRUE(r && r->status == 200);
      slug_ = r ? json::parse(r->body).value("slug", "") : "";
    }
    return slug_;
  }
  std::string ReviewPath() { return "/review/" + SeedSlug() + "?audience=physician"; }
  //! True when `token` is a live session: the queue opens with it.
  bool SessionWorks(const std::string& token) {
    auto r = Client().Get("/review", {{"Cookie", "evident_session=" + token}});
    return r && r->status == 200;
  }
  static std::string SessionToken(const CookieJar& jar) {
    std::string c = jar.SetCookie("evident_session");
    return c.substr(16, c.find(';') - 16);  // after "evident_session="
  }
  std::string AccessLog() {
    std::lock_guard lock(log_mu_);
    return access_log_;
  }

  testing::FakeAnswerStats stats_;
  // What the server hashes at: the accounts' own (least) cost, so nothing is renewed, unless a
  // test changes it.
  PasswordCost password_cost_ = PasswordCost::Minimum();
  ManualClock clock_;                          // rate limits
  std::atomic<int64_t> now_s_{1'800'000'000};  // sessions and sign-in back-off
  std::string store_path_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  std::string slug_;
  std::mutex log_mu_;
  std::string access_log_;
};

// --- Session cookies -------------------------------------------------------------------------

TEST_F(SecurityTest, TheSessionCookieIsARandomTokenTheStoreKeepsOnlyHashedAndItExpires) {
  CookieJar alice;
  auto signed_in = SignIn(alice, "alice");
  ASSERT_TRUE(signed_in);
  ASSERT_EQ(signed_in->status, 303) << signed_in->body;
  std::string token = SessionToken(alice);
  ASSERT_EQ(token.size(), 64u);  // 32 random bytes
  EXPECT_EQ(
      alice.SetCookie("evident_session"),
      "evident_session=" + token + "; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict; Secure");
  // The pre-session secret behind the sign-in form is dropped.
  EXPECT_THAT(alice.SetCookie("evident_signin"), HasSubstr("Max-Age=0;"));
  EXPECT_FALSE(alice.Has("evident_signin"));
  // Another sign-in, another token.
  CookieJar again;
  ASSERT_EQ(SignIn(again, "alice")->status, 303);
  EXPECT_NE(SessionToken(again), token);
  // The store has the token's SHA-256, never the token.
  EXPECT_TRUE(store_->GetSession(Sha256Hex(token), now_s_).ok());
  EXPECT_TRUE(store_->GetSession(token, now_s_).status().IsNotFound());
  std::string db = ReadFile(store_path_) + ReadFile(store_path_ + "-wal");
  EXPECT_EQ(db.find(token), std::string::npos);
  EXPECT_NE(db.find(Sha256Hex(token)), std::string::npos);  // so the search above can succeed
  // It lives eight hours (absolute: using it does not extend it).
  EXPECT_TRUE(SessionWorks(token));
  now_s_ += 28800 - 1;
  EXPECT_TRUE(SessionWorks(token));
  now_s_ += 1;
  EXPECT_FALSE(SessionWorks(token));
  auto expired = Get(alice, "/review");
  EXPECT_EQ(expired->status, 303);
  EXPECT_EQ(expired->get_header_value("Location"), "/login?next=/review");
}

TEST_F(SecurityTest, ASessionIsReplacedAtSignInAndEndsAtSignOutPasswordChangeAndDisable) {
  // Signing in again in the same browser ends the session it had.
  CookieJar alice;
  ASSERT_EQ(SignIn(alice, "alice")->status, 303);
  std::string first = SessionToken(alice);
  ASSERT_TRUE(SessionWorks(first));
  // The sign-in page sends a signed-in browser on; a form from before (another tab) still posts.
  EXPECT_EQ(Get(alice, "/login")->status, 303);
  std::string secret = NewSecretToken();
  auto renewed = Client().Post(
      "/login", {{"Cookie", "evident_session=" + first + "; evident_signin=" + secret}},
      httplib::Params{
          {"csrf", CsrfTokenFor(secret)}, {"username", "alice"}, {"password", kReviewerPassword}});
  ASSERT_TRUE(renewed);
  ASSERT_EQ(renewed->status, 303) << renewed->body;
  CookieJar after;
  after.Take(renewed);
  std::string second = SessionToken(after);
  EXPECT_NE(second, first);
  EXPECT_TRUE(SessionWorks(second));
  EXPECT_FALSE(SessionWorks(first)) << "the session held before signing in again still works";

  // Sign-out ends it in the store, not only in the browser: replaying the cookie fails.
  std::string csrf =
      CsrfOf(Client().Get(ReviewPath().c_str(), {{"Cookie", "evident_session=" + second}})->body);
  auto out = Client().Post("/logout", {{"Cookie", "evident_session=" + second}},
                           httplib::Params{{"csrf", csrf}});
  ASSERT_EQ(out->status, 303);
  EXPECT_THAT(out->get_header_value("Set-Cookie"),
              HasSubstr("evident_session=; Path=/; Max-Age=0"));
  EXPECT_FALSE(SessionWorks(second));

  // A password change (evident reviewer passwd) and disabling the account end every session.
  CookieJar a1, a2, b1;
  ASSERT_EQ(SignIn(a1, "alice")->status, 303);
  ASSERT_EQ(SignIn(a2, "alice")->status, 303);
  ASSERT_EQ(SignIn(b1, "bob")->status, 303);
  auto hash = HashPassword("another long password", PasswordCost::Minimum());
  ASSERT_TRUE(store_->SetReviewerPasswordHash("alice", *hash).ok());
  EXPECT_FALSE(SessionWorks(SessionToken(a1)));
  EXPECT_FALSE(SessionWorks(SessionToken(a2)));
  EXPECT_TRUE(SessionWorks(SessionToken(b1)));
  ASSERT_TRUE(store_->SetReviewerDisabled("bob", true).ok());
  EXPECT_FALSE(SessionWorks(SessionToken(b1)));
}

// --- CSRF ------------------------------------------------------------------------------------

TEST_F(SecurityTest, EveryStateChangingFormNeedsItsOwnSessionsToken) {
  CookieJar alice, bob;
  ASSERT_EQ(SignIn(alice, "alice")->status, 303);
  ASSERT_EQ(SignIn(bob, "bob")->status, 303);
  std::string alices = CsrfOf(Get(alice, ReviewPath())->body);
  std::string bobs = CsrfOf(Get(bob, ReviewPath())->body);
  ASSERT_EQ(alices.size(), 64u);
  ASSERT_NE(alices, bobs);
  const httplib::Params transition = {
      {"audience", "physician"}, {"version", "1"}, {"from", "submitted"}, {"to", "under_review"}};
  const httplib::Params comment = {
      {"audience", "physician"}, {"version", "1"}, {"comment", "A note."}};
  struct Form {
    std::string path;
    httplib::Params fields;
  };
  std::vector<Form> forms = {{"/review/" + SeedSlug() + "/transition", transition},
                             {"/review/" + SeedSlug() + "/comment", comment},
                             {"/logout", {}}};
  for (const auto& form : forms) {
    for (const std::string& token :
         {std::string(), std::string(64, 'a'), bobs, alices.substr(0, 63), alices + "0"}) {
      SCOPED_TRACE(form.path + " with token '" + token + "'");
      httplib::Params fields = form.fields;
      if (!token.empty()) fields.emplace("csrf", token);
      auto r = Post(alice, form.path, fields);
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 403);
      EXPECT_THAT(r->body, HasSubstr("did not come from this site"));
    }
  }
  EXPECT_EQ(store_->ReviewEvents(SeedSlug(), "physician")->size(), 1u);  // only "created"
  EXPECT_TRUE(SessionWorks(SessionToken(alice)));                        // not signed out
  // Sign-in: the token of another browser's sign-in page is refused too (login CSRF).
  CookieJar mallory, victim;
  std::string mallorys = CsrfOf(Get(mallory, "/login")->body);
  Get(victim, "/login");
  auto forced = Post(victim, "/login",
                     {{"csrf", mallorys}, {"username", "alice"}, {"password", kReviewerPassword}});
  EXPECT_EQ(forced->status, 403);
  EXPECT_FALSE(victim.Has("evident_session"));
  // Each form with its own token works.
  httplib::Params with_token = transition;
  with_token.emplace("csrf", alices);
  EXPECT_EQ(Post(alice, "/review/" + SeedSlug() + "/transition", with_token)->status, 303);
}

TEST_F(SecurityTest, TheJsonApiCannotBeReachedByAnotherSitesFormOrScript) {
  // A cross-site form can send only form, multipart or text bodies: POST /api/ask wants JSON.
  const std::vector<std::pair<std::string, std::string>> forms = {
      {"application/x-www-form-urlencoded", "question=hello"},
      {"multipart/form-data; boundary=x",
       "--x\r\nContent-Disposition: form-data; name=\"question\"\r\n\r\nhello\r\n--x--\r\n"},
      {"text/plain", "{\"question\": \"hello\"}"}};
  for (const auto& [type, body] : forms) {
    SCOPED_TRACE(type);
    auto r = Client().Post("/api/ask", body, type);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 415);
  }
  EXPECT_EQ(stats_.asks, 0);
  // A script elsewhere would need CORS to send JSON or read an answer; none is granted.
  auto preflight =
      Client().Options("/api/ask", {{"Origin", "https://evil.example"},
                                    {"Access-Control-Request-Method", "POST"},
                                    {"Access-Control-Request-Headers", "content-type"}});
  ASSERT_TRUE(preflight);
  EXPECT_FALSE(preflight->has_header("Access-Control-Allow-Origin"));
  auto read = Client().Get("/api/search?q=liver", {{"Origin", "https://evil.example"}});
  ASSERT_TRUE(read);
  EXPECT_FALSE(read->has_header("Access-Control-Allow-Origin"));
  EXPECT_FALSE(read->has_header("Access-Control-Allow-Credentials"));
}

// --- Password storage ------------------------------------------------------------------------

TEST_F(SecurityTest, PasswordsAreArgon2idAtInteractiveCostAndRenewedWhenTheCostChanges) {
  auto hash = HashPassword(kReviewerPassword);
  ASSERT_TRUE(hash.ok());
  // libsodium's interactive cost: 64 MiB, 2 passes (RFC 9106's second recommended option
  // uses 64 MiB and 3 passes; OWASP asks at least 19 MiB and 2 passes).
  EXPECT_EQ(hash->rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, kReviewerPassword));
  EXPECT_FALSE(VerifyPassword(*hash, std::string(kReviewerPassword) + " "));
  EXPECT_FALSE(VerifyPassword(hash->substr(0, hash->size() - 1), kReviewerPassword));
  EXPECT_FALSE(PasswordNeedsRehash(*hash, PasswordCost::Interactive()));
  EXPECT_TRUE(PasswordNeedsRehash(*hash, PasswordCost::Minimum()));
  EXPECT_TRUE(PasswordNeedsRehash("$argon2i$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA",
                                  PasswordCost::Interactive()));
  // At least 12 characters (not bytes), at most 1024 bytes.
  EXPECT_FALSE(CheckPasswordStrength("eleven char").ok());
  EXPECT_FALSE(CheckPasswordStrength("ééééééééééé").ok());  // 11 characters, 22 bytes
  EXPECT_TRUE(CheckPasswordStrength("twelve chars").ok());
  EXPECT_FALSE(CheckPasswordStrength(std::string(1025, 'x')).ok());

  // alice's hash was made at the least cost; a server that hashes at the interactive cost
  // stores a new hash at that cost when she next signs in.
  StopServer();
  password_cost_ = PasswordCost::Interactive();
  Start({});
  CookieJar alice;
  ASSERT_EQ(SignIn(alice, "alice")->status, 303);
  std::string renewed = store_->GetReviewer("alice")->password_hash;
  EXPECT_EQ(renewed.rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0), 0u) << renewed;
  EXPECT_TRUE(VerifyPassword(renewed, kReviewerPassword));
  EXPECT_TRUE(SessionWorks(SessionToken(alice)));  // the new session survives the renewal
  CookieJar again;
  ASSERT_EQ(SignIn(again, "alice")->status, 303);
  EXPECT_EQ(store_->GetReviewer("alice")->password_hash, renewed);  // not renewed twice
  // The password is nowhere in the database.
  std::string db = ReadFile(store_path_) + ReadFile(store_path_ + "-wal");
  EXPECT_EQ(db.find(kReviewerPassword), std::string::npos);
}

// --- Escaping --------------------------------------------------------------------------------

TEST_F(SecurityTest, HostileSourceTextIsEscapedOnEveryPage) {
  // The fake's articles already quote <script>, attribute-breaking quotes and a javascript: URL
  // from their sources; the document behind their third reference is as hostile.
  DocumentRecord hostile;
  hostile.doc.id = kHostileDocId;
  hostile.doc.title = kHostileTitle;
  hostile.doc.source = "J <b>Bad</b> \"Journal\"";
  hostile.doc.url = "javascript:alert(document.cookie)";
  hostile.passages.push_back({std::string(kHostileDocId) + "#0",
                              kHostileDocId,
                              0,
                              "Results <script>alert(2)</script>",
                              kHostilePassage,
                              {}});
  ASSERT_TRUE(store_->PutDocuments({hostile}, nullptr).ok());

  CookieJar visitor;
  auto asked = Post(visitor, "/ask", {{"q", "Is <script>alert(1)</script> \"x\" 'y' safe?"}});
  ASSERT_EQ(asked->status, 303);
  std::string article = asked->get_header_value("Location");
  CookieJar alice;
  ASSERT_EQ(SignIn(alice, "alice")->status, 303);
  CookieJar typed;  // a username typed back into the sign-in form
  Get(typed, "/login");

  std::vector<std::pair<std::string, httplib::Result>> pages;
  pages.emplace_back(article, Get(visitor, article));
  pages.emplace_back("patient", Get(visitor, article + "?audience=patient"));
  pages.emplace_back("home", Get(visitor, "/"));  // recent articles list the question
  pages.emplace_back("search", Get(visitor, "/search?q=%3Cscript%3Ealert(1)%3C/script%3E%22'"));
  pages.emplace_back("404", Get(visitor, "/no/%3Cscript%3Ealert(1)%3C%2Fscript%3E"));
  pages.emplace_back("login next",
                     Get(visitor, "/login?next=javascript%3Aalert(1)%22%3E%3Cscript%3E"));
  pages.emplace_back("queue", Get(alice, "/review"));
  pages.emplace_back("review", Get(alice, "/review" + article.substr(2) + "?audience=physician"));
  pages.emplace_back("login error", Post(typed, "/login",
                                         {{"csrf", CsrfOf(Get(typed, "/login")->body)},
                                          {"username", "\"><script>alert(1)</script>"},
                                          {"password", "wrong password here"}}));
  for (const auto& [name, r] : pages) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(r);
    EXPECT_EQ(testing::ActiveContentIn(r->body), "");
  }
  EXPECT_THAT(pages[0].second->body,
              HasSubstr("<title>Is &lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot; &#39;y&#39; "
                        "safe? · Evident"));
  EXPECT_THAT(pages[0].second->body, HasSubstr("&quot;onmouseover=alert(1)"));
  EXPECT_THAT(pages[0].second->body, Not(HasSubstr("javascript:")));  // the link is left out
  EXPECT_THAT(pages[4].second->body, HasSubstr("/no/&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(pages[5].second->body, HasSubstr("name=\"next\" value=\"/review\""));
  const std::string& review = pages[7].second->body;
  EXPECT_EQ(pages[7].second->status, 200);
  EXPECT_THAT(review, HasSubstr("&lt;img src=x onerror=alert(1)&gt; a &#39;quoted&#39; "
                                "&quot;passage&quot; &amp;amp;"));
  EXPECT_THAT(review, HasSubstr("Results &lt;script&gt;alert(2)&lt;/script&gt;"));
  EXPECT_THAT(pages[8].second->body,
              HasSubstr("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
}

// The check the escaping test relies on finds what failed escaping would leave, and passes text
// that only reads like markup.
TEST(ActiveContentIn, FindsScriptStyleHandlersAndScriptUrlsButNotEscapedText) {
  for (const char* bad : {"<p><script>alert(1)</script></p>", "<script>x()</script>",
                          "<a title=\"\" onmouseover=\"alert(1)\">", "<p style=\"color:red\">",
                          "<style>p{}</style>", "<a href=\"javascript:alert(1)\">",
                          "<a href=\" JavaScript:alert(1)\">", "<img src=x onerror=alert(1)>"}) {
    EXPECT_NE(testing::ActiveContentIn(bad), "") << bad;
  }
  for (const char* fine : {"<script src=\"/static/app.js?v=1\" defer></script>",
                           "<a title=\"&quot;onmouseover=alert(1) x\" href=\"https://a.org/\">",
                           "<p>&lt;img src=x onerror=alert(1)&gt; javascript:alert(1)</p>",
                           "<a title=\"x onerror=alert(1)\" href=\"#ref-1\">"}) {
    EXPECT_EQ(testing::ActiveContentIn(fine), "") << fine;
  }
}

TEST(SafeExternalUrl, KeepsOnlyHttpAndHttpsLinks) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"https://doi.org/10.1000/xyz", "https://doi.org/10.1000/xyz"},
      {"HTTP://example.org/a?b=c", "HTTP://example.org/a?b=c"},
      {"https://x.org/\"onmouseover=\"alert(1)", "https://x.org/\"onmouseover=\"alert(1)"},
      {"javascript:alert(1)", ""},
      {"JavaScript:alert(1)", ""},
      {" javascript:alert(1)", ""},
      {"java\tscript:alert(1)", ""},
      {"vbscript:msgbox(1)", ""},
      {"data:text/html,<script>alert(1)</script>", ""},
      {"//evil.example/", ""},
      {"/relative", ""},
      {"https://", ""},
      {"https://a b", ""},
      {"https://a\nSet-Cookie: x", ""},
      {"https://a\x7f", ""},
  };
  for (const auto& [url, kept] : cases) EXPECT_EQ(SafeExternalUrl(url), kept) << url;
}

// --- Content-Security-Policy and the other security headers ----------------------------------

TEST_F(SecurityTest, EveryResponseCarriesTheSecurityHeaders) {
  StopServer();
  ServerOptions options;
  options.ask_rate_limit = {4, std::chrono::seconds(60)};  // the fifth question gets a 429
  Start(options);
  std::string slug = SeedSlug();
  CookieJar alice;
  ASSERT_EQ(SignIn(alice, "alice")->status, 303);
  auto c = Client();
  std::string etag = c.Get("/static/style.css")->get_header_value("ETag");
  std::vector<std::pair<std::string, httplib::Result>> responses;
  auto add = [&](const std::string& name, httplib::Result r) {
    responses.emplace_back(name, std::move(r));
  };
  add("home", c.Get("/"));
  add("article", c.Get(("/q/" + slug).c_str()));
  add("search", c.Get("/search?q=liver"));
  add("policy", c.Get("/editorial-policy"));
  add("login", c.Get("/login"));
  add("queue", Get(alice, "/review"));
  add("review", Get(alice, ReviewPath()));
  add("redirect to sign-in", c.Get("/review"));
  add("ask form", c.Post("/ask", httplib::Params{{"q", kSeed}}));
  add("api ask", AskApi(kSeed));
  add("api stream", c.Get(("/api/ask/stream?question=" + UrlEncodeComponent(kSeed)).c_str()));
  add("api article", c.Get(("/api/articles/" + slug).c_str()));
  add("api search", c.Get("/api/search?q=liver"));
  add("openapi", c.Get("/api/openapi.json"));
  add("healthz", c.Get("/healthz"));
  add("metrics", c.Get("/metrics"));
  add("css", c.Get("/static/style.css"));
  add("js", c.Get("/static/app.js"));
  add("svg", c.Get("/static/favicon.svg"));
  add("304", c.Get("/static/style.css", {{"If-None-Match", etag}}));
  add("favicon redirect", c.Get("/favicon.ico"));
  add("404 page", c.Get("/no/such/page"));
  add("404 api", c.Get("/api/articles/never-asked"));
  add("400 api", c.Post("/api/ask", "{", "application/json"));
  add("405", c.Get("/api/ask"));
  add("413", c.Post("/api/ask", std::string(100 * 1024, ' '), "application/json"));
  add("415", c.Post("/api/ask", "{}", "text/plain"));
  add("403 csrf", c.Post("/logout", httplib::Params{}));
  add("429", AskApi("a fifth question"));
  add("401 sign-in", c.Post("/login", httplib::Params{{"csrf", CsrfOf(c.Get("/login")->body)},
                                                      {"username", "alice"},
                                                      {"password", "wrong"}}));
  for (const auto& [name, r] : responses) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->get_header_value("Content-Security-Policy"), kContentSecurityPolicy);
    EXPECT_EQ(r->get_header_value_count("Content-Security-Policy"), 1u);
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(r->get_header_value("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(r->get_header_value("X-Frame-Options"), "DENY");
    EXPECT_EQ(r->get_header_value("Cross-Origin-Opener-Policy"), "same-origin");
  }
  EXPECT_EQ(responses[responses.size() - 2].second->status, 429);
  // Requests the server cannot even parse get them too.
  for (const std::string& raw :
       {std::string("BREW /api/ask HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        std::string("GET /" + std::string(20000, 'a') +
                    " HTTP/1.1\r\nConnection: close\r\n\r\n")}) {
    RawResponse r = RequestFrom("127.0.0.1", server_->port(), raw);
    SCOPED_TRACE(r.text.substr(0, 40));
    EXPECT_GE(r.status, 400);
    EXPECT_THAT(
        r.text,
        HasSubstr("Content-Security-Policy: " + std::string(kContentSecurityPolicy) + "\r\n"));
    EXPECT_THAT(r.text, HasSubstr("X-Content-Type-Options: nosniff\r\n"));
  }
}

// --- Rate limits -----------------------------------------------------------------------------

TEST_F(SecurityTest, QuestionsFromOneAddressAreLimitedAnswered429WithRetryAfter) {
  EXPECT_EQ(ServerOptions{}.ask_rate_limit.max_requests, 60);  // the default, in docs/api.md
  StopServer();
  ServerOptions options;
  options.ask_rate_limit = {3, std::chrono::seconds(60)};
  Start(options);
  auto c = Client();
  ASSERT_EQ(AskApi("first question")->status, 200);
  ASSERT_EQ(c.Post("/ask", httplib::Params{{"q", "second question"}})->status, 303);
  ASSERT_EQ(c.Get("/api/ask/stream?question=third%20question")->status, 200);
  // Malformed questions are refused before they count.
  EXPECT_EQ(c.Post("/api/ask", "{}", "application/json")->status, 400);
  EXPECT_EQ(c.Get("/api/ask/stream")->status, 400);
  ASSERT_EQ(stats_.asks, 3);

  auto api = AskApi("fourth question");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 429);
  EXPECT_EQ(api->get_header_value("Retry-After"), "60");
  json error = json::parse(api->body, nullptr, false);
  EXPECT_EQ(error["error"]["code"], "rate_limited");
  EXPECT_EQ(error["error"]["message"],
            "Too many questions from this address; please try again in 60 seconds.");
  auto form = c.Post("/ask", httplib::Params{{"q", "fourth question"}});
  EXPECT_EQ(form->status, 429);
  EXPECT_EQ(form->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_THAT(form->body, HasSubstr("please try again in 60 seconds"));
  EXPECT_EQ(c.Get("/ask?q=fourth%20question")->status, 429);
  auto stream = c.Get("/api/ask/stream?question=fourth%20question");
  EXPECT_EQ(stream->status, 429);
  EXPECT_THAT(stream->get_header_value("Content-Type"), HasSubstr("application/json"));
  EXPECT_EQ(stats_.asks, 3);  // nothing was asked
  // Reading is not limited.
  EXPECT_EQ(c.Get("/api/search?q=liver")->status, 200);
  EXPECT_EQ(c.Get("/")->status, 200);
  // Another address has a budget of its own.
  std::string body = json{{"question", "from elsewhere"}}.dump();
  EXPECT_EQ(
      RequestFrom("127.0.0.2", server_->port(), PostRequest("/api/ask", "application/json", body))
          .status,
      200);
  // Retry-After counts down on the clock; when it has passed, questions are answered again.
  clock_.Advance(std::chrono::milliseconds(30'500));
  EXPECT_EQ(AskApi("fourth question")->get_header_value("Retry-After"), "30");
  clock_.Advance(std::chrono::milliseconds(29'500));
  EXPECT_EQ(AskApi("fourth question")->status, 200);
  EXPECT_EQ(stats_.asks, 5);
}

TEST_F(SecurityTest, SignInAttemptsFromOneAddressAreLimitedWhateverTheUsername) {
  EXPECT_EQ(ServerOptions{}.sign_in_rate_limit.max_requests, 10);  // the default
  StopServer();
  ServerOptions options;
  options.sign_in_rate_limit = {3, std::chrono::seconds(60)};
  Start(options);
  // Forms without their token are refused before they count.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Client().Post("/login", httplib::Params{{"username", "alice"}})->status, 403);
  }
  // Guessing across usernames stays under each username's back-off (5 failures) ...
  CookieJar mallory;
  for (const char* user : {"carol", "dave", "erin"}) {
    EXPECT_EQ(SignIn(mallory, user, "password guess one")->status, 401) << user;
  }
  // ... but not under the address's limit: even the right password is not tried.
  CookieJar alice;
  auto limited = SignIn(alice, "alice");
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(limited->get_header_value("Retry-After"), "60");
  EXPECT_THAT(limited->body, HasSubstr("Too many sign-in attempts from this address"));
  EXPECT_THAT(limited->body, HasSubstr("name=\"csrf\""));  // the form, to try again
  EXPECT_FALSE(alice.Has("evident_session"));
  EXPECT_EQ(store_->GetLoginFailures("alice")->count, 0);
  // Another address signs in.
  std::string secret = NewSecretToken();
  RawResponse other = RequestFrom(
      "127.0.0.2", server_->port(),
      PostRequest("/login", "application/x-www-form-urlencoded",
                  "csrf=" + CsrfTokenFor(secret) +
                      "&username=alice&password=" + UrlEncodeComponent(kReviewerPassword),
                  "evident_signin=" + secret));
  EXPECT_EQ(other.status, 303) << other.text;
  EXPECT_THAT(other.text, HasSubstr("Set-Cookie: evident_session="));
  clock_.Advance(std::chrono::seconds(60));
  EXPECT_EQ(SignIn(alice, "alice")->status, 303);
}

// --- Secrets in logs -------------------------------------------------------------------------

TEST_F(SecurityTest, NoSecretReachesTheLogsOrAnswers) {
  const std::string llm_key = "sk-evident-test-0123456789abcdef";
  const std::string wrong_password = "Tr0ub4dor&3 wrong one";
  testing::FakeLlmServer llm;
  llm.Reply(R"({"error": {"message": "the model is overloaded"}})", 500);
  LlmOptions llm_options;
  llm_options.url = llm.url();
  llm_options.model = "m";
  llm_options.api_key = llm_key;
  StopServer();
  StderrCapture stderr_capture;
  // As `evident serve --composer llm` runs it: the composer's report on stderr.
  Start({}, WithLlmComposer(
                PassageIdFactory(testing::FakeAnswerServiceFactory(store_path_, &stats_)),
                llm_options, [](const ComposerReport& report) {
                  std::fprintf(stderr, "%s\n",
                               json{{"llm_composer", ComposerReportToJson(report)}}.dump().c_str());
                }));
  std::vector<std::string> answers;  // every response body and header the clients saw
  auto keep = [&](const httplib::Result& r) {
    if (!r) return;
    answers.push_back(r->body);
    for (const auto& [name, value] : r->headers) {
      if (name != "Set-Cookie") answers.push_back(name + ": " + value);
    }
  };
  CookieJar alice;
  auto login = Get(alice, "/login");
  keep(login);
  std::string signin_secret = alice.SetCookie("evident_signin").substr(15, 64);
  std::string login_csrf = CsrfOf(login->body);
  auto failed = Post(alice, "/login",
                     {{"csrf", login_csrf}, {"username", "alice"}, {"password", wrong_password}});
  keep(failed);
  EXPECT_EQ(failed->status, 401);
  auto signed_in = Post(
      alice, "/login",
      {{"csrf", CsrfOf(failed->body)}, {"username", "alice"}, {"password", kReviewerPassword}});
  keep(signed_in);
  ASSERT_EQ(signed_in->status, 303);
  std::string token = SessionToken(alice);
  auto asked = Client().Post("/api/ask", json{{"question", kSeed}}.dump(), "application/json");
  keep(asked);
  ASSERT_EQ(asked->status, 200);
  EXPECT_EQ(llm.authorization(), "Bearer " + llm_key);  // the key was used
  EXPECT_EQ(json::parse(asked->body)["composer"]["fallback"], true);
  auto page = Get(alice, ReviewPath());
  keep(page);
  std::string review_csrf = CsrfOf(page->body);
  auto acted = Post(
      alice, "/review/" + SeedSlug() + "/comment",
      {{"csrf", review_csrf}, {"audience", "physician"}, {"version", "1"}, {"comment", "Fine."}});
  keep(acted);
  EXPECT_EQ(acted->status, 303);
  keep(Post(alice, "/logout", {{"csrf", review_csrf}}));
  StopServer();  // access log lines are written after their responses
  std::string err = stderr_capture.Finish();
  std::string access = AccessLog();

  EXPECT_THAT(err, HasSubstr("\"llm_composer\""));  // stderr was captured
  EXPECT_THAT(access, HasSubstr("\"/login\""));
  const std::vector<std::pair<std::string, std::string>> secrets = {
      {"password", kReviewerPassword},    {"wrong password", wrong_password},
      {"session token", token},           {"session token hash", Sha256Hex(token)},
      {"sign-in secret", signin_secret},  {"sign-in CSRF token", login_csrf},
      {"review CSRF token", review_csrf}, {"LLM API key", llm_key},
  };
  for (const auto& [what, secret] : secrets) {
    ASSERT_GE(secret.size(), 20u) << what;
    EXPECT_EQ(access.find(secret), std::string::npos) << what << " in the access log";
    EXPECT_EQ(err.find(secret), std::string::npos) << what << " on stderr";
    if (what.find("CSRF") == std::string::npos) {  // forms carry their own tokens
      for (const auto& answer : answers) {
        EXPECT_EQ(answer.find(secret), std::string::npos) << what << " in a response";
      }
    }
  }
}

// `evident --store postgresql://user:password@host/db serve` prints why the store could not be
// opened: where, without the password.
TEST(SecretsInMessages, AStoreUrlsPasswordIsNotInItsErrors) {
  auto store = OpenStateStore("postgresql://evident:s3cret-db-password@127.0.0.1:1/evident");
  ASSERT_FALSE(store.ok());
  EXPECT_THAT(store.status().ToString(), HasSubstr("127.0.0.1"));
  EXPECT_THAT(store.status().ToString(), Not(HasSubstr("s3cret-db-password")));
}

}  // namespace
}  // namespace evident
