#include "server/reviewer_auth.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing.h"
#include "server/password_hasher.h"
#include "store/sqlite_store.h"

namespace evident {
namespace {

using ::testing::HasSubstr;

constexpr const char* kPassword = "correct horse battery staple";

class ReviewerAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = SqliteStore::Open(testing::TempDir() + "/auth.db");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    AddAccount("alice", kPassword);
  }

  void AddAccount(const std::string& username, const std::string& password) {
    auto hash = HashPassword(password, PasswordCost::Minimum());
    ASSERT_TRUE(hash.ok());
    ASSERT_TRUE(
        store_->AddReviewer({username, "Dr " + username, ReviewerRole::kEditor, *hash, false, ""})
            .ok());
  }

  std::unique_ptr<SqliteStore> store_;
};

TEST(PasswordHasher, HashesWithArgon2idAndVerifies) {
  auto hash = HashPassword(kPassword, PasswordCost::Minimum());
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_EQ(hash->find(kPassword), std::string::npos);
  EXPECT_TRUE(VerifyPassword(*hash, kPassword));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse battery stapler"));
  EXPECT_FALSE(VerifyPassword("", kPassword));
  EXPECT_NE(*HashPassword(kPassword, PasswordCost::Minimum()), *hash);  // salted
  EXPECT_FALSE(CheckPasswordStrength("short").ok());
  EXPECT_TRUE(CheckPasswordStrength(kPassword).ok());
  EXPECT_FALSE(CheckPasswordStrength(std::string(2000, 'x')).ok());
}

TEST(Csrf, TokensAreTiedToTheirSecret) {
  std::string secret = NewSecretToken(), other = NewSecretToken();
  ASSERT_EQ(secret.size(), 64u);
  EXPECT_NE(secret, other);
  std::string token = CsrfTokenFor(secret);
  EXPECT_NE(token, secret);
  EXPECT_TRUE(CsrfTokenMatches(secret, token));
  EXPECT_FALSE(CsrfTokenMatches(other, token));
  EXPECT_FALSE(CsrfTokenMatches(secret, ""));
  EXPECT_FALSE(CsrfTokenMatches("", CsrfTokenFor("")));
}

TEST_F(ReviewerAuthTest, SignsInAndOutWithASessionThatExpires) {
  ReviewerAuth auth(*store_);
  auto signed_in = auth.SignIn("alice", kPassword, 1000, nullptr);
  ASSERT_TRUE(signed_in.ok()) << signed_in.status().ToString();
  EXPECT_EQ(signed_in->token.size(), 64u);
  EXPECT_NE(signed_in->session.token_hash, signed_in->token);
  auto session = auth.Session(signed_in->token, 1001);
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->username, "alice");
  EXPECT_EQ(session->role, ReviewerRole::kEditor);
  EXPECT_TRUE(auth.Session(signed_in->token, 1000 + auth.policy().session_lifetime_s)
                  .status()
                  .IsNotFound());
  EXPECT_TRUE(auth.Session("not-a-token", 1001).status().IsNotFound());
  ASSERT_TRUE(auth.SignOut(signed_in->token).ok());
  EXPECT_TRUE(auth.Session(signed_in->token, 1001).status().IsNotFound());
}

TEST_F(ReviewerAuthTest, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  ReviewerAuth auth(*store_);
  auto wrong = auth.SignIn("alice", "not the password", 1000, nullptr);
  auto unknown = auth.SignIn("mallory", kPassword, 1000, nullptr);
  auto malformed = auth.SignIn("Mallory'--", kPassword, 1000, nullptr);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().message(), "wrong username or password");
  EXPECT_EQ(unknown.status().message(), wrong.status().message());
  EXPECT_EQ(malformed.status().message(), wrong.status().message());
  EXPECT_EQ(store_->GetLoginFailures("alice")->count, 1);
}

TEST_F(ReviewerAuthTest, RepeatedFailuresPauseSignInEvenForTheRightPassword) {
  ReviewerAuth auth(*store_);
  const AuthPolicy& p = auth.policy();
  for (int i = 0; i < p.free_failures - 1; ++i) {
    EXPECT_EQ(auth.SignIn("alice", "guess", 1000, nullptr).status().code(),
              Status::Code::kInvalidArgument);
  }
  int64_t retry = 0;
  auto last = auth.SignIn("alice", "guess", 1000, &retry);
  EXPECT_EQ(last.status().code(), Status::Code::kUnavailable);
  EXPECT_EQ(retry, p.first_lockout_s);
  auto right_but_paused = auth.SignIn("alice", kPassword, 1010, &retry);
  EXPECT_EQ(right_but_paused.status().code(), Status::Code::kUnavailable);
  EXPECT_THAT(right_but_paused.status().message(), HasSubstr("try again in 1 minute"));
  EXPECT_EQ(retry, p.first_lockout_s - 10);
  // Another failure after the pause doubles it.
  EXPECT_EQ(auth.SignIn("alice", "guess", 1000 + p.first_lockout_s, &retry).status().code(),
            Status::Code::kUnavailable);
  EXPECT_EQ(retry, 2 * p.first_lockout_s);
  EXPECT_TRUE(auth.SignIn("alice", kPassword, 1000 + 3 * p.first_lockout_s, nullptr).ok());
  EXPECT_EQ(store_->GetLoginFailures("alice")->count, 0);
  EXPECT_EQ(LockoutRemainingS(p, {1000, 0}, 0), p.max_lockout_s);
}

TEST_F(ReviewerAuthTest, ADisabledAccountCannotSignInAndLosesItsSessions) {
  ReviewerAuth auth(*store_);
  auto signed_in = auth.SignIn("alice", kPassword, 1000, nullptr);
  ASSERT_TRUE(signed_in.ok());
  ASSERT_TRUE(store_->SetReviewerDisabled("alice", true).ok());
  EXPECT_TRUE(auth.Session(signed_in->token, 1001).status().IsNotFound());
  auto again = auth.SignIn("alice", kPassword, 1002, nullptr);
  EXPECT_EQ(again.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_THAT(again.status().message(), HasSubstr("disabled"));
}

}  // namespace
}  // namespace evident
