#include "server/reviewer_auth.h"

#include <sodium.h>

#include <algorithm>

#include "server/password_hasher.h"
#include "store/review_status.h"

namespace evident {

namespace {

constexpr size_t kSecretBytes = 32;

// A hash to verify against when the username is unknown, so that answering takes as long.
const std::string& DecoyHash() {
  static const std::string hash = [] {
    auto h = HashPassword(NewSecretToken());
    return h.ok() ? *h : std::string();
  }();
  return hash;
}

std::string Minutes(int64_t seconds) {
  int64_t minutes = std::max<int64_t>(1, (seconds + 59) / 60);
  return std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes");
}

}  // namespace

int64_t LockoutRemainingS(const AuthPolicy& policy, const LoginFailures& failures, int64_t now_s) {
  if (failures.count < policy.free_failures) return 0;
  int doublings = std::min(failures.count - policy.free_failures, 30);
  int64_t lockout = std::min(policy.max_lockout_s, policy.first_lockout_s << doublings);
  return std::max<int64_t>(0, failures.last_failure_s + lockout - now_s);
}

std::string NewSecretToken() {
  if (sodium_init() < 0) return "";
  unsigned char bytes[kSecretBytes];
  randombytes_buf(bytes, sizeof(bytes));
  char hex[2 * kSecretBytes + 1];
  sodium_bin2hex(hex, sizeof(hex), bytes, sizeof(bytes));
  return hex;
}

std::string CsrfTokenFor(const std::string& secret) {
  if (secret.empty()) return "";
  return Sha256Hex("evident-csrf-v1:" + secret);
}

bool CsrfTokenMatches(const std::string& secret, const std::string& presented) {
  std::string expected = CsrfTokenFor(secret);
  if (expected.empty() || presented.size() != expected.size()) return false;
  return sodium_memcmp(expected.data(), presented.data(), expected.size()) == 0;
}

ReviewerAuth::ReviewerAuth(StateStore& store, AuthPolicy policy) : store_(store), policy_(policy) {}

Status ReviewerAuth::Paused(const std::string& username, int64_t seconds,
                            int64_t* retry_after_s) const {
  if (retry_after_s != nullptr) *retry_after_s = seconds;
  return Status::Unavailable("too many failed sign-ins for " + username +
                             "; sign-in is paused, try again in " + Minutes(seconds));
}

Result<ReviewerAuth::SignedIn> ReviewerAuth::SignIn(const std::string& username,
                                                    const std::string& password, int64_t now_s,
                                                    int64_t* retry_after_s) {
  const Status wrong = Status::InvalidArgument("wrong username or password");
  if (!IsValidReviewerUsername(username) || password.size() > kMaxPasswordBytes) {
    VerifyPassword(DecoyHash(), password.substr(0, kMaxPasswordBytes));
    return wrong;
  }
  auto failures = store_.GetLoginFailures(username);
  if (!failures.ok()) return failures.status();
  if (int64_t paused = LockoutRemainingS(policy_, *failures, now_s); paused > 0) {
    return Paused(username, paused, retry_after_s);
  }
  auto account = store_.GetReviewer(username);
  if (!account.ok() && !account.status().IsNotFound()) return account.status();
  bool verified = VerifyPassword(account.ok() ? account->password_hash : DecoyHash(), password);
  if (!account.ok() || !verified) {
    auto counted = store_.RecordLoginFailure(username, now_s);
    if (!counted.ok()) return counted.status();
    if (int64_t paused = LockoutRemainingS(policy_, *counted, now_s); paused > 0) {
      return Paused(username, paused, retry_after_s);
    }
    return wrong;
  }
  if (account->disabled) {
    return Status::FailedPrecondition("the account " + username + " is disabled");
  }
  EVIDENT_RETURN_IF_ERROR(store_.ClearLoginFailures(username));
  if (PasswordNeedsRehash(account->password_hash, policy_.password_cost)) {
    auto renewed = HashPassword(password, policy_.password_cost);
    if (!renewed.ok()) return renewed.status();
    EVIDENT_RETURN_IF_ERROR(store_.SetReviewerPasswordHash(username, *renewed));
  }
  SignedIn out;
  out.token = NewSecretToken();
  if (out.token.empty()) return Status::IOError("no random source for a session token");
  out.session.token_hash = Sha256Hex(out.token);
  out.session.username = username;
  out.session.created_s = now_s;
  out.session.expires_s = now_s + policy_.session_lifetime_s;
  out.session.display_name = account->display_name;
  out.session.role = account->role;
  EVIDENT_RETURN_IF_ERROR(store_.CreateSession(out.session));
  return out;
}

Result<ReviewerSession> ReviewerAuth::Session(const std::string& token, int64_t now_s) {
  if (token.size() != 2 * kSecretBytes) return Status::NotFound("no session");
  return store_.GetSession(Sha256Hex(token), now_s);
}

Status ReviewerAuth::SignOut(const std::string& token) {
  if (token.empty()) return Status::OK();
  return store_.DeleteSession(Sha256Hex(token));
}

}  // namespace evident
